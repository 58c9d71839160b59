"""Finalists' packets built by a worker, for the person who asked, with progress as it goes.

A finalists' packet holds a decision memo per finalist, any number of them: at about a second
per memo it cannot be rendered inside a web request (a sync worker blocked for minutes, past
gunicorn's timeout). So the web asks (``request_build``: a ``PacketBuild`` row, then the
``build_packet`` job once the request commits), shows a progress page, and the job renders
the packet exactly as its requester may see it: the comparison from their seat, the memos
they may open, dates in their zone (``as_reader``). The PDF goes into the packet cache,
which every app server shares (``hiring.packets.store``), and the requester is told by
e-mail and on the comparison page.

The job commits "building" before it renders and writes its progress in short transactions
of their own, so no write lock is held while WeasyPrint works and the progress page can read
each step; the cache write is its own short transaction too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from flask import current_app, g
from sqlalchemy import select, update

from hiring import jobs, timezones
from hiring.applications.models import Application
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.debriefs import permissions as debrief_permissions
from hiring.debriefs import services as debrief_services
from hiring.debriefs.queries import Debrief
from hiring.domain import DomainError
from hiring.packets import render, services
from hiring.packets.models import BuildStatus, PacketBuild
from hiring.packets.render import Bundle
from hiring.positions.models import Position

logger = logging.getLogger(__name__)

#: An unfinished build that moved nothing for this long is lost: its worker died (a restart,
#: a crash) or its job never reached one (the enqueue failed after the commit, the queue's
#: store was emptied, no worker runs).
STALLED_AFTER = timedelta(minutes=10)
#: Candidates one packet may be asked for by name: more than anyone picks on the comparison
#: page, few enough that a made-up address cannot make a build's lookup or its row grow
#: without bound.
MAX_PICKS = 500
#: How long a person's packets stay listed on the comparison page.
LISTED_FOR = timedelta(days=1)


def picks_key(picked: Iterable[int]) -> str:
    """The picks as stored: ascending, once each ("" for the finalists by stage)."""
    return ",".join(str(n) for n in sorted(set(picked)))


@contextmanager
def as_reader(user: User) -> Iterator[None]:
    """Render templates as ``user`` reads them, outside any request of theirs (a job).

    The templates ask ``current_user`` (their zone, for every date); Flask-Login takes it
    from ``g._login_user`` when set, so it is set there, in a request context of its own,
    rather than signing anyone in.
    """
    with current_app.test_request_context():
        g._login_user = user
        try:
            yield
        finally:
            g.pop("_login_user", None)


def finalists_bundle(
    position: Position, viewer: User, picked: list[int]
) -> tuple[Bundle, list[Debrief]]:
    """The finalists' packet exactly as ``viewer`` may see it, every finalist in it: the
    same reader gets the same HTML, hence the same fingerprint, and the job finds a packet
    built before in the cache without rendering it again."""
    return services.finalists_packet(
        position,
        viewer_id=viewer.id,
        picked=picked,
        limit=None,
        may_open=lambda application: debrief_permissions.sees_debrief(viewer, application),
        prepared_for=viewer.name,
    )


# Reading builds ----------------------------------------------------------------------------


def load_build(position_id: int, build_id: int, requester: User) -> PacketBuild | None:
    """``requester``'s build of that position's packet; nobody else's (it is built for them)."""
    return db.session.scalars(
        select(PacketBuild).where(
            PacketBuild.id == build_id,
            PacketBuild.position_id == position_id,
            PacketBuild.requested_by_id == requester.id,
        )
    ).first()


def stalled(build: PacketBuild) -> bool:
    """Queued or building, but silent for too long: its job or its worker is gone. Queued
    counts too: a job lost before any worker took it would otherwise wait forever, and be
    handed back by ``request_build`` to everyone who asks for the same packet."""
    return build.status.unfinished and build.updated_at < utcnow() - STALLED_AFTER


def shown_status(build: PacketBuild) -> BuildStatus:
    """The status to show: a stalled build has failed, whatever its row still says."""
    return BuildStatus.FAILED if stalled(build) else build.status


def failure_text(build: PacketBuild) -> str:
    if stalled(build) and build.status == BuildStatus.QUEUED:
        return "It never started (no worker took it up)."
    if stalled(build):
        return "It stopped without finishing (the worker building it was restarted)."
    return build.error or "It could not be built."


def progress_text(build: PacketBuild) -> str:
    """ "7 of 20 memos", or what is happening before and after the memos are laid out."""
    status = shown_status(build)
    if status == BuildStatus.QUEUED:
        return "Waiting for a worker to start it."
    if status == BuildStatus.FAILED:
        return "Failed. " + failure_text(build)
    if build.total is None:
        return "Gathering the memos."
    memos = f"{build.done} of {build.total} memo{'s' if build.total != 1 else ''}"
    if status == BuildStatus.READY:
        return f"Ready: {memos}."
    if build.done >= build.total:
        return f"{memos}; writing the PDF."
    return memos


OUTDATED = (
    "It holds candidates whose numbers you may no longer see (you now owe a scorecard for "
    "one, for instance), so it can no longer be downloaded. Build it again to get the "
    "packet you may see now."
)


def hides_something_now(build: PacketBuild, reader: User) -> bool:
    """Whether the finished packet holds a candidate whose numbers ``reader`` may no longer
    see (they now owe a card for them, say): then it is not served, however recently it was
    built, and they may build it again with what they may see now. A packet whose candidates
    were not recorded (built before they were) counts as hiding something."""
    if build.included is None:
        return True
    applications = db.session.scalars(
        select(Application).where(Application.id.in_(build.included_ids))
    ).all()
    return not all(debrief_permissions.sees_debrief(reader, a) for a in applications)


def recent_builds(position: Position, requester: User, limit: int = 3) -> list[PacketBuild]:
    """``requester``'s packets of this position from the last day, newest first."""
    return list(
        db.session.scalars(
            select(PacketBuild)
            .where(
                PacketBuild.position_id == position.id,
                PacketBuild.requested_by_id == requester.id,
                PacketBuild.created_at >= utcnow() - LISTED_FOR,
            )
            .order_by(PacketBuild.created_at.desc(), PacketBuild.id.desc())
            .limit(limit)
        )
    )


# Asking for one ----------------------------------------------------------------------------


def request_build(position: Position, requester: User, picked: list[int]) -> PacketBuild:
    """A build of this packet for ``requester``: the identical one already on its way, or a
    new one, queued for a worker once the request commits. Even a packet built before gets a
    new build: only the job may work out whether it is still the same (its fingerprint), and
    then it is ready as soon as a worker looks it up in the cache."""
    if len(set(picked)) > MAX_PICKS:
        raise DomainError(f"Pick at most {MAX_PICKS} candidates for one packet.", field="pick")
    picks = picks_key(picked)
    on_its_way = db.session.scalars(
        select(PacketBuild)
        .where(
            PacketBuild.position_id == position.id,
            PacketBuild.requested_by_id == requester.id,
            PacketBuild.picks == picks,
            PacketBuild.status.in_([BuildStatus.QUEUED, BuildStatus.BUILDING]),
        )
        .order_by(PacketBuild.id.desc())
    ).all()
    for build in on_its_way:
        if not stalled(build):
            return build
    build = PacketBuild(position_id=position.id, requested_by_id=requester.id, picks=picks)
    db.session.add(build)
    db.session.flush()
    jobs.enqueue_after_commit(build_packet, build.id)
    return build


# The job -----------------------------------------------------------------------------------


class Refused(Exception):
    """The requester may no longer print this packet."""


@jobs.job(name="packets.build_finalists")
def build_packet(build_id: int) -> None:
    """Render the finalists' packet of ``build_id`` for its requester, then tell them.

    One found in the packet cache (asked for again, unchanged) is ready as soon as a worker
    looks: its requester is still on the progress page, which offers the download, so no
    e-mail (the comparison page lists it all the same)."""
    if not _claim(build_id):
        return  # taken by another delivery of the job, built already, or gone with its position
    build = db.session.get(PacketBuild, build_id)
    if build is None:
        return
    try:
        fingerprint, filename, debriefs, rendered = _render(build)
    except Exception as exc:
        db.session.rollback()
        if not isinstance(exc, Refused):
            logger.exception("finalists' packet %s failed", build_id)
        _fail(build_id, exc)
        return
    build.status = BuildStatus.READY
    build.done = build.total = len(debriefs)
    build.fingerprint, build.filename = fingerprint, filename
    build.included = picks_key(debrief.application.id for debrief in debriefs)
    build.finished_at = build.updated_at = utcnow()
    requester = build.requested_by
    debrief_services.note_read(debriefs, requester)  # printing is reading: see views.py
    if rendered:
        _tell(build, requester)


def _claim(build_id: int) -> bool:
    """Move the build from queued to building in one conditional UPDATE, committed at once.

    A queue may deliver one job twice (a retry, two workers); reading the status and then
    setting it would let both deliveries see "queued" and both build. The database lets one
    UPDATE match (PostgreSQL re-checks the row after the other's commit; SQLite has one
    writer at a time), so exactly one delivery claims it. The commit also shows "building"
    to the progress page and leaves no write pending while the packet renders.
    """
    now = utcnow()
    result = db.session.execute(
        update(PacketBuild)
        .where(PacketBuild.id == build_id, PacketBuild.status == BuildStatus.QUEUED)
        .values(status=BuildStatus.BUILDING, started_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return bool(getattr(result, "rowcount", 0))


def _render(build: PacketBuild) -> tuple[str, str, list[Debrief], bool]:
    """The packet's fingerprint, file name and memos, and whether it had to be rendered."""
    requester, position = build.requested_by, build.position
    if not requester.active or not debrief_permissions.can_compare(requester, position):
        raise Refused("You may no longer compare the candidates for this position.")
    with as_reader(requester):
        bundle, debriefs = finalists_bundle(position, requester, build.picked_ids)
    total = len(debriefs)
    _record(build.id, total=total, done=0)

    def laid_out(part: int) -> None:  # part n reached: the memos before it are laid out
        _record(build.id, done=min(part - 1, total))

    packet = bundle.whole
    rendered = render.cached(packet.fingerprint) is None
    if rendered:
        render.pdf(packet, on_part=laid_out)
    return packet.fingerprint, packet.filename, debriefs, rendered


def _record(build_id: int, **values: Any) -> None:
    """Progress, in a transaction of its own, committed at once for the progress page."""
    with db.engine.begin() as connection:
        connection.execute(
            update(PacketBuild)
            .where(PacketBuild.id == build_id)
            .values(updated_at=utcnow(), **values)
        )


def _fail(build_id: int, exc: Exception) -> None:
    build = db.session.get(PacketBuild, build_id)
    if build is None:
        return
    build.status = BuildStatus.FAILED
    reason = str(exc) if isinstance(exc, Refused) else f"The renderer stopped: {exc}"
    build.error = reason[:500]
    build.finished_at = build.updated_at = utcnow()


def _tell(build: PacketBuild, requester: User) -> None:
    """E-mail the requester the link (sent once the job's transaction commits)."""
    from hiring.auth.services import external_url
    from hiring.mail import services as mail

    asked = timezones.format_moment(build.created_at, timezones.zone_for(requester))
    position = build.position
    memos = f"{build.total} memo{'s' if build.total != 1 else ''}"
    mail.queue(
        requester.email,
        f"Finalists' packet ready: {position.title}",
        f"Hello {requester.first_name},\n\n"
        f"The finalists' packet for {position.title} you asked for on {asked} is ready "
        f"({memos}).\n\n"
        "Download it: "
        f"{external_url('packets.download_build', position_id=position.id, build_id=build.id)}"
        "\n\nIt is also listed on the comparison page: "
        f"{external_url('debriefs.compare', position_id=position.id)}\n",
    )

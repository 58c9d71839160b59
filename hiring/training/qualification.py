"""Who is qualified to rate what: read from the training facts, never stored as a state.

Per interviewer and competency the stages run in order: *in training* → *practised* (a
practice set passed: within one level of the reference on at least 80% of that competency's
answers, with at least three of them) → *shadowed* (sat in on a real interview as a shadow and
rated the competency on a card kept out of the debrief) → *qualified* (an admin or hiring
manager signed them off). Everything lapses after the period the admin sets (12 months by
default) unless a practice set is passed again: the latest pass refreshes a qualification.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from hiring.db import db, utcnow
from hiring.training.models import (
    DEFAULT_LAPSE_MONTHS,
    PracticeResult,
    QualificationSignoff,
    QualificationStage,
    ShadowSession,
    TrainingPolicy,
)


@dataclass(frozen=True)
class Qualification:
    user_id: int
    competency_key: str
    stage: QualificationStage
    practised_at: datetime | None = None
    shadowed_at: datetime | None = None
    qualified_at: datetime | None = None
    #: When the current stage lapses unless a practice set is passed again (None: in training).
    valid_until: datetime | None = None
    #: Reached a stage once but let it lapse.
    lapsed: bool = False

    @property
    def qualified(self) -> bool:
        return self.stage == QualificationStage.QUALIFIED


def lapse_months() -> int:
    months = db.session.scalar(select(TrainingPolicy.lapse_months).limit(1))
    return months or DEFAULT_LAPSE_MONTHS


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the 31st becomes the month's
    last day), so a 12-month lapse is a year whatever the month lengths."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def months_after(moment: datetime, months: int) -> datetime:
    return months_before(moment, -months)


def _latest(
    model: type, stamp: object, user_ids: Collection[int], keys: Collection[str]
) -> dict[tuple[int, str], datetime]:
    """The latest ``stamp`` per (user, competency) among rows of ``model``."""
    query = (
        select(model.user_id, model.competency_key, func.max(stamp))  # type: ignore[attr-defined]
        .where(model.user_id.in_(list(user_ids)), model.competency_key.in_(list(keys)))  # type: ignore[attr-defined]
        .group_by(model.user_id, model.competency_key)  # type: ignore[attr-defined]
    )
    if model is PracticeResult:
        query = query.where(PracticeResult.passed.is_(True))
    return {(user, key): latest for user, key, latest in db.session.execute(query)}


def qualifications(
    user_ids: Collection[int], competency_keys: Collection[str], *, now: datetime | None = None
) -> dict[tuple[int, str], Qualification]:
    """Every (user, competency) pair's qualification, in four queries whatever the counts."""
    if not user_ids or not competency_keys:
        return {}
    months = lapse_months()
    since = months_before(now or utcnow(), months)
    passes = _latest(PracticeResult, PracticeResult.finished_at, user_ids, competency_keys)
    shadows = _latest(ShadowSession, ShadowSession.recorded_at, user_ids, competency_keys)
    signoffs = _latest(
        QualificationSignoff, QualificationSignoff.signed_at, user_ids, competency_keys
    )
    return {
        (user_id, key): _qualification(
            (user_id, key),
            passes.get((user_id, key)),
            shadows.get((user_id, key)),
            signoffs.get((user_id, key)),
            since=since,
            months=months,
        )
        for user_id in user_ids
        for key in competency_keys
    }


def _qualification(
    pair: tuple[int, str],
    passed: datetime | None,
    shadowed: datetime | None,
    signed: datetime | None,
    *,
    since: datetime,
    months: int,
) -> Qualification:
    user_id, key = pair

    def at(
        stage: QualificationStage, until: datetime | None, lapsed: bool = False
    ) -> Qualification:
        return Qualification(user_id, key, stage, passed, shadowed, signed, until, lapsed)

    if signed is not None:
        refreshed = max(signed, passed) if passed else signed
        if refreshed >= since:
            return at(QualificationStage.QUALIFIED, months_after(refreshed, months))
    if passed is not None and passed >= since:
        stage = (
            QualificationStage.SHADOWED
            if shadowed is not None and shadowed >= since
            else QualificationStage.PRACTISED
        )
        return at(stage, months_after(passed, months))
    return at(QualificationStage.IN_TRAINING, None, lapsed=bool(passed or signed))


def unqualified(
    user_ids: Collection[int], must_have_keys: Collection[str], *, now: datetime | None = None
) -> dict[int, list[str]]:
    """For each interviewer not qualified for every one of ``must_have_keys``, the keys they
    lack (in the order given). Interviewers qualified for all of them are left out."""
    found = qualifications(user_ids, must_have_keys, now=now)
    missing: dict[int, list[str]] = {}
    for user_id in user_ids:
        lacking = [key for key in must_have_keys if not found[(user_id, key)].qualified]
        if lacking:
            missing[user_id] = lacking
    return missing

"""What the 1:1 page and the coaching page's 1:1 sections show, gathered here so the views
stay short and each page is a fixed number of queries."""

from __future__ import annotations

from typing import Any

from hiring import timezones
from hiring.auth.models import User
from hiring.coaching import motivator_queries, permissions, queries
from hiring.coaching import one_on_ones_queries as oq
from hiring.coaching.forms_one_on_ones import (
    ActionForm,
    CadenceForm,
    CancelForm,
    ExtraForm,
    HeldForm,
    MoveForm,
    NotesForm,
    TopicForm,
    offer_competencies,
)
from hiring.coaching.models import CoachingProfile, OneOnOne
from hiring.db import utcnow
from hiring.pagination import paginate


def context(reader: User, meeting: OneOnOne, **refused: Any) -> dict[str, Any]:
    """The 1:1 page's context as ``reader`` (one of the two) sees it; ``refused`` holds a
    form sent back with its typing and messages."""
    competencies = [(c.key, c.name) for c in queries.rep_competencies(meeting.rep_id)]
    held = offer_competencies(refused.get("held_form") or HeldForm(formdata=None), competencies)
    local = timezones.in_zone(meeting.scheduled_at, meeting.time_zone)
    return {
        "meeting": meeting,
        "rep": meeting.rep,
        "agenda": oq.agenda(meeting),
        # What drives the rep leads every 1:1 (issue #16 item 4): one query, a row a quarter.
        "motivators": motivator_queries.motivators(meeting.rep_id),
        "open_actions": queries.open_actions(meeting.rep_id),
        "agreed_here": oq.agreed_here(meeting),
        "competency_names": dict(competencies),
        "started": meeting.scheduled_at <= utcnow(),
        "today": timezones.today(),
        "topic_form": refused.get("topic_form") or TopicForm(formdata=None),
        "notes_form": refused.get("notes_form") or NotesForm(formdata=None, notes=meeting.notes),
        "action_form": refused.get("action_form") or ActionForm(formdata=None),
        "held_form": held,
        "move_form": refused.get("move_form")
        or MoveForm(
            formdata=None,
            day=local.date(),
            time=local.time(),
            minutes=meeting.minutes,
            time_zone=meeting.time_zone,
        ),
        "cancel_form": refused.get("cancel_form") or CancelForm(formdata=None),
        "is_manager": permissions.can_run_one_on_one(reader, meeting),
    }


def next_one_on_one(reader: User, rep: User) -> oq.NextOneOnOne | None:
    """The coaching page's "Next 1:1" (any reader of the page sees when it is)."""
    return oq.next_one_on_one(rep.id)


def history(reader: User, rep: User) -> dict[str, Any]:
    """One page of the rep's 1:1s, latest first; the agenda lengths only for the two (a
    skip-level sees that 1:1s happened, never what was on them)."""
    page = paginate(oq.history(rep.id), per_page=oq.HISTORY_PER_PAGE, arg="one_on_ones_page")
    party = permissions.is_party(reader, rep)
    counts = oq.topic_counts([m.id for m in page.items]) if party else {}
    return {"page": page, "topics": counts, "party": party}


def cadence(reader: User, rep: User) -> dict[str, Any]:
    """The cadence as the page shows it, and for the manager the form to set or change it
    (pre-filled from the cadence, or from the rep's onboarding plan's role profile)."""
    profile: CoachingProfile | None = oq.profile_of(rep.id)
    if not permissions.can_coach(reader, rep):
        return {"profile": profile, "form": None, "extra_form": None}
    if profile is not None:
        values: dict[str, Any] = {
            "cadence": profile.cadence.value,
            "first_on": profile.first_on,
            "time": profile.starts_at_local,
            "time_zone": profile.time_zone,
            "minutes": profile.minutes,
            "ride_alongs_per_month": profile.ride_alongs_per_month,
            "role_profile_id": profile.role_profile_id or 0,
            "version": profile.version,
        }
    else:
        values = {
            "first_on": timezones.today(),
            "time_zone": timezones.zone_for(reader),
            "role_profile_id": oq.plan_role_profile_id(rep.id) or 0,
            "version": 0,
        }
    keep = profile.role_profile_id if profile else None
    form = CadenceForm(formdata=None, **values).offer(oq.role_profile_choices(keep))
    extra = ExtraForm(
        formdata=None, time_zone=profile.time_zone if profile else timezones.zone_for(reader)
    )
    return {"profile": profile, "form": form, "extra_form": extra}

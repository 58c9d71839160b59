"""Every audit action in words, and every recorded value readable, for the audit log.

Services name their actions as ``area.what_happened`` codes (stable, filterable, kept in the
database); this is where each code gets the words an administrator reads. A test checks that
every code a service can record has its words here, so a new ``record("...")`` without an
entry fails the suite instead of showing a raw code.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from hiring import timezones

#: How services record a moment (``datetime.isoformat()`` of an aware UTC time).
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})")

ACTION_LABELS: dict[str, str] = {
    # Accounts and signing in
    "auth.login": "Signed in",
    "auth.login_failed": "Sign-in failed",
    "auth.logout": "Signed out",
    "auth.session_ended": "Signed out another device",
    "auth.other_sessions_ended": "Signed out everywhere else",
    "auth.all_sessions_ended": "Signed out everywhere",
    "user.created": "Account created",
    "user.updated": "Account changed",
    "user.deactivated": "Account deactivated",
    "user.reactivated": "Account reactivated",
    "user.password_set": "Password set",
    "user.invite_sent": "Invitation sent",
    "user.reset_sent": "Password reset link sent",
    "user.calendar_feed_created": "Calendar feed link created",
    "user.calendar_feed_revoked": "Calendar feed link revoked",
    # The competency library
    "library.loaded": "Library loaded",
    # Interviewer training
    "training.override_recorded": "Went ahead with an interviewer not yet qualified",
    "training.qualified": "Interviewer qualified",
    "training.policy_changed": "Qualification period changed",
    "reference_answer.created": "Reference answer added",
    "competency.created": "Competency created",
    "competency.revised": "Competency revised",
    "question.created": "Question created",
    "question.revised": "Question revised",
    "lint.cleared": "Flagged wording cleared",
    "lint.kept": "Flagged wording kept with a reason",
    # Positions and their interview plans
    "position.created": "Position opened",
    "position.updated": "Position changed",
    "plan.stage_added": "Interview stage added",
    "plan.stage_updated": "Interview stage changed",
    "plan.stage_moved": "Interview stage moved",
    "plan.stage_removed": "Interview stage removed",
    "plan.question_added": "Interview question added",
    "plan.question_moved": "Interview question moved",
    "plan.question_removed": "Interview question removed",
    # Candidates and applications
    "candidate.created": "Candidate added",
    "candidate.updated": "Candidate changed",
    "candidate.resume_uploaded": "Resume uploaded",
    "application.created": "Application added",
    "application.moved": "Application moved to another stage",
    "application.on_hold": "Application put on hold",
    "application.reactivated": "Application reactivated",
    "application.rejected": "Application rejected",
    "application.withdrawn": "Application withdrawn",
    "application.decision_hire": "Application closed as hired",
    "application.decision_reject": "Application closed as rejected",
    "application.decision_hold": "Application held by decision",
    # Interviews, scorecards and decisions
    "interview.scheduled": "Interview scheduled",
    "interview.cancelled": "Interview cancelled",
    "scorecard.submitted": "Scorecard submitted",
    "scorecard.amended": "Scorecard amended",
    "decision.made": "Decision recorded",
    "decision.reversed": "Decision reversed",
    "decision.over_headcount": "Hired beyond the headcount",
    # Onboarding
    "onboarding.plan_created": "Onboarding plan created",
    "onboarding.start_moved": "Start date moved",
    "onboarding.item_added": "Plan item added",
    "onboarding.item_done": "Plan item done",
    "onboarding.item_reopened": "Plan item reopened",
    "onboarding.item_rescheduled": "Plan item rescheduled",
    "onboarding.item_removed": "Plan item removed",
    "onboarding.goal_added": "Goal added",
    "onboarding.goal_reworded": "Goal reworded",
    "onboarding.goal_removed": "Goal removed",
    "onboarding.actual_recorded": "Goal progress recorded",
    "onboarding.checkin_rated": "Check-in rated",
    "onboarding.at_risk": "Plan flagged at risk",
    "onboarding.phase_signed_off": "Phase signed off",
    "onboarding.checkin_scheduled": "Check-in meeting booked",
    "onboarding.checkin_competencies_rated": "Competencies rated at a check-in",
    # Before 0024 the plan kept its own 1:1 and ride-along records: their entries keep words.
    "onboarding.one_on_one_recorded": "1:1 recorded",
    "onboarding.ride_along_recorded": "Ride-along recorded",
    # Written by migration 0024 when the plan's own records moved into coaching.
    "onboarding.meeting_moved_to_coaching": "1:1 or ride-along moved to coaching",
    # Coaching
    "coaching.action_added": "Action item added",
    "coaching.action_done": "Action item done",
    # Voluntary self-identification and adverse impact (never the answers themselves)
    "self_id.requested": "Self-identification requested",
    "self_id.answered": "Self-identification answered by the candidate",
    "self_id.imported": "Self-identification imported",
    "analytics.impact_read": "Adverse impact read",
    # Coaching: the rep's own ranking of what drives them (#16 item 4)
    "coaching.motivators_recorded": "Motivators ranked",
    # Coaching: 1:1s and their cadence.
    "coaching.cadence_set": "1:1 cadence set",
    "coaching.topic_added": "1:1 topic added",
    "coaching.topic_covered": "1:1 topic covered",
    "coaching.topic_reopened": "1:1 topic not covered after all",
    "coaching.notes_saved": "1:1 notes saved",
    "coaching.one_on_one_moved": "1:1 moved",
    "coaching.one_on_one_cancelled": "1:1 cancelled",
    "coaching.one_on_one_added": "Extra 1:1 added",
    "coaching.one_on_one_held": "1:1 held",
    "coaching.handed_over": "Coaching handed over to the new manager",
    # Coaching: ride-alongs (the rep assesses first, then the manager debriefs).
    "coaching.ride_along_planned": "Ride-along planned",
    "coaching.ride_along_edited": "Ride-along plan changed",
    "coaching.ride_along_assessed": "Ride-along assessed by the rep",
    "coaching.ride_along_debriefed": "Ride-along debriefed",
    "coaching.ride_along_cancelled": "Ride-along cancelled",
    # Coaching: support plans (HR is informed when one starts and when it ends).
    "coaching.support_plan_drafted": "Support plan drafted",
    "coaching.support_plan_updated": "Support plan draft changed",
    "coaching.support_expectation_added": "Support plan expectation added",
    "coaching.support_expectation_removed": "Support plan expectation removed",
    "coaching.support_plan_started": "Support plan started (HR informed)",
    "coaching.support_plan_discarded": "Support plan draft discarded",
    "coaching.support_plan_acknowledged": "Support plan acknowledged",
    "coaching.support_checkin": "Support plan weekly check-in",
    "coaching.support_plan_extended": "Support plan extended",
    "coaching.support_plan_ended": "Support plan ended",
}


def action_label(action: str) -> str:
    """The words for ``action``; an unknown code (an old row, a retired action) is spelled
    out from the code itself rather than shown raw: "plan.stage_renamed" -> "Plan: stage
    renamed"."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    area, _, what = action.partition(".")
    words = what.replace("_", " ") if what else ""
    return f"{area.replace('_', ' ').capitalize()}: {words}" if words else area.capitalize()


def change_value(value: Any) -> str:
    """A before/after value as the Changes column shows it: lists joined, and a recorded
    moment ("2026-12-02T16:00:00+00:00") as every other date-time reads, in the reader's
    zone with the zone named ("Wed 2 Dec 2026, 10:00 CST")."""
    if isinstance(value, list | tuple):
        return ", ".join(change_value(item) for item in value)
    if isinstance(value, str) and _ISO_MOMENT.fullmatch(value):
        try:
            return timezones.format_moment(datetime.fromisoformat(value))
        except ValueError:  # shaped like a moment but not one (a 25th hour): shown as written
            return value
    return str(value)

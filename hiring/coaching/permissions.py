"""Who sees a rep's coaching, and who may change it.

Deny by default, with object rules: a rep sees their own; their manager coaches them; the
manager's managers read (never the notes of a 1:1, which stay between the two); HR (admins)
reads support plans only. Peers, buddies and interviewers see nothing. Views authorise with
these predicates and templates ask the same ones as ``permissions.coaching.<rule>``.
"""

from __future__ import annotations

from hiring.auth.models import PEOPLE_MANAGERS, Role, User
from hiring.coaching.models import ActionItem, OneOnOne, RideAlong, SupportPlan, SupportStatus
from hiring.onboarding.models import CheckIn, Progress


def is_rep(person: User) -> bool:
    """Coaching is for anyone with a manager."""
    return person.manager_id is not None


def manages(user: User, rep: User) -> bool:
    """``user`` is the rep's own (direct) manager."""
    return rep.manager_id is not None and rep.manager_id == user.id


def is_skip_level(user: User, rep: User) -> bool:
    """``user`` is the manager's manager, or higher up the same line."""
    boss = rep.manager.manager if rep.manager is not None else None
    seen: set[int] = set()
    while boss is not None and boss.id not in seen:
        if boss.id == user.id:
            return True
        seen.add(boss.id)
        boss = boss.manager
    return False


def can_open_coaching(user: User) -> bool:
    """The coaching index: people managers (for their team) and reps (sent to their own
    page). Asked by the menu on every page, so it reads only the user row and roles."""
    return is_rep(user) or user.has_role(*PEOPLE_MANAGERS)


def can_view_person(user: User, rep: User) -> bool:
    """The coaching page: the rep, their manager, and the managers above (who read)."""
    if not is_rep(rep):
        return False
    return user.id == rep.id or manages(user, rep) or is_skip_level(user, rep)


def can_coach(user: User, rep: User) -> bool:
    """The direct manager sets the cadence, rides along, rates and opens support plans."""
    return user.active and manages(user, rep)


def is_party(user: User, rep: User) -> bool:
    """The two a 1:1 belongs to: the rep and their manager (notes are private to them)."""
    return user.id == rep.id or manages(user, rep)


def can_see_one_on_one(user: User, meeting: OneOnOne) -> bool:
    """The rep, and the manager who holds the 1:1 while they still manage the rep: a new
    manager never reads the former one's 1:1s, nor the former one after the hand-over."""
    return user.id == meeting.rep_id or (
        user.id == meeting.manager_id and manages(user, meeting.rep)
    )


def can_see_ride_along(user: User, ride: RideAlong) -> bool:
    return can_view_person(user, ride.rep)


def can_complete_action(user: User, item: ActionItem) -> bool:
    """The owner ticks their item off, while they still see the rep's coaching (a former
    manager does not); the manager may tick any of the rep's."""
    if not user.active:
        return False
    return manages(user, item.rep) or (user.id == item.owner_id and can_view_person(user, item.rep))


def can_view_support_plan(user: User, plan: SupportPlan) -> bool:
    """The rep (it is never a surprise), the manager, the skip-level and HR (admins), from
    the moment it starts; a draft is the manager's working copy, theirs alone."""
    if plan.status == SupportStatus.DRAFT:
        return sees_support_plan_draft(user, plan)
    return user.has_role(Role.ADMIN) or can_view_person(user, plan.rep)


def can_edit_support_plan(user: User, plan: SupportPlan) -> bool:
    return can_coach(user, plan.rep)


# --- Motivators (#16 item 4) --------------------------------------------------------------------


def can_read_motivators(user: User, rep: User) -> bool:
    """What drives a rep: the rep, their manager and the skip-levels read it; nobody else."""
    return can_view_person(user, rep)


def can_rank_motivators(user: User, rep: User) -> bool:
    """Only the rep ranks what drives them: a manager's guess is exactly what this replaces."""
    return user.active and is_rep(rep) and user.id == rep.id


def can_run_one_on_one(user: User, meeting: OneOnOne) -> bool:
    """The rep's manager moves, cancels, adds and records 1:1s (the rep drives the agenda)."""
    return can_coach(user, meeting.rep)


def can_see_one_on_ones_happened(user: User, rep: User) -> bool:
    """Dates and held/cancelled of the rep's 1:1s: whoever reads the coaching page (the
    skip-level sees that 1:1s happen, never their topics or notes)."""
    return can_view_person(user, rep)


# Support plans ------------------------------------------------------------------------------
# A draft is the manager's working copy; from the moment it starts, the rep sees all of it
# (never a surprise), and so do the skip-level and HR (admins).


def sees_support_plan_draft(user: User, plan: SupportPlan) -> bool:
    return manages(user, plan.rep)


def can_open_support_plan(user: User, rep: User) -> bool:
    """The rep's direct manager opens one (offered by a check-in or a missed goal, or after
    documented 1:1s)."""
    return can_coach(user, rep)


def offers_support_plan(user: User, checkin: CheckIn) -> bool:
    """The onboarding plan page offers its check-in's manager "Open a support plan" when it
    was rated at risk or off track (the new hire's own rating once both are in)."""
    worrying = (Progress.AT_RISK, Progress.OFF_TRACK)
    seen = checkin.manager_rating in worrying or (
        checkin.both_rated and checkin.new_hire_rating in worrying
    )
    return seen and can_coach(user, checkin.plan.new_hire)


def can_acknowledge_support_plan(user: User, plan: SupportPlan) -> bool:
    """The rep and their manager, each once, while the plan runs."""
    if plan.status != SupportStatus.ACTIVE or not user.active:
        return False
    if user.id == plan.rep_id:
        return plan.rep_acknowledged_at is None
    return manages(user, plan.rep) and plan.manager_acknowledged_at is None


# --- Ride-alongs --------------------------------------------------------------------------------


def can_plan_ride_along(user: User, rep: User) -> bool:
    """The direct manager plans, edits, cancels and debriefs a rep's ride-alongs."""
    return can_coach(user, rep)


def can_debrief_ride_along(user: User, ride: RideAlong) -> bool:
    return can_coach(user, ride.rep)


def can_assess_ride_along(user: User, ride: RideAlong) -> bool:
    """Only the rep writes their own assessment (it comes before the manager's feedback)."""
    return user.active and user.id == ride.rep_id


# --- Review fixes ---------------------------------------------------------------------------------


def can_read_action_text(user: User, item: ActionItem) -> bool:
    """What an action item says: an item agreed in a 1:1 is private to the rep and their
    manager like the 1:1 itself (a skip-level sees it exists, who owns it and whether it is
    overdue); a ride-along's client follow-up is as readable as the ride-along."""
    return item.one_on_one_id is None or is_party(user, item.rep)


# --- Support plans: HR's overview ---------------------------------------------------------------


def oversees_support_plans(user: User) -> bool:
    """HR (admins) see every running support plan in one list, to follow each to its end."""
    return user.active and user.has_role(Role.ADMIN)

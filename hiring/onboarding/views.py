"""Onboarding pages: a manager's team, a new hire's own plan, creating a plan, its start date,
check-ins, the old address of the plan's 1:1 and ride-along forms (coaching keeps them now),
and the calendar feed. Item and goal edits are in
``views_edits``; the blueprints and shared helpers in ``views_common``.

Each view loads, authorises (``permissions``), validates a form and makes one service call;
the request pipeline commits. A refused entry that took typing shows the plan page again with
every word kept; a refused button press is flashed on the plan page.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring.auth.models import PEOPLE_MANAGERS
from hiring.coaching import feed as coaching_feed
from hiring.coaching import permissions as coaching_permissions
from hiring.forms import ButtonForm
from hiring.onboarding import feed, forms, forms_meetings, permissions, queries, todo
from hiring.onboarding import views_certifications as _certifications  # noqa: F401 - scoring routes
from hiring.onboarding import views_edits as _edits  # noqa: F401 - registers the edit routes
from hiring.onboarding.models import PHASE_LABELS, OnboardingPlan
from hiring.onboarding.services import checkins, plans
from hiring.onboarding.views_common import (
    bp,
    calendar_bp,
    load_checkin,
    load_hire_decision,
    load_plan,
    render_plan,
    to_plan,
)
from hiring.pagination import paginate
from hiring.permissions import bounded_int, public, require, roles_required
from hiring.transaction import attempt

__all__ = ["bp", "calendar_bp"]


#: Plans per page in the index's tables (each row is one query's worth of counts).
PLANS_PER_PAGE = 10


@bp.route("/")
def index() -> ResponseReturnValue:
    """The reader's own plan whole; the plans they are buddy on and those they manage or
    oversee as tables paged in SQL (``?buddy_page=``, ``?page=``)."""
    own, today = queries.own_plans(current_user), queries.today()
    buddied = paginate(
        todo.plan_page_statement(OnboardingPlan.buddy_id == current_user.id),
        per_page=PLANS_PER_PAGE,
        arg="buddy_page",
    )
    managed = paginate(
        todo.plan_page_statement(queries.overseen(current_user)), per_page=PLANS_PER_PAGE
    )
    if not permissions.can_open_onboarding(current_user, [*own, *buddied, *managed]):
        abort(403)
    awaiting = (
        queries.hires_awaiting_plan(current_user)
        if permissions.can_start_plan(current_user)
        else []
    )
    return render_template(
        "onboarding/index.html",
        own=own,
        buddied=buddied,
        buddied_rows=todo.standings(buddied.items, today),
        managed=managed,
        managed_rows=todo.standings(managed.items, today),
        awaiting=awaiting,
        phases=PHASE_LABELS,
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*PEOPLE_MANAGERS)
def new() -> ResponseReturnValue:
    decision = load_hire_decision(request.args.get("decision", type=bounded_int))
    form = forms.NewPlanForm.for_request(current_user, decision)
    profile, start = form.profile, form.preview_start()
    if (
        request.method == "POST"
        and profile is not None
        and form.validate()
        and (
            done := attempt(
                lambda: plans.start_plan(decision, actor=current_user, **form.values()), form
            )
        )
    ):
        new_hire, count = done.value.new_hire.name, len(done.value.items)
        flash(f"Created the plan for {new_hire}: {count} items.", "success")
        return redirect(url_for("onboarding.plan", plan_id=done.value.id))
    preview, development = plans.plan_preview(profile, start, decision)
    return render_template(
        "onboarding/new.html",
        form=form,
        decision=decision,
        profile=profile,
        preview=preview,
        development=development,
        phases=plans.template_phases(profile.onboarding_template if profile else {}),
    )


@bp.route("/plans/<int:plan_id>")
def plan(plan_id: int) -> ResponseReturnValue:
    return render_plan(load_plan(plan_id))


@bp.route("/plans/<int:plan_id>/start", methods=["POST"])
def move_start(plan_id: int) -> ResponseReturnValue:
    plan = load_plan(plan_id, permissions.can_edit_plan)
    form = forms.StartDateForm()
    if not form.validate_on_submit():
        flash(form.error_text(), "error")
    elif done := attempt(
        lambda: plans.move_start(
            plan,
            form.start_date.data,
            expected_version=form.expected_version(),
            actor=current_user,
        )
    ):
        flash(
            f"Moved the start to {form.start_date.data:%d %b %Y}; {done.value} open items shifted.",
            "success",
        )
    return to_plan(plan_id)


@bp.route("/plans/<int:plan_id>/checkins/<int:milestone>/rate", methods=["POST"])
def rate_checkin(plan_id: int, milestone: int) -> ResponseReturnValue:
    plan = load_plan(plan_id)
    checkin = require(load_checkin(plan, milestone), permissions.can_rate_checkin)
    form = forms.CheckInForm()
    if form.validate_on_submit() and attempt(
        lambda: checkins.rate_checkin(
            checkin, by=current_user, rating=form.progress, comment=form.comment.data or ""
        ),
        form,
    ):
        flash(f"Your day-{milestone} rating is saved.", "success")
        return to_plan(plan_id, f"checkin-{milestone}")
    return render_plan(plan, form, f"checkin-{milestone}")


@bp.route("/plans/<int:plan_id>/checkins/<int:milestone>/schedule", methods=["POST"])
def schedule_checkin(plan_id: int, milestone: int) -> ResponseReturnValue:
    """Book the milestone's meeting at a time (shown in the calendar feed)."""
    plan = load_plan(plan_id)
    checkin = require(load_checkin(plan, milestone), permissions.can_schedule_checkin)
    form = forms_meetings.ScheduleCheckInForm()
    if form.validate_on_submit() and attempt(
        lambda: checkins.schedule_checkin(checkin, by=current_user, **form.values()), form
    ):
        flash(f"The day-{milestone} check-in is booked.", "success")
        return to_plan(plan_id, f"checkin-{milestone}")
    return render_plan(plan, form, f"schedule-{milestone}")


@bp.route("/plans/<int:plan_id>/checkins/<int:milestone>/signoff", methods=["POST"])
def sign_off(plan_id: int, milestone: int) -> ResponseReturnValue:
    checkin = require(load_checkin(load_plan(plan_id), milestone), permissions.can_sign_off)
    if ButtonForm().validate_on_submit() and attempt(
        lambda: checkins.sign_off(checkin, by=current_user)
    ):
        flash(f"Signed off the {checkin.phase_label} phase.", "success")
    return to_plan(plan_id, f"checkin-{milestone}")


@bp.route("/plans/<int:plan_id>/meetings", methods=["GET", "POST"])
def record_meeting(plan_id: int) -> ResponseReturnValue:
    """Where the plan page's 1:1 and ride-along forms used to post: they are recorded in
    coaching now. An old bookmark, or a form left open in a tab, lands on the new hire's
    coaching page (the plan's coaching summary for a reader without one) and is told that
    nothing was saved, so typed notes are not taken for recorded."""
    plan = load_plan(plan_id, permissions.can_see_meetings)
    name = "your" if current_user.id == plan.new_hire_id else f"{plan.new_hire.first_name}'s"
    saved = (
        " Nothing was saved from the old form: record it there." if request.method == "POST" else ""
    )
    flash(f"1:1s and ride-alongs are kept on {name} coaching page now.{saved}", "warning")
    if coaching_permissions.can_view_person(current_user, plan.new_hire):
        # No anchor: the page opens at its top, where the message is.
        return redirect(url_for("coaching.person", user_id=plan.new_hire_id))
    return to_plan(plan_id, "meetings")


@bp.route("/calendar", methods=["POST"])
def calendar_token() -> ResponseReturnValue:
    """Create (or replace) or revoke the signed-in user's secret calendar feed address."""
    form = forms.CalendarTokenForm()
    if form.validate_on_submit():
        feed.switch(current_user._get_current_object(), on=not form.revoke)
        flash(
            "Calendar feed turned off; the old address no longer works."
            if form.revoke
            else "New calendar feed address created; any old one stopped working.",
            "success",
        )
    return redirect(url_for("auth.account", _anchor="calendar"))


@calendar_bp.route("/calendar/<token>.ics", endpoint="feed")
@public
def calendar_feed(token: str) -> ResponseReturnValue:
    """The personal feed; the secret token in the address is the only credential."""
    user = require(feed.owner_of(token))
    body = feed.feed(
        user,
        lambda plan_id: url_for("onboarding.plan", plan_id=plan_id, _external=True),
        extra=coaching_feed.events(user),
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="onboarding.ics"'
    response.headers["Cache-Control"] = "private, max-age=300"
    return response

"""The onboarding packet: the plan on paper, the manager's copy and the new hire's."""

from __future__ import annotations

from sqlalchemy import select

from hiring.auth import passwords
from hiring.auth.models import User
from hiring.db import db
from hiring.onboarding.models import Goal, OnboardingPlan, PlanItem
from tests.support.pdf import bookmarks, contains, flat, read, text_of

HOSTILE = '<script>alert(1)</script><img src="file:///etc/passwd">'


def _plan_from_the_hire(app, client, hired):
    manager, _application, decision_id = hired
    response = client.post(
        f"/onboarding/new?decision={decision_id}",
        data={
            "title": "Marcus: AE 30/60/90",
            "start_date": "2027-01-11",
            "manager_id": manager.id,
            "buddy_id": 0,
        },
    )
    assert response.status_code == 302
    with app.app_context():
        plan = db.session.scalar(select(OnboardingPlan))
        user = plan.new_hire
        user.password_hash = passwords.hash_password("new hire password")
        db.session.commit()
        return plan.id, user.email


def test_welcome_phases_goals_schedule_and_sign_off(app, client, hired):
    plan_id, _email = _plan_from_the_hire(app, client, hired)
    with app.app_context():
        goal = db.session.scalar(select(Goal).where(Goal.competency_key.is_(None)))
        outcome, target = goal.outcome, goal.target
    client.post(
        f"/onboarding/plans/{plan_id}/goals/{goal.id}/actuals",
        data={"value": "1.5", "recorded_on": "2027-01-25", "note": "First ones in"},
    )
    response = client.get(f"/onboarding/plans/{plan_id}/packet.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text, pages = text_of(response.data)
    words = flat(text)
    assert 3 <= pages <= 12
    assert "Welcome, Marcus" in words and "Morgan Patel" in words
    assert "from Monday 11 January 2027 to Saturday 10 April 2027" in words
    # The plan by phase with dates (a template item on day 3 lands on Wed 13 Jan).
    assert "Learn · days 1–30" in words and "Own · days 61–90" in words
    assert "Wed 13 Jan Product certification" in words
    # Goals with targets and actuals so far.
    assert outcome in words and f"target {target:g}" in words
    assert "1.5" in words
    assert not contains(words, "First ones in")  # actuals' notes are not on the plan page either
    # The check-in and 1:1 schedule, the sign-off lines.
    assert "Day 30 · Learn" in words and "Day 90 · Own" in words
    assert "Weekly 1:1 with Morgan (13)" in words
    assert "Sign-off" in words
    # The manager's copy carries the interview evidence behind the development goal.
    assert (
        "Strengthen Discovery" in words
        and "interview evidence · manager's copy only" in words.lower()
    )
    assert contains(words, "discovery evidence <em>4</em>")
    assert contains(words, "The interviews found interviewers disagreed by 2 levels.")
    assert {"Welcome, Marcus", "The plan, phase by phase", "Goals", "Sign-off"} <= set(
        bookmarks(response.data)
    )


def test_the_new_hire_copy_has_no_interviewer_notes(app, client, hired):
    plan_id, email = _plan_from_the_hire(app, client, hired)
    new_hire = app.test_client()
    new_hire.post("/login", data={"email": email, "password": "new hire password"})
    response = new_hire.get(f"/onboarding/plans/{plan_id}/packet.pdf")
    assert response.status_code == 200
    words = flat(text_of(response.data)[0])
    assert "Strengthen Discovery" in words
    assert not contains(words.lower(), "interview evidence")
    for private in ("discovery evidence", "Jamie Ortiz", "Sam Rivera", "disagreed by"):
        assert not contains(words, private)
    assert contains(words, "the skill where coaching will help you most")


def test_typed_markup_is_literal(app, client, login, loaded_library, make_plan):
    manager, _new_hire, plan_id = make_plan()
    with app.app_context():
        item = db.session.scalar(select(PlanItem).where(PlanItem.plan_id == plan_id))
        item.title = HOSTILE
        db.session.get(OnboardingPlan, plan_id).title = HOSTILE
        db.session.commit()
    login(manager)
    text, _pages = text_of(client.get(f"/onboarding/plans/{plan_id}/packet.pdf").data)
    assert text.replace("\n", "").count(HOSTILE) >= 2
    assert "root:" not in text


def test_access_follows_the_plan(app, client, login, make_user, loaded_library, make_plan):
    buddy = make_user(roles=["interviewer"], name="Jamie Buddy")
    manager, new_hire, plan_id = make_plan(buddy=buddy)
    url = f"/onboarding/plans/{plan_id}/packet.pdf"
    assert client.get(url).status_code == 401
    for person in (new_hire, manager, buddy):
        login(person)
        assert client.get(url).status_code == 200, person.name
        client.post("/logout")
    for roles in (["recruiter"], ["interviewer"], ["new_hire"], ["hiring_manager"]):
        login(roles=roles)
        assert client.get(url).status_code == 403, roles
        client.post("/logout")
    login(manager)
    assert client.get("/onboarding/plans/999999/packet.pdf").status_code == 404
    # The buddy's copy holds only the buddy's items, as on the page.
    with app.app_context():
        plan = db.session.get(OnboardingPlan, plan_id)
        buddy_items = [i.title for i in plan.items if i.owner.value == "buddy"]
        others = [i.title for i in plan.items if i.owner.value == "manager"]
        db.session.get(User, buddy.id)
    client.post("/logout")
    login(buddy)
    words = flat(text_of(client.get(url).data)[0])
    assert all(title in words for title in buddy_items)
    assert not any(title in words for title in others)


def test_long_tables_repeat_their_header_on_every_page(
    app, client, login, loaded_library, make_plan
):
    from datetime import timedelta

    from hiring.library.schema import ItemKind, ItemOwner, Phase

    manager, _new_hire, plan_id = make_plan()
    with app.app_context():
        plan = db.session.get(OnboardingPlan, plan_id)
        for n in range(60):
            plan.items.append(
                PlanItem(
                    phase=Phase.LEARN,
                    day=1 + n % 30,
                    due_date=plan.start_date + timedelta(days=n % 30),
                    title=f"Extra learning item {n:02d}",
                    kind=ItemKind.LEARNING,
                    owner=ItemOwner.NEW_HIRE,
                )
            )
        db.session.commit()
    login(manager)
    reader = read(client.get(f"/onboarding/plans/{plan_id}/packet.pdf").data)
    pages = [flat(page.extract_text()) for page in reader.pages]
    spanned = [text for text in pages if "Extra learning item" in text]
    assert len(spanned) >= 3
    assert all("Due What Owner Done" in text for text in spanned)


def test_the_packet_summarises_coaching_for_the_manager_and_new_hire_only(
    app, client, loaded_library, make_plan, make_user
):
    """1:1s and ride-alongs are kept in coaching: the packet says when (never the notes), for
    the two they belong to; the buddy's copy has none of it."""
    from datetime import datetime, timedelta

    from hiring.coaching.models import MeetingStatus
    from tests import builders

    buddy = make_user(roles=["interviewer"], name="Jamie Buddy")
    manager, new_hire, plan_id = make_plan(buddy=buddy)
    held = datetime.fromisoformat("2027-01-18T16:00:00+00:00")
    with app.app_context():
        builders.history_one_on_one(new_hire, held)
        builders.history_ride_along(new_hire, held + timedelta(days=2))
        builders.history_ride_along(
            new_hire, held + timedelta(days=900), status=MeetingStatus.SCHEDULED
        )
    for person in (manager, new_hire):
        builders.switch_to(client, person)
        words = flat(text_of(client.get(f"/onboarding/plans/{plan_id}/packet.pdf").data)[0])
        assert "1:1s and ride-alongs" in words and "Kept on Noah's coaching page" in words
        assert "Mon 18 Jan" in words and "Wed 20 Jan (discovery)" in words
        assert "None scheduled" in words and "Walked the pipeline" not in words  # no notes
        assert "Discovery" in words  # the planned ride-along's stage
    builders.switch_to(client, buddy)
    words = flat(text_of(client.get(f"/onboarding/plans/{plan_id}/packet.pdf").data)[0])
    assert "1:1s and ride-alongs" not in words and "coaching page" not in words

"""Scored certifications and check-in competency ratings: on the interview's anchors, by a
named assessor, refused off the scale, stored and shown on the plan page."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.db import db, utcnow
from hiring.domain import DomainError
from hiring.library.models import RoleProfile
from hiring.library.validation import validate_directory
from hiring.onboarding.models import CheckInRating, OnboardingPlan, PlanItem
from hiring.onboarding.services.certifications import plan_competencies, rate_competencies
from tests import builders

pytestmark = pytest.mark.usefixtures("loaded_library")


@pytest.fixture
def plan(app) -> builders.PlanRef:
    with app.app_context():
        buddy = builders.user(roles=["new_hire"], name="Bea Buddy")
        return builders.certification_plan(buddy=buddy)


def _state(app, plan_id: int) -> tuple[int, PlanItem]:
    with app.app_context():
        found = db.session.get(OnboardingPlan, plan_id)
        assert found is not None
        item = next(i for i in found.items if i.kind.value == "certification")
        db.session.expunge(item)
        return found.version, item


def test_plan_creation_copies_the_competency(app, plan):
    _, item = _state(app, plan.plan_id)
    assert item.competency_key == "discovery"


def test_the_manager_scores_a_certification_on_its_anchors(app, client, plan):
    builders.log_in(client, plan.manager)
    page = client.get(f"/onboarding/plans/{plan.plan_id}").get_data(as_text=True)
    version, item = _state(app, plan.plan_id)
    assert "Score this certification" in page and "Clear example." in page  # the anchors
    assert f"/items/{item.id}/done" not in page  # no plain "done" for a scored certification
    response = client.post(
        f"/onboarding/plans/{plan.plan_id}/items/{item.id}/score",
        data={"version": str(version), "score": "3", "assessor_id": str(plan.manager.id)},
    )
    assert response.status_code == 302
    _, item = _state(app, plan.plan_id)
    assert (item.score, item.assessor_id, item.done) == (3, plan.manager.id, True)
    assert item.scored_at is not None
    page = client.get(f"/onboarding/plans/{plan.plan_id}").get_data(as_text=True)
    assert "Scored 3 (Solid) on Discovery by Morgan Patel" in page
    with app.app_context():
        assert db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "onboarding.item_done")
        )


@pytest.mark.parametrize(
    ("score", "assessor"),
    [("5", "manager"), ("0", "manager"), ("", "manager"), ("3", "new_hire"), ("3", "none")],
)
def test_a_score_off_the_scale_or_without_an_assessor_is_refused(
    app, client, plan, score, assessor
):
    builders.log_in(client, plan.manager)
    version, item = _state(app, plan.plan_id)
    assessor_id = {"manager": plan.manager.id, "new_hire": plan.new_hire.id, "none": 0}[assessor]
    response = client.post(
        f"/onboarding/plans/{plan.plan_id}/items/{item.id}/score",
        data={"version": str(version), "score": score, "assessor_id": str(assessor_id)},
    )
    assert response.status_code == 400
    _, item = _state(app, plan.plan_id)
    assert item.score is None and not item.done


def test_the_buddy_can_be_the_named_assessor_but_only_the_manager_records(app, client, plan):
    version, item = _state(app, plan.plan_id)
    with app.app_context():
        found = db.session.get(OnboardingPlan, plan.plan_id)
        assert found is not None and found.buddy_id is not None
        buddy_id = found.buddy_id
    url = f"/onboarding/plans/{plan.plan_id}/items/{item.id}/score"
    data = {"version": str(version), "score": "4", "assessor_id": str(buddy_id)}
    builders.log_in(client, plan.new_hire)
    assert client.post(url, data=data).status_code == 403
    page = client.get(f"/onboarding/plans/{plan.plan_id}").get_data(as_text=True)
    assert "Score this certification" not in page and "Scored on the Discovery anchors" in page
    # Nor may the new hire tick it off as plainly done.
    client.post(f"/onboarding/plans/{plan.plan_id}/items/{item.id}/done", data={"note": "did it"})
    assert not _state(app, plan.plan_id)[1].done
    builders.switch_to(client, plan.manager)
    assert client.post(url, data=data).status_code == 302
    assert _state(app, plan.plan_id)[1].assessor_id == buddy_id


def test_checkin_competency_ratings_are_stored_and_shown(app, client, plan):
    builders.log_in(client, plan.manager)
    page = client.get(f"/onboarding/plans/{plan.plan_id}").get_data(as_text=True)
    assert "Rate competencies" in page and 'name="rating_discovery"' in page
    version, _ = _state(app, plan.plan_id)
    url = f"/onboarding/plans/{plan.plan_id}/checkins/30/competencies"
    response = client.post(
        url, data={"version": str(version), "rating_discovery": "4", "rating_closing": "2"}
    )
    assert response.status_code == 302
    with app.app_context():
        rows = db.session.scalars(select(CheckInRating).order_by(CheckInRating.competency_key))
        assert [(r.competency_key, r.score, r.rated_by_id) for r in rows] == [
            ("closing", 2, plan.manager.id),
            ("discovery", 4, plan.manager.id),
        ]
    builders.switch_to(client, plan.new_hire)
    page = client.get(f"/onboarding/plans/{plan.plan_id}").get_data(as_text=True)
    assert "4 Outstanding" in page and "Rate competencies" not in page

    # Clearing one removes it; the other stays.
    builders.switch_to(client, plan.manager)
    version, _ = _state(app, plan.plan_id)
    response = client.post(
        url, data={"version": str(version), "rating_discovery": "4", "rating_closing": ""}
    )
    assert response.status_code == 302
    with app.app_context():
        assert [r.competency_key for r in db.session.scalars(select(CheckInRating))] == [
            "discovery"
        ]


def test_checkin_ratings_off_the_scale_stale_or_by_the_new_hire_are_refused(app, client, plan):
    version, _ = _state(app, plan.plan_id)
    url = f"/onboarding/plans/{plan.plan_id}/checkins/30/competencies"
    builders.log_in(client, plan.new_hire)
    assert (
        client.post(url, data={"version": str(version), "rating_discovery": "3"}).status_code == 403
    )
    builders.switch_to(client, plan.manager)
    refused = client.post(url, data={"version": str(version), "rating_discovery": "7"})
    assert refused.status_code == 400 and "from 1 to 4" in refused.get_data(as_text=True)
    stale = client.post(url, data={"version": str(version - 1), "rating_discovery": "3"})
    assert stale.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(CheckInRating)) is None


def test_competencies_are_rated_at_a_check_in_the_plan_has_reached(app, client, plan):
    """Day 60 is rated once day 30 is signed off: no form for it before, and a post is
    refused by the page and by the service."""
    builders.log_in(client, plan.manager)
    page_url = f"/onboarding/plans/{plan.plan_id}"
    url = f"{page_url}/checkins/60/competencies"
    page = client.get(page_url).get_data(as_text=True)
    assert 'id="competencies-30"' in page and 'id="competencies-60"' not in page
    version, _ = _state(app, plan.plan_id)
    assert (
        client.post(url, data={"version": str(version), "rating_discovery": "3"}).status_code == 403
    )
    with app.app_context():
        checkins = db.session.get(OnboardingPlan, plan.plan_id).checkins
        day_60 = next(c for c in checkins if c.milestone == 60)
        with pytest.raises(DomainError, match="day-60 check-in is still ahead"):
            rate_competencies(
                day_60,
                competencies=plan_competencies(day_60.plan),
                scores={"discovery": 3},
                expected_version=day_60.plan.version,
                by=day_60.plan.manager,
            )
        db.session.rollback()
        day_30 = next(
            c for c in db.session.get(OnboardingPlan, plan.plan_id).checkins if c.milestone == 30
        )
        day_30.signed_off_at = utcnow()
        db.session.commit()

    page = client.get(page_url).get_data(as_text=True)
    assert 'id="competencies-60"' in page and 'id="competencies-90"' not in page
    version, _ = _state(app, plan.plan_id)
    assert (
        client.post(url, data={"version": str(version), "rating_discovery": "3"}).status_code == 302
    )
    with app.app_context():
        assert [(r.competency_key, r.score) for r in db.session.scalars(select(CheckInRating))] == [
            ("discovery", 3)
        ]


def test_the_library_validates_a_certification_competency(tmp_path: Path):
    from tests.support.library_files import write_library

    root = write_library(tmp_path / "lib")
    role = root / "roles" / "account_executive.toml"
    text = role.read_text()
    role.write_text(
        text.replace('kind = "certification"', 'kind = "certification"\ncompetency = "juggling"')
    )
    problems = [str(p) for p in validate_directory(root).errors]
    assert any("onboarding.items[0].competency" in p and "juggling" in p for p in problems)
    role.write_text(
        text.replace('kind = "certification"', 'kind = "certification"\ncompetency = "discovery"')
    )
    library = validate_directory(root)
    assert not library.errors
    assert library.roles["account_executive"].onboarding.items[0].competency == "discovery"


def test_the_shipped_profiles_name_a_competency_on_every_certification(app):
    library = validate_directory(Path(__file__).parents[2] / "scorecards")
    assert not library.errors
    for role in library.roles.values():
        keys = {c.key for c in role.competencies}
        for item in role.onboarding.items:
            if item.kind.value == "certification":
                assert item.competency in keys, (role.key, item.title)


def test_a_profile_without_the_field_keeps_its_content_hash(app):
    with app.app_context():
        profile = db.session.scalar(select(RoleProfile))
        assert profile is not None and profile.version == 1
        assert all("competency" not in i for i in profile.onboarding_template["items"])


def test_reopening_a_scored_certification_withdraws_its_score(app, client, plan):
    builders.log_in(client, plan.manager)
    version, item = _state(app, plan.plan_id)
    url = f"/onboarding/plans/{plan.plan_id}/items/{item.id}"
    data = {"version": str(version), "score": "3", "assessor_id": str(plan.manager.id)}
    assert client.post(f"{url}/score", data=data).status_code == 302
    assert client.post(f"{url}/reopen").status_code == 302
    version, item = _state(app, plan.plan_id)
    assert (item.done, item.score, item.assessor_id, item.scored_at) == (False, None, None, None)
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "onboarding.item_reopened")
        )
        assert event is not None
        assert (event.before["score"], event.before["assessor"]) == (3, plan.manager.id)
        assert event.before["scored_at"]
    page = client.get(f"/onboarding/plans/{plan.plan_id}").get_data(as_text=True)
    assert "Score this certification" in page and "Scored 3 (Solid)" not in page
    # ... and it is scored again from scratch.
    again = {"version": str(version), "score": "2", "assessor_id": str(plan.manager.id)}
    assert client.post(f"{url}/score", data=again).status_code == 302
    assert _state(app, plan.plan_id)[1].score == 2


def _assessor_options(page: str, item_id: int) -> list[str]:
    import re

    select_html = page.split(f'id="assessor-{item_id}"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="[1-9][0-9]*"[^>]*>([^<(]+)', select_html)


def test_the_assessors_offered_are_the_managers_circle_in_one_query(
    app, client, plan, count_queries
):
    """The manager, the buddy, the manager's own manager and team; never the new hire nor the
    rest of the organisation, however large it grows (the page's queries stay the same)."""
    with app.app_context():
        found = db.session.get(OnboardingPlan, plan.plan_id)
        assert found is not None
        boss = builders.user(roles=["hiring_manager"], name="Riley Boss")
        from hiring.auth.models import User

        manager = db.session.get(User, plan.manager.id)
        assert manager is not None
        manager.manager_id = boss.id
        db.session.commit()
        builders.user(name="Tess Teammate", manager_id=plan.manager.id)
        builders.user(name="Oscar Outsider")
    builders.log_in(client, plan.manager)
    _, item = _state(app, plan.plan_id)
    url = f"/onboarding/plans/{plan.plan_id}"
    with count_queries() as few:
        page = client.get(url).get_data(as_text=True)
    assert [n.strip() for n in _assessor_options(page, item.id)] == [
        "Morgan Patel",
        "Bea Buddy",
        "Riley Boss",
        "Tess Teammate",
    ]
    with app.app_context():
        for n in range(15):
            builders.user(name=f"Someone Else {n}")
            builders.user(name=f"Team Mate {n}", manager_id=plan.manager.id)
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert many.count == few.count
    assert "Someone Else" not in page and len(_assessor_options(page, item.id)) == 19
    # The service holds the same line: someone outside the circle is refused.
    with app.app_context():
        outsider = db.session.scalar(select(User.id).where(User.name == "Oscar Outsider"))
    version, item = _state(app, plan.plan_id)
    response = client.post(
        f"{url}/items/{item.id}/score",
        data={"version": str(version), "score": "3", "assessor_id": str(outsider)},
    )
    assert response.status_code == 400 and "someone on Morgan&#39;s team" in response.get_data(
        as_text=True
    )


def test_a_check_in_is_reached_when_signed_off_or_next_in_line():
    """Reached: every signed-off check-in (even one signed off out of order), the first one
    not signed off and those before it; never a later one."""
    from datetime import UTC, datetime

    from hiring.onboarding.models import CheckIn

    signed = datetime(2026, 6, 1, tzinfo=UTC)
    plan = OnboardingPlan(
        checkins=[
            CheckIn(milestone=30),
            CheckIn(milestone=60, signed_off_at=signed),
            CheckIn(milestone=90),
        ]
    )
    assert [c.reached for c in plan.checkins] == [True, True, False]
    plan.checkins[0].signed_off_at = signed
    assert [c.reached for c in plan.checkins] == [True, True, True]

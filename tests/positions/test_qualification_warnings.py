"""The plan editor warns when a stage's default interviewers include someone not qualified for
a must-have in its focus (issue #17, item 4); an admin or the hiring manager may go ahead with
a reason, kept for the stage; nobody else may save such defaults."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.auth.models import User
from hiring.db import db
from hiring.library.models import RoleProfile
from hiring.library.schema import StageKind
from hiring.positions import plan_edits, plans
from hiring.positions.models import PlanStage, Position
from hiring.positions.qualification_check import Unqualified
from hiring.training.models import QualificationOverride
from tests import builders
from tests.support.html import tags

WARNING = "Not qualified for a must-have this stage assesses"
REASON = "Jamie ran this role-play for two years at the old firm."


def _competency_ids(app):
    with app.app_context():
        profile = db.session.scalar(select(RoleProfile))
        return {link.competency.key: link.competency_id for link in profile.competency_links}


def _version(app, position_id):
    with app.app_context():
        return db.session.get(Position, position_id).current_plan.version


def _save(client, app, position, stage_id, *, focus, people, **extra):
    prefix = f"stage{stage_id}-"
    ids = _competency_ids(app)
    return client.post(
        f"/positions/{position.id}/plan/stages/{stage_id}",
        data={
            prefix + "name": "Role play",
            prefix + "kind": "role_play",
            prefix + "duration_minutes": 45,
            prefix + "instructions": "Play the buyer.",
            prefix + "focus": [ids[key] for key in focus],
            prefix + "interviewers": [p.id for p in people],
            prefix + "version": _version(app, position.id),
            **{prefix + key: value for key, value in extra.items()},
        },
    )


def _defaults(app, stage_id):
    with app.app_context():
        return sorted(i.user_id for i in db.session.get(PlanStage, stage_id).interviewers)


def _overrides(app):
    with app.app_context():
        return [
            (o.interviewer_id, o.competency_keys, o.reason, o.decided_by_id, o.plan_stage_id)
            for o in db.session.scalars(
                select(QualificationOverride).order_by(QualificationOverride.id)
            )
        ]


@pytest.fixture
def team(make_user, make_position):
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    position = make_position(manager=manager)
    return manager, jamie, position


def test_an_unqualified_default_interviewer_is_warned_about_and_not_saved(app, client, team):
    manager, jamie, position = team
    builders.log_in(client, manager)
    stage_id = position.stage_ids[2]

    response = _save(client, app, position, stage_id, focus=["discovery"], people=[jamie])
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert WARNING in page and "<strong>Jamie Ortiz</strong>: Discovery (in training)" in page
    # The hiring manager may go ahead: the choice sits in the stage's own form.
    (box,) = tags(page, "input", name=f"stage{stage_id}-go_ahead")
    assert f'<label><input id="{box["id"]}"' in page and "Go ahead anyway</label>" in page
    assert tags(page, "div", aria_labelledby=f"stage{stage_id}-qualification-heading")
    assert _defaults(app, stage_id) == [] and _overrides(app) == []


def test_qualified_defaults_and_stages_without_must_haves_save_without_a_warning(app, client, team):
    manager, jamie, position = team
    builders.log_in(client, manager)
    stage_id = position.stage_ids[2]

    # Resilience and coachability are not must-haves of the profile.
    plain = _save(client, app, position, stage_id, focus=["resilience"], people=[jamie])
    assert plain.status_code == 302 and _defaults(app, stage_id) == [jamie.id]
    with app.app_context():
        builders.qualify(jamie, "discovery", "closing")
    must = _save(client, app, position, stage_id, focus=["discovery", "closing"], people=[jamie])
    assert must.status_code == 302
    assert WARNING not in client.get(must.location).get_data(as_text=True)
    assert _overrides(app) == []


def test_the_hiring_manager_goes_ahead_once_with_a_reason(app, client, team):
    manager, jamie, position = team
    builders.log_in(client, manager)
    stage_id = position.stage_ids[2]

    short = _save(
        client,
        app,
        position,
        stage_id,
        focus=["discovery", "closing"],
        people=[jamie],
        go_ahead="y",
        override_reason="because",
    )
    assert short.status_code == 400
    (error,) = tags(
        short.get_data(as_text=True), "small", id=f"stage{stage_id}-override_reason-error"
    )
    assert error is not None and WARNING in short.get_data(as_text=True)
    assert _overrides(app) == []

    done = _save(
        client,
        app,
        position,
        stage_id,
        focus=["discovery", "closing"],
        people=[jamie],
        go_ahead="y",
        override_reason=REASON,
    )
    assert done.status_code == 302 and _defaults(app, stage_id) == [jamie.id]
    assert _overrides(app) == [(jamie.id, "discovery,closing", REASON, manager.id, stage_id)]
    with app.app_context():
        assert db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "training.override_recorded")
        )
    # Saving the stage again (new instructions) does not ask for the reason twice.
    again = _save(client, app, position, stage_id, focus=["discovery", "closing"], people=[jamie])
    assert again.status_code == 302 and len(_overrides(app)) == 1


def test_an_admin_goes_ahead_and_removing_the_person_needs_no_reason(app, client, make_user, team):
    manager, jamie, position = team
    admin = make_user(roles=["admin"], name="Avery Stone")
    builders.log_in(client, admin)
    stage_id = position.stage_ids[2]

    done = _save(
        client,
        app,
        position,
        stage_id,
        focus=["closing"],
        people=[jamie],
        go_ahead="y",
        override_reason=REASON,
    )
    assert done.status_code == 302
    assert _overrides(app) == [(jamie.id, "closing", REASON, admin.id, stage_id)]
    builders.log_in(client, manager)
    # A must-have added to the focus warns again (the reason given covered closing only) ...
    widened = _save(client, app, position, stage_id, focus=["discovery", "closing"], people=[jamie])
    assert widened.status_code == 400
    assert "<strong>Jamie Ortiz</strong>: Discovery (in training)</li>" in widened.get_data(
        as_text=True
    )
    # ... and taking the person off saves without a reason.
    removed = _save(client, app, position, stage_id, focus=["discovery", "closing"], people=[])
    assert removed.status_code == 302 and _defaults(app, stage_id) == []


def test_nobody_else_saves_unqualified_defaults(app, make_user, team):
    manager, jamie, position = team
    recruiter = make_user(roles=["recruiter"], name="Riley Brooks")
    ids = _competency_ids(app)
    with app.app_context():
        opened = db.session.get(Position, position.id)
        for actor in (recruiter, manager):
            who = db.session.get(User, actor.id)
            with pytest.raises(Unqualified) as refused:
                plans.edit_plan(
                    opened,
                    lambda edit, who=who: plan_edits.update_stage(
                        edit,
                        position.stage_ids[2],
                        name="Role play",
                        kind=StageKind.ROLE_PLAY,
                        duration_minutes=45,
                        instructions="Play the buyer.",
                        focus_ids=[ids["discovery"]],
                        interviewer_ids=[jamie.id],
                        # The recruiter ticks "go ahead"; the manager does not.
                        go_ahead=who.id == recruiter.id,
                        override_reason=REASON,
                    ),
                    expected_version=opened.current_plan.version,
                    actor=who,
                )
            assert [gap.name for gap in refused.value.gaps] == ["Jamie Ortiz"]
            db.session.rollback()
    assert _defaults(app, position.stage_ids[2]) == [] and _overrides(app) == []

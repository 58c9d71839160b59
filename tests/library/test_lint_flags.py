"""A lint finding never blocks for good: the author rewrites, or keeps the wording with a written
reason, which is audited and leaves the question (or a stage's instructions) flagged in the
library and the plan editor until an admin clears it."""

from __future__ import annotations

import html

from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.db import db
from hiring.library.models import Question
from hiring.positions import plans
from hiring.positions.models import PlanStage, Position

BASE = {
    "minutes": "6",
    "probes": "Situation: when was it?\nResult: what happened?",
    "look_fors": "Specifics",
    "red_flags": "Vague",
}
QUOTED = "Never ask “are you planning to start a family?”; tell me about a deal you closed late."
REASON = "Quoted in the interviewer briefing as what not to ask; reviewed by counsel."


def _new_question(client, **data):
    return client.post("/library/competencies/closing/questions/new", data=BASE | data)


def _question(text_start: str) -> Question:
    found = db.session.scalar(select(Question).where(Question.text.startswith(text_start)))
    assert found is not None
    return found


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_risky_wording_is_refused_with_the_way_through_then_kept_with_a_reason(
    app, client, login, loaded_library
):
    login(roles=["hiring_manager"])
    refused = _new_question(client, text=QUOTED)
    page = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 200
    assert "The question touches a protected or risky topic (pregnancy and family plans" in page
    assert "Try:" in page and "Reason to keep flagged wording" in page
    with app.app_context():
        assert db.session.scalar(select(Question).where(Question.text == QUOTED)) is None

    kept = _new_question(client, text=QUOTED, lint_reason=REASON)
    assert kept.status_code == 302
    with app.app_context():
        question = _question("Never ask")
        assert question.flagged and question.lint_reason == REASON
        assert {f["topic"] for f in question.risks} == {"pregnancy and family plans"}
        assert "lint.kept" in _actions()
    library = client.get("/library/competencies/closing").get_data(as_text=True)
    assert "Flagged: pregnancy and family plans" in library and REASON in library
    assert "Clear flag" not in library  # a hiring manager cannot clear their own flag


def test_a_risky_red_flag_is_kept_only_with_a_reason_and_names_its_line(
    app, client, login, loaded_library
):
    login(roles=["admin"])
    red_flag = "Candidate is over 50 or has young children"
    refused = _new_question(
        client, text="Tell me about the last deal you lost.", red_flags=f"Vague\n{red_flag}"
    )
    page = html.unescape(refused.get_data(as_text=True))
    assert "A red flag touches a protected or risky topic" in page and red_flag in page
    assert (
        _new_question(
            client,
            text="Tell me about the last deal you lost.",
            red_flags=f"Vague\n{red_flag}",
            lint_reason="Testing the flag.",
        ).status_code
        == 302
    )
    with app.app_context():
        question = _question("Tell me about the last deal you lost.")
        assert {f["field"] for f in question.risks} == {"red_flags"}
        assert all(f["line"] == red_flag for f in question.risks)


def test_an_admin_clears_a_flag_and_the_review_is_audited(app, client, login, loaded_library):
    login(roles=["hiring_manager"])
    _new_question(client, text=QUOTED, lint_reason=REASON)
    with app.app_context():
        question_id = _question("Never ask").id
    client.post("/logout")
    # A hiring manager may not clear it, even by posting directly.
    login(roles=["hiring_manager"])
    assert client.post(f"/library/questions/{question_id}/clear-flag").status_code == 403
    client.post("/logout")
    login(roles=["admin"], name="Avery Chen")
    library = client.get("/library/competencies/closing").get_data(as_text=True)
    assert "Clear flag (wording reviewed)" in library
    cleared = client.post(f"/library/questions/{question_id}/clear-flag")
    assert cleared.status_code == 302 and cleared.location.endswith(f"#question-{question_id}")
    with app.app_context():
        question = db.session.get(Question, question_id)
        assert not question.flagged and question.lint_cleared_by.name == "Avery Chen"
        assert "lint.cleared" in _actions()
    library = client.get("/library/competencies/closing").get_data(as_text=True)
    assert "Reviewed: pregnancy and family plans" in library and "Cleared by Avery Chen" in library
    assert "Clear flag (wording reviewed)" not in library
    # Clearing twice says so instead of recording a second review.
    again = client.post(f"/library/questions/{question_id}/clear-flag", follow_redirects=True)
    assert "There is no flag to clear here" in again.get_data(as_text=True)


def test_a_new_version_without_the_risky_wording_is_not_flagged(app, client, login, loaded_library):
    login(roles=["hiring_manager"])
    _new_question(client, text=QUOTED, lint_reason=REASON)
    with app.app_context():
        question_id = _question("Never ask").id
    edited = client.post(
        f"/library/questions/{question_id}/edit",
        data=BASE | {"text": "Tell me about a deal you closed late.", "lint_reason": REASON},
    )
    assert edited.status_code == 302
    with app.app_context():
        revised = _question("Tell me about a deal you closed late.")
        assert revised.version == 2 and not revised.flagged and revised.lint_reason == ""


def test_a_flagged_question_is_marked_in_the_plan_editor(
    app, client, login, make_user, make_position
):
    manager = make_user(roles=["hiring_manager"])
    position = make_position(manager=manager)
    login(manager)
    _new_question(client, text=QUOTED, lint_reason=REASON)
    page = client.get(f"/positions/{position.id}/plan").get_data(as_text=True)
    assert "flagged: pregnancy and family plans" in page  # in the bank to choose from
    with app.app_context():
        question_id = _question("Never ask").id
    stage_id = position.stage_ids[1]
    added = client.post(
        f"/positions/{position.id}/plan/stages/{stage_id}/questions",
        data={"question_id": question_id, "version": position.version},
    )
    assert added.status_code == 302
    page = client.get(f"/positions/{position.id}/plan").get_data(as_text=True)
    assert "Flagged: pregnancy and family plans" in page


def _save_stage(client, position, stage_id, version, **extra):
    prefix = f"stage{stage_id}-"
    data = {
        prefix + "name": "Behavioural",
        prefix + "kind": "behavioural",
        prefix + "duration_minutes": 45,
        prefix + "version": version,
    } | {prefix + key: value for key, value in extra.items()}
    return client.post(f"/positions/{position.id}/plan/stages/{stage_id}", data=data)


def _plan_version(app, position_id):
    with app.app_context():
        return db.session.get(Position, position_id).current_plan.version


def test_stage_instructions_are_linted_kept_with_a_reason_and_cleared_by_an_admin(
    app, client, login, make_user, make_position
):
    manager = make_user(roles=["hiring_manager"])
    position = make_position(manager=manager)
    stage_id = position.stage_ids[1]
    risky = "Ask where the candidate was born to build rapport."
    login(manager)
    refused = _save_stage(
        client, position, stage_id, _plan_version(app, position.id), instructions=risky
    )
    page = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 400
    assert "The instructions touch a protected or risky topic (birthplace" in page
    assert risky in page  # what was typed stays on screen
    with app.app_context():
        assert db.session.get(PlanStage, stage_id).instructions != risky

    kept = _save_stage(
        client,
        position,
        stage_id,
        _plan_version(app, position.id),
        instructions=risky,
        lint_reason="Reviewed wording for a relocation role.",
    )
    assert kept.status_code == 302
    with app.app_context():
        stage = db.session.get(PlanStage, stage_id)
        assert stage.flagged and stage.lint_reason == "Reviewed wording for a relocation role."
    page = client.get(f"/positions/{position.id}/plan").get_data(as_text=True)
    assert "Flagged: birthplace" in page

    # Saving the stage again without touching the instructions keeps the review as it is.
    # Blanking the reason while keeping the wording is refused again.
    blanked = _save_stage(
        client, position, stage_id, _plan_version(app, position.id), instructions=risky
    )
    assert blanked.status_code == 400

    client.post("/logout")
    anonymous = client.post(f"/positions/{position.id}/plan/stages/{stage_id}/clear-flag")
    assert anonymous.status_code == 302 and "/login" in anonymous.location
    login(manager)
    assert (
        client.post(f"/positions/{position.id}/plan/stages/{stage_id}/clear-flag").status_code
        == 403
    )
    client.post("/logout")
    login(roles=["admin"])
    cleared = client.post(f"/positions/{position.id}/plan/stages/{stage_id}/clear-flag")
    assert cleared.status_code == 302
    with app.app_context():
        assert not db.session.get(PlanStage, stage_id).flagged
        assert _actions().count("lint.cleared") == 1
    # The manager saves the stage again (the form shows the kept reason): still cleared.
    client.post("/logout")
    login(manager)
    resaved = _save_stage(
        client,
        position,
        stage_id,
        _plan_version(app, position.id),
        instructions=risky,
        lint_reason="Reviewed wording for a relocation role.",
        duration_minutes=50,
    )
    assert resaved.status_code == 302
    with app.app_context():
        stage = db.session.get(PlanStage, stage_id)
        assert stage.duration_minutes == 50 and stage.risks and not stage.flagged
    page = client.get(f"/positions/{position.id}/plan").get_data(as_text=True)
    assert "Reviewed: birthplace" in page and "Flagged: birthplace" not in page


def test_a_new_plan_revision_carries_the_stage_flag_and_its_reason(
    app, client, login, make_user, make_position
):
    manager = make_user(roles=["hiring_manager"])
    position = make_position(manager=manager)
    stage_id = position.stage_ids[1]
    login(manager)
    _save_stage(
        client,
        position,
        stage_id,
        _plan_version(app, position.id),
        instructions="Ask where the candidate was born to build rapport.",
        lint_reason="Kept for a relocation role.",
    )
    with app.app_context():  # interviews used this revision: the next edit starts revision 2
        plans.lock_revision(db.session.get(Position, position.id).current_plan)
        db.session.commit()
    moved = client.post(
        f"/positions/{position.id}/plan/stages/{position.stage_ids[0]}/move",
        data={"version": _plan_version(app, position.id), "direction": "down"},
    )
    assert moved.status_code == 302
    with app.app_context():
        revision = db.session.get(Position, position.id).current_plan
        assert revision.number == 2
        [copy] = [s for s in revision.stages if s.instructions.startswith("Ask where")]
        assert copy.id != stage_id and copy.flagged
        assert copy.lint_reason == "Kept for a relocation role."

"""Opening positions from role profiles and editing their interview plans."""

from __future__ import annotations

import re

from sqlalchemy import select

from hiring.db import db
from hiring.library.models import Question, RoleProfile
from hiring.positions.models import PlanRevision, PlanStage, Position


def _plan(app, position_id):
    with app.app_context():
        position = db.session.get(Position, position_id)
        plan = position.current_plan
        return {
            "number": plan.number,
            "version": plan.version,
            "stages": [
                (s.id, s.name, [q.question.ref for q in s.questions], [q.id for q in s.questions])
                for s in plan.stages
            ],
        }


def test_create_position_pins_the_profile_and_copies_its_plan(
    app, client, login, make_user, loaded_library
):
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    login(roles=["recruiter"], name="Riley Brooks")
    with app.app_context():
        profile_id = db.session.scalar(select(RoleProfile.id))
    page = client.get("/positions/new").get_data(as_text=True)
    assert "Account Executive (v1)" in page
    response = client.post(
        "/positions/new",
        data={
            "title": "AE, Mid-Market",
            "role_profile_id": profile_id,
            "team": "Mid-Market",
            "location": "Chicago",
            "hiring_manager_id": manager.id,
            "recruiter_id": 0,
            "headcount": 2,
            "status": "open",
        },
    )
    assert response.status_code == 302
    position_id = int(re.search(r"/positions/(\d+)/plan", response.headers["Location"]).group(1))
    plan = _plan(app, position_id)
    assert [s[1] for s in plan["stages"]] == ["Screen", "Behavioural", "Role Play"]
    assert plan["stages"][0][2] == ["discovery.q1", "closing.q1", "objections.q1"]
    with app.app_context():
        position = db.session.get(Position, position_id)
        assert position.role_profile_id == profile_id and position.headcount == 2


def test_position_form_validation(client, login, loaded_library):
    login(roles=["admin"])
    response = client.post("/positions/new", data={"title": "", "headcount": 0})
    page = response.get_data(as_text=True)
    assert "Give the opening a title." in page and "Between 1 and 100." in page


def test_hiring_managers_see_only_their_positions(client, login, make_user, make_position):
    mine_manager = make_user(roles=["hiring_manager"], name="Mine Manager")
    mine = make_position(manager=mine_manager, title="Mine")
    theirs = make_position(title="Theirs")
    login(mine_manager)
    page = client.get("/positions/").get_data(as_text=True)
    assert "Mine" in page and "Theirs" not in page
    assert client.get(f"/positions/{theirs.id}").status_code == 403
    assert client.get(f"/positions/{theirs.id}/plan").status_code == 403
    assert client.get(f"/positions/{mine.id}/plan").status_code == 200
    assert client.get("/positions/99999").status_code == 404


def test_recruiters_read_the_plan_but_cannot_change_it(app, client, login, make_position):
    position = make_position()
    login(roles=["recruiter"])
    page = client.get(f"/positions/{position.id}/plan").get_data(as_text=True)
    assert (
        "You can read this plan. Only Morgan Patel (the hiring manager) and admins change it."
        in page
    )
    assert "Add a stage" not in page
    stage = position.stage_ids[0]
    for url in (
        f"/positions/{position.id}/plan/stages",
        f"/positions/{position.id}/plan/stages/{stage}/move",
    ):
        assert client.post(url, data={"version": position.version}).status_code == 403


def test_another_hiring_manager_cannot_edit_the_plan(client, login, make_position):
    position = make_position()
    login(roles=["hiring_manager"])
    response = client.post(
        f"/positions/{position.id}/plan/stages/{position.stage_ids[0]}/move",
        data={"version": position.version, "direction": "down"},
    )
    assert response.status_code == 403


def test_hiring_manager_reorders_adds_and_removes(app, client, login, make_user, make_position):
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    position = make_position(manager=manager)
    login(manager)
    plan = _plan(app, position.id)
    screen_id, _name, _refs, item_ids = plan["stages"][0]
    client.post(
        f"/positions/{position.id}/plan/questions/{item_ids[0]}/move",
        data={"version": plan["version"], "direction": "down"},
    )
    plan = _plan(app, position.id)
    assert plan["stages"][0][2] == ["closing.q1", "discovery.q1", "objections.q1"]

    with app.app_context():
        extra = db.session.scalar(
            select(Question).where(Question.competency_key == "resilience", Question.key == "q3")
        )
        extra_id = extra.id
    client.post(
        f"/positions/{position.id}/plan/stages/{screen_id}/questions",
        data={"version": plan["version"], "question_id": extra_id},
    )
    plan = _plan(app, position.id)
    assert plan["stages"][0][2][-1] == "resilience.q3"
    duplicate = client.post(
        f"/positions/{position.id}/plan/stages/{screen_id}/questions",
        data={"version": plan["version"], "question_id": extra_id},
        follow_redirects=True,
    )
    assert "That question is already in this stage." in duplicate.get_data(as_text=True)

    client.post(
        f"/positions/{position.id}/plan/questions/{plan['stages'][0][3][-1]}/remove",
        data={"version": plan["version"]},
    )
    client.post(
        f"/positions/{position.id}/plan/stages/{plan['stages'][2][0]}/move",
        data={"version": _plan(app, position.id)["version"], "direction": "up"},
    )
    plan = _plan(app, position.id)
    assert [s[1] for s in plan["stages"]] == ["Screen", "Role Play", "Behavioural"]
    assert plan["stages"][0][2] == ["closing.q1", "discovery.q1", "objections.q1"]

    response = client.post(
        f"/positions/{position.id}/plan/stages",
        data={
            "version": plan["version"],
            "name": "Panel",
            "kind": "hiring_manager",
            "duration_minutes": 45,
        },
    )
    assert response.status_code == 302
    plan = _plan(app, position.id)
    assert [s[1] for s in plan["stages"]][-1] == "Panel"
    client.post(
        f"/positions/{position.id}/plan/stages/{plan['stages'][-1][0]}/remove",
        data={"version": plan["version"]},
    )
    assert len(_plan(app, position.id)["stages"]) == 3
    with app.app_context():
        from hiring.audit.models import AuditEvent

        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.action.like("plan.%"))
        ).all()
        assert "plan.question_moved" in actions and "plan.stage_removed" in actions


def test_stage_details_focus_and_interviewers(
    app, client, login, make_user, make_position, qualify
):
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    interviewer = make_user(roles=["interviewer"], name="Jamie Ortiz")
    qualify(interviewer)
    position = make_position(manager=manager)
    login(manager)
    plan = _plan(app, position.id)
    stage_id = plan["stages"][2][0]
    with app.app_context():
        profile = db.session.scalar(select(RoleProfile))
        ids = {link.competency.key: link.competency_id for link in profile.competency_links}
    prefix = f"stage{stage_id}-"
    response = client.post(
        f"/positions/{position.id}/plan/stages/{stage_id}",
        data={
            prefix + "name": "Discovery <role-play>",
            prefix + "kind": "role_play",
            prefix + "duration_minutes": 40,
            prefix + "instructions": "Play the buyer.",
            prefix + "focus": [ids["discovery"], ids["closing"]],
            prefix + "interviewers": [interviewer.id],
            prefix + "version": plan["version"],
        },
    )
    assert response.status_code == 302
    page = client.get(f"/positions/{position.id}/plan").get_data(as_text=True)
    assert "Discovery &lt;role-play&gt;" in page
    with app.app_context():
        stage = db.session.get(PlanStage, stage_id)
        assert stage.duration_minutes == 40 and stage.instructions == "Play the buyer."
        assert [u.name for u in stage.interviewer_users] == ["Jamie Ortiz"]

    bad = client.post(
        f"/positions/{position.id}/plan/stages/{stage_id}",
        data={
            prefix + "name": "",
            prefix + "kind": "role_play",
            prefix + "duration_minutes": 5,
            prefix + "version": _plan(app, position.id)["version"],
        },
    )
    assert bad.status_code == 400
    assert "Name the stage." in bad.get_data(
        as_text=True
    ) and "Between 10 and 240 minutes." in bad.get_data(as_text=True)


def test_coverage_panel_warns_about_must_haves_time_and_stage_count(
    app, client, login, make_user, make_position
):
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    position = make_position(manager=manager)
    login(manager)
    page = client.get(f"/positions/{position.id}/plan").get_data(as_text=True)
    assert "Every competency is assessed, every must-have at least twice" in page
    # Remove the role-play and the behavioural stage: "closing" is then assessed only once.
    for _ in range(2):
        plan = _plan(app, position.id)
        client.post(
            f"/positions/{position.id}/plan/stages/{plan['stages'][-1][0]}/remove",
            data={"version": plan["version"]},
        )
    for n in range(4):
        plan = _plan(app, position.id)
        client.post(
            f"/positions/{position.id}/plan/stages",
            data={
                "version": plan["version"],
                "name": f"Extra {n}",
                "kind": "behavioural",
                "duration_minutes": 10,
            },
        )
    page = client.get(f"/positions/{position.id}/plan").get_data(as_text=True)
    assert (
        "Closing is a must-have but only one stage assesses it; plan at least two independent assessments."
        in page
    )
    assert "Resilience is not the focus of any stage." in page
    assert (
        "The plan has 5 interview stages; more than 4 adds little accuracy and loses candidates."
        in page
    )
    plan = _plan(app, position.id)
    stage_id = plan["stages"][0][0]
    prefix = f"stage{stage_id}-"
    with app.app_context():
        profile = db.session.scalar(select(RoleProfile))
        ids = {link.competency.key: link.competency_id for link in profile.competency_links}
    client.post(
        f"/positions/{position.id}/plan/stages/{stage_id}",
        data={
            prefix + "name": "Screen",
            prefix + "kind": "phone_screen",
            prefix + "duration_minutes": 20,
            prefix + "focus": [ids["discovery"], ids["closing"], ids["objections"]],
            prefix + "version": plan["version"],
        },
    )
    page = client.get(f"/positions/{position.id}/plan").get_data(as_text=True)
    assert (
        "Screen holds 25 minutes of questions, introduction and candidate questions but lasts 20 minutes."
        in page
    )


def test_a_stale_plan_edit_is_refused_with_a_clear_message(
    app, client, login, make_user, make_position
):
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    position = make_position(manager=manager)
    login(manager)
    stale_version = _plan(app, position.id)["version"]
    client.post(
        f"/positions/{position.id}/plan/stages/{position.stage_ids[0]}/move",
        data={"version": stale_version, "direction": "down"},
    )
    before = _plan(app, position.id)
    response = client.post(
        f"/positions/{position.id}/plan/stages/{position.stage_ids[0]}/remove",
        data={"version": stale_version},
        follow_redirects=True,
    )
    assert (
        "The plan changed since you opened it, so your change was not applied."
        in response.get_data(as_text=True)
    )
    assert _plan(app, position.id) == before


def test_a_stale_stage_form_keeps_what_was_typed(app, client, login, make_user, make_position):
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    position = make_position(manager=manager)
    login(manager)
    stale_version = _plan(app, position.id)["version"]
    client.post(
        f"/positions/{position.id}/plan/stages/{position.stage_ids[1]}/move",
        data={"version": stale_version, "direction": "down"},
    )
    stage_id = position.stage_ids[0]
    prefix = f"stage{stage_id}-"
    response = client.post(
        f"/positions/{position.id}/plan/stages/{stage_id}",
        data={
            prefix + "name": "Screen",
            prefix + "kind": "phone_screen",
            prefix + "duration_minutes": 40,
            prefix + "instructions": "My careful instructions",
            prefix + "version": stale_version,
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "this stage was not saved. Your entries are still in the form below" in page
    assert "My careful instructions" in page


def test_editing_a_plan_in_use_starts_a_new_revision(app, client, login, make_user, make_position):
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    position = make_position(manager=manager)
    with app.app_context():
        from hiring.positions.plans import lock_revision

        lock_revision(db.session.get(PlanRevision, position.revision_id))
        db.session.commit()
    login(manager)
    page = client.get(f"/positions/{position.id}/plan").get_data(as_text=True)
    assert "Interviews already use revision 1. Any change you make starts revision 2" in page
    response = client.post(
        f"/positions/{position.id}/plan/stages/{position.stage_ids[0]}/move",
        data={"version": _plan(app, position.id)["version"], "direction": "down"},
        follow_redirects=True,
    )
    assert "so this change starts revision 2 for future interviews only" in response.get_data(
        as_text=True
    )
    with app.app_context():
        old = db.session.get(PlanRevision, position.revision_id)
        new = db.session.get(Position, position.id).current_plan
        assert (old.number, new.number) == (1, 2)
        assert [s.name for s in old.stages] == ["Screen", "Behavioural", "Role Play"]
        assert [s.name for s in new.stages] == ["Behavioural", "Screen", "Role Play"]


def test_kit_shows_questions_probes_anchors_in_order(app, client, login, make_user, make_position):
    position = make_position()
    login(roles=["recruiter"])
    page = client.get(f"/positions/{position.id}/plan/stages/{position.stage_ids[0]}/kit").get_data(
        as_text=True
    )
    assert "Interview kit · stage 1 of 3 · plan revision 1" in page
    first = page.index("showed discovery (example 1)")
    assert (
        first
        < page.index("showed closing (example 1)")
        < page.index("showed objections (example 1)")
    )
    assert "Situation: what was at stake?" in page and "Repeated, measured impact." in page
    assert "Must-have · minimum 3" in page and "The candidate's questions (not scored)" in page


def test_kit_access_follows_the_stage_interviewers(app, client, login, make_user, make_position):
    position = make_position()
    assigned = make_user(roles=["interviewer"], name="Jamie Ortiz")
    stranger = make_user(roles=["interviewer"], name="Not Assigned")
    with app.app_context():
        from hiring.positions.models import PlanStageInterviewer

        stage = db.session.get(PlanStage, position.stage_ids[1])
        stage.interviewers.append(PlanStageInterviewer(user_id=assigned.id))
        db.session.commit()
    url = f"/positions/{position.id}/plan/stages/{position.stage_ids[1]}/kit"
    login(stranger)
    assert client.get(url).status_code == 403
    client.post("/logout")
    login(assigned)
    assert client.get(url).status_code == 200
    assert (
        client.get(f"/positions/{position.id}/plan/stages/{position.stage_ids[0]}/kit").status_code
        == 403
    )
    assert client.get(f"/positions/{position.id}/plan").status_code == 403


def test_plan_and_list_query_counts_do_not_grow(
    app, client, login, make_user, make_position, count_queries
):
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    position = make_position(manager=manager)
    login(roles=["admin"])
    with count_queries() as small_plan:
        client.get(f"/positions/{position.id}/plan")
    with count_queries() as small_list:
        client.get("/positions/")
    with app.app_context():
        bank = db.session.scalars(select(Question.id)).all()
    for n in range(3):
        plan = _plan(app, position.id)
        client.post(
            f"/positions/{position.id}/plan/stages",
            data={
                "version": plan["version"],
                "name": f"More {n}",
                "kind": "behavioural",
                "duration_minutes": 60,
            },
        )
        new_stage = _plan(app, position.id)["stages"][-1][0]
        for question_id in bank[n * 4 : n * 4 + 4]:
            plan = _plan(app, position.id)
            client.post(
                f"/positions/{position.id}/plan/stages/{new_stage}/questions",
                data={"version": plan["version"], "question_id": question_id},
            )
    for n in range(6):
        make_position(manager=manager, title=f"Extra {n}")
    with count_queries() as big_plan:
        client.get(f"/positions/{position.id}/plan")
    with count_queries() as big_list:
        page = client.get("/positions/").get_data(as_text=True)
    assert "Extra 5" in page
    assert big_plan.count == small_plan.count, big_plan
    assert big_list.count == small_list.count, big_list


def test_edit_position_details_with_conflict_detection(
    app, client, login, make_user, make_position
):
    recruiter = make_user(roles=["recruiter"], name="Riley Brooks")
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    position = make_position(manager=manager, recruiter=recruiter)
    login(recruiter)
    page = client.get(f"/positions/{position.id}/edit").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    data = {
        "title": "AE, Enterprise",
        "team": "Enterprise",
        "location": "Remote",
        "hiring_manager_id": manager.id,
        "recruiter_id": recruiter.id,
        "headcount": 3,
        "status": "on_hold",
        "version": version,
    }
    assert client.post(f"/positions/{position.id}/edit", data=data).status_code == 302
    stale = client.post(f"/positions/{position.id}/edit", data=data | {"title": "Overwrite"})
    page = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "Someone else changed this position since you opened it" in page
    assert "It is now titled “AE, Enterprise”" in page
    assert 'value="Overwrite"' in page  # what was typed is kept
    with app.app_context():
        saved = db.session.get(Position, position.id)
        assert (saved.title, saved.headcount, saved.status.value) == (
            "AE, Enterprise",
            3,
            "on_hold",
        )
    # Saving again from that page applies the entries over the latest version.
    fresh = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    again = data | {"title": "Overwrite", "version": fresh}
    assert client.post(f"/positions/{position.id}/edit", data=again).status_code == 302
    with app.app_context():
        assert db.session.get(Position, position.id).title == "Overwrite"


def test_two_edits_of_a_plan_in_use_at_once_do_not_fork_it(
    app, client, login, make_user, make_position, monkeypatch
):
    """Both edits would start revision 2; the one that comes second is refused, not a 500."""
    from hiring.positions import plans as plan_services

    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    position = make_position(manager=manager)
    with app.app_context():
        plan_services.lock_revision(db.session.get(PlanRevision, position.revision_id))
        db.session.commit()
    clone = plan_services._clone

    def someone_else_first(revision, actor):  # the other edit's revision 2 lands first
        db.session.add(PlanRevision(position_id=revision.position_id, number=revision.number + 1))
        db.session.flush()
        return clone(revision, actor)

    monkeypatch.setattr(plan_services, "_clone", someone_else_first)
    login(manager)
    version = _plan(app, position.id)["version"]
    response = client.post(
        f"/positions/{position.id}/plan/stages/{position.stage_ids[0]}/move",
        data={"version": version, "direction": "down"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Someone else changed the plan at the same moment" in response.get_data(as_text=True)
    with app.app_context():
        numbers = db.session.scalars(
            select(PlanRevision.number).where(PlanRevision.position_id == position.id)
        ).all()
        assert numbers == [1]


def test_too_long_entries_are_refused_with_a_message_and_nothing_is_stored(
    app, client, login, make_user, make_position
):
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    position = make_position(manager=manager)
    login(manager)
    before = _plan(app, position.id)
    stage_id = position.stage_ids[0]
    prefix = f"stage{stage_id}-"
    response = client.post(
        f"/positions/{position.id}/plan/stages/{stage_id}",
        data={
            prefix + "name": "Screen",
            prefix + "kind": "phone_screen",
            prefix + "duration_minutes": 30,
            prefix + "instructions": "x" * 4001,
            prefix + "version": before["version"],
        },
    )
    assert response.status_code == 400
    assert "The instructions can be at most 4,000 characters." in response.get_data(as_text=True)
    response = client.post(
        f"/positions/{position.id}/plan/stages",
        data={
            "version": before["version"],
            "name": "P" * 201,
            "kind": "behavioural",
            "duration_minutes": 45,
        },
        follow_redirects=True,
    )
    assert "The stage name can be at most 200 characters." in response.get_data(as_text=True)
    assert _plan(app, position.id) == before
    with app.app_context():
        assert "x" * 100 not in db.session.get(PlanStage, stage_id).instructions
    edit = client.get(f"/positions/{position.id}/edit").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', edit).group(1)
    response = client.post(
        f"/positions/{position.id}/edit",
        data={
            "title": "AE",
            "team": "T" * 121,
            "location": "Remote",
            "hiring_manager_id": manager.id,
            "recruiter_id": 0,
            "headcount": 1,
            "status": "open",
            "version": version,
        },
    )
    assert "The team can be at most 120 characters." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Position, position.id).team == "Mid-Market"


def test_a_tampered_plan_button_is_refused(app, client, login, make_user, make_position):
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    position = make_position(manager=manager)
    login(manager)
    before = _plan(app, position.id)
    response = client.post(
        f"/positions/{position.id}/plan/stages/{position.stage_ids[0]}/move",
        data={"version": before["version"], "direction": "sideways"},
        follow_redirects=True,
    )
    assert "Choose whether to move it up or down." in response.get_data(as_text=True)
    response = client.post(
        f"/positions/{position.id}/plan/stages/{position.stage_ids[0]}/questions",
        data={"version": before["version"], "question_id": ""},
        follow_redirects=True,
    )
    assert "Choose a question to add." in response.get_data(as_text=True)
    assert _plan(app, position.id) == before

"""The schedule form: it starts at the stage the candidate is at, each stage option carries the
defaults the page script copies in, and interviewers are ticked, not Ctrl-clicked."""

from __future__ import annotations

import re

from sqlalchemy import select

from hiring.db import db
from hiring.interviews.models import Interview
from hiring.positions.models import Position
from tests import builders
from tests.support.html import tags


def _stages(app, position_id):
    """(id, minutes) of each stage of the position's current plan, in order."""
    with app.app_context():
        plan = db.session.get(Position, position_id).current_plan
        return [(s.id, s.duration_minutes) for s in plan.stages]


def _at(app, position, stage_index):
    with app.app_context():
        return builders.application(position.id, stage_index=stage_index)


def test_interviewers_are_checkboxes_with_search_and_a_count(
    app, client, login, make_user, make_position
):
    login(roles=["recruiter"])
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz", title="Senior AE")
    sam = make_user(roles=["interviewer"], name="Sam Rivera")
    position = make_position()
    with app.app_context():
        builders.stage_interviewers(position.stage_ids[0], [sam])
    application = _at(app, position, None)
    page = client.get(f"/interviews/schedule/{application.id}").get_data(as_text=True)

    assert not re.search(r"<select[^>]*\bmultiple", page)
    boxes = tags(page, "input", type="checkbox", name="interviewers")
    offered = [int(b["value"]) for b in boxes]
    assert {jamie.id, sam.id} <= set(offered)
    assert len({b["id"] for b in boxes}) == len(boxes)
    # The stage's default interviewer is ticked and listed first; no one else is ticked.
    assert offered[0] == sam.id and "checked" in boxes[0]
    assert [b for b in boxes[1:] if "checked" in b] == []
    assert "<legend>Interviewers</legend>" in page
    assert "Senior AE · " + jamie.email in page and "Interviewer · " + sam.email in page
    (search,) = tags(page, "input", type="search", id="interviewers-search")
    assert tags(page, "label", **{"for": search["id"]})
    assert tags(page, "p", aria_live="polite", id="interviewers-count")
    assert "1 selected" in page
    assert "Hold Ctrl" not in page


def test_the_stage_starts_where_the_candidate_is(app, client, login, make_position):
    login(roles=["recruiter"])
    position = make_position()
    stages = _stages(app, position.id)

    def chosen(application_id, query=""):
        page = client.get(f"/interviews/schedule/{application_id}{query}").get_data(as_text=True)
        (option,) = [o for o in tags(page, "option") if "selected" in o and "data-minutes" in o]
        (minutes,) = tags(page, "input", name="duration_minutes")
        return int(option["value"]), int(minutes["value"])

    # New candidates start at the first stage; a candidate moved to stage 3 books stage 3.
    assert chosen(_at(app, position, None).id) == stages[0]
    assert chosen(_at(app, position, 2).id) == stages[2]
    # A plan that has since lost stages: the last one.
    assert chosen(_at(app, position, 99).id) == stages[-1]
    # A link asking for a stage still gets it.
    asked = _at(app, position, 2).id
    assert chosen(asked, f"?stage_id={stages[1][0]}") == stages[1]


def test_each_stage_option_carries_its_minutes_and_interviewers(
    app, client, login, make_user, make_position
):
    login(roles=["recruiter"])
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    sam = make_user(roles=["interviewer"], name="Sam Rivera")
    position = make_position()
    with app.app_context():
        builders.stage_interviewers(position.stage_ids[0], [])
        builders.stage_interviewers(position.stage_ids[1], [jamie, sam])
        builders.stage_interviewers(position.stage_ids[2], [sam])
    page = client.get(f"/interviews/schedule/{_at(app, position, 0).id}").get_data(as_text=True)

    (select_,) = tags(page, "select", name="stage_id")
    assert "data-stage-defaults" in select_
    assert select_["data-minutes-field"] == "duration_minutes"
    assert select_["data-people-field"] == "interviewers"
    assert tags(page, "input", id="duration_minutes") and tags(page, "fieldset", id="interviewers")
    options = {int(o["value"]): o for o in tags(page, "option") if "data-minutes" in o}
    for stage_id, minutes in _stages(app, position.id):
        assert options[stage_id]["data-minutes"] == str(minutes)
    people = {s: set((options[s]["data-people"] or "").split()) for s in options}
    assert people[position.stage_ids[0]] == set()
    assert people[position.stage_ids[1]] == {str(jamie.id), str(sam.id)}
    assert people[position.stage_ids[2]] == {str(sam.id)}


def test_ticked_people_are_booked_and_none_ticked_is_refused(
    app, client, login, make_user, make_position, qualify
):
    login(roles=["recruiter"])
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    sam = make_user(roles=["interviewer"], name="Sam Rivera")
    priya = make_user(roles=["interviewer"], name="Priya Shah")
    qualify(jamie, priya)
    position = make_position()
    application = _at(app, position, 0)
    booking = {
        "stage_id": position.stage_ids[0],
        "date": "2026-07-14",
        "time": "10:00",
        "time_zone": "UTC",
        "duration_minutes": 30,
    }

    refused = client.post(f"/interviews/schedule/{application.id}", data=booking)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Assign at least one interviewer." in page
    (fieldset,) = tags(page, "fieldset", id="interviewers")
    assert fieldset["aria-invalid"] == "true"
    assert "interviewers-error" in (fieldset["aria-describedby"] or "")

    done = client.post(
        f"/interviews/schedule/{application.id}",
        data={**booking, "interviewers": [priya.id, jamie.id]},
    )
    assert done.status_code == 302
    with app.app_context():
        interview = db.session.scalar(select(Interview))
        assert sorted(i.user_id for i in interview.interviewers) == sorted([jamie.id, priya.id])
    assert sam


def test_plan_stages_pick_default_interviewers_with_checkboxes(
    app, client, login, make_user, make_position
):
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    position = make_position(manager=manager)
    with app.app_context():
        for stage_id in position.stage_ids:
            builders.stage_interviewers(
                stage_id, [jamie] if stage_id == position.stage_ids[1] else []
            )
    login(manager)
    page = client.get(f"/positions/{position.id}/plan").get_data(as_text=True)

    assert not re.search(r"<select[^>]*\bmultiple", page)
    for stage_id in position.stage_ids:
        name = f"stage{stage_id}-interviewers"
        boxes = tags(page, "input", type="checkbox", name=name)
        assert jamie.id in [int(b["value"]) for b in boxes]
        ticked = [int(b["value"]) for b in boxes if "checked" in b]
        assert ticked == ([jamie.id] if stage_id == position.stage_ids[1] else [])
        assert tags(page, "fieldset", id=name) and tags(page, "input", id=f"{name}-search")
    ids = [t["id"] for t in tags(page, "input") if t.get("id")]
    assert len(ids) == len(set(ids))

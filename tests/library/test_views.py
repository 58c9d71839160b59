"""Browsing, searching and extending the library in the app."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from hiring.db import db
from hiring.library.loading import load_library
from hiring.library.models import Competency, Question
from hiring.library.validation import validate_directory
from hiring.settings import PROJECT_ROOT
from tests.support.library_files import competency_toml, role_toml


def test_index_lists_roles_and_competencies(client, login, loaded_library):
    login(roles=["interviewer"])
    page = client.get("/library/").get_data(as_text=True)
    assert "Account Executive" in page
    for name in ("Discovery", "Closing", "Objections", "Resilience", "Coachability"):
        assert f"<strong>{name}</strong>" in page
    assert "5 competencies with behaviourally anchored scales and 15 behavioural questions" in page


def test_search_matches_names_and_question_text(client, login, loaded_library):
    login(roles=["recruiter"])
    page = client.get("/library/?q=showed closing (example 2)").get_data(as_text=True)
    assert "1 matching competency" in page
    assert "<strong>Closing</strong>" in page and "<strong>Discovery</strong>" not in page
    assert "“Tell me about a time you showed closing (example 2).”" in page
    page = client.get("/library/?q=zebra").get_data(as_text=True)
    assert "Nothing matches “zebra”" in page


def test_role_filter(client, login, loaded_library, app, tmp_path):
    other = tmp_path / "more"
    (other / "competencies").mkdir(parents=True)
    (other / "roles").mkdir()
    for key in ("discovery", "closing", "objections", "resilience", "coachability", "forecasting"):
        (other / "competencies" / f"{key}.toml").write_text(competency_toml(key))
    (other / "roles" / "account_executive.toml").write_text(role_toml())
    with app.app_context():
        load_library(validate_directory(other), actor=None)
        db.session.commit()
    login(roles=["admin"])
    page = client.get("/library/?role=account_executive").get_data(as_text=True)
    assert "<strong>Closing</strong>" in page and "<strong>Forecasting</strong>" not in page


def test_competency_page_shows_anchors_questions_and_roles(client, login, loaded_library):
    login(roles=["interviewer"])
    page = client.get("/library/competencies/discovery").get_data(as_text=True)
    assert "<h1>Discovery</h1>" in page
    assert "Repeated, measured impact." in page and "Not assessed" in page
    assert "Question bank (3)" in page
    assert "Situation: what was at stake?" in page
    assert "must-have</strong>, minimum 3" in page
    assert client.get("/library/competencies/nope").status_code == 404


def test_role_page_shows_scorecard_and_plan(client, login, loaded_library):
    login(roles=["hiring_manager"])
    page = client.get("/library/roles/account_executive").get_data(as_text=True)
    assert "Hiring bar:" in page and "weighted score of at least 2.8" in page
    assert "Role Play" in page and "Tell me about a time you showed discovery (example 3)." in page
    assert client.get("/library/roles/nope").status_code == 404


def test_library_page_query_count_is_constant(
    app, client, login, loaded_library, count_queries, tmp_path
):
    login(roles=["admin"])
    with count_queries() as small:
        client.get("/library/")
    bigger = tmp_path / "bigger"
    (bigger / "competencies").mkdir(parents=True)
    (bigger / "roles").mkdir()
    keys = [f"skill_{n}" for n in range(12)]
    for key in keys:
        (bigger / "competencies" / f"{key}.toml").write_text(competency_toml(key, questions=5))
    for n in range(3):
        (bigger / "roles" / f"role_{n}.toml").write_text(
            role_toml(key=f"role_{n}", competencies=tuple(keys[n : n + 5]))
        )
    with app.app_context():
        load_library(validate_directory(bigger), actor=None)
        db.session.commit()
    with count_queries() as large:
        page = client.get("/library/").get_data(as_text=True)
    assert "Skill_11" in page
    assert large.count == small.count, large


def test_hiring_manager_adds_a_custom_competency(app, client, login, loaded_library):
    author = login(roles=["hiring_manager"], name="Morgan Patel")
    data = {
        "name": "Territory planning",
        "definition": "Plans a territory.",
        "why": "Reps own territories.",
        "scale": "four_level",
        "anchor_1": "None",
        "anchor_2": "Some",
        "anchor_3": "Good",
    }
    response = client.post("/library/competencies/new", data=data)
    assert "Write an anchor for every level: missing 4." in response.get_data(as_text=True)
    response = client.post("/library/competencies/new", data=data | {"anchor_4": "Great"})
    assert response.headers["Location"] == "/library/competencies/custom_territory_planning"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "custom, by Morgan Patel" in page and "Version 1" in page
    with app.app_context():
        competency = db.session.scalar(
            select(Competency).where(Competency.key == "custom_territory_planning")
        )
        assert competency.author_id == author.id and competency.anchor(4) == "Great"


def test_custom_questions_are_linted(app, client, login, loaded_library):
    login(roles=["admin"])
    base = {
        "minutes": "6",
        "probes": "Situation: when?\nResult: what happened?",
        "look_fors": "Specifics",
        "red_flags": "Vague",
    }
    risky = client.post(
        "/library/competencies/closing/questions/new",
        data=base | {"text": "Are you planning to start a family soon?"},
    )
    page = risky.get_data(as_text=True)
    assert risky.status_code == 200
    assert "The question touches a protected or risky topic (pregnancy and family plans" in page
    response = client.post(
        "/library/competencies/closing/questions/new",
        data=base | {"text": "What would you do if a <b>buyer</b> went silent?"},
    )
    assert response.status_code == 302
    page = client.get("/library/competencies/closing").get_data(as_text=True)
    assert "What would you do if a &lt;b&gt;buyer&lt;/b&gt; went silent?" in page
    assert "Hypothetical" in page and "Question bank (4)" in page
    with app.app_context():
        question = db.session.scalar(select(Question).where(Question.origin == "custom"))
        assert question.type.value == "hypothetical" and question.probes == [
            "Situation: when?",
            "Result: what happened?",
        ]


def test_custom_question_needs_two_probes(client, login, loaded_library):
    login(roles=["admin"])
    response = client.post(
        "/library/competencies/closing/questions/new",
        data={
            "text": "Tell me about a deal you closed against the odds.",
            "minutes": "6",
            "probes": "Only one probe",
            "look_fors": "x",
            "red_flags": "y",
        },
    )
    assert "Add at least two STAR probes, one per line." in response.get_data(as_text=True)


def test_lint_endpoint_refuses_text_longer_than_any_field(client, login):
    login(roles=["hiring_manager"])
    assert client.post("/library/lint", json={"text": "Why? " * 800}).status_code == 200
    response = client.post("/library/lint", json={"text": "Why? " * 801})
    assert response.status_code == 400
    assert response.json == {
        "error": "too_long",
        "message": "The lint checks at most 4,000 characters at a time.",
    }


def test_lint_endpoint(client, login):
    login(roles=["hiring_manager"])
    response = client.post("/library/lint", json={"text": "What is your current salary?"})
    assert response.json["findings"][0]["topic"] == "salary history"
    assert client.post("/library/lint", json={"text": "Tell me about a deal."}).json == {
        "findings": []
    }
    for odd in ([1, 2], "hello", 5, None):  # any JSON that is not an object: no findings
        response = client.post("/library/lint", json=odd)
        assert response.status_code == 200 and response.json == {"findings": []}


def test_live_lint_reads_a_list_field_line_by_line_in_its_own_voice(client, login):
    """A red flag speaks of the candidate: "overweight" alone is about them, as on save."""
    login(roles=["hiring_manager"])
    red_flags = "Vague about the result\nRed flag: overweight"
    as_question = client.post("/library/lint", json={"text": red_flags}).json
    assert as_question == {"findings": []}
    as_red_flags = client.post("/library/lint", json={"text": red_flags, "field": "red_flags"})
    [finding] = as_red_flags.json["findings"]
    assert (finding["topic"], finding["field"], finding["line"]) == (
        "height and weight",
        "red_flags",
        "Red flag: overweight",
    )
    # A field nobody reads is linted as a question, never refused as an error.
    unknown = client.post("/library/lint", json={"text": "How old are you?", "field": "x"})
    assert unknown.json["findings"][0]["topic"] == "age"


def test_the_shipped_library_is_valid_and_complete():
    library = validate_directory(Path(PROJECT_ROOT) / "scorecards")
    assert library.errors == [], "\n".join(map(str, library.errors))
    assert {
        "sdr",
        "account_executive",
        "account_manager",
        "customer_success_manager",
        "sales_manager",
    } <= set(library.roles)
    used = {item.key for role in library.roles.values() for item in role.competencies}
    assert len(used) >= 12
    for competency in library.competencies.values():
        assert len(competency.questions) >= 3
    manager = library.roles["sales_manager"]
    keys = {item.key for item in manager.competencies}
    assert {"coaching_developing", "hiring_performance", "pipeline_forecasting"} <= keys
    assert not keys & {"prospecting_pipeline", "closing_deal_control", "discovery_qualification"}
    for key, role in library.roles.items():
        kinds = {stage.kind.value for stage in role.interview_plan}
        assert kinds & {"role_play", "work_sample"}, f"{key} has no scored role-play or work sample"


def test_writing_a_question_from_the_plan_returns_to_the_plan(client, login, loaded_library):
    login(roles=["hiring_manager"])
    response = client.post(
        "/library/competencies/closing/questions/new?next=/positions/1/plan%23stage-2",
        data={
            "text": "Tell me about a deal you rescued after a verbal no.",
            "minutes": "6",
            "probes": "Situation: what happened?\nResult: what changed?",
            "look_fors": "x",
            "red_flags": "y",
        },
    )
    assert response.headers["Location"] == "/positions/1/plan#stage-2"
    evil = client.post(
        "/library/competencies/closing/questions/new?next=https://evil.example/",
        data={
            "text": "Tell me about a deal you rescued after a second no.",
            "minutes": "6",
            "probes": "Situation: what happened?\nResult: what changed?",
            "look_fors": "x",
            "red_flags": "y",
        },
    )
    assert evil.headers["Location"] == "/library/competencies/closing#questions"


def test_editing_a_custom_question_creates_a_new_version(app, client, login, loaded_library):
    login(roles=["hiring_manager"], name="Morgan Patel")
    base = {
        "minutes": "6",
        "probes": "Situation: when?\nResult: what happened?",
        "look_fors": "Specifics",
        "red_flags": "Vague",
    }
    client.post(
        "/library/competencies/closing/questions/new",
        data=base | {"text": "Tell me about a deal you closed late."},
    )
    with app.app_context():
        first = db.session.scalar(select(Question).where(Question.origin == "custom"))
        first_id = first.id
    form = client.get(f"/library/questions/{first_id}/edit").get_data(as_text=True)
    assert "Saving creates version 2" in form and "Tell me about a deal you closed late." in form
    response = client.post(
        f"/library/questions/{first_id}/edit",
        data=base | {"text": "Tell me about a deal you closed after the deadline."},
    )
    assert response.status_code == 302
    with app.app_context():
        versions = db.session.scalars(
            select(Question).where(Question.origin == "custom").order_by(Question.version)
        ).all()
        assert [(q.version, q.current) for q in versions] == [(1, False), (2, True)]
        assert versions[0].key == versions[1].key
    # A stale tab saving over the old version is refused, and keeps what was typed.
    stale = client.post(
        f"/library/questions/{first_id}/edit",
        data=base | {"text": "Another edit of the old one."},
    ).get_data(as_text=True)
    assert "Someone saved a newer version of this question while you were editing" in stale
    assert "Another edit of the old one." in stale
    with app.app_context():
        assert (
            db.session.scalar(select(func.count(Question.id)).where(Question.origin == "custom"))
            == 2
        )
    opened = client.get(f"/library/questions/{first_id}/edit", follow_redirects=True)
    assert "Only the current version of a custom question can be edited here." in opened.get_data(
        as_text=True
    )
    library_question = client.get("/library/competencies/closing").get_data(as_text=True)
    assert library_question.count("Edit this question") == 1


def test_library_competencies_are_not_edited_in_the_app(client, login, loaded_library):
    login(roles=["admin"])
    response = client.get("/library/competencies/closing/edit", follow_redirects=True)
    assert (
        "Competencies from the library files are changed in scorecards/ and reloaded."
        in response.get_data(as_text=True)
    )

"""Custom competencies and questions: every edit a new version, stale edits and risky questions
refused by the service, too-long entries refused by the form with nothing stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hiring.auth.models import User
from hiring.db import db
from hiring.domain import Conflict, DomainError
from hiring.library import authoring
from hiring.library.models import Competency, Question
from hiring.library.schema import Scale

ANCHORS = {1: "None", 2: "Some", 3: "Good", 4: "Great"}
QUESTION = {
    "text": "Tell me about a deal you closed late.",
    "probes": ["Situation: when?", "Result: what happened?"],
    "look_fors": ["Specifics"],
    "red_flags": ["Vague"],
    "minutes": 6,
    "lint_reason": "",
}


def _competency(actor: User, name: str = "Territory planning") -> Competency:
    return authoring.create_custom_competency(
        name=name,
        definition="Plans a territory.",
        why="Reps own territories.",
        anchors=ANCHORS,
        scale=Scale.FOUR_LEVEL,
        actor=actor,
    )


@pytest.fixture
def author(app, make_user):
    ref = make_user(roles=["hiring_manager"], name="Morgan Patel")
    with app.app_context():
        yield db.session.get(User, ref.id)


def test_editing_a_custom_competency_saves_the_next_version(author):
    first = _competency(author)
    revised = authoring.revise_custom_competency(
        first,
        expected_version=1,
        name="Territory planning",
        definition="Plans and works a territory.",
        why="Reps own territories.",
        anchors=ANCHORS | {4: "Outstanding"},
        scale=Scale.FOUR_LEVEL,
        actor=author,
    )
    db.session.flush()
    assert (first.key, first.version, first.current) == (revised.key, 1, False)
    assert (revised.version, revised.current, revised.anchor(4)) == (2, True, "Outstanding")


def test_a_stale_competency_edit_is_a_conflict(author):
    first = _competency(author)
    content = {
        "name": "Territory planning",
        "definition": "Edited.",
        "why": "Why.",
        "anchors": ANCHORS,
        "scale": Scale.FOUR_LEVEL,
    }
    second = authoring.revise_custom_competency(first, expected_version=1, actor=author, **content)
    with pytest.raises(Conflict, match="Someone saved a newer version of this competency"):
        authoring.revise_custom_competency(first, expected_version=1, actor=author, **content)
    # The current row, opened at an older version, is refused too.
    with pytest.raises(Conflict):
        authoring.revise_custom_competency(second, expected_version=1, actor=author, **content)


def test_a_competency_needs_every_anchor(author):
    with pytest.raises(DomainError, match="missing 3, 4") as refused:
        authoring.create_custom_competency(
            name="Forecasting",
            definition="d",
            why="w",
            anchors={1: "a", 2: "b"},
            scale=Scale.FOUR_LEVEL,
            actor=author,
        )
    assert refused.value.field == "anchor_3"


def test_keys_stay_unique_across_custom_entries(author):
    first = _competency(author)
    second = _competency(author)
    assert (first.key, second.key) == ("custom_territory_planning", "custom_territory_planning_2")
    one = authoring.create_custom_question(first, actor=author, **QUESTION)
    two = authoring.create_custom_question(first, actor=author, **QUESTION)
    assert two.key == one.key + "_2"


def test_editing_a_custom_question_saves_the_next_version_and_stale_edits_conflict(author):
    competency = _competency(author)
    first = authoring.create_custom_question(competency, actor=author, **QUESTION)
    revised = authoring.revise_custom_question(
        first, actor=author, **QUESTION | {"text": "Tell me about a deal you closed very late."}
    )
    db.session.flush()
    assert (first.current, revised.version, revised.key) == (False, 2, first.key)
    with pytest.raises(Conflict, match="Someone saved a newer version of this question"):
        authoring.revise_custom_question(first, actor=author, **QUESTION)


def test_risky_questions_and_thin_probes_are_refused(author):
    competency = _competency(author)
    with pytest.raises(DomainError, match="protected or risky topic") as risky:
        authoring.create_custom_question(
            competency,
            actor=author,
            **QUESTION | {"text": "Are you planning to start a family soon?"},
        )
    assert risky.value.field == "text" and not isinstance(risky.value, Conflict)
    with pytest.raises(DomainError, match="two STAR probes") as thin:
        authoring.create_custom_question(competency, actor=author, **QUESTION | {"probes": ["x"]})
    assert thin.value.field == "probes"


def test_library_entries_are_not_edited_in_the_app(loaded_library, author):
    closing = db.session.scalar(select(Competency).where(Competency.key == "closing"))
    with pytest.raises(DomainError, match="comes from the library files"):
        authoring.revise_custom_competency(
            closing,
            expected_version=closing.version,
            name="x",
            definition="d",
            why="w",
            anchors=ANCHORS,
            scale=Scale.FOUR_LEVEL,
            actor=author,
        )


def test_the_same_new_version_saved_twice_at_once_is_a_conflict(author):
    """The unique (key, version) constraint catches the race the version check cannot."""
    first = _competency(author)
    question = authoring.create_custom_question(first, actor=author, **QUESTION)
    db.session.add(
        Question(
            competency_key=question.competency_key,
            key=question.key,
            version=2,
            current=False,
            content_hash="custom",
            text="The other person's edit.",
            type=question.type,
            minutes=5,
            probes=[],
            look_fors=[],
            red_flags=[],
            lint=[],
            origin=question.origin,
        )
    )
    db.session.flush()
    with pytest.raises(Conflict, match="at the same moment") as raced:
        authoring.revise_custom_question(question, actor=author, **QUESTION)
    assert raced.value.field == "text"
    db.session.rollback()


def _count(model):
    with db.session.no_autoflush:
        return db.session.scalar(select(func.count(model.id)))


def test_a_too_long_entry_is_refused_beside_its_field_and_nothing_is_stored(
    app, client, login, loaded_library
):
    login(roles=["hiring_manager"])
    with app.app_context():
        competencies, questions = _count(Competency), _count(Question)
    response = client.post(
        "/library/competencies/new",
        data={
            "name": "T" * 201,
            "definition": "Plans a territory.",
            "why": "Reps own territories.",
            "scale": "four_level",
        }
        | {f"anchor_{level}": text for level, text in ANCHORS.items()},
    )
    assert "The name can be at most 200 characters." in response.get_data(as_text=True)
    response = client.post(
        "/library/competencies/closing/questions/new",
        data={
            "text": "Tell me about a deal you closed late.",
            "minutes": "6",
            "probes": "Situation: when?\n" + "Result: " + "x" * 4000,
            "look_fors": "Specifics",
            "red_flags": "Vague",
        },
    )
    assert "This list can be at most 4,000 characters." in response.get_data(as_text=True)
    with app.app_context():
        assert (_count(Competency), _count(Question)) == (competencies, questions)


def test_a_stale_competency_edit_keeps_the_typed_text(app, client, login, loaded_library):
    login(roles=["hiring_manager"])
    data = {
        "name": "Territory planning",
        "definition": "Plans a territory.",
        "why": "Reps own territories.",
        "scale": "four_level",
    } | {f"anchor_{level}": text for level, text in ANCHORS.items()}
    client.post("/library/competencies/new", data=data)
    url = "/library/competencies/custom_territory_planning/edit"
    assert client.post(url, data=data | {"version": "1"}).status_code == 302
    stale = client.post(url, data=data | {"version": "1", "definition": "My careful words"})
    page = stale.get_data(as_text=True)
    assert "Someone saved a newer version of this competency while you were editing" in page
    assert "My careful words" in page
    with app.app_context():
        assert _count(Competency) == 5 + 2


@pytest.mark.parametrize(
    ("field", "entry", "label"),
    [
        ("probes", "Who looks after your children when you travel?", "A probe"),
        ("look_fors", "Graduated in the last five years", None),
        ("red_flags", "Candidate is over 50 or has young children", "A red flag"),
    ],
)
def test_risky_probes_look_fors_and_red_flags_are_refused_on_their_field(
    author, field, entry, label
):
    competency = _competency(author)
    content = QUESTION | {field: [*QUESTION[field], entry]}
    if label is None:  # a look-for that is not risky wording is saved
        authoring.create_custom_question(competency, actor=author, **content)
        return
    with pytest.raises(DomainError, match=f"{label} touches a protected or risky topic") as risky:
        authoring.create_custom_question(competency, actor=author, **content)
    assert risky.value.field == field and entry in risky.value.message

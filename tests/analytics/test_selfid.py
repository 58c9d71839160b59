"""Voluntary self-identification: the recruiter's link, the candidate's page (once, before it
expires), the CSV import, and that no hiring-team page ever shows an answer."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from hiring.analytics.models import SelfIdentification, SelfIdRequest
from hiring.applications.models import Application
from hiring.audit.models import AuditEvent
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.mail.models import OutboxMessage
from hiring.positions.models import Position
from tests import builders

LINK = re.compile(r"http://localhost(/self-id/\S+)")
#: The recorded answers' words, as any page would print them.
ANSWER_WORDS = (
    "Pacific Islander",
    "pacific_islander",
    "protected veteran",
    "protected_veteran",
    "have a disability",
    "Female",
)


def _request_link(app, client, application_id: int) -> str:
    response = client.post(f"/analytics/self-id/request/{application_id}")
    assert response.status_code == 302
    with app.app_context():
        message = db.session.scalars(
            select(OutboxMessage).order_by(OutboxMessage.id.desc())
        ).first()
        assert message is not None
        found = LINK.search(message.body_text)
        assert found is not None
        return found.group(1)


ANSWERS = {
    "sex": "female",
    "race_ethnicity": "pacific_islander",
    "veteran": "protected_veteran",
    "disability": "disability",
}


def test_a_recruiter_sends_a_link_that_works_once(app, client, login, make_application) -> None:
    application = make_application(name="Dana Whitfield")
    login(roles=["recruiter"], name="Riley Brooks")
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "Ask for voluntary self-identification" in page and "Not requested yet." in page
    link = _request_link(app, client, application.id)
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage))
        assert message.to_address.startswith("casey")
        assert "never seen by your interviewers or the hiring manager" in message.body_text
        assert "expires in 14 days" in message.body_text
        stored = db.session.scalar(select(SelfIdRequest))
        assert stored.token_hash != link.rsplit("/", 1)[1] and len(stored.token_hash) == 64
        assert stored.expires_at - stored.sent_at == timedelta(days=14)
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "Requested on" in page and "Send a new link" in page

    candidate = app.test_client()
    form = candidate.get(link).get_data(as_text=True)
    assert "Answering is voluntary." in form
    assert "Your interviewers and the hiring manager never see them" in form
    assert form.count('value="prefer_not"') == 4
    assert "Native Hawaiian or Other Pacific Islander" in form
    assert candidate.get(link).headers["Cache-Control"] == "no-store"
    done = candidate.post(link, data=ANSWERS)
    # Redirected to a thanks page without the token, so a refresh does not hit the used link.
    assert done.status_code == 302 and done.headers["Location"] == "/self-id/thanks"
    thanks = candidate.get("/self-id/thanks")
    assert thanks.status_code == 200 and "Your answers are recorded." in thanks.get_data(
        as_text=True
    )
    assert thanks.headers["Cache-Control"] == "no-store"
    assert candidate.get("/self-id/thanks").status_code == 200  # a refresh still thanks them
    with app.app_context():
        row = db.session.scalar(select(SelfIdentification))
        assert (row.sex.value, row.race_ethnicity.value) == ("female", "pacific_islander")
        assert row.source.value == "link"
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "self_id.answered"))
        assert event is not None and "pacific" not in str(event.after).lower()
        # Nobody is named: the event only counts that someone answered.
        assert event.object_id is None and event.object_type == "self_identifications"
        assert "Dana" not in event.object_label and event.object_label == "a candidate answered"

    again = candidate.post(link, data={"sex": "male"})
    assert again.status_code == 404
    assert "This link no longer works" in again.get_data(as_text=True)
    assert candidate.get(link).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(SelfIdentification)).sex.value == "female"

    # The application page says when it was asked, never what was answered.
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert not [w for w in ANSWER_WORDS if w in page]


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_unanswered_questions_are_recorded_as_not_answered(app, client, login, make_application):
    application = make_application()
    login(roles=["admin"])
    link = _request_link(app, client, application.id)
    app.test_client().post(link, data={"race_ethnicity": "prefer_not"})
    with app.app_context():
        row = db.session.scalar(select(SelfIdentification))
        assert row.sex.value == "not_answered" and row.race_ethnicity.value == "prefer_not"


def test_expired_replaced_and_unknown_links_read_the_same(
    app, client, login, make_application
) -> None:
    application = make_application()
    login(roles=["recruiter"])
    first = _request_link(app, client, application.id)
    second = _request_link(app, client, application.id)
    candidate = app.test_client()
    replaced = candidate.get(first)
    assert replaced.status_code == 404
    assert candidate.get(second).status_code == 200
    with app.app_context():
        db.session.execute(update(SelfIdRequest).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    expired = candidate.get(second)
    unknown = candidate.get("/self-id/not-a-real-token")
    too_long = candidate.get("/self-id/" + "x" * 300)
    assert expired.status_code == unknown.status_code == too_long.status_code == 404
    # The same page whatever the reason (its <main>: the head carries a fresh CSRF token).
    texts = {_main(r.get_data(as_text=True)) for r in (replaced, expired, unknown, too_long)}
    assert len(texts) == 1 and "This link no longer works" in texts.pop()
    assert candidate.post(second, data=ANSWERS).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(SelfIdentification)) is None


def test_only_recruiters_and_admins_are_offered_the_button(
    app, client, login, make_user, make_position
) -> None:
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    position = make_position(manager=manager)
    with app.app_context():
        application = builders.application(position.id)
    login(manager)
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "self-identification" not in page
    assert client.post(f"/analytics/self-id/request/{application.id}").status_code == 403


class TestRateLimit:
    @pytest.fixture
    def app_config(self) -> dict[str, object]:
        return {"RATELIMIT_ENABLED": True, "SELF_ID_RATE_LIMIT": "3 per minute"}

    def test_the_public_page_is_rate_limited_like_sign_in(self, client) -> None:
        codes = [client.get(f"/self-id/guess-{n}").status_code for n in range(4)]
        assert codes == [404, 404, 404, 429]


# --- The answers never reach the hiring team -------------------------------------------------


def test_answers_reach_no_page_or_csv_of_the_hiring_team(app, client, loaded_library) -> None:
    """Every page, CSV and download a hiring manager, recruiter or interviewer opens about
    this candidate is searched for the stored answers' words."""
    panel = builders.panel(app, client)
    with app.app_context():
        builders.self_identification(
            panel.application.candidate_id,
            sex="female",
            race_ethnicity="pacific_islander",
            veteran="protected_veteran",
            disability="disability",
        )
        recruiter = db.session.get(Position, panel.position.id).recruiter_id
    application, position = panel.application.id, panel.position.id
    urls = [
        f"/applications/{application}",
        f"/candidates/{panel.application.candidate_id}",
        f"/applications/{application}/debrief",
        f"/positions/{position}/compare",
        f"/positions/{position}/compare.csv",
        f"/positions/{position}/pipeline",
        "/",
    ]
    opened = 0
    for person in (panel.manager, panel.jamie, _ref(app, recruiter)):
        client.post("/logout")
        builders.log_in(client, person)
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                continue
            opened += 1
            body = response.get_data(as_text=True)
            assert not [w for w in ANSWER_WORDS if w in body], (person, url)
    assert opened >= 10


def _ref(app, user_id: int) -> builders.UserRef:
    with app.app_context():
        user = db.session.get(User, user_id)
        return builders.UserRef(user.id, user.email, user.name, builders.PASSWORD)


def test_only_the_analytics_queries_read_the_answers() -> None:
    """A structural guard for every other page, CSV and PDF: outside the modules that write
    the answers, only the adverse-impact queries (aggregates, admins only) name the table."""
    hiring = Path(__file__).resolve().parents[2] / "hiring"
    readers = {
        str(path.relative_to(hiring))
        for path in hiring.rglob("*.py")
        if "SelfIdentification" in path.read_text(encoding="utf-8")
    }
    assert readers == {
        "models.py",
        "analytics/models.py",
        "analytics/selfid.py",
        "analytics/selfid_import.py",
        "analytics/impact_queries.py",
        "demo_selfid.py",  # writes demo answers only
    }


# --- CSV import -------------------------------------------------------------------------------


def _upload(client, text: str, **extra: str):
    from io import BytesIO

    data = {"upload": (BytesIO(text.encode("utf-8")), "answers.csv"), "check": "Check the file"}
    return client.post(
        "/analytics/self-id/import", data={**data, **extra}, content_type="multipart/form-data"
    )


def test_an_admin_checks_then_imports_a_file(app, client, login, make_candidate) -> None:
    login(roles=["admin"])
    dana = make_candidate(name="Dana Whitfield", email="dana@example.test")
    lee = make_candidate(name="Lee Park", email="lee@example.test")
    text = (
        "candidate_email,sex,race_ethnicity,veteran,disability\n"
        "Dana@example.test,Female,Asian,no,Prefer not to say\n"
        "lee@example.test,male,Two or More Races,,yes\n"
    )
    checked = _upload(client, text)
    page = checked.get_data(as_text=True)
    assert checked.status_code == 200
    assert "2 candidates ready to import" in page
    assert "sex 2, race/ethnicity 2, veteran status 1, disability status 1" in page
    with app.app_context():
        assert db.session.scalar(select(SelfIdentification)) is None  # a dry run only
    done = client.post("/analytics/self-id/import", data={"content": text, "confirm": "Import"})
    assert done.status_code == 302
    assert "Imported the answers of 2 candidates." in client.get(done.headers["Location"]).get_data(
        as_text=True
    )
    with app.app_context():
        rows = {r.candidate_id: r for r in db.session.scalars(select(SelfIdentification))}
        assert rows[dana.id].race_ethnicity.value == "asian"
        assert rows[dana.id].disability.value == "prefer_not"
        assert rows[lee.id].veteran.value == "not_answered"
        assert rows[lee.id].disability.value == "disability"
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "self_id.imported"))
        assert event.after == {"rows": 2} and "asian" not in str(event.object_label).lower()


def test_import_problems_are_listed_by_row_and_nothing_is_imported(
    app, client, login, make_candidate, monkeypatch
) -> None:
    login(roles=["admin"])
    dana = make_candidate(name="Dana Whitfield", email="dana@example.test")
    make_candidate(name="Dana Twin", email="twin@example.test")
    make_candidate(name="Dana Twin 2", email="twin@example.test")
    text = (
        "candidate_email,sex,race_ethnicity,veteran,disability\n"
        "dana@example.test,female,asian,no,no\n"
        "nobody@example.test,female,asian,no,no\n"
        "twin@example.test,female,asian,no,no\n"
        "dana@example.test,female,Martian,maybe,no\n"
    )
    page = _upload(client, text).get_data(as_text=True)
    assert "3 problems; nothing was imported." in page
    assert "Row 3: no candidate has candidate_email “nobody@example.test”." in page
    assert "Row 4: 2 candidates share “twin@example.test”; use candidate_id instead." in page
    assert (
        "Row 5: the same candidate as row 2; race_ethnicity “Martian” is not an answer; "
        "veteran “maybe” is not an answer." in page
    )
    from hiring.analytics import selfid_import

    reads = []
    read_once = selfid_import.check
    monkeypatch.setattr(selfid_import, "check", lambda t: reads.append(t) or read_once(t))
    refused = client.post("/analytics/self-id/import", data={"content": text, "confirm": "Import"})
    assert "3 problems; nothing was imported." in refused.get_data(as_text=True)
    assert len(reads) == 1  # one service call: the file is read once, not again to explain
    by_id = f"candidate_id,sex,race_ethnicity,veteran,disability\n{dana.id},male,white,no,no\n"
    assert "1 candidate ready to import" in _upload(client, by_id).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(SelfIdentification)) is None


def test_a_file_without_the_columns_or_not_utf8_is_explained(client, login) -> None:
    login(roles=["admin"])
    page = _upload(client, "email,sex\nx@example.test,female\n").get_data(as_text=True)
    assert (
        "Row 1: the header needs the columns candidate_email (or candidate_id), "
        "race_ethnicity, veteran, disability." in page
    )
    from io import BytesIO

    latin = client.post(
        "/analytics/self-id/import",
        data={"upload": (BytesIO("café".encode("latin-1")), "a.csv"), "check": "Check"},
        content_type="multipart/form-data",
    )
    assert latin.status_code == 400
    assert "The file is not UTF-8 text" in latin.get_data(as_text=True)
    empty = client.post("/analytics/self-id/import", data={"check": "Check"})
    assert "Choose a CSV file." in empty.get_data(as_text=True)


# --- Demo data --------------------------------------------------------------------------------


def test_demo_answers_are_varied_repeatable_and_seeded_once(app, make_position) -> None:
    import random

    from hiring.demo_selfid import seed_self_identification

    position = make_position()
    with app.app_context():
        ids = [
            db.session.get(Application, a).candidate_id
            for a in builders.applicants(position.id, 60)
        ]
        assert 35 <= seed_self_identification(ids, random.Random(15)) <= 60
        db.session.commit()
        rows = db.session.scalars(select(SelfIdentification)).all()
        assert {r.sex.value for r in rows} >= {"female", "male", "prefer_not"}
        assert len({r.race_ethnicity.value for r in rows}) >= 4
        assert seed_self_identification(ids, random.Random(15)) == 0  # already answered


def test_the_outbox_hides_the_self_id_link(app, client, login, make_application) -> None:
    application = make_application()
    login(roles=["admin"])
    link = _request_link(app, client, application.id)
    token = link.removeprefix("/self-id/")
    with app.app_context():
        message_id = db.session.scalars(
            select(OutboxMessage.id).order_by(OutboxMessage.id.desc())
        ).first()
    page = client.get(f"/admin/outbox/{message_id}").get_data(as_text=True)
    assert token not in page and "/self-id/[link hidden]" in page

"""Adding, editing, searching candidates; duplicate e-mails; stale edits; escaping."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from hiring.audit.models import AuditEvent
from hiring.candidates.models import Candidate
from hiring.db import db


def _form(**overrides):
    data = {
        "name": "Jordan Lee",
        "email": "Jordan.Lee@Example.com",
        "phone": "+1 312 555 0100",
        "source": "Referral",
        "links": "https://www.linkedin.com/in/jordanlee\n\nhttps://jordan.example.com/portfolio",
        "notes": "Referred by Jamie.\nStrong SaaS background.",
    }
    data.update(overrides)
    return data


def _candidates(app):
    with app.app_context():
        return [
            (c.name, c.email, c.phone, c.source, c.links, c.notes)
            for c in db.session.scalars(select(Candidate).order_by(Candidate.id))
        ]


def _created_id(response):
    return int(re.search(r"/candidates/(\d+)$", response.headers["Location"]).group(1))


def test_recruiter_adds_a_candidate_and_sees_the_page(app, client, login):
    recruiter = login(roles=["recruiter"], name="Riley Brooks")
    form_page = client.get("/candidates/new").get_data(as_text=True)
    assert "Add a candidate" in form_page and "Sourced by recruiter" in form_page
    response = client.post("/candidates/new", data=_form())
    assert response.status_code == 302
    candidate_id = _created_id(response)
    assert _candidates(app) == [
        (
            "Jordan Lee",
            "jordan.lee@example.com",
            "+1 312 555 0100",
            "Referral",
            ["https://www.linkedin.com/in/jordanlee", "https://jordan.example.com/portfolio"],
            "Referred by Jamie.\nStrong SaaS background.",
        )
    ]
    page = client.get(f"/candidates/{candidate_id}").get_data(as_text=True)
    assert "Added Jordan Lee." in page
    assert "jordan.lee@example.com" in page and "+1 312 555 0100" in page
    assert 'href="https://www.linkedin.com/in/jordanlee"' in page
    assert "Referred by Jamie." in page
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "candidate.created")
        )
        assert event.actor_id == recruiter.id and event.object_id == candidate_id
        assert event.after["email"] == "jordan.lee@example.com"


def test_required_fields_and_bad_values_are_named(app, client, login):
    login(roles=["recruiter"])
    response = client.post(
        "/candidates/new", data=_form(name="  ", email="not-an-email", source="Carrier pigeon")
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter the candidate&#39;s name." in page
    assert "Enter a valid e-mail address, like name@example.com." in page
    assert "Not a valid choice" in page
    assert _candidates(app) == []


def test_links_must_be_web_addresses_and_the_bad_line_is_named(app, client, login):
    login(roles=["recruiter"])
    response = client.post(
        "/candidates/new",
        data=_form(links="https://ok.example.com\njavascript:alert(1)\nhttps://fine.example.com"),
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert (
        "Line 2 (javascript:alert(1)) is not a web address starting with http:// or https://."
        in page
    )
    response = client.post("/candidates/new", data=_form(links="www.example.com"))
    assert "Line 1 (www.example.com) is not a web address" in response.get_data(as_text=True)
    response = client.post("/candidates/new", data=_form(links="https://a.example.com/x y"))
    assert "Line 1 (https://a.example.com/x y) contains spaces." in response.get_data(as_text=True)
    assert _candidates(app) == []


def test_duplicate_email_warns_links_the_existing_candidate_and_needs_confirmation(
    app, client, login, make_candidate
):
    existing = make_candidate(name="Jordan Lee", email="jordan.lee@example.com")
    login(roles=["recruiter"])
    response = client.post("/candidates/new", data=_form(email="  JORDAN.LEE@example.com "))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Possible duplicate" in page
    assert (
        "Another candidate already has the e-mail <strong>jordan.lee@example.com</strong>" in page
    )
    assert f'<a href="/candidates/{existing.id}">Jordan Lee</a>' in page
    assert "Create anyway" in page
    assert len(_candidates(app)) == 1  # nothing created silently

    response = client.post(
        "/candidates/new", data=_form(email="jordan.lee@example.com", create_anyway="y")
    )
    assert response.status_code == 302
    emails = [c[1] for c in _candidates(app)]
    assert emails == ["jordan.lee@example.com", "jordan.lee@example.com"]
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "candidate.created")
        ).all()[-1]
        assert event.after["duplicate_of"] == [existing.id]


def test_editing_to_another_candidates_email_warns_too(app, client, login, make_candidate):
    make_candidate(name="Jordan Lee", email="jordan.lee@example.com")
    other = make_candidate(name="Sam Rivera", email="sam@example.com")
    login(roles=["recruiter"])
    data = _form(name="Sam Rivera", email="jordan.lee@example.com", version=other.version)
    response = client.post(f"/candidates/{other.id}/edit", data=data)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Possible duplicate" in page and "Save anyway" in page
    assert _candidates(app)[1][1] == "sam@example.com"
    response = client.post(f"/candidates/{other.id}/edit", data={**data, "create_anyway": "y"})
    assert response.status_code == 302
    assert _candidates(app)[1][1] == "jordan.lee@example.com"
    # Saving again without changing the e-mail needs no further confirmation.
    with app.app_context():
        version = db.session.get(Candidate, other.id).version
    response = client.post(
        f"/candidates/{other.id}/edit", data={**data, "notes": "Second call", "version": version}
    )
    assert response.status_code == 302


def test_edit_saves_and_audits_the_change(app, client, login, make_candidate):
    candidate = make_candidate(name="Jordan Lee", email="jordan@example.com")
    login(roles=["admin"])
    form_page = client.get(f"/candidates/{candidate.id}/edit").get_data(as_text=True)
    assert (
        'value="Jordan Lee"' in form_page
        and f'name="version" type="hidden" value="{candidate.version}"' in form_page
    )
    response = client.post(
        f"/candidates/{candidate.id}/edit",
        data=_form(name="Jordan A. Lee", email="jordan@example.com", version=candidate.version),
    )
    assert response.status_code == 302
    assert _candidates(app)[0][0] == "Jordan A. Lee"
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "candidate.updated")
        )
        assert event.before["name"] == "Jordan Lee" and event.after["name"] == "Jordan A. Lee"


def test_stale_edit_is_refused_with_a_clear_conflict_message(app, client, login, make_candidate):
    candidate = make_candidate(name="Jordan Lee", email="jordan@example.com")
    login(roles=["recruiter"])
    # Someone else saves first.
    first = client.post(
        f"/candidates/{candidate.id}/edit",
        data=_form(
            name="Jordan Lee", email="jordan@example.com", notes="Theirs", version=candidate.version
        ),
    )
    assert first.status_code == 302
    response = client.post(
        f"/candidates/{candidate.id}/edit",
        data=_form(
            name="Jordan Overwrite",
            email="jordan@example.com",
            notes="Mine",
            version=candidate.version,
        ),
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Not saved: someone else changed this candidate" in page
    assert "Jordan Lee was changed by someone else while you were editing" in page
    assert "Jordan Overwrite" in page  # what they typed is shown beside the saved values
    assert _candidates(app)[0][0] == "Jordan Lee" and _candidates(app)[0][5] == "Theirs"


def test_search_by_name_email_or_phone_and_filter_by_source(app, client, login, make_candidate):
    make_candidate(
        name="Ada Lovelace", email="ada@example.com", phone="555-0101", source="Referral"
    )
    make_candidate(
        name="Grace Hopper", email="grace@navy.example", phone="555-0202", source="LinkedIn"
    )
    make_candidate(name="Alan Turing", email="alan@example.com", phone="555-0303", source="Event")
    login(roles=["recruiter"])

    def names(query):
        page = client.get(f"/candidates/?{query}").get_data(as_text=True)
        return [n for n in ("Ada Lovelace", "Grace Hopper", "Alan Turing") if n in page]

    assert names("") == ["Ada Lovelace", "Grace Hopper", "Alan Turing"]
    assert names("q=grace") == ["Grace Hopper"]
    assert names("q=NAVY.example") == ["Grace Hopper"]
    assert names("q=0303") == ["Alan Turing"]
    assert names("source=Referral") == ["Ada Lovelace"]
    assert names("q=a&source=Event") == ["Alan Turing"]
    assert names("q=%25") == []  # LIKE wildcards are searched literally
    page = client.get("/candidates/?q=nobody").get_data(as_text=True)
    assert "No candidates match these filters" in page


def test_list_is_newest_first_and_paginated(app, client, login, make_candidate):
    for n in range(27):
        make_candidate(name=f"Person {n:02d}")
    login(roles=["recruiter"])
    page = client.get("/candidates/").get_data(as_text=True)
    assert page.index("Person 26") < page.index("Person 25")
    assert "Person 01" not in page and "1–25 of 27" in page
    second = client.get("/candidates/?page=2").get_data(as_text=True)
    assert "Person 01" in second and "Person 00" in second and "Person 26" not in second


def test_user_text_is_escaped_everywhere(app, client, login, make_candidate, add_application):
    candidate = make_candidate(
        name="<script>alert('name')</script>",
        email="x@example.com",
        notes="<img src=x onerror=alert(1)>",
        phone="<b>555</b>",
    )
    login(roles=["admin"])
    for url in ("/candidates/", f"/candidates/{candidate.id}", f"/candidates/{candidate.id}/edit"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(" not in page, url
        assert "&lt;script&gt;alert(" in page, url
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>555</b>" not in page


def test_email_is_stored_lower_case_by_the_service(app, make_user):
    from hiring.auth.models import User
    from hiring.candidates import services

    actor = make_user(roles=["recruiter"])
    with app.app_context():
        candidate = services.create_candidate(
            name="  Mixed   Case ",
            email=" Mixed.Case@Example.COM ",
            actor=db.session.get(User, actor.id),
        )
        db.session.commit()
        assert candidate.email == "mixed.case@example.com"
        assert candidate.name == "Mixed Case"
        assert db.session.scalar(select(func.count(Candidate.id))) == 1

"""Every packet is a tagged PDF (PDF/UA-1) that names its language, title, author and date,
so screen readers read it in order and in the right voice, and PDF viewers show its title."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pypdf.generic import IndirectObject

from tests.builders import decide, finalists_pdf
from tests.support.pdf import read


def _check_tagged(data: bytes, title: str) -> None:
    reader = read(data)
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    tree = catalog["/StructTreeRoot"]
    tree = tree.get_object() if isinstance(tree, IndirectObject) else tree
    assert tree["/Type"] == "/StructTreeRoot" and tree["/K"]
    assert catalog["/Lang"] == "en"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    info = reader.metadata
    assert info is not None
    assert title in str(info["/Title"])
    assert info["/Author"] == "Hiring & Onboarding"
    created = info.creation_date
    assert created is not None and abs(datetime.now(UTC) - created) < timedelta(minutes=5)
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()


def test_the_interview_and_stage_packets_are_tagged(
    client, login, make_user, make_position, schedule
):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie], starts_in=timedelta(days=2))
    login(jamie)
    _check_tagged(client.get(f"/interviews/{interview.id}/packet.pdf").data, "Interview")
    client.post("/logout")
    position = make_position()
    login(roles=["recruiter"])
    stage = position.stage_ids[0]
    response = client.get(f"/positions/{position.id}/plan/stages/{stage}/packet.pdf")
    _check_tagged(response.data, "Interview")


def test_the_decision_memo_is_tagged(client, login, panel):
    login(panel.manager)
    response = client.get(f"/applications/{panel.application.id}/packet.pdf")
    _check_tagged(response.data, "Marcus Bell")


def test_the_onboarding_packet_is_tagged(client, login, make_plan):
    plan = make_plan()
    login(plan.manager)
    _check_tagged(client.get(f"/onboarding/plans/{plan.plan_id}/packet.pdf").data, "Noah Kim")


def test_the_finalists_packet_is_tagged(client, login, panel):
    login(panel.manager)
    decide(
        client,
        panel.application.id,
        outcome="hold",
        rationale="Waiting on references.",
        decide_now_reason="The role-play is weeks away; holding the slot now.",
    )
    response = finalists_pdf(client, f"/positions/{panel.position.id}/packet.pdf")
    _check_tagged(response.data, "Finalists")

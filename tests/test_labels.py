"""Form labels say "(optional)" only on fields that never have to be filled in."""

from __future__ import annotations

import re


def _labels(page: str) -> dict[str, str]:
    """Each label's text (tags removed, spaces squeezed) by the id of the control it names."""
    found = {}
    for target, inner in re.findall(r'<label for="([^"]+)"[^>]*>(.*?)</label>', page, re.S):
        found[target] = " ".join(re.sub(r"<[^>]+>", "", inner).split())
    return found


def test_the_decision_form_calls_no_conditional_field_optional(client, login, panel):
    login(panel.manager)
    labels = _labels(
        client.get(f"/applications/{panel.application.id}/debrief").get_data(as_text=True)
    )
    assert (
        labels["override_reason"] == "Override reason (needed when you decide against the formula)"
    )
    assert (
        labels["decide_now_reason"]
        == "Decide-now reason (needed while the evidence is not complete)"
    )
    assert labels["start_date"] == "Start date (for a hire)"
    assert not [text for text in labels.values() if "(optional)" in text]


def test_the_new_plan_form_marks_only_the_buddy_optional(client, login, loaded_library):
    login(roles=["hiring_manager"])
    labels = _labels(client.get("/onboarding/new").get_data(as_text=True))
    assert labels["manager_id"] == "Manager (owns the plan)"
    assert labels["buddy_id"] == "Buddy (optional)"
    assert labels["start_date"] == "Start date"


def test_truly_optional_fields_still_say_so(client, login):
    login(roles=["admin"])
    labels = _labels(client.get("/admin/users/invite").get_data(as_text=True))
    assert (
        labels["manager_id"] == "Manager (optional)" and labels["title"] == "Job title (optional)"
    )
    login(roles=["recruiter"])
    labels = _labels(client.get("/candidates/new").get_data(as_text=True))
    assert labels["resume"] == "Resume (optional)" and labels["phone"] == "Phone (optional)"
    assert labels["name"] == "Full name"

"""A refused form on the long plan page is where the browser lands: each form posts to its URL
with a fragment, the refused page gives the element around that form the same id, and keeps
it open, so the message beside the field is on screen (not far below, in a closed section)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

import pytest

from hiring.db import db
from hiring.library.schema import Phase
from hiring.onboarding.models import Goal, OnboardingPlan

VOID = {"input", "br", "img", "meta", "link", "hr", "col", "source", "wbr", "area", "base"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    inner: list[str] = field(default_factory=list)


class _Finder(HTMLParser):
    """The element with ``id`` (its tag, attributes and inner HTML, roughly)."""

    def __init__(self, wanted: str) -> None:
        super().__init__(convert_charrefs=False)
        self.wanted, self.found, self.depth = wanted, None, 0

    def handle_starttag(self, tag, attrs):
        text = self.get_starttag_text() or ""
        if self.found is not None and self.depth:
            self.found.inner.append(text)
            self.depth += tag not in VOID
        elif self.found is None and dict(attrs).get("id") == self.wanted:
            self.found, self.depth = Element(tag, dict(attrs)), 1

    def handle_endtag(self, tag):
        if self.found is not None and self.depth:
            self.depth -= tag not in VOID
            if self.depth:
                self.found.inner.append(f"</{tag}>")

    def handle_data(self, data):
        if self.found is not None and self.depth:
            self.found.inner.append(data)


def element(page: str, element_id: str) -> Element | None:
    finder = _Finder(element_id)
    finder.feed(page)
    return finder.found


def assert_lands_on_form(page: str, path: str, message: str) -> Element:
    """The refused form (the one ``message`` is shown in) sits inside the element its action's
    fragment names; a ``<details>`` around it is open. Returns that element."""
    landings = [
        found
        for fragment in re.findall(rf'action="{re.escape(path)}#([^"]+)"', page)
        if (found := element(page, fragment)) is not None
        and f'action="{path}#{fragment}"' in "".join(found.inner)
    ]
    assert landings, f"no form posting to {path} is inside the element its fragment names"
    refused = [found for found in landings if message in "".join(found.inner)]
    assert len(refused) == 1, f"{message!r} is not inside the landing element"
    if refused[0].tag == "details":
        assert "open" in refused[0].attrs, "a refused form's section is open"
    return refused[0]


@pytest.fixture
def development_goal(app, plan_refs):
    with app.app_context():
        plan = db.session.get(OnboardingPlan, plan_refs.plan_id)
        goal = Goal(
            phase=Phase.LEARN,
            outcome="Strengthen Discovery",
            due_date=date(2027, 3, 1),
            competency_key="discovery",
            coaching_actions=["Shadow two calls"],
        )
        plan.goals.append(goal)
        db.session.commit()
        return goal.id


def _version(app, plan_id):
    with app.app_context():
        return db.session.get(OnboardingPlan, plan_id).version


def _goal_id(app, plan_id):
    with app.app_context():
        plan = db.session.get(OnboardingPlan, plan_id)
        return next(g.id for g in plan.goals if not g.is_development)


def _refused(client, path, data):
    response = client.post(path, data=data)
    assert response.status_code == 400
    return response.get_data(as_text=True)


def test_a_refused_item_or_goal_lands_on_its_open_form(app, client, login, plan_refs):
    login(plan_refs.manager)
    url = f"/onboarding/plans/{plan_refs.plan_id}"
    version = _version(app, plan_refs.plan_id)
    item = {"version": version, "title": "x" * 201, "kind": "learning", "owner": "new_hire"}
    page = _refused(client, f"{url}/items", {**item, "due_date": "2027-01-20"})
    assert_lands_on_form(page, f"{url}/items", "The title can be at most 200 characters.")
    goal = {"version": version, "outcome": "Calls", "metric": "Calls run", "target": "inf"}
    page = _refused(client, f"{url}/goals", {**goal, "due_date": "2027-02-10"})
    assert_lands_on_form(page, f"{url}/goals", "Enter an ordinary number.")
    shown = client.get(url).get_data(as_text=True)
    assert "open" not in element(shown, "add-item").attrs  # closed until a refusal opens it


def test_a_refused_actual_lands_on_its_open_form(app, client, login, plan_refs):
    login(plan_refs.manager)
    path = f"/onboarding/plans/{plan_refs.plan_id}/goals/{_goal_id(app, plan_refs.plan_id)}/actuals"
    page = _refused(client, path, {"recorded_on": "2027-01-20", "note": "n" * 301})
    assert_lands_on_form(page, path, "The note can be at most 300 characters.")


def test_rewording_with_more_than_ten_coaching_actions_is_refused_on_the_form(
    app, client, login, plan_refs, development_goal
):
    login(plan_refs.manager)
    path = f"/onboarding/plans/{plan_refs.plan_id}/goals/{development_goal}/wording"
    actions = "\n".join(f"Action {n}" for n in range(11))
    page = _refused(
        client,
        path,
        {"version": _version(app, plan_refs.plan_id), "outcome": "Sharper", "actions": actions},
    )
    assert_lands_on_form(page, path, "Keep it to at most 10 coaching actions.")
    assert "Action 10" in page  # every line typed is still there
    with app.app_context():
        goal = db.session.get(Goal, development_goal)
        assert (goal.outcome, goal.coaching_actions) == (
            "Strengthen Discovery",
            ["Shadow two calls"],
        )


def test_a_refused_check_in_rating_lands_on_its_check_in(app, client, login, plan_refs):
    login(plan_refs.new_hire)
    path = f"/onboarding/plans/{plan_refs.plan_id}/checkins/30/rate"
    page = _refused(client, path, {"comment": "Fine"})
    assert_lands_on_form(page, path, "Choose on track, at risk or off track.")

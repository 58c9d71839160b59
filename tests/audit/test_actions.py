"""Every audit action has words: the log reads "Phase signed off", not a code."""

from __future__ import annotations

import ast
import re
import typing
from pathlib import Path

from hiring.applications.states import Step
from hiring.audit.actions import ACTION_LABELS, action_label, change_value
from hiring.audit.services import record
from hiring.auth.models import User
from hiring.auth.tokens import Purpose
from hiring.db import db

HIRING = Path(__file__).resolve().parents[2] / "hiring"


def _record_calls() -> tuple[set[str], set[str]]:
    """The literal action codes and the f-string templates passed to ``record`` anywhere."""
    codes: set[str] = set()
    templates: set[str] = set()
    for path in HIRING.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "record"
                and node.args
            ):
                continue
            argument = node.args[0]
            branches = (
                [argument.body, argument.orelse] if isinstance(argument, ast.IfExp) else [argument]
            )
            for branch in branches:
                if isinstance(branch, ast.Constant):
                    codes.add(branch.value)
                else:
                    templates.add(ast.unparse(branch))
    return codes, templates


def _plan_actions() -> set[str]:
    """The actions plan edits pass to ``PlanEdit.done("...")``."""
    found: set[str] = set()
    for path in (HIRING / "positions").rglob("*.py"):
        found |= set(re.findall(r'\.done\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    return found


def test_every_recorded_action_has_words():
    codes, templates = _record_calls()
    expansions = {
        "f'application.{step.value}'": {f"application.{s.value}" for s in Step},
        "f'user.{purpose}_sent'": {f"user.{p}_sent" for p in typing.get_args(Purpose)},
        "f'plan.{action}'": {f"plan.{a}" for a in _plan_actions()},
    }
    # A new computed action name must be listed here (and its words added) to pass.
    assert templates == set(expansions)
    every = codes.union(*expansions.values())
    assert len(every) > 50
    assert sorted(every - set(ACTION_LABELS)) == []
    assert all(not label[0].islower() and "_" not in label for label in ACTION_LABELS.values())


def test_an_unknown_code_is_spelled_out_not_shown_raw():
    assert action_label("onboarding.phase_signed_off") == "Phase signed off"
    assert action_label("plan.stage_renamed") == "Plan: stage renamed"
    assert action_label("legacy") == "Legacy"


def test_the_log_shows_words_with_the_code_beside_them(app, client, login):
    admin = login(roles=["admin"])
    with app.app_context():
        record(
            "onboarding.phase_signed_off",
            None,
            actor=db.session.get(User, admin.id),
            object_type="onboarding_plans",
            label="Noah Kim: AE 30/60/90",
            after={"phase": "Learn", "note": "x" * 400},
        )
        db.session.commit()
    page = client.get("/admin/audit/").get_data(as_text=True)
    row = re.search(
        r"<td data-label=\"Action\">Phase signed off<span class=\"cell-sub\"><code>onboarding.phase_signed_off</code></span></td>",
        page,
    )
    assert row is not None
    assert '<option value="onboarding.phase_signed_off">Phase signed off</option>' in page
    assert '<table class="audit-log">' in page
    assert '<th scope="row">Phase</th>' in page  # the changed fields in words too


def test_change_values_read_like_the_rest_of_the_page(app):
    with app.test_request_context():
        assert (
            change_value("2026-12-02T16:00:00+00:00")
            == "Wed 2 Dec 2026, 16:00\N{NO-BREAK SPACE}UTC"
        )
        assert change_value(["b@x.test", "2026-12-02"]) == "b@x.test, 2026-12-02"
        assert change_value("2026-12-02T25:00:00+00:00") == "2026-12-02T25:00:00+00:00"
        assert change_value(3) == "3"

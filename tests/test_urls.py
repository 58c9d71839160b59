"""Templates' ``url_for`` keeps the addresses it built (hiring/urls.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from flask import Flask

from hiring import urls


def _counting(app: Flask) -> tuple[Any, list[str]]:
    built: list[str] = []

    def build(endpoint: str, **values: Any) -> str:
        built.append(endpoint)
        return app.url_for(endpoint, **values)

    return urls.kept_url_for(build), built


def test_an_address_is_routed_once_and_reads_as_flask_builds_it(app):
    url_for, built = _counting(app)
    with app.test_request_context("/"):
        for _ in range(3):
            assert url_for("static", filename="css/app.css") == app.url_for(
                "static", filename="css/app.css"
            )
            assert url_for("onboarding.plan", plan_id=4, _anchor="goals") == (
                "/onboarding/plans/4#goals"
            )
        assert "?v=" in url_for("static", filename="css/app.css")
        assert built == ["static", "onboarding.plan"]
        # Other values are other addresses, and a value's type counts: True is not 1.
        assert url_for("onboarding.plan", plan_id=5) == "/onboarding/plans/5"
        assert url_for("candidates.index", page=1) != url_for("candidates.index", page=True)


def test_a_mounted_app_keeps_its_own_prefix(app):
    url_for, _built = _counting(app)
    with app.test_request_context("/"):
        assert url_for("home.index") == "/"
    with app.test_request_context("/", base_url="http://localhost/hiring"):
        assert url_for("home.index") == "/hiring/"


def test_what_depends_on_more_than_its_values_is_routed_every_time(app):
    url_for, built = _counting(app)
    with app.test_request_context("/onboarding/"):
        for _ in range(2):
            url_for("home.index", _external=True)
            url_for("debriefs.compare", position_id=1, pick=[2, 3])
            url_for("onboarding.plan", plan_id=1, tag=Decimal("1.5"))
    assert built == ["home.index", "debriefs.compare", "onboarding.plan"] * 2
    with app.app_context(), pytest.raises(RuntimeError, match="SERVER_NAME"):
        url_for("home.index")  # outside a request (an e-mail): Flask's own, every time
    assert len(built) == 7


def test_only_the_most_recent_addresses_are_kept(app, monkeypatch):
    monkeypatch.setattr(urls, "KEPT", 3)
    url_for, built = _counting(app)
    with app.test_request_context("/"):
        for plan_id in (1, 2, 3, 4, 1):
            url_for("onboarding.plan", plan_id=plan_id)
    assert len(built) == 5  # plan 1 was dropped when plan 4 came in


def test_templates_use_it_but_not_in_debug_mode(app):
    assert app.jinja_env.globals["url_for"] is not app.url_for
    debug = Flask(__name__)
    debug.debug = True
    urls.install(debug)
    assert debug.jinja_env.globals["url_for"] == debug.url_for

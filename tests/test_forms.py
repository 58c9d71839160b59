"""Helpers in ``hiring.forms`` that every page's forms lean on."""

from __future__ import annotations

from unittest import mock

import flask_wtf.csrf
import pytest
from flask import render_template_string


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_a_page_of_many_forms_makes_its_csrf_token_once_and_the_token_is_valid(app):
    """Templates call ``csrf_token()`` once per hand-written form (a board card, a plan item):
    the token is made once per request, then read back, and it is the one Flask-WTF checks."""
    with app.test_request_context("/"):
        with mock.patch(
            "hiring.forms.generate_csrf", wraps=flask_wtf.csrf.generate_csrf
        ) as generate:
            page = render_template_string("{% for _ in range(40) %}{{ csrf_token() }} {% endfor %}")
        tokens = set(page.split())
        assert generate.call_count == 1
        assert len(tokens) == 1
        flask_wtf.csrf.validate_csrf(tokens.pop())  # raises when the token is not valid

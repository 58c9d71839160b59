"""Structured hiring and 30/60/90-day onboarding, as a Flask application."""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path
from typing import Any

import click
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from hiring.settings import PROJECT_ROOT, load_config

__version__ = "0.1.0"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build a configured application; tests pass ``test_config`` to stay hermetic."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        # Deployments may keep config and the SQLite file outside the checkout.
        instance_path=os.environ.get("HIRING_INSTANCE_PATH") or None,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    load_config(app, test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _configure_logging(app)
    if app.config["TRUSTED_PROXIES"]:
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops
        )

    from hiring.converters import BoundedIntegerConverter

    app.url_map.converters["int"] = BoundedIntegerConverter
    _register_extensions(app)
    _register_blueprints(app)

    from hiring import (
        cli,
        errors,
        forms,
        navigation,
        permissions,
        ratelimit,
        security_headers,
        static_files,
        urls,
    )

    ratelimit.check_only_where_declared(app)
    _register_template_helpers(app)
    urls.install(app)
    errors.register(app)
    forms.install_input_limits(app)
    security_headers.register(app)
    static_files.register(app)
    permissions.install_access_gate(app)
    navigation.register(app)
    cli.register(app)
    _warm_templates(app)
    _settle_startup_objects(app)
    return app


def _warm_templates(app: Flask) -> None:
    """Compile every template before a server takes its first request.

    Jinja compiles a template the first time it is rendered: some 20 ms each, 1.1 s for all
    of them, paid by the first visitors of each page after every start (a deploy, a worker
    recycled by gunicorn), and about 3 % of a worker's time in its first minute under load.
    Servers only: tests and ``flask run --debug`` reload templates as they change, and a
    command (``flask jobs worker``, ``flask seed-demo``...) runs inside click's context and
    renders few templates, if any.
    """
    if app.testing or app.debug or click.get_current_context(silent=True) is not None:
        return
    for name in app.jinja_env.list_templates(extensions=("html", "txt", "ics")):
        app.jinja_env.get_template(name)


#: Allocations between young-generation collections (CPython's default is 700). A request
#: allocates tens of thousands of short-lived objects (rows, ORM states, template strings).
GC_YOUNG_THRESHOLD = 10_000


def _settle_startup_objects(app: Flask) -> None:
    """Keep the garbage collector off what start-up built (modules, mappers, the templates
    ``_warm_templates`` compiled: some 400,000 objects that live as long as the process).

    Measured on the demo mix: a full collection walked all of them for 0.25 s in the middle of
    a request, and young collections ran every few hundred allocations; frozen, and collected
    every 10,000 allocations, the collector's share of a request fell from 3-9 % to about 1 %.
    Servers only: tests build many apps in one process, and freezing would keep each of them.
    """
    if app.testing or app.debug:
        return
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def chart_x(value: float, top: int, left: float, width: float) -> float:
    """The x position of ``value`` on a 1..``top`` rating axis drawn from ``left``."""
    return round(left + (value - 1) / (top - 1) * width, 1)


#: Areas whose ``permissions.py`` templates read, as ``permissions.<area>.can_...(user, obj)``:
#: the one way a template asks a rule, so no rule is ever written twice.
RULE_AREAS = (
    "users",
    "library",
    "positions",
    "candidates",
    "applications",
    "interviews",
    "scorecards",
    "debriefs",
    "onboarding",
    "coaching",
    "analytics",
)


def _register_template_helpers(app: Flask) -> None:
    """Permission predicates and helpers every template may use."""
    from importlib import import_module
    from importlib.util import find_spec
    from types import SimpleNamespace

    from hiring import forms, timezones, zone_picker
    from hiring.applications.board_markup import board_cards
    from hiring.audit.actions import action_label, change_value
    from hiring.auth.models import Role
    from hiring.db import utcnow
    from hiring.interviews import queries as interview_queries
    from hiring.library.markup import rating_options
    from hiring.onboarding.charts import goal_chart

    rules = {
        area: import_module(f"hiring.{area}.permissions")
        for area in RULE_AREAS
        if find_spec(f"hiring.{area}.permissions") is not None
    }
    app.jinja_env.globals.update(
        Role=Role,
        permissions=SimpleNamespace(**rules),
        application_interviews=interview_queries.application_interviews,
        board_cards=board_cards,
        now_utc=utcnow,
        chart_x=chart_x,
        goal_chart=goal_chart,
        reader_zone=timezones.reader_zone,
        time_tag=timezones.time_tag,
        booked_time=timezones.booked_time,
        zone_options=zone_picker.options_markup,
        rating_options=rating_options,
        csrf_token=forms.csrf_token,
        typed=forms.typed,
        problem=forms.problem,
    )
    # Flask-WTF offers its own csrf_token to every render through a context processor too;
    # this one, registered later, wins (see ``forms.csrf_token``).
    app.context_processor(lambda: {"csrf_token": forms.csrf_token})
    app.jinja_env.filters.update(
        # Date-times in the reader's zone, zone named (see hiring/timezones.py).
        moment=timezones.format_moment,
        moment_title=timezones.zone_title,
        place_time=timezones.place_time,
        local_date=timezones.local_date,
        # Audit codes in words and recorded values readable, wherever the log is shown.
        action_label=action_label,
        change_value=change_value,
        # Plain dates, one way everywhere: "Mon 7 Dec 2026", "Mon 7 Dec".
        day=timezones.day,
        short_day=timezones.short_day,
        long_day=timezones.long_day,
    )


def _configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(
            level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    logging.getLogger("hiring").setLevel(logging.INFO)


def _register_extensions(app: Flask) -> None:
    import hiring.models  # noqa: F401 - every table registered before anything queries
    from hiring import jobs
    from hiring.auth import login as auth_login
    from hiring.extensions import cache, compress, csrf, db, limiter, migrate

    if app.config["CACHE_TYPE"] == "FileSystemCache" and not app.config["CACHE_DIR"]:
        app.config["CACHE_DIR"] = str(Path(app.instance_path) / "packet-cache")
    cache.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    auth_login.init_app(app)
    compress.init_app(app)
    jobs.init_app(app)


#: Every blueprint, by the module that defines it. Areas never import their own views from
#: their package ``__init__``, so reading a domain's models or services loads no pages.
BLUEPRINTS = (
    "hiring.home.views:bp",
    "hiring.auth.views:bp",
    "hiring.users.views:bp",
    "hiring.audit.views:bp",
    "hiring.mail.views:bp",
    "hiring.library.views:bp",
    "hiring.positions.views:bp",
    "hiring.candidates.views:bp",
    "hiring.applications.views:bp",
    "hiring.interviews.views:bp",
    "hiring.scorecards.views:bp",
    "hiring.debriefs.views:bp",
    "hiring.onboarding.views:bp",
    "hiring.onboarding.views:calendar_bp",
    "hiring.coaching.views:bp",
    "hiring.analytics.views:bp",
    "hiring.analytics.views_selfid:public_bp",
    "hiring.packets.views:bp",
    "hiring.training.views:bp",
)


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    from flask import Blueprint

    from hiring import transaction

    for spec in BLUEPRINTS:
        module_name, _, attribute = spec.partition(":")
        blueprint = getattr(import_module(module_name), attribute)
        assert isinstance(blueprint, Blueprint), spec
        app.register_blueprint(blueprint)
    transaction.install(app)
    # Accounts never import coaching: a change of manager reaches it through a signal.
    from hiring.coaching.services import handover

    handover.listen()

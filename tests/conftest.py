"""Shared fixtures: a migrated database per test run, an app per test, clients, and one fixture
per builder in ``tests.builders`` (the only place test data is built).

The database backend (SQLite, or PostgreSQL via ``HIRING_TEST_DATABASE_URL``) is chosen in
``tests.support.harness``. Area conftests add nothing of their own that another area needs: every
shared fixture is here, so no conftest imports another.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, make_url, select

from hiring import create_app
from hiring.db import db
from hiring.debriefs.models import Decision
from tests import builders
from tests.support import summaries
from tests.support.harness import (
    POSTGRES_URL,
    REDIS_URL,
    REQUIRE_POSTGRES,
    REQUIRE_REDIS,
    DatabaseFactory,
    demo_app_on,
    empty_all_tables,
    migrate_to_head,
    test_config,
)
from tests.support.html_check import PageChecker
from tests.support.library_files import write_library

#: Checks every HTML page any test's app renders (see ``tests.support.html_check``).
PAGE_CHECKER = PageChecker()


def pytest_report_header() -> str:
    backend = make_url(POSTGRES_URL).render_as_string() if POSTGRES_URL else "SQLite"
    return f"hiring test database: {backend}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/packets renders PDFs: mark it so ``make test-fast`` skips it."""
    packets = Path(__file__).parent / "packets"
    for item in items:
        if packets in item.path.parents:
            item.add_marker(pytest.mark.pdf)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    PAGE_CHECKER.take()  # a problem belongs to the test that rendered the page
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """Fail the test when a page it (or its fixtures) rendered has a duplicate or dangling id."""
    result = yield
    problems = PAGE_CHECKER.take()
    if problems:
        pytest.fail("pages with id problems:\n  " + "\n  ".join(problems), pytrace=False)
    return result


def _page_check_summary() -> list[str]:
    return [PAGE_CHECKER.summary()] if PAGE_CHECKER.pages_checked else []


summaries.add_source(_page_check_summary)
#: Summary lines the xdist workers handed over, by worker name.
_WORKERS_LINES: dict[str, list[str]] = {}


def pytest_sessionfinish(session: pytest.Session) -> None:
    worker_output = getattr(session.config, "workeroutput", None)
    if worker_output is not None:  # an xdist worker: the controller prints our lines
        worker_output["summary_lines"] = summaries.lines_of_this_process()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    lines = getattr(node, "workeroutput", {}).get("summary_lines", [])
    _WORKERS_LINES[node.gateway.id] = [f"[{node.gateway.id}] {line}" for line in lines]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    workers = [line for _worker, lines in sorted(_WORKERS_LINES.items()) for line in lines]
    for line in summaries.lines_of_this_process() + workers:
        terminalreporter.write_line(line)


def pytest_configure(config: pytest.Config) -> None:
    if REQUIRE_POSTGRES and not POSTGRES_URL:
        raise pytest.UsageError(
            "HIRING_REQUIRE_POSTGRES=1 but HIRING_TEST_DATABASE_URL is not set."
        )
    if REQUIRE_REDIS and not REDIS_URL:
        raise pytest.UsageError("HIRING_REQUIRE_REDIS=1 but HIRING_TEST_REDIS_URL is not set.")


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("databases"))
    yield factory
    factory.drop_all()


@pytest.fixture(scope="session")
def database_url(databases: DatabaseFactory) -> str:
    """One migrated database shared by the run; tests leave it empty (see ``app``)."""
    url = databases.create("main")
    migrate_to_head(url)
    return url


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Per-test overrides for the app's configuration (override this fixture or mutate it)."""
    return {}


@pytest.fixture
def app(database_url: str, app_config: dict[str, Any]) -> Iterator[Flask]:
    application = create_app(test_config(database_url, **app_config))
    application.after_request(PAGE_CHECKER.after_request)
    yield application
    with application.app_context():
        db.session.remove()
        empty_all_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def demo_app(databases: DatabaseFactory) -> Iterator[Flask]:
    """An app on a database of its own holding the demo organisation, seeded once per run
    (per worker): seeding takes seconds, so the tests that read the demo share it. They must
    leave it as they found it; signing in (a session row) is fine. The seeding command itself
    is tested in ``tests/test_cli.py``."""
    with demo_app_on(databases, "demo", PAGE_CHECKER) as application:
        yield application


@pytest.fixture
def demo_client(demo_app: Flask) -> FlaskClient:
    return demo_app.test_client()


@pytest.fixture
def page_checker() -> PageChecker:
    """The checker every test's app reports to, for the tests of the checker itself."""
    return PAGE_CHECKER


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_user(app: Flask) -> Callable[..., builders.UserRef]:
    def _make(**kwargs: Any) -> builders.UserRef:
        with app.app_context():
            return builders.user(**kwargs)

    return _make


Login = Callable[..., Any]


@pytest.fixture
def login(client: FlaskClient, make_user: Callable[..., builders.UserRef]) -> Login:
    """``login(user_ref)`` or ``login(roles=[...])``: sign the client in; return the user."""

    def _login(user: builders.UserRef | None = None, **kwargs: Any) -> builders.UserRef:
        return builders.log_in(client, user or make_user(**kwargs))

    return _login


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []
        #: Each statement's parameters, in the same order (to ask the database for its plan).
        self.parameters: list[Any] = []

    def ran(self, containing: str) -> list[tuple[str, Any]]:
        """(statement, parameters) of each statement whose SQL contains ``containing``."""
        pairs = zip(self.statements, self.parameters, strict=True)
        return [(s, p) for s, p in pairs if containing in s]

    @property
    def count(self) -> int:
        return len(self.statements)

    def __repr__(self) -> str:
        return f"<{self.count} queries:\n" + "\n".join(self.statements) + ">"


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], Any]:
    """``with count_queries() as q: client.get(...)``; then ``q.count`` SQL statements ran."""

    @contextmanager
    def _count() -> Iterator[QueryCounter]:
        counter = QueryCounter()
        with app.app_context():
            engine = db.engine

        def before_cursor_execute(*args: Any) -> None:
            counter.statements.append(args[2])
            counter.parameters.append(args[3])

        event.listen(engine, "before_cursor_execute", before_cursor_execute)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before_cursor_execute)

    return _count


@pytest.fixture
def query_plan(app: Flask) -> Callable[[str, Any], list[str]]:
    """``query_plan(statement, parameters)``: the steps of SQLite's plan for a statement a
    page ran (``count_queries``), to check it reads along an index; skips on PostgreSQL."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        pytest.skip("reads SQLite's query plan")

    def plan(statement: str, parameters: Any) -> list[str]:
        with engine.connect() as connection:
            explained = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            return [row[-1] for row in explained]

    return plan


@pytest.fixture
def relationship_loads(app: Flask) -> Callable[[], Any]:
    """``with relationship_loads() as loads: client.get(...)``; then ``loads`` names every
    relationship the ORM read by a query of its own (a lazy or selectin load): each builds
    its statement and cache key on every request, where a statement built once does not."""

    @contextmanager
    def _watch() -> Iterator[list[str]]:
        loads: list[str] = []

        def seen(state: Any) -> None:
            if state.is_relationship_load:
                loads.append(str(state.loader_strategy_path))

        with app.app_context():
            event.listen(db.session, "do_orm_execute", seen)
            try:
                yield loads
            finally:
                event.remove(db.session, "do_orm_execute", seen)

    return _watch


# --- Domain data: one fixture per builder (see tests/builders.py) -------------------------------


@pytest.fixture
def loaded_library(app: Flask, tmp_path: Path) -> Path:
    """The small test library, loaded into the database; returns its directory."""
    directory = write_library(tmp_path / "scorecards")
    with app.app_context():
        return builders.library(directory)


@pytest.fixture
def make_position(app: Flask, loaded_library: Path) -> Callable[..., builders.PositionRef]:
    """Open a position on the test library's Account Executive profile."""

    def _make(
        manager: builders.UserRef | None = None,
        recruiter: builders.UserRef | None = None,
        title: str = "Account Executive",
    ) -> builders.PositionRef:
        with app.app_context():
            return builders.position(manager=manager, recruiter=recruiter, title=title)

    return _make


@pytest.fixture
def staff(make_user: Callable[..., builders.UserRef]) -> Callable[[], builders.UserRef]:
    """A recruiter who performs set-up actions (created once per test, on first use)."""
    made: dict[str, builders.UserRef] = {}

    def _get() -> builders.UserRef:
        if "user" not in made:
            made["user"] = make_user(roles=["recruiter"], name="Setup Recruiter")
        return made["user"]

    return _get


@pytest.fixture
def make_candidate(
    app: Flask, staff: Callable[[], builders.UserRef]
) -> Callable[..., builders.CandidateRef]:
    """A candidate added by the set-up recruiter."""

    def _make(
        name: str | None = None, email: str | None = None, **values: Any
    ) -> builders.CandidateRef:
        actor = staff()
        with app.app_context():
            return builders.candidate(actor_id=actor.id, name=name, email=email, **values)

    return _make


@pytest.fixture
def make_application(
    app: Flask, make_position: Callable[..., builders.PositionRef]
) -> Callable[..., builders.ApplicationRef]:
    """An application inserted as bare rows (no event, no audit) for a new candidate ``name``,
    for tests about interviews and later steps. ``add_application`` is the recruiter's way."""

    def _make(
        position: builders.PositionRef | None = None, name: str | None = None
    ) -> builders.ApplicationRef:
        position = position or make_position()
        with app.app_context():
            return builders.application(position.id, name=name)

    return _make


@pytest.fixture
def add_application(
    app: Flask,
    staff: Callable[[], builders.UserRef],
    make_candidate: Callable[..., builders.CandidateRef],
    make_position: Callable[..., builders.PositionRef],
) -> Callable[..., builders.ApplicationRef]:
    """The set-up recruiter adds a candidate to a position (``applications.services``): it starts
    at "New" with its "created" event, then moves to ``stage_index``/``status`` if given."""

    def _add(
        candidate: builders.CandidateRef | None = None,
        position: builders.PositionRef | None = None,
        stage_index: int | None = None,
        status: Any = None,
        reason: str = "",
    ) -> builders.ApplicationRef:
        candidate = candidate or make_candidate()
        position = position or make_position()
        actor = staff()
        with app.app_context():
            return builders.application(
                position.id,
                candidate=candidate,
                added_by=actor.id,
                stage_index=stage_index,
                status=status,
                reason=reason,
            )

    return _add


@pytest.fixture
def assign_interviewer(app: Flask) -> Callable[..., int]:
    """Put ``user`` on an interview (first stage) of ``application``; returns the interview id."""

    def _assign(application: builders.ApplicationRef, user: builders.UserRef) -> int:
        with app.app_context():
            return builders.assigned_interview(application.id, user.id)

    return _assign


@pytest.fixture
def schedule(
    app: Flask, make_application: Callable[..., builders.ApplicationRef]
) -> Callable[..., builders.InterviewRef]:
    """Book stage ``stage`` for an application; by default it ended two days ago."""

    def _make(
        interviewers: list[builders.UserRef],
        application: builders.ApplicationRef | None = None,
        stage: int = 1,
        starts_in: timedelta = timedelta(days=-2),
    ) -> builders.InterviewRef:
        application = application or make_application()
        with app.app_context():
            return builders.interview(application, interviewers, stage=stage, starts_in=starts_in)

    return _make


@pytest.fixture
def panel(app: Flask, client: FlaskClient, loaded_library: Path) -> builders.Panel:
    """Marcus Bell: Jamie (discovery 4, strong yes) and Sam (discovery 2, no) submitted."""
    return builders.panel(app, client)


@pytest.fixture
def hired(
    app: Flask, client: FlaskClient, panel: builders.Panel
) -> tuple[builders.UserRef, builders.ApplicationRef, int]:
    """A hire decision for Marcus Bell, made by the hiring manager (who is signed in)."""
    builders.log_in(client, panel.manager)
    builders.decide(
        client,
        panel.application.id,
        outcome="hire",
        rationale="Strong.",
        start_date="2027-01-11",
        # The panel fixture books one stage of three: a decision before the rest is in.
        decide_now_reason="Hired on the behavioural stage alone.",
    )
    with app.app_context():
        decision_id = db.session.scalar(select(Decision.id))
    assert decision_id is not None
    return panel.manager, panel.application, decision_id


@pytest.fixture
def make_plan(app: Flask, loaded_library: Path) -> Callable[..., builders.PlanRef]:
    """Noah Kim's onboarding plan (manager Morgan Patel); returns (manager, new_hire, plan_id)."""

    def _make(start: date | None = None, buddy: builders.UserRef | None = None) -> builders.PlanRef:
        with app.app_context():
            return builders.onboarding_plan(start=start, buddy=buddy)

    return _make


@pytest.fixture
def qualify(app: Flask, loaded_library: Path) -> Callable[..., None]:
    """Sign people off for competencies (every one in the library by default), so scheduling
    them through the page is not held up by the qualification warning (issue #17)."""

    def _qualify(*people: builders.UserRef, keys: Sequence[str] = ()) -> None:
        with app.app_context():
            admin = builders.user(roles=["admin"], name="Avery Admin")
            for person in people:
                builders.qualify(person, *keys, by=admin)

    return _qualify

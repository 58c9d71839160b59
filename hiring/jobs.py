"""The job queue: everything slow or external (mail, reminders, packet batches) runs here,
never inside a request.

It is Huey (https://huey.readthedocs.io/). Where jobs wait is set by ``JOBS_URL``:

* unset (the default): beside the app's own database, so no extra server is needed. On the
  embedded SQLite default that is ``instance/jobs.sqlite3``; on PostgreSQL it is three
  ``jobs_queue_*`` tables in the same database, shared by every app server and worker.
* ``redis://host:6379/0``: Redis, for a company whose workers outgrow the database.
* ``sqlite:///path`` or ``postgresql://…``: that store explicitly.

A request only enqueues, and only after its transaction commits (``enqueue_after_commit``),
so a job never looks for a row that is not there yet and never runs for a change that was
rolled back. ``flask --app hiring jobs worker`` runs the jobs (``make run`` starts one beside
the app); each job runs in its own app context and transaction, committed when it returns.

``JOBS_IMMEDIATE`` runs each job at once in the process that enqueued it (the tests do, so a
test sees the job's effect without a worker).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import wraps
from importlib import import_module
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from flask import Flask, current_app, g, has_app_context
from huey import Huey, crontab
from huey.api import TaskWrapper
from huey.storage import MemoryStorage, PostgresStorage, RedisStorage, SqliteStorage

from hiring.db import db
from hiring.transaction import IN_JOB, after_commit, run_after_commit

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

#: The queue. Its store is chosen per app by ``init_app`` (one app per worker process).
queue = Huey("hiring", results=False, utc=True, storage_class=MemoryStorage)

#: Seconds between the worker's heartbeats, and how old one may be before the health check
#: reports that no worker is running.
HEARTBEAT_EVERY = 60
HEARTBEAT_STALE_AFTER = 3 * HEARTBEAT_EVERY
_HEARTBEAT_KEY = "worker-heartbeat"
#: On PostgreSQL the queue keeps its own tables (``jobs_queue_task``, ``_schedule``, ``_kv``,
#: ``_counter``) in the app's database; Huey creates them, so migrations leave them alone.
QUEUE_TABLE_PREFIX = "jobs_queue"

_worker_app: Flask | None = None


def store_for(app: Flask) -> tuple[type[Any], dict[str, Any], str]:
    """The Huey storage class, its arguments and a short name for ``app``'s ``JOBS_URL``."""
    url = app.config.get("JOBS_URL") or _default_url(app)
    if url.startswith("memory://"):
        return MemoryStorage, {}, "memory"
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage, {"url": url}, "redis"
    if url.startswith(("postgres://", "postgresql://", "postgresql+psycopg://")):
        dsn = "postgresql://" + url.split("://", 1)[1]
        return PostgresStorage, {"dsn": dsn, "table_prefix": QUEUE_TABLE_PREFIX}, "postgresql"
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_absolute():
            path = Path(app.instance_path) / path
        return SqliteStorage, {"filename": str(path)}, "sqlite"
    raise ValueError(
        f"JOBS_URL {url!r} is not understood: use redis://, postgresql://, sqlite:/// or memory://"
    )


def _default_url(app: Flask) -> str:
    database_url = str(app.config["SQLALCHEMY_DATABASE_URI"])
    if database_url.startswith("postgresql"):
        return database_url
    return "sqlite:///jobs.sqlite3"


def is_queue_table(name: str | None) -> bool:
    """True for the queue's own tables (Alembic's autogenerate skips them)."""
    return bool(name) and str(name).startswith(QUEUE_TABLE_PREFIX + "_")


def init_app(app: Flask) -> None:
    """Point the queue at ``app``'s store; jobs run by a worker use ``app``."""
    global _worker_app
    storage_class, arguments, backend = store_for(app)
    immediate = bool(app.config.get("JOBS_IMMEDIATE"))
    app.extensions["hiring.jobs"] = {"backend": "immediate" if immediate else backend}
    _worker_app = app
    queue.storage_class = storage_class
    queue.storage_kwargs = arguments
    # Immediate mode keeps its jobs in memory; anything else opens the configured store.
    queue._immediate = immediate
    queue.storage = queue.create_storage()
    # The periodic jobs (reminders, the mail sweep) live beside what they call; importing
    # them registers them with every process, so a worker knows them.
    import_module("hiring.schedule")


def job(
    *, retries: int = 0, retry_delay: int = 0, name: str | None = None
) -> Callable[[Callable[P, R]], TaskWrapper]:
    """Declare a job: ``fn`` runs in its own app context and transaction.

    The transaction commits when ``fn`` returns (then what it asked to run after the commit
    runs, such as mail delivery) and rolls back when it raises; Huey retries it
    ``retries`` times, ``retry_delay`` seconds apart.
    """

    def declare(fn: Callable[P, R]) -> TaskWrapper:
        task_name = name or fn.__name__
        return queue.task(retries=retries, retry_delay=retry_delay, name=task_name)(
            _in_own_transaction(fn, task_name)
        )

    return declare


def periodic(schedule: Any, *, name: str) -> Callable[[Callable[[], R]], TaskWrapper]:
    """Declare a job that the worker enqueues on ``schedule`` (``huey.crontab``).

    Every worker started without ``--no-periodic`` enqueues it, so a periodic job must be
    harmless when two workers run it at the same moment.
    """

    def declare(fn: Callable[[], R]) -> TaskWrapper:
        return queue.periodic_task(schedule, name=name)(_in_own_transaction(fn, name))

    return declare


def _in_own_transaction(fn: Callable[P, R], name: str) -> Callable[P, R]:
    @wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        started = time.monotonic()
        # A context of its own: its own session, even when run at once inside a request.
        with _app().app_context():
            g.setdefault(IN_JOB, True)
            try:
                result = fn(*args, **kwargs)
                db.session.commit()
            except BaseException:
                db.session.rollback()
                raise
            run_after_commit()
        # What ran, readable in the worker's log (Huey's own lines name only a task id).
        shown = ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])
        outcome = "" if result is None else f": {result!r}"
        logger.info("job %s(%s) done in %.2f s%s", name, shown, time.monotonic() - started, outcome)
        return result

    return run


def _app() -> Flask:
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]
    if _worker_app is None:
        raise RuntimeError("the job queue has no app: call hiring.jobs.init_app first")
    return _worker_app


@contextmanager
def exclusive(name: str, *, stale_after: timedelta) -> Iterator[bool]:
    """Hold the lock ``name`` in the queue's store for the block: yields True, or False (and
    holds nothing) while another worker holds it.

    Huey's ``lock_task`` would do, but on the SQLite and PostgreSQL stores its lock never
    expires, so a worker killed while holding it would stop every later run for good. This one
    records when it was taken; one older than ``stale_after`` (choose it well beyond what the
    block can take) belongs to a dead worker and is taken over. Two workers taking over the
    same stale lock at the same moment may both run the block, so the block must still be
    harmless when run twice at once; the lock keeps that from being the usual case.
    """
    key = f"lock.{name}"
    now = time.time()
    if not queue.put_if_empty(key, now):
        taken = queue.get(key, peek=True)
        if taken is not None and now - float(taken) < stale_after.total_seconds():
            yield False
            return
        logger.warning("lock %s was left by a stopped worker; taking it over", name)
        queue.put(key, now)
    try:
        yield True
    finally:
        queue.delete(key)


def enqueue_after_commit(task: TaskWrapper, *args: Any, **kwargs: Any) -> None:
    """Enqueue ``task`` once the current request's or job's transaction has committed.

    Outside a request or a job (the CLI, a test calling a service) it is enqueued now: the
    caller commits first.
    """
    if after_commit(lambda: task(*args, **kwargs)):
        return
    task(*args, **kwargs)


# The worker's heartbeat, for the health check ------------------------------------------------


@queue.periodic_task(crontab(minute="*"), name="heartbeat")  # type: ignore[untyped-decorator]
def heartbeat() -> None:
    """Say the worker is alive (every minute, in the queue's own store)."""
    queue.put(_HEARTBEAT_KEY, time.time())


def status() -> dict[str, Any]:
    """The queue as the health check reports it: its store, what waits, and the worker."""
    backend = current_app.extensions["hiring.jobs"]["backend"]
    if backend == "immediate":
        return {"backend": backend, "status": "ok", "pending": 0}
    try:
        pending = queue.pending_count()
        scheduled = queue.scheduled_count()
        beat = queue.get(_HEARTBEAT_KEY, peek=True)
    except Exception as exc:  # the store itself is down: report it, never fail the page
        logger.warning("job queue unreachable: %s", exc)
        return {"backend": backend, "status": "unreachable"}
    seen = None if beat is None else int(time.time() - float(beat))
    alive = seen is not None and seen <= HEARTBEAT_STALE_AFTER
    return {
        "backend": backend,
        "status": "ok" if alive else "no worker",
        "pending": pending,
        "scheduled": scheduled,
        "worker_seen_seconds_ago": seen,
    }


def run_worker(workers: int, *, periodic: bool = True) -> None:
    """Run jobs until stopped: SIGINT (Ctrl+C) lets the running jobs finish; SIGTERM stops at
    once, and a job it cuts short is not run again (mail it was sending comes back through
    the sweep once its claim expires). Jobs still waiting stay in the store either way."""
    _log_to_console()
    queue.put(_HEARTBEAT_KEY, time.time())
    consumer = queue.create_consumer(
        workers=workers, worker_type="thread", periodic=periodic, check_worker_health=True
    )
    consumer.run()


def _log_to_console() -> None:
    """One line per job at INFO, marked "worker" so it reads apart from the app's log."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("%(asctime)s worker %(levelname)s %(name)s: %(message)s", "%H:%M:%S")
    )
    for name, level in (
        ("hiring", logging.INFO),
        ("huey", logging.WARNING),  # its "Executing <task id>" repeats what the job logs
        ("huey.consumer", logging.INFO),  # started, stopping, workers
        ("huey.consumer.Scheduler", logging.WARNING),  # "Enqueueing periodic task" each minute
    ):
        logging.getLogger(name).setLevel(level)
    for name in ("hiring", "huey"):
        target = logging.getLogger(name)
        target.addHandler(handler)
        target.propagate = False

"""Command-line tasks: ``flask --app hiring <command>``."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from hiring.auth import services as accounts
from hiring.auth.models import Role, User
from hiring.db import db
from hiring.domain import DomainError
from hiring.mail.services import deliver_pending


def register(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(users_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(reminders_cli)
    app.cli.add_command(jobs_cli)

    from hiring.library.cli import library_cli

    app.cli.add_command(library_cli)

    from hiring.packets.cli import packets_cli

    app.cli.add_command(packets_cli)

    from hiring.analytics.cli import analytics_cli

    app.cli.add_command(analytics_cli)


@click.command("seed-demo")
@with_appcontext
@click.option(
    "--if-empty",
    is_flag=True,
    help="Load demo data only when the database holds no users yet (used by `make run`).",
)
def seed_demo(if_empty: bool) -> None:
    """Load the demo organisation (idempotent) and print the demo logins."""
    from hiring import demo

    has_users = bool(db.session.scalar(select(func.count(User.id))))
    if if_empty and has_users and not demo.is_loaded():
        click.echo("The database already holds users; demo data not loaded.")
        return
    created = demo.seed()
    db.session.commit()
    click.echo(f"Demo data ready ({created} new records).")
    click.echo(demo.logins_banner())


users_cli = AppGroup("users", help="Manage accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice([r.value for r in Role]),
    help="Repeat for several roles.",
)
@click.option("--manager", "manager_email", help="E-mail of the person's manager.")
@click.option("--title")
@click.password_option("--password", help="Prompted for (twice) when omitted.", prompt="Password")
def create_user(
    email: str,
    name: str,
    roles: tuple[str, ...],
    manager_email: str | None,
    title: str | None,
    password: str,
) -> None:
    """Create an account that can sign in straight away."""
    manager = None
    if manager_email:
        manager = accounts.find_by_email(manager_email)
        if manager is None:
            raise click.BadParameter(f"no user with e-mail {manager_email}", param_hint="--manager")
    try:
        user = accounts.create_user(
            email=email,
            name=name,
            roles=[Role(r) for r in roles],
            manager=manager,
            title=title,
            password=password,
            actor=None,
        )
    except DomainError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"Created {user.email} ({', '.join(r.label for r in user.sorted_roles)}).")


mail_cli = AppGroup("mail", help="Outgoing e-mail.")
reminders_cli = AppGroup(
    "reminders", help="Nudges for overdue work (the worker sends them hourly; no cron needed)."
)


@reminders_cli.command("send")
def send_reminders() -> None:
    """E-mail interviewers about overdue scorecards now (at most once a day per card), and
    both sides of tomorrow's 1:1s (once per 1:1)."""
    from hiring import schedule

    queued = schedule.send_reminders()
    meetings = schedule.send_one_on_one_reminders()
    delivered = deliver_pending(limit=1000)
    click.echo(
        f"Queued {queued} scorecard reminder{'s' if queued != 1 else ''} "
        f"and {meetings} 1:1 reminder{'s' if meetings != 1 else ''}; "
        f"sent {delivered} message{'s' if delivered != 1 else ''}."
    )


@mail_cli.command("send")
def send_mail() -> None:
    """Send every pending outbox message now (the worker does it by itself)."""
    sent = deliver_pending(limit=1000)
    click.echo(f"Sent {sent} message{'s' if sent != 1 else ''}.")


jobs_cli = AppGroup("jobs", help="The job queue: mail, reminders and packet batches.")


@jobs_cli.command("worker")
@click.option("--workers", type=click.IntRange(1, 64), help="Threads (default: JOBS_WORKERS).")
@click.option(
    "--no-periodic",
    is_flag=True,
    help="Leave the periodic jobs (reminders, mail sweep) to another worker; use it on all "
    "workers but one.",
)
def jobs_worker(workers: int | None, no_periodic: bool) -> None:
    """Run queued jobs until stopped (Ctrl+C lets running jobs finish; SIGTERM stops now)."""
    from flask import current_app

    from hiring import jobs

    jobs.run_worker(workers or int(current_app.config["JOBS_WORKERS"]), periodic=not no_periodic)


@jobs_cli.command("status")
def jobs_status() -> None:
    """Print the queue's store, what waits in it and when a worker was last seen (JSON)."""
    import json

    from hiring import jobs

    click.echo(json.dumps(jobs.status(), indent=2))

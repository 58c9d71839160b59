"""Alembic environment, run through Flask-Migrate (``flask --app hiring db ...``)."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name is not None:
    # Keep the application's loggers working when migrations run inside tests or the app.
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def get_metadata():
    return target_db.metadatas[None]


def render_item(type_, obj, autogen_context):
    """Write our custom column types as plain SQLAlchemy types, so revisions never import
    application code (which changes over time while old revisions must keep working)."""
    from hiring.db import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def include_name(name, type_, parent_names):
    """Leave the job queue's own tables (``jobs_queue_*`` on PostgreSQL) out of autogenerate:
    Huey creates them when a worker or app server first opens the queue, not a migration."""
    from hiring.jobs import is_queue_table

    if type_ == "table":
        return not is_queue_table(name)
    return not is_queue_table(parent_names.get("table_name"))


def run_migrations_offline():
    """Emit SQL to stdout for a DBA to run (``flask db upgrade --sql``)."""
    url = target_db.engine.url.render_as_string(hide_password=False)
    context.configure(
        url=url,
        target_metadata=get_metadata(),
        literal_binds=True,
        render_item=render_item,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def process_revision_directives(context, revision, directives):
        # Never write an empty revision when autogenerate finds no change.
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    # Flask-Migrate passes compare_type=True and render_as_batch=True (SQLite cannot ALTER
    # most things; batch mode rebuilds the table instead, and is a no-op elsewhere).
    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    conf_args.setdefault("render_item", render_item)
    conf_args.setdefault("include_name", include_name)

    with target_db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode rebuilds a table by copying it and dropping the original; with
            # foreign keys enforced, dropping a table other rows point at fails. The pragma
            # only takes effect outside a transaction, so it is set before the migration
            # starts; references are checked (and any broken one reported) before it is
            # switched back on.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        context.configure(
            connection=connection,
            target_metadata=get_metadata(),
            **conf_args,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    logger.warning(
                        "%d rows point at rows that do not exist (table, rowid, parent): %s",
                        len(broken),
                        broken[:5],
                    )
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

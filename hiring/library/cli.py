"""``flask --app hiring library validate|load|export|lint``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from hiring.db import db
from hiring.library.validation import validate_directory

library_cli = AppGroup("library", help="The competency library in scorecards/.")


def _directory(directory: str | None) -> Path:
    return Path(directory or current_app.config["SCORECARDS_DIR"])


@library_cli.command("validate")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def validate(directory: str | None) -> None:
    """Check every library file; list all problems; exit 1 on any error."""
    path = _directory(directory)
    library = validate_directory(path)
    for problem in library.errors:
        click.echo(f"error: {problem}", err=True)
    for problem in library.warnings:
        click.echo(f"warning: {problem}", err=True)
    questions = sum(len(c.questions) for c in library.competencies.values())
    hypothetical = sum(
        1 for c in library.competencies.values() for q in c.questions if q.type == "hypothetical"
    )
    summary = (
        f"{len(library.competencies)} competencies ({questions} questions, "
        f"{hypothetical} hypothetical), {len(library.roles)} role profiles: "
        f"{len(library.errors)} errors, {len(library.warnings)} warnings."
    )
    if library.errors:
        click.echo(summary, err=True)
        sys.exit(1)
    click.echo(summary)


@library_cli.command("load")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def load(directory: str | None) -> None:
    """Load the library into the database; unchanged files create nothing."""
    from hiring.library.loading import load_library

    library = validate_directory(_directory(directory))
    if library.errors:
        for problem in library.errors:
            click.echo(f"error: {problem}", err=True)
        click.echo("Nothing loaded: fix the errors above first.", err=True)
        sys.exit(1)
    result = load_library(library, actor=None)
    db.session.commit()
    click.echo(str(result))


@library_cli.command("export")
def export() -> None:
    """Print the loaded library (latest versions) as JSON."""
    from hiring.library.export import export_library

    click.echo(json.dumps(export_library(), indent=2, ensure_ascii=False))


@library_cli.command("lint")
def lint_lines() -> None:
    """Lint one question per line of standard input; print one JSON object per line."""
    from hiring.library.lint import findings_as_data

    for line in sys.stdin:
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        record = {"text": text, "findings": findings_as_data(text)}
        click.echo(json.dumps(record, ensure_ascii=False))

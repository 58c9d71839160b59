"""``flask --app hiring packets render interview ID -o PATH``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from hiring.db import db

packets_cli = AppGroup("packets", help="Render PDF packets.")


@packets_cli.command("render")
@click.argument("kind", type=click.Choice(["interview"]))
@click.argument("object_id", type=int)
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False))
def render(kind: str, object_id: int, output: str) -> None:
    """Render one packet to a PDF file."""
    from hiring.interviews.queries import load_interview
    from hiring.packets import services

    interview = load_interview(object_id)
    if interview is None:
        click.echo(f"Error: no interview {object_id}.", err=True)
        sys.exit(1)
    from hiring.packets import render as renderer

    data = renderer.pdf(services.interview_packet(interview))
    Path(output).write_bytes(data)
    db.session.remove()
    click.echo(f"Wrote {output} ({len(data):,} bytes).")

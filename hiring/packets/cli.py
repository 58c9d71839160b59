"""``flask --app hiring packets render {interview|candidate|onboarding|position} ID -o PATH``."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click
from flask import current_app
from flask.cli import AppGroup

from hiring.db import db

if TYPE_CHECKING:  # WeasyPrint loads only when a packet is rendered, not with every command
    from hiring.packets.render import Packet

packets_cli = AppGroup("packets", help="Render PDF packets.")

KINDS = ("interview", "candidate", "onboarding", "position")


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "candidate"


@packets_cli.command("render")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("object_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the PDF here.")
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False),
    help="position only: write the summary and every finalist's memo as separate files.",
)
@click.option("--pick", multiple=True, type=int, help="position only: application ids to include.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="position only: processes to render with (default: one per core).",
)
@click.option(
    "--manager-copy",
    is_flag=True,
    help="onboarding only: include the interview evidence behind development goals.",
)
def render_command(
    kind: str,
    object_id: int,
    output: str | None,
    out_dir: str | None,
    pick: tuple[int, ...],
    workers: int | None,
    manager_copy: bool,
) -> None:
    """Render one packet to a PDF file (the CLI sees what an admin sees)."""
    from hiring.packets import render

    if not output and not out_dir:
        _fail("give -o PATH (or --out-dir DIR for a position).")
    if kind != "position" and (out_dir or pick or workers):
        _fail("--out-dir, --pick and --workers are for position packets.")
    if manager_copy and kind != "onboarding":
        _fail("--manager-copy is for onboarding packets.")
    started = time.perf_counter()
    if kind == "position":
        _render_position(object_id, output, out_dir, list(pick), workers)
    else:
        packet = _single(kind, object_id, manager_copy)
        assert output is not None
        data = render.pdf(packet)
        Path(output).write_bytes(data)
        click.echo(f"Wrote {output} ({len(data):,} bytes).")
    db.session.remove()
    click.echo(f"Done in {time.perf_counter() - started:.1f} s.")


def _single(kind: str, object_id: int, manager_copy: bool) -> Packet:
    from hiring.debriefs.queries import load_debrief
    from hiring.interviews.queries import load_interview
    from hiring.onboarding.queries import load_plan
    from hiring.packets import services

    if kind == "interview":
        interview = load_interview(object_id)
        if interview is None:
            _fail(f"no interview {object_id}.")
        return services.interview_packet(interview)
    if kind == "candidate":
        debrief = load_debrief(object_id)
        if debrief is None:
            _fail(f"no application {object_id}.")
        return services.candidate_packet(debrief)
    plan = load_plan(object_id)
    if plan is None:
        _fail(f"no onboarding plan {object_id}.")
    return services.onboarding_packet(plan, items=list(plan.items), manager_copy=manager_copy)


def _render_position(
    position_id: int,
    output: str | None,
    out_dir: str | None,
    picked: list[int],
    workers: int | None,
) -> None:
    from hiring.packets import batch, services
    from hiring.positions.queries import load_position

    position = load_position(position_id)
    if position is None:
        _fail(f"no position {position_id}.")
    bundle, debriefs = services.finalists_packet(
        position,
        viewer_id=None,
        picked=picked,
        limit=services.CLI_MAX_FINALISTS,
        separate=bool(out_dir),
    )
    # The whole packet is one document (its pages numbered across it); the separate files
    # render beside it on the other processes.
    packets = ([bundle.whole] if output else []) + bundle.parts
    processes = min(
        workers or current_app.config["PACKET_WORKERS"] or batch.default_workers(), len(packets)
    )
    click.echo(
        f"{len(debriefs)} finalist{'s' if len(debriefs) != 1 else ''} for {position.title}: "
        f"{len(packets)} documents on {processes} process{'es' if processes != 1 else ''}."
    )
    with click.progressbar(length=len(packets), label="Rendering", show_pos=True) as bar:
        pdfs = batch.render_many(packets, workers=processes, on_done=lambda _p: bar.update(1))
    if output:
        data = pdfs[bundle.whole.fingerprint]
        Path(output).write_bytes(data)
        click.echo(f"Wrote {output} ({len(data):,} bytes).")
    if out_dir:
        folder = Path(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        summary, *memos = bundle.parts
        (folder / "00-comparison-summary.pdf").write_bytes(pdfs[summary.fingerprint])
        for debrief, memo in zip(debriefs, memos, strict=True):
            name = f"{debrief.application.id}-{_slug(debrief.application.candidate.name)}.pdf"
            (folder / name).write_bytes(pdfs[memo.fingerprint])
        click.echo(f"Wrote {len(memos) + 1} files to {folder}/.")

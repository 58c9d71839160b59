"""Naming an application's stage against its position's current interview plan.

A plan can lose stages after candidates reached them, so every name is looked up here, once:
"New" before the first stage, "Stage N" for an index the current plan no longer has.
"""

from __future__ import annotations

from sqlalchemy import inspect

from hiring.applications.models import Application
from hiring.positions.models import Position
from hiring.positions.queries import current_stage_names


def stage_names(position: Position) -> list[str]:
    """The stage names of the position's current plan, in order: from its revisions when the
    caller loaded them, else in one query for the names alone."""
    state = inspect(position)
    if state.persistent and "plan_revisions" in state.unloaded:
        return current_stage_names([position.id])[position.id]
    plan = position.current_plan
    return [stage.name for stage in plan.stages] if plan else []


def stage_label(names: list[str], index: int | None) -> str:
    """Name a stage: "New" before the first one, "Stage N" for one no longer in the plan."""
    if index is None:
        return "New"
    return names[index] if 0 <= index < len(names) else f"Stage {index + 1}"


def current_stage(application: Application) -> str:
    """The name of the application's stage in the position's current plan."""
    return stage_label(stage_names(application.position), application.stage_index)

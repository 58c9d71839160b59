"""Plan items at the service level: completing with evidence, and version-checked edits."""

from __future__ import annotations

from datetime import date

import pytest

from hiring.domain import Conflict, DomainError
from hiring.library.schema import ItemKind, ItemOwner
from hiring.onboarding.services import items


def _item(world, title):
    return next(i for i in world.plan.items if i.title == title)


def test_evidence_is_required_where_the_template_says_so(world):
    cert = _item(world, "Product certification")
    with pytest.raises(DomainError, match="needs evidence") as refused:
        items.complete_item(cert, by=world.new_hire, note=" ", evidence_url="")
    assert refused.value.field == "note"
    with pytest.raises(DomainError, match="starts with https://"):
        items.complete_item(cert, by=world.new_hire, note="", evidence_url="ftp://x")
    items.complete_item(cert, by=world.new_hire, note=" Scored 92% ", evidence_url="")
    assert cert.done and cert.completion_note == "Scored 92%"
    with pytest.raises(DomainError, match="already done"):
        items.complete_item(cert, by=world.new_hire, note="again", evidence_url="")
    items.reopen_item(cert, by=world.manager)
    assert not cert.done


def _add(world, version, title="Visit the warehouse", due=date(2027, 1, 23)):
    return items.add_item(
        world.plan,
        expected_version=version,
        title=title,
        description="",
        kind=ItemKind.SHADOWING,
        owner=ItemOwner.NEW_HIRE,
        due=due,
        evidence_required=False,
        actor=world.manager,
    )


def test_add_reschedule_remove_each_move_the_version_and_refuse_stale_pages(world):
    plan = world.plan
    stale = plan.version
    item = _add(world, stale, title="  Visit   the warehouse ")
    assert item.title == "Visit the warehouse"
    assert item.due_date == date(2027, 1, 25) and item.day == 13  # Saturday -> Monday
    assert plan.version > stale
    with pytest.raises(Conflict, match="“remove Visit the warehouse” was not applied"):
        items.remove_item(plan, item, expected_version=stale, actor=world.manager)
    with pytest.raises(Conflict, match="“move Visit the warehouse” was not applied"):
        items.reschedule_item(
            plan, item, due=date(2027, 2, 1), expected_version=stale, actor=world.manager
        )
    items.reschedule_item(
        plan, item, due=date(2027, 2, 1), expected_version=plan.version, actor=world.manager
    )
    assert item.due_date == date(2027, 2, 1)
    items.remove_item(plan, item, expected_version=plan.version, actor=world.manager)
    assert item not in plan.items


def test_items_before_the_start_or_without_a_title_are_refused(world):
    with pytest.raises(DomainError, match="before the plan starts"):
        _add(world, world.plan.version, due=date(2027, 1, 1))
    with pytest.raises(DomainError, match="Give the item a title"):
        _add(world, world.plan.version, title="   ")


def test_a_done_item_stays_as_a_record(world):
    item = _item(world, "Meet the team")
    items.complete_item(item, by=world.buddy, note="", evidence_url="")
    with pytest.raises(DomainError, match="reopen it first"):
        items.remove_item(
            world.plan, item, expected_version=world.plan.version, actor=world.manager
        )

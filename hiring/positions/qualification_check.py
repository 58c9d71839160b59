"""Who on a panel is not qualified for the must-haves a stage assesses, and the go-ahead an
admin or the position's hiring manager may give anyway (issue #17, item 4).

Scheduling an interview (``hiring.scorecards.scheduling.book_panel``) and saving a stage's
default interviewers (``plan_edits.update_stage``) both ask ``gaps``; with any, they refuse
with ``Unqualified`` (the page lists each person and what they lack) unless the person saving
may go ahead and gives a reason, which ``record_go_aheads`` keeps (one
``QualificationOverride`` per interviewer, audited). Shadows are never checked: they sit in
to learn, and their cards are kept out of the debrief.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from hiring.auth.models import User
from hiring.db import db
from hiring.domain import DomainError
from hiring.library.models import Competency
from hiring.positions.models import Position
from hiring.positions.permissions import can_override_qualification
from hiring.training.models import QualificationOverride, QualificationStage
from hiring.training.qualification import Qualification, qualifications
from hiring.training.services import FEWEST_REASON_CHARACTERS, record_override

#: Beside the people field; the warning (``_qualification_warning.html``) lists who lacks
#: what and the ways forward, which depend on the page and on who is saving.
UNQUALIFIED = (
    "Someone here is not qualified for a must-have this stage assesses: see the warning at "
    "the top of the form."
)
DEFAULTS_UNQUALIFIED = (
    "A default interviewer is not qualified for a must-have in this stage's focus: see the "
    "warning below."
)
SHORT_REASON = (
    "Say why they should go ahead without the qualification "
    f"(at least {FEWEST_REASON_CHARACTERS} characters)."
)


@dataclass(frozen=True)
class Missing:
    """One must-have a person is not qualified for, and how far they got."""

    key: str
    name: str
    stage: QualificationStage
    lapsed: bool

    @property
    def status(self) -> str:
        """What the warning says of it: "in training", "practised", "lapsed, in training"."""
        label = self.stage.label.lower()
        return f"lapsed, now {label}" if self.lapsed else label


@dataclass(frozen=True)
class Gap:
    """A person on the panel and the must-haves of the stage they are not qualified for.

    Plain values (no ORM rows): the page shows it after the refused transaction rolled back.
    """

    user_id: int
    name: str
    missing: tuple[Missing, ...]

    @property
    def keys(self) -> list[str]:
        return [m.key for m in self.missing]


class Unqualified(DomainError):
    """Refused because of ``gaps`` (the page shows them with the ways forward)."""

    def __init__(self, gaps: Sequence[Gap], message: str = UNQUALIFIED, *, field: str) -> None:
        super().__init__(message, field=field)
        self.gaps = list(gaps)


def must_haves(position: Position, focus_competency_ids: Collection[int]) -> list[Competency]:
    """The stage's focus competencies that are must-haves of the position's role profile,
    in the profile's order."""
    return [
        link.competency
        for link in position.role_profile.competency_links
        if link.must_have and link.competency_id in focus_competency_ids
    ]


def gaps(
    position: Position, focus_competency_ids: Collection[int], people: Sequence[User]
) -> list[Gap]:
    """Everyone in ``people`` lacking a qualification for a must-have of the stage (the
    training queries run only when the stage assesses one)."""
    competencies = must_haves(position, focus_competency_ids)
    if not competencies or not people:
        return []
    found = qualifications([u.id for u in people], [c.key for c in competencies])
    return [
        Gap(person.id, person.name, missing)
        for person in people
        if (missing := _missing(found, person.id, competencies))
    ]


def _missing(
    found: dict[tuple[int, str], Qualification], user_id: int, competencies: list[Competency]
) -> tuple[Missing, ...]:
    return tuple(
        Missing(c.key, c.name, q.stage, q.lapsed)
        for c in competencies
        if not (q := found[(user_id, c.key)]).qualified
    )


def not_yet_allowed(found: Sequence[Gap], plan_stage_ids: Collection[int]) -> list[Gap]:
    """``found`` less what a go-ahead already recorded for these plan stages covers, so saving
    a stage again (or its copy in the next revision) does not ask for the reason twice."""
    if not found:
        return []
    rows = db.session.execute(
        select(QualificationOverride.interviewer_id, QualificationOverride.competency_keys).where(
            QualificationOverride.plan_stage_id.in_(list(plan_stage_ids)),
            QualificationOverride.interviewer_id.in_([gap.user_id for gap in found]),
        )
    )
    allowed: dict[int, set[str]] = {}
    for user_id, keys in rows:
        allowed.setdefault(user_id, set()).update(keys.split(","))
    left = [
        Gap(
            gap.user_id,
            gap.name,
            tuple(m for m in gap.missing if m.key not in allowed.get(gap.user_id, set())),
        )
        for gap in found
    ]
    return [gap for gap in left if gap.missing]


def refuse_unless_allowed(
    position: Position,
    found: Sequence[Gap],
    *,
    go_ahead: bool,
    reason: str,
    actor: User,
    field: str = "interviewers",
    message: str = UNQUALIFIED,
) -> None:
    """Refuse (``Unqualified``) when ``found`` is not empty, unless ``actor`` may go ahead,
    ticked that they do, and gave a reason long enough to say something. Call it before
    writing anything, so a refusal leaves no mail or booking behind."""
    if not found:
        return
    if not (go_ahead and can_override_qualification(actor, position)):
        raise Unqualified(found, message, field=field)
    if len(reason.strip()) < FEWEST_REASON_CHARACTERS:
        raise Unqualified(found, SHORT_REASON, field="override_reason")


def record_go_aheads(
    found: Sequence[Gap],
    people: Sequence[User],
    *,
    reason: str,
    actor: User,
    interview_id: int | None = None,
    plan_stage_id: int | None = None,
) -> None:
    """Keep the reason once per interviewer who went ahead (``refuse_unless_allowed`` passed)."""
    by_id = {u.id: u for u in people}
    for gap in found:
        record_override(
            by_id[gap.user_id],
            gap.keys,
            reason,
            actor=actor,
            interview_id=interview_id,
            plan_stage_id=plan_stage_id,
        )

"""Loading the library files into versioned rows, exporting them, and custom entries.

Functions flush and never commit.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import db
from hiring.library import lint
from hiring.library.models import Competency, Origin, Question, RoleProfile, RoleProfileCompetency
from hiring.library.schema import CompetencySpec, QuestionSpec, QuestionType, RoleProfileSpec, Scale
from hiring.library.validation import Library, content_hash

logger = logging.getLogger(__name__)


class LibraryError(Exception):
    """A rule about the library was broken; the message is safe to show."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class LoadResult:
    competencies_created: int = 0
    questions_created: int = 0
    roles_created: int = 0
    unchanged: int = 0
    retired: int = 0

    def __str__(self) -> str:
        created = self.competencies_created + self.questions_created + self.roles_created
        if not created and not self.retired:
            return f"Library unchanged ({self.unchanged} definitions already loaded)."
        return (
            f"Loaded {self.competencies_created} competency, {self.questions_created} question "
            f"and {self.roles_created} role-profile versions; {self.unchanged} unchanged; "
            f"{self.retired} retired."
        )


def _findings(text: str) -> list[dict[str, str]]:
    return [
        {"topic": f.topic, "severity": f.severity, "reason": f.reason, "matched": f.matched}
        for f in lint.lint_question(text)
    ]


def _latest(model: type[Any], *criteria: Any) -> Any:
    return db.session.scalars(
        select(model).where(*criteria).order_by(model.version.desc()).limit(1)
    ).first()


def _still_current(latest: Any, unchanged: bool, result: LoadResult) -> bool:
    """Keep ``latest`` when its content is unchanged (current again if it was retired);
    otherwise retire it so the caller adds the next version."""
    if unchanged:
        latest.current = True
        result.unchanged += 1
        return True
    latest.current = False
    return False


def _competency_hash(spec: CompetencySpec) -> str:
    return content_hash(spec.model_copy(update={"questions": []}))


def load_library(library: Library, *, actor: User | None) -> LoadResult:
    """Bring the database in line with validated files: new versions only where they changed."""
    result = LoadResult()
    competency_ids: dict[str, Competency] = {}
    question_ids: dict[str, Question] = {}

    for key, spec in library.competencies.items():
        competency = _sync_competency(spec, library.sources[("competency", key)], result, actor)
        competency_ids[key] = competency
        for question_spec in spec.questions:
            question = _sync_question(key, question_spec, result)
            question_ids[f"{key}.{question_spec.key}"] = question
        # Questions that left the file leave the bank (old versions stay for history).
        for stale in db.session.scalars(
            select(Question).where(
                Question.competency_key == key,
                Question.current.is_(True),
                Question.origin == Origin.LIBRARY,
                Question.key.not_in([q.key for q in spec.questions]),
            )
        ):
            stale.current = False
            result.retired += 1

    for stale_competency in db.session.scalars(
        select(Competency).where(
            Competency.current.is_(True),
            Competency.origin == Origin.LIBRARY,
            Competency.key.not_in(list(library.competencies)),
        )
    ):
        stale_competency.current = False
        result.retired += 1

    for key, role_spec in library.roles.items():
        _sync_role(role_spec, library.sources[("role", key)], competency_ids, question_ids, result)
    for stale_role in db.session.scalars(
        select(RoleProfile).where(
            RoleProfile.current.is_(True), RoleProfile.key.not_in(list(library.roles))
        )
    ):
        stale_role.current = False
        result.retired += 1
    db.session.flush()
    if result.competencies_created or result.questions_created or result.roles_created:
        record("library.loaded", None, actor=actor, object_type="library", after=asdict(result))
    logger.info("library load: %s", result)
    return result


def _sync_competency(
    spec: CompetencySpec, source: str, result: LoadResult, actor: User | None
) -> Competency:
    digest = _competency_hash(spec)
    latest: Competency | None = _latest(Competency, Competency.key == spec.key)
    unchanged = latest is not None and latest.content_hash == digest
    if latest is not None and _still_current(
        latest, unchanged and latest.origin == Origin.LIBRARY, result
    ):
        return latest
    competency = Competency(
        key=spec.key,
        version=(latest.version + 1) if latest else 1,
        current=True,
        content_hash=digest,
        name=spec.name,
        definition=spec.definition,
        why=spec.why,
        scale=spec.scale,
        anchors={str(level): text for level, text in sorted(spec.anchors.items())},
        origin=Origin.LIBRARY,
        source_file=source,
    )
    db.session.add(competency)
    db.session.flush()
    result.competencies_created += 1
    return competency


def _sync_question(competency_key: str, spec: QuestionSpec, result: LoadResult) -> Question:
    digest = content_hash(spec)
    latest: Question | None = _latest(
        Question, Question.competency_key == competency_key, Question.key == spec.key
    )
    if latest is not None and _still_current(latest, latest.content_hash == digest, result):
        return latest
    question = Question(
        competency_key=competency_key,
        key=spec.key,
        version=(latest.version + 1) if latest else 1,
        current=True,
        content_hash=digest,
        text=spec.text,
        type=spec.type,
        minutes=spec.minutes,
        probes=list(spec.probes),
        look_fors=list(spec.look_fors),
        red_flags=list(spec.red_flags),
        lint=_findings(spec.text),
        origin=Origin.LIBRARY,
    )
    db.session.add(question)
    db.session.flush()
    result.questions_created += 1
    return question


def _sync_role(
    spec: RoleProfileSpec,
    source: str,
    competencies: dict[str, Competency],
    questions: dict[str, Question],
    result: LoadResult,
) -> RoleProfile:
    pinned = sorted(
        [f"c:{item.key}:{competencies[item.key].id}" for item in spec.competencies]
        + [
            f"q:{ref}:{questions[ref].id}"
            for stage in spec.interview_plan
            for ref in stage.questions
        ]
    )
    # A role changes when its file changes or when a competency/question it uses does.
    digest = hashlib.sha256((content_hash(spec) + "|" + "|".join(pinned)).encode()).hexdigest()
    latest: RoleProfile | None = _latest(RoleProfile, RoleProfile.key == spec.key)
    if latest is not None and _still_current(latest, latest.content_hash == digest, result):
        return latest
    role = RoleProfile(
        key=spec.key,
        version=(latest.version + 1) if latest else 1,
        current=True,
        content_hash=digest,
        name=spec.name,
        summary=spec.summary,
        scale=spec.scale,
        minimum_score=spec.hiring_bar.minimum_score,
        default_plan=[
            {
                "key": stage.key,
                "name": stage.name,
                "kind": stage.kind.value,
                "duration_minutes": stage.duration_minutes,
                "instructions": stage.instructions,
                "focus": list(stage.focus),
                "question_ids": [questions[ref].id for ref in stage.questions],
            }
            for stage in spec.interview_plan
        ],
        onboarding_template=spec.onboarding.model_dump(mode="json"),
        source_file=source,
    )
    role.competency_links = [
        RoleProfileCompetency(
            competency=competencies[item.key],
            position=index,
            weight=item.weight,
            must_have=item.must_have,
            minimum=item.minimum,
        )
        for index, item in enumerate(spec.competencies)
    ]
    db.session.add(role)
    db.session.flush()
    result.roles_created += 1
    return role


# Reading ----------------------------------------------------------------------------------


def current_competencies() -> list[Competency]:
    return list(
        db.session.scalars(
            select(Competency).where(Competency.current.is_(True)).order_by(Competency.name)
        )
    )


def current_questions_by_competency() -> dict[str, list[Question]]:
    bank: dict[str, list[Question]] = {}
    for question in db.session.scalars(
        select(Question)
        .where(Question.current.is_(True))
        .order_by(Question.competency_key, Question.origin, Question.id)
    ):
        bank.setdefault(question.competency_key, []).append(question)
    return bank


def current_roles() -> list[RoleProfile]:
    return list(
        db.session.scalars(
            select(RoleProfile)
            .where(RoleProfile.current.is_(True))
            .options(
                selectinload(RoleProfile.competency_links).selectinload(
                    RoleProfileCompetency.competency
                )
            )
            .order_by(RoleProfile.name)
        )
    )


def export_library() -> dict[str, Any]:
    """The current library as plain data (what ``library export`` prints)."""
    bank = current_questions_by_competency()
    questions_by_id = {q.id: q for qs in bank.values() for q in qs}
    return {
        "competencies": [
            {
                "key": c.key,
                "version": c.version,
                "name": c.name,
                "definition": c.definition,
                "scale": c.scale.value,
                "anchors": {
                    str(level): {"label": label, "text": text} for level, label, text in c.levels
                },
                "origin": c.origin.value,
                "questions": [
                    {
                        "key": q.key,
                        "version": q.version,
                        "text": q.text,
                        "type": q.type.value,
                        "minutes": q.minutes,
                        "probes": q.probes,
                        "look_fors": q.look_fors,
                        "red_flags": q.red_flags,
                    }
                    for q in bank.get(c.key, [])
                ],
            }
            for c in current_competencies()
        ],
        "role_profiles": [
            {
                "key": r.key,
                "version": r.version,
                "name": r.name,
                "scale": r.scale.value,
                "hiring_bar": {"minimum_score": r.minimum_score},
                "competencies": [
                    {
                        "key": link.competency.key,
                        "version": link.competency.version,
                        "weight": link.weight,
                        "must_have": link.must_have,
                        "minimum": link.minimum,
                    }
                    for link in r.competency_links
                ],
                "interview_plan": [
                    {
                        **{k: v for k, v in stage.items() if k != "question_ids"},
                        "questions": [
                            questions_by_id[qid].ref if qid in questions_by_id else f"#{qid}"
                            for qid in stage["question_ids"]
                        ],
                    }
                    for stage in r.default_plan
                ],
            }
            for r in current_roles()
        ],
    }


# Custom entries (written in the app) -------------------------------------------------------


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40] or "item"
    return slug if slug[0].isalpha() else f"c_{slug}"


def create_custom_competency(
    *,
    name: str,
    definition: str,
    why: str,
    anchors: dict[int, str],
    scale: Scale,
    actor: User,
) -> Competency:
    missing = [level for level in scale.levels if not anchors.get(level, "").strip()]
    if missing:
        raise LibraryError(
            "Write an anchor for every level: missing " + ", ".join(map(str, missing)) + ".",
            field="anchors",
        )
    base = "custom_" + _slug(name)
    key, n = base, 1
    while db.session.scalar(select(func.count(Competency.id)).where(Competency.key == key)):
        n += 1
        key = f"{base}_{n}"
    competency = Competency(
        key=key[:60],
        version=1,
        current=True,
        content_hash="custom",
        name=name.strip(),
        definition=definition.strip(),
        why=why.strip(),
        scale=scale,
        anchors={str(level): anchors[level].strip() for level in scale.levels},
        origin=Origin.CUSTOM,
        author_id=actor.id,
    )
    db.session.add(competency)
    db.session.flush()
    record(
        "competency.created",
        competency,
        actor=actor,
        label=competency.name,
        after={"key": competency.key, "name": competency.name},
    )
    return competency


def create_custom_question(
    competency: Competency,
    *,
    text: str,
    probes: list[str],
    look_fors: list[str],
    red_flags: list[str],
    minutes: int,
    actor: User,
    key: str | None = None,
    version: int = 1,
) -> Question:
    """Add a question (or, with ``key`` and ``version``, a new version of one) to a bank.

    Questions on protected or risky topics are refused, with the reason.
    """
    findings = _findings(text)
    risks = [f for f in findings if f["severity"] == "risk"]
    if risks:
        topics = ", ".join(f["topic"] for f in risks)
        raise LibraryError(
            f"This question touches a protected or risky topic ({topics}): "
            + " ".join(f["reason"] for f in risks),
            field="text",
        )
    if len([p for p in probes if p.strip()]) < 2:
        raise LibraryError("Add at least two STAR probes, one per line.", field="probes")
    if key is None:
        base = "custom_" + _slug(text)[:40]
        key, n = base, 1
        while db.session.scalar(
            select(func.count(Question.id)).where(
                Question.competency_key == competency.key, Question.key == key
            )
        ):
            n += 1
            key = f"{base}_{n}"
    question = Question(
        competency_key=competency.key,
        key=key[:60],
        version=version,
        current=True,
        content_hash="custom",
        text=text.strip(),
        type=QuestionType.HYPOTHETICAL
        if any(f["topic"] == "hypothetical" for f in findings)
        else QuestionType.BEHAVIOURAL,
        minutes=minutes,
        probes=[p.strip() for p in probes if p.strip()],
        look_fors=[p.strip() for p in look_fors if p.strip()],
        red_flags=[p.strip() for p in red_flags if p.strip()],
        lint=findings,
        origin=Origin.CUSTOM,
        author_id=actor.id,
    )
    db.session.add(question)
    db.session.flush()
    if version == 1:  # revisions are recorded by revise_custom_question
        record(
            "question.created",
            question,
            actor=actor,
            label=question.text[:120],
            after={"competency": competency.key, "text": question.text},
        )
    return question


def _require_custom(item: Competency | Question, what: str) -> None:
    if item.origin != Origin.CUSTOM:
        raise LibraryError(
            f"This {what} comes from the library files; change it in scorecards/ and reload."
        )
    if not item.current:
        raise LibraryError(
            f"Someone saved a newer version of this {what} while you were editing, so yours "
            "was not saved. Your text is still here; open the current version to apply it."
        )


def revise_custom_question(
    question: Question,
    *,
    text: str,
    probes: list[str],
    look_fors: list[str],
    red_flags: list[str],
    minutes: int,
    actor: User,
) -> Question:
    """Save an edit as the next version; plans that chose the old version keep asking it."""
    _require_custom(question, "question")
    competency = db.session.scalars(
        select(Competency).where(
            Competency.key == question.competency_key, Competency.current.is_(True)
        )
    ).first()
    if competency is None:
        raise LibraryError("The competency of this question is no longer in the library.")
    revised = create_custom_question(
        competency,
        text=text,
        probes=probes,
        look_fors=look_fors,
        red_flags=red_flags,
        minutes=minutes,
        actor=actor,
        key=question.key,
        version=question.version + 1,
    )
    question.current = False
    db.session.flush()
    record(
        "question.revised",
        revised,
        actor=actor,
        label=revised.text[:120],
        before={"version": question.version, "text": question.text},
        after={"version": revised.version, "text": revised.text},
    )
    return revised


def revise_custom_competency(
    competency: Competency,
    *,
    name: str,
    definition: str,
    why: str,
    anchors: dict[int, str],
    scale: Scale,
    actor: User,
) -> Competency:
    _require_custom(competency, "competency")
    missing = [level for level in scale.levels if not anchors.get(level, "").strip()]
    if missing:
        raise LibraryError(
            "Write an anchor for every level: missing " + ", ".join(map(str, missing)) + ".",
            field="anchors",
        )
    revised = Competency(
        key=competency.key,
        version=competency.version + 1,
        current=True,
        content_hash="custom",
        name=name.strip(),
        definition=definition.strip(),
        why=why.strip(),
        scale=scale,
        anchors={str(level): anchors[level].strip() for level in scale.levels},
        origin=Origin.CUSTOM,
        author_id=actor.id,
    )
    competency.current = False
    db.session.add(revised)
    db.session.flush()
    record(
        "competency.revised",
        revised,
        actor=actor,
        label=revised.name,
        before={"version": competency.version, "name": competency.name},
        after={"version": revised.version, "name": revised.name},
    )
    return revised

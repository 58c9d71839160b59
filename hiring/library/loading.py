"""Loading the validated library files into versioned rows: a new version only where a
definition's meaning changed, and what left the files stops being current.

Functions flush and never commit (the CLI commits once the whole load went through).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select

from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import db
from hiring.library import lint
from hiring.library.files import Library, content_hash
from hiring.library.models import (
    Competency,
    Origin,
    Question,
    ReferenceAnswer,
    RoleProfile,
    RoleProfileCompetency,
)
from hiring.library.schema import (
    CompetencySpec,
    EvidenceSpec,
    QuestionSpec,
    ReferenceAnswerSpec,
    RoleProfileSpec,
)

logger = logging.getLogger(__name__)


@dataclass
class LoadResult:
    competencies_created: int = 0
    questions_created: int = 0
    roles_created: int = 0
    reference_answers_created: int = 0
    unchanged: int = 0
    retired: int = 0

    @property
    def created(self) -> int:
        return (
            self.competencies_created
            + self.questions_created
            + self.roles_created
            + self.reference_answers_created
        )

    def __str__(self) -> str:
        if not self.created and not self.retired:
            return f"Library unchanged ({self.unchanged} definitions already loaded)."
        return (
            f"Loaded {self.competencies_created} competency, {self.questions_created} question, "
            f"{self.roles_created} role-profile and {self.reference_answers_created} "
            f"reference-answer versions; {self.unchanged} unchanged; {self.retired} retired."
        )


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
            _sync_reference_answers(key, question_spec, result)
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
    if result.created:
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


def _question_hash(spec: QuestionSpec) -> str:
    """Story questions hash as before observable anchors existed (no needless new versions);
    a work sample's anchors are part of its meaning, so editing them makes a new version."""
    if spec.anchors:
        return content_hash(spec)
    return content_hash(spec, exclude={"anchors"})


def _sync_question(competency_key: str, spec: QuestionSpec, result: LoadResult) -> Question:
    digest = _question_hash(spec)
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
        anchors=list(spec.anchors),
        lint=lint.findings_for(
            text=spec.text,
            probes=list(spec.probes),
            look_fors=list(spec.look_fors),
            red_flags=list(spec.red_flags),
            anchors=list(spec.anchors),
        ),
        # ``library validate`` only lets risky wording through with a written reason.
        lint_reason=spec.lint_reason or "",
        origin=Origin.LIBRARY,
    )
    db.session.add(question)
    db.session.flush()
    result.questions_created += 1
    return question


def _sync_reference_answers(competency_key: str, spec: QuestionSpec, result: LoadResult) -> None:
    """A new version of each reference answer whose meaning changed; those that left the
    file stop being current (practice results keep pointing at the version they rated)."""
    for answer_spec in spec.reference_answers:
        _sync_reference_answer(competency_key, spec.key, answer_spec, result)
    for stale in db.session.scalars(
        select(ReferenceAnswer).where(
            ReferenceAnswer.competency_key == competency_key,
            ReferenceAnswer.question_key == spec.key,
            ReferenceAnswer.current.is_(True),
            ReferenceAnswer.origin == Origin.LIBRARY,
            ReferenceAnswer.key.not_in([a.key for a in spec.reference_answers]),
        )
    ):
        stale.current = False
        result.retired += 1


def _sync_reference_answer(
    competency_key: str, question_key: str, spec: ReferenceAnswerSpec, result: LoadResult
) -> None:
    digest = content_hash(spec)
    latest: ReferenceAnswer | None = _latest(
        ReferenceAnswer,
        ReferenceAnswer.competency_key == competency_key,
        ReferenceAnswer.question_key == question_key,
        ReferenceAnswer.key == spec.key,
    )
    if latest is not None and _still_current(latest, latest.content_hash == digest, result):
        return
    db.session.add(
        ReferenceAnswer(
            competency_key=competency_key,
            question_key=question_key,
            key=spec.key,
            version=(latest.version + 1) if latest else 1,
            current=True,
            content_hash=digest,
            answer=spec.answer,
            rating=spec.rating,
            rationale=spec.rationale,
            evidence=list(spec.evidence),
            origin=Origin.LIBRARY,
        )
    )
    result.reference_answers_created += 1


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
        evidence_raters_per_must_have=(spec.evidence or EvidenceSpec()).raters_per_must_have,
        evidence_all_stages=(spec.evidence or EvidenceSpec()).all_stages,
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

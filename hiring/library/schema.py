"""The shape of the library files in ``scorecards/`` (see scorecards/README.md).

Pydantic checks each file's structure; ``validation.py`` adds the rules that span files
(references, duplicate keys, coverage) and turns every problem into one readable line.
"""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,59}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Scale(enum.StrEnum):
    FOUR_LEVEL = "four_level"
    FIVE_LEVEL = "five_level"

    @property
    def labels(self) -> dict[int, str]:
        return SCALE_LABELS[self]

    @property
    def levels(self) -> list[int]:
        return list(SCALE_LABELS[self])


SCALE_LABELS: dict[Scale, dict[int, str]] = {
    Scale.FOUR_LEVEL: {1: "Poor", 2: "Mixed", 3: "Solid", 4: "Outstanding"},
    Scale.FIVE_LEVEL: {1: "Poor", 2: "Weak", 3: "Mixed", 4: "Strong", 5: "Outstanding"},
}


class QuestionType(enum.StrEnum):
    BEHAVIOURAL = "behavioural"
    HYPOTHETICAL = "hypothetical"
    WORK_SAMPLE = "work_sample"


class StageKind(enum.StrEnum):
    PHONE_SCREEN = "phone_screen"
    BEHAVIOURAL = "behavioural"
    ROLE_PLAY = "role_play"
    WORK_SAMPLE = "work_sample"
    HIRING_MANAGER = "hiring_manager"

    @property
    def label(self) -> str:
        return {
            "phone_screen": "Phone screen",
            "behavioural": "Behavioural interview",
            "role_play": "Role-play",
            "work_sample": "Work sample",
            "hiring_manager": "Hiring manager interview",
        }[self.value]


class Phase(enum.StrEnum):
    LEARN = "learn"
    CONTRIBUTE = "contribute"
    OWN = "own"
    #: Optional: months 4-6 of a sales ramp (an AE's runs about five months, domain.md 7.1).
    #: A template with items or goals in it gets the day-120/150/180 check-ins too.
    RAMP = "ramp"


#: The plan days each phase covers. Only the ramp phase runs past day 90.
PHASE_DAYS = {
    Phase.LEARN: (1, 30),
    Phase.CONTRIBUTE: (31, 60),
    Phase.OWN: (61, 90),
    Phase.RAMP: (91, 180),
}
#: The last day of a plan without a ramp phase, and of one with it.
CORE_LAST_DAY, RAMP_LAST_DAY = PHASE_DAYS[Phase.OWN][1], PHASE_DAYS[Phase.RAMP][1]


class ItemKind(enum.StrEnum):
    LEARNING = "learning"
    SHADOWING = "shadowing"
    #: A call the manager observes without stepping in: coaching.
    RIDE_ALONG = "ride_along"
    #: A call the manager leads while the new hire watches: mentoring, never coaching, so
    #: a demonstration call ticks only these and an observed call never does.
    DEMO_CALL = "demo_call"
    ONE_ON_ONE = "one_on_one"
    CERTIFICATION = "certification"
    DELIVERABLE = "deliverable"
    CONNECTION = "connection"

    @property
    def label(self) -> str:
        """How a page names the kind (a badge, a choice)."""
        return {"one_on_one": "1:1", "demo_call": "demonstration call"}.get(
            self.value, self.value.replace("_", " ")
        )


class ItemOwner(enum.StrEnum):
    NEW_HIRE = "new_hire"
    MANAGER = "manager"
    BUDDY = "buddy"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


#: How long a reference answer's transcript may be: long enough to hold a STAR story, short
#: enough to read in a minute of practice.
REFERENCE_ANSWER_WORDS = (100, 250)


class ReferenceAnswerSpec(_Strict):
    """A sample candidate answer with the rating an expert panel gave it (``[[questions.
    reference_answers]]``): what interviewers practise rating on before they rate people."""

    key: Key
    #: What the candidate said (a work sample: what they said and did in the exercise).
    answer: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
    #: The reference rating, a level of the competency's scale (checked in ``validation``).
    rating: int
    #: Why that level, in the words of the anchor it meets (and the one above it misses).
    rationale: Text
    #: The phrases of the answer the rating rests on, each copied exactly from it.
    evidence: list[Text] = Field(min_length=1, max_length=5)


class QuestionSpec(_Strict):
    key: Key
    text: Text
    type: QuestionType = QuestionType.BEHAVIOURAL
    minutes: int = Field(default=7, ge=1, le=60)
    probes: list[Text] = Field(min_length=2)
    look_fors: list[Text] = Field(min_length=1)
    red_flags: list[Text] = Field(min_length=1)
    #: Work samples only: what the interviewer can SEE at each level of the competency's
    #: scale, from level 1 up (one line per level). The exercise is rated on these instead of
    #: the competency's past-behaviour anchors.
    anchors: list[Text] = Field(default_factory=list)
    #: Why a text the lint flags is fine here (see README "question lint"). Not part of the
    #: content hash: justifying a question does not change what interviewers ask.
    lint_reason: Text | None = Field(default=None, exclude=True)
    #: Practice material, versioned on its own (``library.loading``): not part of the
    #: question's content hash, so adding an answer does not make a new question version.
    reference_answers: list[ReferenceAnswerSpec] = Field(default_factory=list, exclude=True)


class CompetencySpec(_Strict):
    key: Key
    name: ShortText
    definition: Text
    why: Text
    scale: Scale = Scale.FOUR_LEVEL
    anchors: dict[int, Text]
    questions: list[QuestionSpec] = Field(min_length=3)


class ProfileCompetency(_Strict):
    key: Key
    weight: float = Field(gt=0, le=100)
    must_have: bool = False
    minimum: float | None = Field(default=None, ge=1, le=5)


class HiringBar(_Strict):
    minimum_score: float = Field(ge=1, le=5)


class EvidenceSpec(_Strict):
    """The minimum evidence before the debrief formula recommends (``[evidence]``)."""

    raters_per_must_have: int = Field(default=2, ge=1, le=10)
    all_stages: bool = True


class StageSpec(_Strict):
    key: Key
    name: ShortText
    kind: StageKind
    duration_minutes: int = Field(ge=10, le=240)
    instructions: Text
    #: Why instructions the lint flags are fine here; not part of the content hash.
    lint_reason: Text | None = Field(default=None, exclude=True)
    focus: list[Key] = Field(min_length=1)
    #: "competency_key.question_key"
    questions: list[
        Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")]
    ]


class OnboardingItemSpec(_Strict):
    phase: Phase
    #: Up to day 90, or 180 in the ramp phase (``role_checks`` matches day to phase).
    day: int = Field(ge=1, le=RAMP_LAST_DAY)
    title: ShortText
    description: Text
    kind: ItemKind
    owner: ItemOwner
    evidence_required: bool = False
    #: Certifications: the profile competency the role-play is scored on, on the interview's
    #: anchors. Left out of the content hash when absent, so profiles without it keep their
    #: versions.
    competency: Key | None = Field(default=None, exclude_if=lambda v: v is None)


class OnboardingGoalSpec(_Strict):
    phase: Phase
    outcome: ShortText
    metric: ShortText
    target: float = Field(gt=0)
    unit: ShortText
    due_day: int = Field(ge=1, le=RAMP_LAST_DAY)


class OnboardingTemplate(_Strict):
    items: list[OnboardingItemSpec] = Field(min_length=1)
    goals: list[OnboardingGoalSpec] = Field(default_factory=list)


class RoleProfileSpec(_Strict):
    key: Key
    name: ShortText
    summary: Text
    scale: Scale = Scale.FOUR_LEVEL
    competencies: list[ProfileCompetency] = Field(min_length=5, max_length=8)
    hiring_bar: HiringBar
    #: Optional; absent means the default (2 raters per must-have, every stage). Left out of
    #: the content hash when absent, so shipped profiles keep their versions.
    evidence: EvidenceSpec | None = Field(default=None, exclude_if=lambda v: v is None)
    interview_plan: list[StageSpec] = Field(min_length=3, max_length=4)
    onboarding: OnboardingTemplate

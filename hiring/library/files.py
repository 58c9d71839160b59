"""What reading a library directory yields: the specs that passed, where each came from, and
every problem found (each naming its file, key path and issue).

Kept apart from the checks so the competency checks (``validation``) and the role-profile
checks (``role_checks``) share these types without importing each other.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel

from hiring.library import lint
from hiring.library.schema import CompetencySpec, QuestionSpec, RoleProfileSpec

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.message}"


@dataclass
class Library:
    """A validated library directory (only the files without errors are included)."""

    competencies: dict[str, CompetencySpec] = field(default_factory=dict)
    roles: dict[str, RoleProfileSpec] = field(default_factory=dict)
    #: ("competency" | "role", key) -> file path relative to the library directory
    sources: dict[tuple[str, str], str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def question(self, ref: str) -> QuestionSpec | None:
        competency_key, _, question_key = ref.partition(".")
        competency = self.competencies.get(competency_key)
        if competency is None:
            return None
        return next((q for q in competency.questions if q.key == question_key), None)


def content_hash(spec: BaseModel, *, exclude: set[str] | None = None) -> str:
    """Fingerprint of the meaning of a definition (formatting and comments do not count)."""
    canonical = json.dumps(
        spec.model_dump(mode="json", exclude=exclude), sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def lint_problems(
    file: str, where: str, texts: list[tuple[str, str]], reason: str | None
) -> list[Problem]:
    """An error per risky finding in ``texts`` (``(key path, text)`` under ``where``).

    A written ``lint_reason`` on the entry accepts its findings: the library then validates,
    and the reason stays in the file for reviewers to read.
    """
    if reason:
        return []
    return [
        Problem(
            file,
            f"{where}.{path}",
            f"risky topic, {f['topic']}: {f['why']} (matched “{f['matched']}”) "
            f"Try: {f['suggestion']} (or add a lint_reason)",
        )
        for path, text in texts
        # The field (before any [index]) says whether the text speaks to the candidate or of them.
        for f in lint.findings_for(**{path.split("[")[0]: text})
        if f["severity"] == "risk"
    ]

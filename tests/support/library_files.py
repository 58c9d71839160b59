"""Write small, valid library directories (TOML files on disk) for tests; each test then breaks
one thing. Loading them into the database is ``tests.builders.library``."""

from __future__ import annotations

from pathlib import Path

COMPETENCY_KEYS = ("discovery", "closing", "objections", "resilience", "coachability")


def competency_toml(key: str, *, anchors: dict[int, str] | None = None, questions: int = 3) -> str:
    anchors = (
        anchors
        if anchors is not None
        else {
            1: "No example.",
            2: "Vague example.",
            3: "Clear example.",
            4: "Repeated, measured impact.",
        }
    )
    lines = [
        f'key = "{key}"',
        f'name = "{key.title()}"',
        f'definition = "What {key} means."',
        f'why = "Why {key} matters."',
        'scale = "four_level"',
        "",
        "[anchors]",
        *[f'{level} = "{text}"' for level, text in anchors.items()],
    ]
    for n in range(1, questions + 1):
        lines += [
            "",
            "[[questions]]",
            f'key = "q{n}"',
            f'text = "Tell me about a time you showed {key} (example {n})."',
            "minutes = 5",
            'probes = ["Situation: what was at stake?", "Result: what happened?"]',
            'look_fors = ["Specific example"]',
            'red_flags = ["Only hypotheticals"]',
        ]
    return "\n".join(lines) + "\n"


def role_toml(
    key: str = "account_executive", competencies: tuple[str, ...] = COMPETENCY_KEYS
) -> str:
    lines = [
        f'key = "{key}"',
        'name = "Account Executive"',
        'summary = "Closes new business."',
        'scale = "four_level"',
        "",
    ]
    for index, competency in enumerate(competencies):
        must = index < 2
        lines += [
            "[[competencies]]",
            f'key = "{competency}"',
            f"weight = {3 if must else 1}",
            f"must_have = {'true' if must else 'false'}",
            *(["minimum = 3"] if must else []),
            "",
        ]
    lines += ["[hiring_bar]", "minimum_score = 2.8", ""]
    stages = [
        ("screen", "phone_screen", competencies[0:3], 40),
        ("behavioural", "behavioural", competencies[0:5], 60),
        ("role_play", "role_play", competencies[0:2], 45),
    ]
    for stage_key, kind, focus, minutes in stages:
        refs = ", ".join(
            f'"{c}.q{1 if stage_key == "screen" else 2 if kind == "behavioural" else 3}"'
            for c in focus
        )
        focus_list = ", ".join(f'"{c}"' for c in focus)
        lines += [
            "[[interview_plan]]",
            f'key = "{stage_key}"',
            f'name = "{stage_key.replace("_", " ").title()}"',
            f'kind = "{kind}"',
            f"duration_minutes = {minutes}",
            'instructions = "Ask the questions in order and take notes."',
            f"focus = [{focus_list}]",
            f"questions = [{refs}]",
            "",
        ]
    lines += [
        "[[onboarding.items]]",
        'phase = "learn"',
        "day = 3",
        'title = "Product certification"',
        'description = "Pass the product quiz."',
        'kind = "certification"',
        'owner = "new_hire"',
        "evidence_required = true",
        "",
        "[[onboarding.goals]]",
        'phase = "contribute"',
        'outcome = "Build pipeline"',
        'metric = "Qualified opportunities"',
        "target = 6",
        'unit = "opportunities"',
        "due_day = 60",
    ]
    return "\n".join(lines) + "\n"


def write_library(root: Path) -> Path:
    (root / "competencies").mkdir(parents=True, exist_ok=True)
    (root / "roles").mkdir(parents=True, exist_ok=True)
    for key in COMPETENCY_KEYS:
        (root / "competencies" / f"{key}.toml").write_text(competency_toml(key))
    (root / "roles" / "account_executive.toml").write_text(role_toml())
    return root

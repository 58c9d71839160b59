"""``flask --app hiring library lint``: one question per line in, one JSON object per line out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = "Where were you born?\nTell me about a deal you lost.\n\nAre you in a union?\n"


def _check(output: str) -> None:
    records = [json.loads(line) for line in output.splitlines()]
    assert [r["text"] for r in records] == [
        "Where were you born?",
        "Tell me about a deal you lost.",
        "Are you in a union?",
    ]
    born, deal, union = (r["findings"] for r in records)
    assert deal == []
    assert [(f["topic"], f["severity"], f["matched"]) for f in born] == [
        ("birthplace", "risk", "Where were you born")
    ]
    assert set(born[0]) == {"topic", "severity", "matched", "why", "suggestion"}
    assert union[0]["topic"] == "union membership" and union[0]["suggestion"]


def test_lint_reads_stdin_and_prints_json_lines(app):
    result = app.test_cli_runner().invoke(args=["library", "lint"], input=QUESTIONS)
    assert result.exit_code == 0, result.output
    _check(result.output)


def test_lint_labels_hypotheticals():
    # Through the real entry point, as other tools call it.
    env = os.environ | {"HIRING_SECRET_KEY": "lint-cli-test-" + "x" * 32, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "hiring", "library", "lint"],
        input=QUESTIONS + "What would you do if a buyer went silent?\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    _check("\n".join(lines[:3]))
    last = json.loads(lines[3])["findings"]
    assert [(f["topic"], f["severity"]) for f in last] == [("hypothetical", "label")]

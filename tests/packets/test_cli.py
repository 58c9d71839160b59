"""``flask packets render`` for candidates, onboarding plans and positions."""

from __future__ import annotations

from tests.builders import submit_scorecard
from tests.support.pdf import bookmarks, contains, flat, text_of


def _run(app, *args: str):
    return app.test_cli_runner().invoke(args=["packets", "render", *args])


def test_candidate_memo_from_the_cli(app, panel, tmp_path):
    *_rest, application, _interview = panel
    out = tmp_path / "memo.pdf"
    result = _run(app, "candidate", str(application.id), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    words = flat(text_of(out.read_bytes())[0])
    assert "Marcus Bell" in words and contains(words, "discovery evidence <em>4</em>")
    assert _run(app, "candidate", "999999", "-o", str(out)).exit_code == 1


def test_onboarding_plan_from_the_cli_is_the_new_hire_copy_by_default(
    app, loaded_library, tmp_path, make_plan
):
    _manager, _new_hire, plan_id = make_plan()
    out = tmp_path / "plan.pdf"
    assert _run(app, "onboarding", str(plan_id), "-o", str(out)).exit_code == 0
    assert "Welcome, Noah" in flat(text_of(out.read_bytes())[0])
    result = _run(app, "onboarding", str(plan_id), "-o", str(out), "--manager-copy")
    assert result.exit_code == 0
    assert "manager's copy" in flat(text_of(out.read_bytes())[0]).lower()


def test_position_out_dir_renders_every_memo_in_parallel(
    app, client, login, make_user, make_application, schedule, panel, tmp_path
):
    _manager, _jamie, _sam, position, marcus, _interview = panel
    avery = make_user(roles=["interviewer"], name="Avery Stone")
    dana = make_application(position=position, name="Dana Lee")
    interview = schedule([avery], application=dana, stage=1)
    login(avery)
    submit_scorecard(app, client, interview.id, {"discovery": 4}, "yes")
    out_dir = tmp_path / "finalists"
    merged = tmp_path / "position.pdf"
    result = _run(
        app,
        "position",
        str(position.id),
        "--pick",
        str(marcus.id),
        "--pick",
        str(dana.id),
        "--out-dir",
        str(out_dir),
        "-o",
        str(merged),
        "--workers",
        "2",
    )
    assert result.exit_code == 0, result.output
    # The whole packet (one document) and the three separate files.
    assert "2 finalists" in result.output and "4 documents on 2 processes" in result.output
    assert "Rendering" in result.output  # the progress bar
    names = sorted(p.name for p in out_dir.iterdir())
    assert names == sorted(
        ["00-comparison-summary.pdf", f"{marcus.id}-marcus-bell.pdf", f"{dana.id}-dana-lee.pdf"]
    )
    assert "Dana Lee" in text_of((out_dir / f"{dana.id}-dana-lee.pdf").read_bytes())[0]
    assert bookmarks(merged.read_bytes())[0] == "Comparison summary"


def test_usage_errors(app, tmp_path):
    assert "give -o PATH" in _run(app, "interview", "1").output
    result = _run(app, "candidate", "1", "--out-dir", str(tmp_path))
    assert (
        result.exit_code == 1
        and "--out-dir, --pick and --workers are for position" in result.output
    )
    result = _run(app, "candidate", "1", "-o", str(tmp_path / "x.pdf"), "--manager-copy")
    assert result.exit_code == 1 and "--manager-copy is for onboarding packets" in result.output
    assert _run(app, "position", "999999", "-o", str(tmp_path / "x.pdf")).exit_code == 1

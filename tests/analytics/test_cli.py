"""``flask --app hiring analytics agreement|impact``: published examples in, JSON out, clear
refusals for malformed files (click's usage error, exit status 2, nothing on standard output)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from flask import Flask

from tests.support.published import KRIPPENDORFF_2011, SHROUT_FLEISS


def _long_csv(path: Path, table: list[list[Any]]) -> Path:
    lines = ["subject,rater,rating"]
    for i, row in enumerate(table, start=1):
        lines += [f"u{i},{'ABCD'[j]},{'' if v is None else v}" for j, v in enumerate(row)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=["analytics", *args])


def _agreement(app: Flask, path: Path, *extra: str) -> dict[str, Any]:
    result = _run(app, "agreement", "--input", str(path), *extra)
    assert result.exit_code == 0, result.output + result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


@pytest.mark.parametrize(
    ("form", "published"),
    [
        ("icc1", 0.17),
        ("icc2", 0.29),
        ("icc3", 0.71),
        ("icc1k", 0.44),
        ("icc2k", 0.62),
        ("icc3k", 0.91),
    ],
)
def test_agreement_reproduces_shrout_and_fleiss_table_2(app, tmp_path, form, published):
    report = _agreement(app, _long_csv(tmp_path / "sf.csv", SHROUT_FLEISS), "--scale-points", "10")
    assert round(report[form]["value"], 2) == published
    low, high = report[form]["ci95"]
    assert low < report[form]["value"] < high
    assert set(report[form]) == {"value", "ci95"}
    assert report["icc_note"].startswith("ICC forms use the 6 of 6 subjects rated by all 4 raters")


def test_agreement_reproduces_krippendorff_2011_and_reports_every_key(app, tmp_path):
    report = _agreement(
        app, _long_csv(tmp_path / "k.csv", KRIPPENDORFF_2011), "--scale-points", "5"
    )
    assert round(report["alpha_nominal"]["value"], 3) == 0.743
    assert round(report["alpha_ordinal"]["value"], 3) == 0.815
    assert round(report["alpha_interval"]["value"], 3) == 0.849
    assert round(report["alpha_ratio"]["value"], 3) == 0.797
    assert len(report["alpha_ordinal"]["ci95"]) == 2
    expected = {"icc1", "icc2", "icc3", "icc1k", "icc2k", "icc3k"}
    expected |= {"alpha_nominal", "alpha_ordinal", "alpha_interval", "alpha_ratio", "rwg"}
    assert expected <= set(report)
    # Only units 2-9 have all four observers; 1, 10, 11 and 12 miss one or more.
    assert "8 of 12 subjects rated by all 4 raters; 4 left out" in report["icc_note"]
    assert report["icc1"]["value"] is not None
    # rWG per subject on 5 points: u6 (1, 2, 3, 4) has s^2 = 5/3 against sigma^2_EU = 2.
    assert report["rwg"]["u3"] == {"value": 1.0, "truncated": False, "n": 4}
    assert report["rwg"]["u6"]["value"] == pytest.approx(1 / 6)
    assert report["rwg"]["u12"] == {"value": None, "truncated": False, "n": 1}


def test_scale_points_default_to_four(app, tmp_path):
    # s^2 of (1, 2) = 0.5; sigma^2_EU = (16 - 1) / 12 = 1.25 on 4 points, so rWG = 0.6.
    path = tmp_path / "two.csv"
    path.write_text(
        "subject,rater,rating\na,x,1\na,y,2\nb,x,3\nb,y,3\nc,x,1\nc,y,4\n", encoding="utf-8"
    )
    report = _agreement(app, path)
    assert report["rwg"]["a"]["value"] == pytest.approx(0.6)
    # c (1, 4) disagrees more than random responding would: reported as 0, and said so.
    assert report["rwg"]["c"] == {"value": 0.0, "truncated": True, "n": 2}
    assert report["rwg_scale_points"] == 4


def test_icc_is_null_with_a_reason_when_no_subject_is_complete(app, tmp_path):
    path = tmp_path / "sparse.csv"
    path.write_text(
        "subject,rater,rating\na,x,1\na,y,2\nb,y,3\nb,z,4\nc,x,2\nc,z,\n", encoding="utf-8"
    )
    report = _agreement(app, path)
    assert report["icc2"] == {
        "value": None,
        "ci95": None,
        "reason": "No subject was rated by all 3 raters.",
    }
    assert "0 of 3 subjects" in report["icc_note"] and "3 left out" in report["icc_note"]


def test_impact_reproduces_the_eeoc_four_fifths_example(app, tmp_path):
    path = tmp_path / "groups.csv"
    path.write_text("group,applicants,selected\nWhite,80,48\nBlack,40,12\n", encoding="utf-8")
    result = _run(app, "impact", "--input", str(path))
    assert result.exit_code == 0, result.output
    white, black = (json.loads(line) for line in result.stdout.splitlines())
    assert white["group"] == "White" and white["rate"] == 0.6 and white["impact_ratio"] == 1.0
    assert not white["four_fifths_flag"]
    assert black["group"] == "Black" and black["rate"] == 0.3
    assert black["impact_ratio"] == 0.5 and black["four_fifths_flag"] is True
    assert black["z"] == pytest.approx(-3.098, abs=5e-4)
    assert 0 < black["fisher_p"] < 0.05
    assert black["shortfall"] == 8.0
    assert {"rate", "impact_ratio", "z", "fisher_p", "shortfall", "four_fifths_flag"} <= set(black)


def test_impact_ratio_of_exactly_four_fifths_is_not_flagged(app, tmp_path):
    path = tmp_path / "groups.csv"
    path.write_text("group,applicants,selected\nA,10,5\nB,10,4\n", encoding="utf-8")
    result = _run(app, "impact", "--input", str(path))
    b = json.loads(result.stdout.splitlines()[1])
    assert b["impact_ratio"] == 0.8 and b["four_fifths_flag"] is False


@pytest.mark.parametrize(
    ("command", "content", "message"),
    [
        ("agreement", "", "the file is empty"),
        ("agreement", "subject,rater,rating\n", "no ratings"),
        ("agreement", "subject,score\na,1\n", "missing columns rater, rating"),
        ("agreement", "subject,rater,rating\na,x,good\n", "line 2: rating 'good' is not a number"),
        ("agreement", "subject,rater,rating\na,x,nan\n", "line 2: rating 'nan' is not a number"),
        (
            "agreement",
            "subject,rater,rating\na,x,1\na,x,2\n",
            "line 3: rater 'x' rates subject 'a' twice",
        ),
        (
            "agreement",
            "subject,rater,rating\n,x,1\n",
            "line 2: subject and rater must not be blank",
        ),
        ("impact", "", "the file is empty"),
        ("impact", "group,applicants\nA,3\n", "missing column selected"),
        (
            "impact",
            "group,applicants,selected\nA,ten,1\n",
            "line 2: applicants 'ten' is not a whole number",
        ),
        (
            "impact",
            "group,applicants,selected\nA,10,11\n",
            "line 2: group 'A' has more selected (11) than applicants (10)",
        ),
        ("impact", "group,applicants,selected\nA,10,1\nA,5,1\n", "line 3: group 'A' appears twice"),
        ("impact", "group,applicants,selected\nA,0,0\n", "line 2: group 'A' has no applicants"),
    ],
)
def test_malformed_files_are_refused_with_a_clear_usage_error(
    app, tmp_path, command, content, message
):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    result = _run(app, command, "--input", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"Error: Invalid value for '--input': {path}: {message}" in result.stderr


def test_a_missing_file_is_a_usage_error(app, tmp_path):
    result = _run(app, "impact", "--input", str(tmp_path / "absent.csv"))
    assert result.exit_code == 2
    assert "No such file or directory" in result.stderr


def test_standard_input_and_a_byte_order_mark_are_read(app):
    result = app.test_cli_runner().invoke(
        args=["analytics", "impact", "--input", "-"],
        input="\ufeffgroup,applicants,selected\nA,10,5\n",
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["group"] == "A"

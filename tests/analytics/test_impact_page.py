"""The adverse-impact section: the EEOC's worked example built from real rows, suppression,
the stage transitions, the audit of every read, and constant queries."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from hiring.applications.models import ApplicationStatus
from hiring.audit.models import AuditEvent
from hiring.db import db
from tests import builders

#: Turned down: decided at the stage they reached, unlike an open application.
NO = ApplicationStatus.REJECTED


def _eeoc_example(app, position_id: int) -> None:
    """The EEOC's 2023 example: 48 of 80 White applicants advance, 12 of 40 Black applicants."""
    with app.app_context():
        builders.applicants(position_id, 48, sex="male", race_ethnicity="white", stage_index=0)
        builders.applicants(position_id, 32, sex="female", race_ethnicity="white", status=NO)
        builders.applicants(position_id, 12, sex="male", race_ethnicity="black", stage_index=0)
        builders.applicants(position_id, 28, sex="female", race_ethnicity="black", status=NO)


def _row(page: str, caption: str, group: str) -> str:
    """The table row of ``group`` in the table whose caption is ``caption``."""
    table = page[page.index(f"<caption>{caption}</caption>") :]
    table = table[: table.index("</table>")]
    start = table.index(f'<th scope="row">{group}</th>')
    return " ".join(table[start : table.index("</tr>", start)].split())


def test_the_eeoc_worked_example_gives_0_50_and_the_flag(app, client, login, make_position):
    position = make_position(title="Account Executive")
    _eeoc_example(app, position.id)
    with app.app_context():
        builders.applicants(position.id, 3, race_ethnicity="prefer_not")
        builders.applicants(position.id, 2)  # never answered
    login(roles=["admin"])
    page = client.get("/analytics/impact").get_data(as_text=True)
    assert "<h1>Adverse impact</h1>" in page
    assert "rule of thumb" in page and "EEOC's 2023 technical assistance" in page
    assert "125 applicants in this period." in page
    assert "Sex: 3 preferred not to say, 2 gave no answer." not in page  # sex unanswered: 5
    assert "Sex: 0 preferred not to say, 5 gave no answer." in page
    # Small unstated counts are one count, so the total minus the groups tells nothing.
    assert "Race/ethnicity: 5 preferred not to say or gave no answer." in page
    black = _row(page, "Race/ethnicity · Applied → Screen", "Black or African American")
    assert '<td class="num">40</td><td class="num">12</td>' in black.replace("> <", "><")
    assert "30.0%" in black and "0.50" in black and "Below 0.80" in black
    assert "-3.10" in black  # the pooled two-proportion Z
    white = _row(page, "Race/ethnicity · Applied → Screen", "White")
    assert "60.0%" in white and "1.00 <small>(highest rate)</small>" in white
    assert "Below 0.80" not in white
    # White applicants moved on above the overall rate: no negative number to puzzle over.
    assert "none (above expected)" in white and "-8.0" not in white
    # Groups under five applicants are never shown, not even their counts.
    asian = _row(page, "Race/ethnicity · Applied → Screen", "Asian")
    assert "Not shown, so nobody can be recognised: fewer than 5 applicants" in asian
    # Every stage transition and the bottom line, per characteristic.
    for label in ("Bottom line: applied → hired", "Screen → Behavioural", "Role Play → Hired"):
        assert f"<h3>{label}</h3>" in page
    assert "<caption>Sex · Applied → Screen</caption>" in page


def test_the_csv_has_the_same_numbers(app, client, login, make_position) -> None:
    position = make_position()
    _eeoc_example(app, position.id)
    login(roles=["admin"])
    response = client.get("/analytics/impact.csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="adverse-impact.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    black = next(
        r
        for r in rows
        if r["transition"] == "Applied → Screen" and r["group"] == "Black or African American"
    )
    assert (black["applicants"], black["selected"], black["rate"]) == ("40", "12", "0.3")
    assert (black["impact_ratio"], black["four_fifths_flag"], black["z"]) == ("0.5", "yes", "-3.1")
    assert float(black["fisher_p"]) < 0.01 and black["shortfall"] == "8.0"
    white = next(r for r in rows if r["transition"] == "Applied → Screen" and r["group"] == "White")
    assert white["shortfall"] == "-8.0"  # the file keeps the number
    hired = [r for r in rows if r["transition"].startswith("Bottom line")]
    assert {r["four_fifths_flag"] for r in hired} == {"", "insufficient data"}  # nobody hired
    asian = next(r for r in rows if r["group"] == "Asian")
    assert asian["applicants"] == "" and asian["caution"].startswith("suppressed")


def test_a_hire_counts_past_every_stage_and_history_counts_as_reached(
    app, client, login, make_position
) -> None:
    position = make_position()
    with app.app_context():
        hired = builders.applicants(position.id, 6, race_ethnicity="white", hired=True)
        moved_back = builders.applicants(position.id, 6, race_ethnicity="asian", status=NO)
        from hiring.applications.models import ApplicationEvent

        for application_id in moved_back:  # reached Behavioural, then moved back to New
            db.session.add(
                ApplicationEvent(
                    application_id=application_id, kind="moved", from_stage=0, to_stage=1
                )
            )
        db.session.commit()
    assert hired
    login(roles=["admin"])
    page = client.get("/analytics/impact").get_data(as_text=True)
    asian = _row(page, "Race/ethnicity · Screen → Behavioural", "Asian")
    assert "100.0%" in asian
    asian_end = _row(page, "Race/ethnicity · Behavioural → Role Play", "Asian")
    # Nobody selected: too few to flag, so the page says so rather than "Below 0.80".
    assert "0.0%" in asian_end and "Insufficient data" in asian_end
    assert "Below 0.80" not in asian_end
    white = _row(page, "Race/ethnicity · Bottom line: applied → hired", "White")
    assert "100.0%" in white


def test_every_read_is_audited_with_its_filters(app, client, login, make_position) -> None:
    position = make_position()
    admin = login(roles=["admin"])
    client.get("/analytics/impact")
    client.get(f"/analytics/impact.csv?position={position.id}")
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "analytics.impact_read")
            .order_by(AuditEvent.id)
        ).all()
        assert [e.after["format"] for e in events] == ["page", "csv"]
        assert all(e.actor_id == admin.id for e in events)
        assert events[1].after["position"] == str(position.id)
    log = client.get("/admin/audit/").get_data(as_text=True)
    assert "Adverse impact read" in log


def test_only_admins_read_it_and_nobody_else_is_audited(app, client, login) -> None:
    for role in ("hiring_manager", "recruiter", "interviewer"):
        login(roles=[role])
        assert client.get("/analytics/impact").status_code == 403
        assert client.get("/analytics/impact.csv").status_code == 403
        client.post("/logout")
    with app.app_context():
        assert not db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "analytics.impact_read")
        )


def test_no_applicants_says_so(client, login) -> None:
    login(roles=["admin"])
    page = client.get("/analytics/impact").get_data(as_text=True)
    assert "No applicants in this period" in page
    assert "Download every table as CSV" not in page


def test_the_query_count_stays_the_same_as_applicants_grow(
    app, client, login, make_position, count_queries
) -> None:
    first, second = make_position(title="Account Executive"), make_position(title="SDR")
    login(roles=["admin"])

    def grow(n: int) -> None:
        with app.app_context():
            for position in (first, second):
                builders.applicants(position.id, n, sex="female", race_ethnicity="asian")
                builders.applicants(position.id, n, sex="male", race_ethnicity="white", hired=True)

    grow(3)
    client.get("/analytics/impact")
    with count_queries() as small:
        assert client.get("/analytics/impact").status_code == 200
    grow(9)
    with count_queries() as large:
        assert client.get("/analytics/impact").status_code == 200
    with count_queries() as csv_large:
        assert client.get("/analytics/impact.csv").status_code == 200
    assert small.count == large.count
    assert csv_large.count <= large.count


def test_a_suppressed_group_cannot_be_worked_out_from_the_page_or_the_csv(
    app, client, login, make_position
) -> None:
    """The demo's Mid-Market: 11 applicants, 3 without an answer, 6 men, 2 women (one hired).
    Shown as they were, 11 - 3 - 6 gave the women's 2, and the men's shortfall at an overall
    rate that counted the hire gave the hire away."""
    position = make_position(title="Mid-Market")
    with app.app_context():
        builders.applicants(position.id, 6, sex="male", status=NO)
        builders.applicants(position.id, 1, sex="female", hired=True)
        builders.applicants(position.id, 1, sex="female", status=NO)
        builders.applicants(position.id, 3)
    login(roles=["admin"])
    page = client.get("/analytics/impact").get_data(as_text=True)
    assert "11 applicants in this period." in page
    assert "Sex: fewer than 5 preferred not to say or gave no answer." in page
    for group in ("Male", "Female"):
        row = _row(page, "Sex · Bottom line: applied → hired", group)
        assert "Not shown, so nobody can be recognised" in row and 'class="num"' not in row
    response = client.get("/analytics/impact.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    sex = [r for r in rows if r["characteristic"] == "Sex"]
    assert sex and all(r["applicants"] == r["selected"] == r["shortfall"] == "" for r in sex)
    assert all(r["caution"].startswith("suppressed") for r in sex)


def test_open_applications_count_only_in_the_steps_they_have_finished(
    app, client, login, make_position
) -> None:
    position = make_position()
    with app.app_context():
        # At Screen: 10 moved on to it, 10 turned down at Applied, and 20 still open at Screen
        # (10 active, 10 on hold), who are not yet selected nor rejected for Screen → Behavioural.
        builders.applicants(position.id, 10, sex="male", stage_index=1, status=NO)
        builders.applicants(position.id, 10, sex="male", status=NO)
        builders.applicants(position.id, 10, sex="male", stage_index=0)
        on_hold = ApplicationStatus.ON_HOLD
        builders.applicants(position.id, 10, sex="male", stage_index=0, status=on_hold)
        builders.applicants(position.id, 20, sex="female", stage_index=1, status=NO)
    login(roles=["admin"])
    page = client.get("/analytics/impact").get_data(as_text=True)
    assert "still open" in page  # the page says how open applications count
    applied = _row(page, "Sex · Applied → Screen", "Male").replace("> <", "><")
    assert '<td class="num">40</td><td class="num">30</td>' in applied
    screen = _row(page, "Sex · Screen → Behavioural", "Male").replace("> <", "><")
    assert '<td class="num">10</td><td class="num">10</td>' in screen  # not 30 with 10
    bottom = _row(page, "Sex · Bottom line: applied → hired", "Male").replace("> <", "><")
    assert '<td class="num">20</td><td class="num">0</td>' in bottom


def test_a_small_unstated_count_is_not_given_away_by_the_other(
    app, client, login, make_position
) -> None:
    """Both groups shown, 3 preferring not to say and 6 without an answer: printing the 6
    would give the 3 back as the total minus the groups minus 6, so they read as one count."""
    position = make_position()
    with app.app_context():
        builders.applicants(position.id, 11, sex="female", status=NO)
        builders.applicants(position.id, 10, sex="male", status=NO)
        builders.applicants(position.id, 3, sex="prefer_not", status=NO)
        builders.applicants(position.id, 6, status=NO)
    login(roles=["admin"])
    page = client.get("/analytics/impact").get_data(as_text=True)
    assert "30 applicants in this period." in page
    assert "Sex: 9 preferred not to say or gave no answer." in page
    assert "6 gave no answer" not in page and "3 preferred" not in page

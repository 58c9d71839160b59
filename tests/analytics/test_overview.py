"""The analytics overview and the filters every section shares."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from hiring.analytics.scope import default_period


def test_default_period_is_the_last_twelve_months() -> None:
    assert default_period(date(2026, 11, 29)) == (date(2025, 11, 1), date(2026, 11, 29))
    assert default_period(date(2026, 1, 5)) == (date(2025, 1, 1), date(2026, 1, 5))


def test_admin_sees_the_overview_with_filters(client, login, make_position) -> None:
    make_position(title="Account Executive")
    login(roles=["admin"])
    page = client.get("/analytics/").get_data(as_text=True)
    assert "<h1>Analytics</h1>" in page
    assert "All positions" in page
    assert "Account Executive" in page


def test_a_hiring_manager_filters_only_by_their_own_positions(
    client, login, make_user, make_position
) -> None:
    morgan = make_user(roles=["hiring_manager"], name="Morgan Patel")
    other = make_user(roles=["hiring_manager"], name="Avery Stone")
    mine = make_position(manager=morgan, title="Account Executive")
    theirs = make_position(manager=other, title="Sales Development Rep")
    login(morgan)
    page = client.get("/analytics/").get_data(as_text=True)
    assert "All your positions" in page
    assert f'<option value="{mine.id}"' in page
    assert f'<option value="{theirs.id}"' not in page
    refused = client.get(f"/analytics/?position={theirs.id}").get_data(as_text=True)
    assert "That position is not one you can see" in refused
    assert f'<option value="{theirs.id}"' not in refused


def test_unreadable_and_swapped_dates_are_explained(client, login) -> None:
    login(roles=["admin"])
    page = client.get("/analytics/?since=2026-13-40").get_data(as_text=True)
    assert "“From” must be a date like 2026-01-31." in page
    swapped = client.get("/analytics/?since=2026-06-01&until=2026-01-01").get_data(as_text=True)
    assert "“From” is after “To”; the two are swapped." in swapped
    assert 'name="since" value="2026-01-01"' in swapped
    assert 'name="until" value="2026-06-01"' in swapped


def test_the_menu_shows_analytics_to_its_readers_only(client, login) -> None:
    login(roles=["recruiter"])
    assert 'href="/analytics/"' in client.get("/").get_data(as_text=True)
    client.post("/logout")
    login(roles=["interviewer"])
    assert 'href="/analytics/"' not in client.get("/").get_data(as_text=True)


def test_a_missing_section_module_fails_at_import_not_silently() -> None:
    """Every section exists: the views import them by name, so a renamed or missing module
    stops the app instead of its tab quietly disappearing."""
    code = (
        "import sys; sys.modules['hiring.analytics.views_quality'] = None\n"
        "import hiring.analytics.views\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode != 0
    assert "views_quality" in done.stderr

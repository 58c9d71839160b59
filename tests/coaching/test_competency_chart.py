"""The competency chart: the pure SVG function, and the points the coaching page gathers from
the interview, certifications, check-ins, ride-alongs and reviews (one chart per competency
of the rep's role profile, on the interview's anchored scale)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from xml.etree import ElementTree

from sqlalchemy import select

from hiring.coaching.charts import ChartPoint, Source, competency_chart_svg
from hiring.coaching.models import CoachingProfile, RatingSource
from hiring.db import db, utcnow
from hiring.library.models import RoleProfile
from hiring.onboarding.models import OnboardingPlan
from hiring.scorecards.models import Recommendation
from tests import builders

SVG = "{http://www.w3.org/2000/svg}"
LABELS = {1: "Poor", 2: "Mixed", 3: "Solid", 4: "Outstanding"}


def _parse(markup: str) -> ElementTree.Element:
    return ElementTree.fromstring(str(markup))  # noqa: S314 - our own markup


# --- The pure function --------------------------------------------------------------------------


def test_the_chart_is_well_formed_and_names_itself_for_screen_readers():
    points = [
        ChartPoint(date(2026, 3, 1), 3, Source.REVIEW, "rated by Morgan <Patel>"),
        ChartPoint(date(2026, 1, 5), 2.5, Source.INTERVIEW, "panel of 2"),
        ChartPoint(date(2026, 2, 1), 2, Source.CERTIFICATION, "Discovery role-play"),
    ]
    svg = _parse(competency_chart_svg("Discovery & more", LABELS, points, dom_id="c-disc"))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c-disc-title c-disc-desc"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and title.get("id") == "c-disc-title"
    assert title.text == "Discovery & more over time"
    assert desc is not None and desc.get("id") == "c-disc-desc"
    assert "3 ratings of Discovery & more on a scale of 1 to 4" in desc.text
    assert "from Interview (panel mean) 2.5, Mon 5 Jan 2026" in desc.text
    assert "to Review 3 (Solid), Sun 1 Mar 2026" in desc.text
    # The scale's levels and labels make the axis.
    axis = [t.text for t in svg.iter(f"{SVG}text")]
    assert axis[:4] == ["1 Poor", "2 Mixed", "3 Solid", "4 Outstanding"]
    # Each point says its source and date on hover, in time order; text is escaped.
    hovers = [t.text for t in svg.iter(f"{SVG}title")][1:]
    assert hovers == [
        "Interview (panel mean) 2.5, Mon 5 Jan 2026: panel of 2",
        "Certification 2 (Mixed), Sun 1 Feb 2026: Discovery role-play",
        "Review 3 (Solid), Sun 1 Mar 2026: rated by Morgan <Patel>",
    ]
    # The legend names only the sources drawn.
    assert {"Interview (panel mean)", "Certification", "Review"} <= set(axis)
    assert "Ride-along observation" not in axis


def test_points_sit_on_the_scale_and_along_time():
    points = [
        ChartPoint(date(2026, 1, 1), 1, Source.CHECK_IN),
        ChartPoint(date(2026, 1, 11), 4, Source.RIDE_ALONG),
    ]
    svg = str(competency_chart_svg("Closing", LABELS, points, dom_id="c"))
    line = re.search(r'<polyline points="([^"]+)"', svg)
    assert line is not None
    (x1, y1), (x2, y2) = (tuple(map(float, p.split(","))) for p in line.group(1).split())
    assert x1 < x2 and y1 > y2  # later is right, higher is up
    level_lines = [float(y) for y in re.findall(r'<line x1="\d+" x2="\d+" y1="([\d.]+)"', svg)]
    assert y1 == level_lines[0] and y2 == level_lines[-1]


def test_an_empty_chart_says_so():
    svg = _parse(competency_chart_svg("Closing", LABELS, [], dom_id="c"))
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and desc.text == "No rating of Closing yet, on a scale of 1 to 4."
    assert "No ratings yet" in [t.text for t in svg.iter(f"{SVG}text")]


# --- The points the page gathers ----------------------------------------------------------------


def _page(client, rep):
    return client.get(f"/coaching/people/{rep.id}").get_data(as_text=True)


def _hovers(page: str, key: str) -> list[str]:
    """The hover titles of the points on ``key``'s chart, in order."""
    chart = page.split(f'id="competency-{key}"', 1)[1].split("</svg>", 1)[0]
    return re.findall(r"<title[^>]*>([^<]+)</title>", chart)


def test_points_from_every_source_with_their_values(app, client, login, team, loaded_library):
    with app.app_context():
        raters = [builders.user(name="Jamie Ortiz"), builders.user(name="Sam Rivera")]
        absent = builders.user(name="Pat Lee")
        plan_id = builders.hired_rep(
            team.rep,
            [
                (raters[0], {"discovery": 2, "closing": 4}, Recommendation.YES),
                (raters[1], {"discovery": 3, "closing": None}, Recommendation.YES),
                (absent, {"discovery": None}, Recommendation.NO),
            ],
        )
        noon = datetime.combine(utcnow().date() - timedelta(days=10), datetime.min.time())
        noon = noon.replace(hour=17, tzinfo=utcnow().tzinfo)
        builders.scored_certification(plan_id, "discovery", 3, on=noon, by=team.manager)
        builders.checkin_rating(plan_id, 30, "discovery", 2, at=noon, by=team.manager)
        builders.competency_rating(
            team.rep,
            "discovery",
            4,
            on=noon.date() + timedelta(days=5),
            by=team.manager,
            source=RatingSource.RIDE_ALONG,
        )
        builders.competency_rating(
            team.rep, "discovery", 3, on=noon.date() + timedelta(days=6), by=team.manager
        )
    login(team.manager)
    page = _page(client, team.rep)
    hovers = _hovers(page, "discovery")
    assert hovers[0] == "Discovery over time"
    points = hovers[1:]
    assert len(points) == 5, points
    # The panel mean: each rater's level (2 and 3), "not assessed" left out.
    assert points[0].startswith("Interview (panel mean) 2.5, ") and points[0].endswith(
        ": panel of 2"
    )
    assert points[1].startswith("Certification 3 (Solid), ")
    assert "Discovery role-play, assessed by Morgan Patel" in points[1]
    assert points[2].startswith("Day-30/60/90 check-in 2 (Mixed), ")
    assert points[2].endswith("day-30 check-in")
    assert points[3].startswith("Ride-along observation 4 (Outstanding), ")
    assert points[4].startswith("Review 3 (Solid), ") and "rated by Morgan Patel" in points[4]
    # One interviewer rated closing; the others' charts are there, empty.
    assert _hovers(page, "closing")[1].startswith("Interview (panel mean) 4 (Outstanding)")
    assert _hovers(page, "closing")[1].endswith(": one interviewer")
    assert _hovers(page, "resilience") == ["Resilience over time"]
    # The same points as a table for screen readers, and the anchors on demand.
    assert (
        '<caption class="visually-hidden">Discovery: every rating, oldest first</caption>' in page
    )
    assert "<td>Interview (panel mean)</td><td>2.5 of 4</td><td>panel of 2</td>" in (
        re.sub(r"<td>[A-Z][a-z]{2} \d+ [A-Z][a-z]{2} \d{4}</td>", "", page)
    )
    assert "What each level of Discovery looks like" in page
    assert "<dt>4 · Outstanding</dt><dd>Repeated, measured impact.</dd>" in page


def test_the_role_profile_comes_from_the_coaching_profile_first(
    app, client, login, team, loaded_library
):
    with app.app_context():
        builders.rep_plan(team.rep)
        profile = db.session.scalar(select(RoleProfile))
        db.session.add(
            CoachingProfile(
                rep_id=team.rep.id,
                role_profile_id=profile.id,
                first_on=date(2026, 1, 5),
                starts_at_local=datetime.min.time(),
                time_zone="America/Chicago",
            )
        )
        db.session.commit()
    login(team.rep)
    page = _page(client, team.rep)
    assert "(the coaching profile)" in page
    assert page.count('class="competency-chart"') == 5


def test_the_role_profile_falls_back_to_the_plan_template(app, client, login, team, loaded_library):
    with app.app_context():
        builders.rep_plan(team.rep)
    login(team.manager)
    page = _page(client, team.rep)
    assert "(their onboarding plan&#39;s template)" in page
    assert 'id="competency-discovery"' in page


def test_without_a_role_profile_the_page_says_what_to_do(app, client, login, team, loaded_library):
    with app.app_context():
        plan = db.session.get(OnboardingPlan, builders.rep_plan(team.rep))
        plan.template_source = "hand-made"
        db.session.commit()
    login(team.manager)
    page = _page(client, team.rep)
    assert "No role profile known yet" in page
    assert "set one on Noah&#39;s coaching profile" in page
    assert 'class="competency-chart"' not in page


def test_queries_stay_constant_as_ratings_grow(
    app, client, login, team, loaded_library, count_queries
):
    with app.app_context():
        plan_id = builders.hired_rep(
            team.rep, [(builders.user(), {"discovery": 2}, Recommendation.YES)]
        )

    def add(n: int) -> None:
        with app.app_context():
            for i in range(n):
                on = utcnow() - timedelta(days=200 - i)
                builders.competency_rating(
                    team.rep, "discovery", 1 + i % 4, on=on.date(), by=team.manager
                )
                builders.scored_certification(plan_id, "closing", 1 + i % 4, on=on, by=team.manager)
            builders.motivator_profile(team.rep, ["money", "team", "mastery"], days_ago=n)

    login(team.manager)
    add(3)
    with count_queries() as few:
        assert client.get(f"/coaching/people/{team.rep.id}").status_code == 200
    add(37)
    with count_queries() as many:
        page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert len(_hovers(page, "discovery")) == 1 + 1 + 40
    assert many.count == few.count, many

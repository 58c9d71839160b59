"""Development goals seeded from what the interviews found."""

from __future__ import annotations

from datetime import date

from hiring import calendar
from hiring.debriefs.queries import load_debrief
from hiring.library.schema import Phase
from hiring.onboarding.models import Goal

#: What the new hire and their buddy read about why a goal was chosen: developmental, with
#: no scores, means or bars (those stay with the manager, in ``Goal.interview_summary``).
DEVELOPMENTAL_WHY = (
    "Why: the interviews pointed to this as the skill where coaching will help you most."
)
#: Development goals fall due at the end of the Contribute phase.
DEVELOPMENT_DUE_DAY = 60


def development_goals(application_id: int, start: date) -> list[Goal]:
    """A goal for each competency whose panel mean fell below the hiring bar, or that the
    debrief flagged for disagreement; weakest first."""
    debrief = load_debrief(application_id)
    if debrief is None or not debrief.submitted:
        return []
    bar = debrief.position.role_profile.minimum_score
    weak = [
        c
        for c in debrief.formula.competencies
        if (c.mean is not None and c.mean < bar) or c.disagreement
    ]
    weak.sort(key=lambda c: c.mean if c.mean is not None else 0.0)
    due = calendar.due_date(start, DEVELOPMENT_DUE_DAY, calendar.holidays())
    goals = []
    for score in weak:
        name = score.spec.name
        evidence = [
            {
                "interviewer": card.interviewer.name,
                "stage": card.interview.stage.name,
                "rating": None if rating.not_assessed else rating.rating,
                "evidence": rating.evidence,
            }
            for card in debrief.submitted
            if (rating := debrief.cells.get(score.spec.key, {}).get(card.id)) is not None
        ]
        reason = (
            f"panel mean {score.mean:.1f} against a bar of {bar:g}"
            if score.mean is not None and score.mean < bar
            else f"interviewers disagreed by {score.spread} levels"
        )
        goals.append(
            Goal(
                phase=Phase.CONTRIBUTE,
                outcome=f"Strengthen {name}",
                metric=f"Manager's rating of {name} on ride-alongs and call reviews",
                target=3,
                unit="level",
                due_date=due,
                competency_key=score.spec.key,
                coaching_actions=[
                    f"Skill coaching: in a 1:1 each fortnight, role-play one {name.lower()} "
                    "situation and agree one behaviour to practise.",
                    f"Ride-along focus: on the next two ride-alongs, observe only {name.lower()}"
                    " and debrief one point.",
                    DEVELOPMENTAL_WHY,
                ],
                interview_evidence=evidence,
                interview_summary=f"The interviews found {reason}.",
            )
        )
    return goals

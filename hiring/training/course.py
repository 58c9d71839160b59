"""The interviewer course: eight short pages read before the first practice set.

The lessons themselves are templates (``templates/training/course/<slug>.html``); this module
holds their order and what the views and tests need to know about them. Each lesson's worked
example is quoted from the sales library, and the quotes are listed here so a test can check
that every one still appears word for word in the competency file it names: when the library's
wording changes, the course is told, rather than quietly quoting something that no longer exists.

Plain data: no database, no Flask, so any area (and the tests) can read it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LibraryQuote:
    """A passage a lesson quotes from ``scorecards/competencies/<competency_key>.toml``.

    ``question_key`` names the question it comes from (its text, probes, look-fors, red flags,
    anchors or a reference answer); None means the competency's own ``[anchors]``.
    """

    competency_key: str
    question_key: str | None
    text: str


@dataclass(frozen=True)
class CoursePage:
    """One page of the course, in reading order within ``PAGES``."""

    slug: str
    title: str
    summary: str  # one line, for the course's table of contents
    minutes: int  # reading time
    examples: tuple[LibraryQuote, ...]  # the passages the lesson quotes, each word for word

    @property
    def template(self) -> str:
        return f"training/course/{self.slug}.html"


PAGES: tuple[CoursePage, ...] = (
    CoursePage(
        slug="using-anchors",
        title="How to use the anchors",
        summary=(
            "Rate the highest level whose behaviour you fully heard, not "
            "how you feel about the person."
        ),
        minutes=3,
        examples=(
            LibraryQuote(
                "discovery_qualification",
                "need_behind_the_ask",
                "I went through our usual qualification checklist with her, budget, authority, "
                "need and timing, and it all checked out for the next quarter.",
            ),
            LibraryQuote(
                "discovery_qualification",
                None,
                "Qualification follows a checklist more than a real grasp of business impact",
            ),
        ),
    ),
    CoursePage(
        slug="not-assessed",
        title="What “not assessed” means",
        summary=(
            "Not assessed means you did not cover it; a 1 means you "
            "asked, probed and heard no evidence."
        ),
        minutes=3,
        examples=(
            LibraryQuote(
                "objection_handling",
                "late_stage_price_push",
                "If a buyer came to me late in the deal and said we were too expensive, "
                "the first thing I would do is go back to the value",
            ),
            LibraryQuote(
                "objection_handling",
                None,
                "Asked and probed: no example of their own of handling an objection",
            ),
        ),
    ),
    CoursePage(
        slug="star-notes",
        title="Taking notes in STAR form",
        summary=(
            "Write down what the candidate did, under Situation, Task, "
            "Action and Result, as they say it."
        ),
        minutes=3,
        examples=(
            LibraryQuote(
                "closing_deal_control",
                "biggest_deal_walkthrough",
                "We did discovery workshops, we built a proof of concept with their data team, "
                "and we presented to the steering group, which went extremely well.",
            ),
            LibraryQuote(
                "closing_deal_control",
                "biggest_deal_walkthrough",
                "Action: how did you agree the steps and dates to signature with the buyer?",
            ),
        ),
    ),
    CoursePage(
        slug="halo",
        title="Halo: one shining fact colours everything",
        summary=(
            "A famous employer or a big result is not evidence of the behaviour you are rating."
        ),
        minutes=3,
        examples=(
            LibraryQuote(
                "discovery_qualification",
                "decision_and_cost_of_inaction",
                "a seven-figure platform deal with one of the top three global consumer brands. "
                "Everyone knows the name.",
            ),
            LibraryQuote(
                "discovery_qualification",
                "decision_and_cost_of_inaction",
                "Who signed off? I think it went through their procurement team and then a "
                "board-level committee; she handled most of that.",
            ),
            LibraryQuote(
                "discovery_qualification",
                "decision_and_cost_of_inaction",
                "Does not know who approved the spend",
            ),
        ),
    ),
    CoursePage(
        slug="leniency-severity",
        title="Leniency and severity: your own private scale",
        summary=(
            "Some raters give everyone a 3 or 4, others hardly ever do; "
            "the anchors are the only scale."
        ),
        minutes=3,
        examples=(
            LibraryQuote(
                "objection_handling",
                "late_stage_price_push",
                "I said I couldn't move on price for a one-year contract, but I could offer "
                "8 percent for a three-year term.",
            ),
            LibraryQuote(
                "objection_handling",
                "late_stage_price_push",
                "I agreed to that to get it done; it was about 6 thousand of our team's time, "
                "and I didn't ask for anything for it.",
            ),
            LibraryQuote(
                "objection_handling",
                None,
                "trades every concession for term, scope, timing or commitment",
            ),
        ),
    ),
    CoursePage(
        slug="central-tendency",
        title="Central tendency: playing it safe in the middle",
        summary=(
            "When an answer meets the top anchor, give the top level; "
            "when it meets the bottom one, give that."
        ),
        minutes=3,
        examples=(
            LibraryQuote(
                "discovery_qualification",
                "need_behind_the_ask",
                "We worked it out together on the call: close to seven hundred thousand a year.",
            ),
            LibraryQuote(
                "discovery_qualification",
                "need_behind_the_ask",
                "I also dropped a scanner quote at their second site, because nobody there "
                "owned the problem.",
            ),
            LibraryQuote(
                "discovery_qualification",
                None,
                "Plays the problem back for the buyer to confirm, and can show a deal they "
                "disqualified early, with the reason.",
            ),
        ),
    ),
    CoursePage(
        slug="similar-to-me",
        title="Similar-to-me: liking people who remind you of you",
        summary=(
            "A candidate who took your path is not better at the job for it; rate what they did."
        ),
        minutes=3,
        examples=(
            LibraryQuote(
                "objection_handling",
                "recurring_objection",
                "Then my team lead gave us the feel, felt, found framework, "
                "and I got really good at it.",
            ),
            LibraryQuote(
                "objection_handling",
                "recurring_objection",
                "I used the same response right up until I was promoted, because if something "
                "works, you don't change it.",
            ),
            LibraryQuote(
                "objection_handling",
                "recurring_objection",
                "Improved the response deliberately and can say how they tested it",
            ),
        ),
    ),
    CoursePage(
        slug="first-impression",
        title="First impression: deciding in the first five minutes",
        summary=(
            "A confident opening is not an Action; keep rating until you have heard what they did."
        ),
        minutes=3,
        examples=(
            LibraryQuote(
                "coaching_developing",
                "below_to_on_target",
                "Great question, because coaching is honestly the part of "
                "the job I care about most.",
            ),
            LibraryQuote(
                "coaching_developing",
                "below_to_on_target",
                "I told him, let me show you how it's done, and I joined all his late-stage "
                "calls for a month and ran the negotiations myself.",
            ),
            LibraryQuote(
                "coaching_developing",
                None,
                "the example shows taking over calls ('let me show you')",
            ),
        ),
    ),
)

_BY_SLUG = {p.slug: p for p in PAGES}


def page(slug: str) -> CoursePage | None:
    """The page with this slug, or None (the view answers 404)."""
    return _BY_SLUG.get(slug)


def neighbours(slug: str) -> tuple[CoursePage | None, CoursePage | None]:
    """The pages before and after ``slug`` in reading order (None at either end, or for an
    unknown slug)."""
    current = _BY_SLUG.get(slug)
    if current is None:
        return None, None
    i = PAGES.index(current)
    return (PAGES[i - 1] if i > 0 else None, PAGES[i + 1] if i + 1 < len(PAGES) else None)

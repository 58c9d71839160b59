"""How onboarding pages and packets say numbers, units and dates: "target 1 deal", "2 deals",
"1.5x quota", "Mon 7 Dec 2026". KPI units come from the role profiles' onboarding goals
(``OnboardingGoalSpec.unit``, free text such as "deals", "opportunities", "percent",
"sessions per rep", "times quota"), written in the plural; the singular is derived here."""

from __future__ import annotations

from datetime import date

from hiring import timezones

#: Units that read the same for one and for many.
_INVARIANT = frozenset({"", "%", "percent", "per cent", "x"})


def amount(value: float) -> str:
    """A number as people write it: 3, 0.5, 1,200 (never 3.0 or 1.2e+03)."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def singular(unit: str) -> str:
    """``unit`` for exactly one: "deals" -> "deal", "sessions per rep" -> "session per rep"."""
    if unit.strip().lower() in _INVARIANT:
        return unit
    if " per " in unit:
        head, tail = unit.split(" per ", 1)
        return f"{singular(head)} per {tail}"
    words = unit.split(" ")
    last = words[-1]
    if last.endswith("ies") and len(last) > 3:
        last = last[:-3] + "y"
    elif last.endswith(("sses", "shes", "ches", "xes")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return " ".join([*words[:-1], last])


def quantity(value: float, unit: str) -> str:
    """``value`` with its unit, singular for exactly one: "1 deal", "2 deals", "40 percent";
    a multiple ("times quota") reads "1.5x quota", as sales teams write it."""
    unit = unit.strip()
    if unit.startswith("times "):
        return f"{amount(value)}x {unit[len('times ') :]}"
    shown = singular(unit) if value == 1 else unit
    return f"{amount(value)} {shown}".rstrip()


def day_text(day: date) -> str:
    """A plain date the way the plan page writes it: "Mon 7 Dec 2026" (``timezones.day``)."""
    return timezones.day(day)

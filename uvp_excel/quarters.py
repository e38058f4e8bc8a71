"""The reporting quarter of a programme: parsed from what a user typed, the default, its range."""

from __future__ import annotations

from datetime import date

from uvp_excel import contract
from uvp_excel.contract import default_quarter
from uvp_excel.errors import OPTION, ParameterError
from uvp_excel.source.model import Programme
from uvp_excel.source.planning import Quarter


def reporting_quarter(programme: Programme, text: str | None) -> Quarter | None:
    """Parse the reporting quarter (``"Q3 2024"``); None when not given.

    Raises:
        ParameterError: the text is not a quarter of the programme's range.
    """
    if text is None:
        return None
    quarter = Quarter.parse(text)
    if quarter is None:
        raise ParameterError("quarter", f"{OPTION} '{text}' is geen kwartaal; schrijf het als "
                             "'Q3 2024'")
    if quarter not in contract.quarter_list(programme):
        raise ParameterError("quarter",
                             f"{OPTION} {quarter} valt buiten {quarter_range(programme)}")
    return quarter


def quarter_range(programme: Programme) -> str:
    """The quarters the Kwartaal dropdown offers, and why: "de keuzelijst Kwartaal (Q1 2024 t/m
    Q4 2027; het programma loopt van 2024 tot en met 2025, het beleidsplan tot en met 2027)"."""
    quarters = contract.quarter_list(programme)
    period = f"het programma loopt van {programme.first_year} tot en met {programme.last_year}"
    if quarters[-1].year > programme.last_year:
        period += f", het beleidsplan tot en met {quarters[-1].year}"
    return f"de keuzelijst Kwartaal ({quarters[0]} t/m {quarters[-1]}; {period})"


def default_quarter_warning(programme: Programme, today: date | None = None, *,
                            option: str = "quarter") -> str:
    """Say so when today's quarter, the default, lies outside the programme period ('' if not).

    ``option`` is how the caller's face spells the quarter argument (``--kwartaal``).

    Building in January 2026 for a 2024-2025 programme is probably a mistake (the AOV means Q4
    2025); a warning, not an error, since a programme may run late.
    """
    current = Quarter.of(today or date.today())
    if programme.first_year <= current.year <= programme.last_year:
        return ""
    chosen = default_quarter(programme, today)
    outcome = f"de werkmap krijgt rapportagekwartaal {chosen}"
    if chosen != current:
        outcome += f" (het {'laatste' if chosen < current else 'eerste'} van de keuzelijst)"
    return (f"het huidige kwartaal ({current}) valt buiten de periode van het programma "
            f"({programme.first_year}–{programme.last_year}); {outcome}. Kies een ander "
            f"kwartaal met {option}")

"""``uvp-excel build``: write the workbook staff fill in, from a programme folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from uvp_excel import contract
from uvp_excel.contract import default_quarter
from uvp_excel.errors import CommandUsageError
from uvp_excel.inputs import RowInput
from uvp_excel.output import atomic_output, programme_inputs
from uvp_excel.source.loader import load_programme
from uvp_excel.source.model import Programme
from uvp_excel.source.planning import Quarter
from uvp_excel.workbook.writer import BuildResult, BuildSpec, write_workbook


@dataclass(frozen=True)
class BuildRequest:
    """The options of one ``build`` run."""

    source_dir: Path
    output: Path | None = None
    quarter_text: str | None = None
    force: bool = False
    stand: Path | None = None  # --from: pre-fill the input columns from this stand


def reporting_quarter(programme: Programme, text: str | None) -> Quarter | None:
    """Parse ``--kwartaal``; None when not given.

    Raises:
        CommandUsageError: the text is not a quarter of the programme's range.
    """
    if text is None:
        return None
    quarter = Quarter.parse(text)
    if quarter is None:
        raise CommandUsageError(f"--kwartaal '{text}' is geen kwartaal; schrijf het als "
                                f"'Q3 2024'")
    if quarter not in contract.quarter_list(programme):
        raise CommandUsageError(f"--kwartaal {quarter} valt buiten {quarter_range(programme)}")
    return quarter


def quarter_range(programme: Programme) -> str:
    """The quarters the Kwartaal dropdown offers, and why: "de keuzelijst Kwartaal (Q1 2024 t/m
    Q4 2027; het programma loopt van 2024 tot en met 2025, het beleidsplan tot en met 2027)"."""
    quarters = contract.quarter_list(programme)
    period = f"het programma loopt van {programme.first_year} tot en met {programme.last_year}"
    if quarters[-1].year > programme.last_year:
        period += f", het beleidsplan tot en met {quarters[-1].year}"
    return f"de keuzelijst Kwartaal ({quarters[0]} t/m {quarters[-1]}; {period})"


def default_quarter_warning(programme: Programme, today: date | None = None) -> str:
    """Say so when today's quarter, the default, lies outside the programme period ('' if not).

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
            "kwartaal met --kwartaal")


def default_output(programme: Programme, suffix: str = "") -> Path:
    """Return the default file name in the current folder: ``uvp-heiloo-2024-2025.xlsx``."""
    return Path.cwd() / f"{programme.short_name}{suffix}.xlsx"


def build_workbook(request: BuildRequest, inputs: dict[str, RowInput] | None = None, *,
                   programme: Programme | None = None) -> tuple[Path, BuildResult]:
    """Load the programme (unless given) and write its workbook atomically.

    Returns:
        The path written and what it holds.

    Raises:
        FileError, SourceDataError, OutputExistsError, CommandUsageError.
    """
    programme = programme or load_programme(request.source_dir)
    quarter = reporting_quarter(programme, request.quarter_text)
    if request.stand and inputs is None:
        # Reading a stand needs the return reader (calamine, defusedxml): load it only then,
        # so a plain build starts fast.
        from uvp_excel.merging.merge import read_base  # noqa: PLC0415

        inputs = read_base(request.stand, programme)
    target = request.output or default_output(programme)
    sources = [request.stand, *programme_inputs(programme)]
    with atomic_output(target, request.force, sources) as temporary:
        result = write_workbook(str(temporary), BuildSpec(programme, quarter=quarter,
                                                          inputs=inputs or {}))
    return target, result

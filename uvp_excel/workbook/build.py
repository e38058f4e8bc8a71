"""``uvp-excel build``: write the workbook staff fill in, from a programme folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from uvp_excel.errors import CommandUsageError
from uvp_excel.inputs import RowInput
from uvp_excel.output import atomic_output, programme_inputs
from uvp_excel.source.loader import load_programme
from uvp_excel.source.model import Programme
from uvp_excel.source.planning import Quarter
from uvp_excel.workbook import contract
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
    quarters = contract.quarter_list(programme)
    if quarter is None:
        raise CommandUsageError(f"--kwartaal '{text}' is geen kwartaal; schrijf het als "
                                f"'Q3 2024'")
    if quarter not in quarters:
        raise CommandUsageError(f"--kwartaal {quarter} valt buiten het programma "
                                f"({quarters[0]} t/m {quarters[-1]})")
    return quarter


def default_output(programme: Programme, suffix: str = "") -> Path:
    """Return the default file name in the current folder: ``uvp-heiloo-2024-2025.xlsx``."""
    return Path.cwd() / f"{programme.short_name}{suffix}.xlsx"


def build_workbook(request: BuildRequest,
                   inputs: dict[str, RowInput] | None = None) -> tuple[Path, BuildResult]:
    """Load the programme and write its workbook atomically.

    Returns:
        The path written and what it holds.

    Raises:
        FileError, SourceDataError, OutputExistsError, CommandUsageError.
    """
    programme = load_programme(request.source_dir)
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

"""``uvp-excel split``: one workbook per regie, holding only that regie's rows.

A row whose regie names two teams ("OOV en Samenleven") goes to both; rows without a regie go to a
workbook "Zonder regie", so no activity drops out of the quarterly round. Reference rows stay out:
they are filled in on the section they point to.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path

from uvp_excel.contract import NO_REGIE
from uvp_excel.errors import FileError
from uvp_excel.findings import Finding, json_text
from uvp_excel.inputs import RowInput
from uvp_excel.output import (
    atomic_output,
    check_writable,
    os_reason,
    programme_inputs,
    refuse_input_as_output,
)
from uvp_excel.source.model import Programme
from uvp_excel.source.planning import Quarter
from uvp_excel.workbook.writer import BuildSpec, write_workbook


@dataclass(frozen=True)
class SplitFile:
    """One workbook written by split."""

    regie: str
    file: str
    activities: int


class SplitFiles(list[SplitFile]):
    """The workbooks split wrote, in order, and what to know about the stand that pre-filled
    them (``findings``: open conflicts, values typed into the stand by hand)."""

    def __init__(self, files: list[SplitFile], findings: list[Finding] | None = None) -> None:
        super().__init__(files)
        self.findings = findings or []


def regie_teams(programme: Programme) -> list[str]:
    """Return every team that leads an activity, plus NO_REGIE when some rows have none."""
    teams = sorted({team for activity in programme.activities() for team in activity.regie},
                   key=str.lower)
    if any(not activity.regie and not activity.is_reference
           for activity in programme.activities()):
        teams.append(NO_REGIE)
    return teams


def file_name(programme: Programme, team: str) -> str:
    """Return a readable file name: ``uvp-heiloo-2024-2025-THV.xlsx``."""
    slug = re.sub(r"[^0-9A-Za-zÀ-ÿ]+", "-", team).strip("-") or "regie"
    return f"{programme.short_name}-{slug}.xlsx"


def file_names(programme: Programme, teams: list[str]) -> dict[str, str]:
    """Return a file name per team, never the same twice (not even in other capitals: Windows and
    macOS would write both to one file); a second ``OOV/THV`` or ``oov thv`` gets ``-2``."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for team in teams:
        name = file_name(programme, team)
        stem, number = name.removesuffix(".xlsx"), 2
        while name.lower() in used:
            name, number = f"{stem}-{number}.xlsx", number + 1
        used.add(name.lower())
        names[team] = name
    return names


def split_programme(programme: Programme, folder: Path, *, quarter: Quarter | None = None,
                    inputs: dict[str, RowInput] | None = None,
                    force: bool = False, sources: list | None = None) -> list[SplitFile]:
    """Write one workbook per regie into ``folder`` (created when missing).

    Args:
        programme: the programme.
        folder: where the workbooks go.
        quarter: the reporting quarter.
        inputs: the values that pre-fill the input columns (from a stand).
        force: overwrite existing files.
        sources: the files the workbooks are made from (the stand); none is ever written over.

    Raises:
        ParameterError: a workbook would replace one of the sources.
        OutputExistsError: a file exists and ``force`` is false (nothing is written then).
        FileError: the folder cannot be made.
    """
    if folder.exists() and not folder.is_dir():
        raise FileError(f"{folder}: is een bestand, geen map")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FileError(f"{folder}: kan de map niet maken ({os_reason(error)})") from None
    teams = regie_teams(programme)
    names = file_names(programme, teams)
    sources = [*(sources or []), *programme_inputs(programme)]
    for name in names.values():  # refuse before writing anything, so a run is all or nothing
        refuse_input_as_output(folder / name, sources)
        check_writable(folder / name, force)
    written = []
    for team in teams:
        target = folder / names[team]
        with atomic_output(target, force, sources) as temporary:
            result = write_workbook(str(temporary), BuildSpec(
                programme, quarter=quarter, regie=team, inputs=inputs or {},
                include_budget=False))
        written.append(SplitFile(team, str(target), result.activity_count))
    return written


def format_index(files: list[SplitFile]) -> str:
    """The index of who gets which file, as a Dutch table."""
    width = max((len(item.regie) for item in files), default=5) + 2
    lines = [f"{'Regie':<{width}}{'activiteiten':>12}  bestand"]
    lines += [f"{item.regie:<{width}}{item.activities:>12}  {item.file}" for item in files]
    return "\n".join(lines)


def index_as_json(files: list[SplitFile]) -> str:
    """The index as JSON."""
    return json_text([asdict(item) for item in files])

"""A stand as read back: its values, what it recorded, and the log of the merge that made it.

The log (a hidden table beside the per-activity metadata) holds what the quarter's merge was made
of: the start value of every activity someone reported on, every proposed value with its file ›
tab › cell, and every report of who/when. Reading it is a returns concern, like reading any
workbook of the programme: this module knows the rows, not what a merge does with them
(:mod:`uvp_excel.merging.record` writes the log and puts it back into a merge).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, Literal

from uvp_excel.contract import Provenance, WorkbookKind
from uvp_excel.display import file_label
from uvp_excel.errors import UvpError
from uvp_excel.findings import Finding
from uvp_excel.inputs import CONTENT_FIELDS, INPUT_FIELDS, RowInput
from uvp_excel.returns.isolation import read_one
from uvp_excel.returns.limits import ReadLimits
from uvp_excel.returns.model import Contribution, Origin, ReturnFile
from uvp_excel.source.model import Programme
from uvp_excel.source.planning import Quarter

# The kinds of log row (the first column of the hidden table).
START, PROPOSAL, REPORT, FILE = "uitgang", "voorstel", "bijdrage", "bestand"


@dataclass
class StandLog:
    """The log of one merge, as data."""

    start: dict[str, dict[str, object]] = field(default_factory=dict)
    # (activity, field, value, origin, the value its workbook was handed out with)
    proposals: list[tuple[str, str, object, Origin, object]] = field(default_factory=list)
    reports: list[tuple[str, Contribution]] = field(default_factory=list)
    properties: dict[str, tuple[str, str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.start or self.proposals or self.reports)


def parse_log(rows: list[tuple[str, ...]], activity_ids: frozenset[str]) -> StandLog:
    """Read the log rows of a stand; rows naming unknown activities or fields are ignored."""
    log = StandLog()
    for row in rows:
        kind, activity_id, name, value, file, tab, cell, value2, cell2 = (*row, *[""] * 9)[:9]
        if kind == FILE and file:
            log.properties[file] = (value, value2)
        if activity_id not in activity_ids:
            continue
        if kind == START and name in INPUT_FIELDS:
            log.start.setdefault(activity_id, {})[name] = _typed(name, value)
        elif kind == PROPOSAL and name in CONTENT_FIELDS and file:
            log.proposals.append((activity_id, name, _typed(name, value),
                                  Origin(file, tab, cell), _typed(name, value2)))
        elif kind == REPORT and file:
            log.reports.append((activity_id, Contribution(
                file, tab, value, cell, _date(value2), cell2,
                frozenset(name.split(",")) & frozenset(INPUT_FIELDS))))
    return log


def _typed(name: str, text: str) -> object:
    return _date(text) if name == "bijgewerkt_op" else text


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


# What was typed into a stand after the merge that wrote it: (activity, field) -> value.
HandEdits = dict[tuple[str, str], Any]


@dataclass
class StandRead:
    """A stand (or any workbook of the programme) read as the base of a merge or a trend point."""

    name: str
    kind: WorkbookKind | Literal[""]  # "": the hidden metadata says neither
    quarter: Quarter | None
    made: str
    values: dict[str, RowInput]
    recorded: dict[str, RowInput]
    provenance: dict[str, Provenance]
    log: StandLog
    findings: list[Finding] = field(default_factory=list)

    @classmethod
    def from_return(cls, returned: ReturnFile, activity_ids: frozenset[str]) -> StandRead:
        """Make a StandRead of a readable workbook."""
        return cls(returned.name, returned.kind or "",
                   Quarter.parse(returned.quarter), returned.identity.get("gemaakt_op", ""),
                   {activity_id: returned.current(activity_id) for activity_id in returned.meta},
                   {activity_id: meta.base for activity_id, meta in returned.meta.items()},
                   {activity_id: meta.provenance for activity_id, meta in returned.meta.items()},
                   parse_log(returned.log, activity_ids), list(returned.findings))

    @property
    def updated(self) -> frozenset[str]:
        """Activities a return changed in the merge that made this stand."""
        return frozenset(activity_id for activity_id, origin in self.provenance.items()
                         if origin.file)

    @property
    def edited(self) -> list[str]:
        """Activities whose visible values differ from what the stand recorded (typed in it)."""
        return [activity_id for activity_id, values in self.values.items()
                if values != self.recorded.get(activity_id)]

    @property
    def hand_edits(self) -> HandEdits:
        """Every field typed into the stand after it was written, with the value it has now."""
        return {(activity_id, name): values.value(name)
                for activity_id, values in self.values.items()
                if activity_id in self.recorded and values != self.recorded[activity_id]
                for name in INPUT_FIELDS
                if values.value(name) != self.recorded[activity_id].value(name)}


def read_stand(path: Path | BinaryIO, programme: Programme, *,
               limits: ReadLimits | None = None) -> StandRead:
    """Read a stand (or a handed-out workbook) as a whole, from a path or a file object.

    The file is read in a worker process (see :mod:`uvp_excel.returns.isolation`).

    Args:
        path: the workbook, as a path or a binary file object.
        programme: the programme it must belong to.
        limits: memory and time of the worker process (default:
            :meth:`ReadLimits.from_environment`).

    Returns:
        The stand's values, recorded values, provenance and log.

    Raises:
        UvpError: it cannot be read or belongs to another programme.
    """
    name = file_label(path) if isinstance(path, Path) else \
        file_label(str(getattr(path, "name", "") or "basis"))
    returned = read_one(path, name, programme, limits=limits)
    if not returned.readable:
        raise UvpError("; ".join(str(finding) for finding in returned.findings))
    return StandRead.from_return(returned, frozenset(a.id for a in programme.activities()))

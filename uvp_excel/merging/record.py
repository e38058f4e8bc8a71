"""A stand as read back: its values, and the log of the merge that made it.

The log (a hidden table beside the per-activity metadata) holds what the quarter's merge was made
of: the start value of every activity someone reported on, every proposed value with its file ›
tab › cell, and every report of who/when. With it, a stand knows its open conflicts (for the
summary and for ``split --from``), and a late return merged with ``--base`` on this quarter's
stand is judged as if it had come with the others: the rest of the quarter's record is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, Literal

from uvp_excel import contract
from uvp_excel.contract import Provenance, WorkbookKind
from uvp_excel.display import file_label
from uvp_excel.errors import UvpError
from uvp_excel.findings import Finding, make_finding
from uvp_excel.inputs import CONTENT_FIELDS, EMPTY_INPUT, INPUT_FIELDS, RowInput, display_text
from uvp_excel.merging.fold import MergeState
from uvp_excel.merging.model import Conflict, Contribution, MergeOutcome, Origin
from uvp_excel.merging.resolve import resolve, shown
from uvp_excel.returns.isolation import read_one
from uvp_excel.returns.limits import ReadLimits
from uvp_excel.returns.model import ReturnFile
from uvp_excel.source.model import Programme
from uvp_excel.source.planning import Quarter

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


def log_rows(state: MergeState, outcome: MergeOutcome) -> list[tuple[str, ...]]:
    """The log of a finished merge, as rows of text for the hidden sheet."""
    touched = {activity_id for activity_id, _ in state.proposals}
    touched |= {activity_id for activity_id, reports in state.contributions.items() if reports}
    rows: list[tuple[str, ...]] = []
    for activity_id in sorted(touched):
        started = outcome.start.get(activity_id, EMPTY_INPUT)
        rows += [(START, activity_id, name, started.as_text(name)) for name in INPUT_FIELDS]
    files = set()
    for (activity_id, name), proposed in sorted(state.proposals.items()):
        for value, origins in proposed.items():
            for origin in origins:
                files.add(origin.file)
                start = outcome.start.get(activity_id, EMPTY_INPUT).value(name)
                handed = state.handed.get(origin, {}).get(name, start)
                rows.append((PROPOSAL, activity_id, name, display_text(value), origin.file,
                             origin.tab, origin.cell, display_text(handed)))
    for activity_id, reports in sorted(state.contributions.items()):
        for report in reports:
            files.add(report.file)
            rows.append((REPORT, activity_id, ",".join(sorted(report.changed)), report.who,
                         report.file,
                         report.tab, report.who_cell, display_text(report.when),
                         report.when_cell))
    for name in sorted(files):
        saved_by, saved_at = state.file_properties.get(name, ("", ""))
        rows.append((FILE, "", "", saved_by, name, "", "", saved_at, ""))
    return rows


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


def carry(state: MergeState, log: StandLog, skip_files: set[str],
          edits: HandEdits | None = None) -> None:
    """Put a stand's log back into a merge, before the returns read now.

    A file read again in this merge (same name) replaces what the log says of it, so merging the
    same returns twice changes nothing. What the AOV typed into the stand afterwards is the last
    word on those fields: a logged proposal of another value is left out (the AOV saw it and
    chose, which also settles a conflict), and a typed name or date replaces what the logged
    reports said.
    """
    edits = edits or {}
    earlier: dict[tuple[str, str], dict[object, dict[Origin, None]]] = {}
    for activity_id, name, value, origin, handed in log.proposals:
        if edits.get((activity_id, name), value) != value:
            continue
        if origin.file not in skip_files:  # dicts as ordered sets: a forged log stays linear
            earlier.setdefault((activity_id, name), {}).setdefault(value, {})[origin] = None
            state.handed.setdefault(origin, {})[name] = handed
    for key, proposed in earlier.items():
        # The quarter's earlier proposals come first, as if their files had been read first.
        for value, origins in state.proposals.get(key, {}).items():
            proposed.setdefault(value, {}).update(dict.fromkeys(origins))
        state.proposals[key] = {value: list(origins) for value, origins in proposed.items()}
    carried: dict[str, list[Contribution]] = {}
    for activity_id, report in log.reports:
        if report.file not in skip_files:
            carried.setdefault(activity_id, []).append(replace(
                report, who=edits.get((activity_id, "ingevuld_door"), report.who),
                when=edits.get((activity_id, "bijgewerkt_op"), report.when)))
    for activity_id, reports in carried.items():
        state.contributions[activity_id] = reports + state.contributions.get(activity_id, [])
    for name, properties in log.properties.items():
        state.file_properties.setdefault(name, properties)


def start_values(values: dict[str, RowInput], log: StandLog,
                 edits: HandEdits | None = None) -> dict[str, RowInput]:
    """The values a quarter started from: the stand's, where the log has no start recorded,
    and what the AOV typed into the stand after the merge (``edits``) in any case."""
    edits = edits or {}
    start = dict(values)
    for activity_id, fields in log.start.items():
        base = values.get(activity_id, EMPTY_INPUT)
        chosen: dict[str, Any] = {
            name: edits.get((activity_id, name), fields.get(name, base.value(name)))
            for name in INPUT_FIELDS}
        start[activity_id] = RowInput.from_values(chosen)
    return start


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

    def conflicts(self) -> list[Conflict]:
        """The open conflicts of the stand's merge (none without a log); a conflict the AOV
        settled by typing a value into the stand is no longer open."""
        if not self.log:
            return []
        state = MergeState(frozenset(self.values))
        edits = self.hand_edits
        carry(state, self.log, set(), edits)
        start = start_values(self.recorded, self.log, edits)
        for activity_id, _ in state.proposals:
            start.setdefault(activity_id, EMPTY_INPUT)
        return resolve(state, start).conflicts


def handout_warnings(stand: StandRead) -> list[Finding]:
    """What to know before handing out a stand's values (``build``/``split --from``)."""
    findings = [make_finding("uitdelen-conflict", file=stand.name, id=conflict.id,
                             field=contract.header_of(conflict.field), base=shown(conflict.base),
                             proposals="; ".join(f"{shown(value)} in "
                                                 f"{', '.join(str(o) for o in origins)}"
                                                 for value, origins in conflict.proposals.items()))
                for conflict in stand.conflicts()]
    if stand.edited:
        findings.append(make_finding(
            "basis-ingevuld", file=stand.name, value=len(stand.edited),
            ids=", ".join(stand.edited[:10]) + (f" en nog {len(stand.edited) - 10}"
                                                if len(stand.edited) > 10 else "")))
    return findings


def read_stand(path: Path | BinaryIO, programme: Programme, *,
               limits: ReadLimits | None = None) -> StandRead:
    """Read a stand (or a handed-out workbook) as a whole, from a path or a file object.

    The file is read in a worker process (see :mod:`uvp_excel.returns.isolation`).

    Raises:
        UvpError: it cannot be read or belongs to another programme.
    """
    name = file_label(path) if isinstance(path, Path) else \
        file_label(str(getattr(path, "name", "") or "basis"))
    returned = read_one(path, name, programme, limits=limits)
    if not returned.readable:
        raise UvpError("; ".join(str(finding) for finding in returned.findings))
    return StandRead.from_return(returned, frozenset(a.id for a in programme.activities()))

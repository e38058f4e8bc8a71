"""Fold returns into the merge state, one at a time: every return against its *own* hand-out.

A cell that still holds the value its workbook was handed out with was not touched by that person:
it is never their update, whatever the other returns or ``--base`` say. Only a difference from the
own hand-out is a proposal. What the stand starts from (``--base`` or the hand-outs) is decided
later, in :mod:`uvp_excel.merging.resolve`, so folding needs no base and reads each file once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from uvp_excel.contract import handout_fingerprint
from uvp_excel.findings import Finding, make_finding
from uvp_excel.inputs import CONTENT_FIELDS, INPUT_FIELDS, WHO_WHEN_FIELDS, RowInput, display_text
from uvp_excel.merging.model import (
    AS_RECEIVED,
    REJECTED,
    UNDECIDED,
    Contribution,
    Destination,
    LedgerEntry,
    Origin,
)
from uvp_excel.returns.model import MetaRow, ReturnFile, ReturnRow

# Per input field: (cell address, what was typed) of an accepted, non-empty cell, or (cell
# address, None) of a cell the person emptied.
TypedCells = dict[str, tuple[str, object]]


@dataclass(frozen=True)
class TamperedRow:
    """A row whose hidden hand-out values were edited: judged later, against the stand's start."""

    file: str
    tab: str
    id: str
    current: RowInput
    cells: TypedCells


@dataclass
class MergeState:
    """What has been folded in so far."""

    activity_ids: frozenset[str]
    # Per activity: each distinct hand-out and the files that handed it out (in file order).
    handouts: dict[str, dict[RowInput, list[str]]] = field(default_factory=dict)
    proposals: dict[tuple[str, str], dict[object, list[Origin]]] = field(default_factory=dict)
    # Per proposal: the value its workbook was handed out with (what the person changed).
    handed: dict[Origin, dict[str, object]] = field(default_factory=dict)
    contributions: dict[str, list[Contribution]] = field(default_factory=dict)
    tampered: list[TamperedRow] = field(default_factory=list)
    file_properties: dict[str, tuple[str, str]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    ledger: list[LedgerEntry] | None = None
    # Typed cells whose destination depends on the other returns (decided by resolve).
    pending: list[LedgerEntry] = field(default_factory=list)
    touched: Counter = field(default_factory=Counter)  # per file: rows changed, cells rejected
    superseded: set[tuple[str, str, str]] = field(default_factory=set)  # (file, id, field)

    def fold(self, returned: ReturnFile) -> int:
        """Fold one readable return into the state; return the number of rows read."""
        name = returned.name
        self.files.append(name)
        self.file_properties[name] = (returned.properties.last_modified_by,
                                      returned.properties.modified)
        for activity_id, meta in returned.meta.items():
            if activity_id in self.activity_ids and trusted(meta):
                self.handouts.setdefault(activity_id, {}).setdefault(meta.base, []).append(name)
        rows_read = 0
        for activity_id, row in returned.rows.items():
            if activity_id not in self.activity_ids:
                self._report_unknown(name, row)
                continue
            found = returned.meta.get(activity_id)
            if found is not None:
                rows_read += 1
                self._fold_row(name, row, found)
        return rows_read

    def _fold_row(self, file: str, row: ReturnRow, meta: MetaRow) -> None:
        handout = meta.base
        current = RowInput.from_values({name: row.value(name, handout) for name in INPUT_FIELDS})
        for cell in row.cells.values():
            if not cell.accepted:
                self.touched[file] += 1
                self.record(LedgerEntry(file, row.tab, cell.cell, row.id, cell.field, cell.raw,
                                        REJECTED))
        cells = {name: (cell.cell, cell.raw) for name, cell in row.cells.items() if cell.accepted}
        # A cell the person emptied has nothing typed, but the report still names where it is.
        cells.update({name: (row.address(name), None) for name in row.present
                      if name not in row.cells and current.value(name) != handout.value(name)})
        if not trusted(meta):
            self.touched[file] += 1
            self.tampered.append(TamperedRow(file, row.tab, row.id, current, cells))
            return
        self.judge(file, row.tab, row.id, (handout, current), cells)

    def judge(self, file: str, tab: str, activity_id: str,
              values: tuple[RowInput, RowInput], cells: TypedCells) -> None:
        """Turn the differences between a row's reference and its current values into proposals.

        Args:
            file, tab, activity_id: where the row is.
            values: (reference, current): the hand-out (or, for a tampered row, the stand's
                start) and what the return holds now.
            cells: the typed cells of the row.
        """
        reference, current = values
        changed = []
        for name in CONTENT_FIELDS:
            value = current.value(name)
            address, raw = cells.get(name, ("", None))
            if value == reference.value(name):
                if raw is not None:
                    self.record(LedgerEntry(file, tab, address, activity_id, name, raw,
                                            AS_RECEIVED))
                continue
            changed.append(name)
            origin = Origin(file, tab, address)
            self.proposals.setdefault((activity_id, name), {}).setdefault(value, []).append(
                origin)
            self.handed.setdefault(origin, {})[name] = reference.value(name)
            if raw is not None:
                self.record(LedgerEntry(file, tab, address, activity_id, name, raw,
                                        UNDECIDED))
        changed += [name for name in WHO_WHEN_FIELDS
                    if current.value(name) != reference.value(name)]
        reported = bool(changed)
        if reported:
            self.touched[file] += 1
            self.contributions.setdefault(activity_id, []).append(Contribution(
                file, tab, current.ingevuld_door, cells.get("ingevuld_door", ("",))[0],
                current.bijgewerkt_op, cells.get("bijgewerkt_op", ("",))[0], frozenset(changed)))
        for name in WHO_WHEN_FIELDS:
            address, raw = cells.get(name, ("", None))
            if raw is not None:
                self.record(LedgerEntry(file, tab, address, activity_id, name, raw,
                                        UNDECIDED if reported else AS_RECEIVED))

    def _report_unknown(self, file: str, row: ReturnRow) -> None:
        """Input on an activity the programme no longer has: reported cell by cell."""
        for cell in row.cells.values():
            self.findings.append(make_finding(
                "merge-activiteit-onbekend", file=file, tab=row.tab, cell=cell.cell,
                value=display_text(cell.raw), id=row.id))
            self.touched[file] += 1
            self.record(LedgerEntry(file, row.tab, cell.cell, row.id, cell.field, cell.raw,
                                    REJECTED))

    def record(self, entry: LedgerEntry) -> None:
        """Note where a typed cell went (UNDECIDED as destination: resolve decides)."""
        if self.ledger is None:
            return
        if entry.destination:
            self.ledger.append(entry)
        else:
            self.pending.append(entry)

    def drop_files(self, files: set[str], destination: Destination) -> None:
        """Take everything ``files`` proposed out of the state (their cells go to ``destination``).
        """
        if not files:
            return
        for key, proposed in list(self.proposals.items()):
            kept = {value: [o for o in origins if o.file not in files]
                    for value, origins in proposed.items()}
            kept = {value: origins for value, origins in kept.items() if origins}
            if kept:
                self.proposals[key] = kept
            else:
                del self.proposals[key]
        for activity_id, contributions in list(self.contributions.items()):
            self.contributions[activity_id] = [c for c in contributions if c.file not in files]
        self.tampered = [row for row in self.tampered if row.file not in files]
        for activity_id, handouts in list(self.handouts.items()):
            remaining = {values: [name for name in names if name not in files]
                         for values, names in handouts.items()}
            remaining = {values: names for values, names in remaining.items() if names}
            if remaining:
                self.handouts[activity_id] = remaining
            else:
                del self.handouts[activity_id]
        moved = [entry for entry in self.pending if entry.file in files]
        self.pending = [entry for entry in self.pending if entry.file not in files]
        if self.ledger is not None:
            self.ledger += [LedgerEntry(e.file, e.tab, e.cell, e.id, e.field, e.raw, destination)
                            for e in moved]
            self.ledger[:] = [entry if entry.file not in files or entry.destination == REJECTED
                              else LedgerEntry(entry.file, entry.tab, entry.cell, entry.id,
                                               entry.field, entry.raw, destination)
                              for entry in self.ledger]

    def forget_copied(self, file: str, edits: dict[tuple[str, str], object],
                      recorded: dict[str, RowInput]) -> None:
        """Take out of ``file`` (a copy of the base stand, filled in) what the AOV had typed
        into the stand before it was mailed round: ``edits``, per (activity, field), on a field
        the copy has as the stand recorded it. That is the AOV's word, not this file's change.
        """
        for (activity_id, name), value in edits.items():
            was = recorded.get(activity_id)
            if was is None:
                continue
            proposed = self.proposals.get((activity_id, name), {})
            ours = [o for o in proposed.get(value, []) if o.file == file
                    and self.handed.get(o, {}).get(name, was.value(name)) == was.value(name)]
            if ours:
                proposed[value] = [o for o in proposed[value] if o not in ours]
                if not proposed[value]:
                    del proposed[value]
                if not proposed:
                    del self.proposals[(activity_id, name)]
            self.contributions[activity_id] = [
                _without_field(c, name) if c.file == file and _says(c, name, value, ours) else c
                for c in self.contributions.get(activity_id, [])]
            self.contributions[activity_id] = [c for c in self.contributions[activity_id]
                                               if c.changed]
            moved = [e for e in self.pending
                     if (e.file, e.id, e.field) == (file, activity_id, name)]
            self.pending = [e for e in self.pending if e not in moved]
            if self.ledger is not None:
                self.ledger += [replace(e, destination=AS_RECEIVED) for e in moved]

    def proposals_of(self, file: str) -> list[tuple[str, str, object, Origin]]:
        """Every content proposal ``file`` made: (activity, field, value, origin)."""
        return [(activity_id, name, value, origin)
                for (activity_id, name), proposed in self.proposals.items()
                for value, origins in proposed.items() for origin in origins
                if origin.file == file]


def _says(report: Contribution, name: str, value: object, taken_out: list[Origin]) -> bool:
    """True when ``report`` changed ``name`` to ``value`` (a content field: its proposal was
    among those taken out)."""
    if name not in report.changed:
        return False
    if name == "ingevuld_door":
        return report.who == value
    if name == "bijgewerkt_op":
        return report.when == value
    return bool(taken_out)


def _without_field(report: Contribution, name: str) -> Contribution:
    return replace(report, changed=report.changed - {name})


def trusted(meta: MetaRow) -> bool:
    """True unless the row's hand-out values no longer match the fingerprint written with them."""
    return meta.base_check is None or meta.base_check == _fingerprint(meta.id, meta.base)


@lru_cache(maxsize=65_536)
def _fingerprint(activity_id: str, values: RowInput) -> str:
    # Hundreds of returns hand out the same few values per row: hash each once.
    return handout_fingerprint(activity_id, values)

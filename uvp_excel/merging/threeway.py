"""The three-way merge of input cells: handed-out value, this return, the other returns.

Only a cell a person changed counts as their update. One change is taken; the same change by
several returns is taken once; different changes to the same cell are a *conflict*: the stand keeps
the handed-out value, the row is marked, and both values with both files are reported — nobody
silently wins. Returns are folded in one at a time, so memory does not grow with their number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from uvp_excel.findings import Finding, make_finding
from uvp_excel.inputs import INPUT_FIELDS, RowInput, display_text
from uvp_excel.returns.model import ReturnFile
from uvp_excel.workbook import contract
from uvp_excel.workbook.metadata import Provenance

# Where a typed cell ended up, for the "nothing lost" ledger.
TAKEN, AS_RECEIVED, CONFLICT, REJECTED = "overgenomen", "ongewijzigd", "conflict", "afgewezen"


@dataclass(frozen=True)
class Origin:
    """Where a value came from: file, tab and cell."""

    file: str
    tab: str
    cell: str


@dataclass
class Change:
    """A change taken into the stand."""

    id: str
    field: str
    old: object
    new: object
    origins: list[Origin]


@dataclass
class Conflict:
    """Different changes to one cell; the stand keeps ``base``."""

    id: str
    field: str
    base: object
    proposals: dict[object, list[Origin]]


@dataclass
class FileSummary:
    """One line of the Importverslag per file."""

    name: str
    saved_by: str = ""
    saved_at: str = ""
    regie: str = ""
    rows_read: int = 0
    changes: int = 0
    conflicts: int = 0
    errors: int = 0
    warnings: int = 0
    status: str = "gelezen"
    quarter: str = ""  # the quarter the workbook was handed out for
    kind: str = ""  # "werkmap" (handed out) or "stand" (written by merge)


@dataclass
class MergeState:
    """What has been folded in so far."""

    base: dict[str, RowInput]
    proposals: dict[tuple[str, str], dict[object, list[Origin]]] = field(default_factory=dict)
    base_from_files: dict[tuple[str, str], tuple[object, str]] = field(default_factory=dict)
    file_properties: dict[str, tuple[str, str]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    ledger: list[tuple[str, str, object, str]] | None = None
    based: set[str] = field(default_factory=set)

    def fold(self, returned: ReturnFile, summary: FileSummary,
             override: dict[str, RowInput] | None = None) -> None:
        """Fold one readable return into the state.

        Args:
            returned: the return.
            summary: its line in the Importverslag, updated here.
            override: the handed-out values from ``--base``; None to use each file's own.
        """
        self.file_properties[returned.name] = (returned.properties.last_modified_by,
                                               returned.properties.modified)
        if override is None:
            for activity_id, meta in returned.meta.items():
                if activity_id in self.base:
                    self._note_base(returned.name, activity_id, meta.base)
        for activity_id, row in returned.rows.items():
            if activity_id not in self.base:
                self._report_unknown(returned.name, row)
                continue
            if activity_id not in returned.meta:
                continue
            summary.rows_read += 1
            own_base = returned.meta[activity_id].base
            if override is not None:
                own_base = override.get(activity_id, own_base)
            for name in INPUT_FIELDS:
                self._fold_cell(returned, row, name, own_base)

    def _report_unknown(self, file: str, row) -> None:
        """Input on an activity the programme no longer has: reported cell by cell."""
        for cell in row.cells.values():
            self.findings.append(make_finding(
                "merge-activiteit-onbekend", file=file, tab=row.tab, cell=cell.cell,
                value=display_text(cell.raw), id=row.id))
            self._record(file, cell.cell, cell.raw, REJECTED)

    def _note_base(self, file: str, activity_id: str, own_base: RowInput) -> None:
        """The first file that hands out a row sets the stand's starting values for it."""
        if activity_id not in self.based:
            self.based.add(activity_id)
            self.base[activity_id] = own_base
        for name in INPUT_FIELDS:
            key = (activity_id, name)
            value = own_base.value(name)
            first = self.base_from_files.setdefault(key, (value, file))
            if first[0] != value:
                self.findings.append(make_finding(
                    "merge-uitgangswaarde", file=file, value=display_text(value), id=activity_id,
                    field=contract.header_of(name), other=first[1],
                    other_value=display_text(first[0]),
                    base=_shown(self.base[activity_id].value(name))))

    def _fold_cell(self, returned: ReturnFile, row, name: str, own_base: RowInput) -> None:
        cell = row.cells.get(name)
        if cell is not None and not cell.accepted:
            self._record(returned.name, cell.cell, cell.raw, REJECTED)
            return
        if cell is None:
            if not own_base.value(name) or name not in row.present:
                return
            value, where = (None if name == "bijgewerkt_op" else ""), ""  # cleared by the user
        else:
            value, where = cell.value, cell.cell
        if value == own_base.value(name):
            if cell is not None:
                self._record(returned.name, where, cell.raw, AS_RECEIVED)
            return
        origin = Origin(returned.name, row.tab, where)
        self.proposals.setdefault((row.id, name), {}).setdefault(value, []).append(origin)
        if cell is not None:
            self._record(returned.name, where, cell.raw, TAKEN)

    def _record(self, file: str, cell: str, raw: object, destination: str) -> None:
        if self.ledger is not None:
            self.ledger.append((file, cell, raw, destination))


@dataclass
class MergeOutcome:
    """The stand's input values and everything the Importverslag reports."""

    inputs: dict[str, RowInput]
    changes: list[Change]
    conflicts: list[Conflict]
    provenance: dict[str, Provenance]
    flags: dict[str, str]
    findings: list[Finding]


def resolve(state: MergeState) -> MergeOutcome:
    """Decide every proposed cell: take one change, or report a conflict."""
    values = {activity_id: dict(zip(INPUT_FIELDS, (base.value(n) for n in INPUT_FIELDS),
                                    strict=True))
              for activity_id, base in state.base.items()}
    changes, conflicts, provenance, flags = [], [], {}, {}
    findings = list(state.findings)
    for (activity_id, name), proposed in sorted(state.proposals.items()):
        base_value = state.base[activity_id].value(name)
        if len(proposed) == 1:
            new, origins = next(iter(proposed.items()))
            values[activity_id][name] = new
            changes.append(Change(activity_id, name, base_value, new, origins))
            last = origins[-1]
            saved_by, saved_at = state.file_properties.get(last.file, ("", ""))
            provenance[activity_id] = Provenance(last.file, f"{last.tab} › {last.cell}",
                                                 saved_by, saved_at)
            continue
        conflict = Conflict(activity_id, name, base_value, proposed)
        conflicts.append(conflict)
        flags[activity_id] = f"Conflict in {contract.header_of(name)}: zie het Importverslag"
        findings.extend(_conflict_findings(conflict))
    inputs = {activity_id: RowInput(**fields) for activity_id, fields in values.items()}
    return MergeOutcome(inputs, changes, conflicts, provenance, flags, findings)


def _conflict_findings(conflict: Conflict) -> list[Finding]:
    findings = []
    items = list(conflict.proposals.items())
    for value, origins in items:
        others = [(other, other_origins) for other, other_origins in items if other != value]
        other_value, other_origins = others[0]
        for origin in origins:
            findings.append(make_finding(
                "merge-conflict", file=origin.file, tab=origin.tab, cell=origin.cell,
                value=display_text(value), id=conflict.id, field=contract.header_of(conflict.field),
                other_value=display_text(other_value),
                other=", ".join(sorted({o.file for o in other_origins})),
                base=_shown(conflict.base)))
    return findings



def _shown(value) -> str:
    """A value as a message shows it: quoted, or "een lege cel"."""
    return f"'{display_text(value)}'" if display_text(value) else "een lege cel"


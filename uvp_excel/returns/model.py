"""A returned workbook as read: its identity, the values it was handed out with, what it holds now.

*Uitgangswaarde* (base value): the value an input cell had when the workbook was handed out; only
a cell whose normalised value differs from it counts as the person's update.

An :class:`Origin` (file › tab › cell) and a :class:`Contribution` (one return's report on one
activity) are what a merge is made of and what a stand's log records of it, so they live here,
where reading a stand can use them without the merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from uvp_excel.contract import WORKBOOK_KINDS, Provenance, WorkbookKind
from uvp_excel.findings import ERROR, Finding
from uvp_excel.inputs import CONTENT_FIELDS, INPUT_FIELDS, WHO_WHEN_FIELDS, InputValue, RowInput
from uvp_excel.returns.xlsx import FileProperties

_CONTENT_SET, _WHO_WHEN_SET = frozenset(CONTENT_FIELDS), frozenset(WHO_WHEN_FIELDS)


@dataclass(frozen=True)
class MetaRow:
    """One activity as the hidden metadata describes it."""

    id: str
    section: str
    tab: str
    fingerprint: str
    base: RowInput
    provenance: Provenance = field(default_factory=Provenance)
    base_check: str | None = None  # fingerprint of the handed-out values (None: older format)


@dataclass(frozen=True)
class CellValue:
    """One non-empty input cell: what was typed, what it means, and whether it was accepted."""

    id: str
    field: str
    cell: str
    raw: object
    value: InputValue  # the normalised value; the text a message shows when not accepted
    accepted: bool


@dataclass
class ReturnRow:
    """One activity row found in a return."""

    id: str
    tab: str
    row: int
    present: frozenset[str] = frozenset()  # the input columns the row's table has
    cells: dict[str, CellValue] = field(default_factory=dict)
    # Per input field, the column letter in the row's table (shared by all rows of the table).
    columns: dict[str, str] = field(default_factory=dict)

    def address(self, name: str) -> str:
        """The cell of input field ``name`` in this row ('' when the table lacks the column)."""
        column = self.columns.get(name)
        return f"{column}{self.row}" if column else ""

    def value(self, name: str, base: RowInput) -> InputValue:
        """The value of input field ``name`` as this return has it.

        An empty cell in a column the table has is empty (the person cleared it); a missing
        column or a rejected value leaves the handed-out value.
        """
        cell = self.cells.get(name)
        if cell is None:
            if name not in self.present:
                return base.value(name)
            return None if name == "bijgewerkt_op" else ""
        return cell.value if cell.accepted else base.value(name)


@dataclass
class ReturnFile:
    """Everything read from one returned workbook."""

    name: str
    identity: dict[str, str] = field(default_factory=dict)
    meta: dict[str, MetaRow] = field(default_factory=dict)
    rows: dict[str, ReturnRow] = field(default_factory=dict)
    properties: FileProperties = field(default_factory=FileProperties)
    findings: list[Finding] = field(default_factory=list)
    readable: bool = True
    skipped: str = ""
    # A stand's record of this quarter's merge (rows of the hidden log table, as text).
    log: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        """True when any finding of this file is an error."""
        return any(finding.severity == ERROR for finding in self.findings)

    @property
    def kind(self) -> WorkbookKind | None:
        """``werkmap`` or ``stand``, as the hidden metadata says; None when it says neither."""
        soort = self.identity.get("soort", "")
        return next((kind for kind in WORKBOOK_KINDS if kind == soort), None)

    @property
    def quarter(self) -> str:
        """The reporting quarter the workbook was handed out for."""
        return self.identity.get("kwartaal", "")

    @property
    def regie(self) -> str:
        """The regie the workbook was split for ('' for a whole workbook)."""
        return self.identity.get("regie", "")

    def current(self, activity_id: str) -> RowInput:
        """The values of a row as they are in this return (base values where none accepted)."""
        base = self.meta[activity_id].base
        row = self.rows.get(activity_id)
        if row is None:
            return base
        return RowInput.from_values({name: row.value(name, base) for name in INPUT_FIELDS})


@dataclass(frozen=True)
class Origin:
    """Where a value came from: file, tab and cell."""

    file: str
    tab: str
    cell: str

    def __str__(self) -> str:
        return " › ".join(part for part in (self.file, self.tab, self.cell) if part)


@dataclass(frozen=True)
class Contribution:
    """One return's report on one activity: the fields it changed and the who/when it says.

    ``changed`` holds every input field the return changed; a report that changed only
    *Ingevuld door* or *Bijgewerkt op* says "nothing new, still as it was".
    """

    file: str
    tab: str
    who: str
    who_cell: str
    when: date | None
    when_cell: str
    changed: frozenset[str]

    @property
    def fields(self) -> frozenset[str]:
        """The content fields the return changed."""
        return self.changed & _CONTENT_SET

    @property
    def who_when_changed(self) -> bool:
        """True when the return changed Ingevuld door or Bijgewerkt op."""
        return bool(self.changed & _WHO_WHEN_SET)

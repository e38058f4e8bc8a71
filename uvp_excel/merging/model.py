"""What a merge works with and produces: changes, conflicts, and where each cell went.

Origins and contributions are plain data of a return (:mod:`uvp_excel.returns.model`, which a
stand's log is read with too); they are imported here so the merge's code finds them beside the
rest.

*Content* fields (Status, Kwartaal, Toelichting) are what a person reports; *Ingevuld door* and
*Bijgewerkt op* describe that report, so they never conflict: the stand joins the names of everyone
whose report was taken and keeps the latest date.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Final, Literal, get_args

from uvp_excel.contract import Provenance, WorkbookKind
from uvp_excel.findings import Finding, count_of
from uvp_excel.inputs import RowInput
from uvp_excel.returns.model import Contribution, Origin

# Where a typed cell ended up (the "nothing lost" ledger).
Destination = Literal["overgenomen", "samengevoegd", "ongewijzigd", "conflict", "afgewezen",
                      "dubbel", "vervangen", "vorig kwartaal"]
TAKEN: Final = "overgenomen"  # the stand cell holds this value
JOINED: Final = "samengevoegd"  # a name among the stand's names, a date no later than its date
AS_RECEIVED: Final = "ongewijzigd"  # the value the workbook was handed out with: nobody's update
CONFLICT: Final = "conflict"  # part of a conflict in the Importverslag
REJECTED: Final = "afgewezen"  # a finding with its file, tab and cell says why
DUPLICATE: Final = "dubbel"  # the same return was read before; a finding names both files
SUPERSEDED: Final = "vervangen"  # someone who saw this value changed it; a finding names both
EARLIER: Final = "vorig kwartaal"  # a return of an earlier round; a finding names the file
DESTINATIONS: Final[tuple[Destination, ...]] = get_args(Destination)
# A typed cell whose destination depends on the other returns (resolve decides).
UNDECIDED: Final = ""


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
    """Different changes to one field of one activity; the stand keeps ``base``.

    ``reporters`` holds, per origin, the report it is part of: the name and date typed beside
    the competing value, which the stand cannot take while the conflict is open.
    """

    id: str
    field: str
    base: object
    proposals: dict[object, list[Origin]]
    # dataclasses.field in full: the attribute "field" above shadows the short name here.
    reporters: dict[Origin, Contribution] = dataclasses.field(default_factory=dict)

    def reporter(self, origin: Origin) -> str:
        """``Anna (K4), 12-09-2024 (L4)``: who reported the value at ``origin``, and when."""
        report = self.reporters.get(origin)
        if report is None:
            return ""
        parts = [f"{report.who} ({report.who_cell})" if report.who_cell else report.who,
                 f"{report.when:%d-%m-%Y} ({report.when_cell})" if report.when else ""]
        return ", ".join(part for part in parts if part)


@dataclass(frozen=True)
class LedgerEntry:
    """Where one typed cell ended up."""

    file: str
    tab: str
    cell: str
    id: str
    field: str
    raw: object
    destination: Destination | Literal[""]  # "" (UNDECIDED) only while the merge runs


# What a merge does with a file: (as the Importverslag says it, as validate announces it).
ACTIONS = {
    "merged": ("samengevoegd", "samenvoegen"),
    "read": ("gelezen", "samenvoegen"),  # what validate's report says of a return merge takes
    "skipped": ("overgeslagen", "overslaan"),
    "unreadable": ("niet gelezen", "niet te lezen"),
    "duplicate": ("dubbel, één keer meegeteld", "dubbel, één keer meetellen"),
    "earlier": ("niet samengevoegd", "niet samenvoegen"),
    "point": ("stand in het verloop", "stand in het verloop"),
}


@dataclass
class FileSummary:
    """One line of the Importverslag per file."""

    name: str
    saved_by: str = ""
    saved_at: str = ""
    regie: str = ""
    quarter: str = ""
    kind: WorkbookKind | Literal[""] = ""  # "": the hidden metadata says neither
    rows_read: int = 0
    changes: int = 0
    conflicts: int = 0
    errors: int = 0
    warnings: int = 0
    action: str = "merged"
    detail: str = ""

    @property
    def status(self) -> str:
        """What the merge did with the file, e.g. ``overgeslagen: een stand zonder wijzigingen``."""
        return self._text(ACTIONS[self.action][0])

    @property
    def plan(self) -> str:
        """What a merge will do with the file (as validate says it), with its counts."""
        counts = [count_of(number, one, many) for number, one, many in (
            (self.changes, "wijziging", "wijzigingen"), (self.conflicts, "conflict", "conflicten"),
            (self.errors, "fout", "fouten"), (self.warnings, "waarschuwing", "waarschuwingen"))
            if number]
        text = self._text(ACTIONS[self.action][1])
        return f"{text} ({', '.join(counts)})" if counts else text

    def _text(self, verb: str) -> str:
        return f"{verb}: {self.detail}" if self.detail else verb

    def to_dict(self) -> dict:
        """The file's line as data (the keys the cockpit and ``--json`` have always had)."""
        return {"name": self.name, "saved_by": self.saved_by, "saved_at": self.saved_at,
                "regie": self.regie, "quarter": self.quarter, "rows_read": self.rows_read,
                "changes": self.changes, "conflicts": self.conflicts, "errors": self.errors,
                "warnings": self.warnings, "status": self.status, "plan": self.plan}


@dataclass
class MergeOutcome:
    """The stand's input values and everything the Importverslag reports."""

    inputs: dict[str, RowInput]
    changes: list[Change]
    conflicts: list[Conflict]
    provenance: dict[str, Provenance]
    flags: dict[str, str]
    findings: list[Finding]
    start: dict[str, RowInput] = field(default_factory=dict)

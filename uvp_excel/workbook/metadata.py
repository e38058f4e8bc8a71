"""The hidden sheet that lets a returned workbook be read back safely.

It holds the programme identity and version, the tool version, the regie a workbook was split for,
the reporting quarter, and per activity the values its input cells had when it was handed out (so
a merge can tell "changed by this person" from "left as received") plus a fingerprint of its
locked texts (so an edit of a locked text is noticed). A stand also records, per activity, which
return last changed it. The sheet is *very hidden*: it does not show in Excel's Unhide list.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass

from uvp_excel.inputs import INPUT_FIELDS
from uvp_excel.source.model import Activity
from uvp_excel.workbook import contract
from uvp_excel.workbook.activity_sheet import locked_values
from uvp_excel.workbook.context import BuildContext

ROW_TABLE_COLUMN = 3  # the per-activity table starts in column D
PROVENANCE_FIELDS = ("herkomst_bestand", "herkomst_cel", "herkomst_door", "herkomst_tijd")
ROW_HEADERS = ("ID", "sectie", "tabblad", "controle", *INPUT_FIELDS, *PROVENANCE_FIELDS)


@dataclass(frozen=True)
class Provenance:
    """Which return last changed an activity in a stand."""

    file: str = ""
    cell: str = ""
    saved_by: str = ""
    saved_at: str = ""

    def values(self) -> tuple[str, str, str, str]:
        """Return the four provenance texts in column order."""
        return (self.file, self.cell, self.saved_by, self.saved_at)


def fingerprint(texts: list[str]) -> str:
    """Return a short fingerprint of the locked texts of one row."""
    digest = hashlib.sha256("\x1f".join(texts).encode("utf-8")).hexdigest()
    return digest[:16]


def activity_fingerprint(activity: Activity) -> str:
    """Return the fingerprint of the seven locked cells of ``activity``."""
    return fingerprint(list(locked_values(activity).values()))


def identity_values(context: BuildContext) -> list[tuple[str, str]]:
    """Return the key/value pairs that identify the workbook."""
    programme = context.programme
    return [
        ("formaat", str(contract.FORMAT_VERSION)),
        ("soort", context.kind),
        ("programma", programme.identity),
        ("titel", programme.title),
        ("gemeente", programme.gemeente),
        ("versie", programme.version),
        ("versiedatum", programme.version_date.isoformat() if programme.version_date else ""),
        ("uvp_excel", context.tool_version),
        ("regie", context.regie),
        ("kwartaal", str(context.quarter)),
        ("gemaakt_op", context.generated.isoformat(timespec="seconds")),
        # Every tab the workbook was made with, so a tab the user added can be told apart.
        ("tabbladen", "\n".join(context.tab_names)),
    ]


def _activity_rows(context: BuildContext, provenance: dict[str, Provenance]):
    yield ROW_HEADERS
    for tab in context.tabs:
        for activity in tab.activities:
            values = context.input_for(activity)
            origin = provenance.get(activity.id, Provenance())
            yield (activity.id, tab.section.key, tab.section.tab_name,
                   activity_fingerprint(activity),
                   *(values.as_text(name) for name in INPUT_FIELDS), *origin.values())


def write_metadata(worksheet, context: BuildContext, provenance: dict[str, Provenance]) -> None:
    """Fill the hidden metadata sheet: key/value pairs in A:B, one row per activity from D.

    Rows are written top to bottom, as the writer's constant-memory mode requires.
    """
    pairs = [("sleutel", "waarde"), *identity_values(context)]
    rows = _activity_rows(context, provenance)
    for row in itertools.count():
        pair = pairs[row] if row < len(pairs) else None
        texts = next(rows, None)
        if pair is None and texts is None:
            break
        for column, text in enumerate(pair or ()):
            worksheet.write_string(row, column, text)
        for offset, text in enumerate(texts or ()):
            if text:
                worksheet.write_string(row, ROW_TABLE_COLUMN + offset, text)
    worksheet.very_hidden()
    worksheet.protect("", {})

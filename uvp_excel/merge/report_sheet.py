"""The *Importverslag* tab of a stand: whom to call about what.

Per file: name, last saved by and when, rows read, changes taken, conflicts, errors, warnings;
then every change taken (ID, field, old → new, file, cell), every conflict with each competing
value, and every finding with the value the person typed. All text is written as text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from uvp_excel.inputs import display_text
from uvp_excel.workbook import contract
from uvp_excel.workbook.activity_sheet import set_a4_landscape
from uvp_excel.workbook.styles import Styles, row_height

if TYPE_CHECKING:
    from uvp_excel.merge.merge import MergeResult

FILE_HEADERS = ["Bestand", "Laatst opgeslagen door", "Opgeslagen op", "Regie", "Rijen gelezen",
                "Wijzigingen", "Conflicten", "Fouten", "Waarschuwingen", "Status"]
CHANGE_HEADERS = ["ID", "Bestand", "Tabblad", "Cellen",
                  *(f"{column.header} (oud → nieuw)" for column in contract.columns()
                    if column.is_input)]
CONFLICT_HEADERS = ["ID", "Veld", "Blijft (uitgangswaarde)", "Voorgestelde waarde", "Bestand",
                    "Tabblad", "Cel"]
FINDING_HEADERS = ["Ernst", "Bestand", "Tabblad", "Cel", "Melding", "Ingevoerde waarde"]
WIDTHS = [30, 22, 22, 24, 40, 22, 12, 10, 14, 30]


def import_report_tabs(result: MergeResult, programme) -> list:
    """The Importverslag tabs of a stand: (tab name, writer)."""
    return [(contract.IMPORT_REPORT_SHEET,
             lambda sheet, workbook, styles: write_import_report(sheet, styles, result))]


def write_import_report(worksheet, styles: Styles, result: MergeResult) -> None:
    """Fill the Importverslag tab."""
    for column, width in enumerate(WIDTHS):
        worksheet.set_column(column, column, width)
    outcome = result.outcome
    worksheet.write_string(0, 0, f"Importverslag — stand {result.quarter}", styles.title)
    worksheet.write_string(1, 0, f"{result.headline()}.", styles.note_line)
    row = _block(worksheet, styles, 3, "Bestanden", headers=FILE_HEADERS, rows=[
        [s.name, s.saved_by, s.saved_at, s.regie, s.rows_read, s.changes, s.conflicts,
         s.errors, s.warnings, s.status] for s in result.summaries])
    row = _block(worksheet, styles, row + 1, "Overgenomen wijzigingen, per activiteit en bestand",
                 headers=CHANGE_HEADERS, rows=_change_rows(outcome.changes))
    row = _block(worksheet, styles, row + 1, "Conflicten, de stand houdt de uitgangswaarde",
                 headers=CONFLICT_HEADERS, rows=[
        [conflict.id, contract.header_of(conflict.field), display_text(conflict.base),
         display_text(value), origin.file, origin.tab, origin.cell]
        for conflict in outcome.conflicts for value, origins in conflict.proposals.items()
        for origin in origins])
    _block(worksheet, styles, row + 1, "Fouten en waarschuwingen", headers=FINDING_HEADERS, rows=[
        [finding.severity, finding.file, finding.tab, finding.cell, finding.message,
         display_text(finding.value)] for finding in result.report.findings
        if finding.kind != "merge-conflict"])
    worksheet.protect("", {"select_locked_cells": True, "select_unlocked_cells": True,
                           "format_columns": True})
    set_a4_landscape(worksheet)
    worksheet.set_footer(f"&L&8Importverslag stand {result.quarter}&C&8&A&R&8Pagina &P van &N")


def _change_rows(changes) -> list[list[str]]:
    """One row per activity and file, with "old → new" under each changed field."""
    fields = [column.field for column in contract.columns() if column.is_input]
    grouped: dict[tuple[str, str, str], dict] = {}
    for change in changes:
        for origin in change.origins:
            entry = grouped.setdefault((change.id, origin.file, origin.tab),
                                       {"cells": [], "fields": {}})
            if origin.cell:
                entry["cells"].append(origin.cell)
            entry["fields"][change.field] = \
                f"{display_text(change.old) or '(leeg)'} → {display_text(change.new) or '(leeg)'}"
    return [[activity_id, file, tab, ", ".join(entry["cells"]),
             *(entry["fields"].get(name, "") for name in fields)]
            for (activity_id, file, tab), entry in grouped.items()]


def _block(worksheet, styles: Styles, row: int, title: str, *, headers: list[str],
           rows: list[list]) -> int:
    worksheet.write_string(row, 0, f"{title} ({len(rows)})", styles.subtitle)
    row += 1
    for column, header in enumerate(headers):
        worksheet.write_string(row, column, header, styles.header)
    for values in rows:
        row += 1
        for column, value in enumerate(values):
            if isinstance(value, (int, float)):
                worksheet.write_number(row, column, value, styles.count)
            else:
                worksheet.write_string(row, column, str(value), styles.cell)
        texts = [(str(value), WIDTHS[column]) for column, value in enumerate(values)]
        worksheet.set_row(row, row_height(texts))
    if not rows:
        row += 1
        worksheet.write_string(row, 0, "geen", styles.note_line)
    return row + 2



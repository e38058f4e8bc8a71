"""The *Importverslag* of a stand: whom to call about what, one table per tab.

Excel repeats one row range per sheet on every printed page, so each table has its own tab, with
its own column widths, its header row repeated, and nothing wider than the table: *Importverslag*
(the headline and one line per file), *… wijzigingen* (one line per change taken: old and new side
by side, and every file › tab › cell it came from), *… conflicten* (one line per competing value,
numbered per conflict) and *… meldingen* (every other finding, with the value the person typed).
All text is written as text; the reader of a returned stand skips these tabs by their names in the
hidden sheet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from uvp_excel import contract
from uvp_excel.inputs import display_text
from uvp_excel.workbook.activity_sheet import set_a4_landscape
from uvp_excel.workbook.context import escape_header_text
from uvp_excel.workbook.protection import protect
from uvp_excel.workbook.styles import Styles, row_height

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from uvp_excel.merging.session import MergeResult

HEADER_ROW = 3  # 0-based: title, headline, a blank row, then the table


@dataclass(frozen=True)
class Table:
    """One table of the Importverslag: its tab, title, and (header, width) per column."""

    tab: str
    title: str
    columns: tuple[tuple[str, float], ...]


FILES = Table(contract.IMPORT_REPORT_SHEET, "Bestanden", (
    ("Bestand", 30), ("Laatst opgeslagen door", 18), ("Opgeslagen op", 15), ("Regie", 14),
    ("Kwartaal", 9), ("Rijen gelezen", 8), ("Wijzigingen", 10), ("Conflicten", 9),
    ("Fouten", 7), ("Waarschuwingen", 15), ("Wat merge deed", 30)))
CHANGES = Table(contract.IMPORT_CHANGES_SHEET, "Overgenomen wijzigingen", (
    ("ID", 11), ("Veld", 13), ("Oud", 42), ("Nieuw", 42), ("Uit (bestand › tabblad › cel)", 44)))
CONFLICTS = Table(contract.IMPORT_CONFLICTS_SHEET, "Conflicten: de stand houdt de waarde van "
                  "vóór de samenvoeging", (
    ("Nr", 5), ("ID", 11), ("Veld", 13), ("De stand houdt", 26), ("Voorgestelde waarde", 40),
    ("Uit (bestand › tabblad › cel)", 44), ("Ingevuld door, bijgewerkt op", 24)))
FINDINGS = Table(contract.IMPORT_FINDINGS_SHEET, "Fouten, waarschuwingen en opmerkingen", (
    ("Ernst", 12), ("Bestand", 30), ("Tabblad", 18), ("Cel", 7), ("Melding", 70),
    ("Ingevoerde waarde", 28)))


def import_report_tabs(result: MergeResult) -> list[tuple[str, Callable]]:
    """The Importverslag tabs of a stand: (tab name, writer).

    No programme tab may be named like them: the loader reserves every name that starts with
    *Importverslag*.
    """
    findings = _finding_rows(result)
    # Counted as the headline counts them: a conflict once, however many values compete.
    tables = ((FILES, _file_rows(result), len(result.summaries)),
              (CHANGES, _change_rows(result), len(result.outcome.changes)),
              (CONFLICTS, _conflict_rows(result), len(result.outcome.conflicts)),
              (FINDINGS, findings, len(findings)))
    return [(table.tab, _writer(table, rows, f"{table.title} ({counted})", result))
            for table, rows, counted in tables]


def _writer(table: Table, rows: list[list], title: str, result: MergeResult) -> Callable:
    def write(worksheet: Worksheet, workbook: Workbook, styles: Styles) -> None:
        _write_table(worksheet, styles, (table, title), rows, result)
    return write


def _write_table(worksheet: Worksheet, styles: Styles, described: tuple[Table, str],
                 rows: list[list],
                 result: MergeResult) -> None:
    table, title = described
    widths = [width for _, width in table.columns]
    last = len(widths) - 1
    for column, width in enumerate(widths):
        worksheet.set_column(column, column, width)
    lines = [(f"Importverslag stand {result.quarter} — {title}", styles.subtitle),
             (_headline(result), styles.note)]
    for row, (text, cell_format) in enumerate(lines):
        worksheet.set_row(row, row_height([(text, sum(widths))]) + (4 if row == 0 else 0))
        worksheet.merge_range(row, 0, row, last, "", cell_format)
        worksheet.write_string(row, 0, text, cell_format)
    worksheet.set_row(HEADER_ROW, 30)
    for column, (header, _) in enumerate(table.columns):
        worksheet.write_string(HEADER_ROW, column, header, styles.header)
    for offset, values in enumerate(rows or [["geen"] + [""] * last], start=1):
        row = HEADER_ROW + offset
        worksheet.set_row(row, row_height([(str(value), widths[column])
                                           for column, value in enumerate(values)]))
        for column, value in enumerate(values):
            if isinstance(value, int):
                worksheet.write_number(row, column, value, styles.count)
            else:
                worksheet.write_string(row, column, value, styles.cell)
    worksheet.autofilter(HEADER_ROW, 0, HEADER_ROW + max(1, len(rows)), last)
    worksheet.freeze_panes(HEADER_ROW + 1, 0)
    protect(worksheet, filtering=True, resizing=True)
    set_a4_landscape(worksheet, repeat_row=HEADER_ROW)
    worksheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    title = escape_header_text(f"Importverslag stand {result.quarter}")
    worksheet.set_footer(f"&L&8{title}&C&8&A&R&8Pagina &P van &N")


def _headline(result: MergeResult) -> str:
    text = f"{result.headline()}."
    if result.base:
        text += f" Basis: {result.base}"
        text += (" (een stand van hetzelfde kwartaal: haar wijzigingen, conflicten en herkomst "
                 "zijn behouden)." if result.late else ".")
    return text


def _file_rows(result: MergeResult) -> list[list]:
    return [[s.name, s.saved_by, s.saved_at, s.regie, s.quarter, s.rows_read, s.changes,
             s.conflicts, s.errors, s.warnings, s.status] for s in result.summaries]


def _change_rows(result: MergeResult) -> list[list]:
    return [[change.id, contract.header_of(change.field), _shown(change.old),
             _shown(change.new), "\n".join(str(origin) for origin in change.origins)]
            for change in result.outcome.changes]


def _conflict_rows(result: MergeResult) -> list[list]:
    return [[number, conflict.id, contract.header_of(conflict.field), _shown(conflict.base),
             _shown(value), "\n".join(str(origin) for origin in origins),
             "\n".join(conflict.reporter(origin) for origin in origins).strip()]
            for number, conflict in enumerate(result.outcome.conflicts, start=1)
            for value, origins in conflict.proposals.items()]


def _finding_rows(result: MergeResult) -> list[list]:
    # Only a finding about a cell has a typed value to show (others carry counts or names).
    return [[finding.severity, finding.file, finding.tab, finding.cell, finding.message,
             display_text(finding.value) if finding.cell else ""]
            for finding in result.report.findings if finding.kind != "merge-conflict"]


def _shown(value: object) -> str:
    """A value as the AOV reads it: a date as ``01-08-2024`` (as he types it), nothing as
    ``(leeg)``."""
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return display_text(value) or "(leeg)"

"""Budget tabs for Financiën en Control: one rectangular table per financial table.

Each table starts at a fixed cell (A4), has no merged cells, holds amounts as plain numbers in a
euro (or fte) format and totals as ``SUM`` formulas with their computed results. Below it a check
block compares the computed totals with the totals the document states, and lists the anomalies of
``uvp-excel check``. A long-format tab (tabel, post, jaar, bedrag) feeds pivot tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from uvp_excel.source.anomalies import budget_anomalies, format_amount
from uvp_excel.source.model import BudgetPost, BudgetTable, StatedTotal
from uvp_excel.workbook.activity_sheet import set_print_layout
from uvp_excel.workbook.context import BuildContext
from uvp_excel.workbook.protection import protect
from uvp_excel.workbook.styles import Styles, row_height
from uvp_excel.workbook.text_fit import (
    COLUMN_PADDING,
    DIGIT_PIXELS,
    PAGE_PIXELS,
    column_pixels,
)

TABLE_ROW = 3  # 0-based: the header of every budget table is in row 4 (cell A4)
UNIT_LABELS = {"euro": "bedragen in euro", "fte": "formatie in fte"}
LONG_HEADERS = ["Tabel", "Groep", "Post", "Verdeling", "Kolom", "Jaar", "Bedrag", "Eenheid"]
TOLERANCE = 0.005
# The table is at most PAGE_PIXELS wide, so it prints at 8 pt or more: the Opmerking column gives
# way first, then the amounts and the description.
DESCRIPTION_WIDTH, GROUP_WIDTH, VERDELING_WIDTH, AMOUNT_WIDTH, REMARK_WIDTH = 46, 26, 16, 16, 46
NARROW_DESCRIPTION, NARROW_AMOUNT, NARROW_REMARK = 34, 13, 24


@dataclass(frozen=True)
class BudgetLayout:
    """Where the parts of one budget table go."""

    table: BudgetTable

    @property
    def has_groups(self) -> bool:
        """True when the table's posts are grouped (then a Groep column leads)."""
        return any(post.group for post in self.table.posts)

    @property
    def text_headers(self) -> list[str]:
        """The leading text columns."""
        group = ["Groep"] if self.has_groups else []
        return ["Omschrijving", *group, "Verdeling"]

    @property
    def first_number_column(self) -> int:
        """0-based column of the first amount."""
        return len(self.text_headers)

    def number_column(self, key: str) -> int:
        """0-based column of the amounts of table column ``key``."""
        keys = [column.key for column in self.table.columns]
        return self.first_number_column + keys.index(key)

    @property
    def remark_column(self) -> int:
        """0-based column of the Opmerking column."""
        return self.first_number_column + len(self.table.columns)

    @property
    def first_post_row(self) -> int:
        """0-based row of the first post."""
        return TABLE_ROW + 1

    @property
    def total_row(self) -> int:
        """0-based row of the Totaal row."""
        return self.first_post_row + len(self.table.posts)

    @property
    def widths(self) -> list[float]:
        """The column widths: as wide as one printed page allows."""
        group = [GROUP_WIDTH] if self.has_groups else []
        count = len(self.table.columns)
        for description, amount in ((DESCRIPTION_WIDTH, AMOUNT_WIDTH),
                                    (NARROW_DESCRIPTION, NARROW_AMOUNT)):
            leading = [description, *group, VERDELING_WIDTH, *[amount] * count]
            room = PAGE_PIXELS - sum(column_pixels(width) for width in leading) - COLUMN_PADDING
            remark = min(REMARK_WIDTH, math.floor(room / DIGIT_PIXELS * 2) / 2)
            if remark >= NARROW_REMARK:
                break
        return [*leading, max(remark, NARROW_REMARK)]

    def amount_range(self, key: str) -> str:
        """Return the cell range of the amounts in column ``key``."""
        column = self.number_column(key)
        return (f"{xl_rowcol_to_cell(self.first_post_row, column)}:"
                f"{xl_rowcol_to_cell(self.total_row - 1, column)}")


def write_budget_tab(worksheet: Worksheet, styles: Styles, context: BuildContext,
                     table: BudgetTable) -> None:
    """Fill one budget tab."""
    layout = BudgetLayout(table)
    _set_widths(worksheet, layout)
    worksheet.write_string(0, 0, table.title, styles.title)
    source = f"Bron: {table.source} van het {context.programme.title} " \
             f"({context.programme.version}); {UNIT_LABELS.get(table.unit, table.unit)}."
    worksheet.write_string(1, 0, source, styles.note_line)
    headers = [*layout.text_headers, *(column.header for column in table.columns), "Opmerking"]
    for column, header in enumerate(headers):
        worksheet.write_string(TABLE_ROW, column, header, styles.header)
    for offset, post in enumerate(table.posts):
        _write_post(worksheet, styles, layout, layout.first_post_row + offset, post)
    _write_totals(worksheet, styles, layout)
    row = _write_checks(worksheet, styles, layout, layout.total_row + 2)
    _write_anomalies(worksheet, styles, layout, row + 1)
    protect(worksheet, resizing=True)
    set_print_layout(worksheet, context, repeat_row=TABLE_ROW)


def _set_widths(worksheet: Worksheet, layout: BudgetLayout) -> None:
    for column, width in enumerate(layout.widths):
        worksheet.set_column(column, column, width)


def _write_post(worksheet: Worksheet, styles: Styles, layout: BudgetLayout, row: int,
                post: BudgetPost) -> None:
    texts = [post.description] + ([post.group] if layout.has_groups else []) + [post.verdeling]
    for column, text in enumerate(texts):
        worksheet.write_string(row, column, text, styles.cell)
    number_format = styles.number(layout.table.unit)
    for budget_column in layout.table.columns:
        amount = post.amount(budget_column.key)
        cell = layout.number_column(budget_column.key)
        if amount is None:
            worksheet.write_blank(row, cell, None, number_format)
        else:
            worksheet.write_number(row, cell, amount, number_format)
    remark = post.remark
    for key, correction in post.corrections.items():
        printed = post.amounts.get(key)
        remark = (f"{remark} " if remark else "") + (
            f"Document: {format_amount(printed or 0, layout.table.unit)}; hier "
            f"{format_amount(correction.value, layout.table.unit)} ({correction.note})")
    worksheet.write_string(row, layout.remark_column, remark, styles.cell)
    widths = layout.widths
    cells = [(text, widths[column]) for column, text in enumerate(texts)]
    worksheet.set_row(row, row_height([*cells, (remark, widths[layout.remark_column])]))


def _write_totals(worksheet: Worksheet, styles: Styles, layout: BudgetLayout) -> None:
    row = layout.total_row
    table = layout.table
    for text_column in range(layout.first_number_column):
        worksheet.write_string(row, text_column, "Totaal" if text_column == 0 else "",
                               styles.cell_bold)
    for column in table.columns:
        value = round(sum(post.amount(column.key) or 0 for post in table.posts), 2)
        worksheet.write_formula(row, layout.number_column(column.key),
                                f"=SUM({layout.amount_range(column.key)})",
                                styles.number(table.unit, bold=True), value)
    worksheet.write_string(row, layout.remark_column, "", styles.cell_bold)


def _computed_formula(layout: BudgetLayout, total: StatedTotal) -> str:
    if not total.group:
        return "=" + "+".join(f"SUM({layout.amount_range(key)})" for key in total.columns)
    group_column = xl_col_to_name(1)  # Groep follows Omschrijving
    groups = (f"${group_column}${layout.first_post_row + 1}:"
              f"${group_column}${layout.total_row}")
    parts = [f'SUMIF({groups},"{total.group}",{layout.amount_range(key)})'
             for key in total.columns]
    return "=" + "+".join(parts)


def _write_checks(worksheet: Worksheet, styles: Styles, layout: BudgetLayout, row: int) -> int:
    table = layout.table
    if not table.totals:
        worksheet.write_string(row, 0, "Het document noemt bij deze tabel geen totalen.",
                               styles.note)
        return row + 1
    for column, header in enumerate(["Controle", "Berekend", "Document", "Verschil",
                                     "Uitkomst"]):
        worksheet.write_string(row, column, header, styles.header)
    number_format = styles.number(table.unit)
    for offset, total in enumerate(table.totals, start=1):
        current = row + offset
        label = total.label + (f" ({total.group})" if total.group and total.group != total.label
                               else "")
        columns = " + ".join(column.header for column in table.columns
                             if column.key in total.columns)
        computed = table.computed_total(total)
        difference = round(computed - total.value, 2)
        text = f"{label} — {columns}"
        worksheet.write_string(current, 0, text, styles.cell)
        worksheet.set_row(current, row_height([(text, layout.widths[0])]))
        worksheet.write_formula(current, 1, _computed_formula(layout, total), number_format,
                                computed)
        worksheet.write_number(current, 2, total.value, number_format)
        worksheet.write_formula(current, 3, f"=B{current + 1}-C{current + 1}", number_format,
                                difference)
        worksheet.write_formula(current, 4,
                                f'=IF(ABS(D{current + 1})<{TOLERANCE},"klopt","wijkt af")',
                                styles.cell, "klopt" if abs(difference) < TOLERANCE
                                else "wijkt af")
    return row + len(table.totals) + 1


def _write_anomalies(worksheet: Worksheet, styles: Styles, layout: BudgetLayout, row: int) -> None:
    findings = budget_anomalies(layout.table)
    worksheet.write_string(row, 0, "Afwijkingen in het document" if findings
                           else "Geen afwijkingen in het document gevonden.", styles.label)
    for offset, finding in enumerate(findings, start=1):
        text = f"[{finding.severity}] {finding.message}"
        worksheet.write_string(row + offset, 0, text, styles.note)
        worksheet.set_row(row + offset, row_height([(text, layout.widths[0])]))


def write_budget_long(worksheet: Worksheet, styles: Styles, context: BuildContext) -> None:
    """Fill the long-format tab: one row per post, column and amount, for pivot tables."""
    for column, (header, width) in enumerate(zip(LONG_HEADERS, [30, 24, 46, 16, 22, 8, 16, 8],
                                                 strict=True)):
        worksheet.set_column(column, column, width)
        worksheet.write_string(0, column, header, styles.header)
    row = 1
    for item in context.programme.budget_amounts():
        for index, text in enumerate(item.texts()):
            worksheet.write_string(row, index, text)
        worksheet.write_number(row, 5, item.year)
        worksheet.write_number(row, 6, item.amount, styles.number(item.unit))
        worksheet.write_string(row, 7, item.unit)
        row += 1
    worksheet.autofilter(0, 0, max(row - 1, 0), len(LONG_HEADERS) - 1)
    worksheet.freeze_panes(1, 0)
    set_print_layout(worksheet, context, repeat_row=0)


def write_abbreviations(worksheet: Worksheet, styles: Styles, context: BuildContext) -> None:
    """Fill the Afkortingen tab (bijlage G)."""
    worksheet.set_column(0, 0, 20)
    worksheet.set_column(1, 1, 90)
    for column, header in enumerate(["Afkorting", "Betekenis"]):
        worksheet.write_string(0, column, header, styles.header)
    for row, entry in enumerate(context.programme.abbreviations, start=1):
        worksheet.write_string(row, 0, entry.abbreviation, styles.cell)
        worksheet.write_string(row, 1, entry.meaning, styles.cell)
    worksheet.autofilter(0, 0, max(len(context.programme.abbreviations), 1), 1)
    worksheet.freeze_panes(1, 0)
    protect(worksheet, filtering=True)
    set_print_layout(worksheet, context, repeat_row=0)


"""The *Overzicht* tab: status counts per tab as live formulas, with a stacked bar chart.

Each count is a ``COUNTIF`` over the status column of its tab, so it updates while staff type;
each formula is written together with its computed result, so a reader that does not recalculate
(or a paste of values) still shows the right numbers.
"""

from __future__ import annotations

from collections import Counter

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from uvp_excel import contract
from uvp_excel.source.model import Programme
from uvp_excel.workbook.activity_sheet import set_print_layout
from uvp_excel.workbook.context import BuildContext, TabRows, quote_sheet
from uvp_excel.workbook.protection import protect
from uvp_excel.workbook.styles import Styles, row_height

HEADER_ROW = 3
NOT_FILLED = "Geen status"
# Tabblad, Sectie, then one narrow column per count: the table and its chart fit one A4 width.
TAB_WIDTH, SECTION_WIDTH, COUNT_WIDTH = 26, 50, 10.5


def overview_headers(programme: Programme | None = None) -> list[str]:
    """Return the header labels of the overview table."""
    return ["Tabblad", "Sectie", "Activiteiten", NOT_FILLED, *contract.status_names(programme),
            "Aandeel afgerond"]


def write_overview(worksheet: Worksheet, workbook: Workbook, styles: Styles,
                   context: BuildContext) -> None:
    """Fill the Overzicht tab."""
    headers = overview_headers(context.programme)
    worksheet.set_column(0, 0, TAB_WIDTH)
    worksheet.set_column(1, 1, SECTION_WIDTH)
    worksheet.set_column(2, len(headers) - 1, COUNT_WIDTH)
    worksheet.write_string(0, 0, f"Overzicht voortgang — {context.programme.title}, gemeente "
                                 f"{context.programme.gemeente}", styles.title)
    worksheet.write_string(1, 0, f"Rapportagekwartaal {context.quarter}. De aantallen rekenen "
                                 "mee terwijl u de tabbladen invult. Verwijzingsrijen tellen niet "
                                 "mee.", styles.note_line)
    worksheet.set_row(HEADER_ROW, row_height(
        [(header, TAB_WIDTH if column == 0 else SECTION_WIDTH if column == 1 else COUNT_WIDTH)
         for column, header in enumerate(headers)], bold=True))
    for column, header in enumerate(headers):
        worksheet.write_string(HEADER_ROW, column, header, styles.header)
    # Counted once per tab: the cached results of the tab rows and of the total row.
    counts = [context.status_counts(tab) for tab in context.tabs]
    for offset, (tab, tab_counts) in enumerate(zip(context.tabs, counts, strict=True)):
        _write_tab_row(worksheet, styles, context, HEADER_ROW + 1 + offset, (tab, tab_counts))
    total_row = HEADER_ROW + 1 + len(context.tabs)
    _write_total_row(worksheet, styles, context, total_row, counts)
    _insert_chart(worksheet, workbook, context, total_row)
    protect(worksheet)
    set_print_layout(worksheet, context)


def _write_tab_row(worksheet: Worksheet, styles: Styles, context: BuildContext, row: int,
                   tab_counts: tuple[TabRows, Counter]) -> None:
    tab, counts = tab_counts
    names = contract.status_names(context.programme)
    worksheet.write_string(row, 0, tab.section.tab_name, styles.cell)
    worksheet.write_string(row, 1, tab.section.heading, styles.cell)
    worksheet.set_row(row, row_height([(tab.section.tab_name, TAB_WIDTH),
                                       (tab.section.heading, SECTION_WIDTH)]))
    worksheet.write_number(row, 2, tab.own_count, styles.count)
    status_range = tab.column_range("status")
    for offset, name in enumerate(names):
        worksheet.write_formula(row, 4 + offset, f'=COUNTIF({status_range},"{name}")',
                                styles.count, counts.get(name, 0))
    first_status = xl_rowcol_to_cell(row, 4)
    last_status = xl_rowcol_to_cell(row, 3 + len(names))
    activities = xl_rowcol_to_cell(row, 2)
    counted = sum(counts.get(name, 0) for name in names)
    worksheet.write_formula(row, 3, f"={activities}-SUM({first_status}:{last_status})",
                            styles.count, tab.own_count - counted)
    finished = contract.finished_status(context.programme)
    _write_share(worksheet, (styles.percent, names, finished), row, counts.get(finished, 0),
                 tab.own_count)


def _write_share(worksheet: Worksheet, share: tuple, row: int, finished: int, total: int) -> None:
    """Write the share finished; ``share`` is (format, status names, the finished status)."""
    cell_format, names, finished_name = share
    finished_cell = xl_rowcol_to_cell(row, 4 + names.index(finished_name))
    total_cell = xl_rowcol_to_cell(row, 2)
    worksheet.write_formula(row, 4 + len(names),
                            f"=IF({total_cell}=0,0,{finished_cell}/{total_cell})", cell_format,
                            finished / total if total else 0)


def _write_total_row(worksheet: Worksheet, styles: Styles, context: BuildContext, row: int,
                     counts: list) -> None:
    names = contract.status_names(context.programme)
    finished_name = contract.finished_status(context.programme)
    worksheet.write_string(row, 0, "Totaal", styles.cell_bold)
    worksheet.write_string(row, 1, "", styles.cell_bold)
    first, last = HEADER_ROW + 1, row - 1
    per_status = [sum(tab_counts.get(name, 0) for tab_counts in counts) for name in names]
    activities = sum(tab.own_count for tab in context.tabs)
    # Like the tab rows: whatever is not one of the listed statuses counts as "Geen status".
    totals = [activities, activities - sum(per_status), *per_status]
    for offset, value in enumerate(totals):
        column = 2 + offset
        cells = f"{xl_rowcol_to_cell(first, column)}:{xl_rowcol_to_cell(last, column)}"
        worksheet.write_formula(row, column, f"=SUM({cells})", styles.count_bold, value)
    finished = totals[2 + names.index(finished_name)]
    _write_share(worksheet, (styles.percent_bold, names, finished_name), row, finished,
                 totals[0])


def _insert_chart(worksheet: Worksheet, workbook: Workbook, context: BuildContext,
                  total_row: int) -> None:
    sheet = quote_sheet(contract.OVERVIEW_SHEET)
    first, last = HEADER_ROW + 1, total_row - 1
    chart = workbook.add_chart({"type": "bar", "subtype": "stacked"})
    series = [(NOT_FILLED, "#FFFFFF", "#7F7F7F")]
    series += [(status.name, status.fill, status.font)
               for status in contract.statuses(context.programme)]
    for offset, (_name, fill, line) in enumerate(series):
        column = 3 + offset
        chart.add_series({
            "name": [contract.OVERVIEW_SHEET, HEADER_ROW, column],
            "categories": f"={sheet}!$A${first + 1}:$A${last + 1}",
            "values": [contract.OVERVIEW_SHEET, first, column, last, column],
            "fill": {"color": fill}, "border": {"color": line},
            "gap": 60,
        })
    chart.set_title({"name": "Status per tabblad", "name_font": {"size": 12}})
    chart.set_x_axis({"name": "Aantal activiteiten", "major_gridlines": {"visible": True}})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 900, "height": 60 + 28 * len(context.tabs) + 80})
    worksheet.insert_chart(total_row + 2, 0, chart)

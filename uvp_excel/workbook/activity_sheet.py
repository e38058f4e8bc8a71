"""One activity tab: a title block above the twelve-column table staff fill in.

The first seven columns are locked, the five input columns are not; the sheet is protected
without a password, with sorting and filtering allowed. Every user text is written as a string,
so a maatregel or toelichting that starts with ``=`` never becomes a formula.
"""

from __future__ import annotations

from datetime import date, datetime

from uvp_excel.inputs import RowInput
from uvp_excel.source.model import Activity
from uvp_excel.workbook import contract
from uvp_excel.workbook.context import BuildContext, TabRows, escape_header_text
from uvp_excel.workbook.styles import Styles, row_height
from uvp_excel.workbook.validation import add_input_validations

# Re-exported for the return reader: the fingerprint order of the locked texts.
LOCKED_FIELDS = contract.LOCKED_FIELDS
PROTECTION = {"sort": True, "autofilter": True, "format_columns": True, "format_rows": True,
              "select_locked_cells": True, "select_unlocked_cells": True}


def locked_values(activity: Activity) -> dict[str, str]:
    """Return the texts of the seven locked columns of ``activity``."""
    return {"id": activity.id, "thema": activity.thema, "item": activity.item,
            "maatregel": activity.maatregel, "regie": activity.regie_text,
            "stakeholders": activity.stakeholders_text, "planning": activity.planning_text}


def write_activity_tab(worksheet, styles: Styles, context: BuildContext, tab: TabRows) -> None:
    """Fill ``worksheet`` with the title block and the activity table of ``tab``."""
    columns = contract.columns()
    for index, column in enumerate(columns):
        worksheet.set_column(index, index, column.width)
    _write_title_block(worksheet, styles, context, tab)
    header_row = contract.TABLE_HEADER_ROW
    worksheet.set_row(header_row, 30)
    for index, column in enumerate(columns):
        worksheet.write_string(header_row, index, column.header, styles.header)
    for offset, activity in enumerate(tab.activities):
        row = tab.first_row + offset
        _write_row(worksheet, styles, row, activity, context.input_for(activity))
        if activity.id in context.flags:
            worksheet.write_string(row, 0, activity.id, styles.flagged_id)
            worksheet.write_comment(row, 0, context.flags[activity.id],
                                    {"x_scale": 2, "y_scale": 0.6})
    last_column = len(columns) - 1
    if tab.activities:
        add_input_validations(worksheet, styles, context, tab.first_row, tab.last_row)
    worksheet.autofilter(header_row, 0, max(tab.last_row, header_row), last_column)
    worksheet.freeze_panes(header_row + 1, 0)
    worksheet.protect("", PROTECTION)
    set_print_layout(worksheet, context, repeat_row=header_row)


def _write_title_block(worksheet, styles: Styles, context: BuildContext, tab: TabRows) -> None:
    section = tab.section
    last_column = len(contract.columns()) - 1
    total_width = sum(column.width for column in contract.columns())
    goal = f"{section.doelstelling_kind}: {section.doelstelling}" if section.doelstelling else ""
    fields = ""
    if section.veiligheidsvelden:
        fields = "\n".join(["Gerelateerd aan:",
                             *(f"• {field}" for field in section.veiligheidsvelden)])
    lines = [
        (section.heading, styles.title, 22),
        (goal, styles.text, row_height([(goal, total_width)])),
        (fields, styles.note, row_height([(fields, total_width)])),
        (_status_line(context), styles.note, 16),
        ("Vul de gele kolommen in: Status, Kwartaal, Toelichting, Ingevuld door en Bijgewerkt op. "
         "Bij Vertraagd of Vervallen hoort een toelichting.", styles.note, 16),
    ]
    for row, (text, cell_format, height) in enumerate(lines):
        worksheet.set_row(row, height)
        # merge_range writes with write(): merge empty, then write the text as a string.
        worksheet.merge_range(row, 0, row, last_column, "", cell_format)
        if text:
            worksheet.write_string(row, 0, text, cell_format)


def _status_line(context: BuildContext) -> str:
    programme = context.programme
    parts = [f"Rapportagekwartaal: {context.quarter}",
             f"{programme.title}, gemeente {programme.gemeente} ({programme.version})"]
    if context.regie:
        parts.append(f"Regie: {context.regie}")
    return "   ·   ".join(parts)


def _write_row(worksheet, styles: Styles, row: int, activity: Activity, values: RowInput) -> None:
    """Write one activity row, each value in the column the contract gives its field."""
    texts = locked_values(activity)
    locked_format = styles.reference if activity.is_reference else styles.locked
    input_format = styles.reference if activity.is_reference else styles.input
    cells = []
    for index, column in enumerate(contract.columns()):
        if column.is_input:
            _write_input(worksheet, styles, (row, index), values.value(column.field),
                         input_format if not activity.is_reference else None)
            if column.field == "toelichting":
                cells.append((values.toelichting, column.width))
            continue
        cell_format = styles.locked_id if column.field == "id" and not activity.is_reference \
            else locked_format
        worksheet.write_string(row, index, texts[column.field], cell_format)
        cells.append((texts[column.field], column.width))
    worksheet.set_row(row, row_height(cells))


def _write_input(worksheet, styles: Styles, cell: tuple[int, int], value,
                 cell_format) -> None:
    """Write one input cell; ``cell_format`` is None on reference rows (closed, grey)."""
    row, column = cell
    is_reference = cell_format is None
    cell_format = cell_format or styles.reference
    if isinstance(value, date) and not is_reference:
        moment = value if isinstance(value, datetime) else datetime(value.year, value.month,
                                                                    value.day)
        worksheet.write_datetime(row, column, moment, styles.input_date)
    elif value:
        worksheet.write_string(row, column, str(value), cell_format)
    elif column == contract.column_index("bijgewerkt_op") and not is_reference:
        worksheet.write_blank(row, column, None, styles.input_date)
    else:
        worksheet.write_blank(row, column, None, cell_format)


def set_a4_landscape(worksheet, repeat_row: int | None = None) -> None:
    """A4 landscape, one page wide, and the header row (if any) repeated on every page."""
    worksheet.set_landscape()
    worksheet.set_paper(9)
    worksheet.fit_to_pages(1, 0)
    if repeat_row is not None:
        worksheet.repeat_rows(repeat_row)


def set_print_layout(worksheet, context: BuildContext, repeat_row: int | None = None) -> None:
    """A4 landscape, one page wide, header row repeated, gemeente and page number in the footer."""
    set_a4_landscape(worksheet, repeat_row)
    worksheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    programme = context.programme
    title = escape_header_text(f"{programme.title} — {context.quarter}")
    gemeente = escape_header_text(f"Gemeente {programme.gemeente}")
    worksheet.set_header(f"&L&8{title}")
    worksheet.set_footer(f"&L&8{gemeente}&C&8&A&R&8Pagina &P van &N")


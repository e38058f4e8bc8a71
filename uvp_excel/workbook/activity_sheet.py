"""One activity tab: a one-row title above the twelve-column table staff fill in.

The locked columns hold the programme's texts, the input columns are open; the sheet is protected
without a password, with sorting and filtering allowed. Every user text is written as a string,
so a maatregel or toelichting that starts with ``=`` never becomes a formula.

The layout serves a laptop screen and an A4 page at once: the frozen part is one title row and
the header row, the doelstelling and veiligheidsvelden of a section are on the Toelichting tab,
the columns add up to one page width at a print scale that keeps the body text at 8 pt or more,
and every row is as high as its longest text needs, no higher (see ``text_fit``).
"""

from __future__ import annotations

from datetime import date, datetime

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from uvp_excel import contract
from uvp_excel.contract import locked_values
from uvp_excel.inputs import InputValue, RowInput, display_text
from uvp_excel.source.model import Activity, Programme
from uvp_excel.workbook.context import BuildContext, TabRows, escape_header_text
from uvp_excel.workbook.protection import protect
from uvp_excel.workbook.styles import Styles, row_height
from uvp_excel.workbook.text_fit import (
    TEXT_MARGIN,
    column_pixels,
    line_points,
    merged_width,
    text_pixels,
    width_for_text,
)
from uvp_excel.workbook.validation import add_input_validations

TITLE_SIZE = 14  # the size of styles.title
# Printed page: A4 landscape with narrow side margins (inches), so the table prints large.
MARGINS = {"left": 0.25, "right": 0.25, "top": 0.55, "bottom": 0.55}
HEADER_MARGIN = 0.25
HEADER_LIMIT = 255  # characters Excel allows in a page header or footer, codes included


def column_widths(programme: Programme) -> tuple[float, ...]:
    """Return the width of each contract column: the template's, widened where a value of the
    programme or a dropdown would not fit on one line (an ID is never wrapped)."""
    needed = {
        "id": max((width_for_text(activity.id, bold=True)
                   for activity in programme.activities()), default=0),
        "status": max(width_for_text(name) for name in contract.status_names(programme)),
        "kwartaal": max(width_for_text(str(quarter))
                        for quarter in contract.quarter_list(programme)[-1:]),
    }
    return tuple(max(column.width, needed.get(column.field, 0)) for column in contract.columns())


def write_activity_tab(worksheet: Worksheet, styles: Styles, context: BuildContext,
                       tab: TabRows) -> None:
    """Fill ``worksheet`` with the title row and the activity table of ``tab``."""
    columns = contract.columns()
    widths = context.column_widths or tuple(column.width for column in columns)
    for index, width in enumerate(widths):
        worksheet.set_column(index, index, width)
    _write_title_row(worksheet, styles, context, tab, widths)
    header_row = contract.TABLE_HEADER_ROW
    worksheet.set_row(header_row, row_height(
        [(column.header, width) for column, width in zip(columns, widths, strict=True)],
        bold=True))
    for index, column in enumerate(columns):
        worksheet.write_string(header_row, index, column.header, styles.header)
    id_column = contract.column_index("id")
    for offset, activity in enumerate(tab.activities):
        row = tab.first_row + offset
        _write_row(worksheet, styles, row, activity, context.input_for(activity), widths=widths)
        if activity.id in context.flags:
            worksheet.write_string(row, id_column, activity.id, styles.flagged_id)
            worksheet.write_comment(row, id_column, context.flags[activity.id],
                                    {"x_scale": 2, "y_scale": 0.6})
    last_column = len(columns) - 1
    if tab.activities:
        add_input_validations(worksheet, styles, context, tab.first_row, tab.last_row)
    worksheet.autofilter(header_row, 0, max(tab.last_row, header_row), last_column)
    worksheet.freeze_panes(header_row + 1, 0)
    protect(worksheet, filtering=True, resizing=True)
    set_print_layout(worksheet, context, repeat_row=header_row)


def _write_title_row(worksheet: Worksheet, styles: Styles, context: BuildContext, tab: TabRows,
                     widths: tuple[float, ...]) -> None:
    """One row: the section heading on the left, the quarter and what to do above the inputs."""
    split = _note_column(widths)
    row = contract.TITLE_ROW
    section = tab.section
    heading_width = merged_width(widths[:split])
    pointer = "   doelstelling en veiligheidsvelden: zie het tabblad Toelichting" \
        if section.doelstelling or section.veiligheidsvelden else ""
    worksheet.merge_range(row, 0, row, split - 1, "", styles.title_block)
    if pointer:
        worksheet.write_rich_string(row, 0, styles.title_block, section.heading, styles.note,
                                    pointer, styles.title_block)
    else:
        worksheet.write_string(row, 0, section.heading, styles.title_block)
    note = _note(context)
    worksheet.merge_range(row, split, row, len(widths) - 1, "", styles.note)
    worksheet.write_string(row, split, note, styles.note)
    worksheet.set_row(row, max(
        _heading_height(section.heading, pointer, heading_width),
        row_height([(note, merged_width(widths[split:]))])))


def _heading_height(heading: str, pointer: str, width: float) -> float:
    """The height of the heading (14 pt) with the pointer (body size) run on after it."""
    room = column_pixels(width) - TEXT_MARGIN
    if text_pixels(heading, TITLE_SIZE, bold=True) + text_pixels(pointer) <= room:
        return line_points(TITLE_SIZE)
    return row_height([(heading, width)], size=TITLE_SIZE, bold=True) + \
        (row_height([(pointer.strip(), width)]) if pointer else 0)


def _note_column(widths: tuple[float, ...]) -> int:
    """The column where the note starts: above the first input column (half-way without one)."""
    inputs = [index for index, column in enumerate(contract.columns()) if column.is_input]
    first = min(inputs, default=0)
    return first if 0 < first < len(widths) else len(widths) // 2


def _note(context: BuildContext) -> str:
    """One line above the input columns: the reporting quarter, the regie, what to do.

    That a delayed or cancelled activity needs a toelichting is said where it matters: the cell
    turns red, the dropdown's prompt says it, and the Toelichting tab explains it.
    """
    parts = [f"Rapportagekwartaal {context.quarter}"]
    if context.regie:
        parts.append(f"regie {context.regie}")
    parts.append("vul de gele kolommen in")
    return " · ".join(parts)


def _write_row(worksheet: Worksheet, styles: Styles, row: int, activity: Activity,
               values: RowInput, *, widths: tuple[float, ...]) -> None:
    """Write one activity row, each value in the column the contract gives its field."""
    texts = locked_values(activity)
    locked_format = styles.reference if activity.is_reference else styles.locked
    input_format = styles.reference if activity.is_reference else styles.input
    wrapping = []  # (text, width) of every wrapping cell: they set the row height
    for index, column in enumerate(contract.columns()):
        if column.is_input:
            value = values.value(column.field)
            _write_input(worksheet, styles, (row, index), value,
                         input_format if not activity.is_reference else None)
            if not isinstance(value, date):
                wrapping.append((display_text(value), widths[index]))
            continue
        if column.field == "id":
            cell_format = locked_format if activity.is_reference else styles.locked_id
        else:
            cell_format = locked_format
            wrapping.append((texts[column.field], widths[index]))
        worksheet.write_string(row, index, texts[column.field], cell_format)
    worksheet.set_row(row, row_height(wrapping))


def _write_input(worksheet: Worksheet, styles: Styles, cell: tuple[int, int], value: InputValue,
                 cell_format: Format | None) -> None:
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


def set_a4_landscape(worksheet: Worksheet, repeat_row: int | None = None) -> None:
    """A4 landscape, one page wide, and the header row (if any) repeated on every page."""
    worksheet.set_landscape()
    worksheet.set_paper(9)
    worksheet.fit_to_pages(1, 0)
    if repeat_row is not None:
        worksheet.repeat_rows(repeat_row)


def set_print_layout(worksheet: Worksheet, context: BuildContext,
                     repeat_row: int | None = None) -> None:
    """A4 landscape, one page wide, header row repeated, gemeente and page number in the footer."""
    set_a4_landscape(worksheet, repeat_row)
    worksheet.set_margins(**MARGINS)
    programme = context.programme
    footer_rest = "&C&8&A&R&8Pagina &P van &N"
    title = fit_header_text(f"{programme.title} — {context.quarter}", HEADER_LIMIT - 4)
    gemeente = fit_header_text(f"Gemeente {programme.gemeente}",
                               HEADER_LIMIT - 4 - len(footer_rest))
    worksheet.set_header(f"&L&8{title}", margin=HEADER_MARGIN)
    worksheet.set_footer(f"&L&8{gemeente}{footer_rest}", margin=HEADER_MARGIN)


def fit_header_text(text: str, limit: int) -> str:
    """Escape ``text`` for a page header and shorten it (with …) to ``limit`` characters.

    Excel refuses a header or footer over 255 characters (xlsxwriter would silently leave it
    out), and a long programme title must not cost the page its header.
    """
    escaped = escape_header_text(text)
    while len(escaped) > limit:
        text = text[:-1]
        escaped = escape_header_text(text.rstrip()) + "…"
    return escaped


"""Make returned workbooks the way colleagues do: build one, fill it in with openpyxl, save it."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import openpyxl

from uvp_excel import contract
from uvp_excel.inputs import RowInput
from uvp_excel.source.planning import Quarter
from uvp_excel.workbook.writer import BuildSpec, write_workbook

FIXED = datetime(2024, 7, 1, 9, 0, 0)


def header_row() -> int:
    """The 1-based row of the table header on activity tabs (as a user sees it in Excel)."""
    return contract.TABLE_HEADER_ROW + 1


def first_row() -> int:
    """The 1-based row of the first activity."""
    return header_row() + 1


def column_of(field: str) -> int:
    """The 1-based column of contract field ``field``, as templates/werkmap.yaml places it."""
    return contract.column_index(field) + 1


def is_activity_tab(sheet) -> bool:
    """True for a tab with the contract table (its ID header where the contract puts it)."""
    return not sheet.title.startswith("_") and \
        sheet.cell(header_row(), column_of("id")).value == contract.header_of("id")


def handed_out(programme, regie: str = "", inputs: dict[str, RowInput] | None = None) -> bytes:
    """The workbook as the AOV hands it out."""
    buffer = io.BytesIO()
    write_workbook(buffer, BuildSpec(programme, quarter=Quarter(2024, 3), regie=regie,
                                     inputs=inputs or {}, generated=FIXED))
    return buffer.getvalue()


def find_row(sheet, activity_id: str) -> int:
    for row in range(first_row(), sheet.max_row + 1):
        if sheet.cell(row, column_of("id")).value == activity_id:
            return row
    raise KeyError(activity_id)


def tab_of(book, activity_id: str):
    for sheet in book.worksheets:
        if sheet.title.startswith("_"):
            continue
        if any(sheet.cell(row, column_of("id")).value == activity_id
               for row in range(first_row(), sheet.max_row + 1)):
            return sheet
    raise KeyError(activity_id)


def fill(workbook: bytes, target: Path, edits: dict[tuple[str, str], object],
         creator: str = "") -> Path:
    """Save a copy of ``workbook`` with ``{(id, field): value}`` typed into it."""
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    for (activity_id, field), value in edits.items():
        sheet = tab_of(book, activity_id)
        sheet.cell(find_row(sheet, activity_id), column_of(field)).value = value
    if creator:
        book.properties.lastModifiedBy = creator
    book.save(target)
    return target


def sort_and_rename(path: Path) -> None:
    """Reverse the data rows of every activity tab, rename tabs and move the last tab first."""
    book = openpyxl.load_workbook(path)
    for sheet in list(book.worksheets):
        if not is_activity_tab(sheet):
            continue
        rows = [[cell.value for cell in sheet[row]]
                for row in range(first_row(), sheet.max_row + 1)]
        locked = {column_of(name) for name in contract.LOCKED_FIELDS}
        for offset, values in enumerate(reversed(rows)):
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(first_row() + offset, column)
                cell.value = value
                if isinstance(value, str) and value.startswith("=") and column in locked:
                    cell.data_type = "s"  # a locked text stays text, as Excel keeps it
        sheet.title = f"Mijn {sheet.title}"[:31]
    book.move_sheet(book.worksheets[-2], offset=-(len(book.worksheets) - 2))
    book.save(path)

"""Measure a generated sheet as a screen and a printer will show it, from the file alone.

Everything comes from what the workbook says (column widths, row heights, frozen rows, page setup,
fonts, charts), converted with Excel's rules: a column whose file width is ``w`` is ``w × 7``
pixels (the file stores the width with Excel's 5 pixels of padding included: a column set to
width 10 is stored as 10.71, 75 pixels); a row of ``h`` points is ``h × 96 / 72`` pixels; and
fit-to-width scales the used columns (and any chart) down to the printable width, in whole
percents, never up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from uvp_excel.workbook.text_fit import DIGIT_PIXELS

A4_LANDSCAPE_WIDTH = 297 / 25.4  # inches
A4_PORTRAIT_WIDTH = 210 / 25.4
# A 1366×768 laptop, Excel maximised at 100 % zoom: the grid below ribbon and formula bar is
# about 480 pixels high, and about 1316 wide beside the row numbers and the scroll bar.
SCREEN_GRID_HEIGHT = 480
SCREEN_GRID_WIDTH = 1316
EMU_PER_PIXEL = 9525
DEFAULT_COLUMN_WIDTH = 9.14  # a column nobody set (Excel's 8.43 characters), as the file counts
# LibreOffice turns a file width into pixels with the unrounded digit width of Carlito 11 (7.43
# pixels, against Excel's 7): its columns are 6 % wider, so it prints a sheet 6 % smaller.
EXCEL_DIGIT = DIGIT_PIXELS
LIBREOFFICE_DIGIT = 1038 / 2048 * 11 * 96 / 72


@dataclass(frozen=True)
class SheetMeasure:
    """How one sheet shows on paper and on screen."""

    width_pixels: int
    print_scale: int  # percent
    body_size: float  # the smallest font size of the body cells
    frozen_pixels: int
    rows_visible: int  # body rows that fit on the first screen below the frozen rows
    body_rows: int

    @property
    def printed_body_size(self) -> float:
        """The body text size on paper, in points: print scale × font size."""
        return self.print_scale / 100 * self.body_size


def column_pixels(sheet, column: int, digit: float = EXCEL_DIGIT) -> int:
    """Return the screen width of a 1-based column in pixels at 100 %."""
    width = DEFAULT_COLUMN_WIDTH
    for dimension in sheet.column_dimensions.values():
        if dimension.min and dimension.max and dimension.min <= column <= dimension.max \
                and dimension.width:
            width = dimension.width
            break
    else:
        letter = get_column_letter(column)
        if letter in sheet.column_dimensions and sheet.column_dimensions[letter].width:
            width = sheet.column_dimensions[letter].width
    return int(width * digit + 0.5)


def row_pixels(sheet, row: int) -> int:
    """Return the screen height of a 1-based row in pixels at 100 %."""
    height = sheet.row_dimensions[row].ht if row in sheet.row_dimensions else None
    return round((height or sheet.sheet_format.defaultRowHeight or 15) * 96 / 72)


def sheet_pixels(sheet, digit: float = EXCEL_DIGIT) -> int:
    """Return the width of what prints: the used columns, or further where a chart reaches."""
    edges = [0]
    for column in range(1, sheet.max_column + 1):
        edges.append(edges[-1] + column_pixels(sheet, column, digit))
    right = edges[-1]
    for chart in sheet._charts:  # xlsxwriter anchors a chart to the cells under its corners
        end = chart.anchor.to
        while len(edges) <= end.col:
            edges.append(edges[-1] + column_pixels(sheet, len(edges), digit))
        right = max(right, edges[end.col] + end.colOff // EMU_PER_PIXEL)
    return right


def print_scale(sheet, digit: float = EXCEL_DIGIT) -> int:
    """Return the print scale in percent Excel (or, with its digit width, LibreOffice) uses."""
    setup = sheet.page_setup
    fit = sheet.sheet_properties.pageSetUpPr is not None and \
        sheet.sheet_properties.pageSetUpPr.fitToPage
    if not fit or setup.fitToWidth == 0:
        return int(setup.scale or 100)
    paper = A4_LANDSCAPE_WIDTH if setup.orientation == "landscape" else A4_PORTRAIT_WIDTH
    margins = sheet.page_margins
    printable = (paper - margins.left - margins.right) * 96
    return min(100, math.floor(printable / sheet_pixels(sheet, digit) * 100))


def frozen_rows(sheet) -> int:
    """Return how many rows are frozen at the top."""
    if not sheet.freeze_panes:
        return 0
    return sheet[sheet.freeze_panes].row - 1


def measure(sheet, first_body_row: int | None = None, screen_height: int = SCREEN_GRID_HEIGHT,
            digit: float = EXCEL_DIGIT) -> SheetMeasure:
    """Measure a sheet; body rows start below the frozen rows unless ``first_body_row`` is given.

    ``digit`` is the client's pixels per unit of column width: Excel's by default,
    ``LIBREOFFICE_DIGIT`` for LibreOffice.
    """
    frozen = frozen_rows(sheet)
    first = first_body_row or frozen + 1
    frozen_pixels = sum(row_pixels(sheet, row) for row in range(1, frozen + 1))
    room, visible = screen_height - frozen_pixels, 0
    for row in range(first, sheet.max_row + 1):
        room -= row_pixels(sheet, row)
        if room < 0:
            break
        visible += 1
    sizes = [cell.font.sz for row in sheet.iter_rows(min_row=first) for cell in row
             if cell.value not in (None, "") and cell.font is not None and cell.font.sz]
    return SheetMeasure(
        width_pixels=sheet_pixels(sheet, digit), print_scale=print_scale(sheet, digit),
        body_size=min(sizes, default=11.0), frozen_pixels=frozen_pixels, rows_visible=visible,
        body_rows=max(0, sheet.max_row - first + 1))

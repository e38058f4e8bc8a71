"""The cells of a programme workbook: one sheet's values, read once, and how they read as text.

Shared by the readers of the fixed tabs (``workbook_read``) and of the budget tabs
(``workbook_read_budget``). Every problem found in a cell goes to a :class:`Reporter` (the
reader), which gathers them; nothing here raises for what a person typed.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from xlsxwriter.utility import xl_rowcol_to_cell

from uvp_excel.returns.archive import read_bounded
from uvp_excel.returns.xlsx import RawWorkbook, open_raw
from uvp_excel.source.amounts import read_amount

SHOWN_CELLS = 10
# A title row or two typed above a header row is skipped; further down is no header row.
HEADER_SEARCH_ROWS = 10
SHOWN_CELL_LENGTH = 60
# Excel keeps at most this many characters in a cell; the werkmap would cut a longer text.
MAX_CELL_TEXT = 32_767
# Text pasted from Word, mail or the web brings spaces that do not break and characters that
# cannot be seen; in the programme they would only make equal texts differ.
ODD_SPACES = re.compile("[\u00a0\u2007\u202f]")
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


class Reporter(Protocol):
    """Where cell problems go: the reader of the workbook."""

    def first_time(self, what: str, tab: str, cell: str) -> bool:
        """True the first time ``what`` is asked about a cell."""

    def add(self, kind: str, tab: str = "", cell: str = "", value: Any = None,
            **params: Any) -> None:
        """Record a finding at ``tab › cell``."""


def open_programme_workbook(path: Path) -> RawWorkbook:
    """Open a programme workbook with the bounded, checked readers used for returns.

    Raises:
        UnreadableWorkbookError: the file is not a sane xlsx (too large, zip bomb, not a workbook).
    """
    return open_raw(read_bounded(path))


def cell_text(value: Any) -> str:
    """A cell value as text: numbers without ``.0``, dates as ``JJJJ-MM-DD``, outer spaces off."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return INVISIBLE.sub("", ODD_SPACES.sub(" ", text)).strip()


def one_line(text: str, length: int = SHOWN_CELL_LENGTH) -> str:
    """A cell's text on one line, cut to ``length`` characters, for a message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[:length - 1] + "…"


class Tab:
    """The values of one sheet, with its formulas, read once.

    Cells merged down a column (a Sectie or Verdeling typed once for several rows) count for
    every row, as the person sees them, and are reported; a merge across columns keeps what
    Excel keeps, the value of its first cell.
    """

    def __init__(self, raw: RawWorkbook, name: str, reader: Reporter,
                 read: bool = True):
        self.name = name
        self.rows = raw.values(name)
        self.formulas = raw.formula_cells(name)
        self.reader = reader
        for first_row, column, last_row, _ in raw.merged_ranges(name):
            value = self.raw(first_row, column)
            if last_row == first_row or not cell_text(value):
                continue
            for row in range(first_row + 1, min(last_row + 1, len(self.rows))):
                if column < len(self.rows[row]):
                    self.rows[row][column] = value
            cells = f"{address(first_row, column)}:{address(last_row, column)}"
            if read and reader.first_time("samengevoegd", name, cells):
                reader.add("programma-samengevoegd", name, cells, one_line(cell_text(value)))

    def raw(self, row: int, column: int) -> Any:
        """The stored value of a cell ('' outside the sheet)."""
        if row < len(self.rows) and column < len(self.rows[row]):
            return self.rows[row][column]
        return ""

    def value(self, row: int, column: int) -> Any:
        """The value of a cell; a formula counts with its stored result and is reported once."""
        value = self.raw(row, column)
        formula = self.formulas.get((row, column))
        if formula and self.reader.first_time("formule", self.name, address(row, column)):
            kind = "programma-formule" if cell_text(value) else "programma-formule-leeg"
            self.reader.add(kind, self.name, address(row, column), formula,
                            result=one_line(cell_text(value)))
        return value

    def text(self, row: int, column: int) -> str:
        """The text of a cell; a text longer than Excel allows in a cell is reported once."""
        text = cell_text(self.value(row, column))
        if len(text) > MAX_CELL_TEXT and \
                self.reader.first_time("lengte", self.name, address(row, column)):
            self.reader.add("programma-tekst-te-lang", self.name, address(row, column),
                            f"{len(text):,}".replace(",", "."),
                            limit=f"{MAX_CELL_TEXT:,}".replace(",", "."))
        return text

    def filled(self, row: int, columns: range | list[int]) -> bool:
        """True when any of ``columns`` in ``row`` holds something."""
        return any(cell_text(self.raw(row, column)) for column in columns)

    @property
    def width(self) -> int:
        """The number of columns of the widest row."""
        return max((len(row) for row in self.rows), default=0)

    def filled_cells(self, rows: range, columns: range) -> list[str]:
        """``B7: tekst`` for every filled cell in an area (for "not read" warnings)."""
        return [f"{address(row, column)}: {one_line(cell_text(self.raw(row, column)))}"
                for row in rows for column in columns if cell_text(self.raw(row, column))]


def address(row: int, column: int) -> str:
    """``B7`` for 0-based (6, 1)."""
    return xl_rowcol_to_cell(row, column)


def shown_cells(cells: list[str]) -> str:
    """The first few cells of a list, and how many more."""
    more = f" … (en nog {len(cells) - SHOWN_CELLS})" if len(cells) > SHOWN_CELLS else ""
    return "; ".join(cells[:SHOWN_CELLS]) + more


def header_row_of(tab: Tab, required: tuple[str, ...]) -> int | None:
    """The first row (of the first few) that holds the required headers, or None."""
    wanted = {header.lower() for header in required}
    for row in range(min(HEADER_SEARCH_ROWS, len(tab.rows))):
        labels = {cell_text(value).lower() for value in tab.rows[row]}
        if len(wanted & labels) >= min(2, len(wanted)):
            return row
    return None


def read_amount_cell(reader: Reporter, tab: Tab, row: int, column: int) -> float | None:
    """Read an amount, reporting text amounts (a note) and unreadable or ambiguous ones."""
    value = tab.value(row, column)
    amount = read_amount(value)
    cell = address(row, column)
    if amount.kind == "tekst":
        reader.add("programma-bedrag-tekst", tab.name, cell, cell_text(value),
                   amount="geen bedrag" if amount.value is None else _amount_text(amount.value))
    elif amount.kind == "dubbelzinnig":
        reader.add("programma-bedrag-dubbelzinnig", tab.name, cell, cell_text(value),
                   readings=amount.readings)
    elif amount.kind == "onleesbaar":
        reader.add("programma-bedrag-onleesbaar", tab.name, cell, cell_text(value))
    return amount.value


def _amount_text(value: float) -> str:
    """``1234,56``: a number as a Dutch reader writes it (no thousands separator, as typed)."""
    return str(int(value)) if value.is_integer() else str(value).replace(".", ",")

"""Measure a worksheet with a real, streaming XML parse before any grid is laid out.

python-calamine lays a tab out as a grid from A1 to the farthest cell it finds and makes one
Python object per cell and per string. Before it is asked, this scan walks the tab's XML once
(expat, with document type declarations refused, as defusedxml does) and finds, exactly as
calamine will place them: the farthest cell, the number of cells with a value, the text those
cells would materialise (a shared string counts once per cell that uses it), the formulas and
the error values. It stops at the first cell that crosses a bound, and names that cell.

Cell references are read as calamine reads them — any quoting, leading zeros, lower-case letters,
no reference at all (the next cell of the row) — and namespaces are ignored, so Strict Open XML
reads like the transitional form. The walk follows element starts only (end events just while a
value's text is gathered): it runs for every tab of every return, so it is kept lean.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from uvp_excel.contract import column_letter
from uvp_excel.returns.archive import UnreadableWorkbookError
from uvp_excel.returns.limits import (
    MAX_SHARED_STRINGS,
    MAX_SHARED_TEXT,
    MAX_SHEET_CELLS,
    MAX_SHEET_TEXT,
)

# The error values python-calamine knows; any other (#SPILL!, #CALC!, …) fails the whole tab.
KNOWN_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"})
DIGITS = "0123456789"
# 0-based column of every one- and two-letter column name (A … ZZ); longer ones are computed.
COLUMNS = {column_letter(column): column for column in range(26 + 26 * 26)}


class _RefusedError(Exception):
    """Raised inside the parse to stop it at the first cell that crosses a bound."""

    def __init__(self, reason: str, cell: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.cell = cell


@dataclass
class SheetScan:
    """What a tab holds, measured before it is read.

    ``formulas`` and ``errors`` map 0-based ``(row, column)`` to the formula (``=…``) or the
    error value (``#N/A``); ``patches`` are byte spans of error values calamine cannot read.
    """

    rows: int = 0
    columns: int = 0
    cells: int = 0
    text: int = 0
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    patches: list[tuple[int, int, str]] = field(default_factory=list)


def new_parser() -> expat.XMLParserType:
    """An expat parser that refuses document type declarations (and so every entity trick)."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_: Any) -> Any:
        raise _RefusedError("bevat een DTD of entiteiten (onveilige XML)")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.buffer_text = True
    return parser


def parse_reference(reference: str) -> tuple[int, int | None] | None:
    """``B12`` → ``(11, 1)`` as calamine reads it (letters then digits, any case); ``12`` →
    ``(11, None)``; None when calamine would refuse it."""
    letters = reference.rstrip(DIGITS)
    digits = reference[len(letters):]
    column = COLUMNS.get(letters)
    if column is None:
        if not (letters.isascii() and letters.isalpha()) and letters:
            return None
        column = -1
        for letter in letters.upper():
            column = (column + 1) * 26 + ord(letter) - 65
    row = int(digits) if digits else 0
    if row < 1:
        return None
    return row - 1, (column if letters else None)


def address(row: int, column: int) -> str:
    """``(11, 1)`` → ``B12``; far beyond Excel's grid the letters are still computed."""
    return f"{column_letter(column) if column < 10 ** 6 else '?'}{row + 1}"


def shared_string_lengths(data: bytes | None, exact: bool = False) -> array:
    """An upper bound of the length of every shared string, in order.

    A common list (every entry a plain ``<si>``; no DTD, comment or CDATA) is measured by its
    bytes between entries — never fewer than the characters calamine makes of them; any other,
    or any when ``exact``, is walked and its text counted (rich text runs joined).

    Raises:
        UnreadableWorkbookError: unsafe XML, or more strings or text than a workbook needs.
    """
    lengths = array("q")
    if not data:
        return lengths
    if not exact and b"<!" not in data and b":si" not in data and \
            data.count(b"<si") == data.count(b"<si>"):
        lengths = array("q", map(len, data.split(b"<si>")[1:]))
        if len(lengths) > MAX_SHARED_STRINGS or len(data) > MAX_SHARED_TEXT:
            raise UnreadableWorkbookError("xl/sharedStrings.xml bevat meer gedeelde tekst dan een "
                                          "werkmap nodig heeft")
        return lengths
    parser = new_parser()
    current = total = 0
    started = False

    def start(name: str, _attributes: dict) -> None:
        nonlocal current, started
        if ":" in name:
            name = name[name.index(":") + 1:]
        if name == "si":
            if started:
                flush()
            started, current = True, 0
        parser.CharacterDataHandler = count if name == "t" else None

    def count(chunk: str) -> None:
        nonlocal current
        current += len(chunk)

    def flush() -> None:
        nonlocal total
        lengths.append(current)
        total += current
        if len(lengths) > MAX_SHARED_STRINGS or total > MAX_SHARED_TEXT:
            raise _RefusedError("bevat meer gedeelde tekst dan een werkmap nodig heeft")

    parser.StartElementHandler = start
    _run(parser, data, "xl/sharedStrings.xml")
    if started:
        flush()
    return lengths


# Cells of a common sheet (ours, Excel's, LibreOffice's): every cell tag starts <c r="…" and no
# element has a namespace prefix. For those, sound upper bounds come from a few byte searches.
PREFIXED = re.compile(rb":[cf][\s>/]")  # a prefixed cell or formula: <x:c …>, <x:f>
# A cell tag that does not start with a plain reference within A1:Z99999 (or has none).
UNCOMMON_CELL = re.compile(rb'<c(?! r="[A-Z][0-9]{1,5}")[\s>/]')
QUICK_ROWS, QUICK_COLUMNS = 99_999, 26
SHORTEST_CELL = 11  # <c r="A1"/>: no sheet holds more cells than its bytes / 11
SHARED_TYPES = (b'"s"', b"'s'")  # every t="s" holds one of these (and a few others may too)
SHARED_INDEX = re.compile(rb't="s"><v>([0-9]{1,9})</v>')
CELL_REFERENCES = re.compile(rb"<c r=(?:\"[A-Za-z]+[0-9]+\"|'[A-Za-z]+[0-9]+')")
CELL_LETTERS = re.compile(rb"<c r=[\"']([A-Za-z]+)")
CELL_DIGITS = re.compile(rb"<c r=[\"'][A-Za-z]*([0-9]+)")
CELL_TAGS = (b"<c ", b"<c>", b"<c/", b"<c\t", b"<c\n", b"<c\r")


def quick_bounds(data: bytes, shared: array, longest: int) -> SheetScan | None:
    """Bound a common sheet with a few byte searches instead of a walk; None when the walk is
    needed.

    The bounds are sound: every cell calamine reads has a ``<c …>`` tag, and here each one starts
    with a plain reference within A1:Z99999 (or, for a larger sheet, its letters and digits are
    collected), so the farthest cell lies within the bound; a shared-string cell holds at most
    ``longest`` characters (or, counted exactly, the string its index names), any other value at
    most its own bytes. Comments can only add to what
    is seen. A sheet with a formula, an error value, a prefixed cell or a cell without a plain
    reference is walked instead, as is one these bounds cannot show to be small.
    """
    cells_end = data.rfind(b"sheetData")
    if data.find(b"<f", 0, cells_end) >= 0 or b'"e"' in data or b"'e'" in data or \
            PREFIXED.search(data, 0, cells_end):
        return None  # a formula, an error value, a prefix: walk it
    if UNCOMMON_CELL.search(data, 0, cells_end):
        bounds = _collected_bounds(data)
        if bounds is None:
            return None
        rows, columns, cells = bounds
    else:
        rows, columns, cells = QUICK_ROWS, QUICK_COLUMNS, len(data) // SHORTEST_CELL
    text = sum(data.count(kind) for kind in SHARED_TYPES) * longest + len(data)
    if text > MAX_SHEET_TEXT:
        text = _shared_text(data, shared) + len(data)
    if rows * columns > MAX_SHEET_CELLS or cells > MAX_SHEET_CELLS or text > MAX_SHEET_TEXT:
        return None
    return SheetScan(rows=rows, columns=columns, cells=cells, text=text)


def _collected_bounds(data: bytes) -> tuple[int, int, int] | None:
    """Rows, columns and cells of a sheet whose every cell tag starts with a reference (letters
    and digits), from the references themselves; None when one does not."""
    tags = sum(data.count(tag) for tag in CELL_TAGS)
    if tags != len(CELL_REFERENCES.findall(data)):
        return None  # a cell without a reference, or an odd one
    rows = max(map(int, set(CELL_DIGITS.findall(data))), default=0)
    columns = max(map(_column_of, set(CELL_LETTERS.findall(data))), default=-1) + 1
    return rows, columns, tags


def _shared_text(data: bytes, shared: array) -> int:
    """The characters the shared-string cells of a common sheet hold, summed without a loop in
    Python; far beyond the bound when a cell of that type is written some other way."""
    indices = SHARED_INDEX.findall(data)
    if len(indices) != sum(data.count(kind) for kind in SHARED_TYPES):
        return MAX_SHEET_TEXT + 1  # not every "s" is a plain shared-string cell: walk it
    try:
        return sum(map(shared.__getitem__, map(int, indices)))
    except IndexError:
        return MAX_SHEET_TEXT + 1  # an index calamine will refuse: let the walk say where


def _column_of(letters: bytes) -> int:
    column = -1
    for letter in letters.upper():
        column = (column + 1) * 26 + letter - 65
    return column


def scan_sheet(data: bytes, tab: str, shared: array) -> SheetScan:
    """Measure one worksheet part.

    Raises:
        UnreadableWorkbookError: with the tab and, where there is one, the cell that crossed a
            bound (too far away, too many cells, too much text), or unsafe or broken XML.
    """
    walk = _SheetWalk(data, shared)
    _run(walk.parser, data, "het tabblad", tab)
    walk.settle()
    return walk.scan


class _SheetWalk:
    """One walk over a worksheet's XML, placing each cell where calamine will place it.

    A ``<v>`` without attributes is read straight from the bytes, as calamine reads it (the raw
    text up to the next ``<``), so the common cell costs one call; anything unusual is gathered
    through the parser and, where text hides behind a comment or CDATA, bounded by its span.
    """

    def __init__(self, data: bytes, shared: array):
        self.data = data
        self.shared = shared
        self.scan = SheetScan()
        self.parser = new_parser()
        self.parser.StartElementHandler = self.start
        self.cells_end = data.rfind(b"sheetData")  # an f after the cells is not a cell's
        self.row = self.next_row = 0  # calamine's row for cells without a reference
        self.anchor: str | None = None  # the last reference of this row …
        self.offset = -1  # … and the cells since: the column of a cell without one
        self.reference: str | None = None
        self.position: tuple[int, int] | None = None
        self.cell_type = "n"
        self.capturing = ""
        self.chunks: list[str] = []
        self.span_from = -1  # text whose end is only known at the next element

    def start(self, name: str, attributes: dict) -> None:
        if ":" in name:
            name = name[name.index(":") + 1:]
        if self.span_from >= 0:
            self.settle()
        if name == "c":
            reference = self.reference = attributes.get("r")
            if reference is None:
                self.offset += 1
            else:
                self.anchor, self.offset = reference, 0
            self.cell_type = attributes.get("t", "n")
            self.position = None
        elif name == "v":
            self.count_cell()
            if attributes:
                self.capture("v")
            else:
                self.read_value()
        elif name == "is":
            self.count_cell()
        elif name == "row":
            self.start_row(attributes.get("r"))
        else:
            self.start_text(name)

    def start_text(self, name: str) -> None:
        """A formula of a cell, or a run of an inline string: gather its text."""
        if name == "f":
            if self.parser.CurrentByteIndex < self.cells_end:
                self.capture("f")
        elif name == "t" and self.cell_type == "inlineStr":
            self.capture("t")  # phonetic hints count too: an overestimate is harmless

    def read_value(self) -> None:
        """Take a plain ``<v>`` from the bytes: its raw text runs to the next ``<``."""
        data = self.data
        start = data.index(b">", self.parser.CurrentByteIndex) + 1
        end = data.find(b"<", start)
        if self.cell_type == "s":
            digits = data[start:end]  # calamine reads an index it cannot parse as 0
            index = int(digits) if digits.isdigit() else 0
            self.add_text(self.shared[index] if index < len(self.shared) else 0)
        elif self.cell_type == "e":
            text = data[start:end].decode("utf-8", "replace")
            self.scan.errors[self.where()] = text.strip()
            if text not in KNOWN_ERRORS:  # replace it by #N/A, or calamine refuses the tab
                self.scan.patches.append((start, end, "#N/A"))
        elif data.startswith(b"</", end):
            self.add_text(end - start)  # bytes: never fewer than the characters
        else:
            self.span_from = start  # a comment or CDATA inside: bound it by its span

    def settle(self) -> None:
        """Count text whose end only the next element tells (at most the bytes in between)."""
        if self.span_from >= 0:
            until = self.parser.CurrentByteIndex
            length = (until if until >= 0 else len(self.data)) - self.span_from
            self.span_from = -1
            self.add_text(length)

    def start_row(self, reference: str | None) -> None:
        self.anchor, self.offset = None, -1
        if reference is not None:
            parsed = parse_reference(reference)
            if parsed is None:
                raise _RefusedError(f"bevat een ongeldig rijnummer '{reference}'")
            self.next_row = parsed[0]
        self.row, self.next_row = self.next_row, self.next_row + 1

    def where(self) -> tuple[int, int]:
        """The current cell's (row, column), as calamine places it."""
        if self.position is None:
            if self.reference is not None:
                self.position = cell_position(self.reference)
            elif self.anchor is not None:
                self.position = (self.row, cell_position(self.anchor)[1] + self.offset)
            else:
                self.position = (self.row, max(self.offset, 0))
        return self.position

    def count_cell(self) -> None:
        row, column = self.where()
        scan = self.scan
        scan.cells += 1
        if row >= scan.rows:
            scan.rows = row + 1
        if column >= scan.columns:
            scan.columns = column + 1
        if scan.rows * scan.columns > MAX_SHEET_CELLS or scan.cells > MAX_SHEET_CELLS:
            raise _RefusedError(f"loopt tot rij {scan.rows} en kolom {scan.columns}; zo'n groot "
                                "blad wordt niet gelezen (staat er ergens ver weg een losse "
                                "waarde?)", address(row, column))

    def capture(self, element: str) -> None:
        self.capturing, self.chunks = element, []
        self.parser.CharacterDataHandler = self.chunks.append
        self.parser.EndElementHandler = self.end

    def end(self, name: str) -> None:
        if ":" in name:
            name = name[name.index(":") + 1:]
        if name == self.capturing:
            self.capturing = ""
            self.parser.CharacterDataHandler = self.parser.EndElementHandler = None
            self.take(name, "".join(self.chunks))

    def take(self, element: str, text: str) -> None:
        """Account for gathered text: a formula, an inline string, an unusual value."""
        if element == "f":
            self.scan.formulas[self.where()] = "=" + text
        elif self.cell_type == "e" and element == "v":
            # An error value in an unusual <v> calamine may read differently: count it, and
            # let calamine decide (a tab it cannot read is reported as such).
            self.scan.errors[self.where()] = text.strip()
        self.add_text(len(text))

    def add_text(self, length: int) -> None:
        self.scan.text += length
        if self.scan.text > MAX_SHEET_TEXT:
            limit = f"{MAX_SHEET_TEXT:,}".replace(",", ".")
            raise _RefusedError(f"bevat meer dan {limit} tekens tekst; zoveel tekst wordt niet "
                                "gelezen (één lange tekst in heel veel cellen?)",
                                address(*self.where()))


def cell_position(reference: str) -> tuple[int, int]:
    """The (row, column) of a cell reference, or a refusal naming it."""
    parsed = parse_reference(reference)
    if parsed is None or parsed[1] is None:
        raise _RefusedError(f"bevat een ongeldige celverwijzing '{reference}'")
    return parsed[0], parsed[1]


def _run(parser: expat.XMLParserType, data: bytes, what: str, tab: str = "") -> None:
    try:
        parser.Parse(data, True)
    except _RefusedError as refused:
        raise UnreadableWorkbookError(f"{what} {refused.reason}", tab=tab,
                                      cell=refused.cell) from None
    except (expat.ExpatError, ValueError, UnicodeError) as error:
        reason = expat.ErrorString(error.code) if isinstance(error, expat.ExpatError) else \
            error.__class__.__name__
        raise UnreadableWorkbookError(f"{what} bevat ongeldige XML ({reason})", tab=tab) \
            from None

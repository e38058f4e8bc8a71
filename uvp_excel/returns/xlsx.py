"""Values-only access to a checked xlsx file.

Cell values come from python-calamine (fast, and it never evaluates anything: it returns the
value stored with a formula). Which cells hold formulas, the sheet visibility and the file's own
"last saved by" and time are read from the XML with defusedxml, which refuses entity tricks.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from functools import cached_property

import python_calamine
from defusedxml import DefusedXmlException, ElementTree

from uvp_excel.returns.archive import UnreadableWorkbookError, open_archive, read_part

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CORE_FIELDS = {"{http://purl.org/dc/elements/1.1/}creator": "creator",
               "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
               "lastModifiedBy": "last_modified_by",
               "{http://purl.org/dc/terms/}modified": "modified"}
FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
# Only cells beyond column Z are looked at one by one; normal sheets have none, so the scan is
# cheap. Rows are found from the row elements (one per row, not one per cell).
WIDE_CELLS = re.compile(rb"r=\"([A-Z]{2,3})(\d{1,7})\"")
NARROW_COLUMNS = 26
# Only rows have an all-digit r= (no other sheet attribute name ends in "r"); a literal start
# lets the regex engine skip ahead quickly.
ROW_NUMBERS = re.compile(rb"r=\"(\d{1,7})\"")
# The reader lays a sheet out as a full grid from A1 to its last cell; one stray value in
# XFD1048576 would ask for 17 billion cells. Sheets beyond this are refused before reading.
MAX_SHEET_CELLS = 5_000_000
CELL_REFERENCE = re.compile(r"^([A-Z]{1,3})(\d+)$")


def column_number(letters: str) -> int:
    """Return the 0-based column of ``A``, ``B``, … ``AA``."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


@dataclass(frozen=True)
class FileProperties:
    """What the file says about itself (docProps/core.xml)."""

    creator: str = ""
    last_modified_by: str = ""
    modified: str = ""


class RawWorkbook:
    """A checked xlsx file whose sheets can be read as lists of values."""

    def __init__(self, data: bytes):
        self._archive = open_archive(data)
        self._part_cache: dict[str, bytes | None] = {}
        try:
            self._calamine = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception as error:  # noqa: BLE001 - any parser failure means "unreadable"
            reason = f"de werkmap is niet te lezen ({error.__class__.__name__})"
            raise UnreadableWorkbookError(reason) from None

    @property
    def sheet_names(self) -> list[str]:
        """All sheet names, hidden ones included, in workbook order."""
        return list(self._calamine.sheet_names)

    def values(self, name: str) -> list[list]:
        """Return the values of a sheet as rows from A1 (empty cells are ``''``).

        Raises:
            UnreadableWorkbookError: the sheet's used area is too large to lay out.
        """
        rows, columns = self._extent(name)
        if rows * columns > MAX_SHEET_CELLS:
            raise UnreadableWorkbookError(
                f"tabblad '{name}' loopt tot rij {rows} en kolom {columns}; zo'n groot blad "
                "wordt niet gelezen (staat er ergens ver weg een losse waarde?)")
        try:
            return self._calamine.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as error:  # noqa: BLE001
            raise UnreadableWorkbookError(f"tabblad '{name}' is niet te lezen "
                                     f"({error.__class__.__name__})") from None

    def merged_ranges(self, name: str) -> list[tuple[int, int, int, int]]:
        """Return each range of merged cells of a sheet.

        Each range is ``(first row, first column, last row, last column)``, 0-based.
        """
        try:
            ranges = self._calamine.get_sheet_by_name(name).merged_cell_ranges or []
        except Exception:  # noqa: BLE001 - a sheet without readable merges has none to report
            return []
        return [(start[0], start[1], end[0], end[1]) for start, end in ranges]

    @cached_property
    def _sheet_parts(self) -> dict[str, str]:
        """Map sheet names to their XML part in the archive."""
        workbook = _parse(read_part(self._archive, "xl/workbook.xml"), "xl/workbook.xml")
        relations = _parse(read_part(self._archive, "xl/_rels/workbook.xml.rels"),
                           "xl/_rels/workbook.xml.rels")
        targets = {rel.get("Id"): rel.get("Target", "")
                   for rel in relations.iter(f"{NS_PACKAGE_REL}Relationship")}
        parts = {}
        for sheet in workbook.iter(f"{NS_MAIN}sheet"):
            target = targets.get(sheet.get(f"{NS_REL}id"), "")
            parts[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") \
                else posixpath.normpath(posixpath.join("xl", target))
        return parts

    def _part(self, name: str) -> bytes | None:
        """The XML of a sheet, read once per workbook."""
        if name not in self._part_cache:
            part = self._sheet_parts.get(name)
            self._part_cache[name] = read_part(self._archive, part) if part else None
        return self._part_cache[name]

    def _extent(self, name: str) -> tuple[int, int]:
        """An upper bound of the last row and column (1-based) that hold a cell."""
        data = self._part(name) or b""
        rows = max((int(number) for number in ROW_NUMBERS.findall(data)), default=0)
        columns = NARROW_COLUMNS
        for letters, number in WIDE_CELLS.findall(data):
            rows = max(rows, int(number))
            columns = max(columns, column_number(letters.decode()) + 1)
        return rows, columns

    def formula_cells(self, name: str) -> dict[tuple[int, int], str]:
        """Return ``{(row, column): formula}`` (0-based) for every formula cell of a sheet."""
        data = self._part(name)
        if not data or not FORMULA_TAG.search(data):
            return {}
        formulas = {}
        try:
            for _, element in ElementTree.iterparse(io.BytesIO(data)):
                if element.tag.endswith("}c") or element.tag == "c":
                    formula = next((child for child in element
                                    if child.tag.endswith("}f") or child.tag == "f"), None)
                    match = CELL_REFERENCE.match(element.get("r", ""))
                    if formula is not None and match:
                        key = (int(match.group(2)) - 1, column_number(match.group(1)))
                        formulas[key] = "=" + (formula.text or "")
                    element.clear()
        except (ElementTree.ParseError, DefusedXmlException):
            raise UnreadableWorkbookError(f"tabblad '{name}' bevat ongeldige of onveilige XML") \
                from None
        return formulas

    def properties(self) -> FileProperties:
        """Return creator, last saved by and modified time from docProps/core.xml."""
        data = read_part(self._archive, "docProps/core.xml", limit=1024 * 1024)
        if not data:
            return FileProperties()
        try:
            root = _parse(data, "docProps/core.xml")
        except UnreadableWorkbookError:
            return FileProperties()
        found = {CORE_FIELDS[child.tag]: (child.text or "").strip() for child in root
                 if child.tag in CORE_FIELDS}
        return FileProperties(**found)


def _parse(data: bytes | None, name: str):
    if data is None:
        raise UnreadableWorkbookError(f"geen Excel-werkmap ({name} ontbreekt)")
    try:
        return ElementTree.fromstring(data)
    except DefusedXmlException:
        raise UnreadableWorkbookError(f"{name} bevat onveilige XML (een DTD of entiteiten); "
                                      "niet gelezen") from None
    except (ElementTree.ParseError, ValueError) as error:
        raise UnreadableWorkbookError(f"{name} bevat ongeldige XML ({error.__class__.__name__})") \
            from None


def open_raw(data: bytes) -> RawWorkbook:
    """Open checked workbook bytes; raises :class:`UnreadableWorkbookError` with a Dutch reason."""
    try:
        return RawWorkbook(data)
    except zipfile.BadZipFile:
        raise UnreadableWorkbookError("het bestand is beschadigd of onvolledig") from None

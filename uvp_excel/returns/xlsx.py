"""Values-only access to a checked xlsx file.

Cell values come from python-calamine (fast, and it never evaluates anything: it returns the
value stored with a formula). Before calamine lays out a tab, :mod:`uvp_excel.returns.scan`
measures it with a streaming XML parse; that scan also gives the formulas and the error values
(``#N/A``, ``#SPILL!``), which calamine drops or cannot read. The sheet list, and where each tab's
part is, are found the way calamine finds them (by local names, so Strict Open XML works too), and
a workbook whose tabs share a part, repeat a name or number in the thousands is refused. The file's
own "last saved by" and time are read with defusedxml.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import python_calamine
from defusedxml import DefusedXmlException, ElementTree

from uvp_excel.returns.archive import UnreadableWorkbookError, open_archive, part_key, read_part
from uvp_excel.returns.limits import MAX_SHEETS
from uvp_excel.returns.scan import (
    SheetScan,
    quick_bounds,
    scan_sheet,
    shared_string_lengths,
)

if TYPE_CHECKING:
    # Only the type: parsing always goes through defusedxml, which returns these elements.
    from xml.etree.ElementTree import Element

CORE_FIELDS = {"{http://purl.org/dc/elements/1.1/}creator": "creator",
               "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
               "lastModifiedBy": "last_modified_by",
               "{http://purl.org/dc/terms/}modified": "modified"}
WORKBOOK_FOLDER = "xl/"


class CellError(str):
    """An error value stored in a cell (``#N/A``, ``#REF!``, ``#SPILL!``): text, but not input."""

    __slots__ = ()


@dataclass(frozen=True)
class FileProperties:
    """What the file says about itself (docProps/core.xml)."""

    creator: str = ""
    last_modified_by: str = ""
    modified: str = ""


@dataclass(frozen=True)
class _Sheet:
    name: str
    parts: tuple[str, ...]  # the archive entries calamine might read for it (usually one)


class RawWorkbook:
    """A checked xlsx file whose sheets can be read as lists of values."""

    def __init__(self, data: bytes):
        self._data = data
        self._archive = open_archive(data)
        self._entries = {part_key(name): name for name in self._archive.namelist()}
        self._sheets = self._locate_sheets()
        self._scans: dict[str, SheetScan] = {}
        self._patched: dict[str, bytes] = {}
        # Measured before calamine loads every shared string: a text bomb or unsafe XML there
        # is refused with its reason instead of costing calamine's memory.
        self._shared_part = read_part(self._archive,
                                      self._entry(WORKBOOK_FOLDER + "sharedStrings.xml"))
        self._shared_lengths = shared_string_lengths(self._shared_part)
        self._longest_shared = max(self._shared_lengths, default=0)
        self._calamine = self._open_calamine(data)
        if list(self._calamine.sheet_names) != [sheet.name for sheet in self._sheets]:
            raise UnreadableWorkbookError("de lijst met tabbladen is niet eenduidig te lezen; "
                                          "niet gelezen")

    @staticmethod
    def _open_calamine(data: bytes) -> python_calamine.CalamineWorkbook:
        try:
            return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception as error:  # noqa: BLE001 - any parser failure means "unreadable"
            raise UnreadableWorkbookError(f"de werkmap is niet te lezen ({_reason(error)}); "
                                          "niet gelezen") from None

    @property
    def sheet_names(self) -> list[str]:
        """All sheet names, hidden ones included, in workbook order."""
        return [sheet.name for sheet in self._sheets]

    def values(self, name: str) -> list[list]:
        """Return the values of a sheet as rows from A1 (empty cells are ``''``).

        Error values are :class:`CellError` texts in their cells.

        Raises:
            UnreadableWorkbookError: the sheet is too large to lay out, or cannot be read.
        """
        scan = self.scan(name)
        try:
            rows = self._calamine.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as error:  # noqa: BLE001
            raise UnreadableWorkbookError(f"het tabblad is niet te lezen ({_reason(error)})",
                                          tab=name) from None
        for (row, column), text in scan.errors.items():
            if row < len(rows) and column < len(rows[row]):
                rows[row][column] = CellError(text)
        return rows

    def merged_ranges(self, name: str) -> list[tuple[int, int, int, int]]:
        """Return each range of merged cells of a sheet.

        Each range is ``(first row, first column, last row, last column)``, 0-based.

        Raises:
            UnreadableWorkbookError: the sheet is too large to lay out (it is measured first).
        """
        self.scan(name)
        try:
            ranges = self._calamine.get_sheet_by_name(name).merged_cell_ranges or []
        except Exception:  # noqa: BLE001 - a sheet without readable merges has none to report
            return []
        return [(start[0], start[1], end[0], end[1]) for start, end in ranges]

    def scan(self, name: str) -> SheetScan:
        """Measure a sheet (once); an error value calamine cannot read is replaced first.

        Raises:
            UnreadableWorkbookError: the sheet crosses a bound, or its XML is unsafe or broken.
        """
        if name not in self._scans:
            sheet = next(sheet for sheet in self._sheets if sheet.name == name)
            scans = [self._scan_part(part, name) for part in sheet.parts]
            self._scans[name] = max(scans, key=lambda scan: scan.rows * scan.columns,
                                    default=SheetScan())
        return self._scans[name]

    def _scan_part(self, part: str, tab: str) -> SheetScan:
        data = read_part(self._archive, part)
        if data is None:
            return SheetScan()
        scan = quick_bounds(data, self._shared_lengths, self._longest_shared)
        if scan is None:
            try:
                scan = scan_sheet(data, tab, self._shared_lengths)
            except UnreadableWorkbookError:
                # The shared strings were measured by their bytes (an upper bound): count their
                # characters before a tab is refused for too much text.
                exact = shared_string_lengths(self._shared_part, exact=True)
                if exact == self._shared_lengths:
                    raise
                self._shared_lengths = exact
                scan = scan_sheet(data, tab, exact)
        if scan.patches:
            self._patch(part, data, scan)
        return scan

    def _patch(self, part: str, data: bytes, scan: SheetScan) -> None:
        """Rewrite error values calamine cannot read (it would refuse the whole tab) as #N/A.

        The true values stay in ``scan.errors`` and are put back into the grid by values().
        """
        pieces, position = [], 0
        for start, end, replacement in scan.patches:
            pieces += [data[position:start], replacement.encode()]
            position = end
        self._patched[part] = b"".join([*pieces, data[position:]])
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as copy:
            for entry in self._archive.infolist():
                copy.writestr(entry.filename, self._patched.get(entry.filename) or
                              read_part(self._archive, entry.filename) or b"")
        self._calamine = self._open_calamine(buffer.getvalue())

    def _entry(self, path: str) -> str:
        """The archive entry calamine opens for ``path`` (it ignores case and slash kind)."""
        return self._entries.get(part_key(path), path)

    def _locate_sheets(self) -> list[_Sheet]:
        """Find every tab and its part as calamine does, and refuse what could mislead."""
        package = self._xml("_rels/.rels")
        document = next((rel.get("Target", "") for rel in _local(package, "Relationship")
                         if rel.get("Type", "").endswith("/relationships/officeDocument")), "")
        if posixpath.dirname(document.lstrip("/")) + "/" != WORKBOOK_FOLDER:
            raise UnreadableWorkbookError("ongebruikelijke opbouw: de werkmap staat niet in xl/ "
                                          "(_rels/.rels); niet gelezen")
        workbook = self._xml(WORKBOOK_FOLDER + "workbook.xml")
        relations = self._xml(WORKBOOK_FOLDER + "_rels/workbook.xml.rels")
        targets = {rel.get("Id"): rel.get("Target", "")
                   for rel in _local(relations, "Relationship")}
        sheets: list[_Sheet] = []
        owners: dict[str, str] = {}
        for element in _local(workbook, "sheet"):
            if len(sheets) >= MAX_SHEETS:
                raise UnreadableWorkbookError(f"de werkmap heeft meer dan {MAX_SHEETS} "
                                              "tabbladen; niet gelezen")
            name = element.get("name", "")
            if any(sheet.name == name for sheet in sheets):
                raise UnreadableWorkbookError(f"twee tabbladen heten '{name}'; niet gelezen")
            ids = [value for key, value in element.attrib.items()
                   if key.rsplit("}", 1)[-1] == "id"]
            parts = tuple(dict.fromkeys(self._entry(path) for rid in ids
                                        for path in _part_paths(targets.get(rid, ""))))
            for part in parts:
                if part in owners:
                    raise UnreadableWorkbookError(f"de tabbladen '{owners[part]}' en '{name}' "
                                                  "wijzen naar hetzelfde onderdeel; niet gelezen")
                owners[part] = name
            sheets.append(_Sheet(name, parts))
        return sheets

    def _xml(self, path: str) -> Element:
        return _parse(read_part(self._archive, self._entry(path)), path)

    def formula_cells(self, name: str) -> dict[tuple[int, int], str]:
        """Return ``{(row, column): formula}`` (0-based) for every formula cell of a sheet."""
        return self.scan(name).formulas

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


def _reason(error: Exception) -> str:
    """Why calamine could not read, in words a user can act on."""
    name = error.__class__.__name__
    if "Xml" in name:
        return "ongeldige of ongebruikelijke XML"
    if "Zip" in name:
        return "het archief is beschadigd"
    return "beschadigd, of gemaakt op een manier die uvp-excel niet kent"


def _part_paths(target: str) -> list[str]:
    """Where a relationship target may point: as calamine joins it, and normalised."""
    if not target:
        return []
    joined = target.lstrip("/") if target.startswith("/") else WORKBOOK_FOLDER + target
    return [joined, posixpath.normpath(joined)]


def _local(root: Element, name: str) -> Iterator[Element]:
    """Elements named ``name`` in any namespace (transitional or Strict Open XML)."""
    return (element for element in root.iter()
            if isinstance(element.tag, str) and element.tag.rsplit("}", 1)[-1] == name)


def _parse(data: bytes | None, name: str) -> Element:
    if data is None:
        raise UnreadableWorkbookError(f"geen Excel-werkmap ({name} ontbreekt)")
    try:
        return ElementTree.fromstring(data, forbid_dtd=True)
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

"""Read one returned workbook: identify it, find its rows by ID, judge every input cell.

The workbook is recognised by its hidden identity, never by file or tab names (tabs may be renamed
or reordered); rows by their ``ID`` (rows may be sorted, filtered, hidden or moved). Values only:
nothing is evaluated, a formula or an error value (``#N/A``) in an input cell is reported and not
taken. Every problem of the file is gathered in its findings; reading never stops at the first, but
a file that would report thousands of problems reports the first few hundred and counts the rest,
and a tab that is not ours and cannot be read is a warning, not the loss of the whole return.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Any, BinaryIO

from uvp_excel import contract
from uvp_excel.contract import (
    LOCKED_FIELDS,
    LOG_HEADERS,
    MAX_EXPLANATION,
    MAX_NAME,
    ROW_HEADERS,
    ROW_TABLE_COLUMN,
    Provenance,
    cell_address,
    column_letter,
    fingerprint,
    locked_values,
)
from uvp_excel.display import shortened
from uvp_excel.findings import make_finding
from uvp_excel.inputs import INPUT_FIELDS, RowInput
from uvp_excel.returns.archive import UnreadableWorkbookError, read_bounded
from uvp_excel.returns.gather import Gatherer
from uvp_excel.returns.limits import MAX_CELL_TEXT
from uvp_excel.returns.model import CellValue, MetaRow, ReturnFile, ReturnRow
from uvp_excel.returns.normalise import Judged, Normaliser, clean_text
from uvp_excel.returns.xlsx import CellError, RawWorkbook, open_raw
from uvp_excel.source.model import Activity, Programme, Status
from uvp_excel.source.planning import Quarter

HEADER_SEARCH_ROWS = 40
EXTRA_CELLS_SHOWN = 20
EXTRA_CELL_LENGTH = 100
LENGTH_LIMITS = {"toelichting": MAX_EXPLANATION, "ingevuld_door": MAX_NAME}
# Without the programme's texts, a row is recognised by hashing it with every ID; this bounds
# that work per file (a pasted block of junk rows must not cost minutes).
RECOGNITION_BUDGET = 100_000


def read_return(source: Path | BinaryIO, name: str, programme: Programme | None = None,
                normaliser: Normaliser | None = None) -> ReturnFile:
    """Read one returned workbook.

    Args:
        source: a path or a binary file object.
        name: how the file is named in messages (e.g. ``ingevuld/thv.xlsx``).
        programme: the programme the workbook must belong to (None: accept its own identity).
        normaliser: shared normaliser (made from the workbook's quarters when None).

    Returns:
        A :class:`ReturnFile`; problems are in its ``findings``, never raised.
    """
    result = ReturnFile(name)
    try:
        raw = open_raw(read_bounded(source))
        _read_identity(raw, result, programme)
        if result.readable:
            result.properties = raw.properties()
            _Rows(raw, result, programme, normaliser).read()
    except UnreadableWorkbookError as problem:
        result.readable = False
        result.findings.append(make_finding("retour-onleesbaar", file=name, tab=problem.tab,
                                            cell=problem.cell, reason=str(problem)))
    return result


def _read_identity(raw: RawWorkbook, result: ReturnFile, programme: Programme | None) -> None:
    def stop(kind: str, **params: Any) -> None:
        result.readable = False
        result.findings.append(make_finding(kind, file=result.name, **params))

    if contract.META_SHEET not in raw.sheet_names:
        stop("retour-geen-uvp")
        return
    rows = raw.values(contract.META_SHEET)
    result.identity = {clean_text(row[0]): clean_text(row[1]) for row in rows[1:]
                       if len(row) > 1 and clean_text(row[0])}
    if result.identity.get("formaat") != str(contract.FORMAT_VERSION):
        stop("retour-formaat", value=result.identity.get("formaat", "?"),
             expected=contract.FORMAT_VERSION)
        return
    if programme is not None:
        if result.identity.get("programma") != programme.identity:
            stop("retour-ander-programma", value=result.identity.get("programma", "?"),
                 expected=programme.identity)
            return
        if result.identity.get("versie") != programme.version:
            result.findings.append(make_finding(
                "retour-oudere-versie", file=result.name, value=result.identity.get("versie"),
                expected=programme.version))
    result.meta = _meta_rows(rows)
    result.log = _log_rows(rows)


def _meta_rows(rows: list[list]) -> dict[str, MetaRow]:
    if not rows:
        return {}
    header = [clean_text(cell) for cell in rows[0]]
    # Columns are found by their header, so an older or newer layout still reads.
    positions = [header.index(name) if name in header[ROW_TABLE_COLUMN:] else None
                 for name in ROW_HEADERS]
    meta = {}
    for row in rows[1:]:
        # We wrote these cells ourselves as plain strings; only an unexpected type is converted.
        values = [("" if position is None or position >= len(row) else
                   row[position] if row[position].__class__ is str else clean_text(row[position]))
                  for position in positions]
        activity_id = values[0]
        if not activity_id:
            continue
        section, tab, check, status, quarter, explanation, name, day = values[1:9]
        base = RowInput(status, quarter, explanation, name,
                        date.fromisoformat(day) if _is_iso_date(day) else None)
        # None: a workbook from before hand-out fingerprints; '' where one was wiped.
        handout_check = values[13] if positions[13] is not None else None
        meta[activity_id] = MetaRow(activity_id, section, tab, check, base,
                                    Provenance(*values[9:13]), handout_check)
    return meta


def _log_rows(rows: list[list]) -> list[tuple[str, ...]]:
    """The rows of a stand's log table, as text (empty without one)."""
    if not rows:
        return []
    header = [clean_text(cell) for cell in rows[0]]
    if LOG_HEADERS[0] not in header:
        return []
    positions = [header.index(name) if name in header else None for name in LOG_HEADERS]
    log = []
    for row in rows[1:]:
        values = tuple("" if position is None or position >= len(row) else
                       row[position] if row[position].__class__ is str else
                       clean_text(row[position]) for position in positions)
        if values[0]:
            log.append(values)
    return log


def _is_iso_date(text: str) -> bool:
    if not text:
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


class _Rows:
    """Finds the activity tables of one return and judges their rows."""

    def __init__(self, raw: RawWorkbook, result: ReturnFile, programme: Programme | None,
                 normaliser: Normaliser | None):
        self.raw = raw
        self.result = result
        self.programme = programme
        self.normaliser = normaliser or Normaliser(_quarters_from(programme),
                                                   contract.statuses(programme))
        self.references = _reference_ids(programme)
        self.known_tabs = set(result.identity.get("tabbladen", "").split("\n"))
        self.activity_tabs = {meta.tab for meta in result.meta.values()}
        self.gatherer = Gatherer(result.name, result.findings)
        self.recognition_budget = RECOGNITION_BUDGET

    def add(self, kind: str, tab: str = "", cell: str = "", value: object = None,
            **params: object) -> None:
        self.gatherer.add(kind, tab, cell, value, **params)

    def read(self) -> None:
        try:
            self._read_tables()
        finally:
            self.gatherer.close()

    def _read_tables(self) -> None:
        found_table = False
        skipped: list[str] = []  # tabs we generated without input (Overzicht, budget)
        headless: list[tuple[str, list[list]]] = []  # activity tab names without a table
        for sheet in self.raw.sheet_names:
            if sheet == contract.META_SHEET:
                continue
            if sheet in self.known_tabs and sheet not in self.activity_tabs:
                skipped.append(sheet)
                continue
            found_table |= self._read_sheet(sheet, headless)
        if self._rows_missing():
            # An activity tab renamed to the name of one of our other tabs ("Afkortingen"):
            # look for its table there too, rather than lose what was typed on it.
            for sheet in skipped:  # every one of them: two tabs may have been renamed
                found_table |= self._read_sheet(sheet, None)
        # A tab named like an activity tab but without its table: its rows were deleted with
        # the header (an error), or they were all found under another name (a renamed tab).
        kind = "retour-tabel-zonder-kop" if self._rows_missing() else "retour-tabblad-extra"
        for sheet, values in headless:
            self._check_extra_sheet(sheet, values, kind)
        if not found_table:
            self.add("retour-geen-tabel")
        elif not self.result.rows:
            self.add("retour-geen-rijen")
        known = None if self.programme is None else \
            {activity.id for activity in self.programme.activities()}
        for activity_id, meta in self.result.meta.items():
            # A row the hidden sheet lists but the programme does not know is no one's loss.
            if activity_id not in self.result.rows and activity_id not in self.references \
                    and (known is None or activity_id in known):
                self.add("retour-rij-ontbreekt", meta.tab, value=activity_id)

    def _read_sheet(self, sheet: str, headless: list[tuple[str, list[list]]] | None) -> bool:
        """Read the activity table on ``sheet``; True when it has one. A tab without one is
        reported as an extra tab, or kept in ``headless`` when it has an activity tab's name;
        with ``headless`` None (one of our own tabs, looked at again) it is left alone."""
        values = self._values(sheet, reported=headless is not None)
        if values is None:
            return False
        header_row, columns = _find_header(values)
        if header_row is not None:
            self._read_table(sheet, values, header_row, columns)
            self.gatherer.tab_done(sheet)
            return True
        if headless is not None and sheet in self.activity_tabs:
            headless.append((sheet, values))
        elif headless is not None:
            self._check_extra_sheet(sheet, values, "retour-tabblad-extra")
        return False

    def _rows_missing(self) -> bool:
        return any(activity_id not in self.result.rows and activity_id not in self.references
                   for activity_id in self.result.meta)

    def _values(self, sheet: str, reported: bool = True) -> list[list] | None:
        """The values of a tab; a tab that is not ours and cannot be read is only a warning
        (none when ``reported`` is false: one of our own tabs, looked at again).

        Raises:
            UnreadableWorkbookError: an activity tab cannot be read (the return is not read).
        """
        try:
            return self.raw.values(sheet)
        except UnreadableWorkbookError as problem:
            if sheet in self.activity_tabs:
                raise
            if reported:
                self.add("retour-tabblad-onleesbaar", sheet, problem.cell, reason=str(problem))
            return None

    def _check_extra_sheet(self, sheet: str, values: list[list], kind: str) -> None:
        """Report what is typed on a tab without an activity table (a user's own tab, or an
        activity tab whose header row was deleted)."""
        if sheet in self.known_tabs and sheet not in self.activity_tabs:
            return
        # Counted without building a list: a pasted block may hold a million cells.
        filled = ((row, column, value) for row, cells in enumerate(values)
                  for column, value in enumerate(cells) if _is_filled(value))
        shown = [f"{cell_address(r, c)}: {shortened(clean_text(v), EXTRA_CELL_LENGTH)}"
                 for r, c, v in itertools.islice(filled, EXTRA_CELLS_SHOWN)]
        more = sum(1 for _ in filled)
        if shown:
            text = "; ".join(shown) + (f" (en nog {more})" if more else "")
            self.add(kind, sheet, value=text, count=len(shown) + more)

    def _read_table(self, sheet: str, values: list[list], header_row: int,
                    columns: dict[str, int]) -> None:
        table = _Table(sheet, columns, self.raw.formula_cells(sheet))
        extra = _extra_columns(values[header_row], columns)
        for index in range(header_row + 1, len(values)):
            cells = values[index]
            if all(value == "" for value in cells) or \
                    not any(clean_text(value) for value in cells):
                continue
            self._read_row(table, index, cells)
            for column, header in extra:
                value = cells[column] if column < len(cells) else ""
                if clean_text(value):
                    self.add("retour-kolom-extra", sheet, cell_address(index, column),
                             clean_text(value), header=header)

    def _read_row(self, table: _Table, index: int, cells: list) -> None:
        width = len(cells)
        texts = [cells[column] if column is not None and column < width else ""
                 for column in table.locked]
        if texts[0] not in self.result.meta or not all(t.__class__ is str for t in texts):
            texts = [clean_text(text) for text in texts]  # stray spaces, numbers as text
        id_cell = cell_address(index, table.id_column)
        activity_id = self._match_id(table.sheet, id_cell, texts, cells)
        if activity_id is None:
            return
        texts_match = self._texts_match(activity_id, texts)
        if not texts_match and self._belongs_elsewhere(table.sheet, id_cell, activity_id,
                                                       texts, cells):
            return
        row = ReturnRow(activity_id, table.sheet, index + 1, table.present,
                        columns=table.letters)
        self.result.rows[activity_id] = row
        if not texts_match:
            addresses = [cell_address(index, column) if column is not None else ""
                         for column in table.locked]
            self._report_locked_texts(table.sheet, addresses, activity_id, texts)
        for name, column in table.inputs:
            value = cells[column] if column < width else ""
            if value != "" or (index, column) in table.formulas:
                self._judge_cell(row, name, (index, column), value, formulas=table.formulas)
        self._check_explanation(row)

    def _match_id(self, sheet: str, cell: str, texts: list[str], cells: list) -> str | None:
        """Return the ID a row belongs to, or None (with a finding) when it cannot be matched."""
        typed_id = texts[0]
        if typed_id in self.result.meta and typed_id not in self.result.rows:
            return typed_id  # the common case: nothing to report
        content = _row_content(cells)
        if typed_id in self.result.rows:
            other = self.result.rows[typed_id]
            self.add("retour-id-dubbel", sheet, cell, typed_id, content=content,
                     other=f"{other.tab} rij {other.row}")
            return None
        recognised = self._recognise(texts)
        if recognised:
            self.add("retour-id-gewijzigd", sheet, cell, typed_id, expected=recognised)
            return recognised
        if typed_id:
            self.add("retour-id-onbekend", sheet, cell, typed_id, content=content)
        else:
            self.add("retour-rij-toegevoegd", sheet, cell, content, content=content)
        return None

    def _recognise(self, texts: list[str]) -> str | None:
        """Return the ID of a row whose ID was edited, recognised by its locked texts."""
        return next((candidate for candidate in self._owners_of(texts)
                     if candidate not in self.result.rows), None)

    def _owners_of(self, texts: list[str]) -> Iterator[str]:
        """The IDs whose locked texts are ``texts`` (the ID cell aside).

        With the programme of the same version this is one dict lookup; otherwise each ID is
        tried, within a budget per file.
        """
        if self._texts_by_id is not None:
            key = tuple(clean_text(text) for text in texts[1:])
            yield from (candidate for candidate in self._texts_by_id.get(key, ())
                        if candidate in self.result.meta and
                        self._texts_match(candidate, texts))
            return
        for meta in self.result.meta.values():
            if self.recognition_budget <= 0:
                return
            self.recognition_budget -= 1
            if self._texts_match(meta.id, texts):
                yield meta.id

    @cached_property
    def _texts_by_id(self) -> dict[tuple[str, ...], list[str]] | None:
        if self.programme is None or self.result.identity.get("versie") != self.programme.version:
            return None
        found: dict[tuple[str, ...], list[str]] = {}
        for activity in self.programme.activities():
            texts = list(locked_values(activity).values())[1:]
            found.setdefault(tuple(clean_text(text) for text in texts), []).append(activity.id)
        return found

    def _belongs_elsewhere(self, sheet: str, cell: str, activity_id: str, texts: list[str],
                           cells: list) -> bool:
        """True (with an error) when the row's locked texts are those of another activity.

        That happens when one column was sorted on its own: trusting the ID would put this
        person's input on the wrong activity.
        """
        owner = next((candidate for candidate in self._owners_of(texts)
                      if candidate != activity_id), None)
        if owner is None:
            return False
        self.add("retour-id-verwisseld", sheet, cell, activity_id, owner=owner,
                 content=_row_content(cells))
        return True

    def _texts_match(self, activity_id: str, texts: list[str]) -> bool:
        meta = self.result.meta[activity_id]
        if fingerprint([activity_id, *texts[1:]]) == meta.fingerprint:
            return True
        cleaned = [clean_text(text) for text in texts]  # judge what the person sees
        return fingerprint([activity_id, *cleaned[1:]]) == meta.fingerprint

    def _report_locked_texts(self, sheet: str, addresses: list[str], activity_id: str,
                             texts: list[str]) -> None:
        """Say which locked text was changed (the input of the row is still taken)."""
        texts = [clean_text(text) for text in texts]
        activity = _activity(self.programme, activity_id)
        if (activity is None or self.programme is None
                or self.result.identity.get("versie") != self.programme.version):
            # Without the same programme version only the fingerprint can tell.
            self.add("retour-teksten-gewijzigd", sheet, addresses[0], id=activity_id)
            return
        expected = locked_values(activity)
        for position, name in enumerate(LOCKED_FIELDS[1:], start=1):
            if clean_text(expected[name]) != texts[position]:
                self.add("retour-tekst-gewijzigd", sheet, addresses[position],
                         value=texts[position], field=contract.header_of(name), id=activity_id,
                         expected=expected[name])

    def _judge_cell(self, row: ReturnRow, name: str, cell_position: tuple[int, int],
                    value: object, *, formulas: dict) -> None:
        index, column = cell_position
        cell = cell_address(index, column)
        formula = formulas.get((index, column))
        if formula:
            self.add("retour-formule", row.tab, cell, formula)
            row.cells[name] = CellValue(row.id, name, cell, formula, formula, False)
            return
        if isinstance(value, CellError):
            self.add("retour-foutwaarde", row.tab, cell, str(value),
                     field=contract.header_of(name))
            row.cells[name] = CellValue(row.id, name, cell, str(value), str(value), False)
            return
        if not clean_text(value):
            return
        if row.id in self.references:
            self.add("retour-verwijzing-invoer", row.tab, cell, clean_text(value), id=row.id)
            row.cells[name] = CellValue(row.id, name, cell, value, clean_text(value), False)
            return
        judged = self._judge(name, value)
        text = judged.value if isinstance(judged.value, str) else ""  # dates have no length
        limit = LENGTH_LIMITS.get(name)
        if judged.problem:
            quarters = self.normaliser.quarters
            self.add(judged.problem, row.tab, cell, judged.value,
                     allowed=", ".join(self.normaliser.status_names),
                     first=quarters[0] if quarters else "", last=quarters[-1] if quarters else "")
        elif limit and len(text) > MAX_CELL_TEXT:
            # A cell holds no more; cut off in the stand, the text would be lost without a word.
            self.add("retour-te-lang-excel", row.tab, cell, shortened(text, 1000),
                     length=_dutch_count(len(text)), limit=_dutch_count(MAX_CELL_TEXT),
                     field=contract.header_of(name))
            row.cells[name] = CellValue(row.id, name, cell, value, judged.value, False)
            return
        elif limit and len(text) > limit:
            self.add("retour-te-lang", row.tab, cell, None, length=len(text),
                     limit=limit, field=contract.header_of(name))
        row.cells[name] = CellValue(row.id, name, cell, value, judged.value, not judged.problem)

    def _judge(self, name: str, value: object) -> Judged:
        if name == "status":
            return self.normaliser.status(value)
        if name == "kwartaal":
            return self.normaliser.quarter(value)
        if name == "bijgewerkt_op":
            return self.normaliser.date(value)
        return self.normaliser.text(value)

    def _check_explanation(self, row: ReturnRow) -> None:
        base = self.result.meta[row.id].base
        status = row.value("status", base)
        if status not in _needing_explanation(self.normaliser.statuses):
            return
        if not row.value("toelichting", base):
            cell = row.cells.get("status")
            self.add("retour-toelichting-nodig", row.tab, cell.cell if cell else "", status)


@dataclass(frozen=True)
class _Table:
    """Where the contract columns of one activity table are (computed once per table)."""

    sheet: str
    columns: dict[str, int]
    formulas: dict[tuple[int, int], str]

    @property
    def id_column(self) -> int:
        """Column of the ID."""
        return self.columns["id"]

    @cached_property
    def locked(self) -> list[int | None]:
        """Columns of the seven locked fields (None where the column is missing)."""
        return [self.columns.get(name) for name in LOCKED_FIELDS]

    @cached_property
    def inputs(self) -> list[tuple[str, int]]:
        """(field, column) of the input columns the table has."""
        return [(name, self.columns[name]) for name in INPUT_FIELDS if name in self.columns]

    @cached_property
    def letters(self) -> dict[str, str]:
        """The column letter of each input field the table has."""
        return {name: column_letter(column) for name, column in self.inputs}

    @cached_property
    def present(self) -> frozenset[str]:
        """The input fields the table has."""
        return frozenset(name for name, _ in self.inputs)


def _dutch_count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


@cache
def _needing_explanation(statuses: tuple[Status, ...]) -> frozenset[str]:
    return frozenset(status.name for status in statuses if status.needs_explanation)


def _quarters_from(programme: Programme | None) -> list[Quarter]:
    if programme is not None:
        return contract.quarter_list(programme)
    return [Quarter(year, number) for year in range(2000, 2101) for number in (1, 2, 3, 4)]


def _reference_ids(programme: Programme | None) -> set[str]:
    if programme is None:
        return set()
    return {activity.id for activity in programme.activities() if activity.is_reference}


def _activity(programme: Programme | None, activity_id: str) -> Activity | None:
    if programme is None:
        return None
    return next((activity for activity in programme.activities() if activity.id == activity_id),
                None)


def _find_header(values: list[list]) -> tuple[int | None, dict[str, int]]:
    """Return the header row and the column of each contract field found in it."""
    by_header = {column.header.lower(): column.field for column in contract.columns()}
    id_label, status_label = (contract.header_of(name).lower() for name in ("id", "status"))
    for index, cells in enumerate(values[:HEADER_SEARCH_ROWS]):
        if not any(cell.__class__ is str and len(cell) < len(id_label) + 8 and
                   cell.strip().lower() == id_label for cell in cells):
            continue  # cheap: the rows above the table hold long texts
        labels = [clean_text(cell).lower() for cell in cells]
        if id_label in labels and status_label in labels:
            columns = {}
            for position, label in enumerate(labels):
                if label in by_header and by_header[label] not in columns:
                    columns[by_header[label]] = position
            return index, columns
    return None, {}


def _extra_columns(header: list, columns: dict[str, int]) -> list[tuple[int, str]]:
    used = set(columns.values())
    return [(position, clean_text(label) or column_letter(position))
            for position, label in enumerate(header) if position not in used]


def _is_filled(value: object) -> bool:
    """True when a cell shows something (what clean_text would not make empty), quickly."""
    if value.__class__ is str:
        return bool(value) and not value.isspace()
    return value is not None and value != ""


def _row_content(cells: list) -> str:
    """The filled cells of a row, for a message (each cut at what a Toelichting may hold)."""
    return " | ".join(shortened(clean_text(value), MAX_EXPLANATION) for value in cells
                      if clean_text(value))

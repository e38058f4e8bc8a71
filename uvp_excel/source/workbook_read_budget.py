"""Read the budget tabs of a programme workbook: one financial table per tab.

A budget tab has ``Financiële tabel`` in A1, the table's key, title, tab name, source and unit
below it, a row of column keys and a row of years above the header, the posts, and then three
blocks: the totals the document states, numbers from the running text (vermeldingen) and
corrections of amounts the document misprints. Rows may be inserted anywhere: the header and the
blocks are found by their labels, not by fixed row numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from uvp_excel.source import programme_workbook as sheets
from uvp_excel.source.loader import ID_PATTERN
from uvp_excel.source.model import (
    BUDGET_UNITS,
    BudgetColumn,
    BudgetPost,
    BudgetTable,
    Correction,
    StatedTotal,
    TextClaim,
)
from uvp_excel.source.workbook_cells import (
    Tab,
    address,
    cell_text,
    read_amount_cell,
    shown_cells,
)
from uvp_excel.source.workbook_read import WorkbookReader

HEAD_SEARCH_ROWS = 40
SUM_FORMULA = re.compile(r"(?i)^=\s*(SUM|SUBTOTAL|SOM|SUBTOTAAL)\(")
# Column name → key (None for an unknown name); called with None it lists the allowed names.
Resolver = Callable[[str | None], str | None]
BLOCK_TITLES = {title.lower(): title for title, _ in sheets.BUDGET_BLOCKS}
# What the empty budget tab of ``source new`` holds below its head.
TEMPLATE_LABELS = {"", sheets.KEY_LABEL, sheets.YEAR_LABEL, *sheets.BUDGET_TEXT_HEADERS,
                   sheets.REMARK_HEADER,
                   *(label for title, headers in sheets.BUDGET_BLOCKS
                     for label in (title, *headers))}


def is_budget_tab(tab: Tab) -> bool:
    """True for a tab with the budget marker in A1."""
    return cell_text(tab.raw(0, 0)).lower() == sheets.BUDGET_MARKER.lower()


def read_budget_tabs(reader: WorkbookReader) -> set[str]:
    """Read every budget tab into ``reader.draft.tables``; return the names of those tabs."""
    names = set()
    seen: dict[str, str] = {}  # lower-case key → tab › cell of the first table with it
    for name in reader.raw.sheet_names:
        if name.lower() in {fixed.lower() for fixed in sheets.FIXED_TABS}:
            continue
        tab = Tab(reader.raw, name, reader)
        if not is_budget_tab(tab):
            continue
        names.add(name.lower())
        budget_tab = _BudgetTab(reader, tab)
        table = budget_tab.read()
        if table is None:
            continue
        key_cell = budget_tab.head.get("sleutel", ("", ""))[1]
        if table.key.lower() in seen:  # a copied tab whose key was not changed
            reader.add("programma-sleutel-dubbel", name, key_cell, table.key,
                       other=seen[table.key.lower()])
        else:
            seen[table.key.lower()] = f"{name} › {key_cell}"
            reader.draft.table_tabs[table.key] = name
            reader.draft.notes.tables[table.key] = _BudgetTab.note_of(tab)
        reader.draft.tables.append(table)
    return names


class _BudgetTab:
    """One budget tab being read."""

    def __init__(self, reader: WorkbookReader, tab: Tab):
        self.reader = reader
        self.tab = tab
        self.head: dict[str, tuple[str, str]] = {}  # key → (text, cell)

    def add(self, kind: str, cell: str = "", value: Any = None, **params: Any) -> None:
        self.reader.add(kind, self.tab.name, cell, value, **params)

    def read(self) -> BudgetTable | None:
        header_row = self._find_row("omschrijving", columns=(0,))
        self._read_head(header_row if header_row is not None else HEAD_SEARCH_ROWS)
        if self._is_untouched():
            self.add("programma-tabel-leeg")
            return None
        self._check_head()
        if header_row is None:
            self.add("programma-kop-ontbreekt", "A1", sheets.BUDGET_TEXT_HEADERS[0])
            return None
        text_columns, amount_columns, remark = self._header(header_row)
        block_rows = self._block_rows(header_row)
        end = min(block_rows.values(), default=len(self.tab.rows))
        columns = self._columns(header_row, amount_columns, end)
        posts = [self._post(row, text_columns, columns, remark)
                 for row in range(header_row + 1, end)
                 if self.tab.filled(row, range(self.tab.width))]
        resolve = _column_resolver(columns)
        table = BudgetTable(
            key=self._head("sleutel"), title=self._head("titel"),
            tab_name=self._head("tabnaam"), source=self._head("bron"),
            unit=self._head("eenheid").lower(),
            columns=tuple(column for column, _ in columns),
            posts=tuple(posts),
            totals=tuple(self._totals(block_rows, resolve)),
            claims=tuple(self._claims(block_rows)),
            file=f"{self.tab.name} › {self.head.get('tabnaam', ('', 'B5'))[1]}")
        return self._with_corrections(table, block_rows, resolve)

    @staticmethod
    def note_of(tab: Tab) -> str:
        """The Notitie of the table's head."""
        for row in range(1, min(HEAD_SEARCH_ROWS, len(tab.rows))):
            if cell_text(tab.raw(row, 0)).lower() == sheets.NOTE_HEADER.lower():
                return tab.text(row, 1)
        return ""

    def _is_untouched(self) -> bool:
        """A copy of the empty template: nothing typed but the unit, only the printed labels."""
        if any(text for key, (text, _) in self.head.items() if key not in ("eenheid", "notitie")):
            return False
        labels = {label.lower() for label in TEMPLATE_LABELS}
        return all(cell_text(value).lower() in labels
                   for row in self.tab.rows[sheets.BUDGET_KEY_ROW:] for value in row)

    def _find_row(self, label: str, columns: tuple[int, ...], start: int = 0,
                  stop: int | None = None) -> int | None:
        for row in range(start, min(stop or len(self.tab.rows), len(self.tab.rows))):
            if any(cell_text(self.tab.raw(row, column)).lower() == label for column in columns):
                return row
        return None

    # --- the head ---------------------------------------------------------------------------

    def _read_head(self, stop: int) -> None:
        labels = {field.label.lower(): field for field in sheets.BUDGET_FIELDS}
        for row in range(1, min(stop, len(self.tab.rows))):
            field = labels.get(cell_text(self.tab.raw(row, 0)).lower())
            if field:
                self.head[field.key] = (self.tab.text(row, 1), address(row, 1))

    def _check_head(self) -> None:
        for field in sheets.BUDGET_FIELDS:
            text, cell = self.head.get(field.key, ("", "A1"))
            if field.key not in ("bron", "notitie") and not text:
                self.add("programma-veld-leeg", cell, None, field=field.label)
        key, cell = self.head.get("sleutel", ("", ""))
        if key and not ID_PATTERN.match(key):
            self.add("programma-sleutel-vorm", cell, key)
        unit, cell = self.head.get("eenheid", ("", ""))
        if unit and unit.lower() not in BUDGET_UNITS:
            self.add("programma-eenheid", cell, unit)

    def _head(self, key: str) -> str:
        return self.head.get(key, ("", ""))[0]

    # --- the table --------------------------------------------------------------------------

    def _header(self, row: int) -> tuple[dict[str, int], list[int], int | None]:
        text_columns: dict[str, int] = {}
        amount_columns: list[int] = []
        remark = None
        for column in range(self.tab.width):
            label = cell_text(self.tab.raw(row, column))
            known = next((header for header in sheets.BUDGET_TEXT_HEADERS
                          if header.lower() == label.lower()), None)
            if known:
                text_columns[known] = column
            elif label.lower() == sheets.REMARK_HEADER.lower():
                remark = column
            elif remark is None and column > max(text_columns.values(), default=0):
                amount_columns.append(column)
            elif cells := self.tab.filled_cells(range(row, len(self.tab.rows)),
                                                range(column, column + 1)):
                self.add("programma-kolom-extra" if label else "programma-cellen-extra",
                         address(row, column), shown_cells(cells), header=label)
        return text_columns, amount_columns, remark

    def _columns(self, header_row: int, candidates: list[int],
                 end: int) -> list[tuple[BudgetColumn, int]]:
        """The amount columns in use (a header, key, year or an amount in a post row)."""
        key_row = self._find_row(sheets.KEY_LABEL.lower(), (0, 1, 2), stop=header_row)
        year_row = self._find_row(sheets.YEAR_LABEL.lower(), (0, 1, 2), stop=header_row)
        columns: list[tuple[BudgetColumn, int]] = []
        for column in candidates:
            header = self.tab.text(header_row, column)
            key = self.tab.text(key_row, column) if key_row is not None else ""
            year_text = self.tab.text(year_row, column) if year_row is not None else ""
            in_use = header or key or year_text or self.tab.filled_cells(
                range(header_row + 1, end), range(column, column + 1))
            if not in_use:
                continue
            if not key:
                key = _slug(header)
                self.add("programma-kolomsleutel", address(
                    key_row if key_row is not None else header_row, column), key)
            if not header:
                self.add("programma-veld-leeg", address(header_row, column), None,
                         field="kop van de getalkolom")
            year = int(year_text) if year_text.isdigit() and 1900 < int(year_text) < 2200 \
                else 0
            year_cell = address(year_row if year_row is not None else header_row, column)
            if not year_text:
                self.add("programma-veld-leeg", year_cell, None, field="Jaar")
            elif not year:
                self.add("programma-veld-type", year_cell, year_text, field="Jaar",
                         expected="jaartal")
            if key in {existing.key for existing, _ in columns}:
                self.add("programma-kolom-dubbel", address(key_row or header_row, column), key)
            columns.append((BudgetColumn(key, header or key, year), column))
        if not columns:
            self.add("programma-geen-kolommen", address(header_row, 3))
        return columns

    def _post(self, row: int, text_columns: dict[str, int],
              columns: list[tuple[BudgetColumn, int]], remark: int | None) -> BudgetPost:
        def get(header: str) -> str:
            return self.tab.text(row, text_columns[header]) if header in text_columns else ""

        if not get("Omschrijving"):
            self.add("programma-veld-leeg", address(row, text_columns.get("Omschrijving", 0)),
                     None, field="Omschrijving")
        amounts = {}
        for column, index in columns:
            if self._is_sum(row, index):
                continue
            value = read_amount_cell(self.reader, self.tab, row, index)
            if value is not None:
                amounts[column.key] = value
        return BudgetPost(description=get("Omschrijving"), amounts=amounts, group=get("Groep"),
                          verdeling=get("Verdeling"),
                          remark=self.tab.text(row, remark) if remark is not None else "",
                          line=row + 1)

    def _is_sum(self, row: int, column: int) -> bool:
        """A total typed as a post (``=SUM(D12:D19)``) would count every post twice."""
        formula = self.tab.formulas.get((row, column), "")
        if not SUM_FORMULA.match(formula):
            return False
        if self.reader.first_time("formule", self.tab.name, address(row, column)):
            self.add("programma-totaal-tussen-posten", address(row, column), formula)
        return True

    # --- the blocks below the table ---------------------------------------------------------

    def _block_rows(self, header_row: int) -> dict[str, int]:
        rows = {}
        for row in range(header_row + 1, len(self.tab.rows)):
            title = BLOCK_TITLES.get(cell_text(self.tab.raw(row, 0)).lower())
            if title and title not in rows and not self.tab.filled(row, range(1, self.tab.width)):
                rows[title] = row
        return rows

    def _block(self, block_rows: dict[str, int], title: str) -> list[int]:
        """The filled rows of one block (below its title and header, up to the next block)."""
        start = block_rows.get(title)
        if start is None:
            return []
        following = [row for row in block_rows.values() if row > start]
        end = min(following, default=len(self.tab.rows))
        return [row for row in range(start + 2, end)
                if self.tab.filled(row, range(self.tab.width))]

    def _totals(self, block_rows: dict[str, int], resolve: Resolver) -> list[StatedTotal]:
        totals = []
        for row in self._block(block_rows, "Totalen"):
            label, group, names = (self.tab.text(row, column) for column in range(3))
            keys = tuple(key for name in sheets.split_list(names)
                         if (key := self._resolve(resolve, name, address(row, 2))))
            if not label:
                self.add("programma-veld-leeg", address(row, 0), None, field="Label")
            if not keys:
                self.add("programma-veld-leeg", address(row, 2), None, field="Kolommen")
            value = read_amount_cell(self.reader, self.tab, row, 3)
            if value is None:
                self.add("programma-veld-leeg", address(row, 3), None, field="Waarde")
            totals.append(StatedTotal(label, keys, value or 0.0, group))
        return totals

    def _claims(self, block_rows: dict[str, int]) -> list[TextClaim]:
        claims = []
        for row in self._block(block_rows, "Vermeldingen"):
            text, compare = self.tab.text(row, 0), self.tab.text(row, 2)
            value = read_amount_cell(self.reader, self.tab, row, 1)
            for column, present in ((0, text), (1, value is not None), (2, compare)):
                if not present:
                    self.add("programma-veld-leeg", address(row, column), None,
                             field=sheets.CLAIMS_BLOCK[1][column])
            claims.append(TextClaim(text, value or 0.0, compare))
        return claims

    def _with_corrections(self, table: BudgetTable, block_rows: dict[str, int],
                          resolve: Resolver) -> BudgetTable:
        posts = list(table.posts)
        for row in self._block(block_rows, "Correcties"):
            description, column_name = self.tab.text(row, 0), self.tab.text(row, 1)
            matches = [index for index, post in enumerate(posts)
                       if post.description == description]
            key = self._resolve(resolve, column_name, address(row, 1))
            value = read_amount_cell(self.reader, self.tab, row, 2)
            note = self.tab.text(row, 3)
            if len(matches) != 1:
                self.add("programma-post-onbekend", address(row, 0), description,
                         count=len(matches))
                continue
            if key is None or value is None or not note:
                for column, present in ((2, value is not None), (3, note)):
                    if not present:
                        self.add("programma-veld-leeg", address(row, column), None,
                                 field=sheets.CORRECTIONS_BLOCK[1][column])
                continue
            post = posts[matches[0]]
            posts[matches[0]] = BudgetPost(
                post.description, post.amounts, post.group, post.verdeling, post.remark,
                {**post.corrections, key: Correction(value, note)}, post.line)
        return BudgetTable(table.key, table.title, table.tab_name, table.source, table.unit,
                           table.columns, tuple(posts), table.totals, table.claims, table.file)

    def _resolve(self, resolve: Resolver, name: str, cell: str) -> str | None:
        key = resolve(name)
        if key is None:
            self.add("programma-kolom-onbekend", cell, name, allowed=resolve(None))
        return key


def _column_resolver(columns: list[tuple[BudgetColumn, int]]) -> Resolver:
    """Name → column key: by key first, then by header; ``None`` gives the allowed names."""
    by_key = {column.key.lower(): column.key for column, _ in columns}
    headers = [column.header.lower() for column, _ in columns]
    by_header = {column.header.lower(): column.key for column, _ in columns
                 if headers.count(column.header.lower()) == 1}

    def resolve(name: str | None) -> str | None:
        if name is None:
            return ", ".join(column.header for column, _ in columns)
        lowered = name.strip().lower()
        return by_key.get(lowered) or by_header.get(lowered)

    return resolve


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", text.lower()).strip("-") or "kolom"

"""Read a programme workbook into the programme model, gathering every problem with tab › cell.

The workbook is a foreign file (it comes back from a policy officer), so it is opened through the
guarded readers of ``uvp_excel.returns`` (:func:`open_programme_workbook` is the only place that
reads it) and nothing in it is evaluated: a formula counts with its stored result and is reported.
Reading never stops at the first problem; :class:`WorkbookDraft` carries the model as far as it
could be read, the findings, and where each activity and table came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from uvp_excel.contract import META_SHEET
from uvp_excel.findings import ERROR, Finding, count_of, make_finding
from uvp_excel.returns.archive import UnreadableWorkbookError
from uvp_excel.returns.normalise import parse_text_date
from uvp_excel.returns.xlsx import RawWorkbook
from uvp_excel.source import programme_workbook as sheets
from uvp_excel.source.loader import ID_PATTERN, tab_name_problem, vocabulary_problems
from uvp_excel.source.model import (
    SECTION_KINDS,
    Abbreviation,
    Activity,
    Programme,
    Section,
    Status,
)
from uvp_excel.source.notes import Notes
from uvp_excel.source.planning import parse_planning
from uvp_excel.source.workbook_cells import (
    Tab,
    address,
    cell_text,
    header_row_of,
    one_line,
    shown_cells,
)

COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
REQUIRED_FIELDS = ("gemeente", "titel", "kort", "periode.van", "periode.tot", "versie")
REQUIRED_HEADERS = {
    sheets.SECTIONS_TAB: ("Sleutel", "Soort", "Nummer", "Titel", "Tabnaam"),
    sheets.ACTIVITIES_TAB: ("Sectie", "ID", "Maatregel / activiteit"),
    sheets.ABBREVIATIONS_TAB: sheets.ABBREVIATION_HEADERS,
    sheets.STATUSES_TAB: sheets.STATUS_HEADERS[:5],
}


@dataclass
class WorkbookDraft:
    """What could be read from a programme workbook."""

    values: dict = field(default_factory=dict)  # Programma tab: key → value
    # Each section's ``file`` holds "tab › cell" of its tab name until it is written as YAML.
    sections: list[Section] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    tables: list = field(default_factory=list)  # BudgetTable
    abbreviations: list[Abbreviation] = field(default_factory=list)
    statuses: list[Status] | None = None  # None: the tab is missing
    findings: list[Finding] = field(default_factory=list)
    # Where things are, for messages found later: the row (0-based) of each activity on
    # Activiteiten, in list order and (once IDs are assigned) by ID; each table key's tab.
    activity_rows: list[int] = field(default_factory=list)
    id_rows: dict[str, int] = field(default_factory=dict)
    table_tabs: dict[str, str] = field(default_factory=dict)
    activities_tab: str = sheets.ACTIVITIES_TAB  # its name, when it was renamed
    # The checked programme; None while (or because) the workbook has errors.
    programme: Programme | None = None
    # Notitie cells: comments for the YAML (activities by ID once their IDs are known).
    notes: Notes = field(default_factory=Notes)
    activity_notes: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        """True when any finding is an error."""
        return any(finding.severity == ERROR for finding in self.findings)


class WorkbookReader:
    """Reads the fixed tabs of one programme workbook."""

    def __init__(self, raw: RawWorkbook, name: str):
        self.raw = raw
        self.name = name
        self.draft = WorkbookDraft()
        # Fields already reported as having a value of the wrong kind (not "empty" as well).
        self.invalid: set[str] = set()
        self._reported: set[tuple[str, str, str]] = set()
        self.renamed: dict[str, str] = {}  # fixed tab → the name it was renamed to

    def first_time(self, what: str, tab: str, cell: str) -> bool:
        """True the first time ``what`` is asked about a cell (cells are read more than once)."""
        if (what, tab, cell) in self._reported:
            return False
        self._reported.add((what, tab, cell))
        return True

    def add(self, kind: str, tab: str = "", cell: str = "", value: Any = None,
            **params: Any) -> None:
        """Record a finding at ``tab › cell`` of this workbook."""
        self.draft.findings.append(make_finding(kind, file=self.name, tab=tab, cell=cell,
                                                value=value, **params))

    def tab(self, name: str) -> Tab | None:
        """The fixed tab ``name`` (without regard to case), or the one renamed from it, or None.

        A renamed tab is recognised by its content (the header row, or the labels of the
        Programma tab) among the tabs that are no part of the programme workbook.
        """
        found = self.find(name)
        if found is None:
            return None
        if found.lower() != name.lower():
            self.renamed[name] = found
            self.add("programma-hernoemd", found, value=name)
        return Tab(self.raw, found, self)

    def find(self, name: str) -> str | None:
        """The name of the sheet that is the fixed tab ``name``, renamed or not (or None)."""
        found = next((sheet for sheet in self.raw.sheet_names if sheet.lower() == name.lower()),
                     None)
        return found or next((sheet for sheet in self._strangers() if _looks_like(
            name, Tab(self.raw, sheet, self, read=False))), None)

    def kind_problem(self) -> str:
        """The finding kind for a workbook that is no programme workbook at all ('' if it is)."""
        if META_SHEET in self.raw.sheet_names:
            return "programma-is-werkmap"
        core = (sheets.PROGRAMME_TAB, sheets.SECTIONS_TAB, sheets.ACTIVITIES_TAB)
        if all(self.find(name) is None for name in core):
            return "programma-geen-programmawerkmap"
        return ""

    def _strangers(self) -> list[str]:
        """Tabs that are neither fixed tabs, budget tabs nor already recognised."""
        fixed = {tab.lower() for tab in (*sheets.FIXED_TABS, *self.renamed.values())}
        return [sheet for sheet in self.raw.sheet_names if sheet.lower() not in fixed
                and cell_text(Tab(self.raw, sheet, self, read=False).raw(0, 0)).lower()
                != sheets.BUDGET_MARKER.lower()]

    # --- header tables --------------------------------------------------------------------

    def table(self, tab: Tab, headers: tuple[str, ...], required: tuple[str, ...] = (),
              may_be_empty: bool = False) -> tuple[dict[str, int], list[int]]:
        """Find the header row; return the columns of ``headers`` and the filled rows below.

        The header row is looked for in the first rows, so a title row typed above it is
        skipped (and reported); without a header row the tab cannot be read: one error.
        """
        header_row = header_row_of(tab, required)
        if header_row is None:
            if not (may_be_empty and not tab.filled_cells(range(len(tab.rows)),
                                                          range(tab.width))):
                self.add("programma-kopregel-ontbreekt", tab.name, "A1", ", ".join(headers))
            return {}, []
        above = tab.filled_cells(range(header_row), range(tab.width))
        if above:
            self.add("programma-boven-kop", tab.name, "A1", shown_cells(above),
                     row=header_row + 1)
        found: dict[str, int] = {}
        for column in range(tab.width):
            label = cell_text(tab.raw(header_row, column)).lower()
            match = next((header for header in headers if header.lower() == label), None)
            if match and match not in found:
                found[match] = column
            else:
                self._stray_column(tab, header_row, column)
        for header in required:
            if header not in found:
                self.add("programma-kop-ontbreekt", tab.name, address(header_row, 0), header)
        columns = list(found.values())
        rows = [row for row in range(header_row + 1, len(tab.rows)) if tab.filled(row, columns)]
        return found, rows

    def _stray_column(self, tab: Tab, header_row: int, column: int) -> None:
        cells = tab.filled_cells(range(header_row, len(tab.rows)), range(column, column + 1))
        header = cell_text(tab.raw(header_row, column))
        if cells:
            self.add("programma-kolom-extra" if header else "programma-cellen-extra", tab.name,
                     address(header_row, column), shown_cells(cells), header=one_line(header))

    # --- the Programma tab ----------------------------------------------------------------

    def read_programme(self) -> None:
        """Read the labelled values of the Programma tab."""
        tab = self.tab(sheets.PROGRAMME_TAB)
        if tab is None:
            self.add("programma-tabblad-ontbreekt", sheets.PROGRAMME_TAB,
                     value=sheets.PROGRAMME_TAB)
            return
        by_label = {item.label.lower(): item for item in sheets.PROGRAMME_FIELDS}
        seen = set()
        for row in range(1, len(tab.rows)):
            label = cell_text(tab.raw(row, 0))
            item = by_label.get(label.lower())
            if item is None:
                if tab.filled(row, [1]):
                    self.add("programma-veld-onbekend", tab.name, address(row, 0),
                             shown_cells(tab.filled_cells(range(row, row + 1), range(2))))
                continue
            seen.add(item.key)
            self.draft.values[item.key] = self._typed(tab, row, 1, item.kind, item.label)
        for item in sheets.PROGRAMME_FIELDS:
            # A row that may stay empty (the IVB, the version date) may also be deleted.
            if item.key not in seen and item.key in REQUIRED_FIELDS:
                self.add("programma-veld-ontbreekt", tab.name, "", None, field=item.label)
        self._check_programme(tab)

    def _typed(self, tab: Tab, row: int, column: int, kind: str, label: str) -> Any:
        value = tab.value(row, column)
        text = cell_text(value)
        if not text:
            return None
        if kind == "year":
            if text.isdigit() and 1900 < int(text) < 2200:
                return int(text)
            self.add("programma-veld-type", tab.name, address(row, column), text, field=label,
                     expected="jaartal")
            self.invalid.add(label)
            return None
        if kind == "date":
            if isinstance(value, (date, datetime)):
                return value.date() if isinstance(value, datetime) else value
            parsed = parse_text_date(text)
            if parsed is None:
                self.add("programma-veld-type", tab.name, address(row, column), text,
                         field=label, expected="datum (bijvoorbeeld 29-05-2024)")
                self.invalid.add(label)
            return parsed
        return text

    def _check_programme(self, tab: Tab) -> None:
        values = self.draft.values
        for item in sheets.PROGRAMME_FIELDS:
            if item.key in REQUIRED_FIELDS and item.key in values and not values.get(item.key) \
                    and item.label not in self.invalid:
                self.add("programma-veld-leeg", tab.name, self._label_cell(tab, item.label),
                         None, field=item.label)
        short = values.get("kort") or ""
        if short and not ID_PATTERN.match(short):
            self.add("programma-kort", tab.name, self._label_cell(tab, "Korte naam", 1), short)
        for first_label, first_key, last_key in (
                ("Eerste jaar", "periode.van", "periode.tot"),
                ("Eerste jaar IVB", "ivb_periode.van", "ivb_periode.tot")):
            first, last = values.get(first_key), values.get(last_key)
            if first and last and first > last:
                self.add("programma-jaren", tab.name, self._label_cell(tab, first_label),
                         f"{first}–{last}")

    @staticmethod
    def _label_cell(tab: Tab, label: str, column: int = 1) -> str:
        for row in range(len(tab.rows)):
            if cell_text(tab.raw(row, 0)).lower() == label.lower():
                return address(row, column)
        return ""

    # --- Secties --------------------------------------------------------------------------

    def read_sections(self) -> None:
        """Read one section per filled row of the Secties tab."""
        tab = self.tab(sheets.SECTIONS_TAB)
        if tab is None:
            self.add("programma-tabblad-ontbreekt", sheets.SECTIONS_TAB,
                     value=sheets.SECTIONS_TAB)
            return
        columns, rows = self.table(tab, sheets.SECTION_HEADERS,
                                   required=REQUIRED_HEADERS[sheets.SECTIONS_TAB])
        seen: dict[str, str] = {}

        def get(row: int, header: str) -> str:
            return tab.text(row, columns[header]) if header in columns else ""

        for row in rows:
            key = get(row, "Sleutel")
            cell = address(row, columns.get("Sleutel", 0))
            self._require(tab, row, columns, ("Sleutel", "Soort", "Nummer", "Titel", "Tabnaam"))
            if key and not ID_PATTERN.match(key):
                self.add("programma-sleutel-vorm", tab.name, cell, key)
            elif key.lower() in seen:
                self.add("programma-sleutel-dubbel", tab.name, cell, key, other=seen[key.lower()])
            seen.setdefault(key.lower(), cell)
            kind = get(row, "Soort").lower()
            if kind and kind not in SECTION_KINDS:
                self.add("programma-soort", tab.name, address(row, columns["Soort"]), kind,
                         allowed=", ".join(SECTION_KINDS))
            self.draft.sections.append(Section(
                key=key, kind=kind, number=get(row, "Nummer"), title=get(row, "Titel"),
                tab_name=get(row, "Tabnaam"), activities=(), intro=get(row, "Inleiding"),
                doelstelling_kind=get(row, "Soort doelstelling"),
                doelstelling=get(row, "Doelstelling"),
                veiligheidsvelden=tuple(sheets.split_list(get(row, "Veiligheidsvelden"))),
                file=f"{tab.name} › {address(row, columns.get('Tabnaam', 0))}"))
            self.draft.notes.sections[key] = get(row, sheets.NOTE_HEADER)

    def _require(self, tab: Tab, row: int, columns: dict[str, int],
                 required: tuple[str, ...]) -> None:
        for header in required:
            if header in columns and not tab.text(row, columns[header]):
                self.add("programma-veld-leeg", tab.name, address(row, columns[header]), None,
                         field=header)

    # --- Activiteiten ---------------------------------------------------------------------

    def read_activities(self) -> None:
        """Read one activity per filled row of the Activiteiten tab."""
        tab = self.tab(sheets.ACTIVITIES_TAB)
        if tab is None:
            self.add("programma-tabblad-ontbreekt", sheets.ACTIVITIES_TAB,
                     value=sheets.ACTIVITIES_TAB)
            return
        columns, rows = self.table(tab, sheets.ACTIVITY_HEADERS,
                                   required=REQUIRED_HEADERS[sheets.ACTIVITIES_TAB])
        self.draft.activities_tab = tab.name
        keys = {section.key.lower(): section.key for section in self.draft.sections}
        # Excel's check on the ID column does not see capitals, nor do people: p1-01 is P1-01.
        seen_ids: dict[str, tuple[str, str]] = {}
        for row in rows:
            activity = self._activity(tab, row, columns, keys)
            cell = address(row, columns.get("ID", 1))
            earlier = seen_ids.get(activity.id.lower())
            if activity.id and not ID_PATTERN.match(activity.id):
                self.add("programma-id-vorm", tab.name, cell, activity.id)
            elif earlier and earlier[0] == activity.id:
                self.add("programma-id-dubbel", tab.name, cell, activity.id, other=earlier[1])
            elif earlier:
                self.add("programma-id-hoofdletters", tab.name, cell, activity.id,
                         other=earlier[1], existing=earlier[0])
            if activity.id:
                seen_ids.setdefault(activity.id.lower(), (activity.id, cell))
            self.draft.activities.append(activity)
            self.draft.activity_rows.append(row)
            self.draft.activity_notes.append(tab.text(row, columns[sheets.NOTE_HEADER])
                                             if sheets.NOTE_HEADER in columns else "")

    def _activity(self, tab: Tab, row: int, columns: dict[str, int],
                  keys: dict[str, str]) -> Activity:
        def get(header: str) -> str:
            return tab.text(row, columns[header]) if header in columns else ""

        def cell(header: str) -> str:
            return address(row, columns.get(header, 0))

        section = get("Sectie")
        if not section:
            self.add("programma-sectie-leeg", tab.name, cell("Sectie"))
        elif section.lower() not in keys:
            self.add("programma-sectie-onbekend", tab.name, cell("Sectie"), section)
        reference = get("Verwijzing")
        if reference and reference.lower() not in keys:
            self.add("programma-verwijzing", tab.name, cell("Verwijzing"), reference)
        self._require(tab, row, columns, ("Maatregel / activiteit",))
        planning = get("Planning")
        typed = tab.raw(row, columns["Planning"]) if "Planning" in columns else ""
        if isinstance(typed, (date, datetime)):  # Excel made a date of "1-3-2026"
            planning = typed.strftime("%d-%m-%Y")
            self.add("programma-planning-datum", tab.name, cell("Planning"), planning)
        elif planning and parse_planning(planning).kind == "vrij":
            self.add("programma-planning-vrij", tab.name, cell("Planning"), planning)
        return Activity(
            id=get("ID"), section_key=keys.get(section.lower(), section),
            maatregel=get("Maatregel / activiteit"), thema=get("Veiligheidsthema"),
            item=get("Item"), regie=tuple(sheets.split_list(get("Regie"))),
            stakeholders=tuple(sheets.split_list(get("Stakeholders"))), planning_text=planning,
            verwijzing=keys.get(reference.lower(), reference), line=row + 1)

    # --- Afkortingen and Statussen --------------------------------------------------------

    def read_abbreviations(self) -> None:
        """Read the Afkortingen tab (it may be missing or empty)."""
        tab = self.tab(sheets.ABBREVIATIONS_TAB)
        if tab is None:
            return
        columns, rows = self.table(tab, sheets.ABBREVIATION_HEADERS,
                                   required=sheets.ABBREVIATION_HEADERS, may_be_empty=True)
        for row in rows:
            self._require(tab, row, columns, sheets.ABBREVIATION_HEADERS)
            texts = [tab.text(row, columns[header]) if header in columns else ""
                     for header in sheets.ABBREVIATION_HEADERS]
            self.draft.abbreviations.append(Abbreviation(*texts))

    def read_statuses(self) -> None:
        """Read the Statussen tab; a missing tab means the default list."""
        tab = self.tab(sheets.STATUSES_TAB)
        if tab is None:
            self.add("programma-statussen-standaard", sheets.STATUSES_TAB)
            return
        columns, rows = self.table(tab, sheets.STATUS_HEADERS,
                                   required=REQUIRED_HEADERS[sheets.STATUSES_TAB])
        statuses = [self._status(tab, row, columns) for row in rows]
        for problem in vocabulary_problems(statuses) if columns else ():
            self.add("programma-statussen", tab.name, "", None, reason=problem)
        self.draft.statuses = statuses

    def _status(self, tab: Tab, row: int, columns: dict[str, int]) -> Status:
        def get(header: str) -> str:
            return tab.text(row, columns[header]) if header in columns else ""

        self._require(tab, row, columns, sheets.STATUS_HEADERS[:5])
        for header in ("Kleur", "Tekstkleur"):
            if get(header) and not COLOUR.match(get(header)):
                self.add("programma-kleur", tab.name, address(row, columns[header]),
                         get(header))
        flags = []
        for header in ("Toelichting nodig", "Klaar"):
            text = get(header).lower()
            if text and text not in (sheets.YES, sheets.NO):
                self.add("programma-janee", tab.name, address(row, columns[header]), text)
            flags.append(text == sheets.YES)
        return Status(get("Status"), get("Kleur").upper(), get("Tekstkleur").upper(), flags[0],
                      flags[1], get("Betekenis"), tuple(sheets.split_list(get("Synoniemen"))))

    # --- tab names ------------------------------------------------------------------------

    def check_tab_names(self) -> None:
        """Every section and budget table needs its own valid tab name in the built workbook."""
        taken: dict[str, str] = {}  # lower-case name → tab › cell where it is first given
        owners = [(section.tab_name, section.file) for section in self.draft.sections]
        owners += [(table.tab_name, table.file) for table in self.draft.tables]
        for name, where in owners:
            reason = tab_name_problem(name, taken) if name else ""
            if reason:
                tab, _, cell = where.partition(" › ")
                self.add("programma-tabnaam", tab, cell, name, reason=reason)
            taken.setdefault(name.lower(), where)

    def check_unknown_tabs(self, known: set[str]) -> None:
        """A tab that is no part of the programme workbook is reported with what it holds."""
        known = known | {name.lower() for name in self.renamed.values()}
        for name in self.raw.sheet_names:
            if name.lower() in known:
                continue
            tab = Tab(self.raw, name, self, read=False)
            cells = tab.filled_cells(range(len(tab.rows)), range(tab.width))
            if cells:
                self.add("programma-tabblad-onbekend", name, "", shown_cells(cells),
                         count=count_of(len(cells), "gevulde cel", "gevulde cellen"))


def _looks_like(fixed: str, tab: Tab) -> bool:
    """True when ``tab`` holds what the fixed tab ``fixed`` holds (a renamed copy of it)."""
    if fixed == sheets.PROGRAMME_TAB:
        labels = {cell_text(row[0]).lower() for row in tab.rows if row}
        return len(labels & {item.label.lower() for item in sheets.PROGRAMME_FIELDS}) >= 3
    required = REQUIRED_HEADERS.get(fixed)
    return required is not None and header_row_of(tab, required) is not None


def unreadable_finding(name: str, problem: UnreadableWorkbookError) -> Finding:
    """The finding for a workbook that cannot be opened at all."""
    return make_finding("programma-onleesbaar", file=name, tab=problem.tab, cell=problem.cell,
                        reason=str(problem))

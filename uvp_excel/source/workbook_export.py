"""Write the programme workbook: empty (``source new``) or filled with a programme (``export``).

The policy officer starts from it in Excel: every tab has a header row, dropdowns where the choice
is fixed (section keys, kinds, units, ja/nee), checks Excel can make itself (duplicate IDs, years,
dates, tab name length) and an input message for the Planning column, whose real check is the
planning parser at import. User text is always written as text, never as a formula.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from uvp_excel import contract
from uvp_excel.output import atomic_output
from uvp_excel.source import programme_workbook as sheet_contract
from uvp_excel.source.model import BUDGET_UNITS, SECTION_KINDS, BudgetTable, Programme, Status
from uvp_excel.source.notes import Notes, read_notes
from uvp_excel.source.programme_workbook import (
    ABBREVIATION_HEADERS,
    ACTIVITY_HEADERS,
    ACTIVITY_WIDTHS,
    BUDGET_BLOCKS,
    BUDGET_FIELDS,
    NO,
    PROGRAMME_FIELDS,
    SECTION_HEADERS,
    SECTION_WIDTHS,
    STATUS_HEADERS,
    STATUS_WIDTHS,
    VALIDATED_ROWS,
    YES,
)
from uvp_excel.source.yaml_writer import own_notes
from uvp_excel.templates import template_path
from uvp_excel.workbook.activity_sheet import set_a4_landscape
from uvp_excel.workbook.instructions import status_meaning
from uvp_excel.workbook.styles import row_height
from uvp_excel.workbook.writer import WORKBOOK_OPTIONS, close_workbook
from uvp_excel.yamlio import load_yaml

PLANNING_MESSAGE = ("Bijvoorbeeld: Q1 t/m Q4 2024, Q3 2024, 2024-2025, Q2 en verder 2024, "
                    "Doorlopend, Jaarlijks, Indien nodig. Meerdere delen scheiden met ;. "
                    "Wat niet te lezen is, blijft vrije tekst en wordt gemeld.")
LIST_MESSAGE = "Eén per regel (Alt+Enter), of gescheiden door ;."


@dataclass(frozen=True)
class ExportResult:
    """What the programme workbook holds."""

    tabs: tuple[str, ...]
    sections: int
    activities: int
    budget_tables: int


class _Formats:
    """The few cell formats of the programme workbook."""

    def __init__(self, workbook: Workbook) -> None:
        base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
        border = {"border": 1, "border_color": "#BFBFBF"}
        self.title = workbook.add_format({**base, "bold": True, "font_size": 14,
                                          "font_color": "#1F4E79"})
        self.subtitle = workbook.add_format({**base, "bold": True, "font_size": 11,
                                             "font_color": "#1F4E79"})
        self.header = workbook.add_format({**base, "bold": True, "text_wrap": True,
                                           "font_color": "#FFFFFF", "bg_color": "#1F4E79",
                                           **border})
        self.label = workbook.add_format({**base, "bold": True, **border})
        self.text = workbook.add_format({**base, "text_wrap": True})
        self.cell = workbook.add_format({**base, "text_wrap": True, **border})
        self.note = workbook.add_format({**base, "italic": True, "font_color": "#595959",
                                         "text_wrap": True})
        # A one-line note that runs on into the empty cells to its right.
        self.note_line = workbook.add_format({**base, "italic": True, "font_color": "#595959"})
        self.date = workbook.add_format({**base, "num_format": "dd-mm-yyyy", **border})
        self.amount = workbook.add_format({**base, "num_format": "#,##0.00", **border})
        self.duplicate = workbook.add_format({"bg_color": "#F8CBAD", "font_color": "#C00000"})
        self.workbook = workbook
        self._fills: dict[tuple[str, str], Format] = {}

    def fill(self, fill: str, font: str) -> Format:
        """A bordered cell in a status colour."""
        if (fill, font) not in self._fills:
            self._fills[(fill, font)] = self.workbook.add_format(
                {"font_name": "Calibri", "font_size": 10, "bg_color": fill, "font_color": font,
                 "border": 1, "border_color": "#BFBFBF"})
        return self._fills[(fill, font)]


def export_workbook(output: Path, programme: Programme | None, force: bool = False,
                    generated: datetime | None = None) -> ExportResult:
    """Write the programme workbook atomically; ``programme`` None gives an empty one.

    Raises:
        OutputExistsError: ``output`` exists and ``force`` is false.
        FileError: the file cannot be written.
    """
    with atomic_output(output, force) as temporary:
        return write_programme_workbook(str(temporary), programme, generated)


def write_programme_workbook(target: str | IO[bytes], programme: Programme | None,
                             generated: datetime | None = None) -> ExportResult:
    """Write the programme workbook to a path or binary file object."""
    workbook = xlsxwriter.Workbook(target, {**WORKBOOK_OPTIONS, "in_memory": True})
    workbook.set_properties({"title": "Programmawerkmap uvp-excel", "author": "uvp-excel",
                             "created": generated or datetime.now().replace(microsecond=0)})
    formats = _Formats(workbook)
    notes = own_notes(read_notes(programme), programme) if programme else Notes()
    tabs = [sheet_contract.INSTRUCTIONS_TAB, sheet_contract.PROGRAMME_TAB,
            sheet_contract.SECTIONS_TAB, sheet_contract.ACTIVITIES_TAB]
    sheets = {name: workbook.add_worksheet(name) for name in tabs}
    _write_instructions(sheets[sheet_contract.INSTRUCTIONS_TAB], formats, programme)
    _write_programme(sheets[sheet_contract.PROGRAMME_TAB], formats, programme)
    sections = programme.sections if programme else ()
    _write_sections(sheets[sheet_contract.SECTIONS_TAB], formats, programme, notes)
    _write_activities(sheets[sheet_contract.ACTIVITIES_TAB], formats, programme, notes)
    tables = programme.budget_tables if programme else (None,)
    for table, name in zip(tables, budget_tab_names(tables), strict=True):
        _write_budget(workbook.add_worksheet(name), formats, table,
                      notes.tables.get(table.key, "") if table else "")
        tabs.append(name)
    _write_abbreviations(workbook.add_worksheet(sheet_contract.ABBREVIATIONS_TAB), formats,
                         programme)
    _write_statuses(workbook.add_worksheet(sheet_contract.STATUSES_TAB), formats,
                    contract.statuses(programme))
    tabs += [sheet_contract.ABBREVIATIONS_TAB, sheet_contract.STATUSES_TAB]
    for sheet in workbook.worksheets():
        # Tables repeat their header row when printed; the instruction tab has none.
        header = None if sheet.name in (sheet_contract.INSTRUCTIONS_TAB,) else 0
        if sheet.name not in sheets and sheet.name not in sheet_contract.FIXED_TABS:
            header = sheet_contract.BUDGET_HEADER_ROW
        set_a4_landscape(sheet, header)
    sheets[sheet_contract.INSTRUCTIONS_TAB].activate()
    close_workbook(workbook)
    return ExportResult(tuple(tabs), len(sections),
                        sum(len(section.activities) for section in sections),
                        len(programme.budget_tables) if programme else 0)


def budget_tab_names(tables: tuple[BudgetTable | None, ...]) -> list[str]:
    """Tab names for the budget tables: their own tab name, unless it is taken in this workbook."""
    taken = {name.lower() for name in sheet_contract.FIXED_TABS}
    names = []
    for number, table in enumerate(tables, start=1):
        name = table.tab_name if table else sheet_contract.NEW_BUDGET_TAB
        if not name or name.lower() in taken or len(name) > contract.MAX_SHEET_NAME:
            name = f"{sheet_contract.BUDGET_MARKER} {number}"
        taken.add(name.lower())
        names.append(name)
    return names


def _instruction_texts() -> dict:
    return load_yaml(template_path("programmawerkmap.yaml"), "templates/programmawerkmap.yaml")


def _write_instructions(sheet: Worksheet, formats: _Formats, programme: Programme | None) -> None:
    texts = _instruction_texts()
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 100)
    title = programme.title if programme else "nieuw programma"
    sheet.write_string(0, 0, texts["titel"].format(titel=title), formats.title)
    row = _paragraph(sheet, formats, 2, "", texts["inleiding"])
    row = _heading(sheet, formats, row + 1, texts["tabbladen_titel"])
    for name, text in texts["tabbladen"].items():
        row = _paragraph(sheet, formats, row, name, text)
    for key in ("planning", "inlezen"):
        row = _heading(sheet, formats, row + 1, texts[f"{key}_titel"])
        row = _paragraph(sheet, formats, row, "", texts[key])


def _heading(sheet: Worksheet, formats: _Formats, row: int, text: str) -> int:
    sheet.write_string(row, 0, text, formats.subtitle)
    return row + 1


def _paragraph(sheet: Worksheet, formats: _Formats, row: int, label: str, text: str) -> int:
    if label:
        sheet.write_string(row, 0, label, formats.label)
    sheet.write_string(row, 1, text, formats.text)
    sheet.set_row(row, row_height([(text, 100)]))
    return row + 1


def _write_header(sheet: Worksheet, formats: _Formats, headers: tuple[str, ...],
                  widths: tuple[int, ...], rows: int) -> None:
    for column, (header, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.set_column(column, column, width, formats.text)
        sheet.write_string(0, column, header, formats.header)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(rows, 1), len(headers) - 1)


def _write_texts(sheet: Worksheet, formats: _Formats, row: int, texts: list[str],
                 widths: tuple[int, ...]) -> None:
    for column, text in enumerate(texts):
        if text:
            sheet.write_string(row, column, text, formats.cell)
    sheet.set_row(row, row_height(list(zip(texts, widths, strict=True))))


def _list_check(sheet: Worksheet, column: int, values: list[str] | str, title: str, message: str, *,
                rows: tuple[int, int] = (1, VALIDATED_ROWS)) -> None:
    sheet.data_validation(rows[0], column, rows[1], column, {
        "validate": "list", "source": values, "input_title": title, "input_message": message,
        # One title for every list: "Ongeldige klaar" would not be Dutch.
        "error_title": "Ongeldige waarde", "error_type": "warning",
        "error_message": f"Kies een waarde uit de lijst ({title})."})


def _write_programme(sheet: Worksheet, formats: _Formats, programme: Programme | None) -> None:
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 50)
    sheet.set_column(2, 2, 80)
    for column, header in enumerate(("Veld", "Waarde", "Uitleg")):
        sheet.write_string(0, column, header, formats.header)
    values = _programme_values(programme) if programme else {}
    for row, field in enumerate(PROGRAMME_FIELDS, start=1):
        sheet.write_string(row, 0, field.label, formats.label)
        sheet.write_string(row, 2, field.explanation, formats.note)
        value = values.get(field.key)
        if field.kind == "year":
            sheet.data_validation(row, 1, row, 1, {
                "validate": "integer", "criteria": "between", "minimum": 1901,
                "maximum": 2199, "error_title": "Geen jaartal", "error_type": "stop",
                "error_message": "Vul een jaartal in, bijvoorbeeld 2025."})
            if value:
                sheet.write_number(row, 1, value, formats.cell)
            else:
                sheet.write_blank(row, 1, None, formats.cell)
        elif field.kind == "date":
            sheet.data_validation(row, 1, row, 1, {
                "validate": "date", "criteria": "between",
                "minimum": datetime(2000, 1, 1), "maximum": datetime(2100, 12, 31),
                "error_title": "Geen datum", "error_type": "stop",
                "error_message": "Vul een datum in, bijvoorbeeld 29-05-2024."})
            if value:
                sheet.write_datetime(row, 1, datetime(value.year, value.month, value.day),
                                     formats.date)
            else:
                sheet.write_blank(row, 1, None, formats.date)
        else:
            sheet.write_string(row, 1, value or "", formats.cell)
        sheet.set_row(row, row_height([(field.explanation, 80), (str(value or ""), 50)]))
    sheet.freeze_panes(1, 0)


def _programme_values(programme: Programme) -> dict:
    return {"gemeente": programme.gemeente, "titel": programme.title,
            "kort": programme.short_name, "periode.van": programme.first_year,
            "periode.tot": programme.last_year, "ivb": programme.ivb,
            "ivb_periode.van": programme.ivb_first_year,
            "ivb_periode.tot": programme.ivb_last_year, "versie": programme.version,
            "versiedatum": programme.version_date}


def _write_sections(sheet: Worksheet, formats: _Formats, programme: Programme | None,
                    notes: Notes) -> None:
    sections = programme.sections if programme else ()
    _write_header(sheet, formats, SECTION_HEADERS, SECTION_WIDTHS, len(sections))
    for row, section in enumerate(sections, start=1):
        _write_texts(sheet, formats, row, [
            section.key, section.kind, section.number, section.title, section.tab_name,
            section.doelstelling_kind, section.doelstelling, section.intro,
            "\n".join(section.veiligheidsvelden), notes.sections.get(section.key, "")],
            SECTION_WIDTHS)
    _list_check(sheet, 1, list(SECTION_KINDS), "Soort",
                "prioriteit, strategisch thema of bijlage.")
    sheet.data_validation(1, 4, VALIDATED_ROWS, 4, {
        "validate": "length", "criteria": "between", "minimum": 1, "maximum": 31,
        "input_title": "Tabnaam", "input_message": "Naam van het tabblad in de werkmap, "
        "hoogstens 31 tekens, zonder [ ] : * ? / \\.", "error_title": "Tabnaam te lang",
        "error_type": "stop", "error_message": "Een tabnaam heeft hoogstens 31 tekens."})
    sheet.data_validation(1, 8, VALIDATED_ROWS, 8, {
        "validate": "any", "input_title": "Veiligheidsvelden", "input_message": LIST_MESSAGE})
    _mark_duplicates(sheet, formats, 0)


def _mark_duplicates(sheet: Worksheet, formats: _Formats, column: int) -> None:
    sheet.conditional_format(1, column, VALIDATED_ROWS, column,
                             {"type": "duplicate", "format": formats.duplicate})


def _write_activities(sheet: Worksheet, formats: _Formats, programme: Programme | None,
                      notes: Notes) -> None:
    activities = list(programme.activities()) if programme else []
    _write_header(sheet, formats, ACTIVITY_HEADERS, ACTIVITY_WIDTHS, len(activities))
    for row, activity in enumerate(activities, start=1):
        _write_texts(sheet, formats, row, [
            activity.section_key, activity.id, activity.thema, activity.item,
            activity.maatregel, "\n".join(activity.regie), "\n".join(activity.stakeholders),
            activity.planning_text, activity.verwijzing, notes.activities.get(activity.id, "")],
            ACTIVITY_WIDTHS)
    keys = f"={sheet_contract.SECTIONS_TAB}!$A$2:$A${VALIDATED_ROWS + 1}"
    _list_check(sheet, 0, keys, "Sectie", "Kies de sleutel van de sectie (tabblad Secties).")
    _list_check(sheet, 8, keys, "Verwijzing", "Alleen bij een rij die naar een andere sectie "
                "verwijst: de sleutel van die sectie.")
    id_letter = xl_col_to_name(1)
    sheet.data_validation(1, 1, VALIDATED_ROWS, 1, {
        "validate": "custom",
        "value": f"=COUNTIF(${id_letter}$2:${id_letter}${VALIDATED_ROWS + 1},{id_letter}2)<=1",
        "input_title": "ID", "input_message": "Leeg laten bij een nieuwe activiteit; het ID "
        "wordt bij het inlezen toegekend. Verander een bestaand ID nooit.",
        "error_title": "ID komt al voor", "error_type": "warning",
        "error_message": "Dit ID staat al op een andere rij; elk ID is uniek."})
    _mark_duplicates(sheet, formats, 1)
    for column in (5, 6):
        sheet.data_validation(1, column, VALIDATED_ROWS, column, {
            "validate": "any", "input_title": ACTIVITY_HEADERS[column],
            "input_message": LIST_MESSAGE})
    sheet.data_validation(1, 7, VALIDATED_ROWS, 7, {
        "validate": "any", "input_title": "Planning", "input_message": PLANNING_MESSAGE})


def _write_budget(sheet: Worksheet, formats: _Formats, table: BudgetTable | None,
                  note: str) -> None:
    columns = table.columns if table else ()
    amount_count = max(len(columns), 2 if table is None else 0)
    sheet.set_column(0, 0, 46)
    sheet.set_column(1, 2, 20)
    sheet.set_column(3, 3 + amount_count - 1, 16)
    sheet.set_column(3 + amount_count, 3 + amount_count, 46)
    sheet.write_string(0, 0, sheet_contract.BUDGET_MARKER, formats.title)
    values = {"sleutel": table.key, "titel": table.title, "tabnaam": table.tab_name,
              "bron": table.source, "eenheid": table.unit, "notitie": note} if table \
        else {"eenheid": "euro"}
    for offset, field in enumerate(BUDGET_FIELDS):
        row = sheet_contract.BUDGET_HEAD_ROW + offset
        sheet.write_string(row, 0, field.label, formats.label)
        sheet.write_string(row, 1, values.get(field.key, ""), formats.cell)
        sheet.write_string(row, 2, field.explanation, formats.note_line)
    unit_row = sheet_contract.BUDGET_HEAD_ROW + [field.key for field in BUDGET_FIELDS].index(
        "eenheid")
    _list_check(sheet, 1, list(BUDGET_UNITS), "Eenheid", "euro of fte.",
                rows=(unit_row, unit_row))
    key_row, year_row = sheet_contract.BUDGET_KEY_ROW, sheet_contract.BUDGET_YEAR_ROW
    sheet.write_string(key_row, 2, sheet_contract.KEY_LABEL, formats.label)
    sheet.write_string(year_row, 2, sheet_contract.YEAR_LABEL, formats.label)
    header_row = sheet_contract.BUDGET_HEADER_ROW
    for column, header in enumerate(sheet_contract.BUDGET_TEXT_HEADERS):
        sheet.write_string(header_row, column, header, formats.header)
    for offset in range(amount_count):
        column_def = columns[offset] if offset < len(columns) else None
        sheet.write_string(key_row, 3 + offset, column_def.key if column_def else "",
                           formats.cell)
        if column_def:
            sheet.write_number(year_row, 3 + offset, column_def.year, formats.cell)
        else:
            sheet.write_blank(year_row, 3 + offset, None, formats.cell)
        sheet.write_string(header_row, 3 + offset, column_def.header if column_def else "",
                           formats.header)
    sheet.write_string(header_row, 3 + amount_count, sheet_contract.REMARK_HEADER,
                       formats.header)
    row = header_row + 1
    for post in table.posts if table else ():
        _write_texts(sheet, formats, row, [post.description, post.group, post.verdeling],
                     (46, 20, 20))
        for offset, column_def in enumerate(columns):
            amount = post.amounts.get(column_def.key)
            if amount is not None:
                sheet.write_number(row, 3 + offset, amount, formats.amount)
        if post.remark:
            sheet.write_string(row, 3 + amount_count, post.remark, formats.cell)
        sheet.set_row(row, row_height([(post.description, 46), (post.remark, 46)]))
        row += 1
    _write_budget_blocks(sheet, formats, table, row + 1)
    sheet.freeze_panes(header_row + 1, 0)


def column_names(table: BudgetTable) -> dict[str, str]:
    """How a total or correction names a column: by its header where that is unambiguous."""
    headers = [column.header for column in table.columns]
    keys = {column.key for column in table.columns}
    return {column.key: column.header
            if headers.count(column.header) == 1 and (column.header not in keys
                                                      or column.header == column.key)
            else column.key for column in table.columns}


def _write_budget_blocks(sheet: Worksheet, formats: _Formats, table: BudgetTable | None,
                         row: int) -> None:
    headers = column_names(table) if table else {}
    blocks = {
        "Totalen": [[total.label, total.group, "\n".join(headers.get(key, key)
                                                          for key in total.columns),
                     total.value] for total in table.totals] if table else [],
        "Vermeldingen": [[claim.text, claim.value, claim.compare_with]
                         for claim in table.claims] if table else [],
        "Correcties": [[post.description, headers.get(key, key), correction.value,
                        correction.note]
                       for post in table.posts for key, correction in post.corrections.items()]
        if table else [],
    }
    for title, block_headers in BUDGET_BLOCKS:
        sheet.write_string(row, 0, title, formats.subtitle)
        for column, header in enumerate(block_headers):
            sheet.write_string(row + 1, column, header, formats.header)
        row += 2
        for values in blocks[title]:
            for column, value in enumerate(values):
                if isinstance(value, float | int):
                    sheet.write_number(row, column, value, formats.amount)
                elif value:
                    sheet.write_string(row, column, value, formats.cell)
            sheet.set_row(row, row_height([(str(value), 20) for value in values]))
            row += 1
        row += 1


def _write_abbreviations(sheet: Worksheet, formats: _Formats, programme: Programme | None) -> None:
    entries = programme.abbreviations if programme else ()
    _write_header(sheet, formats, ABBREVIATION_HEADERS, (20, 90), len(entries))
    for row, entry in enumerate(entries, start=1):
        _write_texts(sheet, formats, row, [entry.abbreviation, entry.meaning], (20, 90))
    _mark_duplicates(sheet, formats, 0)


def _write_statuses(sheet: Worksheet, formats: _Formats, statuses: tuple[Status, ...]) -> None:
    _write_header(sheet, formats, STATUS_HEADERS, STATUS_WIDTHS, len(statuses))
    for row, status in enumerate(statuses, start=1):
        _write_texts(sheet, formats, row, [
            status.name, status.fill, status.font, YES if status.needs_explanation else NO,
            YES if status.is_final else NO, status_meaning(status),
            "\n".join(status.synonyms)], STATUS_WIDTHS)
        sheet.write_string(row, 0, status.name, formats.fill(status.fill, status.font))
    for column, title in ((3, "Toelichting nodig"), (4, "Klaar")):
        _list_check(sheet, column, [YES, NO], title, "ja of nee.")
    sheet.data_validation(1, 6, VALIDATED_ROWS, 6, {
        "validate": "any", "input_title": "Synoniemen", "input_message": LIST_MESSAGE})

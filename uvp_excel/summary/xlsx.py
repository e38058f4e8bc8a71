"""The summary as a workbook: a Samenvatting tab with native Excel charts, one tab per list."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import BinaryIO

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from uvp_excel import contract
from uvp_excel.findings import Finding
from uvp_excel.summary.charts import series_colours
from uvp_excel.summary.model import ConflictRow, Count, Row, Summary, either
from uvp_excel.summary.render import dutch_date
from uvp_excel.workbook.activity_sheet import set_a4_landscape
from uvp_excel.workbook.styles import Styles, row_height
from uvp_excel.workbook.writer import WORKBOOK_OPTIONS, close_workbook

SUMMARY_SHEET = "Samenvatting"
FINDINGS_SHEET = "Meldingen"
# The tabs of the lists in workbook order; None: named after the programme's statuses.
LIST_TABS: dict[str, str | None] = {
    "conflicten": "Conflicten", "achter_op_schema": "Achter op schema", "vertraagd": None,
    "vervallen": None, "afgerond_sinds_vorige_stand": None, "zonder_update": "Zonder update",
    "terugkerend": "Terugkerend", "planning_onleesbaar": "Planning onleesbaar"}
# What takes the place of each character Excel refuses in a tab name.
TAB_CHARACTERS = str.maketrans({"[": "(", "]": ")", ":": "-", "/": "-", "\\": "-", "*": "",
                                "?": ""})
# What follows the status words in a tab name, and the name when no status word is usable.
TAB_SUFFIXES = {"afgerond_sinds_vorige_stand": " sinds vorige stand"}
FALLBACK_TABS = {"vertraagd": "Lopend met toelichting", "vervallen": "Gestopt met toelichting",
                 "afgerond_sinds_vorige_stand": "Afgerond sinds vorige stand"}
LIST_HEADERS = [("ID", 11), ("Tabblad", 22), ("Maatregel / activiteit", 60), ("Regie", 18),
                ("Planning", 16), ("Status", 13), ("Kwartaal", 10), ("Gepland einde", 12),
                ("Toelichting", 48), ("Ingevuld door", 14)]


def write_summary_xlsx(path: str | BinaryIO, summary: Summary) -> None:
    """Write the summary workbook to ``path``."""
    workbook = xlsxwriter.Workbook(path, WORKBOOK_OPTIONS)
    styles = Styles(workbook)
    sheet = workbook.add_worksheet(SUMMARY_SHEET)
    set_a4_landscape(sheet)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 12, 12)
    sheet.write_string(0, 0, f"Voortgang {summary.programme['titel']}", styles.title)
    sheet.write_string(1, 0, f"Gemeente {summary.programme['gemeente']} "
                              f"({summary.programme['versie']}); "
                              f"stand {summary.quarter or 'onbekend'}, peildatum "
                              f"{dutch_date(summary.peildatum)}", styles.note_line)
    row = _count_table(sheet, styles, 3, "Per onderdeel", counts=summary.per_section,
                       summary=summary)
    row = _bar_chart(workbook, sheet, (4, len(summary.per_section)), summary.status_colours,
                     anchor_row=row + 1)
    row = _count_table(sheet, styles, row, "Per regie", counts=summary.per_regie,
                       summary=summary)
    if summary.trend:
        row = _trend(workbook, sheet, styles, summary, row + 1)
    titles = summary.list_titles
    for key, tab in list_tab_names(summary.list_statuses).items():
        writer = _conflict_tab if key == "conflicten" else _list_tab
        writer(workbook.add_worksheet(tab), styles, titles[key], summary.lists[key])
    if summary.findings:
        _findings_tab(workbook.add_worksheet(FINDINGS_SHEET), styles, summary.findings)
    close_workbook(workbook)


def list_tab_names(list_statuses: dict[str, list[str]]) -> dict[str, str]:
    """The tab name of every list: fixed, or made from the programme's status words.

    A status name may break Excel's rules for a tab name or clash with another tab (a status
    called "Samenvatting"), so a name made from it is cleaned, shortened and made unique;
    the fixed tabs keep their names.
    """
    fixed = [SUMMARY_SHEET, FINDINGS_SHEET, contract.EXCEL_OWN_SHEET,
             *(tab for tab in LIST_TABS.values() if tab)]
    taken = {name.lower() for name in fixed}
    names = {}
    for key, fixed_name in LIST_TABS.items():
        if fixed_name is not None:
            names[key] = fixed_name
            continue
        words = _clean_tab_name(either(list_statuses.get(key, [])))
        suffix = TAB_SUFFIXES.get(key, "")
        wanted = _shorten(words, contract.MAX_SHEET_NAME - len(suffix)) + suffix if words \
            else FALLBACK_TABS[key]
        names[key] = _unique_tab_name(wanted, taken)
        taken.add(names[key].lower())
    return names


def _clean_tab_name(wanted: str) -> str:
    """``wanted`` without the characters Excel refuses in a tab name (``[]:*?/\\``, control
    characters) and without ``'`` at either end; the length is cut by the caller."""
    text = "".join(character for character in wanted.translate(TAB_CHARACTERS)
                   if unicodedata.category(character)[0] != "C")
    return " ".join(text.split()).strip(" '")


def _shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` UTF-16 units, an ellipsis marking the cut."""
    if contract.excel_length(text) <= limit:
        return text
    while contract.excel_length(text) > limit - 1:
        text = text[:-1]
    return text.rstrip(" '") + "…"


def _unique_tab_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name (lijst)``, ``name (lijst 2)``, … when another tab has it already."""
    candidate, number = name, 1
    while candidate.lower() in taken:
        suffix = " (lijst)" if number == 1 else f" (lijst {number})"
        candidate = _shorten(name, contract.MAX_SHEET_NAME - len(suffix)) + suffix
        number += 1
    return candidate


def _headers(summary: Summary) -> list[str]:
    return ["Activiteiten", "Geen status", *summary.statuses, "% afgerond",
            "Achter op schema", "Zonder update"]


def _count_table(sheet: Worksheet, styles: Styles, row: int, title: str, *, counts: list[Count],
                 summary: Summary) -> int:
    sheet.write_string(row, 0, title, styles.subtitle)
    sheet.set_row(row + 1, 30)
    label = title.rsplit(maxsplit=1)[-1].capitalize()
    for column, header in enumerate([label, *_headers(summary)]):
        sheet.write_string(row + 1, column, header, styles.header)
    for offset, count in enumerate([*counts, summary.total], start=2):
        bold = count is summary.total
        values = [count.activities, count.no_status,
                  *(count.per_status.get(name, 0) for name in summary.statuses)]
        sheet.write_string(row + offset, 0, count.name, styles.cell_bold if bold else styles.cell)
        for column, value in enumerate(values, start=1):
            sheet.write_number(row + offset, column, value,
                               styles.count_bold if bold else styles.count)
        column = len(values) + 1
        sheet.write_number(row + offset, column, count.share_finished,
                           styles.percent_bold if bold else styles.percent)
        sheet.write_number(row + offset, column + 1, count.behind,
                           styles.count_bold if bold else styles.count)
        sheet.write_number(row + offset, column + 2, count.no_update,
                           styles.count_bold if bold else styles.count)
    return row + len(counts) + 3


def _bar_chart(workbook: Workbook, sheet: Worksheet, table: tuple[int, int],
               status_colours: dict[str, str], anchor_row: int) -> int:
    """Insert the stacked bar chart of the table at (first row, rows); return the row below it."""
    first_row, rows = table
    chart = workbook.add_chart({"type": "bar", "subtype": "stacked"})
    for offset, (name, colour) in enumerate(series_colours(status_colours)):
        column = 2 + offset
        chart.add_series({"name": name,
                          "categories": [SUMMARY_SHEET, first_row + 1, 0, first_row + rows, 0],
                          "values": [SUMMARY_SHEET, first_row + 1, column, first_row + rows,
                                     column],
                          "fill": {"color": colour}, "gap": 60})
    chart.set_title({"name": "Status per onderdeel", "name_font": {"size": 12}})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"position": "bottom"})
    height = 120 + 24 * rows
    chart.set_size({"width": 860, "height": height})
    sheet.insert_chart(anchor_row, 0, chart)
    return anchor_row + height // 20 + 2


def _trend(workbook: Workbook, sheet: Worksheet, styles: Styles, summary: Summary, row: int) -> int:
    sheet.write_string(row, 0, "Verloop over de kwartalen", styles.subtitle)
    headers = ["Kwartaal", "Geen status", *summary.statuses]
    for column, header in enumerate(headers):
        sheet.write_string(row + 1, column, header, styles.header)
    for offset, point in enumerate(summary.trend, start=2):
        sheet.write_string(row + offset, 0, point.quarter, styles.cell)
        values = [point.no_status, *(point.per_status.get(n, 0) for n in summary.statuses)]
        for column, value in enumerate(values, start=1):
            sheet.write_number(row + offset, column, value, styles.count)
    first, last = row + 2, row + 1 + len(summary.trend)
    chart = workbook.add_chart({"type": "column", "subtype": "stacked"})
    for offset, (name, colour) in enumerate(series_colours(summary.status_colours)):
        chart.add_series({"name": name, "categories": [SUMMARY_SHEET, first, 0, last, 0],
                          "values": [SUMMARY_SHEET, first, 1 + offset, last, 1 + offset],
                          "fill": {"color": colour}})
    chart.set_title({"name": "Statussen per kwartaal", "name_font": {"size": 12}})
    chart.set_legend({"position": "bottom"})
    sheet.insert_chart(last + 2, 0, chart)
    return last + 20


def _list_tab(sheet: Worksheet, styles: Styles, title: str, rows: list[Row]) -> None:
    _titled_table(sheet, styles, f"{title} ({len(rows)})", LIST_HEADERS, [
        [item.id, item.tab, item.maatregel, item.regie, item.planning, item.status,
         item.kwartaal, item.planned_end, item.toelichting, item.filled_by] for item in rows])


CONFLICT_HEADERS = [("ID", 11), ("Tabblad", 22), ("Maatregel / activiteit", 50), ("Regie", 18),
                    ("Veld", 12), ("Voorgestelde waarde", 40),
                    ("Bron (bestand › tabblad › cel)", 50), ("De stand houdt", 30)]


def _conflict_tab(sheet: Worksheet, styles: Styles, title: str,
                  rows: list[ConflictRow]) -> None:
    """One line per competing value, so the list filters and sorts like the others."""
    _titled_table(sheet, styles, f"{title} ({len(rows)})", CONFLICT_HEADERS, [
        [item.id, item.tab, item.maatregel, item.regie, item.field, value or "(leeg)",
         "\n".join(sources), item.kept or "(leeg)"]
        for item in rows for value, sources in item.proposals])


def _titled_table(sheet: Worksheet, styles: Styles, title: str,
                  headers: Sequence[tuple[str, float]], lines: list[list[str]]) -> None:
    """A title above a table of texts: each row as high as its text, filtered, printable."""
    sheet.write_string(0, 0, title, styles.subtitle)
    for column, (header, width) in enumerate(headers):
        sheet.set_column(column, column, width)
        sheet.write_string(1, column, header, styles.header)
    for offset, values in enumerate(lines, start=2):
        for column, value in enumerate(values):
            sheet.write_string(offset, column, value, styles.cell)
        sheet.set_row(offset, row_height([(value, headers[column][1])
                                          for column, value in enumerate(values)]))
    sheet.autofilter(1, 0, max(1, len(lines) + 1), len(headers) - 1)
    sheet.freeze_panes(2, 0)
    set_a4_landscape(sheet, repeat_row=1)


def _findings_tab(sheet: Worksheet, styles: Styles, findings: list[Finding]) -> None:
    for column, (header, width) in enumerate([("Ernst", 12), ("Bestand", 36), ("Tabblad", 24),
                                              ("Cel", 8), ("Melding", 90)]):
        sheet.set_column(column, column, width)
        sheet.write_string(0, column, header, styles.header)
    for row, finding in enumerate(findings, start=1):
        for column, value in enumerate([finding.severity, finding.file, finding.tab,
                                        finding.cell, finding.message]):
            sheet.write_string(row, column, value, styles.cell)
    sheet.autofilter(0, 0, max(1, len(findings)), 4)
    sheet.freeze_panes(1, 0)
    set_a4_landscape(sheet, repeat_row=0)

"""What a user of another programme reads: no Heiloo, no Heiloo years, the programme's own words.

Bergen's fictional programme (tests/helpers/bergen.py) runs 2025–2026 with its own status words
(Gepland, Bezig, Loopt achter, Klaar, Geschrapt); every text a Bergen colleague reads — the help,
the workbook's tabs and input messages, the summary, ``check`` — must follow it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers import bergen
from tests.helpers.returns import fill
from uvp_excel import dutch_click
from uvp_excel.cli import cli

dutch_click.install()

# Heiloo's default status words that Bergen renamed: none may appear in Bergen's texts.
HEILOO_STATUSES = ("Niet gestart", "In uitvoering", "Vertraagd", "Afgerond", "Vervallen")


def run(*args: object, code: int = 0):
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    assert result.exit_code == code, result.output
    return result


@pytest.fixture(scope="module")
def bergen_folder(tmp_path_factory) -> Path:
    return bergen.imported_programme(tmp_path_factory.mktemp("bergen"))


@pytest.fixture(scope="module")
def bergen_workbook(bergen_folder, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("werkmap") / "werkmap.xlsx"
    run("build", "--source", bergen_folder, "--kwartaal", "Q3 2025", "-o", target)
    return target


def validation_texts(sheet, column: str) -> dict[str, str]:
    """The input and error message of the data validation of ``column`` on row 3 onward."""
    for item in sheet.data_validations.dataValidation:
        if str(item.sqref).split(":")[0] == f"{column}3":
            return {"prompt": item.prompt, "error": item.error}
    raise AssertionError(f"no validation on {column}3")


def test_budget_help_names_heiloo_s_paragraphs_only_as_an_example():
    text = " ".join(run("budget", "--help").output.split())
    assert "Als xlsx: één tabblad per financiële tabel van het programma (bij Heiloo de " \
        "tabellen uit paragraaf 6.2 en 6.4), met getallen als getallen, totalen als " \
        "SUM-formules en een controle op de totalen van het document, en een lange tabel voor " \
        "draaitabellen." in text


def test_no_heiloo_and_no_heiloo_year_anywhere_in_bergen_s_workbook(bergen_workbook):
    # Every part of the file: cells, shared strings, data validation messages, headers, footers.
    with zipfile.ZipFile(bergen_workbook) as archive:
        found = {name: re.findall(r".{30}(?:Heiloo|2024).{30}", archive.read(name).decode())
                 for name in archive.namelist() if name.endswith(".xml")}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_examples_in_bergen_s_workbook_use_its_own_years(bergen_workbook):
    book = openpyxl.load_workbook(bergen_workbook)
    steps = [row[1] for row in book["Toelichting"].iter_rows(values_only=True)
             if str(row[0]).startswith("Stap ")]
    assert steps[4] == ("Vul bij Ingevuld door uw naam in en bij Bijgewerkt op de datum "
                        "(bijvoorbeeld 15-07-2025).")
    tab = book["Prio Woonoverlast"]
    assert validation_texts(tab, "I")["error"] == (
        "Kies een kwartaal uit de lijst (Q1 2025 t/m Q4 2026), geschreven als Q3 2025.")
    assert validation_texts(tab, "L") == {
        "prompt": "Datum van uw laatste bijwerking, bijvoorbeeld 15-07-2025.",
        "error": "Vul een datum in, bijvoorbeeld 15-07-2025."}


def test_status_words_in_the_workbook_s_texts_are_the_programme_s_own(bergen_workbook):
    book = openpyxl.load_workbook(bergen_workbook)
    steps = [row[1] for row in book["Toelichting"].iter_rows(values_only=True)
             if str(row[0]).startswith("Stap ")]
    tab = book["Prio Woonoverlast"]
    texts = {
        "stap 4": steps[3],
        "titelregel": tab["H1"].value,
        "status": validation_texts(tab, "H")["error"],
        "toelichting": validation_texts(tab, "J")["prompt"],
    }
    assert texts == {
        "stap 4": "Schrijf in Toelichting kort wat er is gebeurd of wat er nodig is. Bij Loopt "
                  "achter of Geschrapt is een toelichting verplicht: de cel kleurt rood zolang "
                  "die ontbreekt.",
        # Since the title block became one row, the title line names no status at all.
        "titelregel": "Rapportagekwartaal Q3 2025 · vul de gele kolommen in",
        "status": "Kies een status uit de lijst: Gepland, Bezig, Loopt achter, Klaar, Geschrapt.",
        "toelichting": "Licht de stand toe; verplicht bij Loopt achter of Geschrapt.",
    }
    # The meanings are Bergen's own text (its "Klaar" means "Afgerond."); all else is ours.
    meanings = {status[5] for status in bergen.STATUSES}
    every_text = " ".join(str(cell.value) for sheet in book.worksheets
                          if sheet.sheet_state == "visible"
                          for row in sheet.iter_rows() for cell in row
                          if cell.value and cell.value not in meanings)
    assert [word for word in HEILOO_STATUSES if word in every_text] == []


def test_bergen_s_summary_footer_and_texts(bergen_folder, bergen_workbook, tmp_path):
    returned = fill(bergen_workbook.read_bytes(), tmp_path / "ingevuld.xlsx", {
        ("WON-01", "status"): "Klaar", ("II-01", "status"): "Bezig"})
    html = tmp_path / "voortgang.html"
    run("summary", returned, "--source", bergen_folder, "-o", html, "--peildatum", "2025-09-30")
    text = html.read_text(encoding="utf-8")
    footer = re.search(r"<footer>(.*)</footer>", text).group(1)
    assert re.sub(r"uvp-excel \S+ op \S+\.", "uvp-excel X op D.", footer) == (
        "Gemaakt met uvp-excel X op D. Achter op schema: het geplande einde (het gekozen "
        "kwartaal, anders de planning uit het programma) ligt vóór de peildatum en de status is "
        "niet Klaar of Geschrapt. Terugkerend en voorwaardelijk werk is nooit achter op schema.")
    markdown = tmp_path / "voortgang.md"
    run("summary", returned, "--source", bergen_folder, "-o", markdown, "--peildatum",
        "2025-09-30")
    for report in (text, markdown.read_text(encoding="utf-8")):
        assert "Heiloo" not in report
        assert "2024" not in report


def test_check_of_the_second_programme(bergen_folder):
    result = run("check", "--source", bergen_folder)
    lines = result.output.replace(str(bergen_folder), "bergen").splitlines()
    assert lines == [
        "Uitvoeringsprogramma Veiligheid 2025–2026 — gemeente Bergen (versie 3 februari 2025)",
        "Bron: bergen",
        "",
        f"{'Sectie':<72}{'activiteiten':>13}{'verwijzingen':>14}",
        "  WON   3.1 Prioriteit 1: Woninginbraak en woonoverlast                             3"
        "             0",
        "  JEUGD 3.2 Prioriteit 2: Jeugd, alcohol en drugs                                   3"
        "             0",
        "  I     Bijlage I: Kust en toerisme                                                 3"
        "             0",
        "  II    Bijlage II: Fysieke veiligheid                                              1"
        "             1",
        "  III   Bijlage III: Bestuurlijke integriteit                                       1"
        "             0",
        "  Totaal                                                                           11"
        "             1",
        "",
        "Financiële tabellen: 2 (Werkbudget veiligheid, Inzet boa's)",
        "Afkortingen: 0",
        "",
        "Afwijkingen in het document (2):",
        "  [waarschuwing] begroting/werkbudget.yaml › Werkbudget veiligheid: Totaal (Begroting "
        "2025): het document noemt € 26.000,00, de som van de posten zoals gedrukt is "
        "€ 25.000,00 (verschil € 1.000,00)",
        "  [waarschuwing] secties/JEUGD.yaml › JEUGD-02: planning 'Zomerseizoen 2025' is niet "
        "als periode of ritme te lezen en blijft vrije tekst",
    ]
    # Every row is as wide as the header, whatever the length of the keys.
    assert {len(line) for line in lines[3:10]} == {99}

"""A second programme, written in the programme workbook, through the whole quarter.

Bergen's fictional programme (tests/helpers/bergen.py) is typed into the empty workbook of
``source new``, imported, and then built, split, filled in, merged, summarised and exported as
budget, all through the command line. Whatever in the code still assumed Heiloo (section keys,
tab count, texts, quarter range, status words) shows up here.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers import bergen
from tests.helpers.returns import fill
from uvp_excel.cli import cli
from uvp_excel.source.diff import same_programme
from uvp_excel.source.loader import load_programme

WORKBOOK = "programma-bergen.xlsx"


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    assert result.exit_code == code, result.output
    return result


@pytest.fixture(scope="module")
def bergen_folder(tmp_path_factory) -> tuple[Path, list[str]]:
    """The Bergen programme imported from its workbook; the import's stderr lines."""
    folder = tmp_path_factory.mktemp("bergen")
    empty = folder / "leeg.xlsx"
    run("source", "new", "-o", empty)
    filled = bergen.fill_programme_workbook(empty, folder / WORKBOOK)
    result = run("source", "import", filled, "-o", folder / "bergen-2025-2026")
    lines = [line.replace(str(filled), WORKBOOK) for line in result.stderr.splitlines()]
    return folder / "bergen-2025-2026", lines


def test_import_assigns_ids_and_reports_what_it_read(bergen_folder):
    folder, lines = bergen_folder
    assert lines == [
        f"waarschuwing: {WORKBOOK} › Activiteiten › H6: planning 'Zomerseizoen 2025' is niet "
        "als periode of ritme te lezen en blijft vrije tekst",
        f"info: {WORKBOOK} › Werkbudget › D12: '€ 4.500,-' staat als tekst in de cel; gelezen "
        "als 4500",
        *(f"info: {WORKBOOK} › Activiteiten › B{row}: nieuwe activiteit kreeg ID {new_id}; typ "
          "het in de kolom ID om het vast te houden"
          for row, new_id in ((4, "WON-03"), (7, "JEUGD-03"), (9, "I-1.1-02"), (10, "I-1.2-01"),
                              (12, "II-02"))),
        f"waarschuwing: {WORKBOOK} › Werkbudget: Totaal (Begroting 2025): het document noemt "
        "€ 26.000,00, de som van de posten zoals gedrukt is € 25.000,00 (verschil € 1.000,00)",
        f"Programmamap geschreven: {folder} (5 secties, 12 activiteiten, 2 financiële tabellen)",
    ]
    programme = load_programme(folder)
    assert [s.heading for s in programme.sections] == [
        "3.1 Prioriteit 1: Woninginbraak en woonoverlast",
        "3.2 Prioriteit 2: Jeugd, alcohol en drugs",
        "Bijlage I: Kust en toerisme", "Bijlage II: Fysieke veiligheid",
        "Bijlage III: Bestuurlijke integriteit"]
    assert sorted(path.name for path in folder.iterdir()) == [
        "begroting", "programma.yaml", "secties", "statussen.yaml"]
    assert [status.name for status in programme.statuses] == [
        "Gepland", "Bezig", "Loopt achter", "Klaar", "Geschrapt"]
    assert programme.section("WON").activities[1].regie == ("Team Veiligheid", "Sociaal Domein")
    assert programme.section("WON").activities[1].stakeholders == ("Kennemer Wonen", "Politie")


def test_build_follows_the_programme(bergen_folder, tmp_path):
    folder, _ = bergen_folder
    target = tmp_path / "werkmap.xlsx"
    run("build", "--source", folder, "--kwartaal", "Q2 2025", "-o", target)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == [
        "Toelichting", "Overzicht", "Prio Woonoverlast", "Prio Jeugd", "Bijlage I Kust",
        "Bijlage II Fysiek", "Bijlage III Integriteit", "Werkbudget", "Inzet boa",
        "Budget (lang)", "_uvp_meta"]
    intro = book["Toelichting"]["A3"].value
    assert "‘Prio Woonoverlast’ tot en met ‘Bijlage III Integriteit’" in intro
    texts = " ".join(str(cell.value) for row in book["Toelichting"].iter_rows() for cell in row
                     if cell.value)
    for heiloo_word in ("Heiloo", "P1 t/m F", "6.2", "bijlage G", "Afkortingen"):
        assert heiloo_word not in texts
    assert [book["Toelichting"].cell(row, 1).value for row in range(1, 40)
            if book["Toelichting"].cell(row, 1).value in {s[0] for s in bergen.STATUSES}] == [
        "Gepland", "Bezig", "Loopt achter", "Klaar", "Geschrapt"]
    tab = book["Prio Woonoverlast"]
    assert tab["A1"].value == ("3.1 Prioriteit 1: Woninginbraak en woonoverlast   "
                               "doelstelling en veiligheidsvelden: zie het tabblad Toelichting")
    validations = {str(item.sqref).split(":")[0]: item.formula1
                   for item in tab.data_validations.dataValidation}
    assert validations["H3"] == '"Gepland,Bezig,Loopt achter,Klaar,Geschrapt"'
    assert validations["I3"] == '"' + ",".join(f"Q{q} {y}" for y in (2025, 2026)
                                              for q in (1, 2, 3, 4)) + '"'
    overview = [cell.value for cell in book["Overzicht"][4]]
    assert overview[3:10] == ["Geen status", "Gepland", "Bezig", "Loopt achter", "Klaar",
                              "Geschrapt", "Aandeel afgerond"]


def test_the_quarter_round_with_its_own_words(bergen_folder, tmp_path):
    folder, _ = bergen_folder
    out = tmp_path / "uitdelen"
    index = json.loads(run("split", "--source", folder, "-o", out, "--kwartaal", "Q3 2025",
                           "--json").stdout)
    assert [(item["regie"], item["activities"]) for item in index] == [
        ("Handhaving Bergen", 3), ("Jeugdpunt", 2), ("Sociaal Domein", 1),
        ("Team Veiligheid", 5), ("Toezicht Strand", 2)]
    files = {item["regie"]: Path(item["file"]) for item in index}
    returns = tmp_path / "ingevuld"
    returns.mkdir()
    fill(files["Team Veiligheid"].read_bytes(), returns / "veiligheid.xlsx", {
        ("WON-01", "status"): "gereed",  # a synonym of the programme's own "Klaar"
        ("WON-03", "status"): "Loopt achter",
        ("WON-03", "toelichting"): "Budget komt pas in het najaar.",
        ("II-01", "status"): "Bezig", ("II-01", "kwartaal"): "Q2 2026"})
    fill(files["Jeugdpunt"].read_bytes(), returns / "jeugd.xlsx", {
        ("JEUGD-03", "status"): "Gepland", ("JEUGD-03", "kwartaal"): "q4-2025"})
    fill(files["Handhaving Bergen"].read_bytes(), returns / "handhaving.xlsx", {
        ("JEUGD-01", "status"): "Klaar", ("I-1.2-01", "status"): "Bezig"})
    stand = tmp_path / "stand-q3-2025.xlsx"
    merged = run("merge", returns, "--source", folder, "-o", stand)
    assert merged.stderr.splitlines()[-1] == (
        f"Stand geschreven: {stand} (3 bestanden, 9 wijzigingen, 0 conflicten, 0 fouten, "
        "1 waarschuwing; 11 activiteiten)")
    run("summary", stand, "--source", folder, "--format", "json", "--peildatum", "2025-10-15",
        "-o", tmp_path / "voortgang.json")
    summary = json.loads((tmp_path / "voortgang.json").read_text(encoding="utf-8"))
    assert summary["statussen"] == ["Gepland", "Bezig", "Loopt achter", "Klaar", "Geschrapt"]
    assert summary["kwartaal"] == "Q3 2025"
    total = summary["totaal"]
    assert (total["activiteiten"], total["per_status"]) == (
        11, {"Gepland": 1, "Bezig": 2, "Loopt achter": 1, "Klaar": 2})
    assert [count["sleutel"] for count in summary["per_sectie"]] == [
        "WON", "JEUGD", "I", "II", "III"]
    # Planned to end before the peildatum and not Klaar or Geschrapt: only I-1.1-02 (Q2-Q3 2025,
    # no status). WON-01 (Q1 t/m Q2 2025) is Klaar through the synonym "gereed".
    assert {row["id"] for row in summary["lijsten"]["achter_op_schema"]} == {"I-1.1-02"}
    assert [row["id"] for row in summary["lijsten"]["vertraagd"]] == ["WON-03"]


def test_a_return_is_judged_with_the_programme_s_words(bergen_folder, tmp_path):
    folder, _ = bergen_folder
    out = tmp_path / "uit"
    run("split", "--source", folder, "-o", out, "--kwartaal", "Q3 2025")
    handed = out / "uvp-bergen-2025-2026-Jeugdpunt.xlsx"
    fill(handed.read_bytes(), tmp_path / "jeugd.xlsx", {
        ("JEUGD-02", "status"): "Vertraagd",  # Heiloo's word, not Bergen's
        ("JEUGD-02", "toelichting"): "Wacht op de scholen.",
        ("JEUGD-03", "kwartaal"): "Q1 2027"})  # after the programme
    result = run("validate", tmp_path / "jeugd.xlsx", "--source", folder, code=1)
    assert result.stderr.splitlines()[:2] == [
        "fout: jeugd.xlsx › Prio Jeugd › H3: 'Vertraagd' is geen geldige "
        "status (kies uit: Gepland, Bezig, Loopt achter, Klaar, Geschrapt)",
        "fout: jeugd.xlsx › Prio Jeugd › I4: Q1 2027 valt buiten de kwartalen "
        "van de keuzelijst (Q1 2025 t/m Q4 2026)"]


def test_budget_of_the_second_programme(bergen_folder, tmp_path):
    folder, _ = bergen_folder
    target = tmp_path / "begroting.csv"
    run("budget", "--source", folder, "--format", "csv", "-o", target)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0] == ["tabel", "groep", "post", "verdeling", "kolom", "jaar", "bedrag",
                       "eenheid"]
    assert rows[1:4] == [
        ["Werkbudget veiligheid", "", "Buurtpreventie", "Werkbudget", "Begroting 2025", "2025",
         "4500,00", "euro"],
        ["Werkbudget veiligheid", "", "Buurtpreventie", "Werkbudget", "Begroting 2026", "2026",
         "4500,00", "euro"],
        ["Werkbudget veiligheid", "", "Voorlichting", "Werkbudget", "Begroting 2025", "2025",
         "2500,00", "euro"]]
    assert rows[-1] == ["Inzet boa's", "Uitbreiding", "Boa strand", "", "2026", "2026", "0,50",
                        "fte"]


def test_export_of_the_second_programme_imports_to_the_same(bergen_folder, tmp_path):
    folder, _ = bergen_folder
    workbook = tmp_path / "bergen.xlsx"
    run("source", "export", "--source", folder, "-o", workbook)
    statuses = openpyxl.load_workbook(workbook)["Statussen"]
    assert [row[0] for row in statuses.iter_rows(min_row=2, values_only=True)] == [
        "Gepland", "Bezig", "Loopt achter", "Klaar", "Geschrapt"]
    run("source", "import", workbook, "-o", tmp_path / "terug")
    assert same_programme(load_programme(tmp_path / "terug"), load_programme(folder))
    assert (tmp_path / "terug" / "statussen.yaml").read_text(encoding="utf-8") == \
        (folder / "statussen.yaml").read_text(encoding="utf-8")

"""A programme workbook filled in as people really do it, read by ``source import``.

Pasted text with line breaks and non-breaking spaces, amounts typed the Dutch way, formulas,
text longer than Excel allows, IDs that differ only in capitals, tab names that clash: each
gets one Dutch line that names tab and cell and says what to do, or is read as the person meant.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from tests.helpers.corpus import corpus, located
from tests.helpers.programme_workbook import MINI, edited_mini, run
from tests.helpers.returns import handed_out
from uvp_excel.source.amounts import read_amount
from uvp_excel.source.loader import load_programme


def import_lines(tmp_path: Path, workbook: Path, code: int) -> list[str]:
    result = run("source", "import", workbook, "-o", tmp_path / "uit", code=code)
    return [line.replace(f"{workbook}", "P.xlsx") for line in result.stderr.splitlines()]


def replace_text(workbook: Path, placeholder: str, text: str) -> None:
    """Put ``text`` where ``placeholder`` is, in the XML itself (openpyxl would cut it short)."""
    source = zipfile.ZipFile(io.BytesIO(workbook.read_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name.endswith(".xml"):
                data = data.replace(placeholder.encode(), text.encode())
            target.writestr(name, data)
    workbook.write_bytes(buffer.getvalue())


def test_a_text_longer_than_excel_allows_is_an_error(tmp_path):
    workbook = edited_mini(tmp_path, {"Activiteiten": {"E2": "PLAATSHOUDER"}}, "lang.xlsx")
    replace_text(workbook, "PLAATSHOUDER", "Lange tekst. " * 3100)
    assert import_lines(tmp_path, workbook, 1) == [
        "fout: P.xlsx › Activiteiten › E2: de tekst is 40.299 tekens lang; een cel van Excel "
        "houdt er hoogstens 32.767 (de werkmap zou hem afkappen)",
        "Fout: niets geschreven: P.xlsx bevat 1 fout; zie de meldingen hierboven"]


def test_a_formula_is_reported_once_and_a_stray_tab_in_one_line(tmp_path):
    workbook = edited_mini(tmp_path, {"Activiteiten": {"E3": "=1+1"}}, "formule.xlsx")
    book = openpyxl.load_workbook(workbook)
    book.create_sheet("Notities")["A1"] = "Vragen aan de wethouder:\n1. budget\n2. planning"
    book.save(workbook)
    assert import_lines(tmp_path, workbook, 1) == [
        "fout: P.xlsx › Activiteiten › E3: formule =1+1 zonder opgeslagen uitkomst; typ de "
        "waarde zelf",
        "fout: P.xlsx › Activiteiten › E3: Maatregel / activiteit is leeg",
        "waarschuwing: P.xlsx › Notities: tabblad hoort niet bij de programmawerkmap; 1 gevulde "
        "cel niet gelezen: A1: Vragen aan de wethouder: 1. budget 2. planning",
        "Fout: niets geschreven: P.xlsx bevat 2 fouten; zie de meldingen hierboven"]


def test_pasted_text_loses_its_invisible_characters(tmp_path):
    workbook = edited_mini(tmp_path, {"Activiteiten": {
        "E2": "Bibob-beleid\u00a0evalueren\u200b en\r\nvaststellen.",
        "H2": "Q1\u00a0t/m\u00a0Q2 2024", "G2": "OOV;  THV ;;"}}, "geplakt.xlsx")
    assert import_lines(tmp_path, workbook, 0)[-1].startswith("Programmamap geschreven")
    activity = load_programme(tmp_path / "uit").section("P1").activities[0]
    assert (activity.maatregel, activity.planning_text, activity.stakeholders) == (
        "Bibob-beleid evalueren en\nvaststellen.", "Q1 t/m Q2 2024", ("OOV", "THV"))


def test_ids_that_differ_only_in_capitals_are_duplicates(tmp_path):
    workbook = edited_mini(tmp_path, {"Activiteiten": {"B3": "p1-01"}}, "hoofdletters.xlsx")
    assert import_lines(tmp_path, workbook, 1)[0] == (
        "fout: P.xlsx › Activiteiten › B3: ID 'p1-01' staat ook op B2 (als 'P1-01'); ID's "
        "verschillen niet alleen in hoofdletters")


def test_a_clashing_tab_name_says_where_the_name_is_taken(tmp_path):
    workbook = edited_mini(tmp_path, {"Secties": {"E2": "budget oov"}}, "botsing.xlsx")
    assert import_lines(tmp_path, workbook, 1)[0] == (
        "fout: P.xlsx › Budget OOV › B5: tabnaam 'Budget OOV' komt al voor in Secties › E2 "
        "(Excel maakt geen verschil tussen hoofd- en kleine letters)")


def test_a_copied_budget_tab_names_the_tab_it_was_copied_from(tmp_path):
    workbook = edited_mini(tmp_path, {}, "kopie.xlsx")
    book = openpyxl.load_workbook(workbook)
    book.copy_worksheet(book["Budget OOV"]).title = "Budget 2026"
    book.save(workbook)
    assert import_lines(tmp_path, workbook, 1)[:2] == [
        "fout: P.xlsx › Budget 2026 › B3: sleutel 'budget' komt al voor (Budget OOV › B3)",
        "fout: P.xlsx › Budget 2026 › B5: tabnaam 'Budget OOV' komt al voor in Budget OOV › B5 "
        "(Excel maakt geen verschil tussen hoofd- en kleine letters)"]


def test_years_in_the_wrong_order_name_their_cell(tmp_path):
    workbook = edited_mini(tmp_path, {"Programma": {"B5": 2026}}, "jaren.xlsx")
    assert import_lines(tmp_path, workbook, 1)[0] == (
        "fout: P.xlsx › Programma › B5: periode 2026–2025: het eerste jaar ligt na het laatste")


def test_amounts_typed_as_text_are_reported_the_dutch_way(tmp_path):
    workbook = edited_mini(tmp_path, {"Budget OOV": {"D12": "€ 1.234,56", "E12": "€ 178.397",
                                                     "D13": "1 500", "E13": "(500)"}},
                           "bedragen.xlsx")
    assert import_lines(tmp_path, workbook, 1)[:4] == [
        "info: P.xlsx › Budget OOV › D12: '€ 1.234,56' staat als tekst in de cel; gelezen als "
        "1234,56",
        "info: P.xlsx › Budget OOV › E12: '€ 178.397' staat als tekst in de cel; gelezen als "
        "178397",
        "info: P.xlsx › Budget OOV › D13: '1 500' staat als tekst in de cel; gelezen als 1500",
        "fout: P.xlsx › Budget OOV › E13: '(500)' is niet als bedrag te lezen; typ het als "
        "getal, bijvoorbeeld 12000"]


@pytest.mark.parametrize(("typed", "value", "kind"), [
    ("€ 178.397", 178397.0, "tekst"),      # cents have two decimals: a euro sign decides
    ("€ 12,000", 12000.0, "tekst"),
    ("12.000 euro", 12000.0, "tekst"),
    ("12.000", None, "dubbelzinnig"),      # without a currency it stays ambiguous
    ("0,83 fte", 0.83, "tekst"),
    ("1,5", 1.5, "tekst"),
])
def test_a_currency_or_unit_makes_an_amount_clear(typed, value, kind):
    amount = read_amount(typed)
    assert (amount.value, amount.kind) == (value, kind)


def test_a_total_row_among_the_posts_is_an_error(tmp_path):
    workbook = edited_mini(tmp_path, {"Budget OOV": {"A14": "Totaal", "D14": "=SUM(D12:D13)"}},
                           "somrij.xlsx")
    lines = import_lines(tmp_path, workbook, 1)
    assert lines[0] == (
        "fout: P.xlsx › Budget OOV › D14: formule =SUM(D12:D13) telt posten op; een totaal hoort "
        "niet tussen de posten (de werkmap telt zelf op): zet het in het blok Totalen")
    assert not any(re.search(r"D14: formule =SUM\(D12:D13\) zonder", line) for line in lines)


def merged(workbook: Path, tab: str, cells: str) -> Path:
    book = openpyxl.load_workbook(workbook)
    book[tab].merge_cells(cells)
    book.save(workbook)
    return workbook


def test_merged_cells_in_a_column_count_for_every_row(tmp_path):
    workbook = merged(merged(edited_mini(tmp_path, {}, "samengevoegd.xlsx"),
                             "Activiteiten", "A2:A4"), "Budget OOV", "C12:C13")
    lines = import_lines(tmp_path, workbook, 0)
    assert lines[:2] == [
        "waarschuwing: P.xlsx › Activiteiten › A2:A4: samengevoegde cellen; 'P1' is voor elke "
        "rij gelezen",
        "waarschuwing: P.xlsx › Budget OOV › C12:C13: samengevoegde cellen; 'Gemeente budget' is "
        "voor elke rij gelezen"]
    programme = load_programme(tmp_path / "uit")
    assert [a.id for a in programme.section("P1").activities] == ["P1-01", "P1-02", "P1-03"]
    assert [post.verdeling for post in programme.budget_tables[0].posts] == [
        "Gemeente budget", "Gemeente budget"]


def test_a_title_row_above_the_header_is_skipped_and_said(tmp_path):
    workbook = edited_mini(tmp_path, {}, "titel.xlsx")
    book = openpyxl.load_workbook(workbook)
    book["Activiteiten"].insert_rows(1)
    book["Activiteiten"]["A1"] = "Activiteiten Castricum 2026–2027"
    book.save(workbook)
    lines = import_lines(tmp_path, workbook, 0)
    assert lines[0] == ("waarschuwing: P.xlsx › Activiteiten › A1: boven de kopregel (rij 2) "
                        "niet gelezen: A1: Activiteiten Castricum 2026–2027")
    assert lines[-1].startswith("Programmamap geschreven")


def test_a_deleted_header_row_is_one_error(tmp_path):
    workbook = edited_mini(tmp_path, {}, "zonder-kop.xlsx")
    book = openpyxl.load_workbook(workbook)
    book["Activiteiten"].delete_rows(1)
    book.save(workbook)
    assert import_lines(tmp_path, workbook, 1) == [
        "fout: P.xlsx › Activiteiten › A1: de kopregel ontbreekt; zet hem terug boven de rijen: "
        "Sectie, ID, Veiligheidsthema, Item, Maatregel / activiteit, Regie, Stakeholders, "
        "Planning, Verwijzing, Notitie",
        "Fout: niets geschreven: P.xlsx bevat 1 fout; zie de meldingen hierboven"]


def test_a_renamed_tab_is_recognised_by_its_header(tmp_path):
    workbook = edited_mini(tmp_path, {"Activiteiten": {"B4": None}}, "hernoemd.xlsx")
    book = openpyxl.load_workbook(workbook)
    book["Activiteiten"].title = "Activiteiten 2026"
    book["Secties"].title = "Hoofdstukken"
    book.save(workbook)
    lines = import_lines(tmp_path, workbook, 0)
    assert lines[:3] == [
        "info: P.xlsx › Hoofdstukken: gelezen als het tabblad Secties (herkend aan de kopregel)",
        "info: P.xlsx › Activiteiten 2026: gelezen als het tabblad Activiteiten (herkend aan de "
        "kopregel)",
        "info: P.xlsx › Activiteiten 2026 › B4: nieuwe activiteit kreeg ID P1-03; typ het in de "
        "kolom ID om het vast te houden"]


def test_a_workbook_that_is_no_programme_workbook_gets_one_line(tmp_path, mini):
    werkmap = tmp_path / "werkmap.xlsx"
    werkmap.write_bytes(handed_out(mini))
    assert import_lines(tmp_path, werkmap, 1)[0] == (
        "fout: P.xlsx: dit is een werkmap om in te vullen (van uvp-excel build of split), geen "
        "programmawerkmap; maak die met 'uvp-excel source export'")
    other = tmp_path / "begroting.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "Begroting van de voetbalclub"
    book.save(other)
    assert import_lines(tmp_path, other, 1) == [
        "fout: P.xlsx: geen programmawerkmap: de tabbladen Programma, Secties en Activiteiten "
        "ontbreken (een lege maakt u met 'uvp-excel source new')",
        "Fout: niets geschreven: P.xlsx bevat 1 fout; zie de meldingen hierboven"]


def test_hostile_files_get_one_dutch_line_each(tmp_path):
    own = {"voetbal.xlsx": "geen programmawerkmap: de tabbladen Programma, Secties en "
                           "Activiteiten ontbreken (een lege maakt u met 'uvp-excel source new')",
           "ver-weg.xlsx": "Secties › XFD1048576: het tabblad loopt tot rij 1048576 en kolom "
                           "16384; zo'n groot blad wordt niet gelezen (staat er ergens ver weg "
                           "een losse waarde?)"}
    run("source", "export", "--source", MINI, "-o", tmp_path / "basis.xlsx")
    base = (tmp_path / "basis.xlsx").read_bytes()
    for name, data, reason in corpus(base):
        path = tmp_path / name
        path.write_bytes(data)
        assert import_lines(tmp_path, path, 1) == [
            f"fout: {located('P.xlsx', own.get(name, reason))}",
            "Fout: niets geschreven: P.xlsx bevat 1 fout; zie de meldingen hierboven"], name


def test_counts_in_the_closing_lines_are_singular_for_one(tmp_path):
    workbook = tmp_path / "mini.xlsx"
    assert run("source", "export", "--source", MINI, "-o", workbook).stderr == (
        f"Programmawerkmap geschreven: {workbook} (2 secties, 5 activiteiten, 1 financiële "
        "tabel)\n")
    book = openpyxl.load_workbook(workbook)
    book["Secties"].delete_rows(3)
    book["Activiteiten"].delete_rows(3, 4)
    book.save(workbook)
    assert import_lines(tmp_path, workbook, 0)[-1] == (
        f"Programmamap geschreven: {tmp_path / 'uit'} (1 sectie, 1 activiteit, 1 financiële "
        "tabel)")


def test_a_new_amount_column_without_key_or_year_is_said(tmp_path):
    workbook = edited_mini(tmp_path, {}, "kolom.xlsx")
    book = openpyxl.load_workbook(workbook)
    sheet = book["Budget OOV"]
    sheet.insert_cols(6)
    sheet["F11"], sheet["F12"] = "Begroot 2026", 1000
    book.save(workbook)
    assert import_lines(tmp_path, workbook, 1)[:2] == [
        "info: P.xlsx › Budget OOV › F9: Kolomsleutel is leeg; gelezen als 'begroot-2026'",
        "fout: P.xlsx › Budget OOV › F10: Jaar is leeg"]


def test_rows_of_the_programma_tab_that_may_stay_empty_may_be_deleted(tmp_path):
    workbook = edited_mini(tmp_path, {}, "zonder-ivb.xlsx")
    book = openpyxl.load_workbook(workbook)
    book["Programma"].delete_rows(7, 3)  # Beleidsplan (IVB), Eerste en Laatste jaar IVB
    book["Programma"].delete_rows(3)  # Titel: that one is needed
    book.save(workbook)
    assert import_lines(tmp_path, workbook, 1) == [
        "fout: P.xlsx › Programma: de regel 'Titel' ontbreekt",
        "Fout: niets geschreven: P.xlsx bevat 1 fout; zie de meldingen hierboven"]


def test_a_planning_that_excel_made_a_date_is_said_as_typed(tmp_path):
    workbook = edited_mini(tmp_path, {"Activiteiten": {"H2": datetime(2026, 3, 1)}},
                           "datum.xlsx")
    assert import_lines(tmp_path, workbook, 0)[0] == (
        "waarschuwing: P.xlsx › Activiteiten › H2: planning is een datum (01-03-2026) en blijft "
        "vrije tekst; uvp-excel leest een periode of ritme, bijvoorbeeld 'Q1 2026' of "
        "'Doorlopend': typ de planning als tekst")
    assert load_programme(tmp_path / "uit").section("P1").activities[0].planning_text == \
        "01-03-2026"

"""Reading one returned workbook: identity, rows by ID, every input cell judged and reported."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from tests.helpers.returns import fill, find_row, handed_out
from uvp_excel.inputs import RowInput
from uvp_excel.returns.model import ReturnFile
from uvp_excel.returns.reader import read_return


@pytest.fixture(scope="module")
def mini_book(mini):
    return handed_out(mini)


def messages(result) -> list[str]:
    return [f"{finding.severity}: {finding}" for finding in result.findings]


def test_values_are_normalised_and_taken(tmp_path, mini, mini_book):
    path = fill(mini_book, tmp_path / "r.xlsx", {
        ("P1-01", "status"): " gereed\u00a0", ("P1-01", "kwartaal"): "q2-2024",
        ("P1-01", "toelichting"): "  Klaar,  op tijd ", ("P1-01", "ingevuld_door"): "Anne",
        ("P1-01", "bijgewerkt_op"): "15 juli 2024",
        ("P1-02", "status"): "Loopt", ("P1-02", "kwartaal"): datetime(2025, 2, 3),
        ("P1-02", "bijgewerkt_op"): datetime(2024, 7, 20),
    })
    result = read_return(path, "r.xlsx", mini)
    assert messages(result) == []
    assert result.current("P1-01").__dict__ == {
        "status": "Afgerond", "kwartaal": "Q2 2024", "toelichting": "Klaar, op tijd",
        "ingevuld_door": "Anne", "bijgewerkt_op": date(2024, 7, 15)}
    assert (result.current("P1-02").status, result.current("P1-02").kwartaal,
            result.current("P1-02").bijgewerkt_op) == ("In uitvoering", "Q1 2025",
                                                        date(2024, 7, 20))
    assert result.identity["programma"] == "uvp-proefdorp-2024-2025"
    assert result.kind == "werkmap"
    assert result.rows["P1-01"].cells["status"].cell == "H3"


@pytest.mark.parametrize(("soort", "kind"), [
    ("werkmap", "werkmap"), ("stand", "stand"), ("Stand", None), ("stand ", None), ("", None)])
def test_a_workbook_is_a_werkmap_a_stand_or_neither(soort, kind):
    """Only the two kinds the writer writes count; an edited hidden sheet says neither."""
    assert ReturnFile("r.xlsx", identity={"soort": soort}).kind == kind


def test_every_bad_value_is_reported_with_file_tab_and_cell(tmp_path, mini, mini_book):
    path = fill(mini_book, tmp_path / "r.xlsx", {
        ("P1-01", "status"): "klaar?", ("P1-01", "kwartaal"): "na de zomer",
        ("P1-02", "kwartaal"): "Q1 2030", ("P1-02", "bijgewerkt_op"): "gisteren",
        ("P1-03", "status"): "Vertraagd", ("P1-03", "toelichting"): "=HYPERLINK(\"x\")",
    })
    assert messages(read_return(path, "ingevuld/thv.xlsx", mini)) == [
        "fout: ingevuld/thv.xlsx › P1 Ondermijning › H3: 'klaar?' is geen geldige status (kies "
        "uit: Niet gestart, In uitvoering, Vertraagd, Afgerond, Vervallen)",
        "fout: ingevuld/thv.xlsx › P1 Ondermijning › I3: 'na de zomer' is geen kwartaal "
        "(schrijf het als Q3 2024)",
        "fout: ingevuld/thv.xlsx › P1 Ondermijning › I4: Q1 2030 valt buiten de kwartalen van "
        "de keuzelijst (Q1 2024 t/m Q4 2025)",
        "fout: ingevuld/thv.xlsx › P1 Ondermijning › L4: 'gisteren' is geen datum (schrijf "
        "bijvoorbeeld 15-07-2024)",
        "fout: ingevuld/thv.xlsx › P1 Ondermijning › J5: formule in een invoercel wordt niet "
        "overgenomen: =HYPERLINK(\"x\")",
        "waarschuwing: ingevuld/thv.xlsx › P1 Ondermijning › H5: status Vertraagd zonder "
        "toelichting",
    ]


def test_edited_ids_added_rows_extra_columns_and_tabs(tmp_path, mini, mini_book):
    book = openpyxl.load_workbook(io.BytesIO(mini_book))
    sheet = book["P1 Ondermijning"]
    sheet.cell(find_row(sheet, "P1-02"), 1).value = "P1-2"        # edited ID
    sheet.cell(find_row(sheet, "P1-03"), 1).value = "X-99"        # edited ID and text
    sheet.cell(find_row(sheet, "X-99"), 4).value = "Iets anders"
    sheet["D7"], sheet["H7"] = "Nieuwe activiteit", "Afgerond"    # added row
    sheet["M3"] = "mijn notitie"                                  # extra column
    sheet.cell(find_row(sheet, "P1-01"), 4).value = "Bibob-beleid schrappen."  # locked text
    book.create_sheet("Aantekeningen")["B2"] = "bellen met THV"
    path = tmp_path / "r.xlsx"
    book.save(path)
    assert messages(read_return(path, "r.xlsx", mini)) == [
        "waarschuwing: r.xlsx › P1 Ondermijning › D3: beveiligde kolom 'Maatregel / activiteit' "
        "van P1-01 is veranderd in 'Bibob-beleid schrappen.' (was 'Bibob-beleid evalueren.'); de "
        "invoer is wel overgenomen",
        "waarschuwing: r.xlsx › P1 Ondermijning › M3: extra kolom 'M' met inhoud; niet "
        "overgenomen: mijn notitie",
        "waarschuwing: r.xlsx › P1 Ondermijning › A4: ID is veranderd in 'P1-2'; aan de "
        "beveiligde teksten herkend als P1-02",
        "fout: r.xlsx › P1 Ondermijning › A5: onbekend ID 'X-99'; de rij is niet overgenomen: "
        "X-99 | Samen | Iets anders | OOV en Samenleven | Jongerenwerk | Q4 2024 en verder",
        "waarschuwing: r.xlsx › P1 Ondermijning › A7: rij zonder ID toegevoegd; niet "
        "overgenomen: Nieuwe activiteit | Afgerond",
        "waarschuwing: r.xlsx › Aantekeningen: extra tabblad met 1 gevulde cel; niet "
        "gelezen: B2: bellen met THV",
        "waarschuwing: r.xlsx › P1 Ondermijning: rij P1-03 ontbreekt in deze werkmap "
        "(verwijderd?); er is niets van overgenomen",
    ]


def test_duplicate_rows_and_reference_rows(tmp_path, mini, mini_book):
    book = openpyxl.load_workbook(io.BytesIO(mini_book))
    sheet = book["A Woon- en leefomgeving"]
    for column in range(1, 13):
        sheet.cell(5, column).value = sheet.cell(3, column).value
    sheet["H5"] = "Afgerond"
    sheet["H4"] = "Afgerond"  # the reference row A-1.1-02
    path = tmp_path / "r.xlsx"
    book.save(path)
    found = messages(read_return(path, "r.xlsx", mini))
    assert found == [
        "waarschuwing: r.xlsx › A Woon- en leefomgeving › H4: invoer op een verwijzingsrij "
        "(A-1.1-02) wordt niet overgenomen: Afgerond",
        "fout: r.xlsx › A Woon- en leefomgeving › A5: ID 'A-1.1-01' staat ook op "
        "A Woon- en leefomgeving rij 3; deze rij is niet overgenomen: A-1.1-01 | 1.1 Sociale "
        "kwaliteit | Woonoverlast | Regie op woonoverlast. | OOV | Politie | 2025 | Afgerond",
    ]


def test_workbook_of_another_programme_is_refused(tmp_path, heiloo, mini_book):
    path = tmp_path / "proef.xlsx"
    path.write_bytes(mini_book)
    result = read_return(path, "proef.xlsx", heiloo)
    assert not result.readable
    assert messages(result) == [
        "fout: proef.xlsx: werkmap hoort bij programma 'uvp-proefdorp-2024-2025', verwacht "
        "'uvp-heiloo-2024-2025'; niet gelezen"]


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("versie", "versie 1 maart 2024", "waarschuwing: r.xlsx: werkmap is gemaakt van versie 1 "
                                          "maart 2024 van het programma; de huidige is versie 1 "
                                          "januari 2024"),
        ("formaat", "2", "fout: r.xlsx: werkmap heeft formaatversie 2; deze uvp-excel leest "
                         "versie 1; niet gelezen"),
    ],
)
def test_versions(tmp_path, mini, mini_book, key, value, expected):
    book = openpyxl.load_workbook(io.BytesIO(mini_book))
    meta = book["_uvp_meta"]
    row = next(r for r in range(1, 20) if meta.cell(r, 1).value == key)
    meta.cell(row, 2).value = value
    path = tmp_path / "r.xlsx"
    book.save(path)
    assert messages(read_return(path, "r.xlsx", mini))[0] == expected


def test_file_objects_are_accepted(mini, mini_book):
    result = read_return(io.BytesIO(mini_book), "in-geheugen.xlsx", mini)
    assert result.readable and messages(result) == []
    assert sorted(result.rows) == ["A-1.1-01", "A-1.1-02", "P1-01", "P1-02", "P1-03"]


def test_a_wrong_stored_dimension_does_not_hide_rows(tmp_path, mini, mini_book):
    """Some tools write <dimension ref="A1"/>; every row must still be read."""
    filled = fill(mini_book, tmp_path / "r.xlsx", {("A-1.1-01", "status"): "Afgerond"})
    source = zipfile.ZipFile(filled)
    target = tmp_path / "verkeerd.xlsx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            data = source.read(name)
            if name.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
            archive.writestr(name, data)
    result = read_return(target, "verkeerd.xlsx", mini)
    assert result.current("A-1.1-01").status == "Afgerond"
    assert sorted(result.rows) == ["A-1.1-01", "A-1.1-02", "P1-01", "P1-02", "P1-03"]


def test_an_id_column_sorted_on_its_own_puts_nothing_on_the_wrong_activity(tmp_path, mini,
                                                                          mini_book):
    book = openpyxl.load_workbook(io.BytesIO(mini_book))
    sheet = book["P1 Ondermijning"]
    sheet["A3"], sheet["A4"] = "P1-02", "P1-01"   # only the ID column was sorted
    sheet["H3"] = "Afgerond"                        # typed on the row of P1-01's texts
    path = tmp_path / "r.xlsx"
    book.save(path)
    result = read_return(path, "r.xlsx", mini)
    assert "P1-01" not in result.rows and "P1-02" not in result.rows
    errors = [str(f) for f in result.findings if f.kind == "retour-id-verwisseld"]
    assert errors[0] == (
        "r.xlsx › P1 Ondermijning › A3: ID 'P1-02' hoort niet bij de beveiligde teksten van "
        "deze rij (die zijn van P1-01; één kolom apart gesorteerd?); niet overgenomen: P1-02 | "
        "Bibob | Bibob-beleid evalueren. | OOV | OOV, THV | Q1 t/m Q2 2024 | Afgerond")


def test_a_cleared_explanation_counts_as_cleared(tmp_path, mini):
    book = handed_out(mini, inputs={"P1-01": RowInput(status="Vertraagd", toelichting="Later")})
    path = fill(book, tmp_path / "r.xlsx", {("P1-01", "toelichting"): None})
    result = read_return(path, "r.xlsx", mini)
    assert result.current("P1-01").toelichting == ""
    assert [f.kind for f in result.findings] == ["retour-toelichting-nodig"]


def test_an_activity_tab_without_its_header_row_reports_what_was_typed(tmp_path, mini,
                                                                      mini_book):
    book = openpyxl.load_workbook(io.BytesIO(mini_book))
    sheet = book["A Woon- en leefomgeving"]
    sheet.delete_rows(2)  # the header row
    sheet["H2"] = "Afgerond"
    path = tmp_path / "r.xlsx"
    book.save(path)
    result = read_return(path, "r.xlsx", mini)
    headless = [str(f) for f in result.findings if f.kind == "retour-tabel-zonder-kop"]
    assert len(headless) == 1 and "H2: Afgerond" in headless[0]
    assert headless[0].startswith("r.xlsx › A Woon- en leefomgeving: de kopregel met ID en "
                                  "Status ontbreekt")


def test_a_workbook_with_the_old_title_block_still_reads(tmp_path, mini, mini_book):
    """Workbooks handed out before the title block became one row had their header in row 7."""
    book = openpyxl.load_workbook(io.BytesIO(mini_book))
    for sheet in book.worksheets:
        if sheet.title in ("P1 Ondermijning", "A Woon- en leefomgeving"):
            sheet.insert_rows(2, amount=5)
    book["P1 Ondermijning"]["H8"] = "Afgerond"
    path = tmp_path / "oud.xlsx"
    book.save(path)
    result = read_return(path, "oud.xlsx", mini)
    assert messages(result) == []
    assert (result.current("P1-01").status, result.rows["P1-01"].cells["status"].cell) == \
        ("Afgerond", "H8")
    assert sorted(result.rows) == ["A-1.1-01", "A-1.1-02", "P1-01", "P1-02", "P1-03"]


@pytest.mark.parametrize(("renames", "rows_on", "extra"), [
    # Swapped: the activity tab is called "Overzicht" and the overview "P1 Ondermijning".
    ([("P1 Ondermijning", "tijdelijk"), ("Overzicht", "P1 Ondermijning"),
      ("tijdelijk", "Overzicht")], "Overzicht", "P1 Ondermijning"),
    # The activity tab took the name of a budget tab that was renamed first.
    ([("Budget OOV", "Mijn budget"), ("P1 Ondermijning", "Budget OOV")], "Budget OOV",
     "Mijn budget"),
])
def test_an_activity_tab_renamed_like_another_tab_of_ours_is_still_read(
        tmp_path, mini, mini_book, renames, rows_on, extra):
    path = fill(mini_book, tmp_path / "r.xlsx", {("P1-01", "status"): "Afgerond",
                                                 ("P1-02", "toelichting"): "Belangrijk"})
    book = openpyxl.load_workbook(path)
    for old, new in renames:
        book[old].title = new
    book.save(path)
    result = read_return(path, "r.xlsx", mini)
    assert (result.current("P1-01").status, result.current("P1-02").toelichting) == (
        "Afgerond", "Belangrijk")
    assert result.rows["P1-01"].tab == rows_on
    # Nothing is lost and nothing is an error: the other tab under its new name is reported.
    assert [(f.severity, f.kind, f.tab) for f in result.findings] == [
        ("waarschuwing", "retour-tabblad-extra", extra)]

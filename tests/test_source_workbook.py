"""The programme in Excel: ``uvp-excel source new / export / import``, and the round trip."""

from __future__ import annotations

import io
import shutil
from datetime import datetime

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.golden import xml_parts
from tests.helpers.office import libreoffice_convert
from tests.helpers.programme_workbook import MINI, edited_mini, run
from uvp_excel.errors import SourceDataError
from uvp_excel.resources import default_source_dir
from uvp_excel.source.amounts import read_amount
from uvp_excel.source.diff import content, same_programme
from uvp_excel.source.loader import load_programme
from uvp_excel.source.model import Activity, Section
from uvp_excel.source.notes import read_notes
from uvp_excel.source.planning import Quarter
from uvp_excel.source.workbook_import import next_id
from uvp_excel.source.yaml_writer import section_yaml
from uvp_excel.workbook.writer import BuildSpec, write_workbook
from uvp_excel.yamlio import load_yaml

FIXED = datetime(2024, 7, 1, 9, 0, 0)


def built(programme) -> bytes:
    buffer = io.BytesIO()
    write_workbook(buffer, BuildSpec(programme, quarter=Quarter(2024, 3), generated=FIXED))
    return buffer.getvalue()


def test_source_new_gives_the_empty_programme_workbook(tmp_path):
    target = tmp_path / "programma.xlsx"
    result = run("source", "new", "-o", target)
    assert result.stderr == f"Lege programmawerkmap geschreven: {target} (7 tabbladen)\n"
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Toelichting", "Programma", "Secties", "Activiteiten",
                               "Financiële tabel 1", "Afkortingen", "Statussen"]
    activities = book["Activiteiten"]
    assert [cell.value for cell in activities[1]] == [
        "Sectie", "ID", "Veiligheidsthema", "Item", "Maatregel / activiteit", "Regie",
        "Stakeholders", "Planning", "Verwijzing", "Notitie"]
    checks = {str(item.sqref): item for item in activities.data_validations.dataValidation}
    assert checks["A2:A5001"].formula1 == "Secties!$A$2:$A$5001"
    assert checks["B2:B5001"].type == "custom"  # duplicate IDs, as far as Excel can check
    assert checks["H2:H5001"].promptTitle == "Planning"
    assert "Q1 t/m Q4 2024" in checks["H2:H5001"].prompt
    assert [row[0] for row in book["Programma"].iter_rows(min_row=2, values_only=True)] == [
        "Gemeente", "Titel", "Korte naam", "Eerste jaar", "Laatste jaar", "Beleidsplan (IVB)",
        "Eerste jaar IVB", "Laatste jaar IVB", "Versie", "Versiedatum"]
    assert [row[0] for row in book["Statussen"].iter_rows(min_row=2, values_only=True)] == [
        "Niet gestart", "In uitvoering", "Vertraagd", "Afgerond", "Vervallen"]
    run("source", "new", "-o", target, code=1)  # never overwritten without --force


def test_the_empty_workbook_imports_with_every_missing_field_at_once(tmp_path):
    empty = tmp_path / "leeg.xlsx"
    run("source", "new", "-o", empty)
    result = run("source", "import", empty, "-o", tmp_path / "programma", code=1)
    name = str(empty)
    assert result.stderr.splitlines() == [
        *(f"fout: {name} › Programma › B{row}: {label} is leeg"
          for row, label in ((2, "Gemeente"), (3, "Titel"), (4, "Korte naam"),
                             (5, "Eerste jaar"), (6, "Laatste jaar"), (10, "Versie"))),
        f"info: {name} › Financiële tabel 1: lege financiële tabel; overgeslagen",
        f"Fout: niets geschreven: {name} bevat 6 fouten; zie de meldingen hierboven"]
    assert not (tmp_path / "programma").exists()


def test_export_then_import_of_heiloo_gives_the_identical_programme_and_workbook(tmp_path,
                                                                                 heiloo):
    workbook = tmp_path / "heiloo.xlsx"
    assert run("source", "export", "-o", workbook).stderr == (
        f"Programmawerkmap geschreven: {workbook} (11 secties, 110 activiteiten, 8 financiële "
        "tabellen)\n")
    folder = tmp_path / "heiloo-2024-2025"
    run("source", "import", workbook, "-o", folder)
    imported = load_programme(folder)
    assert same_programme(imported, heiloo)
    assert [a.id for a in imported.activities()] == [a.id for a in heiloo.activities()]
    assert content(imported.budget_tables) == content(heiloo.budget_tables)
    assert content(imported.abbreviations) == content(heiloo.abbreviations)
    assert not (folder / "statussen.yaml").exists()  # the default list stays the default
    # The transcription notes travel along in the Notitie column and come back as comments.
    bundled = (default_source_dir() / "secties" / "A.yaml").read_text(encoding="utf-8")
    written = (folder / "secties" / "A.yaml").read_text(encoding="utf-8")
    comments = [line for line in bundled.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) > 20
    assert [line for line in written.splitlines() if line.lstrip().startswith("#")] == comments
    assert read_notes(imported) == read_notes(heiloo)  # every section, activity and table
    # The build from the imported folder equals the build from the bundled one, part by part.
    assert xml_parts(built(imported)) == xml_parts(built(heiloo))
    # Importing the same workbook again changes nothing.
    again = run("source", "import", workbook, "-o", folder)
    assert again.stderr.splitlines()[-1] == f"{folder} is al gelijk aan {workbook}; niets " \
                                            "geschreven"


@pytest.mark.libreoffice
def test_a_programme_workbook_saved_by_libreoffice_imports_the_same(tmp_path, soffice, mini):
    workbook = tmp_path / "mini.xlsx"
    run("source", "export", "--source", MINI, "-o", workbook)
    resaved = libreoffice_convert(soffice, workbook, tmp_path / "lo")
    run("source", "import", resaved, "-o", tmp_path / "mini")
    assert same_programme(load_programme(tmp_path / "mini"), mini)


def test_import_checks_everything_at_once_and_writes_nothing(tmp_path):
    workbook = edited_mini(tmp_path, {
        "Programma": {"B5": "twintig"},
        "Secties": {"E3": "P1 Ondermijning"},                 # A's tab name taken by P1
        "Activiteiten": {"B3": "P1-01",                        # duplicate ID
                         "A4": "P9",                            # no such section
                         "H5": "na de zomer",                   # planning: a warning only
                         "I6": "X"},                            # reference to nothing
        "Budget OOV": {"D12": "12.000", "E12": "€ 2.000,-", "E13": "abc"},
    }, "fouten.xlsx")
    result = run("source", "import", workbook, "-o", tmp_path / "uit", code=1)
    name = str(workbook)
    assert result.stderr.splitlines() == [
        f"fout: {name} › Programma › B5: Eerste jaar: 'twintig' is geen jaartal",
        f"fout: {name} › Activiteiten › B3: ID 'P1-01' staat ook op B2; elk ID is uniek",
        f"fout: {name} › Activiteiten › A4: sectie 'P9' staat niet op het tabblad Secties",
        f"waarschuwing: {name} › Activiteiten › H5: planning 'na de zomer' is niet als periode "
        "of ritme te lezen en blijft vrije tekst",
        f"fout: {name} › Activiteiten › I6: verwijzing 'X' noemt geen sectie van het tabblad "
        "Secties",
        f"fout: {name} › Budget OOV › D12: '12.000' is niet eenduidig (12000 of 12); typ het "
        "bedrag als getal",
        f"info: {name} › Budget OOV › E12: '€ 2.000,-' staat als tekst in de cel; gelezen als "
        "2000",
        f"fout: {name} › Budget OOV › E13: 'abc' is niet als bedrag te lezen; typ het als getal, "
        "bijvoorbeeld 12000",
        f"fout: {name} › Secties › E3: tabnaam 'P1 Ondermijning' komt al voor in Secties › E2 "
        "(Excel maakt geen verschil tussen hoofd- en kleine letters)",
        f"Fout: niets geschreven: {name} bevat 7 fouten; zie de meldingen hierboven"]
    assert not (tmp_path / "uit").exists()


def test_import_over_an_existing_folder_shows_the_changes_and_needs_force(tmp_path):
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    (folder / "notities.txt").write_text("niet van uvp-excel", encoding="utf-8")
    before = {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    workbook = edited_mini(tmp_path, {"Activiteiten": {
        "E2": "Bibob-beleid evalueren en vaststellen.", "H2": "Q1 t/m Q3 2024",
        "A6": "A", "B6": None, "C6": "1.1 Sociale kwaliteit", "D6": "Buren",
        "E6": "Buurtbemiddeling aanbieden.", "F6": "OOV", "G6": None, "H6": "2025",
        "I6": None}}, "nieuw.xlsx")
    result = run("source", "import", workbook, "-o", folder, code=1)
    assert result.stdout.splitlines() == [
        f"Wijzigingen ten opzichte van {folder}:",
        "  Activiteit A-1.1-03 toegevoegd (A): 'Buurtbemiddeling aanbieden.'",
        "  Activiteit A-1.1-02 verwijderd (was in A): 'Zie prioriteit 1/ paragraaf 2.1.'",
        "  Activiteit P1-01 gewijzigd: maatregel 'Bibob-beleid evalueren.' → 'Bibob-beleid "
        "evalueren en vaststellen.'; planning 'Q1 t/m Q2 2024' → 'Q1 t/m Q3 2024'"]
    assert result.stderr.splitlines()[-1] == (
        f"Fout: {folder} bestaat al; gebruik --force om de wijzigingen hierboven te schrijven "
        "(er is niets veranderd)")
    assert {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()} == before
    run("source", "import", workbook, "-o", folder, "--force")
    programme = load_programme(folder)
    assert [a.id for a in programme.section("A").activities] == ["A-1.1-01", "A-1.1-03"]
    assert (folder / "notities.txt").read_text(encoding="utf-8") == "niet van uvp-excel"


def test_a_row_whose_id_was_not_copied_back_keeps_its_id(tmp_path):
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    workbook = edited_mini(tmp_path, {"Activiteiten": {"B3": None}}, "zonder-id.xlsx")
    result = run("source", "import", workbook, "-o", folder)
    assert result.stderr.splitlines()[0] == (
        f"info: {workbook} › Activiteiten › B3: rij zonder ID is activiteit P1-02 van de "
        "bestaande map (zelfde sectie en maatregel) en houdt dat ID; typ het in de kolom ID")
    assert result.stderr.splitlines()[-1] == f"{folder} is al gelijk aan {workbook}; niets " \
                                              "geschreven"


@pytest.mark.parametrize(("section", "kind", "thema", "taken", "expected"), [
    ("P1", "prioriteit", "", {"P1-01", "P1-06", "P2-09"}, "P1-07"),
    ("A", "bijlage", "1.1 Sociale kwaliteit", {"A-1.1-01", "A-1.2-05"}, "A-1.1-02"),
    ("A", "bijlage", "1.3. Fysieke kwaliteit", {"A-1.1-01"}, "A-1.3-01"),
    ("F", "bijlage", "", {"F-01", "F-07"}, "F-08"),
    ("F", "bijlage", "2.1 Iets", {"F-07"}, "F-08"),  # F numbers plainly, so the new row too
    ("S1", "strategisch thema", "", set(), "S1-01"),
])
def test_new_ids_follow_the_style_of_their_section(section, kind, thema, taken, expected):
    activity = Activity(id="", section_key=section, maatregel="x", thema=thema)
    assert next_id(activity, kind, set(taken)) == expected


@pytest.mark.parametrize(("typed", "value", "kind"), [
    (12000, 12000.0, "getal"),
    ("€ 12.000,-", 12000.0, "tekst"),
    ("€ 1.685.957,00", 1685957.0, "tekst"),
    ("12,50", 12.5, "tekst"),
    ("1.5", 1.5, "tekst"),
    ("-", None, "tekst"),
    ("12.000", None, "dubbelzinnig"),
    ("12,000", None, "dubbelzinnig"),
    ("€ 29.00,-", None, "onleesbaar"),
    ("ongeveer 100", None, "onleesbaar"),
])
def test_amounts_typed_as_text(typed, value, kind):
    amount = read_amount(typed)
    assert (amount.value, amount.kind) == (value, kind)


TEXTS = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=120).map(
    str.strip).filter(bool)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(maatregel=TEXTS, stakeholders=st.lists(TEXTS, max_size=3), planning=TEXTS)
def test_any_text_reads_back_from_the_yaml_unchanged(tmp_path, maatregel, stakeholders,
                                                     planning):
    activity = Activity(id="P1-01", section_key="P1", maatregel=maatregel,
                        stakeholders=tuple(stakeholders), planning_text=planning)
    section = Section("P1", "prioriteit", "2.1", maatregel, "P1", (activity,))
    programme = load_programme(MINI)
    path = tmp_path / "P1.yaml"
    path.write_text(section_yaml(section, programme), encoding="utf-8")
    data = load_yaml(path)
    entry = data["activiteiten"][0]
    assert (data["titel"], entry["maatregel"], entry.get("stakeholders", []),
            entry["planning"]) == (maatregel, maatregel, stakeholders, planning)



def test_a_file_that_is_no_workbook_gets_one_line(tmp_path):
    fake = tmp_path / "programma.xlsx"
    fake.write_text("dit is geen werkmap", encoding="utf-8")
    result = run("source", "import", fake, "-o", tmp_path / "uit", code=1)
    assert result.stderr.splitlines() == [
        f"fout: {fake}: geen Excel-werkmap (het bestand is geen xlsx)",
        f"Fout: niets geschreven: {fake} bevat 1 fout; zie de meldingen hierboven"]


def test_formulas_and_stray_tabs_and_columns_are_reported(tmp_path):
    workbook = edited_mini(tmp_path, {"Budget OOV": {"D12": "=1000+500"},
                                      "Activiteiten": {"K2": "losse notitie"}}, "formule.xlsx")
    book = openpyxl.load_workbook(workbook)
    book.create_sheet("Kladblok")["B2"] = "ideeën voor 2026"
    book.save(workbook)
    # openpyxl stores no result with a formula: the import cannot know it and says so.
    result = run("source", "import", workbook, "-o", tmp_path / "uit", code=1)
    name = str(workbook)
    assert result.stderr.splitlines() == [
        f"waarschuwing: {name} › Activiteiten › K1: kolom zonder kop naast de tabel; niet "
        "gelezen: K2: losse notitie",
        f"fout: {name} › Budget OOV › D12: formule =1000+500 zonder opgeslagen uitkomst; typ de "
        "waarde zelf",
        f"waarschuwing: {name} › Kladblok: tabblad hoort niet bij de programmawerkmap; 1 gevulde "
        "cel niet gelezen: B2: ideeën voor 2026",
        f"Fout: niets geschreven: {name} bevat 1 fout; zie de meldingen hierboven"]


def test_a_programme_s_own_status_list_must_be_usable(mini_copy):
    (mini_copy / "statussen.yaml").write_text(
        "statussen:\n"
        "  - {naam: Open, kleur: '#FFFFFF', tekstkleur: '#000000'}\n"
        "  - {naam: Dicht, kleur: wit, tekstkleur: '#000000', klaar: ja, synoniemen: [open]}\n",
        encoding="utf-8")
    with pytest.raises(SourceDataError) as raised:
        load_programme(mini_copy)
    assert [str(finding) for finding in raised.value.findings] == [
        "statussen.yaml › status 2 › regel 3: veld 'kleur' moet een kleur als #RRGGBB zijn, "
        "gevonden: 'wit'",
        "statussen.yaml › status 2 › regel 3: veld 'klaar' moet true of false zijn, gevonden: "
        "'ja'",
        "statussen.yaml › statussen › regel 1: statuslijst: 'open' hoort bij zowel 'Open' als "
        "'Dicht'",
        "statussen.yaml › statussen › regel 1: statuslijst: geen enkele status is 'klaar' zonder "
        "dat hij een toelichting vraagt; de rapportage heeft zo'n status nodig om 'afgerond' te "
        "tellen"]


def test_every_tab_of_the_empty_programme_workbook_has_the_headers_of_the_issue(tmp_path):
    target = tmp_path / "programma.xlsx"
    run("source", "new", "-o", target)
    book = openpyxl.load_workbook(target)

    def header(tab: str, row: int = 1) -> list:
        return [cell.value for cell in book[tab][row]]

    assert header("Programma") == ["Veld", "Waarde", "Uitleg"]
    assert header("Secties") == [
        "Sleutel", "Soort", "Nummer", "Titel", "Tabnaam", "Soort doelstelling", "Doelstelling",
        "Inleiding", "Veiligheidsvelden", "Notitie"]
    assert header("Activiteiten") == [
        "Sectie", "ID", "Veiligheidsthema", "Item", "Maatregel / activiteit", "Regie",
        "Stakeholders", "Planning", "Verwijzing", "Notitie"]
    assert header("Afkortingen") == ["Afkorting", "Betekenis"]
    assert header("Statussen") == ["Status", "Kleur", "Tekstkleur", "Toelichting nodig", "Klaar",
                                   "Betekenis", "Synoniemen"]
    budget = book["Financiële tabel 1"]
    assert [row[0] for row in budget.iter_rows(max_row=8, max_col=1, values_only=True)] == [
        "Financiële tabel", None, "Sleutel", "Titel", "Tabnaam", "Bron", "Eenheid", "Notitie"]
    # The shape of a budget tab of the workbook: Omschrijving, (Groep,) Verdeling, one amount
    # column per year (two empty ones to name: key, year, header), Opmerking; then the blocks.
    assert [row[:6] for row in budget.iter_rows(min_row=9, values_only=True)] == [
        (None, None, "Kolomsleutel", "", "", None),
        (None, None, "Jaar", None, None, None),
        ("Omschrijving", "Groep", "Verdeling", "", "", "Opmerking"),
        (None,) * 6,
        ("Totalen", None, None, None, None, None),
        ("Label", "Groep", "Kolommen", "Waarde", None, None),
        (None,) * 6,
        ("Vermeldingen", None, None, None, None, None),
        ("Tekst", "Waarde", "Vergelijk met", None, None, None),
        (None,) * 6,
        ("Correcties", None, None, None, None, None),
        ("Post", "Kolom", "Waarde", "Toelichting", None, None)]
    # What the issue asks of each tab, in its order (the tool's own columns come in between).
    asked = {"Secties": ["Sleutel", "Soort", "Nummer", "Titel", "Doelstelling",
                         "Veiligheidsvelden"],
             "Activiteiten": ["Sectie", "ID", "Veiligheidsthema", "Item",
                              "Maatregel / activiteit", "Regie", "Stakeholders", "Planning",
                              "Verwijzing"],
             "Statussen": ["Status", "Kleur", "Synoniemen"]}
    for tab, labels in asked.items():
        assert [label for label in header(tab) if label in labels] == labels
    assert {"Gemeente", "Titel", "Eerste jaar", "Laatste jaar", "Versie", "Versiedatum"} <= {
        row[0] for row in book["Programma"].iter_rows(min_row=2, values_only=True)}

"""Loading programme folders: the model, and every schema problem reported at once in Dutch."""

from __future__ import annotations

from pathlib import Path

import pytest

from uvp_excel import contract
from uvp_excel.errors import FileError, SourceDataError
from uvp_excel.source.loader import load_programme, tab_name_problem


def messages(folder: Path) -> list[str]:
    with pytest.raises(SourceDataError) as caught:
        load_programme(folder)
    return [str(finding) for finding in caught.value.findings]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_mini_programme_loads_into_the_model(mini):
    assert mini.gemeente == "Proefdorp"
    assert [section.key for section in mini.sections] == ["P1", "A"]
    p1 = mini.section("P1")
    assert p1.heading == "2.1 Prioriteit 1: Ondermijning"
    assert p1.doelstelling == "Ondermijning voorkomen."
    third = p1.activities[2]
    assert third.regie == ("OOV", "Samenleven")
    assert third.regie_text == "OOV en Samenleven"
    assert p1.activities[0].stakeholders_text == "OOV, THV"
    reference = mini.section("A").activities[1]
    assert reference.is_reference and reference.verwijzing == "P1"
    assert len(mini.section("A").own_activities) == 1
    assert [str(q) for q in contract.quarter_list(mini)][:2] == ["Q1 2024", "Q2 2024"]
    assert len(contract.quarter_list(mini)) == 8
    table = mini.budget_tables[0]
    assert table.posts[0].amounts == {"2024": 1000.5, "2025": 2000.0}


def test_all_problems_of_all_files_are_reported_with_file_entry_and_line(mini_copy):
    edit(mini_copy / "secties/P1.yaml", "id: P1-02, item", "id: P1-01, item")
    edit(mini_copy / "secties/P1.yaml", "maatregel: Gesprekken met jongeren., ",
         "maatregl: Gesprekken met jongeren., ")
    edit(mini_copy / "secties/A.yaml", "verwijzing: P1", "verwijzing: P9")
    edit(mini_copy / "secties/A.yaml", "soort: bijlage", "soort: appendix")
    edit(mini_copy / "begroting/budget.yaml", '"2025": 2000}', '"2025": "tweeduizend"}')
    assert messages(mini_copy) == [
        "secties/P1.yaml › P1-03 › regel 11: onbekend veld 'maatregl' (tikfout?); toegestaan: "
        "id, thema, item, maatregel, regie, stakeholders, planning, verwijzing",
        "secties/P1.yaml › P1-03 › regel 11: veld 'maatregel' ontbreekt",
        "secties/A.yaml › soort › regel 1: soort 'appendix' is onbekend; kies uit: prioriteit, "
        "strategisch thema, bijlage",
        "secties/P1.yaml › P1-01 › regel 10: ID 'P1-01' komt al voor in secties/P1.yaml",
        "secties/A.yaml › A-1.1-02 › regel 9: verwijzing 'P9' noemt geen sectie van dit programma",
        "begroting/budget.yaml › post 1 › regel 10: veld 'bedragen.2025' moet een getal zijn, "
        "gevonden: 'tweeduizend'",
    ]


def test_missing_section_file_and_forgotten_file_are_both_reported(mini_copy):
    (mini_copy / "secties/A.yaml").rename(mini_copy / "secties/B.yaml")
    assert messages(mini_copy) == [
        "programma.yaml › secties: sectie 'A' staat in programma.yaml, maar secties/A.yaml "
        "bestaat niet",
        "programma.yaml › secties: bestand secties/B.yaml hoort bij geen sectie in programma.yaml",
    ]


def test_broken_yaml_names_file_and_line(mini_copy):
    (mini_copy / "secties/A.yaml").write_text("sleutel: A\nsoort: [bijlage\n", encoding="utf-8")
    first = messages(mini_copy)[0]
    # The wording inside the brackets is libyaml's own (English).
    assert first.startswith("secties/A.yaml › regel 3: geen geldige YAML (")
    assert "expected ',' or ']'" in first


def test_wrong_types_and_bad_ids(mini_copy):
    edit(mini_copy / "programma.yaml", "periode: {van: 2024, tot: 2025}",
         "periode: {van: 2026, tot: 2025}")
    edit(mini_copy / "secties/P1.yaml", "id: P1-01,", "id: P1 01,")
    edit(mini_copy / "secties/P1.yaml", "stakeholders: [politie]", "stakeholders: {a: b}")
    assert messages(mini_copy) == [
        "programma.yaml › periode › regel 5: periode 2026–2025: 'van' moet een jaar zijn dat "
        "niet na 'tot' ligt",
        "secties/P1.yaml › P1 01 › regel 9: ID 'P1 01' mag alleen letters, cijfers, punt, "
        "streepje en liggend streepje bevatten",
        "secties/P1.yaml › P1-02 › regel 10: veld 'stakeholders' moet een tekst of een lijst "
        "van teksten zijn, gevonden: {'a': 'b'}",
    ]


def test_a_folder_without_programme_is_a_file_problem(tmp_path):
    with pytest.raises(FileError, match="geen programmamap"):
        load_programme(tmp_path)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("P1 Ondermijning", ""),
        ("", "is leeg"),
        ("x" * 32, "is langer dan 31 tekens (32)"),
        ("A/B", "bevat een teken dat Excel niet toestaat ([ ] : * ? / \\ of ' aan begin of eind)"),
        ("p1 ondermijning", "komt al voor in secties/P1.yaml (Excel maakt geen verschil tussen "
                            "hoofd- en kleine letters)"),
        ("Overzicht", "is de naam van een tabblad dat uvp-excel of Excel zelf gebruikt "
                      "(Toelichting, Overzicht, Lijsten, Afkortingen, Budget (lang), "
                      "Importverslag…, _uvp_meta, History)"),
        ("x" * 30 + "🚓", "is langer dan 31 tekens (32)"),
        ("P1\tOndermijning", "bevat een stuurteken (zoals een regeleinde of tab)"),
    ],
)
def test_tab_names_follow_excel_rules(name, problem):
    taken = {"p1 ondermijning": "secties/P1.yaml"} if name.islower() else {}
    assert tab_name_problem(name, taken) == problem

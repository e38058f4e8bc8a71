"""What ``source import`` over an existing programme folder says it changes, and that it is true.

Every change the workbook makes to the folder must be shown before it is written, readable by the
policy officer who made it (Dutch amounts, the part of a long text that changed) — and a change
that is not shown must not exist: "al gelijk" means nothing would change.
"""

from __future__ import annotations

import shutil
from dataclasses import replace

import openpyxl
import pytest

from tests.helpers.programme_workbook import MINI, edited_mini, run
from uvp_excel.source.diff import describe_changes, shown_pair
from uvp_excel.source.loader import load_programme


@pytest.fixture
def folder(tmp_path):
    """A copy of the small programme folder to import over."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def changes(result) -> list[str]:
    lines = result.stdout.splitlines()
    return [line.strip() for line in lines[1:]]


def test_sorted_activities_are_a_change_that_is_shown_and_written(tmp_path, folder):
    workbook = edited_mini(tmp_path, {}, "gesorteerd.xlsx")
    book = openpyxl.load_workbook(workbook)
    sheet = book["Activiteiten"]
    first, second = ([cell.value for cell in sheet[row]] for row in (2, 3))
    for column, (new_second, new_first) in enumerate(zip(first, second, strict=True), start=1):
        sheet.cell(2, column).value = new_first
        sheet.cell(3, column).value = new_second
    sheet["E2"].data_type = "s"  # a text starting with "=", as Excel keeps it when sorting
    book.save(workbook)
    result = run("source", "import", workbook, "-o", folder, code=1)
    assert changes(result) == [
        "Sectie P1: andere volgorde van de activiteiten (P1-02, P1-01, P1-03)"]
    run("source", "import", workbook, "-o", folder, "--force")
    assert [a.id for a in load_programme(folder).section("P1").activities] == [
        "P1-02", "P1-01", "P1-03"]


def test_a_changed_notitie_is_shown_and_written(tmp_path, folder):
    workbook = edited_mini(tmp_path, {"Activiteiten": {"J3": "Navragen bij THV."},
                                      "Secties": {"J2": "Tekst uit de nota van 2023."}},
                           "notitie.xlsx")
    result = run("source", "import", workbook, "-o", folder, code=1)
    assert changes(result) == ["Notitie bij sectie P1 gewijzigd",
                               "Notitie bij activiteit P1-02 gewijzigd"]
    run("source", "import", workbook, "-o", folder, "--force")
    text = (folder / "secties" / "P1.yaml").read_text(encoding="utf-8")
    assert "  # Navragen bij THV.\n  - id: P1-02" in text
    assert "# Tekst uit de nota van 2023." in text


def test_changed_amounts_read_as_dutch(tmp_path, folder):
    workbook = edited_mini(tmp_path, {"Budget OOV": {"D12": 1200, "E13": 12.5}}, "budget.xlsx")
    result = run("source", "import", workbook, "-o", folder, code=1)
    assert changes(result) == [
        "Financiële tabel budget gewijzigd: posten",
        "post 1 'Goederen en diensten': 2024 '€ 1.000,50' → '€ 1.200,00'",
        "post 2 'Subsidies': 2025 '€ 0,00' → '€ 12,50'"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("kort", "korter", ("'kort'", "'korter'")),
    ("Consequent toepassen (Artikel 13b Opiumwet) en actualiseren van het Damoclesbeleid "
     "vanwege wijziging wet- en regelgeving en jurisprudentie.",
     "Consequent toepassen (Artikel 13b Opiumwet) en actualiseren van het Damoclesbeleid van "
     "Castricum vanwege wijziging wet- en regelgeving en jurisprudentie.",
     ("'…het Damoclesbeleid vanwege wijziging wet- en…'",
      "'…het Damoclesbeleid van Castricum vanwege wijziging wet- en…'")),
    ("Organiseren interne- en externe bijeenkomsten om de bewustwording en kennis rondom "
     "ondermijnende criminaliteit te vergroten.",
     "Organiseren interne- en externe bijeenkomsten om de bewustwording en kennis rondom "
     "ondermijnende criminaliteit te vergroten, ook in Akersloot.",
     ("'…criminaliteit te vergroten.'", "'…criminaliteit te vergroten, ook in Akersloot.'")),
])
def test_a_changed_long_text_shows_where_it_changed(old, new, expected):
    assert shown_pair(old, new) == expected


def test_every_reordering_is_a_change(heiloo):
    tables = heiloo.budget_tables
    budget = tables[1]
    moved = replace(heiloo, budget_tables=(tables[1], tables[0], *tables[2:]))
    assert describe_changes(heiloo, moved) == [
        "Financiële tabellen: andere volgorde van de tabbladen"]
    sorted_posts = replace(budget, posts=tuple(reversed(budget.posts)))
    resorted = replace(heiloo, budget_tables=(tables[0], sorted_posts, *tables[2:]))
    assert describe_changes(heiloo, resorted) == [
        "Financiële tabel oov-budget gewijzigd: posten", "  andere volgorde van de posten"]


def test_a_new_version_renews_the_written_opening_comments(tmp_path):
    first = tmp_path / "eerste"
    run("source", "import", edited_mini(tmp_path, {}, "mini-export.xlsx"), "-o", first)
    again = tmp_path / "opnieuw.xlsx"
    run("source", "export", "--source", first, "-o", again)
    book = openpyxl.load_workbook(again)
    assert [row[9] for row in book["Secties"].iter_rows(min_row=2, values_only=True)] == [
        None, None]  # the comment uvp-excel wrote is no note of the policy officer
    book["Programma"]["B10"] = "versie 2"
    book.save(again)
    result = run("source", "import", again, "-o", first, "--force")
    assert changes(result)[:1] == ["Programma: versie 'versie 1 januari 2024' → 'versie 2'"]
    assert len(changes(result)) == 1
    assert (first / "secties" / "P1.yaml").read_text(encoding="utf-8").splitlines()[0] == (
        "# 2.1 Prioriteit 1: Ondermijning van het Uitvoeringsprogramma Integrale Veiligheid "
        "2024–2025 (versie 2).")


def test_renumbered_ids_are_warned_about(tmp_path, folder):
    workbook = edited_mini(tmp_path, {}, "hernummerd.xlsx")
    book = openpyxl.load_workbook(workbook)
    sheet = book["Activiteiten"]
    sheet.delete_rows(3)  # P1-02 is dropped …
    sheet["B3"] = "P1-02"  # … and P1-03 "moves up", as if IDs were row numbers
    book.save(workbook)
    result = run("source", "import", workbook, "-o", folder, code=1)
    assert result.stderr.splitlines()[0] == (
        f"waarschuwing: {workbook} › Activiteiten › B3: ID P1-02 staat nu bij de maatregel die "
        "in de bestaande map ID P1-03 heeft; ingevulde werkmappen en standen vinden hun rij op "
        "ID: hernummer nooit, zet ID P1-03 terug")

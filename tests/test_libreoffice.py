"""A real client: LibreOffice Calc re-saves and recalculates our workbooks."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from tests.helpers.office import libreoffice_convert
from tests.helpers.returns import fill, handed_out
from uvp_excel.merging.merge import merge_returns
from uvp_excel.source.loader import load_programme
from uvp_excel.source.planning import Quarter
from uvp_excel.workbook.writer import BuildSpec, write_workbook

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def recalculated(heiloo, soffice, tmp_path_factory):
    """The Heiloo workbook, filled in like a colleague would, re-saved by LibreOffice."""
    folder = tmp_path_factory.mktemp("lo")
    built = folder / "werkmap.xlsx"
    write_workbook(str(built), BuildSpec(heiloo, quarter=Quarter(2024, 3)))
    # Fill in statuses the way a user would; the Overzicht's cached results stay stale (0).
    book = openpyxl.load_workbook(built)
    p1 = book["P1 Ondermijning"]
    for row, status in zip(range(3, 7), ["Afgerond", "Vertraagd", "Afgerond", "In uitvoering"],
                           strict=True):
        p1.cell(row, 8).value = status
    book["E Integriteit en veiligheid"]["H4"] = "Vervallen"
    book["A Woon- en leefomgeving"]["H3"] = "verkeerd"  # not in the list: counts as no status
    filled = folder / "ingevuld.xlsx"
    book.save(filled)
    resaved = libreoffice_convert(soffice, filled, folder / "out")
    return openpyxl.load_workbook(resaved, data_only=True)


def test_overview_counts_recompute_in_libreoffice(recalculated):
    rows = {row[0]: row[2:10] for row in recalculated["Overzicht"].iter_rows(
        min_row=5, max_row=16, values_only=True)}
    assert rows["P1 Ondermijning"] == (6, 2, 0, 1, 1, 2, 0, pytest.approx(2 / 6))
    assert rows["E Integriteit en veiligheid"] == (22, 21, 0, 0, 0, 0, 1, 0)
    assert rows["A Woon- en leefomgeving"] == (22, 22, 0, 0, 0, 0, 0, 0)
    assert rows["Totaal"] == (104, 99, 0, 1, 1, 2, 1, pytest.approx(2 / 104))


@pytest.mark.parametrize(
    ("tab", "cells", "expected"),
    [
        ("Budget OOV", ("C13", "D13"), (377198, 302826)),
        ("Budget Rampenbestrijding", ("C6", "D6"), (8884, 8884)),
        ("Bijdrage VRNHN", ("C7", "D7"), (1685957, 1685957)),
        ("Projectkosten Ondermijning", ("C6", "D6", "E6", "F6"), (47500, 17800, 47500, 29000)),
        ("Formatie", ("D16", "E16", "F16"), (8.87, 3, 5)),
    ],
)
def test_budget_totals_recompute_to_the_document(recalculated, tab, cells, expected):
    sheet = recalculated[tab]
    assert tuple(sheet[cell].value for cell in cells) == pytest.approx(expected)
    outcomes = [row[4] for row in sheet.iter_rows(values_only=True)
                if row[4] in ("klopt", "wijkt af")]
    assert outcomes and set(outcomes) == {"klopt"}


def test_returns_resaved_by_libreoffice_merge_exactly_like_the_originals(mini, soffice,
                                                                         tmp_path):
    book = handed_out(mini)
    original = tmp_path / "origineel"
    original.mkdir()
    fill(book, original / "anne.xlsx", {
        ("P1-01", "status"): "Afgerond", ("P1-01", "toelichting"): "Klaar\nmet een tweede regel",
        ("P1-01", "bijgewerkt_op"): date(2024, 7, 15), ("P1-02", "kwartaal"): "Q4 2024",
        ("P1-03", "status"): "Vertraagd", ("P1-03", "toelichting"): "=geen formule"})
    fill(book, original / "bram.xlsx", {("P1-03", "status"): "In uitvoering",
                                        ("A-1.1-01", "ingevuld_door"): "Bram"})
    resaved = tmp_path / "libreoffice"
    for path in original.iterdir():
        libreoffice_convert(soffice, path, resaved)
    first = merge_returns([original], mini)
    second = merge_returns([resaved], mini)
    assert second.outcome.inputs == first.outcome.inputs
    assert [(c.id, c.field, c.new) for c in second.outcome.changes] == \
        [(c.id, c.field, c.new) for c in first.outcome.changes]
    assert [(f.kind, f.tab, f.cell) for f in second.report.findings] == \
        [(f.kind, f.tab, f.cell) for f in first.report.findings]
    assert first.outcome.inputs["P1-01"].bijgewerkt_op == date(2024, 7, 15)


def test_a_quote_in_a_tab_name_and_an_empty_section_recompute_in_libreoffice(mini_copy, soffice,
                                                                            tmp_path):
    p1 = mini_copy / "secties" / "P1.yaml"
    p1.write_text(p1.read_text(encoding="utf-8").replace(
        "tabnaam: P1 Ondermijning", "tabnaam: \"P1 Burgemeester's taken\""), encoding="utf-8")
    a = mini_copy / "secties" / "A.yaml"
    a.write_text(a.read_text(encoding="utf-8").split("activiteiten:")[0] + "activiteiten: []\n",
                 encoding="utf-8")
    built = tmp_path / "werkmap.xlsx"
    write_workbook(str(built), BuildSpec(load_programme(mini_copy), quarter=Quarter(2024, 3)))
    book = openpyxl.load_workbook(built)
    book["P1 Burgemeester's taken"]["H3"] = "Afgerond"
    filled = tmp_path / "ingevuld.xlsx"
    book.save(filled)
    overview = openpyxl.load_workbook(libreoffice_convert(soffice, filled, tmp_path / "out"),
                                      data_only=True)["Overzicht"]
    rows = {row[0]: row[2:10] for row in overview.iter_rows(min_row=5, max_row=7,
                                                             values_only=True)}
    assert rows["P1 Burgemeester's taken"] == (3, 2, 0, 0, 0, 1, 0, pytest.approx(1 / 3))
    assert rows["A Woon- en leefomgeving"] == (0, 0, 0, 0, 0, 0, 0, 0)
    assert rows["Totaal"] == (3, 2, 0, 0, 0, 1, 0, pytest.approx(1 / 3))

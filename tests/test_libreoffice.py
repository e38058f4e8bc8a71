"""A real client: LibreOffice Calc re-saves and recalculates our workbooks."""

from __future__ import annotations

import openpyxl
import pytest

from tests.helpers.office import libreoffice_convert
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
    for row, status in zip(range(8, 12), ["Afgerond", "Vertraagd", "Afgerond", "In uitvoering"],
                           strict=True):
        p1.cell(row, 8).value = status
    book["E Integriteit en veiligheid"]["H9"] = "Vervallen"
    book["A Woon- en leefomgeving"]["H8"] = "verkeerd"  # not in the list: counts as no status
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

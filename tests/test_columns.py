"""The column order of templates/werkmap.yaml is the contract: writer and reader both follow it."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
import yaml

from tests.helpers.returns import column_of, fill, find_row, handed_out, header_row, tab_of
from tests.helpers.templates import copied_templates
from uvp_excel import contract
from uvp_excel.contract import locked_values
from uvp_excel.errors import TemplateError
from uvp_excel.inputs import RowInput
from uvp_excel.merging.merge import merge_returns, read_base

EDITS = {("P1-01", "status"): "Afgerond", ("P1-01", "toelichting"): "Klaar",
         ("P1-03", "kwartaal"): "Q4 2024", ("A-1.1-01", "ingevuld_door"): "Anne",
         ("A-1.1-01", "bijgewerkt_op"): date(2024, 8, 1)}
EXPECTED = {"P1-01": RowInput("Afgerond", "", "Klaar", "", None),
            "P1-03": RowInput("", "Q4 2024", "", "", None),
            "A-1.1-01": RowInput("", "", "", "Anne", date(2024, 8, 1))}


def edit_columns(folder, change) -> None:
    path = folder / "werkmap.yaml"
    layout = yaml.safe_load(path.read_text(encoding="utf-8"))
    layout["kolommen"] = change(layout["kolommen"])
    path.write_text(yaml.safe_dump(layout, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def reversed_columns(tmp_path, monkeypatch):
    """A templates folder whose twelve columns are in reverse order: every column moves."""
    with copied_templates(tmp_path, monkeypatch) as folder:
        edit_columns(folder, lambda columns: list(reversed(columns)))
        yield folder


def cells_under_headers(book: bytes, activity_id: str) -> dict[str, object]:
    workbook = openpyxl.load_workbook(io.BytesIO(book))
    sheet = tab_of(workbook, activity_id)
    row = find_row(sheet, activity_id)
    return {sheet.cell(header_row(), column).value: sheet.cell(row, column).value
            for column in range(1, 13)}


def test_every_text_stands_under_its_own_header(reversed_columns, mini):
    assert contract.columns()[0].header == "Bijgewerkt op"
    activity = mini.section("P1").activities[0]
    found = cells_under_headers(handed_out(mini, inputs={"P1-01": RowInput(
        status="Vertraagd", toelichting="Wacht")}), "P1-01")
    texts = locked_values(activity)
    assert found == {
        "ID": texts["id"], "Veiligheidsthema": texts["thema"], "Item": texts["item"],
        "Maatregel / activiteit": texts["maatregel"], "Regie": texts["regie"],
        "Stakeholders": texts["stakeholders"], "Planning": texts["planning"],
        "Status": "Vertraagd", "Kwartaal": None, "Toelichting": "Wacht", "Ingevuld door": None,
        "Bijgewerkt op": None}


def test_dropdowns_protection_and_colours_follow_the_columns(reversed_columns, mini):
    sheet = openpyxl.load_workbook(io.BytesIO(handed_out(mini)))["P1 Ondermijning"]
    letter = {name: openpyxl.utils.get_column_letter(column_of(name))
              for name in ("status", "kwartaal", "toelichting", "bijgewerkt_op")}
    first, last = header_row() + 1, header_row() + 3
    validations = {str(dv.sqref): dv.type for dv in sheet.data_validations.dataValidation}
    assert validations[f"{letter['status']}{first}:{letter['status']}{last}"] == "list"
    assert validations[f"{letter['kwartaal']}{first}:{letter['kwartaal']}{last}"] == "list"
    assert validations[f"{letter['bijgewerkt_op']}{first}:{letter['bijgewerkt_op']}{last}"] == \
        "date"
    locked = [sheet.cell(first, column_of(name)).protection.locked
              for name in (*contract.LOCKED_FIELDS, "status", "toelichting")]
    assert locked == [True] * 7 + [False, False]
    rules = {str(cf.sqref) for cf in sheet.conditional_formatting}
    assert f"{letter['status']}{first}:{letter['status']}{last}" in rules
    assert f"{letter['toelichting']}{first}:{letter['toelichting']}{last}" in rules


def test_filled_in_and_merged_with_swapped_columns(reversed_columns, mini, tmp_path):
    folder = tmp_path / "ingevuld"
    folder.mkdir()
    fill(handed_out(mini), folder / "anne.xlsx", EDITS)
    result = merge_returns([folder], mini)
    assert result.clean, [str(finding) for finding in result.report.findings]
    assert {key: result.outcome.inputs[key] for key in EXPECTED} == EXPECTED
    stand = tmp_path / "stand.xlsx"
    result.write(stand)
    assert {key: value for key, value in read_base(stand, mini).items()
            if key in EXPECTED} == EXPECTED


def test_a_return_in_the_old_column_order_still_merges(tmp_path, monkeypatch, mini):
    folder = tmp_path / "ingevuld"
    folder.mkdir()
    fill(handed_out(mini), folder / "anne.xlsx", EDITS)  # handed out in the default order
    with copied_templates(tmp_path, monkeypatch) as templates:
        edit_columns(templates, lambda columns: list(reversed(columns)))
        result = merge_returns([folder], mini)
    assert result.clean, [str(finding) for finding in result.report.findings]
    assert {key: result.outcome.inputs[key] for key in EXPECTED} == EXPECTED


@pytest.mark.parametrize(("change", "message"), [
    (lambda columns: columns[:-1],
     "templates/werkmap.yaml › kolommen: elk veld precies één keer (ontbreekt: bijgewerkt_op)"),
    (lambda columns: [*columns, columns[0]],
     "templates/werkmap.yaml › kolommen: elk veld precies één keer (dubbel: id)"),
    (lambda columns: [{**columns[0], "veld": "nummer"}, *columns[1:]],
     "templates/werkmap.yaml › kolommen: elk veld precies één keer (ontbreekt: id; onbekend: "
     "nummer)"),
    (lambda columns: [*columns[:7], {**columns[7], "invoer": False}, *columns[8:]],
     "templates/werkmap.yaml › kolommen: kolom 'Status' moet invoer: true hebben"),
    (lambda columns: [*columns[:2], {**columns[2], "kop": "id"}, *columns[3:]],
     "templates/werkmap.yaml › kolommen: elke kop moet gevuld en uniek zijn"),
], ids=["missing", "doubled", "unknown", "input-locked", "header-twice"])
def test_a_broken_column_list_is_refused(tmp_path, monkeypatch, change, message):
    with copied_templates(tmp_path, monkeypatch) as folder:
        edit_columns(folder, change)
        with pytest.raises(TemplateError) as raised:
            contract.columns()
    assert str(raised.value) == message

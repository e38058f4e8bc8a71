"""The built workbook honours the contract of DESIGN.md, checked as a file with openpyxl."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest

from uvp_excel import contract
from uvp_excel.contract import activity_fingerprint
from uvp_excel.inputs import RowInput
from uvp_excel.source.loader import load_programme
from uvp_excel.source.planning import Quarter
from uvp_excel.workbook.writer import BuildSpec, write_workbook

HEADERS = ["ID", "Veiligheidsthema", "Item", "Maatregel / activiteit", "Regie", "Stakeholders",
           "Planning", "Status", "Kwartaal", "Toelichting", "Ingevuld door", "Bijgewerkt op"]
STATUS_LIST = '"Niet gestart,In uitvoering,Vertraagd,Afgerond,Vervallen"'
FIXED = datetime(2024, 7, 1, 9, 0, 0)


def build(programme, **options) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    write_workbook(buffer, BuildSpec(programme, quarter=Quarter(2024, 3), generated=FIXED,
                                     **options))
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


@pytest.fixture(scope="module")
def heiloo_book(heiloo):
    return build(heiloo)


def test_tabs_in_order(heiloo_book, heiloo):
    expected = ["Toelichting", "Overzicht", *(s.tab_name for s in heiloo.sections),
                "Formatie", "Budget OOV", "Budget Rampenbestrijding", "FIRAP 2024",
                "Kadernota 2025", "Extra budget Heiloo", "Bijdrage VRNHN",
                "Projectkosten Ondermijning", "Budget (lang)", "Afkortingen", "_uvp_meta"]
    assert heiloo_book.sheetnames == expected
    assert heiloo_book["_uvp_meta"].sheet_state == "veryHidden"
    assert all(heiloo_book[name].sheet_state == "visible" for name in expected[:-1])


def test_every_activity_tab_has_the_contract_table(heiloo_book, heiloo):
    for section in heiloo.sections:
        sheet = heiloo_book[section.tab_name]
        assert [cell.value for cell in sheet[2]] == HEADERS
        ids = [sheet.cell(row, 1).value for row in range(3, sheet.max_row + 1)]
        assert ids == [activity.id for activity in section.activities], section.key
        assert sheet.freeze_panes == "A3"
        assert sheet.auto_filter.ref == f"A2:L{2 + len(section.activities)}"


def test_dropdowns_and_checks_cover_every_activity_row(heiloo_book, heiloo):
    quarters = ",".join(f"Q{q} {y}" for y in range(2024, 2028) for q in range(1, 5))
    for section in heiloo.sections:
        sheet = heiloo_book[section.tab_name]
        last = 2 + len(section.activities)
        found = {str(dv.sqref): (dv.type, dv.formula1, dv.errorStyle, dv.showErrorMessage)
                 for dv in sheet.data_validations.dataValidation}
        assert found[f"H3:H{last}"] == ("list", STATUS_LIST, None, True)
        assert found[f"I3:I{last}"] == ("list", f'"{quarters}"', None, True)
        assert found[f"L3:L{last}"][0] == "date"
        assert found[f"J3:J{last}"][:2] == ("textLength", "2000")
        prompts = {dv.promptTitle: dv.prompt for dv in sheet.data_validations.dataValidation}
        assert prompts["Status"] == "Kies de stand van deze activiteit uit de lijst."


def test_locked_text_columns_and_open_input_columns(heiloo_book, heiloo):
    sheet = heiloo_book["P3 Verkeersveiligheid"]
    for row in range(3, 3 + len(heiloo.section("P3").activities)):
        assert [sheet.cell(row, column).protection.locked for column in range(1, 13)] == \
            [True] * 7 + [False] * 5
    protection = sheet.protection
    assert protection.sheet is True and protection.password is None
    # In the file format False means "allowed while protected".
    assert (protection.sort, protection.autoFilter, protection.formatColumns) == (False, False,
                                                                                   False)


SELECT = {"selectLockedCells", "selectUnlockedCells"}
FILTER = {"autoFilter", "sort"}
RESIZE = {"formatColumns", "formatRows"}


def allowed(sheet) -> set[str] | None:
    """What a protected sheet still allows (None: not protected at all)."""
    protection = sheet.protection
    if not protection.sheet:
        return None
    # In the file format False means "allowed while protected".
    return {name for name in (*SELECT, *FILTER, *RESIZE, "formatCells", "insertRows",
                              "deleteRows", "insertColumns", "deleteColumns", "objects")
            if not getattr(protection, name)}


def test_every_tab_is_locked_with_only_what_it_needs_allowed(heiloo_book, heiloo):
    budget_tabs = {table.tab_name for table in heiloo.budget_tables}
    expected = {
        **dict.fromkeys(("Toelichting", "Overzicht", "_uvp_meta"), SELECT),
        **{section.tab_name: SELECT | FILTER | RESIZE for section in heiloo.sections},
        **dict.fromkeys(budget_tabs, SELECT | RESIZE),
        "Afkortingen": SELECT | FILTER,
        "Budget (lang)": None,  # for pivot tables
    }
    assert {sheet.title: allowed(sheet) for sheet in heiloo_book.worksheets} == expected
    assert {sheet.protection.password for sheet in heiloo_book.worksheets} == {None}


def test_reference_rows_are_distinct_and_closed(heiloo_book):
    sheet = heiloo_book["D Fysieke veiligheid"]
    reference_row = next(row for row in range(3, sheet.max_row + 1)
                         if sheet.cell(row, 1).value == "D-4.1-01")
    assert sheet.cell(reference_row, 4).value == "Zie prioriteit 3/ paragraaf 2.3."
    assert sheet.cell(reference_row, 4).font.i is True
    assert sheet.cell(reference_row, 8).protection.locked is True
    normal = sheet.cell(reference_row + 1, 8)
    assert normal.protection.locked is False
    assert sheet.cell(reference_row, 4).fill.fgColor.rgb != normal.fill.fgColor.rgb


def test_print_layout_on_every_tab(heiloo_book):
    for name in heiloo_book.sheetnames[:-1]:
        sheet = heiloo_book[name]
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9), name
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True, name
        assert setup.fitToWidth in (None, 1), name
        assert "Gemeente Heiloo" in sheet.oddFooter.left.text, name
        assert sheet.oddFooter.right.text == "Pagina &P van &N", name
    assert heiloo_book["P1 Ondermijning"].print_title_rows == "$2:$2"


def test_status_colours_and_missing_explanation_flag(heiloo_book):
    sheet = heiloo_book["P1 Ondermijning"]
    rules = [(str(cf.sqref), rule.type, rule.formula) for cf in sheet.conditional_formatting
             for rule in cf.rules]
    for name in contract.status_names():
        assert ("H3:H8", "cellIs", [f'"{name}"']) in rules
    assert ("J3:J8", "expression",
            ['AND(OR($H3="Vertraagd",$H3="Vervallen"),LEN(TRIM($J3))=0)']) in rules


def test_overview_counts_with_live_formulas_and_cached_results(heiloo):
    inputs = {"P1-01": RowInput(status="Afgerond"), "P1-02": RowInput(status="Vertraagd"),
              "A-1.1-01": RowInput(status="Afgerond")}
    buffer = io.BytesIO()
    write_workbook(buffer, BuildSpec(heiloo, quarter=Quarter(2024, 3), inputs=inputs,
                                     generated=FIXED))
    formulas = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["Overzicht"]
    values = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), data_only=True)["Overzicht"]
    assert [cell.value for cell in formulas[4]] == [
        "Tabblad", "Sectie", "Activiteiten", "Geen status", "Niet gestart", "In uitvoering",
        "Vertraagd", "Afgerond", "Vervallen", "Aandeel afgerond"]
    assert formulas["H5"].value == "=COUNTIF('P1 Ondermijning'!$H$3:$H$8,\"Afgerond\")"
    assert [cell.value for cell in values[5]][:10] == [
        "P1 Ondermijning", "2.1 Prioriteit 1: Ondermijnende criminaliteit", 6, 4, 0, 0, 1, 1, 0,
        pytest.approx(1 / 6)]
    total = [cell.value for cell in values[16]]
    assert total[:9] == ["Totaal", "", 104, 101, 0, 0, 1, 2, 0]
    assert formulas["C16"].value == "=SUM(C5:C15)"
    assert len(formulas._charts) == 1


def test_user_text_is_never_a_formula(mini):
    inputs = {"P1-01": RowInput(status="Vertraagd", toelichting='=HYPERLINK("http://x","klik")',
                                ingevuld_door="@SUM(A1)", bijgewerkt_op=date(2024, 7, 15))}
    book = build(mini, inputs=inputs)
    sheet = book["P1 Ondermijning"]
    row = {sheet.cell(r, 1).value: r for r in range(3, 6)}
    assert sheet.cell(row["P1-02"], 4).value == "=Jaarlijkse controle (tekst die met = begint)."
    assert sheet.cell(row["P1-02"], 4).data_type == "s"
    assert sheet.cell(row["P1-01"], 10).value == '=HYPERLINK("http://x","klik")'
    assert sheet.cell(row["P1-01"], 10).data_type == "s"
    assert sheet.cell(row["P1-01"], 12).value == datetime(2024, 7, 15)
    assert sheet.cell(row["P1-01"], 12).number_format == "dd-mm-yyyy"


def test_hidden_metadata_identifies_the_workbook(mini):
    inputs = {"P1-01": RowInput(status="Afgerond", kwartaal="Q2 2024")}
    meta = build(mini, inputs=inputs, regie="OOV")["_uvp_meta"]
    identity = {row[0]: row[1] for row in meta.iter_rows(min_row=2, max_col=2, values_only=True)
                if row[0]}
    assert identity == {
        "formaat": "1", "soort": "werkmap", "programma": "uvp-proefdorp-2024-2025",
        "titel": "Uitvoeringsprogramma Integrale Veiligheid 2024–2025", "gemeente": "Proefdorp",
        "versie": "versie 1 januari 2024", "versiedatum": "2024-01-01", "uvp_excel": "0.1.0",
        "regie": "OOV", "kwartaal": "Q3 2024", "gemaakt_op": "2024-07-01T09:00:00",
        "tabbladen": "Toelichting\nOverzicht\nP1 Ondermijning\nA Woon- en leefomgeving\n"
                     "Budget OOV\nBudget (lang)"}
    rows = list(meta.iter_rows(min_row=1, min_col=4, max_col=12, values_only=True))
    assert rows[0] == ("ID", "sectie", "tabblad", "controle", "status", "kwartaal",
                       "toelichting", "ingevuld_door", "bijgewerkt_op")
    assert rows[1][:6] == ("P1-01", "P1", "P1 Ondermijning",
                           activity_fingerprint(mini.section("P1").activities[0]), "Afgerond",
                           "Q2 2024")
    # Split for OOV: P1-01 (OOV) and P1-03 (OOV en Samenleven), and A-1.1-01 (OOV).
    assert [row[0] for row in rows[1:] if row[0]] == ["P1-01", "P1-03", "A-1.1-01"]


def test_budget_tab_is_one_rectangular_table_with_sum_formulas(heiloo):
    buffer = io.BytesIO()
    write_workbook(buffer, BuildSpec(heiloo, quarter=Quarter(2024, 3), generated=FIXED))
    formulas = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["Budget OOV"]
    values = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), data_only=True)["Budget OOV"]
    assert [cell.value for cell in formulas[4]] == ["Omschrijving", "Verdeling", "Begroot 2024",
                                                    "Begroot 2025", "Opmerking"]
    assert formulas.merged_cells.ranges == set()
    assert values["C5"].value == 110233 and isinstance(values["C5"].value, (int, float))
    assert formulas["C13"].value == "=SUM(C5:C12)"
    assert (values["C13"].value, values["D13"].value) == (377198, 302826)
    assert formulas["C5"].number_format.startswith("€ #,##0.00")
    assert [cell.value for cell in values[16]] == ["Totaal — Begroot 2024", 377198, 377198, 0,
                                                    "klopt"]


def test_projectkosten_carry_the_correction_and_its_check(heiloo):
    buffer = io.BytesIO()
    write_workbook(buffer, BuildSpec(heiloo, quarter=Quarter(2024, 3), generated=FIXED))
    values = openpyxl.load_workbook(buffer, data_only=True)["Projectkosten Ondermijning"]
    assert [cell.value for cell in values[5]][:6] == ["BUCH brede kosten", "", 47500, 17800,
                                                      47500, 29000]
    assert "Document: € 29,00" in values["G5"].value
    texts = [values.cell(row, 1).value or "" for row in range(1, values.max_row + 1)]
    assert any("lijkt verkeerd getypt" in text for text in texts)


def test_formatie_checks_cumulative_totals(heiloo):
    buffer = io.BytesIO()
    write_workbook(buffer, BuildSpec(heiloo, quarter=Quarter(2024, 3), generated=FIXED))
    values = openpyxl.load_workbook(buffer, data_only=True)["Formatie"]
    checks = {row[0]: row[1:5] for row in values.iter_rows(min_row=19, max_row=21,
                                                              values_only=True)}
    assert checks == {
        "Totaal Begroting 2024 — Begroting 24": (8.87, 8.87, 0, "klopt"),
        "Na vaststelling FIRAP 2024 — Begroting 24 + FIRAP 24": (11.87, 11.87, 0, "klopt"),
        "Na vaststelling Kadernota 2025 — Begroting 24 + KN 25": (13.87, 13.87, 0, "klopt"),
    }


def test_long_budget_tab_feeds_pivot_tables(heiloo_book):
    sheet = heiloo_book["Budget (lang)"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Tabel", "Groep", "Post", "Verdeling", "Kolom", "Jaar", "Bedrag",
                       "Eenheid")
    heiloo_2025 = [row for row in rows[1:] if row[0] == "Extra benodigd budget Heiloo 2024–2027"
                   and row[5] == 2025]
    assert sum(row[6] for row in heiloo_2025) == 124000
    assert all(isinstance(row[6], (int, float)) for row in rows[1:])


def test_split_workbook_holds_only_that_regies_rows(heiloo):
    book = build(heiloo, regie="THV")
    ids = [book[name].cell(row, 1).value for name in book.sheetnames
           if name[:2] in {s.tab_name[:2] for s in heiloo.sections}
           for row in range(3, book[name].max_row + 1)]
    expected = [a.id for a in heiloo.activities() if "THV" in a.regie]
    assert ids == expected and len(ids) == 4


def test_a_long_quarter_list_goes_on_a_visible_protected_lists_tab(mini_copy):
    path = mini_copy / "programma.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "ivb_periode: {van: 2024, tot: 2025}", "ivb_periode: {van: 2024, tot: 2040}"),
        encoding="utf-8")
    book = build(load_programme(mini_copy))
    assert book.sheetnames[-2:] == ["Lijsten", "_uvp_meta"]
    lists = book["Lijsten"]
    assert lists.sheet_state == "visible" and lists.protection.sheet is True
    assert lists.page_setup.orientation == "landscape"
    assert [lists.cell(row, 2).value for row in (1, 2, 69)] == ["Kwartaal", "Q1 2024", "Q4 2040"]
    found = {str(dv.sqref): dv.formula1 for dv in
             book["P1 Ondermijning"].data_validations.dataValidation}
    assert found["I3:I5"] == "'Lijsten'!$B$2:$B$69"
    assert found["H3:H5"] == STATUS_LIST  # the short list stays inline


def test_split_workbook_instructions_do_not_mention_budget_tabs(heiloo):
    book = build(heiloo, regie="THV", include_budget=False)
    texts = [cell.value for row in book["Toelichting"].iter_rows() for cell in row if cell.value]
    assert "Budget" not in texts and "Afkortingen" in texts
    assert "Regie" in texts

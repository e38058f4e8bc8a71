"""Merging returns: the three-way merge, conflicts, the Importverslag, the stand as a workbook."""

from __future__ import annotations

import json
from datetime import date

import openpyxl
import pytest
from click.testing import CliRunner

from tests.conftest import MINI_SOURCE
from tests.helpers.returns import FIXED, fill, handed_out, sort_and_rename
from uvp_excel.cli import cli
from uvp_excel.inputs import RowInput
from uvp_excel.merging.merge import merge_returns, read_base
from uvp_excel.source.loader import load_programme
from uvp_excel.source.planning import Quarter
from uvp_excel.workbook.writer import BuildSpec, write_workbook

MINI = str(MINI_SOURCE)


@pytest.fixture
def returns(tmp_path, mini):
    """Two colleagues and the AOV's handed-out workbook of the small programme."""
    book = handed_out(mini)
    folder = tmp_path / "ingevuld"
    folder.mkdir()
    fill(book, folder / "anne.xlsx", {
        ("P1-01", "status"): "Afgerond", ("P1-01", "toelichting"): "Klaar",
        ("P1-03", "status"): "In uitvoering", ("A-1.1-01", "kwartaal"): "Q4 2025"},
        creator="Anne de Vries")
    fill(book, folder / "bram.xlsx", {
        ("P1-01", "status"): "afgerond",            # the same change: taken once
        ("P1-03", "status"): "Vertraagd",           # a different change: conflict
        ("P1-03", "toelichting"): "Wacht op partner",
        ("P1-02", "bijgewerkt_op"): date(2024, 8, 1)}, creator="Bram Jansen")
    return folder


def test_three_way_merge_takes_changes_and_reports_conflicts(returns, mini):
    result = merge_returns([returns], mini, keep_ledger=True)
    stand = result.outcome.inputs
    assert stand["P1-01"] == RowInput("Afgerond", "", "Klaar", "", None)
    assert stand["P1-02"].bijgewerkt_op == date(2024, 8, 1)
    assert stand["P1-03"].status == ""                     # conflict: handed-out value stays
    assert stand["P1-03"].toelichting == "Wacht op partner"
    assert stand["A-1.1-01"].kwartaal == "Q4 2025"
    changes = {(c.id, c.field): [o.file for o in c.origins] for c in result.outcome.changes}
    assert [name.rsplit("/", 1)[-1] for name in changes[("P1-01", "status")]] == [
        "anne.xlsx", "bram.xlsx"]
    (conflict,) = result.outcome.conflicts
    assert (conflict.id, conflict.field, conflict.base) == ("P1-03", "status", "")
    assert sorted(conflict.proposals) == ["In uitvoering", "Vertraagd"]
    assert result.outcome.flags == {
        "P1-03": "Conflict in Status: zie het tabblad Importverslag conflicten"}
    assert not result.clean
    anne, bram = (summary.name for summary in result.summaries)
    # One conflict is one line, naming every competing value with its file › tab › cell.
    assert [(f.severity, str(f)) for f in result.report.findings] == [(
        "conflict", f"Status van P1-03: 'In uitvoering' in {anne} › P1 Ondermijning › H5; "
        f"'Vertraagd' in {bram} › P1 Ondermijning › H5; de stand houdt een lege cel")]


IMPORT_TABS = ["Importverslag", "Importverslag wijzigingen", "Importverslag conflicten",
               "Importverslag meldingen"]


def table_of(sheet) -> list[list]:
    """The rows of an Importverslag table, from its header row on."""
    return [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]


def test_stand_is_a_workbook_with_importverslag_and_provenance(returns, mini, tmp_path):
    result = merge_returns([returns], mini)
    target = tmp_path / "stand.xlsx"
    result.write(target)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[-5:] == [*IMPORT_TABS, "_uvp_meta"]
    anne, bram = (summary.name for summary in result.summaries)
    files = table_of(book["Importverslag"])
    assert files == [
        ["Bestand", "Laatst opgeslagen door", "Opgeslagen op", "Regie", "Kwartaal",
         "Rijen gelezen", "Wijzigingen", "Conflicten", "Fouten", "Waarschuwingen",
         "Wat merge deed"],
        [anne, "Anne de Vries", files[1][2], "", "Q3 2024", 5, 3, 1, 0, 0, "samengevoegd"],
        [bram, "Bram Jansen", files[2][2], "", "Q3 2024", 5, 3, 1, 0, 0, "samengevoegd"]]
    assert table_of(book["Importverslag wijzigingen"]) == [
        ["ID", "Veld", "Oud", "Nieuw", "Uit (bestand › tabblad › cel)"],
        ["A-1.1-01", "Kwartaal", "(leeg)", "Q4 2025", f"{anne} › A Woon- en leefomgeving › I3"],
        ["P1-01", "Status", "(leeg)", "Afgerond",
         f"{anne} › P1 Ondermijning › H3\n{bram} › P1 Ondermijning › H3"],
        ["P1-01", "Toelichting", "(leeg)", "Klaar", f"{anne} › P1 Ondermijning › J3"],
        ["P1-02", "Bijgewerkt op", "(leeg)", "01-08-2024", f"{bram} › P1 Ondermijning › L4"],
        ["P1-03", "Toelichting", "(leeg)", "Wacht op partner",
         f"{bram} › P1 Ondermijning › J5"]]
    assert table_of(book["Importverslag conflicten"]) == [
        ["Nr", "ID", "Veld", "De stand houdt", "Voorgestelde waarde",
         "Uit (bestand › tabblad › cel)", "Ingevuld door, bijgewerkt op"],
        [1, "P1-03", "Status", "(leeg)", "In uitvoering", f"{anne} › P1 Ondermijning › H5", ""],
        [1, "P1-03", "Status", "(leeg)", "Vertraagd", f"{bram} › P1 Ondermijning › H5", ""]]
    assert book["Importverslag conflicten"]["A1"].value == (
        "Importverslag stand Q3 2024 — Conflicten: de stand houdt de waarde van vóór de "
        "samenvoeging (1)")
    assert book["Importverslag meldingen"]["A5"].value == "geen"
    for tab in IMPORT_TABS:  # locked; filtering, sorting and resizing allowed (False in the file)
        protection = book[tab].protection
        assert (protection.sheet, protection.autoFilter, protection.sort,
                protection.formatColumns, protection.formatRows) == (True, False, False, False,
                                                                     False)
    sheet = book["P1 Ondermijning"]
    assert sheet["H3"].value == "Afgerond" and sheet["J3"].value == "Klaar"
    assert sheet["A5"].value == "P1-03"
    assert sheet["A5"].comment.text == "Conflict in Status: zie het tabblad Importverslag " \
                                        "conflicten"
    meta = {row[3]: row for row in book["_uvp_meta"].iter_rows(min_row=2, values_only=True)
            if row[3]}
    # herkomst: the last file whose report on the row was taken (bram's equal status), and the
    # first cell it changed.
    assert meta["P1-01"][12].endswith("bram.xlsx") and meta["P1-01"][14] == "Bram Jansen"
    assert meta["P1-01"][13] == "P1 Ondermijning › H3"
    kinds = {row[0]: row[1] for row in book["_uvp_meta"].iter_rows(min_row=2, max_col=2,
                                                                   values_only=True) if row[0]}
    assert kinds["soort"] == "stand"
    assert "Importverslag conflicten" in kinds["tabbladen"].split("\n")


def test_a_merge_writes_its_own_stand_without_being_told_its_programme(returns, mini, tmp_path):
    result = merge_returns([returns], mini)
    written = result.write(tmp_path / "stand.xlsx")
    assert written.activity_count == sum(len(s.own_activities) for s in mini.sections)
    assert openpyxl.load_workbook(tmp_path / "stand.xlsx").sheetnames[-5:] == [*IMPORT_TABS,
                                                                                "_uvp_meta"]


def test_each_importverslag_table_prints_on_its_own_with_its_header_repeated(returns, mini,
                                                                            tmp_path):
    target = tmp_path / "stand.xlsx"
    merge_returns([returns], mini).write(target)
    book = openpyxl.load_workbook(target)
    widths = {}
    for name in IMPORT_TABS:
        sheet = book[name]
        assert sheet.print_title_rows == "$4:$4"
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        # One page wide (1 is the default and is left out of the file), as many pages high.
        assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
        columns = len(next(sheet.iter_rows(min_row=4, max_row=4)))
        # Nothing beyond the table: the title lines are merged across its width.
        assert sheet.max_column == columns
        assert {str(merged) for merged in sheet.merged_cells.ranges} == {
            f"A1:{chr(64 + columns)}1", f"A2:{chr(64 + columns)}2"}
        each = {column: dimension.width for dimension in sheet.column_dimensions.values()
                for column in range(dimension.min, dimension.max + 1)}
        widths[name] = [each[column] for column in range(1, columns + 1)]
    assert widths["Importverslag wijzigingen"][2:4] == [pytest.approx(42.7, abs=1)] * 2
    assert len({tuple(width) for width in widths.values()}) == len(IMPORT_TABS)


def test_stand_is_the_base_of_the_next_quarter(returns, mini, tmp_path):
    first = tmp_path / "stand-q3.xlsx"
    merge_returns([returns], mini).write(first)
    base = read_base(first, mini)
    assert base["P1-01"].status == "Afgerond"
    next_book = handed_out(mini, inputs=base)
    later = tmp_path / "later"
    later.mkdir()
    fill(next_book, later / "anne.xlsx", {("P1-01", "toelichting"): "Klaar en geëvalueerd"})
    fill(next_book, later / "bram.xlsx", {})
    result = merge_returns([later], mini)
    assert result.clean
    assert [(c.id, c.field, c.old, c.new) for c in result.outcome.changes] == [
        ("P1-01", "toelichting", "Klaar", "Klaar en geëvalueerd")]
    assert result.outcome.inputs["P1-01"].status == "Afgerond"   # kept, nobody changed it


def test_cleared_cell_is_a_change(mini, tmp_path):
    book = handed_out(mini, inputs={"P1-01": RowInput(status="Vertraagd", toelichting="Later")})
    folder = tmp_path / "in"
    folder.mkdir()
    fill(book, folder / "a.xlsx", {("P1-01", "toelichting"): None,
                                   ("P1-01", "status"): "In uitvoering"})
    result = merge_returns([folder], mini)
    assert result.outcome.inputs["P1-01"] == RowInput("In uitvoering", "", "", "", None)


def test_base_sets_the_start_and_each_return_is_judged_against_its_own_hand_out(mini,
                                                                               tmp_path):
    base_path = tmp_path / "basis.xlsx"
    base_path.write_bytes(handed_out(mini, inputs={"P1-01": RowInput(status="Afgerond"),
                                                   "P1-03": RowInput(toelichting="Loopt")}))
    folder = tmp_path / "in"
    folder.mkdir()
    # The AOV forgot --from: the workbook went out empty. What nobody retyped is untouched.
    fill(handed_out(mini), folder / "a.xlsx", {("P1-02", "status"): "Afgerond"})
    result = merge_returns([folder], mini, base_path=base_path)
    assert result.outcome.inputs["P1-01"].status == "Afgerond"
    assert result.outcome.inputs["P1-03"].toelichting == "Loopt"
    assert result.outcome.inputs["P1-02"].status == "Afgerond"
    assert [(c.id, c.field) for c in result.outcome.changes] == [("P1-02", "status")]
    assert [str(f).split(": ", 1)[1] for f in result.report.findings] == [
        f"uitgedeeld met andere waarden dan de basis {base_path} bij 2 activiteiten: P1-01 "
        "(Status), P1-03 (Toelichting). Alleen wat in deze werkmap veranderd is telt als "
        f"wijziging; verder houdt de stand de waarden van de basis {base_path}"]


def test_renamed_tabs_and_sorted_rows_merge_the_same(returns, mini, tmp_path):
    plain = merge_returns([returns], mini).outcome.inputs
    for path in returns.iterdir():
        sort_and_rename(path)
    shuffled = merge_returns([returns], mini)
    assert shuffled.outcome.inputs == plain
    assert {f.kind for f in shuffled.report.findings} == {"merge-conflict"}


def test_merge_cli_writes_stand_and_exits_1_on_conflict(returns, tmp_path):
    target = tmp_path / "stand.xlsx"
    result = CliRunner().invoke(cli, ["merge", str(returns), "-o", str(target), "--source",
                                      MINI])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Stand geschreven: {target} (2 bestanden, 5 wijzigingen, 1 conflict, 0 fouten, "
        "0 waarschuwingen; 4 activiteiten)")
    again = CliRunner().invoke(cli, ["merge", str(returns), "-o", str(target), "--source",
                                     MINI])
    assert again.exit_code == 1 and "bestaat al; gebruik --force" in again.stderr


def test_merge_strict_refuses_to_write_with_errors(mini, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    fill(handed_out(mini), folder / "a.xlsx", {("P1-01", "status"): "bijna"})
    target = tmp_path / "stand.xlsx"
    result = CliRunner().invoke(cli, ["merge", str(folder), "-o", str(target), "--strict",
                                      "--source", MINI])
    assert result.exit_code == 1
    assert not target.exists()
    assert "Fout: niet samengevoegd (--strict)" in result.stderr


def test_merge_json_is_data(returns, mini, tmp_path):
    result = CliRunner().invoke(cli, ["merge", str(returns), "-o", str(tmp_path / "s.xlsx"),
                                      "--source", MINI, "--json"])
    data = json.loads(result.stdout)
    assert data["kwartaal"] == "Q3 2024"
    assert [c["id"] for c in data["conflicten"]] == ["P1-03"]
    assert data["aantallen"] == {"bestanden": 2, "wijzigingen": 5, "conflicten": 1, "fouten": 0,
                                 "waarschuwingen": 0}
    assert [f["severity"] for f in data["bevindingen"]] == ["conflict"]
    # One encoder: the merge's JSON ends with the report's own, key for key and in order.
    assert list(data) == ["kwartaal", "basis", "aantallen", "bestanden", "wijzigingen",
                          "conflicten", "fouten", "waarschuwingen", "bevindingen"]
    merged = merge_returns([returns], mini)
    assert {key: data[key] for key in ("fouten", "waarschuwingen", "bevindingen")} == \
        json.loads(merged.report.to_json()) == {
            "fouten": 0, "waarschuwingen": 0, "bevindingen": data["bevindingen"]}


def test_returns_of_a_later_quarter_are_flagged(mini, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    fill(handed_out(mini), folder / "q3.xlsx", {("P1-01", "status"): "Afgerond"})
    other = folder / "q4.xlsx"
    write_workbook(str(other), BuildSpec(mini, quarter=Quarter(2024, 4), generated=FIXED))
    result = merge_returns([folder], mini, quarter=Quarter(2024, 3))
    assert [str(f) for f in result.report.findings if f.kind == "merge-kwartalen"] == [
        "de werkmappen zijn uitgedeeld voor verschillende kwartalen (Q3 2024, Q4 2024); de "
        "stand krijgt Q3 2024"]


def test_clean_merge_exits_0(mini, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    fill(handed_out(mini), folder / "a.xlsx", {("P1-01", "status"): "Afgerond"})
    result = CliRunner().invoke(cli, ["merge", str(folder), "-o", str(tmp_path / "s.xlsx"),
                                      "--source", MINI])
    assert result.exit_code == 0, result.output


def test_merge_never_overwrites_an_input_and_skips_a_stand(returns, tmp_path):
    own = returns / "anne.xlsx"
    before = own.read_bytes()
    result = CliRunner().invoke(cli, ["merge", str(returns), "-o", str(own), "--force",
                                      "--source", MINI])
    assert result.exit_code == 2
    assert "is ook een invoerbestand" in result.stderr and own.read_bytes() == before
    stand = returns / "stand.xlsx"
    CliRunner().invoke(cli, ["merge", str(returns), "-o", str(stand), "--source",
                             MINI])
    again = CliRunner().invoke(cli, ["merge", str(returns), "-o", str(tmp_path / "s2.xlsx"),
                                     "--source", MINI])
    assert ("info: ingevuld/stand.xlsx: overgeslagen: een stand van Q3 2024 zonder wijzigingen, "
            "geen ingevulde werkmap (voeg samen op de vorige stand als basis)") in again.stderr


def test_rows_nobody_returned_are_named(mini, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    fill(handed_out(mini, regie="THV"), folder / "thv.xlsx", {("P1-02", "status"): "Afgerond"})
    result = merge_returns([folder], mini)
    assert [str(f) for f in result.report.findings if f.kind == "merge-niet-terug"] == [
        "3 activiteiten staan in geen enkele ingevulde werkmap (P1-01, P1-03, A-1.1-01); in "
        "de stand zijn ze leeg. Voeg samen op de vorige stand als basis om de waarden te houden"]


def test_input_on_an_activity_the_programme_no_longer_has_is_reported(mini, mini_copy,
                                                                     tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    fill(handed_out(mini), folder / "a.xlsx", {("P1-02", "status"): "Afgerond",
                                               ("P1-02", "toelichting"): "klaar in juni"})
    path = mini_copy / "secties/P1.yaml"
    text = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in text if "P1-02" not in line) + "\n",
                    encoding="utf-8")
    newer = load_programme(mini_copy)
    result = merge_returns([folder], newer)
    assert sorted(str(f).split(" › ", 2)[-1] for f in result.report.findings
                  if f.kind == "merge-activiteit-onbekend") == [
        "H4: activiteit P1-02 bestaat niet (meer) in het programma; niet overgenomen: Afgerond",
        "J4: activiteit P1-02 bestaat niet (meer) in het programma; niet overgenomen: "
        "klaar in juni"]


def test_a_spreadsheet_in_another_format_is_an_error_and_lock_files_are_named(mini, tmp_path):
    folder = tmp_path / "ingevuld"
    folder.mkdir()
    fill(handed_out(mini), folder / "anne.xlsx", {("P1-01", "status"): "Afgerond"})
    for name in ("oov.xls", "thv.ods", "pol.xlsb", "~$anne.xlsx", ".~lock.anne.xlsx#",
                 "notulen.docx"):
        (folder / name).write_bytes(b"\xd0\xcf\x11\xe0 een team zijn retour")
    merged = CliRunner().invoke(cli, ["merge", "ingevuld", "-o", "stand.xlsx", "--source", MINI])
    assert merged.exit_code == 1  # a team's return was not read: the AOV must act
    assert merged.stderr.splitlines() == [
        "info: ingevuld/.~lock.anne.xlsx#: overgeslagen: tijdelijk vergrendelingsbestand van "
        "LibreOffice (.~lock.…#)",
        "info: ingevuld/notulen.docx: overgeslagen: geen Excel-werkmap (.xlsx of .xlsm)",
        "fout: ingevuld/oov.xls: dit is een oud Excel-bestand (.xls); sla het op als "
        "Excel-werkmap (.xlsx) en stuur het opnieuw",
        "fout: ingevuld/pol.xlsb: dit is een binaire Excel-werkmap (.xlsb); sla het op als "
        "Excel-werkmap (.xlsx) en stuur het opnieuw",
        "fout: ingevuld/thv.ods: dit is een OpenDocument-rekenblad (.ods); sla het op als "
        "Excel-werkmap (.xlsx) en stuur het opnieuw",
        "info: ingevuld/~$anne.xlsx: overgeslagen: tijdelijk vergrendelingsbestand van Office "
        "(~$…)",
        "Stand geschreven: stand.xlsx (7 bestanden, 1 wijziging, 0 conflicten, 3 fouten, "
        "0 waarschuwingen; 4 activiteiten)"]
    plan = CliRunner().invoke(cli, ["validate", "ingevuld", "--source", MINI])
    assert plan.exit_code == 1
    assert [line for line in plan.stdout.splitlines() if "oov" in line] == [
        "  ingevuld/oov.xls: niet te lezen (1 fout)"]
    named = CliRunner().invoke(cli, ["validate", "ingevuld/oov.xls", "--source", MINI])
    assert named.exit_code == 1 and "fout: ingevuld/oov.xls: dit is een oud Excel-bestand " \
        "(.xls); sla het op" in named.stderr


def test_who_reported_each_value_of_a_conflict_is_in_the_importverslag(mini, tmp_path):
    # Both reports on P1-03 are wholly in conflict: their names and dates cannot go into the
    # stand, so the Importverslag shows them beside the value, each with its cell.
    folder = tmp_path / "ingevuld"
    folder.mkdir()
    book = handed_out(mini)
    fill(book, folder / "oov.xlsx", {("P1-03", "status"): "In uitvoering",
                                     ("P1-03", "ingevuld_door"): "Anna",
                                     ("P1-03", "bijgewerkt_op"): date(2024, 9, 12)})
    fill(book, folder / "samenleven.xlsx", {("P1-03", "status"): "Vertraagd",
                                            ("P1-03", "ingevuld_door"): "Bert"})
    merged = CliRunner().invoke(cli, ["merge", str(folder), "-o", "stand.xlsx", "--json",
                                      "--source", MINI])
    (conflict,) = json.loads(merged.stdout)["conflicten"]
    assert [p["gemeld_door"] for p in conflict["voorstellen"]] == [
        ["Anna (K5), 12-09-2024 (L5)"], ["Bert (K5)"]]
    assert [row[4:] for row in table_of(openpyxl.load_workbook("stand.xlsx")[
        "Importverslag conflicten"])[1:]] == [
        ["In uitvoering", "ingevuld/oov.xlsx › P1 Ondermijning › H5",
         "Anna (K5), 12-09-2024 (L5)"],
        ["Vertraagd", "ingevuld/samenleven.xlsx › P1 Ondermijning › H5", "Bert (K5)"]]

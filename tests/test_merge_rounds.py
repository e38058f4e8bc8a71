"""A quarter as it really goes: shared rows, stands mailed around, files sent twice, late returns.

Each test is one situation from the AOV's inbox, with the exact Dutch line the AOV reads.
"""

from __future__ import annotations

import io
import json
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.conftest import MINI_SOURCE
from tests.helpers.returns import fill, handed_out
from uvp_excel.cli import cli
from uvp_excel.inputs import RowInput
from uvp_excel.merging.merge import merge_returns, read_stand
from uvp_excel.merging.record import handout_warnings, open_conflicts
from uvp_excel.source.planning import Quarter
from uvp_excel.summary.run import summarise
from uvp_excel.workbook.writer import BuildSpec, write_workbook

MINI = ["--source", str(MINI_SOURCE)]
Q3_VALUES = {"P1-01": RowInput("In uitvoering", "", "Loopt", "Carla", date(2024, 6, 1)),
             "P1-03": RowInput("Niet gestart", "Q4 2024")}


def lines(findings) -> list[str]:
    """Findings as the AOV reads them, without the temporary folder."""
    return [f"{f.severity}: {f}".replace(f"{Path.cwd()}/", "") for f in findings]


def tamper(path: Path, activity_id: str, field: str, value: str) -> None:
    """Edit the hidden hand-out value of one row, as someone who unhid the sheet would."""
    book = openpyxl.load_workbook(path)
    sheet = book["_uvp_meta"]
    header = [cell.value for cell in sheet[1]]
    column = header.index(field) + 1
    row = next(r for r in range(2, sheet.max_row + 1)
               if sheet.cell(r, header.index("ID") + 1).value == activity_id)
    sheet.cell(row, column).value = value
    book.save(path)


@pytest.fixture
def quarter(mini, tmp_path, monkeypatch):
    """The Q3 stand and the folder the Q4 returns come into (handed out from the Q3 stand)."""
    monkeypatch.chdir(tmp_path)
    stand = Path("stand-q3.xlsx")
    first = Path("ingevuld-q3")
    first.mkdir()
    fill(handed_out(mini), first / "oov.xlsx", {("P1-01", "status"): "In uitvoering"})
    merge_returns([first], mini, base_path=_base(mini, Path("basis-q3.xlsx"))).write(stand)
    folder = Path("ingevuld-q4")
    folder.mkdir()
    return stand, folder, _q4_book(mini, stand)


def _base(mini, path: Path) -> Path:
    path.write_bytes(handed_out(mini, inputs=Q3_VALUES))
    return path


def _q4_book(mini, stand: Path, regie: str = "") -> bytes:
    buffer = io.BytesIO()
    write_workbook(buffer, BuildSpec(mini, quarter=Quarter(2024, 4), regie=regie,
                                     inputs=read_stand(stand, mini).values))
    return buffer.getvalue()


def test_a_filled_in_stand_among_the_returns_is_merged_with_a_warning(mini, quarter):
    stand, folder, book = quarter
    fill(book, folder / "thv.xlsx", {("P1-02", "status"): "Afgerond"})
    copy = folder / "stand-rondgestuurd.xlsx"
    shutil.copy(stand, copy)
    fill(copy.read_bytes(), copy, {("P1-03", "status"): "In uitvoering",
                                   ("P1-03", "toelichting"): "Eerste gesprek gehad"})
    result = merge_returns([folder], mini, base_path=stand)
    assert result.outcome.inputs["P1-03"] == RowInput("In uitvoering", "Q4 2024",
                                                      "Eerste gesprek gehad")
    assert result.outcome.inputs["P1-02"].status == "Afgerond"
    assert lines(result.report.findings) == [
        "waarschuwing: ingevuld-q4/stand-rondgestuurd.xlsx: een stand van Q3 2024 die na het "
        "samenvoegen is ingevuld: wat daarin veranderd is ten opzichte van de stand wordt "
        "samengevoegd zoals uit een ingevulde werkmap"]
    assert [s.status for s in result.summaries] == ["samengevoegd: een ingevulde stand",
                                                    "samengevoegd"]
    plan = CliRunner().invoke(cli, ["validate", str(folder), "--base", str(stand), *MINI])
    assert plan.exit_code == 0
    assert plan.stdout.splitlines()[1:] == [
        "  ingevuld-q4/stand-rondgestuurd.xlsx: samenvoegen: een ingevulde stand "
        "(2 wijzigingen, 1 waarschuwing)", "  ingevuld-q4/thv.xlsx: samenvoegen (1 wijziging)"]


def test_an_untouched_stand_among_the_returns_is_skipped_with_one_line(mini, quarter):
    stand, folder, book = quarter
    fill(book, folder / "thv.xlsx", {("P1-02", "status"): "Afgerond"})
    shutil.copy(stand, folder / "stand-q3.xlsx")
    with_base = merge_returns([folder], mini, base_path=stand)
    assert lines(with_base.report.findings) == [
        "info: ingevuld-q4/stand-q3.xlsx: overgeslagen: een stand van Q3 2024 zonder "
        "wijzigingen, geen ingevulde werkmap"]
    without = merge_returns([folder], mini)
    assert lines(without.report.findings)[0].endswith(
        "geen ingevulde werkmap (voeg samen op de vorige stand als basis)")


def test_the_base_itself_in_the_folder_is_not_read_twice(mini, quarter):
    stand, folder, book = quarter
    fill(book, folder / "thv.xlsx", {("P1-02", "status"): "Afgerond"})
    inside = folder / "stand-q3.xlsx"
    shutil.copy(stand, inside)
    result = merge_returns([folder], mini, base_path=inside)
    assert [s.status for s in result.summaries] == [
        "overgeslagen: de basis; niet nog eens als ingevulde werkmap gelezen",
        "samengevoegd"]


def test_a_merge_that_read_no_return_writes_no_stand(mini, quarter):
    stand, folder, _ = quarter
    shutil.copy(stand, folder / "stand-q3.xlsx")
    (folder / "~$thv.xlsx").write_bytes(b"lock")
    result = CliRunner().invoke(cli, ["merge", str(folder), "-o", "stand-q4.xlsx", *MINI])
    assert result.exit_code == 1
    assert not Path("stand-q4.xlsx").exists()
    assert result.stderr.splitlines()[-1] == (
        "Fout: geen enkele ingevulde werkmap kunnen samenvoegen; er is geen stand geschreven "
        "(zie de meldingen hierboven)")
    plan = CliRunner().invoke(cli, ["validate", str(folder), *MINI])
    assert plan.exit_code == 1
    assert plan.stderr.splitlines()[-1].endswith(
        "geen enkele ingevulde werkmap om samen te voegen: merge schrijft geen stand")


def test_the_same_return_twice_and_a_return_without_changes_get_one_line_each(mini, quarter):
    stand, folder, book = quarter
    fill(book, folder / "thv.xlsx", {("P1-02", "status"): "Afgerond"})
    shutil.copy(folder / "thv.xlsx", folder / "thv (2).xlsx")
    fill(book, folder / "oov.xlsx", {})
    result = merge_returns([folder], mini, base_path=stand)
    assert lines(result.report.findings) == [
        "info: ingevuld-q4/oov.xlsx: geen enkele invulcel veranderd ten opzichte van hoe de "
        "werkmap is uitgedeeld",
        "info: ingevuld-q4/thv.xlsx: dezelfde werkmap met dezelfde invoer als "
        "ingevuld-q4/thv (2).xlsx (twee keer gestuurd?); één keer meegeteld"]
    (change,) = result.outcome.changes
    assert [o.file for o in change.origins] == ["ingevuld-q4/thv (2).xlsx"]
    assert [(s.name, s.status, s.changes) for s in result.summaries] == [
        ("ingevuld-q4/oov.xlsx", "samengevoegd", 0),
        ("ingevuld-q4/thv (2).xlsx", "samengevoegd", 1),
        ("ingevuld-q4/thv.xlsx", "dubbel, één keer meegeteld: dezelfde invoer als "
                                 "ingevuld-q4/thv (2).xlsx", 0)]


def test_last_quarters_file_sent_again_is_not_merged(mini, quarter):
    stand, folder, book = quarter
    fill(book, folder / "thv.xlsx", {("P1-02", "status"): "Afgerond"})
    for team in ("OOV", "Samenleven"):
        fill(_q4_book(mini, stand, team), folder / f"{team.lower()}.xlsx", {})
    shutil.copy("ingevuld-q3/oov.xlsx", folder / "oov-oud.xlsx")  # its change is in the stand
    fill(handed_out(mini), folder / "samenleven-oud.xlsx", {("P1-03", "toelichting"): "Gestart"})
    result = merge_returns([folder], mini, base_path=stand)
    assert result.outcome.inputs["P1-03"] == Q3_VALUES["P1-03"]
    assert lines(result.report.findings)[2:] == [
        "info: ingevuld-q4/oov-oud.xlsx: uitgedeeld voor Q3 2024, de andere werkmappen voor "
        "Q4 2024: niet samengevoegd; alles wat erin veranderd is staat al in de stand (vorig "
        "kwartaal opnieuw gestuurd?)",
        "fout: ingevuld-q4/samenleven-oud.xlsx: uitgedeeld voor Q3 2024, de andere werkmappen "
        "voor Q4 2024: niet samengevoegd (een ronde eerder). 1 waarde staat niet in de stand: "
        "P1-03 Toelichting 'Gestart' (J5). Laat het team de werkmap van Q4 2024 invullen, of "
        "voeg dit bestand samen op de stand van Q3 2024 als basis"]
    assert result.returns_read == 3


def test_teams_that_agree_on_a_shared_row_get_both_names_and_the_latest_date(mini, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    agreed = {("P1-03", "status"): "In uitvoering", ("P1-03", "toelichting"): "Loopt"}
    fill(handed_out(mini, regie="OOV"), folder / "oov.xlsx", {
        **agreed, ("P1-03", "ingevuld_door"): "Bert", ("P1-03", "bijgewerkt_op"): "10-09-2024"})
    fill(handed_out(mini, regie="Samenleven"), folder / "samenleven.xlsx", {
        **agreed, ("P1-03", "ingevuld_door"): "anna", ("P1-03", "bijgewerkt_op"): "20-09-2024"})
    result = merge_returns([folder], mini)
    assert result.outcome.inputs["P1-03"] == RowInput("In uitvoering", "", "Loopt", "anna; Bert",
                                                      date(2024, 9, 20))
    assert result.outcome.conflicts == []
    assert result.headline() == "2 bestanden, 4 wijzigingen, 0 conflicten, 0 fouten, " \
                                "1 waarschuwing"


def test_a_real_conflict_is_one_line_and_the_id_comment_names_every_field(mini, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    fill(handed_out(mini, regie="OOV"), folder / "oov.xlsx", {
        ("P1-03", "status"): "In uitvoering", ("P1-03", "toelichting"): "Loopt"})
    fill(handed_out(mini, regie="Samenleven"), folder / "samenleven.xlsx", {
        ("P1-03", "status"): "Vertraagd", ("P1-03", "toelichting"): "Wacht op de school"})
    target = tmp_path / "stand.xlsx"
    result = CliRunner().invoke(cli, ["merge", str(folder), "-o", str(target), *MINI])
    assert result.exit_code == 1
    conflict_lines = [line for line in result.stderr.splitlines() if "P1-03" in line]
    assert conflict_lines == [
        "conflict: Status van P1-03: 'In uitvoering' in in/oov.xlsx › P1 Ondermijning › "
        "H4; 'Vertraagd' in in/samenleven.xlsx › P1 Ondermijning › H3; de stand houdt "
        "een lege cel",
        "conflict: Toelichting van P1-03: 'Loopt' in in/oov.xlsx › P1 Ondermijning › "
        "J4; 'Wacht op de school' in in/samenleven.xlsx › P1 Ondermijning › J3; de stand "
        "houdt een lege cel"]
    assert result.stderr.splitlines()[-1].startswith(
        f"Stand geschreven: {target} (2 bestanden, 0 wijzigingen, 2 conflicten, 0 fouten, ")
    as_data = CliRunner().invoke(cli, ["merge", str(folder), "-o", str(tmp_path / "s.xlsx"),
                                       "--json", *MINI])
    data = json.loads(as_data.stdout)
    assert data["aantallen"]["conflicten"] == len(data["conflicten"]) == 2
    assert [f["severity"] for f in data["bevindingen"]].count("conflict") == 2
    sheet = openpyxl.load_workbook(target)["P1 Ondermijning"]
    assert sheet["A5"].value == "P1-03"
    assert sheet["A5"].comment.text == ("Conflict in Status en Toelichting: zie het tabblad "
                                         "Importverslag conflicten")


def _summary_of(paths, mini, base=None) -> dict:
    data = summarise(paths, mini, None, base).to_dict()
    return {key: data[key] for key in ("kwartaal", "totaal", "per_sectie", "per_regie",
                                       "lijsten")}


def test_a_late_return_on_this_quarters_stand_equals_merging_all_at_once(mini, quarter):
    stand, folder, _ = quarter
    oov = _q4_book(mini, stand, "OOV")
    samenleven = _q4_book(mini, stand, "Samenleven")
    fill(oov, folder / "oov.xlsx", {
        ("P1-01", "status"): "Afgerond", ("P1-01", "ingevuld_door"): "Anna",
        ("P1-03", "status"): "In uitvoering", ("A-1.1-01", "toelichting"): "Gestart"})
    late = Path("laat")
    late.mkdir()
    fill(samenleven, late / "samenleven.xlsx", {
        ("P1-03", "status"): "Vertraagd", ("P1-03", "toelichting"): "Wacht op de school",
        ("P1-03", "ingevuld_door"): "Bert"})
    merge_returns([folder, late], mini, base_path=stand).write(Path("stand-q4-alles.xlsx"))
    merge_returns([folder], mini, base_path=stand).write(Path("stand-q4.xlsx"))
    result = merge_returns([late], mini, base_path=Path("stand-q4.xlsx"))
    assert result.late and lines(result.report.findings) == [
        "conflict: Status van P1-03: 'In uitvoering' in ingevuld-q4/oov.xlsx › P1 Ondermijning "
        "› H4; 'Vertraagd' in laat/samenleven.xlsx › P1 Ondermijning › H3; de stand houdt "
        "'Niet gestart'"]
    result.write(Path("stand-q4-laat.xlsx"))
    at_once = _summary_of([Path("stand-q4-alles.xlsx")], mini)
    assert _summary_of([Path("stand-q4-laat.xlsx")], mini) == at_once
    assert at_once["totaal"]["zonder_update"] == 1  # P1-02: nobody reported on it this quarter
    assert [row["id"] for row in at_once["lijsten"]["conflicten"]] == ["P1-03"]
    kept = read_stand(Path("stand-q4-laat.xlsx"), mini)
    assert kept.values["P1-01"] == RowInput("Afgerond", "", "Loopt", "Anna", date(2024, 6, 1))
    assert kept.provenance["P1-01"].file == "ingevuld-q4/oov.xlsx"


def test_a_hand_out_edited_in_the_hidden_sheet_never_slips_a_change_through(mini, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    book = handed_out(mini, inputs=Q3_VALUES)
    path = fill(book, folder / "oov.xlsx", {("P1-01", "status"): "Afgerond"})
    tamper(path, "P1-01", "status", "Afgerond")  # now the change looks untouched
    fill(book, folder / "thv.xlsx", {("P1-02", "status"): "Afgerond"})
    result = merge_returns([folder], mini)
    assert result.outcome.inputs["P1-01"].status == "Afgerond"
    assert [(c.id, c.field, c.old, c.new, [o.cell for o in c.origins])
            for c in result.outcome.changes if c.id == "P1-01"] == [
        ("P1-01", "status", "In uitvoering", "Afgerond", ["H3"])]
    assert lines(result.report.findings) == [
        "waarschuwing: in/oov.xlsx: de verborgen uitgedeelde waarden van 1 activiteit zijn na het "
        "uitdelen veranderd, niet door uvp-excel: P1-01. Deze rijen zijn vergeleken met de "
        "andere werkmappen: elke afwijking telt als wijziging van dit bestand"]
    base = tmp_path / "basis.xlsx"
    base.write_bytes(book)
    with_base = merge_returns([folder], mini, base_path=base)
    assert [(c.id, c.old, c.new) for c in with_base.outcome.changes if c.id == "P1-01"] == [
        ("P1-01", "In uitvoering", "Afgerond")]


def test_a_correction_in_this_quarters_stand_replaces_the_value_it_corrects(mini, quarter):
    stand, folder, book = quarter
    fill(book, folder / "oov.xlsx", {("P1-01", "status"): "Afgerond",
                                     ("P1-03", "status"): "In uitvoering"})
    merge_returns([folder], mini, base_path=stand).write(Path("stand-q4.xlsx"))
    review = Path("review")
    review.mkdir()
    # The AOV mailed the Q4 stand round; OOV corrects the status they reported.
    fill(Path("stand-q4.xlsx").read_bytes(), review / "stand-q4-oov.xlsx", {
        ("P1-01", "status"): "Vertraagd", ("P1-01", "toelichting"): "Toch nog niet klaar"})
    result = merge_returns([review], mini, base_path=Path("stand-q4.xlsx"), keep_ledger=True)
    assert result.outcome.conflicts == []
    assert result.outcome.inputs["P1-01"].status == "Vertraagd"
    assert result.outcome.inputs["P1-03"].status == "In uitvoering"  # the rest of Q4 is kept
    assert lines(result.report.findings) == [
        "waarschuwing: review/stand-q4-oov.xlsx: een stand van Q4 2024 die na het samenvoegen "
        "is ingevuld: wat daarin veranderd is ten opzichte van de stand wordt samengevoegd zoals "
        "uit een ingevulde werkmap",
        "info: Status van P1-01: 'Afgerond' uit ingevuld-q4/oov.xlsx › P1 Ondermijning › H3 is "
        "vervangen door 'Vertraagd' in review/stand-q4-oov.xlsx › P1 Ondermijning › H3, "
        "uitgedeeld toen 'Afgerond' er al stond"]
    assert {(e.cell, e.destination) for e in result.ledger if e.field == "status"} == {
        ("H3", "overgenomen"), ("H5", "ongewijzigd")}
    result.write(Path("stand-q4-v2.xlsx"))
    assert open_conflicts(read_stand(Path("stand-q4-v2.xlsx"), mini)) == []


def test_a_wiped_fingerprint_or_a_return_dressed_up_as_a_stand_is_no_way_round(mini, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    book = handed_out(mini, inputs=Q3_VALUES)
    wiped = fill(book, folder / "a.xlsx", {("P1-01", "status"): "Afgerond"})
    tamper(wiped, "P1-01", "status", "Afgerond")
    tamper(wiped, "P1-01", "controle_invoer", "")
    dressed = fill(book, folder / "b.xlsx", {("P1-03", "status"): "Afgerond"})
    tamper(dressed, "P1-03", "status", "Afgerond")
    sheet_book = openpyxl.load_workbook(dressed)
    meta = sheet_book["_uvp_meta"]
    next(row for row in meta.iter_rows() if row[0].value == "soort")[1].value = "stand"
    sheet_book.save(dressed)
    fill(book, folder / "c.xlsx", {})
    result = merge_returns([folder], mini)
    assert result.outcome.inputs["P1-01"].status == "Afgerond"
    assert result.outcome.inputs["P1-03"].status == "Afgerond"
    assert sorted(c.id for c in result.outcome.changes if c.field == "status") == [
        "P1-01", "P1-03"]
    assert sorted(f.kind for f in result.report.findings) == [
        "merge-uitgedeeld-veranderd", "merge-uitgedeeld-veranderd", "retour-ongewijzigd",
        "stand-ingevuld"]


def test_a_blank_hand_out_never_overrules_a_colleague_who_cleared_the_cell(mini, tmp_path):
    # Found by the property test: THV got a blank workbook (the AOV forgot --from) and chose
    # Q3 2024; OOV, handed out Q4 2024, cleared the cell. The blank workbook never "saw" OOV's
    # empty cell, so the two are a conflict, not a correction.
    base = tmp_path / "basis.xlsx"
    base.write_bytes(handed_out(mini, inputs=Q3_VALUES))
    folder = tmp_path / "in"
    folder.mkdir()
    fill(handed_out(mini), folder / "a-thv.xlsx", {("P1-03", "kwartaal"): "Q3 2024"})
    fill(base.read_bytes(), folder / "b-oov.xlsx", {("P1-03", "kwartaal"): None})
    result = merge_returns([folder], mini, base_path=base)
    assert result.outcome.inputs["P1-03"].kwartaal == "Q4 2024"
    assert [(c.id, c.field, sorted(c.proposals)) for c in result.outcome.conflicts] == [
        ("P1-03", "kwartaal", ["", "Q3 2024"])]
    assert "merge-vervangen" not in [f.kind for f in result.report.findings]


def _stand_q4_with_a_conflict(mini, quarter) -> Path:
    """Q4: OOV and Samenleven disagree on P1-03; the AOV then types into the stand: the
    status that settles the conflict, a toelichting and a corrected name for P1-01."""
    stand, folder, _ = quarter
    fill(_q4_book(mini, stand, "OOV"), folder / "oov.xlsx", {
        ("P1-01", "status"): "Afgerond", ("P1-01", "ingevuld_door"): "Ana",
        ("P1-03", "status"): "In uitvoering"})
    fill(_q4_book(mini, stand, "Samenleven"), folder / "samenleven.xlsx", {
        ("P1-03", "status"): "Vertraagd", ("P1-03", "ingevuld_door"): "Bert"})
    merge_returns([folder], mini, base_path=stand).write(Path("stand-q4.xlsx"))
    fill(Path("stand-q4.xlsx").read_bytes(), Path("stand-q4.xlsx"), {
        ("P1-03", "status"): "Vertraagd", ("P1-01", "toelichting"): "Klaar in oktober",
        ("P1-01", "ingevuld_door"): "Anna"})
    return Path("stand-q4.xlsx")


def test_what_the_aov_typed_into_the_stand_survives_a_late_return(mini, quarter):
    edited = _stand_q4_with_a_conflict(mini, quarter)
    late = Path("laat")
    late.mkdir()
    fill(_q4_book(mini, quarter[0], "THV"), late / "thv.xlsx", {
        ("P1-02", "status"): "Afgerond", ("P1-02", "ingevuld_door"): "Chris"})
    result = merge_returns([late], mini, base_path=edited)
    assert result.late and result.outcome.conflicts == []  # the AOV settled P1-03
    stand = result.outcome.inputs
    assert stand["P1-03"].status == "Vertraagd"
    assert stand["P1-01"] == RowInput("Afgerond", "", "Klaar in oktober", "Anna",
                                      date(2024, 6, 1))
    assert stand["P1-02"] == RowInput("Afgerond", "", "", "Chris", None)
    assert lines(result.report.findings) == [
        "waarschuwing: stand-q4.xlsx: in deze stand zijn na het samenvoegen 2 activiteiten met "
        "de hand veranderd (P1-01, P1-03); de waarden die er nu in staan tellen, ook als "
        "oplossing van een conflict"]
    result.write(Path("stand-q4-compleet.xlsx"))
    again = read_stand(Path("stand-q4-compleet.xlsx"), mini)
    assert again.values == stand and open_conflicts(again) == []
    assert again.provenance["P1-01"].file == "ingevuld-q4/oov.xlsx"  # still OOV's report


def test_a_conflict_settled_in_the_stand_is_no_longer_open_anywhere(mini, quarter):
    edited = _stand_q4_with_a_conflict(mini, quarter)
    stand = read_stand(edited, mini)
    assert open_conflicts(stand) == []
    assert lines(handout_warnings(stand)) == [
        "waarschuwing: stand-q4.xlsx: in deze stand zijn na het samenvoegen 2 activiteiten met "
        "de hand veranderd (P1-01, P1-03); de waarden die er nu in staan tellen, ook als "
        "oplossing van een conflict"]
    data = summarise([edited], mini, None).to_dict()
    assert data["lijsten"]["conflicten"] == []
    assert data["totaal"]["per_status"] == {"Afgerond": 1, "Vertraagd": 1}
    assert [finding["message"] for finding in data["meldingen"]] == [
        "status Vertraagd zonder toelichting",
        "in deze stand zijn na het samenvoegen 2 activiteiten met de hand veranderd (P1-01, "
        "P1-03); de waarden die er nu in staan tellen, ook als oplossing van een conflict"]


def test_a_stand_the_aov_typed_into_is_still_a_point_of_the_trend(mini, quarter):
    stand_q3, _, _ = quarter
    fill(stand_q3.read_bytes(), stand_q3, {("P1-02", "toelichting"): "Gecorrigeerd"})
    edited_q4 = _stand_q4_with_a_conflict(mini, quarter)
    data = summarise([stand_q3, edited_q4], mini, None).to_dict()
    assert [(point["kwartaal"], point["aantallen"]["Afgerond"], point["geen_status"])
            for point in data["trend"]["kwartalen"]] == [("Q3 2024", 0, 2), ("Q4 2024", 1, 2)]
    assert data["kwartaal"] == "Q4 2024" and data["totaal"]["per_status"] == {
        "Afgerond": 1, "Vertraagd": 1}


def test_a_cell_someone_emptied_is_named_with_its_address(mini, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    book = handed_out(mini, inputs=Q3_VALUES)
    fill(book, folder / "oov.xlsx", {("P1-01", "toelichting"): None})
    fill(book, folder / "thv.xlsx", {("P1-03", "kwartaal"): None})
    fill(book, folder / "vr.xlsx", {("P1-03", "kwartaal"): "Q1 2025"})
    result = merge_returns([folder], mini)
    assert [(c.id, c.field, c.old, c.new, [str(o) for o in c.origins])
            for c in result.outcome.changes] == [
        ("P1-01", "toelichting", "Loopt", "", ["in/oov.xlsx › P1 Ondermijning › J3"])]
    assert lines(result.report.findings) == [
        "conflict: Kwartaal van P1-03: een lege cel in in/thv.xlsx › P1 Ondermijning › I5; "
        "'Q1 2025' in in/vr.xlsx › P1 Ondermijning › I5; de stand houdt 'Q4 2024'"]


def test_a_new_date_names_only_the_cell_it_came_from(mini, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    book = handed_out(mini, inputs=Q3_VALUES)
    fill(book, folder / "oov.xlsx", {("P1-01", "status"): "Afgerond"})  # date left as is
    fill(book, folder / "samenleven.xlsx", {("P1-01", "bijgewerkt_op"): date(2024, 12, 2),
                                            ("P1-01", "ingevuld_door"): "Bert"})
    result = merge_returns([folder], mini)
    assert [(c.field, c.new, [str(o) for o in c.origins]) for c in result.outcome.changes] == [
        ("status", "Afgerond", ["in/oov.xlsx › P1 Ondermijning › H3"]),
        ("ingevuld_door", "Bert; Carla", ["in/oov.xlsx › P1 Ondermijning › K3",
                                          "in/samenleven.xlsx › P1 Ondermijning › K3"]),
        ("bijgewerkt_op", date(2024, 12, 2), ["in/samenleven.xlsx › P1 Ondermijning › L3"])]


def test_the_aovs_typing_in_a_stand_mailed_round_is_not_the_change_of_who_filled_it_in(
        mini, quarter):
    stand, folder, _ = quarter
    fill(stand.read_bytes(), stand, {("P1-02", "toelichting"): "Gecorrigeerd door de AOV"})
    copy = fill(stand.read_bytes(), folder / "stand-q3-bor.xlsx", {
        ("P1-03", "status"): "In uitvoering", ("P1-03", "ingevuld_door"): "Dirk"})
    fill(_q4_book(mini, stand, "OOV"), folder / "oov.xlsx", {("P1-01", "status"): "Afgerond"})
    result = merge_returns([folder], mini, base_path=stand, keep_ledger=True)
    assert [(c.id, c.field, c.new, [o.file for o in c.origins]) for c in result.changes] == [
        ("P1-01", "status", "Afgerond", ["ingevuld-q4/oov.xlsx"]),
        ("P1-03", "status", "In uitvoering", [str(copy)]),
        ("P1-03", "ingevuld_door", "Dirk", [str(copy)])]
    assert result.outcome.inputs["P1-02"].toelichting == "Gecorrigeerd door de AOV"
    assert "P1-02" not in result.outcome.provenance  # nobody reported on it this quarter
    assert [f.kind for f in result.report.findings] == ["stand-ingevuld", "basis-ingevuld"]
    assert {(e.cell, e.destination) for e in result.ledger if e.id == "P1-02"} == {
        ("J4", "ongewijzigd")}


def test_a_typed_in_stand_in_a_folder_of_stands_keeps_its_own_quarter(mini, quarter):
    # summary standen/: the Q3 stand in the folder was typed into, so it is read as a filled-in
    # stand; it is merged on itself, never on the Q4 stand (that gave a 'Q3' point with Q4's
    # numbers: a trend without progress).
    stand_q3, _, _ = quarter
    fill(stand_q3.read_bytes(), stand_q3, {("P1-02", "toelichting"): "Gecorrigeerd"})
    edited_q4 = _stand_q4_with_a_conflict(mini, quarter)
    folder = Path("standen")
    folder.mkdir()
    for stand in (stand_q3, edited_q4):
        (folder / stand.name).write_bytes(stand.read_bytes())
    data = summarise([folder], mini, None).to_dict()
    assert [(point["kwartaal"], point["aantallen"]["Afgerond"], point["geen_status"])
            for point in data["trend"]["kwartalen"]] == [("Q3 2024", 0, 2), ("Q4 2024", 1, 2)]

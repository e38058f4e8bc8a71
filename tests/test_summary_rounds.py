"""The summary over quarters: open conflicts reach the college, returns merge on the last stand."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.conftest import MINI_SOURCE
from tests.helpers.returns import fill, handed_out
from uvp_excel.cli import cli
from uvp_excel.inputs import RowInput
from uvp_excel.merging.merge import merge_returns, read_stand
from uvp_excel.source.planning import Quarter
from uvp_excel.summary.run import summarise
from uvp_excel.workbook.writer import BuildSpec, write_workbook

MINI = ["--source", str(MINI_SOURCE)]


@pytest.fixture
def conflicted(mini, tmp_path, monkeypatch):
    """The Q3 stand of two teams who disagree on the status of their shared row P1-03."""
    monkeypatch.chdir(tmp_path)
    folder = Path("ingevuld-q3")
    folder.mkdir()
    fill(handed_out(mini, regie="OOV"), folder / "oov.xlsx", {
        ("P1-01", "status"): "Afgerond", ("P1-03", "status"): "In uitvoering"})
    fill(handed_out(mini, regie="Samenleven"), folder / "samenleven.xlsx", {
        ("P1-03", "status"): "Vertraagd", ("P1-03", "toelichting"): "Wacht op de school"})
    fill(handed_out(mini, regie="THV"), folder / "thv.xlsx", {("P1-02", "status"): "Afgerond"})
    stand = Path("stand-q3.xlsx")
    merge_returns([folder], mini).write(stand)
    return stand


def summary_json(*arguments: str) -> tuple[dict, object]:
    result = CliRunner().invoke(cli, ["summary", *arguments, "--format", "json", "-o",
                                      "v.json", "--force", *MINI])
    return json.loads(Path("v.json").read_text(encoding="utf-8")), result


def test_open_conflicts_reach_the_college_in_every_format(conflicted):
    data, result = summary_json(str(conflicted))
    assert result.exit_code == 1  # written, but the AOV has a conflict to resolve
    assert data["lijsten"]["conflicten"] == [{
        "id": "P1-03", "sectie": "P1", "tabblad": "P1 Ondermijning",
        "maatregel": "Gesprekken met jongeren.", "regie": "OOV en Samenleven", "veld": "Status",
        "stand_houdt": "", "voorstellen": [
            {"waarde": "In uitvoering", "bronnen": ["ingevuld-q3/oov.xlsx › P1 Ondermijning › H4"]},
            {"waarde": "Vertraagd",
             "bronnen": ["ingevuld-q3/samenleven.xlsx › P1 Ondermijning › H3"]}]}]
    # A row in conflict was reported on: it is not "zonder update".
    assert [row["id"] for row in data["lijsten"]["zonder_update"]] == ["A-1.1-01"]
    assert result.stderr.splitlines() == [
        "conflict: Status van P1-03: 'In uitvoering' in ingevuld-q3/oov.xlsx › P1 Ondermijning "
        "› H4; 'Vertraagd' in ingevuld-q3/samenleven.xlsx › P1 Ondermijning › H3; de stand "
        "houdt een lege cel",
        "Voortgang geschreven: v.json (4 activiteiten, 50% afgerond, 0 achter op schema, "
        "1 open conflict, 0 meldingen)"]
    for file_format in ("md", "html", "xlsx"):
        CliRunner().invoke(cli, ["summary", str(conflicted), "--format", file_format, "-o",
                                 f"v.{file_format}", *MINI])
    markdown = Path("v.md").read_text(encoding="utf-8")
    assert "### Open conflicten (de stand houdt de waarde van vóór de samenvoeging) (1)" in markdown
    assert ("| P1-03 | Gesprekken met jongeren. | Status | In uitvoering (ingevuld-q3/oov.xlsx › "
            "P1 Ondermijning › H4); Vertraagd (ingevuld-q3/samenleven.xlsx › P1 Ondermijning › "
            "H3) | (leeg) |") in markdown
    html = Path("v.html").read_text(encoding="utf-8")
    assert "<b>1</b>open conflict</div>" in html and "<b>Vertraagd</b>" in html
    sheet = openpyxl.load_workbook("v.xlsx")["Conflicten"]
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)] == [
        ["P1-03", "P1 Ondermijning", "Gesprekken met jongeren.", "OOV en Samenleven", "Status",
         value, source, "(leeg)"] for value, source in (
            ("In uitvoering", "ingevuld-q3/oov.xlsx › P1 Ondermijning › H4"),
            ("Vertraagd", "ingevuld-q3/samenleven.xlsx › P1 Ondermijning › H3"))]


def test_handing_out_a_stand_with_open_conflicts_warns_and_names_them(conflicted):
    result = CliRunner().invoke(cli, ["split", "-o", "uitdelen-q4", "--kwartaal", "Q4 2024",
                                      "--from", str(conflicted), *MINI])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "waarschuwing: stand-q3.xlsx: open conflict in Status van P1-03 ('In uitvoering' in "
        "ingevuld-q3/oov.xlsx › P1 Ondermijning › H4; 'Vertraagd' in ingevuld-q3/samenleven.xlsx"
        " › P1 Ondermijning › H3): de werkmappen krijgen de waarde die de stand houdt, een lege "
        "cel; typ de juiste waarde in de stand om het op te lossen, of vraag de teams opnieuw")
    built = CliRunner().invoke(cli, ["build", "-o", "q4.xlsx", "--from", str(conflicted), *MINI])
    assert built.stderr.startswith("waarschuwing: stand-q3.xlsx: open conflict in Status")


def _q4_returns(mini, stand: Path) -> Path:
    folder = Path("ingevuld-q4")
    folder.mkdir()
    values = read_stand(stand, mini).values
    for team, edits in (("OOV", {("P1-01", "toelichting"): "Geëvalueerd"}),
                        ("THV", {("P1-02", "status"): "Vertraagd",
                                 ("P1-02", "toelichting"): "Personeel ziek"})):
        path = folder / f"{team.lower()}.xlsx"
        write_workbook(str(path), BuildSpec(mini, quarter=Quarter(2024, 4), regie=team,
                                            inputs=values))
        fill(path.read_bytes(), path, edits)
    return folder


def test_summary_of_a_stand_and_next_quarters_returns_equals_merge_then_summary(conflicted,
                                                                                 mini):
    folder = _q4_returns(mini, conflicted)
    direct, result = summary_json(str(conflicted), str(folder))
    assert result.exit_code == 0, result.output
    merge_returns([folder], mini, base_path=conflicted).write(Path("stand-q4.xlsx"))
    two_steps, _ = summary_json(str(conflicted), "stand-q4.xlsx")
    for key in ("kwartaal", "totaal", "per_sectie", "per_regie", "lijsten", "trend"):
        assert direct[key] == two_steps[key], key
    # Teams that did not return keep last quarter's values: no false change in the trend.
    assert direct["trend"]["veranderd"] == [{"id": "P1-02", "van": "Afgerond",
                                             "naar": "Vertraagd"}]
    with_base, _ = summary_json(str(folder), "--base", str(conflicted))
    assert with_base["totaal"] == direct["totaal"]


def test_two_stands_of_one_quarter_count_once(conflicted, mini):
    again = Path("stand-q3-opnieuw.xlsx")
    merge_returns([Path("ingevuld-q3")], mini).write(again)
    data, _ = summary_json(str(conflicted), str(again))
    assert data["trend"] == {"kwartalen": [], "veranderd": []}
    assert [f["message"] for f in data["meldingen"]] == [
        "ook een stand van Q3 2024, net als stand-q3-opnieuw.xlsx; het verloop telt er één: "
        "stand-q3-opnieuw.xlsx (de laatst gemaakte)"]


def test_a_late_return_given_to_summary_completes_its_stand(conflicted, mini):
    late = Path("laat")
    late.mkdir()
    fill(handed_out(mini, regie="OOV", inputs={}), late / "oov-2.xlsx",
         {("A-1.1-01", "status"): "In uitvoering"})
    data, _ = summary_json(str(conflicted), str(late))
    assert data["totaal"]["per_status"] == {"Afgerond": 2, "In uitvoering": 1}
    assert data["trend"]["kwartalen"] == []
    assert [f["kind"] for f in data["meldingen"]] == ["verloop-aangevuld"]
    assert read_stand(conflicted, mini).values["A-1.1-01"] == RowInput()


def test_a_late_return_in_the_trend_is_named_in_the_singular(mini, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    fill(handed_out(mini), folder / "oov.xlsx", {("P1-01", "status"): "Afgerond"})
    stand = tmp_path / "stand.xlsx"
    merge_returns([folder], mini).write(stand)
    late = tmp_path / "laat"
    late.mkdir()
    fill(handed_out(mini), late / "thv.xlsx", {("P1-02", "status"): "Afgerond"})
    data = summarise([stand, late], mini, None).to_dict()
    assert [m["message"] for m in data["meldingen"] if m["kind"] == "verloop-aangevuld"] == [
        "de ingevulde werkmap is als late retour op deze stand van Q3 2024 samengevoegd; samen "
        "vormen ze de stand van Q3 2024 in het verloop"]

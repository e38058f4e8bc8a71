"""The messy quarter, end to end, through the command line as the AOV runs it.

Q3 2024: ``split`` hands out one workbook per team; eight teams return (two of them saved by
LibreOffice), OOV and Samenleven report on their shared row P4-02 alike and disagree on P4-03, HR
sends its workbook back untouched, a lock file and a Word document sit in the folder; ``merge``
makes the stand; the police return late and are merged with ``--base`` on that stand.
Q4 2024: ``split --from`` the stand warns about the open conflict; OOV resolves it (LibreOffice),
THV sends last quarter's file again, Beheer Openbare Ruimte fills in the stand that was mailed
around, the police mail their return twice, Vergunningen got a workbook handed out empty; then
``validate``, ``merge --base``, and ``summary`` of the stands with the trend. Beside the cycle, the
AOV settles the conflict by typing into the Q3 stand (saved by LibreOffice) and merges the late
return on it once more.

Each test below checks one promise of issue 9 on what this cycle produced.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers.office import libreoffice_resave
from tests.helpers.returns import fill
from uvp_excel.cli import cli
from uvp_excel.inputs import RowInput
from uvp_excel.merging.merge import read_stand
from uvp_excel.merging.record import open_conflicts
from uvp_excel.resources import default_source_dir
from uvp_excel.source.loader import load_programme

pytestmark = pytest.mark.libreoffice
PREFIX = "uvp-heiloo-2024-2025-"
LONG = ("De aanpak loopt volgens plan; met de partners is afgesproken wie wat doet en wanneer we "
        "opnieuw evalueren. Er zijn geen knelpunten gemeld.")


class Cycle:
    """Runs commands in the AOV's work folder and remembers what they printed."""

    def __init__(self, folder: Path, soffice: str):
        self.folder = folder
        self.soffice = soffice
        self.runs: dict[str, object] = {}

    def run(self, key: str, *arguments: str):
        result = CliRunner().invoke(cli, list(arguments))
        assert "Traceback" not in result.output, result.output
        self.runs[key] = result
        return result

    def json(self, key: str, *arguments: str) -> dict:
        target = f"{key}.json"
        self.run(key, "summary", *arguments, "--format", "json", "-o", target, "--force")
        return json.loads(Path(target).read_text(encoding="utf-8"))


def handout(folder: str, team: str) -> bytes:
    return Path(folder, f"{PREFIX}{team.replace(' ', '-')}.xlsx").read_bytes()


def q3_returns(cycle: Cycle) -> None:
    cycle.run("split-q3", "split", "-o", "uitdelen-q3", "--kwartaal", "Q3 2024")
    inbox, staging = Path("ingevuld-q3"), Path("via-libreoffice")
    inbox.mkdir()
    oov = {("P1-01", "status"): "Afgerond", ("P1-01", "ingevuld_door"): "Anna",
           ("P1-05", "status"): "Vertraagd", ("P1-05", "toelichting"): "Wacht op de politie",
           ("P4-02", "status"): "In uitvoering", ("P4-02", "toelichting"): "Aanpak loopt",
           ("P4-02", "ingevuld_door"): "Anna", ("P4-02", "bijgewerkt_op"): date(2024, 9, 12),
           ("P4-03", "status"): "In uitvoering", ("P4-03", "ingevuld_door"): "Anna"}
    ids = [a.id for a in load_programme(default_source_dir()).activities()
           if "OOV" in a.regie and not a.is_reference and a.id not in ("P4-02", "P4-03")]
    oov.update({(activity_id, "toelichting"): LONG for activity_id in ids[5:40]})
    fill(handout("uitdelen-q3", "OOV"), inbox / "OOV.xlsx", oov, creator="Anna Jansen")
    staging.mkdir()
    fill(handout("uitdelen-q3", "Samenleven"), staging / "Samenleven.xlsx", {
        ("P4-02", "status"): "in uitvoering ", ("P4-02", "toelichting"): "Aanpak loopt",
        ("P4-02", "ingevuld_door"): "Bert", ("P4-02", "bijgewerkt_op"): "20-09-2024",
        ("P4-03", "status"): "Vertraagd", ("P4-03", "toelichting"): "Wacht op de school",
        ("P4-03", "ingevuld_door"): "Bert"})
    fill(handout("uitdelen-q3", "THV"), staging / "THV.xlsx", {
        ("A-1.2-02", "status"): "In uitvoering", ("C-3.1-04", "status"): "gereed",
        ("C-3.1-04", "ingevuld_door"): "Chris"})
    libreoffice_resave(cycle.soffice, [staging / "Samenleven.xlsx", staging / "THV.xlsx"], inbox)
    for team, edits in (("Beheer Openbare Ruimte", {("P3-05", "status"): "In uitvoering"}),
                        ("Dienstverlening en Samenleven", {("P2-02", "status"): "In uitvoering"}),
                        ("Vergunningen", {("B-2.4-02", "status"): "In uitvoering"}),
                        ("HR", {})):
        fill(handout("uitdelen-q3", team), inbox / f"{team}.xlsx", edits)
    (inbox / "~$OOV.xlsx").write_bytes(b"vergrendeld")
    (inbox / "notulen.docx").write_bytes(b"PK\x03\x04")
    late = Path("laat-q3")
    late.mkdir()
    fill(handout("uitdelen-q3", "Politie"), late / "Politie.xlsx", {
        ("P3-01", "status"): "In uitvoering", ("P3-02", "status"): "Afgerond"})


def q4_returns(cycle: Cycle) -> None:
    cycle.run("split-q4", "split", "-o", "uitdelen-q4", "--kwartaal", "Q4 2024", "--from",
              "stand-q3-compleet.xlsx")
    cycle.run("split-q4-leeg", "split", "-o", "uitdelen-q4-leeg", "--kwartaal", "Q4 2024")
    inbox, staging = Path("ingevuld-q4"), Path("via-libreoffice-q4")
    inbox.mkdir()
    staging.mkdir()
    fill(handout("uitdelen-q4", "OOV"), staging / "OOV.xlsx", {
        ("P4-03", "status"): "Vertraagd", ("P4-03", "ingevuld_door"): "Anna",
        ("P1-03", "status"): "Afgerond"})
    libreoffice_resave(cycle.soffice, [staging / "OOV.xlsx"], inbox)
    shutil.copy("ingevuld-q3/THV.xlsx", inbox / "THV.xlsx")  # last quarter's file again
    mailed = inbox / "stand-q3-compleet.xlsx"
    fill(Path("stand-q3-compleet.xlsx").read_bytes(), mailed,
         {("P3-06", "status"): "In uitvoering", ("P3-06", "ingevuld_door"): "Dirk"})
    fill(handout("uitdelen-q4", "Politie"), inbox / "Politie.xlsx",
         {("P3-03", "status"): "In uitvoering"})
    shutil.copy(inbox / "Politie.xlsx", inbox / "Politie (1).xlsx")
    fill(handout("uitdelen-q4-leeg", "Vergunningen"), inbox / "Vergunningen.xlsx",
         {("B-2.4-04", "status"): "In uitvoering"})
    fill(handout("uitdelen-q4", "HR"), inbox / "HR.xlsx", {("E-5.4-07", "status"): "Afgerond"})


@pytest.fixture(scope="module")
def cycle(soffice, tmp_path_factory):
    """The whole Q3 → Q4 cycle, run once; the tests read what it produced."""
    folder = tmp_path_factory.mktemp("aov")
    before = Path.cwd()
    os.chdir(folder)
    try:
        run = Cycle(folder, soffice)
        q3_returns(run)
        run.run("validate-q3", "validate", "ingevuld-q3")
        run.run("merge-q3", "merge", "ingevuld-q3", "-o", "stand-q3.xlsx")
        run.run("merge-laat", "merge", "laat-q3", "--base", "stand-q3.xlsx", "-o",
                "stand-q3-compleet.xlsx")
        run.run("merge-q3-ineens", "merge", "ingevuld-q3", "laat-q3", "-o",
                "stand-q3-ineens.xlsx")
        q4_returns(run)
        run.run("validate-q4", "validate", "ingevuld-q4", "--base", "stand-q3-compleet.xlsx")
        run.run("merge-q4", "merge", "ingevuld-q4", "--base", "stand-q3-compleet.xlsx", "-o",
                "stand-q4.xlsx")
        yield run
    finally:
        os.chdir(before)


@pytest.fixture(autouse=True)
def _in_the_aov_folder(cycle, monkeypatch):
    """The tests read the cycle's files by the names the AOV typed, from the AOV's folder."""
    monkeypatch.chdir(cycle.folder)


def stderr_lines(cycle: Cycle, key: str) -> list[str]:
    return cycle.runs[key].stderr.splitlines()


def test_q3_merge_counts_every_problem_once_and_says_what_it_did(cycle):
    merged = cycle.runs["merge-q3"]
    assert merged.exit_code == 1  # the conflict on P4-03 needs the AOV
    assert stderr_lines(cycle, "merge-q3") == [
        "info: ingevuld-q3/HR.xlsx: geen enkele invulcel veranderd ten opzichte van hoe de "
        "werkmap is uitgedeeld",
        "info: ingevuld-q3/notulen.docx: overgeslagen: geen Excel-werkmap (.xlsx of .xlsm)",
        "info: ingevuld-q3/~$OOV.xlsx: overgeslagen: tijdelijk vergrendelingsbestand van Office "
        "(~$…)",
        "waarschuwing: 14 activiteiten staan in geen enkele ingevulde werkmap (P2-01, P3-01, "
        "P3-02, P3-03, P3-04, P4-01, S1-04, A-1.1-11, B-2.3-02, C-3.2-02 en nog 4); in de "
        "stand zijn ze leeg. Voeg samen op de vorige stand als basis om de waarden te houden",
        "conflict: Status van P4-03: 'In uitvoering' in ingevuld-q3/OOV.xlsx › P4 Jeugd en "
        "Veiligheid › H4; 'Vertraagd' in ingevuld-q3/Samenleven.xlsx › P4 Jeugd en Veiligheid › "
        "H4; de stand houdt een lege cel",
        "Stand geschreven: stand-q3.xlsx (9 bestanden, 51 wijzigingen, 1 conflict, 0 fouten, "
        "1 waarschuwing; 104 activiteiten)"]
    plan = cycle.runs["validate-q3"]
    assert plan.exit_code == 1
    assert plan.stdout.splitlines() == [
        "Wat merge met elk bestand doet:",
        "  ingevuld-q3/Beheer Openbare Ruimte.xlsx: samenvoegen (1 wijziging)",
        "  ingevuld-q3/Dienstverlening en Samenleven.xlsx: samenvoegen (1 wijziging)",
        "  ingevuld-q3/HR.xlsx: samenvoegen",
        "  ingevuld-q3/OOV.xlsx: samenvoegen (42 wijzigingen, 1 conflict)",  # its date was earlier
        "  ingevuld-q3/Samenleven.xlsx: samenvoegen (6 wijzigingen, 1 conflict)",
        "  ingevuld-q3/THV.xlsx: samenvoegen (3 wijzigingen)",
        "  ingevuld-q3/Vergunningen.xlsx: samenvoegen (1 wijziging)",
        "  ingevuld-q3/notulen.docx: overslaan: geen Excel-werkmap (.xlsx of .xlsm)",
        "  ingevuld-q3/~$OOV.xlsx: overslaan: tijdelijk vergrendelingsbestand van Office (~$…)"]
    assert stderr_lines(cycle, "validate-q3")[-1] == (
        "Gecontroleerd: 9 bestanden, 51 wijzigingen, 1 conflict, 0 fouten, 1 waarschuwing")


def test_teams_that_agree_on_a_shared_row_are_both_named_and_never_in_conflict(cycle):
    stand = read_stand(Path("stand-q3.xlsx"), load_programme(default_source_dir()))
    # OOV typed it in Excel, Samenleven in LibreOffice ("in uitvoering ", "20-09-2024").
    assert stand.values["P4-02"] == RowInput("In uitvoering", "", "Aanpak loopt", "Anna; Bert",
                                             date(2024, 9, 20))
    assert stand.values["C-3.1-04"] == RowInput("Afgerond", "", "", "Chris", None)
    assert [c.field for c in open_conflicts(stand)] == ["status"]


def test_a_late_return_on_this_quarters_stand_equals_merging_all_at_once(cycle):
    assert cycle.runs["merge-laat"].exit_code == 1  # P4-03 is still open
    assert stderr_lines(cycle, "merge-laat")[-1] == (
        "Stand geschreven: stand-q3-compleet.xlsx (1 bestand, 53 wijzigingen, 1 conflict, "
        "0 fouten, 0 waarschuwingen; 104 activiteiten)")
    late = cycle.json("s-laat", "stand-q3-compleet.xlsx")
    at_once = cycle.json("s-ineens", "stand-q3-ineens.xlsx")
    for key in ("kwartaal", "totaal", "per_sectie", "per_regie", "lijsten"):
        assert late[key] == at_once[key], key
    assert late["totaal"]["per_status"]["In uitvoering"] == 6


def test_open_conflicts_reach_the_college_and_the_next_hand_out_warns(cycle):
    data = cycle.json("s-q3", "stand-q3.xlsx")
    assert cycle.runs["s-q3"].exit_code == 1
    (conflict,) = data["lijsten"]["conflicten"]
    assert (conflict["id"], conflict["veld"], conflict["stand_houdt"]) == ("P4-03", "Status", "")
    assert [p["waarde"] for p in conflict["voorstellen"]] == ["In uitvoering", "Vertraagd"]
    assert "P4-03" not in [row["id"] for row in data["lijsten"]["zonder_update"]]
    assert stderr_lines(cycle, "split-q4")[0].startswith(
        "waarschuwing: stand-q3-compleet.xlsx: open conflict in Status van P4-03 ('In "
        "uitvoering' in ingevuld-q3/OOV.xlsx › P4 Jeugd en Veiligheid › H4; 'Vertraagd' in "
        "ingevuld-q3/Samenleven.xlsx")


def test_q4_validate_and_merge_say_the_same_about_every_file(cycle):
    plan = cycle.runs["validate-q4"].stdout.splitlines()
    assert plan == [
        "Wat merge met elk bestand doet:",
        "  ingevuld-q4/HR.xlsx: samenvoegen (1 wijziging)",
        "  ingevuld-q4/OOV.xlsx: samenvoegen (3 wijzigingen)",
        "  ingevuld-q4/Politie (1).xlsx: samenvoegen (1 wijziging)",
        "  ingevuld-q4/Politie.xlsx: dubbel, één keer meetellen: dezelfde invoer als "
        "ingevuld-q4/Politie (1).xlsx",
        "  ingevuld-q4/THV.xlsx: niet samenvoegen: uitgedeeld voor Q3 2024",
        "  ingevuld-q4/Vergunningen.xlsx: samenvoegen (1 wijziging, 1 waarschuwing)",
        "  ingevuld-q4/stand-q3-compleet.xlsx: samenvoegen: een ingevulde stand "
        "(2 wijzigingen, 1 waarschuwing)"]
    merged = cycle.runs["merge-q4"]
    assert merged.exit_code == 0
    assert stderr_lines(cycle, "merge-q4") == [
        "info: ingevuld-q4/Politie.xlsx: dezelfde werkmap met dezelfde invoer als "
        "ingevuld-q4/Politie (1).xlsx (twee keer gestuurd?); één keer meegeteld",
        "waarschuwing: ingevuld-q4/stand-q3-compleet.xlsx: een stand van Q3 2024 die na het "
        "samenvoegen is ingevuld: wat daarin veranderd is ten opzichte van de stand wordt "
        "samengevoegd zoals uit een ingevulde werkmap",
        "waarschuwing: ingevuld-q4/Vergunningen.xlsx: uitgedeeld met andere waarden dan de "
        "basis stand-q3-compleet.xlsx bij 1 activiteit: B-2.4-02 (Status). Alleen wat in deze "
        "werkmap veranderd is telt als wijziging; verder houdt de stand de waarden van de "
        "basis stand-q3-compleet.xlsx",
        "info: ingevuld-q4/THV.xlsx: uitgedeeld voor Q3 2024, de andere werkmappen voor Q4 "
        "2024: niet samengevoegd; alles wat erin veranderd is staat al in de stand (vorig "
        "kwartaal opnieuw gestuurd?)",
        "Stand geschreven: stand-q4.xlsx (7 bestanden, 8 wijzigingen, 0 conflicten, 0 fouten, "
        "2 waarschuwingen; 104 activiteiten)"]


def test_untouched_means_untouched_and_the_stand_records_who(cycle):
    stand = read_stand(Path("stand-q4.xlsx"), load_programme(default_source_dir()))
    assert stand.values["B-2.4-02"].status == "In uitvoering"  # not cleared by the empty hand-out
    assert stand.values["B-2.4-04"].status == "In uitvoering"
    assert stand.values["P4-03"] == RowInput("Vertraagd", "", "Wacht op de school", "Anna",
                                             None)
    assert stand.values["P3-06"] == RowInput("In uitvoering", "", "", "Dirk", None)
    assert stand.provenance["P3-06"].file == "ingevuld-q4/stand-q3-compleet.xlsx"
    assert open_conflicts(stand) == []


def test_summary_of_a_stand_and_next_quarters_returns_equals_merge_then_summary(cycle):
    direct = cycle.json("s-direct", "stand-q3-compleet.xlsx", "ingevuld-q4")
    two_steps = cycle.json("s-stappen", "stand-q3-compleet.xlsx", "stand-q4.xlsx")
    for key in ("kwartaal", "totaal", "per_sectie", "per_regie", "lijsten", "trend"):
        assert direct[key] == two_steps[key], key
    assert [point["kwartaal"] for point in direct["trend"]["kwartalen"]] == ["Q3 2024",
                                                                           "Q4 2024"]
    trend = cycle.json("s-dubbel", "stand-q3.xlsx", "stand-q3-compleet.xlsx", "stand-q4.xlsx")
    assert [point["kwartaal"] for point in trend["trend"]["kwartalen"]] == ["Q3 2024",
                                                                          "Q4 2024"]
    assert [f["message"] for f in trend["meldingen"]] == [
        "ook een stand van Q3 2024, net als stand-q3-compleet.xlsx; het verloop telt er één: "
        "stand-q3-compleet.xlsx (de laatst gemaakte)"]
    assert trend["trend"] == two_steps["trend"]


def test_every_importverslag_table_prints_with_its_header_on_every_page(cycle):
    pdf = libreoffice_resave(cycle.soffice, [Path("stand-q3.xlsx")], Path("pdf"), "pdf")[0]
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout.split("\f")
    report = [page for page in pages if "Importverslag stand Q3 2024" in page]
    changes = [page for page in report if "Importverslag wijzigingen" in page]
    assert len(changes) >= 2  # the long explanations of OOV run over several pages
    for page in report:
        header = {"Importverslag wijzigingen": "Oud", "Importverslag conflicten": "Nr",
                  "Importverslag meldingen": "Ernst"}
        tab = next((name for name in header if name in page), "Importverslag")
        first = [line.split() for line in page.splitlines() if line.strip()]
        assert any(header.get(tab, "Bestand") in words for words in first[:4]), (tab, first[:4])
    book = openpyxl.load_workbook("stand-q3.xlsx")
    assert book.sheetnames[-5:-1] == ["Importverslag", "Importverslag wijzigingen",
                                      "Importverslag conflicten", "Importverslag meldingen"]


def test_what_the_aov_types_into_the_stand_in_libreoffice_is_the_last_word(cycle):
    # The AOV settles the conflict on P4-03 and corrects a toelichting in the Q3 stand, and
    # saves it with LibreOffice; then the police's late return is merged on it once more.
    fill(Path("stand-q3-compleet.xlsx").read_bytes(), Path("via-libreoffice") / "gecorr.xlsx", {
        ("P4-03", "status"): "Vertraagd", ("P1-05", "toelichting"): "Politie heeft gereageerd"})
    corrected = libreoffice_resave(cycle.soffice, [Path("via-libreoffice/gecorr.xlsx")],
                                   Path("gecorrigeerd"))[0]
    typed = ("waarschuwing: gecorrigeerd/gecorr.xlsx: in deze stand zijn na het samenvoegen 2 "
             "activiteiten met de hand veranderd (P1-05, P4-03); de waarden die er nu in staan "
             "tellen, ook als oplossing van een conflict")
    handed = cycle.run("split-gecorr", "split", "-o", "uitdelen-gecorr", "--kwartaal", "Q4 2024",
                       "--from", str(corrected))
    assert handed.stderr.splitlines()[:-1] == [typed]  # no open conflict any more
    late = cycle.run("laat-gecorr", "merge", "laat-q3", "--base", str(corrected), "-o",
                     "stand-q3-gecorr.xlsx")
    assert late.exit_code == 0 and late.stderr.splitlines()[0] == typed
    stand = read_stand(Path("stand-q3-gecorr.xlsx"), load_programme(default_source_dir()))
    assert stand.values["P4-03"] == RowInput("Vertraagd", "", "Wacht op de school", "Bert",
                                             None)
    assert stand.values["P1-05"].toelichting == "Politie heeft gereageerd"
    assert open_conflicts(stand) == []
    alone = cycle.json("s-gecorr", str(corrected))
    assert cycle.runs["s-gecorr"].exit_code == 0 and alone["lijsten"]["conflicten"] == []
    assert alone["totaal"] == cycle.json("s-gecorr-laat", "stand-q3-gecorr.xlsx")["totaal"]

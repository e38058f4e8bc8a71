"""The progress summary speaks the programme's own status words and carries its own title.

Bergen (tests/helpers/bergen.py) calls its statuses Gepland, Bezig, Loopt achter, Klaar and
Geschrapt. Its summary must list "Loopt achter" rows under "Loopt achter", not under Heiloo's
"Vertraagd", in every format; the json keys stay the documented ones.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers import bergen
from tests.helpers.office import libreoffice_convert
from uvp_excel.cli import cli
from uvp_excel.inputs import RowInput
from uvp_excel.source.loader import load_programme, tab_name_problem
from uvp_excel.source.model import Status
from uvp_excel.source.planning import Quarter
from uvp_excel.summary.compute import StandPoint, compute_summary
from uvp_excel.summary.render import render_markdown
from uvp_excel.summary.xlsx import list_tab_names, write_summary_xlsx
from uvp_excel.workbook.writer import BuildSpec, write_workbook

Q2 = {"WON-01": RowInput("Bezig"), "JEUGD-01": RowInput("Bezig")}
Q3 = {"WON-01": RowInput("Klaar", "", "Drie avonden gehouden"),
      "WON-03": RowInput("Loopt achter", "", "Budget komt pas in het najaar."),
      "I-1.2-01": RowInput("Geschrapt", "", "Landelijke registratie vervangt het"),
      "JEUGD-01": RowInput("Bezig")}
# Heiloo's status words that Bergen renamed: none may show in Bergen's summary.
HEILOO_WORDS = ("Niet gestart", "In uitvoering", "Vertraagd", "Afgerond", "Vervallen")
TITLES = [
    "Open conflicten (de stand houdt de waarde van vóór de samenvoeging) (0)",
    "Achter op schema (2)", "Loopt achter (1)", "Geschrapt (1)",
    "Klaar sinds de vorige stand (1)", "Zonder enige update (7)",
    "Terugkerend, voorwaardelijk of doorlopend werk (nooit achter op schema) (3)",
    "Zonder leesbare planning of kwartaal (niet geraden) (1)"]
PEILDATUM = "2025-10-15"


def run(*args: object, code: int = 0):
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    assert result.exit_code == code, result.output
    return result


@pytest.fixture(scope="module")
def bergen_stands(tmp_path_factory) -> tuple[Path, list[Path]]:
    """Bergen imported from its programme workbook, and its stands of Q2 and Q3 2025."""
    folder = tmp_path_factory.mktemp("bergen")
    programme = load_programme(bergen.imported_programme(folder))
    stands = []
    for quarter, inputs in ((Quarter(2025, 2), Q2), (Quarter(2025, 3), Q3)):
        stand = folder / f"stand-q{quarter.number}-2025.xlsx"
        write_workbook(str(stand), BuildSpec(programme, quarter=quarter, inputs=inputs,
                                             kind="stand"))
        stands.append(stand)
    return folder / "bergen", stands


@pytest.fixture(scope="module")
def outputs(bergen_stands, tmp_path_factory) -> dict[str, Path]:
    """Bergen's summary of Q3 2025 (with Q2 as the previous stand) in every format."""
    folder, stands = bergen_stands
    out = tmp_path_factory.mktemp("voortgang")
    written = {}
    for file_format in ("html", "md", "xlsx", "json"):
        written[file_format] = out / f"voortgang.{file_format}"
        run("summary", *stands, "--source", folder, "--peildatum", PEILDATUM,
            "-o", written[file_format])
    return written


def test_markdown_titles_heading_and_tile_follow_the_programme(outputs):
    text = outputs["md"].read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[:4] == ["# Voortgang Uitvoeringsprogramma Veiligheid 2025–2026", "",
                         "Gemeente Bergen (versie 3 februari 2025)",
                         "Stand Q3 2025 · peildatum 15-10-2025"]
    assert lines[5] == ("**11** activiteiten · **9%** afgerond · **2** achter op schema · "
                        "**1** loopt achter · **7** zonder update")
    assert [line[4:] for line in lines if line.startswith("### ")] == TITLES
    assert "| WON-03 | Ondersteunen van de buurtpreventieteams met een werkbudget. | Team " \
           "Veiligheid | 2025 | Loopt achter | Budget komt pas in het najaar. |" in lines


def test_html_titles_heading_and_tile_follow_the_programme(outputs):
    html = outputs["html"].read_text(encoding="utf-8")
    assert re.findall(r"<h1>(.*?)</h1>", html) == [
        "Voortgang Uitvoeringsprogramma Veiligheid 2025–2026"]
    assert '<p class="sub">Gemeente Bergen (versie 3 februari 2025)<br>' in html
    assert [title.replace("&amp;", "&") for title in re.findall(r"<h3>(.*?)</h3>", html)
            if "Veranderd" not in title] == TITLES
    assert "<div><b>1</b>loopt achter</div>" in html
    assert "de status is niet Klaar of Geschrapt." in html


def test_xlsx_tabs_and_titles_follow_the_programme(outputs):
    book = openpyxl.load_workbook(outputs["xlsx"])
    assert book.sheetnames == [
        "Samenvatting", "Conflicten", "Achter op schema", "Loopt achter", "Geschrapt",
        "Klaar sinds vorige stand", "Zonder update", "Terugkerend", "Planning onleesbaar"]
    assert [book[name]["A1"].value for name in book.sheetnames[1:]] == TITLES
    assert book["Samenvatting"]["A1"].value == \
        "Voortgang Uitvoeringsprogramma Veiligheid 2025–2026"
    assert book["Samenvatting"]["A2"].value == ("Gemeente Bergen (versie 3 februari 2025); "
                                                "stand Q3 2025, peildatum 15-10-2025")
    assert [cell.value for cell in book["Loopt achter"][3]][:6] == [
        "WON-03", "Prio Woonoverlast", "Ondersteunen van de buurtpreventieteams met een "
        "werkbudget.", "Team Veiligheid", "2025", "Loopt achter"]


def test_json_keeps_its_documented_keys(outputs):
    data = json.loads(outputs["json"].read_text(encoding="utf-8"))
    assert {key: [row["id"] for row in rows] for key, rows in data["lijsten"].items()
            if key in ("vertraagd", "vervallen", "afgerond_sinds_vorige_stand")} == {
        "vertraagd": ["WON-03"], "vervallen": ["I-1.2-01"],
        "afgerond_sinds_vorige_stand": ["WON-01"]}


def test_no_heiloo_status_word_in_bergen_s_summary(outputs):
    book = openpyxl.load_workbook(outputs["xlsx"])
    texts = {
        "md": outputs["md"].read_text(encoding="utf-8"),
        "html": outputs["html"].read_text(encoding="utf-8"),
        "xlsx": "\n".join([*book.sheetnames, *(str(cell.value) for sheet in book
                                               for row in sheet.iter_rows() for cell in row
                                               if cell.value is not None)])}
    for file_format, text in texts.items():
        for word in HEILOO_WORDS:
            assert word not in text, (file_format, word)
        assert "integrale veiligheid" not in text.lower(), file_format


def test_several_statuses_in_one_list_are_named_together(bergen_stands):
    folder, _ = bergen_stands
    programme = load_programme(folder)
    paused = Status("Gepauzeerd", "#FFF2CC", "#7F6000", needs_explanation=True,
                    is_final=False)
    programme = replace(programme, statuses=(*programme.statuses, paused))
    inputs = {**Q3, "JEUGD-01": RowInput("Gepauzeerd", "", "Wacht op de nieuwe wet")}
    summary = compute_summary(programme, [StandPoint(Quarter(2025, 3), inputs, "stand")],
                              date(2025, 10, 15))
    assert summary.list_titles["vertraagd"] == "Loopt achter of Gepauzeerd"
    assert "### Loopt achter of Gepauzeerd (2)" in render_markdown(summary).splitlines()
    assert "**2** loopt achter of gepauzeerd" in render_markdown(summary)
    buffer = io.BytesIO()
    write_summary_xlsx(buffer, summary)
    assert openpyxl.load_workbook(buffer).sheetnames[3] == "Loopt achter of Gepauzeerd"


HOSTILE = [
    Status("Gepland", "#EDEDED", "#3A3A3A", False, False),
    Status("Samenvatting", "#FCE4D6", "#9C3D00", True, False),
    Status("Gestopt/uitgesteld", "#D9D9D9", "#595959", True, True),
    Status("Afgerond en geëvalueerd in de stuurgroep", "#E2EFDA", "#375623", False, True)]


def test_a_hostile_vocabulary_gives_valid_unique_tab_names(bergen_stands, soffice, tmp_path):
    assert len(HOSTILE[3].name) == 40
    folder, _ = bergen_stands
    programme = replace(load_programme(folder), statuses=tuple(HOSTILE))
    inputs = {"WON-01": RowInput("Samenvatting", "", "Het heet hier echt zo"),
              "I-1.2-01": RowInput("Gestopt/uitgesteld", "", "Geen geld"),
              "JEUGD-01": RowInput(HOSTILE[3].name)}
    summary = compute_summary(programme, [StandPoint(Quarter(2025, 2), {}, "q2"),
                                          StandPoint(Quarter(2025, 3), inputs, "q3")])
    target = tmp_path / "voortgang.xlsx"
    write_summary_xlsx(str(target), summary)
    expected = ["Samenvatting", "Conflicten", "Achter op schema", "Samenvatting (lijst)",
                "Gestopt-uitgesteld", "Afgerond en… sinds vorige stand", "Zonder update",
                "Terugkerend", "Planning onleesbaar"]
    assert openpyxl.load_workbook(target).sheetnames == expected
    # LibreOffice opens it as a colleague would and keeps every tab and every full title.
    reopened = openpyxl.load_workbook(libreoffice_convert(soffice, target, tmp_path / "lo"))
    assert reopened.sheetnames == expected
    assert [reopened[name]["A1"].value for name in expected[3:6]] == [
        "Samenvatting (1)", "Gestopt/uitgesteld (1)",
        "Afgerond en geëvalueerd in de stuurgroep sinds de vorige stand (1)"]


@pytest.mark.parametrize(("statuses", "expected"), [
    # A clash with a fixed tab, whatever the case; Excel's own "History" too.
    ({"vertraagd": ["CONFLICTEN"], "vervallen": ["history"]},
     ("CONFLICTEN (lijst)", "history (lijst)")),
    # The same name after cleaning: the second gets a suffix, still within 31 characters.
    ({"vertraagd": ["A/B"], "vervallen": ["A:B"]}, ("A-B", "A-B (lijst)")),
    ({"vertraagd": ["Een heel lange status om te testen"], "vervallen": [
        "Een heel lange status om te testen, echt"]},
     ("Een heel lange status om te te…", "Een heel lange status… (lijst)")),
    # Apostrophes at the ends, brackets, control characters, nothing usable left.
    ({"vertraagd": ["'Wacht' [OM]"], "vervallen": ["*?\n"]},
     ("Wacht' (OM)", "Gestopt met toelichting")),
    # Characters outside the BMP count twice, as Excel counts them.
    ({"vertraagd": ["🚧" * 20], "vervallen": []},
     ("🚧" * 15 + "…", "Gestopt met toelichting")),
])
def test_tab_names_made_from_status_words_keep_excel_s_rules(statuses, expected):
    names = list_tab_names({**statuses, "afgerond_sinds_vorige_stand": ["Klaar"]})
    assert (names["vertraagd"], names["vervallen"]) == expected
    assert names["afgerond_sinds_vorige_stand"] == "Klaar sinds vorige stand"
    assert len({name.lower() for name in names.values()} |
               {"samenvatting", "meldingen", "history"}) == len(names) + 3
    for name in names.values():
        assert tab_name_problem(name, set()) == "", name

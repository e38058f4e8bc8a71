"""Dutch as a user reads it: one and many, de and het, --help of every command, the quarter and the
peildatum as people write them."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers.returns import FIXED
from tests.helpers.templates import copied_templates
from uvp_excel import templates
from uvp_excel.cli import cli
from uvp_excel.errors import TemplateError
from uvp_excel.findings import make_finding
from uvp_excel.quarters import default_quarter_warning
from uvp_excel.source.loader import load_programme
from uvp_excel.source.planning import Quarter
from uvp_excel.summary.run import parse_peildatum
from uvp_excel.workbook.writer import BuildSpec, write_workbook


def run(*arguments: str):
    return CliRunner().invoke(cli, [str(argument) for argument in arguments])


def every_command(group: click.Group = cli, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from every_command(command, (*prefix, name))


@pytest.mark.parametrize(("kind", "params", "message"), [
    ("merge-niet-terug", {"value": 1, "ids": "P1-02"},
     "1 activiteit staat in geen enkele ingevulde werkmap (P1-02); in de stand is die leeg. Voeg "
     "samen op de vorige stand als basis om de waarden te houden"),
    ("merge-niet-terug", {"value": 3, "ids": "P1-01, P1-03, A-1.1-01"},
     "3 activiteiten staan in geen enkele ingevulde werkmap (P1-01, P1-03, A-1.1-01); in de stand "
     "zijn ze leeg. Voeg samen op de vorige stand als basis om de waarden te houden"),
    ("retour-tabblad-extra", {"value": "B2: bellen", "count": 1},
     "extra tabblad met 1 gevulde cel; niet gelezen: B2: bellen"),
    ("retour-tabblad-extra", {"value": "B2: x; B3: y", "count": 2},
     "extra tabblad met 2 gevulde cellen; niet gelezen: B2: x; B3: y"),
    ("retour-tabel-zonder-kop", {"value": "H2: Afgerond", "count": 1},
     "de kopregel met ID en Status ontbreekt (verwijderd?), dus de rijen zijn niet te lezen; 1 "
     "gevulde cel niet overgenomen: H2: Afgerond"),
])
def test_one_and_many_in_messages(kind, params, message):
    assert make_finding(kind, **params).message == message


def test_every_message_has_one_of_the_four_severities():
    assert templates.SEVERITIES == ("fout", "waarschuwing", "conflict", "info")
    assert {entry["ernst"] for entry in templates.message_templates().values()} == \
        set(templates.SEVERITIES)


def test_a_message_with_an_unknown_severity_is_refused(tmp_path, monkeypatch):
    with copied_templates(tmp_path, monkeypatch) as folder:
        path = folder / "meldingen.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "retour-formule: {ernst: fout,", "retour-formule: {ernst: Fout,"), encoding="utf-8")
        with pytest.raises(TemplateError) as raised:
            templates.message_templates()
    assert str(raised.value) == ("templates/meldingen.yaml › retour-formule: ernst moet fout, "
                                 "waarschuwing, conflict of info zijn, niet 'Fout'")


def test_one_and_many_on_the_command_line(mini_copy, tmp_path):
    for section in ("P1", "A"):  # every row led by OOV: split writes one workbook
        path = mini_copy / "secties" / f"{section}.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"regie: (\[OOV, Samenleven\]|THV)", "regie: OOV", text),
                        encoding="utf-8")
    split = run("split", "--source", mini_copy, "-o", tmp_path / "uit", "--kwartaal", "Q3 2024")
    assert split.stderr == f"1 werkmap geschreven in {tmp_path / 'uit'}\n"
    target = tmp_path / "w.xlsx"
    built = run("build", "--source", mini_copy, "-o", target, "--kwartaal", "Q3 2024")
    assert built.stderr == (f"Werkmap geschreven: {target} (4 activiteiten en 1 verwijzing op 6 "
                            "tabbladen)\n")
    budget = run("budget", "--source", mini_copy, "--format", "csv", "-o", tmp_path / "b.csv")
    assert budget.stderr == f"Budget geschreven: {tmp_path / 'b.csv'} (4 regels uit 1 tabel)\n"


def test_dropdown_errors_agree_with_de_and_het(mini):
    buffer = io.BytesIO()
    write_workbook(buffer, BuildSpec(mini, quarter=Quarter(2024, 3), generated=FIXED))
    sheet = openpyxl.load_workbook(buffer)["P1 Ondermijning"]
    titles = {item.promptTitle: (item.errorTitle, item.error)
              for item in sheet.data_validations.dataValidation}
    assert titles["Status"][0] == "Ongeldige status"
    assert titles["Kwartaal"] == ("Ongeldig kwartaal", "Kies een kwartaal uit de lijst (Q1 2024 "
                                                      "t/m Q4 2025), geschreven als Q3 2024.")


def test_every_help_page_is_dutch():
    for command in every_command():
        result = run(*command, "--help")
        assert result.exit_code == 0, command
        for english in ("[required]", "Show this", "default:", "Usage", "Options:", "[default"):
            assert english not in result.output, (command, english)
    assert "[verplicht]" in run("split", "--help").output


def test_a_fresh_process_speaks_dutch_without_anyone_installing_it():
    # dutch_click.install() has one caller: importing the command line (uvp_excel.cli_options,
    # which uvp_excel.cli imports). No test, no user of the command line calls it again.
    done = subprocess.run([sys.executable, "-m", "uvp_excel", "build", "--geen-optie"],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == ["Gebruik: uvp-excel build [OPTIES]",
                                        "Probeer 'uvp-excel build --help' voor hulp.", "",
                                        "Fout: Onbekende optie '--geen-optie'."]


def test_each_command_says_what_its_quarter_means():
    helps = {name: run(name, "--help").output for name in ("build", "split", "merge")}
    for name in ("build", "split"):
        assert "Het rapportagekwartaal van de werkmap" in helps[name]
        assert "merge" not in helps[name].split("Opties:")[1], name
    assert "Het kwartaal van de stand" in helps["merge"]


def test_no_summary_in_the_command_list_is_cut_off():
    listing = run("--help").output.split("Opdrachten:")[1]
    assert "..." not in listing
    assert "..." not in run("source", "--help").output.split("Opdrachten:")[1]


def test_help_never_breaks_a_file_name_at_a_hyphen():
    assert "uvp-heiloo-2024-2025.xlsx" in run("build", "--help").output


@pytest.mark.parametrize("text", ["31-12-2024", "31-12-24", "31/12/2024", "2024-12-31",
                                  "31 december 2024", " 31-12-2024 "])
def test_peildatum_as_people_write_it(text):
    assert parse_peildatum(text) == date(2024, 12, 31)


@pytest.mark.parametrize(("today", "warning"), [
    (date(2024, 7, 1), ""),
    (date(2025, 12, 31), ""),
    (date(2026, 1, 15), "het huidige kwartaal (Q1 2026) valt buiten de periode van het programma "
                        "(2024–2025); de werkmap krijgt rapportagekwartaal Q1 2026. Kies een "
                        "ander kwartaal met --kwartaal"),
    (date(2031, 5, 1), "het huidige kwartaal (Q2 2031) valt buiten de periode van het programma "
                       "(2024–2025); de werkmap krijgt rapportagekwartaal Q4 2027 (het laatste "
                       "van de keuzelijst). Kies een ander kwartaal met --kwartaal"),
    (date(2023, 2, 1), "het huidige kwartaal (Q1 2023) valt buiten de periode van het programma "
                       "(2024–2025); de werkmap krijgt rapportagekwartaal Q1 2024 (het eerste "
                       "van de keuzelijst). Kies een ander kwartaal met --kwartaal"),
])
def test_a_default_quarter_outside_the_programme_is_a_warning(heiloo, today, warning):
    assert default_quarter_warning(heiloo, today, option="--kwartaal") == warning


def test_build_and_split_warn_on_stderr_and_still_write(mini_copy, tmp_path):
    path = mini_copy / "programma.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "periode: {van: 2024, tot: 2025}", "periode: {van: 2001, tot: 2002}").replace(
        "ivb_periode: {van: 2024, tot: 2025}", "ivb_periode: {van: 2001, tot: 2002}"),
        encoding="utf-8")
    assert load_programme(mini_copy).last_year == 2002
    current = Quarter.of(date.today())
    warning = (f"Waarschuwing: het huidige kwartaal ({current}) valt buiten de periode van het "
               "programma (2001–2002); de werkmap krijgt rapportagekwartaal Q4 2002 (het laatste "
               "van de keuzelijst). Kies een ander kwartaal met --kwartaal.")
    built = run("build", "--source", mini_copy, "-o", tmp_path / "w.xlsx")
    assert built.exit_code == 0 and built.stderr.splitlines()[0] == warning
    split = run("split", "--source", mini_copy, "-o", tmp_path / "uit")
    assert split.exit_code == 0 and split.stderr.splitlines()[0] == warning
    assert "Waarschuwing" not in run("build", "--source", mini_copy, "-o", tmp_path / "q.xlsx",
                                     "--kwartaal", "Q3 2002").stderr
    assert Path(tmp_path / "q.xlsx").exists()

"""One library, several faces: the API speaks of its parameters, the CLI of its options, and
every command's outcome comes from the API function it calls."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

import uvp_excel as uvp
from tests.conftest import MINI_SOURCE
from tests.helpers.returns import fill, handed_out
from uvp_excel.cli import cli


def run(*args: object) -> object:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def test_a_wrong_quarter_names_the_parameter_in_python_and_the_option_on_the_command_line(
        mini, tmp_path):
    with pytest.raises(uvp.ParameterError) as error:
        uvp.build(mini, tmp_path / "w.xlsx", quarter="Q9 2024")
    assert str(error.value) == "quarter 'Q9 2024' is geen kwartaal; schrijf het als 'Q3 2024'"
    assert error.value.parameter == "quarter"
    result = run("build", "--source", MINI_SOURCE, "--kwartaal", "Q9 2024", "-o",
                 tmp_path / "w.xlsx")
    assert (result.exit_code, result.stderr) == (
        2, "Fout: --kwartaal 'Q9 2024' is geen kwartaal; schrijf het als 'Q3 2024'\n")
    assert not (tmp_path / "w.xlsx").exists()


# "{option}.csv": a file name that looks like an argument marker is shown as it is.
@pytest.mark.parametrize("name", ["begroting.csv", "{option}.csv"])
def test_an_existing_output_asks_for_force_in_the_spelling_of_each_face(mini, tmp_path, name):
    target = tmp_path / name
    uvp.budget(mini, target)
    with pytest.raises(uvp.OutputExistsError) as error:
        uvp.budget(mini, target)
    assert str(error.value) == (f"{target} bestaat al; gebruik force=True om het te "
                                "overschrijven (er is niets veranderd)")
    result = run("budget", "--source", MINI_SOURCE, "--format", "csv", "-o", target)
    assert (result.exit_code, result.stderr) == (
        1, f"Fout: {target} bestaat al; gebruik --force om het te overschrijven (er is niets "
           "veranderd)\n")


def test_a_wrong_peildatum_names_the_parameter(mini, tmp_path):
    stand = io.BytesIO()
    folder = tmp_path / "ingevuld"
    folder.mkdir()
    fill(handed_out(mini), folder / "anne.xlsx", {("P1-01", "status"): "Afgerond"})
    uvp.merge(mini, [folder]).write(stand)
    stand.seek(0)
    with pytest.raises(uvp.ParameterError) as error:
        uvp.summarise(mini, [stand], peildatum="31-09-2024")
    assert str(error.value) == ("peildatum '31-09-2024' is geen datum; schrijf bijvoorbeeld "
                                "30-09-2024 of 2024-09-30")


def conflicted_stand(mini, tmp_path) -> io.BytesIO:
    """A stand in memory with one open conflict on the status of P1-01."""
    folder = tmp_path / "ingevuld"
    folder.mkdir()
    fill(handed_out(mini), folder / "anne.xlsx", {("P1-01", "status"): "Afgerond"})
    fill(handed_out(mini), folder / "bert.xlsx", {("P1-01", "status"): "Vertraagd"})
    result = uvp.merge(mini, [folder])
    assert [(c.id, c.field) for c in result.conflicts] == [("P1-01", "status")]
    stand = io.BytesIO()
    result.write(stand)
    stand.seek(0)
    stand.name = "stand-q3.xlsx"
    return stand


def test_handing_out_from_a_stand_with_an_open_conflict_says_so_in_python_and_on_the_command_line(
        mini, tmp_path):
    stand = conflicted_stand(mini, tmp_path)
    built = uvp.build(mini, io.BytesIO(), quarter="Q4 2024", base=stand)
    assert [finding.kind for finding in built.findings] == ["uitdelen-conflict"]
    assert "open conflict in Status van P1-01" in str(built.findings[0])
    stand.seek(0)
    files = uvp.split(mini, tmp_path / "uitdelen", quarter="Q4 2024", base=stand)
    assert [finding.kind for finding in files.findings] == ["uitdelen-conflict"]
    assert len(files) == len(list((tmp_path / "uitdelen").iterdir()))
    (tmp_path / "stand-q3.xlsx").write_bytes(stand.getvalue())
    result = run("build", "--source", MINI_SOURCE, "--kwartaal", "Q4 2024", "--from",
                 tmp_path / "stand-q3.xlsx", "-o", tmp_path / "w.xlsx")
    assert result.exit_code == 0
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"waarschuwing: {tmp_path / 'stand-q3.xlsx'}")
    assert first.endswith(str(built.findings[0]).removeprefix("stand-q3.xlsx"))


def test_check_export_and_import_of_a_programme_in_python(mini, tmp_path):
    checked = uvp.check_programme(mini)
    assert checked.programme is mini
    assert [finding.kind for finding in checked.anomalies] == \
        [finding.kind for finding in uvp.check_programme(uvp.load_programme(MINI_SOURCE)).anomalies]
    exported = uvp.export_programme(tmp_path / "programma.xlsx", mini)
    assert exported.activities == len(list(mini.activities()))
    imported = uvp.import_programme(tmp_path / "programma.xlsx", tmp_path / "programma")
    assert imported.written and not imported.has_errors
    again = uvp.load_programme(tmp_path / "programma")
    assert [a.id for a in again.activities()] == [a.id for a in mini.activities()]
    with pytest.raises(uvp.OutputExistsError):
        uvp.export_programme(tmp_path / "programma.xlsx", mini)


def test_every_command_with_a_data_outcome_exits_by_the_result(mini, tmp_path):
    folder = tmp_path / "ingevuld"
    folder.mkdir()
    fill(handed_out(mini), folder / "anne.xlsx", {("P1-01", "status"): "Afgerond"})
    fill(handed_out(mini), folder / "bert.xlsx", {("P1-01", "status"): "Vertraagd"})
    assert not uvp.merge(mini, [folder]).clean
    for command in (["validate", folder], ["merge", folder, "-o", tmp_path / "s.xlsx"],
                    ["summary", folder, "-o", tmp_path / "v.html"]):
        assert run(*command, "--source", MINI_SOURCE).exit_code == 1, command
    (folder / "bert.xlsx").unlink()
    assert uvp.merge(mini, [folder]).clean
    for command in (["validate", folder], ["merge", folder, "-o", tmp_path / "s2.xlsx"],
                    ["summary", folder, "-o", tmp_path / "v2.html"]):
        assert run(*command, "--source", MINI_SOURCE).exit_code == 0, command


@pytest.mark.parametrize(("command", "name", "start"), [
    (["summary", "{stand}"], "voortgang.xlsx", b"PK"),
    (["summary", "{stand}"], "voortgang.md", b"# Voortgang"),
    (["summary", "{stand}", "--format", "md"], "voortgang.txt", b"# Voortgang"),
    (["budget"], "begroting.csv", "\ufefftabel;groep".encode()),
    (["budget", "--format", "xlsx"], "begroting.csv", b"PK"),
])
def test_the_format_follows_the_output_name_unless_chosen(mini, tmp_path, command, name, start):
    stand = tmp_path / "stand.xlsx"
    uvp.build(mini, stand, quarter="Q3 2024")
    arguments = [str(part).format(stand=stand) for part in command]
    result = run(*arguments, "--source", MINI_SOURCE, "-o", tmp_path / name)
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).read_bytes().startswith(start)


def test_an_output_name_no_format_fits_asks_for_the_format(mini, tmp_path):
    result = run("budget", "--source", MINI_SOURCE, "-o", tmp_path / "begroting.txt")
    assert (result.exit_code, result.stderr) == (
        2, "Fout: onbekend bestandsformaat '.txt'; kies uit: xlsx, csv, of kies het formaat met "
           "--format\n")
    assert not (tmp_path / "begroting.txt").exists()

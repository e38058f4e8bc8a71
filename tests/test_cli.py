"""The command line as a user meets it: Dutch help, exit codes, messages on stderr."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from uvp_excel.cli import cli


@pytest.fixture
def runner():
    return CliRunner()


def test_main_help_is_dutch(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Gebruik: cli [OPTIES] OPDRACHT [ARGUMENTEN]...")
    assert "Opties:" in result.output and "Opdrachten:" in result.output
    assert "Toon deze hulp en stop." in result.output
    assert "Toon de versie en stop." in result.output
    assert "Usage" not in result.output and "Show " not in result.output


def test_commands_are_listed_in_workflow_order(runner):
    output = runner.invoke(cli, ["--help"]).output
    listed = [line.split()[0] for line in output.split("Opdrachten:")[1].strip().splitlines()]
    assert listed == ["build", "split", "validate", "merge", "summary", "budget", "check",
                      "serve", "source"]


def test_every_command_has_dutch_help_with_an_example(runner):
    commands = [([name], command) for name, command in cli.commands.items()]
    commands += [(["source", name], command)
                 for name, command in cli.commands["source"].commands.items()]
    assert [path for path, _ in commands][-3:] == [["source", "new"], ["source", "export"],
                                                  ["source", "import"]]
    for path, command in commands:
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, path
        assert command.help and "Voorbeeld" in command.help, path
        assert "Gebruik:" in result.output, path


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("uvp-excel, versie ")


def test_unknown_option_is_a_usage_error_in_dutch(runner):
    result = runner.invoke(cli, ["check", "--bestaat-niet"])
    assert result.exit_code == 2
    assert "Fout: Onbekende optie '--bestaat-niet'." in result.output


def test_check_prints_sections_and_anomalies(runner):
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    assert "P1  2.1 Prioriteit 1: Ondermijnende criminaliteit" in result.output
    assert "Totaal" in result.output and "104" in result.output
    assert "Afwijkingen in het document (18):" in result.output


def test_check_json_is_data(runner):
    result = runner.invoke(cli, ["check", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [section["sleutel"] for section in data["secties"]][:5] == ["P1", "P2", "P3", "P4",
                                                                        "S1"]
    assert sum(section["activiteiten"] for section in data["secties"]) == 104
    assert len(data["afwijkingen"]) == 18


def test_check_of_broken_data_exits_1_with_every_problem_on_stderr(runner, mini_copy):
    path = mini_copy / "secties/P1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "maatregel: Bibob-beleid evalueren., ", ""),
                    encoding="utf-8")
    (mini_copy / "secties/A.yaml").unlink()
    result = runner.invoke(cli, ["check", "--source", str(mini_copy)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Fout: secties/P1.yaml › P1-01 › regel 9: veld 'maatregel' ontbreekt",
        "Fout: programma.yaml › secties: sectie 'A' staat in programma.yaml, maar secties/A.yaml "
        "bestaat niet",
        "Fout: de programmagegevens bevatten 2 problemen",
    ]
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(runner, tmp_path):
    result = runner.invoke(cli, ["--debug", "check", "--source", str(tmp_path)])
    assert result.exit_code == 1
    assert result.exception is not None and "geen programmamap" in str(result.exception)

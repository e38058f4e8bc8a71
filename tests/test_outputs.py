"""What every writing command promises about its output, tested once for all of them.

In the style of csvkit's shared test mix-ins: one table of commands (build, split, merge, summary,
budget), and each promise is one test run over the whole table:

- an input is never an output, whatever the spelling (``./``, ``../``, a symbolic link) and even
  with ``--force`` (exit 2, the input unchanged) — also through the library;
- an existing output is not replaced without ``--force`` (exit 1, unchanged).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import uvp_excel as uvp
from tests.conftest import MINI_SOURCE
from tests.helpers.returns import fill, handed_out
from uvp_excel.cli import cli
from uvp_excel.errors import ParameterError

MINI = str(MINI_SOURCE)
SPLIT_FILE = "uvp-proefdorp-2024-2025-THV.xlsx"  # one of the files split writes


@pytest.fixture
def quarter(mini, tmp_path):
    """A folder with one return, its stand, and the stand inside a hand-out folder."""
    (tmp_path / "ingevuld").mkdir()
    fill(handed_out(mini), tmp_path / "ingevuld" / "a.xlsx", {("P1-01", "status"): "Afgerond"})
    result = CliRunner().invoke(cli, ["merge", "ingevuld", "-o", "stand.xlsx", "--source", MINI])
    assert result.exit_code == 0, result.output
    (tmp_path / "uitdelen").mkdir()
    (tmp_path / "uitdelen" / SPLIT_FILE).write_bytes((tmp_path / "stand.xlsx").read_bytes())
    return tmp_path


# Per command: the arguments with {input} (the file that must survive) and {output}.
COMMANDS = {
    "build": ["build", "--from", "{input}", "-o", "{output}"],
    "merge": ["merge", "ingevuld", "--base", "{input}", "-o", "{output}"],
    "summary": ["summary", "{input}", "--format", "xlsx", "-o", "{output}"],
    "split": ["split", "--from", "{input}", "-o", "{output}"],
}


def spellings(folder: Path, command: str) -> list[tuple[str, str, Path]]:
    """(input as typed, output as typed, the file that must survive) for every spelling."""
    if command == "split":  # the output is a folder that holds the input under a split name
        os.symlink(folder / "uitdelen", folder / "link")
        survivor = folder / "uitdelen" / SPLIT_FILE
        return [(f"uitdelen/{SPLIT_FILE}", "uitdelen", survivor),
                (f"./uitdelen/{SPLIT_FILE}", f"../{folder.name}/uitdelen", survivor),
                (f"uitdelen/{SPLIT_FILE}", "link", survivor)]
    os.symlink(folder / "stand.xlsx", folder / "link.xlsx")
    survivor = folder / "stand.xlsx"
    return [("stand.xlsx", "stand.xlsx", survivor),
            ("stand.xlsx", "./stand.xlsx", survivor),
            ("./stand.xlsx", f"../{folder.name}/stand.xlsx", survivor),
            ("link.xlsx", "stand.xlsx", survivor),
            ("stand.xlsx", "link.xlsx", survivor)]


def run(arguments: list[str]):
    result = CliRunner().invoke(cli, [*arguments, "--source", MINI])
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("command", COMMANDS)
def test_an_input_is_never_an_output_even_with_force(quarter, command):
    for typed_input, typed_output, survivor in spellings(quarter, command):
        before = survivor.read_bytes()
        arguments = [part.format(input=typed_input, output=typed_output)
                     for part in COMMANDS[command]]
        result = run([*arguments, "--force"])
        assert result.exit_code == 2, (typed_input, typed_output, result.output)
        assert "is ook een invoerbestand; een invoerbestand wordt nooit overschreven" in \
            result.stderr, (typed_input, typed_output)
        assert survivor.read_bytes() == before, (typed_input, typed_output)


def test_the_library_never_writes_over_an_input(mini, quarter):
    stand = quarter / "stand.xlsx"
    before = stand.read_bytes()
    attempts = {
        "build": lambda: uvp.build(mini, "./stand.xlsx", base=stand, force=True),
        "split": lambda: uvp.split(mini, "uitdelen", base=f"uitdelen/{SPLIT_FILE}", force=True),
        "merge": lambda: uvp.merge(mini, ["ingevuld"], base="stand.xlsx").write(
            quarter / "stand.xlsx", force=True),
        "summary": lambda: uvp.summarise(mini, ["ingevuld"], base=stand).write(
            "stand.xlsx", force=True),
    }
    for command, attempt in attempts.items():
        with pytest.raises(ParameterError, match="is ook een invoerbestand"):
            attempt()
        assert stand.read_bytes() == before, command


@pytest.mark.parametrize("command", [*COMMANDS, "budget"])
def test_an_existing_output_is_only_replaced_with_force(quarter, command):
    existing = quarter / ("uitdelen" if command == "split" else "bestaat.xlsx")
    target = existing / SPLIT_FILE if command == "split" else existing
    target.write_bytes(b"van iemand anders")
    arguments = ["budget", "-o", "bestaat.xlsx"] if command == "budget" else [
        part.format(input="ingevuld/a.xlsx" if command == "summary" else "stand.xlsx",
                    output=existing.name) for part in COMMANDS[command]]
    result = run(arguments)
    assert result.exit_code == 1, result.output
    assert f"{target.relative_to(quarter)} bestaat al; gebruik --force" in result.stderr
    assert target.read_bytes() == b"van iemand anders"
    assert run([*arguments, "--force"]).exit_code in (0, 1)
    assert target.read_bytes() != b"van iemand anders"

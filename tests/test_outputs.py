"""Every command that writes: an input is never an output, and nothing is overwritten unforced.

One behaviour, tested once and run for every writing command (the way csvkit shares its test
mix-ins): each ``Test…`` class below names a command and the input it could overwrite, and
inherits the tests. The guard lives where files are written (``uvp_excel.output``), so the
library has it too (see test_api).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import uvp_excel as uvp
from tests.conftest import MINI_SOURCE
from tests.helpers.returns import fill, handed_out
from uvp_excel.cli import cli
from uvp_excel.errors import OutputExistsError
from uvp_excel.output import atomic_output
from uvp_excel.source.loader import load_programme

SPELLINGS = ["zelfde pad", "./", "../", "snelkoppeling", "harde link"]


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A folder as the AOV has one: the programme, a stand, returns; run from inside it."""
    work = tmp_path / "kwartaal"
    work.mkdir()
    shutil.copytree(MINI_SOURCE, work / "programma")
    book = handed_out(load_programme(work / "programma"))
    (work / "stand.xlsx").write_bytes(book)
    (work / "ingevuld").mkdir()
    fill(book, work / "ingevuld" / "a.xlsx", {("P1-01", "status"): "Afgerond"})
    monkeypatch.chdir(work)
    return work


def spelled(path: Path, spelling: str, work: Path) -> str:
    """Another way to name ``path`` (relative to ``work``, the current folder)."""
    relative = path.relative_to(work)
    if spelling == "./":
        return f"./{relative}"
    if spelling == "../":
        return f"../{work.name}/{relative}"
    if spelling == "snelkoppeling":
        link = work / "koppeling.xlsx"
        link.symlink_to(path)
        return link.name
    if spelling == "harde link":
        os.link(path, work / "kopie.xlsx")
        return "kopie.xlsx"
    return str(relative)


class OutputContract:
    """The tests every writing command inherits."""

    def victim(self, work: Path) -> Path:
        """The input file the command could overwrite."""
        raise NotImplementedError

    def arguments(self, work: Path, output: str) -> list[str]:
        """The command line writing ``output``."""
        raise NotImplementedError

    @pytest.mark.parametrize("spelling", SPELLINGS)
    def test_an_input_is_never_an_output(self, workspace, spelling):
        victim = self.victim(workspace)
        before = victim.read_bytes()
        output = spelled(victim, spelling, workspace)
        result = CliRunner().invoke(cli, [*self.arguments(workspace, output), "--force"])
        assert (result.exit_code, result.stderr.splitlines()[-1]) == (
            2, f"Fout: {self.shown(workspace, output)} is ook een invoerbestand; een "
               "invoerbestand wordt nooit overschreven, kies een andere naam")
        assert victim.read_bytes() == before
        assert not list(workspace.rglob(".~uvp-*"))

    def test_an_existing_output_needs_force(self, workspace):
        target = workspace / "bestaat.xlsx"
        target.write_bytes(b"van iemand anders")
        result = CliRunner().invoke(cli, self.arguments(workspace, "bestaat.xlsx"))
        assert (result.exit_code, result.stderr.splitlines()[-1]) == (
            1, f"Fout: {self.shown(workspace, 'bestaat.xlsx')} bestaat al; gebruik --force om "
               "het te overschrijven (er is niets veranderd)")
        assert target.read_bytes() == b"van iemand anders"

    def shown(self, work: Path, output: str) -> str:
        """How the refused file is named in the message."""
        return str(Path(output))


class TestBuild(OutputContract):
    def victim(self, work):
        return work / "stand.xlsx"

    def arguments(self, work, output):
        return ["build", "--source", "programma", "--from", "stand.xlsx", "-o", output]


class TestMerge(OutputContract):
    def victim(self, work):
        return work / "ingevuld" / "a.xlsx"

    def arguments(self, work, output):
        return ["merge", "ingevuld", "--source", "programma", "-o", output]


class TestMergeBase(OutputContract):
    def victim(self, work):
        return work / "stand.xlsx"

    def arguments(self, work, output):
        return ["merge", "ingevuld", "--base", "stand.xlsx", "--source", "programma", "-o",
                output]


class TestSummary(OutputContract):
    def victim(self, work):
        return work / "stand.xlsx"

    def arguments(self, work, output):
        return ["summary", "stand.xlsx", "--source", "programma", "--format", "xlsx", "-o",
                output]


class TestBudget(OutputContract):
    def victim(self, work):
        return work / "programma" / "programma.yaml"

    def arguments(self, work, output):
        return ["budget", "--source", "programma", "--format", "csv", "-o", output]


class TestSplit(OutputContract):
    """split names its files itself: the stand it starts from is spelled instead."""

    def victim(self, work):
        (work / "uitdelen").mkdir(exist_ok=True)
        victim = work / "uitdelen" / "uvp-proefdorp-2024-2025-OOV.xlsx"
        if not victim.exists():
            shutil.copy(work / "stand.xlsx", victim)
        return victim

    def arguments(self, work, output):
        return ["split", "--source", "programma", "--from", output, "-o", "uitdelen"]

    def shown(self, work, output):
        return "uitdelen/uvp-proefdorp-2024-2025-OOV.xlsx"

    def test_an_existing_output_needs_force(self, workspace):
        target = self.victim(workspace)
        target.write_bytes(b"van iemand anders")
        result = CliRunner().invoke(cli, self.arguments(workspace, "stand.xlsx"))
        assert (result.exit_code, result.stderr.splitlines()[-1]) == (
            1, f"Fout: {target.relative_to(workspace)} bestaat al; gebruik --force om het te "
               "overschrijven (er is niets veranderd)")
        assert target.read_bytes() == b"van iemand anders"


@pytest.mark.parametrize(("function", "arguments"), [
    ("merge", ["merge", "ingevuld"]),
    ("summarise", ["summary", "stand.xlsx", "--format", "csv"]),
])
def test_a_programme_file_as_output_is_refused_before_the_long_run(workspace, monkeypatch,
                                                                  function, arguments):
    def never(*_args, **_kwargs):
        raise AssertionError("read the inputs before refusing the output")

    monkeypatch.setattr(uvp, function, never)
    result = CliRunner().invoke(cli, [*arguments, "--source", "programma", "-o",
                                      "programma/programma.yaml", "--force"])
    assert (result.exit_code, result.stderr) == (
        2, "Fout: programma/programma.yaml is ook een invoerbestand; een invoerbestand wordt "
           "nooit overschreven, kies een andere naam\n")


def test_a_target_that_appears_while_writing_is_not_replaced(tmp_path):
    target = tmp_path / "stand.xlsx"
    appeared = pytest.raises(OutputExistsError, match="is intussen door iets anders gemaakt; "
                                                      "er is niets overschreven")
    with appeared, atomic_output(target) as temporary:
        temporary.write_bytes(b"onze stand")
        target.write_bytes(b"de stand van een tweede merge")  # the other run was faster
    assert target.read_bytes() == b"de stand van een tweede merge"
    assert [path.name for path in tmp_path.iterdir()] == ["stand.xlsx"]


def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path):
    script = ("import os, signal, sys\n"
              "from uvp_excel.output import atomic_output\n"
              "with atomic_output(sys.argv[1]) as temporary:\n"
              "    temporary.write_bytes(b'half')\n"
              "    os.kill(os.getpid(), signal.SIGTERM)\n"
              "    signal.pause()\n")
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "stand.xlsx")],
                            capture_output=True, text=True, timeout=60, check=False)
    assert (result.returncode, result.stderr) == (143, "")
    assert list(tmp_path.iterdir()) == []

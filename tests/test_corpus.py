"""The corpus of issue 10: whatever one file does, it costs that one file.

Each case puts one hostile or broken entry beside a good return and merges the folder in a real
process (2 GB address space, 60 s): no traceback and no native abort, the expected exit code,
exactly one Dutch line naming the entry (with its cell where it has one), the good return
merged into the stand, and no temporary file left.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.helpers.corpus import CASES, content, far, fifo, link_to
from tests.helpers.hostile import GOOD, run_case
from tests.helpers.returns import fill, handed_out
from tests.helpers.surgery import appended, edited, stray
from uvp_excel.cli import cli
from uvp_excel.returns.reader import read_return


@pytest.fixture(scope="module")
def workbooks(heiloo, tmp_path_factory):
    """The workbook as handed out, and a good return made from it (P1-01 finished)."""
    book = handed_out(heiloo)
    good = fill(book, tmp_path_factory.mktemp("goed") / GOOD, {("P1-01", "status"): "Afgerond"})
    return book, good.read_bytes()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_one_bad_entry_costs_one_entry(case, workbooks, tmp_path, heiloo):
    book, good = workbooks
    outcome = run_case(case, tmp_path, good, book)
    assert "Traceback" not in outcome.stderr and "memory allocation" not in outcome.stderr
    expected = [case.line.format(file=outcome.shown)] if case.line else []
    assert (outcome.code, outcome.lines_about()) == (case.code, expected), outcome.stderr
    assert outcome.stderr.splitlines()[-1].startswith("Stand geschreven: uit/stand.xlsx (")
    stand = read_return(tmp_path / "uit" / "stand.xlsx", "stand", heiloo)
    assert stand.current("P1-01").status == "Afgerond"
    assert outcome.leftovers == []


def test_the_corpus_covers_every_root_cause_with_many_variants():
    causes = {case.cause for case in CASES}
    assert causes == {1, 2, 3, 4, 5, 6, 8, 9, 10}  # 7 (tampered hand-out values) is not ours
    assert len(CASES) > 66
    assert len({case.id for case in CASES}) == len(CASES)


STAND_COMMANDS = {
    "summary": ["summary", "{stand}", "-o", "voortgang.html"],
    "build --from": ["build", "--from", "{stand}", "-o", "werkmap.xlsx"],
    "split --from": ["split", "--from", "{stand}", "-o", "uitdelen"],
    "merge --base": ["merge", "ingevuld", "--base", "{stand}", "-o", "stand-nieuw.xlsx"],
}
HOSTILE_STANDS = {
    "ver-weg": (content(lambda b: edited(b, P1=appended(stray("XFD1048576")))),
                "stand.xlsx › P1 Ondermijning › XFD1048576: " + far(1048576, 16384)),
    "pijp": (fifo, "stand.xlsx: een named pipe (FIFO), geen gewoon bestand; niet gelezen"),
    "nul": (link_to("/dev/zero"), "stand.xlsx: een apparaat, geen gewoon bestand; niet gelezen"),
}


@pytest.mark.parametrize("command", list(STAND_COMMANDS))
@pytest.mark.parametrize("stand", list(HOSTILE_STANDS))
def test_a_hostile_stand_costs_the_command_one_clear_line(command, stand, workbooks, tmp_path,
                                                         monkeypatch):
    book, good = workbooks
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ingevuld").mkdir()
    (tmp_path / "ingevuld" / GOOD).write_bytes(good)
    make, reason = HOSTILE_STANDS[stand]
    make(tmp_path / "stand.xlsx", book)
    arguments = [part.format(stand="stand.xlsx") for part in STAND_COMMANDS[command]]
    result = CliRunner().invoke(cli, arguments)
    prefix = "Fout: geen stand of ingevulde werkmap kunnen lezen: " if command == "summary" \
        else "Fout: "
    assert (result.exit_code, result.stderr.splitlines()) == (1, [prefix + reason])
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ingevuld", "stand.xlsx"]

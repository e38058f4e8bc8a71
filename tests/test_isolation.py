"""Foreign files are read in worker processes: whatever one file does, it costs that file only.

Each start method is tested (fork on Linux, forkserver in a threaded program, spawn as on Windows
and macOS). Faults are real: a file that needs more memory than allowed, a file that takes
longer than allowed, and (with fork, where a test can reach into the worker) a native abort.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.returns import fill, handed_out
from tests.helpers.surgery import big_tab
from uvp_excel.merging.collect import Candidate, collect
from uvp_excel.returns import isolation
from uvp_excel.returns.isolation import read_one, read_returns
from uvp_excel.returns.limits import ReadLimits
from uvp_excel.returns.reader import read_return

METHODS = ["fork", "forkserver", "spawn"]


@pytest.fixture(scope="module")
def folder(heiloo, tmp_path_factory):
    """Three good returns around a large one (a million numbers on a tab of its own)."""
    target = tmp_path_factory.mktemp("retouren")
    book = handed_out(heiloo)
    fill(book, target / "a.xlsx", {("P1-01", "status"): "Afgerond"})
    (target / "b-groot.xlsx").write_bytes(big_tab(book, rows=100_000))
    fill(book, target / "c.xlsx", {("P1-01", "toelichting"): "Klaar in juni"})
    fill(book, target / "d.xlsx", {("P1-03", "status"): "Vertraagd"})
    return target


@pytest.fixture(scope="module")
def slow_book(heiloo) -> bytes:
    """A return with a million cells and a formula among them: the reader walks every cell."""
    return big_tab(handed_out(heiloo), rows=100_000, formula=True)


def outcomes(folder: Path, programme, **limits) -> list[tuple[str, bool, list[str]]]:
    results = read_returns(collect([folder]), programme, limits=ReadLimits(**limits))
    return [(candidate.name.rsplit("/", 1)[-1], returned.readable,
             [finding.message for finding in returned.findings])
            for candidate, returned in results]


# A forked worker inherits its parent's free heap, which the address-space limit does not count:
# in a test runner that has grown large, fork is tested from a fresh process (the next test).
@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_a_file_that_needs_too_much_memory_costs_only_that_file(folder, heiloo, method):
    found = outcomes(folder, heiloo, memory_mb=60, start_method=method, workers=2)
    assert [name for name, _, _ in found] == ["a.xlsx", "b-groot.xlsx", "c.xlsx", "d.xlsx"]
    assert [readable for _, readable, _ in found] == [True, False, True, True]
    (message,) = found[1][2]
    assert message in ("het lezen vroeg meer dan 60 MB geheugen; niet gelezen",
                       "het lezen brak af (meer dan 60 MB geheugen nodig, of een fout in de "
                       "lezer); niet gelezen")
    assert multiprocessing.active_children() == []


def test_validate_in_a_fresh_process_reports_the_file_that_needs_too_much_memory(folder):
    result = subprocess.run([sys.executable, "-m", "uvp_excel", "validate", str(folder)],
                            capture_output=True, text=True, timeout=120, check=False,
                            env={**os.environ, "UVP_EXCEL_LEESGEHEUGEN_MB": "60"})
    lines = [line for line in result.stderr.splitlines() if line.startswith("fout:")]
    assert result.returncode == 1
    assert [line.split(": ", 2)[2] for line in lines] in (
        ["het lezen vroeg meer dan 60 MB geheugen; niet gelezen"],
        ["het lezen brak af (meer dan 60 MB geheugen nodig, of een fout in de lezer); niet "
         "gelezen"])
    assert all("b-groot.xlsx" in line for line in lines)


def test_a_file_that_takes_too_long_is_stopped_and_the_rest_is_read(folder, heiloo, tmp_path,
                                                                    slow_book):
    slow = tmp_path / "traag.xlsx"
    slow.write_bytes(slow_book)  # walking a million cells takes seconds, not 0.5
    good = folder / "a.xlsx"
    candidates = [Candidate(good, "a.xlsx"), Candidate(slow, "traag.xlsx"),
                  Candidate(good, "a-nog-eens.xlsx")]
    limits = ReadLimits(seconds=0.5, workers=1)
    found = [(returned.readable, [f.message for f in returned.findings])
             for _, returned in read_returns(candidates, heiloo, limits=limits)]
    assert found == [(True, []), (False, ["het lezen duurde langer dan 0,5 seconden en is "
                                          "gestopt; niet gelezen"]), (True, [])]


def test_a_native_abort_costs_only_that_file(folder, heiloo, monkeypatch):
    def abort_on_boem(source, name, *args):
        if name == "boem.xlsx":
            os.abort()  # what python-calamine does when an allocation fails
        return read_return(source, name, *args)

    monkeypatch.setattr(isolation, "read_return", abort_on_boem)  # reaches the worker by fork
    good = folder / "a.xlsx"
    candidates = [Candidate(good, "boem.xlsx"), Candidate(good, "a.xlsx"),
                  Candidate(good, "boem.xlsx"), Candidate(good, "c.xlsx")]
    found = [(returned.readable, [f.message for f in returned.findings])
             for _, returned in read_returns(candidates, heiloo,
                                             limits=ReadLimits(start_method="fork"))]
    aborted = (False, ["het lezen brak af (meer dan 2048 MB geheugen nodig, of een fout in de "
                       "lezer); niet gelezen"])
    assert found == [aborted, (True, []), aborted, (True, [])]


@pytest.mark.parametrize("method", METHODS)
def test_each_start_method_reads_as_the_reader_does(folder, heiloo, method):
    path = folder / "c.xlsx"
    direct = read_return(path, "c.xlsx", heiloo)
    isolated = read_one(path, "c.xlsx", heiloo, limits=ReadLimits(start_method=method))
    assert isolated == direct
    assert isolated.rows["P1-01"].cells["toelichting"].value == "Klaar in juni"


def test_file_objects_are_read_from_their_bytes(folder, heiloo):
    data = (folder / "c.xlsx").read_bytes()
    upload = io.BytesIO(data)
    candidates = [Candidate(Path("upload.xlsx"), "upload.xlsx", stream=upload),
                  Candidate(Path("leeg.xlsx"), "leeg.xlsx", stream=io.BytesIO(b""))]
    (_, first), (_, second) = read_returns(candidates, heiloo)
    assert first.readable and first.rows["P1-01"].cells["toelichting"].value == "Klaar in juni"
    assert [f.message for f in second.findings] == ["het bestand is leeg"]


def test_stopping_early_stops_the_workers(folder, heiloo):
    results = read_returns(collect([folder]), heiloo, limits=ReadLimits(workers=2))
    next(results)
    assert multiprocessing.active_children() != []
    results.close()
    assert multiprocessing.active_children() == []


def test_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("UVP_EXCEL_LEESGEHEUGEN_MB", "300")
    monkeypatch.setenv("UVP_EXCEL_LEESTIJD_S", "2,5")
    monkeypatch.setenv("UVP_EXCEL_LEESPROCESSEN", "1")
    assert ReadLimits.from_environment() == ReadLimits(memory_mb=300, seconds=2.5, workers=1)
    monkeypatch.setenv("UVP_EXCEL_LEESTIJD_S", "snel")
    with pytest.raises(Exception, match="UVP_EXCEL_LEESTIJD_S='snel' is geen geldig positief"):
        ReadLimits.from_environment()


def test_sigterm_while_reading_stops_every_reading_process(tmp_path, slow_book):
    folder = tmp_path / "ingevuld-sigterm"
    folder.mkdir()
    for name in ("a.xlsx", "b.xlsx"):  # each keeps a reading process busy for seconds
        (folder / name).write_bytes(slow_book)
    merge = subprocess.Popen([sys.executable, "-m", "uvp_excel", "merge", str(folder), "-o",
                              str(tmp_path / "stand.xlsx")], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while len(_processes_reading(folder)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)  # the merge and its two reading processes
    assert len(_processes_reading(folder)) == 3
    merge.send_signal(signal.SIGTERM)
    assert merge.wait(timeout=30) == 143
    assert merge.stderr.read() == ""
    time.sleep(0.5)
    assert _processes_reading(folder) == []
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ingevuld-sigterm"]


def _processes_reading(folder: Path) -> list[str]:
    """Processes whose command line names ``folder`` (forked readers inherit it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                arguments = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                state = (entry / "stat").read_text().split(") ", 1)[1][0]
            except OSError:
                continue
            if str(folder) in arguments and state != "Z":
                found.append(entry.name)
    return found

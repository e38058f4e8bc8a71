"""Run one case of the corpus as the AOV would meet it: beside a good return, in a real process.

``merge`` runs as its own process under a 2 GB address-space limit and a 60 s timeout (a native
abort or a hang there must not take the test runner with it). What it printed, its exit code,
the stand it wrote and what it left behind are returned for the test to judge; ``bench/corpus.py``
uses the same run to measure time and peak memory.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.corpus import Case
from tests.helpers.surgery import typed_in
from uvp_excel.display import file_label

ADDRESS_SPACE = 2 * 1024 * 1024 * 1024
TIMEOUT = 60
GOOD = "goed.xlsx"
# Peak memory of the merge and its reading processes, as the wrapper's children.
WRAPPER = ("import resource, subprocess, sys\n"
           "code = subprocess.run(sys.argv[1:]).returncode\n"
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
           "sys.exit(code)\n")


@dataclass
class Outcome:
    """What one run of ``merge`` did."""

    code: int
    stderr: str
    shown: str  # the case's entry as messages name it
    seconds: float
    peak_mb: float
    leftovers: list[str]  # files in the output folder besides the stand, and temporary files

    def lines_about(self) -> list[str]:
        """The lines of stderr that name the case's entry."""
        return [line for line in self.stderr.splitlines() if self.shown in line]


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _entries(folder: Path) -> list[tuple[str, int]]:
    found = []
    for root, folders, files in os.walk(folder):
        for name in folders + files:
            path = os.path.join(root, name)
            try:
                found.append((path, os.lstat(path).st_size))
            except OSError:
                found.append((path, -1))
    return sorted(found)


def run_case(case: Case, work: Path, good: bytes, handed_out: bytes) -> Outcome:
    """Put the case's entry beside a good return in ``work`` and merge the folder."""
    inputs, loose, out = work / "ingevuld", work / "los", work / "uit"
    for folder in (inputs, loose, out):
        folder.mkdir()
    (inputs / GOOD).write_bytes(good)
    name = os.fsdecode(case.name) if isinstance(case.name, bytes) else case.name
    where = loose if case.explicit else inputs
    case.make(where / name, typed_in(handed_out))  # a change: no "nothing changed" line
    entry = (where / name).relative_to(work)
    named = case.named(where / name).relative_to(work) if case.named else entry
    before = _entries(inputs) + _entries(loose)
    command = [sys.executable, "-m", "uvp_excel", "merge", "ingevuld",
               *([str(entry)] if case.explicit else []), "-o", "uit/stand.xlsx"]
    environment = {**os.environ, "UVP_EXCEL_LEESTIJD_S": "30"}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", WRAPPER, *command], cwd=work,
                            capture_output=True, text=True, errors="replace",
                            env=environment, timeout=TIMEOUT, preexec_fn=_limit, check=False)
    seconds = time.perf_counter() - start
    *lines, peak = result.stderr.splitlines() or ["0"]
    leftovers = [path for path, _ in _entries(out) if not path.endswith("stand.xlsx")]
    leftovers += [path for path, _ in _entries(work) if "/.~uvp-" in path
                  and path not in {entry_path for entry_path, _ in before}]
    if _entries(inputs) + _entries(loose) != before:
        leftovers.append("invoer veranderd")
    return Outcome(result.returncode, "\n".join(lines), file_label(named), seconds,
                   int(peak) / 1024 if peak.isdigit() else 0.0, leftovers)

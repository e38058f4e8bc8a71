"""Time and peak memory of every case of the hostile corpus (issue 10), as the AOV meets it.

Each case is merged beside a good return in a process of its own, exactly as
``tests/test_corpus.py`` does (2 GB address space, 60 s); the table gives the wall time and the
peak resident memory of the merge and its reading processes.

    python bench/corpus.py            # all cases, a markdown table on stdout
    python bench/corpus.py tekstbom   # the cases whose name contains 'tekstbom'
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers.corpus import CASES  # noqa: E402
from tests.helpers.hostile import GOOD, run_case  # noqa: E402
from tests.helpers.returns import fill, handed_out  # noqa: E402
from uvp_excel.resources import default_source_dir  # noqa: E402
from uvp_excel.source.loader import load_programme  # noqa: E402


def main() -> None:
    chosen = [case for case in CASES if len(sys.argv) < 2 or sys.argv[1] in case.id]
    book = handed_out(load_programme(default_source_dir()))
    with tempfile.TemporaryDirectory() as folder:
        good = fill(book, Path(folder) / GOOD, {("P1-01", "status"): "Afgerond"}).read_bytes()
    print("| geval | oorzaak | exitcode | regel klopt | tijd | piekgeheugen |")
    print("|---|---:|---:|---|---:|---:|")
    for case in chosen:
        with tempfile.TemporaryDirectory() as folder:
            outcome = run_case(case, Path(folder), good, book)
        expected = [case.line.format(file=outcome.shown)] if case.line else []
        right = "ja" if outcome.lines_about() == expected and outcome.code == case.code and \
            not outcome.leftovers else "NEE"
        name = case.id.split("-", 1)[1]
        seconds = f"{outcome.seconds:.1f}".replace(".", ",")
        print(f"| {name} | {case.cause} | {outcome.code} | {right} | {seconds} s | "
              f"{outcome.peak_mb:.0f} MB |")


if __name__ == "__main__":
    main()

"""Measure uvp-excel's commands side by side with baselines, in one run, and print ratios.

Every measurement runs a whole process (start-up included) several times and takes the median.
Usage: python bench/run.py [--repeat N]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEILOO = ROOT / "source_data" / "heiloo-2024-2025"


def timed(command: list[str], repeat: int) -> float:
    """Return the median wall time of ``command`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_build(work: Path, repeat: int) -> list[tuple[str, float, float]]:
    """``uvp-excel build`` vs the bare xlsxwriter script, on the Heiloo programme."""
    ours = timed([sys.executable, "-m", "uvp_excel", "build", "--source", str(HEILOO), "-o",
                  str(work / "build.xlsx"), "--force"], repeat)
    bare = timed([sys.executable, str(ROOT / "bench" / "baseline_build.py"), str(HEILOO),
                  str(work / "bare.xlsx")], repeat)
    return [("build (Heiloo, 110 rijen) vs kale xlsxwriter", ours, bare)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"Machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
          f"Python {platform.python_version()}, {args.repeat} herhalingen (mediaan)")
    print(f"{'meting':<52}{'uvp-excel':>11}{'basislijn':>11}{'ratio':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for label, ours, base in bench_build(Path(folder), args.repeat):
            print(f"{label:<52}{ours:>10.3f}s{base:>10.3f}s{ours / base:>8.2f}")


if __name__ == "__main__":
    main()

"""Measure uvp-excel's commands side by side with baselines, in one run, and print ratios.

Every measurement runs a whole process (start-up included) several times and takes the median;
peak memory is the child's maximum resident set size.

    python bench/run.py                # all benchmarks
    python bench/run.py --only build   # one group: build, merge
    python bench/run.py --repeat 3
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
HEILOO = ROOT / "source_data" / "heiloo-2024-2025"
UVP = [sys.executable, "-m", "uvp_excel"]
PY = [sys.executable]


def timed(command: list[str], repeat: int) -> float:
    """Return the median wall time of ``command`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_memory_mb(command: list[str]) -> float:
    """Return the peak RSS (MB) of one run of ``command``, measured in a fresh child."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True);"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    output = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True,
                            text=True, check=True).stdout
    return int(output.strip()) / 1024


def bench_build(work: Path, repeat: int) -> list[tuple[str, float, float, str]]:
    """``uvp-excel build`` vs the bare xlsxwriter script, on the Heiloo programme."""
    ours = timed([*UVP, "build", "--source", str(HEILOO), "-o", str(work / "build.xlsx"),
                  "--force"], repeat)
    bare = timed([*PY, str(BENCH / "baseline_build.py"), str(HEILOO), str(work / "bare.xlsx")],
                 repeat)
    return [("build Heiloo (110 rijen)", ours, bare, "kale xlsxwriter")]


def bench_merge(work: Path, repeat: int) -> list[tuple[str, float, float, str]]:
    """``uvp-excel merge`` of 50 and 500 returns vs naive pandas and vs the floor."""
    rows = []
    memory = {}
    for count in (50, 500):
        folder = work / f"r{count}"
        subprocess.run([*PY, str(BENCH / "synth.py"), "returns", str(HEILOO), str(folder),
                        "--count", str(count)], check=True, capture_output=True)
        returns = folder / "retouren"
        merge = [*UVP, "merge", str(returns), "--base", str(folder / "basis.xlsx"), "-o",
                 str(work / f"stand{count}.xlsx"), "--force"]
        ours = timed(merge, repeat)
        pandas = timed([*PY, str(BENCH / "baseline_pandas.py"), str(returns),
                        str(work / f"pd{count}.xlsx")], max(1, repeat // 2))
        floor = timed([*PY, str(BENCH / "baseline_floor.py"), str(returns),
                       str(work / f"floor{count}.xlsx")], repeat)
        rows.append((f"merge {count} retouren", ours, pandas, "naïeve pandas.read_excel"))
        rows.append((f"merge {count} retouren", ours, floor, "vloer: calamine + xlsxwriter"))
        memory[count] = peak_memory_mb(merge)
    print(f"piekgeheugen merge: 50 retouren {memory[50]:.0f} MB, 500 retouren "
          f"{memory[500]:.0f} MB (ratio {memory[500] / memory[50]:.2f})")
    return rows


GROUPS = {"build": bench_build, "merge": bench_merge}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=sorted(GROUPS))
    args = parser.parse_args()
    print(f"Machine: {platform.machine()}, {platform.node()}, Python "
          f"{platform.python_version()}; {args.repeat} herhalingen, mediaan; "
          f"max RSS van dit proces {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name, group in GROUPS.items():
            if args.only in (None, name):
                rows += group(Path(folder), args.repeat)
    print(f"{'meting':<26}{'uvp-excel':>11}{'basislijn':>11}{'ratio':>8}  basislijn")
    for label, ours, base, baseline in rows:
        print(f"{label:<26}{ours:>10.3f}s{base:>10.3f}s{ours / base:>8.2f}  {baseline}")


if __name__ == "__main__":
    main()

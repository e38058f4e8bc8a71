"""Measure uvp-excel's commands side by side with baselines, in one run, and print ratios.

Every measurement runs a whole process (start-up included) several times and takes the median;
peak memory is the child's maximum resident set size.

    python bench/run.py                    # everything (about five minutes)
    python bench/run.py --only build       # one group: build, merge, scale, summary, start
    python bench/run.py --repeat 3

Targets (issue 6): build <= 2x a bare xlsxwriter script; merge <= 1x a naive pandas read and
<= 1.5x the floor (bare calamine read + bare xlsxwriter write); ``--help`` < 0.3 s; from 1,500
to 15,000 activities at most 12x the time; merge peak memory for 500 returns <= 1.5x that for 50.
"""

from __future__ import annotations

import argparse
import os
import platform
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
SIZES = (150, 1_500, 15_000)


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


def synth(*arguments: str) -> None:
    """Run bench/synth.py."""
    subprocess.run([*PY, str(BENCH / "synth.py"), *arguments], check=True, capture_output=True)


def merge_command(folder: Path, source: Path, target: Path) -> list[str]:
    """``uvp-excel merge`` of the returns in ``folder`` against its basis.xlsx."""
    return [*UVP, "merge", str(folder / "retouren"), "--base", str(folder / "basis.xlsx"),
            "--source", str(source), "-o", str(target), "--force"]


def bench_start(work: Path, repeat: int) -> list[tuple]:
    """Start-up: ``uvp-excel --help`` against a bare ``python -c pass``."""
    del work
    return [("uvp-excel --help", timed([*UVP, "--help"], repeat * 2),
             timed([*PY, "-c", "pass"], repeat * 2), "python -c pass", "< 0,3 s")]


def bench_build(work: Path, repeat: int) -> list[tuple]:
    """``uvp-excel build`` vs the bare xlsxwriter script, on the Heiloo programme."""
    ours = timed([*UVP, "build", "--source", str(HEILOO), "-o", str(work / "build.xlsx"),
                  "--force"], repeat)
    bare = timed([*PY, str(BENCH / "baseline_build.py"), str(HEILOO), str(work / "bare.xlsx")],
                 repeat)
    return [("build Heiloo (110 rijen)", ours, bare, "kale xlsxwriter", "<= 2x")]


def bench_merge(work: Path, repeat: int) -> list[tuple]:
    """``uvp-excel merge`` of 50 and 500 returns vs naive pandas and vs the floor."""
    rows, memory = [], {}
    for count in (50, 500):
        folder = work / f"r{count}"
        synth("returns", str(HEILOO), str(folder), "--count", str(count))
        merge = merge_command(folder, HEILOO, work / f"stand{count}.xlsx")
        ours = timed(merge, repeat)
        returns = folder / "retouren"
        pandas = timed([*PY, str(BENCH / "baseline_pandas.py"), str(returns),
                        str(work / f"pd{count}.xlsx")], 1)
        floor = timed([*PY, str(BENCH / "baseline_floor.py"), str(returns),
                       str(work / f"floor{count}.xlsx")], repeat)
        rows.append((f"merge {count} retouren", ours, pandas, "naïeve pandas.read_excel", "<= 1x"))
        rows.append((f"merge {count} retouren", ours, floor, "vloer: calamine + xlsxwriter",
                     "<= 1,5x"))
        memory[count] = peak_memory_mb(merge)
    rows.append(("piekgeheugen merge 500 vs 50", memory[500], memory[50], "MB, 50 retouren",
                 "<= 1,5x"))
    return rows


def bench_summary(work: Path, repeat: int) -> list[tuple]:
    """``uvp-excel summary`` (html) of a Heiloo stand vs building that programme."""
    folder = work / "s50"
    synth("returns", str(HEILOO), str(folder), "--count", "20")
    stand = work / "stand-summary.xlsx"
    subprocess.run(merge_command(folder, HEILOO, stand), check=False, capture_output=True)
    ours = timed([*UVP, "summary", str(stand), "-o", str(work / "v.html"), "--force"], repeat)
    build = timed([*UVP, "build", "-o", str(work / "b.xlsx"), "--force"], repeat)
    return [("summary html van een stand", ours, build, "uvp-excel build", "")]


def bench_scale(work: Path, repeat: int) -> list[tuple]:
    """build and merge (10 returns) for 150, 1,500 and 15,000 activities."""
    rows, times = [], {}
    for size in SIZES:
        source = work / f"p{size}"
        synth("programme", str(source), "--activities", str(size))
        folder = work / f"p{size}-r"
        synth("returns", str(source), str(folder), "--count", "10")
        build = timed([*UVP, "build", "--source", str(source), "-o",
                       str(work / f"b{size}.xlsx"), "--force"], repeat)
        bare = timed([*PY, str(BENCH / "baseline_build.py"), str(source),
                      str(work / f"bare{size}.xlsx")], repeat)
        merge = timed(merge_command(folder, source, work / f"m{size}.xlsx"), max(1, repeat // 2))
        floor = timed([*PY, str(BENCH / "baseline_floor.py"), str(folder / "retouren"),
                       str(work / f"f{size}.xlsx")], repeat)
        times[size] = (build, merge)
        rows.append((f"build {size:,} activiteiten".replace(",", "."), build, bare,
                     "kale xlsxwriter", "<= 2x"))
        rows.append((f"merge 10 retouren ({size:,} act.)".replace(",", "."), merge, floor,
                     "vloer: calamine + xlsxwriter", "<= 1,5x"))
    rows.append(("groei build 1.500 -> 15.000", times[15_000][0], times[1_500][0],
                 "build 1.500", "<= 12x"))
    rows.append(("groei merge 1.500 -> 15.000", times[15_000][1], times[1_500][1],
                 "merge 1.500", "<= 12x"))
    return rows


GROUPS = {"start": bench_start, "build": bench_build, "merge": bench_merge,
          "summary": bench_summary, "scale": bench_scale}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=sorted(GROUPS))
    args = parser.parse_args()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} kernen, Python "
          f"{platform.python_version()}, {platform.platform()}; mediaan van {args.repeat}")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name, group in GROUPS.items():
            if args.only in (None, name):
                rows += group(Path(folder), args.repeat)
    print(f"| {'meting':<34} | {'uvp-excel':>10} | {'basislijn':>10} | {'ratio':>6} | "
          f"{'doel':<8} | basislijn")
    print(f"|{'-' * 36}|{'-' * 12}|{'-' * 12}|{'-' * 8}|{'-' * 10}|{'-' * 30}")
    for label, ours, base, baseline, target in rows:
        unit = "" if "MB" in baseline else "s"
        print(f"| {label:<34} | {ours:>9.2f}{unit or ' '} | {base:>9.2f}{unit or ' '} | "
              f"{ours / base:>6.2f} | {target:<8} | {baseline}")


if __name__ == "__main__":
    main()

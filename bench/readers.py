"""Which library reads returned workbooks fastest? python-calamine vs openpyxl read-only.

Both read every value of every sheet of the same files, in one run, as whole processes.
Usage: python bench/readers.py FOLDER_WITH_XLSX [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

CALAMINE = """
import sys, pathlib, python_calamine
for path in sorted(pathlib.Path(sys.argv[1]).glob('*.xlsx')):
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
"""
OPENPYXL = """
import sys, pathlib, openpyxl
for path in sorted(pathlib.Path(sys.argv[1]).glob('*.xlsx')):
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for sheet in book.worksheets:
        sheet.reset_dimensions()  # never trust the stored size: other tools write it wrong
        for _ in sheet.iter_rows(values_only=True):
            pass
    book.close()
"""


def timed(code: str, folder: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, str(folder)], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    calamine = timed(CALAMINE, args.folder, args.repeat)
    openpyxl = timed(OPENPYXL, args.folder, args.repeat)
    print(f"python-calamine {calamine:.2f} s, openpyxl read-only {openpyxl:.2f} s "
          f"(openpyxl / calamine = {openpyxl / calamine:.1f})")


if __name__ == "__main__":
    main()

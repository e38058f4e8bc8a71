"""The floor for ``merge``: a bare python-calamine read of every sheet of every file, plus a bare
xlsxwriter write of one workbook with the programme's activity rows — the least any tool must do.

Usage: python bench/baseline_floor.py FOLDER OUTPUT.xlsx
"""

import sys
from pathlib import Path

import python_calamine
import xlsxwriter


def main(folder: Path, output: Path) -> None:
    last = {}
    for path in sorted(folder.glob("*.xlsx")):
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            last[name] = workbook.get_sheet_by_name(name).to_python()
    book = xlsxwriter.Workbook(str(output))
    for name, rows in last.items():
        sheet = book.add_worksheet(name[:31])
        for row_number, row in enumerate(rows):
            for column, value in enumerate(row):
                if value != "":
                    sheet.write(row_number, column, str(value))
    book.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))

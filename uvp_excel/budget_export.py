"""``uvp-excel budget``: the financial tables alone, as a workbook or as a Dutch CSV file.

The CSV is one long table (tabel, groep, post, verdeling, kolom, jaar, bedrag, eenheid) with Dutch
conventions — ``;`` separator, decimal comma, UTF-8 with BOM — so Excel opens it right and a pivot
table can use it straight away.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import xlsxwriter

from uvp_excel import contract
from uvp_excel.contract import default_quarter
from uvp_excel.findings import count_of
from uvp_excel.output import csv_cell
from uvp_excel.source.model import Programme
from uvp_excel.workbook.budget_sheets import write_budget_long, write_budget_tab
from uvp_excel.workbook.context import BuildContext
from uvp_excel.workbook.styles import Styles
from uvp_excel.workbook.writer import WORKBOOK_OPTIONS, close_workbook

CSV_HEADERS = ["tabel", "groep", "post", "verdeling", "kolom", "jaar", "bedrag", "eenheid"]


def dutch_number(value: float) -> str:
    """Write a number with a decimal comma and two decimals, no thousands separator."""
    return f"{value:.2f}".replace(".", ",")


def budget_rows(programme: Programme) -> Iterator[list[str]]:
    """Yield the long-format rows of every financial table as Dutch CSV cells."""
    for item in programme.budget_amounts():
        yield [*(csv_cell(text) for text in item.texts()), str(item.year),
               dutch_number(item.amount), item.unit]


def write_budget_csv(target: Path | BinaryIO, programme: Programme) -> int:
    """Write the long CSV to a path or binary file object; return the number of data rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    count = 0
    for row in budget_rows(programme):
        writer.writerow(row)
        count += 1
    data = buffer.getvalue().encode("utf-8-sig")
    if isinstance(target, Path):
        target.write_bytes(data)
    else:
        target.write(data)
    return count


def write_budget_workbook(target: Path | str | BinaryIO, programme: Programme,
                          generated: datetime | None = None) -> int:
    """Write a workbook with only the budget tabs and the long tab; return the tab count."""
    context = BuildContext(programme=programme, quarter=default_quarter(programme), tabs=[],
                           generated=generated or datetime.now().replace(microsecond=0))
    workbook = xlsxwriter.Workbook(target if not isinstance(target, Path) else str(target),
                                   WORKBOOK_OPTIONS)
    styles = Styles(workbook)
    for table in programme.budget_tables:
        write_budget_tab(workbook.add_worksheet(table.tab_name), styles, context, table)
    write_budget_long(workbook.add_worksheet(contract.BUDGET_LONG_SHEET), styles, context)
    close_workbook(workbook)
    return len(programme.budget_tables) + 1


def write_budget(target: Path | BinaryIO, programme: Programme, file_format: str) -> str:
    """Write the budget tables as ``xlsx`` or ``csv``; return a Dutch description."""
    if file_format == "csv":
        rows = write_budget_csv(target, programme)
        return (f"{count_of(rows, 'regel', 'regels')} uit "
                f"{count_of(len(programme.budget_tables), 'tabel', 'tabellen')}")
    return count_of(write_budget_workbook(target, programme), "tabblad", "tabbladen")

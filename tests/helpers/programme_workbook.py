"""Run ``uvp-excel source …`` and edit an exported programme workbook, as the tests need."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner, Result

from tests.conftest import MINI_SOURCE
from uvp_excel.cli import cli

MINI = MINI_SOURCE


def run(*args: object, code: int = 0) -> Result:
    """Invoke the command line; the exit code must be ``code``."""
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    assert result.exit_code == code, result.output
    return result


def edited_mini(tmp_path: Path, edits: dict[str, dict[str, object]], name: str) -> Path:
    """Export the small programme and change cells: ``{tab: {cell: value}}``."""
    workbook = tmp_path / "mini.xlsx"
    if not workbook.exists():
        run("source", "export", "--source", MINI, "-o", workbook)
    book = openpyxl.load_workbook(workbook)
    for tab, cells in edits.items():
        for cell, value in cells.items():
            book[tab][cell] = value
    target = tmp_path / name
    book.save(target)
    return target

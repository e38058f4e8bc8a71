"""Expand the FILE and DIR arguments of validate and merge into the workbooks to read.

Folders are searched recursively for ``.xlsx`` and ``.xlsm``. Office lock files (``~$…`` of
Excel, ``.~lock.…#`` of LibreOffice, left behind while a workbook is open) and files that are not
workbooks are skipped, and each skip is reported, so the AOV sees every file that was in the
folder. A spreadsheet in another format (an old ``.xls``, ``.ods``, …) is a team's return that
cannot be read: that is an error, never a quiet skip.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
# Spreadsheets uvp-excel cannot read: somebody's return, saved in the wrong format.
FOREIGN_SPREADSHEETS = {".xls", ".xlsb", ".xlt", ".ods", ".fods", ".numbers"}


@dataclass(frozen=True)
class Candidate:
    """A file found among the arguments: to read, or skipped with a reason."""

    path: Path
    name: str
    skip_reason: str = ""
    stream: BinaryIO | None = None  # a file object given instead of a path (e.g. an upload)
    foreign_format: str = ""  # the suffix of a spreadsheet in a format we cannot read
    named: bool = False  # named as an argument (or given as a file object), not found in a folder

    @property
    def source(self) -> Path | BinaryIO:
        """What to read: the file object when one was given, else the path."""
        return self.stream if self.stream is not None else self.path


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _judge(path: Path, explicit: bool) -> Candidate:
    name = _display(path)
    suffix = path.suffix.lower()
    if path.name.startswith("~$"):
        reason = "tijdelijk vergrendelingsbestand van Office (~$…)"
    elif path.name.startswith(".~lock.") and path.name.endswith("#"):
        reason = "tijdelijk vergrendelingsbestand van LibreOffice (.~lock.…#)"
    elif suffix in FOREIGN_SPREADSHEETS:
        return Candidate(path, name, foreign_format=suffix, named=explicit)
    elif not explicit and suffix not in WORKBOOK_SUFFIXES:
        reason = "geen Excel-werkmap (.xlsx of .xlsm)"
    else:
        reason = ""
    return Candidate(path, name, reason, named=explicit)


def _stream_candidate(stream: BinaryIO, position: int) -> Candidate:
    """A file object: named by its ``name`` (an upload's file name) or by its position."""
    name = Path(str(getattr(stream, "name", "") or f"bestand-{position}.xlsx")).name
    return Candidate(Path(name), name, stream=stream, named=True)


def collect(arguments: list[Path | BinaryIO]) -> list[Candidate]:
    """Return every file named or found in a named folder, in a stable order.

    A file named explicitly is always read (a wrongly named workbook then gets a clear error);
    inside folders only ``.xlsx``/``.xlsm`` are read and the rest is reported as skipped. A
    binary file object is read as a file named explicitly.
    """
    found: list[Candidate] = []
    seen: set[Path] = set()
    for position, argument in enumerate(arguments, start=1):
        if not isinstance(argument, Path):
            found.append(_stream_candidate(argument, position))
            continue
        if argument.is_dir():
            files = sorted(path for path in argument.rglob("*") if path.is_file())
            entries = [_judge(path, explicit=False) for path in files]
        else:
            entries = [_judge(argument, explicit=True)]
        for entry in entries:
            key = entry.path.resolve()
            if key not in seen:
                seen.add(key)
                found.append(entry)
    return found

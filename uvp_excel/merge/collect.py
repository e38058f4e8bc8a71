"""Expand the FILE and DIR arguments of validate and merge into the workbooks to read.

Folders are searched recursively for ``.xlsx`` and ``.xlsm``. Office lock files (``~$…``, left
behind while a workbook is open) and files that are not workbooks are skipped, and each skip is
reported, so the AOV sees every file that was in the folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass(frozen=True)
class Candidate:
    """A file found among the arguments: to read, or skipped with a reason."""

    path: Path
    name: str
    skip_reason: str = ""


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _judge(path: Path, explicit: bool) -> Candidate:
    name = _display(path)
    if path.name.startswith("~$"):
        return Candidate(path, name, "tijdelijk vergrendelingsbestand van Office (~$…)")
    if not explicit and path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return Candidate(path, name, "geen Excel-werkmap (.xlsx of .xlsm)")
    return Candidate(path, name)


def collect(arguments: list[Path]) -> list[Candidate]:
    """Return every file named or found in a named folder, in a stable order.

    A file named explicitly is always read (a wrongly named workbook then gets a clear error);
    inside folders only ``.xlsx``/``.xlsm`` are read and the rest is reported as skipped.
    """
    found: list[Candidate] = []
    seen: set[Path] = set()
    for argument in arguments:
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

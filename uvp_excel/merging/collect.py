"""Expand the FILE and DIR arguments of validate and merge into the workbooks to read.

Folders are searched recursively for ``.xlsx`` and ``.xlsm``. Every entry of a folder is accounted
for, and nothing is opened here:

- a spreadsheet in another format (an old ``.xls``, ``.xlsb``, ``.ods``, ``.numbers``, a template)
  is an *error* naming the file and what to do: it is probably a team's return;
- an odd file-system object with a workbook's name (a named pipe, a link to a device, a link
  loop, a dangling link, a path too long for the file system) is an error too;
- Office lock files (``~$…``), temporary files of an interrupted uvp-excel run, macOS helper
  files (``._…``) and files that are not spreadsheets (``.docx``, ``.pdf``, ``.msg``) are
  skipped, each with an info line.

File names are shown with bytes that are not UTF-8 as ``�`` and control characters made visible.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from uvp_excel.display import file_label
from uvp_excel.output import TEMPORARY_PREFIX
from uvp_excel.returns.archive import SAVE_AS_XLSX, file_problem, os_problem

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
OTHER_SPREADSHEETS = {
    ".xls": "een oud Excel-bestand (.xls)", ".xlsb": "een binaire Excel-werkmap (.xlsb)",
    ".xlt": "een Excel-sjabloon (.xlt)", ".xltx": "een Excel-sjabloon (.xltx)",
    ".xltm": "een Excel-sjabloon (.xltm)", ".xla": "een Excel-invoegtoepassing (.xla)",
    ".xlam": "een Excel-invoegtoepassing (.xlam)", ".ods": "een OpenDocument-rekenblad (.ods)",
    ".fods": "een OpenDocument-rekenblad (.fods)", ".numbers": "een Numbers-bestand",
    ".et": "een WPS-rekenblad (.et)", ".gsheet": "een koppeling naar Google Spreadsheets",
}
SKIPPED_PREFIXES = {
    "~$": "tijdelijk vergrendelingsbestand van Office (~$…)",
    TEMPORARY_PREFIX: "tijdelijk bestand van een afgebroken run van uvp-excel; het mag weg",
    "._": "hulpbestand van macOS (._…)",
    ".~lock.": "tijdelijk vergrendelingsbestand van LibreOffice (.~lock.…#)",
}


@dataclass(frozen=True)
class Candidate:
    """A file found among the arguments: to read, skipped with a reason, or a problem."""

    path: Path
    name: str
    skip_reason: str = ""
    stream: BinaryIO | None = None  # a file object given instead of a path (e.g. an upload)
    problem: str = ""  # why a file that should be read cannot be (an error, not a skip)
    named: bool = False  # named as an argument (or given as a file object), not found in a folder

    @property
    def source(self) -> Path | BinaryIO:
        """What to read: the file object when one was given, else the path."""
        return self.stream if self.stream is not None else self.path


def _display(path: Path) -> str:
    try:
        return file_label(path.relative_to(Path.cwd()))
    except ValueError:
        return file_label(path)


def _judge(path: Path, explicit: bool) -> Candidate:
    name = _display(path)
    for prefix, reason in SKIPPED_PREFIXES.items():
        if path.name.startswith(prefix):
            return Candidate(path, name, reason)
    suffix = path.suffix.lower()
    if suffix in OTHER_SPREADSHEETS:  # named or found: a team's return in the wrong format
        return Candidate(path, name, problem=f"dit is {OTHER_SPREADSHEETS[suffix]}; "
                                             f"{SAVE_AS_XLSX}")
    if not explicit and suffix not in WORKBOOK_SUFFIXES:
        return Candidate(path, name, "geen Excel-werkmap (.xlsx of .xlsm)")
    return Candidate(path, name, problem=file_problem(path), named=explicit)


def _identity(candidate: Candidate) -> object:
    """Two spellings of one file (a link, ``./``, a hard link) are read once."""
    try:
        info = os.stat(candidate.path)
    except OSError:
        return str(candidate.path)
    return (info.st_dev, info.st_ino)


def _walk(folder: Path) -> list[Candidate]:
    """Every entry below ``folder``, sorted by path; linked folders once, loops skipped."""
    entries: list[Candidate] = []
    seen_folders: set[tuple[int, int]] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            info = os.stat(current)
            if (info.st_dev, info.st_ino) in seen_folders:
                continue  # reached again through a link: already searched
            seen_folders.add((info.st_dev, info.st_ino))
            with os.scandir(current) as listing:
                children = list(listing)
        except OSError as error:
            entries.append(Candidate(current, _display(current),
                                     problem=f"map niet doorzocht: {os_problem(error)}"))
            continue
        for child in children:
            path = Path(child.path)
            if _is_folder(child) and path.suffix.lower() not in OTHER_SPREADSHEETS:
                pending.append(path)  # a Numbers file can be a folder: judged as a file
            else:
                entries.append(_judge(path, explicit=False))
    return sorted(entries, key=lambda candidate: candidate.path)


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _stream_candidate(stream: BinaryIO, position: int) -> Candidate:
    """A file object: named by its ``name`` (an upload's file name) or by its position."""
    name = Path(str(getattr(stream, "name", "") or f"bestand-{position}.xlsx")).name
    return Candidate(Path(name), file_label(name), stream=stream, named=True)


def collect(arguments: Sequence[Path | BinaryIO]) -> list[Candidate]:
    """Return every file named or found in a named folder, in a stable order.

    A file named explicitly is always read (a wrongly named workbook then gets a clear error);
    inside folders only ``.xlsx``/``.xlsm`` are read and the rest is reported. A binary file
    object is read as a file named explicitly.
    """
    found: list[Candidate] = []
    seen: set[object] = set()
    for position, argument in enumerate(arguments, start=1):
        if not isinstance(argument, Path):
            found.append(_stream_candidate(argument, position))
            continue
        entries = _walk(argument) if _is_directory(argument) else \
            [_judge(argument, explicit=True)]
        for entry in entries:
            key = _identity(entry)
            if key not in seen:
                seen.add(key)
                found.append(entry)
    return found


def _is_directory(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False

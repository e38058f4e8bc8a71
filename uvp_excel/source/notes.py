"""The comments of a hand-written programme folder, carried through the programme workbook.

The YAML files carry notes that are no data: where the source document was transcribed and how
(``# transcriptie: …``). They are not part of the programme model, but they must survive
``source export`` → Excel → ``source import``: the export puts the comment block above each
activity in its row's *Notitie* cell, and the comment block at the top of each section and budget
file in the *Notitie* of that section or table; the import writes them back as comments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from uvp_excel.source.model import Programme


@dataclass
class Notes:
    """Comment blocks by owner: section key, activity ID, budget table key."""

    sections: dict[str, str] = field(default_factory=dict)
    activities: dict[str, str] = field(default_factory=dict)
    tables: dict[str, str] = field(default_factory=dict)


def _comment_text(lines: list[str]) -> str:
    return "\n".join(line.strip()[1:].removeprefix(" ") for line in lines)


def _header(lines: list[str]) -> str:
    """The comment block at the top of a file."""
    block = []
    for line in lines:
        if not line.strip().startswith("#"):
            break
        block.append(line)
    return _comment_text(block)


def _above(lines: list[str], line_number: int) -> str:
    """The comment block right above 1-based ``line_number`` (the line of ``- id: …``)."""
    block: list[str] = []
    index = line_number - 2
    while index >= 0 and lines[index].strip().startswith("#"):
        block.insert(0, lines[index])
        index -= 1
    # The file's own header is the section's note, not the first activity's.
    return "" if index < 0 else _comment_text(block)


def _lines(folder: Path, relative: str) -> list[str]:
    try:
        return (folder / relative).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def read_notes(programme: Programme) -> Notes:
    """Read the comment blocks of the folder ``programme`` was loaded from."""
    notes = Notes()
    folder = programme.source_dir
    if folder is None:
        return notes
    for section in programme.sections:
        lines = _lines(folder, section.file)
        notes.sections[section.key] = _header(lines)
        for activity in section.activities:
            if activity.line:
                notes.activities[activity.id] = _above(lines, activity.line)
    for table in programme.budget_tables:
        notes.tables[table.key] = _header(_lines(folder, table.file))
    return notes

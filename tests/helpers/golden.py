"""Golden files: the XML parts of a workbook, pretty-printed, so a layout change shows in review.

Only what always differs is normalised away: the tool version (it changes with every release).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from defusedxml import minidom

from tests.conftest import MINI_SOURCE
from uvp_excel import __version__
from uvp_excel.source.loader import load_programme
from uvp_excel.source.planning import Quarter
from uvp_excel.workbook.writer import BuildSpec, write_workbook

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "golden" / "mini"
FIXED = datetime(2024, 7, 1, 9, 0, 0)


def build_mini() -> bytes:
    """Build the small test programme with a fixed date and quarter."""
    buffer = io.BytesIO()
    write_workbook(buffer, BuildSpec(load_programme(MINI_SOURCE), quarter=Quarter(2024, 3),
                                     generated=FIXED))
    return buffer.getvalue()


def xml_parts(workbook: bytes) -> dict[str, str]:
    """Return every part of the workbook as pretty-printed, normalised XML text."""
    parts = {}
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        for name in sorted(archive.namelist()):
            text = archive.read(name).decode("utf-8").replace(__version__, "X.Y.Z")
            pretty = minidom.parseString(text).toprettyxml(indent=" ")
            parts[name] = "\n".join(line for line in pretty.splitlines() if line.strip()) + "\n"
    return parts


def write_golden() -> None:
    """Regenerate tests/golden/mini/ (run ``python tests/make_golden.py`` after a wanted change)."""
    for path in GOLDEN_DIR.rglob("*"):
        if path.is_file():
            path.unlink()
    for name, text in xml_parts(build_mini()).items():
        target = GOLDEN_DIR / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

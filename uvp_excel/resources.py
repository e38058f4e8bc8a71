"""Locate the bundled programme data and templates.

In a checkout they sit beside the package (``source_data/``, ``templates/``); a non-editable install
copies them into the package folder, so both places are tried.
"""

from __future__ import annotations

from pathlib import Path

from uvp_excel.errors import FileError

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_PROGRAMME = "heiloo-2024-2025"


def bundled_dir(name: str) -> Path:
    """Return the bundled folder ``name`` (``source_data`` or ``templates``)."""
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileError(f"de meegeleverde map '{name}' ontbreekt in de installatie")


def default_source_dir() -> Path:
    """Return the folder of the bundled Heiloo programme."""
    return bundled_dir("source_data") / DEFAULT_PROGRAMME


def templates_dir() -> Path:
    """Return the folder of the layout and report templates."""
    return bundled_dir("templates")

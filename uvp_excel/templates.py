"""Configuration as data: the files in ``templates/``, loaded once and checked.

The status list, the quarter rule, the colours, the column widths and every Dutch text the user
reads come from here, so the workbook writer and the return reader can never disagree about what a
valid value is.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Final, Literal, TypedDict, get_args

from uvp_excel.errors import TemplateError
from uvp_excel.resources import templates_dir
from uvp_excel.yamlio import load_yaml

# How serious a finding is, as the user reads it (in every report and in ``--json``): the
# ``ernst`` of a message template. An error makes the exit code 1; a conflict is two different
# changes to one field, reported by merge.
Severity = Literal["fout", "waarschuwing", "conflict", "info"]
SEVERITIES: Final[tuple[Severity, ...]] = get_args(Severity)


class MessageTemplate(TypedDict):
    """One entry of ``templates/meldingen.yaml``: the severity and the Dutch text."""

    ernst: Severity
    tekst: str


def _load(name: str, required: tuple[str, ...]) -> dict:
    path = templates_dir() / name
    data = load_yaml(path, f"templates/{name}")
    if not isinstance(data, dict):
        raise TemplateError(f"templates/{name}: verwacht een YAML-mapping")
    missing = [key for key in required if key not in data]
    if missing:
        raise TemplateError(f"templates/{name}: ontbrekende sleutels: {', '.join(missing)}")
    return data


@cache
def message_templates() -> dict[str, MessageTemplate]:
    """Return the Dutch message template per finding kind.

    Raises:
        TemplateError: an entry lacks ``ernst`` or ``tekst``, or its ``ernst`` is not one of
            :data:`SEVERITIES`.
    """
    data = _load("meldingen.yaml", ())
    for kind, entry in data.items():
        where = f"templates/meldingen.yaml › {kind}"
        if not isinstance(entry, dict) or {"ernst", "tekst"} - set(entry):
            raise TemplateError(f"{where}: 'ernst' en 'tekst' zijn verplicht")
        if entry["ernst"] not in SEVERITIES:
            allowed = f"{', '.join(SEVERITIES[:-1])} of {SEVERITIES[-1]}"
            raise TemplateError(f"{where}: ernst moet {allowed} zijn, niet '{entry['ernst']}'")
    return data


@cache
def workbook_layout() -> dict:
    """Return the workbook layout: statuses, colours, columns, quarter rule, texts."""
    return _load("werkmap.yaml", ("statussen", "kolommen", "kwartalen", "kleuren"))


def template_path(name: str) -> Path:
    """Return the path of a template file (e.g. a Jinja2 report template)."""
    return templates_dir() / name

"""The workbook contract shared by the writer and the return reader.

Column headers and order, which columns are input, the status and quarter lists, and the layout of
the hidden metadata sheet all come from here (and from ``templates/werkmap.yaml``), so what a
workbook offers and what an import accepts cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from uvp_excel.errors import TemplateError
from uvp_excel.source.model import Programme
from uvp_excel.source.planning import Quarter
from uvp_excel.templates import workbook_layout

# Bumped when the hidden metadata or the column contract changes incompatibly.
FORMAT_VERSION = 1
META_SHEET = "_uvp_meta"
LISTS_SHEET = "Lijsten"
OVERVIEW_SHEET = "Overzicht"
INSTRUCTIONS_SHEET = "Toelichting"
ABBREVIATIONS_SHEET = "Afkortingen"
BUDGET_LONG_SHEET = "Budget (lang)"
IMPORT_REPORT_SHEET = "Importverslag"
IMPORT_CHANGES_SHEET = "Importverslag wijzigingen"
IMPORT_CONFLICTS_SHEET = "Importverslag conflicten"
IMPORT_FINDINGS_SHEET = "Importverslag meldingen"
MAX_TAB_NAME = 31  # Excel's limit
# Excel's limit for a list written inline in a data validation.
INLINE_LIST_LIMIT = 255
TABLE_HEADER_ROW = 6  # 0-based row of the table header on activity tabs (row 7 in Excel)


@dataclass(frozen=True)
class Column:
    """One of the twelve contract columns of an activity tab."""

    header: str
    field: str
    width: float
    is_input: bool


@dataclass(frozen=True)
class Status:
    """One value of the status dropdown."""

    name: str
    fill: str
    font: str
    needs_explanation: bool
    is_final: bool


@cache
def columns() -> tuple[Column, ...]:
    """Return the twelve contract columns in order."""
    try:
        return tuple(Column(str(entry["kop"]), str(entry["veld"]), float(entry["breedte"]),
                            bool(entry["invoer"]))
                     for entry in workbook_layout()["kolommen"])
    except (KeyError, TypeError, ValueError) as error:
        raise TemplateError(f"templates/werkmap.yaml › kolommen: onvolledig ({error})") from None


@cache
def statuses() -> tuple[Status, ...]:
    """Return the statuses of the dropdown, in order."""
    try:
        return tuple(Status(str(entry["naam"]), str(entry["kleur"]), str(entry["tekstkleur"]),
                            bool(entry["toelichting_nodig"]), bool(entry["klaar"]))
                     for entry in workbook_layout()["statussen"])
    except (KeyError, TypeError) as error:
        raise TemplateError(f"templates/werkmap.yaml › statussen: onvolledig ({error})") from None


def status_names() -> list[str]:
    """Return the status names in dropdown order."""
    return [status.name for status in statuses()]


def headers() -> list[str]:
    """Return the twelve header labels."""
    return [column.header for column in columns()]


def header_of(field: str) -> str:
    """Return the header label of contract field ``field`` (the field itself if unknown)."""
    return next((column.header for column in columns() if column.field == field), field)


def column_index(field: str) -> int:
    """Return the 0-based column of contract field ``field``."""
    for index, column in enumerate(columns()):
        if column.field == field:
            return index
    raise TemplateError(f"templates/werkmap.yaml › kolommen: veld '{field}' ontbreekt")


def quarter_list(programme: Programme) -> list[Quarter]:
    """Return the quarters of the Kwartaal dropdown, by the rule in the templates."""
    rule = workbook_layout()["kwartalen"]
    first = programme.first_year if rule.get("van") == "programma" else int(rule["van"])
    last_rule = rule.get("tot")
    if last_rule == "ivb":
        last = max(programme.last_year, programme.ivb_last_year)
    elif last_rule == "programma":
        last = programme.last_year
    else:
        last = int(last_rule)
    return [Quarter(year, number) for year in range(first, last + 1) for number in (1, 2, 3, 4)]


def inline_list(values: list[str]) -> bool:
    """True when a dropdown list fits Excel's inline limit (otherwise it goes on Lijsten)."""
    return len(",".join(values)) <= INLINE_LIST_LIMIT and not any("," in v for v in values)

"""The workbook contract shared by the writer and the return reader.

Column headers and order, which columns are input, the status and quarter lists, and the layout of
the hidden metadata sheet all come from here (and from ``templates/werkmap.yaml``), so what a
workbook offers and what an import accepts cannot drift apart.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Final, Literal, get_args

from uvp_excel.errors import TemplateError
from uvp_excel.inputs import INPUT_FIELDS, RowInput
from uvp_excel.source.model import Activity, Programme, Status
from uvp_excel.source.planning import Quarter
from uvp_excel.templates import workbook_layout

# Bumped when the hidden metadata or the column contract changes incompatibly.
FORMAT_VERSION = 1
# What a workbook is (``soort`` in its hidden metadata): a *werkmap* handed out to be filled in,
# or a *stand* written by merge.
WorkbookKind = Literal["werkmap", "stand"]
WORKBOOK_KINDS: Final[tuple[WorkbookKind, ...]] = get_args(WorkbookKind)
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
# Tab names the tool (or Excel itself) uses: no section or budget table may take one, in any mix
# of capitals (Excel compares sheet names case-insensitively). A new tab of the tool goes here.
# Excel's rules for a tab name: at most 31 characters counted in UTF-16 units (an emoji counts
# twice, see excel_length), none of these characters, and "History" is Excel's own.
MAX_SHEET_NAME = 31
FORBIDDEN_SHEET_CHARACTERS = frozenset("[]:*?/\\")
EXCEL_OWN_SHEET = "History"
RESERVED_SHEET_NAMES = (INSTRUCTIONS_SHEET, OVERVIEW_SHEET, LISTS_SHEET, ABBREVIATIONS_SHEET,
                        BUDGET_LONG_SHEET, IMPORT_REPORT_SHEET, META_SHEET, EXCEL_OWN_SHEET)
# A tab whose name starts with one of these is the tool's too (the Importverslag may grow tabs).
RESERVED_SHEET_PREFIXES = (IMPORT_REPORT_SHEET,)
# Excel's limit for a list written inline in a data validation.
INLINE_LIST_LIMIT = 255
TITLE_ROW = 0  # 0-based row of the title on activity tabs
TABLE_HEADER_ROW = 1  # 0-based row of the table header on activity tabs (row 2 in Excel)
# The locked fields of an activity row, in the order of their fingerprint in the hidden metadata
# (never the order of the columns: that one comes from templates/werkmap.yaml).
LOCKED_FIELDS = ("id", "thema", "item", "maatregel", "regie", "stakeholders", "planning")


@dataclass(frozen=True)
class Column:
    """One of the twelve contract columns of an activity tab."""

    header: str
    field: str
    width: float
    is_input: bool


@cache
def columns() -> tuple[Column, ...]:
    """Return the twelve contract columns in the order of ``templates/werkmap.yaml``.

    Raises:
        TemplateError: a field is missing, doubled or unknown, a header is doubled, or a column's
            ``invoer`` does not match its field (the reader judges the input fields as input).
    """
    try:
        result = tuple(Column(str(entry["kop"]), str(entry["veld"]), float(entry["breedte"]),
                              bool(entry["invoer"]))
                       for entry in workbook_layout()["kolommen"])
    except (KeyError, TypeError, ValueError) as error:
        raise TemplateError(f"templates/werkmap.yaml › kolommen: onvolledig ({error})") from None
    _check_columns(result)
    return result


def _check_columns(found: tuple[Column, ...]) -> None:
    where = "templates/werkmap.yaml › kolommen"
    fields = [column.field for column in found]
    expected = (*LOCKED_FIELDS, *INPUT_FIELDS)
    missing = [name for name in expected if name not in fields]
    unknown = [name for name in fields if name not in expected]
    doubled = sorted({name for name in fields if fields.count(name) > 1})
    if missing or unknown or doubled:
        parts = [f"{label}: {', '.join(names)}" for label, names in (
            ("ontbreekt", missing), ("onbekend", unknown), ("dubbel", doubled)) if names]
        raise TemplateError(f"{where}: elk veld precies één keer ({'; '.join(parts)})")
    headers = [column.header.strip().lower() for column in found]
    if len(set(headers)) != len(headers) or "" in headers:
        raise TemplateError(f"{where}: elke kop moet gevuld en uniek zijn")
    for column in found:
        if column.is_input != (column.field in INPUT_FIELDS):
            raise TemplateError(f"{where}: kolom '{column.header}' moet invoer: "
                                f"{'true' if column.field in INPUT_FIELDS else 'false'} hebben")


def statuses(programme: Programme | None = None) -> tuple[Status, ...]:
    """Return the statuses of the dropdown, in order.

    A programme with its own vocabulary (``statussen.yaml``) uses that; every other programme,
    and a caller without a programme, gets the default of ``templates/werkmap.yaml``. Writer and
    reader both ask here with the same programme, so what a dropdown offers is what is accepted.
    """
    if programme is not None and programme.statuses:
        return programme.statuses
    return default_statuses()


@cache
def default_statuses() -> tuple[Status, ...]:
    """Return the template's statuses, with their synonyms."""
    layout = workbook_layout()
    synonyms = layout.get("synoniemen") or {}
    try:
        return tuple(Status(str(entry["naam"]), str(entry["kleur"]), str(entry["tekstkleur"]),
                            bool(entry["toelichting_nodig"]), bool(entry["klaar"]),
                            synonyms=tuple(str(word) for word in
                                           synonyms.get(str(entry["naam"])) or ()))
                     for entry in layout["statussen"])
    except (KeyError, TypeError, AttributeError) as error:
        raise TemplateError(f"templates/werkmap.yaml › statussen: onvolledig ({error})") from None


def status_names(programme: Programme | None = None) -> list[str]:
    """Return the status names in dropdown order."""
    return [status.name for status in statuses(programme)]


def explanation_statuses(programme: Programme | None = None) -> str:
    """The statuses that ask for a toelichting, as words: ``Vertraagd of Vervallen``."""
    names = [status.name for status in statuses(programme) if status.needs_explanation]
    return " of ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def finished_status(programme: Programme | None = None) -> str:
    """Return the status that counts as "done" (the first final one that needs no explanation)."""
    return next(status.name for status in statuses(programme)
                if status.is_final and not status.needs_explanation)


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


def example_quarter(programme: Programme) -> Quarter:
    """A quarter the programme's Kwartaal dropdown offers, for examples in texts: ``Q3 2024``."""
    quarters = quarter_list(programme)
    return next((quarter for quarter in quarters if quarter.number == 3), quarters[0])


def example_date(programme: Programme) -> str:
    """A date in the quarter of :func:`example_quarter`, for examples in texts: ``15-07-2024``."""
    quarter = example_quarter(programme)
    return f"15-{quarter.number * 3 - 2:02d}-{quarter.year}"


def is_reserved_sheet_name(name: str) -> bool:
    """True when ``name`` is (or starts like) a tab the tool or Excel itself uses."""
    lowered = name.lower()
    return lowered in {reserved.lower() for reserved in RESERVED_SHEET_NAMES} or \
        any(lowered.startswith(prefix.lower()) for prefix in RESERVED_SHEET_PREFIXES)


def excel_length(text: str) -> int:
    """The length of ``text`` as Excel counts it: in UTF-16 units (an emoji counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def inline_list(values: list[str]) -> bool:
    """True when a dropdown list fits Excel's inline limit (otherwise it goes on Lijsten)."""
    return len(",".join(values)) <= INLINE_LIST_LIMIT and not any("," in v for v in values)


# The author uvp-excel writes into every workbook it makes (docProps): a file whose "last saved
# by" is still this was not saved by a person.
AUTHOR = "uvp-excel"


def default_quarter(programme: Programme, today: date | None = None) -> Quarter:
    """The reporting quarter when none is given: today's, kept within the dropdown's range."""
    quarters = quarter_list(programme)
    current = Quarter.of(today or date.today())
    return min(max(current, quarters[0]), quarters[-1])


# --- what staff may type -------------------------------------------------------------------------

MAX_EXPLANATION = 2000  # characters of a Toelichting (the dropdown's length check)
MAX_NAME = 100  # characters of Ingevuld door
FIRST_DATE = date(2000, 1, 1)  # the range Bijgewerkt op accepts
LAST_DATE = date(2100, 12, 31)
# The split target for activities whose row names no regie.
NO_REGIE = "Zonder regie"


def column_letter(column: int) -> str:
    """The Excel letters of a 0-based column: 0 → ``A``, 27 → ``AB``."""
    letters = ""
    number = column + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_address(row: int, column: int) -> str:
    """The Excel address of a 0-based cell: (0, 0) → ``A1``."""
    return f"{column_letter(column)}{row + 1}"


def locked_values(activity: Activity) -> dict[str, str]:
    """Return the texts of the seven locked columns of ``activity``."""
    return {"id": activity.id, "thema": activity.thema, "item": activity.item,
            "maatregel": activity.maatregel, "regie": activity.regie_text,
            "stakeholders": activity.stakeholders_text, "planning": activity.planning_text}


# --- the hidden metadata sheet (see uvp_excel.workbook.metadata for what it is for) ---------------

ROW_TABLE_COLUMN = 3  # the per-activity table starts in column D
PROVENANCE_FIELDS = ("herkomst_bestand", "herkomst_cel", "herkomst_door", "herkomst_tijd")
HANDOUT_CHECK = "controle_invoer"
ROW_HEADERS = ("ID", "sectie", "tabblad", "controle", *INPUT_FIELDS, *PROVENANCE_FIELDS,
               HANDOUT_CHECK)
# The log table of a stand, one column apart from the activity table. Columns are found by
# their header, so a stand without a log (older versions) reads as one without a record.
LOG_HEADERS = ("log_soort", "log_id", "log_veld", "log_waarde", "log_bestand", "log_tabblad",
               "log_cel", "log_waarde2", "log_cel2")
LOG_COLUMN = ROW_TABLE_COLUMN + len(ROW_HEADERS) + 1


@dataclass(frozen=True)
class Provenance:
    """Which return last changed an activity in a stand."""

    file: str = ""
    cell: str = ""
    saved_by: str = ""
    saved_at: str = ""

    def values(self) -> tuple[str, str, str, str]:
        """Return the four provenance texts in column order."""
        return (self.file, self.cell, self.saved_by, self.saved_at)


def fingerprint(texts: list[str]) -> str:
    """Return a short fingerprint of the locked texts of one row."""
    digest = hashlib.sha256("\x1f".join(texts).encode("utf-8")).hexdigest()
    return digest[:16]


def handout_fingerprint(activity_id: str, values: RowInput) -> str:
    """Return the fingerprint of the values an activity's input cells were handed out with."""
    return fingerprint([activity_id, *(values.as_text(name) for name in INPUT_FIELDS)])


def activity_fingerprint(activity: Activity) -> str:
    """Return the fingerprint of the seven locked cells of ``activity``."""
    return fingerprint(list(locked_values(activity).values()))

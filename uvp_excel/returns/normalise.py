"""Judge what people typed: normalise input values before comparing or accepting them.

Case, stray and non-breaking spaces, quarter spellings (``q3-2024``, ``2024 Q3``, ``Q3 '24``), a
date in the Kwartaal column, text dates in *Bijgewerkt op*, and status synonyms (*Gereed* →
*Afgerond*) from the programme's vocabulary (default: ``templates/werkmap.yaml``) are all
accepted; anything else is a problem with a kind, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from uvp_excel import contract
from uvp_excel.contract import FIRST_DATE, LAST_DATE
from uvp_excel.inputs import InputValue
from uvp_excel.source.model import Status
from uvp_excel.source.planning import Quarter

MONTHS = {"jan": 1, "januari": 1, "feb": 2, "februari": 2, "mrt": 3, "maart": 3, "apr": 4,
          "april": 4, "mei": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8,
          "augustus": 8, "sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10,
          "nov": 11, "november": 11, "dec": 12, "december": 12}
DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$")
YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$")
WRITTEN = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")


@dataclass(frozen=True)
class Judged:
    """The outcome of normalising one value: the value, or the kind of problem (then ``value``
    is the text a message shows)."""

    value: InputValue = ""
    problem: str = ""


def _is_clean(text: str) -> bool:
    """True when ``text`` needs no cleaning (plain string checks: this runs for every cell)."""
    return not text or (not text[0].isspace() and not text[-1].isspace() and "  " not in text
                        and "\u00a0" not in text and "\t" not in text and "\r" not in text
                        and "\n" not in text)


def clean_text(value: object) -> str:
    """Return a cell value as text: no non-breaking or stray spaces, ``5.0`` as ``5``."""
    if value.__class__ is str and _is_clean(value):
        return value  # the common case, kept fast
    if value is None:
        return ""
    if value.__class__ is float:  # numbers need no cleaning (a pasted block has millions)
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).replace("\u00a0", " ").replace("\r\n", "\n")
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")).strip()


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


class Normaliser:
    """Normalises the input columns of one programme."""

    def __init__(self, quarters: list[Quarter], statuses: tuple[Status, ...] | None = None):
        """Judge against ``quarters`` and ``statuses`` (None: the template's default list)."""
        self.quarters = quarters
        self.statuses = statuses or contract.default_statuses()
        self._statuses = {_key(status.name): status.name for status in self.statuses}
        for status in self.statuses:
            for synonym in status.synonyms:
                self._statuses.setdefault(_key(synonym), status.name)

    @property
    def status_names(self) -> list[str]:
        """The canonical status names, in dropdown order."""
        return [status.name for status in self.statuses]

    def status(self, value: object) -> Judged:
        """Return the canonical status, or problem ``retour-status-onbekend``."""
        text = clean_text(value)
        if not text:
            return Judged()
        canonical = self._statuses.get(_key(text))
        return Judged(canonical) if canonical else Judged(text, "retour-status-onbekend")

    def quarter(self, value: object) -> Judged:
        """Return the quarter as ``Q3 2024``; a date counts as its quarter."""
        if isinstance(value, datetime):
            value = value.date()
        quarter: Quarter | None
        if isinstance(value, date):
            quarter = Quarter.of(value)
        else:
            text = clean_text(value)
            if not text:
                return Judged()
            quarter = Quarter.parse(text) or _quarter_of_text_date(text)
            if quarter is None:
                return Judged(text, "retour-kwartaal-onleesbaar")
        if quarter not in self.quarters:
            return Judged(str(quarter), "retour-kwartaal-buiten")
        return Judged(str(quarter))

    @staticmethod
    def date(value: object) -> Judged:
        """Return a :class:`date` within the range the workbook accepts; Dutch text dates too."""
        if isinstance(value, datetime):
            value = value.date()
        day: date | None
        if isinstance(value, date):
            day = value
        else:
            text = clean_text(value)
            if not text:
                return Judged(None)
            day = parse_text_date(text)
            if day is None:
                return Judged(text, "retour-datum-onleesbaar")
        if not FIRST_DATE <= day <= LAST_DATE:
            return Judged(day.strftime("%d-%m-%Y"), "retour-datum-buiten")
        return Judged(day)

    @staticmethod
    def text(value: object) -> Judged:
        """Return free text (toelichting, ingevuld door)."""
        return Judged(clean_text(value))


def parse_text_date(text: str) -> date | None:
    """Read ``15-07-2024``, ``15/7/24``, ``2024-07-15`` or ``15 juli 2024``; None otherwise."""
    lowered = text.strip().lower()
    parts = None
    if match := DAY_FIRST.match(lowered):
        day, month, year = (int(group) for group in match.groups())
        parts = (year + 2000 if len(match.group(3)) == 2 else year, month, day)
    elif match := YEAR_FIRST.match(lowered):
        year, month, day = (int(group) for group in match.groups())
        parts = (year, month, day)
    elif (match := WRITTEN.match(lowered)) and match.group(2) in MONTHS:
        parts = (int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError:
        return None


def _quarter_of_text_date(text: str) -> Quarter | None:
    parsed = parse_text_date(text)
    return Quarter.of(parsed) if parsed else None

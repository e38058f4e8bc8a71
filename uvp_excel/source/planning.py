"""Turn the document's free planning texts into structure.

The *Planning* column is free text: "Q1 t/m Q4 2024", "Q2 en verder 2024", "Doorlopend",
"2024 + 2025 indien nodig", … :func:`parse_planning` gives each a start and end quarter where the
text names them, and a recurrence for recurring or conditional work. Text it cannot read is kept
as *vrij* (free), never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

# Recurring work has no end: it is never "behind schedule".
RECURRING = {
    "doorlopend": "doorlopend",
    "continue": "continu",
    "continu": "continu",
    "structureel": "structureel",
    "tweejaarlijks": "tweejaarlijks",
    "jaarlijks": "jaarlijks",
    "periodiek": "periodiek",
    "wekelijks": "wekelijks",
    "maandelijks": "maandelijks",
}
# Conditional work happens only when a case asks for it.
CONDITIONAL = {
    "indien nodig": "indien nodig",
    "incidenteel": "incidenteel",
    "afhankelijk van casuïstiek": "afhankelijk van casuïstiek",
}
_WORDS = {**RECURRING, **CONDITIONAL}
# Longest first, so "tweejaarlijks" is not read as "jaarlijks".
_WORD_PATTERN = re.compile(
    "|".join(re.escape(word) for word in sorted(_WORDS, key=len, reverse=True)))
_TOKEN = re.compile(r"q\s*([1-4])|(20\d\d)")
_OPEN_END = re.compile(r"\ben verder\b|\bstart\b|\bvanaf\b")
_FILLER = re.compile(r"t/m|tot en met|\ben\b|\btot\b|[-+/,.;:]|\s")

_QUARTER_FORMS = (
    # Q3 2024, q3-2024, Q3/2024, Q3 '24, Q3'24, K3 2024
    (re.compile(r"^[qk]\s*([1-4])\s*[-/ ]?\s*[’']?\s*(\d{4}|\d{2})$"), 1, 2),
    # 2024 Q3, 2024-Q3, 2024/q3
    (re.compile(r"^(\d{4})\s*[-/ ]?\s*[qk]\s*([1-4])$"), 2, 1),
    # 3e kwartaal 2024, kwartaal 3 2024
    (re.compile(r"^([1-4])\s*(?:e|de|ste)?\s*kwartaal\s*(\d{4})$"), 1, 2),
    (re.compile(r"^kwartaal\s*([1-4])\s*(\d{4})$"), 1, 2),
)

# What a planning text says: a period (gepland), a start without end (vanaf), recurring or
# conditional work, a mix of both, text that cannot be read (vrij), or nothing (leeg).
PlanningKind = Literal["gepland", "vanaf", "terugkerend", "voorwaardelijk", "gemengd", "vrij",
                       "leeg"]


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, written the Dutch way: ``Q3 2024``."""

    year: int
    number: int

    def __str__(self) -> str:
        return f"Q{self.number} {self.year}"

    @property
    def first_day(self) -> date:
        """The first day of the quarter."""
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        """The last day of the quarter."""
        following = self.next()
        return following.first_day - timedelta(days=1)

    def next(self) -> Quarter:
        """The quarter after this one."""
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    @classmethod
    def of(cls, day: date) -> Quarter:
        """The quarter that contains ``day``."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter | None:
        """Read a quarter as people write it (``Q3 2024``, ``q3-2024``, ``2024 Q3``, ``Q3 '24``).

        Returns None when ``text`` is not a quarter.
        """
        cleaned = re.sub(r"\s+", " ", str(text).replace("\u00a0", " ")).strip().lower()
        for pattern, number_group, year_group in _QUARTER_FORMS:
            match = pattern.match(cleaned)
            if match:
                year = int(match.group(year_group))
                return cls(year + 2000 if year < 100 else year, int(match.group(number_group)))
        return None


@dataclass(frozen=True)
class Planning:
    """A planning text and what could be read from it."""

    raw: str
    kind: PlanningKind
    start: Quarter | None = None
    end: Quarter | None = None
    recurrence: tuple[str, ...] = ()

    @property
    def deadline(self) -> Quarter | None:
        """The quarter by which the work should be done; None for open or recurring work."""
        return self.end if self.kind == "gepland" else None

    @property
    def is_recurring(self) -> bool:
        """True for recurring or conditional work, which is never behind schedule."""
        return self.kind in ("terugkerend", "voorwaardelijk", "gemengd")

    @property
    def is_open_ended(self) -> bool:
        """True for work that starts and goes on ("2024 en verder"): no end to be behind on."""
        return self.kind == "vanaf"


@dataclass(frozen=True)
class _Part:
    start: Quarter | None
    end: Quarter | None
    open_end: bool
    recurrence: tuple[str, ...]


def _normalise(text: str) -> str:
    text = text.lower().replace("\u2013", "-").replace("\u2014", "-").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def _dated_range(tokens: list[tuple[int | None, int | None]]) -> tuple[Quarter, Quarter] | None:
    """Pair quarter numbers with the year that follows them (or precedes, if none follows)."""
    years = [year for _, year in tokens if year]
    if not years:
        return None
    quarters: list[Quarter] = []
    pending: list[int] = []
    for index, (number, year) in enumerate(tokens):
        if number:
            pending.append(number)
            continue
        if year is None:
            continue  # a token is a quarter number or a year; this one was neither
        if pending:
            quarters.extend(Quarter(year, q) for q in pending)
            pending = []
        elif not any(n for n, _ in tokens[index + 1:index + 2]):
            quarters.extend((Quarter(year, 1), Quarter(year, 4)))
    if pending:
        quarters.extend(Quarter(years[-1], q) for q in pending)
    return min(quarters), max(quarters)


def _parse_part(text: str) -> _Part | None:
    recurrence = tuple(_WORDS[match] for match in _WORD_PATTERN.findall(text))
    rest = _WORD_PATTERN.sub(" ", text)
    open_end = bool(_OPEN_END.search(rest))
    rest = _OPEN_END.sub(" ", rest)
    tokens = [(int(q) if q else None, int(y) if y else None) for q, y in _TOKEN.findall(rest)]
    if _FILLER.sub("", _TOKEN.sub("", rest)):
        return None
    dated = _dated_range(tokens)
    if tokens and not dated:
        return None
    if not dated and not recurrence:
        return None
    start, end = dated if dated else (None, None)
    if open_end:
        end = None
    return _Part(start, end, open_end, recurrence)


def _kind(parts: list[_Part]) -> PlanningKind:
    recurrence = [word for part in parts for word in part.recurrence]
    dated = [part for part in parts if part.start]
    if dated and recurrence:
        return "gemengd"
    if dated:
        return "vanaf" if any(part.open_end for part in dated) else "gepland"
    if all(word in CONDITIONAL.values() for word in recurrence):
        return "voorwaardelijk"
    return "terugkerend"


@lru_cache(maxsize=4096)
def parse_planning(text: str) -> Planning:
    """Parse one planning text.

    Args:
        text: the planning as written, several parts separated by ``;``.

    Returns:
        A :class:`Planning`; ``kind`` is ``vrij`` when any part cannot be read, ``leeg`` when empty.
    """
    raw = (text or "").strip()
    if not raw:
        return Planning(raw, "leeg")
    read = [_parse_part(_normalise(piece)) for piece in raw.split(";") if piece.strip()]
    parts = [part for part in read if part is not None]
    if len(parts) < len(read):
        return Planning(raw, "vrij")
    starts = [part.start for part in parts if part.start]
    # An open-ended part ("2024 en verder") leaves the whole planning without an end.
    ends = [part.end for part in parts if part.end]
    if any(part.open_end for part in parts):
        ends = []
    recurrence = tuple(dict.fromkeys(word for part in parts for word in part.recurrence))
    return Planning(raw, _kind(parts), min(starts, default=None), max(ends, default=None),
                    recurrence)

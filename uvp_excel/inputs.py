"""The five input columns staff fill in, as one value object per activity row.

*Stand* (state): the input values of every activity at one moment, e.g. after merging the returns
of a quarter. A stand pre-fills the next workbook (``build --from``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

# The value of one input cell: text, a date (Bijgewerkt op), or None for an empty date.
InputValue = str | date | None
INPUT_FIELDS = ("status", "kwartaal", "toelichting", "ingevuld_door", "bijgewerkt_op")
# *Content* fields are what a person reports; *Ingevuld door* and *Bijgewerkt op* describe that
# report (who, when), so a merge joins them instead of judging them as conflicts.
CONTENT_FIELDS = ("status", "kwartaal", "toelichting")
WHO_WHEN_FIELDS = ("ingevuld_door", "bijgewerkt_op")


@dataclass(frozen=True)
class RowInput:
    """What staff filled in for one activity (all empty when nothing was filled in)."""

    status: str = ""
    kwartaal: str = ""
    toelichting: str = ""
    ingevuld_door: str = ""
    bijgewerkt_op: date | None = None

    @classmethod
    def from_values(cls, values: Mapping[str, object]) -> RowInput:
        """Build a row from ``{field: value}``; a missing field is empty.

        Values travel through reading and merging as plain objects; this is where their types
        are checked, so a wrong one fails here, not later in a report or a workbook.

        Raises:
            TypeError: a text field holds something else than text, or *Bijgewerkt op*
                something else than a date or None.
        """
        when = values.get("bijgewerkt_op")
        if when is not None and not isinstance(when, date):
            raise TypeError(f"bijgewerkt_op must be a date or None, not {when!r}")
        return cls(_text(values, "status"), _text(values, "kwartaal"),
                   _text(values, "toelichting"), _text(values, "ingevuld_door"), when)

    def is_empty(self) -> bool:
        """True when no input cell has a value."""
        return all(not getattr(self, name) for name in INPUT_FIELDS)

    def value(self, name: str) -> InputValue:
        """Return the value of input field ``name``."""
        return getattr(self, name)

    def as_text(self, name: str) -> str:
        """Return input field ``name`` as text (dates as ``JJJJ-MM-DD``)."""
        return display_text(getattr(self, name))


EMPTY_INPUT = RowInput()


def _text(values: Mapping[str, object], name: str) -> str:
    text = values.get(name, "")
    if not isinstance(text, str):
        raise TypeError(f"{name} must be text, not {text!r}")
    return text


def display_text(value: object) -> str:
    """An input value as text for reports: dates as ``JJJJ-MM-DD``, nothing as ''."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)

"""Read an amount that someone typed as text: ``€ 12.000,-``, ``1.234.567``, ``12,50``.

Finance people type amounts the Dutch way (dot for thousands, comma for decimals, ``,-`` for whole
euros); a cell can also hold ``12.000`` or ``12,000``, which are twelve thousand in one convention
and twelve in the other. Such a text is never guessed: it is an error that asks for a number —
unless a euro sign or "euro" says it is money: cents have two decimals, so ``€ 12.000`` and
``€ 12,000`` are both twelve thousand. A unit ("fte", "euro") after the number is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

DUTCH_WHOLE = re.compile(r"(,-{1,2}|,=|\.-)$")
DIGITS = re.compile(r"^-?\d+$")
DUTCH_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
DUTCH_DECIMAL = re.compile(r"^-?\d+,\d+$")
ENGLISH_FULL = re.compile(r"^-?\d{1,3}(,\d{3})+\.\d+$")
DOT_DECIMAL = re.compile(r"^-?\d+\.\d+$")
NO_AMOUNT = {"-", "–", "—"}
CURRENCY = re.compile(r"(?i)€|eur")
MARKS = re.compile(r"(?i)€|eur(o)?|fte|\s")


@dataclass(frozen=True)
class Amount:
    """What a cell holds: a number, nothing, or a problem (``tekst`` is a note, not a problem)."""

    value: float | None = None
    kind: str = "getal"  # getal | leeg | tekst | dubbelzinnig | onleesbaar
    readings: str = ""


def read_amount(cell: object) -> Amount:
    """Return the amount in a cell value (a number, or a text typed by a person)."""
    if cell is None or cell == "":
        return Amount(None, "leeg")
    if isinstance(cell, bool):
        return Amount(None, "onleesbaar")
    if isinstance(cell, (int, float)):
        return Amount(float(cell))
    text = str(cell).replace("\u00a0", " ").strip()
    if not text:
        return Amount(None, "leeg")
    if text in NO_AMOUNT:
        return Amount(None, "tekst")
    compact = MARKS.sub("", text)
    # "Dutch" here: a text that cannot mean a number with three decimals (",-" or a currency).
    dutch = bool(DUTCH_WHOLE.search(compact))
    compact = DUTCH_WHOLE.sub("", compact)
    return _read_compact(compact, dutch, bool(CURRENCY.search(text)))


def _digits(text: str, dutch: bool, money: bool) -> Amount | None:
    return Amount(float(text), "tekst")


def _dutch_thousands(text: str, dutch: bool, money: bool) -> Amount | None:
    value = float(text.replace(".", "").replace(",", "."))
    # "12.000" alone is twelve thousand (Dutch) or twelve (English); ",-", a comma or a euro
    # sign decides.
    if text.count(".") == 1 and "," not in text and not dutch and not money:
        return Amount(None, "dubbelzinnig", f"{_shown(value)} of {_shown(float(text))}")
    return Amount(value, "tekst")


def _dutch_decimal(text: str, dutch: bool, money: bool) -> Amount | None:
    whole, decimals = text.lstrip("-").split(",")
    value = float(text.replace(",", "."))
    if len(decimals) == 3 and len(whole) <= 3 and not dutch:
        english = float(text.replace(",", ""))
        if money:  # no amount of money has three decimals: the comma separates thousands
            return Amount(english, "tekst")
        return Amount(None, "dubbelzinnig", f"{_shown(value)} of {_shown(english)}")
    return Amount(value, "tekst")


def _english(text: str, dutch: bool, money: bool) -> Amount | None:
    return None if dutch else Amount(float(text.replace(",", "")), "tekst")


Reader = Callable[[str, bool, bool], Amount | None]
READERS: tuple[tuple[re.Pattern[str], Reader], ...] = (
    (DIGITS, _digits), (DUTCH_THOUSANDS, _dutch_thousands), (DUTCH_DECIMAL, _dutch_decimal),
    (ENGLISH_FULL, _english), (DOT_DECIMAL, _english))


def _read_compact(text: str, dutch: bool, money: bool) -> Amount:
    for pattern, reader in READERS:
        if pattern.match(text):
            return reader(text, dutch, money) or Amount(None, "onleesbaar")
    return Amount(None, "onleesbaar")


def _shown(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)

"""Typed reading of YAML mappings that gathers every problem instead of stopping at the first.

A :class:`FieldReader` belongs to one source file; each accessor returns a usable default when the
value is missing or wrong and records a finding, so one run reports all problems of all files.
"""

from __future__ import annotations

from typing import Any

from uvp_excel.findings import Finding, make_finding
from uvp_excel.yamlio import LineDict

TEXT = "tekst"
TEXT_LIST = "een tekst of een lijst van teksten"
NUMBER = "een getal"
YEAR = "een jaartal"
# Excel's limit for the text of one cell; xlsxwriter would cut a longer text silently.
MAX_CELL_TEXT = 32767


class FieldReader:
    """Read fields of the mappings in one file, collecting findings."""

    def __init__(self, file_label: str):
        self.file = file_label
        self.findings: list[Finding] = []

    def problem(self, kind: str, entry: str = "", line: int = 0, **params: Any) -> None:
        """Record a finding at ``entry`` (and line) of this file."""
        cell = f"regel {line}" if line else ""
        self.findings.append(make_finding(kind, file=self.file, tab=entry, cell=cell, **params))

    def mapping(self, data: Any, entry: str, allowed: tuple[str, ...],
                required: tuple[str, ...] = ()) -> LineDict:
        """Check ``data`` is a mapping with only ``allowed`` keys and all ``required`` ones.

        Returns:
            The mapping; an empty one (with a finding) when ``data`` is no mapping.
        """
        line = getattr(data, "line", 0)
        if not isinstance(data, dict):
            self.problem("bron-geen-mapping", entry, line, found=type(data).__name__)
            return LineDict()
        if not isinstance(data, LineDict):
            data = LineDict(data)
        for key in data:
            if key not in allowed:
                self.problem("bron-veld-onbekend", entry, line, field=key,
                             allowed=", ".join(allowed))
        for key in required:
            if data.get(key) in (None, ""):
                self.problem("bron-veld-ontbreekt", entry, line, field=key)
        return data

    def text(self, data: LineDict, key: str, entry: str) -> str:
        """Return a text field ('' when missing); numbers are accepted as their text."""
        value = data.get(key)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem("bron-veld-type", entry, data.line, field=key, expected=TEXT, value=value)
            return ""
        text = value.strip() if isinstance(value, str) else str(value)
        return self._within_cell(text, data, key, entry)

    def text_list(self, data: LineDict, key: str, entry: str) -> tuple[str, ...]:
        """Return a field that may be one text or a list of texts."""
        value = data.get(key)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(item, (str, int, float)) and not isinstance(item, bool)
                   for item in items):
            self.problem("bron-veld-type", entry, data.line, field=key, expected=TEXT_LIST,
                         value=value)
            return ()
        texts = tuple(str(item).strip() for item in items if str(item).strip())
        self._within_cell(", ".join(texts), data, key, entry)
        return texts

    def _within_cell(self, text: str, data: LineDict, key: str, entry: str) -> str:
        """Return ``text``; a text longer than one Excel cell holds is a finding."""
        if len(text) > MAX_CELL_TEXT:
            self.problem("bron-tekst-te-lang", entry, getattr(data, "line", 0), field=key,
                         length=len(text), limit=MAX_CELL_TEXT)
        return text

    def number(self, value: Any, field: str, entry: str, line: int) -> float | None:
        """Return ``value`` as a float; None for an empty value."""
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem("bron-veld-type", entry, line, field=field, expected=NUMBER, value=value)
            return None
        return float(value)

    def year(self, data: LineDict, key: str, entry: str) -> int:
        """Return a year field (0 when missing or wrong)."""
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and 1900 < value < 2200:
            return value
        self.problem("bron-veld-type", entry, getattr(data, "line", 0), field=key, expected=YEAR,
                     value=value)
        return 0

    def entries(self, data: LineDict, key: str, entry: str) -> list:
        """Return a list field ([] when missing, with a finding when it is not a list)."""
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem("bron-geen-lijst", entry, getattr(data, "line", 0), field=key)
            return []
        return value

"""Problems as data: every finding has a kind, a severity, a location and a Dutch message.

Commands gather findings into a :class:`Report` instead of stopping at the first problem; the
command line prints them all and derives the exit code from the report. The message of each kind
is a template in ``templates/meldingen.yaml``, so all Dutch wording lives in one place.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Final

from uvp_excel.display import shortened, visible
from uvp_excel.templates import Severity, message_templates

# A value quoted in a message is cut to this length (a realistic row never is); the finding's
# ``value`` keeps it whole.
SHOWN_LENGTH = 4_000
# The severities (closed set: uvp_excel.templates.Severity).
ERROR: Final = "fout"
WARNING: Final = "waarschuwing"
CONFLICT: Final = "conflict"
INFO: Final = "info"


def json_text(data: object) -> str:
    """Return ``data`` as the JSON text every ``--json`` report prints: UTF-8 as is, indented.

    Anything JSON has no type for (a date, a path) is written as its text, so a report never
    fails to print.
    """
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def count_of(number: int, singular: str, plural: str) -> str:
    """``1 bestand``, ``2 bestanden``."""
    return f"{number} {singular if number == 1 else plural}"


@dataclass(frozen=True)
class Finding:
    """One problem or remark, with where it was found."""

    kind: str
    severity: Severity
    message: str
    file: str = ""
    tab: str = ""
    cell: str = ""
    value: Any = None

    @property
    def location(self) -> str:
        """Return ``file › tab › cell`` with the empty parts left out."""
        return " › ".join(part for part in (self.file, self.tab, self.cell) if part)

    def __str__(self) -> str:
        """One line: ``file › tab › cell: message``, control characters made visible."""
        prefix = f"{self.location}: " if self.location else ""
        return visible(f"{prefix}{self.message}")

    def to_dict(self) -> dict:
        """Return the finding as plain data for ``--json``."""
        data = asdict(self)
        if data["value"] is not None and not isinstance(data["value"], (int, float, str, bool)):
            data["value"] = str(data["value"])
        return data


class _DutchFormatter(string.Formatter):
    """``str.format`` plus singular and plural: ``{count:gevulde cel|gevulde cellen}`` gives the
    first form for 1 and the second for any other number, so "1 gevulde cel" reads right."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            singular, plural = format_spec.split("|", 1)
            return singular if value == 1 else plural
        return super().format_field(value, format_spec)


_FORMATTER = _DutchFormatter()


def make_finding(kind: str, *, file: str = "", tab: str = "", cell: str = "",
                 value: Any = None, **params: Any) -> Finding:
    """Build a finding of ``kind`` with its Dutch message filled in from ``params``.

    Raises:
        KeyError: ``kind`` has no template (a programming error, not a user error).
    """
    template = message_templates()[kind]
    message = _FORMATTER.format(template["tekst"], value=_shown(value),
                                **{key: _shown(item) for key, item in params.items()})
    return Finding(kind, template["ernst"], message, file, tab, cell, value)


def _shown(value: Any) -> Any:
    """A value as a message quotes it: long text shortened, on one line."""
    if isinstance(value, str):
        return visible(shortened(value, SHOWN_LENGTH))
    return value


@dataclass
class Report:
    """All findings of one run, in the order they were found.

    ``files`` holds one line per file read (who saved it, regie, errors, warnings, status) when
    the run read files, so a caller can show the outcome of each file on its own.
    """

    findings: list[Finding] = field(default_factory=list)
    files: list[Any] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        """Append one finding."""
        self.findings.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        """Append several findings."""
        self.findings.extend(findings)

    def count(self, severity: Severity) -> int:
        """Return how many findings have ``severity``."""
        return sum(1 for finding in self.findings if finding.severity == severity)

    @property
    def has_errors(self) -> bool:
        """True when any finding is an error."""
        return self.count(ERROR) > 0

    def summary_line(self) -> str:
        """Return a Dutch line counting errors and warnings."""
        return (f"{count_of(self.count(ERROR), 'fout', 'fouten')}, "
                f"{count_of(self.count(WARNING), 'waarschuwing', 'waarschuwingen')}")

    def to_dict(self) -> dict[str, Any]:
        """Return the counts and the findings as plain data (the tail of every ``--json``)."""
        return {
            "fouten": self.count(ERROR),
            "waarschuwingen": self.count(WARNING),
            "bevindingen": [finding.to_dict() for finding in self.findings],
        }

    def to_json(self) -> str:
        """Return the report as JSON text."""
        return json_text(self.to_dict())

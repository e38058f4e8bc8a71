"""Gather the findings of one returned workbook, so that no file can flood the report.

Row problems that repeat on one tab (rows without an ID, unknown or doubled IDs, content in an
extra column, rows missing from the workbook) are each reported on their own while there are a
few; past :data:`FOLD_AT` they become one line, in the place of the first, that counts them
and shows the first ones — a block of 190,000 pasted rows is one line, not 190,000. And no
file reports more than :data:`~uvp_excel.returns.limits.MAX_FINDINGS_PER_FILE` findings: the
rest are counted in one closing line.
"""

from __future__ import annotations

from typing import Any

from uvp_excel.display import shortened
from uvp_excel.findings import ERROR, Finding, count_of, make_finding
from uvp_excel.returns.limits import MAX_FINDINGS_PER_FILE
from uvp_excel.templates import Severity, message_templates

FOLD_AT = 50
SHOWN = 5
SHOWN_LENGTH = 100
FOLDED = {"retour-rij-toegevoegd": "retour-rijen-toegevoegd",
          "retour-id-onbekend": "retour-rijen-onbekend",
          "retour-id-dubbel": "retour-rijen-dubbel",
          "retour-kolom-extra": "retour-kolom-extra-veel",
          "retour-rij-ontbreekt": "retour-rijen-ontbreken"}
PLURALS: dict[Severity, str] = {"fout": "fouten", "waarschuwing": "waarschuwingen",
                                "conflict": "conflicten", "info": "info"}


class Gatherer:
    """Collects one file's findings into ``findings``, folding floods (see the module)."""

    def __init__(self, file: str, findings: list[Finding]):
        self.file = file
        self.findings = findings
        self.pending: dict[tuple[str, str, str], list] = {}
        self.counts: dict[tuple[str, str, str], int] = {}
        self.left_out: dict[Severity, int] = {}

    def add(self, kind: str, tab: str = "", cell: str = "", value: Any = None,
            **params: Any) -> None:
        """Add one finding; past FOLD_AT of one repeatable row problem on a tab, only count."""
        if kind not in FOLDED:
            self._emit(kind, tab, cell, value, params)
            return
        key = (kind, tab, str(params.get("header", "")))
        self.counts[key] = self.counts.get(key, 0) + 1
        if self.counts[key] <= FOLD_AT:
            emitted = self._emit(kind, tab, cell, value, params)
            self.pending.setdefault(key, []).append((emitted, cell, value, params))

    def tab_done(self, tab: str | None = None) -> None:
        """Fold what repeated too often on ``tab`` (every tab when None) into one line, in the
        place of the first."""
        for key in [key for key in self.pending if tab is None or key[1] == tab]:
            kind, sheet, header = key
            waiting, count = self.pending.pop(key), self.counts.pop(key)
            if count <= FOLD_AT:
                continue
            shown = "; ".join(
                f"{cell}: {shortened(_shown_value(value, params), SHOWN_LENGTH)}" if cell else
                shortened(_shown_value(value, params), SHOWN_LENGTH)
                for _, cell, value, params in waiting[:SHOWN])
            emitted = [finding for finding, *_ in waiting if finding is not None]
            place = self.findings.index(emitted[0]) if emitted else len(self.findings)
            self.findings[:] = [finding for finding in self.findings
                                if not any(finding is done for done in emitted)]
            self.findings.insert(place, make_finding(
                FOLDED[kind], file=self.file, tab=sheet, value=f"{shown} (en nog {count - SHOWN})",
                count=f"{count:,}".replace(",", "."), header=header))

    def close(self) -> None:
        """Report everything still waiting, and count what went over the cap."""
        self.tab_done()
        if self.left_out:
            counts = ", ".join(count_of(number, severity, PLURALS[severity])
                               for severity, number in sorted(self.left_out.items()))
            kind = "retour-meer-fouten" if ERROR in self.left_out else "retour-meer-meldingen"
            self.findings.append(make_finding(kind, file=self.file,
                                              value=sum(self.left_out.values()), counts=counts))
            self.left_out.clear()

    def _emit(self, kind: str, tab: str, cell: str, value: Any, params: dict) -> Finding | None:
        if len(self.findings) >= MAX_FINDINGS_PER_FILE:
            severity = message_templates()[kind]["ernst"]
            self.left_out[severity] = self.left_out.get(severity, 0) + 1
            return None
        finding = make_finding(kind, file=self.file, tab=tab, cell=cell, value=value, **params)
        self.findings.append(finding)
        return finding


def _shown_value(value: Any, params: dict) -> str:
    """What a folded line shows of one row: its content where it has one."""
    return str(params.get("content") or value or "")

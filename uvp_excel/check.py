"""``uvp-excel check``: count a programme and list the document's anomalies."""

from __future__ import annotations

from dataclasses import dataclass

from uvp_excel.findings import Finding, json_text
from uvp_excel.source.anomalies import find_anomalies
from uvp_excel.source.model import Programme


@dataclass(frozen=True)
class CheckResult:
    """A loaded programme and the anomalies found in it."""

    programme: Programme
    anomalies: list[Finding]


def check_programme(programme: Programme) -> CheckResult:
    """Compute the anomalies of a loaded programme."""
    return CheckResult(programme, find_anomalies(programme))


def format_check(result: CheckResult) -> str:
    """Return the Dutch text report of a check."""
    programme = result.programme
    lines = [f"{programme.title} — gemeente {programme.gemeente} ({programme.version})",
             f"Bron: {programme.source_dir}", "",
             f"{'Sectie':<72}{'activiteiten':>13}{'verwijzingen':>14}"]
    # Heiloo's keys (P1, S1, A) fit in four characters; another programme's may not.
    key_width = max([4, *(len(section.key) + 1 for section in programme.sections)])
    for section in programme.sections:
        own = len(section.own_activities)
        references = len(section.activities) - own
        heading = section.heading[:70 - key_width]
        lines.append(f"  {section.key:<{key_width}}{heading:<{70 - key_width}}{own:>13}"
                     f"{references:>14}")
    total_own = sum(len(section.own_activities) for section in programme.sections)
    total_all = sum(len(section.activities) for section in programme.sections)
    lines.append(f"  {'Totaal':<70}{total_own:>13}{total_all - total_own:>14}")
    lines.append("")
    lines.append(f"Financiële tabellen: {len(programme.budget_tables)} "
                 f"({', '.join(table.title for table in programme.budget_tables)})")
    lines.append(f"Afkortingen: {len(programme.abbreviations)}")
    lines.append("")
    if result.anomalies:
        lines.append(f"Afwijkingen in het document ({len(result.anomalies)}):")
        lines.extend(f"  [{finding.severity}] {finding}" for finding in result.anomalies)
    else:
        lines.append("Geen afwijkingen gevonden.")
    return "\n".join(lines)


def check_as_json(result: CheckResult) -> str:
    """Return the check as JSON: counts per section and the anomalies."""
    programme = result.programme
    data = {
        "programma": programme.title, "gemeente": programme.gemeente,
        "versie": programme.version,
        "secties": [{"sleutel": section.key, "titel": section.title,
                     "activiteiten": len(section.own_activities),
                     "verwijzingen": len(section.activities) - len(section.own_activities)}
                    for section in programme.sections],
        "financiele_tabellen": [table.key for table in programme.budget_tables],
        "afkortingen": len(programme.abbreviations),
        "afwijkingen": [finding.to_dict() for finding in result.anomalies],
    }
    return json_text(data)

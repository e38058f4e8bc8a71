"""Find the document's own slips by computing, not by being told.

The source data keeps what the document says. These checks compare the document with itself:
stated totals against the sum of their rows, an amount that only makes the total add up when read
as thousands, a number in the running text against its table, rows printed twice, rows without a
regie or planning, and planning texts that cannot be read.
"""

from __future__ import annotations

from uvp_excel.findings import Finding, make_finding
from uvp_excel.source.model import Activity, BudgetTable, Programme, StatedTotal

# A mistyped thousands separator ("€ 29.00,-" for 29.000) scales an amount by one of these.
TYPO_FACTORS = (1000, 100, 10)
TOLERANCE = 0.005


def find_anomalies(programme: Programme) -> list[Finding]:
    """Return every anomaly of the programme, budget tables first, then activity rows."""
    findings: list[Finding] = []
    for table in programme.budget_tables:
        findings.extend(budget_anomalies(table))
    findings.extend(_activity_anomalies(programme))
    return findings


def format_amount(value: float, unit: str = "euro") -> str:
    """Format a number the Dutch way: ``€ 1.685.957,00`` or ``8,87 fte``."""
    if unit == "fte":
        return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".") + " fte"
    text = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {text}"


def budget_anomalies(table: BudgetTable) -> list[Finding]:
    """Return the anomalies of one financial table."""
    findings: list[Finding] = []
    for total in table.totals:
        findings.extend(_total_anomalies(table, total))
    findings.extend(_correction_notes(table))
    findings.extend(_claim_anomalies(table))
    findings.extend(_indexation_anomalies(table))
    return findings


def _total_anomalies(table: BudgetTable, total: StatedTotal) -> list[Finding]:
    printed = table.computed_total(total, corrected=False)
    if abs(printed - total.value) < TOLERANCE:
        return []
    unit = table.unit
    where = {"file": table.file, "tab": table.title}
    params = {"label": total.label, "columns": _column_headers(table, total),
              "stated": format_amount(total.value, unit)}
    findings = [make_finding("afwijking-totaal", value=printed, **where, **params,
                             computed=format_amount(printed, unit),
                             difference=format_amount(total.value - printed, unit))]
    findings.extend(_typo_candidates(table, total, printed))
    corrected = table.computed_total(total, corrected=True)
    if corrected != printed:
        kind = "afwijking-totaal-gecorrigeerd" if abs(corrected - total.value) < TOLERANCE \
            else "afwijking-totaal-blijft"
        findings.append(make_finding(kind, value=corrected, **where, **params,
                                     computed=format_amount(corrected, unit)))
    return findings


def _typo_candidates(table: BudgetTable, total: StatedTotal, printed: float) -> list[Finding]:
    """Amounts that, scaled by a power of ten, make the stated total add up exactly."""
    findings = []
    for post in table.posts:
        if total.group and post.group != total.group:
            continue
        for key in total.columns:
            amount = post.amounts.get(key)
            if not amount:
                continue
            for factor in TYPO_FACTORS:
                candidate = amount * factor
                if abs(printed - amount + candidate - total.value) < TOLERANCE:
                    findings.append(make_finding(
                        "afwijking-tikfout", file=table.file, tab=table.title, value=amount,
                        post=post.description, column=_header(table, key),
                        shown=format_amount(amount, table.unit),
                        candidate=format_amount(candidate, table.unit),
                        stated=format_amount(total.value, table.unit)))
                    break
    return findings


def _correction_notes(table: BudgetTable) -> list[Finding]:
    return [make_finding("afwijking-correctie", file=table.file, tab=table.title,
                         value=post.amounts.get(key), post=post.description,
                         column=_header(table, key),
                         shown=format_amount(post.amounts.get(key) or 0, table.unit),
                         corrected=format_amount(correction.value, table.unit),
                         note=correction.note)
            for post in table.posts for key, correction in post.corrections.items()]


def _claim_anomalies(table: BudgetTable) -> list[Finding]:
    findings = []
    for claim in table.claims:
        for total in table.totals:
            if total.label != claim.compare_with:
                continue
            computed = table.computed_total(total)
            if abs(computed - claim.value) >= TOLERANCE:
                findings.append(make_finding(
                    "afwijking-vermelding", file=table.file, tab=table.title, value=claim.value,
                    claimed=format_amount(claim.value, table.unit), text=claim.text,
                    label=total.label, computed=format_amount(computed, table.unit)))
    return findings


def _indexation_anomalies(table: BudgetTable) -> list[Finding]:
    """A remark that speaks of a difference between years where the amounts are equal."""
    findings = []
    for post in table.posts:
        values = [value for value in (post.amounts.get(column.key) for column in table.columns)
                  if value is not None]
        if "verschil" in post.remark.lower() and len(values) > 1 and len(set(values)) == 1:
            findings.append(make_finding(
                "afwijking-indexering", file=table.file, tab=table.title, value=values[0],
                post=post.description, remark=post.remark,
                shown=format_amount(values[0], table.unit)))
    return findings


def _activity_anomalies(programme: Programme) -> list[Finding]:
    findings: list[Finding] = []
    seen: dict[tuple, tuple[str, str]] = {}
    seen_text: dict[str, tuple[str, str]] = {}
    for section in programme.sections:
        for activity in section.activities:
            where = {"file": section.file, "tab": activity.id}
            if activity.is_reference:
                continue
            row = (activity.thema, activity.item, activity.maatregel, activity.regie,
                   activity.stakeholders, activity.planning_text)
            if row in seen:
                findings.append(make_finding("afwijking-dubbele-rij", **where, other=seen[row][0]))
            elif activity.maatregel in seen_text:
                other_id, other_section = seen_text[activity.maatregel]
                findings.append(make_finding("afwijking-zelfde-maatregel", **where,
                                             other=other_id, section=other_section))
            seen.setdefault(row, (activity.id, section.key))
            seen_text.setdefault(activity.maatregel, (activity.id, section.tab_name))
            findings.extend(_missing_cells(activity, where))
    return findings


def _missing_cells(activity: Activity, where: dict[str, str]) -> list[Finding]:
    findings = []
    if not activity.regie:
        findings.append(make_finding("afwijking-geen-regie", **where))
    planning = activity.planning
    if planning.kind == "leeg":
        findings.append(make_finding("afwijking-geen-planning", **where))
    elif planning.kind == "vrij":
        findings.append(make_finding("afwijking-planning-vrij", **where, value=planning.raw))
    return findings


def _header(table: BudgetTable, key: str) -> str:
    return next((column.header for column in table.columns if column.key == key), key)


def _column_headers(table: BudgetTable, total: StatedTotal) -> str:
    headers = " + ".join(_header(table, key) for key in total.columns)
    return f"{headers}, groep {total.group}" if total.group else headers

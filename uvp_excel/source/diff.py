"""Compare two programmes: what an import over an existing folder would change, in Dutch.

Content only: where a value was read from (file, line, folder) does not count, so a programme read
from YAML and the same programme read from a workbook compare equal.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

from uvp_excel.source.model import Activity, BudgetTable, Programme, Section

WHERE_FIELDS = frozenset({"file", "line", "source_dir"})
SHOWN_LENGTH = 60
PROGRAMME_LABELS = {"gemeente": "gemeente", "title": "titel", "short_name": "korte naam",
                    "first_year": "eerste jaar", "last_year": "laatste jaar",
                    "ivb_first_year": "eerste jaar IVB", "ivb_last_year": "laatste jaar IVB",
                    "version": "versie", "version_date": "versiedatum", "ivb": "IVB"}
SECTION_LABELS = {"kind": "soort", "number": "nummer", "title": "titel", "tab_name": "tabnaam",
                  "intro": "inleiding", "doelstelling_kind": "soort doelstelling",
                  "doelstelling": "doelstelling", "veiligheidsvelden": "veiligheidsvelden"}
ACTIVITY_LABELS = {"thema": "veiligheidsthema", "item": "item", "maatregel": "maatregel",
                   "regie": "regie", "stakeholders": "stakeholders", "planning_text": "planning",
                   "verwijzing": "verwijzing"}
TABLE_LABELS = {"title": "titel", "tab_name": "tabnaam", "source": "bron", "unit": "eenheid",
                "columns": "kolommen", "posts": "posten", "totals": "totalen",
                "claims": "vermeldingen"}


def content(value: Any) -> Any:
    """Return a dataclass tree as plain data without file names, lines and empty amounts."""
    if is_dataclass(value) and not isinstance(value, type):
        return {item.name: content(getattr(value, item.name)) for item in fields(value)
                if item.name not in WHERE_FIELDS and item.name != "rank"}
    if isinstance(value, dict):
        return {key: content(item) for key, item in value.items() if item is not None}
    if isinstance(value, (list, tuple)):
        return [content(item) for item in value]
    return value


def same_programme(first: Programme, second: Programme) -> bool:
    """True when both programmes have the same content."""
    return content(first) == content(second)


def shown(value: Any) -> str:
    """A value as a short quoted text for a change line."""
    if isinstance(value, (tuple, list)):
        value = "; ".join(str(item) for item in value)
    text = " ".join(str(value if value is not None else "").split())
    if len(text) > SHOWN_LENGTH:
        text = text[:SHOWN_LENGTH - 1] + "…"
    return f"'{text}'"


def _field_changes(old: Any, new: Any, labels: dict[str, str]) -> list[str]:
    return [f"{label} {shown(getattr(old, name))} → {shown(getattr(new, name))}"
            for name, label in labels.items()
            if content(getattr(old, name)) != content(getattr(new, name))]


def describe_changes(old: Programme, new: Programme) -> list[str]:
    """Return one Dutch line per change from ``old`` to ``new`` (empty when equal)."""
    lines = [f"Programma: {change}"
             for change in _field_changes(old, new, PROGRAMME_LABELS)]
    lines += _section_changes(old.sections, new.sections)
    lines += _activity_changes(old, new)
    lines += _table_changes(old.budget_tables, new.budget_tables)
    if content(old.abbreviations) != content(new.abbreviations):
        before = {entry.abbreviation: entry.meaning for entry in old.abbreviations}
        after = {entry.abbreviation: entry.meaning for entry in new.abbreviations}
        added = sorted(set(after) - set(before))
        removed = sorted(set(before) - set(after))
        changed = sorted(key for key in set(before) & set(after) if before[key] != after[key])
        lines.append(f"Afkortingen: {len(added)} toegevoegd, {len(removed)} verwijderd, "
                     f"{len(changed)} gewijzigd"
                     + (f" ({', '.join((added + removed + changed)[:10])})"
                        if added or removed or changed else " (volgorde)"))
    if content(old.statuses) != content(new.statuses):
        names = ", ".join(status.name for status in new.statuses) or "de standaardlijst"
        lines.append(f"Statussen: voortaan {names}")
    old_keys = [section.key for section in old.sections]
    new_keys = [section.key for section in new.sections]
    if old_keys != new_keys and set(old_keys) == set(new_keys):
        lines.append("Secties: andere volgorde van de tabbladen")
    return lines


def _section_changes(old: tuple[Section, ...], new: tuple[Section, ...]) -> list[str]:
    before = {section.key: section for section in old}
    after = {section.key: section for section in new}
    lines = [f"Sectie {key} toegevoegd ({after[key].tab_name})"
             for key in after if key not in before]
    lines += [f"Sectie {key} verwijderd ({before[key].tab_name})"
              for key in before if key not in after]
    for key, section in after.items():
        if key in before:
            lines += [f"Sectie {key}: {change}"
                      for change in _field_changes(before[key], section, SECTION_LABELS)]
    return lines


def _activity_changes(old: Programme, new: Programme) -> list[str]:
    before: dict[str, Activity] = {activity.id: activity for activity in old.activities()}
    after: dict[str, Activity] = {activity.id: activity for activity in new.activities()}
    lines = [f"Activiteit {key} toegevoegd ({activity.section_key}): "
             f"{shown(activity.maatregel)}"
             for key, activity in after.items() if key not in before]
    lines += [f"Activiteit {key} verwijderd (was in {activity.section_key}): "
              f"{shown(activity.maatregel)}"
              for key, activity in before.items() if key not in after]
    for key, activity in after.items():
        if key not in before:
            continue
        changes = _field_changes(before[key], activity, ACTIVITY_LABELS)
        if before[key].section_key != activity.section_key:
            changes.insert(0, f"verplaatst van {before[key].section_key} naar "
                              f"{activity.section_key}")
        if changes:
            lines.append(f"Activiteit {key} gewijzigd: " + "; ".join(changes))
    return lines


def _table_changes(old: tuple[BudgetTable, ...], new: tuple[BudgetTable, ...]) -> list[str]:
    before = {table.key: table for table in old}
    after = {table.key: table for table in new}
    lines = [f"Financiële tabel {key} toegevoegd ({after[key].title})"
             for key in after if key not in before]
    lines += [f"Financiële tabel {key} verwijderd ({before[key].title})"
              for key in before if key not in after]
    for key, table in after.items():
        if key not in before:
            continue
        changed = [label for name, label in TABLE_LABELS.items()
                   if content(getattr(before[key], name)) != content(getattr(table, name))]
        if changed:
            lines.append(f"Financiële tabel {key} gewijzigd: {', '.join(changed)}")
            lines += _post_changes(before[key], table)
    return lines


def _post_changes(old: BudgetTable, new: BudgetTable) -> list[str]:
    """Per post and column, the amounts that changed (when the posts are the same rows)."""
    if len(old.posts) != len(new.posts) or old.columns != new.columns:
        return [f"  posten: {len(old.posts)} → {len(new.posts)}"] \
            if len(old.posts) != len(new.posts) else []
    lines = []
    for number, (before, after) in enumerate(zip(old.posts, new.posts, strict=True), start=1):
        changes = [f"{column.header} {shown(before.amount(column.key))} → "
                   f"{shown(after.amount(column.key))}" for column in new.columns
                   if before.amount(column.key) != after.amount(column.key)]
        changes += _field_changes(before, after, {"description": "omschrijving",
                                                  "group": "groep", "verdeling": "verdeling",
                                                  "remark": "opmerking"})
        if changes:
            lines.append(f"  post {number} {shown(after.description)}: " + "; ".join(changes))
    return lines


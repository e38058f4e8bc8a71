"""Compare two programmes: what an import over an existing folder would change, in Dutch.

Content only: where a value was read from (file, line, folder) does not count, so a programme read
from YAML and the same programme read from a workbook compare equal.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

from uvp_excel.source.anomalies import format_amount
from uvp_excel.source.model import Activity, BudgetPost, BudgetTable, Programme, Section
from uvp_excel.source.notes import Notes
from uvp_excel.source.yaml_writer import own_notes

WHERE_FIELDS = frozenset({"file", "line", "source_dir"})
SHOWN_LENGTH = 60
# Around the part of a long text that changed, this much of the unchanged text is shown.
CONTEXT = 20
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


def _flat(value: Any) -> str:
    """A value as one line of text (lists joined with ``;``, dates as 29-05-2024)."""
    if isinstance(value, (tuple, list)):
        value = "; ".join(str(item) for item in value)
    if isinstance(value, date):
        value = value.strftime("%d-%m-%Y")
    return " ".join(str(value if value is not None else "").split())


def _clip(text: str) -> str:
    return text if len(text) <= SHOWN_LENGTH else text[:SHOWN_LENGTH - 1] + "…"


def shown(value: Any) -> str:
    """A value as a short quoted text for a change line."""
    return f"'{_clip(_flat(value))}'"


def shown_pair(old: Any, new: Any) -> tuple[str, str]:
    """Two values as short quoted texts that show where they differ.

    A long text is cut to the changed part with a little of the unchanged text around it, so a
    change at the end of a long maatregel does not read as the same text twice.
    """
    before, after = _flat(old), _flat(new)
    if len(before) <= SHOWN_LENGTH and len(after) <= SHOWN_LENGTH:
        return f"'{before}'", f"'{after}'"
    start = _common_start(before, after)
    end = min(_common_start(before[::-1], after[::-1]), min(len(before), len(after)) - start)
    return _window(before, start, end), _window(after, start, end)


def _common_start(first: str, second: str) -> int:
    """How many characters both texts start with."""
    shorter = min(len(first), len(second))
    return next((index for index in range(shorter) if first[index] != second[index]), shorter)


def _window(text: str, start: int, end: int) -> str:
    """``text`` from a little before ``start`` to a little past its last ``end`` characters."""
    left = max(0, start - CONTEXT)
    left = text.rfind(" ", 0, left + 1) + 1 if left else 0  # begin at a word
    right = min(len(text), len(text) - end + CONTEXT)
    if right < len(text):
        space = text.find(" ", right)
        right = len(text) if space < 0 else space
    changed = text[left:right].strip()
    if len(changed) > 2 * SHOWN_LENGTH:
        changed = changed[:2 * SHOWN_LENGTH - 1] + "…"
    return f"'{'…' if left else ''}{changed}{'…' if right < len(text) else ''}'"


def _field_changes(old: Any, new: Any, labels: dict[str, str]) -> list[str]:
    return [f"{label} {' → '.join(shown_pair(getattr(old, name), getattr(new, name)))}"
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
    if _order_changed([section.key for section in old.sections],
                      [section.key for section in new.sections]):
        lines.append("Secties: andere volgorde van de tabbladen")
    if _order_changed([table.key for table in old.budget_tables],
                      [table.key for table in new.budget_tables]):
        lines.append("Financiële tabellen: andere volgorde van de tabbladen")
    return lines


def _order_changed(old: list[str], new: list[str]) -> bool:
    """True when the keys that are in both lists are in another order."""
    common = set(old) & set(new)
    return [key for key in old if key in common] != [key for key in new if key in common]


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
            old_ids = [activity.id for activity in before[key].activities]
            new_ids = [activity.id for activity in section.activities]
            if _order_changed(old_ids, new_ids):
                lines.append(f"Sectie {key}: andere volgorde van de activiteiten "
                             f"({', '.join(new_ids)})")
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
    if old.posts != new.posts and sorted(map(repr, map(content, old.posts))) == \
            sorted(map(repr, map(content, new.posts))):
        return ["  andere volgorde van de posten"]
    lines = []
    for number, (before, after) in enumerate(zip(old.posts, new.posts, strict=True), start=1):
        changes = _amount_changes(before, after, new)
        changes += _field_changes(before, after, {"description": "omschrijving",
                                                  "group": "groep", "verdeling": "verdeling",
                                                  "remark": "opmerking"})
        if changes:
            lines.append(f"  post {number} {shown(after.description)}: " + "; ".join(changes))
    return lines


def _amount_changes(before: BudgetPost, after: BudgetPost, table: BudgetTable) -> list[str]:
    """The printed amounts and the corrections of one post that changed, the Dutch way."""
    def amount(value: float | None) -> str:
        return "leeg" if value is None else f"'{format_amount(value, table.unit)}'"

    changes = []
    for column in table.columns:
        old, new = before.amounts.get(column.key), after.amounts.get(column.key)
        if old != new:
            changes.append(f"{column.header} {amount(old)} → {amount(new)}")
        old_fix, new_fix = before.corrections.get(column.key), after.corrections.get(column.key)
        if old_fix != new_fix:
            changes.append(f"correctie {column.header} "
                           f"{amount(old_fix.value if old_fix else None)} → "
                           f"{amount(new_fix.value if new_fix else None)}")
    return changes


def note_changes(old_notes: Notes, new_notes: Notes, old: Programme,
                 new: Programme) -> list[str]:
    """One line per Notitie (a comment in the YAML) that changed, for what is in both.

    The comment written where a Notitie is empty ("Bijlage A van het …") counts as no note, so
    a new version number or title is not reported as a changed note as well.
    """
    before, after = own_notes(old_notes, old), own_notes(new_notes, new)
    lines = []
    for label, old_texts, new_texts in (
            ("sectie", before.sections, after.sections),
            ("activiteit", before.activities, after.activities),
            ("financiële tabel", before.tables, after.tables)):
        lines += [f"Notitie bij {label} {key} gewijzigd" for key, text in new_texts.items()
                  if key in old_texts and _flat(old_texts[key]) != _flat(text)]
    return lines

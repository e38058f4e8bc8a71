"""Decide every proposal: take one change, or report a conflict; join who/when.

Per content field (Status, Kwartaal, Toelichting) of an activity: one proposed value is taken (the
same value from several returns is taken once); different values are *one* conflict, the stand
keeps its start value and the ID is marked. *Ingevuld door* and *Bijgewerkt op* never conflict: the
stand gets the names of every return whose report on the activity was taken — a content change
taken, or only a new name or date — joined alphabetically ("Anna; Bert": the same however the
files are ordered or split over runs), and the latest of their dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from uvp_excel import contract
from uvp_excel.contract import Provenance
from uvp_excel.findings import Finding, make_finding
from uvp_excel.inputs import CONTENT_FIELDS, INPUT_FIELDS, RowInput, display_text
from uvp_excel.merging.fold import MergeState
from uvp_excel.merging.model import (
    CONFLICT,
    JOINED,
    SUPERSEDED,
    TAKEN,
    Change,
    Conflict,
    Contribution,
    Destination,
    LedgerEntry,
    MergeOutcome,
    Origin,
)


@dataclass
class _Decisions:
    """Per (activity, field): the files whose single proposal was taken; conflicting fields."""

    taken: dict[tuple[str, str], set[str]]
    conflicted: dict[str, list[str]]
    origins: dict[tuple[str, str], list[Origin]] = field(default_factory=dict)


def resolve(state: MergeState, start: dict[str, RowInput]) -> MergeOutcome:
    """Decide every proposal of ``state`` on top of the stand's ``start`` values."""
    values: dict[str, dict[str, object]] = {
        activity_id: {name: row.value(name) for name in INPUT_FIELDS}
        for activity_id, row in start.items()}
    changes, conflicts = [], []
    decisions = _Decisions({}, {})
    for (activity_id, name), everything in sorted(state.proposals.items()):
        old = start[activity_id].value(name)
        proposed = _without_superseded(state, (activity_id, name), everything, old)
        if len(proposed) == 1:
            new, origins = next(iter(proposed.items()))
            values[activity_id][name] = new
            decisions.taken[(activity_id, name)] = {origin.file for origin in origins}
            decisions.origins[(activity_id, name)] = origins
            if new != old:
                changes.append(Change(activity_id, name, old, new, origins))
        else:
            by_file = {report.file: report for report in state.contributions.get(activity_id, [])}
            conflicts.append(Conflict(activity_id, name, old, proposed, {
                origin: by_file[origin.file] for origins in proposed.values()
                for origin in origins if origin.file in by_file}))
            decisions.conflicted.setdefault(activity_id, []).append(name)
    provenance: dict[str, Provenance] = {}
    contributors: dict[str, set[str]] = {}
    for activity_id, reports in sorted(state.contributions.items()):
        taken = [c for c in reports if _is_taken(c, activity_id, decisions)]
        if not taken:
            continue
        contributors[activity_id] = {c.file for c in taken}
        changes += _who_when(activity_id, taken, start[activity_id], values[activity_id])
        provenance[activity_id] = _provenance(state, activity_id, taken[-1], decisions)
    changes.sort(key=lambda change: (change.id, INPUT_FIELDS.index(change.field)))
    flags = {activity_id: f"Conflict in {_joined([contract.header_of(n) for n in names])}: "
                          f"zie het tabblad {contract.IMPORT_CONFLICTS_SHEET}"
             for activity_id, names in decisions.conflicted.items()}
    _finish_ledger(state, decisions, contributors)
    inputs = {activity_id: RowInput.from_values(fields) for activity_id, fields in values.items()}
    findings = [conflict_finding(conflict) for conflict in conflicts]
    return MergeOutcome(inputs, changes, conflicts, provenance, flags, findings, dict(start))


def _without_superseded(state: MergeState, key: tuple[str, str],
                        proposed: dict[object, list[Origin]],
                        start: object) -> dict[object, list[Origin]]:
    """Drop a proposed value that someone else saw and changed: theirs came after, not beside.

    A workbook handed out with a value another return proposed (a copy of this quarter's stand,
    filled in) changed that value on purpose; its proposal replaces it instead of conflicting.
    An empty value is never "seen": a workbook handed out blank (the AOV forgot ``--from``) did
    not see a colleague clear the cell, so that clearing and its value stay a conflict.
    """
    if len(proposed) < 2:
        return proposed
    activity_id, name = key

    def handed(origin: Origin) -> object:
        return state.handed.get(origin, {}).get(name, start)

    replaced = {value for value in proposed if display_text(value)
                and all(handed(origin) == start for origin in proposed[value])
                and any(other != value and all(handed(o) == value for o in origins)
                        for other, origins in proposed.items())}
    for value in replaced:
        later = [other for other, origins in proposed.items()
                 if other != value and all(handed(o) == value for o in origins)]
        state.findings.append(make_finding(
            "merge-vervangen", id=activity_id, field=contract.header_of(name),
            value=shown(value), origins=", ".join(str(o) for o in proposed[value]),
            later=", ".join(f"{shown(other)} in {', '.join(map(str, proposed[other]))}"
                            for other in later)))
        state.superseded.update((o.file, activity_id, name) for o in proposed[value])
    return {value: origins for value, origins in proposed.items() if value not in replaced}


def _is_taken(report: Contribution, activity_id: str, decisions: _Decisions) -> bool:
    """A report counts when one of its content changes was taken, or it only said who/when."""
    if not report.fields:
        return report.who_when_changed
    return any(report.file in decisions.taken.get((activity_id, name), ())
               for name in report.fields)


def _who_when(activity_id: str, reports: list[Contribution], start: RowInput,
              values: dict[str, object]) -> list[Change]:
    names = join_names(report.who for report in reports)
    dates = [report.when for report in reports if report.when]
    new = {"ingevuld_door": names, "bijgewerkt_op": max(dates) if dates else None}
    for name, value in new.items():
        # Nobody named anyone (or gave a date): an empty cell left as handed out is nobody's
        # word, so the start value stays — unless a report really cleared it.
        if not value and not any(name in report.changed for report in reports):
            new[name] = start.value(name)
    changes = []
    for name, value in new.items():
        values[name] = value
        if value != start.value(name):
            changes.append(Change(activity_id, name, start.value(name), value,
                                  _who_when_origins(name, value, reports)))
    return changes


def _who_when_origins(name: str, value: object, reports: list[Contribution]) -> list[Origin]:
    """The cells the new name or date came from: a report that named someone, or whose date is
    the latest (a report that left the date as handed out did not give it); for an emptied cell,
    the reports that emptied it."""
    if name == "ingevuld_door":
        giving = [(r, r.who_cell) for r in reports if r.who or (not value and name in r.changed)]
    else:
        giving = [(r, r.when_cell) for r in reports
                  if (r.when == value and r.when is not None and name in r.changed)
                  or (value is None and name in r.changed)]
        # Nobody changed the date to the latest one: it came with a hand-out; name who has it.
        giving = giving or [(r, r.when_cell) for r in reports if r.when == value]
    return [Origin(r.file, r.tab, cell) for r, cell in giving]


def join_names(names: Iterable[str]) -> str:
    """``Anna; Bert``: every name once (case does not count), alphabetically."""
    seen: dict[str, str] = {}
    for text in names:
        for part in (text or "").split(";"):
            name = part.strip()
            if name:
                seen.setdefault(name.casefold(), name)
    return "; ".join(sorted(seen.values(), key=str.casefold))


def _provenance(state: MergeState, activity_id: str, report: Contribution,
                decisions: _Decisions) -> Provenance:
    """The last report taken for the activity, with its first changed cell."""
    cells = [origin.cell for name in CONTENT_FIELDS
             if report.file in decisions.taken.get((activity_id, name), ())
             for origin in decisions.origins.get((activity_id, name), [])
             if origin.file == report.file]
    cells += [report.who_cell, report.when_cell]
    cell = next((cell for cell in cells if cell), "")
    saved_by, saved_at = state.file_properties.get(report.file, ("", ""))
    return Provenance(report.file, f"{report.tab} › {cell}" if cell else report.tab,
                      saved_by, saved_at)


def _finish_ledger(state: MergeState, decisions: _Decisions,
                   contributors: dict[str, set[str]]) -> None:
    if state.ledger is None:
        return
    for entry in state.pending:
        if entry.field in CONTENT_FIELDS:
            taken = entry.file in decisions.taken.get((entry.id, entry.field), ())
        else:
            taken = entry.file in contributors.get(entry.id, ())
        kept: Destination = JOINED if entry.field not in CONTENT_FIELDS else TAKEN
        destination: Destination = kept if taken else CONFLICT
        if (entry.file, entry.id, entry.field) in state.superseded:
            destination = SUPERSEDED
        state.ledger.append(LedgerEntry(entry.file, entry.tab, entry.cell, entry.id,
                                        entry.field, entry.raw, destination))
    state.pending = []


def conflict_finding(conflict: Conflict) -> Finding:
    """One finding per conflict, naming each competing value with its file › tab › cell."""
    proposals = "; ".join(f"{shown(value)} in {', '.join(str(o) for o in origins)}"
                          for value, origins in conflict.proposals.items())
    return make_finding("merge-conflict", id=conflict.id,
                        field=contract.header_of(conflict.field), proposals=proposals,
                        base=shown(conflict.base))


def shown(value: object) -> str:
    """A value as a message shows it: quoted, or "een lege cel"."""
    return f"'{display_text(value)}'" if display_text(value) else "een lege cel"


def _joined(items: list[str]) -> str:
    """``Status``, ``Status en Kwartaal``, ``Status, Kwartaal en Toelichting``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"

"""The log of a merge: written beside the stand, and put back into the next merge on it.

The log (a hidden table beside the per-activity metadata) holds what the quarter's merge was made
of: the start value of every activity someone reported on, every proposed value with its file ›
tab › cell, and every report of who/when. Reading it back is a returns concern
(:mod:`uvp_excel.returns.stand`); what the merge does with it lives here. With it, a stand knows
its open conflicts (for the summary and for ``split --from``), and a late return merged with
``--base`` on this quarter's stand is judged as if it had come with the others: the rest of the
quarter's record is kept.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from uvp_excel import contract
from uvp_excel.findings import Finding, make_finding
from uvp_excel.inputs import EMPTY_INPUT, INPUT_FIELDS, RowInput, display_text
from uvp_excel.merging.fold import MergeState
from uvp_excel.merging.model import Conflict, Contribution, MergeOutcome, Origin
from uvp_excel.merging.resolve import resolve, shown
from uvp_excel.returns.stand import FILE, PROPOSAL, REPORT, START, HandEdits, StandLog, StandRead


def log_rows(state: MergeState, outcome: MergeOutcome) -> list[tuple[str, ...]]:
    """The log of a finished merge, as rows of text for the hidden sheet."""
    touched = {activity_id for activity_id, _ in state.proposals}
    touched |= {activity_id for activity_id, reports in state.contributions.items() if reports}
    rows: list[tuple[str, ...]] = []
    for activity_id in sorted(touched):
        started = outcome.start.get(activity_id, EMPTY_INPUT)
        rows += [(START, activity_id, name, started.as_text(name)) for name in INPUT_FIELDS]
    files = set()
    for (activity_id, name), proposed in sorted(state.proposals.items()):
        for value, origins in proposed.items():
            for origin in origins:
                files.add(origin.file)
                start = outcome.start.get(activity_id, EMPTY_INPUT).value(name)
                handed = state.handed.get(origin, {}).get(name, start)
                rows.append((PROPOSAL, activity_id, name, display_text(value), origin.file,
                             origin.tab, origin.cell, display_text(handed)))
    for activity_id, reports in sorted(state.contributions.items()):
        for report in reports:
            files.add(report.file)
            rows.append((REPORT, activity_id, ",".join(sorted(report.changed)), report.who,
                         report.file,
                         report.tab, report.who_cell, display_text(report.when),
                         report.when_cell))
    for name in sorted(files):
        saved_by, saved_at = state.file_properties.get(name, ("", ""))
        rows.append((FILE, "", "", saved_by, name, "", "", saved_at, ""))
    return rows


def carry(state: MergeState, log: StandLog, skip_files: set[str],
          edits: HandEdits | None = None) -> None:
    """Put a stand's log back into a merge, before the returns read now.

    A file read again in this merge (same name) replaces what the log says of it, so merging the
    same returns twice changes nothing. What the AOV typed into the stand afterwards is the last
    word on those fields: a logged proposal of another value is left out (the AOV saw it and
    chose, which also settles a conflict), and a typed name or date replaces what the logged
    reports said.
    """
    edits = edits or {}
    earlier: dict[tuple[str, str], dict[object, dict[Origin, None]]] = {}
    for activity_id, name, value, origin, handed in log.proposals:
        if edits.get((activity_id, name), value) != value:
            continue
        if origin.file not in skip_files:  # dicts as ordered sets: a forged log stays linear
            earlier.setdefault((activity_id, name), {}).setdefault(value, {})[origin] = None
            state.handed.setdefault(origin, {})[name] = handed
    for key, proposed in earlier.items():
        # The quarter's earlier proposals come first, as if their files had been read first.
        for value, origins in state.proposals.get(key, {}).items():
            proposed.setdefault(value, {}).update(dict.fromkeys(origins))
        state.proposals[key] = {value: list(origins) for value, origins in proposed.items()}
    carried: dict[str, list[Contribution]] = {}
    for activity_id, report in log.reports:
        if report.file not in skip_files:
            carried.setdefault(activity_id, []).append(replace(
                report, who=edits.get((activity_id, "ingevuld_door"), report.who),
                when=edits.get((activity_id, "bijgewerkt_op"), report.when)))
    for activity_id, reports in carried.items():
        state.contributions[activity_id] = reports + state.contributions.get(activity_id, [])
    for name, properties in log.properties.items():
        state.file_properties.setdefault(name, properties)


def start_values(values: dict[str, RowInput], log: StandLog,
                 edits: HandEdits | None = None) -> dict[str, RowInput]:
    """The values a quarter started from: the stand's, where the log has no start recorded,
    and what the AOV typed into the stand after the merge (``edits``) in any case."""
    edits = edits or {}
    start = dict(values)
    for activity_id, fields in log.start.items():
        base = values.get(activity_id, EMPTY_INPUT)
        chosen: dict[str, Any] = {
            name: edits.get((activity_id, name), fields.get(name, base.value(name)))
            for name in INPUT_FIELDS}
        start[activity_id] = RowInput.from_values(chosen)
    return start


def open_conflicts(stand: StandRead) -> list[Conflict]:
    """The open conflicts of the merge that made ``stand`` (none without a log).

    A conflict the AOV settled by typing a value into the stand is no longer open.
    """
    if not stand.log:
        return []
    state = MergeState(frozenset(stand.values))
    edits = stand.hand_edits
    carry(state, stand.log, set(), edits)
    start = start_values(stand.recorded, stand.log, edits)
    for activity_id, _ in state.proposals:
        start.setdefault(activity_id, EMPTY_INPUT)
    return resolve(state, start).conflicts


def handout_warnings(stand: StandRead) -> list[Finding]:
    """What to know before handing out a stand's values (``build``/``split --from``)."""
    findings = [make_finding("uitdelen-conflict", file=stand.name, id=conflict.id,
                             field=contract.header_of(conflict.field), base=shown(conflict.base),
                             proposals="; ".join(f"{shown(value)} in "
                                                 f"{', '.join(str(o) for o in origins)}"
                                                 for value, origins in conflict.proposals.items()))
                for conflict in open_conflicts(stand)]
    if stand.edited:
        findings.append(make_finding(
            "basis-ingevuld", file=stand.name, value=len(stand.edited),
            ids=", ".join(stand.edited[:10]) + (f" en nog {len(stand.edited) - 10}"
                                                if len(stand.edited) > 10 else "")))
    return findings

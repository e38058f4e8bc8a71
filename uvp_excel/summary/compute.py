"""Compute the progress summary from its points (stands, or returns merged in memory)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from uvp_excel import contract
from uvp_excel.contract import NO_REGIE
from uvp_excel.inputs import EMPTY_INPUT, RowInput, display_text
from uvp_excel.merging.model import Conflict
from uvp_excel.source.model import Activity, Programme, Status
from uvp_excel.source.planning import Quarter
from uvp_excel.summary.model import LIST_TITLES, ConflictRow, Count, Row, Summary, TrendPoint
from uvp_excel.summary.points import StandPoint

MAATREGEL_LENGTH = 160


@dataclass(frozen=True)
class Assessment:
    """How one activity stands at the peildatum."""

    status: str
    no_update: bool
    behind: bool
    recurring: bool
    unreadable: bool
    planned_end: Quarter | None


def assess(activity: Activity, values: RowInput, peildatum: date, final: set[str],
           updated: frozenset[str] | None = None) -> Assessment:
    """Judge one activity: status, update, behind schedule, recurring, readable planning.

    "Zonder update": no return changed the activity in the merge that made the stand (so a
    value carried over from last quarter does not count); without that record, no input at all.
    """
    planning = activity.planning
    chosen = Quarter.parse(values.kwartaal) if values.kwartaal else None
    # Recurring and conditional work is never behind; open-ended work ("2024 en verder") only
    # gets an end when someone chooses a Kwartaal for it.
    end = None if planning.is_recurring else (chosen or planning.deadline)
    recurring = planning.is_recurring or (planning.is_open_ended and chosen is None)
    unreadable = not recurring and chosen is None and planning.kind in ("vrij", "leeg")
    behind = end is not None and end.last_day < peildatum and values.status not in final
    no_update = values.is_empty() if updated is None else activity.id not in updated
    return Assessment(values.status, no_update, behind, recurring, unreadable, end)


def compute_summary(programme: Programme, points: list[StandPoint],
                    peildatum: date | None = None, findings: list | None = None) -> Summary:
    """Compute the summary of the last point, with the trend over all points."""
    current = points[-1] if points else StandPoint(None, {}, "")
    previous = points[-2] if len(points) > 1 else None
    day = peildatum or (current.quarter.last_day if current.quarter else date.today())
    vocabulary = contract.statuses(programme)
    statuses = [status.name for status in vocabulary]
    final = {status.name for status in vocabulary if status.is_final}
    finished = contract.finished_status(programme)
    total = Count("totaal", "Totaal", finished_status=finished)
    sections = {s.key: Count(s.key, s.tab_name, finished_status=finished)
                for s in programme.sections}
    regies: dict[str, Count] = {}
    lists: dict[str, list] = {key: [] for key in LIST_TITLES}
    conflicted = {conflict.id for conflict in current.conflicts}
    list_statuses = _list_statuses(vocabulary, finished)
    # The status lists by status name: delayed work still runs, dropped work (final) is listed
    # with its reason.
    by_status = {name: key for key in ("vertraagd", "vervallen") for name in list_statuses[key]}
    for section in programme.sections:
        for activity in section.activities:
            if activity.is_reference:
                sections[section.key].references += 1
                total.references += 1
                continue
            values = current.values.get(activity.id, EMPTY_INPUT)
            judged = assess(activity, values, day, final, current.updated)
            if activity.id in conflicted:  # an open conflict is listed as such, not as silence
                judged = replace(judged, no_update=False)
            teams = activity.regie or (NO_REGIE,)
            counts = [total, sections[section.key]] + [
                regies.setdefault(team, Count(team, team, finished_status=finished))
                for team in teams]
            for count in counts:
                _add(count, judged)
            row = _row(section.key, section.tab_name, activity, values, judged)
            _add_to_lists(lists, row, judged, values, previous=previous, finished=finished,
                          by_status=by_status)
    lists["conflicten"] = _conflict_rows(programme, current.conflicts)
    trend = [_trend_point(programme, point) for point in points] if len(points) > 1 else []
    changed = _changed(programme, previous, current) if previous else []
    return Summary(
        programme={"titel": programme.title, "gemeente": programme.gemeente,
                   "versie": programme.version, "identiteit": programme.identity},
        peildatum=day, quarter=str(current.quarter) if current.quarter else "",
        statuses=statuses, total=total, per_section=list(sections.values()),
        per_regie=sorted(regies.values(), key=lambda count: count.name.lower()),
        lists=lists, trend=trend, changed=changed, findings=findings or [],
        status_colours={status.name: status.fill for status in vocabulary},
        final_statuses=[status.name for status in vocabulary if status.is_final],
        list_statuses=list_statuses)


def _list_statuses(vocabulary: tuple[Status, ...], finished: str) -> dict[str, list[str]]:
    """Which statuses put an activity on each status list: those that need an explanation (final
    ones on "vervallen", the others on "vertraagd"), and the finished status."""
    explained = [status for status in vocabulary if status.needs_explanation]
    return {"vertraagd": [status.name for status in explained if not status.is_final],
            "vervallen": [status.name for status in explained if status.is_final],
            "afgerond_sinds_vorige_stand": [finished]}


def _add(count: Count, judged: Assessment) -> None:
    count.activities += 1
    if judged.status:
        count.per_status[judged.status] = count.per_status.get(judged.status, 0) + 1
    else:
        count.no_status += 1
    count.behind += judged.behind
    count.no_update += judged.no_update


def _row(section: str, tab: str, activity: Activity, values: RowInput,
         judged: Assessment) -> Row:
    return Row(activity.id, section, tab, _short(activity.maatregel), activity.regie_text,
               activity.planning_text,
               values.status, values.kwartaal, values.toelichting,
               str(judged.planned_end) if judged.planned_end else "", values.ingevuld_door)


def _short(maatregel: str) -> str:
    text = " ".join(maatregel.split())
    if len(text) > MAATREGEL_LENGTH:
        text = text[:MAATREGEL_LENGTH - 1].rstrip() + "…"
    return text


def _add_to_lists(lists: dict, row: Row, judged: Assessment, values: RowInput, *,
                  previous: StandPoint | None, finished: str,
                  by_status: dict[str, str]) -> None:
    if judged.behind:
        lists["achter_op_schema"].append(row)
    if values.status in by_status:
        lists[by_status[values.status]].append(row)
    if previous is not None and values.status == finished and \
            previous.values.get(row.id, EMPTY_INPUT).status != finished:
        lists["afgerond_sinds_vorige_stand"].append(row)
    if judged.no_update:
        lists["zonder_update"].append(row)
    if judged.recurring:
        lists["terugkerend"].append(row)
    if judged.unreadable:
        lists["planning_onleesbaar"].append(row)


def _conflict_rows(programme: Programme, conflicts: list[Conflict]) -> list[ConflictRow]:
    """The open conflicts, in programme order, each with its competing values and files."""
    order = {activity.id: index for index, activity in enumerate(programme.activities())}
    places = {activity.id: (section, activity) for section in programme.sections
              for activity in section.activities}
    rows = []
    for conflict in sorted(conflicts, key=lambda c: (order.get(c.id, len(order)),
                                                     contract.column_index(c.field))):
        if conflict.id not in places:
            continue
        section, activity = places[conflict.id]
        rows.append(ConflictRow(
            conflict.id, section.key, section.tab_name, _short(activity.maatregel),
            activity.regie_text, contract.header_of(conflict.field),
            display_text(conflict.base),
            tuple((display_text(value), tuple(str(origin) for origin in origins))
                  for value, origins in conflict.proposals.items())))
    return rows


def _trend_point(programme: Programme, point: StandPoint) -> TrendPoint:
    statuses = Counter(point.values.get(a.id, EMPTY_INPUT).status
                       for a in programme.activities() if not a.is_reference)
    no_status = statuses.pop("", 0)
    return TrendPoint(str(point.quarter) if point.quarter else point.name,
                      {name: statuses.get(name, 0) for name in contract.status_names(programme)},
                      no_status)


def _changed(programme: Programme, previous: StandPoint,
             current: StandPoint) -> list[tuple[str, str, str]]:
    changes = []
    for activity in programme.activities():
        if activity.is_reference:
            continue
        old = previous.values.get(activity.id, EMPTY_INPUT).status
        new = current.values.get(activity.id, EMPTY_INPUT).status
        if old != new:
            changes.append((activity.id, old, new))
    return changes

"""The points of the summary: stands, and the returns merged on the latest of them.

Given stands and returns (``summary stand-q3.xlsx ingevuld-q4/``), the stands are points of the
trend and the returns are merged — by the same merge as ``uvp-excel merge`` — on the latest stand
not after their quarter (or on ``--base``), so the totals are those of ``merge --base`` followed by
``summary`` of that stand. One stand per quarter: of two stands of the same quarter the one made
last counts, and a stand the returns were merged on as a late return gives way to the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from uvp_excel.findings import Finding, make_finding
from uvp_excel.inputs import RowInput
from uvp_excel.merging.model import Conflict
from uvp_excel.merging.record import open_conflicts
from uvp_excel.merging.session import MergeResult, MergeSession, shown_ids
from uvp_excel.returns.stand import StandRead, read_stand
from uvp_excel.source.model import Programme
from uvp_excel.source.planning import Quarter


@dataclass(frozen=True)
class StandPoint:
    """The input values of every activity at one quarter."""

    quarter: Quarter | None
    values: dict[str, RowInput]
    name: str
    # Activities a return changed in the merge that made this stand; None when unknown.
    updated: frozenset[str] | None = None
    conflicts: list[Conflict] = field(default_factory=list)
    made: str = ""  # when the stand was written (ISO), to choose between two of one quarter


def stand_point(stand: StandRead) -> StandPoint:
    """The point of a stand read from a file."""
    updated = stand.updated or None  # no record at all: not made by a merge
    return StandPoint(stand.quarter, stand.values, stand.name, updated, open_conflicts(stand),
                      stand.made)


def merged_point(result: MergeResult) -> StandPoint:
    """The point of returns merged in memory."""
    outcome = result.outcome
    updated = frozenset(outcome.provenance)
    noun = "ingevulde werkmap" if result.returns_read == 1 else "ingevulde werkmappen"
    name = f"{result.returns_read} {noun}" + (f" op {result.base}" if result.base else "")
    return StandPoint(result.quarter, outcome.inputs, name, updated, outcome.conflicts,
                      datetime.now().isoformat(timespec="seconds"))


def load_points(paths: Sequence[Path | BinaryIO], programme: Programme,
                base_path: Path | BinaryIO | None = None
                ) -> tuple[list[StandPoint], list[Finding]]:
    """Read stands and returns; returns (and filled-in stands) are merged into one point.

    Returns:
        The points ordered by quarter (one per quarter), and the findings met on the way.
    """
    session = MergeSession(programme, base_path=base_path, stands_are_points=True)
    session.read(paths)
    stands = list(session.stands)
    findings: list[Finding] = []
    if not session.handed_out_returns and not base_path:
        # Only stands, some typed into after their merge (the AOV's corrections): each is a
        # point of the trend with the values it has now, never news on another stand.
        findings += [f for f in session.findings if f.kind != "stand-ingevuld"]
        for stand in session.typed_stands:
            findings.append(make_finding("basis-ingevuld", file=stand.name,
                                         value=len(stand.edited), ids=shown_ids(stand.edited)))
        stands += session.typed_stands
        return _one_per_quarter([stand_point(stand) for stand in stands], findings), findings
    base = read_stand(base_path, programme) if base_path else \
        _latest_before(stands, session.returns_quarter)
    if base is None and session.filled_stands:
        # Only a stand someone typed into: its changes are late news on the stand it was.
        base = _latest_before(session.filled_stands, None)
    result = session.finish(base=base)
    findings += result.report.findings
    if result.late and base in stands:
        stands.remove(base)
        findings.append(make_finding("verloop-aangevuld", file=base.name,
                                     value=str(base.quarter), count=result.returns_read))
    points = [stand_point(stand) for stand in stands] + [merged_point(result)]
    return _one_per_quarter(points, findings), findings


def _latest_before(stands: list[StandRead], quarter: Quarter | None) -> StandRead | None:
    """The latest stand whose quarter is not after ``quarter`` (any stand without one)."""
    eligible = [stand for stand in stands if stand.quarter is not None
                and (quarter is None or stand.quarter <= quarter)]
    return max(eligible, key=lambda stand: (stand.quarter, stand.made), default=None)


def _one_per_quarter(points: list[StandPoint], findings: list[Finding]) -> list[StandPoint]:
    """Order the points by quarter; of two of the same quarter keep the one made last."""
    by_quarter: dict[object, StandPoint] = {}
    for point in sorted(points, key=lambda p: (p.quarter or Quarter(0, 1), p.made)):
        key = point.quarter or point.name
        earlier = by_quarter.get(key)
        if earlier is not None:
            findings.append(make_finding("verloop-dubbel-kwartaal", file=earlier.name,
                                         value=str(point.quarter), other=point.name))
        by_quarter[key] = point
    return sorted(by_quarter.values(), key=lambda p: p.quarter or Quarter(0, 1))

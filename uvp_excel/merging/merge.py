"""``uvp-excel merge`` and ``validate``: read returned workbooks one by one and fold them together.

Returns are read, never loaded-and-saved: the stand is written fresh by the same writer as
``build``, with an extra *Importverslag* tab.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from uvp_excel.display import file_label
from uvp_excel.errors import UvpError
from uvp_excel.findings import ERROR, WARNING, Finding, Report, make_finding
from uvp_excel.inputs import EMPTY_INPUT, RowInput, display_text
from uvp_excel.merging.collect import Candidate, collect
from uvp_excel.merging.report_sheet import write_import_report
from uvp_excel.merging.threeway import (
    Change,
    Conflict,
    FileSummary,
    MergeOutcome,
    MergeState,
    resolve,
)
from uvp_excel.output import atomic_output, programme_inputs, write_to
from uvp_excel.returns.isolation import read_one, read_returns
from uvp_excel.returns.limits import ReadLimits
from uvp_excel.returns.model import ReturnFile
from uvp_excel.source.model import Programme
from uvp_excel.source.planning import Quarter
from uvp_excel.workbook import contract
from uvp_excel.workbook.writer import BuildResult, BuildSpec, default_quarter, write_workbook


@dataclass
class MergeResult:
    """Everything one merge produced."""

    outcome: MergeOutcome
    summaries: list[FileSummary]
    quarter: Quarter
    report: Report
    ledger: list | None = None
    returns_read: int = 0  # readable returns folded into the stand
    # Set by the public API: what to write the stand for, and the inputs it must never replace.
    programme: Programme | None = None
    sources: list = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """True when no file had errors and no cell was in conflict."""
        return not self.report.has_errors and not self.outcome.conflicts

    @property
    def changes(self) -> list[Change]:
        """Every change taken into the stand."""
        return self.outcome.changes

    @property
    def conflicts(self) -> list[Conflict]:
        """Every cell two returns changed differently (the stand keeps the handed-out value)."""
        return self.outcome.conflicts

    @property
    def findings(self) -> list[Finding]:
        """Every error, warning and remark of every file, in the order found."""
        return self.report.findings

    @property
    def files(self) -> list[FileSummary]:
        """One line per file: who saved it, rows read, changes, conflicts, errors, status."""
        return self.summaries

    def write(self, target: Path | str | BinaryIO, *, force: bool = False) -> BuildResult:
        """Write the stand with its Importverslag to a path (atomically) or a file object.

        Raises:
            ParameterError: ``target`` is one of the merge's inputs.
            OutputExistsError: ``target`` exists and ``force`` is false.
        """
        if self.programme is None:
            raise UvpError("deze samenvoeging weet niet bij welk programma hij hoort")
        programme = self.programme
        return write_to(target, force, self.sources,
                            lambda temporary: write_stand_to(self, programme, temporary))

    def to_dataframe(self) -> Any:  # a pandas DataFrame; pandas is an optional extra
        """The changes and conflicts as one pandas DataFrame (pandas is an optional extra)."""
        from uvp_excel.frames import merge_frame  # noqa: PLC0415

        return merge_frame(self)

    def to_json(self) -> str:
        """The merge as data: files, changes, conflicts and findings."""
        data = {
            "kwartaal": str(self.quarter),
            "bestanden": [summary.__dict__ for summary in self.summaries],
            "wijzigingen": [{"id": c.id, "veld": c.field, "oud": display_text(c.old),
                             "nieuw": display_text(c.new),
                             "bronnen": [o.__dict__ for o in c.origins]}
                            for c in self.outcome.changes],
            "conflicten": [{"id": c.id, "veld": c.field, "uitgangswaarde": display_text(c.base),
                            "voorstellen": [{"waarde": display_text(value),
                                             "bronnen": [o.__dict__ for o in origins]}
                                            for value, origins in c.proposals.items()]}
                           for c in self.outcome.conflicts],
            "fouten": self.report.count(ERROR),
            "waarschuwingen": self.report.count(WARNING),
            "bevindingen": [finding.to_dict() for finding in self.report.findings],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)


def read_base(path: Path | BinaryIO, programme: Programme, *,
              limits: ReadLimits | None = None) -> dict[str, RowInput]:
    """Read the handed-out values from a ``--base`` workbook (a stand or a handed-out workbook).

    The file is read in a worker process (see :mod:`uvp_excel.returns.isolation`).

    Raises:
        UvpError: the base cannot be read or belongs to another programme.
    """
    name = file_label(path) if isinstance(path, Path) else \
        file_label(str(getattr(path, "name", "") or "basis"))
    returned = read_one(path, name, programme, limits=limits)
    if not returned.readable:
        raise UvpError("; ".join(str(finding) for finding in returned.findings))
    return {activity_id: returned.current(activity_id) for activity_id in returned.meta}


def collect_some(paths: list[Path | BinaryIO]) -> list[Candidate]:
    """Return the files to read; a folder without any file is an error, not an empty result.

    Raises:
        UvpError: nothing was found at all.
    """
    candidates = collect(paths)
    if not candidates:
        names = ", ".join(str(path) for path in paths)
        raise UvpError(f"geen werkmappen gevonden in {names}")
    return candidates


def validate_returns(paths: list[Path | BinaryIO], programme: Programme,
                     on_file: Callable[[Candidate], None] | None = None, *,
                     limits: ReadLimits | None = None) -> Report:
    """Read every return and gather all findings of all files (nothing is merged)."""
    report = Report()
    for candidate, returned in read_returns(collect_some(paths), programme, limits=limits):
        if on_file:
            on_file(candidate)
        if candidate.skip_reason:
            report.add(make_finding("retour-overgeslagen", file=candidate.name,
                                    reason=candidate.skip_reason))
            continue
        report.extend(returned.findings)
    return report


def merge_returns(paths: list[Path | BinaryIO], programme: Programme, *,
                  base_path: Path | BinaryIO | None = None,
                  quarter: Quarter | None = None, keep_ledger: bool = False,
                  on_file: Callable[[Candidate], None] | None = None,
                  on_stand: Callable[[Candidate, ReturnFile], None] | None = None,
                  limits: ReadLimits | None = None) -> MergeResult:
    """Merge returned workbooks into one stand (not yet written).

    Args:
        paths: files and folders named on the command line.
        programme: the programme the returns belong to.
        base_path: ``--base``: the workbook whose values count as handed out.
        quarter: the stand's reporting quarter (default: the returns' own).
        keep_ledger: record where every typed cell ended up (for tests and audits).
        on_file: called before each file is read (progress).
        on_stand: receives each stand met among the files (each file is read once); without
            it, a stand is skipped and reported.
        limits: memory and time per file of the worker processes that read the files
            (default: :meth:`ReadLimits.from_environment`).
    """
    override = read_base(base_path, programme, limits=limits) if base_path is not None else None
    base = {activity.id: (override or {}).get(activity.id, EMPTY_INPUT)
            for activity in programme.activities()}
    state = MergeState(base=base, ledger=[] if keep_ledger else None)
    summaries, findings, quarters, folded = [], [], Counter(), 0
    for candidate, returned in read_returns(collect_some(paths), programme, limits=limits):
        if on_file:
            on_file(candidate)
        summary = FileSummary(candidate.name)
        summaries.append(summary)
        if candidate.skip_reason:
            summary.status = f"overgeslagen: {candidate.skip_reason}"
            findings.append(make_finding("retour-overgeslagen", file=candidate.name,
                                         reason=candidate.skip_reason))
            continue
        if returned.readable and returned.identity.get("soort") == "stand" and on_stand:
            summaries.pop()
            on_stand(candidate, returned)
            continue
        if returned.readable and returned.identity.get("soort") == "stand":
            # A stand among the returns (e.g. last run's output) is not anyone's update.
            reason = "een stand, geen ingevulde werkmap (geef een vorige stand mee met --base)"
            summary.status = f"overgeslagen: {reason}"
            findings.append(make_finding("retour-overgeslagen", file=candidate.name,
                                         reason=reason))
            continue
        _summarise(summary, returned)
        findings.extend(returned.findings)
        if returned.readable:
            quarters[returned.quarter] += 1
            state.fold(returned, summary, override)
            folded += 1
    if override is None:
        findings.extend(_unreturned(programme, state))
    outcome = resolve(state)
    _count_per_file(summaries, outcome)
    chosen = quarter or _common_quarter(quarters) or default_quarter(programme)
    if len([text for text in quarters if text]) > 1:
        findings.append(make_finding("merge-kwartalen", value=", ".join(sorted(quarters)),
                                     expected=str(chosen)))
    report = Report(findings + outcome.findings)
    return MergeResult(outcome, summaries, chosen, report, state.ledger, folded,
                       sources=[*paths, base_path, *programme_inputs(programme)])


def _unreturned(programme: Programme, state: MergeState) -> list:
    """Activities no readable return handed out: their values cannot come from anywhere."""
    missing = [a.id for a in programme.activities()
               if not a.is_reference and a.id not in state.based]
    if not missing or not state.based:
        return []
    shown = ", ".join(missing[:10]) + (f" en nog {len(missing) - 10}" if len(missing) > 10 else "")
    return [make_finding("merge-niet-terug", value=len(missing), ids=shown)]


def _summarise(summary: FileSummary, returned: ReturnFile) -> None:
    summary.saved_by = returned.properties.last_modified_by or returned.properties.creator
    summary.saved_at = _local_time(returned.properties.modified)
    summary.regie = returned.regie
    summary.errors = sum(1 for f in returned.findings if f.severity == ERROR)
    summary.warnings = sum(1 for f in returned.findings if f.severity == WARNING)
    if not returned.readable:
        summary.status = "niet gelezen"


def _local_time(stamp: str) -> str:
    """Show an ISO time stamp from docProps as ``28-11-2026 21:19`` (UTC as stored)."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return moment.strftime("%d-%m-%Y %H:%M")


def _count_per_file(summaries: list[FileSummary], outcome: MergeOutcome) -> None:
    by_name = {summary.name: summary for summary in summaries}
    for change in outcome.changes:
        for origin in change.origins:
            by_name[origin.file].changes += 1
    for conflict in outcome.conflicts:
        for origins in conflict.proposals.values():
            for origin in origins:
                by_name[origin.file].conflicts += 1


def _common_quarter(quarters: Counter) -> Quarter | None:
    """The quarter most returns were handed out for; on a tie the latest."""
    parsed = [(count, Quarter.parse(text)) for text, count in quarters.items()]
    ranked = sorted(((count, quarter) for count, quarter in parsed if quarter), reverse=True)
    return ranked[0][1] if ranked else None


def write_stand(result: MergeResult, programme: Programme, output: Path,
                force: bool) -> BuildResult:
    """Write the stand workbook atomically: the build writer plus the Importverslag."""
    inputs = [*result.sources, *programme_inputs(programme)]
    with atomic_output(output, force, inputs) as temporary:
        return write_stand_to(result, programme, str(temporary))


def write_stand_to(result: MergeResult, programme: Programme,
                   target: str | Path | BinaryIO) -> BuildResult:
    """Write the stand workbook to a path or file object: the build writer plus the
    Importverslag."""
    outcome = result.outcome
    spec = BuildSpec(
        programme, quarter=result.quarter, inputs=outcome.inputs, kind="stand",
        provenance=outcome.provenance, flags=outcome.flags,
        extra_tabs=[(contract.IMPORT_REPORT_SHEET,
                     lambda sheet, workbook, styles: write_import_report(sheet, styles, result))],
        extra_rows=len(result.summaries) + len(result.report.findings) + sum(
            len(change.origins) for change in outcome.changes),
    )
    return write_workbook(str(target) if isinstance(target, Path) else target, spec)


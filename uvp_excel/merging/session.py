"""One merge from start to finish: read and sort out every file, fold the returns, resolve.

``merge``, ``validate`` and ``summary`` all run this, so what validate says about a file is exactly
what merge does with it. Per file, one of: skipped (not a workbook, a lock file, the base itself),
not read (broken, another programme), an earlier stand without changes (skipped; for ``summary`` a
point of the trend), a stand someone filled in (merged like a return, with a warning), the same
return as an earlier file (counted once), a return of an earlier round (not merged), or a return
(merged; "no change at all" is said).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from uvp_excel import contract
from uvp_excel.contract import AUTHOR, default_quarter
from uvp_excel.errors import UvpError
from uvp_excel.findings import (
    ERROR,
    WARNING,
    Finding,
    Report,
    count_of,
    json_text,
    make_finding,
)
from uvp_excel.inputs import EMPTY_INPUT, INPUT_FIELDS, RowInput, display_text
from uvp_excel.merging.collect import Candidate, collect
from uvp_excel.merging.fold import MergeState, trusted
from uvp_excel.merging.model import (
    DUPLICATE,
    EARLIER,
    Change,
    Conflict,
    FileSummary,
    LedgerEntry,
    MergeOutcome,
)
from uvp_excel.merging.record import carry, log_rows, start_values
from uvp_excel.merging.resolve import resolve, shown
from uvp_excel.returns.isolation import read_returns
from uvp_excel.returns.limits import ReadLimits
from uvp_excel.returns.model import ReturnFile
from uvp_excel.returns.normalise import Normaliser
from uvp_excel.returns.stand import StandRead
from uvp_excel.source.model import Programme
from uvp_excel.source.planning import Quarter

if TYPE_CHECKING:
    from uvp_excel.workbook.writer import BuildResult

IDS_SHOWN = 10
# Findings that mean someone typed in a stand (beyond its input columns, or something rejected).
TYPED_IN_STAND = {"retour-kolom-extra", "retour-tabblad-extra", "retour-rij-toegevoegd",
                  "retour-id-gewijzigd"}


@dataclass
class MergeResult:
    """Everything one merge produced."""

    outcome: MergeOutcome
    summaries: list[FileSummary]
    quarter: Quarter
    report: Report
    programme: Programme  # what the stand is written for
    ledger: list[LedgerEntry] | None = None
    returns_read: int = 0  # readable returns folded into the stand
    base: str = ""         # the --base (or the stand the returns were merged on)
    late: bool = False     # the base is a stand of the same quarter: its record was kept
    stands: list[StandRead] = field(default_factory=list)  # earlier stands without changes
    log: list[tuple[str, ...]] = field(default_factory=list)
    # The inputs (returns, base, programme folder) the stand must never replace.
    sources: list = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """True when a return was read, no file had errors and no field was in conflict."""
        return bool(self.returns_read) and not self.report.has_errors \
            and not self.outcome.conflicts

    @property
    def changes(self) -> list[Change]:
        """Every change taken into the stand."""
        return self.outcome.changes

    @property
    def conflicts(self) -> list[Conflict]:
        """Every field two returns changed differently (the stand keeps its start value)."""
        return self.outcome.conflicts

    @property
    def findings(self) -> list[Finding]:
        """Every error, warning, conflict and remark, in the order found."""
        return self.report.findings

    @property
    def files(self) -> list[FileSummary]:
        """One line per file: who saved it, rows read, changes, conflicts, errors, status."""
        return self.summaries

    def write(self, target: Path | str | BinaryIO, *, force: bool = False) -> BuildResult:
        """Write the stand with its Importverslag to a path (atomically) or a file object.

        Args:
            target: where to write: a path, or a binary file object open for writing.
            force: overwrite an existing file.

        Returns:
            What was written: tab names and the number of activities and references.

        Raises:
            ParameterError: ``target`` is one of the merge's inputs, or a file object that is
                closed or opened as text.
            OutputExistsError: ``target`` exists and ``force`` is false.
            FileError: ``target`` cannot be written.
            UvpError: no return could be read.
        """
        from uvp_excel.merging.merge import write_stand_to  # noqa: PLC0415
        from uvp_excel.output import write_to  # noqa: PLC0415

        return write_to(target, force, self.sources,
                        lambda temporary: write_stand_to(self, temporary))

    def to_dataframe(self) -> Any:  # a pandas DataFrame; pandas is an optional extra
        """The changes and conflicts as one pandas DataFrame (pandas is an optional extra)."""
        from uvp_excel.frames import merge_frame  # noqa: PLC0415

        return merge_frame(self)

    def counts(self) -> dict[str, int]:
        """The numbers every face shows: files, changes, conflicts, errors, warnings."""
        return {"bestanden": len(self.summaries), "wijzigingen": len(self.outcome.changes),
                "conflicten": len(self.outcome.conflicts),
                "fouten": self.report.count(ERROR), "waarschuwingen": self.report.count(WARNING)}

    def headline(self) -> str:
        """``2 bestanden, 5 wijzigingen, 1 conflict, 0 fouten, 0 waarschuwingen``."""
        counts = self.counts()
        return ", ".join(count_of(counts[key], one, many) for key, one, many in (
            ("bestanden", "bestand", "bestanden"), ("wijzigingen", "wijziging", "wijzigingen"),
            ("conflicten", "conflict", "conflicten"), ("fouten", "fout", "fouten"),
            ("waarschuwingen", "waarschuwing", "waarschuwingen")))

    def to_dict(self) -> dict[str, Any]:
        """The merge as plain data: files, changes, conflicts, then the report's findings."""
        outcome = self.outcome
        return {
            "kwartaal": str(self.quarter),
            "basis": self.base,
            "aantallen": self.counts(),
            "bestanden": [summary.to_dict() for summary in self.summaries],
            "wijzigingen": [{"id": c.id, "veld": c.field, "oud": display_text(c.old),
                             "nieuw": display_text(c.new),
                             "bronnen": [asdict(o) for o in c.origins]}
                            for c in outcome.changes],
            "conflicten": [{"id": c.id, "veld": c.field, "uitgangswaarde": display_text(c.base),
                            "voorstellen": [{"waarde": display_text(value),
                                             "bronnen": [asdict(o) for o in origins],
                                             "gemeld_door": [c.reporter(o) for o in origins]}
                                            for value, origins in c.proposals.items()]}
                           for c in outcome.conflicts],
            **self.report.to_dict(),
        }

    def to_json(self) -> str:
        """The merge as JSON text (what ``validate --json`` and ``merge --json`` print)."""
        return json_text(self.to_dict())


def collect_some(paths: Sequence[Path | BinaryIO]) -> list[Candidate]:
    """Return the files to read; a folder without any file is an error, not an empty result.

    Raises:
        UvpError: nothing was found at all.
    """
    candidates = collect(list(paths))
    if not candidates:
        names = ", ".join(str(path) for path in paths)
        raise UvpError(f"geen werkmappen gevonden in {names}")
    return candidates


def read_files(candidates: list[Candidate], programme: Programme, normaliser: Normaliser,
               skip: Callable[[Candidate], bool] = lambda candidate: False,
               on_file: Callable[[Candidate], None] | None = None, *,
               limits: ReadLimits | None = None,
               ) -> Iterator[tuple[Candidate, ReturnFile | None]]:
    """Read the candidates in order; None for a file that is skipped without reading.

    This is the one place where returns are read, for merge, validate and summary alike: in
    worker processes with a memory and a time limit (:mod:`uvp_excel.returns.isolation`), so
    whatever one file does costs that file only. ``normaliser`` is the one the workers make too.
    """
    del normaliser  # each worker judges with its own, made the same way from the programme
    skipped = [bool(candidate.skip_reason or skip(candidate)) for candidate in candidates]
    sent = [replace(candidate, skip_reason=candidate.skip_reason or "overgeslagen")
            if skip_it else candidate for candidate, skip_it in zip(candidates, skipped,
                                                                    strict=True)]
    results = read_returns(sent, programme, limits=limits)
    for candidate, skip_it, (_, returned) in zip(candidates, skipped, results, strict=True):
        if on_file:
            on_file(candidate)
        yield candidate, None if skip_it else returned


class MergeSession:
    """Read files one by one, fold the returns, and resolve once the base is known."""

    def __init__(self, programme: Programme, *, base_path: Path | BinaryIO | None = None,
                 keep_ledger: bool = False, stands_are_points: bool = False,
                 limits: ReadLimits | None = None):
        self.programme = programme
        self.limits = limits
        self.activity_ids = frozenset(activity.id for activity in programme.activities())
        self.state = MergeState(self.activity_ids, ledger=[] if keep_ledger else None)
        self.normaliser = Normaliser(contract.quarter_list(programme),
                                     contract.statuses(programme))
        self.base_path = base_path.resolve() if isinstance(base_path, Path) else None
        self.stands_are_points = stands_are_points
        self.summaries: list[FileSummary] = []
        self.findings: list[Finding] = []
        self.stands: list[StandRead] = []
        self.filled_stands: list[StandRead] = []  # as they were recorded, before the typing
        self.typed_stands: list[StandRead] = []  # the same stands as they are now
        self.handed_out_returns = 0  # returns that are no stand
        self.quarters: Counter = Counter()
        self.stand_quarters: Counter = Counter()  # of stands filled in: they do not vote
        self.file_quarters: dict[str, Quarter] = {}
        self.contents: dict[str, str] = {}
        self.returns_read = 0

    @property
    def returns_quarter(self) -> Quarter | None:
        """The quarter most returns read so far were handed out for."""
        return _common_quarter(self.quarters)

    def read(self, paths: Sequence[Path | BinaryIO],
             on_file: Callable[[Candidate], None] | None = None) -> None:
        """Read and sort out every file named or found in a named folder (or given as object)."""
        def is_base(candidate: Candidate) -> bool:
            return self.base_path is not None and candidate.stream is None and \
                candidate.path.resolve() == self.base_path

        for candidate, returned in read_files(collect_some(paths), self.programme,
                                              self.normaliser, is_base, on_file,
                                              limits=self.limits):
            self.add(candidate, returned)

    def add(self, candidate: Candidate, returned: ReturnFile | None) -> None:
        """Sort out one file and fold it in when it is a return."""
        summary = FileSummary(candidate.name)
        self.summaries.append(summary)
        if returned is None:
            reason = candidate.skip_reason or "de basis; niet nog eens als ingevulde " \
                                              "werkmap gelezen"
            self._note(summary, "skipped", make_finding(
                "retour-overgeslagen", file=candidate.name, reason=reason), reason)
            return
        _describe(summary, returned)
        if not returned.readable:
            summary.action = "unreadable"
            self.findings.extend(returned.findings)
            return
        is_stand = returned.kind == "stand"
        # For summary a stand named on its own is a stand, even one the AOV typed a correction
        # into; a stand someone filled in among the returns of a folder is merged like merge does.
        if is_stand and (_untouched(returned) or (self.stands_are_points and candidate.named)):
            self._earlier_stand(summary, returned)
            return
        key = _content_key(returned)
        if key in self.contents:
            self._duplicate(summary, returned, self.contents[key])
            return
        self.contents[key] = returned.name
        self.findings.extend(returned.findings)
        if is_stand:
            self.findings.append(make_finding("stand-ingevuld", file=returned.name,
                                              value=returned.quarter or "?"))
            summary.detail = "een ingevulde stand"
            if quarter := Quarter.parse(returned.quarter):
                self.stand_quarters[quarter] += 1
            recorded = StandRead.from_return(returned, self.activity_ids)
            self.filled_stands.append(replace(recorded, values=recorded.recorded))
            self.typed_stands.append(recorded)
        else:
            self.handed_out_returns += 1
            if quarter := Quarter.parse(returned.quarter):
                self.quarters[quarter] += 1
                self.file_quarters[returned.name] = quarter
        summary.rows_read = self.state.fold(returned)
        self.returns_read += 1
        if not self.state.touched[returned.name]:
            self.findings.append(make_finding("retour-ongewijzigd", file=returned.name))

    def _note(self, summary: FileSummary, action: str, finding: Finding, detail: str) -> None:
        summary.action, summary.detail = action, detail
        self.findings.append(finding)

    def _earlier_stand(self, summary: FileSummary, returned: ReturnFile) -> None:
        stand = StandRead.from_return(returned, self.activity_ids)
        self.stands.append(stand)
        if self.stands_are_points:
            summary.action = "point"
            self.findings.extend(returned.findings)
            if stand.edited:
                self.findings.append(make_finding("basis-ingevuld", file=stand.name,
                                                  value=len(stand.edited),
                                                  ids=shown_ids(stand.edited)))
            return
        hint = "" if self.base_path else " (voeg samen op de vorige stand als basis)"
        self._note(summary, "skipped", make_finding(
            "stand-ongewijzigd", file=returned.name, value=returned.quarter or "?", hint=hint),
            "een stand zonder wijzigingen")

    def _duplicate(self, summary: FileSummary, returned: ReturnFile, first: str) -> None:
        self._note(summary, "duplicate", make_finding("retour-dubbel", file=returned.name,
                                                      other=first),
                   f"dezelfde invoer als {first}")
        for row in returned.rows.values():
            for cell in row.cells.values():
                self.state.record(LedgerEntry(returned.name, row.tab, cell.cell, row.id,
                                              cell.field, cell.raw, DUPLICATE))

    def finish(self, quarter: Quarter | None = None,
               base: StandRead | None = None) -> MergeResult:
        """Decide the stand: its quarter, its start values, every change and conflict.

        Args:
            quarter: the stand's reporting quarter (default: that of most returns).
            base: the stand (or workbook) whose values the stand starts from.
        """
        common = _common_quarter(self.quarters)
        chosen = quarter or common or _common_quarter(self.stand_quarters) or \
            (base.quarter if base else None) or default_quarter(self.programme)
        # A return of a round before the others' is not this round's news; a quarter given on
        # the command line only relabels the stand, it never makes the returns "earlier".
        round_ = min(common, quarter) if common and quarter else common
        earlier = {name for name, q in self.file_quarters.items() if round_ and q < round_}
        proposed = {name: self.state.proposals_of(name) for name in earlier}
        self.state.drop_files(earlier, EARLIER)
        late = base is not None and bool(base.log) and base.quarter == chosen
        if base is not None:
            self._forget_copied_typing(base)
        if base is not None and late:
            carry(self.state, base.log, set(self.state.files), base.hand_edits)
        start = self._start(base, late)
        findings = list(self.findings) + self._handout_findings(start, base)
        findings += self._judge_tampered(start, base)
        if base is None:
            findings += _unreturned(self.programme, self.state)
        outcome = resolve(self.state, start)
        findings += self.state.findings
        findings += self._earlier_findings(earlier, proposed, outcome, round_)
        included = {q for name, q in self.file_quarters.items() if name not in earlier}
        if len(included) > 1:
            findings.append(make_finding("merge-kwartalen", value=", ".join(
                str(q) for q in sorted(included)), expected=str(chosen)))
        if base and base.edited:
            findings.append(make_finding("basis-ingevuld", file=base.name, value=len(base.edited),
                                         ids=shown_ids(base.edited)))
        report = Report(findings + outcome.findings, self.summaries)
        _count_per_file(self.summaries, outcome, report)
        return MergeResult(outcome, self.summaries, chosen, report, self.programme,
                           self.state.ledger, self.returns_read - len(earlier),
                           base.name if base else "", late, self.stands,
                           log_rows(self.state, outcome))

    def _forget_copied_typing(self, base: StandRead) -> None:
        """A copy of the base, mailed round after the AOV typed into it, carries his typing:
        that is not the change of whoever filled in the copy."""
        edits = base.hand_edits
        for stand in self.filled_stands:
            if edits and (stand.made, stand.quarter) == (base.made, base.quarter):
                self.state.forget_copied(stand.name, edits, base.recorded)

    def _start(self, base: StandRead | None, late: bool) -> dict[str, RowInput]:
        """The stand's start values: the base's, else the first hand-out of each activity."""
        if base is not None:
            values = {activity_id: base.values.get(activity_id, EMPTY_INPUT)
                      for activity_id in self.activity_ids}
            return start_values(values, base.log, base.hand_edits) if late else values
        return {activity_id: next(iter(self.state.handouts.get(activity_id) or [EMPTY_INPUT]))
                for activity_id in self.activity_ids}

    def _handout_findings(self, start: dict[str, RowInput],
                          base: StandRead | None) -> list[Finding]:
        """Per file, the activities it was handed out with other values than the stand starts."""
        differing: dict[str, list[str]] = {}
        references: dict[str, set[str]] = {}
        for activity_id, handouts in sorted(self.state.handouts.items()):
            first = next(iter(handouts.values()))[0]
            # A copy of the base itself (a stand mailed around) was handed out as it is too, or
            # as it was recorded before the AOV typed a correction into it.
            current = (base.values.get(activity_id), base.recorded.get(activity_id)) if base \
                else ()
            for values, files in handouts.items():
                fields = [contract.header_of(name) for name in INPUT_FIELDS
                          if values.value(name) != start[activity_id].value(name)]
                if values in current:
                    fields = []
                for name in files if fields else ():
                    differing.setdefault(name, []).append(f"{activity_id} ({', '.join(fields)})")
                    references.setdefault(name, set()).add(first)
        findings = []
        for name, rows in differing.items():
            source = f"de basis {base.name}" if base else \
                f"de eerst gelezen werkmap ({', '.join(sorted(references[name]))})"
            findings.append(make_finding("merge-uitgangswaarde", file=name, value=len(rows),
                                         ids=shown_ids(rows), source=source))
        return findings

    def _judge_tampered(self, start: dict[str, RowInput],
                        base: StandRead | None) -> list[Finding]:
        """Rows whose hidden hand-out was edited are judged against the stand's start values."""
        rows: dict[str, list[str]] = {}
        for row in self.state.tampered:
            self.state.judge(row.file, row.tab, row.id, (start[row.id], row.current), row.cells)
            rows.setdefault(row.file, []).append(row.id)
        self.state.tampered = []
        source = f"de basis {base.name}" if base else "de andere werkmappen"
        return [make_finding("merge-uitgedeeld-veranderd", file=name, value=len(ids),
                             ids=shown_ids(ids), source=source) for name, ids in rows.items()]

    def _earlier_findings(self, earlier: set[str], proposed: dict[str, list],
                          outcome: MergeOutcome, common: Quarter | None) -> list[Finding]:
        """A return of an earlier round is not merged: say whether the stand has its changes."""
        findings = []
        for summary in self.summaries:
            if summary.name not in earlier:
                continue
            summary.action = "earlier"
            summary.detail = f"uitgedeeld voor {summary.quarter}"
            missing = [f"{activity_id} {contract.header_of(name)} {shown(value)} ({origin.cell})"
                       for activity_id, name, value, origin in proposed[summary.name]
                       if outcome.inputs[activity_id].value(name) != value]
            kind = "merge-vorig-kwartaal" if missing else "merge-vorig-kwartaal-verwerkt"
            findings.append(make_finding(kind, file=summary.name, value=summary.quarter,
                                         expected=str(common), missing=len(missing),
                                         ids=shown_ids(missing)))
        return findings


def _describe(summary: FileSummary, returned: ReturnFile) -> None:
    properties = returned.properties
    # A workbook saved without a user name (LibreOffice without one, a script) still has our
    # own author as creator and last saver: that is not who saved it.
    saved_by = properties.last_modified_by or properties.creator
    summary.saved_by = "" if saved_by == AUTHOR else saved_by
    summary.saved_at = _local_time(returned.properties.modified)
    summary.regie = returned.regie
    summary.quarter = returned.quarter
    summary.kind = returned.kind or ""


def _local_time(stamp: str) -> str:
    """Show an ISO time stamp from docProps as ``28-11-2026 21:19`` (UTC as stored)."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return moment.strftime("%d-%m-%Y %H:%M")


def _untouched(returned: ReturnFile) -> bool:
    """True when nothing was typed in a stand since it was written."""
    if any(f.severity == ERROR or f.kind in TYPED_IN_STAND for f in returned.findings):
        return False
    return all(returned.current(activity_id) == meta.base and trusted(meta)
               for activity_id, meta in returned.meta.items())


def _content_key(returned: ReturnFile) -> str:
    """What makes two files the same return: the same hand-out and the same typed cells."""
    identity = [returned.identity.get(key, "") for key in
                ("programma", "soort", "regie", "kwartaal", "gemaakt_op")]
    handed = [(activity_id, meta.base) for activity_id, meta in sorted(returned.meta.items())]
    typed = [(activity_id, sorted((cell.field, cell.cell, repr(cell.raw))
                                  for cell in row.cells.values()))
             for activity_id, row in sorted(returned.rows.items())]
    # What the reader found beyond the rows (an extra column, an added row) counts too.
    found = [(f.kind, f.tab, f.cell, repr(f.value)) for f in returned.findings]
    return hashlib.sha256(repr((identity, handed, typed, found)).encode("utf-8")).hexdigest()


def _unreturned(programme: Programme, state: MergeState) -> list[Finding]:
    """Activities no readable return handed out: their values cannot come from anywhere."""
    missing = [a.id for a in programme.activities()
               if not a.is_reference and a.id not in state.handouts]
    if not missing or not state.handouts:
        return []
    return [make_finding("merge-niet-terug", value=len(missing), ids=shown_ids(missing))]


def shown_ids(items: list[str]) -> str:
    """The first ten items, then "en nog N"."""
    shown_items = ", ".join(items[:IDS_SHOWN])
    return shown_items + (f" en nog {len(items) - IDS_SHOWN}" if len(items) > IDS_SHOWN else "")


def _count_per_file(summaries: list[FileSummary], outcome: MergeOutcome,
                    report: Report) -> None:
    by_name = {summary.name: summary for summary in summaries}
    for finding in report.findings:
        if finding.file in by_name:
            by_name[finding.file].errors += finding.severity == ERROR
            by_name[finding.file].warnings += finding.severity == WARNING
    for change in outcome.changes:
        for name in {origin.file for origin in change.origins}:
            if name in by_name:
                by_name[name].changes += 1
    for conflict in outcome.conflicts:
        for name in {o.file for origins in conflict.proposals.values() for o in origins}:
            if name in by_name:
                by_name[name].conflicts += 1


def _common_quarter(quarters: Counter) -> Quarter | None:
    """The quarter most returns were handed out for; on a tie the latest."""
    ranked = sorted(((count, quarter) for quarter, count in quarters.items()), reverse=True)
    return ranked[0][1] if ranked else None


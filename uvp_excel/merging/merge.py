"""``uvp-excel merge`` and ``validate``: read returned workbooks one by one and fold them together.

Returns are read, never loaded-and-saved: the stand is written fresh by the same writer as
``build``, with the Importverslag tabs. Both commands run the same :class:`MergeSession`, so
validate says exactly what merge will do with each file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from uvp_excel.errors import UvpError
from uvp_excel.findings import Report
from uvp_excel.inputs import RowInput
from uvp_excel.merging.collect import Candidate
from uvp_excel.merging.report_sheet import import_report_tabs
from uvp_excel.merging.session import MergeResult, MergeSession, collect_some
from uvp_excel.output import programme_inputs
from uvp_excel.returns.limits import ReadLimits
from uvp_excel.returns.stand import StandRead, read_stand
from uvp_excel.source.model import Programme
from uvp_excel.source.planning import Quarter
from uvp_excel.workbook.writer import BuildResult, BuildSpec, write_workbook

__all__ = ["MergeResult", "StandRead", "collect_some", "merge_returns", "read_base",
           "read_stand", "validate_returns", "write_stand_to"]
# Set-wide remarks that say nothing about the file being checked on its own.
NOT_ABOUT_A_FILE = {"merge-niet-terug"}


def read_base(path: Path | BinaryIO, programme: Programme, *,
              limits: ReadLimits | None = None) -> dict[str, RowInput]:
    """Read the values of a ``--base`` or ``--from`` workbook (a stand or a handed-out workbook).

    The file is read in a worker process (see :mod:`uvp_excel.returns.isolation`).

    Raises:
        UvpError: the base cannot be read or belongs to another programme.
    """
    return read_stand(path, programme, limits=limits).values


def merge_returns(paths: list[Path | BinaryIO], programme: Programme, *,
                  base_path: Path | BinaryIO | None = None, quarter: Quarter | None = None,
                  keep_ledger: bool = False,
                  on_file: Callable[[Candidate], None] | None = None,
                  limits: ReadLimits | None = None) -> MergeResult:
    """Merge returned workbooks into one stand (not yet written).

    Args:
        paths: files, folders and file objects.
        programme: the programme the returns belong to.
        base_path: ``--base``: the workbook whose values the stand starts from. Each return is
            still judged against the values it was itself handed out with.
        quarter: the stand's reporting quarter (default: the returns' own).
        keep_ledger: record where every typed cell ended up (for tests and audits).
        on_file: called before each file is read (progress).
        limits: memory and time per file of the worker processes that read the files
            (default: :meth:`ReadLimits.from_environment`).

    Raises:
        UvpError: the base cannot be read, or no file was found.
    """
    base = read_stand(base_path, programme, limits=limits) if base_path is not None else None
    session = MergeSession(programme, base_path=base_path, keep_ledger=keep_ledger,
                           limits=limits)
    session.read(paths, on_file)
    result = session.finish(quarter, base)
    result.sources = [*paths, base_path, *programme_inputs(programme)]  # never written over
    return result


def validate_returns(paths: list[Path | BinaryIO], programme: Programme,
                     on_file: Callable[[Candidate], None] | None = None, *,
                     base_path: Path | BinaryIO | None = None,
                     quarter: Quarter | None = None) -> Report:
    """Read every return and gather the findings merge would report about each file.

    Nothing is merged. Remarks about the set as a whole (:data:`NOT_ABOUT_A_FILE`: activities
    no file holds) are left out, so one upload can be checked on its own; ``report.files`` has
    one line per file, in the order read, whose ``plan`` says what merge will do with it.
    """
    report = merge_returns(paths, programme, base_path=base_path, quarter=quarter,
                           on_file=on_file).report
    for line in report.files:
        if line.action == "merged":  # nothing is merged yet: the file was read
            line.action = "read"
    return Report([finding for finding in report.findings
                   if finding.kind not in NOT_ABOUT_A_FILE], report.files)


def write_stand_to(result: MergeResult, target: str | Path | BinaryIO) -> BuildResult:
    """Write the stand workbook to a path or file object: the build writer plus the
    Importverslag tabs.

    Raises:
        UvpError: no return could be read (a stand of nothing would look like real news).
    """
    if not result.returns_read:
        raise UvpError("geen enkele ingevulde werkmap kunnen samenvoegen; er is geen stand "
                       "geschreven (zie de meldingen hierboven)")
    outcome = result.outcome
    spec = BuildSpec(
        result.programme, quarter=result.quarter, inputs=outcome.inputs, kind="stand",
        provenance=outcome.provenance, flags=outcome.flags,
        extra_tabs=import_report_tabs(result),
        # The log goes on the hidden sheet: a big one also calls for writing rows to disk.
        extra_rows=len(result.summaries) + len(result.report.findings) + len(outcome.changes)
        + sum(len(conflict.proposals) for conflict in outcome.conflicts) + len(result.log),
        log=result.log,
    )
    return write_workbook(str(target) if isinstance(target, Path) else target, spec)

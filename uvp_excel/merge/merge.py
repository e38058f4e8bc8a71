"""``uvp-excel merge`` and ``validate``: read returned workbooks one by one and fold them together.

Returns are read, never loaded-and-saved: the stand is written fresh by the same writer as
``build``, with the Importverslag tabs. Both commands run the same :class:`MergeSession`, so
validate says exactly what merge will do with each file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from uvp_excel.errors import UvpError
from uvp_excel.findings import Report
from uvp_excel.inputs import RowInput
from uvp_excel.merge.collect import Candidate
from uvp_excel.merge.record import StandRead, read_stand
from uvp_excel.merge.report_sheet import import_report_tabs
from uvp_excel.merge.session import MergeResult, MergeSession, collect_some
from uvp_excel.output import atomic_output
from uvp_excel.source.model import Programme
from uvp_excel.source.planning import Quarter
from uvp_excel.workbook import contract
from uvp_excel.workbook.writer import BuildResult, BuildSpec, main_tab_names, write_workbook

__all__ = ["MergeResult", "StandRead", "collect_some", "merge_returns", "plan_merge",
           "read_base", "read_stand", "validate_returns", "write_stand"]


def read_base(path: Path, programme: Programme) -> dict[str, RowInput]:
    """Read the values of a ``--base`` or ``--from`` workbook (a stand or a handed-out workbook).

    Raises:
        UvpError: the base cannot be read or belongs to another programme.
    """
    return read_stand(path, programme).values


def merge_returns(paths: list[Path], programme: Programme, *, base_path: Path | None = None,
                  quarter: Quarter | None = None, keep_ledger: bool = False,
                  on_file: Callable[[Candidate], None] | None = None) -> MergeResult:
    """Merge returned workbooks into one stand (not yet written).

    Args:
        paths: files and folders named on the command line.
        programme: the programme the returns belong to.
        base_path: ``--base``: the workbook whose values the stand starts from. Each return is
            still judged against the values it was itself handed out with.
        quarter: the stand's reporting quarter (default: the returns' own).
        keep_ledger: record where every typed cell ended up (for tests and audits).
        on_file: called before each file is read (progress).

    Raises:
        UvpError: the base cannot be read, or no file was found.
    """
    base = read_stand(base_path, programme) if base_path else None
    session = MergeSession(programme, base_path=base_path, keep_ledger=keep_ledger)
    session.read(paths, on_file)
    return session.finish(quarter, base)


def plan_merge(paths: list[Path], programme: Programme, *, base_path: Path | None = None,
               quarter: Quarter | None = None,
               on_file: Callable[[Candidate], None] | None = None) -> MergeResult:
    """Say what merge would do with each file, with every finding (nothing is written).

    Returns the result a merge of the same files would give; ``summaries[i].plan`` says per file
    what merge will do with it.
    """
    return merge_returns(paths, programme, base_path=base_path, quarter=quarter,
                         on_file=on_file)


def validate_returns(paths: list[Path], programme: Programme,
                     on_file: Callable[[Candidate], None] | None = None, *,
                     base_path: Path | None = None, quarter: Quarter | None = None) -> Report:
    """Read every return and gather all findings merge would report (nothing is merged)."""
    return plan_merge(paths, programme, base_path=base_path, quarter=quarter,
                      on_file=on_file).report


def write_stand(result: MergeResult, programme: Programme, output: Path,
                force: bool) -> BuildResult:
    """Write the stand workbook atomically: the build writer plus the Importverslag tabs.

    Raises:
        UvpError: no return could be read (a stand of nothing would look like real news).
    """
    if not result.returns_read:
        raise UvpError("geen enkele ingevulde werkmap kunnen samenvoegen; er is geen stand "
                       "geschreven (zie de meldingen hierboven)")
    outcome = result.outcome
    spec = BuildSpec(
        programme, quarter=result.quarter, inputs=outcome.inputs, kind="stand",
        provenance=outcome.provenance, flags=outcome.flags,
        extra_tabs=import_report_tabs(result, [*main_tab_names(programme),
                                               contract.LISTS_SHEET, contract.META_SHEET]),
        # The log goes on the hidden sheet: a big one also calls for writing rows to disk.
        extra_rows=len(result.summaries) + len(result.report.findings) + len(outcome.changes)
        + sum(len(conflict.proposals) for conflict in outcome.conflicts) + len(result.log),
        log=result.log,
    )
    with atomic_output(output, force) as temporary:
        return write_workbook(str(temporary), spec)

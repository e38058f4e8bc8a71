"""pandas DataFrames for analysts: ``summary.to_dataframe()`` and ``result.to_dataframe()``.

pandas is an optional extra (``pip install 'uvp-excel[pandas]'``), imported only here, so the tool
itself never needs it. Column names are the Dutch words of the reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from uvp_excel.errors import UvpError
from uvp_excel.inputs import display_text

if TYPE_CHECKING:
    from uvp_excel.merging.merge import MergeResult
    from uvp_excel.summary.model import Summary


def _pandas() -> Any:
    try:
        import pandas  # noqa: PLC0415
    except ImportError:
        raise UvpError("voor DataFrames is pandas nodig: pip install 'uvp-excel[pandas]'") \
            from None
    return pandas


def summary_frame(summary: Summary) -> Any:
    """One row per section, per regie and the total, with the counts of the summary."""
    rows = []
    levels = [("sectie", count) for count in summary.per_section]
    levels += [("regie", count) for count in summary.per_regie]
    levels.append(("totaal", summary.total))
    for level, count in levels:
        rows.append({"niveau": level, "sleutel": count.key, "naam": count.name,
                     "activiteiten": count.activities, "verwijzingen": count.references,
                     "geen status": count.no_status,
                     **{status: count.per_status.get(status, 0) for status in summary.statuses},
                     "aandeel afgerond": count.share_finished,
                     "achter op schema": count.behind, "zonder update": count.no_update})
    return _pandas().DataFrame(rows)


def merge_frame(result: MergeResult) -> Any:
    """One row per change taken and per competing value of a conflict, with file and cell."""
    rows = []
    for change in result.changes:
        for origin in change.origins:
            rows.append({"id": change.id, "veld": change.field, "soort": "wijziging",
                         "oud": display_text(change.old), "nieuw": display_text(change.new),
                         "bestand": origin.file, "tabblad": origin.tab, "cel": origin.cell})
    for conflict in result.conflicts:
        for value, origins in conflict.proposals.items():
            for origin in origins:
                rows.append({"id": conflict.id, "veld": conflict.field, "soort": "conflict",
                             "oud": display_text(conflict.base), "nieuw": display_text(value),
                             "bestand": origin.file, "tabblad": origin.tab, "cel": origin.cell})
    columns = ["id", "veld", "soort", "oud", "nieuw", "bestand", "tabblad", "cel"]
    return _pandas().DataFrame(rows, columns=columns)

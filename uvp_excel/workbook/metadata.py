"""The hidden sheet that lets a returned workbook be read back safely.

It holds the programme identity and version, the tool version, the regie a workbook was split for,
the reporting quarter, and per activity the values its input cells had when it was handed out (so
a merge can tell "changed by this person" from "left as received") plus a fingerprint of its
locked texts (so an edit of a locked text is noticed) and of the handed-out values (so an edit of
the hidden values themselves is noticed). A stand also records, per activity, which return last
changed it, and — in a second table, the *log* — what this quarter's merge was made of (start
values, every proposal, every report of who/when), so a late return can be merged on it later as
if it had come with the others. The sheet is *very hidden*: it does not show in Excel's Unhide
list (LibreOffice shows it as plain hidden, hence the fingerprints).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from xlsxwriter.worksheet import Worksheet

from uvp_excel import contract
from uvp_excel.contract import (
    LOG_COLUMN,
    LOG_HEADERS,
    ROW_HEADERS,
    ROW_TABLE_COLUMN,
    Provenance,
    activity_fingerprint,
    handout_fingerprint,
)
from uvp_excel.inputs import INPUT_FIELDS
from uvp_excel.workbook.context import BuildContext
from uvp_excel.workbook.protection import protect


def identity_values(context: BuildContext) -> list[tuple[str, str]]:
    """Return the key/value pairs that identify the workbook."""
    programme = context.programme
    return [
        ("formaat", str(contract.FORMAT_VERSION)),
        ("soort", context.kind),
        ("programma", programme.identity),
        ("titel", programme.title),
        ("gemeente", programme.gemeente),
        ("versie", programme.version),
        ("versiedatum", programme.version_date.isoformat() if programme.version_date else ""),
        ("uvp_excel", context.tool_version),
        ("regie", context.regie),
        ("kwartaal", str(context.quarter)),
        ("gemaakt_op", context.generated.isoformat(timespec="seconds")),
        # Every tab the workbook was made with, so a tab the user added can be told apart.
        ("tabbladen", "\n".join(context.tab_names)),
    ]


def _activity_rows(context: BuildContext,
                   provenance: dict[str, Provenance]) -> Iterator[tuple[str, ...]]:
    yield ROW_HEADERS
    for tab in context.tabs:
        for activity in tab.activities:
            values = context.handout_for(activity)
            origin = provenance.get(activity.id, Provenance())
            yield (activity.id, tab.section.key, tab.section.tab_name,
                   activity_fingerprint(activity),
                   *(values.as_text(name) for name in INPUT_FIELDS), *origin.values(),
                   handout_fingerprint(activity.id, values))


def write_metadata(worksheet: Worksheet, context: BuildContext, provenance: dict[str, Provenance],
                   log: Iterable[tuple[str, ...]] = ()) -> None:
    """Fill the hidden metadata sheet: key/value pairs in A:B, one row per activity from D,
    and (for a stand) the log of this quarter's merge beside it.

    Rows are written top to bottom, as the writer's constant-memory mode requires.
    """
    pairs = [("sleutel", "waarde"), *identity_values(context)]
    tables = [(ROW_TABLE_COLUMN, _activity_rows(context, provenance))]
    log_rows = iter(log)
    first_log = next(log_rows, None)
    if first_log is not None:
        tables.append((LOG_COLUMN, itertools.chain([LOG_HEADERS, first_log], log_rows)))
    for row in itertools.count():
        pair = pairs[row] if row < len(pairs) else None
        lines = [(column, next(texts, None)) for column, texts in tables]
        if pair is None and all(texts is None for _, texts in lines):
            break
        for column, text in enumerate(pair or ()):
            worksheet.write_string(row, column, text)
        for first_column, texts in lines:
            for offset, text in enumerate(texts or ()):
                if text:
                    worksheet.write_string(row, first_column + offset, text)
    worksheet.very_hidden()
    protect(worksheet)

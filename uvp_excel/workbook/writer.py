"""Write a whole workbook: the one writer behind ``build``, ``split`` and the merged stand.

Tabs, in order: Toelichting, Overzicht, one tab per section, the budget tabs and their long format,
Afkortingen, any extra tabs (the Importverslag of a stand), Lijsten when a dropdown list is too long
to write inline, and the very hidden metadata sheet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO

import xlsxwriter
import xlsxwriter.exceptions
from xlsxwriter.workbook import Workbook

from uvp_excel import contract
from uvp_excel.contract import AUTHOR, NO_REGIE, Provenance, WorkbookKind, default_quarter
from uvp_excel.errors import FileError
from uvp_excel.findings import Finding
from uvp_excel.inputs import RowInput
from uvp_excel.source.model import Programme
from uvp_excel.source.planning import Quarter
from uvp_excel.workbook.activity_sheet import (
    column_widths,
    set_print_layout,
    write_activity_tab,
)
from uvp_excel.workbook.budget_sheets import (
    write_abbreviations,
    write_budget_long,
    write_budget_tab,
)
from uvp_excel.workbook.context import BuildContext, TabRows, quote_sheet
from uvp_excel.workbook.instructions import write_instructions
from uvp_excel.workbook.metadata import write_metadata
from uvp_excel.workbook.overview import write_overview
from uvp_excel.workbook.protection import protect
from uvp_excel.workbook.styles import Styles

WORKBOOK_OPTIONS = {
    # User text is data: never let "=…" become a formula, "www…" a link or "12" a number.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
# Above this many rows, rows go to disk as they are written, so a stand of hundreds of returns
# (or a programme of 10,000 activities) is written in flat memory; every sheet writer writes top
# to bottom for that. Smaller workbooks are assembled in memory, which is faster.
CONSTANT_MEMORY_ROWS = 2_000


@dataclass
class BuildSpec:
    """What to write; everything but the programme has a sensible default."""

    programme: Programme
    quarter: Quarter | None = None
    regie: str = ""
    inputs: dict[str, RowInput] = field(default_factory=dict)
    # The values recorded as handed out, when they are not ``inputs``: a workbook as if someone
    # had typed ``inputs`` into one handed out with these (bench/synth.py makes returns so).
    handed_out: dict[str, RowInput] | None = None
    kind: WorkbookKind = "werkmap"
    include_budget: bool = True
    generated: datetime | None = None
    provenance: dict[str, Provenance] = field(default_factory=dict)
    # Rows to mark (e.g. a merge conflict): ID → note shown on the ID cell.
    flags: dict[str, str] = field(default_factory=dict)
    # Extra tabs, e.g. the Importverslag: (tab name, function(worksheet, workbook, styles)),
    # and about how many rows they will write (to choose the writer's memory mode).
    extra_tabs: list[tuple[str, Callable]] = field(default_factory=list)
    extra_rows: int = 0
    # A stand's log of its merge (rows of text for the hidden sheet; see workbook.metadata).
    log: list[tuple[str, ...]] = field(default_factory=list)


@dataclass(frozen=True)
class BuildResult:
    """What was written, and what to know about the stand that pre-filled it (``findings``)."""

    tabs: tuple[str, ...]
    activity_count: int
    reference_count: int
    findings: tuple[Finding, ...] = ()


def activities_for_regie(programme: Programme, regie: str) -> list[TabRows]:
    """Return the tabs of ``programme``; with a ``regie``, only its rows and non-empty tabs."""
    tabs = []
    for section in programme.sections:
        rows = section.activities
        if regie == NO_REGIE:
            rows = tuple(a for a in rows if not a.regie and not a.is_reference)
        elif regie:
            rows = tuple(activity for activity in rows if regie in activity.regie)
        if regie and not rows:
            continue
        tabs.append(TabRows(section, rows))
    return tabs


def write_workbook(target: str | IO[bytes], spec: BuildSpec) -> BuildResult:
    """Write the workbook described by ``spec`` to a path or binary file object."""
    programme = spec.programme
    context = BuildContext(
        programme=programme, quarter=spec.quarter or default_quarter(programme),
        tabs=activities_for_regie(programme, spec.regie), inputs=spec.inputs,
        handed_out=spec.handed_out, regie=spec.regie,
        kind=spec.kind, flags=spec.flags,
        generated=spec.generated or datetime.now().replace(microsecond=0),
        column_widths=column_widths(programme),
    )
    rows = sum(len(tab.activities) for tab in context.tabs)
    big = max(rows, spec.extra_rows) > CONSTANT_MEMORY_ROWS
    workbook = xlsxwriter.Workbook(target, {**WORKBOOK_OPTIONS, "constant_memory": big,
                                            "in_memory": not big})
    _set_properties(workbook, context)
    styles = Styles(workbook)
    sheets = _add_sheets(workbook, context, spec)
    context.tab_names = [name for name in sheets if name != contract.META_SHEET]
    _set_list_sources(workbook, sheets, context)
    write_instructions(sheets[contract.INSTRUCTIONS_SHEET], styles, context)
    write_overview(sheets[contract.OVERVIEW_SHEET], workbook, styles, context)
    for tab in context.tabs:
        write_activity_tab(sheets[tab.section.tab_name], styles, context, tab)
    if spec.include_budget and programme.budget_tables:
        for table in programme.budget_tables:
            write_budget_tab(sheets[table.tab_name], styles, context, table)
        write_budget_long(sheets[contract.BUDGET_LONG_SHEET], styles, context)
    if programme.abbreviations:
        write_abbreviations(sheets[contract.ABBREVIATIONS_SHEET], styles, context)
    for name, writer in spec.extra_tabs:
        writer(sheets[name], workbook, styles)
    write_metadata(sheets[contract.META_SHEET], context, spec.provenance, spec.log)
    sheets[contract.INSTRUCTIONS_SHEET].activate()
    close_workbook(workbook)
    return BuildResult(
        tabs=tuple(name for name in sheets if name != contract.META_SHEET),
        activity_count=sum(tab.own_count for tab in context.tabs),
        reference_count=sum(len(tab.activities) - tab.own_count for tab in context.tabs),
    )


def close_workbook(workbook: Workbook) -> None:
    """Close (write) an xlsxwriter workbook; a file that cannot be created is a FileError."""
    try:
        workbook.close()
    except xlsxwriter.exceptions.FileCreateError as error:
        raise FileError(f"kan het bestand niet schrijven ({error})") from None


def main_tab_names(programme: Programme, tabs: list[TabRows] | None = None,
                   include_budget: bool = True) -> list[str]:
    """The tabs a workbook of ``programme`` has before any extra tab, in order."""
    tabs = activities_for_regie(programme, "") if tabs is None else tabs
    names = [contract.INSTRUCTIONS_SHEET, contract.OVERVIEW_SHEET]
    names += [tab.section.tab_name for tab in tabs]
    if include_budget and programme.budget_tables:
        names += [table.tab_name for table in programme.budget_tables]
        names.append(contract.BUDGET_LONG_SHEET)
    if programme.abbreviations:
        names.append(contract.ABBREVIATIONS_SHEET)
    return names


def _add_sheets(workbook: Workbook, context: BuildContext, spec: BuildSpec) -> dict:
    names = main_tab_names(context.programme, context.tabs, spec.include_budget)
    names += [name for name, _ in spec.extra_tabs]
    if not (contract.inline_list(contract.status_names(context.programme))
            and contract.inline_list([str(q) for q in contract.quarter_list(context.programme)])):
        names.append(contract.LISTS_SHEET)
    names.append(contract.META_SHEET)
    return {name: workbook.add_worksheet(name) for name in names}


def _set_list_sources(workbook: Workbook, sheets: dict, context: BuildContext) -> None:
    """Inline dropdown lists where they fit; otherwise a visible, protected Lijsten tab."""
    statuses = contract.status_names(context.programme)
    quarters = [str(quarter) for quarter in contract.quarter_list(context.programme)]
    if contract.LISTS_SHEET not in sheets:
        context.status_source, context.quarter_source = statuses, quarters
        return
    sheet = sheets[contract.LISTS_SHEET]
    header = workbook.add_format({"bold": True})
    sheet.write_string(0, 0, "Status", header)
    sheet.write_string(0, 1, "Kwartaal", header)
    for row in range(1, max(len(statuses), len(quarters)) + 1):
        for column, values in enumerate((statuses, quarters)):
            if row <= len(values):
                sheet.write_string(row, column, values[row - 1])
    name = quote_sheet(contract.LISTS_SHEET)
    # Only a list that does not fit inline is taken from the tab.
    context.status_source = statuses if contract.inline_list(statuses) \
        else f"={name}!$A$2:$A${len(statuses) + 1}"
    context.quarter_source = quarters if contract.inline_list(quarters) \
        else f"={name}!$B$2:$B${len(quarters) + 1}"
    protect(sheet)
    set_print_layout(sheet, context, repeat_row=0)


# The author of every workbook we write; a return saved by nobody in particular still has it.
def _set_properties(workbook: Workbook, context: BuildContext) -> None:
    programme = context.programme
    workbook.set_properties({
        "title": f"{programme.title} — gemeente {programme.gemeente}",
        "subject": f"Rapportagekwartaal {context.quarter}",
        "author": AUTHOR,
        "company": f"Gemeente {programme.gemeente}",
        "comments": f"Gemaakt met uvp-excel {context.tool_version} uit {programme.version}.",
        "created": context.generated,
    })

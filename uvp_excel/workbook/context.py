"""What every sheet writer needs to know about the workbook being built."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from xlsxwriter.utility import xl_range_abs

from uvp_excel import __version__, contract
from uvp_excel.contract import WorkbookKind
from uvp_excel.inputs import EMPTY_INPUT, RowInput
from uvp_excel.source.model import Activity, Programme, Section
from uvp_excel.source.planning import Quarter


def quote_sheet(name: str) -> str:
    """Return a sheet name as it must appear in a formula: ``'P1 Ondermijning'``."""
    return "'" + name.replace("'", "''") + "'"


def escape_header_text(text: str) -> str:
    """Escape ``&`` for Excel page headers and footers, where it starts a control code."""
    return text.replace("&", "&&")


@dataclass(frozen=True)
class TabRows:
    """The activity rows of one section as they go on one tab."""

    section: Section
    activities: tuple[Activity, ...]

    @property
    def own_count(self) -> int:
        """Number of activities that are not reference rows."""
        return sum(1 for activity in self.activities if not activity.is_reference)

    @property
    def first_row(self) -> int:
        """0-based row of the first activity."""
        return contract.TABLE_HEADER_ROW + 1

    @property
    def last_row(self) -> int:
        """0-based row of the last activity."""
        return self.first_row + len(self.activities) - 1

    def column_range(self, field_name: str) -> str:
        """Return the absolute range of one contract column, e.g. ``'P1 X'!$H$3:$H$8``.

        A tab without activities counts over the one empty row below its header (a reversed
        range would take in the header itself).
        """
        column = contract.column_index(field_name)
        cells = xl_range_abs(self.first_row, column, max(self.first_row, self.last_row), column)
        return f"{quote_sheet(self.section.tab_name)}!{cells}"


@dataclass
class BuildContext:
    """Everything the sheet writers share while one workbook is written."""

    programme: Programme
    quarter: Quarter
    tabs: list[TabRows]
    inputs: dict[str, RowInput] = field(default_factory=dict)
    handed_out: dict[str, RowInput] | None = None  # None: the inputs are the hand-out
    regie: str = ""
    kind: WorkbookKind = "werkmap"
    generated: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
    tool_version: str = __version__
    status_source: list[str] | str = ""
    quarter_source: list[str] | str = ""
    tab_names: list[str] = field(default_factory=list)
    flags: dict[str, str] = field(default_factory=dict)
    # The width of each contract column on the activity tabs (see activity_sheet.column_widths).
    column_widths: tuple[float, ...] = ()

    def has_tab(self, name: str) -> bool:
        """True when the workbook has a tab of this name."""
        return name in self.tab_names

    def input_for(self, activity: Activity) -> RowInput:
        """Return the input values of ``activity`` (empty when none were given)."""
        return self.inputs.get(activity.id, EMPTY_INPUT)

    def handout_for(self, activity: Activity) -> RowInput:
        """Return the values ``activity`` is recorded as handed out with (hidden sheet)."""
        if self.handed_out is None:
            return self.input_for(activity)
        return self.handed_out.get(activity.id, EMPTY_INPUT)

    def status_counts(self, tab: TabRows) -> Counter:
        """Count the statuses filled in on one tab (own activities only)."""
        return Counter(self.input_for(activity).status for activity in tab.activities
                       if not activity.is_reference and self.input_for(activity).status)

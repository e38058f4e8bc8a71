"""Cell formats of the workbook, made once per xlsxwriter workbook from the template colours."""

from __future__ import annotations

from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from uvp_excel.errors import TemplateError
from uvp_excel.templates import workbook_layout
from uvp_excel.workbook.text_fit import line_points, wrapped_lines

EURO_FORMAT = '€ #,##0.00;[Red]-€ #,##0.00'
FTE_FORMAT = '0.00'
DATE_FORMAT = 'dd-mm-yyyy'
PERCENT_FORMAT = '0%'


class Styles:
    """The named formats of one workbook."""

    def __init__(self, workbook: Workbook) -> None:
        layout = workbook_layout()
        colours = layout["kleuren"]
        self._workbook = workbook
        self._base = {"font_name": body_font_name(), "font_size": body_size(), "valign": "top"}
        border = {"border": 1, "border_color": colours["rand"]}
        self.title = self.add(bold=True, font_size=14, font_color=colours["titel"])
        # The title of an activity tab: it wraps when a programme's heading is long.
        self.title_block = self.add(bold=True, font_size=14, font_color=colours["titel"],
                                    text_wrap=True)
        self.subtitle = self.add(bold=True, font_size=11, font_color=colours["titel"])
        self.text = self.add(text_wrap=True)
        self.note = self.add(italic=True, font_color="#595959", text_wrap=True)
        # A one-line note that may run on into the empty cells to its right.
        self.note_line = self.add(italic=True, font_color="#595959")
        self.header = self.add(bold=True, text_wrap=True, font_color=colours["koptekst"],
                               bg_color=colours["kop"], valign="vcenter", **border)
        self.locked = self.add(text_wrap=True, bg_color=colours["vast"], **border)
        self.locked_id = self.add(bold=True, bg_color=colours["vast"], **border)
        self.flagged_id = self.add(bold=True, bg_color=colours["ontbreekt"], font_color="#FFFFFF",
                                   **border)
        self.reference = self.add(text_wrap=True, italic=True,
                                  font_color=colours["verwijzingtekst"],
                                  bg_color=colours["verwijzing"], **border)
        self.input = self.add(text_wrap=True, locked=False, bg_color=colours["invoer"], **border)
        self.input_date = self.add(locked=False, bg_color=colours["invoer"],
                                   num_format=DATE_FORMAT, **border)
        self.missing = self._workbook.add_format({"bg_color": "#F8CBAD",
                                                  "font_color": colours["ontbreekt"]})
        self.label = self.add(bold=True)
        self.count = self.add(num_format="0", **border)
        self.count_bold = self.add(num_format="0", bold=True, **border)
        self.percent = self.add(num_format=PERCENT_FORMAT, **border)
        self.percent_bold = self.add(num_format=PERCENT_FORMAT, bold=True, **border)
        self.cell = self.add(text_wrap=True, **border)
        self.cell_bold = self.add(text_wrap=True, bold=True, **border)
        self.euro = self.add(num_format=EURO_FORMAT, **border)
        self.euro_bold = self.add(num_format=EURO_FORMAT, bold=True, **border)
        self.fte = self.add(num_format=FTE_FORMAT, **border)
        self.fte_bold = self.add(num_format=FTE_FORMAT, bold=True, **border)
        self.date = self.add(num_format=DATE_FORMAT, **border)
        self.status_fills: dict[tuple[str, str], Format] = {}

    def add(self, **properties: Any) -> Format:
        """Return a new format with the base font and ``properties``."""
        return self._workbook.add_format({**self._base, **properties})

    def status_fill(self, fill: str, font: str) -> Format:
        """Return (and remember) the conditional format of one status colour."""
        key = (fill, font)
        if key not in self.status_fills:
            self.status_fills[key] = self.add(bg_color=fill, font_color=font)
        return self.status_fills[key]

    def number(self, unit: str, bold: bool = False) -> Format:
        """Return the number format of a budget unit (euro or fte)."""
        if unit == "fte":
            return self.fte_bold if bold else self.fte
        return self.euro_bold if bold else self.euro


def body_size() -> float:
    """Return the font size of the body text (``lettertype.grootte`` in the templates)."""
    size = workbook_layout().get("lettertype", {}).get("grootte", 10)
    if isinstance(size, bool) or not isinstance(size, (int, float)) or not 6 <= size <= 20:
        raise TemplateError("templates/werkmap.yaml › lettertype: grootte moet een getal van 6 "
                            f"tot 20 zijn, gevonden: {size!r}")
    return size


def body_font_name() -> str:
    """Return the font of the workbook (``lettertype.naam`` in the templates)."""
    return str(workbook_layout().get("lettertype", {}).get("naam", "Calibri"))


def row_height(cells: list[tuple[str, float]], minimum_lines: int = 1, *,
               size: float | None = None, bold: bool = False) -> float:
    """Return a row height (points) fitting the wrapped texts ``(text, column width)``.

    Args:
        cells: the texts of the row's wrapping cells with the Excel width of their column.
        minimum_lines: the least number of lines the row shows.
        size: the font size of the texts (default: the body size).
        bold: True when the texts are bold.
    """
    size = size or body_size()
    lines = max([minimum_lines] + [wrapped_lines(text, width, size, bold)
                                   for text, width in cells if text])
    return lines * line_points(size)

"""The *Toelichting* tab: what the workbook is, how to fill it in, the status legend."""

from __future__ import annotations

from functools import cache

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from uvp_excel import contract
from uvp_excel.source.model import Status
from uvp_excel.templates import template_path
from uvp_excel.workbook.activity_sheet import set_print_layout
from uvp_excel.workbook.context import BuildContext
from uvp_excel.workbook.protection import protect
from uvp_excel.workbook.styles import Styles, row_height
from uvp_excel.workbook.text_fit import merged_width, width_for_text
from uvp_excel.yamlio import load_yaml

LABEL_WIDTH = 22
TEXT_WIDTH = 100
MIN_TEXT_WIDTH = 70  # the label column grows for long tab names, the text column gives way


@cache
def instruction_texts() -> dict:
    """Return the texts of the Toelichting tab from ``templates/toelichting.yaml``."""
    return load_yaml(template_path("toelichting.yaml"), "templates/toelichting.yaml")


def status_meaning(status: Status) -> str:
    """Return what a status means: the programme's own text, else the template's."""
    return status.meaning or instruction_texts()["statussen"].get(status.name, "")


def write_instructions(worksheet: Worksheet, styles: Styles, context: BuildContext) -> None:
    """Fill the Toelichting tab."""
    texts = instruction_texts()
    programme = context.programme
    widths = column_widths(context)
    worksheet.set_column(0, 0, widths[0])
    worksheet.set_column(1, 1, widths[1])
    worksheet.write_string(0, 0, texts["titel"].format(titel=programme.title,
                                                       gemeente=programme.gemeente), styles.title)
    tabs = [tab.section.tab_name for tab in context.tabs] or [""]
    row = _paragraph(worksheet, styles, widths, 2, texts["inleiding"].format(eerste_tab=tabs[0],
                                                                     laatste_tab=tabs[-1]))
    row = _facts(worksheet, styles, context, row + 1)
    row = _heading(worksheet, styles, row + 1, texts["stappen_titel"])
    # Examples name the programme's own words and years, not Heiloo's.
    fill_ins = {"toelichting_nodig": contract.explanation_statuses(programme),
                "voorbeelddatum": contract.example_date(programme)}
    for number, step in enumerate(texts["stappen"], start=1):
        worksheet.write_string(row, 0, f"Stap {number}", styles.label)
        row = _paragraph(worksheet, styles, widths, row, step.format(**fill_ins), column=1)
    row = _paragraph(worksheet, styles, widths, row + 1,
                     texts["beveiliging"].format(vaste_kolommen=_locked_columns()))
    row = _heading(worksheet, styles, row + 1, texts["statussen_titel"])
    for status in contract.statuses(programme):
        worksheet.write_string(row, 0, status.name, styles.status_fill(status.fill, status.font))
        row = _paragraph(worksheet, styles, widths, row, status_meaning(status), column=1)
    row = _heading(worksheet, styles, row + 1, texts["tabbladen_titel"])
    for name, text in texts["tabbladen"].items():
        if name == "Budget" and not context.has_tab(contract.BUDGET_LONG_SHEET):
            continue  # a workbook split per regie has no budget tabs
        if name == "Afkortingen" and not context.has_tab(contract.ABBREVIATIONS_SHEET):
            continue
        worksheet.write_string(row, 0, name, styles.label)
        row = _paragraph(worksheet, styles, widths, row, text, column=1)
    _sections(worksheet, styles, context, row + 1, widths)
    protect(worksheet)
    set_print_layout(worksheet, context)


def column_widths(context: BuildContext) -> tuple[float, float]:
    """The widths of the label and text columns: the labels (tab names, statuses) fit on one
    line in bold Calibri, and the two together stay as wide as always, so the page scale holds.
    """
    labels = [tab.section.tab_name for tab in context.tabs]
    labels += [status.name for status in contract.statuses(context.programme)]
    labels += [*instruction_texts()["tabbladen"], "Rapportagekwartaal"]
    needed = max((width_for_text(label, bold=True) for label in labels), default=LABEL_WIDTH)
    label = min(max(LABEL_WIDTH, needed), LABEL_WIDTH + TEXT_WIDTH - MIN_TEXT_WIDTH)
    return label, LABEL_WIDTH + TEXT_WIDTH - label


def _sections(worksheet: Worksheet, styles: Styles, context: BuildContext, row: int,
              widths: tuple[float, float]) -> int:
    """Per activity tab: its heading, the doelstelling and the related veiligheidsvelden."""
    texts = instruction_texts()
    row = _heading(worksheet, styles, row, texts["onderdelen_titel"])
    row = _paragraph(worksheet, styles, widths, row, texts["onderdelen_inleiding"])
    for tab in context.tabs:
        section = tab.section
        worksheet.write_string(row, 0, section.tab_name, styles.label)
        row = _paragraph(worksheet, styles, widths, row, section.heading, column=1,
                         cell_format=styles.label)
        if section.doelstelling:
            row = _paragraph(worksheet, styles, widths, row,
                             f"{section.doelstelling_kind}: {section.doelstelling}", column=1)
        if section.veiligheidsvelden:
            fields = "\n".join(f"• {field}" for field in section.veiligheidsvelden)
            row = _paragraph(worksheet, styles, widths, row, f"Gerelateerd aan:\n{fields}",
                             column=1, cell_format=styles.note)
    return row


def _locked_columns() -> str:
    """The locked columns as the Toelichting names them: "ID t/m Planning" when adjacent."""
    columns = contract.columns()
    locked = [index for index, column in enumerate(columns) if not column.is_input]
    if locked == list(range(locked[0], locked[-1] + 1)):
        return f"{columns[locked[0]].header} t/m {columns[locked[-1]].header}"
    return ", ".join(columns[index].header for index in locked)


def _facts(worksheet: Worksheet, styles: Styles, context: BuildContext, row: int) -> int:
    programme = context.programme
    facts = [("Programma", programme.title), ("Gemeente", programme.gemeente),
             ("Versie", programme.version), ("Rapportagekwartaal", str(context.quarter))]
    if context.regie:
        facts.append(("Regie", f"{context.regie} (alleen de rijen van deze regie)"))
    facts += [("Gemaakt op", context.generated.strftime("%d-%m-%Y %H:%M")),
              ("uvp-excel", f"versie {context.tool_version}")]
    for label, value in facts:
        worksheet.write_string(row, 0, label, styles.label)
        worksheet.write_string(row, 1, value, styles.text)
        row += 1
    return row


def _heading(worksheet: Worksheet, styles: Styles, row: int, text: str) -> int:
    worksheet.write_string(row, 0, text, styles.subtitle)
    worksheet.set_row(row, 20)
    return row + 1


def _paragraph(worksheet: Worksheet, styles: Styles, widths: tuple[float, float], row: int,
               text: str, *, column: int = 0, cell_format: Format | None = None) -> int:
    width = widths[1] if column else merged_width(widths)
    cell_format = cell_format or styles.text
    if column == 0:
        worksheet.merge_range(row, 0, row, 1, "", cell_format)
    worksheet.write_string(row, column, text, cell_format)
    worksheet.set_row(row, row_height([(text, width)]))
    return row + 1

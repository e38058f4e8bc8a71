"""Dropdowns, input checks and status colours on the input columns of an activity tab.

Dropdowns are advisory (pasting bypasses them), so the return reader checks every value again; but
they guide staff to the right values. Lists short enough for Excel's 255-character limit are
written inline, because dropdowns sourced from hidden sheets vanish in Google Sheets and Numbers.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from uvp_excel import contract
from uvp_excel.contract import FIRST_DATE, LAST_DATE, MAX_EXPLANATION, MAX_NAME
from uvp_excel.source.model import Status
from uvp_excel.workbook.context import BuildContext
from uvp_excel.workbook.styles import Styles


def _list_validation(source: list[str] | str, titles: tuple[str, str], prompt: str,
                     error: str) -> dict:
    """A dropdown; ``titles`` are the prompt's and the error's (spelled out: *de* status gives
    "Ongeldige status", *het* kwartaal "Ongeldig kwartaal")."""
    title, error_title = titles
    return {"validate": "list", "source": source, "input_title": title, "input_message": prompt,
            "error_title": error_title, "error_message": error, "error_type": "stop"}


def add_input_validations(worksheet: Worksheet, styles: Styles, context: BuildContext, first: int,
                          last: int) -> None:
    """Add dropdowns, date and length checks and status colours to rows ``first``–``last``."""
    def column(field: str) -> int:
        return contract.column_index(field)

    statuses = ", ".join(contract.status_names(context.programme))
    worksheet.data_validation(first, column("status"), last, column("status"), _list_validation(
        context.status_source, ("Status", "Ongeldige status"),
        "Kies de stand van deze activiteit uit de lijst.",
        f"Kies een status uit de lijst: {statuses}."))
    quarters = contract.quarter_list(context.programme)
    worksheet.data_validation(first, column("kwartaal"), last, column("kwartaal"),
                              _list_validation(
        context.quarter_source, ("Kwartaal", "Ongeldig kwartaal"),
        "Kies het kwartaal waarin de activiteit klaar is of naar verwachting klaar is.",
        f"Kies een kwartaal uit de lijst ({quarters[0]} t/m {quarters[-1]}), geschreven als "
        f"{contract.example_quarter(context.programme)}."))
    example_date = contract.example_date(context.programme)
    worksheet.data_validation(first, column("bijgewerkt_op"), last, column("bijgewerkt_op"), {
        "validate": "date", "criteria": "between", "minimum": FIRST_DATE, "maximum": LAST_DATE,
        "input_title": "Bijgewerkt op", "input_message": "Datum van uw laatste bijwerking, "
        f"bijvoorbeeld {example_date}.", "error_title": "Geen datum",
        "error_message": f"Vul een datum in, bijvoorbeeld {example_date}.", "error_type": "stop"})
    worksheet.data_validation(first, column("toelichting"), last, column("toelichting"), {
        "validate": "length", "criteria": "<=", "value": MAX_EXPLANATION,
        "input_title": "Toelichting", "input_message": "Licht de stand toe; verplicht bij "
        f"{contract.explanation_statuses(context.programme)}.", "error_title": "Te lang",
        "error_message": f"Een toelichting heeft hoogstens {MAX_EXPLANATION} tekens.",
        "error_type": "stop"})
    worksheet.data_validation(first, column("ingevuld_door"), last, column("ingevuld_door"), {
        "validate": "length", "criteria": "<=", "value": MAX_NAME,
        "input_title": "Ingevuld door", "input_message": "Uw naam of team.",
        "error_title": "Te lang", "error_message": f"Hoogstens {MAX_NAME} tekens.",
        "error_type": "stop"})
    _add_status_colours(worksheet, styles, contract.statuses(context.programme), (first, last))


def _add_status_colours(worksheet: Worksheet, styles: Styles, statuses: tuple[Status, ...],
                        rows: tuple[int, int]) -> None:
    first, last = rows
    status_column = contract.column_index("status")
    for status in statuses:
        worksheet.conditional_format(first, status_column, last, status_column, {
            "type": "cell", "criteria": "==", "value": f'"{status.name}"',
            "format": styles.status_fill(status.fill, status.font)})
    needing = [status.name for status in statuses if status.needs_explanation]
    if not needing:
        return
    status_letter = xl_col_to_name(status_column)
    explanation = contract.column_index("toelichting")
    explanation_letter = xl_col_to_name(explanation)
    excel_row = first + 1
    condition = ",".join(f'${status_letter}{excel_row}="{name}"' for name in needing)
    worksheet.conditional_format(first, explanation, last, explanation, {
        "type": "formula",
        "criteria": f"=AND(OR({condition}),LEN(TRIM(${explanation_letter}{excel_row}))=0)",
        "format": styles.missing})

"""Sheet protection: every tab the tool writes is locked, without a password.

The lock is not about secrecy (anyone may lift it); it keeps people from typing over a text by
accident, so that what a return holds is what they meant to change. Only the input cells of an
activity tab are unlocked (by their cell format). Selecting and copying is allowed everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet


def protect(worksheet: Worksheet, *, filtering: bool = False, resizing: bool = False) -> None:
    """Lock ``worksheet`` without a password; selecting cells stays allowed.

    Args:
        worksheet: the sheet to lock.
        filtering: also allow the autofilter and sorting (a tab with a filtered table).
        resizing: also allow widening columns and heightening rows (to read a long text).
    """
    options = {"select_locked_cells": True, "select_unlocked_cells": True}
    if filtering:
        options |= {"autofilter": True, "sort": True}
    if resizing:
        options |= {"format_columns": True, "format_rows": True}
    worksheet.protect("", options)

"""Nothing is lost, proven: random returns with random edits, sorts, renamed tabs, bad values.

For every generated set of returns the merge must (1) produce exactly the three-way result a
simple independent model predicts, and (2) account for every non-empty input cell of every
return: it is in the merge's ledger (taken, unchanged or rejected) or in a finding naming its
file and cell.
"""

from __future__ import annotations

import io
import itertools
import tempfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI_SOURCE
from tests.helpers.returns import (
    column_of,
    find_row,
    first_row,
    handed_out,
    is_activity_tab,
    sort_and_rename,
    tab_of,
)
from uvp_excel.inputs import INPUT_FIELDS, RowInput
from uvp_excel.merging.merge import merge_returns
from uvp_excel.source.loader import load_programme

PROGRAMME = load_programme(MINI_SOURCE)
IDS = ["P1-01", "P1-02", "P1-03", "A-1.1-01"]
FIELDS = list(INPUT_FIELDS)
STATUS = {"Afgerond": "Afgerond", "gereed": "Afgerond", " In uitvoering ": "In uitvoering",
          "Vertraagd": "Vertraagd", "klaar?": None}
QUARTER = {"Q3 2024": "Q3 2024", "q1-2025": "Q1 2025", "2025 Q2": "Q2 2025", "Q9 2024": None,
           "Q1 2031": None}
DATES = {datetime(2024, 7, 15): date(2024, 7, 15), "01-08-2024": date(2024, 8, 1),
         "gisteren": None}
TEXTS = {"Klaar": "Klaar", "  Wacht op partner ": "Wacht op partner", "=1+1": None}
CHOICES = {"status": STATUS, "kwartaal": QUARTER, "toelichting": TEXTS,
           "ingevuld_door": {"Anne": "Anne", "Bram": "Bram", "=A1": None},
           "bijgewerkt_op": DATES}
EMPTY = {"bijgewerkt_op": None}


def typed_value(field):
    return st.one_of(st.sampled_from(list(CHOICES[field])), st.none())


edit = st.tuples(st.sampled_from(IDS), st.sampled_from(FIELDS)).flatmap(
    lambda key: st.tuples(st.just(key), typed_value(key[1])))
one_return = st.fixed_dictionaries({
    "edits": st.dictionaries(st.tuples(st.sampled_from(IDS), st.sampled_from(FIELDS)),
                             st.none(), max_size=0).flatmap(
        lambda _: st.lists(edit, max_size=8).map(dict)),
    "shuffle": st.booleans(),
    "added_row": st.booleans(),
    "extra_column": st.booleans(),
})
base_values = st.fixed_dictionaries({
    "P1-01": st.sampled_from([RowInput(), RowInput(status="In uitvoering", toelichting="Loopt")]),
    "P1-03": st.sampled_from([RowInput(), RowInput(kwartaal="Q4 2024")]),
})


def write_return(book: bytes, path: Path, spec: dict) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(book))
    for (activity_id, field), value in spec["edits"].items():
        sheet = tab_of(workbook, activity_id)
        cell = sheet.cell(find_row(sheet, activity_id), column_of(field))
        cell.value = value  # openpyxl stores "=1+1" as a formula: exactly the case to test
    sheet = workbook["P1 Ondermijning"]
    if spec["added_row"]:
        sheet.cell(20, column_of("maatregel")).value = "Eigen activiteit"
        sheet.cell(20, column_of("status")).value = "Afgerond"
    if spec["extra_column"]:
        sheet.cell(first_row(), 13).value = "notitie in de kantlijn"
    workbook.save(path)
    if spec["shuffle"]:
        sort_and_rename(path)


def expected_stand(base: dict, returns: list[dict]) -> dict[str, RowInput]:
    """The three-way result, computed by a model independent of the implementation."""
    result = {}
    for activity_id in [*IDS, "A-1.1-02"]:
        start = base.get(activity_id, RowInput())
        values = {field: start.value(field) for field in FIELDS}
        for field in FIELDS:
            proposals = set()
            for spec in returns:
                if (activity_id, field) not in spec["edits"]:
                    continue
                typed = spec["edits"][(activity_id, field)]
                if typed is None:
                    new = EMPTY.get(field, "")
                else:
                    new = CHOICES[field][typed]
                    if new is None:
                        continue  # rejected: no update
                if new != start.value(field) and not (new in ("", None)
                                                        and start.value(field) in ("", None)):
                    proposals.add(new)
            if len(proposals) == 1:
                values[field] = proposals.pop()
        result[activity_id] = RowInput(**values)
    return result


def typed_cells(path: Path) -> list[tuple[str, str, object]]:
    """Every non-empty input or extra-column cell of the activity tabs of a saved return."""
    workbook = openpyxl.load_workbook(path)
    cells = []
    for sheet in workbook.worksheets:
        if not is_activity_tab(sheet):
            continue
        columns = [column_of(name) for name in INPUT_FIELDS] + [13]  # and the first extra column
        for row, column in itertools.product(range(first_row(), sheet.max_row + 1), columns):
            value = sheet.cell(row, column).value
            if value not in (None, ""):
                cells.append((sheet.title, sheet.cell(row, column).coordinate, value))
    return cells


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=base_values, returns=st.lists(one_return, min_size=1, max_size=3))
def test_merge_equals_the_three_way_model_and_loses_nothing(base, returns):
    book = handed_out(PROGRAMME, inputs=base)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number, spec in enumerate(returns):
            path = Path(folder) / f"retour-{number}.xlsx"
            write_return(book, path, spec)
            paths.append(path)
        result = merge_returns([Path(folder)], PROGRAMME, keep_ledger=True)
        assert result.outcome.inputs == expected_stand(base, returns)
        ledger = {(file, cell) for file, cell, _, _ in result.ledger}
        for path in paths:
            name = next(s.name for s in result.summaries if s.name.endswith(path.name))
            for tab, cell, value in typed_cells(path):
                in_ledger = (name, cell) in ledger
                in_report = any(f.file == name and f.tab == tab and
                                (f.cell == cell or str(value) in f.message)
                                for f in result.report.findings)
                assert in_ledger or in_report, (path.name, tab, cell, value)

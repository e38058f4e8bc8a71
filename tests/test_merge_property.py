"""Nothing is lost, proven: random returns with random edits, sorts, renamed tabs, bad values.

For every generated set of returns — handed out with the stand's values or (the AOV forgot
``--from``) empty, merged with or without ``--base`` — the merge must

1. produce exactly the stand a simple, independent model of the three-way merge predicts, and
2. account for every non-empty input cell of every return *where it went*: the ledger names the
   destination the model predicts, and that destination is true — the stand cell holds the value
   (taken), the stand's names and date include it (who/when joined), it is the value the workbook
   was handed out with (untouched), the conflict list and a conflict line name the file
   (conflict; a name or date beside a conflicting value is shown with its cell), or a finding
   names its file, tab and cell (rejected, or a duplicate file).
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
from uvp_excel.merging.model import (
    AS_RECEIVED,
    CONFLICT,
    DESTINATIONS,
    DUPLICATE,
    JOINED,
    REJECTED,
    TAKEN,
)
from uvp_excel.source.loader import load_programme

PROGRAMME = load_programme(MINI_SOURCE)
IDS = ["P1-01", "P1-02", "P1-03", "A-1.1-01"]
FIELDS = list(INPUT_FIELDS)
EXTRA_COLUMN = 13  # the first column beyond the contract table
CONTENT = ["status", "kwartaal", "toelichting"]
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
    "edits": st.lists(edit, max_size=8).map(dict),
    "blank": st.booleans(),  # handed out empty instead of with the stand's values
    "shuffle": st.booleans(),
    "added_row": st.booleans(),
    "extra_column": st.booleans(),
})
base_values = st.fixed_dictionaries({
    "P1-01": st.sampled_from([RowInput(), RowInput("In uitvoering", "", "Loopt", "Carla",
                                                   date(2024, 6, 1))]),
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
        sheet.cell(first_row(), EXTRA_COLUMN).value = "notitie in de kantlijn"
    workbook.save(path)
    if spec["shuffle"]:
        sort_and_rename(path)


class Model:
    """The three-way merge, written down once more as plainly as possible."""

    def __init__(self, base: dict, returns: list[dict], with_base: bool):
        self.returns = returns
        self.handouts = [{} if spec["blank"] else base for spec in returns]
        self.duplicate = [any(_same(spec, handout, earlier, self.handouts[number])
                              for number, earlier in enumerate(returns[:index]))
                          for index, (spec, handout) in enumerate(zip(returns, self.handouts,
                                                                      strict=True))]
        first = self.handouts[0]
        self.start = {activity_id: (base if with_base else first).get(activity_id, RowInput())
                      for activity_id in [*IDS, "A-1.1-02"]}
        self.proposals: dict[tuple[str, str], dict[object, list[int]]] = {}
        self.reports: dict[str, list[tuple[int, list[str], bool, RowInput]]] = {}
        for index, spec in enumerate(returns):
            if not self.duplicate[index]:
                self._fold(index, spec)

    def current(self, index: int, activity_id: str) -> RowInput:
        handout = self.handouts[index].get(activity_id, RowInput())
        values = {}
        for field in FIELDS:
            values[field] = handout.value(field)
            if (activity_id, field) in self.returns[index]["edits"]:
                typed = self.returns[index]["edits"][(activity_id, field)]
                if typed is None:
                    values[field] = EMPTY.get(field, "")
                elif CHOICES[field][typed] is not None:
                    values[field] = CHOICES[field][typed]
        return RowInput(**values)

    def _fold(self, index: int, spec: dict) -> None:
        for activity_id in IDS:
            handout = self.handouts[index].get(activity_id, RowInput())
            now = self.current(index, activity_id)
            changed = [f for f in CONTENT if now.value(f) != handout.value(f)]
            for field in changed:
                self.proposals.setdefault((activity_id, field), {}).setdefault(
                    now.value(field), []).append(index)
            who_when = any(now.value(f) != handout.value(f)
                           for f in ("ingevuld_door", "bijgewerkt_op"))
            if changed or who_when:
                self.reports.setdefault(activity_id, []).append((index, changed, who_when, now))

    def conflicted(self, activity_id: str, field: str) -> bool:
        return len(self.proposals.get((activity_id, field), {})) > 1

    def contributors(self, activity_id: str) -> list[tuple[int, RowInput]]:
        return [(index, now) for index, changed, who_when, now in self.reports.get(activity_id, [])
                if (changed and any(not self.conflicted(activity_id, f) for f in changed))
                or (not changed and who_when)]

    def stand(self) -> dict[str, RowInput]:
        result = {}
        for activity_id, start in self.start.items():
            values = {field: start.value(field) for field in FIELDS}
            for field in CONTENT:
                proposed = self.proposals.get((activity_id, field), {})
                if len(proposed) == 1:
                    values[field] = next(iter(proposed))
            contributors = self.contributors(activity_id)
            if contributors:
                names = {now.ingevuld_door for _, now in contributors if now.ingevuld_door}
                dates = [now.bijgewerkt_op for _, now in contributors if now.bijgewerkt_op]
                joined = {"ingevuld_door": "; ".join(sorted(names, key=str.casefold)),
                          "bijgewerkt_op": max(dates) if dates else None}
                for field, value in joined.items():
                    # An empty who/when left as handed out never clears the stand's.
                    cleared = any(now.value(field) != self.handouts[index].get(
                        activity_id, RowInput()).value(field) for index, now in contributors)
                    values[field] = value if value or cleared else start.value(field)
            result[activity_id] = RowInput(**values)
        return result

    def destination(self, index: int, activity_id: str, field: str, value) -> str:
        """Where a non-empty cell must end up (``value``: its meaning, None when rejected)."""
        if self.duplicate[index]:
            return DUPLICATE
        if value is None:
            return REJECTED
        handout = self.handouts[index].get(activity_id, RowInput())
        if field in CONTENT:
            if value == handout.value(field):
                return AS_RECEIVED
            return CONFLICT if self.conflicted(activity_id, field) else TAKEN
        if not any(i == index for i, *_ in self.reports.get(activity_id, [])):
            return AS_RECEIVED
        return JOINED if any(i == index for i, _ in self.contributors(activity_id)) else CONFLICT


def _same(spec: dict, handout: dict, other: dict, other_handout: dict) -> bool:
    """Two returns a merge must count once: the same hand-out and the same cells."""
    def effective(edits: dict, values: dict) -> dict:
        # Emptying a cell that was handed out empty leaves the file as it was.
        return {key: typed for key, typed in edits.items()
                if typed is not None or values.get(key[0], RowInput()).value(key[1])}

    def filled(values: dict) -> dict:
        return {key: row for key, row in values.items() if row != RowInput()}

    return filled(handout) == filled(other_handout) and \
        effective(spec["edits"], handout) == effective(other["edits"], handout) and \
        all(spec[key] == other[key] for key in ("shuffle", "added_row", "extra_column"))


def typed_cells(path: Path) -> list[tuple[str, str, str, str, object]]:
    """Every non-empty input or extra-column cell of the activity tabs of a saved return:
    (tab, cell, ID of the row, field or '' for the extra column, value)."""
    workbook = openpyxl.load_workbook(path)
    fields = {column_of(name): name for name in INPUT_FIELDS}
    cells = []
    for sheet in workbook.worksheets:
        if not is_activity_tab(sheet):
            continue
        for row, column in itertools.product(range(first_row(), sheet.max_row + 1),
                                             [*fields, EXTRA_COLUMN]):
            value = sheet.cell(row, column).value
            if value not in (None, ""):
                cells.append((sheet.title, sheet.cell(row, column).coordinate,
                              sheet.cell(row, column_of("id")).value, fields.get(column, ""),
                              value))
    return cells


def check_claim(destination: str, place: tuple, value, result) -> None:
    """The ledger's destination must be true of the stand and the report."""
    name, tab, cell, activity_id, field = place
    stand = result.outcome.inputs
    conflicts = [c for c in result.outcome.conflicts if c.id == activity_id]
    if destination == TAKEN:
        assert stand[activity_id].value(field) == value, place
    elif destination == JOINED and field == "ingevuld_door":
        assert value in stand[activity_id].ingevuld_door.split("; "), place
    elif destination == JOINED:
        assert stand[activity_id].bijgewerkt_op >= value, place
    elif destination == CONFLICT:
        assert any(o.file == name for c in conflicts for origins in c.proposals.values()
                   for o in origins), place
        assert any(f.kind == "merge-conflict" and name in f.message
                   for f in result.report.findings), place
        if field in ("ingevuld_door", "bijgewerkt_op"):  # shown beside the value it reported
            shown = value if field == "ingevuld_door" else f"{value:%d-%m-%Y}"
            assert any(f"{shown} ({cell})" in c.reporter(o) for c in conflicts
                       for origins in c.proposals.values() for o in origins
                       if o.file == name), place
    elif destination == REJECTED:
        assert any((f.file, f.tab, f.cell) == (name, tab, cell)
                   for f in result.report.findings), place
    elif destination == DUPLICATE:
        assert any(f.file == name and f.kind == "retour-dubbel"
                   for f in result.report.findings), place


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=base_values, returns=st.lists(one_return, min_size=1, max_size=3),
       with_base=st.booleans())
def test_merge_equals_the_three_way_model_and_every_cell_is_where_the_ledger_says(
        base, returns, with_base):
    books = {False: handed_out(PROGRAMME, inputs=base), True: handed_out(PROGRAMME)}
    model = Model(base, returns, with_base)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number, spec in enumerate(returns):
            path = Path(folder) / "retouren" / f"retour-{number}.xlsx"
            path.parent.mkdir(exist_ok=True)
            write_return(books[spec["blank"]], path, spec)
            paths.append(path)
        base_path = None
        if with_base:
            base_path = Path(folder) / "basis.xlsx"
            base_path.write_bytes(books[False])
        result = merge_returns([Path(folder) / "retouren"], PROGRAMME, base_path=base_path,
                               keep_ledger=True)
        assert result.outcome.inputs == model.stand()
        ledger = {(entry.file, entry.tab, entry.cell): entry.destination
                  for entry in result.ledger}
        assert set(ledger.values()) <= set(DESTINATIONS)  # none left undecided
        for index, path in enumerate(paths):
            name = next(s.name for s in result.summaries if s.name.endswith(path.name))
            for tab, cell, activity_id, field, value in typed_cells(path):
                if not field or activity_id not in IDS:  # an extra column, an added row
                    assert any(f.file == name and (f.kind == "retour-dubbel" or (
                        f.tab == tab and (f.cell == cell or str(value) in f.message)))
                               for f in result.report.findings), (path.name, cell, value)
                    continue
                if (activity_id, field) in returns[index]["edits"]:
                    meaning = CHOICES[field][value]
                else:  # as handed out
                    meaning = model.handouts[index][activity_id].value(field)
                expected = model.destination(index, activity_id, field, meaning)
                assert ledger.get((name, tab, cell)) == expected, (path.name, cell, value)
                check_claim(expected, (name, tab, cell, activity_id, field), meaning, result)

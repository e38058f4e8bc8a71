"""The input values of a row: where their types are checked."""

from __future__ import annotations

from datetime import date

import pytest

from uvp_excel.inputs import EMPTY_INPUT, RowInput
from uvp_excel.returns.normalise import Judged, Normaliser


def test_a_row_is_built_from_its_fields_and_missing_ones_are_empty():
    row = RowInput.from_values({"status": "Afgerond", "bijgewerkt_op": date(2024, 7, 15)})
    assert row == RowInput(status="Afgerond", bijgewerkt_op=date(2024, 7, 15))
    assert RowInput.from_values({}) == EMPTY_INPUT


@pytest.mark.parametrize(("values", "message"), [
    ({"bijgewerkt_op": ""}, "bijgewerkt_op must be a date or None, not ''"),
    ({"bijgewerkt_op": "2024-07-15"}, "bijgewerkt_op must be a date or None, not '2024-07-15'"),
    ({"status": None}, "status must be text, not None"),
    ({"kwartaal": date(2024, 7, 1)}, "kwartaal must be text, not datetime.date(2024, 7, 1)"),
])
def test_a_value_of_the_wrong_type_is_refused_where_the_row_is_made(values, message):
    with pytest.raises(TypeError) as raised:
        RowInput.from_values(values)
    assert str(raised.value) == message


@pytest.mark.parametrize("blank", ["", "   ", "\u00a0", None])
def test_a_blank_date_is_no_date_not_an_empty_text(blank):
    assert Normaliser.date(blank) == Judged(None)

"""The planning parser over the document's planning texts and the edge cases around them."""

from __future__ import annotations

from datetime import date
from typing import get_args

import pytest

from uvp_excel.source.planning import PlanningKind, Quarter, parse_planning

Q = Quarter


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "recurrence"),
    [
        ("Q1 t/m Q4 2024", "gepland", Q(2024, 1), Q(2024, 4), ()),
        ("Q1-Q4 2024", "gepland", Q(2024, 1), Q(2024, 4), ()),
        ("Q3-Q4 2024", "gepland", Q(2024, 3), Q(2024, 4), ()),
        ("Q2 – Q4 2024", "gepland", Q(2024, 2), Q(2024, 4), ()),
        ("Q2 Q3 2024", "gepland", Q(2024, 2), Q(2024, 3), ()),
        ("Q1 Q2 2024", "gepland", Q(2024, 1), Q(2024, 2), ()),
        ("Q2 en Q3 2024", "gepland", Q(2024, 2), Q(2024, 3), ()),
        ("Q3 2024", "gepland", Q(2024, 3), Q(2024, 3), ()),
        ("2024", "gepland", Q(2024, 1), Q(2024, 4), ()),
        ("2025", "gepland", Q(2025, 1), Q(2025, 4), ()),
        ("2024-2025", "gepland", Q(2024, 1), Q(2025, 4), ()),
        ("2024 + 2025", "gepland", Q(2024, 1), Q(2025, 4), ()),
        ("Q2 2024 - Q1 2025", "gepland", Q(2024, 2), Q(2025, 1), ()),
        ("Q2 en verder 2024", "vanaf", Q(2024, 2), None, ()),
        ("Q2 2024 en verder", "vanaf", Q(2024, 2), None, ()),
        ("Q4 2024 en verder", "vanaf", Q(2024, 4), None, ()),
        ("2024 en verder", "vanaf", Q(2024, 1), None, ()),
        ("Start Q1 2024", "vanaf", Q(2024, 1), None, ()),
        ("2024 + 2025 indien nodig", "gemengd", Q(2024, 1), Q(2025, 4), ("indien nodig",)),
        ("Q4 2024; Indien nodig; Indien nodig; 2025", "gemengd", Q(2024, 4), Q(2025, 4),
         ("indien nodig",)),
        ("Doorlopend", "terugkerend", None, None, ("doorlopend",)),
        ("continu", "terugkerend", None, None, ("continu",)),
        ("continue", "terugkerend", None, None, ("continu",)),
        ("Structureel", "terugkerend", None, None, ("structureel",)),
        ("Periodiek", "terugkerend", None, None, ("periodiek",)),
        ("Jaarlijks", "terugkerend", None, None, ("jaarlijks",)),
        ("Periodiek/ tweejaarlijks", "terugkerend", None, None, ("periodiek", "tweejaarlijks")),
        ("Wekelijks", "terugkerend", None, None, ("wekelijks",)),
        ("Maandelijks/ doorlopend", "terugkerend", None, None, ("maandelijks", "doorlopend")),
        ("Incidenteel", "voorwaardelijk", None, None, ("incidenteel",)),
        ("Indien nodig", "voorwaardelijk", None, None, ("indien nodig",)),
        ("Afhankelijk van casuïstiek.", "voorwaardelijk", None, None,
         ("afhankelijk van casuïstiek",)),
        ("", "leeg", None, None, ()),
        ("na de zomer", "vrij", None, None, ()),
        ("Q5 2024", "vrij", None, None, ()),
        ("Q3", "vrij", None, None, ()),
    ],
)
def test_planning_texts_parse_to_structure(text, kind, start, end, recurrence):
    planning = parse_planning(text)
    assert (planning.kind, planning.start, planning.end, planning.recurrence) == (
        kind, start, end, recurrence)
    assert planning.raw == text


def test_only_closed_plans_have_a_deadline():
    assert parse_planning("Q3-Q4 2024").deadline == Q(2024, 4)
    for text in ("Doorlopend", "Indien nodig", "2024 en verder", "2024 + 2025 indien nodig",
                 "iets onleesbaars"):
        assert parse_planning(text).deadline is None, text
    assert [parse_planning(text).is_recurring for text in ("Doorlopend", "Indien nodig",
                                                           "2024 + 2025 indien nodig",
                                                           "2024 en verder", "Q3 2024")] == [
        True, True, True, False, False]
    assert parse_planning("2024 en verder").is_open_ended


def test_every_planning_text_of_the_heiloo_programme_is_read(heiloo):
    unread = [(activity.id, activity.planning_text) for activity in heiloo.activities()
              if activity.planning.kind == "vrij"]
    assert unread == []
    texts = {activity.planning_text for activity in heiloo.activities()}
    kinds = {parse_planning(text).kind for text in texts}
    # The document uses every kind but "vrij" (nothing unreadable).
    assert kinds == set(get_args(PlanningKind)) - {"vrij"}


def test_quarter_dates():
    assert Q(2024, 1).first_day == date(2024, 1, 1)
    assert Q(2024, 4).last_day == date(2024, 12, 31)
    assert Q(2024, 2).last_day == date(2024, 6, 30)
    assert Quarter.of(date(2024, 8, 15)) == Q(2024, 3)
    assert str(Q(2025, 4)) == "Q4 2025"
    assert Q(2024, 4).next() == Q(2025, 1)

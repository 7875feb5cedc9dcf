"""The ledger the ``positions`` command prints is a library call: positions in time order with
their shifts, narrowed to one actor's country after the shifts are found."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from diplowatch.linking.ledger import ledger_of
from diplowatch.records import Participant
from webstore import RUS, _position


def test_positions_in_time_order_with_their_shifts_and_one_actors_alone() -> None:
    later = _position("b", "https://b.example", "conditional", date(2024, 7, 12), "Open, if.")
    earlier = _position("a", "https://a.example", "refuses", date(2024, 7, 2), "Never.")
    russian = replace(
        _position("c", "https://c.example", "open", date(2024, 7, 5), "Moscow is open."),
        actor=Participant("Russia", RUS),
    )
    found, changes = ledger_of([later, russian, earlier])
    assert [p.page for p in found] == ["a", "c", "b"]
    assert [(s.before.stance, s.after.stance) for s in changes] == [("refuses", "conditional")]
    mine, my_changes = ledger_of([later, russian, earlier], actor="UKR")
    assert [p.page for p in mine] == ["a", "b"] and my_changes == changes
    theirs, their_changes = ledger_of([later, russian, earlier], actor="RUS")
    assert [p.page for p in theirs] == ["c"] and their_changes == []

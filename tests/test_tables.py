"""Tables on a terminal never break a word: at 80 columns every word is whole, or cut with an
ellipsis; the day of an event is never cut."""

from __future__ import annotations

import re
from datetime import date

import pytest
from rich.console import Console
from rich.table import Table

from diplowatch.linking.ledger import ledger_of
from diplowatch.present.position_tables import ledger_view, positions_table
from diplowatch.present.tables import events_table
from webstore import _event, _plans, _position

BOX = re.compile(r"[\s│┃┏┓┗┛┡┩┣┫━─┳┻╇╈┼├┤└┘┌┐╭╮╰╯┬┴]+")


def _words(table: Table, width: int) -> list[str]:
    console = Console(width=width, record=True)
    console.print(table)
    return [word for word in BOX.split(console.export_text()) if word]


def _tables() -> list[Table]:
    events = [_event("p", "https://x.example/a", i, plan) for i, plan in enumerate(_plans()[:6])]
    positions = [
        _position("a", "https://a.example", "refuses", date(2024, 7, 2), "Kyiv refused any talks."),
        _position(
            "b", "https://b.example", "conditional", date(2024, 7, 12),
            "Kyiv is open to talks once Russian troops withdraw.",
        ),
    ]  # fmt: skip
    return [events_table(events), positions_table(positions), ledger_view(*ledger_of(positions))]


@pytest.mark.parametrize("number", range(3))
def test_no_word_is_broken_at_80_columns(number: int) -> None:
    whole = set(_words(_tables()[number], 400))
    narrow = _words(_tables()[number], 80)
    broken = [w for w in narrow if w not in whole and not w.endswith("…")]
    assert broken == []


def test_an_events_day_is_never_cut() -> None:
    text = " ".join(_words(_tables()[0], 60))
    assert len(re.findall(r"\b2024-07-\d\d\b", text)) == 6

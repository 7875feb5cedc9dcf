"""An event dated only by its report says so on the web pages."""

from __future__ import annotations

from datetime import date

from diplowatch.web.pages import _environment
from outlets import day_of, ties_event


def _card(precision: str) -> str:
    when = day_of("", date(2024, 8, 5), precision)
    event = ties_event("p.txt", "https://a.example/p", "Niger cut ties with Ukraine.", when)
    macros = _environment().get_template("_macros.html").module
    return str(macros.event_card({"event": event, "day": date(2024, 8, 5), "story": None}))  # type: ignore[attr-defined]


def test_a_date_from_the_report_is_marked() -> None:
    assert "(reported, no date in the text)" in _card("reported")


def test_a_date_the_text_gives_is_not_marked() -> None:
    assert "no date in the text" not in _card("day")

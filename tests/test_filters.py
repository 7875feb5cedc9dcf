"""Filters in Python (the round-ups and the watch checks use them): by place as by the SQL."""

from __future__ import annotations

import dataclasses

from diplowatch.query import Filters
from diplowatch.records import Event, Place
from diplowatch.store.browse import reads_in_sql
from diplowatch.watches import load_watches

KYIV = Place("Kyiv", "UKR", 50.45, 30.52)
LVIV = Place("Lviv", "UKR", 49.84, 24.03)
DOHA = Place("Doha", "QAT", 25.29, 51.53)


def _event(place: Place | None, number: int) -> Event:
    return Event(
        id=f"e{number}", page="p", url=None, sentence_index=number, sentence="Words.",
        evidence="Words", source=None, target=None, type="CONSULT", mode=None, date=None,
        location=place, attribution=None, certainty="asserted", negated=False, cameo=None,
        goldstein=None,
    )  # fmt: skip


def test_a_place_keeps_the_events_there_and_a_country_every_place_in_it() -> None:
    events = [_event(place, n) for n, place in enumerate([KYIV, LVIV, DOHA, None])]
    kept = {
        place: [e.id for e in Filters(place=place).events(events, {})]
        for place in ("Kyiv", "UKR", "QAT", "Paris")
    }
    assert kept == {"Kyiv": ["e0"], "UKR": ["e0", "e1"], "QAT": ["e2"], "Paris": []}
    assert [e.id for e in Filters().events(events, {})] == ["e0", "e1", "e2", "e3"]
    moved = dataclasses.replace(events[0], location=DOHA)
    assert list(Filters(place="Kyiv").events([moved], {})) == []


def test_only_a_listing_the_sql_filters_alone_is_read_on_the_event_loop() -> None:
    """``reads_in_sql``: what the web answers on its loop, the rest in threads."""
    watch = next(iter(load_watches(None).values()))
    assert reads_in_sql("events", Filters(place="Kyiv", certainty="alleged", min_confidence=0.5))
    assert not reads_in_sql("events", Filters(watch=watch))
    assert reads_in_sql("stories", Filters(type="ASSAULT", actor="UKR"))
    assert not reads_in_sql("stories", Filters(certainty="alleged"))
    assert not reads_in_sql("stories", Filters(actor="person:volodymyr-zelensky"))

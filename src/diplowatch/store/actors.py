"""What the store says about one actor: its events per week by quad class and Goldstein-style
score, its top counterparts, and the actors the store knows with their numbers of events. All
read through the ``event_actors`` index, within a window of weeks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from diplowatch.plover import QUAD_CLASS
from diplowatch.store import schema
from diplowatch.store.order import after_key, day_of, first_key

DEFAULT_WEEKS = 26


@dataclass(slots=True)
class Week:
    """One week of an actor's events: counts by quad class (1 verbal cooperation, 2 material
    cooperation, 3 verbal conflict, 4 material conflict) and the sum of their scores."""

    start: date
    quads: dict[int, int] = field(default_factory=lambda: dict.fromkeys((1, 2, 3, 4), 0))
    goldstein: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.quads.values())


@dataclass(frozen=True, slots=True)
class ActorSummary:
    code: str
    since: date
    until: date
    events: int
    weeks: list[Week]
    counterparts: list[tuple[str, int]]


def _day(connection: Connection, code: str, which: Any) -> date | None:
    table = schema.event_actors
    key = connection.execute(
        sa.select(which(table.c.seq)).where(table.c.code == code)
    ).scalar_one_or_none()
    return None if key is None else day_of(key)


def latest_day(connection: Connection, code: str) -> date | None:
    """The day of the actor's newest event."""
    return _day(connection, code, sa.func.max)


def actor_summary(
    connection: Connection,
    code: str,
    since: date | None = None,
    until: date | None = None,
    top: int = 10,
) -> ActorSummary | None:
    """The actor's weeks (Monday to Sunday) and counterparts in the period; by default the
    ``DEFAULT_WEEKS`` weeks up to its newest event (fewer if its first event is later).
    None if it has no events."""
    until = until or latest_day(connection, code)
    if until is None:
        return None
    if since is None:
        earliest = until - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)
        since = max(earliest, _day(connection, code, sa.func.min) or earliest)
    since = since - timedelta(days=since.weekday())
    sides, events = schema.event_actors, schema.events
    rows = connection.execute(
        sa.select(
            events.c.day,
            events.c.type,
            events.c.goldstein,
            events.c.source_country,
            events.c.target_country,
            events.c.source_actor,
            events.c.target_actor,
        )
        .join(sides, sides.c.seq == events.c.seq)
        .where(
            sides.c.code == code,
            sides.c.seq >= first_key(since),
            sides.c.seq < after_key(until),
        )
    )
    weeks: dict[date, Week] = {}
    start = since
    while start <= until:
        weeks[start] = Week(start)
        start += timedelta(weeks=1)
    others: Counter[str] = Counter()
    count = 0
    for row in rows:
        count += 1
        week = weeks[row.day - timedelta(days=row.day.weekday())]
        quad = QUAD_CLASS.get(row.type)
        if quad is not None:
            week.quads[quad] += 1
        week.goldstein += row.goldstein or 0.0
        mine = {row.source_country, row.source_actor}
        other = (row.target_country if code in mine else row.source_country) or (
            row.target_actor if code in mine else row.source_actor
        )
        if other and other != code:
            others[other] += 1
    return ActorSummary(
        code=code,
        since=since,
        until=until,
        events=count,
        weeks=list(weeks.values()),
        counterparts=others.most_common(top),
    )


def known_actors(connection: Connection, limit: int = 200) -> list[tuple[str, int]]:
    """The codes with the most events, and their numbers of events."""
    table = schema.event_actors
    count = sa.func.count().label("events")
    rows = connection.execute(
        sa.select(table.c.code, count).group_by(table.c.code).order_by(count.desc()).limit(limit)
    )
    # Ties in code point order, sorted here: collations order text differently per back end.
    return sorted(((row.code, row.events) for row in rows), key=lambda item: (-item[1], item[0]))

"""What the store says about one actor: its events per week by quad class and Goldstein-style
score, its top counterparts, and the actors the store knows with their numbers of events. All
read through the ``event_actors`` index, over the period asked (by default the whole history)."""

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

# The counterparts whose relations month by month an actor's summary follows.
TREND_COUNTERPARTS = 5
# Longer than this many weeks, an actor's history is counted by month.
WEEKLY_AT_MOST = 104


@dataclass(slots=True)
class Week:
    """One period (a week, Monday to Sunday, or a month) of an actor's events: counts by quad
    class (1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
    conflict) and the sum of their scores."""

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
    # What each of ``weeks`` spans: "week" or, for a history longer than two years, "month".
    period: str = "week"
    # The top counterparts' relations month by month (``Trend``), in the counterparts' order.
    trends: list[Trend] = field(default_factory=list)


# How far a month's mean score must move from the month before (on Goldstein's -10 to +10
# scale) for relations to count as improved or deteriorated.
TREND_STEP = 1.0


@dataclass(frozen=True, slots=True)
class Trend:
    """An actor's relations with one counterpart: each month's mean cooperation-conflict score
    and number of events (months with none left out), and how the last month with events
    compares with the one before it: ``improved`` or ``deteriorated`` when the mean moved by
    at least ``TREND_STEP``, ``unchanged`` otherwise, ``""`` with fewer than two months."""

    counterpart: str
    months: tuple[tuple[date, float, int], ...]

    @property
    def verdict(self) -> str:
        if len(self.months) < 2:
            return ""
        change = self.months[-1][1] - self.months[-2][1]
        if change >= TREND_STEP:
            return "improved"
        if change <= -TREND_STEP:
            return "deteriorated"
        return "unchanged"


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
    """The actor's events in the period, by week (by month over more than two years), and
    its counterparts; by default its whole history, from its first event to its newest. None
    if it has no events."""
    until = until or latest_day(connection, code)
    if until is None:
        return None
    since = since or _day(connection, code, sa.func.min) or until
    monthly = (until - since).days > WEEKLY_AT_MOST * 7
    period_of = _month_of if monthly else _week_of
    since = period_of(since)
    sides, events = schema.event_actors, schema.events
    within = (
        sides.c.code == code,
        sides.c.seq >= first_key(since),
        sides.c.seq < after_key(until),
    )
    count = sa.func.count().label("n")
    sides_of = (
        events.c.source_country,
        events.c.target_country,
        events.c.source_actor,
        events.c.target_actor,
    )
    # One pass over the actor's events, grouped by what the periods and the counterparts need.
    rows = connection.execute(
        sa.select(events.c.day, events.c.type, *sides_of, count, sa.func.sum(events.c.goldstein))
        .join(sides, sides.c.seq == events.c.seq)
        .where(*within)
        .group_by(events.c.day, events.c.type, *sides_of)
    )
    periods: dict[date, Week] = {}
    start = since
    while start <= until:
        periods[start] = Week(start)
        start = _next_month(start) if monthly else start + timedelta(weeks=1)
    others: Counter[str] = Counter()
    monthly_scores: dict[str, dict[date, list[float]]] = {}
    total = 0
    for day, kind, source_country, target_country, source_actor, target_actor, n, score in rows:
        total += n
        period = periods[period_of(day)]
        quad = QUAD_CLASS.get(kind)
        if quad is not None:
            period.quads[quad] += n
        period.goldstein += score or 0.0
        mine = {source_country, source_actor}
        other = (target_country if code in mine else source_country) or (
            target_actor if code in mine else source_actor
        )
        if other and other != code:
            others[other] += n
            month = monthly_scores.setdefault(other, {}).setdefault(_month_of(day), [0.0, 0])
            month[0] += score or 0.0
            month[1] += n
    counterparts = sorted(others.items(), key=lambda item: (-item[1], item[0]))[:top]
    return ActorSummary(
        code=code,
        since=since,
        until=until,
        events=total,
        weeks=list(periods.values()),
        counterparts=counterparts,
        period="month" if monthly else "week",
        trends=[
            Trend(
                other,
                tuple(
                    (month, score / count, int(count))
                    for month, (score, count) in sorted(monthly_scores[other].items())
                ),
            )
            for other, _count in counterparts[:TREND_COUNTERPARTS]
        ],
    )


def _week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _month_of(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def known_actors(connection: Connection, limit: int = 200) -> list[tuple[str, int]]:
    """The codes with the most events, and their numbers of events."""
    table = schema.event_actors
    count = sa.func.count().label("events")
    rows = connection.execute(
        sa.select(table.c.code, count).group_by(table.c.code).order_by(count.desc()).limit(limit)
    )
    # Ties in code point order, sorted here: collations order text differently per back end.
    return sorted(((row.code, row.events) for row in rows), key=lambda item: (-item[1], item[0]))

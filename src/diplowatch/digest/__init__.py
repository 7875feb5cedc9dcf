"""The weekly round-up: composed from stored records, rendered as Markdown, HTML, RSS or JSON."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from diplowatch.digest.compose import Digest, compose, parse_week, week_of
from diplowatch.digest.render import DigestFormat, render
from diplowatch.records import Position, Shift
from diplowatch.store import Store
from diplowatch.watches import Watch

__all__ = ["Digest", "DigestFormat", "compose", "digest_for", "feed_weeks", "render", "week_of"]


def digest_for(
    store: Store,
    watch: Watch,
    week: str,
    positions: Sequence[Position] | None = None,
    shifts: Sequence[Shift] | None = None,
    min_confidence: float = 0.0,
) -> Digest:
    """The round-up of a watch for one ISO week, from what the store holds (its positions and
    shifts read here unless given: several weeks read them once), made of the events of at
    least ``min_confidence`` (the command line and the server pass their setting)."""
    start, end = parse_week(week)
    stories = store.stories(since=start, until=end)
    positions = store.positions() if positions is None else positions
    shifts = store.shifts() if shifts is None else shifts
    return compose(watch, week, stories, positions, shifts, min_confidence)


def feed_weeks(
    store: Store, watch: Watch, week: str, count: int = 8, min_confidence: float = 0.0
) -> list[Digest]:
    """The round-ups of the ``count`` weeks up to ``week`` that have anything in them, oldest
    first (the week asked for always), for a feed with one entry per week."""
    start, _ = parse_week(week)
    positions, shifts = store.positions(), store.shifts()
    digests = []
    for back in range(count - 1, -1, -1):
        when = week_of(start - timedelta(weeks=back))
        digest = digest_for(store, watch, when, positions, shifts, min_confidence)
        if back == 0 or not digest.is_empty:
            digests.append(digest)
    return digests

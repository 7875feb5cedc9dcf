"""The weekly round-up: composed from stored records, rendered as Markdown, HTML, RSS or JSON."""

from __future__ import annotations

from datetime import timedelta

from diplowatch.digest.compose import Digest, compose, parse_week, week_of
from diplowatch.digest.render import DigestFormat, render
from diplowatch.store import Store
from diplowatch.watches import Watch

__all__ = ["Digest", "DigestFormat", "compose", "digest_for", "feed_weeks", "render", "week_of"]


def digest_for(store: Store, watch: Watch, week: str) -> Digest:
    """The round-up of a watch for one ISO week, from what the store holds."""
    start, end = parse_week(week)
    stories = store.stories(since=start, until=end)
    return compose(watch, week, stories, store.positions(), store.shifts())


def feed_weeks(store: Store, watch: Watch, week: str, count: int = 8) -> list[Digest]:
    """The round-ups of the ``count`` weeks up to ``week`` that have anything in them, oldest
    first (the week asked for always), for a feed with one entry per week."""
    start, _ = parse_week(week)
    digests = []
    for back in range(count - 1, -1, -1):
        digest = digest_for(store, watch, week_of(start - timedelta(weeks=back)))
        if back == 0 or not digest.is_empty:
            digests.append(digest)
    return digests

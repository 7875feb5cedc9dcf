"""Following watches' feeds: poll each feed (conditionally), fetch the articles it lists that
the store lacks, and clean, read and store them. A feed that fails is reported and the others
still run; an article that fails is tried again on later polls, up to a limit."""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from diplowatch.errors import InputError
from diplowatch.ingest.feeds import FeedEntry, parse_feed
from diplowatch.ingest.fetch import Fetched, Fetcher
from diplowatch.pipeline.ingesting import Cleaner, ingest
from diplowatch.pipeline.storing import IngestReport
from diplowatch.records import Failure, Feed, Page
from diplowatch.store import Store
from diplowatch.store.feeds import (
    entries_to_fetch,
    list_feeds,
    record_check,
    record_entry,
    record_validators,
)

if TYPE_CHECKING:
    from diplowatch.extract.reader import EventReader

# Failed fetches of one article address before the polls stop trying it.
MAX_ATTEMPTS = 3

log = logging.getLogger("diplowatch.follow")


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """How one feed's poll went: ``ok``, ``not-modified`` or ``failed``; the articles it
    listed, and how many of them were new to fetch."""

    watch: str
    url: str
    status: str
    entries: int = 0
    to_fetch: int = 0
    problem: str | None = None


@dataclass(slots=True)
class PollReport:
    feeds: list[FeedOutcome] = field(default_factory=list)
    pages: IngestReport = field(default_factory=IngestReport)


def poll(
    store: Store,
    fetcher: Fetcher,
    *,
    watch: str | None = None,
    reader: EventReader | None = None,
    cleaner: Cleaner | None = None,
    max_attempts: int = MAX_ATTEMPTS,
) -> PollReport:
    """Poll the feeds (of one watch, else all) once and store the new articles they list."""
    report = PollReport()
    wanted: list[tuple[Feed, FeedEntry]] = []
    taken: set[str] = set()
    validators: dict[int, tuple[Feed, Fetched]] = {}
    for feed in list_feeds(store, watch):
        outcome, entries, answer = _check(store, fetcher, feed)
        fresh = set(entries_to_fetch(store, [entry.url for entry in entries], max_attempts))
        new = [entry for entry in entries if entry.url in fresh and entry.url not in taken]
        taken.update(entry.url for entry in new)
        wanted.extend((feed, entry) for entry in new)
        report.feeds.append(_with_count(outcome, len(new)))
        if answer is not None:
            validators[feed.id] = (feed, answer)
    fetched: dict[str, list[tuple[Feed, str]]] = defaultdict(list)
    report.pages = ingest(
        store, _pages(store, fetcher, wanted, fetched), reader=reader, cleaner=cleaner
    )
    failed_feeds = _record_pages(store, report.pages, fetched)
    unfetched = {failure.source for failure in report.pages.failed}
    failed_feeds |= {feed.id for feed, entry in wanted if entry.url in unfetched}
    # A feed's validators are kept only once every article it listed is stored: until then
    # its next poll reads it in full, so the failed articles are tried again (a crash before
    # this point has the same effect, and loses nothing).
    for feed_id, (feed, answer) in validators.items():
        if feed_id not in failed_feeds:
            record_validators(store, feed, answer.etag, answer.last_modified)
    return report


def _with_count(outcome: FeedOutcome, to_fetch: int) -> FeedOutcome:
    return FeedOutcome(
        outcome.watch, outcome.url, outcome.status, outcome.entries, to_fetch, outcome.problem
    )


def _check(
    store: Store, fetcher: Fetcher, feed: Feed
) -> tuple[FeedOutcome, list[FeedEntry], Fetched | None]:
    """Fetch and read one feed; a 304 does no more work. The answer comes back with the
    entries so that its validators can be kept once its articles are stored."""
    try:
        answer = fetcher.get(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if answer.not_modified:
            record_check(store, feed, "not-modified")
            return FeedOutcome(feed.watch, feed.url, "not-modified", feed.entries), [], None
        entries = parse_feed(answer)
    except InputError as error:
        log.warning("feed failed %s: %s", feed.url, error.problem)
        record_check(store, feed, "failed", problem=error.problem)
        return FeedOutcome(feed.watch, feed.url, "failed", problem=error.problem), [], None
    record_check(store, feed, "ok", entries=len(entries))
    log.info("feed %s: %d articles listed", feed.url, len(entries))
    return FeedOutcome(feed.watch, feed.url, "ok", len(entries)), entries, answer


def _pages(
    store: Store,
    fetcher: Fetcher,
    wanted: list[tuple[Feed, FeedEntry]],
    fetched: dict[str, list[tuple[Feed, str]]],
) -> Iterator[Page | Failure]:
    """The listed articles fetched one by one; a failure is recorded against its address."""
    for feed, entry in wanted:
        try:
            page = fetcher.page(entry.url, title=entry.title, published=entry.published)
        except InputError as error:
            record_entry(store, feed, entry.url, "failed", error.problem)
            yield Failure(entry.url, error.problem)
            continue
        fetched[page.name].append((feed, entry.url))
        yield page


def _record_pages(
    store: Store, report: IngestReport, fetched: dict[str, list[tuple[Feed, str]]]
) -> set[int]:
    """Mark each fetched article stored, or failed with the cleaner's reason; the ids of the
    feeds with an article that failed."""
    stored = {*report.new, *report.new_addresses, *report.unchanged}
    problems = {failure.source: failure.problem for failure in report.failed}
    failed_feeds: set[int] = set()
    for name, entries in fetched.items():
        for feed, url in entries:
            if name in stored:
                record_entry(store, feed, url, "stored")
                continue
            problem = problems.get(name) or problems.get(url) or "not stored"
            record_entry(store, feed, url, "failed", problem)
            failed_feeds.add(feed.id)
    return failed_feeds


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """Seconds from a period such as ``15m``, ``1h``, ``90s`` or ``90``.

    >>> parse_every("15m")
    900.0
    """
    match = _DURATION.match(text)
    if match is None or float(match[1]) <= 0:
        raise ValueError(f"{text!r} is not a period such as 15m, 1h or 90s")
    return float(match[1]) * _UNITS[match[2].lower()]

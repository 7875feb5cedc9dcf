"""The one step that stores a page's reading, for ``ingest`` and for ``load`` of a batch's
output alike, and the report both give."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from diplowatch.failures import failure_of
from diplowatch.languages import is_parsed
from diplowatch.records import Article, Event, Failure, Page, Position

if TYPE_CHECKING:
    # Named in annotations only: reading pages (``extract``) never loads the store.
    from diplowatch.store import Store
    from diplowatch.store.database import StoreOutcome


@dataclass(slots=True)
class IngestReport:
    """What an ingest did: pages new to the store, new addresses of stored pages, pages already
    there, and failed; and the new pages whose language diplowatch does not read events in
    (stored without events)."""

    new: list[str] = field(default_factory=list)
    # Pages whose content was stored before, under another address: recorded as its own.
    new_addresses: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    not_read: list[tuple[str, str]] = field(default_factory=list)
    # Pages left out for their language (a language filter was given): name and language.
    other_language: list[tuple[str, str]] = field(default_factory=list)
    # Blocks of stories rebuilt once the pages were stored (their events changed).
    stories_rebuilt: int = 0


def store_reading(
    store: Store,
    page: Page,
    article: Article,
    events: Sequence[Event],
    positions: Sequence[Position],
    report: IngestReport,
    *,
    read: bool = True,
) -> None:
    """Store one page with its article, events and positions in its own transaction and count
    it in ``report``; whatever goes wrong is the page's Failure (named by the input it came
    from), the transaction rolled back, and the batch goes on. ``read``: whether events were
    read, so that a new page in a language they are not read in is noted."""
    try:
        outcome = store.add(page, article, events, positions)
    except Exception as error:
        report.failed.append(failure_of(page.origin or page.name, "cannot store the page", error))
        return
    count_outcome(report, outcome, page.name)
    if outcome == "new" and read and not is_parsed(article):
        report.not_read.append((page.name, article.language or "unknown"))


def count_outcome(report: IngestReport, outcome: StoreOutcome, name: str) -> None:
    """Count a stored page in the report by what the store did with it."""
    counted = {"new": report.new, "new address": report.new_addresses}
    counted.get(outcome, report.unchanged).append(name)

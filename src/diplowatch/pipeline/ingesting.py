"""The stages wired together, as a library: what the CLI, the web layer and notebooks call."""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from itertools import islice
from multiprocessing.pool import Pool
from typing import TYPE_CHECKING, TypeVar

from diplowatch.clean import clean
from diplowatch.clean.profiles import page_key, profiles_for, site_lines
from diplowatch.config import available_cores
from diplowatch.failures import failure_of
from diplowatch.pipeline.storing import IngestReport, store_reading
from diplowatch.records import Article, Failure, Page, Reading, SiteProfile
from diplowatch.sites import address_problem, site_of

if TYPE_CHECKING:
    from diplowatch.extract.reader import EventReader
    from diplowatch.store import Store

T = TypeVar("T")

# Pages are cleaned and stored in chunks: each chunk's site profiles are computed once.
CHUNK_PAGES = 200
# Below this many pages, starting work on other processes costs more than it saves.
PARALLEL_MIN_PAGES = 16
# Chunks whose pages may be cleaned but not yet stored while events are read as a stream.
UNSTORED_CHUNKS = 2
# Chunks cleaned ahead of the one being parsed, so cleaning and parsing overlap.
CHUNKS_AHEAD = 1


def in_languages(article: Article, languages: frozenset[str] | None) -> bool:
    """Whether the article passes a language filter (none: every article does; an article
    too short to identify passes too)."""
    return not languages or article.language is None or article.language in languages


def clean_page(page: Page, profiles: Mapping[str, SiteProfile] | None = None) -> Article | Failure:
    """The page's article, or a Failure saying why there is none: whatever goes wrong while
    cleaning it (a library's exception included) is the page's Failure, never the batch's."""
    source = page.origin or page.name
    bad_address = _address_failure(page)
    if bad_address is not None:
        return bad_address
    try:
        article = _cleaned(page, profiles or {})
    except Exception as error:
        return failure_of(source, "cannot clean the page", error)
    if not article.paragraphs:
        return Failure(source, "no article text found")
    return article


def _address_failure(page: Page) -> Failure | None:
    """The page's Failure when its address cannot be read as one (None: it can, or it has
    none)."""
    problem = address_problem(page.url) if page.url else None
    return Failure(page.origin or page.name, f"bad 'url': {problem}") if problem else None


def _cleaned(page: Page, profiles: Mapping[str, SiteProfile]) -> Article:
    site = site_of(page.url)
    profile = profiles.get(site) if site else None
    article = clean(page, profile)
    if not article.paragraphs and page.record and page.kind == "text":
        # A record's text with no page around it ("Protesters burned the flag."): the user
        # wants it read, so it is the body as it stands.
        article = clean(dataclasses.replace(page, kind="body"), profile)
    return article


# How much lower than the parser the cleaning workers run (a nice increment): they clean ahead,
# so the parser and the reader of its output are served first and cleaning takes what is left.
CLEANER_NICENESS = 10


def _yield_to_parsing() -> None:
    """Pool initializer: lower the cleaning worker's priority (where the OS allows it)."""
    with contextlib.suppress(OSError):
        os.nice(CLEANER_NICENESS)


class Cleaner:
    """Cleans pages on one core or, for ``processes`` > 1 (None: every core), on a pool of
    worker processes kept for the cleaner's life (``with Cleaner(2) as cleaner: ...``). The
    pool starts with the first chunk large enough to share (``PARALLEL_MIN_PAGES``), so a few
    pages never wait for it. Workers are started fresh (spawn), so they are safe beside threads
    such as a progress display."""

    def __init__(self, processes: int | None = 1) -> None:
        self.processes = processes if processes is not None else available_cores()
        self._pool: Pool | None = None

    def __enter__(self) -> Cleaner:
        return self

    @property
    def started(self) -> bool:
        """Whether the pool of cleaning workers has started."""
        return self._pool is not None

    def __exit__(self, *_exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def submit(
        self, pages: Sequence[Page], profiles: Mapping[str, SiteProfile]
    ) -> Iterator[Article | Failure]:
        """Each page's article (or failure), in order, as they are ready. On a pool the work
        starts at once, so the caller can go on (parse the previous chunk) while it runs."""
        if self.processes <= 1 or len(pages) < PARALLEL_MIN_PAGES:
            return (clean_page(page, profiles) for page in pages)
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = context.Pool(self.processes, initializer=_yield_to_parsing)
        chunk = max(1, len(pages) // (4 * self.processes))
        return self._pool.imap(partial(clean_page, profiles=profiles), pages, chunksize=chunk)


def _store_profiles(store: Store, pages: Sequence[Page]) -> dict[str, SiteProfile]:
    lines_by_site: dict[str, set[str]] = defaultdict(set)
    keys_by_site: dict[str, set[str]] = defaultdict(set)
    for page in pages:
        site = site_of(page.url)
        if site:
            lines_by_site[site] |= site_lines(page)
            keys_by_site[site].add(page_key(page))
    known, counted = store.site_profiles(lines_by_site, keys_by_site)
    return profiles_for(pages, known, counted)


def ingest(
    store: Store,
    items: Iterable[Page | Failure],
    on_item: Callable[[str], None] | None = None,
    reader: EventReader | None = None,
    cleaner: Cleaner | None = None,
    languages: frozenset[str] | None = None,
) -> IngestReport:
    """Clean pages, read their events and positions (with a ``reader``), and store them;
    failures are collected and the batch goes on.

    Each page is stored in its own transaction with its article, events and positions (and
    the shifts they make in the ledger); pages already stored (same content) are left as they
    are. Once all are stored, the stories of the blocks their events joined are rebuilt.
    ``on_item`` is called with each input's name once it is handled. Articles reach the reader
    as one stream, so its worker processes start once for the whole batch. With
    ``languages``, articles identified as in another language are left out (those too short
    to tell are kept).
    """
    report = IngestReport()
    prepared = _prepared(store, items, cleaner or Cleaner())
    # Pages that could not be cleaned: if another page of this batch with the same content
    # is stored, each is another address of it (as a later run would find it), else a failure.
    unclean: list[tuple[Page, Failure]] = []
    for item, result, reading in _with_readings(prepared, reader):
        if isinstance(item, Failure):
            report.failed.append(item)
        elif result is None:
            _store_address(store, item, report)
        elif isinstance(result, Failure):
            unclean.append((item, result))
        elif isinstance(result, Article) and not in_languages(result, languages):
            report.other_language.append((item.name, result.language or "unknown"))
        else:
            _store_page(store, item, result, reading, report, read=reader is not None)
        if on_item is not None:
            on_item(item.source if isinstance(item, Failure) else item.name)
    for page, failure in unclean:
        if store.has_page(page.content_hash):
            _store_address(store, page, report)
        else:
            report.failed.append(failure)
    report.stories_rebuilt = store.update_stories()
    return report


Prepared = tuple[Page | Failure, Article | Failure | None]


def _prepared(
    store: Store, items: Iterable[Page | Failure], cleaner: Cleaner
) -> Iterator[Prepared]:
    """Each input with its cleaning result (None: already stored), a chunk at a time.

    A chunk's site profiles count the pages of the chunks before it as well: with events read
    as a stream, those may not be stored yet when the next chunk is cleaned, and the result
    must not depend on that (the store's own counts are not counted twice).
    """
    return _chunked(
        items,
        cleaner,
        is_new=lambda page: not store.has_page(page.content_hash),
        profiles=lambda pages: _store_profiles(store, pages),
    )


def clean_stream(
    items: Iterable[Page | Failure], cleaner: Cleaner | None = None
) -> Iterator[Article | Failure]:
    """Clean a stream of any length without a store, in input order: each page's Article or
    Failure, and each input Failure as it is. Site profiles come from each chunk and the
    chunks before it, and the next chunk is cleaned while this one is consumed."""
    for item, result in _chunked(items, cleaner or Cleaner(), lambda _page: True, profiles_for):
        if isinstance(item, Failure):
            yield item
        elif result is not None:
            yield result


def profiled_chunks(
    items: Iterable[Page | Failure],
    is_new: Callable[[Page], bool],
    profiles: Callable[[list[Page]], dict[str, SiteProfile]],
) -> Iterator[tuple[list[Page | Failure], list[Page], dict[str, SiteProfile]]]:
    """The inputs a chunk at a time, each chunk with its new pages and the site profiles they
    are cleaned with: computed from its new pages and those of the ``UNSTORED_CHUNKS`` chunks
    before it. Every way of cleaning a batch (here, and ``pipeline.batch``) chunks it so."""
    iterator = iter(items)
    earlier: deque[list[Page]] = deque(maxlen=UNSTORED_CHUNKS)
    while chunk := list(islice(iterator, CHUNK_PAGES)):
        fresh = [item for item in chunk if isinstance(item, Page) and is_new(item)]
        seen = [page for pages_before in earlier for page in pages_before]
        yield chunk, fresh, profiles(seen + fresh) if fresh else {}
        earlier.append(fresh)


def _chunked(
    items: Iterable[Page | Failure],
    cleaner: Cleaner,
    is_new: Callable[[Page], bool],
    profiles: Callable[[list[Page]], dict[str, SiteProfile]],
) -> Iterator[Prepared]:
    """Each input with the cleaning result of its page (None: not new), a chunk at a time,
    the next chunk cleaning while the caller works on this one."""
    in_flight: deque[tuple[list[Page | Failure], list[Page], Iterator[Article | Failure]]] = deque()
    for chunk, fresh, chunk_profiles in profiled_chunks(items, is_new, profiles):
        in_flight.append((chunk, fresh, cleaner.submit(fresh, chunk_profiles)))
        if len(in_flight) > CHUNKS_AHEAD:
            yield from _results(*in_flight.popleft())
    while in_flight:
        yield from _results(*in_flight.popleft())


def _results(
    chunk: Sequence[Page | Failure], fresh: Sequence[Page], results: Iterator[Article | Failure]
) -> Iterator[Prepared]:
    """A chunk's inputs with the cleaning results of its ``fresh`` pages (in their order)."""
    fresh_ids = {id(page) for page in fresh}
    for item in chunk:
        yield item, next(results) if id(item) in fresh_ids else None


def with_readings(
    entries: Iterable[T], article_of: Callable[[T], Article | None], reader: EventReader | None
) -> Iterator[tuple[T, Reading | Failure | None]]:
    """Each entry in order with the reading of its article (None for an entry without one, or
    without a reader; a Failure where reading the article raised). The articles reach the
    reader as one stream, so its worker processes start once; its workers give back copies of
    the articles, so readings are paired with entries by their place in the stream, not by
    identity."""
    if reader is None:
        for entry in entries:
            yield entry, None
        return
    waiting: deque[tuple[T, bool]] = deque()

    def articles() -> Iterator[Article]:
        for entry in entries:
            article = article_of(entry)
            waiting.append((entry, article is not None))
            if article is not None:
                yield article

    for reading in reader.read_each(articles()):
        while waiting:
            entry, has_article = waiting.popleft()
            if has_article:
                yield entry, reading
                break
            yield entry, None
    while waiting:
        yield waiting.popleft()[0], None


def _with_readings(
    prepared: Iterable[Prepared], reader: EventReader | None
) -> Iterator[tuple[Page | Failure, Article | Failure | None, Reading | Failure | None]]:
    """The prepared inputs in order, each article with its reading."""

    def article_of(entry: Prepared) -> Article | None:
        return entry[1] if isinstance(entry[1], Article) else None

    for (item, result), reading in with_readings(prepared, article_of, reader):
        yield item, result, reading


def _store_page(
    store: Store,
    page: Page,
    result: Article | Failure,
    reading: Reading | Failure | None,
    report: IngestReport,
    *,
    read: bool,
) -> None:
    """Store one page with its reading, unless cleaning or reading it failed."""
    for failed in (result, reading):
        if isinstance(failed, Failure):
            report.failed.append(failed)
            return
    assert isinstance(result, Article)
    events = reading.events if reading else []
    positions = reading.positions if reading else []
    store_reading(store, page, result, events, positions, report, read=read)


def _store_address(store: Store, page: Page, report: IngestReport) -> None:
    """A page whose content is stored already: its address, if new to that page, is recorded
    as another of its addresses; whatever goes wrong is the page's Failure (an address that
    cannot be read as one too, as when the page was new)."""
    bad_address = _address_failure(page)
    if bad_address is not None:
        report.failed.append(bad_address)
        return
    try:
        added = store.add_address(page)
    except Exception as error:
        report.failed.append(failure_of(page.origin or page.name, "cannot store the page", error))
        return
    (report.new_addresses if added else report.unchanged).append(page.name)

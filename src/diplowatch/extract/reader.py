"""Articles -> events and positions: the spaCy pipeline and the extractor, loaded once and
used in batches.

On several cores each worker process loads the pipeline and the extractor once (through
``nlp.load_pipeline``, the one place that loads it), parses a chunk of articles and reads its
events and positions there, and sends back only the readings. Parsing with ``nlp.pipe(...,
n_process=N)`` instead would send every parsed ``Doc`` back to this process to be read here:
serialising and rebuilding the Docs, and reading them on one core, cost more than the parse.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import chain, islice
from multiprocessing.pool import AsyncResult

from spacy.language import Language

from diplowatch.config import available_cores
from diplowatch.extract.article import read_article
from diplowatch.extract.extractor import Extractor
from diplowatch.failures import failure_of
from diplowatch.nlp import NlpSettings, load_pipeline, parse_articles
from diplowatch.records import Article, Failure, Reading

# Articles a worker reads at a time, and chunks in flight per worker: enough to keep every
# worker busy, few enough that memory stays flat over a stream of any length.
CHUNK_ARTICLES = 4
CHUNKS_PER_WORKER = 3


# Articles a batch needs before worker processes pay for their start: each worker loads the
# pipeline and the tables (seconds) before it reads an article, and a few articles read in this
# process take less (bench/startup.py; see the README).
WORKERS_FROM_ARTICLES = 16


class EventReader:
    """The NLP pipeline and the extractor, turning articles into readings: in this process,
    where they are loaded on first use and kept, or on worker processes that load their own.

    ``settings.processes`` None: a batch of fewer than ``WORKERS_FROM_ARTICLES`` articles is
    read here, a larger one on as many workers as the machine has cores."""

    def __init__(
        self,
        settings: NlpSettings | None = None,
        nlp: Language | None = None,
        extractor: Extractor | None = None,
    ) -> None:
        self.settings = settings or NlpSettings()
        self._loaded = (nlp, extractor) if nlp is not None and extractor is not None else None
        self._lock = threading.Lock()

    @classmethod
    def load(cls, settings: NlpSettings | None = None) -> EventReader:
        """A reader with what it reads in this process loaded now (none where every batch goes
        to workers)."""
        reader = cls(settings)
        if reader.settings.processes is None or reader.settings.processes <= 1:
            reader.in_process()
        return reader

    @property
    def loaded(self) -> bool:
        """Whether the pipeline and the extractor are loaded in this process."""
        return self._loaded is not None

    def with_settings(self, settings: NlpSettings) -> EventReader:
        """The same pipeline and extractor (where loaded), read with other settings."""
        nlp, extractor = self._loaded or (None, None)
        return EventReader(settings, nlp, extractor)

    def in_process(self) -> tuple[Language, Extractor]:
        """The pipeline and the extractor of this process, loaded on first use."""
        with self._lock:
            if self._loaded is None:
                self._loaded = (
                    load_pipeline(self.settings.model),
                    Extractor.load(self.settings.judge, self.settings.cache),
                )
            return self._loaded

    def read(self, articles: Iterable[Article]) -> Iterator[Reading]:
        """Each article's events and positions, in order (none for languages not parsed)."""
        for reading in self._readings(articles, isolated=False):
            assert isinstance(reading, Reading), "only isolated reading gives failures"
            yield reading

    def read_each(self, articles: Iterable[Article]) -> Iterator[Reading | Failure]:
        """As ``read``, but an article whose reading raises is that article's Failure (the
        traceback logged at debug level) and the stream goes on."""
        return self._readings(articles, isolated=True)

    def _readings(
        self, articles: Iterable[Article], *, isolated: bool
    ) -> Iterator[Reading | Failure]:
        workers = self.settings.processes
        if workers is None:
            articles, workers = _workers_for(articles)
        if workers <= 1:
            nlp, extractor = self.in_process()
            return _read(nlp, extractor, replace(self.settings, processes=1), articles, isolated)
        return _read_on_workers(replace(self.settings, processes=workers), articles, isolated)


def _workers_for(articles: Iterable[Article]) -> tuple[Iterable[Article], int]:
    """The articles (the first few read ahead) and the processes they are worth: one for a
    batch under ``WORKERS_FROM_ARTICLES``, else every core."""
    iterator = iter(articles)
    ahead = list(islice(iterator, WORKERS_FROM_ARTICLES))
    if len(ahead) < WORKERS_FROM_ARTICLES:
        return ahead, 1
    return chain(ahead, iterator), available_cores()


def _read(
    nlp: Language,
    extractor: Extractor,
    settings: NlpSettings,
    articles: Iterable[Article],
    isolated: bool = False,
) -> Iterator[Reading | Failure]:
    for parsed in parse_articles(nlp, articles, settings):
        if parsed.error is not None:
            if not isolated:
                raise parsed.error
            yield failure_of(parsed.article.page, "cannot parse", parsed.error)
            continue
        try:
            reading: Reading | Failure = read_article(parsed, extractor)
        except Exception as error:
            if not isolated:
                raise
            reading = failure_of(parsed.article.page, "cannot read events", error)
        yield reading


# A worker process's own pipeline and extractor, set once by ``_start_worker`` when the process
# starts (the pool's initializer); nothing in this process writes it afterwards.
_WORKER: tuple[Language, Extractor, NlpSettings] | None = None


def _start_worker(settings: NlpSettings) -> None:
    global _WORKER
    _WORKER = (
        load_pipeline(settings.model),
        Extractor.load(settings.judge, settings.cache),
        replace(settings, processes=1),
    )


def _read_chunk(articles: list[Article], isolated: bool) -> list[Reading | Failure]:
    assert _WORKER is not None, "a reading worker starts with _start_worker"
    return list(_read(*_WORKER, articles, isolated))


def _read_on_workers(
    settings: NlpSettings, articles: Iterable[Article], isolated: bool
) -> Iterator[Reading | Failure]:
    """Chunks of articles read on a pool of fresh (spawned) workers, given back in order."""
    context = multiprocessing.get_context("spawn")
    iterator = iter(articles)
    chunks = iter(lambda: list(islice(iterator, CHUNK_ARTICLES)), [])
    in_flight: deque[AsyncResult[list[Reading | Failure]]] = deque()
    with context.Pool(settings.processes, _start_worker, (settings,)) as pool:
        for chunk in islice(chunks, settings.processes * CHUNKS_PER_WORKER):
            in_flight.append(pool.apply_async(_read_chunk, (chunk, isolated)))
        while in_flight:
            done = in_flight.popleft().get()
            following = next(chunks, None)
            if following is not None:
                in_flight.append(pool.apply_async(_read_chunk, (following, isolated)))
            yield from done

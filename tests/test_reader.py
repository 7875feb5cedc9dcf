"""Reading on several cores gives exactly what reading on one gives, in the same order; a batch
too small to pay for workers is read in this process, a larger one on every core."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from spacy.language import Language

from conftest import SEEDS
from diplowatch.config import available_cores
from diplowatch.extract.extractor import Extractor
from diplowatch.extract.reader import (
    CHUNK_ARTICLES,
    WORKERS_FROM_ARTICLES,
    EventReader,
    _workers_for,
)
from diplowatch.ingest import read_inputs
from diplowatch.nlp import NlpSettings
from diplowatch.pipeline.ingesting import PARALLEL_MIN_PAGES, Cleaner, clean_stream, ingest
from diplowatch.records import Article
from diplowatch.store import Store


def test_workers_read_what_one_process_reads(nlp: Language, extractor: Extractor) -> None:
    pages = [item for item in read_inputs([str(SEEDS)]) if not isinstance(item, Exception)]
    articles = [a for a in clean_stream(pages) if isinstance(a, Article)]
    # Enough copies for several chunks per worker, each under its own name.
    many = [
        dataclasses.replace(article, page=f"{article.page}#{copy}")
        for copy in range(2 * CHUNK_ARTICLES + 3)
        for article in articles
    ]
    one = EventReader(NlpSettings(processes=1), nlp, extractor)
    two = one.with_settings(NlpSettings(processes=2))
    alone = list(one.read(many))
    shared = list(two.read(many))
    assert [r.article.page for r in shared] == [a.page for a in many]
    assert shared == alone
    assert sum(len(r.events) for r in shared) > 0


def test_ingest_on_two_cores_stores_the_events_of_one(
    nlp: Language, extractor: Extractor, tmp_path: Path
) -> None:
    """Workers give back copies of the articles: ingest must still pair each page with its
    reading (it once matched them by identity and stored no events on two cores)."""
    one = EventReader(NlpSettings(processes=1), nlp, extractor)
    two = one.with_settings(NlpSettings(processes=2))
    stored = []
    for name, reader in (("one", one), ("two", two)):
        with Store(str(tmp_path / f"{name}.db")) as store:
            ingest(store, read_inputs([str(SEEDS)]), reader=reader)
            stored.append([(e.id, e.type, e.sentence) for e in store.events()])
    assert len(stored[0]) > 20
    assert stored[1] == stored[0]


def _articles(count: int) -> list[Article]:
    return [
        Article(f"p{n}.txt", None, None, f"t{n}", None, None, None, None, None, "en", ("Kyiv.",))
        for n in range(count)
    ]


def test_workers_start_only_for_a_batch_that_pays_for_them() -> None:
    few = _articles(WORKERS_FROM_ARTICLES - 1)
    ahead, workers = _workers_for(iter(few))
    assert workers == 1
    assert list(ahead) == few
    many = _articles(WORKERS_FROM_ARTICLES + 5)
    ahead, workers = _workers_for(iter(many))
    assert workers == available_cores()
    assert list(ahead) == many  # the articles read ahead are not lost, nor reordered


def test_a_reader_for_workers_loads_nothing_in_this_process() -> None:
    reader = EventReader.load(NlpSettings(processes=2))
    assert not reader.loaded
    assert EventReader(NlpSettings(processes=None)).loaded is False


def test_a_few_pages_never_start_the_cleaning_pool() -> None:
    pages = [p for p in read_inputs([str(SEEDS)]) if not isinstance(p, Exception)]
    assert len(pages) < PARALLEL_MIN_PAGES
    with Cleaner(2) as cleaner:
        cleaned = list(clean_stream(pages, cleaner))
        assert not cleaner.started
    assert len(cleaned) == len(pages)

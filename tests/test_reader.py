"""Reading on several cores gives exactly what reading on one gives, in the same order."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from spacy.language import Language

from conftest import SEEDS
from diplowatch.extract.extractor import Extractor
from diplowatch.extract.reader import CHUNK_ARTICLES, EventReader
from diplowatch.ingest import read_inputs
from diplowatch.nlp import NlpSettings
from diplowatch.pipeline.ingesting import clean_stream, ingest
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
    one = EventReader(nlp, extractor, NlpSettings(processes=1))
    two = dataclasses.replace(one, settings=NlpSettings(processes=2))
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
    one = EventReader(nlp, extractor, NlpSettings(processes=1))
    two = dataclasses.replace(one, settings=NlpSettings(processes=2))
    stored = []
    for name, reader in (("one", one), ("two", two)):
        with Store(str(tmp_path / f"{name}.db")) as store:
            ingest(store, read_inputs([str(SEEDS)]), reader=reader)
            stored.append([(e.id, e.type, e.sentence) for e in store.events()])
    assert len(stored[0]) > 20
    assert stored[1] == stored[0]

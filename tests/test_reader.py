"""Reading on several cores gives exactly what reading on one gives, in the same order."""

from __future__ import annotations

import dataclasses

from spacy.language import Language

from conftest import SEEDS
from diplowatch.extract.extractor import Extractor
from diplowatch.extract.reader import CHUNK_ARTICLES, EventReader
from diplowatch.ingest import read_inputs
from diplowatch.nlp import NlpSettings
from diplowatch.pipeline import clean_stream
from diplowatch.records import Article


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

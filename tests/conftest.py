"""Shared fixtures: the bundled seed pages, their gold reading and a fresh store per test."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from diplowatch.extract.article import Reading, read_article
from diplowatch.extract.extractor import Extractor
from diplowatch.nlp import load_pipeline, parse_articles
from diplowatch.records import Article
from diplowatch.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
GOLD = FIXTURES / "gold"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture
def gold_articles() -> dict[str, dict[str, Any]]:
    return {record["page"]: record for record in read_jsonl(GOLD / "articles.jsonl")}


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as opened:
        yield opened


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default English pipeline, loaded once for the whole test session."""
    return load_pipeline()


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The event lexicon and actor gazetteer, loaded once for the whole test session."""
    return Extractor.load()


def read_paragraphs(
    nlp: Language,
    extractor: Extractor,
    paragraphs: tuple[str, ...],
    *,
    page: str = "test.txt",
    published: date | None = None,
    **fields: Any,
) -> Reading:
    """Events and positions of an article made of ``paragraphs`` (published 2024-03-14 unless
    said otherwise); ``fields`` set other Article fields (captions, teasers)."""
    article = Article(
        page=page,
        url=f"https://example.org/news/{page}",
        site="example.org",
        title="Test",
        dek=None,
        section=None,
        byline=None,
        published=published or date(2024, 3, 14),
        published_source="metadata",
        language="en",
        paragraphs=paragraphs,
        page_hash=page.ljust(64, "0"),
        **fields,
    )
    (parsed,) = parse_articles(nlp, [article])
    return read_article(parsed, extractor)

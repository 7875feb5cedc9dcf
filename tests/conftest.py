"""Shared fixtures: the bundled seed pages, their gold reading and a fresh store per test."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from diplowatch.nlp import load_pipeline
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

"""Shared fixtures: the bundled seed pages, their gold reading and a fresh store per test, on
SQLite and on PostgreSQL (``db_url``; PostgreSQL through the admin URL in $DIPLOWATCH_TEST_PG)."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from spacy.language import Language

from diplowatch.extract.article import read_article
from diplowatch.extract.extractor import Extractor
from diplowatch.nlp import load_pipeline, parse_articles
from diplowatch.records import Article, Reading
from diplowatch.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
GOLD = FIXTURES / "gold"
# The admin URL of a PostgreSQL server whose role may create databases; see postgres_admin_url.
PG_VARIABLE = "DIPLOWATCH_TEST_PG"
# The back ends every store test runs on.
BACKENDS = ("sqlite", "postgresql")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture
def gold_articles() -> dict[str, dict[str, Any]]:
    return {record["page"]: record for record in read_jsonl(GOLD / "articles.jsonl")}


def postgres_admin_url() -> str:
    """The admin URL of the PostgreSQL server the tests make their databases on.

    Without ``$DIPLOWATCH_TEST_PG`` a PostgreSQL test is skipped, but fails under CI (``$CI``
    set, and not to ``false`` or ``0``), so that CI can never pass by silently leaving
    PostgreSQL out."""
    url = os.environ.get(PG_VARIABLE)
    if url:
        return url
    reason = (
        f"${PG_VARIABLE} is not set (an admin URL such as postgresql+psycopg://user:password@"
        "127.0.0.1:5432/postgres; .ci/run sets up a local server and sets it)"
    )
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"PostgreSQL tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason)


def _drop(admin: sa.Engine, name: str) -> None:
    """Drop a test database, ending its sessions; an autovacuum worker that has just started
    on it may take a moment to go, so a refusal is tried again."""
    for attempt in range(20):
        try:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except sa.exc.DBAPIError:
            if attempt == 19:
                raise
            time.sleep(0.25)


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test (a unique name, so parallel test workers
    never meet), dropped afterwards with whatever connections are still open to it."""
    admin_url = sa.make_url(postgres_admin_url())
    name = f"dw_test_{uuid.uuid4().hex}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield admin_url.set(database=name).render_as_string(hide_password=False)
        finally:
            _drop(admin, name)
    finally:
        admin.dispose()


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of a new, empty database on ``backend`` (``sqlite``: a file in ``folder``;
    ``postgresql``: see ``postgres_database``)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'store.db'}"
    elif backend == "postgresql":
        with postgres_database() as url:
            yield url
    else:
        raise ValueError(f"unknown back end {backend!r}")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The back end a store test runs on; every test that takes it (or ``db_url``, or
    ``store``) runs once on each, with the ids ``sqlite`` and ``postgresql``."""
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on the test's back end."""
    with fresh_database(backend, tmp_path) as url:
        yield url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database URL, for a test about PostgreSQL only."""
    with postgres_database() as url:
        yield url


# A test about SQLite only (a file, its pragmas, a killed writer): its back end is SQLite alone.
sqlite_only = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A store on a fresh database of the test's back end, closed before its database goes."""
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

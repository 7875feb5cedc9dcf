"""The store: idempotent ingest, versions of a changed page, consistency after a crash, writers
at the same time, and the same results on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from conftest import SEEDS, fresh_database, sqlite_only
from diplowatch.config import default_db_url
from diplowatch.errors import StoreError
from diplowatch.ingest import read_inputs
from diplowatch.pipeline.ingesting import clean_page, ingest
from diplowatch.records import (
    Actor,
    Article,
    DateMention,
    Event,
    Page,
    Participant,
    Place,
    Position,
)
from diplowatch.store import Store, as_db_url
from diplowatch.store.database import shown_url
from outlets import day_of, page_and_article, ties_event

PARAGRAPH = (
    "Negotiators from both delegations met for a {n}th round of talks on {day}, officials said, "
    "and agreed to exchange prisoners and to keep the grain corridor open through the winter."
)


def _page(number: int, url: str | None = None, extra: str = "") -> Page:
    body = "\n\n".join(PARAGRAPH.format(n=number, day=day) for day in ("Monday", "Friday"))
    text = f"Home\n\nRound {number} of talks ends\n\n{body}{extra}\n\nContact us"
    return Page(name=f"page-{number}.txt", content=text, kind="text", url=url)


def test_ingesting_the_same_pages_twice_changes_nothing(store: Store) -> None:
    first = ingest(store, read_inputs([str(SEEDS)]))
    counts = store.counts()
    second = ingest(store, read_inputs([str(SEEDS)]))
    assert (len(first.new), len(first.unchanged)) == (2, 0)
    assert (len(second.new), len(second.unchanged)) == (0, 2)
    assert store.counts() == counts


def test_changed_page_at_the_same_url_is_a_new_version(store: Store) -> None:
    url = "https://example.org/2024/02/03/talks"
    ingest(store, [_page(1, url)])
    report = ingest(store, [_page(1, url, extra="\n\nThe talks resume on Monday, they said.")])
    assert len(report.new) == 1
    versions = sorted(item.version for item in store.articles())
    assert versions == [1, 2]


def test_site_line_counts_are_kept_and_not_counted_twice(store: Store) -> None:
    pages = [_page(number, f"https://example.org/{number}") for number in range(3)]
    ingest(store, pages)
    ingest(store, pages)
    with store.engine.connect() as connection:
        rows = dict(
            connection.execute(
                sa.text("select line, pages from site_lines where site = 'example.org'")
            ).all()
        )
    assert rows["Home"] == rows["Contact us"] == 3
    assert rows["Round 1 of talks ends"] == 1


def test_store_url_defaults_and_plain_paths() -> None:
    assert default_db_url({}) == "sqlite:///diplowatch.db"
    given = {"DIPLOWATCH_DB": "postgresql://db.example/diplowatch"}
    assert default_db_url(given) == "postgresql://db.example/diplowatch"
    assert as_db_url("some/where.db") == "sqlite:///some/where.db"
    # psycopg (3) is the PostgreSQL driver diplowatch installs; SQLAlchemy's default is psycopg2.
    assert as_db_url("postgresql://db.example/dw") == "postgresql+psycopg://db.example/dw"
    assert as_db_url("postgres://db.example/dw") == "postgresql+psycopg://db.example/dw"
    assert as_db_url("postgresql+psycopg://db.example/dw") == "postgresql+psycopg://db.example/dw"


def test_store_errors_never_show_the_password() -> None:
    url = "postgresql://reader:s3cret@127.0.0.1:1/diplowatch"
    assert shown_url(url) == "postgresql://reader:***@127.0.0.1:1/diplowatch"
    with pytest.raises(StoreError) as raised:
        Store(url)
    assert "s3cret" not in str(raised.value)
    assert str(raised.value).startswith("postgresql+psycopg://reader:***@127.0.0.1:1/diplowatch:")


@sqlite_only
def test_sqlite_store_uses_wal_and_foreign_keys(store: Store) -> None:
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def _write_batch(folder: Path, count: int) -> None:
    folder.mkdir()
    with (folder / "pages.jsonl").open("w", encoding="utf-8") as out:
        for number in range(count):
            page = _page(number)
            record = {"id": page.name, "url": f"https://example.org/{number}", "text": page.content}
            out.write(json.dumps(record) + "\n")


def _stored_pages(database: Path) -> int:
    try:
        with sqlite3.connect(database, timeout=5) as connection:
            return connection.execute("select count(*) from pages").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _ingest_command(folder: Path, database: Path) -> list[str]:
    return [sys.executable, "-m", "diplowatch", "ingest", str(folder), "--db", str(database)]


def test_killed_ingest_leaves_a_consistent_store_that_a_rerun_completes(tmp_path: Path) -> None:
    count = 1500
    folder, database = tmp_path / "batch", tmp_path / "store.db"
    _write_batch(folder, count)
    process = subprocess.Popen(
        _ingest_command(folder, database), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while _stored_pages(database) < 50 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the batch finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        pages, articles = connection.execute(
            "select (select count(*) from pages), (select count(*) from articles)"
        ).fetchone()
    assert 50 <= pages < count
    assert pages == articles

    rerun = subprocess.run(
        _ingest_command(folder, database), capture_output=True, text=True, check=True
    )
    assert f"{count - pages} new, {pages} unchanged, 0 failed" in rerun.stderr
    with Store(as_db_url(str(database))) as store:
        stored = [item.article.page for item in store.articles()]
        counts = store.counts()
    assert sorted(stored) == sorted(f"page-{number}.txt" for number in range(count))
    assert counts["pages"] == counts["articles"] == counts["site_pages"] == count


def test_cleaner_learns_a_sites_template_from_pages_already_stored(store: Store) -> None:
    appeal = "Our reporting depends on readers like you, so please give today."
    closing = PARAGRAPH.format(n=9, day="Sunday")
    pages = [
        _page(number, f"https://example.org/{number}", extra=f"\n\n{appeal}\n\n{closing}")
        for number in range(3)
    ]
    alone = clean_page(pages[2])
    assert isinstance(alone, Article) and appeal in alone.paragraphs

    for page in pages:
        ingest(store, [page])
    latest = next(store.articles(limit=1)).article
    assert latest.page == "page-2.txt"
    assert appeal not in latest.paragraphs
    assert appeal in latest.template


def test_events_are_stored_with_their_page_and_read_back_unchanged(store: Store) -> None:
    page = _page(1, "https://example.org/2024/08/09/talks")
    article = clean_page(page)
    assert isinstance(article, Article)
    kyiv = Actor("UKRGOV", "Ukraine", "UKR", "GOV")
    event = Event(
        id="0123456789abcdef",
        page=page.name,
        url=page.url,
        sentence_index=0,
        sentence=article.paragraphs[0],
        evidence="Negotiators from both delegations met",
        source=Participant("Negotiators", kyiv),
        target=None,
        type="CONSULT",
        mode=None,
        date=DateMention("on Monday", date(2024, 8, 5), date(2024, 8, 5), "day"),
        location=Place("Geneva", "CHE", 46.2, 6.15),
        attribution="officials",
        certainty="reported",
        negated=False,
        cameo="040",
        goldstein=1.0,
    )
    assert store.add(page, article, [event]) == "new"
    assert list(store.events()) == [event]
    assert list(store.events(page="other")) == []
    assert store.add(page, article, [event]) == "unchanged"
    assert store.counts()["events"] == 1


def test_events_keep_their_confidence_and_events_without_one_keep_none(store: Store) -> None:
    url = "https://example.org/2024/08/06/niger"
    page, article = page_and_article(url, "Niger cut ties.\n\nMali did too.", date(2024, 8, 6))
    judged = replace(
        ties_event(url, url, "Niger cut ties.", day_of("on Monday", date(2024, 8, 5))),
        confidence=0.8412345678901234,
    )
    unjudged = replace(ties_event(url, url, "Mali did too.", None), sentence_index=1)
    assert store.add(page, article, [judged, unjudged]) == "new"
    stored = list(store.events())
    assert stored == [judged, unjudged]
    assert [event.confidence for event in stored] == [0.8412345678901234, None]


def _position(page: Page, number: int, stance: str, day: date | None) -> Position:
    kyiv, moscow = Actor("UKRGOV", "Ukraine", "UKR", "GOV"), Actor("RUSGOV", "Russia", "RUS", "GOV")
    when = DateMention(day.isoformat(), day, day, "day") if day else None
    return Position(
        id=f"{page.name}-{number}",
        page=page.name,
        url=page.url,
        sentence_index=number,
        sentence=f"Sentence {number}.",
        evidence=f"Sentence {number}",
        actor=Participant("Kyiv", kyiv),
        counterparts=(Participant("Moscow", moscow),),
        issue="talks",
        stance=stance,  # type: ignore[arg-type]
        conditions=("the withdrawal of all troops",) if stance == "conditional" else (),
        date=when,
        certainty="asserted",
        placed=day,
    )


def test_positions_and_shifts_are_stored_whatever_order_pages_come_in(
    backend: str, tmp_path: Path
) -> None:
    pages = [_page(n, f"https://example.org/2024/0{n}/01/talks") for n in (1, 2, 3)]
    stances = [("refuses", date(2024, 1, 5)), ("conditional", date(2024, 3, 1)),
               ("open", date(2024, 2, 1))]  # fmt: skip
    readings = []
    for page, (stance, day) in zip(pages, stances, strict=True):
        article = clean_page(page)
        assert isinstance(article, Article)
        readings.append((page, article, _position(page, 0, stance, day)))
    results = []
    for name, order in (("a", readings), ("b", readings[::-1])):
        with fresh_database(backend, tmp_path / name) as url, Store(url) as store:
            for page, article, position in order:
                store.add(page, article, [], [position])
            assert [p.stance for p in store.positions()] == ["refuses", "open", "conditional"]
            found = store.shifts("UKR")
            results.append([(s.before.stance, s.after.stance, s.date) for s in found])
            assert store.positions("RUS") == [] and store.shifts("RUS") == []
            assert store.positions()[-1].conditions == ("the withdrawal of all troops",)
    assert results[0] == results[1]
    assert [(before, after) for before, after, _date in results[0]] == [
        ("refuses", "open"),
        ("open", "conditional"),
    ]


def test_ingest_stores_the_seed_pages_positions_and_their_shift(store: Store) -> None:
    from diplowatch.extract.reader import EventReader

    ingest(store, read_inputs([str(SEEDS)]), reader=EventReader.load())
    assert len(store.positions()) >= 5
    changes = [(s.actor, s.counterpart, s.before.stance, s.after.stance) for s in store.shifts()]
    assert ("UKR", "RUS", "refuses", "conditional") in changes
    again = ingest(store, read_inputs([str(SEEDS)]), reader=EventReader.load())
    assert again.new == [] and store.counts()["shifts"] == len(changes)


def _talks(number: int) -> tuple[Page, Article, Event, Position]:
    """A page of one site with its article, an event of one story block and a position of one
    ledger: what writers at the same time contend for."""
    page = _page(number, f"https://example.org/2024/08/0{number % 9 + 1}/talks-{number}")
    article = clean_page(page)
    assert isinstance(article, Article)
    sentence = article.paragraphs[0]
    event = ties_event(page.name, page.url or "", sentence, day_of("on Monday", date(2024, 8, 5)))
    stance = ("refuses", "open", "conditional")[number % 3]
    position = _position(page, 0, stance, date(2024, 1, 1) + timedelta(days=number))
    return page, article, event, position


def _summary(store: Store) -> dict[str, Any]:
    """What the store holds, independent of the order pages came in (stories rebuilt)."""
    store.update_stories()
    with store.engine.connect() as connection:
        lines = connection.execute(sa.text("select site, line, pages from site_lines")).all()
    return {
        "counts": store.counts(),
        "lines": sorted(tuple(row) for row in lines),
        "shifts": [(s.before.id, s.after.id, s.date) for s in store.shifts()],
        "stories": [(s.id, s.corroboration, len(s.reports)) for s in store.stories()],
    }


def test_writers_at_the_same_time_store_what_one_writer_stores(
    backend: str, db_url: str, tmp_path: Path
) -> None:
    items = [_talks(number) for number in range(12)]
    with fresh_database(backend, tmp_path / "serial") as url, Store(url) as serial:
        for page, article, event, position in items:
            serial.add(page, article, [event], [position])
        expected = _summary(serial)
    writers = [Store(db_url) for _ in range(2)]
    together = threading.Barrier(len(writers), timeout=60)

    def write(index: int) -> None:
        """Add every other page, then rebuild the stories, both at the same time as the other
        writer; a writer that fails breaks the barrier so that the other one does not wait."""
        try:
            together.wait()
            for page, article, event, position in items[index :: len(writers)]:
                assert writers[index].add(page, article, [event], [position]) == "new"
            together.wait()
            writers[index].update_stories()
        except BaseException:
            together.abort()
            raise

    try:
        with ThreadPoolExecutor(len(writers)) as pool:
            done = [pool.submit(write, index) for index in range(len(writers))]
        failures = [error for future in done if (error := future.exception()) is not None]
        # The writer that failed first, not the one it left waiting at the barrier.
        failures.sort(key=lambda error: isinstance(error, threading.BrokenBarrierError))
        if failures:
            raise failures[0]
        assert _summary(writers[0]) == expected
    finally:
        for writer in writers:
            writer.close()


def test_listings_have_one_order_on_every_back_end(store: Store) -> None:
    """Undated shifts first (SQLite puts NULLs first, PostgreSQL last), and events of one
    sentence by id (the database would give them in any order)."""
    pages = [_page(n, f"https://example.org/ledger/{n}") for n in (1, 2, 3)]
    days = (None, None, date(2024, 3, 1))
    for page, stance, day in zip(pages, ("refuses", "open", "conditional"), days, strict=True):
        article = clean_page(page)
        assert isinstance(article, Article)
        store.add(page, article, [], [_position(page, 0, stance, day)])
    found = store.shifts()
    assert [(s.before.stance, s.after.stance, s.after.placed) for s in found] == [
        ("refuses", "open", None),
        ("open", "conditional", date(2024, 3, 1)),
    ]
    page, article = page_and_article("https://example.org/two-events", "Two events.", None)
    sentence = "Niger cut diplomatic ties with Ukraine and expelled its envoy."
    event = ties_event(page.name, page.name, sentence, None)
    both = [replace(event, id="b" * 16), replace(event, id="a" * 16, type="EXPEL")]
    store.add(page, article, both)
    assert [e.id for e in store.events(page=page.name)] == ["a" * 16, "b" * 16]


def test_text_with_a_nul_character_is_stored_alike_on_every_back_end(store: Store) -> None:
    """PostgreSQL refuses NUL in text: it is stored as U+FFFD on every back end."""
    body = "Niger cut ties\x00 with Ukraine."
    page, article = page_and_article("https://example.org/nul", body, date(2024, 8, 6))
    event = ties_event(page.name, page.name, body, None)
    assert store.add(page, article, [event]) == "new"
    assert store.add(page, article, [event]) == "unchanged"
    (stored,) = store.events()
    assert stored.sentence == "Niger cut ties\ufffd with Ukraine."
    assert stored == replace(event, sentence=stored.sentence)
    assert next(store.articles()).article.paragraphs == (body,)  # JSON escapes it


def test_times_come_back_in_utc(store: Store) -> None:
    page, article = page_and_article("https://example.org/when", "Talks.", date(2024, 8, 6))
    store.add(page, article)
    (stored,) = store.articles()
    assert stored.ingested_at.tzinfo == UTC
    assert abs(datetime.now(UTC) - stored.ingested_at) < timedelta(minutes=5)


def test_an_actor_id_longer_than_32_characters_is_stored(store: Store) -> None:
    """Actor ids of long organisation and person names ("org:" + a slug of the name) have no
    bound on their length; PostgreSQL enforces a column's bound where SQLite ignores it."""
    long = Actor("org:" + "international-association-of-agricultural", "Long", "NER", "NGO")
    page, article = page_and_article("https://example.org/long", "Long.", date(2024, 8, 6))
    event = ties_event(page.name, page.name, "The association cut ties.", None, source=long)
    assert store.add(page, article, [event]) == "new"
    assert list(store.events()) == [event]

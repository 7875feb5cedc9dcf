"""The same content arriving under a new address: recorded as another address of the stored
page, with the date it came with, and counted as such; nothing else is stored twice."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from typer.testing import CliRunner

from diplowatch.cli import app
from diplowatch.pipeline.ingesting import ingest
from diplowatch.records import Article, Page
from diplowatch.store import Store

FIRST = "https://www.news.example/2024/08/06/niger-cuts-ties-with-ukraine"
MOVED = "https://www.news.example/africa/niger-ukraine-ties"
COPY = "https://wire.example/niger-ukraine"
FETCHED = datetime(2024, 8, 7, 9, 30, tzinfo=UTC)
TEXT = (
    "Niger cuts diplomatic ties with Ukraine\n\n"
    "Niger's military junta has announced it is cutting diplomatic ties with Ukraine, accusing "
    "Kyiv of supporting the rebels behind a deadly attack on Malian troops last month.\n\n"
    "The decision follows a similar move by Mali's government earlier this week, after a "
    "spokesman for Ukraine's military intelligence suggested that Kyiv had helped the rebels.\n"
)
PAGE = Page("niger.txt", TEXT, "text", url=FIRST, published=date(2024, 8, 6))


def test_the_same_content_at_a_new_address_is_another_address_of_the_stored_page(
    store: Store,
) -> None:
    assert ingest(store, [PAGE]).new == ["niger.txt"]
    counts = store.counts()
    moved = replace(PAGE, name="moved", url=MOVED, published=date(2024, 8, 7), fetched_at=FETCHED)
    report = ingest(store, [moved])
    assert (report.new, report.new_addresses, report.unchanged) == ([], ["moved"], [])
    assert store.counts() == {**counts, "page_addresses": 1}
    [address] = store.addresses(PAGE.content_hash)
    assert (address.url, address.name, address.published, address.fetched_at) == (
        MOVED,
        "moved",
        date(2024, 8, 7),
        FETCHED,
    )
    [stored] = store.articles()
    assert stored.article.url == FIRST


def test_an_address_known_already_or_no_address_changes_nothing(store: Store) -> None:
    ingest(store, [PAGE])
    again = [PAGE, replace(PAGE, name="no address", url=None), replace(PAGE, url=MOVED)]
    report = ingest(store, again)
    assert (report.new_addresses, report.unchanged) == (["niger.txt"], ["niger.txt", "no address"])
    report = ingest(store, [replace(PAGE, url=MOVED), replace(PAGE, name="copy", url=COPY)])
    assert (report.new_addresses, report.unchanged) == (["copy"], ["niger.txt"])
    assert [address.url for address in store.addresses(PAGE.content_hash)] == [MOVED, COPY]
    assert store.addresses("0" * 64) == []


def test_two_addresses_of_one_content_in_one_batch(store: Store) -> None:
    report = ingest(store, [PAGE, replace(PAGE, name="copy", url=COPY)])
    assert (report.new, report.new_addresses) == (["niger.txt"], ["copy"])
    assert store.add(replace(PAGE, name="moved", url=MOVED), _article(store)) == "new address"
    assert store.add(replace(PAGE, url=MOVED), _article(store)) == "unchanged"


def _article(store: Store) -> Article:
    return next(iter(store.articles())).article


def test_the_ingest_summary_counts_the_new_address(tmp_path: Path) -> None:
    page = tmp_path / "niger.txt"
    page.write_text(TEXT, encoding="utf-8")
    database = str(tmp_path / "store.db")
    runner = CliRunner()
    command = ["ingest", str(page), "--db", database, "--no-events"]
    first = runner.invoke(app, [*command, "--url", FIRST])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, [*command, "--url", MOVED])
    assert second.exit_code == 0, second.output
    assert "0 new, 1 new address for a stored page, 0 unchanged, 0 failed" in second.stderr
    third = runner.invoke(app, [*command, "--url", MOVED])
    assert "0 new, 1 unchanged, 0 failed" in third.stderr


def test_an_address_stored_with_a_nul_in_it_is_known_the_next_time(store: Store) -> None:
    # Found by the fuzzing suite: the store keeps a NUL as U+FFFD, so the address is compared
    # where it is stored, never in Python.
    page = replace(PAGE, url="https://www.news.example/niger\x00ukraine")
    assert ingest(store, [page]).new == ["niger.txt"]
    assert ingest(store, [page]).unchanged == ["niger.txt"]
    assert store.addresses(PAGE.content_hash) == []


def test_an_unreadable_address_for_stored_content_is_a_failure_each_time(store: Store) -> None:
    # Found by the fuzzing suite: the content stored under one address, then met under one that
    # cannot be read (a port that is not a number), fails as it did when it was new.
    ingest(store, [PAGE])
    for _ in range(2):
        report = ingest(store, [replace(PAGE, name="bad", url="http://a:x/")])
        assert [failure.source for failure in report.failed] == ["bad"]
        assert report.new_addresses == report.unchanged == []
    assert store.addresses(PAGE.content_hash) == []

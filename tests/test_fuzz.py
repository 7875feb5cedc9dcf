"""The fuzzing suite: hostile inputs through the public entry points (``clean_stream``, the
batch reader, ``ingest``, feeds, ``POST /api/pages``); each input is an Article or a Failure,
never an exception, and the store stays consistent. The examples that found crashes are kept
as explicit examples. ``DIPLOWATCH_FUZZ_EXAMPLES`` sets how many each test draws (default 30);
``bench/fuzz.py --examples N`` is the long run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import fuzzing
from diplowatch.records import Page
from diplowatch.store import Store
from diplowatch.web import WebSettings, create_app

EXAMPLES = int(os.environ.get("DIPLOWATCH_FUZZ_EXAMPLES", "30"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TOKEN = "a-long-enough-secret-token"
# What issue 16's fuzzer crashed on: htmldate's assertion, an address urlsplit refuses.
SVG_ROOT = Page("svg.html", '<svg><aside><header datetime="9999-99-99">', "html")
BAD_ADDRESS = Page("page.txt", "Talks resumed in Doha on Tuesday.", "text", url="http://[::1")
# What the 20,000-example run found: one content twice in a batch, read as raw text (no article)
# and as a body (an article), at two addresses; ingesting again recorded the first address then.
TWICE = "12 Comments\n\n?\nF\U000ebef8¬\U000fedabÎ\x1f\x03¤@"
SAME_CONTENT = [
    Page("page", TWICE, "text", url="//example.org/a"),
    Page("page", TWICE, "body", url="http://[::ffff:127.0.0.1]/", title="O"),
]


@FUZZ
@given(st.lists(fuzzing.pages(), max_size=5))
@example([SVG_ROOT, BAD_ADDRESS])
def test_clean_stream_gives_an_article_or_a_failure_for_every_page(items: list[Page]) -> None:
    fuzzing.check_clean_stream(items)


@FUZZ
@given(fuzzing.input_files())
@example([("0-records.jsonl", b'{"id": "x", "url": "http://[::1", "text": "Talks resumed."}')])
@example([("0-\x1b[2J\n.txt", "Ministers met.".encode("utf-16-le"))])
def test_the_batch_reader_reads_any_folder(files: list[tuple[str, bytes]]) -> None:
    fuzzing.check_read_inputs(files)


@FUZZ
@given(fuzzing.feed_bytes)
def test_a_feed_gives_entries_or_says_it_is_none(data: bytes) -> None:
    fuzzing.check_feed(data)


def test_ingest_keeps_the_store_consistent(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'store.db'}") as store:

        @FUZZ
        @given(st.lists(fuzzing.pages(), max_size=4))
        @example([SVG_ROOT, BAD_ADDRESS])
        @example(SAME_CONTENT)
        def ingest_any(items: list[Page]) -> None:
            fuzzing.check_ingest(store, items)

        ingest_any()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("fuzz") / "web.db"
    with TestClient(create_app(WebSettings(f"sqlite:///{db}", token=TOKEN))) as opened:
        yield opened


def test_post_of_any_record_is_201_or_422(client: TestClient) -> None:
    @settings(FUZZ, max_examples=max(5, EXAMPLES // 3))
    @given(fuzzing.posted)
    @example({"id": "x", "url": "http://[::1", "text": "Talks resumed."})
    @example({"id": "svg", "html": '<svg><aside><header datetime="9999-99-99">'})
    def post_any(body: dict[str, object]) -> None:
        fuzzing.check_post(client, TOKEN, body)

    post_any()


def test_a_page_that_cannot_be_cleaned_is_an_address_of_its_content_stored_in_the_batch(
    tmp_path: Path,
) -> None:
    from diplowatch.pipeline import ingest

    with Store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        first = ingest(store, SAME_CONTENT)
        assert (len(first.new), len(first.new_addresses), first.failed) == (1, 1, [])
        again = ingest(store, SAME_CONTENT)
        assert again.new == again.new_addresses == [] and len(again.unchanged) == 2

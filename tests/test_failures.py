"""One bad input never stops a batch: whatever goes wrong while reading, cleaning, parsing or
storing one input is that input's Failure with a one-line reason, and the rest goes on."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import spacy
from fastapi.testclient import TestClient
from spacy.language import Language
from typer.testing import CliRunner

from diplowatch.cli import app
from diplowatch.extract import reader as reader_module
from diplowatch.extract.extractor import Extractor
from diplowatch.extract.reader import EventReader
from diplowatch.failures import failure_of, one_line
from diplowatch.ingest import files as files_module
from diplowatch.ingest import read_inputs
from diplowatch.nlp import NlpSettings, parse_articles, pieces
from diplowatch.pipeline import ingesting
from diplowatch.pipeline.ingesting import clean_page, ingest
from diplowatch.records import Article, Failure, Page
from diplowatch.sites import site_of
from diplowatch.store import Store
from diplowatch.web import WebSettings, create_app

PROSE = (
    "The foreign ministers of both countries met in Geneva on Tuesday to discuss a ceasefire, "
    "and their aides said the talks would resume next week after consultations at home."
)


def _article(name: str, *paragraphs: str) -> Article:
    return Article(
        page=name, url=None, site=None, title=None, dek=None, section=None, byline=None,
        published=None, published_source=None, language="en", paragraphs=paragraphs,
    )  # fmt: skip


def _text_page(name: str, url: str | None = None) -> Page:
    return Page(name, f"Ministers meet\n\n{PROSE}\n\n{PROSE}\n", "text", url=url, origin=name)


def test_one_line_reason_names_the_class_and_collapses_the_message() -> None:
    assert one_line(RuntimeError("a\n  b")) == "RuntimeError: a b"
    assert one_line(AssertionError()) == "AssertionError"
    assert len(one_line(ValueError("x" * 5000))) == 300


def test_failure_logs_the_traceback_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="diplowatch.failures")
    try:
        raise KeyError("lost")
    except KeyError as error:
        failure = failure_of("page.html", "cannot clean the page", error)
    assert failure == Failure("page.html", "cannot clean the page: KeyError: 'lost'")
    (record,) = caplog.records
    assert record.levelno == logging.DEBUG and record.exc_info is not None


def test_markup_that_trips_htmldate_keeps_its_article() -> None:
    # htmldate's cleaning asserts on a tree whose root is <svg>: the body is still read.
    later = PROSE.replace("Tuesday", "Wednesday")
    html = f"<svg><html><body><article><p>{PROSE}</p><p>{later}</p></article></body></html>"
    article = clean_page(Page("odd.html", html, "html"))
    assert isinstance(article, Article)
    assert article.paragraphs == (PROSE, later)


def test_tiny_page_that_trips_htmldate_is_a_failure_not_an_exception() -> None:
    html = '<svg><aside><header datetime="9999-99-99">'
    assert clean_page(Page("tiny.html", html, "html")) == Failure(
        "tiny.html", "no article text found"
    )


def test_any_exception_while_cleaning_is_the_page_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(page: Page, _profile: object) -> Article:
        raise RuntimeError(f"cannot cope with {page.name}")

    monkeypatch.setattr(ingesting, "clean", broken)
    assert clean_page(_text_page("bad.txt")) == Failure(
        "bad.txt", "cannot clean the page: RuntimeError: cannot cope with bad.txt"
    )


def test_page_with_an_unreadable_address_is_a_failure_saying_so() -> None:
    assert site_of("http://[::1") is None
    assert clean_page(_text_page("page.txt", url="http://[::1")) == Failure(
        "page.txt", "bad 'url': not a valid address (Invalid IPv6 URL)"
    )


def test_jsonl_record_with_an_unreadable_address_fails_alone(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    lines = [
        {"id": "bad", "url": "http://[::1", "text": PROSE},
        {"id": "good", "url": "https://example.org/a", "text": PROSE},
    ]
    records.write_text("\n".join(json.dumps(line) for line in lines), "utf-8")
    bad, good = read_inputs([str(records)])
    assert bad == Failure(f"{records}:1", "bad 'url': not a valid address (Invalid IPv6 URL)")
    assert isinstance(good, Page) and good.name == "good"


def test_unreadable_url_option_is_one_line_and_exit_2(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PROSE, "utf-8")
    result = CliRunner().invoke(app, ["clean", str(page), "--url", "http://[::1"])
    assert result.exit_code == 2
    assert result.stderr == ("error: --url 'http://[::1': not a valid address (Invalid IPv6 URL)\n")


def test_exception_while_reading_one_file_ends_that_file_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text(PROSE, "utf-8")
    (tmp_path / "b.txt").write_text(PROSE, "utf-8")
    real = files_module.decode_bytes

    def decode(data: bytes, source: str) -> tuple[str, str]:
        if source.endswith("a.txt"):
            raise LookupError("no codec")
        return real(data, source)

    monkeypatch.setattr(files_module, "decode_bytes", decode)
    first, second = read_inputs([str(tmp_path)])
    assert first == Failure(str(tmp_path / "a.txt"), "cannot read: LookupError: no codec")
    assert isinstance(second, Page) and second.name == "b.txt"


def test_exception_while_storing_one_page_fails_it_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pages = [_text_page(f"{n}.txt") for n in range(3)]
    pages = [Page(p.name, p.content + p.name, p.kind, origin=p.name) for p in pages]
    with Store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        real = store.add

        def add(page: Page, article: Article, *args: object) -> str:
            if page.name == "1.txt":
                raise OverflowError("Python int too large to convert to SQLite INTEGER")
            return real(page, article, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(store, "add", add)
        report = ingest(store, pages)
        assert report.new == ["0.txt", "2.txt"]
        assert report.failed == [
            Failure(
                "1.txt",
                "cannot store the page: OverflowError: Python int too large to convert to "
                "SQLite INTEGER",
            )
        ]
        assert store.counts()["pages"] == 2


def test_exception_while_reading_events_fails_that_article_only(
    monkeypatch: pytest.MonkeyPatch, nlp: Language, extractor: Extractor
) -> None:
    real = reader_module.read_article

    def read(parsed: object, found: Extractor) -> object:
        if parsed.article.page == "b":  # type: ignore[attr-defined]
            raise IndexError("list index out of range")
        return real(parsed, found)  # type: ignore[arg-type]

    monkeypatch.setattr(reader_module, "read_article", read)
    articles = [_article(name, PROSE) for name in "abc"]
    reader = EventReader(NlpSettings(), nlp, extractor)
    results = list(reader.read_each(articles))
    assert [type(result).__name__ for result in results] == ["Reading", "Failure", "Reading"]
    assert results[1] == Failure("b", "cannot read events: IndexError: list index out of range")
    with pytest.raises(IndexError):
        list(reader.read(articles))


def test_paragraph_over_spacy_max_length_is_parsed_whole() -> None:
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    paragraph = " ".join([PROSE] * (blank.max_length // len(PROSE) + 50))
    assert len(paragraph) > blank.max_length
    (parsed,) = parse_articles(blank, [_article("long", paragraph)])
    (doc,) = parsed.docs
    assert doc.text == paragraph
    assert doc[-1].idx + len(doc[-1]) == len(paragraph)


@Language.component("raises_on_boom")
def _raises_on_boom(doc: spacy.tokens.Doc) -> spacy.tokens.Doc:
    if "BOOM" in doc.text:
        raise ValueError(f"[E999] cannot handle {doc.text[:10]!r}")
    return doc


@pytest.mark.parametrize("batch_size", [1, 2, 64])
def test_a_parser_error_fails_its_article_and_the_stream_goes_on(batch_size: int) -> None:
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    blank.add_pipe("raises_on_boom")
    articles = [
        _article("a", PROSE, PROSE),
        _article("b", PROSE, "BOOM goes the parser.", PROSE),
        _article("c", PROSE),
        _article("d", "BOOM " + " ".join([PROSE] * 3)),
        _article("e", PROSE, PROSE, PROSE),
    ]
    settings = NlpSettings(batch_size=batch_size)
    parsed = list(parse_articles(blank, articles, settings))
    assert [p.article.page for p in parsed] == ["a", "b", "c", "d", "e"]
    assert [len(p.docs) for p in parsed] == [2, 0, 1, 0, 3]
    assert [type(p.error).__name__ for p in parsed] == [
        "NoneType", "ValueError", "NoneType", "ValueError", "NoneType"
    ]  # fmt: skip
    assert [doc.text for doc in parsed[4].docs] == [PROSE] * 3


def test_a_parser_error_is_the_article_failure_in_an_isolated_read() -> None:
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    blank.add_pipe("raises_on_boom")
    reader = EventReader(NlpSettings(reader="rules"), blank, Extractor.load("rules"))
    articles = [_article("a", PROSE), _article("b", "BOOM."), _article("c", PROSE)]
    results = list(reader.read_each(articles))
    assert [type(result).__name__ for result in results] == ["Reading", "Failure", "Reading"]
    assert results[1] == Failure("b", "cannot parse: ValueError: [E999] cannot handle 'BOOM.'")
    with pytest.raises(ValueError, match="E999"):
        list(reader.read(articles))


def test_pieces_cut_at_sentence_then_clause_then_space_and_join_back() -> None:
    assert pieces("One two. Three, four five.", 12) == ["One two. ", "Three, ", "four five."]
    assert pieces("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    text = " ".join([PROSE] * 40)
    cut = pieces(text, 1000)
    assert "".join(cut) == text and all(len(piece) <= 1000 for piece in cut)
    assert all(piece.endswith(". ") for piece in cut[:-1])


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (
            {"id": "x", "url": "http://[::1", "text": PROSE},
            "request: bad 'url': not a valid address (Invalid IPv6 URL)",
        ),
        ({"id": "svg", "html": "<svg><html>"}, "request: no article text found"),
    ],
)
def test_post_of_a_bad_page_is_422_with_the_reason(
    tmp_path: Path, record: dict[str, str], reason: str
) -> None:
    token = "a-long-enough-secret-token"
    app = create_app(WebSettings(f"sqlite:///{tmp_path / 'web.db'}", token=token))
    with TestClient(app) as client:
        answer = client.post(
            "/api/pages", json=record, headers={"authorization": f"Bearer {token}"}
        )
    assert answer.status_code == 422
    assert answer.json() == {"detail": reason}

"""clean_html: body, metadata and date precedence on small hand-made pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from diplowatch.clean.html import clean_html
from diplowatch.errors import InputError
from diplowatch.records import Page

FIXTURES = Path(__file__).parent / "fixtures" / "html"
ARTICLE_URL = "https://www.example-times.com/world/envoys-agree"
DATED_URL = "https://news.example.org/2021/05/03/ceasefire-talks-stall"


def _page(name: str, url: str | None = None, published: date | None = None) -> Page:
    content = (FIXTURES / name).read_text(encoding="utf-8")
    return Page(name=name, content=content, kind="html", url=url, published=published)


def test_article_body_and_metadata() -> None:
    article = clean_html(_page("article.html", ARTICLE_URL))
    assert article.paragraphs == (
        "Negotiators from both governments agreed on Tuesday to exchange two hundred prisoners "
        "of war, the first such deal since the fighting began more than a year ago.",
        "The agreement, brokered by a neutral mediator over three days of closed meetings, sets "
        "the first swap for next week and a second one a month later if the first goes well.",
        "Officials on both sides cautioned that the deal does not amount to a ceasefire, and "
        "that talks on the wider conflict would resume only after the exchanges are complete.",
    )
    assert article.title == "Envoys agree on prisoner exchange in Geneva talks"
    assert article.byline == "Jane Doe"
    assert article.section == "World"
    assert article.dek == "A first swap of detainees is set for next week, officials said."
    assert article.captions == ("Delegates arrive at the Palais des Nations in Geneva.",)
    assert article.site == "example-times.com"
    assert article.language == "en"
    assert (article.published, article.published_source) == (date(2023, 3, 14), "html")


def test_date_from_metadata_beats_url_and_html() -> None:
    article = clean_html(_page("dated_url.html", DATED_URL, published=date(2021, 5, 1)))
    assert (article.published, article.published_source) == (date(2021, 5, 1), "metadata")


def test_date_from_url_beats_html() -> None:
    article = clean_html(_page("dated_url.html", DATED_URL))
    assert (article.published, article.published_source) == (date(2021, 5, 3), "url")
    assert article.title == "Ceasefire talks stall over border line"
    assert article.paragraphs[0].startswith("Talks on a ceasefire stalled on Sunday")
    assert len(article.paragraphs) == 2


def test_date_from_html_when_url_has_none() -> None:
    article = clean_html(_page("dated_url.html", "https://news.example.org/ceasefire"))
    assert (article.published, article.published_source) == (date(2021, 5, 2), "html")


def test_page_without_article_has_no_paragraphs() -> None:
    article = clean_html(_page("no_article.html", "https://example-times.com/"))
    assert article.paragraphs == ()
    assert article.language is None
    assert (article.published, article.published_source) == (None, None)


def test_malformed_html_does_not_crash() -> None:
    article = clean_html(_page("malformed.html"))
    assert article.title == "Odd"
    assert article.paragraphs[-1] == (
        "Talks resumed in Vienna on Monday with delegations from all parties present at the "
        "table for the first time since the collapse of the previous round in the spring."
    )
    assert article.site is None


@pytest.mark.parametrize("content", ["", "   ", "<<<>>>", "plain words", "\x00\x01", "<html/>"])
def test_degenerate_content_gives_empty_article(content: str) -> None:
    article = clean_html(Page(name="odd", content=content, kind="html"))
    assert article.paragraphs == ()
    assert article.captions == ()


def test_parser_errors_become_input_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("unreadable tree")

    monkeypatch.setattr("diplowatch.clean.html.trafilatura.bare_extraction", broken)
    content = (FIXTURES / "article.html").read_text(encoding="utf-8")
    page = Page(name="page.html", content=content, kind="html", origin="batch.jsonl:3")
    with pytest.raises(InputError) as raised:
        clean_html(page)
    assert raised.value.source == "batch.jsonl:3"


DEEP_PROSE = (
    "The foreign ministers of both countries met in Geneva on Tuesday to discuss a ceasefire, "
    "and their aides said the talks would resume next week after consultations at home."
)


@pytest.mark.parametrize("depth", [250, 254, 256, 1000, 2047, 2049, 3000, 20000])
def test_an_article_nested_deep_is_kept(depth: int) -> None:
    later = DEEP_PROSE.replace("Tuesday", "Monday")
    article = f"<article><h1>Ministers meet</h1><p>{DEEP_PROSE}</p><p>{later}</p></article>"
    body = "<div>" * depth + article + "</div>" * depth
    html = f"<!doctype html><html><head><title>Ministers meet</title></head><body>{body}</body>"
    found = clean_html(Page("deep.html", html + "</html>", "html"))
    assert found.title == "Ministers meet"
    assert found.paragraphs == (DEEP_PROSE, later)

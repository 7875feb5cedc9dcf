"""The raw-text cleaner: the seed pages read as the gold says, and no line is ever lost."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import SEEDS
from diplowatch.clean.lines import normalise_whitespace
from diplowatch.clean.text import clean_text
from diplowatch.cli import app
from diplowatch.pipeline.ingesting import clean_stream
from diplowatch.records import Article, Page

GOLD_FIELDS = ("title", "dek", "section", "paragraphs", "captions", "related", "teasers")


def _normalised(value: Any) -> Any:
    if isinstance(value, list):
        return [normalise_whitespace(item) for item in value]
    return normalise_whitespace(value) if isinstance(value, str) else value


def _clean_command(*args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["clean", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_clean_command_reproduces_the_gold_articles(gold_articles: dict[str, Any]) -> None:
    printed = _clean_command(str(SEEDS))
    assert sorted(record["page"] for record in printed) == sorted(gold_articles)
    for record in printed:
        gold = gold_articles[record["page"]]
        assert record["url"] == gold["url"]
        assert record["published"] == gold["published"]
        for field in GOLD_FIELDS:
            assert _normalised(record[field]) == _normalised(gold[field]), field


def test_clean_command_prints_exactly_the_documented_keys() -> None:
    printed = _clean_command(str(SEEDS / "000_66a379bae4211006.txt"))
    assert list(printed[0]) == [
        "page", "url", "site", "title", "dek", "section", "byline", "published",
        "language", "paragraphs", "captions", "related", "teasers",
    ]  # fmt: skip
    assert printed[0]["language"] == "en"
    assert printed[0]["site"] == "responsiblestatecraft.org"


def test_url_and_published_options_override_the_sidecar() -> None:
    printed = _clean_command(
        str(SEEDS / "000_66a379bae4211006.txt"),
        "--url",
        "https://example.org/news/story",
        "--published",
        "2023-01-02",
    )
    assert printed[0]["url"] == "https://example.org/news/story"
    assert printed[0]["site"] == "example.org"
    assert printed[0]["published"] == "2023-01-02"


def test_teaser_text_never_gives_the_publication_date() -> None:
    # Without metadata or a dated URL the seed's date is unknown: its teasers carry other dates.
    text = (SEEDS / "001_043af3880d060a39.txt").read_text("utf-8")
    article = clean_text(Page(name="page.txt", content=text, kind="text"))
    assert article.published is None
    assert article.published_source is None


def _roles(article: Article) -> Counter[str]:
    """Every page line the article placed somewhere, counted."""
    return Counter(article.placed_lines())


def _page_lines(text: str) -> Counter[str]:
    lines = (normalise_whitespace(line) for line in text.splitlines())
    return Counter(line for line in lines if line)


# Generated pages: words from a small vocabulary, assembled as a news site lays pages out.
WORDS = (
    "talks ministers ceasefire border army envoy summit agreement leaders offensive sanctions "
    "capital region officials government pressure grain convoy dialogue corridor republic "
    "negotiators withdrawal frontline delegation parliament statement weapons"
).split()
word = st.sampled_from(WORDS)


@st.composite
def sentence(draw: st.DrawFn, low: int, high: int) -> str:
    words = draw(st.lists(word, min_size=low, max_size=high))
    return " ".join(words).capitalize() + "."


@st.composite
def headline(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(word, min_size=4, max_size=10))).capitalize()


def paragraph(low: int = 16, high: int = 40) -> st.SearchStrategy[str]:
    return (
        st.lists(sentence(8, 20), min_size=1, max_size=3)
        .map(" ".join)
        .filter(lambda text: low <= len(text.split()) <= high * 3)
    )


@st.composite
def site_pages(draw: st.DrawFn) -> tuple[list[str], list[list[str]], list[str], list[str]]:
    """Two pages of one site: (page texts, bodies, template lines, teaser titles).

    Titles and paragraphs are distinct across the site, as on real pages; navigation, footer and
    the teasers' closing prompt are shared by both pages.
    """
    navigation = ["Home", "World News", "Subscribe now", "Follow us on social"]
    footer = ["About us", "Privacy policy", "Contact the newsroom"]
    prompt = draw(st.sampled_from(["Continue reading", "See the story", "More from us"]))
    titles = iter(draw(st.lists(headline(), min_size=8, max_size=8, unique=True)))
    paragraphs = iter(draw(st.lists(paragraph(), min_size=18, max_size=18, unique=True)))
    advert = "Advertisement"
    texts, bodies, teaser_titles = [], [], []
    for _ in range(2):
        body = [next(paragraphs) for _ in range(draw(st.integers(2, 6)))]
        teasers = [next(titles) for _ in range(draw(st.integers(2, 3)))]
        with_advert = list(body)
        with_advert.insert(draw(st.integers(1, len(body) - 1)), advert)
        lines = [*navigation, next(titles), "Europe", *with_advert]
        for number, teaser in enumerate(teasers):
            image = [f"teaser-image-{number}.jpg", "Photo credit: Agency/Photographer"]
            lines += [*draw(st.sampled_from([[], image])), teaser, next(paragraphs), prompt]
        lines += footer
        texts.append("\n\n".join(lines))
        bodies.append(body)
        teaser_titles += teasers
    return texts, bodies, [*navigation, *footer, prompt, advert], teaser_titles


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(site_pages())
def test_generated_pages_keep_every_line_once_and_only_body_in_body(
    generated: tuple[list[str], list[list[str]], list[str], list[str]],
) -> None:
    texts, bodies, template_lines, teaser_titles = generated
    pages = [
        Page(name=f"p{number}.txt", content=text, kind="text", url=f"https://news.test/{number}")
        for number, text in enumerate(texts)
    ]
    articles = list(clean_stream(pages))
    for text, body, article in zip(texts, bodies, articles, strict=True):
        assert isinstance(article, Article)
        assert _roles(article) == _page_lines(text)
        assert list(article.paragraphs) == body
        assert article.section == "Europe"
        assert not set(article.paragraphs) & (set(template_lines) | set(teaser_titles))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120),
        max_size=40,
    )
)
def test_any_text_keeps_every_non_blank_line_exactly_once(lines: list[str]) -> None:
    text = "\n".join(lines)
    article = clean_text(Page(name="any.txt", content=text, kind="text"))
    assert _roles(article) == _page_lines(text)

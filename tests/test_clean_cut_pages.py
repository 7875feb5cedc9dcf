"""Pages as web stores keep them: cut short, and with the headline line printed twice (once as the
page's title, once as its heading). Every such page keeps its headline as the title.

The pages under ``fixtures/cut/`` are written for these tests: three in the layout of the seeds'
publication (navigation, an image's file name, headline, standfirst, section, body, related links,
footer), a wire story with a byline and a date line, and a blog post below a menu.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from diplowatch.clean.lines import normalise_whitespace
from diplowatch.ingest.files import page_from_record
from diplowatch.pipeline.ingesting import clean_page
from diplowatch.records import Article, Failure, Page

FIXTURES = Path(__file__).parent / "fixtures" / "cut"
PAGES = {
    "ceasefire": (
        "https://statecraft.example/2024/03/04/envoys-press-for-a-gaza-ceasefire-before-ramadan",
        "Envoys press for a Gaza ceasefire before Ramadan",
    ),
    "grain": (
        "https://statecraft.example/2023/07/18/russia-quits-the-black-sea-grain-deal",
        "Russia quits the Black Sea grain deal",
    ),
    "summit": (
        "https://statecraft.example/2024/06/16/a-peace-summit-without-russia",
        "A peace summit without Russia",
    ),
    "wire": (
        "https://wire.example/world/sudan-talks-resume-in-jeddah",
        "Sudan talks resume in Jeddah",
    ),
    "blog": (
        "https://notes.example/posts/2024/05/why-the-corridor-matters",
        "Why the corridor matters",
    ),
}
# Cut points per page form: every 1/CUTS of it, from the first such point on.
CUTS = 20


def _forms(text: str, headline: str) -> dict[str, str]:
    """The page as written, with its headline printed twice in a row, and headed by its
    headline (a store writing the page's title above its text)."""
    lines = text.splitlines()
    at = lines.index(headline)
    return {
        "as written": text,
        "headline twice": "\n".join([*lines[: at + 1], "", headline, *lines[at + 1 :]]),
        "headline first": "\n".join([headline, "", *lines]),
    }


def _cut_pages(name: str) -> Iterator[tuple[str, Page]]:
    url, headline = PAGES[name]
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    for form, content in _forms(text, headline).items():
        for step in range(1, CUTS + 1):
            cut = content[: len(content) * step // CUTS]
            for address in (url, None):
                label = f"{form}, cut at {step}/{CUTS}, {'with' if address else 'no'} address"
                yield label, Page(f"{name}.txt", cut, "text", url=address)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_page_cut_short_or_with_its_headline_twice_keeps_its_headline(name: str) -> None:
    headline = PAGES[name][1]
    titles: dict[str, str | None] = {}
    for label, page in _cut_pages(name):
        result = clean_page(page)
        if isinstance(result, Article):
            titles[label] = result.title
    # Only pages cut before their body has any run of prose have no article.
    assert len(titles) >= 2 * 3 * CUTS * 0.6
    assert {label: title for label, title in titles.items() if title != headline} == {}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_second_copy_of_the_headline_is_template_and_no_line_is_lost(name: str) -> None:
    headline = PAGES[name][1]
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    written = clean_page(Page(f"{name}.txt", text, "text"))
    content = _forms(text, headline)["headline twice"]
    twice = clean_page(Page(f"{name}.txt", content, "text"))
    assert isinstance(written, Article) and isinstance(twice, Article)
    assert (twice.title, twice.dek, twice.section, twice.byline) == (
        written.title,
        written.dek,
        written.section,
        written.byline,
    )
    assert twice.paragraphs == written.paragraphs
    assert twice.template.count(headline) == 1
    page_lines = Counter(line for line in map(normalise_whitespace, content.splitlines()) if line)
    assert Counter(twice.placed_lines()) == page_lines


def test_a_navigation_line_printed_twice_above_the_headline_is_not_taken_for_it() -> None:
    page = Page(
        "summit.txt",
        "Menu\nWorld news today\nWorld news today\n"
        + (FIXTURES / "summit.txt").read_text(encoding="utf-8").split("\n", 3)[3],
        "text",
    )
    result = clean_page(page)
    assert isinstance(result, Article)
    assert result.title == "A peace summit without Russia"


@pytest.mark.parametrize(
    ("text", "title", "paragraphs"),
    [
        (
            "Ties cut again\n\nNiger's junta has cut ties with Ukraine, accusing Kyiv of",
            "Ties cut again",
            ("Niger's junta has cut ties with Ukraine, accusing Kyiv of",),
        ),
        (
            "Ties cut again\nTies cut again\n\nNiger's junta has cut ties with Ukraine.",
            "Ties cut again",
            ("Niger's junta has cut ties with Ukraine.",),
        ),
        (
            "Niger's junta has cut ties.\n\nUkraine regrets the decision",
            None,
            ("Niger's junta has cut ties.", "Ukraine regrets the decision"),
        ),
        ("Niger cuts ties with Ukraine", None, ("Niger cuts ties with Ukraine",)),
    ],
)
def test_a_records_text_cut_short_keeps_its_headline(
    text: str, title: str | None, paragraphs: tuple[str, ...]
) -> None:
    result = clean_page(page_from_record({"id": "niger", "text": text}, "batch.jsonl:1"))
    assert isinstance(result, Article), result
    assert (result.title, result.paragraphs) == (title, paragraphs)


def test_a_records_own_title_comes_before_a_different_opening_line() -> None:
    record = {
        "id": "niger",
        "title": "Niger and Ukraine",
        "text": "Ties cut again\n\nNiger's junta",
    }
    result = clean_page(page_from_record(record, "batch.jsonl:1"))
    assert not isinstance(result, Failure)
    assert (result.title, result.paragraphs) == (
        "Niger and Ukraine",
        ("Ties cut again", "Niger's junta"),
    )

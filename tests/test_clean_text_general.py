"""The raw-text cleaner on small invented pages laid out unlike the seed site.

Each fixture under ``fixtures/text/`` is a whole page flattened to text as a browser's innerText
gives it: a wire story with a dateline, advertisement slots inside the body, subheadings with a
"Related:" link and a cookie/newsletter footer, a blog post followed by readers' comments, and a
standfirst, photo caption and byline between the headline and the body. The cleaner must read them
by general rules: line shapes, positions, conventional cue words and the URL's slug.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from diplowatch.clean.lines import normalise_whitespace
from diplowatch.clean.text import clean_text
from diplowatch.records import Article, Page

FIXTURES = Path(__file__).parent / "fixtures" / "text"

URLS = {
    "wire_dateline": "https://news.example.org/article/ukraine-poland-grain-talks-border-2024",
    "ads_in_body": (
        "https://www.example-times.com/europe/2024/03/04/ceasefire-monitors-arrive-disputed-valley"
    ),
    "subheadings_related": "https://review.example.net/analysis/new-trade-corridor-region",
    "comments_below": "https://blog.example.com/2024/05/02/notes-from-the-donor-conference/",
    "standfirst_caption": "https://www.example-record.co.uk/world/envoys-return-to-talks",
}


def _page(name: str) -> Page:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    return Page(name=f"{name}.txt", content=text, kind="text", url=URLS[name])


def _clean(name: str) -> Article:
    return clean_text(_page(name))


def _starts(lines: tuple[str, ...]) -> list[str]:
    """The first five words of each line: enough to tell paragraphs apart in assertions."""
    return [" ".join(line.split()[:5]) for line in lines]


@pytest.mark.parametrize("name", sorted(URLS))
def test_every_line_keeps_exactly_one_role(name: str) -> None:
    page = _page(name)
    article = clean_text(page)
    page_lines = Counter(
        line for line in (normalise_whitespace(raw) for raw in page.content.splitlines()) if line
    )
    assert Counter(article.placed_lines()) == page_lines


def test_wire_story_with_dateline_byline_and_date_line() -> None:
    article = _clean("wire_dateline")
    assert article.title == "Ukraine and Poland agree to resume talks on grain at the border"
    assert article.byline == "By Olena Marchuk and Tomasz Nowak"
    assert article.dek is None
    assert _starts(article.paragraphs) == [
        "KYIV, Ukraine (AP) — Ukrainian",
        "The agreement, announced after a",
        "“We have found a way",
        "Farmers had argued that cheap",
        "Associated Press writer Jan Kowalski",
    ]
    assert "Updated 9:14 AM GMT, March 3, 2024" in article.template
    assert "Sign in" in article.template
    assert "Copyright 2024 The Associated Press. All Rights Reserved." in article.template
    assert article.related == (
        "Storm closes schools across the north",
        "Central bank holds rates steady",
    )
    assert article.captions == ()


def test_advertisement_slots_inside_the_body_are_template() -> None:
    article = _clean("ads_in_body")
    assert article.title == "Ceasefire monitors arrive in the disputed valley"
    assert article.byline == "By Jane Okafor"
    assert article.dek is None
    assert article.section is None
    assert _starts(article.paragraphs) == [
        "Twenty international monitors arrived in",
        "The monitors will patrol both",
        "Local officials on both sides",
        "The mission's mandate runs for",
    ]
    assert article.captions == (
        "Monitors unload equipment at a checkpoint on Monday. Photo: Marta Lind/Reuters",
    )
    for furniture in (
        "ADVERTISEMENT",
        "Advertisement",
        "Story continues below advertisement",
        "Share this article",
    ):
        assert furniture in article.template
    assert article.teasers == ()


def test_subheadings_related_link_and_newsletter_footer() -> None:
    article = _clean("subheadings_related")
    assert article.title == "Why the new trade corridor matters for the region"
    assert article.dek == (
        "A rail link across three countries could reshape regional trade, "
        "but the politics remain fragile."
    )
    assert article.byline == "By Samir Haddad"
    assert _starts(article.paragraphs) == [
        "The rail corridor agreed last",
        "Officials from all three governments",
        "What the deal covers",
        "The agreement covers the construction",
        "Financing will come from a",
        "The risks ahead",
        "Analysts warn that the project",
        "A change of government in",
    ]
    assert article.related == ("Related: Regional leaders meet to discuss border reopening",)
    # The cookie notice above the headline and the newsletter box below the body are template.
    assert any(line.startswith("We use cookies") for line in article.template)
    assert "Sign up for our weekly newsletter" in article.template
    assert "Get our best analysis in your inbox every Friday." in article.template
    assert "© 2024 Regional Affairs Review" in article.template


def test_readers_comments_below_the_post_are_not_body() -> None:
    article = _clean("comments_below")
    assert article.title == "Notes from the donor conference"
    assert article.byline == "Posted on May 2, 2024 by Lena Fischer"
    assert _starts(article.paragraphs) == [
        "The donor conference ended on",
        "Several delegations said they would",
        "The agencies said they would",
    ]
    assert article.teasers == ()
    assert article.related == ()
    assert "14 Comments" in article.template
    assert "May 2, 2024 at 10:14 am" in article.template
    assert any(line.startswith("The figures are published") for line in article.template)


def test_standfirst_photo_caption_and_byline_before_the_body() -> None:
    article = _clean("standfirst_caption")
    assert article.title == "Envoys return to the table after months of silence"
    assert article.dek == (
        "The talks, hosted by a neutral capital, are the first direct contact between the "
        "delegations this year."
    )
    assert article.section == "World | Middle East"
    assert article.byline == "By Hannah Lee, diplomatic correspondent"
    assert article.captions == (
        "Delegates arrive for the first session of talks on Tuesday.",
        "Credit: Photo by Omar Said for the Daily Record",
    )
    assert _starts(article.paragraphs) == [
        "Envoys from both governments sat",
        "The two delegations met for",
        "Neither side released a statement",
    ]
    assert article.related == ("Read more: How the last round of talks collapsed",)

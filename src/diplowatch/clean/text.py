"""Raw scraped text pages -> articles.

A scraped text page is a whole web page flattened to lines: navigation, the headline, the
standfirst, a section label, the body, captions, links to related stories, teaser blocks of other
stories and a footer. ``clean_text`` gives every non-blank line exactly one role, from the line's
shape (``diplowatch.clean.lines``), its place on the page, teaser-block structure
(``diplowatch.clean.teasers``) and how often it recurs across the site (``SiteProfile``). The body
is the main run of prose (by words, below the headline when the URL's slug names it), continued
across short interruptions such as captions, advertisement slots and inline link boxes.

The work is split by part of the page: ``diplowatch.clean.layout`` holds the lines and their
roles, ``diplowatch.clean.header`` the headline, title, dek, section and byline,
``diplowatch.clean.body`` the body and what trails it; this module marks teaser blocks and puts
the article together.

``bench/text_cleaner_benchmark.py`` measures how well this generalises beyond the seed site.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from diplowatch.clean.body import find_body, mark_after_body, mark_body
from diplowatch.clean.header import find_headline, mark_header
from diplowatch.clean.language import detect_language
from diplowatch.clean.layout import Layout, Role
from diplowatch.clean.lines import normalise_whitespace
from diplowatch.clean.metadata_lines import published_precision, read_metadata_lines
from diplowatch.clean.teasers import TeaserBlock, find_teaser_blocks
from diplowatch.dates import publication_date
from diplowatch.records import Article, Page, SiteProfile
from diplowatch.sites import site_of


def _mark_teaser_blocks(layout: Layout, blocks: Sequence[TeaserBlock]) -> None:
    for block in blocks:
        for index in range(block.start, block.end + 1):
            if layout.lines[index]:
                layout.assign(index, "teaser" if index == block.title else "template")


def _regions(blocks: Sequence[TeaserBlock], total: int) -> list[tuple[int, int]]:
    """The stretches of the page between teaser blocks, as ``(start, limit)`` pairs."""
    regions: list[tuple[int, int]] = []
    start = 0
    for block in blocks:
        if block.start > start:
            regions.append((start, block.start))
        start = block.end + 1
    if start < total:
        regions.append((start, total))
    return regions


def _collect(layout: Layout, role: Role) -> tuple[str, ...]:
    return tuple(
        line for line, assigned in zip(layout.lines, layout.roles, strict=True) if assigned == role
    )


def _first(layout: Layout, role: Role) -> str | None:
    found = _collect(layout, role)
    return found[0] if found else None


def clean_text(page: Page, profile: SiteProfile | None = None) -> Article:
    """Read a raw scraped text page as an article; every non-blank line keeps one role.

    ``profile`` tells which lines recur on other pages of the same site (template). Metadata
    lines heading the page (``date 2024-08-07``, see ``diplowatch.clean.metadata_lines``) give
    its date, address and title where the page's own metadata does not, and are template.
    """
    recurs = profile.recurs if profile is not None else (lambda _line: False)
    page_lines = [normalise_whitespace(raw) for raw in page.content.splitlines()]
    head = read_metadata_lines(page_lines)
    # The metadata lines are read apart, so no other part of the page can take them.
    layout = Layout(
        ["" if index < head.end else line for index, line in enumerate(page_lines)], recurs
    )
    total = len(layout.lines)
    blocks = find_teaser_blocks(layout.lines, recurs)
    _mark_teaser_blocks(layout, blocks)

    url = page.url or head.url
    given_title = page.title or head.title
    known_title = normalise_whitespace(given_title) if given_title else None
    headline = find_headline(layout, url, known_title)
    body = find_body(layout, _regions(blocks, total), headline)
    written: date | None = None
    # What is neither header, body nor its trailing links (the rest of the page: navigation,
    # footers, the stretches between teaser blocks and between parts of the body) is template.
    if body:
        written = mark_header(layout, body[0][0], known_title, headline)
        for start, limit in body:
            body_end = mark_body(layout, start, limit)
        mark_after_body(layout, body_end, body[-1][1])
    for index in range(total):
        if layout.undecided(index):
            layout.assign(index, "template")

    paragraphs = _collect(layout, "paragraph")
    published, published_source = publication_date(
        page.published, url, from_body=written, from_page=head.published
    )
    title = _first(layout, "title") or known_title
    return Article(
        page=page.name,
        url=url,
        site=site_of(url),
        title=title,
        dek=_first(layout, "dek"),
        section=_first(layout, "section"),
        byline=_first(layout, "byline"),
        published=published,
        published_source=published_source,
        published_precision=published_precision(page, head, published_source),
        language=detect_language(" ".join(paragraphs) or (title or "")),
        paragraphs=paragraphs,
        captions=_collect(layout, "caption"),
        related=_collect(layout, "related"),
        teasers=_collect(layout, "teaser"),
        template=(
            *(line for line in page_lines[: head.end] if line),
            *_collect(layout, "template"),
        ),
        page_hash=page.content_hash,
    )

"""Text that is already an article's body (a JSONL record's ``text``): its paragraphs as they
stand, blank lines between them, nothing taken for template. A single sentence is an article
of one paragraph: the user asked for it to be read. A headline heading the text (a line of a
few words without a full stop, printed once or twice, with text below it) is its title, as it
is on a page cut short before its body."""

from __future__ import annotations

import re

from diplowatch.clean.language import detect_language
from diplowatch.clean.lines import is_headline, normalise_whitespace, word_count
from diplowatch.clean.metadata_lines import published_precision, read_metadata_lines
from diplowatch.dates import publication_date
from diplowatch.records import Article, Page
from diplowatch.sites import site_of

_BLANK_LINES = re.compile(r"\n\s*\n")
# A headline heading a body text has at least this many words ("Ties cut again").
HEADLINE_MIN_WORDS = 3


def _opening_headline(blocks: list[str]) -> str | None:
    """The headline the text opens with: a first block of one headline-shaped line (or of the
    same line repeated), with more text below it."""
    if len(blocks) < 2:
        return None
    lines = {normalise_whitespace(line) for line in blocks[0].splitlines()} - {""}
    if len(lines) != 1:
        return None
    line = lines.pop()
    return line if word_count(line) >= HEADLINE_MIN_WORDS and is_headline(line) else None


def clean_plain(page: Page) -> Article:
    """The article of a body text: one paragraph per block between blank lines. Metadata lines
    heading it (``date 2024-08-07``) give its date, address and title where the page's own
    metadata does not, and are no part of any paragraph."""
    lines = page.content.splitlines()
    head = read_metadata_lines(lines)
    text = "\n".join(lines[head.end :])
    blocks = [block for block in _BLANK_LINES.split(text) if block.strip()]
    given_title = page.title or head.title
    title = normalise_whitespace(given_title) if given_title else None
    headline = _opening_headline(blocks)
    if headline is not None and title in (None, headline):
        title, blocks = headline, blocks[1:]
    paragraphs = tuple(normalise_whitespace(block) for block in blocks)
    url = page.url or head.url
    published, published_source = publication_date(page.published, url, from_page=head.published)
    return Article(
        page=page.name,
        url=url,
        site=site_of(url),
        title=title,
        dek=None,
        section=None,
        byline=None,
        published=published,
        published_source=published_source,
        published_precision=published_precision(page, head, published_source),
        language=detect_language(" ".join(paragraphs)),
        paragraphs=paragraphs,
        page_hash=page.content_hash,
    )

"""Text that is already an article's body (a JSONL record's ``text``): its paragraphs as they
stand, blank lines between them, nothing taken for template. A single sentence is an article
of one paragraph: the user asked for it to be read."""

from __future__ import annotations

import re

from diplowatch.clean.language import detect_language
from diplowatch.clean.lines import normalise_whitespace
from diplowatch.dates import publication_date
from diplowatch.records import Article, Page
from diplowatch.sites import site_of

_BLANK_LINES = re.compile(r"\n\s*\n")


def clean_plain(page: Page) -> Article:
    """The article of a body text: one paragraph per block between blank lines."""
    blocks = (normalise_whitespace(block) for block in _BLANK_LINES.split(page.content))
    paragraphs = tuple(block for block in blocks if block)
    published, published_source = publication_date(page.published, page.url)
    return Article(
        page=page.name,
        url=page.url,
        site=site_of(page.url),
        title=page.title,
        dek=None,
        section=None,
        byline=None,
        published=published,
        published_source=published_source,
        published_precision=page.published_precision if published_source == "metadata" else None,
        language=detect_language(" ".join(paragraphs)),
        paragraphs=paragraphs,
        page_hash=page.content_hash,
    )

"""Text that is already an article's body (a JSONL record's ``text``): its paragraphs as they
stand, blank lines between them, nothing taken for template. A single sentence is an article
of one paragraph: the user asked for it to be read."""

from __future__ import annotations

import re

from diplowatch.clean.language import detect_language
from diplowatch.clean.lines import normalise_whitespace
from diplowatch.clean.metadata_lines import published_precision, read_metadata_lines
from diplowatch.dates import publication_date
from diplowatch.records import Article, Page
from diplowatch.sites import site_of

_BLANK_LINES = re.compile(r"\n\s*\n")


def clean_plain(page: Page) -> Article:
    """The article of a body text: one paragraph per block between blank lines. Metadata lines
    heading it (``date 2024-08-07``) give its date, address and title where the page's own
    metadata does not, and are no part of any paragraph."""
    lines = page.content.splitlines()
    head = read_metadata_lines(lines)
    text = "\n".join(lines[head.end :])
    blocks = (normalise_whitespace(block) for block in _BLANK_LINES.split(text))
    paragraphs = tuple(block for block in blocks if block)
    url = page.url or head.url
    published, published_source = publication_date(page.published, url, from_page=head.published)
    return Article(
        page=page.name,
        url=url,
        site=site_of(url),
        title=page.title or head.title,
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

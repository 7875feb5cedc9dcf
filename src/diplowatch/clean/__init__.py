"""Clean stage: ``clean(page) -> Article`` for raw scraped text and for HTML."""

from __future__ import annotations

from diplowatch.records import Article, Page, SiteProfile


def clean(page: Page, profile: SiteProfile | None = None) -> Article:
    """The article of a page: HTML through trafilatura, raw text through the text cleaner, a
    body text (a JSONL record's ``text``) as it stands.

    ``profile`` (lines recurring across the page's site) sharpens the text cleaner.
    """
    if page.kind == "html":
        from diplowatch.clean.html import clean_html

        return clean_html(page)
    if page.kind == "body":
        from diplowatch.clean.plain import clean_plain

        return clean_plain(page)
    from diplowatch.clean.text import clean_text

    return clean_text(page, profile)


__all__ = ["clean"]

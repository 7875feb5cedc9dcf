"""Which languages diplowatch reads events in: its pipeline and lexicons are English."""

from __future__ import annotations

from diplowatch.records import Article

PARSED_LANGUAGES = frozenset({"en"})


def is_parsed(article: Article) -> bool:
    """Whether events are read in the article's language (unknown counts as English)."""
    return article.language is None or article.language in PARSED_LANGUAGES

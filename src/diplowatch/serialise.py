"""The one JSON serialiser for records."""

from __future__ import annotations

import json
from typing import Any

from diplowatch.records import Article, Failure


def article_json(article: Article) -> dict[str, Any]:
    """An article as the ``clean`` command prints it: exactly these keys, in this order."""
    return {
        "page": article.page,
        "url": article.url,
        "site": article.site,
        "title": article.title,
        "dek": article.dek,
        "section": article.section,
        "byline": article.byline,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "paragraphs": list(article.paragraphs),
        "captions": list(article.captions),
        "related": list(article.related),
        "teasers": list(article.teasers),
    }


def failure_json(failure: Failure) -> dict[str, str]:
    return {"source": failure.source, "problem": failure.problem}


def dumps_line(value: dict[str, Any]) -> str:
    """One JSON object on one line, non-ASCII kept readable."""
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

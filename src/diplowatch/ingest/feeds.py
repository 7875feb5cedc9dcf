"""RSS and Atom feeds (feedparser) -> the articles they list: address, title, date."""

from __future__ import annotations

import calendar
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime
from time import struct_time
from urllib.parse import urljoin

import feedparser

from diplowatch.errors import InputError
from diplowatch.ingest.fetch import Fetched


@dataclass(frozen=True, slots=True)
class FeedEntry:
    url: str
    title: str | None
    published: date | None


def _day(value: struct_time | None) -> date | None:
    """The UTC day of a feed date (feedparser gives them as UTC struct_time)."""
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC).date()
    except (OverflowError, ValueError):
        return None


def _link(entry: feedparser.FeedParserDict, base: str) -> str | None:
    """The entry's article address: its alternate link, else its link, else an id that is one."""
    candidates = [
        link["href"]
        for link in entry.get("links", [])
        if link.get("rel", "alternate") == "alternate" and link.get("href")
    ]
    candidates += [
        value
        for value in (entry.get("link"), entry.get("id"))
        if isinstance(value, str) and value.startswith(("http://", "https://", "/"))
    ]
    for candidate in candidates:
        try:
            return urljoin(base, candidate)
        except ValueError:  # a malformed address (e.g. an unclosed IPv6 bracket)
            continue
    return None


def parse_feed(fetched: Fetched) -> list[FeedEntry]:
    """The entries of a fetched feed with an article address, in the feed's order. Raises
    InputError naming the feed when it is not a feed at all; a feed with a small fault that
    feedparser reads past still gives its entries."""
    parsed = feedparser.parse(
        # A stream, never bytes: feedparser opens bytes that look like a path as a local file.
        io.BytesIO(fetched.content),
        response_headers={
            "content-location": fetched.url,
            "content-type": fetched.content_type or "application/xml",
        },
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = str(reason).splitlines()[0] if reason else "no RSS or Atom found"
        raise InputError(fetched.url, f"not a feed ({detail})")
    entries = []
    for entry in parsed.entries:
        url = _link(entry, fetched.url)
        if url is None or not url.startswith(("http://", "https://")):
            continue
        title = entry.get("title")
        published = _day(entry.get("published_parsed") or entry.get("updated_parsed"))
        entries.append(FeedEntry(url, title.strip() if title else None, published))
    return entries

"""A round-up as Markdown, as a newsletter page (HTML), as JSON, and weeks of round-ups as an
RSS feed with one entry per week. The same digest always gives the same bytes."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any, Literal

import jinja2
from feedgen.feed import FeedGenerator

from diplowatch.config import DEFAULT_SITE
from diplowatch.digest.compose import Citation, Digest, Item, plural

DigestFormat = Literal["md", "html", "rss", "json"]
_SAFE_SCHEMES = ("http://", "https://")


# Where ``diplowatch serve`` answers by default: feed entries link to its round-up pages.


def _period(digest: Digest) -> str:
    start, end = digest.start, digest.end
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


def _link(citation: Citation) -> str | None:
    """A citation's address where it is a web address (never a script or local one)."""
    url = citation.url
    return url if url and url.startswith(_SAFE_SCHEMES) else None


def _md_text(text: str) -> str:
    """Text as Markdown shows it, with no markup or links of its own."""
    for character in "\\`*_[]<>#|":
        text = text.replace(character, "\\" + character)
    return text


def _md_item(item: Item) -> list[str]:
    lines = [f"- {_md_text(item.text)}"]
    if item.quote:
        lines.append(f"  > {_md_text(item.quote)}")
    if item.citations:
        links = [
            f"[{_md_text(c.outlet)}](<{url}>)" if (url := _link(c)) else _md_text(c.outlet)
            for c in item.citations
        ]
        lines.append(f"  Sources: {' · '.join(links)}")
    return lines


def to_markdown(digest: Digest) -> str:
    lines = [f"# {_md_text(digest.title)}: week {digest.week}", "", f"*{_period(digest)}*", ""]
    if digest.confidence_note:
        lines += [_md_text(digest.confidence_note), ""]
    lines += ["## What changed", ""]
    lines += [line for item in digest.changed for line in _md_item(item)] or [
        "No stated position changed this week."
    ]
    for section in digest.sections:
        lines += ["", f"## {section.title}", ""]
        lines += [line for item in section.items for line in _md_item(item)] or [
            "Nothing reported this week."
        ]
    lines += ["", "## What is not happening", ""]
    lines += [f"- {_md_text(item.text)}" for item in digest.quiet] or [
        "Every party of this watch held talks this week."
    ]
    lines += ["", _basis(digest)]
    return "\n".join(lines) + "\n"


def _basis(digest: Digest) -> str:
    stories = plural(digest.stories, "story", "stories")
    positions = plural(digest.positions, "position", "positions")
    return f"Built by diplowatch from {stories} and {positions} stored for this watch and week."


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("diplowatch.digest", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment


def _html_view(digest: Digest) -> Digest:
    """The digest with only web addresses left in its citations."""

    def safe(item: Item) -> Item:
        citations = tuple(dataclasses.replace(c, url=_link(c)) for c in item.citations)
        return dataclasses.replace(item, citations=citations)

    sections = tuple(
        dataclasses.replace(s, items=tuple(map(safe, s.items))) for s in digest.sections
    )
    return dataclasses.replace(digest, changed=tuple(map(safe, digest.changed)), sections=sections)


def to_html(digest: Digest) -> str:
    template = _environment().get_template("digest.html")
    return template.render(digest=_html_view(digest), period=_period(digest), basis=_basis(digest))


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def to_json(digest: Digest) -> str:
    return json.dumps(_plain(dataclasses.asdict(digest)), ensure_ascii=False, indent=2) + "\n"


def _week_end(digest: Digest) -> datetime:
    return datetime.combine(digest.end, time(23, 59), tzinfo=UTC)


def to_rss(digests: Sequence[Digest], link: str = DEFAULT_SITE) -> str:
    """An RSS 2.0 feed with one entry per week (the latest last in the sequence given); each
    entry holds that week's round-up as HTML."""
    if not digests:
        raise ValueError("a feed needs at least one week")
    latest = digests[-1]
    feed = FeedGenerator()
    feed.id(f"{link}digests/{latest.watch}")
    feed.title(f"{latest.title}: weekly round-up")
    feed.link(href=f"{link}digests/{latest.watch}", rel="alternate")
    feed.description(f"The diplowatch weekly round-up for {latest.title}.")
    feed.language("en")
    feed.generator("diplowatch")
    feed.lastBuildDate(_week_end(latest))
    feed.pubDate(_week_end(latest))
    for digest in digests:
        entry = feed.add_entry(order="append")
        entry.id(f"{link}digests/{digest.watch}/{digest.week}")
        entry.guid(f"{link}digests/{digest.watch}/{digest.week}", permalink=False)
        entry.title(f"{digest.title}: week {digest.week}")
        entry.link(href=f"{link}digests/{digest.watch}/{digest.week}")
        entry.published(_week_end(digest))
        entry.updated(_week_end(digest))
        entry.description(to_html(digest))
    return feed.rss_str(pretty=True).decode("utf-8")


def render(
    digest: Digest, form: DigestFormat, weeks: Sequence[Digest] = (), link: str = DEFAULT_SITE
) -> str:
    """The digest in one format; ``rss`` carries ``weeks`` (the digest's own week by default)."""
    if form == "md":
        return to_markdown(digest)
    if form == "html":
        return to_html(digest)
    if form == "json":
        return to_json(digest)
    return to_rss(list(weeks) or [digest], link)

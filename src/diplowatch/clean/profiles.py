"""Site profiles: which short lines recur across the pages of a site, learned as pages arrive."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping

from diplowatch.clean.lines import normalise_whitespace, word_count
from diplowatch.records import Page, SiteProfile
from diplowatch.sites import site_of

# Only short lines can be template by recurrence (see diplowatch.clean.layout), so only they count.
SITE_LINE_MAX_WORDS = 12


def page_key(page: Page) -> str:
    """The identity under which a page counts once per site: its URL, else its name."""
    return page.url or page.name


def site_lines(page: Page) -> set[str]:
    """The distinct short lines of a raw text page that a site profile counts."""
    if page.kind != "text":
        return set()
    lines = (normalise_whitespace(raw) for raw in page.content.splitlines())
    return {line for line in lines if line and word_count(line) <= SITE_LINE_MAX_WORDS}


def line_hash(line: str) -> str:
    """A short stable key for a line in the store."""
    return hashlib.sha1(line.encode("utf-8")).hexdigest()


def profiles_for(
    pages: Iterable[Page],
    known: Mapping[str, SiteProfile] | None = None,
    counted: Mapping[str, set[str]] | None = None,
) -> dict[str, SiteProfile]:
    """Site profiles covering ``pages``, on top of ``known`` ones (e.g. from the store).

    ``counted`` gives, per site, the page keys already included in ``known``: those pages are
    not counted twice.
    """
    line_pages: dict[str, dict[str, int]] = defaultdict(dict)
    page_totals: dict[str, int] = defaultdict(int)
    for site, profile in (known or {}).items():
        line_pages[site].update(profile.line_pages)
        page_totals[site] = profile.pages
    seen: dict[str, set[str]] = defaultdict(set)
    for site, keys in (counted or {}).items():
        seen[site] |= keys
    for page in pages:
        site = site_of(page.url)
        if site is None or page_key(page) in seen[site]:
            continue
        seen[site].add(page_key(page))
        page_totals[site] += 1
        counts = line_pages[site]
        for line in site_lines(page):
            counts[line] = counts.get(line, 0) + 1
    return {
        site: SiteProfile(site=site, pages=page_totals[site], line_pages=dict(counts))
        for site, counts in line_pages.items()
    }

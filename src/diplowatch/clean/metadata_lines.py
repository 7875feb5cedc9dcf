"""Metadata lines at the top of a saved page: some web stores write a page as text headed by
``key value`` lines (``date 2024-08-07``, ``url https://...``, ``title ...``, ``source ...``).

Only a few keys are recognised, only at the very top of the page (blank lines aside), and only
with a value of the key's kind: a date that parses whole, an address that can be read as one.
The run must hold a date or an address, so a headline that happens to start with "Title" or
"Source" is never taken for one. Anything else ends the run and stays text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from diplowatch.clean.lines import normalise_whitespace
from diplowatch.dates import parse_exact_date
from diplowatch.records import DatePrecision, DateSource, Page
from diplowatch.sites import address_problem

# key -> the field it fills ("published" is another name some stores give the date).
METADATA_KEYS = {
    "date": "published",
    "published": "published",
    "url": "url",
    "title": "title",
    "source": "source",
}
# A key in lower case, or in any case with a colon ("Date: 2024-08-07"), then its value.
_METADATA_LINE = re.compile(r"(?P<key>[A-Za-z]+)(?P<colon>:?)\s+(?P<value>\S.*)")
_ADDRESS = re.compile(r"https?://\S+", re.IGNORECASE)
TITLE_MAX_WORDS = 40


@dataclass(frozen=True, slots=True)
class MetadataLines:
    """What the metadata lines at the top of a page say, and where the page goes on: lines
    before ``end`` are metadata (and blank lines among them)."""

    end: int = 0
    published: date | None = None
    published_precision: DatePrecision | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None


def _field_of(line: str) -> tuple[str, str | date, DatePrecision | None] | None:
    """The field a metadata line fills and its checked value; None for a line that is not one."""
    match = _METADATA_LINE.fullmatch(line)
    if match is None or not (match["key"].islower() or match["colon"]):
        return None
    name = METADATA_KEYS.get(match["key"].lower())
    if name is None:
        return None
    value = match["value"].strip()
    if name == "published":
        found = parse_exact_date(value)
        return (name, found[0], found[1]) if found is not None else None
    if name == "url":
        valid = _ADDRESS.fullmatch(value) is not None and address_problem(value) is None
        return (name, value, None) if valid else None
    if name == "title" and len(value.split()) > TITLE_MAX_WORDS:
        return None
    return name, value, None


def read_metadata_lines(lines: Sequence[str]) -> MetadataLines:
    """The metadata lines heading a page's lines (none: ``end`` is 0).

    >>> read_metadata_lines(["date 2024-08-07", "Niger cuts ties with Ukraine"]).published
    datetime.date(2024, 8, 7)
    >>> read_metadata_lines(["date 2024-08-07 Niger's junta cut ties", "More text"]).end
    0
    """
    values: dict[str, str | date] = {}
    precision: DatePrecision | None = None
    end = 0
    for index, raw in enumerate(lines):
        line = normalise_whitespace(raw)
        if not line:
            continue
        found = _field_of(line)
        if found is None or found[0] in values:
            break
        values[found[0]] = found[1]
        if found[0] == "published":
            precision = found[2]
        end = index + 1
    if "published" not in values and "url" not in values:
        return MetadataLines()
    published = values.get("published")
    url, title, source = (values.get(name) for name in ("url", "title", "source"))
    return MetadataLines(
        end=end,
        published=published if isinstance(published, date) else None,
        published_precision=precision,
        url=url if isinstance(url, str) else None,
        title=title if isinstance(title, str) else None,
        source=source if isinstance(source, str) else None,
    )


def published_precision(
    page: Page, head: MetadataLines, source: DateSource | None
) -> DatePrecision | None:
    """How precise the article's date is (None: a day), as the page's metadata or its metadata
    lines give it; a date from elsewhere is a day's."""
    if source == "metadata":
        return page.published_precision
    if source == "page":
        return head.published_precision
    return None

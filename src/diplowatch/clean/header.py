"""The article's header: the headline (found from the URL's slug or the known title) and the
title, dek, section and byline above the body, the rest of the header being template.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from diplowatch.clean.layout import Layout
from diplowatch.clean.lines import (
    ends_sentence,
    has_credit,
    is_boilerplate,
    is_byline,
    is_dateline,
    is_furniture,
    is_headline,
    is_label,
    is_long_prose,
    word_count,
)
from diplowatch.clean.teasers import previous_content
from diplowatch.dates import find_written_date

DEK_MAX_WORDS = 60
# A title shaped like a label (all the header is) has at least this many words.
SHORT_TITLE_MIN_WORDS = 3
# The headline is found from the URL's slug when they share this many words, and this share
# of the slug's words.
SLUG_MIN_WORDS = 3
SLUG_MIN_SHARE = 0.5
SLUG_HEADLINE_MAX_WORDS = 20
_SLUG_WORD = re.compile(r"[^\W_]+")


def _slug_words(url: str | None) -> set[str]:
    """The words of a URL's path (its slug), lower-cased: ``/2019/11/trade-war-talks`` gives
    {"trade", "war", "talks"}."""
    if not url:
        return set()
    path = urlsplit(url).path
    words = {word.lower() for word in _SLUG_WORD.findall(path)}
    return {word for word in words if len(word) > 2 and not word.isdigit()}


def find_headline(layout: Layout, url: str | None, known_title: str | None) -> int | None:
    """The line that is the article's headline: the known title, else the headline-sized line
    sharing the most words with the URL's slug (most pages name their URL after the headline),
    else a headline printed twice above the body (see ``repeated_headline``).
    """
    lines = layout.lines
    if known_title:
        found = next((index for index, line in enumerate(lines) if line == known_title), None)
        if found is not None:
            return found
    from_slug = _headline_from_slug(layout, url)
    return from_slug if from_slug is not None else repeated_headline(layout)


def repeated_headline(layout: Layout) -> int | None:
    """A headline-shaped line printed twice above the page's first long prose, the copies next
    to each other (blank lines aside) or the first being the page's first line: as web stores
    keep pages, once as the page's title and once as its heading. The copy nearer the body, and
    only when no other headline stands between it and the body (a navigation line printed
    twice above the headline is not it).
    """
    lines = layout.lines
    header: list[int] = []
    for index, line in enumerate(lines):
        if not layout.undecided(index):
            continue
        if is_long_prose(line):
            break
        header.append(index)
    for position, index in enumerate(header[1:], 1):
        line = lines[index]
        if word_count(line) < SHORT_TITLE_MIN_WORDS or not is_headline(line):
            continue
        if not _is_title_candidate(line) or is_byline(line) or is_dateline(line):
            continue
        repeated = line in (lines[header[0]], lines[header[position - 1]])
        if repeated and _nearest_headline(layout, line, header[position + 1 :]):
            return index
    return None


def _nearest_headline(layout: Layout, line: str, below: list[int]) -> bool:
    """Whether ``line`` is the headline nearest the body, ``below`` being the header's lines
    under it: those are its copies, meta lines (section, byline, date) and at most one line
    that is not headline-shaped (the standfirst)."""
    others = [
        index for index in below if layout.lines[index] != line and not _is_meta(layout, index)
    ]
    return len(others) <= 1 and not any(is_headline(layout.lines[index]) for index in others)


def _headline_from_slug(layout: Layout, url: str | None) -> int | None:
    lines = layout.lines
    slug = _slug_words(url)
    if len(slug) < SLUG_MIN_WORDS:
        return None
    best: int | None = None
    best_shared = 0
    for index, line in enumerate(lines):
        if not layout.undecided(index) or not _is_title_candidate(line):
            continue
        if word_count(line) > SLUG_HEADLINE_MAX_WORDS:
            continue
        shared = len(slug & {word.lower() for word in _SLUG_WORD.findall(line)})
        if shared > best_shared:
            best, best_shared = index, shared
    if best_shared >= max(SLUG_MIN_WORDS, SLUG_MIN_SHARE * len(slug)):
        return best
    return None


def _is_meta(layout: Layout, index: int) -> bool:
    line = layout.lines[index]
    return (
        layout.is_template_shaped(index) or is_byline(line) or is_dateline(line) or is_label(line)
    )


def _is_title_candidate(line: str) -> bool:
    return (
        2 <= word_count(line) <= 30
        and not line.rstrip("\"'”’)").endswith(".")
        and not has_credit(line)
        and not is_furniture(line)
    )


def _is_section_path(line: str) -> bool:
    return "|" in line and is_label(line) and not is_byline(line) and not is_dateline(line)


def _is_dek_candidate(line: str) -> bool:
    words = word_count(line)
    return 5 <= words <= DEK_MAX_WORDS and (ends_sentence(line) or words >= 8)


def mark_header(
    layout: Layout, body_start: int, known_title: str | None, headline: int | None = None
) -> date | None:
    """Title, dek, section and byline above the body; the rest of the header is template.

    ``headline`` is the title's line when it is known (see ``find_headline``). Returns a
    publication date written in the header (a dateline), if any.
    """
    lines = layout.lines
    above = [index for index in range(body_start - 1, -1, -1) if layout.undecided(index)]
    for index in above:
        if has_credit(lines[index]):
            layout.assign(index, "caption")
            # The sentence printed just above a credit is the image's caption.
            previous = previous_content(lines, index)
            if (
                previous is not None
                and previous != headline
                and layout.undecided(previous)
                and ends_sentence(lines[previous])
                and not _is_meta(layout, previous)
            ):
                layout.assign(previous, "caption")
    above = [index for index in above if layout.roles[index] is None]

    title: int | None = None
    if known_title:
        title = next((index for index in above if lines[index] == known_title), None)
    if title is None and headline in above:
        title = headline
    position = 0
    meta: list[int] = []
    while position < len(above) and _is_meta(layout, above[position]):
        meta.append(above[position])
        position += 1
    if title is not None:
        # Below a known title: meta lines anywhere, and the first sentence-like line is the dek.
        below_title = sorted(index for index in above if index > title)
        meta = [index for index in below_title if _is_meta(layout, index)]
        dek = next((index for index in below_title if index not in meta), None)
        if dek is not None and _is_dek_candidate(lines[dek]):
            layout.assign(dek, "dek")
    if title is None and position < len(above):
        nearest = above[position]
        further = above[position + 1] if position + 1 < len(above) else None
        if (
            further is not None
            and _is_dek_candidate(lines[nearest])
            and _is_title_candidate(lines[further])
            and not is_label(lines[further])
        ):
            layout.assign(nearest, "dek")
            title = further
        else:
            title = nearest
    if title is None:
        # Every line above the body is meta-shaped: a short title reads like a label; it is the
        # nearest headline-shaped line of a few words that is not a byline, date or furniture.
        title = next(
            (
                index
                for index in meta
                if word_count(lines[index]) >= SHORT_TITLE_MIN_WORDS
                and _is_title_candidate(lines[index])
                and is_headline(lines[index])
                and not layout.is_template_shaped(index)
                and not is_byline(lines[index])
                and not is_dateline(lines[index])
            ),
            None,
        )
    if title is not None:
        layout.assign(title, "title")
        # Another copy of the headline in the header (a web store's page title) is template.
        meta = [index for index in meta if lines[index] != lines[title]]

    # Lines above the title are navigation; a meta line that repeats one of them is too.
    navigation = {lines[index] for index in above if title is not None and index < title}
    meta_in_order = sorted(index for index in meta if title is None or index > title)
    section_candidates = [
        index
        for index in meta_in_order
        if is_label(lines[index])
        and not is_furniture(lines[index])
        and not is_boilerplate(lines[index])
        and not is_byline(lines[index])
        and not is_dateline(lines[index])
        and lines[index] not in navigation
    ]
    section_candidates.sort(key=lambda index: "|" not in lines[index])
    if not section_candidates and title is not None:
        # A label with separators ("World | Europe") just above the title is its section.
        previous = previous_content(lines, title)
        if (
            previous is not None
            and layout.undecided(previous)
            and _is_section_path(lines[previous])
        ):
            section_candidates = [previous]
    if section_candidates:
        layout.assign(section_candidates[0], "section")
    bylines = [index for index in meta_in_order if is_byline(lines[index])]
    if bylines:
        layout.assign(bylines[0], "byline")

    written: date | None = None
    for index in meta_in_order:
        if written is None and is_dateline(lines[index]):
            written = find_written_date(lines[index])
    if written is None and bylines:
        written = find_written_date(lines[bylines[0]])
    for index in above:
        if layout.roles[index] is None:
            layout.assign(index, "template")
    return written

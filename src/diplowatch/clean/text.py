"""Raw scraped text pages -> articles.

A scraped text page is a whole web page flattened to lines: navigation, the headline, the
standfirst, a section label, the body, captions, links to related stories, teaser blocks of other
stories and a footer. ``clean_text`` gives every non-blank line exactly one role, from the line's
shape (``diplowatch.clean.lines``), its place on the page, teaser-block structure
(``diplowatch.clean.teasers``) and how often it recurs across the site (``SiteProfile``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from diplowatch.clean.language import detect_language
from diplowatch.clean.lines import (
    ends_sentence,
    has_credit,
    is_byline,
    is_dateline,
    is_furniture,
    is_headline,
    is_label,
    is_long_prose,
    is_prose,
    is_related_link,
    normalise_whitespace,
    word_count,
)
from diplowatch.clean.profiles import SITE_LINE_MAX_WORDS
from diplowatch.clean.teasers import TeaserBlock, find_teaser_blocks
from diplowatch.dates import date_from_url, find_written_date
from diplowatch.records import Article, DateSource, Page, SiteProfile
from diplowatch.sites import site_of

Role = Literal[
    "title", "dek", "section", "byline", "paragraph", "caption", "related", "teaser", "template"
]

# Lines recurring across a site are template only when short: a long paragraph shared by two
# pages (a section page and the article it shows) is still body text.
RECURRING_TEMPLATE_MAX_WORDS = SITE_LINE_MAX_WORDS
# Short lines that occur twice on one page are furniture (navigation, prompts).
REPEATED_TEMPLATE_MAX_WORDS = 8
DEK_MAX_WORDS = 60
# A line printed this many times on one page is noise wherever it stands.
NOISE_REPEATS = 3


@dataclass(slots=True)
class _Layout:
    """The page's lines and the role given to each so far (None: not yet decided)."""

    lines: list[str]
    recurs: Callable[[str], bool]
    roles: list[Role | None] = field(init=False)
    counts: Counter[str] = field(init=False)

    def __post_init__(self) -> None:
        self.roles = [None] * len(self.lines)
        self.counts = Counter(line for line in self.lines if line)

    def undecided(self, index: int) -> bool:
        return bool(self.lines[index]) and self.roles[index] is None

    def is_template_shaped(self, index: int) -> bool:
        """Furniture, a short line repeated on the page, or a short line recurring on the site."""
        line = self.lines[index]
        words = word_count(line)
        return (
            is_furniture(line)
            or (self.counts[line] >= 2 and words <= REPEATED_TEMPLATE_MAX_WORDS)
            or (words <= RECURRING_TEMPLATE_MAX_WORDS and self.recurs(line))
        )

    def next_content(self, index: int, limit: int) -> int | None:
        """Next line after ``index`` (before ``limit``) that could be text: no blank, no
        template-shaped line, no caption."""
        for candidate in range(index + 1, limit):
            line = self.lines[candidate]
            if line and not self.is_template_shaped(candidate) and not has_credit(line):
                return candidate
        return None

    def assign(self, index: int, role: Role) -> None:
        self.roles[index] = role


def _mark_teaser_blocks(layout: _Layout, blocks: Sequence[TeaserBlock]) -> None:
    for block in blocks:
        for index in range(block.start, block.end + 1):
            if layout.lines[index]:
                layout.assign(index, "teaser" if index == block.title else "template")
    if blocks:
        # What follows the last teaser block is the page's footer.
        for index in range(blocks[-1].end + 1, len(layout.lines)):
            if layout.lines[index]:
                layout.assign(index, "template")


def _next_after_opening(layout: _Layout, index: int, limit: int) -> int | None:
    """The line after ``index`` that decides whether it opens the body.

    Only sure noise is skipped (furniture, captions, lines printed three times or more): a
    section label or byline standing between a standfirst and the body must stay visible.
    """
    for candidate in range(index + 1, limit):
        line = layout.lines[candidate]
        if not line or is_furniture(line) or has_credit(line):
            continue
        if layout.counts[line] >= NOISE_REPEATS:
            continue
        return candidate
    return None


def _find_body_start(layout: _Layout, limit: int) -> int | None:
    """The first paragraph of the main run of prose: long prose directly followed by prose."""
    first_long: int | None = None
    for index in range(limit):
        if not layout.undecided(index) or layout.is_template_shaped(index):
            continue
        line = layout.lines[index]
        if has_credit(line) or not is_long_prose(line):
            continue
        if first_long is None:
            first_long = index
        following = _next_after_opening(layout, index, limit)
        if following is not None and is_prose(layout.lines[following]):
            return index
    return first_long


def _is_meta(layout: _Layout, index: int) -> bool:
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


def _is_dek_candidate(line: str) -> bool:
    words = word_count(line)
    return 5 <= words <= DEK_MAX_WORDS and (ends_sentence(line) or words >= 8)


def _mark_header(layout: _Layout, body_start: int, known_title: str | None) -> date | None:
    """Title, dek, section and byline above the body; the rest of the header is template.

    Returns a publication date written in the header (a dateline), if any.
    """
    lines = layout.lines
    above = [index for index in range(body_start - 1, -1, -1) if layout.undecided(index)]
    for index in above:
        if has_credit(lines[index]):
            layout.assign(index, "caption")
    above = [index for index in above if layout.roles[index] is None]

    title: int | None = None
    if known_title:
        title = next((index for index in above if lines[index] == known_title), None)
    position = 0
    meta: list[int] = []
    while position < len(above) and _is_meta(layout, above[position]):
        meta.append(above[position])
        position += 1
    if title is None and position < len(above):
        nearest = above[position]
        further = above[position + 1] if position + 1 < len(above) else None
        if (
            further is not None
            and _is_dek_candidate(lines[nearest])
            and _is_title_candidate(lines[further])
        ):
            layout.assign(nearest, "dek")
            title = further
        else:
            title = nearest
    if title is not None:
        layout.assign(title, "title")

    # Lines above the title are navigation; a meta line that repeats one of them is too.
    navigation = {lines[index] for index in above if title is not None and index < title}
    meta_in_order = sorted(index for index in meta if title is None or index > title)
    section_candidates = [
        index
        for index in meta_in_order
        if is_label(lines[index])
        and not is_furniture(lines[index])
        and not is_byline(lines[index])
        and not is_dateline(lines[index])
        and lines[index] not in navigation
    ]
    section_candidates.sort(key=lambda index: "|" not in lines[index])
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


def _blank_run_before(lines: Sequence[str], index: int) -> int:
    run = 0
    while index - run - 1 >= 0 and not lines[index - run - 1]:
        run += 1
    return run


def _mark_body(layout: _Layout, body_start: int, limit: int) -> int:
    """Paragraphs (and captions, related links inside them) from ``body_start`` on.

    Returns the index where the body ends: the first line that neither is body nor introduces
    more body (a subheading is followed by prose; a list of links to other stories is not).
    """
    lines = layout.lines
    for index in range(body_start, limit):
        if not layout.undecided(index):
            continue
        line = lines[index]
        if has_credit(line):
            layout.assign(index, "caption")
            continue
        if layout.is_template_shaped(index):
            layout.assign(index, "template")
            continue
        if is_related_link(line):
            layout.assign(index, "related")
            continue
        # A gap of two blank lines is a container boundary; only long prose crosses it.
        if index > body_start and _blank_run_before(lines, index) >= 2 and not is_long_prose(line):
            return index
        if is_prose(line) or (ends_sentence(line) and not is_headline(line)):
            layout.assign(index, "paragraph")
            continue
        following = layout.next_content(index, limit)
        if following is not None and is_long_prose(lines[following]):
            layout.assign(index, "paragraph")
            continue
        return index
    return limit


def _mark_after_body(layout: _Layout, body_end: int, limit: int) -> None:
    """Captions, related links and untagged teasers between the body and the teaser blocks."""
    lines = layout.lines
    in_teaser = False
    for index in range(body_end, limit):
        if not layout.undecided(index):
            continue
        line = lines[index]
        if has_credit(line):
            layout.assign(index, "caption")
        elif layout.is_template_shaped(index):
            layout.assign(index, "template")
        elif is_headline(line) or is_related_link(line):
            following = layout.next_content(index, limit)
            in_teaser = following is not None and is_long_prose(lines[following])
            layout.assign(index, "teaser" if in_teaser else "related")
        else:
            layout.assign(index, "template")


def _published(page: Page, written: date | None) -> tuple[date | None, DateSource | None]:
    if page.published is not None:
        return page.published, "metadata"
    from_url = date_from_url(page.url)
    if from_url is not None:
        return from_url, "url"
    if written is not None:
        return written, "body"
    return None, None


def _collect(layout: _Layout, role: Role) -> tuple[str, ...]:
    return tuple(
        line for line, assigned in zip(layout.lines, layout.roles, strict=True) if assigned == role
    )


def _first(layout: _Layout, role: Role) -> str | None:
    found = _collect(layout, role)
    return found[0] if found else None


def clean_text(page: Page, profile: SiteProfile | None = None) -> Article:
    """Read a raw scraped text page as an article; every non-blank line keeps one role.

    ``profile`` tells which lines recur on other pages of the same site (template).
    """
    recurs = profile.recurs if profile is not None else (lambda _line: False)
    layout = _Layout([normalise_whitespace(raw) for raw in page.content.splitlines()], recurs)
    total = len(layout.lines)
    blocks = find_teaser_blocks(layout.lines, recurs)
    _mark_teaser_blocks(layout, blocks)
    limit = blocks[0].start if blocks else total

    known_title = normalise_whitespace(page.title) if page.title else None
    body_start = _find_body_start(layout, limit)
    written: date | None = None
    if body_start is None:
        for index in range(limit):
            if layout.undecided(index):
                layout.assign(index, "template")
    else:
        written = _mark_header(layout, body_start, known_title)
        body_end = _mark_body(layout, body_start, limit)
        _mark_after_body(layout, body_end, limit)
    for index in range(total):
        if layout.undecided(index):
            layout.assign(index, "template")

    paragraphs = _collect(layout, "paragraph")
    published, published_source = _published(page, written)
    title = _first(layout, "title") or known_title
    return Article(
        page=page.name,
        url=page.url,
        site=site_of(page.url),
        title=title,
        dek=_first(layout, "dek"),
        section=_first(layout, "section"),
        byline=_first(layout, "byline"),
        published=published,
        published_source=published_source,
        language=detect_language(" ".join(paragraphs) or (title or "")),
        paragraphs=paragraphs,
        captions=_collect(layout, "caption"),
        related=_collect(layout, "related"),
        teasers=_collect(layout, "teaser"),
        template=_collect(layout, "template"),
        page_hash=page.content_hash,
    )

"""Raw scraped text pages -> articles.

A scraped text page is a whole web page flattened to lines: navigation, the headline, the
standfirst, a section label, the body, captions, links to related stories, teaser blocks of other
stories and a footer. ``clean_text`` gives every non-blank line exactly one role, from the line's
shape (``diplowatch.clean.lines``), its place on the page, teaser-block structure
(``diplowatch.clean.teasers``) and how often it recurs across the site (``SiteProfile``). The body
is the main run of prose (by words, below the headline when the URL's slug names it), continued
across short interruptions such as captions, advertisement slots and inline link boxes.

``bench/text_cleaner_benchmark.py`` measures how well this generalises beyond the seed site.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal
from urllib.parse import urlsplit

from diplowatch.clean.language import detect_language
from diplowatch.clean.lines import (
    LABEL_MAX_WORDS,
    ends_sentence,
    has_credit,
    is_article_end,
    is_boilerplate,
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
from diplowatch.clean.teasers import TeaserBlock, find_teaser_blocks, previous_content
from diplowatch.dates import find_written_date, publication_date
from diplowatch.records import Article, Page, SiteProfile
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
# The body is the first run of prose carrying at least this share of the largest run's words:
# a cookie notice or a standfirst is far smaller than the article, while a comment thread
# below the article may be larger.
MAIN_RUN_SHARE = 0.5
# A run of prose starting within this many lines below the headline is the body when it
# carries at least this share of the largest run's words.
ANCHOR_GAP_LINES = 10
ANCHORED_RUN_SHARE = 0.2
# A title shaped like a label (all the header is) has at least this many words.
SHORT_TITLE_MIN_WORDS = 3
# A byline among a run's first lines ends the header: the body starts below it.
BYLINE_WITHIN_LINES = 4
# A run of prose starting within this many lines after the body's end continues the body.
JOIN_GAP_LINES = 8
# The headline is found from the URL's slug when they share this many words, and this share
# of the slug's words.
SLUG_MIN_WORDS = 3
SLUG_MIN_SHARE = 0.5
SLUG_HEADLINE_MAX_WORDS = 20
_SLUG_WORD = re.compile(r"[^\W_]+")
# Long prose resuming within this many short lines continues the body (captions, an inline
# "related" list, an advertisement slot between two paragraphs).
BRIDGE_LINES = 3
# A heading inside the body is at most this long.
SUBHEADING_MAX_WORDS = 16
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
            or is_boilerplate(line)
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


def _regions(blocks: Sequence[TeaserBlock], total: int) -> list[tuple[int, int]]:
    """The stretches of the page between teaser blocks, as ``(start, limit)`` pairs."""
    regions: list[tuple[int, int]] = []
    start = 0
    for block in blocks:
        if block.start > start:
            regions.append((start, block.start))
        start = block.end + 1
    if start < total:
        regions.append((start, total))
    return regions


def _next_after_opening(layout: _Layout, index: int, limit: int) -> int | None:
    """The line after ``index`` that decides whether it opens the body.

    Only sure noise is skipped (furniture, boilerplate such as an advertisement slot, captions,
    lines printed three times or more): a section label or byline standing between a standfirst
    and the body must stay visible.
    """
    for candidate in range(index + 1, limit):
        line = layout.lines[candidate]
        if not line or is_furniture(line) or is_boilerplate(line) or has_credit(line):
            continue
        if layout.counts[line] >= NOISE_REPEATS:
            continue
        return candidate
    return None


@dataclass(frozen=True, slots=True)
class _Run:
    """A run of body-shaped lines: ``start`` to ``end`` (exclusive) within a region ending at
    ``limit``, carrying ``words`` words of paragraphs."""

    start: int
    end: int
    limit: int
    words: int


def _find_runs(layout: _Layout, regions: Sequence[tuple[int, int]]) -> list[_Run]:
    """Every run of prose: long prose directly followed by prose, going on as long as the body
    would (see ``_body_roles``) within its region (a run never crosses a teaser block)."""
    runs: list[_Run] = []
    for region_start, limit in regions:
        index = region_start
        while index < limit:
            if not _opens_run(layout, index):
                index += 1
                continue
            following = _next_after_opening(layout, index, limit)
            if following is None or not is_prose(layout.lines[following]):
                index += 1
                continue
            roles, end = _body_roles(layout, index, limit)
            words = sum(
                word_count(layout.lines[at]) for at, role in roles.items() if role == "paragraph"
            )
            runs.append(_Run(index, end, limit, words))
            index = max(end, index + 1)
    return runs


def _find_body(
    layout: _Layout, regions: Sequence[tuple[int, int]], anchor: int | None = None
) -> list[tuple[int, int]]:
    """The body's runs as ``(start, limit)`` pairs, in page order (empty: no body found).

    The first run carrying at least ``MAIN_RUN_SHARE`` of the largest run's words of paragraphs
    opens the body, so a cookie notice, a standfirst or a teaser above the article does not,
    nor does a longer comment thread below it. When the headline is known (``anchor``), a run
    starting within ``ANCHOR_GAP_LINES`` below it and carrying ``ANCHORED_RUN_SHARE`` of the
    largest opens the body. Runs that follow within ``JOIN_GAP_LINES`` lines continue it (an
    inline box of links or a gallery between two parts of the article). A page without runs
    opens its body on its first long prose.
    """
    runs = _find_runs(layout, regions)
    if not runs:
        first = next(
            (
                (index, limit)
                for start, limit in regions
                for index in range(start, limit)
                if _opens_run(layout, index)
            ),
            None,
        )
        return [first] if first is not None else []
    most = max(run.words for run in runs)
    chosen = next(
        position for position, run in enumerate(runs) if run.words >= MAIN_RUN_SHARE * most
    )
    if anchor is not None:
        below = next((position for position, run in enumerate(runs) if run.start > anchor), None)
        if (
            below is not None
            and runs[below].words >= ANCHORED_RUN_SHARE * most
            and _content_between(layout, anchor + 1, runs[below].start) <= ANCHOR_GAP_LINES
        ):
            chosen = below
    body = [_past_byline(layout, runs[chosen])]
    for run in runs[chosen + 1 :]:
        last = body[-1]
        if (
            run.limit != last.limit
            or _content_between(layout, last.end, run.start) > JOIN_GAP_LINES
            or any(is_article_end(layout.lines[index]) for index in range(last.end, run.start))
        ):
            break
        body.append(run)
    return [(run.start, run.limit) for run in body]


def _past_byline(layout: _Layout, run: _Run) -> _Run:
    """The run without its opening lines when a byline follows them closely: those lines are
    the standfirst and a caption, and the body starts below the byline."""
    seen = 0
    for index in range(run.start, run.end):
        line = layout.lines[index]
        if not line:
            continue
        if seen > BYLINE_WITHIN_LINES:
            break
        if is_byline(line):
            start = next((at for at in range(index + 1, run.end) if _opens_run(layout, at)), None)
            if start is not None:
                return _Run(start, run.end, run.limit, run.words)
            break
        seen += 1
    return run


def _content_between(layout: _Layout, start: int, end: int) -> int:
    return sum(1 for index in range(start, end) if layout.lines[index])


def _slug_words(url: str | None) -> set[str]:
    """The words of a URL's path (its slug), lower-cased: ``/2019/11/trade-war-talks`` gives
    {"trade", "war", "talks"}."""
    if not url:
        return set()
    path = urlsplit(url).path
    words = {word.lower() for word in _SLUG_WORD.findall(path)}
    return {word for word in words if len(word) > 2 and not word.isdigit()}


def _find_headline(layout: _Layout, url: str | None, known_title: str | None) -> int | None:
    """The line that is the article's headline: the known title, else the headline-sized line
    sharing the most words with the URL's slug (most pages name their URL after the headline).
    """
    lines = layout.lines
    if known_title:
        found = next((index for index, line in enumerate(lines) if line == known_title), None)
        if found is not None:
            return found
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


def _opens_run(layout: _Layout, index: int) -> bool:
    if not layout.undecided(index) or layout.is_template_shaped(index):
        return False
    line = layout.lines[index]
    return not has_credit(line) and is_long_prose(line)


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


def _is_section_path(line: str) -> bool:
    return "|" in line and is_label(line) and not is_byline(line) and not is_dateline(line)


def _is_dek_candidate(line: str) -> bool:
    words = word_count(line)
    return 5 <= words <= DEK_MAX_WORDS and (ends_sentence(line) or words >= 8)


def _mark_header(
    layout: _Layout, body_start: int, known_title: str | None, headline: int | None = None
) -> date | None:
    """Title, dek, section and byline above the body; the rest of the header is template.

    ``headline`` is the title's line when it is known (see ``_find_headline``). Returns a
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


def _blank_run_before(lines: Sequence[str], index: int) -> int:
    run = 0
    while index - run - 1 >= 0 and not lines[index - run - 1]:
        run += 1
    return run


def _body_roles(layout: _Layout, body_start: int, limit: int) -> tuple[dict[int, Role], int]:
    """Roles of the body's lines from ``body_start`` on, and the index where the body ends.

    Paragraphs, captions and related links inside them; the body ends at the first line that
    neither is body nor introduces more body (a subheading is followed by prose; a list of links
    to other stories is not), unless long prose resumes within a few short lines (an image's
    caption, an inline list of links, an advertisement slot): those are bridged as template.
    """
    lines = layout.lines
    roles: dict[int, Role] = {}
    index = body_start - 1
    while index + 1 < limit:
        index += 1
        if not layout.undecided(index):
            continue
        line = lines[index]
        if is_article_end(line):
            return roles, index
        if has_credit(line):
            roles[index] = "caption"
            continue
        if layout.is_template_shaped(index):
            roles[index] = "template"
            continue
        if is_related_link(line):
            roles[index] = "related"
            continue
        # A gap of two blank lines is a container boundary; only long prose crosses it.
        if index > body_start and _blank_run_before(lines, index) >= 2 and not is_long_prose(line):
            return roles, index
        after_furniture = _follows_furniture(layout, index, body_start)
        if (is_prose(line) or (ends_sentence(line) and not is_headline(line))) and (
            not after_furniture or is_long_prose(line)
        ):
            roles[index] = "paragraph"
            continue
        if not after_furniture and _is_subheading(layout, index, limit):
            roles[index] = "paragraph"
            continue
        resume = _resumes_at(layout, index, limit)
        if resume is None:
            return roles, index
        for skipped in range(index, resume):
            if layout.undecided(skipped):
                roles[skipped] = "caption" if has_credit(lines[skipped]) else "template"
        index = resume - 1
    return roles, limit


def _follows_furniture(layout: _Layout, index: int, body_start: int) -> bool:
    """True when the content line before ``index`` (inside the body) is boilerplate, such as
    a newsletter prompt: only long prose takes the body up again after it."""
    previous = previous_content(layout.lines, index, body_start)
    return previous is not None and is_boilerplate(layout.lines[previous])


def _is_subheading(layout: _Layout, index: int, limit: int, depth: int = 0) -> bool:
    """A heading inside the body: a short line followed by prose (or by a subheading that is)."""
    line = layout.lines[index]
    if is_byline(line) or is_dateline(line):
        return False
    following = layout.next_content(index, limit)
    if following is None:
        return False
    if is_long_prose(layout.lines[following]):
        return True
    if not is_headline(line) or word_count(line) > SUBHEADING_MAX_WORDS:
        return False
    if is_prose(layout.lines[following]):
        after = layout.next_content(following, limit)
        return after is not None and is_prose(layout.lines[after])
    return depth == 0 and _is_subheading(layout, following, limit, depth + 1)


def _resumes_at(layout: _Layout, index: int, limit: int) -> int | None:
    """Where long prose resumes within ``BRIDGE_LINES`` short lines from ``index``, if it does."""
    seen = 0
    for candidate in range(index, limit):
        line = layout.lines[candidate]
        if not line or not layout.undecided(candidate):
            continue
        if is_article_end(line):
            return None
        if is_long_prose(line) and not has_credit(line):
            return candidate if seen else None
        if is_prose(line) or seen >= BRIDGE_LINES:
            return None
        seen += 1
    return None


def _mark_body(layout: _Layout, body_start: int, limit: int) -> int:
    """Mark the body's lines (see ``_body_roles``); returns the index where the body ends."""
    roles, end = _body_roles(layout, body_start, limit)
    for index, role in roles.items():
        layout.assign(index, role)
    return end


def _mark_after_body(layout: _Layout, body_end: int, limit: int) -> None:
    """Captions, related links and untagged teasers between the body and the teaser blocks."""
    lines = layout.lines
    in_teaser = False
    closed = False
    for index in range(body_end, limit):
        if not layout.undecided(index):
            continue
        line = lines[index]
        # Past the article's closing line (comments) nothing is caption, link or teaser.
        closed = closed or is_article_end(line)
        if closed:
            layout.assign(index, "template")
        elif has_credit(line):
            layout.assign(index, "caption")
        elif layout.is_template_shaped(index):
            layout.assign(index, "template")
        elif is_related_link(line) or (is_headline(line) and word_count(line) > LABEL_MAX_WORDS):
            following = layout.next_content(index, limit)
            in_teaser = following is not None and is_long_prose(lines[following])
            layout.assign(index, "teaser" if in_teaser else "related")
        else:
            layout.assign(index, "template")


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

    known_title = normalise_whitespace(page.title) if page.title else None
    headline = _find_headline(layout, page.url, known_title)
    body = _find_body(layout, _regions(blocks, total), headline)
    written: date | None = None
    # What is neither header, body nor its trailing links (the rest of the page: navigation,
    # footers, the stretches between teaser blocks and between parts of the body) is template.
    if body:
        written = _mark_header(layout, body[0][0], known_title, headline)
        for start, limit in body:
            body_end = _mark_body(layout, start, limit)
        _mark_after_body(layout, body_end, body[-1][1])
    for index in range(total):
        if layout.undecided(index):
            layout.assign(index, "template")

    paragraphs = _collect(layout, "paragraph")
    published, published_source = publication_date(page.published, page.url, from_body=written)
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

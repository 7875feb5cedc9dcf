"""The article's body: the main run of prose on the page, continued across short interruptions,
and the captions, related links and teasers between it and the teaser blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from diplowatch.clean.layout import (
    Layout,
    Role,
    blank_run_before,
    content_between,
    next_after_opening,
    opens_run,
)
from diplowatch.clean.lines import (
    LABEL_MAX_WORDS,
    ends_sentence,
    has_credit,
    is_article_end,
    is_boilerplate,
    is_byline,
    is_dateline,
    is_headline,
    is_long_prose,
    is_prose,
    is_related_link,
    word_count,
)
from diplowatch.clean.teasers import previous_content

# The body is the first run of prose carrying at least this share of the largest run's words:
# a cookie notice or a standfirst is far smaller than the article, while a comment thread
# below the article may be larger.
MAIN_RUN_SHARE = 0.5
# A run of prose starting within this many lines below the headline is the body when it
# carries at least this share of the largest run's words.
ANCHOR_GAP_LINES = 10
ANCHORED_RUN_SHARE = 0.2
# A byline among a run's first lines ends the header: the body starts below it.
BYLINE_WITHIN_LINES = 4
# A run of prose starting within this many lines after the body's end continues the body.
JOIN_GAP_LINES = 8
# Long prose resuming within this many short lines continues the body (captions, an inline
# "related" list, an advertisement slot between two paragraphs).
BRIDGE_LINES = 3
# A heading inside the body is at most this long.
SUBHEADING_MAX_WORDS = 16


@dataclass(frozen=True, slots=True)
class _Run:
    """A run of body-shaped lines: ``start`` to ``end`` (exclusive) within a region ending at
    ``limit``, carrying ``words`` words of paragraphs."""

    start: int
    end: int
    limit: int
    words: int


def _find_runs(layout: Layout, regions: Sequence[tuple[int, int]]) -> list[_Run]:
    """Every run of prose: long prose directly followed by prose, going on as long as the body
    would (see ``_body_roles``) within its region (a run never crosses a teaser block)."""
    runs: list[_Run] = []
    for region_start, limit in regions:
        index = region_start
        while index < limit:
            if not opens_run(layout, index):
                index += 1
                continue
            following = next_after_opening(layout, index, limit)
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


def find_body(
    layout: Layout, regions: Sequence[tuple[int, int]], anchor: int | None = None
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
                if opens_run(layout, index)
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
            and content_between(layout, anchor + 1, runs[below].start) <= ANCHOR_GAP_LINES
        ):
            chosen = below
    body = [_past_byline(layout, runs[chosen])]
    for run in runs[chosen + 1 :]:
        last = body[-1]
        if (
            run.limit != last.limit
            or content_between(layout, last.end, run.start) > JOIN_GAP_LINES
            or any(is_article_end(layout.lines[index]) for index in range(last.end, run.start))
        ):
            break
        body.append(run)
    return [(run.start, run.limit) for run in body]


def _past_byline(layout: Layout, run: _Run) -> _Run:
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
            start = next((at for at in range(index + 1, run.end) if opens_run(layout, at)), None)
            if start is not None:
                return _Run(start, run.end, run.limit, run.words)
            break
        seen += 1
    return run


def _body_roles(layout: Layout, body_start: int, limit: int) -> tuple[dict[int, Role], int]:
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
        if index > body_start and blank_run_before(lines, index) >= 2 and not is_long_prose(line):
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


def _follows_furniture(layout: Layout, index: int, body_start: int) -> bool:
    """True when the content line before ``index`` (inside the body) is boilerplate, such as
    a newsletter prompt: only long prose takes the body up again after it."""
    previous = previous_content(layout.lines, index, body_start)
    return previous is not None and is_boilerplate(layout.lines[previous])


def _is_subheading(layout: Layout, index: int, limit: int, depth: int = 0) -> bool:
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


def _resumes_at(layout: Layout, index: int, limit: int) -> int | None:
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


def mark_body(layout: Layout, body_start: int, limit: int) -> int:
    """Mark the body's lines (see ``_body_roles``); returns the index where the body ends."""
    roles, end = _body_roles(layout, body_start, limit)
    for index, role in roles.items():
        layout.assign(index, role)
    return end


def mark_after_body(layout: Layout, body_end: int, limit: int) -> None:
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

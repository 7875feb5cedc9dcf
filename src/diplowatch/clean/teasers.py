"""Teaser blocks: promotions of other stories that pages append after the article.

A teaser block has a recognisable shape, whatever the site: an image (a short alt line and a
credit line), the other story's title, perhaps a section label, one to a few paragraphs of its
opening, and a closing prompt ("read more"-like) that is the same short line for every block.
That closing line is found by its shape and place, never by its words: a short line that recurs
on the page (or across the site) and each time follows a teaser-sized run of prose under a title.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from diplowatch.clean.lines import (
    has_credit,
    is_boilerplate,
    is_dateline,
    is_furniture,
    is_headline,
    is_label,
    is_long_prose,
    is_prose,
    word_count,
)

# A teaser shows at most this many paragraphs of the other story.
MAX_EXCERPT_PARAGRAPHS = 4
# The closing prompt of a teaser block is at most this many words.
MAX_TERMINATOR_WORDS = 6


@dataclass(frozen=True, slots=True)
class TeaserBlock:
    """Line indices of one teaser block: ``start`` to ``end`` (the closing prompt) inclusive."""

    start: int
    title: int
    end: int


def previous_content(lines: Sequence[str], index: int, floor: int = 0) -> int | None:
    """Index of the nearest non-blank line before ``index`` (not before ``floor``)."""
    for candidate in range(index - 1, floor - 1, -1):
        if lines[candidate]:
            return candidate
    return None


def _title_of_block(lines: Sequence[str], terminator: int, floor: int) -> int | None:
    """The title line of the teaser closed at ``terminator``, or None if it has no teaser shape."""
    cursor = previous_content(lines, terminator, floor)
    excerpt = 0
    substantial = False
    while cursor is not None and is_prose(lines[cursor]) and not has_credit(lines[cursor]):
        excerpt += 1
        substantial = substantial or is_long_prose(lines[cursor])
        if excerpt > MAX_EXCERPT_PARAGRAPHS:
            return None
        cursor = previous_content(lines, cursor, floor)
    if not substantial or cursor is None or has_credit(lines[cursor]):
        return None
    nearest = lines[cursor]
    before = previous_content(lines, cursor, floor)
    if (
        is_label(nearest)
        and before is not None
        and is_headline(lines[before])
        and not has_credit(lines[before])
        # The previous block's closing prompt is no title: the short line is the title itself.
        and lines[before] != lines[terminator]
    ):
        return before
    if (is_headline(nearest) or is_label(nearest)) and not is_dateline(nearest):
        # A teaser's title names a story; a date over a run of prose heads a comment.
        return cursor
    return None


def _image_group_start(lines: Sequence[str], title: int, floor: int, *, allow_credit: bool) -> int:
    """First line of the image group (alt lines and one credit) just above a teaser's title."""
    start = title
    cursor = title - 1
    while cursor >= floor and not lines[cursor]:
        cursor -= 1
    credits = 0
    while cursor >= floor and lines[cursor]:
        line = lines[cursor]
        if has_credit(line):
            if credits or not allow_credit:
                break
            credits += 1
        elif is_prose(line):
            break
        start = cursor
        cursor -= 1
    return start


def _prose_words(lines: Sequence[str]) -> int:
    return sum(word_count(line) for line in lines if is_prose(line))


def _holds_most_prose(lines: Sequence[str], title: int, terminator: int) -> bool:
    """Whether the block from ``title`` to ``terminator`` holds at least half the page's prose."""
    inside = _prose_words(lines[title:terminator])
    return 2 * inside >= _prose_words(lines)


def find_terminators(lines: Sequence[str], recurs: Callable[[str], bool]) -> list[int]:
    """Indices of the closing prompts of teaser blocks (see the module's docstring).

    A page's teasers close on one prompt: when several different short lines each close
    teaser-shaped runs equally often, they are labels inside the article (sources, steps), not
    prompts. Nor is a line without letters ("___", "* * *") a prompt: it separates sections; nor
    an advertisement slot or other boilerplate.
    """
    counts = Counter(line for line in lines if line)
    closing: dict[str, list[int]] = {}
    for text, count in counts.items():
        if word_count(text) > MAX_TERMINATOR_WORDS or is_prose(text) or is_furniture(text):
            continue
        if is_boilerplate(text):
            continue
        if count < 2 and not recurs(text):
            continue
        where = [index for index, line in enumerate(lines) if line == text]
        titles = [_title_of_block(lines, index, 0) for index in where]
        if any(title is None for title in titles):
            continue
        if count == 1 and _holds_most_prose(lines, titles[0], where[0]):  # type: ignore[arg-type]
            # A lone block known only from the site's other pages, holding most of the page's
            # prose: that is the article above the site's footer, not an excerpt beside it.
            continue
        # Teasers promote different stories: blocks under one repeated title are the article's
        # own structure (an interview's recurring question, a plan's repeated step).
        if len({lines[title] for title in titles if title is not None}) < len(titles):
            continue
        closing[text] = where
    if not closing:
        return []
    most = max(len(where) for where in closing.values())
    leaders = [where for where in closing.values() if len(where) == most]
    if len(leaders) > 1:
        return []
    return sorted(leaders[0])


def find_teaser_blocks(
    lines: Sequence[str], recurs: Callable[[str], bool], floor: int = 0
) -> list[TeaserBlock]:
    """The teaser blocks of a page, in order, none of them starting before ``floor``."""
    terminators = [index for index in find_terminators(lines, recurs) if index >= floor]
    blocks: list[TeaserBlock] = []
    previous_end = floor - 1
    for terminator in terminators:
        title = _title_of_block(lines, terminator, previous_end + 1)
        if title is None:
            continue
        blocks.append(TeaserBlock(start=previous_end + 1, title=title, end=terminator))
        previous_end = terminator
    if not blocks:
        return blocks
    # The first block has no closing prompt above it: its start is where its image group begins.
    # Whether teasers on this page carry a credit line is learned from the other blocks.
    others_have_credit = any(
        has_credit(lines[index])
        for block in blocks[1:]
        for index in range(block.start, block.title)
        if lines[index]
    )
    first = blocks[0]
    start = _image_group_start(
        lines, first.title, first.start, allow_credit=others_have_credit or len(blocks) == 1
    )
    blocks[0] = TeaserBlock(start=start, title=first.title, end=first.end)
    return blocks

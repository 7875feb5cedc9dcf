"""The page being read as a list of lines, each with the role given to it so far.

``Layout`` and small helpers over it (what is template-shaped, where the next content line is,
whether a line could open the body), used by the header and body code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from diplowatch.clean.lines import (
    has_credit,
    is_boilerplate,
    is_furniture,
    is_long_prose,
    word_count,
)
from diplowatch.clean.profiles import SITE_LINE_MAX_WORDS

Role = Literal[
    "title", "dek", "section", "byline", "paragraph", "caption", "related", "teaser", "template"
]

# Lines recurring across a site are template only when short: a long paragraph shared by two
# pages (a section page and the article it shows) is still body text.
RECURRING_TEMPLATE_MAX_WORDS = SITE_LINE_MAX_WORDS
# Short lines that occur twice on one page are furniture (navigation, prompts).
REPEATED_TEMPLATE_MAX_WORDS = 8
# A line printed this many times on one page is noise wherever it stands.
NOISE_REPEATS = 3


@dataclass(slots=True)
class Layout:
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


def next_after_opening(layout: Layout, index: int, limit: int) -> int | None:
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


def content_between(layout: Layout, start: int, end: int) -> int:
    return sum(1 for index in range(start, end) if layout.lines[index])


def opens_run(layout: Layout, index: int) -> bool:
    if not layout.undecided(index) or layout.is_template_shaped(index):
        return False
    line = layout.lines[index]
    return not has_credit(line) and is_long_prose(line)


def blank_run_before(lines: Sequence[str], index: int) -> int:
    run = 0
    while index - run - 1 >= 0 and not lines[index - run - 1]:
        run += 1
    return run

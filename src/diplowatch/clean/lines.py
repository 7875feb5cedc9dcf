"""The shapes of single lines of a raw page: prose, headline, label, caption, byline.

Every predicate looks at one normalised line only; what a line *is* on a page is decided from
these shapes and from where the line stands (see ``diplowatch.clean.text``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from diplowatch.data import read_toml
from diplowatch.dates import find_written_date

_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:[’'.-][^\W_]+)*")
_TRAILING_CLOSERS = "\"'”’»)]*"
_SENTENCE_END = ".!?:;…。！？"
# Ideographs and kana (CJK unified ideographs, hiragana, katakana, compatibility ideographs).
_IDEOGRAPHIC = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_FILE_NAME = re.compile(r"^[\w.-]+$")
_LETTERS = re.compile(r"[^\W\d_]")
_LABEL_SEPARATORS = re.compile(r"\s[|/›»·•]\s")

# Below these many words a line is too short to be a paragraph of prose on its own.
PROSE_MIN_WORDS = 8
# From this many words a line is prose even without closing punctuation.
PROSE_ANY_WORDS = 20
# A paragraph that opens an article's body has at least this many words.
LONG_PROSE_WORDS = 15
# Headlines and titles are at most this long.
HEADLINE_MAX_WORDS = 30
# A boilerplate notice (cookies, copyright) is at most this long; a longer line is text.
BOILERPLATE_MAX_WORDS = 60
# Section labels, navigation items and teaser labels are at most this long.
LABEL_MAX_WORDS = 4


def normalise_whitespace(text: str) -> str:
    """Collapse every run of whitespace (no-break spaces included) to one space and strip.

    >>> normalise_whitespace("a\\u00a0 b\\t c ")
    'a b c'
    """
    return _WHITESPACE.sub(" ", text).strip()


def word_count(line: str) -> int:
    """The number of words (runs of letters or digits) in a line.

    Chinese and Japanese are written without spaces: there, every two ideographs or kana count
    as one word, so that a sentence weighs about what it would in a spaced script.
    """
    words = _WORD.findall(line)
    ideographs = len(_IDEOGRAPHIC.findall(line))
    if not ideographs:
        return len(words)
    spaced = sum(1 for word in words if not _IDEOGRAPHIC.search(word))
    return spaced + (ideographs + 1) // 2


def ends_sentence(line: str) -> bool:
    """True when the line ends as a sentence does, closing quotes and brackets aside."""
    stripped = line.rstrip(_TRAILING_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def is_prose(line: str) -> bool:
    """A paragraph of running text: a sentence of some length, or simply a long line."""
    words = word_count(line)
    return words >= PROSE_ANY_WORDS or (words >= PROSE_MIN_WORDS and ends_sentence(line))


def is_long_prose(line: str) -> bool:
    """Prose long enough to open or carry an article's body."""
    words = word_count(line)
    return words >= PROSE_ANY_WORDS + 5 or (words >= LONG_PROSE_WORDS and ends_sentence(line))


def is_headline(line: str) -> bool:
    """A title-shaped line: a few words, no closing full stop, starting with a capital or digit."""
    words = word_count(line)
    if not 2 <= words <= HEADLINE_MAX_WORDS or line.rstrip(_TRAILING_CLOSERS).endswith((".", ":")):
        return False
    first = line.lstrip("\"'“‘«([")[:1]
    return first.isupper() or first.isdigit()


def is_label(line: str) -> bool:
    """A section label or navigation item: very short, not a sentence; or parts joined by ``|``."""
    if _LABEL_SEPARATORS.search(line) and word_count(line) <= 2 * LABEL_MAX_WORDS:
        return True
    return 0 < word_count(line) <= LABEL_MAX_WORDS and not ends_sentence(line)


def is_furniture(line: str) -> bool:
    """Not text at all: punctuation only, or a bare file name such as an image's."""
    if not _LETTERS.search(line):
        return True
    return " " not in line and bool(_FILE_NAME.match(line)) and any(c in line for c in "-_.")


def is_dateline(line: str) -> bool:
    """A short line that is mostly a date ("November 10, 2022", "Updated 2022-11-10 09:00")."""
    return word_count(line) <= 8 and find_written_date(line) is not None


@dataclass(frozen=True, slots=True)
class Cues:
    """Compiled cue patterns from ``data/clean/cues.toml``."""

    credit: tuple[re.Pattern[str], ...]
    byline: tuple[re.Pattern[str], ...]
    related: tuple[re.Pattern[str], ...]
    boilerplate: tuple[re.Pattern[str], ...]
    end: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The cue patterns, read once from the package's data."""
    table = read_toml("clean/cues.toml")

    def compile_all(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(pattern, re.IGNORECASE) for pattern in table[key])

    return Cues(
        credit=compile_all("credit"),
        byline=compile_all("byline"),
        related=compile_all("related"),
        boilerplate=compile_all("boilerplate"),
        end=compile_all("end"),
    )


def has_credit(line: str) -> bool:
    """True when the line carries a photo or image credit: a caption."""
    return any(pattern.search(line) for pattern in cues().credit)


def is_byline(line: str) -> bool:
    """True for a byline such as "By Jane Doe and John Roe"."""
    if word_count(line) > 12 or ends_sentence(line):
        return False
    return any(pattern.search(line) for pattern in cues().byline)


def is_related_link(line: str) -> bool:
    """True for a pointer to another story ("Related: ...", "Read more: ...")."""
    return any(pattern.search(line) for pattern in cues().related)


def is_boilerplate(line: str) -> bool:
    """True for page furniture by news-site convention ("Advertisement", a cookie notice,
    "Share this article", a copyright line): template wherever it stands."""
    if word_count(line) > BOILERPLATE_MAX_WORDS:
        return False
    return any(pattern.search(line) for pattern in cues().boilerplate)


def is_article_end(line: str) -> bool:
    """True for a line that closes the article ("12 Comments", "Leave a reply"): what follows
    is readers' comments, never more of the body."""
    return any(pattern.search(line) for pattern in cues().end)

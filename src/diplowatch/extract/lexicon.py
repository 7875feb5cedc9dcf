"""Event triggers: words and phrases of a sentence that name a PLOVER event.

The lexicon (``data/events/``, built by ``scripts/build_event_lexicon.py`` from the CAMEO verb
dictionary, the PLOVER codebook and curated lines) maps a head lemma and part of speech to
patterns: ``cut diplomatic tie`` is the verb ``cut`` with ``diplomatic`` and ``tie`` in its
dependency subtree. ``find_triggers`` looks each token's lemma up, checks the patterns' other
words against the head's subtree and keeps, per head, the most specific pattern. It decides
nothing about negation, hypotheticals, attribution or actors.

>>> from diplowatch.nlp import load_pipeline
>>> sentence = load_pipeline()("Kyiv cut diplomatic ties with Minsk.")[:]
>>> [trigger.type for trigger in find_triggers(sentence, load_lexicon())]
['SANCTION']
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from spacy.strings import hash_string
from spacy.tokens import Span, Token

from diplowatch.data import read_text
from diplowatch.kept import AnyFolder, digest_of, kept_build

LEXICON_FILES = ("verbs.tsv", "nouns.tsv", "adjectives.tsv")
SOURCE_RANK = {"curated": 2, "codebook": 1, "cameo": 0}
# Type of a lexicon line that names no event ("sign decree"): it outranks the shorter patterns
# inside it and yields no trigger.
NOT_AN_EVENT = "-"
# Parts of speech a head may carry, by the part of speech its patterns are written for.
POS_CLASS = {"VERB": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}
# When the tagger calls a noun a verb (or the reverse), the other part of speech is tried.
FALLBACK_CLASS = {"VERB": "NOUN", "NOUN": "VERB"}
# Dependencies of a word that heads a clause of its own.
CLAUSE_ROLES = frozenset("ROOT ccomp xcomp advcl conj relcl acl pcomp csubj parataxis".split())
# A pattern's words are looked for this deep below the head, never across these relations:
# they start another clause or name the actor, which the pattern does not describe.
SEARCH_DEPTH = 3
CLAUSE_BOUNDARIES = frozenset(
    "nsubj nsubjpass csubj csubjpass expl conj cc relcl advcl ccomp parataxis punct mark "
    "appos".split()
)


class Pattern(NamedTuple):
    """One lexicon line: a head lemma, the other words it needs, and the event it names. (A
    named tuple: the kept lexicon's 39,000 of them read back in a fifth of a second.)"""

    text: str
    head: str
    pos: str
    words: frozenset[str]
    word_sets: tuple[frozenset[str], ...]
    type: str
    mode: str
    cameo: str
    goldstein: float
    source: str

    @property
    def specificity(self) -> tuple[int, int, int]:
        """More words, then a better source, then a finer CAMEO code make a pattern win."""
        return (len(self.words) + len(self.word_sets), SOURCE_RANK[self.source], len(self.cameo))


@dataclass(frozen=True, slots=True)
class Trigger:
    """A matched pattern: token offsets in the doc, its head token and the event it names."""

    start: int
    end: int
    head: int
    text: str
    type: str
    mode: str
    cameo: str
    goldstein: float
    pos: str


@dataclass(frozen=True, slots=True)
class EventLexicon:
    """Patterns by (part of speech, head lemma), most specific first; immutable."""

    patterns: Mapping[tuple[str, str], tuple[Pattern, ...]]
    # The hashes (spaCy's string hashes) of every head word: a token whose lemma and form are
    # not among them heads no pattern, and is passed over without a closer look.
    head_hashes: frozenset[int] = frozenset()

    def __len__(self) -> int:
        return sum(len(group) for group in self.patterns.values())

    def candidates(self, pos: str, lemma: str) -> tuple[Pattern, ...]:
        return self.patterns.get((pos, lemma), ())


@dataclass(frozen=True, slots=True)
class _Match:
    pattern: Pattern
    head: int
    tokens: tuple[int, ...]  # the tokens its other words matched


def _data_lines(name: str) -> Iterator[str]:
    text = read_text(f"events/{name}")
    return (line for line in text.splitlines() if line and not line.startswith("#"))


def _read_rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(_data_lines(name), delimiter="\t", quoting=csv.QUOTE_NONE))


def _read_word_sets() -> dict[str, frozenset[str]]:
    members: dict[str, set[str]] = {}
    for row in _read_rows("synsets.tsv"):
        members.setdefault(row["set"], set()).add(row["word"])
    return {name: frozenset(words) for name, words in members.items()}


def _pattern_of(row: dict[str, str], word_sets: Mapping[str, frozenset[str]]) -> Pattern:
    others = row["pattern"].split()
    others.remove(row["head"])
    return Pattern(
        text=row["pattern"],
        head=row["head"],
        pos=row["pos"],
        words=frozenset(word for word in others if not word.startswith("&")),
        word_sets=tuple(word_sets.get(word, frozenset()) for word in others if word[0] == "&"),
        type=row["type"],
        mode=row["mode"],
        cameo=row["cameo"],
        goldstein=float(row["goldstein"]),
        source=row["source"],
    )


def build_lexicon(patterns: Iterable[Pattern]) -> EventLexicon:
    """An immutable lexicon over the given patterns."""
    return _lexicon_of(_grouped(patterns))


Groups = dict[tuple[str, str], tuple[Pattern, ...]]


def _grouped(patterns: Iterable[Pattern]) -> Groups:
    groups: dict[tuple[str, str], list[Pattern]] = {}
    for pattern in patterns:
        groups.setdefault((pattern.pos, pattern.head), []).append(pattern)
    return {
        key: tuple(sorted(group, key=lambda p: p.specificity, reverse=True))
        for key, group in groups.items()
    }


def _lexicon_of(groups: Groups) -> EventLexicon:
    heads = frozenset(hash_string(head) for _pos, head in groups)
    return EventLexicon(MappingProxyType(groups), heads)


# The layout of a kept lexicon; a new one makes new files.
KEPT_FORMAT = 1


def load_lexicon(cache: Path | None = None) -> EventLexicon:
    """The packaged event lexicon, read once a process (by the first call, from ``cache``
    where it names a folder, and shared by every later one); ``cache``: a folder where the
    grouped patterns are kept between runs (reading them back takes a sixth of the building)."""
    return _read_once(AnyFolder(cache))


@functools.lru_cache(maxsize=1)
def _read_once(folder: AnyFolder) -> EventLexicon:
    texts = [read_text(f"events/{name}") for name in (*LEXICON_FILES, "synsets.tsv")]
    path = None
    if folder.path is not None:
        path = folder.path / f"lexicon-{digest_of([str(KEPT_FORMAT), *texts])}.pickle"
    return _lexicon_of(kept_build(path, _built_groups, dict))


def _built_groups() -> Groups:
    word_sets = _read_word_sets()
    rows = (row for name in LEXICON_FILES for row in _read_rows(name))
    return _grouped(_pattern_of(row, word_sets) for row in rows)


def find_triggers(sentence: Span, lexicon: EventLexicon) -> list[Trigger]:
    """The sentence's event triggers in text order, one per head.

    Where a longer pattern's words include another trigger's head ("offer to mediate"), the
    longer pattern wins and the inner head is not a trigger of its own.
    """
    heads = lexicon.head_hashes
    matches = [
        match
        for token in sentence
        if (token.lemma in heads or token.lower in heads) and (match := _best_match(token, lexicon))
    ]
    matches.sort(key=lambda m: m.pattern.specificity, reverse=True)
    consumed: set[int] = set()
    kept: list[_Match] = []
    for match in matches:
        if match.head in consumed:
            continue
        kept.append(match)
        consumed.update(match.tokens)
    doc = sentence.doc
    events = (match for match in kept if match.pattern.type != NOT_AN_EVENT)
    return [_trigger_of(match, doc) for match in sorted(events, key=lambda m: m.head)]


def _best_match(token: Token, lexicon: EventLexicon) -> _Match | None:
    pos = POS_CLASS.get(token.pos_)
    if pos is None:
        return None
    candidates = _candidates(token, pos, lexicon)
    if not candidates and pos in FALLBACK_CLASS and _parsed_as(token, FALLBACK_CLASS[pos]):
        candidates = _candidates(token, FALLBACK_CLASS[pos], lexicon)
    if not candidates:
        return None
    nearby: dict[str, int] | None = None
    for pattern in candidates:
        if not pattern.words and not pattern.word_sets:
            return _Match(pattern, token.i, ())
        if nearby is None:
            nearby = _words_below(token)
        found = _matched_tokens(pattern, nearby)
        if found is not None:
            return _Match(pattern, token.i, found)
    return None


def _parsed_as(token: Token, pos: str) -> bool:
    """Whether the parse backs reading a token as ``pos`` against its tag: a "noun" that heads
    a clause (a root or complement, or with a subject or object) may be a verb; a "verb" in a
    noun's place may be a noun. "At the table" is never the verb "table"."""
    heads_clause = token.dep_ in CLAUSE_ROLES or any(
        child.dep_ in {"nsubj", "nsubjpass", "dobj"} for child in token.children
    )
    return heads_clause if pos == "VERB" else not heads_clause


def _candidates(token: Token, pos: str, lexicon: EventLexicon) -> tuple[Pattern, ...]:
    lemma = token.lemma_.lower()
    found = lexicon.candidates(pos, lemma)
    if found or token.lower_ == lemma:
        return found
    return lexicon.candidates(pos, token.lower_)


def _words_below(head: Token) -> dict[str, int]:
    """Lemma and form of each token below the head (clause boundaries aside) -> nearest index."""
    nearby: dict[str, int] = {}
    frontier = [head]
    for _ in range(SEARCH_DEPTH):
        frontier = [
            child
            for token in frontier
            for child in token.children
            if child.dep_ not in CLAUSE_BOUNDARIES
        ]
        for token in frontier:
            nearby.setdefault(token.lemma_.lower(), token.i)
            nearby.setdefault(token.lower_, token.i)
    return nearby


def _matched_tokens(pattern: Pattern, nearby: Mapping[str, int]) -> tuple[int, ...] | None:
    """The tokens that satisfy the pattern's other words, or None when one is missing."""
    if not nearby.keys() >= pattern.words:
        return None
    found = [nearby[word] for word in pattern.words]
    for members in pattern.word_sets:
        index = next((nearby[word] for word in members if word in nearby), None)
        if index is None:
            return None
        found.append(index)
    return tuple(found)


def _trigger_of(match: _Match, doc) -> Trigger:
    start = min((match.head, *match.tokens))
    end = max((match.head, *match.tokens)) + 1
    pattern = match.pattern
    return Trigger(
        start=start,
        end=end,
        head=match.head,
        text=doc[start:end].text,
        type=pattern.type,
        mode=pattern.mode,
        cameo=pattern.cameo,
        goldstein=pattern.goldstein,
        pos=pattern.pos,
    )

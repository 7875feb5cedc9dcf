"""Terms set on a future act, with or without a word for talks: "Moscow would return to the
deal only if its demands were met", "the insurgents will not negotiate until their prisoners
are freed", "any settlement must include recognition of two states", "Ankara demanded that
Stockholm crack down on militants as a condition for its approval", "would not accept a
ceasefire without security guarantees".

A stated act carries terms when it is future or modal ("will", "would", "could", "must") and
a condition clause bears on it: "only if/once/after/when/before ...", or "if", "unless",
"until", "as long as", "provided" without "only". A demand is a condition where the text says
so ("as a condition for", "before any talks"), and whatever a deal "must include" is one. A
negated act with terms is a refusal ("will not negotiate until ..."); a negated act "without"
something is conditional on it. The words are in ``data/positions/cues.toml`` (``[terms]``);
``extract.positions`` resolves who sets the terms and toward whom.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from diplowatch.data import read_toml
from diplowatch.extract.certainty import is_negated
from diplowatch.extract.conditions import clause_text, cleaned, phrase
from diplowatch.extract.stance import lasting
from diplowatch.records import Stance

FUTURE = frozenset({"will", "would", "wo", "'ll", "could", "can", "ca", "must", "shall"})
# Words of willingness whose act may carry terms ("willing to restore ties as long as ...").
# Words that may open a condition clause's text where the parser took them for adverbs.
OPENING = frozenset({"only", "when", "whenever", "once", "if", "until", "unless", "after"})
WILLING = frozenset({"willing", "ready", "prepared", "open", "unwilling"})


@dataclass(frozen=True, slots=True)
class TermsCues:
    marks: frozenset[str]  # subordinators that set terms alone ("unless", "until")
    only_marks: frozenset[str]  # subordinators that set terms after "only" ("only after")
    deals: frozenset[str]  # what "must include" its terms ("any deal must include")
    demands: frozenset[str]  # verbs of demanding ("demanded that ...")
    condition_nouns: frozenset[str]  # "as a condition for", "as a precondition"
    preceding: frozenset[str]  # "a ceasefire must come before any talks": the subject


@lru_cache(maxsize=1)
def terms_cues() -> TermsCues:
    """The packaged words of terms."""
    table = read_toml("positions/cues.toml")["terms"]
    return TermsCues(**{key: frozenset(table[key]) for key in TermsCues.__slots__})


@dataclass(frozen=True, slots=True)
class TermsReading:
    """Terms as the parse states them: the act they bear on (its subject, else the speaker
    above, holds them), the stance, the conditions' words, and the words inside the
    conditions and the act where the counterpart is named."""

    act: Token
    stance: Stance
    conditions: tuple[str, ...]
    sides: tuple[Token, ...]
    # where the act names no one: the words naming who must meet the conditions
    fallback: tuple[Token, ...] = ()
    # the words of what the terms are for, where the text names it ("as a condition for a
    # ceasefire"); else the act's
    about: tuple[Token, ...] = ()


def terms_readings(span: Span, cues: TermsCues | None = None) -> list[TermsReading]:
    """The terms a sentence sets, one reading per act."""
    cues = cues or terms_cues()
    found: dict[int, TermsReading] = {}
    for token in span:
        for reading in _readings_at(token, cues):
            found.setdefault(reading.act.i, reading)
    return list(found.values())


def _readings_at(token: Token, cues: TermsCues) -> Iterator[TermsReading]:
    if token.dep_ in {"advcl", "conj"} and token.pos_ in {"VERB", "AUX"}:
        act = _act_of(token)
        mark = _mark(token)
        only = _only_before(token)
        if token.dep_ == "conj":
            # "open to talks, but only if the bloc drops ...": terms on what was just said
            stated = only and mark in cues.only_marks
        else:
            stated = (mark in cues.marks or (only and mark in cues.only_marks)) and _stated(act)
        if lasting(token):
            stated = False  # "will keep talking until a deal is reached": how long, no terms
        if stated:
            stance: Stance = "refuses" if _refused(act) else "conditional"
            yield TermsReading(
                act, stance, (_condition_text(token),), tuple(_sides(act)), _subjects(token)
            )
    if token.dep_ == "prep" and token.lower_ in cues.marks | cues.only_marks:
        # "will meet X only after the withdrawal", "no talks until the end of the blockade"
        act = token.head
        named: tuple[Token, ...] = ()
        if act.pos_ == "NOUN" and act.dep_ in {"attr", "dobj", "nsubj", "nsubjpass"}:
            named = tuple(_sides(act))
            act = act.head
        objects = [c for c in token.children if c.dep_ in {"pobj", "pcomp"}]
        only = any(c.lower_ == "only" for c in token.children) or (
            token.i > 0 and token.doc[token.i - 1].lower_ == "only"
        )
        if (
            objects
            and act.pos_ in {"VERB", "AUX"}
            and (token.lower_ in cues.marks or (only and token.lower_ in cues.only_marks))
            and _stated(act)
        ):
            kind: Stance = "refuses" if _refused(act) else "conditional"
            conditions = tuple(phrase(o) for o in objects)
            sides = (*_sides(act), *named)
            yield TermsReading(act, kind, conditions, sides, tuple(objects))
    if token.dep_ == "prep" and token.lower_ == "without":
        # "would not accept a ceasefire without X", on the verb or on what it accepts
        act = token.head if token.head.dep_ not in {"dobj", "xcomp"} else token.head.head
        if act.pos_ == "VERB" and is_negated(act) and _stated(act):
            conditions = tuple(phrase(c) for c in token.children if c.dep_ in {"pobj", "pcomp"})
            if conditions:
                yield TermsReading(act, "conditional", conditions, tuple(_sides(act)))
    if token.lemma_ == "include" and _stated(token):
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        if any(s.lemma_.lower() in cues.deals for s in subjects):
            included = [c for c in token.children if c.dep_ in {"dobj", "ccomp"}]
            if included:
                conditions = tuple(phrase(c) for c in included)
                yield TermsReading(token, "conditional", conditions, tuple(_sides(token)))
    if token.lemma_.lower() in cues.demands:
        demanded = [c for c in token.children if c.dep_ in {"ccomp", "dobj", "xcomp"}]
        # The words that make the demand a condition hang on the demand, or, as the parser
        # often has it, on what is demanded ("demanded the withdrawal ... as a condition").
        marker = next(
            (m for word in (token, *demanded) if (m := _condition_marker(word, cues))), None
        )
        if demanded and marker is not None:
            conditions = tuple(_demanded_text(c, marker, cues) for c in demanded)
            sides = tuple(_sides(demanded[0]))
            yield TermsReading(token, "conditional", conditions, sides, about=tuple(marker.subtree))


def _condition_text(clause: Token) -> str:
    """A condition clause's words without the words that open it ("only when X" -> "X")."""
    words = clause_text(clause).split(" ")
    while words and words[0].lower() in OPENING:
        words.pop(0)
    return " ".join(words)


def _subjects(clause: Token) -> tuple[Token, ...]:
    subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return tuple(t for s in subjects for t in (s, *s.conjuncts))


def _act_of(clause: Token) -> Token:
    """The act a condition clause bears on: its head, through "as long as" ("restore ties as
    long as ...", where the parser hangs the clause on "long")."""
    head = clause.head
    if head.lower_ == "long" and head.head.i != head.i:
        return head.head
    return head


def _refused(act: Token) -> bool:
    """A negated act, or one whose subject or complement is "no" ("there can be no dialogue")."""
    if is_negated(act):
        return True
    return any(
        d.dep_ == "det" and d.lower_ == "no"
        for c in act.children
        if c.dep_ in {"nsubj", "nsubjpass", "attr", "dobj"}
        for d in c.children
    )


def _mark(clause: Token) -> str | None:
    """The clause's subordinator: its mark, or a wh-adverb opening it ("only when X")."""
    marks = [c for c in clause.children if c.dep_ == "mark"]
    if not marks:
        opening = [
            c for c in clause.children if c.dep_ == "advmod" and c.tag_ == "WRB" and c.i < clause.i
        ]
        return opening[0].lower_ if opening else None
    first = marks[0]
    before = clause.doc[first.i - 2 : first.i] if first.i >= 2 else None
    if first.lower_ == "as" and before is not None and before.text.lower() == "as long":
        return "as long as"
    if first.lower_ == "as" and clause.doc[first.i + 1 : first.i + 3].text.lower() == "long as":
        return "as long as"
    return first.lower_


def _only_before(clause: Token) -> bool:
    """ "only if", "only once", "only after": "only" just before the clause."""
    start = clause.left_edge.i
    window = clause.doc[max(start - 2, 0) : start + 1]
    return any(t.lower_ == "only" for t in window) or any(
        c.lower_ == "only" for c in clause.children
    )


def _stated(act: Token) -> bool:
    """A future or modal act ("will sign", "would return", "must include"), one in the scope
    of one ("will only resume", "could not restore"), or of a stated willingness ("willing to
    restore ties")."""
    current = act
    for _ in range(3):
        if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in FUTURE for c in current.children):
            return True
        if current.lemma_.lower() in WILLING:
            return True
        if current.dep_ not in {"xcomp", "conj"} or current.head.i == current.i:
            return False
        current = current.head
    return False


def _condition_marker(word: Token, cues: TermsCues) -> Token | None:
    """The phrase that calls a demand a condition: "as a condition for", "as a
    precondition", or a demand made before any talks or deal ("before any negotiations")."""
    for child in word.children:
        if child.dep_ != "prep":
            continue
        objects = [g for g in child.children if g.dep_ == "pobj"]
        if child.lower_ == "as" and any(o.lemma_.lower() in cues.condition_nouns for o in objects):
            return child
        if child.lower_ == "before" and any(
            d.lower_ in {"any", "a", "further"} for o in objects for d in o.children
        ):
            return child
    return None


def _demanded_text(demanded: Token, marker: Token, cues: TermsCues) -> str:
    """What is demanded, without the phrase that calls it a condition; of a clause that only
    says it must come first ("that a full ceasefire must come before any talks"), its subject."""
    if marker.head.i == demanded.i and demanded.lemma_ in cues.preceding:
        subjects = [c for c in demanded.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            return phrase(subjects[0])
    text = clause_text(demanded) if demanded.dep_ == "ccomp" else phrase(demanded)
    inside = demanded.left_edge.i <= marker.i <= demanded.right_edge.i
    cut = text.rfind(phrase(marker)) if inside else -1
    return cleaned(text[:cut]) if cut > 0 else text


def _sides(word: Token) -> Iterator[Token]:
    """The words of a clause that may name the counterpart: its subject, objects and
    prepositional objects, with their conjuncts."""
    for child in word.children:
        if child.dep_ in {"nsubj", "nsubjpass", "dobj", "dative", "iobj"}:
            yield child
            yield from child.conjuncts
        elif child.dep_ == "prep":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    yield grand
                    yield from grand.conjuncts

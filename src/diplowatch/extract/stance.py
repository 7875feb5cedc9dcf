"""What the parse says about talks: which words name an issue (talks, a ceasefire), which
stance the words above them state, and the terms (conditions, restrictions) they set. The cue
words are in ``data/positions/cues.toml``; ``extract.positions`` resolves who holds the stance.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from diplowatch.data import read_toml
from diplowatch.extract.certainty import is_negated
from diplowatch.extract.conditions import clause_text, list_items, phrase
from diplowatch.extract.reference import Context
from diplowatch.records import Stance

# How far up the parse a stance word may govern the issue ("ready for dialogue": two steps;
# "ruled out the idea of pushing Ukraine to the negotiating table": six).
MAX_CLIMB = 8
# Dependencies that lead from the issue word up to the word that states a stance on it.
GOVERNED_BY = frozenset(
    {"dobj", "pobj", "prep", "xcomp", "acl", "pcomp", "compound", "amod", "attr", "conj", "oprd"}
)
# Party stances, strongest first: one sentence's refusal with a condition is a refusal.
THIRD_PARTY_STANCES = frozenset({"urges", "mediates"})
RESTRICTING = frozenset({"only", "but", "solely", "exclusively"})
# Verbs whose past with a ceasefire is the deal made.
DEALT = frozenset({"agree", "accept", "sign", "reach"})
# Verbs of talks going on that, in the future with the talks as subject, state a will to talk.
CONTINUING = frozenset({"continue", "resume", "proceed"})
# Nouns an infinitive of a stance completes ("an offer to mediate", "a bid to host talks"), and
# how many words before the infinitive one may stand.
OFFERING_NOUNS = frozenset({"offer", "proposal", "bid", "initiative", "attempt", "effort", "plan"})
OFFER_REACH = 6


@dataclass(frozen=True, slots=True)
class PositionCues:
    """The words of positions, read once from ``data/positions/cues.toml``."""

    issues: Mapping[str, str]
    issue_phrases: Mapping[tuple[str, str], str]
    phrase_heads: frozenset[str]
    stances: Mapping[str, Stance]
    stance_phrases: Mapping[tuple[str, str], Stance]
    condition_marks: frozenset[str]
    refusal_marks: frozenset[str]
    condition_nouns: frozenset[str]
    condition_verbs: frozenset[str]


@lru_cache(maxsize=1)
def position_cues() -> PositionCues:
    """The packaged cues of positions."""
    table = read_toml("positions/cues.toml")
    conditions = table["conditions"]
    return PositionCues(
        issues={word: issue for issue, words in table["issues"].items() for word in words},
        issue_phrases={
            (modifier, head): issue
            for issue, pairs in table["issue_phrases"].items()
            for modifier, head in pairs
        },
        phrase_heads=frozenset(
            head for pairs in table["issue_phrases"].values() for _modifier, head in pairs
        ),
        stances={word: stance for stance, words in table["stances"].items() for word in words},
        stance_phrases={
            (verb, particle): stance
            for stance, pairs in table["stance_phrases"].items()
            for verb, particle in pairs
        },
        condition_marks=frozenset(conditions["marks"]),
        refusal_marks=frozenset(conditions["refusal_marks"]),
        condition_nouns=frozenset(conditions["nouns"]),
        condition_verbs=frozenset(conditions["verbs"]),
    )


@dataclass(frozen=True, slots=True)
class StanceReading:
    """A position as the parse states it, before its actors are resolved."""

    stance: Stance
    issue: str
    word: Token  # the stance word, or the issue word whose clause sets terms
    issue_word: Token
    conditions: tuple[str, ...] = ()
    restriction: Token | None = None  # "only with X": X
    conditions_only: bool = False  # "his preconditions are ...": completes a position


def stance_readings(span: Span, context: Context, cues: PositionCues) -> list[StanceReading]:
    """The stances a sentence's parse states on the issues it names, each issue word read
    once; a reading inside another's phrase (what pressure presses for) gives way to it."""
    readings: list[StanceReading] = []
    used: set[int] = set()
    for token in span:
        issue = _issue_of(token, cues)
        if issue is None or token.i in context.mentions or token.i in used:
            continue
        if _in_condition(token, cues):
            continue  # "open to working with X, but only if it cooperated with ...": a term
        reading = _conditions_statement(token, issue, cues) or _stance_over(token, issue, cues)
        if reading is None:
            continue
        if any(_inside(reading.word, other.word) for other in readings):
            continue
        readings = [r for r in readings if not _inside(r.word, reading.word)]
        used.update(
            t.i
            for t in reading.word.subtree
            if _issue_of(t, cues) is not None and (t.i == token.i or _inside(t, reading.word))
        )
        readings.append(reading)
    return readings


def _in_condition(token: Token, cues: PositionCues) -> bool:
    """Whether the word stands in a condition clause ("only if it cooperated", "unless talks
    resume"): what a condition names is a term of another position, not one of its own."""
    for clause in (token, *token.ancestors):
        if clause.dep_ in {"advcl", "conj"} and mark_of(clause) in cues.condition_marks:
            return True
    return False


def pressure_readings(span: Span, cues: PositionCues) -> list[StanceReading]:
    """Pressure on someone to act, whatever the act: "urged Moscow to reconsider", "pressed
    Havana to improve its record", "called on both sides to respect the truce" (PLOVER's
    REQUEST of a party, a position toward it). The act stands as the issue word."""
    found = []
    for verb in span:
        if verb.pos_ != "VERB" or _stance_of(verb, cues) != "urges" or is_negated(verb):
            continue
        pressed = pressed_words(verb)
        acts = [c for c in verb.children if c.dep_ in {"xcomp", "ccomp"} and c.pos_ == "VERB"]
        acts += [c for p in pressed for c in p.children if c.dep_ in {"acl", "relcl"}]
        acts = [a for a in acts if _infinitive(a) or _demanded(a)]
        if pressed and acts:
            found.append(StanceReading("urges", "talks", verb, acts[0]))
    return found


def pressed_words(verb: Token) -> list[Token]:
    """Whom pressure presses: the object ("urged Kyiv"), "on"/"upon"/"to" ("called on
    Moscow", "appealed to the juntas"), or the subject of a demanded act ("demanded that
    Turkey halt")."""
    pressed = [c for c in verb.children if c.dep_ in {"dobj", "iobj", "dative"}]
    pressed += [
        grand
        for child in verb.children
        if child.dep_ == "prep" and child.lower_ in {"on", "upon", "to"}
        for grand in child.children
        if grand.dep_ == "pobj"
    ]
    pressed += [
        subject
        for clause in verb.children
        if clause.dep_ == "ccomp" and _demanded(clause)
        for subject in clause.children
        if subject.dep_ == "nsubj"
    ]
    return pressed


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _demanded(clause: Token) -> bool:
    """A demanded act: "that Turkey halt", the bare form after "that" (or "should")."""
    marked = any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
    bare = clause.tag_ == "VB" and not any(c.dep_ == "aux" for c in clause.children)
    should = any(c.dep_ == "aux" and c.lower_ == "should" for c in clause.children)
    return marked and (bare or should)


def _inside(token: Token, other: Token) -> bool:
    """Whether ``token`` lies in the phrase of another stance word ``other`` with no subject
    of its own on the way (what is pressed for is part of the pressure)."""
    if token.i == other.i or not other.is_ancestor(token):
        return False
    current = token
    while current.i != other.i:
        if any(child.dep_ in {"nsubj", "nsubjpass"} for child in current.children):
            return False
        current = current.head
    return True


def _issue_of(token: Token, cues: PositionCues) -> str | None:
    lemma = token.lemma_.lower()
    if lemma not in cues.issues and lemma not in cues.phrase_heads:
        return None
    if token.dep_ in {"compound", "amod"}:
        return None  # "the negotiating table": the phrase's head names the issue
    if token.pos_ in {"NOUN", "VERB", "PROPN"} and lemma in cues.issues:
        if lemma == "engage" and token.pos_ != "VERB":
            return None
        return cues.issues[lemma]
    for child in token.children:
        issue = cues.issue_phrases.get((child.lower_, lemma))
        if issue is not None:
            return issue
    return None


def _stance_of(token: Token, cues: PositionCues) -> Stance | None:
    lemma = token.lemma_.lower()
    for child in token.children:
        if child.dep_ == "prt":
            phrase = cues.stance_phrases.get((lemma, child.lower_))
            if phrase is not None:
                return phrase
    if token.pos_ in {"PROPN", "DET", "PRON", "ADP"}:
        return None
    return cues.stances.get(lemma)


def _stance_over(issue_word: Token, issue: str, cues: PositionCues) -> StanceReading | None:
    """The stance the words above the issue word state on it, or the terms the issue's own
    clause sets ("will only talk with X", "talks could only resume once Y").

    The words climbed, up to the first with a subject of its own, decide together: pressure
    or mediation takes in what it presses for ("urged X to signal an openness to negotiate"),
    a refusal above it undoes it ("ruled out pushing Ukraine to the table"), and among a
    party's stance words a refusal wins ("rejected the offer of talks")."""
    chain: list[tuple[Token, Stance]] = []
    own = _stance_of(issue_word, cues)
    if own is not None and own in THIRD_PARTY_STANCES:
        chain.append((issue_word, own))
    current = issue_word
    for _ in range(MAX_CLIMB):
        if not _governed(current) or current.head.i == current.i:
            break
        current = current.head
        stance = _stance_of(current, cues)
        if stance is not None:
            chain.append((current, stance))
        if any(child.dep_ in {"nsubj", "nsubjpass"} for child in current.children):
            break
    if chain:
        chosen = _decided(chain)
        if chosen is None or _a_truce_agreed(chosen[0], issue):
            return None
        word, stance = chosen
        return _with_terms(
            StanceReading(stance, issue, _offering_noun(word) or word, issue_word), cues
        )
    # No stance word: the issue's own clause may still set terms or refuse.
    clause = issue_word if issue_word.pos_ == "VERB" else issue_word.head
    if issue_word.dep_ == "dobj" and clause.pos_ == "VERB" and _will(clause):
        # "will not hold talks with X", "would no longer hold talks": willingness negated, a
        # refusal (the reader turns a negated ``open`` into ``refuses``)
        if is_negated(clause):
            return _with_terms(StanceReading("open", issue, clause, issue_word), cues)
        return None
    if issue_word.dep_ not in {"nsubj", "nsubjpass"} and clause is not issue_word:
        return None
    reading = _with_terms(StanceReading("open", issue, clause, issue_word), cues)
    if reading.conditions or reading.restriction is not None:
        return reading
    if clause.pos_ == "VERB" and _will(clause) and is_negated(clause):
        # "would not negotiate": willingness negated, which the reader turns into a refusal
        return reading
    if clause.pos_ == "VERB" and _will(clause) and clause.lemma_.lower() in CONTINUING:
        # "said cooperation would continue", "talks will resume on Monday": a will to go on;
        # "talks between X and Y will resume" is news of the talks, no one's stance
        between = any(
            c.dep_ == "prep" and c.lower_ in {"between", "among"} for c in issue_word.children
        )
        return None if between else reading
    return None


def _a_truce_agreed(word: Token, issue: str) -> bool:
    """ "Agreed to a ceasefire", "signed a truce": the deal made, an event, not a will to
    make it (a will to talk, "agreed to resume talks", stays a position)."""
    return issue == "ceasefire" and word.lemma_.lower() in DEALT and word.tag_ == "VBD"


def _governed(token: Token) -> bool:
    """Whether the word is a complement of the one above it: an object, a prepositional
    phrase, an infinitive ("an openness to negotiate", which the parser may call a relative
    clause)."""
    if token.dep_ in GOVERNED_BY:
        return True
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    return token.dep_ == "relcl" and infinitive


def _decided(chain: Sequence[tuple[Token, Stance]]) -> tuple[Token, Stance] | None:
    """The stance word that decides, from the innermost up. A refusal above pressure done
    ("ruled out pushing Ukraine to the table") is no position (None); a refusal of others'
    pressure named as a thing ("rejected calls for talks", "rebuffed appeals to negotiate")
    is a refusal of what they press for."""
    third = next((i for i, (_, stance) in enumerate(chain) if stance in THIRD_PARTY_STANCES), None)
    if third is not None:
        refusal = next((link for link in chain[third + 1 :] if link[1] == "refuses"), None)
        if refusal is not None:
            pressure, stance = chain[third]
            return refusal if stance == "urges" and pressure.pos_ == "NOUN" else None
        return chain[third]
    refusal = next((link for link in chain if link[1] == "refuses"), None)
    return refusal or chain[0]


def _offering_noun(verb: Token) -> Token | None:
    """The noun an infinitive of a stance completes, where the parse hung it elsewhere: "a
    Turkish offer in mid-October to mediate talks" is Turkey's offer."""
    if verb.pos_ != "VERB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in OFFERING_NOUNS:
        return verb.head
    start = verb.left_edge.i
    for token in reversed(verb.doc[max(start - OFFER_REACH, 0) : start]):
        if token.pos_ == "NOUN" and token.lemma_.lower() in OFFERING_NOUNS:
            return token
        if token.pos_ == "VERB":
            return None
    return None


def _will(verb: Token) -> bool:
    """A statement of intent: "will", "would" or "wo(n't)" on the verb."""
    return any(
        child.dep_ == "aux" and child.lower_ in {"will", "would", "wo", "'ll"}
        for child in verb.children
    )


def _with_terms(reading: StanceReading, cues: PositionCues) -> StanceReading:
    """The reading with its conditions and restriction: condition clauses ("once X", "unless
    Y") and "only/but with X" on the stance word or the issue's clause."""
    conditions: list[str] = []
    restriction: Token | None = None
    words = (reading.word, reading.word.head, reading.issue_word, reading.issue_word.head)
    # A refusal, or a willingness denied (the reader makes it one), is limited by "while X".
    marks = cues.condition_marks
    if reading.stance == "refuses" or is_negated(reading.word):
        marks = marks | cues.refusal_marks
    for word in dict.fromkeys(words):
        for child in word.children:
            if child.dep_ == "advcl" and mark_of(child) in marks and not lasting(child):
                conditions.append(clause_text(child))
            restricting = child.dep_ in {"prep", "conj"} and child.lower_ in {"with", "to"}
            if restricting and _restricted(child):
                restriction = next((o for o in child.children if o.dep_ == "pobj"), restriction)
            if child.dep_ == "prep" and child.head.lemma_ in cues.condition_verbs:
                conditions.extend(phrase(o) for o in child.children if o.dep_ == "pobj")
    conditions.extend(_provided(reading.word))
    if restriction is not None:
        conditions.insert(0, phrase(restriction))
    stance = reading.stance
    if restriction is not None and stance in {"open", "conditional"}:
        stance = "refuses"
    elif conditions and stance == "open":
        stance = "conditional"
    return dataclasses.replace(
        reading, stance=stance, conditions=tuple(conditions), restriction=restriction
    )


# "provided (that) X", "providing X": the parser often takes the word for a verb of its own.
PROVIDED = frozenset({"provided", "providing"})


def _provided(word: Token) -> list[str]:
    """Conditions set by "provided X" after the stance word, on a clause above it, where the
    parse has made "provided" a verb with no subject and X its clause ("said they were ready
    to resume talks, provided the ruling was set aside")."""
    found = []
    for above in (word, *word.ancestors):
        for child in above.children:
            if child.lower_ not in PROVIDED or child.i < word.i or child.pos_ != "VERB":
                continue
            if any(c.dep_ in {"nsubj", "nsubjpass", "dobj"} for c in child.children):
                continue  # "Qatar provided the venue": a verb of its own
            found += [clause_text(c) for c in child.children if c.dep_ in {"ccomp", "advcl"}]
    return found


# Verbs of going on: "until" on what they keep going is how long, not on what terms.
GOING_ON = frozenset({"keep", "continue"})


def lasting(clause: Token) -> bool:
    """ "(agreed to) keep talking until they found a way": "until" says how long the talks go
    on, no condition of them."""
    return mark_of(clause) == "until" and clause.head.lemma_.lower() in GOING_ON


def mark_of(clause: Token) -> str | None:
    return next((c.lower_ for c in clause.children if c.dep_ == "mark"), None)


def _restricted(preposition: Token) -> bool:
    """ "Only with X", "but with X": a restriction word before the preposition."""
    before = preposition.doc[max(preposition.i - 2, 0) : preposition.i]
    return any(token.lower_ in RESTRICTING for token in before) or any(
        child.lower_ in RESTRICTING
        for child in preposition.head.children
        if child.i < preposition.i
    )


def _conditions_statement(
    issue_word: Token, issue: str, cues: PositionCues
) -> StanceReading | None:
    """ "X's preconditions for talks are A, B and C", "his conditions include A": the
    conditions of a position, listed."""
    if issue_word.dep_ != "pobj" or issue_word.head.lower_ != "for":
        return None
    noun = issue_word.head.head
    if noun.lemma_.lower() not in cues.condition_nouns or noun.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    verb = noun.head
    listed = [c for c in verb.children if c.dep_ in {"attr", "dobj", "acomp"}]
    if not listed or verb.lemma_ not in {"be", "include", "remain"}:
        return None
    items = [item for head in listed for item in list_items(head)]
    if not items:
        return None
    return StanceReading("conditional", issue, noun, issue_word, tuple(items), conditions_only=True)

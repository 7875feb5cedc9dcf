"""Negotiating positions from a parsed sentence: who will talk to whom, on what terms.

A position needs two things in one sentence: a word that names the issue (talks, negotiations,
dialogue, diplomacy, a ceasefire) and a word that states a stance toward it and governs it in the
parse ("open to diplomacy", "a decree banning negotiations", "urged X to negotiate", "an offer to
mediate talks"), or an issue whose own clause sets terms ("will only talk with the next leader",
"talks could only resume once ..."). A sentence that merely mentions talks ("that's how talks
start") states no position. Stances come from ``data/positions/cues.toml``:

- ``open``: willing to talk; turned into ``conditional`` by conditions ("only once X", "unless
  Y", "his preconditions are A, B and C");
- ``refuses``: rejects talks, or will talk only with someone else ("only with the next leader",
  "but with another president"): the restriction is kept as the condition;
- ``urges``: presses others toward talks (the pressed are the counterparts);
- ``mediates``: offers or conducts mediation.

Negation turns ``open`` into ``refuses`` and the reverse ("did not rule out talks") and drops
urging and mediation that did not happen ("not an attempt to push Ukraine to the table");
positions inside conditions and questions are dropped. The actor and the counterparts resolve
through ``extract.reference`` as events do. ``merge_positions`` then joins what one actor says
across a sentence and the next one of its paragraph.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from diplowatch.data import read_toml
from diplowatch.extract.certainty import is_hypothetical, is_negated, report_frame
from diplowatch.extract.reference import (
    REPORTING_SECTORS,
    Context,
    Discourse,
    Sentence,
    mention_for,
    nearest_date,
    on_whose_word,
    other_side,
)
from diplowatch.records import Participant, Position, Stance
from diplowatch.resolve.actors import ActorMention

# How far up the parse a stance word may govern the issue ("ready for dialogue": two steps;
# "ruled out the idea of pushing Ukraine to the negotiating table": six).
MAX_CLIMB = 8
# Dependencies that lead from the issue word up to the word that states a stance on it.
GOVERNED_BY = frozenset(
    {"dobj", "pobj", "prep", "xcomp", "acl", "pcomp", "compound", "amod", "attr", "conj", "oprd"}
)
# Party stances, strongest first: one sentence's refusal with a condition is a refusal.
PARTY_STANCES: tuple[Stance, ...] = ("refuses", "conditional", "open")
THIRD_PARTY_STANCES = frozenset({"urges", "mediates"})
NEGATED: Mapping[Stance, Stance] = {
    "open": "refuses",
    "conditional": "refuses",  # "will not negotiate until X": a refusal, until X
    "refuses": "open",
}
# Words before a condition's subordinator that are not part of the condition ("only if").
CONDITION_ADVERBS = frozenset({"only", "even", "just", "not", "until"})
RESTRICTING = frozenset({"only", "but", "solely", "exclusively"})
# Nouns an infinitive of a stance completes ("an offer to mediate", "a bid to host talks"), and
# how many words before the infinitive one may stand.
OFFERING_NOUNS = frozenset({"offer", "proposal", "bid", "initiative", "attempt", "effort", "plan"})
OFFER_REACH = 6
# Dependencies of what a condition clause holds that are not part of the condition's words.
_QUOTES = "\"'“”‘’«»"
_SEPARATORS = re.compile(r"\s*(?:[,;…]|\.\.\.)\s*")
_FIRST_AND = re.compile(r"\s+(?:and|or)\s+")


@dataclass(frozen=True, slots=True)
class PositionCues:
    """The words of positions, read once from ``data/positions/cues.toml``."""

    issues: Mapping[str, str]
    issue_phrases: Mapping[tuple[str, str], str]
    phrase_heads: frozenset[str]
    stances: Mapping[str, Stance]
    stance_phrases: Mapping[tuple[str, str], Stance]
    condition_marks: frozenset[str]
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
        condition_nouns=frozenset(conditions["nouns"]),
        condition_verbs=frozenset(conditions["verbs"]),
    )


@dataclass(frozen=True, slots=True)
class _Reading:
    """A position as the parse states it, before its actors are resolved."""

    stance: Stance
    issue: str
    word: Token  # the stance word, or the issue word whose clause sets terms
    issue_word: Token
    conditions: tuple[str, ...] = ()
    restriction: Token | None = None  # "only with X": X
    conditions_only: bool = False  # "his preconditions are ...": completes a position


def sentence_positions(
    sentence: Sentence, context: Context, discourse: Discourse, cues: PositionCues | None = None
) -> list[Position]:
    """The positions one sentence states, at most one per actor, stance kind and issue."""
    cues = cues or position_cues()
    span = sentence.span
    readings = _readings(span, context, cues)
    found = []
    for reading in readings:
        position = _position(sentence, reading, context, discourse)
        if position is not None:
            found.append(position)
    return _joined_in_sentence(found)


# --- reading the parse ----------------------------------------------------------------------


def _readings(span: Span, context: Context, cues: PositionCues) -> list[_Reading]:
    readings: list[_Reading] = []
    used: set[int] = set()
    for token in span:
        issue = _issue_of(token, cues)
        if issue is None or token.i in context.mentions or token.i in used:
            continue
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


def _stance_over(issue_word: Token, issue: str, cues: PositionCues) -> _Reading | None:
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
        if chosen is None:
            return None
        word, stance = chosen
        return _with_terms(_Reading(stance, issue, _offering_noun(word) or word, issue_word), cues)
    # No stance word: the issue's own clause may still set terms or refuse.
    clause = issue_word if issue_word.pos_ == "VERB" else issue_word.head
    if issue_word.dep_ not in {"nsubj", "nsubjpass"} and clause is not issue_word:
        return None
    reading = _with_terms(_Reading("open", issue, clause, issue_word), cues)
    if reading.conditions or reading.restriction is not None:
        return reading
    if clause.pos_ == "VERB" and _will(clause) and is_negated(clause):
        return dataclasses.replace(reading, stance="refuses")
    return None


def _governed(token: Token) -> bool:
    """Whether the word is a complement of the one above it: an object, a prepositional
    phrase, an infinitive ("an openness to negotiate", which the parser may call a relative
    clause)."""
    if token.dep_ in GOVERNED_BY:
        return True
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    return token.dep_ == "relcl" and infinitive


def _decided(chain: Sequence[tuple[Token, Stance]]) -> tuple[Token, Stance] | None:
    """The stance word that decides, from the innermost up (None: a refused pressure)."""
    third = next((i for i, (_, stance) in enumerate(chain) if stance in THIRD_PARTY_STANCES), None)
    if third is not None:
        if any(stance == "refuses" for _, stance in chain[third + 1 :]):
            return None
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


def _with_terms(reading: _Reading, cues: PositionCues) -> _Reading:
    """The reading with its conditions and restriction: condition clauses ("once X", "unless
    Y") and "only/but with X" on the stance word or the issue's clause."""
    conditions: list[str] = []
    restriction: Token | None = None
    words = (reading.word, reading.word.head, reading.issue_word, reading.issue_word.head)
    for word in dict.fromkeys(words):
        for child in word.children:
            if child.dep_ == "advcl" and _mark(child) in cues.condition_marks:
                conditions.append(_clause_text(child))
            restricting = child.dep_ in {"prep", "conj"} and child.lower_ in {"with", "to"}
            if restricting and _restricted(child):
                restriction = next((o for o in child.children if o.dep_ == "pobj"), restriction)
            if child.dep_ == "prep" and child.head.lemma_ in cues.condition_verbs:
                conditions.extend(_phrase(o) for o in child.children if o.dep_ == "pobj")
    if restriction is not None:
        conditions.insert(0, _phrase(restriction))
    stance = reading.stance
    if restriction is not None and stance in {"open", "conditional"}:
        stance = "refuses"
    elif conditions and stance == "open":
        stance = "conditional"
    return dataclasses.replace(
        reading, stance=stance, conditions=tuple(conditions), restriction=restriction
    )


def _mark(clause: Token) -> str | None:
    return next((c.lower_ for c in clause.children if c.dep_ == "mark"), None)


def _restricted(preposition: Token) -> bool:
    """ "Only with X", "but with X": a restriction word before the preposition."""
    before = preposition.doc[max(preposition.i - 2, 0) : preposition.i]
    return any(token.lower_ in RESTRICTING for token in before) or any(
        child.lower_ in RESTRICTING
        for child in preposition.head.children
        if child.i < preposition.i
    )


def _conditions_statement(issue_word: Token, issue: str, cues: PositionCues) -> _Reading | None:
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
    items = [item for head in listed for item in _list_items(head)]
    if not items:
        return None
    return _Reading("conditional", issue, noun, issue_word, tuple(items), conditions_only=True)


def _list_items(head: Token) -> list[str]:
    """The items of a listed phrase: "A … B, C and D" is four items."""
    text = _span_text(head.left_edge.i, head.right_edge.i + 1, head.doc)
    parts = [p for p in _SEPARATORS.split(text) if p]
    if len(parts) > 1:
        last = _FIRST_AND.split(parts[-1], maxsplit=1)
        parts = parts[:-1] + last
    return [cleaned for part in parts if (cleaned := _cleaned(part))]


def _clause_text(clause: Token) -> str:
    """A condition clause's words without its subordinator ("once X leaves" -> "X leaves"),
    stopping before a clause joined on to it ("... and that Kyiv would fight on")."""
    tokens = [
        token
        for token in clause.subtree
        if not (
            token.dep_ in {"mark", "advmod"}
            and token.head.i == clause.i
            and token.i < _mark_index(clause)
        )
        and not _in_joined_clause(token, clause)
    ]
    if not tokens:
        return ""
    return _cleaned(_span_text(tokens[0].i, tokens[-1].i + 1, clause.doc))


def _mark_index(clause: Token) -> int:
    """The position just past the clause's subordinator and the adverbs before it."""
    marks = [c.i for c in clause.children if c.dep_ == "mark"]
    return marks[0] + 1 if marks else clause.left_edge.i


def _in_joined_clause(token: Token, clause: Token) -> bool:
    current = token
    while current.i != clause.i:
        if current.dep_ in {"conj", "cc"} and current.head.i == clause.i:
            return True
        current = current.head
    return False


def _phrase(token: Token) -> str:
    return _cleaned(_span_text(token.left_edge.i, token.right_edge.i + 1, token.doc))


def _span_text(start: int, end: int, doc) -> str:  # type: ignore[no-untyped-def]
    return doc[start:end].text


def _cleaned(text: str) -> str:
    """A phrase without quotation marks, brackets and edge punctuation, spaces collapsed."""
    text = re.sub(r"(?<=\w)['’](?=\w)", "\0", text)  # an apostrophe inside a word stays
    text = "".join(" " if ch in _QUOTES else ch for ch in text).replace("\0", "'")
    text = re.sub(r"[()\[\]]", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:.-–—…")
    text = re.sub(r"\s+'s\b", "'s", text)
    return text


# --- resolving and building ----------------------------------------------------------------


def _position(
    sentence: Sentence, reading: _Reading, context: Context, discourse: Discourse
) -> Position | None:
    span = sentence.span
    word = reading.word
    if _is_question_or_condition(word, span, reading):
        return None
    stance: Stance | None = reading.stance
    if not reading.conditions_only and is_negated(word):
        stance = NEGATED.get(reading.stance)
    if stance is None:
        return None
    actor = _holder(word, reading.issue_word, context, discourse)
    if actor is None and reading.conditions_only and _possessed_by_pronoun(word):
        actor = discourse.previous  # "Serbia is ready. Its conditions are ...": Serbia's
    if actor is None or actor.actor is None or actor.actor.country is None:
        return None
    if actor.actor.sector in REPORTING_SECTORS:
        return None
    counterparts = _counterparts(reading, stance, actor, span, context, discourse)
    if stance == "urges" and not _pressed(word, context, discourse) and not _pair_of(reading):
        return None
    if not counterparts and not reading.conditions_only:
        return None
    frame = on_whose_word(report_frame(word, span), actor, context, discourse.previous)
    dates = discourse.time.dates(sentence.position)
    date = nearest_date(span, word, dates) or discourse.time.narrative(sentence.position)
    article = context.article
    start, end = _evidence_bounds(span, reading, actor)
    return Position(
        id=_position_id(article.page_hash or article.url or article.page, sentence.index, word),
        page=article.page,
        url=article.url,
        sentence_index=sentence.index,
        sentence=span.text,
        evidence=span.doc[start:end].text,
        actor=Participant(actor.text, actor.actor),
        counterparts=tuple(Participant(m.text, m.actor) for m in counterparts),
        issue=reading.issue,
        stance=stance,
        conditions=tuple(dict.fromkeys(c for c in reading.conditions if c)),
        date=date,
        certainty=frame.certainty,
    )


def _is_question_or_condition(word: Token, span: Span, reading: _Reading) -> bool:
    """A stance inside a condition ("if Moscow's signals of willingness ...") or a question
    is no position. A modal on the issue's own clause is the point of a condition ("talks
    could only resume once ...") and does not count."""
    if span.text.rstrip(" \"'”’)").endswith("?"):
        return True
    if reading.conditions or reading.conditions_only:
        current = word
        while current.head.i != current.i:
            if current.dep_ == "advcl" and _mark(current) in {"if", "unless", "whether"}:
                return True
            current = current.head
        return False
    return is_hypothetical(word, span)


def _possessed_by_pronoun(noun: Token) -> bool:
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in noun.children)


def _holder(
    word: Token, issue_word: Token, context: Context, discourse: Discourse
) -> ActorMention | None:
    """Who holds the stance: the subject of the stance word or of the verb above it, the
    possessor or nationality of a stance noun ("a Turkish offer", "Moscow's willingness").
    Where the talks are the subject ("talks could only resume once ..."), the one who says
    so further up ("X told the paper that talks ...")."""
    for candidate in _holder_candidates(word, issue_word):
        mention = mention_for(candidate, context, discourse.previous)
        if mention is not None and mention.actor is not None:
            return mention
    return None


def _holder_candidates(word: Token, issue_word: Token) -> Iterator[Token]:
    """Climbing from the stance word: a noun's possessor, nationality or "by" phrase, else
    the first subject on the way up."""
    current = word
    for _ in range(MAX_CLIMB + 2):
        if current.pos_ in {"NOUN", "PROPN"}:
            yield from (
                c for c in current.children if c.dep_ in {"poss", "amod", "compound", "nmod"}
            )
            yield from _objects(current, ("by",))
        subjects = [
            c for c in current.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i != issue_word.i
        ]
        if subjects:
            yield from subjects
            return
        if current.head.i == current.i:
            return
        current = current.head


def _counterparts(
    reading: _Reading,
    stance: Stance,
    actor: ActorMention,
    span: Span,
    context: Context,
    discourse: Discourse,
) -> list[ActorMention]:
    """Whom the position is toward: those pressed (urging), the sides of "between X and Y",
    the "with"/"to" of talks, a restriction's country; else whoever answers a stance noun
    ("Lavrov responded to a Turkish offer"), else the other side nearest in the sentence."""
    words: list[Token] = []
    if stance == "urges":
        pressed = [c for c in reading.word.children if c.dep_ in {"dobj", "iobj", "dative"}]
        words += [side for token in pressed for side in (token, *token.conjuncts)]
        words += _objects(reading.word, ("on", "to"))
    pair = _pair_of(reading)
    words += pair
    if stance != "urges" or not words:
        for owner in dict.fromkeys((reading.issue_word, reading.word)):
            words += _objects(owner, ("with", "to", "between", "among"))
    if reading.restriction is not None:
        words += [t for t in reading.restriction.subtree]
    found = _resolved(words, actor, context, discourse)
    if found or reading.conditions_only or stance == "urges":
        return found
    if reading.word.pos_ == "NOUN":
        found = _resolved(_answerers(reading.word), actor, context, discourse)
        if found:
            return found
    nearest = _nearest_other(reading.word, actor, span, context)
    if nearest is not None:
        return [nearest]
    previous = other_side(discourse.previous, actor)
    return [previous] if previous is not None else []


def _pair_of(reading: _Reading) -> list[Token]:
    return [
        side
        for owner in dict.fromkeys((reading.issue_word, reading.word))
        for side in _objects(owner, ("between", "among"))
    ]


def _pressed(word: Token, context: Context, discourse: Discourse) -> bool:
    """Whether an urging word has someone it presses ("urged Kyiv", "called on Moscow")."""
    pressed = [c for c in word.children if c.dep_ in {"dobj", "iobj", "dative"}]
    pressed += _objects(word, ("on", "to"))
    return any(mention_for(t, context, discourse.previous) for t in pressed)


def _objects(token: Token, prepositions: tuple[str, ...]) -> list[Token]:
    found = []
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in prepositions:
            for obj in prep.children:
                if obj.dep_ in {"pobj", "pcomp"}:
                    found += [obj, *obj.conjuncts]
        # "with the United States or with Turkey": a preposition joined to another.
        if prep.dep_ == "prep" and prep.lower_ in prepositions:
            for joined in prep.conjuncts:
                found += [o for o in joined.children if o.dep_ == "pobj"]
    return found


def _answerers(noun: Token) -> list[Token]:
    """The subject of the verb a stance noun hangs on: who answers "an offer"."""
    current = noun
    for _ in range(3):
        if current.head.i == current.i:
            return []
        current = current.head
        subjects = [c for c in current.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            return subjects
    return []


def _resolved(
    words: Iterable[Token], actor: ActorMention, context: Context, discourse: Discourse
) -> list[ActorMention]:
    """The actors the words name, each country once, none of the actor's own country."""
    found: dict[str, ActorMention] = {}
    own = actor.actor.country if actor.actor else None
    for token in words:
        mention = mention_for(token, context, discourse.previous)
        if mention is None or mention.actor is None:
            mention = _named_in(token, context)
        if mention is None or mention.actor is None or mention.actor.country in (None, own):
            continue
        if mention.actor.sector in REPORTING_SECTORS:
            continue
        found.setdefault(mention.actor.country, mention)  # type: ignore[arg-type]
    return list(found.values())


def _named_in(token: Token, context: Context) -> ActorMention | None:
    """An actor named inside a phrase ("the next leader of Russia")."""
    for inner in token.subtree:
        mention = context.mentions.get(inner.i)
        if mention is not None and mention.actor is not None:
            return mention
    return None


def _nearest_other(
    word: Token, actor: ActorMention, span: Span, context: Context
) -> ActorMention | None:
    """The actor of another country named nearest the stance word within its clause."""
    clause = word
    while clause.dep_ not in {"ROOT", "ccomp"} and clause.head.i != clause.i:
        clause = clause.head
    best: tuple[int, ActorMention] | None = None
    own = actor.actor.country if actor.actor else None
    for index in range(clause.left_edge.i, clause.right_edge.i + 1):
        mention = context.mentions.get(index)
        if mention is None or mention.actor is None or mention.actor.country in (None, own):
            continue
        if mention.actor.sector in REPORTING_SECTORS:
            continue
        distance = abs(index - word.i)
        if best is None or distance < best[0]:
            best = (distance, mention)
    return best[1] if best else None


def _evidence_bounds(span: Span, reading: _Reading, actor: ActorMention) -> tuple[int, int]:
    """Token bounds of the evidence: from the stance word (or the actor, where named just
    before it) to the issue word and the restriction or conditions' clause."""
    words = [reading.word.i, reading.issue_word.i]
    if reading.restriction is not None:
        words.append(reading.restriction.right_edge.i)
    start, end = min(words), max(words) + 1
    inside = span.start <= actor.start and actor.end <= span.end
    if inside and 0 <= start - actor.end <= 3:
        start = actor.start
    return start, end


def _position_id(article_key: str, index: int, word: Token) -> str:
    key = f"{article_key}:position:{index}:{word.i}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


# --- joining --------------------------------------------------------------------------------


def _country(participant: Participant) -> str | None:
    return participant.actor.country if participant.actor else None


def _kind(stance: Stance) -> str:
    return "party" if stance in PARTY_STANCES else stance


def _joined(first: Position, second: Position) -> Position:
    """One position from two statements of it: the first's evidence and date, both sets of
    counterparts and conditions, the stronger party stance."""
    counterparts = {_country(p): p for p in (*first.counterparts, *second.counterparts)}
    conditions = tuple(dict.fromkeys((*first.conditions, *second.conditions)))
    stance = first.stance
    if _kind(first.stance) == "party":
        stance = min((first.stance, second.stance), key=lambda s: PARTY_STANCES.index(s))
        if stance == "open" and conditions:
            stance = "conditional"
    return dataclasses.replace(
        first,
        counterparts=tuple(counterparts.values()),
        conditions=conditions,
        stance=stance,
        date=first.date or second.date,
    )


def _joined_in_sentence(positions: Sequence[Position]) -> list[Position]:
    """One position per actor country, issue and kind of stance in a sentence."""
    kept: dict[tuple[object, ...], Position] = {}
    for position in positions:
        key = (_country(position.actor), position.issue, _kind(position.stance))
        kept[key] = _joined(kept[key], position) if key in kept else position
    return list(kept.values())


def merge_positions(positions: Sequence[Position]) -> list[Position]:
    """An article's positions with what continues one in the next sentence joined to it:
    the same actor on the same issue restating its stance toward the same counterpart, or
    listing its conditions ("Zelensky is open to diplomacy. His preconditions are ...").
    Positions left without a counterpart are dropped. ``positions`` come in sentence order,
    each paragraph's separately."""
    merged: list[Position] = []
    for position in positions:
        earlier = next(
            (
                index
                for index in range(len(merged) - 1, -1, -1)
                if _continues(merged[index], position)
            ),
            None,
        )
        if earlier is None:
            merged.append(position)
        else:
            merged[earlier] = _joined(merged[earlier], position)
    return [position for position in merged if position.counterparts]


def _continues(earlier: Position, later: Position) -> bool:
    if later.sentence_index - earlier.sentence_index != 1:
        return False
    if _country(earlier.actor) != _country(later.actor) or earlier.issue != later.issue:
        return False
    if _kind(earlier.stance) != "party" or _kind(later.stance) != "party":
        return False
    if not later.counterparts:
        return True
    shared = {_country(p) for p in earlier.counterparts} & {_country(p) for p in later.counterparts}
    return bool(shared) and earlier.stance == later.stance

"""Mediation as the parse states it, with or without a word for talks: who mediates, and
between whom.

A mediator is the doer of a mediating verb ("Qatar brokered the truce", "talks mediated by
Qatar", "a Russian-mediated ceasefire", "Singapore, which hosted the meeting"), of a hosting
verb whose object is a meeting ("hosted by Switzerland", "convened by the UN"; hosting a
refugee is no mediation), the one a mediation noun belongs to ("mediation by Kuwait", "Omani
mediators", "act as mediators"), or whose help a deal was made with ("brokered with the help of
Brazil"). Offers count ("has offered to mediate"). The words are in
``data/positions/cues.toml`` (``[mediation]``); ``extract.positions`` resolves the actors.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from diplowatch.data import read_toml
from diplowatch.extract.certainty import is_negated
from diplowatch.extract.roles import companions, nationalities, prepositional_objects
from diplowatch.extract.tense import in_future

# How far up from a mediating infinitive its doer may be ("offered to help broker").
MAX_CLIMB = 4
# Words between coordinated hyphen prefixes ("US- and French-brokered").
PREFIX_GLUE = frozenset({"-", "and", ",", "&"})


@dataclass(frozen=True, slots=True)
class MediationCues:
    verbs: frozenset[str]
    hosting: frozenset[str]
    meetings: frozenset[str]
    nouns: frozenset[str]
    helping: frozenset[str]
    dealing: frozenset[str]
    # Words of willingness (the positions' ``open`` stance words): mediation they govern is
    # offered.
    willing: frozenset[str]
    # The measured precision of the events read from mediation: their confidence.
    confidence: float


@lru_cache(maxsize=1)
def mediation_cues() -> MediationCues:
    """The packaged words of mediation."""
    cues = read_toml("positions/cues.toml")
    table = cues["mediation"]
    words = {key: frozenset(table[key]) for key in MediationCues.__slots__ if key in table}
    return MediationCues(
        **words,
        willing=frozenset(cues["stances"]["open"]),
        confidence=float(cues["mediation_events"]["confidence"]),
    )


@dataclass(frozen=True, slots=True)
class MediationReading:
    """A mediation the parse states: the word that states it, the words naming its mediators
    (each a head of a name or a pronoun), and those naming the parties where the phrase
    names them ("between X and Y")."""

    word: Token
    mediators: tuple[Token, ...]
    parties: tuple[Token, ...]
    # Offered, planned or in the future ("has offered to mediate", "ready to host talks",
    # "Qatar will mediate"), not done.
    offered: bool = False
    # What was mediated is a meeting or deal told of before ("The meeting was hosted by X",
    # "the agreement, brokered by Y"): its parties are those of the sentences before.
    recalled: bool = False


def mediation_readings(span: Span, cues: MediationCues | None = None) -> list[MediationReading]:
    """The mediations a sentence states, one per mediating word with a mediator."""
    cues = cues or mediation_cues()
    found = []
    for token in span:
        if is_negated(token):
            continue
        mediators = tuple(_mediators(token, cues))
        if mediators:
            offered = _offered(token, cues)
            parties = tuple(_parties(token))
            recalled = not parties and _recalls(token, cues)
            found.append(MediationReading(token, mediators, parties, offered, recalled))
    return found


def _offered(word: Token, cues: MediationCues) -> bool:
    """Whether the mediation is offered or planned rather than done: in the future, or the
    content of a word of willingness on the way up to its doer ("offered to help broker",
    "said it was ready to host")."""
    if in_future(word):
        return True
    current = word
    for _ in range(MAX_CLIMB):
        if current.dep_ not in {"xcomp", "acomp", "ccomp", "acl"} or current.head.i == current.i:
            return False
        current = current.head
        if current.lemma_.lower() in cues.willing:
            return True
        if any(child.dep_ in {"nsubj", "nsubjpass"} for child in current.children):
            return False
    return False


def _mediators(token: Token, cues: MediationCues) -> Iterator[Token]:
    lemma = token.lemma_.lower()
    if token.pos_ in {"VERB", "ADJ"} and (
        lemma in cues.verbs or (lemma in cues.hosting and _of_a_meeting(token, cues))
    ):
        yield from _doers(token)
    elif token.pos_ == "NOUN" and lemma in cues.nouns:
        yield from _owners(token)
    elif token.pos_ == "NOUN" and lemma in cues.helping and _helps_a_deal(token, cues):
        yield from _named_by(token, ("of",))


def _of_a_meeting(verb: Token, cues: MediationCues) -> bool:
    """Whether a hosting verb acts on a meeting: its object ("hosted the talks"), the noun it
    describes ("talks hosted by"), or a mediating verb beside it ("hosted and mediated")."""
    if any(_names_meeting(word, cues) for word in _acted_on(verb)):
        return True
    return any(c.lemma_.lower() in cues.verbs for c in (*verb.conjuncts, verb.head) if c != verb)


def _acted_on(verb: Token) -> list[Token]:
    """What a mediating or hosting verb acts on: its object ("hosted the talks", "the talks
    were hosted"), or the noun it describes and the nouns whose phrase that one ends ("talks
    between the delegations hosted by Turkey")."""
    acted = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    if verb.dep_ in {"acl", "amod", "relcl"}:
        acted += _noun_phrase_heads(verb.head)
    return acted


def _noun_phrase_heads(noun: Token) -> list[Token]:
    """The noun and the nouns whose phrase it ends ("talks between American and Russian
    delegations hosted by Turkey": "delegations", then "talks")."""
    found = [noun]
    current = noun
    for _ in range(2):
        if current.dep_ != "pobj" or current.head.dep_ != "prep":
            break
        current = current.head.head
        found.append(current)
    return found


def mediated_meeting(noun: Token) -> bool:
    """Talks a mediator or host acts on that name none of their parties ("offered to mediate
    talks", "will host talks next week"): the mediation's, which has its own reading, and no
    event of their own, whose party the mediator would wrongly be."""
    cues = mediation_cues()
    if noun.pos_ not in {"NOUN", "PROPN"} or noun.dep_ != "dobj":
        return False
    verb = noun.head.lemma_.lower()
    if verb not in cues.verbs and verb not in cues.hosting:
        return False
    if not _names_meeting(noun, cues):
        return False
    own = any(child.dep_ in {"poss", "amod", "compound", "nmod"} for child in noun.children)
    return not own and not prepositional_objects(noun, ("between", "among", "with", "by"))


def _names_meeting(word: Token, cues: MediationCues) -> bool:
    if word.lemma_.lower() in cues.meetings:
        return True
    # "several rounds of talks", "a meeting between": the noun or what it is of
    return any(
        grand.lemma_.lower() in cues.meetings
        for child in word.children
        if child.dep_ == "prep" and child.lower_ == "of"
        for grand in child.children
    )


def _doers(verb: Token) -> Iterator[Token]:
    """Who does a mediating verb: its "by" agent, a hyphen prefix ("Russian-mediated"), the
    noun a relative clause describes ("Russia, which hosted"), else its subject, climbing from
    an infinitive ("has offered to mediate", "ready to help broker")."""
    agents = _named_by(verb, ("by",))
    if agents:
        yield from _with_conjuncts(agents)
        return
    prefixed = list(_prefixes(verb))
    if prefixed:
        yield from prefixed
        return
    if verb.tag_ == "VBN" and verb.dep_ in {"acl", "amod"}:
        return  # "the deal brokered last year": a mediator not named
    current = verb
    for _ in range(MAX_CLIMB):
        subjects = [c for c in current.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            if current.dep_ == "relcl" and subjects[0].tag_ in {"WDT", "WP"}:
                yield from _with_conjuncts([current.head])
            elif any(c.dep_ == "auxpass" for c in current.children):
                return  # "the talks were hosted": the subject is what was hosted
            else:
                yield from _with_conjuncts(subjects)
            return
        # "has offered to mediate", "said it was ready to host talks" (through "ready")
        if current.dep_ not in {"xcomp", "ccomp", "conj", "acomp"} or current.head.i == current.i:
            return
        current = current.head


def _prefixes(verb: Token) -> Iterator[Token]:
    """The names before a hyphen on the verb: "UN-brokered", "US- and French-brokered",
    "African Union-led"."""
    doc = verb.doc
    index = verb.i - 1
    if index < 1 or doc[index].text != "-":
        return
    index -= 1
    while index >= 0:
        token = doc[index]
        if token.text in PREFIX_GLUE:
            index -= 1
            continue
        if token.pos_ == "DET":
            return
        named = token.text.rstrip("-")
        if named.isalpha() and (token.pos_ in {"PROPN", "ADJ", "NOUN"} or named.isupper()):
            yield token
            # a name of several words ("African Union"): its first word is enough
            while index > 0 and doc[index - 1].pos_ == "PROPN" and doc[index - 1].is_title:
                index -= 1
            index -= 1
            continue
        return


def _owners(noun: Token) -> Iterator[Token]:
    """Whose mediation a noun names: "mediation by Kuwait", "Qatar's mediation", "Egyptian
    and Qatari mediators", "X and Y act as mediators", "X, the mediator"."""
    owners = _named_by(noun, ("by", "of"))
    owners += [c for c in noun.children if c.dep_ in {"poss", "amod", "compound", "nmod"}]
    if owners:
        yield from _with_conjuncts(owners)
        return
    if noun.dep_ == "appos":
        yield noun.head
        return
    if noun.dep_ in {"pobj", "attr"} and noun.head.lower_ in {"as", "is", "are", "was", "were"}:
        verb = noun.head.head if noun.dep_ == "pobj" else noun.head
        yield from _with_conjuncts([c for c in verb.children if c.dep_ == "nsubj"])


def _helps_a_deal(noun: Token, cues: MediationCues) -> bool:
    """ "(brokered) with the help of X": help on a deal is mediation."""
    preposition = noun.head
    if noun.dep_ != "pobj" or preposition.lower_ not in {"with", "under"}:
        return False
    return preposition.head.lemma_.lower() in cues.dealing | cues.verbs


def _parties(word: Token) -> list[Token]:
    """The sides the phrase names: "between X and Y" on the word, on what it acts on or on
    the noun it describes."""
    owners = [word, *[c for c in word.children if c.dep_ in {"dobj", "nsubjpass"}]]
    if word.dep_ in {"acl", "amod", "compound", "relcl", "pobj"}:
        owners += _noun_phrase_heads(word.head)
    sides = [
        side for owner in dict.fromkeys(owners) for side in _named_by(owner, ("between", "among"))
    ]
    # "between American and Russian delegations": the nationalities of a noun are the sides
    return [*sides, *(adjective for side in sides for adjective in nationalities(side))]


# Determiners that point back to a meeting or deal already told of.
RECALLING = frozenset({"the", "this", "that", "these", "those"})


def _recalls(word: Token, cues: MediationCues) -> bool:
    """Whether what the word mediates is a meeting or a deal named as one told of before, and
    only by what it is: "The meeting was hosted by X", "the accord, brokered by Y"."""
    kinds = cues.meetings | cues.dealing
    return any(
        noun.pos_ == "NOUN"
        and noun.lemma_.lower() in kinds
        and any(c.dep_ == "det" and c.lower_ in RECALLING for c in noun.children)
        and not any(c.dep_ in {"poss", "prep", "compound", "amod"} for c in noun.children)
        for noun in _acted_on(word)
    )


def _named_by(word: Token, prepositions: tuple[str, ...]) -> list[Token]:
    """The nouns the prepositions under ``word`` take ("mediated by Qatar"), never a clause
    ("responded ... by claiming Russia is willing")."""
    return [t for t in prepositional_objects(word, prepositions) if t.dep_ != "pcomp"]


def _with_conjuncts(words: Sequence[Token]) -> Iterator[Token]:
    """The words, those joined to them, and those named as acting with them ("together
    with", "along with")."""
    for word in words:
        yield word
        yield from word.conjuncts
        yield from companions(word)

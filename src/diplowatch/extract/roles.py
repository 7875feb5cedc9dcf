"""Who acts and who is acted on: an event's source and target from the dependency parse.

For a verb, the source is its subject (or the "by" agent of a passive) and the target its object
or the object of "with", "to", "against", "on" ...; a verb without a subject of its own takes the
subject of the verb it completes ("began urging X", "announced ... and urged X"). For a noun, the
source is its possessor or nationality adjective ("Russia's withdrawal", "a Turkish offer") or
the "by" phrase ("a visit by X"), else the subject of the verb that governs it ("X declared its
annexation"); "talks between X and Y" make X and Y each other's counterpart. Candidates come in
order of preference; the caller keeps the first that resolves to an actor.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

SUBJECT = "nsubj"
PASSIVE_SUBJECT = "nsubjpass"
OBJECTS = ("dobj", "dative", "iobj", "attr", "oprd")
# Prepositions whose object is the one acted on, most telling first.
TARGET_PREPOSITIONS = (
    "with", "against", "to", "on", "toward", "towards", "into", "at", "from", "over", "for",
    "of", "upon", "inside", "in",
)  # fmt: skip
SOURCE_PREPOSITIONS = ("by",)
# Prepositions on a verb's object that name the counterpart ("ties with X", "sanctions on X").
OBJECT_PREPOSITIONS = ("with", "against", "on", "to", "toward", "towards")
PAIR_PREPOSITIONS = ("between", "among")
# Subjects that refer to nothing by themselves ("launched what appears to be an offensive").
WH_WORDS = frozenset({"what", "which", "that", "who", "whatever"})
# Dependencies through which a verb completes another and shares its subject.
SHARED_SUBJECT = frozenset({"xcomp", "conj", "advcl", "ccomp"})
# Modifiers of a noun that can name who acts (a possessor, a nationality, a compound name).
NOUN_SOURCES = ("poss", "amod", "compound", "nmod")
# Words for a number of what their "of" phrase names ("scores of civilians", "five of the
# attackers"): the phrase names the party.
QUANTITY_WORDS = frozenset(
    {
        "dozen", "dozens", "score", "scores", "hundred", "hundreds", "thousand", "thousands",
        "million", "millions", "number", "group", "some", "many", "several", "most", "all",
        "few", "one", "none", "each", "both",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Arguments:
    """Candidate head tokens for an event's source and target, best first.

    ``symmetric`` says the two sides may be swapped ("talks between X and Y").
    """

    sources: tuple[Token, ...]
    targets: tuple[Token, ...]
    symmetric: bool = False


def _children(token: Token, *dependencies: str) -> Iterator[Token]:
    return (child for child in token.children if child.dep_ in dependencies)


def _with_conjuncts(token: Token) -> Iterator[Token]:
    yield token
    yield from token.conjuncts


def prepositional_objects(token: Token, prepositions: tuple[str, ...]) -> list[Token]:
    """Objects of the given prepositions under ``token``, in the prepositions' order."""
    found: list[Token] = []
    preps = [child for child in token.children if child.dep_ in {"prep", "agent"}]
    # "with the United States or with Turkey": a preposition joined to another counts too.
    preps += [joined for prep in preps for joined in prep.conjuncts if joined.pos_ == "ADP"]
    for word in prepositions:
        for prep in preps:
            if prep.lower_ == word:
                for obj in _children(prep, "pobj", "pcomp"):
                    found.extend(_with_conjuncts(obj))
    return found


def companions(token: Token) -> list[Token]:
    """Those named as acting with the token's actor: "X, together with the leaders of Poland
    and Latvia, offered ...", "Qatar, along with Egypt, mediated", "X alongside Y" (for a
    phrase "the leaders of A and B", A and B)."""
    found: list[Token] = []
    for prep in _children(token, "prep"):
        together = "together" in {token.lower_, *(c.lower_ for c in prep.children)}
        if prep.lower_ == "along":  # "along with": "with" hangs on "along"
            joined = [c for c in prep.children if c.lower_ == "with"]
        elif prep.lower_ == "alongside" or (prep.lower_ == "with" and together):
            joined = [prep]
        else:
            continue
        for companion in (obj for word in joined for obj in _children(word, "pobj")):
            found.extend(prepositional_objects(companion, ("of",)) or _with_conjuncts(companion))
    if not found:
        # "together with" hung on an adverb of the subject: "X, together with Y, ..."
        for adverb in _children(token, "advmod"):
            if adverb.lower_ == "together":
                found.extend(companions(adverb))
    return found


def nationalities(noun: Token) -> list[Token]:
    """The adjectives on a noun and those joined to them, in order ("Colombian, Brazilian and
    Argentine leaders", "between American and Russian delegations"): where its nationalities
    are."""
    adjectives = list(_children(noun, "amod"))
    adjectives += [partner for adjective in adjectives for partner in adjective.conjuncts]
    return sorted(set(adjectives), key=lambda t: t.i)


def _pair(token: Token) -> tuple[Token, Token] | None:
    """The two sides of "between X and Y" under ``token``, if there are two."""
    sides = prepositional_objects(token, PAIR_PREPOSITIONS)
    return (sides[0], sides[1]) if len(sides) >= 2 else None


def governing_subjects(token: Token) -> list[Token]:
    """The subject of the verb a clause or noun hangs under, climbing a few levels."""
    current = token
    for _ in range(4):
        if current.head.i == current.i:
            return []
        parent = current.head
        subjects = [s for s in _children(parent, SUBJECT) if s.lower_ not in WH_WORDS]
        if subjects:
            return subjects
        agents = prepositional_objects(parent, SOURCE_PREPOSITIONS)
        if parent.dep_ != "ROOT" and agents:
            return agents
        current = parent
    return []


def _verb_arguments(verb: Token) -> Arguments:
    subjects = _counted(_children(verb, SUBJECT))
    passive = _counted(_children(verb, PASSIVE_SUBJECT))
    agents = prepositional_objects(verb, SOURCE_PREPOSITIONS)
    objects = _counted(obj for child in _children(verb, *OBJECTS) for obj in _with_conjuncts(child))
    # "cut ties with X", "imposed sanctions on X": the counterpart hangs on the object, and
    # names the target better than the object does.
    counterparts = [
        inner for obj in objects for inner in prepositional_objects(obj, OBJECT_PREPOSITIONS)
    ]
    objects = counterparts + objects
    prepositional = prepositional_objects(verb, TARGET_PREPOSITIONS)
    pair = _pair(verb)
    if passive:
        sources = agents
        targets = passive + objects + prepositional
    else:
        sources = subjects + agents
        targets = objects + prepositional
    if not sources and verb.dep_ in {"relcl", "acl"}:
        # "the junta, which cut ties", "a decree banning talks": the noun it describes, or
        # whoever acts through that noun ("X signed a decree banning talks").
        sources = [verb.head, *governing_subjects(verb.head)]
    elif not sources and verb.dep_ in SHARED_SUBJECT:
        sources = governing_subjects(verb)
    if pair is not None and not sources:
        return Arguments(sources=(pair[0],), targets=(pair[1],), symmetric=True)
    if pair is not None:
        targets = [*pair, *targets]
    return Arguments(sources=tuple(sources), targets=tuple(targets))


def _counted(tokens: Iterator[Token]) -> list[Token]:
    """The words, each quantity ("scores of civilians", "five of the attackers") preceded by
    what its "of" phrase names."""
    found: list[Token] = []
    for token in tokens:
        quantity = token.lower_ in QUANTITY_WORDS or token.lemma_.lower() in QUANTITY_WORDS
        if quantity or token.pos_ == "NUM":
            found.extend(prepositional_objects(token, ("of",)))
        found.append(token)
    return found


def _noun_arguments(noun: Token) -> Arguments:
    pair = _pair(noun)
    own = [child for child in noun.children if child.dep_ in NOUN_SOURCES]
    agents = prepositional_objects(noun, SOURCE_PREPOSITIONS)
    targets = prepositional_objects(noun, TARGET_PREPOSITIONS)
    governing = [token for token in governing_subjects(noun) if token.i != noun.i]
    if pair is not None and not agents and not own:
        return Arguments(sources=(pair[0],), targets=(pair[1], *targets), symmetric=True)
    sources = agents + own + governing
    if pair is not None:
        targets = [*pair, *targets]
    return Arguments(sources=tuple(sources), targets=tuple(targets))


def arguments_of(head: Token) -> Arguments:
    """Candidate sources and targets of the event headed by ``head``."""
    if head.pos_ in {"NOUN", "PROPN"}:
        return _noun_arguments(head)
    if head.pos_ == "ADJ":
        # "ready for dialogue with X", "open to talks": the adjective's subject acts.
        subjects = governing_subjects(head) if head.dep_ in {"acomp", "amod"} else []
        targets = prepositional_objects(head, TARGET_PREPOSITIONS)
        nested = [obj for target in targets for obj in prepositional_objects(target, ("with",))]
        return Arguments(sources=tuple(subjects), targets=tuple(nested + targets))
    return _verb_arguments(head)


def is_topic(noun: Token) -> bool:
    """A noun event that names none of its participants and hangs on another noun ("his
    preconditions for talks", "the prospects of a ceasefire"): a subject of discussion, not an
    event. "Talks between X and Y", "a visit by X" and "Russia's withdrawal" name theirs."""
    if noun.pos_ not in {"NOUN", "PROPN"} or noun.dep_ != "pobj":
        return False
    holder = noun.head.head
    if holder.pos_ not in {"NOUN", "PROPN"}:
        return False
    own = any(child.dep_ in NOUN_SOURCES for child in noun.children)
    named = prepositional_objects(noun, SOURCE_PREPOSITIONS + PAIR_PREPOSITIONS + ("with",))
    return not own and not named

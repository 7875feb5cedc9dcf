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
positions inside conditions and questions are dropped. ``extract.stance`` reads the parse
(issue words, stance words, terms; ``extract.conditions`` the words of conditions); this module
resolves the actor and the counterparts through ``extract.reference`` as events do.
``merge_positions`` then joins what one actor says across a sentence and the next one of its
paragraph.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from diplowatch.extract.certainty import (
    finite_beside_bare,
    is_hypothetical,
    is_negated,
    report_frame,
)
from diplowatch.extract.mediation import MediationReading, mediation_readings
from diplowatch.extract.reference import (
    DOMESTIC_SECTORS,
    PLURAL_PRONOUNS,
    REPORTING_SECTORS,
    Context,
    Discourse,
    Sentence,
    counted_parties,
    counterpart_in,
    domestic_side,
    in_locative,
    is_state_side,
    last_named_other,
    mention_for,
    names_a_body,
    names_a_pair,
    nearest_date,
    on_whose_word,
    other_side,
)
from diplowatch.extract.roles import governing_subjects, prepositional_objects
from diplowatch.extract.stance import (
    MAX_CLIMB,
    PositionCues,
    StanceReading,
    mark_of,
    position_cues,
    pressed_words,
    pressure_readings,
    stance_readings,
)
from diplowatch.extract.terms import TermsReading, terms_readings
from diplowatch.records import Participant, Position, Stance
from diplowatch.resolve.actors import ActorMention, country_actor_of, load_gazetteer

# Party stances, strongest first: one sentence's refusal with a condition is a refusal.
PARTY_STANCES: tuple[Stance, ...] = ("refuses", "conditional", "open")
NEGATED: Mapping[Stance, Stance] = {
    "open": "refuses",
    "conditional": "refuses",  # "will not negotiate until X": a refusal, until X
    "refuses": "open",
}


@dataclass(frozen=True, slots=True)
class Terms:
    """Terms set on an act, resolved: who sets them (``holder``, and ``beside``, those named
    with it), toward whom (``counterparts``), and the parse's reading of them."""

    reading: TermsReading
    holder: ActorMention
    counterparts: tuple[ActorMention, ...]
    beside: tuple[ActorMention, ...] = ()
    # Whether the holder and those beside it are the parties one phrase counts ("the three
    # governments said ...").
    listed: bool = False


def sentence_positions(
    sentence: Sentence,
    context: Context,
    discourse: Discourse,
    cues: PositionCues | None = None,
    mediations: Sequence[Mediation] | None = None,
    terms: Sequence[Terms] | None = None,
) -> list[Position]:
    """The positions one sentence states, at most one per actor, stance kind and issue;
    ``mediations`` and ``terms``: the sentence's, where already read (``sentence_mediations``,
    ``sentence_terms``)."""
    cues = cues or position_cues()
    span = sentence.span
    readings = stance_readings(span, context, cues)
    if terms is None:
        terms = sentence_terms(sentence, context, discourse)
    # A demand the text calls a condition is the demander's condition, not pressure on the
    # other side ("demanded that Israel withdraw as a condition for any deal").
    demands = {
        t.reading.act.i for t in terms if t.reading.stance == "conditional" and t.reading.about
    }
    stated = {reading.word.i for reading in readings} | demands
    readings += [r for r in pressure_readings(span, cues) if r.word.i not in stated]
    found = []
    for reading in readings:
        found.extend(_position(sentence, reading, context, discourse))
    # Mediation read from its own phrase names its parties better than an issue word does.
    if mediations is None:
        mediations = sentence_mediations(sentence, context, discourse)
    mediated = _mediations(sentence, context, discourse, mediations)
    mediators = {_country(p.actor) for p in mediated}
    found = [p for p in found if p.stance != "mediates" or _country(p.actor) not in mediators]
    set_terms = [
        position for one in terms for position in _terms(sentence, one, context, discourse)
    ]
    return _joined_in_sentence([*found, *mediated, *set_terms])


def sentence_terms(sentence: Sentence, context: Context, discourse: Discourse) -> list[Terms]:
    """The terms one sentence sets, each with who sets them and toward whom: held by the act's
    subject, else by the first actor subject above it ("Canada said the duties would stay
    until ..."), toward the actors the act and its conditions name, else the other side
    nearest in the sentence. Those who set them together ("Britain, France and Germany said
    ...") are never each other's side."""
    span = sentence.span
    if span.text.rstrip(" \"'”’)").endswith("?"):
        return []
    found = []
    for reading in terms_readings(span):
        act = reading.act
        listed = _listed_above(act, discourse)
        actor = listed[0] if listed else _first_actor_above(act, context, discourse)
        if actor is None or actor.actor is None or actor.actor.country is None:
            continue
        if actor.actor.sector in REPORTING_SECTORS:
            continue
        beside = tuple(listed[1:]) if listed else tuple(_co_holders(actor, span.doc, context))
        # The holder's own country is ``_resolved``'s to judge ("the army will meet the RSF").
        own = _country(actor)
        holders = frozenset(c for m in beside if (c := _country(m)) is not None and c != own)

        counterparts = _sides_besides(
            reading.sides, actor, holders, context, discourse
        ) or _sides_besides(reading.fallback, actor, holders, context, discourse)
        if not counterparts:
            nearest = (
                counterpart_in(act, context, actor)
                or other_side(discourse.previous, actor)
                or _named_before(discourse, actor)
            )
            if nearest is not None and _country(nearest) not in holders:
                counterparts = [nearest]
        if counterparts:
            found.append(Terms(reading, actor, tuple(counterparts), beside, bool(listed)))
    return found


def _listed_above(word: Token, discourse: Discourse) -> list[ActorMention]:
    """The parties the first subject on the way up from a word counts (``_counted_parties``)."""
    current = word
    for _ in range(MAX_CLIMB):
        subject = next((c for c in current.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None:
            return _counted_parties(subject, discourse)
        if current.head.i == current.i:
            return []
        current = current.head
    return []


def _others_talks(
    reading: StanceReading, actor: ActorMention, context: Context, discourse: Discourse
) -> bool:
    """Whether the talks are between two others, the holder not one of them ("welcomed the
    resumption of talks between Iran and the United States")."""
    pair = _resolved(_pair_of(reading), actor, context, discourse)
    own = actor.actor.country if actor.actor else None
    return len(pair) >= 2 and own not in {m.actor.country for m in pair if m.actor}


def _counted_parties(subject: Token | None, discourse: Discourse) -> list[ActorMention]:
    """The parties a subject like "the three governments" stands for, also through the plural
    pronoun of what they say ("the three governments said they remained open"): the last
    parties named together, as many as it counts, each standing in the subject."""
    if subject is not None and subject.lower_ in PLURAL_PRONOUNS:
        subject = next(iter(governing_subjects(subject.head)), None)
    return counted_parties(subject, discourse) if subject is not None else []


def _sides_besides(
    words: Sequence[Token],
    actor: ActorMention,
    holders: frozenset[str],
    context: Context,
    discourse: Discourse,
) -> list[ActorMention]:
    """The sides the words name for ``actor``, none of them of the ``holders``' countries."""
    resolved = _resolved(words, actor, context, discourse)
    return [side for side in resolved if _country(side) not in holders]


def _terms(
    sentence: Sentence, terms: Terms, context: Context, discourse: Discourse
) -> list[Position]:
    """The positions of terms set on an act: the holder's, and those named with it."""
    reading, actor = terms.reading, terms.holder
    act = reading.act
    about = reading.about or tuple(act.subtree)
    issue = "ceasefire" if any(_issue_of_word(t) == "ceasefire" for t in about) else "talks"
    position = _stated(
        Statement(sentence, context, discourse, act, (act.left_edge.i, act.right_edge.i + 1)),
        actor,
        terms.counterparts,
        issue,
        reading.stance,
        reading.conditions,
    )
    if terms.listed:
        return [position, *_also_held(position, terms.beside, sentence.span)]
    return [position, *_beside(position, actor, context, sentence.span)]


def _first_actor_above(word: Token, context: Context, discourse: Discourse) -> ActorMention | None:
    """The first subject naming an actor on the way up from a word."""
    current = word
    for _ in range(MAX_CLIMB):
        for child in current.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                mention = mention_for(child, context, discourse.previous)
                if mention is not None and mention.actor is not None:
                    return mention
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def _issue_of_word(token: Token) -> str | None:
    return position_cues().issues.get(token.lemma_.lower())


@dataclass(frozen=True, slots=True)
class Mediation:
    """One mediator of a mediation a sentence states, resolved: the word that states it, the
    mediator, the parties (never a mediator) and the token bounds of the evidence."""

    word: Token
    mediator: ActorMention
    parties: tuple[ActorMention, ...]
    bounds: tuple[int, int]
    # The word that tells this mediator's statement from the others' (the mediator's own name
    # where the sentence names it).
    named: Token
    # An offer or a plan ("has offered to mediate", "will host talks"), not mediation done.
    offered: bool
    # Where the parties were found: "phrase" ("between X and Y"), "clause" (the sides of the
    # clause it stands in), "recalled" (the parties of the sentences before, for a meeting or
    # deal told of before), "sentence" (the others it names) or "previous" (the subject before).
    basis: str


def sentence_mediations(
    sentence: Sentence, context: Context, discourse: Discourse
) -> list[Mediation]:
    """Each mediator of each mediation the sentence states, with the parties it mediates
    between: those the phrase names ("between X and Y"), else the sides of its clause, else
    the others the sentence names, else the subject of the sentence before. A question, a
    hypothetical or a mediation with no party states none."""
    return [
        found
        for reading in mediation_readings(sentence.span)
        for found in _resolved_mediation(sentence, reading, context, discourse)
    ]


def _resolved_mediation(
    sentence: Sentence, reading: MediationReading, context: Context, discourse: Discourse
) -> list[Mediation]:
    span = sentence.span
    word = reading.word
    if span.text.rstrip(" \"'”’)").endswith("?") or is_hypothetical(word, span):
        return []
    mediators: dict[str, ActorMention] = {}
    for token in reading.mediators:
        mention = mention_for(token, context, discourse.previous) or _named_in(token, context)
        if mention is None or mention.actor is None or mention.actor.country is None:
            continue
        if mention.actor.sector not in REPORTING_SECTORS:
            mediators.setdefault(mention.actor.country, mention)
    if not mediators:
        return []
    basis = "phrase"
    parties = _others(reading.parties, mediators, context, discourse)
    if not parties and any(names_a_body(t) for t in reading.parties):
        # "between the authorities and the opposition": of the country named last before
        parties = _others(
            [], mediators, context, discourse, last_named_other(discourse, frozenset(mediators))
        )
    if not parties:
        basis = "clause"
        parties = _others(_clause_sides(word), mediators, context, discourse)
    if not parties and reading.recalled:
        basis = "recalled"
        pair = discourse.pair or ()
        if pair and not {_country(m) for m in pair} & set(mediators):
            parties = list(pair)
        else:
            parties = _others([], mediators, context, discourse, discourse.previous)
    if not parties:
        basis = "sentence"
        named = [span.doc[i] for i in range(span.start, span.end) if i in context.mentions]
        unplaced = [t for t in named if not in_locative(t)]
        parties = _others(unplaced, mediators, context, discourse)
    if not parties and discourse.previous is not None:
        basis = "previous"
        parties = _others([], mediators, context, discourse, discourse.previous)
    if not parties:
        return []
    found = []
    for mediator in mediators.values():
        inside = span.start <= mediator.start and mediator.end <= span.end
        start = min(word.i, mediator.start) if inside else word.i
        end = max(word.i + 1, mediator.end) if inside else word.i + 1
        named = span.doc[mediator.start] if inside else word
        found.append(
            Mediation(word, mediator, tuple(parties), (start, end), named, reading.offered, basis)
        )
    return found


def _mediations(
    sentence: Sentence, context: Context, discourse: Discourse, mediations: Sequence[Mediation]
) -> list[Position]:
    """One ``mediates`` position per mediator a mediation names, toward the parties."""
    found = []
    for mediation in mediations:
        statement = Statement(
            sentence, context, discourse, mediation.word, mediation.bounds, mediation.named
        )
        found.append(
            _stated(statement, mediation.mediator, mediation.parties, "talks", "mediates", ())
        )
    return found


def _clause_sides(word: Token) -> list[Token]:
    """The sides of the clause a mediation phrase sits in: the subjects, objects and "with"
    and "between" of the first verb above it ("Somalia and Ethiopia agreed ... after talks
    brokered by Turkey")."""
    current = word
    for _ in range(MAX_CLIMB):
        if current.head.i == current.i:
            break
        current = current.head
        subjects = any(c.dep_ in {"nsubj", "nsubjpass"} for c in current.children)
        if current.pos_ in {"VERB", "AUX"} and subjects:
            break
    if current.pos_ not in {"VERB", "AUX"} or current is word:
        return []
    sides = [c for c in current.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}]
    sides += prepositional_objects(current, ("with", "between"))
    sides += [s for side in list(sides) for s in prepositional_objects(side, ("between",))]
    return [s for side in sides for s in (side, *side.conjuncts)]


def _others(
    words: Iterable[Token],
    mediators: Mapping[str, ActorMention],
    context: Context,
    discourse: Discourse,
    previous: ActorMention | None = None,
) -> list[ActorMention]:
    """The actors the words name (or ``previous``), each country once, none a mediator's: a
    word's own mention, else one inside its phrase ("the opposition in Belarus")."""
    found: dict[str, ActorMention] = {}
    mentions = [
        mention_for(t, context, discourse.previous) or _named_in(t, context, places=False)
        for t in words
    ]
    for mention in (*mentions, previous):
        if mention is None or mention.actor is None or mention.actor.country is None:
            continue
        if mention.actor.country in mediators or mention.actor.sector in REPORTING_SECTORS:
            continue
        found.setdefault(mention.actor.country, mention)
    return list(found.values())


def _position(
    sentence: Sentence, reading: StanceReading, context: Context, discourse: Discourse
) -> list[Position]:
    span = sentence.span
    word = reading.word
    if _is_question_or_condition(word, span, reading):
        return []
    stance: Stance | None = reading.stance
    if not reading.conditions_only and is_negated(word):
        stance = NEGATED.get(reading.stance)
    if stance is None:
        return []
    if stance in PARTY_STANCES:
        pair = _pair_holding(word, reading.issue_word, context, discourse)
        if pair is not None:
            return _held_by_both(sentence, reading, stance, pair, context, discourse)
    listed = _counted_parties(
        next(iter(_holder_candidates(word, reading.issue_word)), None), discourse
    )
    actor = listed[0] if listed else _holder(word, reading.issue_word, context, discourse)
    if actor is None and reading.conditions_only and _possessed_by_pronoun(word):
        actor = discourse.previous  # "Serbia is ready. Its conditions are ...": Serbia's
    if actor is None or actor.actor is None or actor.actor.country is None:
        return []
    if actor.actor.sector in REPORTING_SECTORS:
        return []
    counterparts = _counterparts(reading, stance, actor, context, discourse)
    if stance in PARTY_STANCES and _others_talks(reading, actor, context, discourse):
        return []  # "welcomed the resumption of talks between Iran and the US": a bystander's
    if listed:
        holders = frozenset(m.actor.country for m in listed if m.actor)
        counterparts = [m for m in counterparts if m.actor and m.actor.country not in holders]
        if not counterparts and (earlier := last_named_other(discourse, holders)) is not None:
            counterparts = [earlier]
    if stance == "urges" and not _pressed(word, context, discourse) and not _pair_of(reading):
        return []
    if not counterparts and not reading.conditions_only:
        return []
    statement = Statement(
        sentence, context, discourse, word, _evidence_bounds(span, reading, actor)
    )
    position = _stated(statement, actor, counterparts, reading.issue, stance, reading.conditions)
    if listed:
        return [position, *_also_held(position, listed[1:], span)]
    if stance not in PARTY_STANCES:
        return [position, *_beside(position, actor, context, span)]
    return [position, *_mirrored(position, actor, counterparts, span)]


def _also_held(position: Position, others: Sequence[ActorMention], span: Span) -> list[Position]:
    """The same position held by each of the other parties a holder stands for."""
    found = []
    for number, other in enumerate(others, start=1):
        found.append(
            dataclasses.replace(
                position,
                id=_position_id(position.id, number, span.doc[other.start]),
                actor=Participant(other.text, other.actor),
            )
        )
    return found


def _beside(
    position: Position, actor: ActorMention, context: Context, span: Span
) -> list[Position]:
    """Actors named together as a third party ("Britain and France demanded that Turkey
    halt") each hold the position."""
    taken = {_country(side) for side in position.counterparts} | {_country(position.actor)}
    found = []
    for mention in _co_holders(actor, span.doc, context):
        if mention.actor is None or mention.actor.country in taken:
            continue
        taken.add(mention.actor.country)
        found.append(
            dataclasses.replace(
                position,
                id=_position_id(position.id, position.sentence_index, span.doc[mention.end - 1]),
                actor=Participant(mention.text, mention.actor),
            )
        )
    return found


def _pair_holding(
    word: Token, issue_word: Token, context: Context, discourse: Discourse
) -> list[ActorMention] | None:
    """The two parties a holder like "both sides" or "the two leaders" stands for, also
    through the plural pronoun of what they say ("both sides said they were ready")."""
    subject = next(iter(_holder_candidates(word, issue_word)), None)
    if subject is not None and subject.lower_ in PLURAL_PRONOUNS:
        subject = next(iter(governing_subjects(subject.head)), None)
    if subject is None or not names_a_pair(subject):
        return None
    return _pair_before(subject, context, discourse)


def _pair_before(
    token: Token, context: Context, discourse: Discourse, besides: frozenset[str] = frozenset()
) -> list[ActorMention] | None:
    """The two parties a word like "both sides" stands for: the last two named together
    before its sentence (neither of them in ``besides``, the holders of the stance), else the
    last two countries named before it in its paragraph, places and ``besides`` aside; else,
    where only one country is named, its last two actors ("both camps" of a civil war), or
    its one actor."""
    named = discourse.pair or ()
    if named and not besides & {p.actor.country if p.actor else None for p in named}:
        return [ActorMention(token.i, token.i + 1, token.text, party.actor) for party in named]
    found: dict[str, ActorMention] = {}
    within: dict[str, ActorMention] = {}  # the first country's actors, by id
    for index in sorted((i for i in context.mentions if i < token.i), reverse=True):
        mention = context.mentions[index]
        country = mention.actor.country if mention.actor else None
        if country is None or country in besides or mention.actor.sector in REPORTING_SECTORS:
            continue
        if in_locative(token.doc[index]):
            continue  # "talks in Oman": where, not who
        found.setdefault(country, mention)
        if len(found) == 2:
            return list(found.values())
        within.setdefault(mention.actor.id, mention)
    if within:
        return list(within.values())[:2]
    return None


def _held_by_both(
    sentence: Sentence,
    reading: StanceReading,
    stance: Stance,
    pair: Sequence[ActorMention],
    context: Context,
    discourse: Discourse,
) -> list[Position]:
    """One position for each of two parties named as a pair, toward the other."""
    word = reading.word
    bounds = (min(word.i, reading.issue_word.i), max(word.i, reading.issue_word.i) + 1)
    found = []
    doc = sentence.span.doc
    for one, other in ((pair[0], pair[1]), (pair[1], pair[0])):
        named = doc[one.start] if one.start < len(doc) else word
        if one is pair[1] and one.start == pair[0].start:
            # Both stand in the one phrase ("both sides"): the second is told apart by the
            # stance word, so that the two positions' ids differ.
            named = word
        statement = Statement(sentence, context, discourse, word, bounds, named)
        found.append(_stated(statement, one, [other], reading.issue, stance, reading.conditions))
    return found


def _mirrored(
    position: Position, actor: ActorMention, counterparts: Sequence[ActorMention], span: Span
) -> list[Position]:
    """Actors named together as the holders ("Chile and Peru agreed to meet") each hold the
    stance toward the other."""
    doc = span.doc
    joined = {t.i for t in doc[actor.end - 1].conjuncts} | {doc[actor.end - 1].head.i}
    found = []
    for other in counterparts:
        if other.end - 1 in joined or any(t.i in joined for t in doc[other.start : other.end]):
            found.append(
                dataclasses.replace(
                    position,
                    id=_position_id(position.id, position.sentence_index, doc[other.start]),
                    actor=Participant(other.text, other.actor),
                    counterparts=(Participant(actor.text, actor.actor),),
                )
            )
    return found


@dataclass(frozen=True, slots=True)
class Statement:
    """Where a position is stated: its sentence, the word that states it, the token bounds of
    its evidence, and the word that tells it from the sentence's other positions."""

    sentence: Sentence
    context: Context
    discourse: Discourse
    word: Token
    bounds: tuple[int, int]
    named: Token | None = None


def _stated(
    statement: Statement,
    actor: ActorMention,
    counterparts: Sequence[ActorMention],
    issue: str,
    stance: Stance,
    conditions: Sequence[str],
) -> Position:
    """A position as stated: its evidence, date and on whose word it stands."""
    sentence, context, discourse, word = (
        statement.sentence,
        statement.context,
        statement.discourse,
        statement.word,
    )
    span = sentence.span
    frame = on_whose_word(report_frame(word, span), actor, context, discourse.previous)
    dates = discourse.time.dates(sentence.position)
    date = nearest_date(span, word, dates) or discourse.time.narrative(sentence.position)
    article = context.article
    start, end = statement.bounds
    return Position(
        id=_position_id(
            article.page_hash or article.url or article.page,
            sentence.index,
            statement.named or word,
        ),
        page=article.page,
        url=article.url,
        sentence_index=sentence.index,
        sentence=span.text,
        evidence=span.doc[start:end].text,
        actor=Participant(actor.text, actor.actor),
        counterparts=tuple(Participant(m.text, m.actor) for m in counterparts),
        issue=issue,
        stance=stance,
        conditions=tuple(dict.fromkeys(c for c in conditions if c)),
        date=date,
        certainty=frame.certainty,
    )


def _is_question_or_condition(word: Token, span: Span, reading: StanceReading) -> bool:
    """A stance inside a condition ("if Moscow's signals of willingness ...") or a question
    is no position. A modal on the issue's own clause is the point of a condition ("talks
    could only resume once ...") and does not count."""
    if span.text.rstrip(" \"'”’)").endswith("?"):
        return True
    if reading.conditions or reading.conditions_only:
        current = word
        while current.head.i != current.i:
            if current.dep_ == "advcl" and mark_of(current) in {"if", "unless", "whether"}:
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
            yield from prepositional_objects(current, ("by",))
        subjects = [
            c for c in current.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i != issue_word.i
        ]
        if subjects:
            yield from subjects
            return
        if current.head.i == current.i:
            return
        current = current.head.head if finite_beside_bare(current) else current.head


def _counterparts(
    reading: StanceReading,
    stance: Stance,
    actor: ActorMention,
    context: Context,
    discourse: Discourse,
) -> list[ActorMention]:
    """Whom the position is toward: those pressed (urging), the sides of "between X and Y",
    the "with"/"to" of talks, a restriction's country; else whoever answers a stance noun
    ("Lavrov responded to a Turkish offer"), else the other side nearest in the sentence."""
    words: list[Token] = []
    if stance == "urges":
        words += [
            side for token in pressed_words(reading.word) for side in (token, *token.conjuncts)
        ]
    pair = _pair_of(reading)
    words += pair
    if stance != "urges" or not words:
        for owner in dict.fromkeys((reading.issue_word, reading.word)):
            words += prepositional_objects(owner, ("with", "to", "between", "among"))
    found = _resolved(words, actor, context, discourse, facing=True)
    if reading.restriction is not None:
        restriction = _resolved(reading.restriction.subtree, actor, context, discourse)
        named = {m.actor.country for m in found if m.actor}
        found += [m for m in restriction if m.actor and m.actor.country not in named]
    if not found and stance == "urges":
        found = _pressed_unnamed(reading.word, actor, context, discourse)
    if found or reading.conditions_only or stance == "urges":
        return found
    if reading.word.pos_ == "NOUN":
        found = _resolved(governing_subjects(reading.word), actor, context, discourse)
        if found:
            return found
    nearest = counterpart_in(reading.word, context, actor)
    if nearest is not None:
        return [nearest]
    earlier = other_side(discourse.previous, actor) or _named_before(discourse, actor)
    return [earlier] if earlier is not None else []


def _named_before(discourse: Discourse, actor: ActorMention) -> ActorMention | None:
    """The actor of another country named last before the sentence: whom a stance with no
    counterpart in its sentence is toward ("Lithuania said the crossings would reopen only
    if the balloon flights stopped", after a sentence on Belarus's balloons)."""
    own = actor.actor.country if actor.actor else None
    return last_named_other(discourse, frozenset({own}))


def _pressed_unnamed(
    word: Token, actor: ActorMention, context: Context, discourse: Discourse
) -> list[ActorMention]:
    """Whom pressure presses when the pressed are not named: the parties "both sides" or
    "them" stand for, or the state whose body "the junta" or "the authorities" is (the other
    country named nearest in the clause, else the one named last before)."""
    holders = _holder_countries(actor, word.doc, context)
    pressed = pressed_words(word)
    groups = [t for t in pressed if names_a_pair(t) or t.lower_ in PLURAL_PRONOUNS]
    if groups:
        return list(_pair_before(groups[0], context, discourse, holders) or [])
    bodies = [t for t in pressed if names_a_body(t)]
    if not bodies:
        return []
    # A state's body ("the generals", "the junta"), never an organisation's, nor a place's.
    nearest = counterpart_in(bodies[0], context, actor)
    if (
        nearest is None
        or nearest.actor is None
        or nearest.actor.country in holders
        or in_locative(word.doc[nearest.start])
        or not is_state_side(nearest)
    ):
        nearest = last_named_other(discourse, holders, states=True)
    return [nearest] if nearest is not None else []


def _holder_countries(actor: ActorMention, doc: Doc, context: Context) -> frozenset[str]:
    """The countries of the holder and of those named with it as one subject."""
    holders = (actor, *_co_holders(actor, doc, context))
    return frozenset(m.actor.country for m in holders if m.actor and m.actor.country)


def _co_holders(actor: ActorMention, doc: Doc, context: Context) -> list[ActorMention]:
    """The actors named with the holder as one subject ("the AU and the UN urged ...")."""
    found = []
    for conjunct in doc[actor.end - 1].conjuncts:
        mention = context.mentions.get(conjunct.i) or mention_for(conjunct, context, None)
        if mention is not None and mention.actor is not None:
            found.append(mention)
    return found


def _pair_of(reading: StanceReading) -> list[Token]:
    return [
        side
        for owner in dict.fromkeys((reading.issue_word, reading.word))
        for side in prepositional_objects(owner, ("between", "among"))
    ]


def _pressed(word: Token, context: Context, discourse: Discourse) -> bool:
    """Whether an urging word has someone it presses ("urged Kyiv", "called on Moscow",
    "urged both sides", "urged the authorities in Bamako", "urged the junta")."""
    return any(
        mention_for(t, context, discourse.previous)
        or names_a_pair(t)
        or names_a_body(t)
        or domestic_side(t) is not None
        or t.lower_ in PLURAL_PRONOUNS
        or _named_in(t, context)
        for t in pressed_words(word)
    )


def _resolved(
    words: Iterable[Token],
    actor: ActorMention,
    context: Context,
    discourse: Discourse,
    facing: bool = False,
) -> list[ActorMention]:
    """The actors the words name, each country once, none of the actor's own country unless
    one of the two is an armed group or the opposition ("the army will meet the RSF only
    after ...": Sudan toward Sudan); where ``facing``, a bare word for the other side of the
    holder's own conflict too ("talks with the rebels")."""
    found: dict[str, ActorMention] = {}
    own = actor.actor.country if actor.actor else None
    for token in words:
        mention = mention_for(token, context, discourse.previous)
        if mention is None or mention.actor is None:
            mention = _named_in(token, context)
        side = _facing(token, actor) if mention is None and facing and own else None
        if side is not None and own is not None:
            found.setdefault(own, side)  # the holder's own country, on the other side
            continue
        country = mention.actor.country if mention and mention.actor else None
        if mention is None or country is None:
            continue
        if country == own and not _internal(actor, mention):
            continue
        if mention.actor.sector in REPORTING_SECTORS:
            continue
        found.setdefault(country, mention)
    return list(found.values())


def _facing(token: Token, actor: ActorMention) -> ActorMention | None:
    """The other side of the holder's own country's conflict, named by what it is: "talks with
    the rebels" of a government, "with the government" of the opposition."""
    sector = domestic_side(token)
    holder = actor.actor
    if sector is None or holder is None or holder.country is None:
        return None
    if (sector in DOMESTIC_SECTORS) == (holder.sector in DOMESTIC_SECTORS):
        return None
    side = country_actor_of(load_gazetteer().country_names, holder.country, sector)
    return ActorMention(token.i, token.i + 1, token.text, side)


# Sectors of the parties to a country's internal conflict: one side of such a pair is one.
INTERNAL_SECTORS = frozenset({"REB", "OPP"})


def _internal(one: ActorMention, other: ActorMention) -> bool:
    """Two actors of one country on two sides: one an armed group or the opposition, the other
    not of its sector."""
    first = one.actor.sector if one.actor else None
    second = other.actor.sector if other.actor else None
    return first != second and (first in INTERNAL_SECTORS or second in INTERNAL_SECTORS)


def _named_in(token: Token, context: Context, places: bool = True) -> ActorMention | None:
    """An actor named inside a phrase ("the next leader of Russia"), not in a clause of its
    own ("nations that would mediate between Russia and Ukraine"); with ``places`` False, not
    where something happens either ("talks in Vienna")."""
    for inner in _phrase_words(token):
        if not places and in_locative(inner):
            continue
        mention = context.mentions.get(inner.i)
        if mention is not None and mention.actor is not None:
            return mention
    return None


# The dependents that open a clause of their own inside a noun phrase.
CLAUSES_IN_PHRASE = frozenset({"relcl", "acl", "advcl", "ccomp"})


def _phrase_words(token: Token) -> Iterator[Token]:
    """The words of the token's phrase, its clauses left out."""
    yield token
    for child in token.children:
        if child.dep_ not in CLAUSES_IN_PHRASE:
            yield from _phrase_words(child)


def _evidence_bounds(span: Span, reading: StanceReading, actor: ActorMention) -> tuple[int, int]:
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

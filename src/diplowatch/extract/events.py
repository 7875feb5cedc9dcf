"""Events from a parsed sentence: ``sentence_events(sentence, context, extractor, discourse)``.

Each sentence's triggers (``extract.lexicon``) become events once the parse gives them a source
actor (``extract.roles`` over the actor mentions of ``resolve.actors``); hypotheticals and
questions are dropped, negation is kept as a flag, and certainty and attribution come from the
report frame (``extract.certainty``). Dates (``extract.when``) and places (``extract.where``) are
read only in sentences that hold a trigger. Every event keeps its sentence and a verbatim span.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from diplowatch.data import read_toml
from diplowatch.extract.candidates import (
    RuleReading,
    SideFinder,
    first_conjunct,
    trigger_features,
)
from diplowatch.extract.certainty import (
    certainty_cues,
    is_conditional,
    is_hypothetical,
    is_negated,
    report_frame,
)
from diplowatch.extract.extractor import Extractor
from diplowatch.extract.judge import Decision
from diplowatch.extract.lexicon import Trigger, find_triggers
from diplowatch.extract.mediation import mediated_meeting, mediation_cues
from diplowatch.extract.positions import Mediation, Terms, sentence_mediations, sentence_terms
from diplowatch.extract.reference import (
    PAIR_NOUNS,
    PLURAL_PRONOUNS,
    Context,
    Discourse,
    Sentence,
    counted_parties,
    counterpart_in,
    first_actor,
    in_locative,
    in_subject_phrase,
    mention_at,
    mention_for,
    names_a_pair,
    nearest_date,
    on_whose_word,
    other_side,
    reported_period,
)
from diplowatch.extract.roles import arguments_of, governing_subjects, is_topic, nationalities
from diplowatch.extract.speech import directive_triggers, is_statement, stance_content
from diplowatch.extract.tense import in_future, scheduled
from diplowatch.extract.where import find_places
from diplowatch.plover import (
    GOLDSTEIN,
    PROMISE,
    PROMISED,
    SECTION,
    SPEECH_ACTS,
    SYMMETRIC,
    THREAT,
    THREATENED,
    TYPE_CODES,
)
from diplowatch.records import Article, DateMention, Event, Participant, Place
from diplowatch.resolve.actors import ActorMention

# Triggers the judge never sees: a word of a name, and an act in a condition or a question.
UNJUDGED = frozenset({"in_name", "condition"})
# Adverbs that set an event before the narrative's time ("had previously cut ties").
EARLIER_ADVERBS = frozenset({"previously", "earlier", "before", "once", "formerly", "already"})
# Named-entity labels whose words are names, never event words.
NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART", "PRODUCT"})
DEMONSTRATIVES = frozenset({"those", "these", "this", "that"})
# Mediation's CAMEO code ("mediate") and the lexicon's mode for talks a third party conducts.
MEDIATE_CODE = "045"
MEDIATION_MODE = "third-party"
# Where a mediation's parties must be found for it to be read as events (``Mediation.basis``).
EVENT_BASES = frozenset({"phrase", "clause", "recalled", "previous"})


def sentence_events(
    sentence: Sentence,
    context: Context,
    extractor: Extractor,
    discourse: Discourse,
    mediations: Sequence[Mediation] | None = None,
    terms: Sequence[Terms] | None = None,
) -> list[Event]:
    """The events of one sentence; ``mediations`` and ``terms``: the sentence's, where already
    read (``positions.sentence_mediations``, ``positions.sentence_terms``)."""
    span = sentence.span
    proposed = _proposed(span, context, extractor)
    if mediations is None:
        mediations = sentence_mediations(sentence, context, discourse)
    if terms is None:
        terms = sentence_terms(sentence, context, discourse)
    if not proposed and not mediations and not terms:
        return []
    sentence = dataclasses.replace(
        sentence,
        dates=discourse.time.dates(sentence.position),
        places=tuple(find_places(span, extractor.places)),
    )
    judged = _judged(sentence, proposed, context, extractor, discourse)
    # Read by the rules alone (no judge loaded), an event carries no confidence.
    scored = extractor.judge is not None
    demand_confidence = _demand_confidence() if scored else None
    judged += demand_events(sentence, terms, context, discourse, demand_confidence)
    # Parties found only as other names of the sentence are right too seldom for an event
    # (about a third of the time on the training passages); the position keeps them.
    mediations = [m for m in mediations if m.basis in EVENT_BASES]
    if not mediations:
        return judged
    mediators = {_side_key(Participant(m.mediator.text, m.mediator.actor)) for m in mediations}
    # A mediator takes no side in the talks it mediates: its own reading replaces any reading
    # of talks that makes it a party.
    kept = [
        event
        for event in judged
        if SECTION[event.type] != "talks"
        or not {_side_key(event.source), _side_key(event.target)} & mediators
    ]
    confidence = mediation_cues().confidence if scored else None
    return kept + mediation_events(sentence, mediations, context, discourse, confidence)


def _judged(
    sentence: Sentence,
    proposed: list[tuple[Trigger, tuple[str, ...]]],
    context: Context,
    extractor: Extractor,
    discourse: Discourse,
) -> list[Event]:
    """The events of the sentence's triggers: as the judge decides them, else (with no judge
    loaded) as the rules read them."""
    if not proposed:
        return []
    span = sentence.span
    readings = [
        (trigger, _rule_reading(sentence, trigger, filters, context, discourse, extractor))
        for trigger, filters in proposed
    ]
    judge = extractor.judge
    if extractor.recorder is not None:
        candidates = [trigger_features(trigger, span, reading) for trigger, reading in readings]
        finder = _side_finder(sentence, context, discourse, extractor)
        extractor.recorder(sentence, context, candidates, finder)
    if judge is None:
        heads = {
            trigger.head
            for trigger, reading in readings
            if reading.kept and reading.source is not None
        }
        return [
            _event(
                sentence,
                trigger,
                _as_intention(span.doc[trigger.head], trigger),
                reading.source,
                reading.target,
                context,
                discourse,
                None,
            )
            for trigger, reading in readings
            if reading.kept
            and reading.source is not None
            and not _frames_an_act(span.doc[trigger.head], heads)
        ]
    candidates = [
        trigger_features(trigger, span, reading)
        for trigger, reading in readings
        if not UNJUDGED & set(reading.filters)
    ]
    finder = _side_finder(sentence, context, discourse, extractor)
    events = []
    decided = _acts_not_frames(judge.decide(candidates, finder), span)
    for decision in decided:
        trigger = decision.candidate.trigger
        head = span.doc[trigger.head]
        coded = _coded(_intended(head, decision.type), trigger, extractor)
        sides = (
            _pair_sides(head, coded[0], decision.target, discourse)
            or _reciprocal_sides(head, decision.source, span, context)
            or _each_source(coded[0], decision, span, context)
            or _each_target(
                decision.source, _partner_of(coded[0], decision, span, context), span, context
            )
        )
        for source, target in sides:
            event = _event(
                sentence, trigger, coded, source, target, context, discourse, decision.confidence
            )
            if (
                decision.type != trigger.type
                and decision.candidate.negated
                and decision.type == "REJECT"
            ):
                # "would not accept", "will not negotiate": the refusal is the event, and it
                # happened.
                event = dataclasses.replace(event, negated=False)
            events.append(event)
    judged = {id(decision.candidate) for decision in decided}
    for candidate in candidates:
        # What the text says did not happen ("did not agree") stays on record, marked negated,
        # as the rules read it: no event for the scores and round-ups, a fact for the reader.
        rules = candidate.rules
        if id(candidate) in judged or not candidate.negated or not rules.kept:
            continue
        if rules.source is None:
            continue
        reading = judge.rule_reading(candidate, finder)
        confidence = judge.confidence(reading) if reading is not None else None
        trigger = candidate.trigger
        coded = _as_intention(span.doc[trigger.head], trigger)
        events.append(
            _event(
                sentence, trigger, coded, rules.source, rules.target, context, discourse, confidence
            )
        )
    return events


def _side_finder(
    sentence: Sentence, context: Context, discourse: Discourse, extractor: Extractor
) -> SideFinder:
    gazetteer = extractor.gazetteer
    places = tuple(place for _, _, place in sentence.places)
    return SideFinder(sentence.span, context, discourse, gazetteer.group_words, places, gazetteer)


@lru_cache(maxsize=1)
def _frame_verbs() -> frozenset[str]:
    """Verbs whose complement is the act itself (``data/events/frames.toml``)."""
    return frozenset(read_toml("events/frames.toml")["acts"])


def _frames_an_act(head: Token, heads: Iterable[int]) -> bool:
    """Whether a trigger only frames another one read in its complement: "decided to expel",
    "voted to suspend", "ordered troops to pull back"."""
    if head.lemma_.lower() not in _frame_verbs():
        return False
    complements = [c for c in head.children if c.dep_ in {"xcomp", "ccomp"}]
    return any(c.left_edge.i <= other <= c.right_edge.i for c in complements for other in heads)


def _acts_not_frames(decided: list[Decision], span: Span) -> list[Decision]:
    """The decisions without those of triggers that only frame another decided one."""
    heads = {decision.candidate.trigger.head for decision in decided}
    return [
        decision
        for decision in decided
        if not _frames_an_act(span.doc[decision.candidate.trigger.head], heads)
    ]


def _each_source(
    kind: str, decision: Decision, span: Span, context: Context
) -> list[tuple[ActorMention, ActorMention | None]] | None:
    """An act of several actors named together as its subject ("The United States, Egypt and
    Qatar proposed a truce", "Britain and France demanded ..."): each one's, toward the same
    target. Talks and deals among them are the partners' (``_partner_of``)."""
    if SECTION[kind] == "talks":
        return None
    source, target = decision.source, decision.target
    if not (span.start <= source.start and source.end <= span.end):
        return None
    head = first_conjunct(span.doc[source.end - 1])
    if not in_subject_phrase(head):
        return None
    # A list the parser reads partly as apposition ("The United States, Saudi Arabia, Egypt
    # and the UAE" with "Saudi Arabia" as an appositive): an appositive naming an actor of
    # another country is one more item.
    items = [head, *head.conjuncts]
    for appositive in [c for c in head.children if c.dep_ == "appos"]:
        items += [appositive, *appositive.conjuncts]
    taken = {_side_code(target)}
    sides: list[tuple[ActorMention, ActorMention | None]] = []
    for token in sorted(set(items), key=lambda t: t.i):
        mention = mention_at(token, context)
        if mention is None or mention.actor is None or _side_code(mention) in taken:
            continue
        taken.add(_side_code(mention))
        sides.append((mention, target))
    return sides if len(sides) > 1 else None


def _each_target(
    source: ActorMention, target: ActorMention | None, span: Span, context: Context
) -> list[tuple[ActorMention, ActorMention | None]]:
    """An act on several actors named together by their nationalities ("met Colombian,
    Brazilian and Argentine leaders"): one event toward each; else the one target."""
    if target is None or not (span.start <= target.start and target.end <= span.end):
        return [(source, target)]
    taken = {_side_code(source), _side_code(target)}
    sides: list[tuple[ActorMention, ActorMention | None]] = []
    # The nationalities on the target's noun (names joined as nouns are the judge's
    # candidates, each read apart).
    for partner in nationalities(span.doc[target.end - 1]):
        mention = context.mentions.get(partner.i)
        inside = target.start <= partner.i < target.end
        if inside or mention is None or mention.actor is None or _side_code(mention) in taken:
            continue
        taken.add(_side_code(mention))
        sides.append((source, mention))
    return [*sides, (source, target)]


def _partner_of(kind: str, decision: Decision, span: Span, context: Context) -> ActorMention | None:
    """The target of talks, a deal or a signing done by two actors named together as the
    subject ("Serbia and Kosovo signed an accord in Brussels"): each other, where the judge
    found no target or took the place where they did it; else the judge's target ("Russia
    and Turkey voiced support for Maduro" is support for Maduro)."""
    target = decision.target
    if SECTION[kind] != "talks":
        return target
    if target is not None and not _names_a_place(span, target):
        return target
    partner = _co_subject(span, decision.source, context)
    return partner if partner is not None else target


def _names_a_place(span: Span, mention: ActorMention) -> bool:
    """Whether a mention of this sentence stands in a locative phrase ("in Cairo")."""
    inside = span.start <= mention.start and mention.end <= span.end
    return inside and in_locative(span.doc[mention.end - 1])


def _co_subject(span: Span, source: ActorMention, context: Context) -> ActorMention | None:
    """The other actor of a subject naming two ("X and Y", "the ministers of X and Y", also
    of one country: "Ethiopia's government and the TPLF"), where ``source`` is one of them."""
    if not (span.start <= source.start and source.end <= span.end) or source.actor is None:
        return None
    for token in span.doc[source.start : source.end]:
        if not token.conjuncts or not in_subject_phrase(first_conjunct(token)):
            continue
        for partner in token.conjuncts:
            mention = context.mentions.get(partner.i)
            if mention is None or mention.actor is None or mention.start == source.start:
                continue
            if mention.actor.id != source.actor.id:
                return mention
    return None


def _reciprocal_sides(
    head: Token, source: ActorMention, span: Span, context: Context
) -> list[tuple[ActorMention, ActorMention | None]] | None:
    """An act two conjoined actors do to each other ("India and Pakistan accused each other",
    "Canada and India each expelled the other's diplomats"): each acts on the other."""
    if not _is_reciprocal(head):
        return None
    partner = _conjoined_partner(span, source, context)
    if partner is None:
        return None
    return [(source, partner), (partner, source)]


def _is_reciprocal(head: Token) -> bool:
    """Whether an act's phrase says it went both ways: "each other", "one another", "each
    ... the other", or words traded ("traded accusations", "exchanged threats")."""
    if head.dep_ == "dobj" and _traded(head, head.head):
        return True
    if any(child.dep_ == "dobj" and _traded(child, head) for child in head.children):
        return True
    words = [token.lower_ for token in head.subtree]
    pairs = set(pairwise(words))
    if ("each", "other") in pairs or ("one", "another") in pairs:
        return True
    return "each" in words and (("the", "other") in pairs or ("the", "other's") in pairs)


def _traded(noun: Token, verb: Token) -> bool:
    """ "traded accusations", "exchanged threats": words each party gave the other (prisoners
    exchanged are one swap)."""
    return (
        verb.lemma_.lower() in TRADING
        and noun.tag_ == "NNS"
        and noun.lemma_.lower() in TRADED_WORDS
    )


def _each_of_two(subject: Token, head: Token) -> bool:
    """ "Each side accused the other": a subject that names one of two parties unnamed, in an
    act that goes both ways."""
    each = any(child.lower_ == "each" for child in subject.children)
    return each and subject.lemma_.lower() in PAIR_NOUNS and _is_reciprocal(head)


def _pair_sides(
    head: Token, kind: str, target: ActorMention | None, discourse: Discourse
) -> list[tuple[ActorMention, ActorMention | None]] | None:
    """The sides of an act whose subject names two parties without naming them ("the two
    sides agreed", "both leaders signed"): the last two parties named together. A reciprocal
    act is one event between them; another act is each one's, toward whom it names outside the
    pair, else toward the other ("the two sides accused each other")."""
    if discourse.pair is None:
        return None
    subject = next(iter(arguments_of(head).sources), None)
    if subject is not None and subject.lower_ in PLURAL_PRONOUNS:
        # "Both sides said they were ready": the pronoun stands for the speakers.
        subject = next(iter(governing_subjects(subject.head)), None)
    if subject is None or not (names_a_pair(subject) or _each_of_two(subject, head)):
        return None
    first, second = (
        ActorMention(subject.i, subject.i + 1, subject.text, party.actor)
        for party in discourse.pair
    )
    if kind in SYMMETRIC:
        return [(first, second)]
    pair = {_side_code(first), _side_code(second)}
    outside = target if target is not None and _side_code(target) not in pair else None
    if outside is None and target is None:
        return [(first, None), (second, None)]
    return [(first, outside or second), (second, outside or first)]


def mediation_events(
    sentence: Sentence,
    mediations: Sequence[Mediation],
    context: Context,
    discourse: Discourse,
    confidence: float | None,
) -> list[Event]:
    """Mediation as CONSULT events (CAMEO 045, "mediate"), one per mediator and party:
    "talks brokered by Turkey between X and Y" is Turkey mediating with X and with Y, an offer
    to mediate ("has offered to host talks") as much as mediation done; the parties' own
    talks are other events. ``confidence`` is what such readings are right in."""
    coded = ("CONSULT", MEDIATE_CODE, GOLDSTEIN[MEDIATE_CODE])
    return [
        _event_at(
            sentence,
            mediation.word,
            mediation.word.i,
            mediation.bounds,
            coded,
            MEDIATION_MODE,
            (mediation.mediator, party),
            context,
            discourse,
            confidence,
        )
        for mediation in mediations
        for party in mediation.parties
    ]


# Verbs of acts traded between two parties, and the words so traded ("traded accusations",
# "exchanged threats").
TRADING = frozenset({"trade", "exchange"})
TRADED_WORDS = frozenset({"accusation", "threat", "insult", "blow"})
# A conditional offer is a demand on whoever must meet its terms (CAMEO 100, "demand"); its
# confidence is the share of such readings right on the training passages (``cues.toml``).
DEMAND_CODE = "100"


@lru_cache(maxsize=1)
def _demand_confidence() -> float:
    return float(read_toml("positions/cues.toml")["demand_events"]["confidence"])


def demand_events(
    sentence: Sentence,
    terms: Sequence[Terms],
    context: Context,
    discourse: Discourse,
    confidence: float | None,
) -> list[Event]:
    """Terms set on an act as REQUEST events, one per holder and counterpart: "Seoul said the
    loudspeakers would fall silent only if the balloon launches ended" is South Korea's demand
    on the North. A refusal with terms ("will not negotiate until ...") is no demand of its own
    here: its refusal is read from its words."""
    coded = ("REQUEST", DEMAND_CODE, GOLDSTEIN[DEMAND_CODE])
    found = []
    for one in terms:
        if one.reading.stance != "conditional":
            continue
        act = one.reading.act
        bounds = (act.left_edge.i, act.right_edge.i + 1)
        holders = [one.holder, *one.beside]
        for holder in holders:
            for counterpart in one.counterparts:
                if _side_code(holder) == _side_code(counterpart):
                    continue
                sides = (holder, counterpart)
                event = _event_at(
                    sentence, act, act.i, bounds, coded, None, sides, context, discourse,
                    confidence,
                )  # fmt: skip
                found.append(event)
    return found


# Measures a state decides and announces with the day they take effect: announced so, they are
# the measure itself ("will suspend imports from Monday"), not a threat of it.
DECIDED = frozenset({"SANCTION"})


def _intended(head: Token, kind: str) -> str:
    """A future act is an intention: PLOVER codes a promise of cooperation as AGREE and a
    promise of hostility as THREATEN ("Japan will send aid" is a promise)."""
    future = in_future(head)
    if future and kind in PROMISED:
        return PROMISE
    if future and kind in THREATENED and not (kind in DECIDED and scheduled(head)):
        return THREAT
    return kind


def _proposed(
    span: Span, context: Context, extractor: Extractor
) -> list[tuple[Trigger, tuple[str, ...]]]:
    """The sentence's triggers in text order, each with the names of the rules that would drop
    it: a statement rather than a demand, a stance's content, a word of a name, the content of
    another trigger."""
    doc = span.doc
    held = stance_content(span)
    found: list[tuple[Trigger, list[str]]] = []
    for trigger in find_triggers(span, extractor.lexicon):
        if mediated_meeting(doc[trigger.head]):
            continue
        filters = []
        if is_statement(doc[trigger.head], trigger.type):
            filters.append("statement")
        if trigger.head in held:
            filters.append("held")
        if _in_a_name(doc[trigger.head], context):
            filters.append("in_name")
        found.append((trigger, filters))
    kept = [trigger for trigger, filters in found if not filters]
    directives = directive_triggers(span, {trigger.head for trigger in kept})
    found += [(trigger, []) for trigger in directives]
    outer = {
        t.head for t in _outermost(sorted(kept + directives, key=lambda t: t.start), doc, context)
    }
    for trigger, filters in found:
        if not filters and trigger.head not in outer:
            filters.append("content")
    found.sort(key=lambda item: item[0].start)
    return [(trigger, tuple(filters)) for trigger, filters in found]


def _rule_reading(
    sentence: Sentence,
    trigger: Trigger,
    filters: tuple[str, ...],
    context: Context,
    discourse: Discourse,
    extractor: Extractor,
) -> RuleReading:
    """What the rules alone make of a trigger: dropped (and why), or an event with its sides."""
    span, previous = sentence.span, discourse.previous
    places = _past_dateline(sentence.places, span, discourse)
    head = span.doc[trigger.head]
    reasons = list(filters)
    if is_conditional(head, span):
        reasons.append("condition")
    if is_hypothetical(head, span):
        reasons.append("hypothetical")
    if is_topic(head):
        reasons.append("topic")
    arguments = arguments_of(head)
    source = first_actor(arguments.sources, context, previous)
    if source is None:
        source = _named_within(arguments.sources, context, places, extractor)
    if source is None:
        source = _referred_group(arguments.sources, discourse, extractor)
    if source is None:
        reasons.append("no_source")
        return RuleReading(False, tuple(reasons), None, None)
    target = first_actor(arguments.targets, context, previous, unlike=source.actor)
    if target is None:
        target = _counted_party(arguments.targets, discourse)
    if target is None:
        target = _place_owner(arguments.targets, places, source, extractor)
    if target is None:
        target = _conjoined_partner(span, source, context)
    if target is None:
        target = counterpart_in(head, context, source) or other_side(previous, source)
    kind = _as_intention(head, trigger)[0]
    return RuleReading(not reasons, tuple(reasons), source, target, kind)


def _coded(kind: str, trigger: Trigger, extractor: Extractor) -> tuple[str, str, float]:
    """The type, CAMEO code and Goldstein score of a judged event: the trigger's own when the
    judge keeps its type, else the type's root code."""
    if kind == trigger.type:
        return trigger.type, trigger.cameo, trigger.goldstein
    cameo, goldstein = TYPE_CODES[kind]
    return kind, cameo, goldstein


def _event(
    sentence: Sentence,
    trigger: Trigger,
    coded: tuple[str, str, float],
    source: ActorMention,
    target: ActorMention | None,
    context: Context,
    discourse: Discourse,
    confidence: float | None,
) -> Event:
    """The event a trigger states, coded as ``coded`` (type, CAMEO code, Goldstein score)."""
    head = sentence.span.doc[trigger.head]
    mode = trigger.mode if coded[0] == trigger.type else None
    bounds = _evidence_bounds(sentence.span, trigger, source, target)
    return _event_at(
        sentence, head, trigger.start, bounds, coded, mode, (source, target), context,
        discourse, confidence,
    )  # fmt: skip


def _event_at(
    sentence: Sentence,
    head: Token,
    first: int,
    bounds: tuple[int, int],
    coded: tuple[str, str, float],
    mode: str | None,
    sides: tuple[ActorMention, ActorMention | None],
    context: Context,
    discourse: Discourse,
    confidence: float | None,
) -> Event:
    """An event stated by the word ``head`` (its phrase's first word ``first``, its evidence
    the tokens ``bounds``): its date, place and on whose word, from the sentence."""
    span, places, previous = sentence.span, sentence.places, discourse.previous
    source, target = sides
    frame = on_whose_word(report_frame(head, span), source, context, previous)
    kind, cameo, goldstein = coded
    start, end = bounds
    article = context.article
    return Event(
        id=_event_id(article, sentence.index, first, kind, source, target),
        page=article.page,
        url=article.url,
        sentence_index=sentence.index,
        sentence=span.text,
        evidence=span.doc[start:end].text,
        source=Participant(source.text, source.actor),
        target=Participant(target.text, target.actor) if target else None,
        type=kind,
        mode=mode,
        date=_event_date(span, head, sentence, discourse, article),
        location=_place_near(head, places, source, target),
        attribution=frame.attribution,
        certainty=frame.certainty,
        negated=is_negated(head),
        cameo=cameo,
        goldstein=goldstein,
        confidence=confidence,
    )


def _event_date(
    span: Span, head: Token, sentence: Sentence, discourse: Discourse, article: Article
) -> DateMention | None:
    """The event's date: a date of its own sentence, else the paragraph's narrative date,
    else (for an event of the report's present in a dated article) the days before
    publication, marked ``reported``. An event set before the narrative ("had cut ties",
    "previously") takes none of these."""
    published = article.published
    own = nearest_date(span, head, sentence.dates)
    if own is not None and (published is None or own.start is None or own.start <= published):
        return own
    if _set_earlier(head):
        # Background: it happened before the narrative's time, and nothing says when.
        return None
    return discourse.time.narrative(sentence.position) or reported_period(article)


def _set_earlier(head: Token) -> bool:
    """A past perfect ("had cut ties") or an adverb of earlier time ("previously") in a clause
    of the narrative; in reported speech the past perfect only follows the reporting verb's
    tense ("said it had withdrawn"), which sets nothing earlier."""
    for token in (head, head.head):
        children = list(token.children)
        if any(child.lower_ in EARLIER_ADVERBS for child in children):
            return True
        has_had = any(child.dep_ == "aux" and child.lower_ == "had" for child in children)
        if has_had and token.tag_ == "VBN" and not _reported(token):
            return True
    return False


def _reported(verb: Token) -> bool:
    """Whether a clause is the content of a verb of speech ("said it had ...")."""
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in certainty_cues().reporting_verbs


def _counted_party(candidates: Iterable[Token], discourse: Discourse) -> ActorMention | None:
    """ "The three capitals": the first of the parties last named together, as many as the
    phrase counts (the judge's sides stand each of them in the phrase)."""
    for token in candidates:
        parties = counted_parties(token, discourse)
        if parties:
            return parties[0]
    return None


def _referred_group(
    candidates: Iterable[Token], discourse: Discourse, extractor: Extractor
) -> ActorMention | None:
    """ "Those forces", "these troops": a demonstrative with a group word refers to the last
    actor named of that group's sector."""
    for token in candidates:
        demonstrative = any(
            child.dep_ == "det" and child.lower_ in DEMONSTRATIVES for child in token.children
        )
        descriptor = extractor.gazetteer.descriptors.get(token.lower_)
        if demonstrative and descriptor is not None and descriptor.sector:
            return discourse.last_of_sector(descriptor.sector)
    return None


def _evidence_bounds(
    sentence: Span, trigger: Trigger, *sides: ActorMention | None
) -> tuple[int, int]:
    """Token bounds of the evidence: the trigger and the sides named in this sentence (a side
    carried over from an earlier sentence is not part of this one's words)."""
    start, end = trigger.start, trigger.end
    for side in sides:
        if side is None or not (sentence.start <= side.start and side.end <= sentence.end):
            continue
        if sentence.doc[side.start : side.end].text != side.text:
            continue
        start, end = min(start, side.start), max(end, side.end)
    return start, end


def _in_a_name(token: Token, context: Context) -> bool:
    """Whether a word is part of a name ("Associated Press", "Peace Corps"): no trigger."""
    return token.i in context.mentions or token.ent_type_ in NAME_ENTITIES


def _as_intention(head: Token, trigger: Trigger) -> tuple[str, str, float]:
    """The trigger's type, CAMEO code and Goldstein score, or those of a promise or a threat
    when the act is in the future ("Ukraine will talk with ...", "Russia will strike ...")."""
    future = in_future(head)
    if future and trigger.type in PROMISED:
        return PROMISE, *TYPE_CODES[PROMISE]
    if future and trigger.type in THREATENED and not (trigger.type in DECIDED and scheduled(head)):
        return THREAT, *TYPE_CODES[THREAT]
    return trigger.type, trigger.cameo, trigger.goldstein


def _outermost(triggers: list[Trigger], doc: Doc, context: Context) -> list[Trigger]:
    """The triggers that are events in their own right: a trigger inside another's phrase with
    no subject of its own on the way is that event's content ("rejected the pressure",
    "urged X to open talks", "a decree banning negotiations"), not a second event."""
    heads = {trigger.head for trigger in triggers}
    said = _said_content(triggers, doc, context)
    return [
        trigger
        for trigger in triggers
        if trigger.head not in said and not _is_content(doc[trigger.head], heads)
    ]


def _said_content(triggers: list[Trigger], doc: Doc, context: Context) -> set[int]:
    """Tokens of what an actor demands, promises or threatens ("X demanded that Y withdraw"):
    acts that have not happened, whoever is to do them. ("Reports signaled that ..." is no
    actor's promise.)"""
    content: set[int] = set()
    for trigger in triggers:
        if trigger.type not in SPEECH_ACTS:
            continue
        subjects = [c for c in doc[trigger.head].children if c.dep_ in {"nsubj", "nsubjpass"}]
        if not any(mention_for(subject, context, None) for subject in subjects):
            continue
        for child in doc[trigger.head].children:
            if child.dep_ == "ccomp":
                content.update(token.i for token in child.subtree)
    return content


def _is_content(token: Token, other_heads: set[int]) -> bool:
    current = token
    while current.head.i != current.i:
        if any(child.dep_ in {"nsubj", "nsubjpass"} for child in current.children):
            return False
        current = current.head
        if current.i in other_heads:
            return True
    return False


def _conjoined_partner(
    sentence: Span, source: ActorMention, context: Context
) -> ActorMention | None:
    """The other of two actors named together as the subject ("Czechia and Albania upgraded
    their ties", "the Turkish and Greek sides agreed"): each is the other's counterpart."""
    if not (sentence.start <= source.start and source.end <= sentence.end):
        return None
    for token in sentence.doc[source.start : source.end]:
        for partner in token.conjuncts:
            mention = context.mentions.get(partner.i)
            if mention is None or mention.actor is None or source.actor is None:
                continue
            if mention.actor.country not in (None, source.actor.country):
                return mention
    return None


def _named_within(
    candidates: Iterable[Token],
    context: Context,
    places: Sequence[tuple[int, int, Place]],
    extractor: Extractor,
) -> ActorMention | None:
    """An actor named after a subject's head ("students throughout Indonesia", "officials in
    Kyiv"), or the country of a place named there: who acts when the head names no one."""
    for token in candidates:
        if token.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        words = _own_phrase(token)
        for index in words:
            mention = context.mentions.get(index)
            if mention is not None and mention.actor is not None:
                return mention
        for start, end, place in places:
            if start in words and place.country is not None:
                actor = extractor.gazetteer.country_actor(place.country, None)
                return ActorMention(start, end, token.doc[start:end].text, actor)
    return None


def _past_dateline(
    places: Sequence[tuple[int, int, Place]], span: Span, discourse: Discourse
) -> Sequence[tuple[int, int, Place]]:
    """The places that may stand for a side: none of a dateline ("KAZAN, Russia, Oct 24 -"),
    which says where the reporter was."""
    opening = discourse.time.opening
    if not opening or span.start_char >= opening:
        return places
    return [(start, end, place) for start, end, place in places if span.doc[start].idx >= opening]


def _own_phrase(token: Token) -> set[int]:
    """The token's phrase without the clauses inside it (a relative clause names others)."""
    words: set[int] = set()
    pending = [token]
    while pending:
        current = pending.pop()
        words.add(current.i)
        pending.extend(
            child for child in current.children if child.dep_ not in {"relcl", "acl", "appos"}
        )
    return words


def _place_owner(
    candidates: Iterable[Token],
    places: Sequence[tuple[int, int, Place]],
    source: ActorMention,
    extractor: Extractor,
) -> ActorMention | None:
    """A target named as a place of another country stands for that country's state: "the
    annexation of Donetsk", "the withdrawal from Kherson" act on Ukraine."""
    for token in candidates:
        for start, end, place in places:
            inside = token.left_edge.i <= start and end - 1 <= token.right_edge.i
            if not inside or place.country is None or source.actor is None:
                continue
            if place.country == source.actor.country:
                continue
            actor = extractor.gazetteer.country_actor(place.country, None)
            return ActorMention(start, end, token.doc[start:end].text, actor)
    return None


# Prepositions whose object is where something happens.
LOCATIVE = frozenset({"in", "at", "near", "inside", "outside", "across", "around", "on", "off"})


def _place_near(
    head: Token, places: Sequence[tuple[int, int, Place]], *sides: ActorMention | None
) -> Place | None:
    """Where the event happened: a place named as the object of a locative preposition ("in
    Doha", "fighting in Khartoum") in the event's phrase or the clause it stands in, else a
    place named in its phrase that is not one of its sides ("talks between Ethiopia and Egypt
    took place in Washington")."""
    taken = {i for side in sides if side is not None for i in range(side.start, side.end)}
    clause = head
    while (
        clause.dep_ not in {"ROOT", "ccomp", "advcl", "relcl", "conj"} and clause.head.i != clause.i
    ):
        clause = clause.head
    scopes = [(head.left_edge.i, head.right_edge.i), (clause.left_edge.i, clause.right_edge.i)]
    doc = head.doc
    free = [(start, end, place) for start, end, place in places if start not in taken]
    for left, right in scopes:
        for start, end, place in places:
            if not (left <= start and end - 1 <= right):
                continue
            word = doc[end - 1]
            while word.dep_ in {"compound", "amod", "conj", "appos"} and word.head.i != word.i:
                word = word.head
            if word.dep_ == "pobj" and word.head.lower_ in LOCATIVE:
                return place
    left, right = scopes[0]
    for start, end, place in free:
        if left <= start and end - 1 <= right:
            return place
    return None


def _event_id(
    article: Article,
    index: int,
    start: int,
    kind: str,
    source: ActorMention,
    target: ActorMention | None,
) -> str:
    """A stable id: the page, the sentence, the trigger's first word, the type and the sides'
    countries."""
    page = article.page_hash or article.url or article.page
    key = f"{page}:{index}:{start}:{kind}:{_side_code(source)}:{_side_code(target)}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _side_code(mention: ActorMention | None) -> str:
    if mention is None or mention.actor is None:
        return "-"
    return mention.actor.country or mention.actor.id


def _side_key(side: Participant | None) -> str | None:
    if side is None or side.actor is None:
        return None
    return side.actor.country or side.actor.id


def without_repeats(events: list[Event], symmetric: frozenset[str] = frozenset()) -> list[Event]:
    """One event per sentence, type and pair of countries: "Zelensky's adviser reiterated the
    promise that Ukraine will talk" is one Ukrainian promise, not two; a reciprocal event
    (of a type in ``symmetric``) read both ways round ("talks between X and Y") is one event,
    the more confident way kept."""
    best: dict[tuple[object, ...], Event] = {}
    order: dict[tuple[object, ...], int] = {}
    for position, event in enumerate(events):
        sides = (_side_key(event.source), _side_key(event.target))
        if event.type in symmetric:
            sides = tuple(sorted(sides, key=lambda side: side or ""))
        key = (event.sentence_index, event.type, *sides)
        kept = best.get(key)
        if kept is None:
            best[key], order[key] = event, position
        elif (event.confidence or 0.0) > (kept.confidence or 0.0):
            best[key] = event
    return [best[key] for key in sorted(best, key=order.__getitem__)]

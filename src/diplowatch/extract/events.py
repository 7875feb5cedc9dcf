"""Events from a parsed article: ``extract_events(parsed, extractor) -> list[Event]``.

Each sentence's triggers (``extract.lexicon``) become events once the parse gives them a source
actor (``extract.roles`` over the actor mentions of ``resolve.actors``); hypotheticals and
questions are dropped, negation is kept as a flag, and certainty and attribution come from the
report frame (``extract.certainty``). Dates (``extract.when``) and places (``extract.where``) are
read only in sentences that hold a trigger. Every event keeps its sentence and a verbatim span.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from diplowatch.extract.certainty import ReportFrame, is_hypothetical, is_negated, report_frame
from diplowatch.extract.lexicon import EventLexicon, Trigger, find_triggers, load_lexicon
from diplowatch.extract.roles import arguments_of, is_topic
from diplowatch.extract.speech import directive_triggers, is_statement, stance_content
from diplowatch.extract.when import find_dates
from diplowatch.extract.where import find_places
from diplowatch.nlp import ParsedArticle
from diplowatch.records import Actor, Article, DateMention, Event, Participant, Place
from diplowatch.resolve.actors import ActorMention, Gazetteer, find_actor_mentions, load_gazetteer

# Future acts are intentions: PLOVER codes a promise of cooperation as AGREE and a promise of
# hostility as THREATEN (CAMEO 030 and 130; Goldstein values from data/events/goldstein.tsv).
FUTURE_AUXILIARIES = frozenset({"will", "'ll", "shall", "wo"})
COOPERATIVE_TYPES = frozenset({"CONSULT", "COOPERATE", "AID", "SUPPORT", "CONCEDE", "RETREAT"})
HOSTILE_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"})
PROMISE = ("AGREE", "030", 4.0)
# Acts whose reported clause says what is to happen, not what happened.
SPEECH_ACT_TYPES = frozenset({"REQUEST", "AGREE", "THREATEN"})
THREAT = ("THREATEN", "130", -4.4)

PERSON_PRONOUNS = frozenset({"he", "she", "his", "her", "him"})
BODY_PRONOUNS = frozenset({"it", "its"})
POSSESSIVES = frozenset({"his", "her", "its", "their"})
# Adverbs that set an event before the narrative's time ("had previously cut ties").
EARLIER_ADVERBS = frozenset({"previously", "earlier", "before", "once", "formerly", "already"})
# Dependencies by which a word names the phrase it modifies ("Germany's", "Russian").
SUBJECT_MODIFIERS = frozenset({"poss", "compound", "amod", "nmod", "case", "det"})
# Named-entity labels whose words are names, never event words.
NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART", "PRODUCT"})
# Sectors whose actors report events rather than take part in them.
REPORTING_SECTORS = frozenset({"MED"})
DEMONSTRATIVES = frozenset({"those", "these", "this", "that"})
PRONOUNS = PERSON_PRONOUNS | BODY_PRONOUNS | {"they", "their", "them"}


@dataclass(frozen=True, slots=True)
class Extractor:
    """What extraction reads besides the parse: the event lexicon and the actor gazetteer."""

    lexicon: EventLexicon
    gazetteer: Gazetteer

    @classmethod
    def load(cls) -> Extractor:
        return cls(lexicon=load_lexicon(), gazetteer=load_gazetteer())


@dataclass(frozen=True, slots=True)
class _Context:
    """What the sentences of one paragraph share."""

    article: Article
    mentions: dict[int, ActorMention]
    published: date | None


@dataclass(slots=True)
class _ParagraphTime:
    """The dates of a paragraph's sentences, each read only when an event needs it.

    A paragraph has a narrative time: a sentence that names no date of its own goes on in the
    time of the last one that did ("On November 8, ... . He also said ...").
    """

    sentences: tuple[Span, ...]
    published: date | None
    _read: dict[int, tuple[DateMention, ...]] = field(default_factory=dict)

    def dates(self, position: int) -> tuple[DateMention, ...]:
        """The dates named in the paragraph's sentence at ``position``."""
        if position not in self._read:
            found = find_dates(self.sentences[position], self.published)
            self._read[position] = tuple(_until_publication(m, self.published) for m in found)
        return self._read[position]

    def narrative(self, position: int) -> DateMention | None:
        """The last date named before the sentence at ``position``."""
        for earlier in range(position - 1, -1, -1):
            if dates := self.dates(earlier):
                return dates[-1]
        return None


@dataclass(slots=True)
class _Discourse:
    """What carries from sentence to sentence of an article: the last subject (what "he" or
    "it" next refers to), the paragraph's time, and the actors named so far."""

    time: _ParagraphTime
    previous: ActorMention | None = None
    named: list[ActorMention] = field(default_factory=list)

    def last_of_sector(self, sector: str) -> ActorMention | None:
        """The actor of that sector named last: what "those forces" refers to."""
        return next((m for m in reversed(self.named) if m.actor and m.actor.sector == sector), None)


@dataclass(frozen=True, slots=True)
class _Sentence:
    """One sentence with what is read once for all its events."""

    span: Span
    index: int
    # Position in its paragraph.
    position: int
    dates: tuple[DateMention, ...] = ()
    places: tuple[tuple[int, int, Place], ...] = ()


def extract_events(parsed: ParsedArticle, extractor: Extractor) -> list[Event]:
    """The events of an article, in the order of their sentences."""
    article = parsed.article
    events: list[Event] = []
    index = 0
    discourse = _Discourse(_ParagraphTime((), article.published))
    for doc in parsed.docs:
        context = _Context(article, _mentions_by_token(doc, extractor, article), article.published)
        discourse.time = _ParagraphTime(tuple(doc.sents), article.published)
        for position, span in enumerate(discourse.time.sentences):
            sentence = _Sentence(span, index, position)
            events.extend(_sentence_events(sentence, context, extractor, discourse))
            discourse.previous = _last_subject(span, context) or discourse.previous
            discourse.named.extend(_mentions_in(span, context))
            index += 1
    return _without_repeats(events)


def _mentions_in(span: Span, context: _Context) -> list[ActorMention]:
    """The actor mentions of a sentence, each once, in order."""
    found: dict[int, ActorMention] = {}
    for index in range(span.start, span.end):
        mention = context.mentions.get(index)
        if mention is not None:
            found.setdefault(mention.start, mention)
    return list(found.values())


def _until_publication(mention: DateMention, published: date | None) -> DateMention:
    """A period that began by publication ends there at the latest: a report speaks of what has
    happened ("this week" in Thursday's paper is Monday to Thursday)."""
    if published is None or mention.start is None or mention.end is None:
        return mention
    if mention.start <= published < mention.end:
        return DateMention(mention.text, mention.start, published, mention.precision)
    return mention


def _mentions_by_token(doc: Doc, extractor: Extractor, article: Article) -> dict[int, ActorMention]:
    mentions = find_actor_mentions(doc, extractor.gazetteer, article.published)
    return {i: mention for mention in mentions for i in range(mention.start, mention.end)}


def _sentence_events(
    sentence: _Sentence, context: _Context, extractor: Extractor, discourse: _Discourse
) -> list[Event]:
    span = sentence.span
    doc = span.doc
    held = stance_content(span)
    found = [
        trigger
        for trigger in find_triggers(span, extractor.lexicon)
        if not is_statement(doc[trigger.head], trigger.type)
        and trigger.head not in held
        and not _in_a_name(doc[trigger.head], context)
    ]
    found += directive_triggers(span, {trigger.head for trigger in found})
    triggers = _outermost(sorted(found, key=lambda trigger: trigger.start), doc, context)
    if not triggers:
        return []
    sentence = dataclasses.replace(
        sentence,
        dates=discourse.time.dates(sentence.position),
        places=tuple(find_places(span)),
    )
    events = []
    for trigger in triggers:
        event = _event(sentence, trigger, context, discourse, extractor)
        if event is not None:
            events.append(event)
    return events


def _event(
    sentence: _Sentence,
    trigger: Trigger,
    context: _Context,
    discourse: _Discourse,
    extractor: Extractor,
) -> Event | None:
    span, places, previous = sentence.span, sentence.places, discourse.previous
    doc = span.doc
    head = doc[trigger.head]
    if is_hypothetical(head, span) or is_topic(head):
        return None
    arguments = arguments_of(head)
    source = _first_actor(arguments.sources, context, previous)
    if source is None:
        source = _named_within(arguments.sources, context, places, extractor)
    if source is None:
        source = _referred_group(arguments.sources, discourse, extractor)
    if source is None:
        return None
    target = _first_actor(arguments.targets, context, previous, unlike=source.actor)
    if target is None:
        target = _place_owner(arguments.targets, places, source, extractor)
    if target is None:
        target = _conjoined_partner(span, source, context)
    if target is None:
        target = _counterpart_in(span, head, context, source) or _other_side(previous, source)
    frame = _on_whose_word(report_frame(head, span), source, context, previous)
    kind, cameo, goldstein = _as_intention(head, trigger)
    start, end = _evidence_bounds(span, trigger, source, target)
    article = context.article
    return Event(
        id=_event_id(article, sentence.index, trigger),
        page=article.page,
        url=article.url,
        sentence_index=sentence.index,
        sentence=span.text,
        evidence=doc[start:end].text,
        source=Participant(source.text, source.actor),
        target=Participant(target.text, target.actor) if target else None,
        type=kind,
        mode=trigger.mode,
        date=_nearest_date(span, head, sentence.dates)
        or _narrative_date(head, discourse, sentence.position),
        location=_place_near(head, places),
        attribution=frame.attribution,
        certainty=frame.certainty,
        negated=is_negated(head),
        cameo=cameo,
        goldstein=goldstein,
    )


def _narrative_date(head: Token, discourse: _Discourse, position: int) -> DateMention | None:
    """The paragraph's narrative date, unless the event is set before it: a past perfect
    ("had cut ties") or an adverb of earlier time ("previously")."""
    for token in (head, head.head):
        children = list(token.children)
        if any(child.lower_ in EARLIER_ADVERBS for child in children):
            return None
        has_had = any(child.dep_ == "aux" and child.lower_ == "had" for child in children)
        if has_had and token.tag_ == "VBN":
            return None
    return discourse.time.narrative(position)


def _referred_group(
    candidates: Iterable[Token], discourse: _Discourse, extractor: Extractor
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


def _in_a_name(token: Token, context: _Context) -> bool:
    """Whether a word is part of a name ("Associated Press", "Peace Corps"): no trigger."""
    return token.i in context.mentions or token.ent_type_ in NAME_ENTITIES


def _as_intention(head: Token, trigger: Trigger) -> tuple[str, str, float]:
    """The trigger's type, CAMEO code and Goldstein score, or those of a promise or a threat
    when the act is in the future ("Ukraine will talk with ...", "Russia will strike ...")."""
    future = any(
        child.dep_ == "aux" and child.lower_ in FUTURE_AUXILIARIES for child in head.children
    )
    if future and trigger.type in COOPERATIVE_TYPES:
        return PROMISE
    if future and trigger.type in HOSTILE_TYPES:
        return THREAT
    return trigger.type, trigger.cameo, trigger.goldstein


def _outermost(triggers: list[Trigger], doc: Doc, context: _Context) -> list[Trigger]:
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


def _said_content(triggers: list[Trigger], doc: Doc, context: _Context) -> set[int]:
    """Tokens of what an actor demands, promises or threatens ("X demanded that Y withdraw"):
    acts that have not happened, whoever is to do them. ("Reports signaled that ..." is no
    actor's promise.)"""
    content: set[int] = set()
    for trigger in triggers:
        if trigger.type not in SPEECH_ACT_TYPES:
            continue
        subjects = [c for c in doc[trigger.head].children if c.dep_ in {"nsubj", "nsubjpass"}]
        if not any(_mention_for(subject, context, None) for subject in subjects):
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


def _first_actor(
    candidates: Iterable[Token],
    context: _Context,
    previous: ActorMention | None,
    unlike: Actor | None = None,
) -> ActorMention | None:
    """The first candidate that names an actor (other than ``unlike``'s country)."""
    for token in candidates:
        mention = _mention_for(token, context, previous)
        if mention is None or mention.actor is None:
            continue
        if unlike is not None and mention.actor.country == unlike.country:
            continue
        return mention
    return None


def _conjoined_partner(
    sentence: Span, source: ActorMention, context: _Context
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
    context: _Context,
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


def _counterpart_in(
    sentence: Span, head: Token, context: _Context, source: ActorMention
) -> ActorMention | None:
    """Without a target in the parse, the actor of another country named nearest the event's
    head within its clause: the counterpart the sentence is about."""
    clause = head
    while clause.dep_ not in {"ROOT", "ccomp"} and clause.head.i != clause.i:
        clause = clause.head
    best: tuple[int, ActorMention] | None = None
    for index in range(clause.left_edge.i, clause.right_edge.i + 1):
        mention = context.mentions.get(index)
        if mention is None or mention.actor is None or source.actor is None:
            continue
        if mention.actor.country in (None, source.actor.country):
            continue
        if mention.actor.sector in REPORTING_SECTORS:
            continue
        distance = abs(index - head.i)
        if best is None or distance < best[0]:
            best = (distance, mention)
    return best[1] if best else None


def _other_side(previous: ActorMention | None, source: ActorMention) -> ActorMention | None:
    """The previous sentence's subject, when it is of another country: in a narrative the
    counterpart carries over ("Washington urged Kyiv to talk. Ukraine rejected the pressure.")."""
    if previous is None or previous.actor is None or source.actor is None:
        return None
    if previous.actor.country in (None, source.actor.country):
        return None
    if previous.actor.sector in REPORTING_SECTORS:
        return None
    return previous


def _mention_for(
    token: Token, context: _Context, previous: ActorMention | None
) -> ActorMention | None:
    """The actor mention a candidate token stands in: its own, or one among the words before
    it in its phrase ("Niger's ruling junta"), or for a pronoun its antecedent."""
    mentions = context.mentions
    if token.i in mentions:
        return mentions[token.i]
    if token.lower_ in PRONOUNS:
        return _antecedent(token, context, previous)
    for inner in range(token.i - 1, token.left_edge.i - 1, -1):
        if inner in mentions:
            return mentions[inner]
        if token.doc[inner].lower_ in PRONOUNS:
            return _antecedent(token.doc[inner], context, previous)
    return None


def _is_person(mention: ActorMention) -> bool:
    return mention.actor is not None and mention.actor.id.startswith("person:")


def _antecedent(
    pronoun: Token, context: _Context, previous: ActorMention | None
) -> ActorMention | None:
    """A pronoun's antecedent: the nearest actor named before it in its sentence that fits it
    ("he", "his" a person; "it", "its" a state or body); else, for a pronoun in a phrase put
    before the subject ("In a shift from its position, the administration ..."), the sentence's
    subject; else, for a subject pronoun, the previous sentence's subject. A possessive
    ("their commitment") is not looked for beyond its sentence."""
    fits = _fits(pronoun)
    before = [
        context.mentions[index]
        for index in range(pronoun.i - 1, pronoun.sent.start - 1, -1)
        if index in context.mentions and fits(context.mentions[index])
    ]
    # Subjects are the likelier antecedents ("America's prowess failed because it ..."): the
    # nearest actor in a subject, else the nearest actor.
    in_subject = [m for m in before if _in_subject(pronoun.doc[m.start])]
    if in_subject or before:
        return (in_subject or before)[0]
    subject = _last_subject(pronoun.sent, context)
    if subject is not None and subject.start > pronoun.i and fits(subject):
        return subject
    if pronoun.lower_ in POSSESSIVES:
        return None
    return previous


def _in_subject(token: Token) -> bool:
    """Whether a word names a clause's subject: the subject itself, or its possessor, compound
    or adjective ("Germany's trade"); not a word inside a phrase hung on it ("trade with China")."""
    word = token
    while word.dep_ in SUBJECT_MODIFIERS and word.head.i != word.i:
        word = word.head
    return word.dep_ in {"nsubj", "nsubjpass"}


def _fits(pronoun: Token) -> Callable[[ActorMention], bool]:
    wants_person = pronoun.lower_ in PERSON_PRONOUNS
    wants_body = pronoun.lower_ in BODY_PRONOUNS

    def fits(mention: ActorMention) -> bool:
        if mention.actor is None:
            return False
        if wants_person:
            return _is_person(mention)
        return not (wants_body and _is_person(mention))

    return fits


def _last_subject(sentence: Span, context: _Context) -> ActorMention | None:
    """The sentence's main subject, if it names an actor: what "he" or "it" next refers to."""
    for token in sentence:
        if token.dep_ in {"nsubj", "nsubjpass"} and token.head.dep_ == "ROOT":
            return context.mentions.get(token.i)
    return None


def _speaker_of(
    frame: ReportFrame, context: _Context, previous: ActorMention | None
) -> ActorMention | None:
    """The actor whose statement carries the event, a pronoun ("he said") resolved."""
    speaker = frame.speaker
    if speaker is None:
        return None
    if len(speaker) == 1 and speaker.root.lower_ in PRONOUNS:
        return _antecedent(speaker.root, context, previous)
    return next(
        (context.mentions[i] for i in range(speaker.start, speaker.end) if i in context.mentions),
        None,
    )


def _on_whose_word(
    frame: ReportFrame, source: ActorMention, context: _Context, previous: ActorMention | None
) -> ReportFrame:
    """The report frame with its speaker named: "he said" is attributed to the one "he" is; and
    an actor's statement of its own stance is asserted, not reported ("Zelensky said Ukraine is
    ready" is Ukraine speaking)."""
    speaker = _speaker_of(frame, context, previous)
    if speaker is None or speaker.actor is None:
        return frame
    if frame.speaker is not None and frame.speaker.root.lower_ in PRONOUNS:
        frame = dataclasses.replace(frame, attribution=speaker.text)
    own = source.actor is not None and speaker.actor.country == source.actor.country
    if frame.speaker_only and own:
        return ReportFrame(certainty="asserted")
    return frame


def _nearest_date(sentence: Span, head: Token, dates: Sequence[DateMention]) -> DateMention | None:
    """The date of the event: one inside its own phrase (the head's subtree) if any, else the
    date mention of the sentence standing nearest its head word."""
    left = sentence.doc[head.left_edge.i].idx - sentence.start_char
    right = (
        sentence.doc[head.right_edge.i].idx
        + len(sentence.doc[head.right_edge.i])
        - sentence.start_char
    )
    position = head.idx - sentence.start_char
    best: tuple[bool, int, DateMention] | None = None
    for mention in dates:
        where = sentence.text.find(mention.text)
        if where < 0:
            continue
        outside = not (left <= where and where + len(mention.text) <= right)
        candidate = (outside, abs(where - position), mention)
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    return best[2] if best else None


def _place_near(head: Token, places: Sequence[tuple[int, int, Place]]) -> Place | None:
    """A place named inside the event's phrase (its head's subtree), else none."""
    left, right = head.left_edge.i, head.right_edge.i
    for start, end, place in places:
        if left <= start and end - 1 <= right:
            return place
    return None


def _event_id(article: Article, index: int, trigger: Trigger) -> str:
    key = (
        f"{article.page_hash or article.url or article.page}:{index}:{trigger.start}:{trigger.type}"
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _side_key(side: Participant | None) -> str | None:
    if side is None or side.actor is None:
        return None
    return side.actor.country or side.actor.id


def _without_repeats(events: list[Event]) -> list[Event]:
    """One event per sentence, type and pair of countries: "Zelensky's adviser reiterated the
    promise that Ukraine will talk" is one Ukrainian promise, not two."""
    seen: set[tuple[object, ...]] = set()
    kept = []
    for event in events:
        key = (
            event.sentence_index,
            event.type,
            _side_key(event.source),
            _side_key(event.target),
        )
        if key not in seen:
            seen.add(key)
            kept.append(event)
    return kept

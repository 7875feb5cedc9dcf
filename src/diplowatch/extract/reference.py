"""What the words of a sentence refer to: actor mentions, pronouns and their antecedents, the
speaker of a report, and the paragraph's time. Shared by the event and position readers, which
walk an article's sentences in order with one ``Discourse``.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from diplowatch.extract.certainty import ReportFrame
from diplowatch.extract.when import find_dates, looks_forward
from diplowatch.records import Actor, Article, DateMention, Place
from diplowatch.resolve.actors import (
    ActorMention,
    Gazetteer,
    find_actor_mentions,
    load_gazetteer,
)

PERSON_PRONOUNS = frozenset({"he", "she", "his", "her", "him"})
BODY_PRONOUNS = frozenset({"it", "its"})
POSSESSIVES = frozenset({"his", "her", "its", "their"})
PRONOUNS = PERSON_PRONOUNS | BODY_PRONOUNS | {"they", "their", "them"}
# Dependencies by which a word names the phrase it modifies ("Germany's", "Russian").
SUBJECT_MODIFIERS = frozenset({"poss", "compound", "amod", "nmod", "case", "det"})
# Sectors whose actors report events rather than take part in them.
REPORTING_SECTORS = frozenset({"MED"})


@dataclass(frozen=True, slots=True)
class Context:
    """What the sentences of one paragraph share."""

    article: Article
    mentions: dict[int, ActorMention]
    published: date | None
    # Where the paragraph's own words begin after a dateline ("HAVANA, June 10 (Agency) –"), a
    # character offset; 0 without one.
    opening: int = 0


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence with what is read once for all its events: its index in the article, its
    position in its paragraph, and (where it holds a trigger) its dates and places."""

    span: Span
    index: int
    position: int
    dates: tuple[DateMention, ...] = ()
    places: tuple[tuple[int, int, Place], ...] = ()


@dataclass(slots=True)
class ParagraphTime:
    """The dates of a paragraph's sentences, each read only when an event needs it.

    A paragraph has a narrative time: a sentence that names no date of its own goes on in the
    time of the last one that did ("On November 8, ... . He also said ...").
    """

    sentences: tuple[Span, ...]
    published: date | None
    # Where the paragraph's own words start, after a dateline ("MOSCOW, July 18 (Agency) -"):
    # the day a story was filed on is not the day its events happened.
    opening: int = 0
    # The day of the dateline, which dates the paragraph's events that name no day of their own.
    filed: DateMention | None = None
    _read: dict[int, tuple[DateMention, ...]] = field(default_factory=dict)

    def dates(self, position: int) -> tuple[DateMention, ...]:
        """The dates named in the paragraph's sentence at ``position``."""
        if position not in self._read:
            found = find_dates(self._own_words(self.sentences[position]), self.published)
            self._read[position] = tuple(until_publication(m, self.published) for m in found)
        return self._read[position]

    def _own_words(self, sentence: Span) -> Span:
        if sentence.start_char >= self.opening or self.opening >= sentence.end_char:
            return sentence
        words = sentence.doc.char_span(self.opening, sentence.end_char, alignment_mode="expand")
        return words if words is not None else sentence

    def narrative(self, position: int) -> DateMention | None:
        """The last date named before the sentence at ``position`` in a sentence about what
        happened: the time of a sentence about what is expected or scheduled ("talks are
        expected to resume next week") is not the time of the events after it."""
        for earlier in range(position - 1, -1, -1):
            if looks_forward(self.sentences[earlier]):
                continue
            dates = [
                mention
                for mention in self.dates(earlier)
                if self.published is None
                or mention.start is None
                or mention.start <= self.published
            ]
            if dates:
                return dates[-1]
        return self.filed


@dataclass(slots=True)
class Discourse:
    """What carries from sentence to sentence of an article: the last subject (what "he" or
    "it" next refers to), the paragraph's time, and the actors named so far."""

    time: ParagraphTime
    previous: ActorMention | None = None
    named: list[ActorMention] = field(default_factory=list)
    # The countries of the sides of the events read so far, latest last: what "the decision"
    # or "the move" of a later sentence most likely belongs to.
    acted: list[str] = field(default_factory=list)
    # The last two parties named together ("Armenia and Azerbaijan", "Putin met Erdogan"):
    # what "the two sides" or "both leaders" of a later sentence stand for.
    pair: tuple[ActorMention, ActorMention] | None = None
    # The last three or more parties named together ("Britain, France and Germany"): what "the
    # three governments" of a later sentence stands for.
    listed: tuple[ActorMention, ...] = ()
    # The country of the place the article was filed from (its dateline), where known: where
    # a body it names without a country ("gunmen", "the authorities") most likely acts.
    filed_in: str | None = None

    def last_of_sector(self, sector: str) -> ActorMention | None:
        """The actor of that sector named last: what "those forces" refers to."""
        return next((m for m in reversed(self.named) if m.actor and m.actor.sector == sector), None)


# Nouns that, with "both", "two" or "all", name parties without naming them ("both sides", "the
# two leaders", "the two countries' foreign ministers").
PAIR_NOUNS = frozenset(
    {
        "side", "party", "leader", "country", "government", "nation", "neighbour", "neighbor",
        "man", "delegation", "minister", "military", "army", "president", "state", "capital",
    }
)  # fmt: skip
PAIR_WORDS = frozenset({"both", "two", "all"})
# Words for several actors at once ("they said", "both", "each").
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "both", "each"})


def names_a_pair(token: Token) -> bool:
    """ "both sides", "the two leaders", "all parties", "both Koreas": parties unnamed."""
    if token.lemma_.lower() not in PAIR_NOUNS and token.tag_ not in {"NNS", "NNPS"}:
        return False
    return any(c.lower_ in PAIR_WORDS for c in token.children)


# The sectors of the bodies a bare "the authorities", "the junta", "the rebels" or "the
# opposition" names, leaving its country to the context.
BODY_SECTORS = frozenset({"GOV", "MIL", "REB", "OPP", "LEG"})


@functools.lru_cache(maxsize=1)
def _bodies() -> frozenset[str]:
    """The one-word names of such bodies among the gazetteer's descriptors ("authorities",
    "junta", "government", "rebels", "opposition"; ``data/actors/descriptors.tsv``)."""
    return frozenset(
        words
        for words, descriptor in load_gazetteer().descriptors.items()
        if descriptor.kind == "group" and descriptor.sector in BODY_SECTORS and " " not in words
    )


# The sectors of the sides of a country's own conflict that face its government: armed
# groups and the opposition ("talks with the rebels", "with the opposition").
DOMESTIC_SECTORS = frozenset({"REB", "OPP"})


def domestic_side(token: Token) -> str | None:
    """The sector of the side of a country's own conflict a bare word names ("the rebels",
    "the opposition", "the government", "the junta"); None for any other word."""
    descriptor = load_gazetteer().descriptors.get(token.lower_)
    if descriptor is None or descriptor.kind != "group":
        return None
    sector = descriptor.sector
    return sector if sector in DOMESTIC_SECTORS or sector in {"GOV", "MIL"} else None


def names_a_body(token: Token) -> bool:
    """A country's body named by what it is, its country left to the context: "the junta",
    "the de facto authorities", "the opposition" (the caller has found no actor named in it)."""
    return token.lower_ in _bodies() and any(
        c.dep_ == "det" and c.lower_ == "the" for c in token.children
    )


def parties_named(
    span: Span, context: Context, besides: Iterable[int] = ()
) -> tuple[ActorMention, ActorMention] | None:
    """The first two actors of two countries a sentence names together as parties: conjoined
    ("Armenia and Azerbaijan signed", "talks between Kyiv and Moscow", "Iranian and American
    negotiators") or as a verb's subject and object ("Putin met Erdogan", "Egypt held talks
    with Qatar"). Places ("in Doha"), the media and the words at ``besides`` (a mediator's)
    are no parties."""
    skipped = frozenset(besides)
    for token in span:
        first = _party(token, context, skipped)
        if first is None or token.dep_ == "conj":
            continue
        for other in (*token.conjuncts, *_verb_partners(token)):
            second = _party(other, context, skipped)
            if second is not None and second.actor.country != first.actor.country:
                return first, second
    return None


def parties_listed(
    span: Span, context: Context, besides: Iterable[int] = ()
) -> tuple[ActorMention, ...] | None:
    """The first three or more actors of as many countries a sentence names together
    ("Britain, France and Germany notified ..."): what "the three governments" of a later
    sentence stands for. Places, the media and the words at ``besides`` are none of them."""
    skipped = frozenset(besides)
    for token in span:
        if token.dep_ == "conj":
            continue
        found: dict[str, ActorMention] = {}
        for word in (token, *token.conjuncts):
            mention = _party(word, context, skipped)
            if mention is not None and mention.actor is not None and mention.actor.country:
                found.setdefault(mention.actor.country, mention)
        if len(found) >= 3:
            return tuple(found.values())
    return None


def _party(token: Token, context: Context, skipped: frozenset[int]) -> ActorMention | None:
    """The actor a word names as a party: no place, no news medium, none at ``skipped``."""
    mention = mention_at(token, context)
    if mention is None or mention.actor is None or mention.actor.country is None:
        return None
    if mention.actor.sector in REPORTING_SECTORS or token.i in skipped:
        return None
    if in_locative(token):
        return None
    return mention


# Number words: "the three governments" stands for the last three parties named together.
NUMBERS = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def counted_parties(token: Token, discourse: Discourse) -> list[ActorMention]:
    """The parties a phrase counting them stands for ("the three capitals", "the three
    governments"): the last ones named together (``Discourse.listed``), where the phrase counts
    as many, each standing in the phrase; none otherwise."""
    listed = discourse.listed
    if not listed or _counted(token) != len(listed):
        return []
    return [ActorMention(token.i, token.i + 1, token.text, party.actor) for party in listed]


def _counted(token: Token) -> int | None:
    """The number of parties a phrase counts ("the three governments", "the 4 countries")."""
    for child in token.children:
        if child.dep_ == "nummod":
            word = child.lower_
            return NUMBERS.get(word) or (int(word) if word.isdigit() else None)
    return None


def mention_at(token: Token, context: Context) -> ActorMention | None:
    """The actor a word names, or that a word modifying it names ("his Belizean counterpart",
    "the United Nations mission")."""
    found = context.mentions.get(token.i)
    if found is not None:
        return found
    for child in token.children:
        if child.dep_ in {"amod", "compound", "poss", "nmod"} and child.i in context.mentions:
            return context.mentions[child.i]
    return None


def in_subject_phrase(token: Token) -> bool:
    """Whether a word names a clause's subject (``_in_subject``) or the actors a subject is of
    ("the foreign ministers of X and Y")."""
    if _in_subject(token):
        return True
    return token.dep_ == "pobj" and token.head.dep_ == "prep" and _in_subject(token.head.head)


def _verb_partners(token: Token) -> list[Token]:
    """The object and "with" objects of the verb a subject acts through ("Putin met Erdogan",
    "held talks with Qatar")."""
    if token.dep_ not in {"nsubj", "nsubjpass"}:
        return []
    verb = token.head
    found = [c for c in verb.children if c.dep_ == "dobj"]
    for holder in (verb, *found):
        for preposition in holder.children:
            if preposition.dep_ == "prep" and preposition.lower_ in {"with", "between"}:
                found += [c for c in preposition.children if c.dep_ == "pobj"]
    return [t for base in found for t in (base, *base.conjuncts)]


def in_locative(token: Token) -> bool:
    """A name in a locative phrase ("talks in South Africa") is where, not who."""
    head = token
    while head.dep_ in {"compound", "amod", "conj", "appos"} and head.head.i != head.i:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in {"in", "at", "near", "outside", "inside"}


def mentions_in(span: Span, context: Context) -> list[ActorMention]:
    """The actor mentions of a sentence, each once, in order."""
    found: dict[int, ActorMention] = {}
    for index in range(span.start, span.end):
        mention = context.mentions.get(index)
        if mention is not None:
            found.setdefault(mention.start, mention)
    return list(found.values())


# Days before publication that an event the report dates by nothing else may have happened.
REPORTED_DAYS = 3


def reported_period(article: Article) -> DateMention | None:
    """The days an undated event of a dated article happened in: the three days before its
    publication, through it (the whole month or year, and three days before, when only that
    much of the publication date is known); precision ``reported``, words none."""
    published = article.published
    if published is None:
        return None
    end = published
    if article.published_precision == "month":
        end = _month_end(published)
    elif article.published_precision == "year":
        end = date(published.year, 12, 31)
    return DateMention("", published - timedelta(days=REPORTED_DAYS), end, "reported")


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def until_publication(mention: DateMention, published: date | None) -> DateMention:
    """A period that began by publication ends there at the latest: a report speaks of what has
    happened ("this week" in Thursday's paper is Monday to Thursday)."""
    if published is None or mention.start is None or mention.end is None:
        return mention
    if mention.start <= published < mention.end:
        return DateMention(mention.text, mention.start, published, mention.precision)
    return mention


def mentions_by_token(
    doc: Doc, gazetteer: Gazetteer, published: date | None
) -> dict[int, ActorMention]:
    """Each token that is part of an actor mention, with that mention."""
    mentions = find_actor_mentions(doc, gazetteer, published)
    return {i: mention for mention in mentions for i in range(mention.start, mention.end)}


def first_actor(
    candidates: Iterable[Token],
    context: Context,
    previous: ActorMention | None,
    unlike: Actor | None = None,
) -> ActorMention | None:
    """The first candidate that names an actor (other than ``unlike``'s country)."""
    for token in candidates:
        mention = mention_for(token, context, previous)
        if mention is None or mention.actor is None:
            continue
        if unlike is not None and mention.actor.country == unlike.country:
            continue
        return mention
    return None


def last_named_other(
    discourse: Discourse, besides: frozenset[str | None], states: bool = False
) -> ActorMention | None:
    """The actor of a country not in ``besides`` named last before the sentence, the media
    aside (and organisations, where only ``states`` will do): whose "the authorities" a later
    sentence most likely means."""
    for mention in reversed(discourse.named):
        country = mention.actor.country if mention.actor else None
        if country is None or country in besides or mention.actor.sector in REPORTING_SECTORS:
            continue
        if states and not is_state_side(mention):
            continue
        return mention
    return None


def is_state_side(mention: ActorMention) -> bool:
    """Whether the mention is of a state or a body of one ("ASEAN leaders" are not)."""
    actor = mention.actor
    return actor is not None and actor.country in load_gazetteer().country_names


def other_side(previous: ActorMention | None, source: ActorMention) -> ActorMention | None:
    """The previous sentence's subject, when it is of another country: in a narrative the
    counterpart carries over ("Washington urged Kyiv to talk. Ukraine rejected the pressure.")."""
    if previous is None or previous.actor is None or source.actor is None:
        return None
    if previous.actor.country in (None, source.actor.country):
        return None
    if previous.actor.sector in REPORTING_SECTORS:
        return None
    return previous


def mention_for(
    token: Token, context: Context, previous: ActorMention | None
) -> ActorMention | None:
    """The actor mention a candidate token stands in: its own, or one among the words before
    it in its phrase ("Niger's ruling junta"), or for a pronoun its antecedent."""
    mentions = context.mentions
    if token.i in mentions:
        return mentions[token.i]
    if token.lower_ in PRONOUNS:
        return antecedent(token, context, previous)
    for inner in range(token.i - 1, token.left_edge.i - 1, -1):
        if inner in mentions:
            return mentions[inner]
        if token.doc[inner].lower_ in PRONOUNS:
            return antecedent(token.doc[inner], context, previous)
    return None


def _is_person(mention: ActorMention) -> bool:
    """A person named ("John Mahama") or by office only ("Ghana's president")."""
    actor = mention.actor
    if actor is None:
        return False
    if actor.id.startswith("person:"):
        return True
    words = mention.text.lower().split()
    return any(" ".join(words[i:]) in _offices() for i in range(len(words)))


@functools.lru_cache(maxsize=1)
def _offices() -> frozenset[str]:
    """The words for an office among the gazetteer's descriptors ("president", "foreign
    minister", "spokesman"; ``data/actors/descriptors.tsv``)."""
    return frozenset(
        words
        for words, descriptor in load_gazetteer().descriptors.items()
        if descriptor.kind == "role"
    )


def antecedent(
    pronoun: Token, context: Context, previous: ActorMention | None
) -> ActorMention | None:
    """A pronoun's antecedent: the nearest actor named before it in its sentence that fits it
    ("he", "his" a person; "it", "its" a state or body); else, for a pronoun in a phrase put
    before the subject ("In a shift from its position, the administration ..."), the sentence's
    subject; else, for a subject pronoun, the previous sentence's subject. A possessive
    ("their commitment") is not looked for beyond its sentence."""
    fits = _fits(pronoun)
    # An object pronoun never stands for its own clause's subject ("the US urged them":
    # them is not the US).
    bound = _own_subject(pronoun)
    before = [
        context.mentions[index]
        for index in range(pronoun.i - 1, pronoun.sent.start - 1, -1)
        if index in context.mentions
        and fits(context.mentions[index])
        and context.mentions[index].start not in bound
    ]
    # Subjects are the likelier antecedents ("America's prowess failed because it ..."): the
    # nearest actor in a subject, else the nearest actor.
    in_subject = [m for m in before if _in_subject(pronoun.doc[m.start])]
    if in_subject or before:
        return (in_subject or before)[0]
    subject = last_subject(pronoun.sent, context)
    if subject is not None and subject.start > pronoun.i and fits(subject):
        return subject
    if pronoun.lower_ in POSSESSIVES or bound:
        # An object pronoun named nowhere before it in its sentence is left to the context
        # ("Putin met Xi. Biden called him": not Putin; "... urged them": the parties before).
        return None
    return previous


def _own_subject(pronoun: Token) -> frozenset[int]:
    """The token indices of the subject of the verb an object pronoun is the object of ("them"
    in "the US urged them", "to them" in "Turkey spoke to them"); empty for any other."""
    verb = pronoun.head
    if pronoun.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    elif pronoun.dep_ not in {"dobj", "dative", "iobj"}:
        return frozenset()
    if verb.pos_ not in {"VERB", "AUX"}:
        return frozenset()
    return frozenset(
        token.i
        for child in verb.children
        if child.dep_ in {"nsubj", "nsubjpass"}
        for token in child.subtree
    )


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


def last_subject(sentence: Span, context: Context) -> ActorMention | None:
    """The sentence's main subject, if it names an actor: what "he" or "it" next refers to.
    A dateline the parse takes for a subject ("HAVANA, June 10 – Colombia's government and
    ... signed") has no mention, and the subject after it counts."""
    for token in sentence:
        subject = token.dep_ in {"nsubj", "nsubjpass"} and token.head.dep_ == "ROOT"
        if subject and token.idx >= context.opening:
            return context.mentions.get(token.i)
    return None


def _speaker_of(
    frame: ReportFrame, context: Context, previous: ActorMention | None
) -> ActorMention | None:
    """The actor whose statement carries the event, a pronoun ("he said") resolved."""
    speaker = frame.speaker
    if speaker is None:
        return None
    if len(speaker) == 1 and speaker.root.lower_ in PRONOUNS:
        return antecedent(speaker.root, context, previous)
    return next(
        (context.mentions[i] for i in range(speaker.start, speaker.end) if i in context.mentions),
        None,
    )


def on_whose_word(
    frame: ReportFrame, source: ActorMention, context: Context, previous: ActorMention | None
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


# Dependencies that open a clause of its own: a date inside one dates that clause's event.
OTHER_CLAUSE = frozenset({"relcl", "acl", "advcl", "ccomp", "appos", "conj", "parataxis", "csubj"})


def nearest_date(sentence: Span, head: Token, dates: Sequence[DateMention]) -> DateMention | None:
    """The date of the event: one inside its own phrase (the head's subtree) if any, else the
    date mention of the sentence standing nearest its head word, unless that date stands in
    another clause ("the deal, brokered a year ago, ...", "after X ordered Y to leave by
    Feb 7"), where it dates that clause's event."""
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
        if _in_another_clause(sentence, where, len(mention.text), head):
            continue
        candidate = (outside, abs(where - position), mention)
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    return best[2] if best else None


SIMULTANEOUS_MARKS = frozenset({"when", "as", "while", "whilst"})


def _at_the_same_time(clause: Token) -> bool:
    """A clause whose time is the main clause's ("When X responded in mid-October, Y ...")."""
    if clause.dep_ != "advcl":
        return False
    marks = [child for child in clause.children if child.dep_ in ("mark", "advmod")]
    return any(mark.lower_ in SIMULTANEOUS_MARKS for mark in marks)


def _in_another_clause(sentence: Span, where: int, length: int, head: Token) -> bool:
    """Whether the words at ``where`` hang in a clause that does not hold the event's head."""
    start = sentence.start_char + where
    words = sentence.doc.char_span(start, start + length, alignment_mode="expand")
    if words is None or len(words) == 0:
        return False
    above_head = {head.i, *(token.i for token in head.ancestors)}
    token = words.root
    while token.i not in above_head:
        if token.dep_ in OTHER_CLAUSE and not _at_the_same_time(token):
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def counterpart_in(head: Token, context: Context, source: ActorMention) -> ActorMention | None:
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

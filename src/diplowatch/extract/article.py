"""An article's sentences read in order, once, for events and negotiating positions.

``read_article(parsed, extractor)`` walks the sentences of a parsed article with one
``Discourse`` (the last subject, the actors named so far, the paragraph's time) and asks the
event and position readers for each sentence's records.
"""

from __future__ import annotations

import dataclasses

from diplowatch.extract.dateline import find_dateline
from diplowatch.extract.events import sentence_events, without_repeats
from diplowatch.extract.extractor import Extractor
from diplowatch.extract.positions import (
    merge_positions,
    sentence_mediations,
    sentence_positions,
    sentence_terms,
)
from diplowatch.extract.reference import (
    Context,
    Discourse,
    ParagraphTime,
    Sentence,
    last_subject,
    mentions_by_token,
    mentions_in,
    parties_listed,
    parties_named,
)
from diplowatch.extract.when import resolve_date_expression
from diplowatch.extract.where import resolve_place
from diplowatch.nlp import ParsedArticle
from diplowatch.plover import SYMMETRIC
from diplowatch.records import Article, Event, Position, Reading

# A dateline opens one of an article's first paragraphs (a headline may stand before it).
DATELINE_PARAGRAPHS = 2


def read_article(parsed: ParsedArticle, extractor: Extractor) -> Reading:
    """The events and positions of a parsed article."""
    article = parsed.article
    events: list[Event] = []
    positions: list[Position] = []
    index = 0
    # Relative dates ("on Tuesday") resolve against a publication day, never a month or a year.
    anchor = article.published if article.published_precision is None else None
    discourse = Discourse(ParagraphTime((), anchor))
    for number, doc in enumerate(parsed.docs):
        mentions = mentions_by_token(doc, extractor.gazetteer, article.published)
        dateline = find_dateline(doc.text) if number < DATELINE_PARAGRAPHS else None
        if dateline is not None:
            # The place a story was filed from is where the reporter was, not an actor.
            mentions = {i: m for i, m in mentions.items() if doc[m.start].idx >= dateline.end}
        opening, filed = 0, None
        if dateline is not None:
            opening = dateline.end
            filed_place = resolve_place(dateline.place.title(), extractor.places)
            discourse.filed_in = filed_place.country if filed_place is not None else None
            filed = resolve_date_expression(dateline.day, anchor) if dateline.day else None
            filed = filed if filed is not None and filed.start is not None else None
        context = Context(article, mentions, anchor, opening)
        discourse.time = ParagraphTime(tuple(doc.sents), anchor, opening, filed)
        stated: list[Position] = []
        for position, span in enumerate(discourse.time.sentences):
            sentence = Sentence(span, index, position)
            # Mediation is read once a sentence, for its events, its positions and the pair.
            mediations = sentence_mediations(sentence, context, discourse)
            terms = sentence_terms(sentence, context, discourse)
            found = sentence_events(sentence, context, extractor, discourse, mediations, terms)
            events.extend(found)
            discourse.acted.extend(
                side.actor.country
                for event in found
                for side in (event.target, event.source)
                if side is not None and side.actor is not None and side.actor.country
            )
            stated.extend(sentence_positions(sentence, context, discourse, None, mediations, terms))
            mediators = {i for m in mediations for i in range(m.mediator.start, m.mediator.end)}
            discourse.pair = parties_named(span, context, mediators) or discourse.pair
            discourse.listed = parties_listed(span, context, mediators) or discourse.listed
            discourse.previous = last_subject(span, context) or discourse.previous
            discourse.named.extend(mentions_in(span, context))
            index += 1
        positions.extend(merge_positions(stated))
    kept = without_repeats(events, SYMMETRIC)
    return Reading(article, kept, _placed(positions, events, article))


def _placed(positions: list[Position], events: list[Event], article: Article) -> list[Position]:
    """The positions with their place in time: their own date, else the date of the last
    dated event or position before them in the article (the narrative's time there), else
    its publication date."""
    dated = sorted(
        (record.sentence_index, record.date.start)
        for record in (*events, *positions)
        if record.date is not None and record.date.start is not None
    )
    placed = []
    for position in positions:
        if position.date is not None and position.date.start is not None:
            when = position.date.start
        else:
            earlier = [day for index, day in dated if index < position.sentence_index]
            when = earlier[-1] if earlier else article.published
        placed.append(dataclasses.replace(position, placed=when))
    return placed


def extract_events(parsed: ParsedArticle, extractor: Extractor) -> list[Event]:
    """The events of an article, in the order of their sentences."""
    return read_article(parsed, extractor).events

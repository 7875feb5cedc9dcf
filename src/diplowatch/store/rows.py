"""Records <-> database rows: the one place that knows how each record is laid out in the store."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from diplowatch.records import Actor, Article, DateMention, Event, Participant, Place, Position


def as_utc(value: datetime) -> datetime:
    """A stored time in UTC: SQLite gives back the UTC time it was given without its zone,
    PostgreSQL gives it in the session's zone."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def article_row(page_id: int, article: Article) -> dict[str, Any]:
    return {
        "page_id": page_id,
        "page": article.page,
        "url": article.url,
        "site": article.site,
        "title": article.title,
        "dek": article.dek,
        "section": article.section,
        "byline": article.byline,
        "published": article.published,
        "published_source": article.published_source,
        "language": article.language,
        "paragraphs": list(article.paragraphs),
        "captions": list(article.captions),
        "related": list(article.related),
        "teasers": list(article.teasers),
        "template": list(article.template),
    }


def article_from_row(row: Any) -> Article:
    return Article(
        page=row.page,
        url=row.url,
        site=row.site,
        title=row.title,
        dek=row.dek,
        section=row.section,
        byline=row.byline,
        published=row.published,
        published_source=row.published_source,
        language=row.language,
        paragraphs=tuple(row.paragraphs),
        captions=tuple(row.captions),
        related=tuple(row.related),
        teasers=tuple(row.teasers),
        template=tuple(row.template),
        page_hash=row.content_hash,
    )


def participant_json(value: Participant | None) -> dict[str, Any] | None:
    if value is None:
        return None
    actor = value.actor
    return {
        "text": value.text,
        "actor": None
        if actor is None
        else {
            "id": actor.id,
            "name": actor.name,
            "country": actor.country,
            "sector": actor.sector,
            "role": actor.role,
        },
    }


def participant_from_json(value: dict[str, Any] | None) -> Participant | None:
    if value is None:
        return None
    actor = value.get("actor")
    return Participant(value["text"], Actor(**actor) if actor else None)


def _country(value: Participant | None) -> str | None:
    return value.actor.country if value is not None and value.actor is not None else None


def _date_columns(mention: DateMention | None) -> dict[str, Any]:
    return {
        "date_start": mention.start if mention else None,
        "date_end": mention.end if mention else None,
        "date_precision": mention.precision if mention else None,
        "date_text": mention.text if mention else None,
    }


def _date_from(row: Any) -> DateMention | None:
    if row.date_text is None:
        return None
    return DateMention(row.date_text, row.date_start, row.date_end, row.date_precision)


def _actor_id(value: Participant | None) -> str | None:
    return value.actor.id if value is not None and value.actor is not None else None


def event_row(page_id: int, event: Event, day: date, seq: int) -> dict[str, Any]:
    """The row of an event standing at ``day`` with order key ``seq`` (``store.order``)."""
    mention, place = event.date, event.location
    return {
        "id": event.id,
        "page_id": page_id,
        "page": event.page,
        "url": event.url,
        "sentence_index": event.sentence_index,
        "sentence": event.sentence,
        "evidence": event.evidence,
        "source": participant_json(event.source),
        "target": participant_json(event.target),
        "source_country": _country(event.source),
        "target_country": _country(event.target),
        "type": event.type,
        "mode": event.mode,
        **_date_columns(mention),
        "location": None
        if place is None
        else {"name": place.name, "country": place.country, "lat": place.lat, "lon": place.lon},
        "attribution": event.attribution,
        "certainty": event.certainty,
        "negated": event.negated,
        "cameo": event.cameo,
        "goldstein": event.goldstein,
        "confidence": event.confidence,
        "day": day,
        "seq": seq,
        "source_actor": _actor_id(event.source),
        "target_actor": _actor_id(event.target),
        "place_country": place.country if place is not None else None,
        "place_name": place.name if place is not None else None,
    }


def actor_codes(event: Event) -> set[str]:
    """The codes (countries and actor ids) on either side of an event."""
    return {
        code
        for side in (event.source, event.target)
        if side is not None and side.actor is not None
        for code in (side.actor.country, side.actor.id)
        if code
    }


def event_from_row(row: Any) -> Event:
    return Event(
        id=row.id,
        page=row.page,
        url=row.url,
        sentence_index=row.sentence_index,
        sentence=row.sentence,
        evidence=row.evidence,
        source=participant_from_json(row.source),
        target=participant_from_json(row.target),
        type=row.type,
        mode=row.mode,
        date=_date_from(row),
        location=Place(**row.location) if row.location else None,
        attribution=row.attribution,
        certainty=row.certainty,
        negated=row.negated,
        cameo=row.cameo,
        goldstein=row.goldstein,
        confidence=row.confidence,
    )


def position_row(page_id: int, position: Position) -> dict[str, Any]:
    mention = position.date
    return {
        "id": position.id,
        "page_id": page_id,
        "page": position.page,
        "url": position.url,
        "sentence_index": position.sentence_index,
        "sentence": position.sentence,
        "evidence": position.evidence,
        "actor": participant_json(position.actor),
        "actor_country": _country(position.actor),
        "counterparts": [participant_json(side) for side in position.counterparts],
        "issue": position.issue,
        "stance": position.stance,
        "conditions": list(position.conditions),
        **_date_columns(mention),
        "placed": position.placed,
        "certainty": position.certainty,
    }


def position_from_row(row: Any) -> Position:
    actor = participant_from_json(row.actor)
    assert actor is not None  # a stored position always has its actor
    return Position(
        id=row.id,
        page=row.page,
        url=row.url,
        sentence_index=row.sentence_index,
        sentence=row.sentence,
        evidence=row.evidence,
        actor=actor,
        counterparts=tuple(p for side in row.counterparts if (p := participant_from_json(side))),
        issue=row.issue,
        stance=row.stance,
        conditions=tuple(row.conditions),
        date=_date_from(row),
        certainty=row.certainty,
        placed=row.placed,
    )

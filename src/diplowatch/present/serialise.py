"""The one JSON serialiser for records."""

from __future__ import annotations

import json
from typing import Any

from diplowatch.evaluation.events import ArticleScore, EventScore
from diplowatch.evaluation.positions import PositionScore, ShiftScore
from diplowatch.records import (
    Article,
    Event,
    Failure,
    Feed,
    Participant,
    Place,
    Position,
    Shift,
    Story,
)
from diplowatch.resolve.names import display_name


def feed_json(feed: Feed) -> dict[str, Any]:
    """A followed feed and how its last poll went."""
    return {
        "watch": feed.watch,
        "url": feed.url,
        "checked_at": feed.checked_at.isoformat() if feed.checked_at else None,
        "status": feed.status,
        "articles": feed.entries,
        "problem": feed.problem,
    }


def article_json(article: Article) -> dict[str, Any]:
    """An article as the ``clean`` command prints it: exactly these keys, in this order."""
    return {
        "page": article.page,
        "url": article.url,
        "site": article.site,
        "title": article.title,
        "dek": article.dek,
        "section": article.section,
        "byline": article.byline,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "paragraphs": list(article.paragraphs),
        "captions": list(article.captions),
        "related": list(article.related),
        "teasers": list(article.teasers),
    }


def _participant_json(participant: Participant | None) -> dict[str, Any] | None:
    if participant is None:
        return None
    actor = participant.actor
    return {
        "text": participant.text,
        "actor": actor.id if actor else None,
        "name": display_name(actor) if actor else None,
        "country": actor.country if actor else None,
        "sector": actor.sector if actor else None,
    }


def _place_json(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {"name": place.name, "country": place.country, "lat": place.lat, "lon": place.lon}


def event_json(event: Event) -> dict[str, Any]:
    """An event as ``extract`` prints it: exactly these keys, in this order. ``date`` is the
    first day of the period the words name (``date_text``), at ``date_precision``;
    ``confidence`` the judge's, to three places (null for events read by the rules alone)."""
    mention = event.date
    return {
        "id": event.id,
        "page": event.page,
        "url": event.url,
        "sentence": event.sentence,
        "evidence": event.evidence,
        "source": _participant_json(event.source),
        "target": _participant_json(event.target),
        "type": event.type,
        "mode": event.mode,
        "date": mention.start.isoformat() if mention and mention.start else None,
        "date_precision": mention.precision if mention else None,
        "date_text": mention.text if mention else None,
        "location": _place_json(event.location),
        "attribution": event.attribution,
        "certainty": event.certainty,
        "negated": event.negated,
        "cameo": event.cameo,
        "goldstein": event.goldstein,
        "confidence": None if event.confidence is None else round(event.confidence, 3),
    }


def scores_json(articles: ArticleScore, events: EventScore) -> dict[str, Any]:
    """Evaluation figures as plain numbers, for scripts and tests."""
    body = articles.body
    return {
        "articles": {
            "pages": articles.pages,
            "body_precision": body.precision,
            "body_recall": body.recall,
            "body_f1": body.f1,
            "fields_right": dict(articles.fields_right),
        },
        "events": {
            "precision": events.precision,
            "recall": events.recall,
            "f1": events.f1,
            "matched": len(events.matched),
            "missed": len(events.missed),
            "spurious": len(events.spurious),
            "duplicates": events.duplicates,
            "negated": events.negated,
            "date_accuracy": events.date_accuracy,
            "certainty_accuracy": events.certainty_accuracy,
            "by_type": {
                kind: {
                    "right": counts.right,
                    "spurious": counts.spurious,
                    "precision": counts.precision,
                    "found": counts.found,
                    "missed": counts.missed,
                    "recall": counts.recall,
                    "f1": counts.f1,
                }
                for kind, counts in sorted(events.by_type.items())
            },
            "confusion": [
                {"gold": gold, "predicted": predicted, "count": count}
                for (gold, predicted), count in sorted(events.confusion.items())
            ],
        },
    }


def position_json(position: Position) -> dict[str, Any]:
    """A position as the ``positions`` command prints it: exactly these keys, in this order.
    ``date`` is the first day of the period the words name; null where the sentence and its
    paragraph name none."""
    mention = position.date
    return {
        "id": position.id,
        "page": position.page,
        "url": position.url,
        "actor": _participant_json(position.actor),
        "counterparts": [_participant_json(side) for side in position.counterparts],
        "issue": position.issue,
        "stance": position.stance,
        "conditions": list(position.conditions),
        "date": mention.start.isoformat() if mention and mention.start else None,
        "date_precision": mention.precision if mention else None,
        "evidence": position.evidence,
        "sentence": position.sentence,
        "certainty": position.certainty,
    }


def shift_json(shift: Shift) -> dict[str, Any]:
    """A shift as ``positions --shifts`` prints it, with both positions in full."""
    mention = shift.date
    return {
        "actor": shift.actor,
        "counterpart": shift.counterpart,
        "issue": shift.issue,
        "from": shift.before.stance,
        "to": shift.after.stance,
        "date": mention.start.isoformat() if mention and mention.start else None,
        "from_position": position_json(shift.before),
        "to_position": position_json(shift.after),
    }


def positions_scores_json(positions: PositionScore, shifts: ShiftScore) -> dict[str, Any]:
    """Position and shift evaluation figures as plain numbers."""
    return {
        "positions": {
            "precision": positions.precision,
            "recall": positions.recall,
            "f1": positions.f1,
            "matched": len(positions.matched),
            "missed": len(positions.missed),
            "spurious": len(positions.spurious),
            "condition_recall": positions.condition_recall,
            "date_accuracy": positions.date_accuracy,
        },
        "shifts": {
            "found": len(shifts.found),
            "missed": len(shifts.missed),
            "spurious": len(shifts.spurious),
            "found_shifts": [shift_json(shift) for _gold, shift in shifts.found],
        },
    }


def story_json(story: Story) -> dict[str, Any]:
    """A story with every report: its event, outlet, publication date and copy link."""
    return {
        "id": story.id,
        "type": story.type,
        "source": _participant_json(story.source),
        "target": _participant_json(story.target),
        "date": story.date.isoformat() if story.date else None,
        "date_precision": story.date_precision,
        "first_reported": story.first_reported.isoformat() if story.first_reported else None,
        "latest_reported": story.latest_reported.isoformat() if story.latest_reported else None,
        "corroboration": story.corroboration,
        "sources": list(story.sources),
        "outlets": list(story.outlets),
        "urls": list(story.urls),
        "disagreements": [
            {"field": d.field, "values": [{"value": v, "outlets": list(o)} for v, o in d.values]}
            for d in story.disagreements
        ],
        "reports": [
            {
                "outlet": r.site,
                "published": r.published.isoformat() if r.published else None,
                "copy_of": r.copy_of,
                "event": event_json(r.event),
            }
            for r in story.reports
        ],
    }


def failure_json(failure: Failure) -> dict[str, str]:
    return {"source": failure.source, "problem": failure.problem}


def dumps_line(value: dict[str, Any]) -> str:
    """One JSON object on one line, non-ASCII kept readable."""
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

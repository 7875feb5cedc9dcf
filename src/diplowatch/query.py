"""The filters every way of reading the store shares (command line, notebooks, exports): a watch,
an actor's country, an event type, a certainty, and a period."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from diplowatch.records import Event, Participant, Place, Position, Shift, Story
from diplowatch.watches import Watch


def is_confident(event: Event, threshold: float | None) -> bool:
    """Whether an event reaches a confidence threshold (None: no threshold). An event without a
    confidence, read by the rules alone before the judge existed, is kept."""
    return threshold is None or event.confidence is None or event.confidence >= threshold


def confidence_order(confidence: float | None) -> tuple[bool, float]:
    """A sort key that puts the most confident first and those without a confidence last.

    >>> sorted([0.5, None, 0.9], key=confidence_order)
    [0.9, 0.5, None]
    """
    return (confidence is None, -(confidence or 0.0))


@dataclass(frozen=True, slots=True)
class Filters:
    """What to keep; None keeps everything. ``actor`` is a country or actor code on either side;
    ``place`` a place's name as read ("Kyiv") or a country code: events placed there, and
    stories one of whose reports is (positions and shifts have no place and ignore it);
    ``min_confidence`` keeps events that reach it (``is_confident``), and stories one of whose
    reports does."""

    watch: Watch | None = None
    actor: str | None = None
    type: str | None = None
    certainty: str | None = None
    since: date | None = None
    until: date | None = None
    min_confidence: float | None = None
    place: str | None = None

    def _at_place(self, place: Place | None) -> bool:
        if self.place is None:
            return True
        if place is None:
            return False
        # As the SQL: three capitals are a country's code, anything else a place's name.
        return self.place == (
            place.country if re.fullmatch(r"[A-Z]{3}", self.place) else place.name
        )

    def _in_period(self, day: date | None) -> bool:
        if self.since is None and self.until is None:
            return True
        if day is None:
            return False
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )

    def _has_actor(self, sides: Iterable[Participant | None]) -> bool:
        if self.actor is None:
            return True
        codes = {
            code
            for side in sides
            if side is not None and side.actor is not None
            for code in (side.actor.country, side.actor.id)
        }
        return self.actor in codes

    def events(self, events: Iterable[Event], published: dict[str, date | None]) -> Iterator[Event]:
        """Events kept; an undated event stands at its page's publication date."""
        for event in events:
            day = event.date.start if event.date and event.date.start else published.get(event.page)
            if (
                (self.type is None or event.type == self.type)
                and (self.certainty is None or event.certainty == self.certainty)
                and is_confident(event, self.min_confidence)
                and self._has_actor((event.source, event.target))
                and self._in_period(day)
                and self._at_place(event.location)
                and (self.watch is None or self.watch.follows_event(event))
            ):
                yield event

    def stories(self, stories: Iterable[Story]) -> Iterator[Story]:
        for story in stories:
            if (
                (self.type is None or story.type == self.type)
                and (
                    self.certainty is None
                    or any(r.event.certainty == self.certainty for r in story.reports)
                )
                and (
                    self.min_confidence is None
                    or any(is_confident(r.event, self.min_confidence) for r in story.reports)
                )
                and self._has_actor((story.source, story.target))
                and self._in_period(story.date or story.first_reported)
                and (
                    self.place is None
                    or any(self._at_place(r.event.location) for r in story.reports)
                )
                and (self.watch is None or self.watch.follows_story(story))
            ):
                yield story

    def positions(self, positions: Iterable[Position]) -> Iterator[Position]:
        for position in positions:
            if (
                (self.certainty is None or position.certainty == self.certainty)
                and self._has_actor((position.actor, *position.counterparts))
                and self._in_period(position.placed)
                and (self.watch is None or self.watch.follows_position(position))
            ):
                yield position

    def shifts(self, shifts: Iterable[Shift]) -> Iterator[Shift]:
        for shift in shifts:
            if (
                (self.actor is None or self.actor in (shift.actor, shift.counterpart))
                and self._in_period(shift.after.placed)
                and (self.watch is None or self.watch.follows_shift(shift))
            ):
                yield shift

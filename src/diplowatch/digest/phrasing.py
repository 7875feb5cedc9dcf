"""Stored records stated in words: who, what to whom, when, on whose word. Every phrase comes
from the record's own fields (the phrase tables say no more than the codes do)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from diplowatch.data import read_toml
from diplowatch.records import Participant, Position, Shift, Story
from diplowatch.resolve.names import SECTOR_WORDS, country_name

PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "him", "her", "them"})


@dataclass(frozen=True, slots=True)
class Phrases:
    type: dict[str, list[str]]
    mode: dict[str, list[str]]
    stance: dict[str, str]
    stance_gerund: dict[str, str]
    issue: dict[str, str]


@functools.lru_cache(maxsize=1)
def phrases() -> Phrases:
    table = read_toml("digest/phrases.toml")
    return Phrases(**{key: table[key] for key in Phrases.__slots__})


def name_of(side: Participant | None) -> str | None:
    """How the round-up names a side: a person or body by name, a state by its name, a part of
    a state as the state's ("Russia's military"); the words of the text where nothing resolved."""
    if side is None:
        return None
    actor = side.actor
    if actor is None:
        return None if side.text.casefold() in PRONOUNS else side.text
    if actor.role or actor.id.startswith("person:"):
        return actor.name
    if actor.sector is None or actor.id == actor.country:
        return country_name(actor.country) or actor.name
    country = country_name(actor.country)
    word = SECTOR_WORDS.get(actor.sector, actor.sector.lower())
    return f"{possessive(country)} {word}" if country else actor.name


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def when_phrase(day: date | None, precision: str | None) -> str | None:
    """ "On Tuesday, 6 August", "In the week of 5 August", "In August 2024"; None if undated."""
    if day is None:
        return None
    if precision == "day":
        return f"On {day:%A}, {day.day} {day:%B}"
    if precision == "week":
        return f"In the week of {day.day} {day:%B}"
    if precision == "month":
        return f"In {day:%B %Y}"
    if precision == "year":
        return f"In {day.year}"
    if precision == "reported":
        return reported_phrase(day)
    return None


def placed_phrase(day: date) -> str:
    """A day a record's article places it on, its words giving none: "Around Tuesday, 6 August
    (no date in the text)"."""
    return f"Around {day:%A}, {day.day} {day:%B} (no date in the text)"


def reported_phrase(day: date) -> str:
    """A date the text does not give, only its report: "Reported on Wednesday, 7 August"."""
    return f"Reported on {day:%A}, {day.day} {day:%B}"


def action_phrase(story: Story) -> str:
    """What the story's source did to its target, in words its type (and mode) license."""
    table = phrases()
    target = name_of(story.target)
    event = story.reports[0].event if story.reports else None
    forms = None
    if event is not None and event.mode:
        forms = table.mode.get(f"{story.type} {event.mode}")
    if forms is None:
        forms = table.type[story.type]
    with_target, alone = forms
    return with_target.format(target=target) if target else alone


def outlets_phrase(names: Sequence[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def story_sentence(story: Story) -> str:
    """One sentence: when, who did what to whom, where, on whose word."""
    source = name_of(story.source) or "An unnamed party"
    if story.date_precision == "reported":
        # dated by its report, not by the text: say so, with the day it was first reported
        day = story.first_reported or story.date
        when = reported_phrase(day) if day else None
    else:
        when = when_phrase(story.date, story.date_precision)
    negated = story.reports[0].event.negated if story.reports else False
    place = _place_of(story)
    where = f" in {place}" if place else ""
    clause = f"{source} {action_phrase(story)}{where}"
    opening = f"{when}, {clause}" if when else _first_upper(clause)
    denied = " (reported as not having happened)" if negated else ""
    return f"{opening}{denied}, according to {outlets_phrase(list(story.sources))}."


def _place_of(story: Story) -> str | None:
    """The place most reports name, unless it is a whole country (the sides already say so)."""
    names = [
        r.event.location.name
        for r in story.reports
        if r.event.location and r.event.location.name != country_name(r.event.location.country)
    ]
    return max(set(names), key=lambda n: (names.count(n), n)) if names else None


def position_sentence(position: Position) -> str:
    """When, who stood where on which issue with whom, on which conditions."""
    table = phrases()
    actor = name_of(position.actor) or position.actor.text
    counterparts = [name for side in position.counterparts if (name := name_of(side))]
    issue = table.issue.get(position.issue, position.issue)
    others = outlets_phrase(counterparts) if counterparts else "the other side"
    stance = table.stance[position.stance].format(issue=issue, counterparts=others)
    if position.date and position.date.start and position.date.precision != "reported":
        when = when_phrase(position.date.start, position.date.precision)
    else:
        # placed by its paragraph or its report, not dated by its own words: say so
        when = placed_phrase(position.placed) if position.placed else None
    text = f"{when}, {actor} {stance}" if when else f"{_first_upper(actor)} {stance}"
    if position.conditions:
        text += ": " + "; ".join(f"“{condition}”" for condition in position.conditions)
    return text + "."


def shift_sentence(shift: Shift) -> str:
    """How an actor's stance toward a counterpart changed, and between which dates."""
    table = phrases()
    actor = country_name(shift.actor) or shift.actor
    counterpart = country_name(shift.counterpart) or shift.counterpart
    issue = table.issue.get(shift.issue, shift.issue)
    before = table.stance_gerund[shift.before.stance]
    after = table.stance_gerund[shift.after.stance]
    since = shift.before.placed
    when = when_phrase(shift.after.placed, "day")
    moved = (
        f"{actor} moved from {before} {issue} with {counterpart}"
        + (f" (as of {since.day} {since:%B %Y})" if since else "")
        + f" to {after} {issue}"
    )
    return f"{when}, {moved}." if when else f"{moved}."

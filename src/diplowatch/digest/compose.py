"""The weekly round-up of a watch, composed from stored stories, positions and shifts.

Every item is a sentence built from one record's fields, its verbatim evidence, and a citation
for every address that reports it. Sections follow a diplomacy newsletter: what changed (shifts
in stated positions), talks and positions, mediation and third parties, pressure, and the ground
where it bears on diplomacy; then what is not happening (parties that held no talks).

Only events of at least the confidence threshold make items (``query.is_confident``): a story is
told by those of its reports alone, and left out, counted, when none of them reaches it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

from diplowatch.digest.phrasing import (
    country_name,
    position_sentence,
    shift_sentence,
    story_sentence,
)
from diplowatch.errors import WeekError
from diplowatch.linking.stories import Agencies, retell
from diplowatch.plover import SECTION
from diplowatch.query import confidence_order, is_confident
from diplowatch.records import Position, Shift, Story
from diplowatch.sites import site_of
from diplowatch.watches import Watch

SECTIONS = (
    ("talks", "Talks and positions"),
    ("mediation", "Mediation and third parties"),
    ("pressure", "Pressure: sanctions, ties, aid, weapons"),
    ("ground", "On the ground"),
)
_WEEK = re.compile(r"(\d{4})-W(\d{2})")


@dataclass(frozen=True, slots=True)
class Citation:
    outlet: str
    url: str | None
    page: str


@dataclass(frozen=True, slots=True)
class Item:
    """One line of the round-up: its sentence, the verbatim words it rests on, its sources."""

    kind: str
    text: str
    quote: str | None
    citations: tuple[Citation, ...]
    records: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    watch: str
    title: str
    week: str
    start: date
    end: date
    changed: tuple[Item, ...]
    sections: tuple[Section, ...]
    quiet: tuple[Item, ...]
    # How many stories and positions of the watch the week held (what the round-up rests on).
    stories: int
    positions: int
    # The confidence from which events make items, and the stories of the watch and week left
    # out because none of their reports reached it.
    min_confidence: float = 0.0
    left_out: int = 0

    @property
    def is_empty(self) -> bool:
        return not self.changed and not any(section.items for section in self.sections)

    @property
    def confidence_note(self) -> str | None:
        """What the confidence threshold left out, said plainly; None when it left out nothing."""
        if not self.left_out:
            return None
        stories = plural(self.left_out, "story", "stories")
        threshold = f"{self.min_confidence:g}"
        if not self.stories:
            return (
                f"No event this week reached the confidence threshold of {threshold}: "
                f"the round-up leaves out {stories} below it."
            )
        return f"The round-up leaves out {stories} below the confidence threshold of {threshold}."


def parse_week(text: str) -> tuple[date, date]:
    """Monday and Sunday of an ISO week ("2024-W32")."""
    match = _WEEK.fullmatch(text.strip())
    if match is None:
        raise WeekError(f"{text!r} is not an ISO week such as 2024-W32")
    try:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError as error:
        raise WeekError(f"{text!r}: {error}") from None
    return monday, monday + timedelta(days=6)


def week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def story_day(story: Story) -> date | None:
    """Where a story stands in time: its best date, else when it was first reported."""
    return story.date or story.first_reported


def compose(
    watch: Watch,
    week: str,
    stories: Iterable[Story],
    positions: Iterable[Position],
    shifts: Iterable[Shift],
    min_confidence: float = 0.0,
) -> Digest:
    """The round-up of ``watch`` for ``week`` from the given records (those outside the week
    or the watch are left out), its items made of the events of at least ``min_confidence``
    (0: every event)."""
    start, end = parse_week(week)

    def within(day: date | None) -> bool:
        return day is not None and start <= day <= end

    followed = [s for s in stories if within(story_day(s)) and watch.follows_story(s)]
    week_stories = confident_stories(followed, min_confidence)
    week_positions = [p for p in positions if within(p.placed) and watch.follows_position(p)]
    week_shifts = [s for s in shifts if within(s.after.placed) and watch.follows_shift(s)]
    changed = tuple(_shift_item(shift) for shift in sorted(week_shifts, key=_shift_order))
    items: dict[str, list[tuple[tuple, Item]]] = {key: [] for key, _ in SECTIONS}
    for story in week_stories:
        items[_section_of(story, watch)].append((_significance(story, start), _story_item(story)))
    for position in week_positions:
        section = "mediation" if _is_third_party(position, watch) else "talks"
        items[section].append((_position_significance(position), _position_item(position)))
    ordered = [
        [item for _, item in sorted(items[key], key=lambda pair: pair[0])] for key, _ in SECTIONS
    ]
    changed, *kept = once_per_sentence([list(changed), *ordered])
    sections = tuple(
        Section(key, title, tuple(found))
        for (key, title), found in zip(SECTIONS, kept, strict=True)
    )
    return Digest(
        watch=watch.name,
        title=watch.title,
        week=week,
        start=start,
        end=end,
        changed=changed,
        sections=sections,
        quiet=tuple(_quiet(watch, week_stories, len(week_stories))),
        stories=len(week_stories),
        positions=len(week_positions),
        min_confidence=min_confidence,
        left_out=len(followed) - len(week_stories),
    )


def once_per_sentence(groups: Sequence[Sequence[Item]]) -> list[tuple[Item, ...]]:
    """The items with each sentence quoted once: an item quoting a sentence an earlier item
    (in reading order) already quotes is one development with it, and joins it (its words,
    sources and records), so a statement read as an event and as a position is one item."""
    first: dict[str, tuple[int, int]] = {}
    found: list[list[Item]] = [[] for _ in groups]
    for group, items in enumerate(groups):
        for item in items:
            where = first.get(item.quote) if item.quote else None
            if where is None:
                if item.quote:
                    first[item.quote] = (group, len(found[group]))
                found[group].append(item)
                continue
            earlier = found[where[0]][where[1]]
            found[where[0]][where[1]] = _joined(earlier, item)
    return [tuple(items) for items in found]


def _joined(earlier: Item, later: Item) -> Item:
    text = earlier.text if later.text in earlier.text else f"{earlier.text} {later.text}"
    return Item(
        kind=earlier.kind,
        text=text,
        quote=earlier.quote,
        citations=tuple(dict.fromkeys((*earlier.citations, *later.citations))),
        records=tuple(dict.fromkeys((*earlier.records, *later.records))),
    )


def confident_stories(stories: Iterable[Story], min_confidence: float) -> list[Story]:
    """The stories as their reports of at least ``min_confidence`` tell them (``retell``); a
    story none of whose reports reaches it is left out."""
    agencies: Agencies | None = None
    found = []
    for story in stories:
        kept = [r for r in story.reports if is_confident(r.event, min_confidence)]
        if len(kept) == len(story.reports):
            found.append(story)
        elif kept:
            agencies = agencies or Agencies.load()
            found.append(retell(story, kept, agencies))
    return found


def story_confidence(story: Story) -> float | None:
    """The confidence of a story's best-judged report; None when the rules alone read them."""
    known = [r.event.confidence for r in story.reports if r.event.confidence is not None]
    return max(known, default=None)


def _section_of(story: Story, watch: Watch) -> str:
    section = SECTION.get(story.type, "talks")
    if section != "talks":
        return section
    sides = [side for side in (story.source, story.target) if side is not None and side.actor]
    third = any(side.actor.country not in watch.parties for side in sides if side.actor is not None)
    return "mediation" if third else "talks"


def _is_third_party(position: Position, watch: Watch) -> bool:
    actor = position.actor.actor
    return position.stance == "mediates" or (
        actor is not None and actor.country not in watch.parties
    )


def _significance(story: Story, week_start: date) -> tuple:
    """Most corroborated first, then the most intense, then the new before the continuing,
    then the earliest, then the most confident."""
    goldstein = max((abs(r.event.goldstein or 0.0) for r in story.reports), default=0.0)
    novel = story.first_reported is not None and story.first_reported >= week_start
    day = story_day(story) or date.max
    confidence = confidence_order(story_confidence(story))
    return (-story.corroboration, -goldstein, not novel, day, confidence, story.id)


def _position_significance(position: Position) -> tuple:
    placed = position.placed or date.max
    return (0, -len(position.conditions), False, placed, confidence_order(None), position.id)


def _shift_order(shift: Shift) -> tuple:
    return (shift.after.placed or date.max, shift.actor, shift.counterpart, shift.issue)


def _citations(pairs: Iterable[tuple[str | None, str | None, str]]) -> tuple[Citation, ...]:
    found: dict[tuple[str | None, str], Citation] = {}
    for outlet, url, page in pairs:
        key = (url, page)
        if key not in found:
            found[key] = Citation(outlet or site_of(url) or page, url, page)
    return tuple(found.values())


def _story_item(story: Story) -> Item:
    first = story.reports[0].event if story.reports else None
    text = story_sentence(story)
    notes = [_disagreement_text(d.field, d.values) for d in story.disagreements]
    if notes:
        text += " " + " ".join(notes)
    return Item(
        kind="story",
        text=text,
        quote=first.sentence if first else None,
        citations=_citations((r.site, r.event.url, r.event.page) for r in story.reports),
        records=(story.id, *(r.event.id for r in story.reports)),
    )


def _disagreement_text(field: str, values: Sequence[tuple[str, Sequence[str]]]) -> str:
    said = "; ".join(f"{value} ({', '.join(sites)})" for value, sites in values)
    return f"Outlets differ on the {field}: {said}."


def _position_item(position: Position) -> Item:
    return Item(
        kind="position",
        text=position_sentence(position),
        quote=position.sentence,
        citations=_citations([(None, position.url, position.page)]),
        records=(position.id,),
    )


def _shift_item(shift: Shift) -> Item:
    return Item(
        kind="shift",
        text=shift_sentence(shift),
        quote=shift.after.sentence,
        citations=_citations(
            [(None, shift.before.url, shift.before.page), (None, shift.after.url, shift.after.page)]
        ),
        records=(shift.before.id, shift.after.id),
    )


def _quiet(watch: Watch, stories: Sequence[Story], read: int) -> Iterable[Item]:
    """Parties with no talks reported in the week; pairs of parties that held talks, but not
    with each other."""
    talks = [s for s in stories if s.type == "CONSULT"]

    def sides(story: Story) -> set[str]:
        return {
            side.actor.country
            for side in (story.source, story.target)
            if side is not None and side.actor is not None and side.actor.country
        }

    talking = {party for party in watch.parties if any(party in sides(s) for s in talks)}
    for party in watch.parties:
        if party not in talking:
            name = country_name(party) or party
            text = (
                f"No talks involving {name} were reported this week "
                f"(none among the {plural(read, 'story', 'stories')} of this watch)."
            )
            yield Item("quiet", text, None, (), ())
    for one, other in combinations(watch.parties, 2):
        if {one, other} <= talking and not any({one, other} <= sides(s) for s in talks):
            names = f"{country_name(one) or one} and {country_name(other) or other}"
            yield Item("quiet", f"No talks between {names} were reported this week.", None, (), ())


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"

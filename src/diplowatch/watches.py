"""Watches: what a round-up follows, as a YAML file (name, title, parties, actors of interest,
places, keywords). Several ship with diplowatch; a user adds their own in a folder named by
``--watches`` or ``$DIPLOWATCH_WATCHES`` (theirs win over shipped ones of the same name).

A story, position or shift belongs to a watch when one of its sides is a party; when an actor of
interest acts toward a party, or its words name a place or keyword of the watch; or when it
happens at one of the watch's places.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from diplowatch.errors import WatchError
from diplowatch.records import Event, Participant, Position, Shift, Story


@dataclass(frozen=True, slots=True)
class Watch:
    name: str
    title: str
    parties: tuple[str, ...]
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    description: str = ""

    @property
    def _terms(self) -> re.Pattern[str] | None:
        return _terms_pattern((*self.places, *self.keywords))

    def _is_party(self, side: Participant | None) -> bool:
        return _code(side) in self.parties or _actor_id(side) in self.parties

    def _of_interest(self, side: Participant | None) -> bool:
        return _code(side) in self.actors or _actor_id(side) in self.actors

    def _at_place(self, name: str | None, country: str | None) -> bool:
        if country in self.parties:
            return True
        return bool(name) and name.casefold() in {p.casefold() for p in self.places}

    def _names_term(self, texts: Iterable[str]) -> bool:
        terms = self._terms
        return terms is not None and any(terms.search(text) for text in texts)

    def follows_event(self, event: Event) -> bool:
        return self._follows((event.source, event.target), (event,))

    def follows_story(self, story: Story) -> bool:
        return self._follows((story.source, story.target), [r.event for r in story.reports])

    def _follows(self, sides: Sequence[Participant | None], events: Sequence[Event]) -> bool:
        if any(self._is_party(side) for side in (*sides, *(e.source for e in events))):
            return True
        places = (event.location for event in events if event.location)
        if any(self._at_place(place.name, place.country) for place in places):
            return True
        return any(self._of_interest(side) for side in sides) and self._names_term(
            event.sentence for event in events
        )

    def follows_position(self, position: Position) -> bool:
        sides = (position.actor, *position.counterparts)
        if any(self._is_party(side) for side in sides):
            return True
        return self._of_interest(position.actor) and self._names_term((position.sentence,))

    def follows_shift(self, shift: Shift) -> bool:
        return shift.actor in self.parties or shift.counterpart in self.parties


@functools.lru_cache(maxsize=32)
def _terms_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """Any of the words, whole, in any case."""
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _code(side: Participant | None) -> str | None:
    return side.actor.country if side is not None and side.actor is not None else None


def _actor_id(side: Participant | None) -> str | None:
    return side.actor.id if side is not None and side.actor is not None else None


def _strings(value: object, field: str, source: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise WatchError(f"{source}: '{field}' must be a list of strings")
    return tuple(value)


def parse_watch(text: str, source: str) -> Watch:
    """A watch from its YAML text; ``source`` names the file in errors."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise WatchError(f"{source}: not valid YAML ({str(error).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise WatchError(f"{source}: a watch is a mapping with name, title and parties")
    name, title = data.get("name"), data.get("title")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise WatchError(f"{source}: 'name' must be lower-case letters, digits and hyphens")
    if not isinstance(title, str) or not title.strip():
        raise WatchError(f"{source}: 'title' is missing")
    parties = _strings(data.get("parties"), "parties", source)
    if not parties:
        raise WatchError(f"{source}: 'parties' must name at least one party")
    return Watch(
        name=name,
        title=title.strip(),
        parties=parties,
        actors=_strings(data.get("actors"), "actors", source),
        places=_strings(data.get("places"), "places", source),
        keywords=_strings(data.get("keywords"), "keywords", source),
        description=str(data.get("description") or "").strip(),
    )


def _shipped() -> Iterator[tuple[str, str]]:
    folder = resources.files("diplowatch.data").joinpath("watches")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            yield f"diplowatch/data/watches/{entry.name}", entry.read_text("utf-8")


def _user(folder: Path | None) -> Iterator[tuple[str, str]]:
    if folder is None:
        return
    if not folder.is_dir():
        raise WatchError(f"{folder}: no such folder of watches")
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        yield str(path), path.read_text("utf-8")


def load_watches(folder: Path | str | None = None) -> dict[str, Watch]:
    """The shipped watches and the user's, by name (the user's win)."""
    found: dict[str, Watch] = {}
    for source, text in [*_shipped(), *_user(Path(folder) if folder else None)]:
        watch = parse_watch(text, source)
        found[watch.name] = watch
    return found


def get_watch(name: str, folder: Path | str | None = None) -> Watch:
    """A watch by name, or by the path of its YAML file."""
    path = Path(name)
    if name.endswith((".yaml", ".yml")) and path.is_file():
        return parse_watch(path.read_text("utf-8"), str(path))
    watches = load_watches(folder)
    if name not in watches:
        known = ", ".join(sorted(watches))
        raise WatchError(f"no watch named {name!r} (known: {known})")
    return watches[name]

"""What every request of one application shares: its settings, the store, the watches, and
what is costly to build and changes only with the store (the basemap, the list of actors)."""

from __future__ import annotations

import difflib
import functools
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from diplowatch.config import nlp_settings
from diplowatch.digest import Digest, digest_for
from diplowatch.pipeline.ingesting import ingest
from diplowatch.pipeline.storing import IngestReport
from diplowatch.records import Page, Position, Shift
from diplowatch.resolve.names import actor_name, find_actor, find_place, looks_like_code
from diplowatch.store import Store
from diplowatch.store.actors import ActorSummary
from diplowatch.store.browse import Listing, reads_in_sql
from diplowatch.watches import Watch, load_watches
from diplowatch.web.basemap import Basemap
from diplowatch.web.settings import WebSettings

if TYPE_CHECKING:
    from diplowatch.extract.reader import EventReader
    from diplowatch.web.params import Browse


View = Literal["events", "stories"]


@dataclass(frozen=True, slots=True)
class ActorView:
    code: str
    summary: ActorSummary | None
    positions: list[Position]
    shifts: list[Shift]


@dataclass(frozen=True, slots=True)
class StoreFacts:
    """What the filters and pages resolve against, as of one version of the store."""

    version: Any
    actors: list[tuple[str, int]]
    names: list[tuple[str, str]]
    places: list[tuple[str, str | None]]


@dataclass
class WebContext:
    settings: WebSettings
    store: Store
    watches: dict[str, Watch]
    # What filters and pages resolve against, read once per version of the store.
    _known_now: StoreFacts | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ingesting: threading.Lock = field(default_factory=threading.Lock)
    _reader: EventReader | None = None

    @classmethod
    def open(cls, settings: WebSettings) -> WebContext:
        return cls(settings, Store(settings.db_url), load_watches(settings.watches))

    def close(self) -> None:
        self.store.close()

    @functools.cached_property
    def basemap(self) -> Basemap:
        return Basemap.load()

    def ingest(self, page: Page) -> IngestReport:
        """Clean, read and store one page; one at a time (the NLP pipeline loads on the first)."""
        with self._ingesting:
            if self._reader is None:
                # spaCy loads only when the server is first asked to write.
                from diplowatch.extract.reader import EventReader

                self._reader = EventReader.load(nlp_settings())
            return ingest(self.store, [page], reader=self._reader)

    def actor(self, code: str, since: date | None = None, until: date | None = None) -> ActorView:
        """An actor's summary, positions and shifts; 404 when the store has none of them."""
        summary = self.store.actor_summary(code, since, until)
        positions = self.store.positions(actor=code)
        if summary is None and not positions:
            raise HTTPException(404, f"no events or positions of {code!r}")
        return ActorView(code, summary, positions, self.store.shifts(actor=code))

    def digest(self, watch: Watch, week: str) -> Digest:
        """A watch's round-up of one week, of the events of at least the settings' confidence."""
        return digest_for(self.store, watch, week, min_confidence=self.settings.min_confidence)

    def digests(self, watches: Sequence[Watch], weeks: Sequence[str]) -> list[Digest]:
        """The round-ups of the watches for the weeks that have anything in them (or stories
        left out by the confidence threshold, which they say), watch by watch (positions and
        shifts read once for all)."""
        positions, shifts = self.store.positions(), self.store.shifts()
        threshold = self.settings.min_confidence
        found = (
            digest_for(self.store, watch, week, positions, shifts, threshold)
            for watch in watches
            for week in weeks
        )
        return [digest for digest in found if not digest.is_empty or digest.left_out]

    def listing(self, view: View, browse: Browse) -> Listing[Any]:
        """One page of events or stories as ``browse`` asks."""
        read = self.store.browse_events if view == "events" else self.store.browse_stories
        return read(browse.filters, browse.text, browse.cursor, browse.limit)

    async def bounded_listing(self, view: View, browse: Browse) -> Listing[Any]:
        """``listing``, on the event loop where the SQL alone filters it (a bounded read), else
        in a thread of the pool (a watch's check may read many rows for one page)."""
        if reads_in_sql(view, browse.filters):
            return self.listing(view, browse)
        return await run_in_threadpool(self.listing, view, browse)

    def watch(self, name: str | None) -> Watch | None:
        """The watch of this name, case and spaces aside ("Russia-Ukraine", "russia ukraine");
        else a 404 that names the nearest."""
        if not name:
            return None
        if name in self.watches:
            return self.watches[name]
        wanted = "-".join(name.casefold().replace("_", " ").split())
        if wanted in self.watches:
            return self.watches[wanted]
        close = difflib.get_close_matches(wanted, list(self.watches), n=3, cutoff=0.6)
        message = f"no watch named {name[:60]!r}"
        raise HTTPException(404, _did_you_mean(message, [(c, c) for c in close], shown=False))

    def actors(self) -> list[tuple[str, int]]:
        """The actors with the most events, counted once per version of the store."""
        return self._known().actors

    def actor_names(self) -> list[tuple[str, str]]:
        """The store's actors (the most events first) with their display names, named once
        per version of the store."""
        return self._known().names

    def places(self) -> list[tuple[str, str | None]]:
        """The places the store's events happened at (name, country), the most events first,
        read once per version of the store."""
        return self._known().places

    def _known(self) -> StoreFacts:
        """The actors, their names and the places, for the store's version: one version
        check a request, however many of them a page shows."""
        version = self.store.version()
        with self._lock:
            if self._known_now is None or self._known_now.version != version:
                known = self.store.known_actors()
                self._known_now = StoreFacts(
                    version,
                    known,
                    [(code, actor_name(code)) for code, _count in known],
                    [(name, country) for name, country, _n in self.store.known_places()],
                )
            return self._known_now

    def actor_code(self, text: str | None) -> str | None:
        """The actor code an actor field's words name: the store's actor whose code, name or
        known spelling they are ("UKR", "ukraine", "Zelensky"), else a code as it is (one
        with no events yet: "XKX", "person:..."); else a 422 that names the nearest."""
        if not text:
            return None
        codes = [code for code, _count in self.actors()]
        if text in codes:
            return text
        found = find_actor(text, codes)
        if found.code is not None:
            return found.code
        if looks_like_code(text):
            return text  # a code the store holds no event of yet: an empty listing
        message = f"actor: no actor named {text[:60]!r}"
        raise HTTPException(422, _did_you_mean(message, found.suggestions, shown=True))

    def place_of(self, text: str | None) -> str | None:
        """The place a place field's words name: a country's code ("UKR" for "Ukraine" or
        "ukr"), or a place's name as the store holds it ("Kyiv" for "kyiv": among the places
        of the most events, else looked up in the store); else a 422 that names the nearest."""
        if not text or not text.strip():
            return None
        found = find_place(text, self.places())
        if found.place is not None:
            return found.place
        named = self.store.place_named(" ".join(text.split()))
        if named is not None:
            return named
        message = f"place: no place named {text[:60]!r}"
        raise HTTPException(422, _did_you_mean(message, found.suggestions, shown=False))


def _did_you_mean(message: str, suggestions: Sequence[tuple[str, str]], shown: bool) -> str:
    if not suggestions:
        return message
    near = ", ".join(f"{name} ({code})" if shown else name for code, name in suggestions)
    return f"{message}; did you mean {near}?"


def context_in(request: Request) -> WebContext:
    context: WebContext = request.app.state.context
    return context


async def context_of(request: Request) -> WebContext:
    """The dependency of every route: ``async``, so that it costs no trip to a thread."""
    return context_in(request)

"""The records every stage shares: plain, frozen values that pickle, compare and serialise.

A page travels ``Page -> Article -> ...``; each stage takes records and returns new ones and never
reaches back into an earlier stage.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

# text: a raw scraped page; html: markup; body: text that is the article's body as it stands.
PageKind = Literal["text", "html", "body"]

# Where an article's publication date came from, best first (``dates.publication_date``);
# "page": a metadata line at the top of the saved page ("date 2024-08-07").
DateSource = Literal["metadata", "page", "url", "html", "body"]


@dataclass(frozen=True, slots=True)
class Page:
    """One page as it was read: its decoded content and what is known about it.

    ``name`` is how the user refers to the page: a file's name, a JSONL record's ``id``, or the URL.
    """

    name: str
    content: str
    kind: PageKind
    url: str | None = None
    published: date | None = None
    title: str | None = None
    fetched_at: datetime | None = None
    origin: str = ""
    encoding: str = "utf-8"
    # "month" or "year" when the metadata gives only that much ("2023-02"); None: a day.
    published_precision: DatePrecision | None = None
    # A JSONL record's text: what the user wants read, a page or only a sentence.
    record: bool = False

    @property
    def content_hash(self) -> str:
        """SHA-256 of the decoded content: the page's identity in the store."""
        return hashlib.sha256(self.content.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """A page reduced to its article, with every other line of the page kept by its role.

    Each non-blank line of a raw text page lands in exactly one of ``title``, ``dek``, ``section``,
    ``byline``, ``paragraphs``, ``captions``, ``related``, ``teasers`` and ``template`` (the page's
    furniture: navigation, sharing prompts, the rest of teaser blocks, footers).
    """

    page: str
    url: str | None
    site: str | None
    title: str | None
    dek: str | None
    section: str | None
    byline: str | None
    published: date | None
    published_source: DateSource | None
    language: str | None
    paragraphs: tuple[str, ...]
    captions: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    teasers: tuple[str, ...] = ()
    template: tuple[str, ...] = field(default=(), compare=False)
    page_hash: str = ""
    # "month" or "year" when only that much of the publication date is known (``published`` is
    # then its first day); None: a day. Not kept in the store.
    published_precision: DatePrecision | None = field(default=None, compare=False)

    @property
    def text(self) -> str:
        """The body as one string, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    def placed_lines(self) -> tuple[str, ...]:
        """Every page line the article holds, whatever its role: for a raw text page, exactly
        the page's non-blank lines (whitespace-normalised), each once."""
        single = (self.title, self.dek, self.section, self.byline)
        return (
            *(value for value in single if value is not None),
            *self.paragraphs,
            *self.captions,
            *self.related,
            *self.teasers,
            *self.template,
        )


@dataclass(frozen=True, slots=True)
class SiteProfile:
    """How many pages of one site carry each line: what recurs is the site's template.

    ``line_pages`` counts distinct pages (by URL, or by name where a page has none) that carry a
    line; a page counts its own lines, so a line recurs when it is on at least one other page.
    """

    site: str
    pages: int = 0
    line_pages: Mapping[str, int] = field(default_factory=dict, hash=False)

    def recurs(self, line: str) -> bool:
        """True when the line is also on another page of the site."""
        return self.line_pages.get(line, 0) >= 2


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be read or cleaned, and why: the rest of a batch goes on."""

    source: str
    problem: str

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"


# Sectors follow CAMEO's role codes (GOV, MIL, REB, OPP, BUS, MED, CVL, IGO, NGO, ...).
Certainty = Literal["asserted", "reported", "alleged", "unverified"]
# "reported": the text names no date; the period is the days before the report's publication.
DatePrecision = Literal["day", "week", "month", "year", "reported"]


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor as of a date: a state, a part of one, an organisation or a person.

    ``country`` is ISO 3166-1 alpha-3, or an IGO/NGO code (NATO, UN, EU, IAEA) for bodies that
    belong to no one state; ``sector`` a CAMEO role code (GOV, MIL, REB, ...); ``role`` a
    person's office ("President", "Foreign Minister") when known.
    """

    id: str
    name: str
    country: str | None
    sector: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A place an event happened, resolved to its country and coordinates where known."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression of a sentence and the period it names, resolved against the
    publication date: "on November 8" is one day, "this week" the days of the publication's week
    up to publication, "in mid-October" October 11-20, "in May" the month.

    ``start`` and ``end`` are inclusive; both None when the words are relative and there is no
    publication date to resolve them against (the mention says so rather than guess).
    """

    text: str
    start: date | None
    end: date | None
    precision: DatePrecision | None

    @property
    def resolved(self) -> bool:
        return self.start is not None


@dataclass(frozen=True, slots=True)
class Participant:
    """An event's source or target: the words of the mention and the actor they resolve to."""

    text: str
    actor: Actor | None


@dataclass(frozen=True, slots=True)
class Event:
    """One event a sentence reports, PLOVER-coded, with its evidence.

    ``evidence`` is a verbatim span of ``sentence``; ``sentence_index`` counts the article's
    sentences from 0 over its paragraphs in order.
    """

    id: str
    page: str
    url: str | None
    sentence_index: int
    sentence: str
    evidence: str
    source: Participant | None
    target: Participant | None
    type: str
    mode: str | None
    date: DateMention | None
    location: Place | None
    attribution: str | None
    certainty: Certainty
    negated: bool
    cameo: str | None
    goldstein: float | None
    # The judge's estimate (0-1) that the event is right: its type, source and target; None
    # for events read by the rules alone.
    confidence: float | None = None


Stance = Literal["refuses", "conditional", "open", "urges", "mediates"]


@dataclass(frozen=True, slots=True)
class Position:
    """Where an actor stands on talks (or another ``issue``) with its counterparts, as one
    sentence (or a sentence and the one after that completes it) states it.

    ``conditions`` are phrases as the text states them; ``evidence`` is a verbatim span of
    ``sentence``; ``sentence_index`` counts the article's sentences as for events.
    """

    id: str
    page: str
    url: str | None
    sentence_index: int
    sentence: str
    evidence: str
    actor: Participant
    counterparts: tuple[Participant, ...]
    issue: str
    stance: Stance
    conditions: tuple[str, ...]
    date: DateMention | None
    certainty: Certainty
    # Where the ledger places the position in time: its date's first day; for a position that
    # names no date, the latest date its article named before it, else the publication date.
    placed: date | None = None


@dataclass(frozen=True, slots=True)
class Shift:
    """An actor's stance toward a counterpart on an issue changing between two consecutive
    positions of its ledger; ``date`` is the later position's."""

    actor: str
    counterpart: str
    issue: str
    before: Position
    after: Position

    @property
    def date(self) -> DateMention | None:
        return self.after.date


@dataclass(frozen=True, slots=True)
class Report:
    """One outlet's report of an event: the event as one article states it, with where and
    when the article appeared. ``copy_of`` names the page this one is a syndicated copy of (its
    words nearly the same) and ``copy_of_site`` that page's site, so that a wire story on twelve
    sites counts once."""

    event: Event
    site: str | None
    published: date | None
    copy_of: str | None = None
    copy_of_site: str | None = None


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Reports of one story that differ on one point (``field``: date, source, target or type):
    each value as the reports give it, with the outlets that give it."""

    field: str
    values: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class Story:
    """One real event as several articles report it.

    ``date`` is the best-supported one (the day most independent sources give); ``sources``
    counts independent sources (a syndicated copy adds its address, not a source; a report
    that names the agency it repeats counts as that agency).
    """

    id: str
    type: str
    source: Participant | None
    target: Participant | None
    date: date | None
    date_precision: DatePrecision | None
    first_reported: date | None
    latest_reported: date | None
    reports: tuple[Report, ...]
    outlets: tuple[str, ...]
    sources: tuple[str, ...]
    disagreements: tuple[Disagreement, ...] = ()

    @property
    def corroboration(self) -> int:
        """How many independent sources report the story."""
        return len(self.sources)

    @property
    def urls(self) -> tuple[str, ...]:
        """Every address that reports the story, copies included, in report order, each once."""
        return tuple(dict.fromkeys(r.event.url for r in self.reports if r.event.url))


@dataclass(frozen=True, slots=True)
class Reading:
    """What an article says: its events and its negotiating positions, in sentence order."""

    article: Article
    events: list[Event]
    positions: list[Position]


FeedStatus = Literal["new", "ok", "not-modified", "failed"]


@dataclass(frozen=True, slots=True)
class Feed:
    """A watch's RSS/Atom feed followed, and how its last poll went."""

    id: int
    watch: str
    url: str
    etag: str | None
    last_modified: str | None
    checked_at: datetime | None
    status: FeedStatus
    problem: str | None
    entries: int

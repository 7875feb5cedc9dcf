"""Stories: the reports of one real event by many outlets, gathered into one record.

Reports are blocked by what must agree (the kind of event, the two actors' countries, whether
it is denied) and, within a block, taken in time order: a report joins the open story of its
block that it shares most words or a place with, among those dated within a few days of it, or
opens a new one. A second pass joins stories of one block that are reported in the same days in
nearly the same words but dated apart: one outlet's wrong date. The work is linear in the number
of reports: each is compared with a bounded number of open stories of its own block.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from diplowatch.data import read_toml
from diplowatch.plover import SYMMETRIC, story_group
from diplowatch.records import Disagreement, Participant, Report, Story

_WORD = re.compile(r"[^\W\d_]{2,}")
_BROAD = frozenset({"month", "year"})

BlockKey = tuple[str, str, str, bool]


@dataclass(frozen=True, slots=True)
class StorySettings:
    """How close reports must be to be one story."""

    # Reports of one event are dated within this many days of each other.
    window_days: int = 3
    # Share of a report's content words that its story must hold (a place in common counts
    # ``place_weight`` more).
    min_overlap: float = 0.3
    place_weight: float = 0.15
    # Stories of a block dated apart are one when reported within the window in words this alike.
    wrong_date_overlap: float = 0.6
    # The open stories a report is compared with, the latest first: a bound that keeps the work
    # linear where one pair of actors makes hundreds of reports a day.
    max_open: int = 64


SETTINGS = StorySettings()


@dataclass(frozen=True, slots=True)
class Agencies:
    """News agencies and outlets by the names reports attribute to them and by their sites."""

    by_name: dict[str, str]
    by_site: dict[str, str]

    @classmethod
    def load(cls) -> Agencies:
        table = read_toml("stories/agencies.toml")
        by_name: dict[str, str] = {}
        by_site: dict[str, str] = {}
        for key, entry in table["agency"].items():
            for name in (entry["name"], *entry.get("aliases", ())):
                by_name[_name_key(name)] = entry["name"]
            for site in entry.get("sites", ()):
                by_site[site] = entry["name"]
            by_name.setdefault(_name_key(key), entry["name"])
        return cls(by_name, by_site)

    def named_in(self, attribution: str | None) -> str | None:
        """The agency an attribution names ("Reuters", "the Associated Press"), if any."""
        if not attribution:
            return None
        words = _name_key(attribution)
        if words in self.by_name:
            return self.by_name[words]
        return next((name for key, name in self.by_name.items() if _has_phrase(words, key)), None)

    def of_site(self, site: str | None) -> str | None:
        return self.by_site.get(site.removeprefix("www.")) if site else None


def _name_key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold().removeprefix("the ")))


def _has_phrase(words: str, phrase: str) -> bool:
    return f" {phrase} " in f" {words} "


def source_of(report: Report, agencies: Agencies) -> str:
    """The independent source behind a report: the agency it repeats when it names one, else
    its outlet (an agency's own site counts as the agency)."""
    named = agencies.named_in(report.event.attribution)
    if named:
        return named
    return agencies.of_site(report.site) or report.site or report.event.page


def sources_of(reports: Sequence[Report], agencies: Agencies) -> list[str]:
    """Each report's independent source; the copies of one text (a page and its syndicated
    copies) are one source, named the same whichever copy was stored first: an agency among
    their sites, else the site of the earliest published (then the first by name)."""
    text_of = {r.event.page: r.copy_of or r.event.page for r in reports}
    members: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        members[text_of[report.event.page]].append(report)
    named: dict[str, str] = {}
    for text, copies in members.items():
        sites = sorted(copies, key=lambda r: (r.published or date.max, r.site or ""))
        agency = next((a for r in sites if (a := agencies.of_site(r.site))), None)
        named[text] = agency or sites[0].site or text
    found = []
    for report in reports:
        attributed = agencies.named_in(report.event.attribution)
        found.append(attributed or named[text_of[report.event.page]])
    return found


def block_key(report: Report) -> BlockKey:
    """What reports of one event must share: kind, both sides' countries, denied or not."""
    event = report.event
    kind = story_group(event.type)
    one, other = _country(event.source), _country(event.target)
    if kind in SYMMETRIC and other < one:
        one, other = other, one
    return kind, one, other, event.negated


def block_label(key: BlockKey) -> str:
    """The block key as one string (stored with each event)."""
    kind, one, other, negated = key
    return f"{kind}|{one}|{other}|{'neg' if negated else 'pos'}"


def _country(participant: Participant | None) -> str:
    actor = participant.actor if participant else None
    return (actor.country if actor else None) or "-"


# --- one report's time and words ---------------------------------------------------------


def period(report: Report) -> tuple[date, date, str] | None:
    """When a report dates its event (first and last day, precision); its publication date
    where it names none; None where neither is known."""
    mention = report.event.date
    if mention is not None and mention.start is not None and mention.end is not None:
        return mention.start, mention.end, mention.precision or "day"
    if report.published is not None:
        return report.published, report.published, "published"
    return None


def content_words(report: Report) -> frozenset[str]:
    """The report's sentence as a set of content words (no stop words, no numbers)."""
    # Imported here: the commands that link stories need not import spaCy for its word list.
    from spacy.lang.en.stop_words import STOP_WORDS

    words = _WORD.findall(report.event.sentence.casefold())
    return frozenset(word for word in words if word not in STOP_WORDS)


def _place(report: Report) -> str | None:
    location = report.event.location
    if location is None:
        return None
    return location.name.casefold()


# --- clustering --------------------------------------------------------------------------


@dataclass(slots=True)
class _Cluster:
    reports: list[Report]
    words: set[str]
    places: set[str]
    # The days the cluster's precisely dated reports cover (None until one is dated so).
    start: date
    end: date
    published_first: date | None
    published_last: date | None
    order: int = 0
    merged_into: _Cluster | None = field(default=None, repr=False)

    def add(self, report: Report, words: frozenset[str], when: tuple[date, date, str]) -> None:
        self.reports.append(report)
        self.words |= words
        place = _place(report)
        if place:
            self.places.add(place)
        start, end, precision = when
        if precision not in _BROAD:
            self.start, self.end = min(self.start, start), max(self.end, end)
        self._published(report.published)

    def _published(self, published: date | None) -> None:
        if published is None:
            return
        if self.published_first is None or published < self.published_first:
            self.published_first = published
        if self.published_last is None or published > self.published_last:
            self.published_last = published

    def absorb(self, other: _Cluster) -> None:
        self.reports.extend(other.reports)
        self.words |= other.words
        self.places |= other.places
        self.start, self.end = min(self.start, other.start), max(self.end, other.end)
        self._published(other.published_first)
        self._published(other.published_last)
        other.merged_into = self


def _overlap(words: frozenset[str], cluster: _Cluster, place: str | None, weight: float) -> float:
    shared = len(words & cluster.words) / len(words) if words else 0.0
    return shared + (weight if place and place in cluster.places else 0.0)


def _cluster_block(reports: Sequence[Report], settings: StorySettings) -> list[_Cluster]:
    """Pass one: time order, each report into the best open story dated near it, or a new one."""
    window = timedelta(days=settings.window_days)
    timed = []
    for report in reports:
        when = period(report)
        if when is not None:
            timed.append((when, report))
    timed.sort(key=lambda item: (item[0][0], _report_order(item[1])))
    clusters: list[_Cluster] = []
    open_: list[_Cluster] = []
    for when, report in timed:
        start, end, _precision = when
        open_ = [c for c in open_ if c.end + window >= start]
        words = content_words(report)
        place = _place(report)
        best, best_score = None, settings.min_overlap
        for cluster in reversed(open_[-settings.max_open :]):
            if end + window < cluster.start:
                continue
            score = _overlap(words, cluster, place, settings.place_weight)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = cluster, score
        if best is None:
            best = _Cluster([], set(), set(), start, end, None, None, order=len(clusters))
            clusters.append(best)
            open_.append(best)
        best.add(report, words, when)
    return clusters


def _join_wrong_dates(clusters: list[_Cluster], settings: StorySettings) -> list[_Cluster]:
    """Pass two: stories of a block published in the same days in nearly the same words are
    one, whatever dates their reports give (one outlet got the date wrong)."""
    window = timedelta(days=settings.window_days)
    published = [c for c in clusters if c.published_first is not None]
    published.sort(key=lambda c: (c.published_first, c.order))
    open_: list[_Cluster] = []
    for cluster in published:
        first = cluster.published_first
        assert first is not None
        open_ = [c for c in open_ if c.published_last and c.published_last + window >= first]
        for other in reversed(open_[-settings.max_open :]):
            if other.merged_into is None and _alike(cluster, other, settings):
                root = _root(other)
                root.absorb(cluster)
                break
        else:
            open_.append(cluster)
    return [c for c in clusters if c.merged_into is None]


def _root(cluster: _Cluster) -> _Cluster:
    while cluster.merged_into is not None:
        cluster = cluster.merged_into
    return cluster


def _alike(one: _Cluster, other: _Cluster, settings: StorySettings) -> bool:
    smaller = min(len(one.words), len(other.words))
    if not smaller:
        return False
    return len(one.words & other.words) / smaller >= settings.wrong_date_overlap


def _report_order(report: Report) -> tuple[date, str, str, int]:
    event = report.event
    return (report.published or date.max, report.site or "", event.page, event.sentence_index)


def blocks(reports: Iterable[Report]) -> dict[BlockKey, list[Report]]:
    """Reports by block key."""
    found: dict[BlockKey, list[Report]] = defaultdict(list)
    for report in reports:
        found[block_key(report)].append(report)
    return found


def build_stories(
    reports: Iterable[Report],
    settings: StorySettings = SETTINGS,
    agencies: Agencies | None = None,
) -> list[Story]:
    """The stories the reports tell, in time order (each report in exactly one story)."""
    agencies = agencies or Agencies.load()
    stories = [
        _story(cluster.reports, agencies)
        for _key, members in sorted(blocks(reports).items())
        for cluster in _join_wrong_dates(_cluster_block(members, settings), settings)
    ]
    return sorted(stories, key=story_order)


def story_order(story: Story) -> tuple[date, str]:
    return (story.date or story.first_reported or date.max, story.id)


# --- a story from its reports ------------------------------------------------------------


def _story(members: Sequence[Report], agencies: Agencies) -> Story:
    reports = tuple(sorted(members, key=_report_order))
    sources = sources_of(reports, agencies)
    best, precision = best_date(reports, sources)
    published = sorted(r.published for r in reports if r.published is not None)
    return Story(
        id=_story_id(reports),
        type=Counter(r.event.type for r in reports).most_common(1)[0][0],
        source=_most_reported(r.event.source for r in reports),
        target=_most_reported(r.event.target for r in reports),
        date=best,
        date_precision=precision,
        first_reported=published[0] if published else None,
        latest_reported=published[-1] if published else None,
        reports=reports,
        outlets=tuple(dict.fromkeys(r.site or r.event.page for r in reports)),
        sources=tuple(dict.fromkeys(sources)),
        disagreements=tuple(_disagreements(reports)),
    )


def retell(story: Story, reports: Sequence[Report], agencies: Agencies) -> Story:
    """The story as some of its reports tell it, under its own id: its date, sides, outlets,
    sources and disagreements from those reports alone."""
    return replace(_story(reports, agencies), id=story.id)


def _story_id(reports: Sequence[Report]) -> str:
    """Stable while the story's earliest report stays its earliest."""
    earliest = min(reports, key=lambda r: ((period(r) or (date.max,))[0], _report_order(r)))
    return "s" + hashlib.blake2b(earliest.event.id.encode(), digest_size=8).hexdigest()


def best_date(reports: Sequence[Report], sources: Sequence[str]) -> tuple[date | None, str | None]:
    """The day most independent sources give (ties: the earliest); else the most given period
    of a coarser precision; else none."""
    days: dict[date, set[str]] = defaultdict(set)
    periods: dict[tuple[date, str], set[str]] = defaultdict(set)
    for report, source in zip(reports, sources, strict=True):
        mention = report.event.date
        if mention is None or mention.start is None or mention.precision is None:
            continue
        if mention.precision == "day":
            days[mention.start].add(source)
        else:
            periods[(mention.start, mention.precision)].add(source)
    if days:
        return min(days, key=lambda day: (-len(days[day]), day)), "day"
    if periods:
        start, precision = min(periods, key=lambda key: (-len(periods[key]), key))
        return start, precision
    return None, None


def _most_reported(participants: Iterable[Participant | None]) -> Participant | None:
    """The participant most reports name (by actor), the first such one as written."""
    known = [p for p in participants if p is not None and p.actor is not None]
    if not known:
        return None
    counts = Counter(p.actor.id for p in known if p.actor)
    top = max(counts.values())
    return next(p for p in known if p.actor and counts[p.actor.id] == top)


def _disagreements(reports: Sequence[Report]) -> Iterator[Disagreement]:
    """Where outlets differ: the day they date it, who did it, to whom, what it was. Sides are
    compared by country and sector (a president and his government agree); for events whose
    sides are interchangeable, as the pair."""
    dated = [
        (r.event.date.start.isoformat(), r)
        for r in reports
        if r.event.date and r.event.date.start and r.event.date.precision == "day"
    ]
    yield from _differ("date", dated)
    if any(r.event.type in SYMMETRIC for r in reports):
        yield from _differ("actors", [(_pair_label(r), r) for r in reports])
    else:
        yield from _differ("source", [(_side_label(r.event.source), r) for r in reports])
        yield from _differ("target", [(_side_label(r.event.target), r) for r in reports])
    yield from _differ("type", [(r.event.type, r) for r in reports])


def _differ(name: str, values: Sequence[tuple[str | None, Report]]) -> Iterator[Disagreement]:
    """A disagreement when outlets give different values: one outlet that says two things is
    not a dispute between outlets."""
    outlets: dict[str, list[str]] = {}
    for value, report in values:
        if value is None:
            continue
        outlet = report.site or report.event.page
        found = outlets.setdefault(value, [])
        if outlet not in found:
            found.append(outlet)
    if len(outlets) < 2:
        return
    giving = [set(sites) for sites in outlets.values()]
    if all(sites == giving[0] for sites in giving):
        return
    ordered = sorted(outlets.items(), key=lambda item: (-len(item[1]), item[0]))
    yield Disagreement(name, tuple((value, tuple(sites)) for value, sites in ordered))


def _side_label(participant: Participant | None) -> str | None:
    """A side as country and sector ("RUSMIL"); None where it is not resolved."""
    if participant is None or participant.actor is None:
        return None
    actor = participant.actor
    return f"{actor.country or '-'}{actor.sector or ''}"


def _pair_label(report: Report) -> str | None:
    sides = [_side_label(report.event.source), _side_label(report.event.target)]
    if None in sides:
        return None
    return " / ".join(sorted(side for side in sides if side))

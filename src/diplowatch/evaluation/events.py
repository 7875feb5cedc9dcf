"""Scoring against a gold set in the format of ``tests/fixtures/gold/README.md``.

Articles are scored on their body (paragraphs kept, nothing else kept) and their fields; events
by the gold set's own rule: a prediction matches a gold event when it is on the same page, its
sentence contains the gold evidence, its source country matches, its type is one of the
acceptable types and its target one of the acceptable targets (either way round for symmetric
events). Precision counts the predictions that match no gold event (those matching only optional
ones are left out); recall counts the required gold events no prediction matches. Negated
predictions ("did not agree") say an event did not happen: gold events are occurrences, so
negated predictions are left out of the score and counted apart.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from diplowatch.clean.lines import normalise_whitespace
from diplowatch.errors import InputError
from diplowatch.evaluation.figures import f1_of, share
from diplowatch.evaluation.positions import (
    GoldPosition,
    GoldShift,
    gold_position,
    gold_shift,
    period_of,
)
from diplowatch.records import Article, Event

T = TypeVar("T")

ARTICLE_FIELDS = ("title", "dek", "section", "captions", "related", "teasers")


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, false positives and false negatives, with the figures they give."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        return share(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        return share(self.true_positives, self.true_positives + self.false_negatives)

    @property
    def f1(self) -> float:
        return f1_of(self.precision, self.recall)


@dataclass(frozen=True, slots=True)
class TypeCounts:
    """One type's figures, whose precision and recall count different things: predictions
    (right, spurious) and required gold events (found, missed)."""

    right: int = 0
    spurious: int = 0
    found: int = 0
    missed: int = 0

    @property
    def precision(self) -> float:
        return share(self.right, self.right + self.spurious)

    @property
    def recall(self) -> float:
        return share(self.found, self.found + self.missed)

    @property
    def f1(self) -> float:
        return f1_of(self.precision, self.recall)


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One event mention of a gold set (see the gold README for each field)."""

    page: str
    evidence: str
    source: str | None
    targets: tuple[str | None, ...]
    types: tuple[str, ...]
    period: tuple[date, date] | None
    location: str | None
    certainty: str
    required: bool
    symmetric: bool


@dataclass(frozen=True, slots=True)
class GoldSet:
    """A gold set's articles (as their JSON records) and events."""

    articles: tuple[dict[str, Any], ...]
    events: tuple[GoldEvent, ...]
    positions: tuple[GoldPosition, ...] = ()
    shifts: tuple[GoldShift, ...] = ()

    @property
    def pages(self) -> tuple[str, ...]:
        return tuple(record["page"] for record in self.articles)


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    records = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise InputError(f"{path}:{number}", f"invalid JSON ({error.msg})") from None
    return records


def _gold_event(record: dict[str, Any], where: str) -> GoldEvent:
    try:
        period = record.get("date")
        return GoldEvent(
            page=record["page"],
            evidence=normalise_whitespace(record["evidence"]),
            source=record.get("source"),
            targets=tuple(record.get("target") or (None,)),
            types=tuple(record["type"]),
            period=period_of(period) if period else None,
            location=record.get("location"),
            certainty=record.get("certainty", "asserted"),
            required=bool(record.get("required", True)),
            symmetric=bool(record.get("symmetric", False)),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(where, f"not a gold event ({error!r})") from None


def load_gold(folder: Path) -> GoldSet:
    """Read ``articles.jsonl``, ``events.jsonl``, ``positions.jsonl`` and ``shifts.jsonl`` of
    a gold folder (any may be absent)."""
    if not folder.is_dir():
        raise InputError(str(folder), "no such gold folder")
    articles = _read_jsonl(folder / "articles.jsonl")
    events_path = folder / "events.jsonl"
    events = tuple(
        _gold_event(record, f"{events_path}:{number}")
        for number, record in enumerate(_read_jsonl(events_path), 1)
    )
    positions = tuple(
        _gold_record(gold_position, record, f"{folder / 'positions.jsonl'}:{number}")
        for number, record in enumerate(_read_jsonl(folder / "positions.jsonl"), 1)
    )
    shifts = tuple(
        _gold_record(gold_shift, record, f"{folder / 'shifts.jsonl'}:{number}")
        for number, record in enumerate(_read_jsonl(folder / "shifts.jsonl"), 1)
    )
    if not articles and not events and not positions:
        raise InputError(str(folder), "no articles.jsonl, events.jsonl or positions.jsonl there")
    return GoldSet(tuple(articles), events, positions, shifts)


def _gold_record(read: Callable[[dict[str, Any]], T], record: dict[str, Any], where: str) -> T:
    try:
        return read(record)
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(where, f"not a gold record ({error!r})") from None


@dataclass(frozen=True, slots=True)
class ArticleScore:
    """Body paragraphs (kept vs nothing else kept) and exact-field agreement over pages."""

    body: Counts
    fields_right: Mapping[str, int]
    pages: int
    missing_pages: tuple[str, ...]


def _normalised(values: Iterable[str]) -> Counter[str]:
    return Counter(normalise_whitespace(value) for value in values)


def _field_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [normalise_whitespace(item) for item in value]
    return normalise_whitespace(value) if isinstance(value, str) else value


def score_articles(gold: GoldSet, predicted: Mapping[str, Article]) -> ArticleScore:
    """Score cleaned articles (by page name) against the gold articles."""
    true_positives = false_positives = false_negatives = 0
    right: Counter[str] = Counter()
    missing: list[str] = []
    for record in gold.articles:
        article = predicted.get(record["page"])
        wanted = _normalised(record.get("paragraphs", ()))
        if article is None:
            missing.append(record["page"])
            false_negatives += sum(wanted.values())
            continue
        kept = _normalised(article.paragraphs)
        true_positives += sum((kept & wanted).values())
        false_positives += sum((kept - wanted).values())
        false_negatives += sum((wanted - kept).values())
        for name in ARTICLE_FIELDS:
            if name in record and _field_value(getattr(article, name)) == _field_value(
                record[name]
            ):
                right[name] += 1
    return ArticleScore(
        body=Counts(true_positives, false_positives, false_negatives),
        fields_right=dict(right),
        pages=len(gold.articles),
        missing_pages=tuple(missing),
    )


def _country(participant: Any) -> str | None:
    if participant is None or participant.actor is None:
        return None
    return participant.actor.country


def event_matches(gold: GoldEvent, event: Event) -> bool:
    """The gold set's matching rule (see the module's docstring)."""
    if event.page != gold.page or event.type not in gold.types:
        return False
    if gold.evidence not in normalise_whitespace(event.sentence):
        return False
    source, target = _country(event.source), _country(event.target)
    if source == gold.source and target in gold.targets:
        return True
    return gold.symmetric and target == gold.source and source in gold.targets


def date_is_right(gold: GoldEvent, event: Event) -> bool:
    """The predicted period lies within the gold range (for a gold event that has one)."""
    if gold.period is None:
        raise ValueError("the gold event has no date")
    mention = event.date
    if mention is None or mention.start is None or mention.end is None:
        return False
    return gold.period[0] <= mention.start and mention.end <= gold.period[1]


@dataclass(frozen=True, slots=True)
class EventScore:
    """Event precision, recall and F1 and, over matched gold events, date and certainty accuracy.

    Precision and recall count different things: predictions (right: matching a required gold
    event; spurious: matching none) and required gold events (found or missed).
    """

    right: int
    spurious: tuple[Event, ...]
    matched: tuple[tuple[GoldEvent, Event], ...]
    missed: tuple[GoldEvent, ...]
    duplicates: int
    negated: int = 0
    dated: Counts = field(default_factory=Counts)
    certain: Counts = field(default_factory=Counts)
    # Per PLOVER type: predictions of the type right or spurious (precision), and required gold
    # events of the type (first listed) found or missed (recall).
    by_type: Mapping[str, TypeCounts] = field(default_factory=dict)
    # (gold type, predicted type) -> count, over predictions and required gold events with the
    # same page, sentence and sides; "none" where one of the two has no counterpart.
    confusion: Mapping[tuple[str, str], int] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return share(self.right, self.right + len(self.spurious))

    @property
    def recall(self) -> float:
        found = sum(1 for gold, _event in self.matched if gold.required)
        return share(found, found + len(self.missed))

    @property
    def f1(self) -> float:
        return f1_of(self.precision, self.recall)

    @property
    def date_accuracy(self) -> float:
        return self.dated.precision

    @property
    def certainty_accuracy(self) -> float:
        return self.certain.precision


def score_events(gold: GoldSet, predicted: Sequence[Event]) -> EventScore:
    """Score extracted events against the gold events of the same pages.

    A gold event matched by several predictions counts once; the extra predictions are
    reported as ``duplicates`` (the gold rule does not count them against precision).
    """
    pages = set(gold.pages) | {event.page for event in gold.events}
    on_pages = [event for event in predicted if event.page in pages]
    predicted = [event for event in on_pages if not event.negated]
    matches = [[g for g in gold.events if event_matches(g, event)] for event in predicted]
    first_match: dict[GoldEvent, Event] = {}
    duplicates = 0
    for event, found in zip(predicted, matches, strict=True):
        for g in found:
            if g in first_match:
                duplicates += 1
            else:
                first_match[g] = event
    matched = tuple((g, first_match[g]) for g in gold.events if g in first_match)
    dated = [date_is_right(g, event) for g, event in matched if g.period is not None]
    certain = [event.certainty == g.certainty for g, event in matched]
    by_type, confusion = _type_figures(gold, predicted, matches, first_match)
    return EventScore(
        right=sum(any(g.required for g in found) for found in matches),
        spurious=tuple(e for e, found in zip(predicted, matches, strict=True) if not found),
        matched=matched,
        missed=tuple(g for g in gold.events if g.required and g not in first_match),
        duplicates=duplicates,
        negated=len(on_pages) - len(predicted),
        dated=Counts(sum(dated), len(dated) - sum(dated)),
        certain=Counts(sum(certain), len(certain) - sum(certain)),
        by_type=by_type,
        confusion=confusion,
    )


NO_TYPE = "none"


def sides_match(gold: GoldEvent, event: Event) -> bool:
    """The gold rule without the type: same page, evidence in the sentence, same sides."""
    if event.page != gold.page or gold.evidence not in normalise_whitespace(event.sentence):
        return False
    source, target = _country(event.source), _country(event.target)
    if source == gold.source and target in gold.targets:
        return True
    return gold.symmetric and target == gold.source and source in gold.targets


def _type_figures(
    gold: GoldSet,
    predicted: Sequence[Event],
    matches: Sequence[Sequence[GoldEvent]],
    first_match: Mapping[GoldEvent, Event],
) -> tuple[dict[str, TypeCounts], dict[tuple[str, str], int]]:
    """Per-type counts and the confusion of predicted against gold types."""
    right: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    for event, found in zip(predicted, matches, strict=True):
        if any(g.required for g in found):
            right[event.type] += 1
        elif not found:
            spurious[event.type] += 1
    found_types: Counter[str] = Counter()
    missed_types: Counter[str] = Counter()
    for g in gold.events:
        if g.required:
            (found_types if g in first_match else missed_types)[g.types[0]] += 1
    kinds = sorted(set(right) | set(spurious) | set(found_types) | set(missed_types))
    by_type = {
        kind: TypeCounts(right[kind], spurious[kind], found_types[kind], missed_types[kind])
        for kind in kinds
    }
    confusion: Counter[tuple[str, str]] = Counter()
    required = [g for g in gold.events if g.required]
    aligned: set[GoldEvent] = set()
    for event, found in zip(predicted, matches, strict=True):
        if found:
            if any(g.required for g in found):
                g = next(g for g in found if g.required)
                confusion[(event.type, event.type)] += 1
                aligned.add(g)
            continue
        partners = [g for g in required if sides_match(g, event)]
        if partners:
            confusion[(partners[0].types[0], event.type)] += 1
            aligned.add(partners[0])
        else:
            confusion[(NO_TYPE, event.type)] += 1
    for g in required:
        if g not in aligned and g not in first_match:
            confusion[(g.types[0], NO_TYPE)] += 1
    return by_type, dict(confusion)

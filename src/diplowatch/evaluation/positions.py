"""Scoring positions and shifts against a gold set (``positions.jsonl``, ``shifts.jsonl``).

A predicted position matches a gold one when it is on the same page, its sentence contains the
gold evidence, its actor's country and its stance are the gold ones, and every counterpart it
names is among the gold's acceptable counterparts. Conditions are scored over matched
positions: a gold condition is found when a predicted one shares most of its content words
(at least half of the gold condition's and of the prediction's). A predicted shift matches a
gold one with the same actor, counterpart, stances before and after, and date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from diplowatch.clean.lines import normalise_whitespace
from diplowatch.dates import parse_date_value
from diplowatch.evaluation.figures import f1_of, share
from diplowatch.records import Position, Shift

# Words that carry no content of a condition.
STOPWORDS = frozenset(
    "a an the of for to in on at by with and or that this it its is are be will not all every "
    "any from as than their his her".split()
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class GoldPosition:
    """One position of a gold set (see the gold README)."""

    page: str
    actor: str
    counterparts: tuple[str, ...]
    stance: str
    period: tuple[date, date] | None
    evidence: str
    conditions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GoldShift:
    page: str | None
    actor: str
    counterpart: str
    before: str
    after: str
    date: date | None


def period_of(value: Sequence[str]) -> tuple[date, date]:
    """A gold ``[earliest, latest]`` date range."""
    start, end = (parse_date_value(part) for part in value)
    if start is None or end is None:
        raise ValueError(f"incomplete date range {value!r}")
    return start, end


def gold_position(record: dict[str, Any]) -> GoldPosition:
    counterparts = record["counterpart"]
    period = record.get("date")
    return GoldPosition(
        page=record["page"],
        actor=record["actor"],
        counterparts=tuple([counterparts] if isinstance(counterparts, str) else counterparts),
        stance=record["stance"],
        period=period_of(period) if period else None,
        evidence=normalise_whitespace(record["evidence"]),
        conditions=tuple(record.get("conditions") or ()),
    )


def gold_shift(record: dict[str, Any]) -> GoldShift:
    return GoldShift(
        page=record.get("page"),
        actor=record["actor"],
        counterpart=record["counterpart"],
        before=record["from"],
        after=record["to"],
        date=parse_date_value(record["date"]) if record.get("date") else None,
    )


def _country(participant: Any) -> str | None:
    return participant.actor.country if participant and participant.actor else None


def position_matches(gold: GoldPosition, position: Position) -> bool:
    if position.page != gold.page or position.stance != gold.stance:
        return False
    if _country(position.actor) != gold.actor:
        return False
    if gold.evidence not in normalise_whitespace(position.sentence):
        return False
    sides = [_country(side) for side in position.counterparts]
    return bool(sides) and all(side in gold.counterparts for side in sides)


def _content(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if w not in STOPWORDS}


def condition_matches(gold: str, predicted: str) -> bool:
    """Whether a predicted condition shares most of a gold condition's content words."""
    wanted, found = _content(gold), _content(predicted)
    if not wanted or not found:
        return False
    shared = len(wanted & found)
    return shared * 2 >= len(wanted) and shared * 2 >= len(found)


@dataclass(frozen=True, slots=True)
class PositionScore:
    """Position precision, recall and F1; condition recall and date accuracy over matches."""

    matched: tuple[tuple[GoldPosition, Position], ...]
    spurious: tuple[Position, ...]
    missed: tuple[GoldPosition, ...]
    conditions_found: int
    conditions_wanted: int
    dated_right: int
    dated: int

    @property
    def precision(self) -> float:
        return share(len(self.matched), len(self.matched) + len(self.spurious))

    @property
    def recall(self) -> float:
        return share(len(self.matched), len(self.matched) + len(self.missed))

    @property
    def f1(self) -> float:
        return f1_of(self.precision, self.recall)

    @property
    def condition_recall(self) -> float:
        wanted = self.conditions_wanted
        return self.conditions_found / wanted if wanted else 1.0

    @property
    def date_accuracy(self) -> float:
        return self.dated_right / self.dated if self.dated else 0.0


def _date_right(gold: GoldPosition, position: Position) -> bool:
    mention = position.date
    if gold.period is None or mention is None or mention.start is None or mention.end is None:
        return False
    return gold.period[0] <= mention.start and mention.end <= gold.period[1]


def score_positions(
    gold: Sequence[GoldPosition], pages: set[str], predicted: Sequence[Position]
) -> PositionScore:
    """Score the positions predicted on the gold set's pages; each gold position is matched
    by at most one prediction, and a prediction matches at most one gold position."""
    on_pages = [p for p in predicted if p.page in pages]
    taken: set[int] = set()
    matched: list[tuple[GoldPosition, Position]] = []
    for g in gold:
        index = next(
            (i for i, p in enumerate(on_pages) if i not in taken and position_matches(g, p)),
            None,
        )
        if index is not None:
            taken.add(index)
            matched.append((g, on_pages[index]))
    found = sum(
        any(condition_matches(c, p) for p in position.conditions)
        for g, position in matched
        for c in g.conditions
    )
    dated = [(g, p) for g, p in matched if g.period is not None]
    return PositionScore(
        matched=tuple(matched),
        spurious=tuple(p for i, p in enumerate(on_pages) if i not in taken),
        missed=tuple(g for g in gold if all(g is not m for m, _ in matched)),
        conditions_found=found,
        conditions_wanted=sum(len(g.conditions) for g, _ in matched),
        dated_right=sum(_date_right(g, p) for g, p in dated),
        dated=len(dated),
    )


@dataclass(frozen=True, slots=True)
class ShiftScore:
    found: tuple[tuple[GoldShift, Shift], ...]
    missed: tuple[GoldShift, ...]
    spurious: tuple[Shift, ...]


def shift_matches(gold: GoldShift, shift: Shift) -> bool:
    when = shift.date.start if shift.date else None
    return (shift.actor, shift.counterpart, shift.before.stance, shift.after.stance) == (
        gold.actor,
        gold.counterpart,
        gold.before,
        gold.after,
    ) and when == gold.date


def score_shifts(gold: Sequence[GoldShift], predicted: Sequence[Shift]) -> ShiftScore:
    found = []
    used: set[int] = set()
    for g in gold:
        index = next(
            (i for i, s in enumerate(predicted) if i not in used and shift_matches(g, s)), None
        )
        if index is not None:
            used.add(index)
            found.append((g, predicted[index]))
    return ShiftScore(
        found=tuple(found),
        missed=tuple(g for g in gold if all(g is not f for f, _ in found)),
        spurious=tuple(s for i, s in enumerate(predicted) if i not in used),
    )

"""A whole reading scored against a gold set at once: its articles, events, positions and
shifts (what ``diplowatch eval`` prints)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from diplowatch.evaluation.events import (
    ArticleScore,
    EventScore,
    GoldSet,
    score_articles,
    score_events,
)
from diplowatch.evaluation.positions import (
    PositionScore,
    ShiftScore,
    score_positions,
    score_shifts,
)
from diplowatch.linking.ledger import shifts
from diplowatch.records import Article, Event, Position


@dataclass(frozen=True, slots=True)
class Scores:
    articles: ArticleScore
    events: EventScore
    positions: PositionScore
    shifts: ShiftScore


def score_reading(
    gold: GoldSet,
    articles: Sequence[Article],
    events: Sequence[Event],
    positions: Sequence[Position],
) -> Scores:
    """The articles by page, the events, the positions on the gold's pages, and the shifts
    the positions make, each against its gold."""
    on_pages = set(gold.pages) | {position.page for position in gold.positions}
    return Scores(
        score_articles(gold, {article.page: article for article in articles}),
        score_events(gold, events),
        score_positions(gold.positions, on_pages, positions),
        score_shifts(gold.shifts, shifts(positions)),
    )

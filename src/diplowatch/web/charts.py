"""Charts as SVG geometry, computed here and drawn by the templates (no script needed):
an actor's weekly cooperation–conflict bars and its stance timeline per counterpart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from diplowatch.plover import QUAD_NAMES
from diplowatch.records import Position, Shift
from diplowatch.store.actors import Trend, Week

STANCE_ORDER = ("refuses", "conditional", "open", "urges", "mediates")


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    quad: int
    label: str


@dataclass(frozen=True, slots=True)
class WeeklyChart:
    """Cooperation stacked up from the middle line, conflict down from it, one column a week."""

    width: int
    height: int
    middle: float
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    peak: int


def weekly_chart(
    weeks: Sequence[Week], period: str = "week", width: int = 720, height: int = 240
) -> WeeklyChart:
    """Bars of each period's events by quad class, cooperation up and conflict down."""
    middle = height / 2
    peak = max([max(w.quads[1] + w.quads[2], w.quads[3] + w.quads[4]) for w in weeks] + [1])
    scale = (middle - 12) / peak
    step = width / max(len(weeks), 1)
    bars: list[Bar] = []
    ticks: list[tuple[float, str]] = []
    for index, week in enumerate(weeks):
        x = index * step + step * 0.15
        up = down = middle
        for quad in (1, 2):
            size = week.quads[quad] * scale
            if size:
                up -= size
                bars.append(Bar(x, up, step * 0.7, size, quad, _label(week, quad, period)))
        for quad in (3, 4):
            size = week.quads[quad] * scale
            if size:
                bars.append(Bar(x, down, step * 0.7, size, quad, _label(week, quad, period)))
                down += size
        if index % max(1, len(weeks) // 6) == 0:
            ticks.append((x, week.start.strftime("%d %b %Y" if period == "week" else "%b %Y")))
    return WeeklyChart(width, height, middle, bars, ticks, peak)


def _label(week: Week, quad: int, period: str) -> str:
    when = f"Week of {week.start:%d %b %Y}" if period == "week" else f"{week.start:%B %Y}"
    return (
        f"{when}: {week.quads[quad]} {QUAD_NAMES[quad]}; "
        f"score {week.goldstein:+.1f} over {week.total} events"
    )


@dataclass(frozen=True, slots=True)
class Mark:
    x: float
    stance: str
    label: str
    shift: bool
    position: Position


@dataclass(frozen=True, slots=True)
class Lane:
    counterpart: str
    issue: str
    y: float
    marks: list[Mark]
    conditions: list[str]


@dataclass(frozen=True, slots=True)
class StanceTimeline:
    width: int
    height: int
    lanes: list[Lane]
    first: date | None
    last: date | None


def stance_timeline(
    code: str,
    positions: Sequence[Position],
    shifts: Sequence[Shift],
    width: int = 720,
    lane_height: int = 36,
) -> StanceTimeline:
    """One lane per counterpart and issue, each position a mark at its place in time; marks
    where the stance changed are flagged as shifts."""
    shifted = {shift.after.id for shift in shifts if shift.actor == code}
    lanes: dict[tuple[str, str], list[Position]] = {}
    for position in positions:
        if position.placed is None:
            continue
        others = [
            side.actor.country or side.actor.id
            for side in position.counterparts
            if side.actor is not None
        ] or ["(unnamed)"]
        for other in others:
            lanes.setdefault((other, position.issue), []).append(position)
    days = [p.placed for group in lanes.values() for p in group if p.placed]
    if not days:
        return StanceTimeline(width, 0, [], None, None)
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    left, right = 150, width - 20
    built = []
    for index, ((other, issue), group) in enumerate(sorted(lanes.items())):
        marks = [
            Mark(
                x=left + (right - left) * ((p.placed - first).days / span) if p.placed else left,
                stance=p.stance,
                label=f"{p.placed}: {p.stance} — {p.evidence}",
                shift=p.id in shifted,
                position=p,
            )
            for p in sorted(group, key=lambda p: (p.placed or first, p.id))
        ]
        conditions = sorted({c for p in group for c in p.conditions})
        built.append(Lane(other, issue, 24 + index * lane_height, marks, conditions))
    return StanceTimeline(width, 24 + len(built) * lane_height, built, first, last)


@dataclass(frozen=True, slots=True)
class TrendLine:
    """One counterpart's monthly mean score as a line: points (x, y) on a small chart whose
    middle is a score of 0 (top +10, bottom -10)."""

    counterpart: str
    points: str
    verdict: str
    latest: float
    months: int


def trend_lines(
    trends: Sequence[Trend], since: date, until: date, width: int = 180, height: int = 40
) -> list[TrendLine]:
    """Each trend on one scale of months from ``since`` to ``until``."""
    first = since.year * 12 + since.month - 1
    span = max(1, until.year * 12 + until.month - 1 - first)
    lines = []
    for trend in trends:
        points = " ".join(
            f"{(month.year * 12 + month.month - 1 - first) * width / span:.1f},"
            f"{height / 2 - score * (height / 2 - 2) / 10:.1f}"
            for month, score, _count in trend.months
        )
        latest = trend.months[-1][1] if trend.months else 0.0
        lines.append(TrendLine(trend.counterpart, points, trend.verdict, latest, len(trend.months)))
    return lines

"""Rich renderings of positions: a table of positions, the ledger as a timeline of each actor's
stances toward each counterpart, with its shifts marked, and the evaluation of positions."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from diplowatch.evaluation.positions import PositionScore, ShiftScore
from diplowatch.linking.ledger import ledgers
from diplowatch.records import Participant, Position, Shift

STANCE_STYLES = {
    "refuses": "bold red",
    "conditional": "yellow",
    "open": "green",
    "urges": "cyan",
    "mediates": "magenta",
}


def _side(participant: Participant) -> str:
    actor = participant.actor
    if actor is None or actor.country is None:
        return participant.text
    return f"{participant.text} ({actor.country})"


def _when(position: Position) -> str:
    mention = position.date
    if mention is None:
        placed = position.placed.isoformat() if position.placed else "?"
        return f"undated (about {placed})"
    start = mention.start.isoformat() if mention.start else "?"
    return f"{start} ({mention.text})"


def _stance(position: Position) -> Text:
    return Text(position.stance, style=STANCE_STYLES.get(position.stance, ""))


def positions_table(positions: Sequence[Position], title: str | None = None) -> Table:
    """Positions in a table: actor, stance, counterparts, conditions, date, evidence."""
    table = Table(title=title or f"{len(positions)} positions", title_justify="left", expand=True)
    table.add_column("actor", ratio=2, overflow="ellipsis")
    table.add_column("stance", ratio=1, min_width=11)
    table.add_column("toward", ratio=2, overflow="ellipsis")
    table.add_column("conditions", ratio=3, overflow="ellipsis")
    table.add_column("date", ratio=2, overflow="ellipsis")
    table.add_column("evidence", ratio=4, overflow="ellipsis")
    for position in positions:
        table.add_row(
            _side(position.actor),
            _stance(position),
            ", ".join(_side(side) for side in position.counterparts),
            "; ".join(position.conditions) or "-",
            _when(position),
            Text(position.evidence, style="italic"),
        )
    return table


def ledger_view(positions: Sequence[Position], shifts: Sequence[Shift]) -> RenderableType:
    """Each ledger (actor -> counterpart, issue) as a timeline; a shift is marked where the
    stance changes."""
    changed = {(s.after.id, s.actor, s.counterpart, s.issue) for s in shifts}
    parts: list[RenderableType] = []
    for (actor, counterpart, issue), items in ledgers(positions).items():
        table = Table(
            title=f"{actor} -> {counterpart} on {issue}", title_justify="left", expand=True
        )
        table.add_column("when", ratio=2, overflow="ellipsis")
        table.add_column("stance", ratio=2, min_width=11)
        table.add_column("conditions", ratio=3, overflow="ellipsis")
        table.add_column("evidence", ratio=4, overflow="ellipsis")
        table.add_column("page", ratio=2, overflow="ellipsis")
        previous: Position | None = None
        for position in items:
            stance = _stance(position)
            if (position.id, actor, counterpart, issue) in changed and previous is not None:
                stance = Text.assemble(
                    ("shift ", "bold"), (previous.stance, ""), " -> ", _stance(position)
                )
            table.add_row(
                _when(position),
                stance,
                "; ".join(position.conditions) or "-",
                Text(position.evidence, style="italic"),
                position.page,
            )
            previous = position
        parts.append(table)
    if not parts:
        return Text("no positions")
    return Group(*parts)


def position_report(positions: PositionScore, shifts: ShiftScore) -> RenderableType:
    """The position scores, then the gold positions missed and the predictions matching none."""
    notes = Table.grid(padding=(0, 2))
    notes.add_row(
        "positions",
        f"P {positions.precision:.3f}  R {positions.recall:.3f}  F1 {positions.f1:.3f} "
        f"({len(positions.matched)} matched)",
    )
    notes.add_row(
        "condition recall",
        f"{positions.condition_recall:.3f} "
        f"({positions.conditions_found}/{positions.conditions_wanted} over matches)",
    )
    notes.add_row(
        "position date accuracy",
        f"{positions.date_accuracy:.3f} ({positions.dated_right}/{positions.dated} dated)",
    )
    notes.add_row(
        "shifts",
        f"{len(shifts.found)} found, {len(shifts.missed)} missed, "
        f"{len(shifts.spurious)} not in the gold set",
    )
    missed = Table(title=f"{len(positions.missed)} gold positions missed", title_justify="left")
    for column in ("page", "actor", "stance", "toward", "evidence"):
        missed.add_column(column, overflow="ellipsis")
    for gold in positions.missed:
        missed.add_row(
            gold.page, gold.actor, gold.stance, "/".join(gold.counterparts), gold.evidence
        )
    spurious = positions_table(
        positions.spurious, title=f"{len(positions.spurious)} positions matching no gold"
    )
    return Group(notes, missed, spurious)

"""The ledger of positions: per actor, counterpart and issue, the dated sequence of stances,
and a ``Shift`` wherever the stance changes between consecutive positions.

Positions from any number of pages, arriving in any order, make the same ledger: they are
ordered by where they stand in time (``Position.placed``), then by page and sentence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from itertools import pairwise

from diplowatch.records import Position, Shift

LedgerKey = tuple[str, str, str]


def _country(position: Position) -> str | None:
    actor = position.actor.actor
    return actor.country if actor else None


def ledger_keys(position: Position) -> list[LedgerKey]:
    """The ledgers a position belongs to: one per counterpart country."""
    actor = _country(position)
    if actor is None:
        return []
    keys = []
    for side in position.counterparts:
        if side.actor is not None and side.actor.country is not None:
            keys.append((actor, side.actor.country, position.issue))
    return list(dict.fromkeys(keys))


def ledger_order(position: Position) -> tuple[date, str, int]:
    return (position.placed or date.min, position.page, position.sentence_index)


def ledgers(positions: Iterable[Position]) -> dict[LedgerKey, list[Position]]:
    """Each (actor, counterpart, issue) with its positions in time order."""
    found: dict[LedgerKey, list[Position]] = defaultdict(list)
    for position in positions:
        for key in ledger_keys(position):
            found[key].append(position)
    return {key: sorted(items, key=ledger_order) for key, items in sorted(found.items())}


def shifts(positions: Iterable[Position]) -> list[Shift]:
    """The changes of stance in every ledger the positions make, in time order."""
    found: list[Shift] = []
    for (actor, counterpart, issue), items in ledgers(positions).items():
        for before, after in pairwise(items):
            if before.stance != after.stance:
                found.append(Shift(actor, counterpart, issue, before, after))
    return sorted(
        found, key=lambda shift: (ledger_order(shift.after), shift.actor, shift.counterpart)
    )


def ledger_of(
    positions: Iterable[Position], actor: str | None = None
) -> tuple[list[Position], list[Shift]]:
    """Positions in ledger order with the shifts they make, both of ``actor``'s country alone
    when one is given (the shifts are found among all the positions first)."""
    ordered = sorted(positions, key=ledger_order)
    changes = shifts(ordered)
    if actor is not None:
        ordered = [p for p in ordered if _country(p) == actor]
        changes = [s for s in changes if s.actor == actor]
    return ordered, changes

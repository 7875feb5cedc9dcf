"""The order records are browsed in: newest day first, then a fixed order within the day.

A record's order key packs its day and 32 bits of its (hash) id into one integer
(``day.toordinal() << 32 | id bits``), so "newest first", a date range and a page cursor are
all one integer comparison on one index, on SQLite and PostgreSQL alike, and the full-text index
can use it as its row id. Keys stay below 2**53, safe in JSON numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

_ID_BITS = 32
_ID_MASK = (1 << _ID_BITS) - 1


def sort_key(day: date, record_id: str) -> int:
    """The order key of the record ``record_id`` standing at ``day``."""
    digits = "".join(c for c in record_id if c in "0123456789abcdef")[:8] or "0"
    return day.toordinal() << _ID_BITS | int(digits, 16)


def first_key(day: date) -> int:
    """The smallest key of a day: ``key >= first_key(since)`` keeps records from ``since``."""
    return day.toordinal() << _ID_BITS


def after_key(day: date) -> int:
    """The smallest key after a day: ``key < after_key(until)`` keeps records up to ``until``."""
    return (day.toordinal() + 1) << _ID_BITS


def day_of(key: int) -> date:
    return date.fromordinal(key >> _ID_BITS)


def next_free(key: int, taken: set[int]) -> int:
    """``key``, or the next one in the same day not in ``taken`` (two ids rarely share 32 bits)."""
    while key in taken:
        key = (key & ~_ID_MASK) | ((key + 1) & _ID_MASK)
    return key


def free_keys(connection: Connection, column: sa.Column[Any], keys: Sequence[int]) -> list[int]:
    """The keys, each moved on past any key already in ``column`` or earlier in ``keys``."""
    taken = {
        row[0]
        for start in range(0, len(keys), 500)
        for row in connection.execute(
            sa.select(column).where(column.in_(list(keys[start : start + 500])))
        )
    }
    found = []
    for key in keys:
        free = next_free(key, taken)
        taken.add(free)
        found.append(free)
    return found

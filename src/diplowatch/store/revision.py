"""A store's revision: a value that changes whenever anyone commits a write to it, from any
process, so that what was computed from the store can be kept until it does.

SQLite: ``PRAGMA data_version`` on a connection of this module's own, which never writes
(SQLite changes the value it reads whenever another connection has committed). PostgreSQL: the
write-ahead log's position, which moves with every write to the server (other databases' too, so
it may change when nothing of this store did: never the other way round). Anything else, or an
in-memory SQLite database: no revision (None), and nothing is kept.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Hashable

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError


class Revision:
    """``current()``: the store's revision now, or None where none can be told; ``local``
    says whether it is read without a round trip to a server (SQLite: microseconds)."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._sqlite: sqlite3.Connection | None = None
        database = engine.url.database or ""
        if engine.dialect.name == "sqlite" and database not in ("", ":memory:"):
            self._sqlite = sqlite3.connect(
                f"file:{database}?mode=ro", uri=True, check_same_thread=False
            )

    @property
    def local(self) -> bool:
        return self._sqlite is not None or self._engine.dialect.name != "postgresql"

    def current(self) -> Hashable | None:
        if self._sqlite is not None:
            with self._lock:
                try:
                    return self._sqlite.execute("PRAGMA data_version").fetchone()[0]
                except sqlite3.Error:
                    return None
        if self._engine.dialect.name == "postgresql":
            try:
                with self._engine.connect() as connection:
                    return connection.exec_driver_sql("SELECT pg_current_wal_lsn()").scalar()
            except SQLAlchemyError:
                return None  # a standby, or a server that does not say
        return None

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()

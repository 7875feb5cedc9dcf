"""Settings, read once from the environment by the CLI and the web layer; stages take values."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from diplowatch.ingest.files import DEFAULT_MAX_BYTES
from diplowatch.store.database import DB_URL_VARIABLE, DEFAULT_DB_URL

MAX_BYTES_VARIABLE = "DIPLOWATCH_MAX_BYTES"
PROCESSES_VARIABLE = "DIPLOWATCH_PROCESSES"


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the store is, how large an input may be, and on how many cores to work."""

    db_url: str = DEFAULT_DB_URL
    max_bytes: int = DEFAULT_MAX_BYTES
    processes: int = 1

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        max_bytes = environ.get(MAX_BYTES_VARIABLE)
        processes = environ.get(PROCESSES_VARIABLE)
        return cls(
            db_url=environ.get(DB_URL_VARIABLE) or DEFAULT_DB_URL,
            max_bytes=int(max_bytes) if max_bytes else DEFAULT_MAX_BYTES,
            processes=int(processes) if processes else 1,
        )

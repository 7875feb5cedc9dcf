"""Settings, read once from the environment by the CLI and the web layer; stages take values."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from diplowatch.errors import SettingError
from diplowatch.ingest.files import DEFAULT_MAX_BYTES
from diplowatch.store.database import DB_URL_VARIABLE, DEFAULT_DB_URL

MAX_BYTES_VARIABLE = "DIPLOWATCH_MAX_BYTES"
PROCESSES_VARIABLE = "DIPLOWATCH_PROCESSES"
MIN_CONFIDENCE_VARIABLE = "DIPLOWATCH_MIN_CONFIDENCE"


def default_min_confidence() -> float:
    """The packaged judge's display threshold: the lowest confidence at which its events were
    right at least 85% of the time on held-out passages."""
    # Imported here: most commands never need the judge's module.
    from diplowatch.extract.judge import default_display_threshold

    return default_display_threshold()


def parse_min_confidence(text: str, source: str) -> float:
    """A confidence threshold written as a number from 0 to 1; ``source`` names where it was
    given (a variable, an option) in the error.

    >>> parse_min_confidence(" 0.5 ", "--min-confidence")
    0.5
    >>> parse_min_confidence("high", "--min-confidence")
    Traceback (most recent call last):
    ...
    diplowatch.errors.SettingError: --min-confidence: a number from 0 to 1, not 'high'
    """
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0.0 <= value <= 1.0:  # also refuses nan
        raise SettingError(f"{source}: a number from 0 to 1, not {text!r}")
    return value


def min_confidence_from(environ: Mapping[str, str]) -> float:
    """``$DIPLOWATCH_MIN_CONFIDENCE`` if set, else the judge's display threshold."""
    given = environ.get(MIN_CONFIDENCE_VARIABLE)
    if not given:
        return default_min_confidence()
    return parse_min_confidence(given, MIN_CONFIDENCE_VARIABLE)


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the store is, how large an input may be, on how many cores to work, and the
    confidence from which round-ups and the home page show an event."""

    db_url: str = DEFAULT_DB_URL
    max_bytes: int = DEFAULT_MAX_BYTES
    processes: int = 1
    min_confidence: float = field(default_factory=default_min_confidence)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings of the environment; a value that cannot be used is a ``SettingError``."""
        environ = os.environ if environ is None else environ
        max_bytes = environ.get(MAX_BYTES_VARIABLE)
        processes = environ.get(PROCESSES_VARIABLE)
        return cls(
            db_url=environ.get(DB_URL_VARIABLE) or DEFAULT_DB_URL,
            max_bytes=int(max_bytes) if max_bytes else DEFAULT_MAX_BYTES,
            processes=int(processes) if processes else 1,
            min_confidence=min_confidence_from(environ),
        )

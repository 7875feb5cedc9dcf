"""The one place that reads the environment: every ``DIPLOWATCH_*`` variable is parsed here into
plain settings (``Settings``, and the NLP and web settings), once, by the command line and the
web layer; the stages take values."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from diplowatch.errors import SettingError

if TYPE_CHECKING:
    from diplowatch.nlp import NlpSettings

# The store when none is named, and the largest input read (an input over it is a Failure).
DEFAULT_DB_URL = "sqlite:///diplowatch.db"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Where `diplowatch serve` answers by default: RSS entries of round-ups link there.
DEFAULT_SITE = "http://127.0.0.1:8000/"
# The engines a batch runs on: this machine's processes, or a Ray cluster.
Engine = Literal["local", "ray"]

DB_URL_VARIABLE = "DIPLOWATCH_DB"
MAX_BYTES_VARIABLE = "DIPLOWATCH_MAX_BYTES"
PROCESSES_VARIABLE = "DIPLOWATCH_PROCESSES"
MIN_CONFIDENCE_VARIABLE = "DIPLOWATCH_MIN_CONFIDENCE"
WATCHES_VARIABLE = "DIPLOWATCH_WATCHES"
MODEL_VARIABLE = "DIPLOWATCH_SPACY_MODEL"
READER_VARIABLE = "DIPLOWATCH_READER"
TOKEN_VARIABLE = "DIPLOWATCH_TOKEN"
ALLOWED_HOSTS_VARIABLE = "DIPLOWATCH_ALLOWED_HOSTS"
CACHE_VARIABLE = "DIPLOWATCH_WEB_CACHE_MB"
CACHE_DIR_VARIABLE = "DIPLOWATCH_CACHE"


def _environ(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def default_db_url(environ: Mapping[str, str] | None = None) -> str:
    """``$DIPLOWATCH_DB`` if set, else ``./diplowatch.db``."""
    return _environ(environ).get(DB_URL_VARIABLE) or DEFAULT_DB_URL


def watch_folder(
    folder: Path | str | None = None, environ: Mapping[str, str] | None = None
) -> Path | None:
    """The user's folder of watches: the one given, else ``$DIPLOWATCH_WATCHES``."""
    value = folder or _environ(environ).get(WATCHES_VARIABLE)
    return Path(value) if value else None


def default_min_confidence() -> float:
    """The packaged judge's display threshold: the lowest confidence at which its events were
    right at least 85% of the time on held-out passages."""
    # Imported here: most commands never need the judge's module.
    from diplowatch.extract.model_meta import default_display_threshold

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
    # None: as many as a batch pays for (one for a few pages, every core for more).
    processes: int | None = None
    min_confidence: float = field(default_factory=default_min_confidence)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings of the environment; a value that cannot be used is a ``SettingError``."""
        environ = _environ(environ)
        max_bytes = environ.get(MAX_BYTES_VARIABLE)
        processes = environ.get(PROCESSES_VARIABLE)
        return cls(
            db_url=environ.get(DB_URL_VARIABLE) or DEFAULT_DB_URL,
            max_bytes=int(max_bytes) if max_bytes else DEFAULT_MAX_BYTES,
            processes=int(processes) if processes else None,
            min_confidence=min_confidence_from(environ),
        )


def nlp_settings(environ: Mapping[str, str] | None = None) -> NlpSettings:
    """The pipeline (``$DIPLOWATCH_SPACY_MODEL``) and the reader (``$DIPLOWATCH_READER``:
    rules, model or both) of the environment."""
    from diplowatch.nlp import DEFAULT_MODEL, READERS, NlpSettings

    environ = _environ(environ)
    reader = environ.get(READER_VARIABLE) or "both"
    if reader not in READERS:
        raise SettingError(
            f"{READER_VARIABLE}={reader!r} is not a reader; use one of {', '.join(READERS)}"
        )
    return NlpSettings(
        model=environ.get(MODEL_VARIABLE) or DEFAULT_MODEL, reader=reader, cache=cache_dir(environ)
    )


def cache_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where diplowatch keeps what it builds from its data between runs: ``$DIPLOWATCH_CACHE``
    (empty: nothing kept), else ``$XDG_CACHE_HOME/diplowatch``, else ``~/.cache/diplowatch``."""
    environ = _environ(environ)
    if CACHE_DIR_VARIABLE in environ:
        given = environ[CACHE_DIR_VARIABLE]
        return Path(given) if given else None
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "diplowatch"


def available_cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def environment() -> Mapping[str, str]:
    """This process's environment, for the layers that parse their own settings from it
    (``web.settings.WebSettings.from_environ``)."""
    return os.environ


def set_environment(values: Mapping[str, str]) -> None:
    """Write settings into this process's environment, for the worker processes it starts."""
    os.environ.update(values)

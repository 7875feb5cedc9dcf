"""The web server's settings: the store, the token that allows writing, the watches, limits, and
the confidence from which the home page and the round-ups show an event."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from diplowatch.config import (
    ALLOWED_HOSTS_VARIABLE,
    CACHE_VARIABLE,
    DB_URL_VARIABLE,
    MIN_CONFIDENCE_VARIABLE,
    TOKEN_VARIABLE,
    WATCHES_VARIABLE,
    default_db_url,
    default_min_confidence,
    min_confidence_from,
    watch_folder,
)
from diplowatch.errors import SettingError

# The Host headers served, comma-separated (what ``serve --allowed-host`` passes to workers).
# Megabytes of answers kept until the store changes (``web.cache``); 0: none kept.
DEFAULT_CACHE_MB = 64
DEFAULT_MAX_BODY = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class WebSettings:
    """``token`` None: the API is read-only (every writing endpoint answers 403)."""

    db_url: str
    token: str | None = None
    watches: Path | None = None
    max_body: int = DEFAULT_MAX_BODY
    # Whether POST /api/fetch may fetch private, loopback and link-local addresses.
    allow_private_fetch: bool = False
    min_confidence: float = field(default_factory=default_min_confidence)
    # The Host headers answered (as Starlette's TrustedHostMiddleware matches them: an IPv6
    # address in brackets, "*.example.org" for subdomains); empty: any.
    allowed_hosts: tuple[str, ...] = ()
    # Requests answered at once, each in a thread (see ``app.create_app``); the rest wait.
    threads: int = 4
    cache_mb: int = DEFAULT_CACHE_MB

    @classmethod
    def from_environ(cls, environ: Mapping[str, str], db_url: str | None = None) -> WebSettings:
        """The web server's settings: the store given, else the environment's, and the token,
        watches, threshold, allowed hosts and cache size of ``environ`` (``config.environment()``,
        or what ``as_env`` wrote for worker processes)."""
        cache = environ.get(CACHE_VARIABLE) or str(DEFAULT_CACHE_MB)
        if not cache.isascii() or not cache.isdigit():
            raise SettingError(f"{CACHE_VARIABLE}={cache!r}: a whole number of megabytes (0: none)")
        return cls(
            db_url=db_url or default_db_url(environ),
            token=environ.get(TOKEN_VARIABLE) or None,
            watches=watch_folder(None, environ),
            min_confidence=min_confidence_from(environ),
            allowed_hosts=tuple(
                host for host in environ.get(ALLOWED_HOSTS_VARIABLE, "").split(",") if host
            ),
            cache_mb=int(cache),
        )

    def as_env(self) -> dict[str, str]:
        """The settings as the environment variables ``from_environ`` reads (for worker
        processes)."""
        found = {DB_URL_VARIABLE: self.db_url, MIN_CONFIDENCE_VARIABLE: repr(self.min_confidence)}
        if self.token:
            found[TOKEN_VARIABLE] = self.token
        if self.watches:
            found[WATCHES_VARIABLE] = str(self.watches)
        if self.allowed_hosts:
            found[ALLOWED_HOSTS_VARIABLE] = ",".join(self.allowed_hosts)
        found[CACHE_VARIABLE] = str(self.cache_mb)
        return found


def default_allowed_hosts(bound: str) -> tuple[str, ...]:
    """The Host headers served by default: the address listened on, and the loopback names.

    >>> default_allowed_hosts("::1")
    ('[::1]', 'localhost', '127.0.0.1')
    >>> default_allowed_hosts("192.0.2.7")
    ('192.0.2.7', 'localhost', '127.0.0.1', '[::1]')
    """
    shown = f"[{bound}]" if ":" in bound else bound
    return tuple(dict.fromkeys((shown, "localhost", "127.0.0.1", "[::1]")))

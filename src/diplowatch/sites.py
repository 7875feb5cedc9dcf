"""Which site a page belongs to, from its address; and whether an address can be read at all."""

from __future__ import annotations

from urllib.parse import urlsplit


def address_problem(url: str) -> str | None:
    """Why ``url`` cannot be read as an address (None: it can).

    >>> address_problem("http://[::1")
    'not a valid address (Invalid IPv6 URL)'
    >>> address_problem("https://example.org/story") is None
    True
    """
    try:
        parts = urlsplit(url)
        _ = parts.hostname, parts.port
    except ValueError as error:
        return f"not a valid address ({error})"
    return None


def site_of(url: str | None) -> str | None:
    """The host of a URL without a leading ``www.``, lowercased; None without a URL or for one
    that cannot be read as an address.

    >>> site_of("https://www.Example.org/2022/11/10/story")
    'example.org'
    >>> site_of("http://[::1") is None
    True
    """
    if not url or address_problem(url) is not None:
        return None
    host = (urlsplit(url).hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    return host or None

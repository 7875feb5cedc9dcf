"""Which site a page belongs to, from its address."""

from __future__ import annotations

from urllib.parse import urlsplit


def site_of(url: str | None) -> str | None:
    """The host of a URL without a leading ``www.``, lowercased; None without a URL.

    >>> site_of("https://www.Example.org/2022/11/10/story")
    'example.org'
    """
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    return host or None

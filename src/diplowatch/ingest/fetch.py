"""One web page by its address (httpx), made safe to do on a user's behalf: http(s) only; no
private or loopback address unless allowed (tests serve pages on loopback), and never a
link-local (cloud metadata), multicast, unspecified or reserved one; every address checked again
after each redirect; a timeout; a cap on the response's size, read as it streams."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from diplowatch.errors import InputError
from diplowatch.ingest.decode import decode_bytes
from diplowatch.records import Page

USER_AGENT = "diplowatch/0.1 (+https://github.com/diplowatch)"


@dataclass(frozen=True, slots=True)
class FetchSettings:
    timeout: float = 15.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False


def _check_address(url: str, settings: FetchSettings) -> None:
    """Refuse what is not http(s), and a host that resolves to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(url, "only http and https addresses can be fetched")
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise InputError(url, f"cannot resolve {parts.hostname}") from None
    for *_, address in found:
        ip = ipaddress.ip_address(address[0])
        never = ip.is_link_local or ip.is_multicast or ip.is_unspecified or ip.is_reserved
        if never or not (ip.is_global or settings.allow_private):
            raise InputError(url, f"refused: {parts.hostname} is a non-public address ({ip})")


def _read_capped(response: httpx.Response, url: str, limit: int) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise InputError(url, f"response over the limit of {limit} bytes")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise InputError(url, f"response over the limit of {limit} bytes (cut off)")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_page(url: str, settings: FetchSettings = FetchSettings()) -> Page:
    """The page at ``url`` (after redirects, each checked), as an HTML page named by its
    address. Raises InputError naming the address and the problem."""
    current = url
    try:
        with httpx.Client(
            timeout=settings.timeout, follow_redirects=False, headers={"user-agent": USER_AGENT}
        ) as client:
            for _ in range(settings.max_redirects + 1):
                _check_address(current, settings)
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        current = urljoin(current, response.headers.get("location", ""))
                        continue
                    if response.status_code != 200:
                        raise InputError(current, f"HTTP status {response.status_code}")
                    data = _read_capped(response, current, settings.max_bytes)
                    kind = response.headers.get("content-type", "")
                    break
            else:
                raise InputError(url, f"more than {settings.max_redirects} redirects")
    except httpx.TimeoutException:
        raise InputError(current, f"no answer within {settings.timeout:g} s") from None
    except httpx.HTTPError as error:
        raise InputError(current, f"cannot fetch ({error.__class__.__name__})") from None
    if kind and not any(t in kind for t in ("html", "text/plain", "xml")):
        raise InputError(current, f"not a web page ({kind.split(';')[0]})")
    text, encoding = decode_bytes(data, current)
    return Page(
        name=current,
        content=text,
        kind="html" if "plain" not in kind else "text",
        url=current,
        fetched_at=datetime.now(UTC),
        origin=url,
        encoding=encoding,
    )

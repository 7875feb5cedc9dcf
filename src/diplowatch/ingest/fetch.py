"""Web addresses fetched politely and safely (httpx), for feeds, pages and ``/api/fetch``.

Safe to do on a user's behalf: http(s) only; no private or loopback address unless allowed
(tests serve pages on loopback), and never a link-local (cloud metadata), multicast, unspecified
or reserved one; every address checked again after each redirect; a timeout; a cap on the
response's size, read as it streams.

Polite to the sites: robots.txt is obeyed (Protego; its Crawl-delay too), requests to one host
are spaced by a minimum delay, conditional requests (ETag, Last-Modified) let a server answer
304, and retries back off (honouring Retry-After). What is fetched, retried and skipped is logged
on the ``diplowatch.fetch`` logger, a line each.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from diplowatch.errors import InputError
from diplowatch.ingest.decode import decode_bytes
from diplowatch.records import Page

USER_AGENT = "diplowatch/0.1 (+https://github.com/diplowatch)"
ROBOTS_AGENT = "diplowatch"
# Statuses worth another try: the server is busy or briefly broken.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# The longest wait a Retry-After header or a robots.txt Crawl-delay may impose.
MAX_WAIT = 60.0
ROBOTS_MAX_BYTES = 512 * 1024
PAGE_TYPES = ("html", "text/plain", "xml")

log = logging.getLogger("diplowatch.fetch")


@dataclass(frozen=True, slots=True)
class FetchSettings:
    timeout: float = 15.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False
    # Further tries after a connection error, a timeout or a busy/broken server (429, 5xx).
    retries: int = 2
    # Seconds before the first retry; doubled for each next one.
    backoff: float = 1.0
    # Least seconds between two requests to one host (robots.txt may ask for more).
    host_delay: float = 1.0
    robots: bool = True
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response: its final address, body and validators; ``not_modified`` for a 304."""

    url: str
    status: int
    content: bytes
    content_type: str
    etag: str | None
    last_modified: str | None
    fetched_at: datetime
    not_modified: bool = False


class _Retry(Exception):
    """A try that may succeed later; ``wait`` is what the server asked for, if anything."""

    def __init__(self, problem: str, wait: float | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.wait = wait


@dataclass(slots=True)
class _Host:
    """What the fetcher knows of one host: its robots rules and when it may be asked again."""

    robots: Protego | None = None
    delay: float = 0.0
    next_at: float = 0.0


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


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (a number or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Fetcher:
    """Fetches addresses over one httpx client (``with Fetcher(settings) as fetcher: ...``).

    Its state (robots rules and request times per host) lives as long as it does, so a run
    over many feeds and pages asks each host for robots.txt once and keeps to its delay.
    ``clock`` and ``sleep`` are injectable for tests.
    """

    def __init__(
        self,
        settings: FetchSettings = FetchSettings(),
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, _Host] = {}
        self._client: httpx.Client | None = None

    def __enter__(self) -> Fetcher:
        self._client = httpx.Client(
            timeout=self.settings.timeout,
            follow_redirects=False,
            headers={"user-agent": self.settings.user_agent},
        )
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
    ) -> Fetched:
        """The response at ``url`` after redirects (each address checked, robots.txt obeyed),
        with retries. With ``etag``/``last_modified`` the request is conditional, and a 304
        comes back as ``not_modified``. Raises InputError naming the address and the problem."""
        conditional = {}
        if etag:
            conditional["if-none-match"] = etag
        if last_modified:
            conditional["if-modified-since"] = last_modified
        limit = max_bytes or self.settings.max_bytes
        for attempt in range(self.settings.retries + 1):
            try:
                fetched = self._follow(url, conditional, limit)
            except _Retry as retry:
                if attempt == self.settings.retries:
                    log.warning("failed %s: %s", url, retry.problem)
                    raise InputError(url, retry.problem) from None
                wait = self.settings.backoff * 2**attempt
                wait = min(MAX_WAIT, max(wait, retry.wait or 0.0))
                log.info(
                    "retry %d/%d %s: %s; waiting %.1f s",
                    attempt + 1,
                    self.settings.retries,
                    url,
                    retry.problem,
                    wait,
                )
                self._sleep(wait)
                continue
            except InputError as error:
                where = url if error.source == url else f"{url} (redirected to {error.source})"
                log.warning("skipped %s: %s", where, error.problem)
                raise
            if fetched.not_modified:
                log.info("not modified %s", url)
            else:
                log.info(
                    "fetched %s (%d, %s bytes)", fetched.url, fetched.status, len(fetched.content)
                )
            return fetched
        raise AssertionError("unreachable")  # pragma: no cover

    def page(self, url: str, *, title: str | None = None, published: date | None = None) -> Page:
        """The web page at ``url``, named by its final address."""
        fetched = self.get(url)
        kind = fetched.content_type
        if kind and not any(t in kind for t in PAGE_TYPES):
            log.warning("skipped %s: not a web page (%s)", fetched.url, kind.split(";")[0])
            raise InputError(fetched.url, f"not a web page ({kind.split(';')[0]})")
        text, encoding = decode_bytes(fetched.content, fetched.url)
        return Page(
            name=fetched.url,
            content=text,
            kind="html" if "plain" not in kind else "text",
            url=fetched.url,
            published=published,
            title=title,
            fetched_at=fetched.fetched_at,
            origin=url,
            encoding=encoding,
        )

    def _follow(self, url: str, conditional: dict[str, str], limit: int) -> Fetched:
        current = url
        for _ in range(self.settings.max_redirects + 1):
            _check_address(current, self.settings)
            self._obey_robots(current)
            answer = self._request(current, conditional, limit)
            if isinstance(answer, Fetched):
                return answer
            current = answer
        raise InputError(url, f"more than {self.settings.max_redirects} redirects")

    def _request(self, url: str, headers: dict[str, str], limit: int) -> Fetched | str:
        """One request: the response, or the address a redirect points to."""
        assert self._client is not None, "use the Fetcher in a with block"
        self._wait_turn(url)
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                if response.has_redirect_location:
                    return urljoin(url, response.headers.get("location", ""))
                status = response.status_code
                if status in RETRY_STATUSES:
                    wait = _retry_after(response.headers.get("retry-after"))
                    raise _Retry(f"HTTP status {status}", wait)
                if status == 304:
                    return self._fetched(url, response, b"", not_modified=True)
                if status != 200:
                    raise InputError(url, f"HTTP status {status}")
                return self._fetched(url, response, _read_capped(response, url, limit))
        except httpx.TimeoutException:
            raise _Retry(f"no answer within {self.settings.timeout:g} s") from None
        except httpx.TransportError as error:
            raise _Retry(f"cannot connect ({error.__class__.__name__})") from None
        except httpx.HTTPError as error:
            raise InputError(url, f"cannot fetch ({error.__class__.__name__})") from None

    @staticmethod
    def _fetched(
        url: str, response: httpx.Response, content: bytes, *, not_modified: bool = False
    ) -> Fetched:
        headers = response.headers
        return Fetched(
            url=url,
            status=response.status_code,
            content=content,
            content_type=headers.get("content-type", ""),
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            fetched_at=datetime.now(UTC),
            not_modified=not_modified,
        )

    def _host(self, url: str) -> _Host:
        return self._hosts.setdefault(_origin(url), _Host(delay=self.settings.host_delay))

    def _wait_turn(self, url: str) -> None:
        """Keep to the host's delay between requests."""
        host = self._host(url)
        now = self._clock()
        if host.next_at > now:
            self._sleep(host.next_at - now)
            now = host.next_at
        host.next_at = now + host.delay

    def _obey_robots(self, url: str) -> None:
        if not self.settings.robots:
            return
        host = self._host(url)
        if host.robots is None:
            host.robots = self._robots(url)
            delay = host.robots.crawl_delay(ROBOTS_AGENT)
            if delay is not None:
                host.delay = max(host.delay, min(float(delay), MAX_WAIT))
        if urlsplit(url).path.endswith("/robots.txt"):
            return
        if not host.robots.can_fetch(url, ROBOTS_AGENT):
            raise InputError(url, "disallowed by robots.txt")

    def _robots(self, url: str) -> Protego:
        """The host's robots.txt rules (RFC 9309): none found (4xx) allows everything; a
        server error or no answer disallows everything for this run."""
        address = f"{_origin(url)}/robots.txt"
        try:
            answer = self._request(address, {}, ROBOTS_MAX_BYTES)
        except _Retry as retry:
            log.warning("robots.txt of %s unreachable (%s): not fetching there", address, retry)
            return Protego.parse("User-agent: *\nDisallow: /\n")
        except InputError as error:
            if error.problem.startswith("HTTP status 4"):
                return Protego.parse("")
            log.warning("robots.txt of %s: %s; not fetching there", address, error.problem)
            return Protego.parse("User-agent: *\nDisallow: /\n")
        if isinstance(answer, str):
            # A redirected robots.txt: follow it once, checked like any address.
            try:
                _check_address(answer, self.settings)
                answer = self._request(answer, {}, ROBOTS_MAX_BYTES)
            except (_Retry, InputError):
                return Protego.parse("")
            if isinstance(answer, str):
                return Protego.parse("")
        return Protego.parse(answer.content.decode("utf-8", errors="replace"))


def fetch_page(url: str, settings: FetchSettings = FetchSettings()) -> Page:
    """The page at ``url`` (after redirects, each checked), as a page named by its address.
    Raises InputError naming the address and the problem."""
    with Fetcher(settings) as fetcher:
        return fetcher.page(url)

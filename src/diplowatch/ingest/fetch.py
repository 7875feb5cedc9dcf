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
import zlib
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
# Seconds a host's robots.txt is kept; and a refusal that came from its failing to answer.
ROBOTS_KEPT = 24 * 3600.0
ROBOTS_RETRY = 300.0
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
    robots_until: float = 0.0
    delay: float = 0.0
    next_at: float = 0.0


# NAT64's well-known prefix (RFC 6052): the last 32 bits are the IPv4 address reached.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def reached_addresses(ip: IpAddress) -> list[IpAddress]:
    """The addresses a connection to ``ip`` reaches, to be checked each: an IPv4-mapped
    (``::ffff:a.b.c.d``) or NAT64 (``64:ff9b::/96``) address is its IPv4 address; a 6to4
    (``2002::/16``) or Teredo one is itself and the IPv4 addresses it carries.

    >>> reached_addresses(ipaddress.ip_address("2002:a9fe:a9fe::"))
    [IPv6Address('2002:a9fe:a9fe::'), IPv4Address('169.254.169.254')]
    >>> reached_addresses(ipaddress.ip_address("::ffff:127.0.0.1"))
    [IPv4Address('127.0.0.1')]
    """
    if not isinstance(ip, ipaddress.IPv6Address):
        return [ip]
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip in _NAT64:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    carried = [ip.sixtofour, *(ip.teredo or ())]
    return [ip, *(address for address in carried if address is not None)]


def _refused(ip: IpAddress, settings: FetchSettings) -> bool:
    """Whether an address may not be fetched: link-local (cloud metadata), multicast,
    unspecified and reserved ones never; private and loopback ones unless allowed."""
    never = ip.is_link_local or ip.is_multicast or ip.is_unspecified
    # ::1 lies in the reserved ::/8; it is loopback, allowed with allow_private.
    never = never or (ip.is_reserved and not ip.is_loopback)
    return never or not (ip.is_global or settings.allow_private)


def _check_ip(url: str, host: str, address: str, settings: FetchSettings) -> None:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    for reached in reached_addresses(ip):
        if _refused(reached, settings):
            raise InputError(url, f"refused: {host} is a non-public address ({reached})")


def _check_address(url: str, settings: FetchSettings) -> None:
    """Refuse what is not http(s), and a host that resolves to a non-public address."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise InputError(url, "not a valid address") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(url, "only http and https addresses can be fetched")
    try:
        found = socket.getaddrinfo(parts.hostname, port or 80, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise InputError(url, f"cannot resolve {parts.hostname}") from None
    for *_, address in found:
        _check_ip(url, parts.hostname, str(address[0]), settings)


def _check_peer(url: str, response: httpx.Response, settings: FetchSettings) -> None:
    """Check the address the connection actually reached: the name may resolve differently
    for httpx than it did for ``_check_address`` (DNS rebinding)."""
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer:
        _check_ip(url, urlsplit(url).hostname or "", str(peer[0]), settings)


def _read_capped(response: httpx.Response, url: str, limit: int) -> bytes:
    """The body, at most ``limit`` bytes once decoded. The raw bytes are read and the one
    content coding asked for (gzip or deflate) undone here with a cap on its output, so a
    small compressed body cannot expand past the limit in memory (httpx would decode any
    chain of codings without one)."""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise InputError(url, f"response over the limit of {limit} bytes")
    coding = response.headers.get("content-encoding", "identity").strip().lower()
    if coding not in ("identity", "", "gzip", "x-gzip", "deflate"):
        raise InputError(url, f"unsupported content coding {coding!r}")
    inflater = None if coding in ("identity", "") else zlib.decompressobj(15 + 32)
    chunks, size = [], 0
    try:
        for raw in response.iter_raw():
            chunk = inflater.decompress(raw, limit - size + 1) if inflater else raw
            size += len(chunk)
            if size > limit or (inflater is not None and inflater.unconsumed_tail):
                raise InputError(url, f"response over the limit of {limit} bytes (cut off)")
            chunks.append(chunk)
    except zlib.error:
        raise InputError(url, f"invalid {coding} body") from None
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
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
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
            headers={"user-agent": self.settings.user_agent, "accept-encoding": "gzip, deflate"},
            # A proxy from the environment would resolve names where they cannot be checked.
            trust_env=False,
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
                _check_peer(url, response, self.settings)
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
        except (httpx.HTTPError, httpx.InvalidURL, ValueError) as error:
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
        if host.robots is None or self._clock() >= host.robots_until:
            host.robots, kept_for = self._robots(url)
            host.robots_until = self._clock() + kept_for
            delay = host.robots.crawl_delay(ROBOTS_AGENT)
            if delay is not None:
                host.delay = max(self.settings.host_delay, min(float(delay), MAX_WAIT))
        if urlsplit(url).path.endswith("/robots.txt"):
            return
        if not host.robots.can_fetch(url, ROBOTS_AGENT):
            raise InputError(url, "disallowed by robots.txt")

    def _robots(self, url: str) -> tuple[Protego, float]:
        """The host's robots.txt rules (RFC 9309) and how long to keep them: none found (4xx)
        allows everything; a server error or no answer disallows everything, for a few
        minutes only."""
        address = f"{_origin(url)}/robots.txt"
        for _ in range(self.settings.max_redirects + 1):
            try:
                _check_address(address, self.settings)
                answer = self._request(address, {}, ROBOTS_MAX_BYTES)
            except (_Retry, InputError) as error:
                problem = error.problem
                if problem.startswith("HTTP status 4"):
                    return Protego.parse(""), ROBOTS_KEPT
                log.warning("robots.txt of %s: %s; not fetching there for now", address, problem)
                return Protego.parse("User-agent: *\nDisallow: /\n"), ROBOTS_RETRY
            if isinstance(answer, Fetched):
                text = answer.content.decode("utf-8", errors="replace")
                return Protego.parse(text), ROBOTS_KEPT
            address = answer
        log.warning("robots.txt of %s: too many redirects; not fetching there for now", url)
        return Protego.parse("User-agent: *\nDisallow: /\n"), ROBOTS_RETRY


def fetch_page(url: str, settings: FetchSettings = FetchSettings()) -> Page:
    """The page at ``url`` (after redirects, each checked), as a page named by its address.
    Raises InputError naming the address and the problem."""
    with Fetcher(settings) as fetcher:
        return fetcher.page(url)

"""Following feeds: a local server on loopback serves feeds, articles and robots.txt, and
misbehaves on purpose (a broken feed, a slow page, an oversized one, a redirect to a cloud
metadata address, a busy server)."""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diplowatch.cli import app
from diplowatch.errors import InputError
from diplowatch.follow import parse_every, poll
from diplowatch.ingest import fetch
from diplowatch.ingest.fetch import Fetcher, FetchSettings
from diplowatch.store import Store
from diplowatch.store.feeds import add_feeds, list_feeds

STORY = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>Turkey's foreign minister met his Ukrainian counterpart in Ankara on Monday to discuss "
    "a renewed grain corridor through the Black Sea, officials in both capitals said.</p>"
    "<p>The two ministers agreed to meet again next month. {title} was the subject of the "
    "talks, which lasted more than three hours and ended with a joint statement.</p>"
    "<p>Russia did not comment on the meeting, which came a week after new strikes on the "
    "port of Odesa damaged grain silos and killed two people.</p>"
    "</article></body></html>"
)
LAST_MODIFIED = format_datetime(datetime(2024, 8, 5, 12, tzinfo=UTC), usegmt=True)


def _rss(*paths: str) -> bytes:
    items = "".join(
        f"<item><title>Story {path}</title><link>{path}</link>"
        "<pubDate>Mon, 05 Aug 2024 10:00:00 GMT</pubDate></item>"
        for path in paths
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
        f"<link>/</link>{items}</channel></rss>"
    ).encode()


ATOM = (
    b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
    b"<title>Wire</title><id>urn:wire</id><updated>2024-08-06T09:00:00Z</updated>"
    b'<entry><title>Wire story</title><link rel="alternate" href="/wire/one.html"/>'
    b"<id>urn:wire:1</id><updated>2024-08-06T09:00:00Z</updated></entry></feed>"
)


@dataclass
class Site:
    """The server's state: requests seen per path, and which paths answer 503 first."""

    base: str = ""
    hits: Counter[str] = field(default_factory=Counter)
    not_modified: Counter[str] = field(default_factory=Counter)
    busy: Counter[str] = field(default_factory=Counter)
    local_feed: Path = Path("/nonexistent")
    feed_items: list[str] = field(
        default_factory=lambda: ["/news/a.html", "/news/b.html", "/private/c.html"]
    )


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path
            site.hits[path] += 1
            if site.busy[path] > 0:
                site.busy[path] -= 1
                self._answer(503, b"busy", "text/plain", {"retry-after": "0"})
            elif path == "/robots.txt":
                self._answer(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            elif path == "/feed.xml":
                self._feed()
            elif path == "/atom.xml":
                self._answer(200, ATOM, "application/atom+xml")
            elif path == "/broken.xml":
                self._answer(200, b"<html><body>Not a feed</body></html>", "text/html")
            elif path == "/trouble.xml":
                self._answer(
                    200,
                    _rss("/slow.html", "/big.html", "/to-metadata", "/news/a.html"),
                    "application/rss+xml",
                )
            elif path == "/slow.html":
                time.sleep(3)
                self._answer(200, STORY.format(title="Slow").encode(), "text/html")
            elif path == "/big.html":
                self._answer(200, b"<p>" + b"x" * 300_000 + b"</p>", "text/html")
            elif path == "/bomb.html":
                body = gzip.compress(b"<p>" + b"0" * 5_000_000 + b"</p>")
                self._answer(200, body, "text/html", {"content-encoding": "gzip"})
            elif path == "/zipped.html":
                body = gzip.compress(STORY.format(title="Zipped").encode())
                self._answer(200, body, "text/html", {"content-encoding": "gzip"})
            elif path == "/bad-port":
                self._answer(302, b"", "text/plain", {"location": "http://127.0.0.1:99999/"})
            elif path == "/local-file.xml":
                self._answer(200, str(site.local_feed).encode(), "application/rss+xml")
            elif path == "/to-metadata":
                self._answer(302, b"", "text/plain", {"location": "http://169.254.169.254/"})
            elif path.endswith(".html"):
                title = path.rsplit("/", 1)[-1].removesuffix(".html").title()
                self._answer(200, STORY.format(title=f"Story {title}").encode(), "text/html")
            else:
                self._answer(404, b"not here", "text/plain")

        def _feed(self) -> None:
            etag = f'"v{len(site.feed_items)}"'
            if "if-none-match" in self.headers:
                fresh = self.headers["if-none-match"] == etag
            else:
                fresh = self.headers.get("if-modified-since") == LAST_MODIFIED
            if fresh:
                site.not_modified["/feed.xml"] += 1
                self._answer(304, b"", "application/rss+xml", {"etag": etag})
                return
            headers = {"etag": etag, "last-modified": LAST_MODIFIED}
            self._answer(200, _rss(*site.feed_items), "application/rss+xml", headers)

        def _answer(
            self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("content-type", kind)
            self.send_header("content-length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


LOOPBACK = FetchSettings(timeout=1, max_bytes=100_000, allow_private=True, retries=0, host_delay=0)


@pytest.fixture
def local_store(tmp_path: Path) -> Iterator[Store]:
    with Store(str(tmp_path / "follow.db")) as store:
        yield store


def test_new_articles_are_stored_and_a_304_costs_no_work(site: Site, local_store: Store) -> None:
    add_feeds(local_store, "ukraine-russia", [f"{site.base}/feed.xml", f"{site.base}/atom.xml"])
    with Fetcher(LOOPBACK) as fetcher:
        first = poll(local_store, fetcher)
    assert [(o.status, o.entries, o.to_fetch) for o in first.feeds] == [("ok", 3, 3), ("ok", 1, 1)]
    stored = sorted(first.pages.new)
    assert stored == sorted(
        f"{site.base}{path}" for path in ("/news/a.html", "/news/b.html", "/wire/one.html")
    )
    # robots.txt disallows /private/: asked for once per host, the page never.
    assert site.hits["/robots.txt"] == 1 and site.hits["/private/c.html"] == 0
    assert [f.source for f in first.pages.failed] == [f"{site.base}/private/c.html"]
    assert "robots.txt" in first.pages.failed[0].problem
    # Titles and dates come from the feed.
    articles = {item.article.page: item.article for item in local_store.articles()}
    assert articles[f"{site.base}/news/a.html"].published.isoformat() == "2024-08-05"

    # The RSS feed's validators were held back (an article of it failed): the next poll reads
    # it in full. With one attempt allowed, the failed article is not tried again.
    assert list_feeds(local_store)[0].etag is None
    with Fetcher(LOOPBACK) as fetcher:
        second = poll(local_store, fetcher, max_attempts=1)
    assert [(o.status, o.to_fetch) for o in second.feeds] == [("ok", 0), ("ok", 0)]
    assert list_feeds(local_store)[0].etag == '"v3"'

    hits_before = site.hits.copy()
    with Fetcher(LOOPBACK) as fetcher:
        third = poll(local_store, fetcher, max_attempts=1)
    feed = third.feeds[0]
    assert (feed.status, feed.to_fetch) == ("not-modified", 0)
    assert site.not_modified["/feed.xml"] == 1
    # The unchanged Atom feed lists only stored articles: nothing is fetched again.
    assert third.feeds[1].to_fetch == 0
    fetched_again = site.hits - hits_before
    assert set(fetched_again) == {"/feed.xml", "/atom.xml", "/robots.txt"}
    assert third.pages.new == [] and third.pages.failed == []
    assert local_store.counts()["pages"] == 3


def test_a_changed_feed_brings_only_its_new_article(site: Site, local_store: Store) -> None:
    add_feeds(local_store, "ukraine-russia", [f"{site.base}/feed.xml"])
    with Fetcher(LOOPBACK) as fetcher:
        poll(local_store, fetcher)
        site.feed_items.append("/news/d.html")
        again = poll(local_store, fetcher)
    assert again.feeds[0].status == "ok" and again.feeds[0].to_fetch == 2  # d, and c again
    assert again.pages.new == [f"{site.base}/news/d.html"]
    assert site.hits["/news/a.html"] == 1


def test_a_broken_feed_is_reported_and_the_others_still_run(site: Site, local_store: Store) -> None:
    feeds = [f"{site.base}/broken.xml", f"{site.base}/missing.xml", f"{site.base}/atom.xml"]
    add_feeds(local_store, "ukraine-russia", feeds)
    with Fetcher(LOOPBACK) as fetcher:
        report = poll(local_store, fetcher)
    statuses = {o.url.rsplit("/", 1)[-1]: (o.status, o.problem) for o in report.feeds}
    assert statuses["broken.xml"][0] == "failed" and "not a feed" in statuses["broken.xml"][1]
    assert statuses["missing.xml"] == ("failed", "HTTP status 404")
    assert statuses["atom.xml"] == ("ok", None)
    assert report.pages.new == [f"{site.base}/wire/one.html"]
    recorded = {feed.url.rsplit("/", 1)[-1]: feed.status for feed in list_feeds(local_store)}
    assert recorded == {"broken.xml": "failed", "missing.xml": "failed", "atom.xml": "ok"}


def test_slow_oversized_and_redirected_articles_fail_cleanly(
    site: Site, local_store: Store
) -> None:
    add_feeds(local_store, "ukraine-russia", [f"{site.base}/trouble.xml"])
    with Fetcher(LOOPBACK) as fetcher:
        report = poll(local_store, fetcher, max_attempts=2)
    problems = {f.source.rsplit("/", 1)[-1]: f.problem for f in report.pages.failed}
    assert problems["slow.html"] == "no answer within 1 s"
    assert "over the limit of 100000 bytes" in problems["big.html"]
    assert "non-public address (169.254.169.254)" in problems["to-metadata"]
    assert report.pages.new == [f"{site.base}/news/a.html"]
    # Failures are tried again on the next poll, up to the limit of attempts.
    with Fetcher(LOOPBACK) as fetcher:
        second = poll(local_store, fetcher, max_attempts=2)
        third = poll(local_store, fetcher, max_attempts=2)
    assert second.feeds[0].to_fetch == 3 and third.feeds[0].to_fetch == 0


def test_loopback_is_refused_unless_allowed(site: Site, local_store: Store) -> None:
    add_feeds(local_store, "ukraine-russia", [f"{site.base}/feed.xml"])
    settings = FetchSettings(timeout=1, retries=0, host_delay=0)
    with Fetcher(settings) as fetcher:
        report = poll(local_store, fetcher)
    assert report.feeds[0].status == "failed"
    assert "non-public address (127.0.0.1)" in (report.feeds[0].problem or "")
    assert sum(site.hits.values()) == 0


def test_a_busy_server_is_retried_with_backoff(site: Site) -> None:
    waits: list[float] = []
    settings = FetchSettings(allow_private=True, retries=2, backoff=0.5, host_delay=0)
    site.busy["/news/a.html"] = 2
    with Fetcher(settings, sleep=waits.append) as fetcher:
        page = fetcher.page(f"{site.base}/news/a.html")
    assert "Story A" in page.content
    assert waits == [0.5, 1.0]
    site.busy["/news/b.html"] = 3
    with Fetcher(settings, sleep=waits.append) as fetcher, pytest.raises(InputError) as error:
        fetcher.page(f"{site.base}/news/b.html")
    assert error.value.problem == "HTTP status 503"


def test_requests_to_one_host_keep_their_distance(site: Site) -> None:
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(round(seconds, 3))
        now[0] += seconds

    settings = FetchSettings(allow_private=True, retries=0, host_delay=2.0)
    with Fetcher(settings, clock=lambda: now[0], sleep=sleep) as fetcher:
        fetcher.get(f"{site.base}/news/a.html")  # robots.txt, then the page 2 s later
        now[0] += 0.5
        fetcher.get(f"{site.base}/news/b.html")
    assert waits == [2.0, 1.5]


def test_conditional_requests_by_date_or_tag(site: Site) -> None:
    with Fetcher(LOOPBACK) as fetcher:
        first = fetcher.get(f"{site.base}/feed.xml")
        by_date = fetcher.get(f"{site.base}/feed.xml", last_modified=first.last_modified)
        by_tag = fetcher.get(f"{site.base}/feed.xml", etag=first.etag)
        stale = fetcher.get(f"{site.base}/feed.xml", etag='"v0"')
    assert first.last_modified == LAST_MODIFIED and not first.not_modified
    assert by_date.not_modified and by_date.content == b""
    assert by_tag.not_modified and not stale.not_modified
    assert site.not_modified["/feed.xml"] == 2


def test_parse_every() -> None:
    assert [parse_every(t) for t in ("15m", "1h", "90s", "90", "1.5h")] == [
        900,
        3600,
        90,
        90,
        5400,
    ]
    with pytest.raises(ValueError, match="not a period"):
        parse_every("soon")


def test_watch_commands_follow_feeds_end_to_end(site: Site, tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    feeds = ["--feed", f"{site.base}/feed.xml", "--feed", f"{site.base}/broken.xml"]
    added = runner.invoke(app, ["watch", "add", "ukraine-russia", *feeds, "--db", db])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["watch", "list", "--db", db, "--json"])
    assert [json.loads(line)["status"] for line in listed.stdout.splitlines()] == ["new", "new"]
    run = runner.invoke(
        app, ["watch", "run", "--db", db, "--allow-private", "--delay", "0", "--timeout", "2"]
    )
    # The broken feed makes the run fail, after the other feed's articles were stored.
    assert run.exit_code == 1
    assert "not a feed" in run.output and "2 new" in run.output
    assert "fetched" in run.output and "disallowed by robots.txt" in run.output
    listed = runner.invoke(app, ["watch", "list", "--db", db, "--json"])
    feeds = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(f["status"], f["articles"]) for f in feeds] == [("ok", 3), ("failed", 0)]
    assert "2 feeds" in runner.invoke(app, ["watch", "list", "--db", db]).output
    with Store(db) as store:
        assert store.counts()["pages"] == 2
        assert any(e.type == "CONSULT" for e in store.events())
    refused = runner.invoke(app, ["watch", "run", "--db", db, "--delay", "0"])
    assert refused.exit_code == 1 and "non-public address" in refused.output


def test_ingest_fetches_addresses(site: Site, tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "urls.db")
    urls = [f"{site.base}/news/a.html", f"{site.base}/gone.html.missing"]
    result = runner.invoke(app, ["ingest", *urls, "--db", db, "--allow-private", "--no-events"])
    assert result.exit_code == 1
    assert "1 new" in result.output and "HTTP status 404" in result.output
    refused = runner.invoke(app, ["ingest", urls[0], "--db", db, "--no-events"])
    assert refused.exit_code == 1 and "non-public address" in refused.output


def test_failed_articles_are_retried_though_the_feed_is_unchanged(
    site: Site, local_store: Store
) -> None:
    site.feed_items = ["/news/a.html", "/missing-page"]
    add_feeds(local_store, "ukraine-russia", [f"{site.base}/feed.xml"])
    with Fetcher(LOOPBACK) as fetcher:
        for _ in range(4):
            poll(local_store, fetcher)
    # Three polls read the feed in full and try the missing page; then it is given up, the
    # feed's validators are kept, and the fourth poll... is still a full read (the third poll
    # failed it), and only the fifth is a 304.
    assert site.hits["/missing-page"] == 3
    with Fetcher(LOOPBACK) as fetcher:
        poll(local_store, fetcher)
    assert site.not_modified["/feed.xml"] == 1
    assert site.hits["/news/a.html"] == 1


def test_a_feed_body_naming_a_local_file_is_not_read(
    site: Site, local_store: Store, tmp_path: Path
) -> None:
    site.local_feed = tmp_path / "local.xml"
    site.local_feed.write_bytes(_rss("/news/secret.html"))
    add_feeds(local_store, "ukraine-russia", [f"{site.base}/local-file.xml"])
    with Fetcher(LOOPBACK) as fetcher:
        report = poll(local_store, fetcher)
    assert report.feeds[0].status == "failed"
    assert site.hits["/news/secret.html"] == 0


def test_compressed_bodies_are_capped_as_they_expand(site: Site) -> None:
    with Fetcher(LOOPBACK) as fetcher:
        assert "<h1>Zipped</h1>" in fetcher.page(f"{site.base}/zipped.html").content
        with pytest.raises(InputError, match=r"over the limit of 100000 bytes \(cut off\)"):
            fetcher.page(f"{site.base}/bomb.html")


def test_the_connected_address_is_checked_too(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """A name that resolved to a public address when checked and to loopback when httpx
    connected (DNS rebinding) is refused by the check of the connection's peer."""
    monkeypatch.setattr(fetch, "_check_address", lambda _url, _settings: None)
    settings = FetchSettings(timeout=1, retries=0, host_delay=0, robots=False)
    with Fetcher(settings) as fetcher, pytest.raises(InputError, match="non-public address"):
        fetcher.get(f"{site.base}/news/a.html")


def test_malformed_answers_are_one_line_failures(site: Site) -> None:
    assert fetch._retry_after("Wed, 21 Oct 2015 07:28:00") == 0.0
    with Fetcher(LOOPBACK) as fetcher, pytest.raises(InputError, match="not a valid address"):
        fetcher.get(f"{site.base}/bad-port")


def test_a_robots_txt_that_failed_is_asked_again_later(site: Site) -> None:
    now = [0.0]
    settings = FetchSettings(allow_private=True, retries=0, host_delay=0)
    site.busy["/robots.txt"] = 1
    with Fetcher(settings, clock=lambda: now[0], sleep=lambda _s: None) as fetcher:
        with pytest.raises(InputError, match=r"disallowed by robots\.txt"):
            fetcher.get(f"{site.base}/news/a.html")
        now[0] += 301
        assert not fetcher.get(f"{site.base}/news/a.html").not_modified
    assert site.hits["/robots.txt"] == 2

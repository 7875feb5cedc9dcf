"""Fetching a page by its address for ``POST /api/fetch``: a local server on loopback serves
pages, redirects, a slow answer and an oversized one."""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from diplowatch.errors import InputError
from diplowatch.ingest.fetch import FetchSettings, fetch_page
from diplowatch.store import Store
from diplowatch.web import WebSettings, create_app

ARTICLE = (
    "<html><head><title>Talks in Ankara</title>"
    '<meta property="article:published_time" content="2024-08-05"></head><body><article>'
    "<h1>Talks in Ankara</h1>"
    "<p>Turkey's foreign minister met his Ukrainian counterpart in Ankara on Monday to discuss "
    "a renewed grain corridor through the Black Sea.</p>"
    "<p>The two ministers agreed to meet again next month, officials said after the talks, "
    "which lasted more than three hours.</p>"
    "<p>Russia did not comment on the meeting, which came a week after new strikes on the "
    "port of Odesa damaged grain silos and killed two people.</p>"
    "</article></body></html>"
)
LOOPBACK = FetchSettings(timeout=2, max_bytes=50_000, allow_private=True, retries=0, host_delay=0)


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        routes = {
            "/article": (200, ARTICLE.encode(), "text/html; charset=utf-8"),
            "/big": (200, b"<p>" + b"x" * 200_000 + b"</p>", "text/html"),
            "/image": (200, b"\x89PNG\r\n", "image/png"),
            "/gone": (404, b"no", "text/plain"),
        }
        if self.path == "/moved":
            self._answer(302, b"", "text/plain", location="/article")
        elif self.path == "/to-metadata":
            self._answer(302, b"", "text/plain", location="http://169.254.169.254/latest/")
        elif self.path == "/loop":
            self._answer(302, b"", "text/plain", location="/loop")
        elif self.path == "/slow":
            time.sleep(4)
            self._answer(200, ARTICLE.encode(), "text/html")
        else:
            self._answer(*routes.get(self.path, (404, b"not here", "text/plain")))

    def _answer(self, status: int, body: bytes, kind: str, location: str | None = None) -> None:
        self.send_response(status)
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(body)))
        if location:
            self.send_header("location", location)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)  # the client may hang up on a body over its limit

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_page_is_fetched_and_redirects_followed(site: str) -> None:
    page = fetch_page(f"{site}/moved", LOOPBACK)
    assert page.url == f"{site}/article" and page.origin == f"{site}/moved"
    assert page.kind == "html" and "Ankara" in page.content and page.fetched_at is not None


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/to-metadata", "non-public address (169.254.169.254)"),
        ("/big", "over the limit of 50000 bytes"),
        ("/image", "not a web page (image/png)"),
        ("/gone", "HTTP status 404"),
        ("/loop", "more than 5 redirects"),
        ("/slow", "no answer within 2 s"),
    ],
)
def test_what_is_refused(site: str, path: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        fetch_page(f"{site}{path}", LOOPBACK)


def test_loopback_and_other_schemes_are_refused_by_default(site: str) -> None:
    with pytest.raises(InputError, match=r"non-public address \(127\.0\.0\.1\)"):
        fetch_page(f"{site}/article")
    for address in ["file:///etc/passwd", "ftp://example.org/", "javascript:alert(1)"]:
        with pytest.raises(InputError, match="only http and https"):
            fetch_page(address)


def test_the_api_fetches_with_the_token(site: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    settings = WebSettings(url, token="a-long-enough-secret-token", allow_private_fetch=True)
    with TestClient(create_app(settings)) as client:
        body = {"url": f"{site}/moved"}
        assert client.post("/api/fetch", json=body).status_code == 401
        right = {"Authorization": "Bearer a-long-enough-secret-token"}
        answer = client.post("/api/fetch", json=body, headers=right)
        assert answer.status_code == 201, answer.text
        assert answer.json() | {"stories_rebuilt": 0} == {
            "page": f"{site}/article", "stored": True, "unchanged": False, "new_address": False,
            "stories_rebuilt": 0,
        }  # fmt: skip
        refused = client.post("/api/fetch", json={"url": f"{site}/to-metadata"}, headers=right)
        assert refused.status_code == 422 and "169.254.169.254" in refused.json()["detail"]
    with Store(url) as store:
        assert [a.article.title for a in store.articles()] == ["Talks in Ankara"]
        assert any(e.type == "CONSULT" for e in store.events())


@pytest.mark.parametrize(
    ("address", "reached"),
    [
        ("http://[2002:a9fe:a9fe::]/", "169.254.169.254"),  # 6to4 of cloud metadata
        ("http://[2002:7f00:1::]/", "127.0.0.1"),  # 6to4 of loopback
        ("http://[::ffff:169.254.169.254]/", "169.254.169.254"),  # IPv4-mapped
        ("http://[::ffff:10.0.0.1]/", "10.0.0.1"),
        ("http://[64:ff9b::a9fe:a9fe]/", "169.254.169.254"),  # NAT64
        ("http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "2001:0:4136:e378:8000:63bf:3fff:fdd2"),
    ],
)
def test_ipv6_forms_of_non_public_addresses_are_refused(address: str, reached: str) -> None:
    with pytest.raises(InputError, match=rf"non-public address \({re.escape(reached)}\)"):
        fetch_page(address, FetchSettings(retries=0))


def test_link_local_behind_6to4_is_refused_even_with_allow_private() -> None:
    with pytest.raises(InputError, match=r"non-public address \(169\.254\.169\.254\)"):
        fetch_page("http://[2002:a9fe:a9fe::]/", LOOPBACK)


def test_ipv6_loopback_is_allowed_with_allow_private() -> None:
    with pytest.raises(InputError, match=r"non-public address \(::1\)"):
        fetch_page("http://[::1]:9/", FetchSettings(retries=0))
    with pytest.raises(InputError) as refused:
        fetch_page("http://[::1]:9/", LOOPBACK)
    assert "non-public" not in str(refused.value)

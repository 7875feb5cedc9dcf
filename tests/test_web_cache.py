"""Answers kept until the store changes: the same GET is answered from what was kept while
nobody writes, and a write by anyone (another process's store included) is seen at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import anyio
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

import webstore
from diplowatch.store import Store
from diplowatch.store.revision import Revision
from diplowatch.web import WebSettings, create_app
from diplowatch.web.cache import ResponseCache
from diplowatch.web.context import WebContext
from diplowatch.web.security import Message, Receive, Scope, Send
from outlets import day_of, page_and_article, ties_event


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The listings the application computes (not answered from what it kept)."""
    calls: list[str] = []
    real = WebContext.listing

    def listing(self: WebContext, view: str, *args: object, **kwargs: object) -> object:
        calls.append(view)
        return real(self, view, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(WebContext, "listing", listing)
    return calls


@pytest.fixture
def filled(tmp_path: Path) -> str:
    """A filled SQLite store (on PostgreSQL the revision also moves with the server's own
    writes, so whether an answer was kept cannot be asserted there)."""
    db_url = f"sqlite:///{tmp_path / 'kept.db'}"
    with Store(db_url) as store:
        webstore.fill(store)
    return db_url


def test_the_same_get_is_answered_once_until_someone_writes(
    filled: str, counted: list[str]
) -> None:
    with TestClient(create_app(WebSettings(filled, cache_mb=8))) as client:
        first = client.get("/api/events", params={"type": "SANCTION"})
        again = client.get("/api/events", params={"type": "SANCTION"})
        other = client.get("/api/events", params={"type": "ACCUSE"})
        assert first.status_code == again.status_code == other.status_code == 200
        assert again.content == first.content
        assert counted == ["events", "events"]
        assert again.headers["content-type"] == first.headers["content-type"]
        assert "content-security-policy" in again.headers

        # Another process's store writes: the next answer is computed anew, and shows it.
        before = len(first.json()["items"])
        with Store(filled) as writer:
            url = "https://late.example/2024/ties"
            sentence = "Niger's junta cut diplomatic ties with Ukraine."
            page, article = page_and_article(url, sentence, date(2024, 8, 1))
            writer.add(
                page, article, [ties_event(url, url, sentence, day_of("on", date(2024, 8, 1)))]
            )
        after = client.get("/api/events", params={"type": "SANCTION"})
        assert counted == ["events", "events", "events"]
        assert len(after.json()["items"]) == before + 1


class _Revision:
    local = True

    def __init__(self) -> None:
        self.value = 1

    def current(self) -> int:
        return self.value


def _answering(statuses: list[int], body: bytes) -> tuple[ResponseCache, list[int]]:
    """A cache over an application that answers with the next status each time."""
    calls: list[int] = []

    async def application(scope: Scope, receive: Receive, send: Send) -> None:
        status = statuses[len(calls) % len(statuses)]
        calls.append(status)
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": body[:10], "more_body": True})
        await send({"type": "http.response.body", "body": body[10:], "more_body": False})

    return ResponseCache(application, _Revision(), max_bytes=1000, max_body=100), calls  # type: ignore[arg-type]


def _get(cache: ResponseCache, path: str = "/api/events", method: str = "GET") -> bytes:
    sent: list[Message] = []
    scope = {"type": "http", "method": method, "path": path, "query_string": b"", "headers": []}

    async def receive() -> Message:
        return {"type": "http.request"}

    async def send(message: Message) -> None:
        sent.append(message)

    anyio.run(cache, scope, receive, send)
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def test_only_whole_200_answers_small_enough_are_kept() -> None:
    cache, calls = _answering([500, 200], b"x" * 50)
    assert [_get(cache) for _ in range(4)] == [b"x" * 50] * 4
    assert calls == [500, 200]  # the 500 computed again, the 200 kept
    cache, calls = _answering([200], b"y" * 101)
    for _ in range(3):
        _get(cache)
    assert len(calls) == 3  # over max_body: never kept
    cache, calls = _answering([200], b"z" * 50)
    _get(cache, method="POST"), _get(cache, method="POST")
    assert len(calls) == 2


def test_a_new_revision_or_a_full_cache_computes_again() -> None:
    cache, calls = _answering([200], b"a" * 60)
    _get(cache), _get(cache)
    assert len(calls) == 1
    cache.revision.value = 2  # type: ignore[attr-defined]
    _get(cache), _get(cache)
    assert len(calls) == 2
    for number in range(20):  # 20 x 60 bytes: over max_bytes, the oldest go
        _get(cache, f"/p/{number}")
    assert cache._bytes <= 1000
    _get(cache)
    assert len(calls) == 23


def test_nothing_is_kept_when_asked_for_none(filled: str, counted: list[str]) -> None:
    with TestClient(create_app(WebSettings(filled, cache_mb=0))) as client:
        for _ in range(3):
            assert client.get("/api/events").status_code == 200
    assert counted == ["events"] * 3


def test_a_store_in_memory_has_no_revision() -> None:
    revision = Revision(sa.create_engine("sqlite://"))
    assert revision.current() is None and revision.local


def test_the_revision_changes_with_every_write_from_anywhere(db_url: str) -> None:
    with Store(db_url) as reader, Store(db_url) as writer:
        revision = reader.revision
        first = revision.current()
        assert first is not None
        if reader.engine.dialect.name == "sqlite":
            assert revision.current() == first
        page, article = page_and_article(
            "https://one.example/a", "Kyiv and Moscow held talks.", date(2024, 8, 1)
        )
        writer.add(page, article, [])
        second = revision.current()
        assert second != first
        reader.add(*page_and_article("https://two.example/b", "Talks.", date(2024, 8, 2)), [])
        assert revision.current() != second

"""Answers kept until the store changes (ASGI middleware): a GET answered 200 is kept, by its
path, query, ``Host`` and day, with the store's revision (``store.revision``); the same GET is
answered from it while the revision is the same. Any write, by this server or any other process,
changes the revision, and nothing kept before it is used again. Bodies over ``MAX_BODY`` and
answers that are not 200 are never kept; the least recently used go first past ``MAX_BYTES``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import UTC, datetime

from anyio import CapacityLimiter, to_thread

from diplowatch.store.revision import Revision
from diplowatch.web.security import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 1 << 20
MAX_BYTES = 64 << 20


@dataclass(frozen=True, slots=True)
class _Kept:
    revision: Hashable
    start: Message
    body: bytes


class ResponseCache:
    def __init__(
        self,
        app: ASGIApp,
        revision: Revision,
        *,
        max_bytes: int = MAX_BYTES,
        max_body: int = MAX_BODY,
    ) -> None:
        self.app = app
        self.revision = revision
        self.max_bytes = max_bytes
        self.max_body = max_body
        self._kept: OrderedDict[tuple[object, ...], _Kept] = OrderedDict()
        self._bytes = 0
        # A revision asked of a server is asked in threads of its own: in the threads that
        # answer requests it would wait behind the slow ones it lets others skip.
        self._asking = CapacityLimiter(4)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        if self.revision.local:
            revision = self.revision.current()
        else:
            revision = await to_thread.run_sync(self.revision.current, limiter=self._asking)
        if revision is None:
            await self.app(scope, receive, send)
            return
        key = _key(scope)
        kept = self._kept.get(key)
        if kept is not None and kept.revision == revision:
            self._kept.move_to_end(key)
            await send(kept.start)
            await send({"type": "http.response.body", "body": kept.body, "more_body": False})
            return
        await self.app(scope, receive, self._keeping(key, revision, send))

    def _keeping(self, key: tuple[object, ...], revision: Hashable, send: Send) -> Send:
        """``send``, keeping the answer when it is a 200 with a body small enough."""
        start: Message | None = None
        parts: list[bytes] | None = []
        size = 0

        async def keep(message: Message) -> None:
            nonlocal start, parts, size
            if message["type"] == "http.response.start":
                start = message
                if message["status"] != 200:
                    parts = None
            elif message["type"] == "http.response.body" and parts is not None:
                parts.append(message.get("body", b""))
                size += len(parts[-1])
                if size > self.max_body:
                    parts = None
                elif not message.get("more_body", False) and start is not None:
                    self._store(key, _Kept(revision, start, b"".join(parts)))
            await send(message)

        return keep

    def _store(self, key: tuple[object, ...], kept: _Kept) -> None:
        previous = self._kept.pop(key, None)
        if previous is not None:
            self._bytes -= len(previous.body)
        self._kept[key] = kept
        self._bytes += len(kept.body)
        while self._bytes > self.max_bytes and self._kept:
            _, oldest = self._kept.popitem(last=False)
            self._bytes -= len(oldest.body)


def _key(scope: Scope) -> tuple[object, ...]:
    """What a GET's answer depends on: its path and query, the host asked for (pages link to
    it), and the day (pages say what is recent)."""
    host = next((value for name, value in scope["headers"] if name == b"host"), b"")
    day = datetime.now(UTC).date()
    return scope["path"], scope.get("query_string", b""), host, scope.get("root_path", ""), day

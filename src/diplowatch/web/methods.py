"""HEAD and OPTIONS for every route (ASGI middleware): FastAPI's routes answer only the methods
they declare, so both were a 405. HEAD is answered as GET without the body; OPTIONS with the
methods the path takes, in ``Allow``."""

from __future__ import annotations

from starlette.routing import Match, Mount, Router

from diplowatch.web.security import ASGIApp, Message, Receive, Scope, Send

# The methods a route may declare, in the order ``Allow`` lists them.
DECLARED = ("GET", "POST")


class MethodsMiddleware:
    def __init__(self, app: ASGIApp, router: Router) -> None:
        self.app = app
        self.router = router

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            await _options(self.allowed(scope), send)
            return
        await self.app({**scope, "method": "GET"}, receive, _without_body(send))

    def allowed(self, scope: Scope) -> list[str]:
        """The methods the path is served for (with HEAD and OPTIONS where GET is)."""
        found = [method for method in DECLARED if self._serves(scope, method)]
        if "GET" in found:
            found[1:1] = ["HEAD"]
        return [*found, "OPTIONS"] if found else []

    def _serves(self, scope: Scope, method: str) -> bool:
        asked = {**scope, "method": method}
        for route in self.router.routes:
            if isinstance(route, Mount) and method != "GET":
                continue  # static files: GET only
            if route.matches(asked)[0] == Match.FULL:
                return True
        return False


def _without_body(send: Send) -> Send:
    """``send`` with every body left out (its headers, Content-Length included, kept)."""

    async def send_head(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return send_head


async def _options(allowed: list[str], send: Send) -> None:
    status = 204 if allowed else 404
    headers = [(b"allow", ", ".join(allowed).encode())] if allowed else []
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b""})

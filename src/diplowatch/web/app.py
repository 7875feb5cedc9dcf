"""The web application: pages, the JSON API (OpenAPI at /api/openapi.json), static files,
security headers and a request size limit, over one store."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from importlib import resources

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from diplowatch.config import cache_dir, environment
from diplowatch.errors import DiplowatchError
from diplowatch.resolve.actors import load_gazetteer
from diplowatch.web import api, pages
from diplowatch.web.cache import ResponseCache
from diplowatch.web.context import WebContext
from diplowatch.web.methods import MethodsMiddleware
from diplowatch.web.security import SecurityMiddleware
from diplowatch.web.settings import WebSettings


def create_app(settings: WebSettings) -> FastAPI:
    """The application over the store of ``settings`` (opened now: a bad URL fails here)."""
    context = WebContext.open(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Requests that may read without bound are answered in threads (the rest on the
        # event loop: ``api``), which share one interpreter: more at once than there are
        # cores only interleave, so each takes longer and fewer finish a second. The rest
        # wait their turn.
        to_thread.current_default_thread_limiter().total_tokens = settings.threads
        yield
        context.close()

    app = FastAPI(
        title="diplowatch",
        summary="Sourced records of diplomacy and war: events, stories, positions, round-ups.",
        # The interactive documentation pages load scripts from a CDN: off. The OpenAPI
        # document itself is served.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.context = context
    app.state.templates = pages._environment()
    static = resources.files("diplowatch.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> Response:
        return _error(request, error.status_code, str(error.detail), error.headers)

    @app.exception_handler(DiplowatchError)
    async def _diplowatch_error(request: Request, error: DiplowatchError) -> Response:
        return _error(request, 400, str(error))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        problems = [
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors()
        ]
        return _error(request, 422, "; ".join(problems))

    if settings.cache_mb:
        kept = settings.cache_mb << 20
        app.add_middleware(ResponseCache, revision=context.store.revision, max_bytes=kept)
    app.add_middleware(MethodsMiddleware, router=app.router)
    if settings.allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))
    app.add_middleware(SecurityMiddleware, max_body=settings.max_body)
    return app


def _error(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    """An error as the asker reads it: JSON (``{"detail": ...}``) for the API and files, an
    HTML page for the pages a browser opens."""
    if request.url.path.startswith(JSON_PATHS):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    response = pages.error_page(request, status, message)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


# Paths whose errors stay JSON.
JSON_PATHS = ("/api/", "/static/")


def app_from_env() -> FastAPI:
    """The application as the environment describes it (``WebSettings.from_environ``): what each
    worker process of ``diplowatch serve --workers N`` builds, settled to serve."""
    return settled(create_app(WebSettings.from_environ(environment())))


def settled(app: FastAPI) -> FastAPI:
    """``app`` with what every request shares read now (the store's actors and their names,
    the gazetteer behind them, the places), and this process's objects so far taken out of the
    garbage collector's sight (``gc.freeze``): a full collection would otherwise walk the
    gazetteer's hundreds of thousands of objects, about 0.1 s during which no request of this
    process moves. For a server process only, started by ``diplowatch serve``."""
    context: WebContext = app.state.context
    load_gazetteer(cache_dir())  # the tables as kept, not read again from the data
    context.actor_names()
    context.places()
    gc.collect()
    gc.freeze()
    return app

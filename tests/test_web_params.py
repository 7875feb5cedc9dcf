"""Parameters are parsed strictly at the web's edge: cursors, limits, dates and codes that are
not what the server gives or takes are a 4xx with a message, and no query string, on any route,
gets a 500."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

import webstore
from diplowatch.store import Store
from diplowatch.web import WebSettings, api, create_app, pages
from diplowatch.web.params import MAX_CURSOR

HOSTILE = (
    str(2**63), "²", "١٢", "１", "-1", "0", "1e309", "nan", " ", "\x00", "%", "[]",
    "'; DROP TABLE events;--", "2024-13-45", "20240807", "2024-W32-1", "99999-01-01",
    "<script>alert(1)</script>", "x" * 3000, str(2**64),
)  # fmt: skip
# A value for each path parameter where another is hostile: every route is reached.
SAMPLES = {
    "form": "csv", "code": "UKR", "story_id": "none", "watch": "russia-ukraine",
    "week": "2024-W28",
}  # fmt: skip


@contextmanager
def _served(db_url: str) -> Iterator[TestClient]:
    with Store(db_url) as store:
        webstore.fill(store)
    app = create_app(WebSettings(db_url))
    with TestClient(app, raise_server_exceptions=False) as opened:
        yield opened


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One filled SQLite store for the module's short checks."""
    with _served(f"sqlite:///{tmp_path_factory.mktemp('web') / 'store.db'}") as opened:
        yield opened


def _query_names(dependant: Dependant) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def _get_routes() -> list[APIRoute]:
    routes = [*api.router.routes, *pages.router.routes]
    return [r for r in routes if isinstance(r, APIRoute) and "GET" in r.methods]


def _path(route: APIRoute, hostile: str | None = None, value: str = "") -> str:
    def fill(match: re.Match[str]) -> str:
        name = match[1]
        return quote(value, safe="") if name == hostile else SAMPLES[name]

    return re.sub(r"{(\w+)}", fill, route.path)


def _requests() -> Iterator[tuple[str, dict[str, str]]]:
    for route in _get_routes():
        for name in sorted(_query_names(route.dependant)):
            for value in HOSTILE:
                yield _path(route), {name: value}
        for name in re.findall(r"{(\w+)}", route.path):
            for value in HOSTILE:
                if value.strip():
                    yield _path(route, name, value), {}


def test_every_route_is_walked() -> None:
    paths = {route.path for route in _get_routes()}
    assert {"/api/events", "/api/events.{form}", "/timeline", "/api/actors/{code}"} <= paths
    assert all(set(re.findall(r"{(\w+)}", path)) <= set(SAMPLES) for path in paths)


def test_no_hostile_query_or_path_value_gets_a_500(db_url: str) -> None:
    with _served(db_url) as client:
        answers = [(path, params, client.get(path, params=params)) for path, params in _requests()]
    assert len(answers) > 500
    errors = [(path, params, a.status_code) for path, params, a in answers if a.status_code >= 500]
    assert errors == []
    for *_request, answer in answers:
        if 400 <= answer.status_code < 500 and "json" in answer.headers["content-type"]:
            assert answer.json()["detail"]


@pytest.mark.parametrize("path", ["/api/events", "/api/stories", "/api/positions", "/timeline"])
@pytest.mark.parametrize("cursor", [str(2**63), "²", "-1", " 7", "7 ", "0x10", "١"])
def test_a_cursor_the_server_never_gave_is_422(client: TestClient, path: str, cursor: str) -> None:
    answer = client.get(path, params={"cursor": cursor})
    assert answer.status_code == 422
    assert "cursor: not a cursor this server gave" in answer.text


def test_the_largest_cursor_is_an_empty_last_page(client: TestClient) -> None:
    answer = client.get("/api/positions", params={"cursor": str(MAX_CURSOR)})
    assert answer.status_code == 200
    assert answer.json() == {"items": [], "next_cursor": None}


@pytest.mark.parametrize("day", ["20240807", "2024-W32-1", "2024-02-30", "２０２４-01-01"])
@pytest.mark.parametrize("path", ["/api/events", "/api/actors/UKR"])
def test_a_day_is_yyyy_mm_dd_in_ascii(client: TestClient, path: str, day: str) -> None:
    answer = client.get(path, params={"since": day})
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("since: not a date (YYYY-MM-DD)")


def test_a_day_range_and_an_actor_filter_still_work(client: TestClient) -> None:
    answer = client.get(
        "/api/events", params={"since": "2024-07-01", "until": "2024-07-10", "actor": " UKR "}
    )
    assert answer.status_code == 200
    days = [item["day"] for item in answer.json()["items"]]
    assert days and all("2024-07-01" <= day <= "2024-07-10" for day in days)


@pytest.mark.parametrize("actor", ["UKR\x1b[2J", "x" * 121])
def test_an_actor_code_is_printable_and_short(client: TestClient, actor: str) -> None:
    answer = client.get("/api/events", params={"actor": actor})
    assert answer.status_code == 422
    assert answer.json() == {"detail": "actor: not an actor code"}


@pytest.mark.parametrize("limit", ["0", "501", "²", "1e3", str(2**63)])
def test_a_limit_out_of_range_is_422(client: TestClient, limit: str) -> None:
    assert client.get("/api/events", params={"limit": limit}).status_code == 422


@pytest.mark.parametrize(
    ("path", "status", "words", "back"),
    [
        ("/timeline?since=yesterday", 422, "since: not a date (YYYY-MM-DD)", "/timeline"),
        ("/map?type=HUG", 422, "type: one of", "/map"),
        ("/actors/ATLANTIS", 404, "no events or positions of 'ATLANTIS'", None),
        ("/no-such-page", 404, "Not Found", None),
        ("/digests/russia-ukraine/2024-W99", 422, "Invalid week", None),
    ],
)
def test_a_browser_gets_an_html_page_that_says_what_was_wrong(
    client: TestClient, path: str, status: int, words: str, back: str | None
) -> None:
    answer = client.get(path, headers={"accept": "text/html"})
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")
    assert words in html.unescape(answer.text) and 'href="/"' in answer.text
    if back is not None:
        assert f'href="{back}"' in answer.text


@pytest.mark.parametrize("path", ["/api/events?since=yesterday", "/api/no-such-thing"])
def test_the_api_keeps_answering_errors_in_json(client: TestClient, path: str) -> None:
    answer = client.get(path, headers={"accept": "text/html"})
    assert 400 <= answer.status_code < 500
    assert answer.json()["detail"]

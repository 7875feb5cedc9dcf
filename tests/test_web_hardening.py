"""The web server, hardened: the token only as a Bearer credential, 413 for a body over the cap
however it is sent, HEAD and OPTIONS answered on every route, only the allowed Host headers
served."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import diplowatch.web
from diplowatch.cli import app
from diplowatch.web import WebSettings, create_app

TOKEN = "a-long-enough-secret-token"
LIMIT = 4096


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = WebSettings(f"sqlite:///{tmp_path / 'web.db'}", token=TOKEN, max_body=LIMIT)
    with TestClient(create_app(settings)) as opened:
        yield opened


@pytest.mark.parametrize("authorization", [TOKEN, f"Token {TOKEN}", f"Bearer{TOKEN}", "Bearer "])
def test_the_token_counts_only_as_a_bearer_credential(
    client: TestClient, authorization: str
) -> None:
    answer = client.post(
        "/api/pages", json={"id": "x", "text": "Talks."}, headers={"authorization": authorization}
    )
    assert answer.status_code == 401
    assert answer.json() == {"detail": "a valid token is needed: Authorization: Bearer <token>"}


def test_the_bearer_scheme_is_case_insensitive(client: TestClient) -> None:
    answer = client.post(
        "/api/pages", json={"id": "x", "html": "<p>"}, headers={"authorization": f"bearer {TOKEN}"}
    )
    assert answer.status_code == 422


def test_a_chunked_body_over_the_cap_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"id": "x", "text": "'
        for _ in range(8):
            yield b"a" * 1024
        yield b'"}'

    answer = client.post(
        "/api/pages",
        content=chunks(),
        headers={"authorization": f"Bearer {TOKEN}", "content-type": "application/json"},
    )
    assert answer.status_code == 413
    assert answer.json() == {"detail": f"request body over the limit of {LIMIT} bytes"}


@pytest.mark.parametrize("path", ["/api/events", "/timeline", "/static/style.css", "/"])
def test_head_answers_as_get_without_a_body(client: TestClient, path: str) -> None:
    got, head = client.get(path), client.head(path)
    assert got.status_code == head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-security-policy"]


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        ("/api/events", "GET, HEAD, OPTIONS"),
        ("/api/pages", "POST, OPTIONS"),
        ("/timeline", "GET, HEAD, OPTIONS"),
    ],
)
def test_options_lists_the_methods_of_the_path(client: TestClient, path: str, allow: str) -> None:
    answer = client.options(path)
    assert answer.status_code == 204
    assert answer.headers["allow"] == allow
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_options_of_an_unknown_path_is_404(client: TestClient) -> None:
    assert client.options("/no-such-page").status_code == 404


def test_only_the_allowed_hosts_are_served(tmp_path: Path) -> None:
    settings = WebSettings(
        f"sqlite:///{tmp_path / 'web.db'}", allowed_hosts=("127.0.0.1", "localhost", "[::1]")
    )
    with TestClient(create_app(settings)) as client:
        for host in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
            assert client.get("/api/events", headers={"host": host}).status_code == 200
        refused = client.get("/api/events", headers={"host": "evil.example"})
    assert refused.status_code == 400
    assert refused.text == "Invalid host header"


@pytest.mark.parametrize(
    ("options", "hosts"),
    [
        ([], ("127.0.0.1", "localhost", "[::1]")),
        (["--host", "::1"], ("[::1]", "localhost", "127.0.0.1")),
        (["--allowed-host", "news.example", "--allowed-host", "*.news.example"],
         ("news.example", "*.news.example")),
    ],
)  # fmt: skip
def test_serve_answers_its_own_address_and_localhost_unless_told(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, options: list[str], hosts: tuple[str, ...]
) -> None:
    built: list[WebSettings] = []
    monkeypatch.setattr(diplowatch.web, "create_app", built.append)
    monkeypatch.setattr(diplowatch.web.app, "settled", lambda application: application)
    monkeypatch.setattr(uvicorn, "run", lambda *_args, **_options: None)
    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(app, ["serve", "--db", db, "--workers", "1", *options])
    assert result.exit_code == 0, result.output
    assert built[0].allowed_hosts == hosts
    assert built[0].as_env()["DIPLOWATCH_ALLOWED_HOSTS"] == ",".join(hosts)


@pytest.mark.parametrize(("cores", "workers"), [(1, 1), (2, 2), (16, 4)])
def test_serve_runs_a_process_per_core_by_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cores: int, workers: int
) -> None:
    runs: list[tuple[object, dict[str, object]]] = []
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    monkeypatch.setattr(os, "environ", dict(os.environ))
    monkeypatch.setattr(uvicorn, "run", lambda target, **options: runs.append((target, options)))
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    ((target, options),) = runs
    if workers == 1:
        assert not isinstance(target, str)
    else:
        assert target == "diplowatch.web.app:app_from_env"
        assert options["workers"] == workers and options["factory"] is True
        assert os.environ["DIPLOWATCH_DB"].endswith("s.db")

"""``diplowatch serve`` as a user runs it: it prints its address, answers there, binds to loopback
by default, and refuses a token file it cannot use."""

from __future__ import annotations

import gc
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

import webstore
from diplowatch.store import Store


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _listening_on(port: int) -> set[str]:
    """The local addresses (hex, as the kernel lists them) with a socket listening on ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, _, hex_port = local.partition(":")
            if int(hex_port, 16) == port and state == "0A":  # 0A: LISTEN
                found.add(address)
    return found


def test_serve_prints_its_address_and_answers_there(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    with Store(f"sqlite:///{db}") as store:
        webstore.fill(store)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "diplowatch", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        address = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert address, line
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(address.group(0) + "api/events?limit=2", timeout=10)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.2)
        assert answer.status_code == 200 and len(answer.json()["items"]) == 2
        # Loopback only: the port is not open on the machine's other addresses.
        bound = _listening_on(port)
        assert bound and bound <= {"0100007F"}, bound
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_refuses_a_short_token(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("short\n")
    done = subprocess.run(
        [sys.executable, "-m", "diplowatch", "serve", "--db", str(tmp_path / "s.db"),
         "--token-file", str(token)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0
    assert "at least 16 characters" in done.stdout + done.stderr


def test_a_settled_server_process_keeps_its_shared_objects_from_the_collector(
    tmp_path: Path,
) -> None:
    """``settled``: the store's actor names read before the first request, and what the process
    holds then frozen, so that no full collection walks the gazetteer while requests wait."""
    from diplowatch.web import WebSettings, create_app
    from diplowatch.web.app import settled

    db = tmp_path / "store.db"
    with Store(f"sqlite:///{db}") as store:
        webstore.fill(store)
    app = create_app(WebSettings(f"sqlite:///{db}"))
    context = app.state.context
    try:
        asked = []
        known = context.store.known_actors
        context.store.known_actors = lambda: asked.append(1) or known()
        assert settled(app) is app
        assert gc.get_freeze_count() > 0
        assert asked == [1]
        context.actor_names()
        assert asked == [1]  # read once, at start
    finally:
        gc.unfreeze()
        context.close()

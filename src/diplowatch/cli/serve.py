"""``diplowatch serve``: the web interface and JSON API over a store (uvicorn)."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from diplowatch.cli.app import (
    DbOption,
    MinConfidenceOption,
    WatchesOption,
    app,
    min_confidence,
    new_console,
    reported_errors,
)
from diplowatch.config import TOKEN_VARIABLE, environment, set_environment

if TYPE_CHECKING:
    from diplowatch.web.settings import WebSettings


LOOPBACK = ("127.0.0.1", "::1", "localhost")
# With one process per core, throughput holds as clients grow (bench/web_load.py); beyond a
# few, each process's own connections and caches cost more memory than they give.
MOST_WORKERS = 4


@app.command("serve")
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; only loopback unless you say.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, help="Server processes; default: one per core, at most 4."
        ),
    ] = None,
    watches: WatchesOption = None,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            help=f"A file holding the token that allows writing (or ${TOKEN_VARIABLE}); "
            "without one the API is read-only.",
        ),
    ] = None,
    confidence: MinConfidenceOption = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="A Host header to answer (repeatable; *.example.org for subdomains); "
            "default: the address listened on and localhost.",
        ),
    ] = None,
) -> None:
    """Serve the timeline, actor, story, map and round-up pages and the JSON API (/api/); the
    home page and the round-ups show events of at least the confidence threshold."""
    import uvicorn

    from diplowatch.store import as_db_url
    from diplowatch.store.database import shown_url
    from diplowatch.web import create_app
    from diplowatch.web.app import settled
    from diplowatch.web.settings import WebSettings, default_allowed_hosts

    threshold = None if confidence is None else min_confidence(confidence)
    with reported_errors():
        settings = WebSettings.from_environ(environment(), as_db_url(db) if db else None)
        if token_file is not None:
            settings = _with_token(settings, token_file)
        if watches is not None:
            settings = dataclasses.replace(settings, watches=watches)
        if threshold is not None:
            settings = dataclasses.replace(settings, min_confidence=threshold)
        hosts = tuple(allowed_host or ()) or default_allowed_hosts(host)
        settings = dataclasses.replace(settings, allowed_hosts=hosts)
        application = create_app(settings)
    console = new_console()
    if host not in LOOPBACK:
        console.print(f"[yellow]Listening on {host}: reachable from other machines.[/yellow]")
    shown = f"[{host}]" if ":" in host else host
    console.print(
        f"diplowatch is serving {escape(shown_url(settings.db_url))} at "
        f"[bold]http://{shown}:{port}/[/bold]"
    )
    console.print("Writing is " + ("on (token set)." if settings.token else "off (no token)."))
    console.print(
        f"The home page and the round-ups show events of confidence {settings.min_confidence:g} "
        "and above (and those read by the rules alone)."
    )
    options = {"host": host, "port": port, "log_level": "warning", "access_log": False}
    workers = workers or min(os.cpu_count() or 1, MOST_WORKERS)
    if workers == 1:
        uvicorn.run(settled(application), **options)
        return
    # Each worker process builds its own application from the environment.
    application.state.context.close()
    set_environment(settings.as_env())
    uvicorn.run("diplowatch.web.app:app_from_env", factory=True, workers=workers, **options)


def _with_token(settings: WebSettings, path: Path) -> WebSettings:
    try:
        token = path.read_text("utf-8").strip()
    except OSError as error:
        raise typer.BadParameter(f"{path}: cannot read the token ({error.strerror})") from None
    if len(token) < 16:
        raise typer.BadParameter(f"{path}: a token needs at least 16 characters")
    return dataclasses.replace(settings, token=token)

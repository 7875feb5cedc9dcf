"""The ``watch`` group: follow watches' RSS/Atom feeds and store what they publish."""

from __future__ import annotations

import re
import sys
import time
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from diplowatch.cli.app import (
    DbOption,
    JsonOption,
    ProcessesOption,
    app,
    cores,
    event_reader,
    logged_fetches,
    new_console,
    open_store,
    plain,
    print_report,
    reported_errors,
)
from diplowatch.config import watch_folder

if TYPE_CHECKING:
    from diplowatch.follow import PollReport
    from diplowatch.ingest.fetch import FetchSettings


watch_app = typer.Typer(help="Follow watches' RSS/Atom feeds and store what they publish.")
app.add_typer(watch_app, name="watch")

AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Allow private and loopback addresses (a feed on your own network, tests).",
    ),
]
TimeoutOption = Annotated[
    float, typer.Option("--timeout", min=0.1, help="Seconds to wait for an answer.")
]
DelayOption = Annotated[
    float,
    typer.Option("--delay", min=0.0, help="Least seconds between requests to one host."),
]


def fetch_settings(allow_private: bool, timeout: float, delay: float) -> FetchSettings:
    from diplowatch.ingest.fetch import FetchSettings

    return FetchSettings(timeout=timeout, allow_private=allow_private, host_delay=delay)


@watch_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The watch the feeds are for, e.g. ukraine-russia.")],
    feed: Annotated[
        list[str], typer.Option("--feed", help="An RSS or Atom feed's address (repeatable).")
    ],
    db: DbOption = None,
) -> None:
    """Follow feeds for a watch: `watch run` polls them."""
    from diplowatch.store.feeds import add_feeds
    from diplowatch.watches import load_watches

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise typer.BadParameter("lower-case letters, digits and hyphens", param_hint="NAME")
    bad = [url for url in feed if not url.startswith(("http://", "https://"))]
    if bad:
        raise typer.BadParameter(f"not an http(s) address: {bad[0]!r}", param_hint="--feed")
    with reported_errors(), open_store(db) as store:
        added = add_feeds(store, name, feed)
    console = new_console(stderr=True)
    for url in feed:
        state = "following" if url in added else "already followed"
        console.print(f"{plain(name)}: {state} {plain(url)}", highlight=False)
    if name not in load_watches(watch_folder()):
        console.print(
            f"[yellow]note:[/yellow] no watch file named {escape(name)!r}: its articles are "
            "stored, but round-ups need a watch (see `diplowatch watches`)",
            highlight=False,
        )


@watch_app.command("remove")
def remove(
    name: Annotated[str, typer.Argument(help="The watch.")],
    feed: Annotated[
        list[str] | None, typer.Option("--feed", help="Only this feed (repeatable).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Stop following a watch's feeds (all of them unless --feed is given)."""
    from diplowatch.store.feeds import remove_feeds

    with reported_errors(), open_store(db) as store:
        removed = remove_feeds(store, name, feed or [])
    new_console(stderr=True).print(f"{escape(name)}: {removed} feeds no longer followed")


@watch_app.command("list")
def list_command(
    name: Annotated[str | None, typer.Argument(help="Only this watch's feeds.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The feeds followed, and how their last poll went."""
    from diplowatch.present.serialise import dumps_line, feed_json
    from diplowatch.store.feeds import list_feeds

    with reported_errors(), open_store(db, create=False) as store:
        found = list_feeds(store, name)
    if as_json:
        for feed in found:
            sys.stdout.write(dumps_line(feed_json(feed)) + "\n")
        return
    table = Table(title=f"{len(found)} feeds")
    for column in ("watch", "feed", "checked", "status", "articles", "problem"):
        table.add_column(column)
    for feed in found:
        checked = feed.checked_at.strftime("%Y-%m-%d %H:%M") if feed.checked_at else "never"
        table.add_row(
            feed.watch, feed.url, checked, feed.status, str(feed.entries), feed.problem or ""
        )
    new_console().print(table)


def _print_poll(report: PollReport) -> None:
    console = new_console(stderr=True)
    for outcome in report.feeds:
        if outcome.status == "failed":
            console.print(
                f"[red]error:[/red] {plain(outcome.url)}: {plain(outcome.problem or '')}",
                highlight=False,
            )
        else:
            console.print(
                f"{plain(outcome.watch)}: {plain(outcome.url)}: {outcome.status}, "
                f"{outcome.entries} listed, {outcome.to_fetch} to fetch",
                highlight=False,
            )
    print_report(report.pages)


@watch_app.command("run")
def run(
    name: Annotated[str | None, typer.Argument(help="Only this watch's feeds.")] = None,
    every: Annotated[
        str | None,
        typer.Option("--every", help="Poll again after this long (15m, 1h); default: once."),
    ] = None,
    db: DbOption = None,
    allow_private: AllowPrivateOption = False,
    timeout: TimeoutOption = 15.0,
    delay: DelayOption = 1.0,
    events: Annotated[
        bool, typer.Option("--events/--no-events", help="Extract and store events too.")
    ] = True,
    processes: ProcessesOption = None,
) -> None:
    """Poll the feeds, fetch the new articles they list, and clean, read and store them.
    A feed that fails is reported and the others still run; exits non-zero when one did
    (with --every, runs until interrupted)."""
    from diplowatch.follow import parse_every, poll
    from diplowatch.ingest.fetch import Fetcher
    from diplowatch.pipeline.ingesting import Cleaner
    from diplowatch.store.feeds import list_feeds

    try:
        period = parse_every(every) if every else None
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--every") from None
    settings = fetch_settings(allow_private, timeout, delay)
    failed = False
    with reported_errors(), open_store(db) as store, logged_fetches():
        if not list_feeds(store, name):
            new_console(stderr=True).print("no feeds followed: add some with `watch add`")
            raise typer.Exit(1)
        reader = event_reader(processes) if events else None
        with Cleaner(cores(processes)) as cleaner, Fetcher(settings) as fetcher:
            while True:
                started = time.monotonic()
                report = poll(store, fetcher, watch=name, reader=reader, cleaner=cleaner)
                _print_poll(report)
                failed = any(o.status == "failed" for o in report.feeds) or bool(
                    report.pages.failed
                )
                if period is None:
                    break
                try:
                    time.sleep(max(0.0, period - (time.monotonic() - started)))
                except KeyboardInterrupt:
                    break
    if failed:
        raise typer.Exit(1)

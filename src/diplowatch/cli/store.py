"""``ingest``, ``articles`` and ``events``: pages into the store, and what it holds."""

from __future__ import annotations

import contextlib
import sys
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from diplowatch.cli.app import (
    DbOption,
    InputsArgument,
    JsonOption,
    LanguageOption,
    LimitOption,
    MaxBytesOption,
    ProcessesOption,
    PublishedOption,
    UrlOption,
    app,
    cores,
    event_reader,
    logged_fetches,
    new_console,
    open_store,
    print_report,
    progress_display,
    read_options,
    reported_errors,
    with_progress,
)
from diplowatch.errors import InputError
from diplowatch.records import Failure, Page

if TYPE_CHECKING:
    from diplowatch.ingest import ReadOptions
    from diplowatch.ingest.fetch import Fetcher


def _is_address(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _fetcher(allow_private: bool) -> Fetcher:
    """A fetcher for the addresses among the inputs (httpx is imported only for them)."""
    from diplowatch.ingest.fetch import Fetcher, FetchSettings

    return Fetcher(FetchSettings(allow_private=allow_private))


def _inputs(
    paths: list[str], options: ReadOptions, fetcher: Fetcher | None, tally: Counter[str]
) -> Iterator[Page | Failure]:
    """Pages from the addresses (fetched; ``fetcher`` is given when there are any) and then
    from the files, folders and archives."""
    from diplowatch.ingest import read_inputs

    for address in filter(_is_address, paths):
        assert fetcher is not None
        try:
            yield fetcher.page(address, published=options.published)
        except InputError as error:
            yield Failure(error.source, error.problem)
    files = [path for path in paths if not _is_address(path)]
    if files:
        yield from read_inputs(files, options, tally)


@app.command(name="ingest")
def ingest_command(
    paths: InputsArgument,
    url: UrlOption = None,
    published: PublishedOption = None,
    db: DbOption = None,
    max_bytes: MaxBytesOption = None,
    events: Annotated[
        bool, typer.Option("--events/--no-events", help="Extract and store events too.")
    ] = True,
    language: LanguageOption = None,
    allow_private: Annotated[
        bool,
        typer.Option("--allow-private", help="Allow fetching private and loopback addresses."),
    ] = False,
    processes: ProcessesOption = None,
) -> None:
    """Clean pages, fetched or read from files and web archives, and store them with their
    articles and events; ends with a summary."""
    from diplowatch.pipeline.ingesting import Cleaner, ingest

    options = read_options(url, published, max_bytes)
    tally: Counter[str] = Counter()
    fetching = any(map(_is_address, paths))
    with (
        reported_errors(),
        open_store(db) as store,
        _fetcher(allow_private) if fetching else contextlib.nullcontext() as fetcher,
        logged_fetches(enabled=fetching),
    ):
        reader = event_reader(processes) if events else None
        with Cleaner(cores(processes)) as cleaner, progress_display() as progress:
            task = progress.add_task("reading", total=None)
            report = ingest(
                store,
                with_progress(_inputs(paths, options, fetcher, tally), progress, task),
                on_item=lambda _name: progress.advance(task),
                reader=reader,
                cleaner=cleaner,
                languages=frozenset(language) if language else None,
            )
    print_report(report, tally)
    if report.failed:
        raise typer.Exit(1)


@app.command()
def articles(
    db: DbOption = None,
    as_json: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """List the stored articles, the latest ingested first."""
    from diplowatch.present.serialise import article_json, dumps_line
    from diplowatch.present.tables import articles_table

    with reported_errors(), open_store(db, create=False) as store:
        stored = list(store.articles(limit=limit))
    if as_json:
        for item in stored:
            sys.stdout.write(dumps_line(article_json(item.article)) + "\n")
        return
    new_console().print(articles_table(stored))


@app.command(name="events")
def events_command(
    db: DbOption = None,
    page: Annotated[str | None, typer.Option("--page", help="Only this page's events.")] = None,
    as_json: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """List the stored events, in the order of their pages and sentences."""
    from diplowatch.present.serialise import dumps_line, event_json
    from diplowatch.present.tables import events_table

    with reported_errors(), open_store(db, create=False) as store:
        stored = list(store.events(page=page, limit=limit))
    if as_json:
        for event in stored:
            sys.stdout.write(dumps_line(event_json(event)) + "\n")
        return
    new_console().print(events_table(stored))

"""``clean``, ``extract``, ``positions`` and ``eval``: pages read without a store."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from diplowatch.cli.app import (
    DbOption,
    MaxBytesOption,
    PathsArgument,
    ProcessesOption,
    PublishedOption,
    UrlOption,
    app,
    cores,
    event_reader,
    exit_if_failed,
    fail,
    new_console,
    open_store,
    progress_display,
    read_options,
    reported_errors,
    with_progress,
)
from diplowatch.records import Article, Event, Failure, Position, Reading

if TYPE_CHECKING:
    from diplowatch.ingest import ReadOptions


@app.command()
def clean(
    paths: PathsArgument,
    url: UrlOption = None,
    published: PublishedOption = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Print each page's article as one JSON object per line."""
    from diplowatch.ingest import read_inputs
    from diplowatch.pipeline.ingesting import clean_stream
    from diplowatch.present.serialise import article_json, dumps_line

    options = read_options(url, published, max_bytes)
    failed = 0
    with progress_display() as progress:
        task = progress.add_task("reading", total=None)
        for result in clean_stream(with_progress(read_inputs(paths, options), progress, task)):
            progress.advance(task)
            if isinstance(result, Failure):
                failed += 1
                fail(str(result))
                continue
            sys.stdout.write(dumps_line(article_json(result)) + "\n")
    sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


def _read_pages(
    paths: list[str], options: ReadOptions, processes: int | None, failed: list[Failure]
) -> Iterator[Reading]:
    """Each article of the pages with its events and positions, without a store, as a
    stream: pages are cleaned a chunk ahead of the parser; failures are printed as they come
    and kept in ``failed``."""
    from diplowatch.ingest import read_inputs
    from diplowatch.pipeline.ingesting import Cleaner, clean_stream

    reader = event_reader(processes)
    with Cleaner(cores(processes)) as cleaner, progress_display() as progress:
        task = progress.add_task("reading", total=None)

        def articles() -> Iterator[Article]:
            pages = read_inputs(paths, options)
            for result in clean_stream(pages, cleaner):
                if isinstance(result, Failure):
                    fail(str(result))
                    failed.append(result)
                    progress.advance(task)
                else:
                    yield result

        for reading in reader.read_each(articles()):
            progress.advance(task)
            if isinstance(reading, Failure):
                fail(str(reading))
                failed.append(reading)
                continue
            yield reading


@app.command()
def extract(
    paths: PathsArgument,
    url: UrlOption = None,
    published: PublishedOption = None,
    max_bytes: MaxBytesOption = None,
    output: Annotated[
        Literal["jsonl", "table"],
        typer.Option("--format", help="jsonl: one JSON object per event; table: for reading."),
    ] = "jsonl",
    processes: ProcessesOption = None,
) -> None:
    """Print the events of pages (no database needed)."""
    from diplowatch.present.serialise import dumps_line, event_json
    from diplowatch.present.tables import events_table

    options = read_options(url, published, max_bytes)
    failed: list[Failure] = []
    with reported_errors(), exit_if_failed(failed):
        read = _read_pages(paths, options, processes, failed)
        if output == "table":
            new_console().print(events_table([e for reading in read for e in reading.events]))
            return
        for reading in read:
            for event in reading.events:
                sys.stdout.write(dumps_line(event_json(event)) + "\n")
        sys.stdout.flush()


@app.command()
def positions(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Pages to read (any input ingest takes); none: the store's ledger."),
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Only this actor's country (e.g. UKR).")
    ] = None,
    shifts: Annotated[bool, typer.Option("--shifts", help="Print the shifts of stance.")] = False,
    output: Annotated[
        Literal["jsonl", "table"] | None,
        typer.Option(
            "--format",
            help="jsonl: one JSON object per line; table: for reading. Default: jsonl for "
            "pages, the ledger as a timeline for the store.",
        ),
    ] = None,
    db: DbOption = None,
    url: UrlOption = None,
    published: PublishedOption = None,
    max_bytes: MaxBytesOption = None,
    processes: ProcessesOption = None,
) -> None:
    """Negotiating positions and their shifts: of pages (no database needed), or the ledger
    the store holds."""
    from diplowatch.linking.ledger import ledger_of
    from diplowatch.present.position_tables import ledger_view, positions_table
    from diplowatch.present.serialise import dumps_line, position_json, shift_json

    failed: list[Failure] = []
    with exit_if_failed(failed):
        with reported_errors():
            if paths:
                options = read_options(url, published, max_bytes)
                read = [
                    p for r in _read_pages(paths, options, processes, failed) for p in r.positions
                ]
                found, changes = ledger_of(read, actor)
            else:
                with open_store(db, create=False) as store:
                    found, changes = store.positions(actor), store.shifts(actor)
        if (output or ("jsonl" if paths else "table")) == "jsonl":
            lines = map(shift_json, changes) if shifts else map(position_json, found)
            for record in lines:
                sys.stdout.write(dumps_line(record) + "\n")
            sys.stdout.flush()
            return
        if paths and not shifts:
            new_console().print(positions_table(found))
            return
        new_console().print(ledger_view(found, changes))


@app.command(name="eval")
def eval_command(
    gold: Annotated[
        Path, typer.Argument(help="A gold folder (articles, events, positions, shifts).")
    ],
    pages: Annotated[
        str | None,
        typer.Option("--pages", help="Read these pages afresh; default: what the store holds."),
    ] = None,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="The scores as one JSON object.")] = False,
    processes: ProcessesOption = None,
) -> None:
    """Score articles, events, positions and shifts against a gold set: precision, recall,
    F1, and what was missed."""
    from diplowatch.evaluation.events import load_gold
    from diplowatch.evaluation.scores import score_reading
    from diplowatch.ingest import ReadOptions
    from diplowatch.present.position_tables import position_report
    from diplowatch.present.serialise import dumps_line, positions_scores_json, scores_json
    from diplowatch.present.tables import evaluation_report

    failed: list[Failure] = []
    with reported_errors():
        gold_set = load_gold(gold)
        articles: list[Article] = []
        events: list[Event] = []
        found: list[Position] = []
        if pages is not None:
            for reading in _read_pages([pages], ReadOptions(), processes, failed):
                articles.append(reading.article)
                events.extend(reading.events)
                found.extend(reading.positions)
        else:
            with open_store(db, create=False) as store:
                articles = [item.article for item in store.articles()]
                events = list(store.events())
                found = store.positions()
    scores = score_reading(gold_set, articles, events, found)
    with exit_if_failed(failed):
        if as_json:
            figures = scores_json(scores.articles, scores.events)
            figures.update(positions_scores_json(scores.positions, scores.shifts))
            sys.stdout.write(dumps_line(figures) + "\n")
            return
        console = new_console()
        console.print(evaluation_report(scores.articles, scores.events))
        console.print(position_report(scores.positions, scores.shifts))

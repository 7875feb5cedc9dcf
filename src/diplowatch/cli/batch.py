"""Batches without a store: ``batch`` cleans and reads inputs into Parquet (here or on Ray),
``load`` stores that output.

They register on the main Typer app (``diplowatch.cli``) and share its store and error handling.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from diplowatch.cli.app import (
    DbOption,
    LanguageOption,
    MaxBytesOption,
    ProcessesOption,
    PublishedOption,
    UrlOption,
    app,
    cores,
    event_reader,
    new_console,
    open_store,
    plain,
    print_report,
    print_tally,
    progress_display,
    read_options,
    reported_errors,
)
from diplowatch.config import Engine, nlp_settings


@app.command()
def batch(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files (pages, JSONL, WARC archives), folders (read recursively) or - for "
            "standard input."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="A new folder for the Parquet output.")],
    engine: Annotated[
        Engine, typer.Option("--engine", help="local: this machine; ray: Ray Data tasks.")
    ] = "local",
    address: Annotated[
        str | None,
        typer.Option("--address", help="A running Ray cluster (ray://host:10001); default: local."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Ray workers (one CPU each); default: all CPUs."),
    ] = None,
    events: Annotated[
        bool, typer.Option("--events/--no-events", help="Extract events and positions too.")
    ] = True,
    language: LanguageOption = None,
    url: UrlOption = None,
    published: PublishedOption = None,
    max_bytes: MaxBytesOption = None,
    processes: ProcessesOption = None,
) -> None:
    """Clean and read pages, files and web archives into Parquet without a store, on this
    machine or over a Ray cluster; `diplowatch load` stores the output."""
    from diplowatch.ingest import read_inputs
    from diplowatch.pipeline.batch import run_local, run_ray

    if address is not None and engine != "ray":
        raise typer.BadParameter("--address needs --engine ray", param_hint="--address")
    options = read_options(url, published, max_bytes)
    languages = frozenset(language) if language else None
    tally: Counter[str] = Counter()
    with reported_errors(), progress_display() as progress:
        task = progress.add_task("reading", total=None)
        items = read_inputs(paths, options, tally)

        def advance(rows: int) -> None:
            progress.advance(task, rows)

        if engine == "ray":
            settings = nlp_settings() if events else None
            if settings is not None:
                settings = dataclasses.replace(settings, processes=1)
            report = run_ray(
                items,
                out,
                settings,
                address=address,
                workers=workers,
                languages=languages,
                on_rows=advance,
            )
        else:
            reader = event_reader(cores(processes)) if events else None
            report = run_local(items, out, reader, languages, on_rows=advance)
    console = new_console(stderr=True)
    for failure in report.failed:
        console.print(f"[red]error:[/red] {plain(str(failure))}", highlight=False)
    print_tally(tally)
    console.print(
        f"[bold]{report.articles} articles[/bold], {report.events} events, "
        f"{report.other_language} in other languages, {len(report.failed)} failed -> "
        f"{escape(str(out))} ({len(report.parts)} Parquet parts)",
        highlight=False,
    )
    if report.failed:
        raise typer.Exit(1)


@app.command()
def load(
    folder: Annotated[Path, typer.Argument(help="The output folder of `diplowatch batch`.")],
    db: DbOption = None,
) -> None:
    """Store the output of `diplowatch batch`: pages, articles, events and positions."""
    from diplowatch.pipeline.batch import load_output

    with reported_errors(), open_store(db) as store, progress_display() as progress:
        task = progress.add_task("loading", total=None)
        report = load_output(store, folder, on_row=lambda _name: progress.advance(task))
    # The batch reported its failures; loading them is no failure of its own.
    failed, report.failed = report.failed, []
    print_report(report)
    if failed:
        new_console(stderr=True).print(f"{len(failed)} inputs had failed in the batch (not stored)")

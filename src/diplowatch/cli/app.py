"""The command line's Typer app, the option types its commands share, and the helpers they use:
one console per call, one red line per error, the store a command reads, the event reader.

Errors reach the user as one red line each naming the input and the problem; batch commands go
on past bad inputs, summarise, and exit non-zero when anything failed.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
)

from diplowatch.config import Settings, cache_dir, nlp_settings
from diplowatch.dates import parse_date_value
from diplowatch.errors import DiplowatchError, StoreError
from diplowatch.present.terminal import shown
from diplowatch.records import Failure, Page
from diplowatch.sites import address_problem

if TYPE_CHECKING:
    from diplowatch.ingest import ReadOptions
    from diplowatch.pipeline.storing import IngestReport
    from diplowatch.store import Store


if TYPE_CHECKING:
    from diplowatch.extract.reader import EventReader

app = typer.Typer(
    help="Turn news about wars and diplomacy into a sourced, queryable record.",
    no_args_is_help=True,
    add_completion=False,
)


def new_console(*, stderr: bool = False) -> Console:
    """A console for this call, sized to the terminal the command runs in."""
    return Console(stderr=stderr, soft_wrap=True)


PathsArgument = Annotated[
    list[str], typer.Argument(help="Files, folders (read recursively) or - for standard input.")
]
InputsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Files (pages, JSONL, WARC archives), folders (read recursively), - for standard "
        "input, or http(s) addresses to fetch."
    ),
]
LanguageOption = Annotated[
    list[str] | None,
    typer.Option(
        "--language",
        help="Keep only articles in this language (ISO 639-1, repeatable), e.g. en.",
    ),
]
UrlOption = Annotated[
    str | None, typer.Option("--url", help="The page's address (overrides meta.jsonl).")
]
PublishedOption = Annotated[
    str | None,
    typer.Option("--published", help="Publication date, e.g. 2022-11-10 (overrides meta.jsonl)."),
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database URL or SQLite file; default $DIPLOWATCH_DB or ./diplowatch.db."
    ),
]
ProcessesOption = Annotated[
    int | None,
    typer.Option(
        "--processes",
        min=1,
        help="Parse on this many cores (default $DIPLOWATCH_PROCESSES, else 1 for a few pages "
        "and every core for more).",
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="One JSON object per line instead of a table.")
]
LimitOption = Annotated[int | None, typer.Option("--limit", help="At most this many.")]
MaxBytesOption = Annotated[
    int | None, typer.Option("--max-bytes", help="Refuse input files larger than this.")
]
WatchesOption = Annotated[
    Path | None,
    typer.Option("--watches", help="A folder of your own watch files (or $DIPLOWATCH_WATCHES)."),
]
MinConfidenceOption = Annotated[
    float | None,
    typer.Option(
        "--min-confidence",
        help="Show events of at least this confidence (0-1); default $DIPLOWATCH_MIN_CONFIDENCE, "
        "else the judge's display threshold.",
    ),
]


def fail(message: str) -> None:
    new_console(stderr=True).print(f"[red]error:[/red] {plain(message)}", highlight=False)


def plain(text: str) -> str:
    """Text from inputs as the console prints it: unprintable characters escaped (a name
    never spans lines or sends terminal escapes) and no Rich markup."""
    return escape(shown(text))


def read_options(url: str | None, published: str | None, max_bytes: int | None) -> ReadOptions:
    from diplowatch.ingest import ReadOptions

    settings = settings_from_env()
    try:
        published_date: date | None = parse_date_value(published)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--published") from None
    problem = address_problem(url) if url else None
    if problem is not None:
        fail(f"--url {url!r}: {problem}")
        raise typer.Exit(2)
    return ReadOptions(url=url, published=published_date, max_bytes=max_bytes or settings.max_bytes)


def open_store(db: str | None, *, create: bool = True) -> Store:
    """The store of ``--db``, else of the environment (see ``store_url``). The actor tables
    that name what it holds are read from where they are kept (``load_gazetteer``)."""
    from diplowatch.resolve.actors import load_gazetteer
    from diplowatch.store import Store

    store = Store(store_url(db, create=create))
    load_gazetteer(cache_dir())
    return store


def store_url(db: str | None, *, create: bool = True) -> str:
    """The address of the store of ``--db``, else of the environment. A command that only
    reads it (``create=False``) says which store it reads, and refuses to create an empty one."""
    from diplowatch.store import as_db_url
    from diplowatch.store.database import shown_url, store_exists

    url = as_db_url(db) if db else settings_from_env().db_url
    if not create:
        if not store_exists(url):
            raise StoreError(
                f"{shown_url(url)}: no such store; name one with --db or $DIPLOWATCH_DB "
                "(`make demo` stores into demo.db), or store pages with `diplowatch ingest`"
            )
        new_console(stderr=True).print(
            f"[dim]store: {plain(shown_url(url))}[/dim]", highlight=False
        )
    return url


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn diplowatch's own errors into one red line and exit status 2."""
    try:
        yield
    except DiplowatchError as error:
        fail(str(error))
        raise typer.Exit(2) from None


@contextmanager
def exit_if_failed(failed: list[Failure]) -> Iterator[None]:
    """After the block, exit with status 1 when any input failed (each was printed as it came),
    saying how many."""
    yield
    if failed:
        noun = "input" if len(failed) == 1 else "inputs"
        new_console(stderr=True).print(f"[red]{len(failed)} {noun} failed[/red]", highlight=False)
        raise typer.Exit(1)


def settings_from_env() -> Settings:
    """The environment's settings; one that cannot be used is one red line and exit status 2."""
    with reported_errors():
        return Settings.from_env()


def min_confidence(given: float | None) -> float:
    """The confidence threshold given as ``--min-confidence``, else the environment's."""
    if given is None:
        return settings_from_env().min_confidence
    if not 0.0 <= given <= 1.0:  # also refuses nan
        message = f"a number from 0 to 1, not {given}"
        raise typer.BadParameter(message, param_hint="--min-confidence")
    return given


@contextmanager
def logged_fetches(*, enabled: bool = True) -> Iterator[None]:
    """Show what is fetched, retried and skipped, a line each on standard error."""
    if not enabled:
        yield
        return
    handler = RichHandler(
        console=new_console(stderr=True), show_path=False, markup=False, log_time_format="%H:%M:%S"
    )
    logger = logging.getLogger("diplowatch")
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def progress_display() -> Progress:
    """A progress display on standard error that vanishes when done (stdout stays clean):
    the count done and, for a stream of unknown length, the rate. Rich draws it only on a
    terminal; on a pipe nothing is shown."""
    console = new_console(stderr=True)
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", style="dim"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(show_speed=True),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def with_progress(
    items: Iterable[Page | Failure], progress: Progress, task: int
) -> Iterator[Page | Failure]:
    for item in items:
        progress.update(
            task, description=plain(item.name if isinstance(item, Page) else item.source)
        )
        yield item


def print_tally(tally: Counter[str] | None) -> None:
    """What web archives held besides the pages kept, a count each."""
    if tally:
        counts = ", ".join(f"{count} {what}" for what, count in sorted(tally.items()))
        new_console(stderr=True).print(f"archives: {plain(counts)}", highlight=False)


def print_report(report: IngestReport, tally: Counter[str] | None = None) -> None:
    for failure in report.failed:
        fail(str(failure))
    print_tally(tally)
    if report.other_language:
        languages = Counter(language for _name, language in report.other_language)
        counted = ", ".join(f"{count} {language}" for language, count in languages.most_common())
        new_console(stderr=True).print(
            f"left out for their language: {plain(counted)}", highlight=False
        )
    for name, language in report.not_read:
        new_console(stderr=True).print(
            f"[yellow]note:[/yellow] {plain(name)}: language {language!r}; "
            "stored without events (events are read in English only)",
            highlight=False,
        )
    new_console(stderr=True).print(
        f"[bold]{len(report.new)} new[/bold], {_new_addresses(report)}"
        f"{len(report.unchanged)} unchanged, "
        f"[{'red' if report.failed else 'green'}]{len(report.failed)} failed[/]",
        highlight=False,
    )


def _new_addresses(report: IngestReport) -> str:
    """'1 new address for a stored page, ' (and so on), or nothing when there is none."""
    count = len(report.new_addresses)
    if count == 0:
        return ""
    if count == 1:
        return "1 new address for a stored page, "
    return f"{count} new addresses for stored pages, "


def cores(processes: int | None) -> int | None:
    """The number of processes asked for, else ``$DIPLOWATCH_PROCESSES``, else None: as many
    as the batch pays for."""
    return processes if processes is not None else settings_from_env().processes


def event_reader(processes: int | None) -> EventReader:
    # Imported here: spaCy takes a while to import, and most commands do not need it.
    from diplowatch.extract.reader import EventReader

    settings = dataclasses.replace(nlp_settings(), processes=cores(processes))
    return EventReader.load(settings)


def main() -> None:
    """Entry point of the ``diplowatch`` command."""
    try:
        app()
    finally:
        # What the command built (the pipeline, the actor tables, the lexicon) is left for the
        # interpreter to free; frozen, the collections at exit pass over it instead of walking
        # it (a second of a one-page ``extract``).
        gc.freeze()

"""The command line: a thin Typer layer over the library (``diplowatch.pipeline``, the store).

Errors reach the user as one red line each naming the input and the problem; batch commands go
on past bad inputs, summarise, and exit non-zero when anything failed.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from diplowatch.config import Settings
from diplowatch.dates import parse_date_value
from diplowatch.errors import DiplowatchError, InputError
from diplowatch.evaluate import load_gold, score_articles, score_events
from diplowatch.evaluate_positions import score_positions, score_shifts
from diplowatch.ingest import ReadOptions, read_inputs
from diplowatch.ingest.fetch import Fetcher, FetchSettings
from diplowatch.ledger import ledger_order
from diplowatch.ledger import shifts as find_shifts
from diplowatch.pipeline import Cleaner, IngestReport, clean_stream, ingest
from diplowatch.records import Article, Event, Failure, Page, Position
from diplowatch.render import articles_table, evaluation_report, events_table
from diplowatch.render_positions import ledger_view, position_report, positions_table
from diplowatch.serialise import (
    article_json,
    dumps_line,
    event_json,
    position_json,
    positions_scores_json,
    scores_json,
    shift_json,
)
from diplowatch.sites import address_problem
from diplowatch.store import Store, as_db_url
from diplowatch.terminal import shown

if TYPE_CHECKING:
    from diplowatch.extract.article import Reading
    from diplowatch.extract.reader import EventReader

app = typer.Typer(
    help="Turn news about wars and diplomacy into a sourced, queryable record.",
    no_args_is_help=True,
    add_completion=False,
)


def _console(*, stderr: bool = False) -> Console:
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
        "--processes", min=1, help="Parse on this many cores (default $DIPLOWATCH_PROCESSES or 1)."
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="One JSON object per line instead of a table.")
]
LimitOption = Annotated[int | None, typer.Option("--limit", help="At most this many.")]
MaxBytesOption = Annotated[
    int | None, typer.Option("--max-bytes", help="Refuse input files larger than this.")
]
MinConfidenceOption = Annotated[
    float | None,
    typer.Option(
        "--min-confidence",
        help="Show events of at least this confidence (0-1); default $DIPLOWATCH_MIN_CONFIDENCE, "
        "else the judge's display threshold.",
    ),
]


def _fail(message: str) -> None:
    _console(stderr=True).print(f"[red]error:[/red] {plain(message)}", highlight=False)


def plain(text: str) -> str:
    """Text from inputs as the console prints it: unprintable characters escaped (a name
    never spans lines or sends terminal escapes) and no Rich markup."""
    return escape(shown(text))


def _read_options(url: str | None, published: str | None, max_bytes: int | None) -> ReadOptions:
    settings = settings_from_env()
    try:
        published_date: date | None = parse_date_value(published)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--published") from None
    problem = address_problem(url) if url else None
    if problem is not None:
        _fail(f"--url {url!r}: {problem}")
        raise typer.Exit(2)
    return ReadOptions(url=url, published=published_date, max_bytes=max_bytes or settings.max_bytes)


def _open_store(db: str | None) -> Store:
    return Store(as_db_url(db) if db else settings_from_env().db_url)


@contextmanager
def _reported_errors() -> Iterator[None]:
    """Turn diplowatch's own errors into one red line and exit status 2."""
    try:
        yield
    except DiplowatchError as error:
        _fail(str(error))
        raise typer.Exit(2) from None


def settings_from_env() -> Settings:
    """The environment's settings; one that cannot be used is one red line and exit status 2."""
    with _reported_errors():
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
        console=_console(stderr=True), show_path=False, markup=False, log_time_format="%H:%M:%S"
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


def _progress() -> Progress:
    """A progress display on standard error that vanishes when done (stdout stays clean)."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", style="dim"),
        BarColumn(),
        MofNCompleteColumn(),
        console=_console(stderr=True),
        transient=True,
    )


def _with_progress(
    items: Iterable[Page | Failure], progress: Progress, task: int
) -> Iterator[Page | Failure]:
    for item in items:
        progress.update(
            task, description=plain(item.name if isinstance(item, Page) else item.source)
        )
        yield item


@app.command()
def clean(
    paths: PathsArgument,
    url: UrlOption = None,
    published: PublishedOption = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Print each page's article as one JSON object per line."""
    options = _read_options(url, published, max_bytes)
    failed = 0
    with _progress() as progress:
        task = progress.add_task("reading", total=None)
        for result in clean_stream(_with_progress(read_inputs(paths, options), progress, task)):
            progress.advance(task)
            if isinstance(result, Failure):
                failed += 1
                _fail(str(result))
                continue
            sys.stdout.write(dumps_line(article_json(result)) + "\n")
    sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


def print_tally(tally: Counter[str] | None) -> None:
    """What web archives held besides the pages kept, a count each."""
    if tally:
        counts = ", ".join(f"{count} {what}" for what, count in sorted(tally.items()))
        _console(stderr=True).print(f"archives: {plain(counts)}", highlight=False)


def _print_report(report: IngestReport, tally: Counter[str] | None = None) -> None:
    for failure in report.failed:
        _fail(str(failure))
    print_tally(tally)
    if report.other_language:
        languages = Counter(language for _name, language in report.other_language)
        counted = ", ".join(f"{count} {language}" for language, count in languages.most_common())
        _console(stderr=True).print(
            f"left out for their language: {plain(counted)}", highlight=False
        )
    for name, language in report.not_read:
        _console(stderr=True).print(
            f"[yellow]note:[/yellow] {plain(name)}: language {language!r}; "
            "stored without events (events are read in English only)",
            highlight=False,
        )
    _console(stderr=True).print(
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


def _is_address(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _inputs(
    paths: list[str], options: ReadOptions, fetcher: Fetcher, tally: Counter[str]
) -> Iterator[Page | Failure]:
    """Pages from the addresses (fetched) and then from the files, folders and archives."""
    for address in filter(_is_address, paths):
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
    options = _read_options(url, published, max_bytes)
    tally: Counter[str] = Counter()
    fetching = FetchSettings(allow_private=allow_private)
    with (
        _reported_errors(),
        _open_store(db) as store,
        Fetcher(fetching) as fetcher,
        logged_fetches(enabled=any(map(_is_address, paths))),
    ):
        reader = _event_reader(processes) if events else None
        with Cleaner(_cores(processes)) as cleaner, _progress() as progress:
            task = progress.add_task("reading", total=None)
            report = ingest(
                store,
                _with_progress(_inputs(paths, options, fetcher, tally), progress, task),
                on_item=lambda _name: progress.advance(task),
                reader=reader,
                cleaner=cleaner,
                languages=frozenset(language) if language else None,
            )
    _print_report(report, tally)
    if report.failed:
        raise typer.Exit(1)


@app.command()
def articles(
    db: DbOption = None,
    as_json: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """List the stored articles, the latest ingested first."""
    with _reported_errors(), _open_store(db) as store:
        stored = list(store.articles(limit=limit))
    if as_json:
        for item in stored:
            sys.stdout.write(dumps_line(article_json(item.article)) + "\n")
        return
    _console().print(articles_table(stored))


@app.command(name="events")
def events_command(
    db: DbOption = None,
    page: Annotated[str | None, typer.Option("--page", help="Only this page's events.")] = None,
    as_json: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """List the stored events, in the order of their pages and sentences."""
    with _reported_errors(), _open_store(db) as store:
        stored = list(store.events(page=page, limit=limit))
    if as_json:
        for event in stored:
            sys.stdout.write(dumps_line(event_json(event)) + "\n")
        return
    _console().print(events_table(stored))


def _cores(processes: int | None) -> int:
    """The number of processes asked for, else ``$DIPLOWATCH_PROCESSES``, else 1."""
    return processes if processes is not None else settings_from_env().processes


def _event_reader(processes: int | None) -> EventReader:
    # Imported here: spaCy takes a while to import, and most commands do not need it.
    from diplowatch.extract.reader import EventReader
    from diplowatch.nlp import NlpSettings

    settings = dataclasses.replace(NlpSettings.from_env(), processes=_cores(processes))
    return EventReader.load(settings)


def _read_pages(paths: list[str], options: ReadOptions, processes: int | None) -> Iterator[Reading]:
    """Each article of the pages with its events and positions, without a store, as a
    stream: pages are cleaned a chunk ahead of the parser; failures are printed as they come."""
    reader = _event_reader(processes)
    with Cleaner(_cores(processes)) as cleaner, _progress() as progress:
        task = progress.add_task("reading", total=None)

        def articles() -> Iterator[Article]:
            pages = read_inputs(paths, options)
            for result in clean_stream(pages, cleaner):
                if isinstance(result, Failure):
                    _fail(str(result))
                    progress.advance(task)
                else:
                    yield result

        for reading in reader.read_each(articles()):
            progress.advance(task)
            if isinstance(reading, Failure):
                _fail(str(reading))
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
    options = _read_options(url, published, max_bytes)
    with _reported_errors():
        read = _read_pages(paths, options, processes)
        if output == "table":
            _console().print(events_table([e for reading in read for e in reading.events]))
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
    with _reported_errors():
        if paths:
            options = _read_options(url, published, max_bytes)
            read = [p for r in _read_pages(paths, options, processes) for p in r.positions]
            found = sorted(read, key=ledger_order)
            changes = find_shifts(found)
            if actor is not None:
                found = [p for p in found if p.actor.actor and p.actor.actor.country == actor]
                changes = [s for s in changes if s.actor == actor]
        else:
            with _open_store(db) as store:
                found, changes = store.positions(actor), store.shifts(actor)
    if (output or ("jsonl" if paths else "table")) == "jsonl":
        lines = map(shift_json, changes) if shifts else map(position_json, found)
        for record in lines:
            sys.stdout.write(dumps_line(record) + "\n")
        sys.stdout.flush()
        return
    if paths and not shifts:
        _console().print(positions_table(found))
        return
    _console().print(ledger_view(found, changes))


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
    with _reported_errors():
        gold_set = load_gold(gold)
        articles: list[Article] = []
        events: list[Event] = []
        found: list[Position] = []
        if pages is not None:
            for reading in _read_pages([pages], ReadOptions(), processes):
                articles.append(reading.article)
                events.extend(reading.events)
                found.extend(reading.positions)
        else:
            with _open_store(db) as store:
                articles = [item.article for item in store.articles()]
                events = list(store.events())
                found = store.positions()
    by_page = {article.page: article for article in articles}
    article_score = score_articles(gold_set, by_page)
    event_score = score_events(gold_set, events)
    on_pages = set(gold_set.pages) | {g.page for g in gold_set.positions}
    position_score = score_positions(gold_set.positions, on_pages, found)
    shift_score = score_shifts(gold_set.shifts, find_shifts(found))
    if as_json:
        scores = scores_json(article_score, event_score)
        scores.update(positions_scores_json(position_score, shift_score))
        sys.stdout.write(dumps_line(scores) + "\n")
        return
    console = _console()
    console.print(evaluation_report(article_score, event_score))
    console.print(position_report(position_score, shift_score))


def main() -> None:
    """Entry point of the ``diplowatch`` command."""
    app()


# The commands over stories and watches register themselves on ``app``.
from diplowatch import cli_batch, cli_follow, cli_serve, cli_watch  # noqa: E402, F401

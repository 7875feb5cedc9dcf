"""``stories``, ``watches``, ``digest`` and ``export``: what the store holds, by story, watch and
week."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.table import Table

from diplowatch.cli.app import (
    DbOption,
    JsonOption,
    LimitOption,
    MinConfidenceOption,
    WatchesOption,
    app,
    min_confidence,
    new_console,
    open_store,
    reported_errors,
    store_url,
)
from diplowatch.config import DEFAULT_SITE, watch_folder

if TYPE_CHECKING:
    from diplowatch.query import Filters


WatchOption = Annotated[
    str | None, typer.Option("--watch", help="A watch's name, or the path of its YAML file.")
]
ActorOption = Annotated[
    str | None, typer.Option("--actor", help="A country or actor code on either side (UKR).")
]
TypeOption = Annotated[str | None, typer.Option("--type", help="A PLOVER type (CONSULT).")]
SinceOption = Annotated[str | None, typer.Option("--since", help="From this date on (2024-08-05).")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Up to this date (2024-08-11).")]


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        message = f"{value!r} is not a date such as 2024-08-05"
        raise typer.BadParameter(message, param_hint=name) from None


def _filters(
    watch: str | None,
    watches: Path | None,
    actor: str | None,
    kind: str | None,
    since: str | None,
    until: str | None,
) -> Filters:
    from diplowatch.query import Filters
    from diplowatch.watches import get_watch

    chosen = get_watch(watch, watch_folder(watches)) if watch else None
    return Filters(
        chosen,
        actor,
        kind.upper() if kind else None,
        None,
        _date(since, "--since"),
        _date(until, "--until"),
    )


@app.command()
def stories(
    db: DbOption = None,
    watch: WatchOption = None,
    watches: WatchesOption = None,
    actor: ActorOption = None,
    kind: TypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_json: JsonOption = False,
    limit: LimitOption = None,
) -> None:
    """List stories: one real event with every outlet that reports it."""
    from diplowatch.present.serialise import dumps_line, story_json

    with reported_errors(), open_store(db, create=False) as store:
        chosen = _filters(watch, watches, actor, kind, since, until)
        found = list(chosen.stories(store.stories(chosen.since, chosen.until)))[:limit]
    if as_json:
        for story in found:
            sys.stdout.write(dumps_line(story_json(story)) + "\n")
        return
    table = Table(title=f"{len(found)} stories", show_lines=False)
    for column in ("date", "type", "source", "target", "sources", "reports", "differ"):
        table.add_column(column)
    for story in found:
        day = story.date or story.first_reported
        table.add_row(
            day.isoformat() if day else "",
            story.type,
            story.source.text if story.source else "",
            story.target.text if story.target else "",
            str(story.corroboration),
            str(len(story.reports)),
            ", ".join(d.field for d in story.disagreements),
        )
    new_console().print(table)


@app.command(name="watches")
def watches_command(watches: WatchesOption = None) -> None:
    """List the watches: those shipped and your own."""
    from diplowatch.watches import load_watches

    with reported_errors():
        found = load_watches(watch_folder(watches))
    table = Table(title="watches")
    for column in ("name", "title", "parties", "places"):
        table.add_column(column)
    for watch in found.values():
        table.add_row(watch.name, watch.title, " ".join(watch.parties), ", ".join(watch.places))
    new_console().print(table)


@app.command()
def digest(
    watch: Annotated[str, typer.Option("--watch", help="A watch's name or YAML file.")],
    week: Annotated[
        str | None,
        typer.Option(
            "--week", help="An ISO week, e.g. 2024-W32; default: each week the store has pages of."
        ),
    ] = None,
    form: Annotated[
        Literal["md", "html", "rss", "json"],
        typer.Option(
            "--format", help="md, html (a newsletter page), rss (one entry per week) or json."
        ),
    ] = "md",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write here (a folder when no --week is given)."),
    ] = None,
    weeks: Annotated[
        int, typer.Option("--weeks", help="Weeks an RSS feed carries, up to --week.")
    ] = 8,
    site: Annotated[
        str,
        typer.Option("--site", help="Where `diplowatch serve` answers: RSS entries link there."),
    ] = DEFAULT_SITE,
    db: DbOption = None,
    watches: WatchesOption = None,
    confidence: MinConfidenceOption = None,
) -> None:
    """Write a watch's weekly round-up, every line built from stored records and cited; only
    events of at least the confidence threshold make items."""
    from diplowatch.digest import digest_for, feed_weeks, render, week_of
    from diplowatch.watches import get_watch

    if not site.startswith(("http://", "https://")):
        raise typer.BadParameter(f"--site: an http(s) address, not {site!r}")
    threshold = min_confidence(confidence)
    with reported_errors(), open_store(db, create=False) as store:
        chosen = get_watch(watch, watch_folder(watches))
        wanted = [week] if week else sorted({week_of(d) for d in store.publication_days()})
        texts = []
        for one in wanted:
            this_week = digest_for(store, chosen, one, min_confidence=threshold)
            feed = feed_weeks(store, chosen, one, weeks, threshold) if form == "rss" else ()
            texts.append((one, render(this_week, form, feed, site.rstrip("/") + "/")))
    for one, text in texts:
        if out is None:
            sys.stdout.write(text + ("\n" if len(texts) > 1 else ""))
            continue
        path = out if week else out / f"{chosen.name}-{one}.{form}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        new_console(stderr=True).print(f"wrote {path}")


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", help="The folder to write the tables into.")],
    form: Annotated[
        Literal["csv", "parquet", "jsonl"], typer.Option("--format", help="csv, parquet, jsonl.")
    ] = "csv",
    watch: WatchOption = None,
    watches: WatchesOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    db: DbOption = None,
) -> None:
    """Export events, stories and positions as flat tables (GDELT/POLECAT-style columns)."""
    from diplowatch.notebook import Archive

    with reported_errors():
        archive = Archive(store_url(db, create=False), watches)
        with archive:
            counts = archive.export(
                out, form, watch=watch, since=_date(since, "--since"), until=_date(until, "--until")
            )
    for name, count in counts.items():
        new_console().print(f"{name}: {count} rows -> {out / f'{name}.{form}'}")

"""Rich tables for the terminal: stored articles, events, and evaluation scores."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from diplowatch.evaluation.events import ArticleScore, EventScore
from diplowatch.plover import SHORT
from diplowatch.present.terminal import shown
from diplowatch.records import Event, Participant

if TYPE_CHECKING:
    # Only named in annotations: the store (SQLAlchemy) is no import of ``extract``.
    from diplowatch.store import StoredArticle


def articles_table(stored: Sequence[StoredArticle]) -> Table:
    table = Table(title=f"{len(stored)} stored articles", title_justify="left")
    for column in ("id", "published", "site", "title", "paragraphs", "language"):
        table.add_column(column, overflow="ellipsis")
    for item in stored:
        article = item.article
        table.add_row(
            str(item.page_id),
            article.published.isoformat() if article.published else "unknown",
            Text(shown(article.site or "")),
            Text(shown(article.title or article.page)),
            str(len(article.paragraphs)),
            article.language or "?",
        )
    return table


def _side(participant: Participant | None) -> str:
    if participant is None:
        return "-"
    actor = participant.actor
    if actor is None:
        return shown(participant.text)
    code = "".join(part for part in (actor.country, actor.sector) if part)
    return f"{shown(participant.text)} [{code}]" if code else shown(participant.text)


def _when(event: Event) -> str:
    mention = event.date
    if mention is None:
        return ""
    if mention.start is None:
        return f"{mention.text} (unresolved)"
    return f"{mention.start.isoformat()} ({mention.text})"


def events_table(events: Sequence[Event], title: str | None = None) -> Table:
    """One row an event: who, what, to whom, when, how sure, and the words it rests on."""
    table = Table(
        title=title or f"{len(events)} events", title_justify="left", show_lines=True, expand=True
    )
    table.add_column("source", ratio=2, overflow="ellipsis")
    table.add_column("type", no_wrap=True)
    table.add_column("target", ratio=2, overflow="ellipsis")
    # Wide enough for a whole day ("2024-08-07") and the header.
    table.add_column("date", width=10, overflow="ellipsis")
    table.add_column("certainty", min_width=9, overflow="ellipsis")
    table.add_column("evidence", ratio=5, overflow="ellipsis")
    for event in events:
        kind = f"not {event.type}" if event.negated else event.type
        certainty = event.certainty + (f" ({event.attribution})" if event.attribution else "")
        table.add_row(
            Text(_side(event.source)),
            kind,
            Text(_side(event.target)),
            Text(shown(_when(event))),
            certainty,
            Text(shown(event.evidence), style="italic"),
        )
    return table


def _figures(name: str, precision: float, recall: float, f1: float) -> tuple[str, ...]:
    return name, f"{precision:.3f}", f"{recall:.3f}", f"{f1:.3f}"


def evaluation_report(articles: ArticleScore, events: EventScore) -> RenderableType:
    """The scores, then the required gold events missed and the predictions matching none."""
    scores = Table(title="scores", title_justify="left")
    for column in ("what", "precision", "recall", "F1"):
        scores.add_column(column)
    body = articles.body
    scores.add_row(*_figures("article body", body.precision, body.recall, body.f1))
    scores.add_row(*_figures("events", events.precision, events.recall, events.f1))
    notes = Table.grid(padding=(0, 2))
    notes.add_row(
        "date accuracy",
        f"{events.date_accuracy:.3f} ({events.dated.true_positives}/"
        f"{events.dated.true_positives + events.dated.false_positives} dated matches)",
    )
    notes.add_row(
        "certainty accuracy", f"{events.certainty_accuracy:.3f} ({len(events.matched)} matches)"
    )
    notes.add_row("duplicate predictions", str(events.duplicates))
    notes.add_row("negated predictions (not scored)", str(events.negated))
    for name, right in sorted(articles.fields_right.items()):
        notes.add_row(f"article {name}", f"{right}/{articles.pages} pages right")
    missed = Table(title=f"{len(events.missed)} required gold events missed", title_justify="left")
    for column in ("page", "source", "type", "target", "evidence"):
        missed.add_column(column, overflow="ellipsis")
    for gold in events.missed:
        targets = "/".join(target or "none" for target in gold.targets)
        missed.add_row(gold.page, gold.source or "-", "/".join(gold.types), targets, gold.evidence)
    return Group(
        scores,
        notes,
        type_table(events),
        confusion_table(events),
        missed,
        events_table(events.spurious, title=f"{len(events.spurious)} predictions matching no gold"),
    )


def type_table(events: EventScore) -> Table:
    """Precision and recall of each PLOVER type."""
    table = Table(title="events by type", title_justify="left")
    for column in ("type", "right", "spurious", "precision", "found", "missed", "recall", "F1"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for kind, counts in sorted(events.by_type.items()):
        table.add_row(
            kind,
            str(counts.right),
            str(counts.spurious),
            f"{counts.precision:.2f}",
            str(counts.found),
            str(counts.missed),
            f"{counts.recall:.2f}",
            f"{counts.f1:.2f}",
        )
    return table


# Three letters a type, so that the confusion of 16 types fits a terminal's width.
TYPE_ABBREVIATIONS = {**SHORT, "none": "-"}


def confusion_table(events: EventScore) -> Table:
    """Gold types (rows) against predicted types (columns), over predictions and required gold
    events of the same sentence and sides; "-": no counterpart (a missed gold event, a
    spurious prediction)."""
    gold_types = sorted({gold for gold, _ in events.confusion}, key=_none_last)
    predicted_types = sorted({predicted for _, predicted in events.confusion}, key=_none_last)
    table = Table(
        title="types: gold (rows) by predicted (columns), - none; by their first 3 letters, "
        "CED concede, CNS consult, COE coerce, COO cooperate",
        title_justify="left",
        box=None,
        padding=(0, 1),
    )
    table.add_column("gold", no_wrap=True, min_width=4)
    for kind in predicted_types:
        table.add_column(
            TYPE_ABBREVIATIONS.get(kind, kind[:3]), justify="right", no_wrap=True, min_width=3
        )
    for gold in gold_types:
        cells = [str(events.confusion.get((gold, kind), "")) for kind in predicted_types]
        table.add_row(TYPE_ABBREVIATIONS.get(gold, gold[:3]), *cells)
    return table


def _none_last(kind: str) -> tuple[bool, str]:
    return kind == "none", kind

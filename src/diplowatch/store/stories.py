"""Stories in the store: blocks marked when their events change, rebuilt from all their events,
and read back with every report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from diplowatch.linking.stories import (
    Agencies,
    BlockKey,
    block_key,
    block_label,
    build_stories,
)
from diplowatch.plover import SYMMETRIC, grouped_with
from diplowatch.records import Disagreement, Event, Report, Story
from diplowatch.store import schema
from diplowatch.store.order import free_keys, sort_key
from diplowatch.store.rows import event_from_row, participant_from_json, participant_json


def mark_blocks(connection: Connection, events: Iterable[Event]) -> None:
    """Note the blocks these events join; their stories are rebuilt by ``rebuild_block``."""
    labels = sorted({block_label(block_key(Report(event, None, None))) for event in events})
    if not labels:
        return
    present = set(
        connection.execute(
            sa.select(schema.story_blocks.c.block).where(schema.story_blocks.c.block.in_(labels))
        ).scalars()
    )
    missing = [{"block": label} for label in labels if label not in present]
    if missing:
        connection.execute(sa.insert(schema.story_blocks), missing)


def dirty_blocks(connection: Connection) -> list[str]:
    """The blocks waiting for a rebuild, in code point order (sorted here: the database's
    collation orders text differently on SQLite and PostgreSQL)."""
    return sorted(connection.execute(sa.select(schema.story_blocks.c.block)).scalars())


def _parse_label(label: str) -> BlockKey:
    kind, one, other, negated = label.split("|")
    return kind, one, other, negated == "neg"


def _is_country(column: sa.ColumnElement[Any], code: str) -> sa.ColumnElement[bool]:
    return column.is_(None) if code == "-" else column == code


def block_reports(connection: Connection, label: str) -> list[Report]:
    """Every stored event of a block, as the report of its article (site, date, copy of)."""
    key = _parse_label(label)
    kind, one, other, negated = key
    events = schema.events
    types = list(grouped_with(kind))
    pair = sa.and_(
        _is_country(events.c.source_country, one), _is_country(events.c.target_country, other)
    )
    if kind in SYMMETRIC:
        swapped = sa.and_(
            _is_country(events.c.source_country, other),
            _is_country(events.c.target_country, one),
        )
        pair = sa.or_(pair, swapped)
    query = (
        _reports_select()
        .where(events.c.type.in_(types), events.c.negated == negated, pair)
        .order_by(events.c.page_id, events.c.sentence_index, events.c.id)
    )
    reports = [_report(row) for row in connection.execute(query)]
    return [report for report in reports if block_key(report) == key]


def _reports_select() -> sa.Select[Any]:
    """Events with what their reports need: the article's site and date, and for a syndicated
    copy the original's page and site."""
    events, articles = schema.events, schema.articles
    original = articles.alias("original")
    return (
        sa.select(
            events,
            articles.c.site.label("article_site"),
            articles.c.published.label("article_published"),
            original.c.page.label("copy_of"),
            original.c.site.label("copy_of_site"),
        )
        .join(articles, articles.c.page_id == events.c.page_id)
        .outerjoin(schema.copies, schema.copies.c.page_id == events.c.page_id)
        .outerjoin(original, original.c.page_id == schema.copies.c.original_id)
    )


def _report(row: Any) -> Report:
    return Report(
        event=event_from_row(row),
        site=row.article_site,
        published=row.article_published,
        copy_of=row.copy_of,
        copy_of_site=row.copy_of_site,
    )


def rebuild_block(connection: Connection, label: str, agencies: Agencies) -> int:
    """Replace a block's stories by those its events tell now; the number of stories."""
    found = build_stories(block_reports(connection, label), agencies=agencies)
    connection.execute(sa.delete(schema.stories).where(schema.stories.c.block == label))
    if found:
        days = [story_day(story) for story in found]
        keys = free_keys(
            connection,
            schema.stories.c.seq,
            [sort_key(day, story.id) for day, story in zip(days, found, strict=True)],
        )
        connection.execute(
            sa.insert(schema.stories),
            [
                story_row(label, story, day, key)
                for story, day, key in zip(found, days, keys, strict=True)
            ],
        )
        connection.execute(
            sa.insert(schema.story_reports),
            [
                {"story_id": story.id, "event_id": report.event.id, "position": index}
                for story in found
                for index, report in enumerate(story.reports)
            ],
        )
    connection.execute(sa.delete(schema.story_blocks).where(schema.story_blocks.c.block == label))
    return len(found)


def story_day(story: Story) -> date:
    """The day a story stands at: its date, else its first report's, else today."""
    return story.date or story.first_reported or datetime.now(UTC).date()


def story_row(label: str, story: Story, day: date, seq: int) -> dict[str, Any]:
    return {
        "id": story.id,
        "block": label,
        "type": story.type,
        "source": participant_json(story.source),
        "target": participant_json(story.target),
        "source_country": story.source.actor.country
        if story.source and story.source.actor
        else None,
        "target_country": story.target.actor.country
        if story.target and story.target.actor
        else None,
        "date": story.date,
        "date_precision": story.date_precision,
        "first_reported": story.first_reported,
        "latest_reported": story.latest_reported,
        "corroboration": story.corroboration,
        "outlets": list(story.outlets),
        "sources": list(story.sources),
        "disagreements": [
            {"field": d.field, "values": [[value, list(sites)] for value, sites in d.values]}
            for d in story.disagreements
        ],
        "day": day,
        "seq": seq,
    }


def read_stories(
    connection: Connection,
    where: Sequence[sa.ColumnElement[bool]] = (),
    limit: int | None = None,
) -> list[Story]:
    """Stored stories (those matching ``where``), in time order (undated first, on every back
    end), each with all its reports."""
    table = schema.stories
    order = sa.nulls_first(sa.func.coalesce(table.c.date, table.c.first_reported))
    rows = list(
        connection.execute(sa.select(table).where(*where).order_by(order, table.c.id).limit(limit))
    )
    reports = _reports_of(connection, [row.id for row in rows])
    return [_story_from(row, reports.get(row.id, ())) for row in rows]


def _reports_of(connection: Connection, ids: Sequence[str]) -> dict[str, list[Report]]:
    events, links = schema.events, schema.story_reports
    found: dict[str, list[Report]] = {}
    for start in range(0, len(ids), 500):
        query = (
            _reports_select()
            .add_columns(links.c.story_id)
            .join(links, links.c.event_id == events.c.id)
            .where(links.c.story_id.in_(ids[start : start + 500]))
            .order_by(links.c.story_id, links.c.position)
        )
        for row in connection.execute(query):
            found.setdefault(row.story_id, []).append(_report(row))
    return found


def _story_from(row: Any, reports: Sequence[Report]) -> Story:
    return Story(
        id=row.id,
        type=row.type,
        source=participant_from_json(row.source),
        target=participant_from_json(row.target),
        date=row.date,
        date_precision=row.date_precision,
        first_reported=row.first_reported,
        latest_reported=row.latest_reported,
        reports=tuple(reports),
        outlets=tuple(row.outlets),
        sources=tuple(row.sources),
        disagreements=tuple(
            Disagreement(d["field"], tuple((value, tuple(sites)) for value, sites in d["values"]))
            for d in row.disagreements
        ),
    )


def in_period(since: date | None, until: date | None) -> list[sa.ColumnElement[bool]]:
    """Stories dated (else first reported) within the period."""
    when = sa.func.coalesce(schema.stories.c.date, schema.stories.c.first_reported)
    found = []
    if since is not None:
        found.append(when >= since)
    if until is not None:
        found.append(when <= until)
    return found

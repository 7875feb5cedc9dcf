"""Other addresses of stored pages: the same content arriving under a new address (a page that
moved, one served at two addresses) is recorded against the page already stored, with the date
and fetch time it came with, so no report's address is lost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from diplowatch.records import Page
from diplowatch.store import schema
from diplowatch.store.rows import as_utc


@dataclass(frozen=True, slots=True)
class PageAddress:
    """Another address a stored page's content arrived under, as it came."""

    url: str
    name: str
    published: date | None
    fetched_at: datetime | None
    added_at: datetime


def record_address(connection: Connection, page: Page) -> bool:
    """Record ``page.url`` as another address of the stored page of the same content; False
    when the page has no address, no page of its content is stored, or the stored page already
    has the address (as its own or as another)."""
    if not page.url:
        return False
    pages, table = schema.pages, schema.page_addresses
    stored = connection.execute(
        sa.select(pages.c.id).where(pages.c.content_hash == page.content_hash)
    ).scalar_one_or_none()
    if stored is None:
        return False
    # Compared in SQL, where the address is stored as given (a NUL in it replaced alike).
    own = sa.select(pages.c.id).where(pages.c.id == stored, pages.c.url == page.url)
    other = sa.select(table.c.page_id).where(table.c.page_id == stored, table.c.url == page.url)
    if connection.execute(sa.select(sa.exists(own.union_all(other)))).scalar():
        return False
    connection.execute(
        sa.insert(table).values(
            page_id=stored,
            url=page.url,
            name=page.name,
            published=page.published,
            fetched_at=page.fetched_at,
            added_at=datetime.now(UTC),
        )
    )
    return True


def addresses_of(connection: Connection, content_hash: str) -> list[PageAddress]:
    """The other addresses of the stored page of this content, in the order they arrived."""
    pages, table = schema.pages, schema.page_addresses
    rows = connection.execute(
        sa.select(table)
        .join(pages, pages.c.id == table.c.page_id)
        .where(pages.c.content_hash == content_hash)
        .order_by(table.c.added_at, table.c.url)
    )
    return [
        PageAddress(
            url=row.url,
            name=row.name,
            published=row.published,
            fetched_at=as_utc(row.fetched_at) if row.fetched_at else None,
            added_at=as_utc(row.added_at),
        )
        for row in rows
    ]

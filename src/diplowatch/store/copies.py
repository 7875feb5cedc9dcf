"""Syndicated copies in the store: fingerprints, their LSH band index, and copy links."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from diplowatch.linking.copies import Fingerprint, is_copy
from diplowatch.store import schema


def record_fingerprint(connection: Connection, page_id: int, found: Fingerprint) -> None:
    """Store a page's fingerprint and, when a page stored before it has the same article, link
    it to that page's original (the first page of its text)."""
    original = _original_of(connection, found)
    connection.execute(
        sa.insert(schema.fingerprints).values(page_id=page_id, signature=found.signature)
    )
    connection.execute(
        sa.insert(schema.fingerprint_bands),
        [{"band": band, "page_id": page_id} for band in found.bands],
    )
    if original is not None:
        original_id, similarity = original
        connection.execute(
            sa.insert(schema.copies).values(
                page_id=page_id, original_id=original_id, similarity=similarity
            )
        )


def _original_of(connection: Connection, found: Fingerprint) -> tuple[int, float] | None:
    """The most similar stored page sharing a band with the fingerprint, if it is a copy; as
    the original it is a copy of, where it is one itself."""
    bands = schema.fingerprint_bands
    candidates = connection.execute(
        sa.select(schema.fingerprints.c.page_id, schema.fingerprints.c.signature)
        .where(
            schema.fingerprints.c.page_id.in_(
                sa.select(bands.c.page_id).where(bands.c.band.in_(found.bands)).distinct()
            )
        )
        .order_by(schema.fingerprints.c.page_id)
    )
    best: tuple[int, float] | None = None
    for row in candidates:
        other = Fingerprint(row.signature, ())
        if not is_copy(found, other):
            continue
        similarity = found.similarity(other)
        if best is None or similarity > best[1]:
            best = (row.page_id, similarity)
    if best is None:
        return None
    upstream = connection.execute(
        sa.select(schema.copies.c.original_id).where(schema.copies.c.page_id == best[0])
    ).scalar_one_or_none()
    return (upstream or best[0], best[1])

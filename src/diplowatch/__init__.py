"""diplowatch: news about wars and diplomacy as a sourced, queryable record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diplowatch.errors import DiplowatchError, InputError, StoreError
from diplowatch.records import Article, Page

if TYPE_CHECKING:
    from pathlib import Path

    from diplowatch.notebook import Archive

__all__ = ["Article", "DiplowatchError", "InputError", "Page", "StoreError", "open"]
__version__ = "0.1.0"


def open(db_url: str | None = None, watches: str | Path | None = None) -> Archive:
    """Open a store for reading records in Python (see ``diplowatch.notebook.Archive``)."""
    from diplowatch.notebook import open as open_archive

    return open_archive(db_url, watches)

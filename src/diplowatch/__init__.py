"""diplowatch: news about wars and diplomacy as a sourced, queryable record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diplowatch.errors import DiplowatchError, InputError, StoreError
from diplowatch.records import Article, Page

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from diplowatch.notebook import Archive

__all__ = [
    "Article",
    "DiplowatchError",
    "InputError",
    "Page",
    "StoreError",
    "open",
    "read_table",
]
__version__ = "0.1.0"


def open(db_url: str | None = None, watches: str | Path | None = None) -> Archive:
    """Open a store for reading records in Python (see ``diplowatch.notebook.Archive``)."""
    from diplowatch.notebook import open as open_archive

    return open_archive(db_url, watches)


def read_table(path: str | Path) -> pd.DataFrame:
    """An exported table (CSV, Parquet or JSON lines) in pandas with its columns' types: codes
    as text ("040" stays "040"), dates as dates (see ``diplowatch.present.export.read_table``)."""
    from diplowatch.present.export import read_table as read_exported

    return read_exported(path)

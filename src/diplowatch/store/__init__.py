"""Store stage: records -> database rows (SQLite by default, any SQLAlchemy URL)."""

from diplowatch.store.database import (
    DB_URL_VARIABLE,
    DEFAULT_DB_URL,
    Store,
    StoredArticle,
    as_db_url,
    default_db_url,
)

__all__ = [
    "DB_URL_VARIABLE",
    "DEFAULT_DB_URL",
    "Store",
    "StoredArticle",
    "as_db_url",
    "default_db_url",
]

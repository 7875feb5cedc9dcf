"""Store stage: records -> database rows (SQLite by default, any SQLAlchemy URL)."""

from diplowatch.store.database import DEFAULT_DB_URL, Store, StoredArticle, as_db_url

__all__ = ["DEFAULT_DB_URL", "Store", "StoredArticle", "as_db_url"]

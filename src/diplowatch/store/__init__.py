"""Store stage: records -> database rows (SQLite by default, any SQLAlchemy URL)."""

from diplowatch.config import DEFAULT_DB_URL
from diplowatch.store.database import Store, StoredArticle, as_db_url

__all__ = ["DEFAULT_DB_URL", "Store", "StoredArticle", "as_db_url"]

"""diplowatch: news about wars and diplomacy as a sourced, queryable record."""

from diplowatch.errors import DiplowatchError, InputError, StoreError
from diplowatch.records import Article, Page

__all__ = ["Article", "DiplowatchError", "InputError", "Page", "StoreError"]
__version__ = "0.1.0"

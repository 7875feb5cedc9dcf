"""The web interface and JSON API (``diplowatch serve``)."""

from diplowatch.web.app import create_app
from diplowatch.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]

"""The ``diplowatch`` command line: a thin Typer layer over the library.

``app`` (in ``app.py``) holds the Typer app and what its commands share; each group of commands
is a module that registers on it, in the order ``--help`` lists them: ``read`` (clean, extract,
positions, eval), ``store`` (ingest, articles, events), ``stories`` (stories, watches, digest,
export), ``follow`` (the ``watch`` group), ``batch`` (batch, load) and ``serve``.
"""

from diplowatch.cli import read, store, stories, follow, batch, serve  # noqa: I001
from diplowatch.cli.app import app, main

__all__ = ["app", "batch", "follow", "main", "read", "serve", "store", "stories"]

"""The one exception family of diplowatch.

Every error names its input and its problem so that the CLI can print it as one line.
"""

from __future__ import annotations


class DiplowatchError(Exception):
    """Base of every error diplowatch raises on purpose."""


class InputError(DiplowatchError):
    """An input (file, record, URL) that cannot be read as a page."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class StoreError(DiplowatchError):
    """The store cannot be opened or written."""


class SettingError(DiplowatchError):
    """A setting (an environment variable or an option) whose value cannot be used."""

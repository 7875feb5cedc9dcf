"""The one exception tree of diplowatch: every error it raises on purpose, each naming its input
or setting and the problem, so that the command line prints it as one red line (exit status 2)
and the web answers it as a 4xx with that line.

    DiplowatchError
    ├── InputError        an input (file, record, address) that cannot be read as a page
    ├── StoreError        the store cannot be opened or written
    ├── SettingError      an environment variable or option whose value cannot be used
    ├── ModelError        the spaCy pipeline is not installed or cannot be loaded
    │   └── ModelFileError   a judge's model file is missing or not a model
    ├── WatchError        a watch file that cannot be read, or a watch that does not exist
    ├── WeekError         a week not written as ISO year and week (2024-W32)
    └── BatchError        a batch that cannot run, or an output folder that cannot be read

Failures of one input inside a batch are not raised: they are ``records.Failure`` values, and
the batch goes on (see ``failures``).
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


class ModelError(DiplowatchError):
    """The configured spaCy pipeline is not installed or cannot be loaded."""


class ModelFileError(ModelError, ValueError):
    """A judge's model file is missing or not a model."""


class WatchError(DiplowatchError):
    """A watch file that cannot be read, or a watch that does not exist."""


class WeekError(DiplowatchError):
    """A week that is not written as ISO year and week (2024-W32)."""


class BatchError(DiplowatchError):
    """A batch that cannot run or an output folder that cannot be read."""

"""The package's data files (cue lists, lexicons, gazetteers), each saying where its facts come
from; read through these two functions only."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any


def read_text(path: str) -> str:
    """A data file's text, by its path under ``diplowatch/data`` ("events/speech.toml")."""
    return resources.files(__name__).joinpath(path).read_text("utf-8")


def read_toml(path: str) -> dict[str, Any]:
    """A data file read as TOML."""
    return tomllib.loads(read_text(path))

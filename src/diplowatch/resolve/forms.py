"""The actor names as the tokenizer splits them, kept on disk: tokenising the gazetteer's
13,000 names (each alone and inside a sentence) costs seconds at every start; the index of
their token forms, read back, takes a few milliseconds.

A kept index is named by a hash of what it depends on (spaCy's version, the names, and this
module's format), so data or spaCy changing makes a new file and an old one is never read (see
``diplowatch.kept``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from diplowatch.kept import digest_of, kept_build

FORMAT = 2
T = TypeVar("T")


def kept_forms(folder: Path | None, names: Sequence[str], build: Callable[[], T], kind: type) -> T:
    """The index ``build`` makes of the tokenised forms of ``names``, kept in ``folder``
    between runs (None: built every time)."""
    import spacy

    path = None
    if folder is not None:
        path = folder / f"actor-forms-{digest_of([str(FORMAT), spacy.__version__, *names])}.pickle"
    return kept_build(path, build, kind)

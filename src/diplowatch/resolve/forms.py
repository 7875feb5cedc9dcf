"""The actor names as the tokenizer splits them, kept on disk: tokenising the gazetteer's
13,000 names (each alone and inside a sentence) costs seconds at every start; read back, the
same token sequences make the same phrase patterns in a fraction of that.

A cache file is named by a hash of what it depends on (spaCy's version, the names, and this
module's format), so data or spaCy changing makes a new file and an old one is never read; it
is written to a temporary file and renamed into place, so two processes starting at once each
read a whole file or none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import spacy

from diplowatch.kept import keep_json, read_kept

FORMAT = 1
# One name's forms: each a sequence of (token text, followed by a space).
Forms = list[list[tuple[str, bool]]]


def _path(folder: Path, names: Sequence[str]) -> Path:
    digest = hashlib.sha256(f"{FORMAT}\n{spacy.__version__}\n".encode())
    for name in names:
        digest.update(name.encode("utf-8", "surrogatepass") + b"\0")
    return folder / f"actor-forms-{digest.hexdigest()[:24]}.json"


def read_forms(folder: Path | None, names: Sequence[str]) -> list[Forms] | None:
    """The forms of ``names`` kept in ``folder``, or None where none are (or they cannot be
    read, or do not match ``names``)."""
    if folder is None:
        return None
    found = read_kept(_path(folder, names))
    if not isinstance(found, list) or len(found) != len(names):
        return None
    return [[[(text, bool(space)) for text, space in form] for form in forms] for forms in found]


def write_forms(folder: Path | None, names: Sequence[str], forms: Sequence[Forms]) -> None:
    """Keep the forms of ``names`` in ``folder`` (nothing where it cannot be written)."""
    if folder is not None:
        keep_json(_path(folder, names), forms)

"""Files that keep what is built from the packaged data between runs (the event lexicon, the
actor tables and their names' forms, the place index, the language identifier's model
unpacked): written whole to a temporary file and renamed into place, so that two processes
starting at once each read a whole file or none.

A kept file is named by a hash of everything it is built from, so changed data (or a changed
layout, or another version of a library that shapes it) makes a new file and an old one is
never read. Pickled files are read only from the user's own cache folder, written there by
diplowatch with the user's own permissions (0600).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def keep_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` at ``path``, whole or not at all (nothing where the folder cannot be
    written)."""
    keep_file(path, lambda temporary: temporary.write_bytes(data))


def keep_file(path: Path, write: Callable[[Path], object]) -> bool:
    """Have ``write`` make the file at a temporary path beside ``path`` and rename it into
    place: whole or not at all. False where the folder cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".kept-", suffix=".tmp")
    except OSError:
        return False
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        os.replace(temporary, path)
        return True
    except OSError:
        return False
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


@dataclass(frozen=True)
class AnyFolder:
    """Where a structure read once a process may be kept. Every one equals every other, so that
    a function cached on it (``functools.lru_cache``) reads the structure at its first call,
    from the folder that call names, and every later call shares what it read."""

    path: Path | None = field(compare=False)


def digest_of(parts: Iterable[str | bytes]) -> str:
    """A short hash naming what a kept file is built from (each part kept apart from the
    next)."""
    digest = hashlib.blake2b(digest_size=12)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def kept_build(path: Path | None, build: Callable[[], T], kind: type) -> T:
    """What ``build`` returns, read from ``path`` where an earlier run kept it, else built and
    kept there (``path`` None: built, nothing kept). What is read back must be a ``kind``;
    anything else (a torn or foreign file) is built again."""
    if path is not None:
        found = _read_pickled(path)
        if isinstance(found, kind):
            return found
    built = build()
    if path is not None:
        keep_bytes(path, pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
    return built


def _read_pickled(path: Path) -> Any | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    with _collection_paused():
        try:
            return pickle.loads(data)
        except Exception:  # a torn, foreign or outdated file: build again
            return None


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """The cyclic collector paused while a large kept structure is read back: it makes only
    containers with no cycles, and collections in between would walk them again and again
    (four times the read)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

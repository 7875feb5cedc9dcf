"""Files that keep what is built from the packaged data between runs (the actor names' forms,
the place index, the language identifier's model unpacked): written whole to a temporary file
and renamed into place, so that two processes starting at once each read a whole file or none."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def keep_json(path: Path, value: Any) -> None:
    """Write ``value`` as JSON at ``path``, whole or not at all (nothing where the folder
    cannot be written)."""
    keep_bytes(path, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def keep_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` at ``path``, whole or not at all (nothing where the folder cannot be
    written)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".kept-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)


def read_kept(path: Path) -> Any | None:
    """What ``keep_json`` wrote at ``path``; None where there is nothing, or nothing whole."""
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None

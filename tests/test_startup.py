"""A fast first answer: ``diplowatch --help`` (and any command's ``--help``) imports no NLP,
database, web or Ray code, so that it answers in a fraction of a second."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("spacy", "sqlalchemy", "alembic", "fastapi", "uvicorn", "ray", "pyarrow", "trafilatura")
PROBE = """
import sys
from pathlib import Path
from diplowatch.cli import app
try:
    app({args!r})
except SystemExit:
    pass
print("heavy:" + ",".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def _last_line(code: str, timeout: int = 300) -> str:
    """The last line a fresh interpreter running ``code`` prints."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=timeout
    )
    return result.stdout.strip().splitlines()[-1]


def _heavy_loaded(args: list[str], heavy: tuple[str, ...] = HEAVY) -> list[str]:
    """Which of the ``heavy`` modules running the command line with ``args`` imports."""
    return _last_line(PROBE.format(args=args, heavy=heavy)).removeprefix("heavy:").split(",")


@pytest.mark.parametrize("args", [["--help"], ["ingest", "--help"], ["serve", "--help"]])
def test_help_imports_no_nlp_database_web_or_ray(args: list[str]) -> None:
    assert _last_line(PROBE.format(args=args, heavy=HEAVY), timeout=120) == "heavy:"


def test_reading_pages_imports_no_database_or_web(tmp_path: Path) -> None:
    """``extract`` of a page reads it with spaCy and never loads the store or the web (they cost
    a second of start-up and 100 MB for nothing)."""
    page = tmp_path / "page.txt"
    page.write_text("Turkey hosted talks between Russia and Ukraine on Monday.\n", "utf-8")
    loaded = _heavy_loaded(["extract", str(page)])
    assert "spacy" in loaded
    assert not {"sqlalchemy", "alembic", "fastapi", "uvicorn", "ray"} & set(loaded), loaded


def test_reading_a_store_imports_no_nlp_and_no_migrations(tmp_path: Path) -> None:
    """The commands that show what a store holds (``events``, ``digest``) need SQLAlchemy but
    not spaCy (a second and a half), Alembic for a store already at the latest revision, or
    datasketch's SciPy; they are what ``make demo`` runs before it serves."""
    from diplowatch.store import Store

    db = tmp_path / "store.db"
    Store(str(db)).close()
    for args in (["events", "--db", str(db)], ["digest", "--db", str(db), "--watch", "sudan"]):
        loaded = _heavy_loaded(args, (*HEAVY, "datasketch", "scipy"))
        assert "sqlalchemy" in loaded
        assert not {"spacy", "alembic", "datasketch", "scipy", "ray"} & set(loaded), loaded


def test_the_server_imports_no_tables_library_nlp_or_fetching(tmp_path: Path) -> None:
    """The server's application, as ``diplowatch serve`` builds it, needs neither pandas nor
    pyarrow (for downloads alone), httpx (for the fetch endpoint alone), spaCy, nor shapely and
    pyshp (for the map, drawn on its first request) before it serves."""
    from diplowatch.store import Store

    db = tmp_path / "store.db"
    Store(str(db)).close()
    probe = f"""
import sys
from diplowatch.web import create_app
from diplowatch.web.app import settled
from diplowatch.web.settings import WebSettings
settled(create_app(WebSettings(db_url={"sqlite:///" + str(db)!r})))
print("heavy:" + ",".join(sorted(m for m in sys.modules if m.split(".")[0] in
      ("pandas", "pyarrow", "httpx", "spacy", "alembic", "shapely", "shapefile"))))
"""
    assert _last_line(probe) == "heavy:"


def test_a_fresh_store_is_made_without_alembic(tmp_path: Path) -> None:
    """A new store is given the latest schema at once; Alembic is for upgrading old ones."""
    probe = f"""
import sys
from diplowatch.store import Store
Store({str(tmp_path / "fresh.db")!r}).close()
print("alembic" in sys.modules)
"""
    assert _last_line(probe, timeout=120) == "False"

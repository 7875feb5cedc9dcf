"""The command line behaves the same everywhere: every command that reads inputs exits 1 when
one failed and says which; a command that only reads a store says which, and never creates an
empty one."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from diplowatch.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    "command", [["clean"], ["extract"], ["positions"], ["ingest", "--no-events"]]
)
def test_every_input_reading_command_exits_1_on_a_missing_file(
    command: list[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nothere.html"
    extra = ["--db", str(tmp_path / "s.db")] if command[0] == "ingest" else []
    result = runner.invoke(app, [*command, str(missing), *extra])
    assert result.exit_code == 1, result.output
    assert f"{missing}: no such file or folder" in result.stderr


@pytest.mark.parametrize("command", [["extract"], ["positions"]])
def test_a_page_without_an_article_is_a_failure_and_exit_1(
    command: list[str], tmp_path: Path
) -> None:
    page = tmp_path / "menu.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    result = runner.invoke(app, [*command, str(page)])
    assert result.exit_code == 1
    assert "no article text found" in result.stderr and "1 input failed" in result.stderr


@pytest.mark.parametrize(
    "command",
    [["events"], ["articles"], ["stories"], ["positions"], ["digest", "--watch", "russia-ukraine"],
     ["export", "--out", "out"], ["watch", "list"]],
)  # fmt: skip
def test_a_reading_command_creates_no_store(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DIPLOWATCH_DB", raising=False)
    result = runner.invoke(app, command)
    assert result.exit_code == 2
    assert "sqlite:///diplowatch.db: no such store" in result.stderr
    assert "--db" in result.stderr and "demo.db" in result.stderr
    assert not (tmp_path / "diplowatch.db").exists()


def test_a_reading_command_says_which_store_it_reads(tmp_path: Path) -> None:
    db = tmp_path / "kept.db"
    page = tmp_path / "page.txt"
    prose = (
        "The foreign ministers of both countries met in Geneva on Tuesday to discuss a "
        "ceasefire, and their aides said the talks would resume next week."
    )
    page.write_text(f"Ministers meet\n\n{prose}\n\n{prose.replace('Tuesday', 'Monday')}\n")
    assert runner.invoke(app, ["ingest", str(page), "--no-events", "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["articles", "--db", str(db)])
    assert result.exit_code == 0
    assert f"store: sqlite:///{db}" in result.stderr


def test_progress_shows_nothing_on_a_pipe(tmp_path: Path) -> None:
    page = tmp_path / "menu.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    result = runner.invoke(app, ["clean", str(page)])
    assert result.stderr.splitlines() == [f"error: {page}: no article text found"]
    result = runner.invoke(app, ["extract", str(page)])
    assert result.stderr.splitlines() == [
        f"error: {page}: no article text found",
        "1 input failed",
    ]

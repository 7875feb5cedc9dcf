"""The command line over the library: listing, errors as one line, exit statuses."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from conftest import SEEDS
from diplowatch.cli import app
from diplowatch.store import Store
from outlets import page_and_article, ties_event

runner = CliRunner()


def test_articles_lists_what_ingest_stored(db_url: str) -> None:
    assert runner.invoke(app, ["ingest", str(SEEDS), "--db", db_url]).exit_code == 0
    listed = runner.invoke(app, ["articles", "--json", "--db", db_url])
    records = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [record["page"] for record in records] == [
        "001_043af3880d060a39.txt",
        "000_66a379bae4211006.txt",
    ]
    assert records[1]["published"] == "2022-11-10"
    table = runner.invoke(app, ["articles", "--db", db_url], env={"COLUMNS": "200"})
    assert "2 stored articles" in table.stdout
    assert "Will a Russian Kherson exit create the right" in table.stdout


def test_articles_limit(db_url: str) -> None:
    runner.invoke(app, ["ingest", str(SEEDS), "--db", db_url])
    listed = runner.invoke(app, ["articles", "--json", "--limit", "1", "--db", db_url])
    assert len(listed.stdout.splitlines()) == 1


def test_store_that_cannot_be_opened_is_one_red_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = runner.invoke(
        app, ["ingest", str(SEEDS), "--no-events", "--db", str(blocker / "s.db")]
    )
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: sqlite:///") and "cannot open the store" in line


def test_bad_published_option_is_refused() -> None:
    result = runner.invoke(app, ["clean", str(SEEDS), "--published", "next tuesday"])
    assert result.exit_code == 2
    assert "not a date" in result.output


def test_clean_goes_on_past_a_missing_file_and_fails_at_the_end() -> None:
    result = runner.invoke(app, ["clean", "/nonexistent.txt", str(SEEDS)])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2
    assert result.stderr.strip() == "error: /nonexistent.txt: no such file or folder"


def test_ingest_stores_events_that_the_events_command_lists(db_url: str) -> None:
    assert runner.invoke(app, ["ingest", str(SEEDS), "--db", db_url]).exit_code == 0
    listed = runner.invoke(app, ["events", "--json", "--db", db_url])
    events = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(events) >= 20
    assert {event["page"] for event in events} == {
        "000_66a379bae4211006.txt",
        "001_043af3880d060a39.txt",
    }
    assert all(event["evidence"] in event["sentence"] for event in events)
    table = runner.invoke(app, ["events", "--db", db_url], env={"COLUMNS": "200"})
    assert f"{len(events)} events" in table.stdout


def test_extract_prints_the_documented_keys() -> None:
    result = runner.invoke(app, ["extract", str(SEEDS / "001_043af3880d060a39.txt")])
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout.splitlines()[0])
    assert list(first) == [
        "id", "page", "url", "sentence", "evidence", "source", "target", "type", "mode", "date",
        "date_precision", "date_text", "location", "attribution", "certainty", "negated",
        "cameo", "goldstein", "confidence",
    ]  # fmt: skip
    assert first["page"] == "001_043af3880d060a39.txt"
    confidences = [json.loads(line)["confidence"] for line in result.stdout.splitlines()]
    assert all(c is None or (0 <= c <= 1 and round(c, 3) == c) for c in confidences)


def test_stored_events_print_their_confidence_to_three_places(db_url: str) -> None:
    url = "https://www.reuters.com/world/niger-ukraine"
    page, article = page_and_article(url, "Niger cut ties.\n\nMali did too.", date(2024, 8, 6))
    judged = replace(ties_event(url, url, "Niger cut ties.", None), confidence=0.84567)
    unjudged = replace(ties_event(url, url, "Mali did too.", None), sentence_index=1)
    with Store(db_url) as store:
        store.add(page, article, [judged, unjudged])
    listed = runner.invoke(app, ["events", "--json", "--db", db_url])
    assert listed.exit_code == 0, listed.output
    assert [json.loads(line)["confidence"] for line in listed.stdout.splitlines()] == [0.846, None]


def test_a_page_in_another_language_is_stored_without_events_and_says_so(
    tmp_path: Path, db_url: str
) -> None:
    text = (
        "Les ministres des affaires étrangères se sont réunis mardi à Genève pour discuter d'un "
        "cessez-le-feu, et leurs conseillers ont déclaré que les pourparlers reprendraient la "
        "semaine prochaine après des consultations dans leurs capitales respectives."
    )
    page = tmp_path / "page.txt"
    page.write_text(f"Accueil\n\nLes pourparlers reprennent\n\n{text}\n\n{text}\n", "utf-8")
    result = runner.invoke(app, ["ingest", str(page), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "page.txt: language 'fr'; stored without events" in result.stderr
    listed = runner.invoke(app, ["events", "--json", "--db", db_url])
    assert listed.stdout == ""


def test_extract_on_two_processes_finds_the_same_events() -> None:
    one = runner.invoke(app, ["extract", str(SEEDS)])
    two = runner.invoke(app, ["extract", str(SEEDS), "--processes", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and one.stdout


def test_ingest_on_two_processes_stores_the_same_articles(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for number in range(20):
        (folder / f"page-{number}.txt").write_text(
            f"Home\n\nTalks resume in round {number}\n\n"
            f"Negotiators met for round {number} of talks in Geneva on Monday and agreed to "
            "exchange prisoners, officials said after the meeting ended late at night.\n\n"
            "Both delegations will report to their capitals before the next round begins.\n",
            "utf-8",
        )
    one, two = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    assert runner.invoke(app, ["ingest", str(folder), "--db", one, "--no-events"]).exit_code == 0
    result = runner.invoke(
        app, ["ingest", str(folder), "--db", two, "--no-events", "--processes", "2"]
    )
    assert result.exit_code == 0, result.output
    listed = [runner.invoke(app, ["articles", "--json", "--db", db]).stdout for db in (one, two)]
    assert listed[0] == listed[1] and len(listed[0].splitlines()) == 20


def test_positions_of_pages_print_the_documented_keys_and_the_shift() -> None:
    page = str(SEEDS / "000_66a379bae4211006.txt")
    result = runner.invoke(app, ["positions", page])
    assert result.exit_code == 0, result.output
    positions = [json.loads(line) for line in result.stdout.splitlines()]
    assert list(positions[0]) == [
        "id", "page", "url", "actor", "counterparts", "issue", "stance", "conditions", "date",
        "date_precision", "evidence", "sentence", "certainty",
    ]  # fmt: skip
    assert all(p["evidence"] in p["sentence"] for p in positions)
    shifts = runner.invoke(app, ["positions", page, "--shifts"])
    (shift,) = [json.loads(line) for line in shifts.stdout.splitlines()]
    assert list(shift) == [
        "actor", "counterpart", "issue", "from", "to", "date", "from_position", "to_position",
    ]  # fmt: skip
    assert (shift["from"], shift["to"], shift["date"]) == ("refuses", "conditional", "2022-11-08")


def test_positions_over_the_store_print_an_actors_ledger(db_url: str) -> None:
    assert runner.invoke(app, ["ingest", str(SEEDS), "--db", db_url]).exit_code == 0
    ledger = runner.invoke(
        app, ["positions", "--actor", "UKR", "--db", db_url], env={"COLUMNS": "200"}
    )
    assert ledger.exit_code == 0, ledger.output
    assert "UKR -> RUS on talks" in ledger.stdout
    assert "shift" in ledger.stdout and "USA ->" not in ledger.stdout
    listed = runner.invoke(app, ["positions", "--db", db_url, "--format", "jsonl"])
    actors = {json.loads(line)["actor"]["country"] for line in listed.stdout.splitlines()}
    assert {"UKR", "USA", "RUS", "TUR"} <= actors

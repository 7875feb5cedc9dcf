"""A week built from pages written for this test (three outlets, one story told twice, two
positions, a shift): one item per development, no sentence quoted twice, no word an item's
record does not license, conditions kept, dates the text does not give marked as such."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from diplowatch.cli import app
from diplowatch.data import read_toml
from diplowatch.digest.phrasing import country_name

PAGES = [
    {
        "url": "https://first.example/kursk",
        "published": "2024-08-06",
        "title": "Ukraine attacks inside Russia",
        "text": "Ukrainian troops attacked Russian positions in the Kursk region on Tuesday, "
        "officials in Kyiv said.\n\nRussia said on Tuesday it was open to talks with Ukraine, "
        "but only if Kyiv withdrew its troops from Kursk.",
    },
    {
        "url": "https://second.example/kursk-raid",
        "published": "2024-08-07",
        "title": "Fighting in Kursk",
        "text": "Ukrainian forces attacked Russian positions in the Kursk region on Tuesday, "
        "the Ukrainian army said.\n\nUkraine urged Russia to free the prisoners of war.",
    },
    {
        "url": "https://third.example/no-talks",
        "published": "2024-08-09",
        "title": "Moscow hardens",
        "text": "Russia ruled out any talks with Ukraine on Thursday, the Kremlin said.",
    },
]
WORD = re.compile(r"[A-Za-z]+")


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("week")
    records = folder / "week.jsonl"
    records.write_text("\n".join(json.dumps(page) for page in PAGES) + "\n", "utf-8")
    db = str(folder / "week.db")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(records), "--db", db])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app,
        [
            *("digest", "--db", db, "--watch", "russia-ukraine", "--week", "2024-W32"),
            *("--min-confidence", "0", "--format", "json"),
        ],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _items(digest: dict) -> list[dict]:
    return [*digest["changed"], *(i for s in digest["sections"] for i in s["items"])]


def test_each_sentence_is_quoted_once(week: dict) -> None:
    quotes = [item["quote"] for item in _items(week) if item["quote"]]
    assert quotes and len(quotes) == len(set(quotes))


def test_one_story_told_by_two_outlets_is_one_item(week: dict) -> None:
    attacks = [i for i in _items(week) if "Kursk region" in (i["quote"] or "")]
    assert len(attacks) == 1
    outlets = {c["outlet"] for c in attacks[0]["citations"]}
    assert {"first.example", "second.example"} <= outlets


def test_a_statement_read_as_event_and_position_is_one_item_with_its_condition(
    week: dict,
) -> None:
    said = [i for i in _items(week) if "only if Kyiv withdrew" in (i["quote"] or "")]
    assert len(said) == 1
    assert "Kyiv withdrew its troops from Kursk" in said[0]["text"]


def test_a_shift_leads_and_is_not_repeated_below(week: dict) -> None:
    assert week["changed"] and "ruled out" in week["changed"][0]["quote"]
    below = [i for s in week["sections"] for i in s["items"]]
    assert all("ruled out any talks" not in (i["quote"] or "") for i in below)


def test_a_position_the_text_does_not_date_says_so(week: dict) -> None:
    (urged,) = [i for i in _items(week) if "urged Russia" in (i["quote"] or "")]
    assert "(no date in the text)" in urged["text"]


def test_no_item_says_a_word_its_records_do_not_license(week: dict) -> None:
    """Every word of an item is in its quote or its sources' sentences, a canonical name, a
    date, or the phrase tables (which say no more than a type or a stance does)."""
    table = read_toml("digest/phrases.toml")
    licensed = {
        word.lower()
        for section in table.values()
        for forms in section.values()
        for form in (forms if isinstance(forms, list) else [forms])
        for word in WORD.findall(form)
    }
    licensed |= {w.lower() for code in ("RUS", "UKR") for w in WORD.findall(country_name(code))}
    licensed |= {w.lower() for page in PAGES for w in WORD.findall(page["text"])}
    licensed |= {
        "on", "in", "the", "of", "around", "no", "date", "text", "reported", "according", "to",
        "and", "as", "moved", "from", "tuesday", "wednesday", "thursday", "friday", "august",
        "s", "week", "government", "military", "example", "first", "second", "third",
        "oblast",  # the canonical name of the place the text calls "the Kursk region"
    }  # fmt: skip
    for item in _items(week):
        unlicensed = {w for w in WORD.findall(item["text"]) if w.lower() not in licensed}
        assert unlicensed == set(), item["text"]

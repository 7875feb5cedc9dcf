"""Syndicated copies and stories in the store, the round-up built from them, watches, the
notebook API and the exports."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import diplowatch
from conftest import fresh_database
from diplowatch.cli import app
from diplowatch.digest import digest_for, feed_weeks, render
from diplowatch.errors import WatchError
from diplowatch.store import Store
from diplowatch.watches import get_watch, load_watches, parse_watch
from outlets import RUSSIA, WIRE, day_of, page_and_article, ties_event

MONDAY = date(2024, 8, 5)
PAGES = [
    # (address, body, published, event sentence, event date)
    (
        "https://www.reuters.com/niger-ties",
        WIRE,
        date(2024, 8, 6),
        WIRE.split(". ")[0] + ".",
        MONDAY,
    ),
    (
        "https://dailynews.example/world/niger",
        WIRE + "\n\nReporting by our correspondent; editing by the desk.",
        date(2024, 8, 6),
        WIRE.split(". ")[0] + ".",
        MONDAY,
    ),
    (
        "https://apnews.com/article/niger-ukraine",
        "Niger's military junta cut diplomatic ties with Ukraine on Monday, accusing Kyiv of "
        "backing the rebels behind an attack on Malian troops and Russian mercenaries.",
        date(2024, 8, 6),
        "Niger's military junta cut diplomatic ties with Ukraine on Monday, accusing Kyiv of "
        "backing the rebels behind an attack on Malian troops and Russian mercenaries.",
        MONDAY,
    ),
    (
        "https://regional.example/niger",
        "Niger's ruling junta said it had cut diplomatic ties with Ukraine with immediate effect "
        "after a Ukrainian official suggested Kyiv had a hand in a deadly rebel attack on Malian "
        "troops.",
        date(2024, 8, 7),
        "Niger's ruling junta said it had cut diplomatic ties with Ukraine with immediate effect "
        "after a Ukrainian official suggested Kyiv had a hand in a deadly rebel attack on Malian "
        "troops.",
        date(2024, 8, 1),
    ),
]


def _fill(store: Store, order: list[int] | None = None) -> None:
    for index in order or range(len(PAGES)):
        url, body, published, sentence, when = PAGES[index]
        page, article = page_and_article(url, body, published)
        event = ties_event(url, url, sentence, day_of("on Monday", when))
        store.add(page, article, [event])
    store.update_stories()


@pytest.fixture
def filled(store: Store) -> Store:
    _fill(store)
    return store


def test_a_syndicated_copy_is_recognised_and_its_address_kept(filled: Store) -> None:
    assert filled.copies() == {
        "https://dailynews.example/world/niger": "https://www.reuters.com/niger-ties"
    }
    (story,) = filled.stories()
    assert story.corroboration == 3  # Reuters (with its copy), AP, the regional outlet
    assert "https://dailynews.example/world/niger" in story.urls
    assert story.date == MONDAY
    assert [d.field for d in story.disagreements] == ["date"]


def test_stories_are_rebuilt_when_a_block_gains_events_and_never_duplicated(store: Store) -> None:
    _fill(store, [0, 2])
    assert [s.corroboration for s in store.stories()] == [2]
    _fill(store, [3, 1, 0])  # new pages and one already stored
    (story,) = store.stories()
    assert story.corroboration == 3 and len(story.reports) == 4
    assert store.counts()["story_reports"] == 4


def test_stories_left_waiting_by_a_crash_are_built_on_the_next_read(store: Store) -> None:
    url, body, published, sentence, when = PAGES[0]
    page, article = page_and_article(url, body, published)
    store.add(page, article, [ties_event(url, url, sentence, day_of("on Monday", when))])
    assert store.counts()["stories"] == 0 and store.counts()["story_blocks"] == 1
    assert len(store.stories()) == 1
    assert store.counts()["story_blocks"] == 0


def test_the_round_up_states_the_story_and_cites_every_outlet(filled: Store) -> None:
    watch = get_watch("russia-ukraine")
    digest = digest_for(filled, watch, "2024-W32")
    (section,) = [s for s in digest.sections if s.key == "pressure"]
    (item,) = section.items
    assert item.text.startswith(
        "On Monday, 5 August, Niger's military cut ties with Ukraine in Niamey, according to "
    )
    assert "Outlets differ on the date" in item.text
    assert {c.url for c in item.citations} == {url for url, *_ in PAGES}
    assert any("No talks involving Russia" in q.text for q in digest.quiet)
    markdown = render(digest, "md")
    assert "## Pressure: sanctions, ties, aid, weapons" in markdown
    assert "(<https://apnews.com/article/niger-ukraine>)" in markdown


def test_the_round_up_is_the_same_for_the_same_records_in_any_order(
    backend: str, tmp_path: Path
) -> None:
    texts = []
    for name, order in (("a", [0, 1, 2, 3]), ("b", [3, 2, 1, 0])):
        with fresh_database(backend, tmp_path / name) as url, Store(url) as store:
            _fill(store, order)
            watch = get_watch("russia-ukraine")
            digest = digest_for(store, watch, "2024-W32")
            weeks = feed_weeks(store, watch, "2024-W32")
            texts.append([render(digest, form, weeks) for form in ("md", "html", "json", "rss")])
    first, second = texts
    # The copy's original differs with the order (the first stored is the original); the
    # round-up's words, sources and links do not.
    assert first[0] == second[0] and first[2] == second[2] and first[3] == second[3]


def test_html_shows_page_text_as_text_and_rss_has_one_entry_per_week(filled: Store) -> None:
    watch = get_watch("russia-ukraine")
    url, body, published, _sentence, when = PAGES[2]
    hostile = "Niger cut ties with Ukraine <script>alert('x')</script> on Monday."
    page, article = page_and_article(url + "-2", body + " <script>", published)
    filled.add(
        page,
        article,
        [
            ties_event(
                url + "-2", "javascript:alert(1)", hostile, day_of("on Monday", when), target=RUSSIA
            )
        ],
    )
    html = render(digest_for(filled, watch, "2024-W32"), "html")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    feed = render(
        digest_for(filled, watch, "2024-W32"), "rss", feed_weeks(filled, watch, "2024-W33", 3)
    )
    items = ET.fromstring(feed).findall("./channel/item")
    assert [i.findtext("title") for i in items] == [
        "Russia–Ukraine war: week 2024-W32",
        "Russia–Ukraine war: week 2024-W33",
    ]


def test_watches_ship_and_users_add_their_own(tmp_path: Path) -> None:
    shipped = load_watches()
    assert {"russia-ukraine", "israel-iran", "gaza", "sudan", "china-taiwan-japan"} <= set(shipped)
    (tmp_path / "sahel.yaml").write_text(
        "name: sahel\ntitle: Sahel juntas\nparties: [NER, MLI, BFA]\nplaces: [Niamey]\n"
    )
    mine = load_watches(tmp_path)
    assert mine["sahel"].parties == ("NER", "MLI", "BFA")
    with pytest.raises(WatchError, match=r"bad\.yaml: 'parties' must name at least one party"):
        parse_watch("name: bad\ntitle: Bad\n", "bad.yaml")
    with pytest.raises(WatchError, match="no watch named 'nope'"):
        get_watch("nope")


def test_notebook_api_filters_and_frames(filled: Store) -> None:
    with diplowatch.open(filled.url) as archive:
        assert len(archive.events()) == 4
        assert len(archive.events(watch="russia-ukraine", since="2024-08-02")) == 3
        assert archive.events(actor="NER", type="CONSULT") == []
        assert len(archive.stories(watch="gaza")) == 0
        frame = archive.stories(frame=True)
        assert isinstance(frame, pd.DataFrame) and frame.loc[0, "num_sources"] == 3


def test_exports_line_up_with_gdelt_columns(filled: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    for form in ("csv", "parquet", "jsonl"):
        out = tmp_path / form
        result = runner.invoke(
            app, ["export", "--db", filled.url, "--out", str(out), "--format", form]
        )
        assert result.exit_code == 0, result.output
    events = pd.read_csv(tmp_path / "csv" / "events.csv")
    assert {
        "event_date",
        "actor1_country_code",
        "actor2_country_code",
        "event_root_code",
        "goldstein_scale",
        "quad_class",
        "source_url",
        "story_id",
        "confidence",
    } <= set(events.columns)
    assert set(events["event_root_code"].astype(str).str.zfill(2)) == {"16"}
    stories = pd.read_parquet(tmp_path / "parquet" / "stories.parquet")
    assert stories["num_sources"].tolist() == [3]
    lines = (tmp_path / "jsonl" / "events.jsonl").read_text().splitlines()
    assert len(lines) == 4 and json.loads(lines[0])["event_type"] == "SANCTION"
    assert not (tmp_path / "jsonl" / "positions.jsonl").read_text().strip()


def test_exports_carry_each_events_confidence(store: Store, tmp_path: Path) -> None:
    url, body, published, sentence, when = PAGES[0]
    page, article = page_and_article(url, body, published)
    judged = replace(ties_event(url, url, sentence, day_of("on Monday", when)), confidence=0.8125)
    unjudged = replace(ties_event(url, url, "Mali's junta did the same.", None), sentence_index=1)
    store.add(page, article, [judged, unjudged])
    for form in ("csv", "parquet", "jsonl"):
        command = ["export", "--db", store.url, "--out", str(tmp_path / form), "--format", form]
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 0, result.output
    by_form = {
        "csv": pd.read_csv(tmp_path / "csv" / "events.csv"),
        "parquet": pd.read_parquet(tmp_path / "parquet" / "events.parquet"),
        "jsonl": pd.read_json(tmp_path / "jsonl" / "events.jsonl", lines=True),
    }
    for form, events in by_form.items():
        found = dict(zip(events["event_id"], events["confidence"], strict=True))
        assert found[judged.id] == 0.8125, form
        assert pd.isna(found[unjudged.id]), form
    lines = (tmp_path / "jsonl" / "events.jsonl").read_text().splitlines()
    assert {json.loads(line)["confidence"] for line in lines} == {0.8125, None}


def test_digest_command_writes_each_format(filled: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    for form in ("md", "html", "rss", "json"):
        out = tmp_path / f"digest.{form}"
        result = runner.invoke(
            app,
            [
                "digest",
                "--db",
                filled.url,
                "--watch",
                "russia-ukraine",
                "--week",
                "2024-W32",
                "--format",
                form,
                "--out",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
        assert out.read_text()
    assert json.loads((tmp_path / "digest.json").read_text())["week"] == "2024-W32"
    bad = runner.invoke(
        app, ["digest", "--db", filled.url, "--watch", "russia-ukraine", "--week", "2024-32"]
    )
    assert bad.exit_code == 2 and "is not an ISO week" in bad.output


def test_every_export_column_is_documented() -> None:
    from diplowatch.notebook import COLUMNS

    documented = (Path(__file__).parent.parent / "docs" / "export-columns.md").read_text()
    for table, columns in COLUMNS.items():
        assert f"## {table}" in documented
        for column in columns:
            assert f"| `{column}` |" in documented, column

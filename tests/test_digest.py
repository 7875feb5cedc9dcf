"""The round-up and the judge's confidence: only events at or above the threshold make items (a
story is told by those of its reports alone), the most confident first among otherwise equal
items, a week with none of them says so, and the same store gives the same bytes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from conftest import fresh_database
from diplowatch.cli import app
from diplowatch.config import MIN_CONFIDENCE_VARIABLE
from diplowatch.digest import Digest, compose, digest_for, feed_weeks, render
from diplowatch.digest.compose import Item
from diplowatch.extract.model_meta import default_display_threshold
from diplowatch.linking.stories import build_stories
from diplowatch.records import Story
from diplowatch.store import Store
from diplowatch.watches import get_watch
from outlets import RUSSIA, UKRAINE, day_of, page_and_article, report, ties_event

MONDAY = date(2024, 8, 5)
PUBLISHED = date(2024, 8, 6)
WEEK = "2024-W32"
WATCH = get_watch("russia-ukraine")


def _story(name: str, confidences: Sequence[float | None]) -> Story:
    """Niger cutting ties with Ukraine on Monday, told by one outlet per confidence given."""
    reports = []
    for index, confidence in enumerate(confidences):
        url = f"https://outlet{index}.example/{name}"
        sentence = f"Niger cut diplomatic ties with Ukraine ({name})."
        event = ties_event(url, url, sentence, day_of("on Monday", MONDAY))
        reports.append(report(replace(event, confidence=confidence), url.split("/")[2], PUBLISHED))
    (story,) = build_stories(reports)
    return story


def _items(digest: Digest) -> list[Item]:
    return [item for section in digest.sections for item in section.items]


def test_only_events_at_or_above_the_threshold_make_items() -> None:
    sure, edge, unsure, rules = (
        _story("sure", [0.9]),
        _story("edge", [0.84]),
        _story("unsure", [0.5]),
        _story("rules", [None]),
    )
    mixed = _story("mixed", [0.95, 0.3])
    assert mixed.corroboration == 2
    stories = [sure, edge, unsure, rules, mixed]
    digest = compose(WATCH, WEEK, stories, [], [], min_confidence=0.84)
    items = {item.records[0]: item for item in _items(digest)}
    assert set(items) == {sure.id, edge.id, rules.id, mixed.id}
    # A story is told by its confident reports alone: one outlet, its event, its link.
    told = items[mixed.id]
    assert told.records[1:] == (mixed.reports[0].event.id,)
    assert [c.url for c in told.citations] == ["https://outlet0.example/mixed"]
    assert told.text.endswith("according to outlet0.example.")
    assert (digest.stories, digest.left_out, digest.min_confidence) == (4, 1, 0.84)
    assert digest.confidence_note == (
        "The round-up leaves out 1 story below the confidence threshold of 0.84."
    )
    everything = compose(WATCH, WEEK, stories, [], [])
    assert len(_items(everything)) == 5 and everything.left_out == 0
    assert everything.confidence_note is None
    assert "according to outlet0.example and outlet1.example" in " ".join(
        item.text for item in _items(everything)
    )


def test_among_otherwise_equal_items_the_most_confident_comes_first() -> None:
    # Alike in corroboration, intensity, novelty and day: before, the order of their ids
    # (c, a, d, b) decided; now confidence does, those without one last.
    low, middle, high, rules = (
        _story("c", [0.86]),
        _story("a", [0.91]),
        _story("b", [0.97]),
        _story("d", [None]),
    )
    assert sorted(s.id for s in (low, middle, high, rules)) == [
        low.id,
        middle.id,
        rules.id,
        high.id,
    ]
    # More corroborated still comes first, whatever its confidence.
    corroborated = _story("e", [0.85, 0.85])
    stories = [rules, low, corroborated, high, middle]
    digest = compose(WATCH, WEEK, stories, [], [], min_confidence=0.84)
    order = [item.records[0] for item in _items(digest)]
    assert order == [corroborated.id, high.id, middle.id, low.id, rules.id]


def test_a_week_with_no_event_above_the_threshold_says_so_plainly() -> None:
    stories = [_story("a", [0.2]), _story("b", [0.5, 0.6])]
    digest = compose(WATCH, WEEK, stories, [], [], min_confidence=0.84)
    assert digest.is_empty and (digest.stories, digest.left_out) == (0, 2)
    note = (
        "No event this week reached the confidence threshold of 0.84: "
        "the round-up leaves out 2 stories below it."
    )
    assert digest.confidence_note == note
    for form in ("md", "html", "rss"):
        assert note in render(digest, form), form
    as_json = json.loads(render(digest, "json"))
    assert (as_json["left_out"], as_json["min_confidence"], as_json["stories"]) == (2, 0.84, 0)
    assert "Nothing reported this week." in render(digest, "md")


# Pages of one week: one story reported by three outlets (judged sure, unsure, and by the rules
# alone) and another (ties with Russia) by a single unsure outlet.
PAGES = [
    ("https://www.reuters.com/niger", "Niger cut diplomatic ties with Ukraine on Monday.", 0.93),
    ("https://apnews.com/niger", "Niger's junta cut diplomatic ties with Ukraine on Monday.", 0.4),
    ("https://regional.example/niger", "Niger cut its diplomatic ties with Ukraine.", None),
    ("https://other.example/mali", "Niger cut its ties with Russia too, one outlet said.", 0.6),
]


def _fill(store: Store, order: Sequence[int]) -> None:
    for index in order:
        url, sentence, confidence = PAGES[index]
        page, article = page_and_article(url, sentence, PUBLISHED)
        target = RUSSIA if "Russia" in sentence else UKRAINE
        event = ties_event(url, url, sentence, day_of("on Monday", MONDAY), target=target)
        store.add(page, article, [replace(event, confidence=confidence)])
    store.update_stories()


def test_the_same_store_gives_the_same_bytes_with_a_threshold(backend: str, tmp_path: Path) -> None:
    texts = []
    for name, order in (("a", [0, 1, 2, 3]), ("b", [3, 2, 1, 0])):
        with fresh_database(backend, tmp_path / name) as url, Store(url) as store:
            _fill(store, order)
            digest = digest_for(store, WATCH, WEEK, min_confidence=0.84)
            weeks = feed_weeks(store, WATCH, WEEK, min_confidence=0.84)
            texts.append([render(digest, form, weeks) for form in ("md", "html", "json", "rss")])
            (item,) = _items(digest)
            assert {c.url for c in item.citations} == {PAGES[0][0], PAGES[2][0]}
            assert digest.left_out == 1
    assert texts[0] == texts[1]


def test_the_digest_command_takes_the_threshold_from_its_option_or_the_environment(
    store: Store,
) -> None:
    _fill(store, range(len(PAGES)))
    runner = CliRunner()
    base = ["digest", "--db", store.url, "--watch", "russia-ukraine", "--week", WEEK]

    def sources(args: list[str], env: dict[str, str]) -> tuple[str, str]:
        result = runner.invoke(app, [*base, *args], env=env)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        return next(line for line in lines if "Sources:" in line), result.stdout

    everything, _ = sources([], {MIN_CONFIDENCE_VARIABLE: "0"})
    assert "apnews.com" in everything
    confident, text = sources(["--min-confidence", "0.9"], {MIN_CONFIDENCE_VARIABLE: "0"})
    assert "apnews.com" not in confident and "reuters.com" in confident
    assert "leaves out 1 story below the confidence threshold of 0.9." in text
    # By default, the judge's display threshold (whichever the packaged model gives).
    threshold = default_display_threshold()
    assert 0.6 < threshold <= 0.93
    by_default, text = sources([], {})
    assert "apnews.com" not in by_default and "reuters.com" in by_default
    assert f"leaves out 1 story below the confidence threshold of {threshold:g}." in text

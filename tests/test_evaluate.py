"""Scoring against a gold set: articles by body and fields, events by the gold set's rule."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import GOLD, SEEDS
from diplowatch.cli import app
from diplowatch.errors import InputError
from diplowatch.evaluation.events import event_matches, load_gold, score_articles, score_events
from diplowatch.ingest import read_inputs
from diplowatch.pipeline.ingesting import clean_stream
from diplowatch.records import Actor, Article, DateMention, Event, Participant

KHERSON = "000_66a379bae4211006.txt"
WITHDRAWAL = (
    "Will the Russian withdrawal from the key city of Kherson this week continue what appears to "
    "be momentum toward a diplomatic end to the war in Ukraine?"
)
TALKS = (
    "But the pressure may have been strong. Several days of talks between Kiev and Washington "
    "culminated in a visit by National Security Adviser Jake Sullivan with Zelensky."
)


def _side(country: str | None) -> Participant | None:
    return None if country is None else Participant(country, Actor(country, country, country))


def _event(sentence: str, source: str | None, target: str | None, kind: str, **more) -> Event:  # type: ignore[no-untyped-def]
    base = Event(
        id="e",
        page=KHERSON,
        url=None,
        sentence_index=0,
        sentence=sentence,
        evidence=sentence,
        source=_side(source),
        target=_side(target),
        type=kind,
        mode=None,
        date=None,
        location=None,
        attribution=None,
        certainty="asserted",
        negated=False,
        cameo=None,
        goldstein=None,
    )
    return dataclasses.replace(base, **more)


def test_cleaned_seed_pages_score_perfectly() -> None:
    gold = load_gold(GOLD)
    articles = {
        a.page: a for a in clean_stream(read_inputs([str(SEEDS)])) if isinstance(a, Article)
    }
    score = score_articles(gold, articles)
    assert (score.body.precision, score.body.recall) == (1.0, 1.0)
    assert score.fields_right == {name: 2 for name in score.fields_right} and score.pages == 2
    assert set(score.fields_right) == {"title", "dek", "section", "captions", "related", "teasers"}


def test_a_lost_and_an_extra_paragraph_are_counted() -> None:
    gold = load_gold(GOLD)
    articles = {
        a.page: a for a in clean_stream(read_inputs([str(SEEDS)])) if isinstance(a, Article)
    }
    page = articles[KHERSON]
    articles[KHERSON] = dataclasses.replace(
        page, paragraphs=(*page.paragraphs[1:], "Subscribe to our newsletter today.")
    )
    score = score_articles(gold, articles)
    assert (score.body.true_positives, score.body.false_positives) == (20, 1)
    assert score.body.false_negatives == 1
    assert score_articles(gold, {}).missing_pages == (KHERSON, "001_043af3880d060a39.txt")


def test_event_score_follows_the_gold_rule() -> None:
    gold = load_gold(GOLD)
    right = _event(WITHDRAWAL, "RUS", "UKR", "RETREAT")
    no_target = _event(WITHDRAWAL, "RUS", None, "RETREAT")
    wrong_type = _event(WITHDRAWAL, "RUS", "UKR", "ASSAULT")
    swapped = _event(TALKS, "USA", "UKR", "CONSULT")
    score = score_events(gold, [right, no_target, wrong_type, swapped])
    assert event_matches(gold.events[0], right) and event_matches(gold.events[0], no_target)
    assert score.right == 3 and score.spurious == (wrong_type,)
    assert score.duplicates == 1
    required = sum(g.required for g in gold.events)
    assert score.recall == pytest.approx(3 / required)
    assert score.precision == pytest.approx(3 / 4)


def test_symmetric_events_match_either_way_round() -> None:
    gold = load_gold(GOLD)
    talks = next(g for g in gold.events if g.evidence.startswith("Several days of talks"))
    assert talks.symmetric
    assert event_matches(talks, _event(TALKS, "UKR", "USA", "CONSULT"))
    assert event_matches(talks, _event(TALKS, "USA", "UKR", "CONSULT"))


def test_dates_must_lie_within_the_gold_range_and_certainty_must_agree() -> None:
    gold = load_gold(GOLD)
    this_week = DateMention("this week", date(2022, 11, 7), date(2022, 11, 10), "week")
    last_month = DateMention("last month", date(2022, 10, 1), date(2022, 10, 31), "month")
    inside = _event(WITHDRAWAL, "RUS", "UKR", "RETREAT", date=this_week)
    score = score_events(gold, [inside])
    assert (score.date_accuracy, score.certainty_accuracy) == (1.0, 1.0)
    outside = _event(WITHDRAWAL, "RUS", "UKR", "RETREAT", date=last_month, certainty="reported")
    score = score_events(gold, [outside])
    assert (score.date_accuracy, score.certainty_accuracy) == (0.0, 0.0)


def test_a_gold_folder_must_hold_gold(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no articles\.jsonl, events\.jsonl or positions"):
        load_gold(tmp_path)
    (tmp_path / "events.jsonl").write_text('{"page": "p"}\n')
    with pytest.raises(InputError, match=r"events.jsonl:1: not a gold event"):
        load_gold(tmp_path)


def test_negated_predictions_are_counted_apart_not_scored() -> None:
    gold = load_gold(GOLD)
    denied = _event(WITHDRAWAL, "RUS", "UKR", "ASSAULT", negated=True)
    score = score_events(gold, [denied])
    assert (score.negated, score.spurious, score.right) == (1, (), 0)


def test_eval_command_scores_the_seed_pages() -> None:
    """The whole pipeline against the seed gold, as ``diplowatch eval`` prints it.

    The floors the project keeps on its example pages: event F1 0.74 on the required gold
    events, date accuracy 0.85 and certainty accuracy 0.8 on the matched ones. The rules were
    once written on these two pages and scored 0.85 here (0.24 on other outlets' pages); the
    trained judge is fitted on other passages and measured on held-out ones, so these floors
    guard the seed pages against regressions rather than promise what was fitted to them.
    """
    result = CliRunner().invoke(app, ["eval", str(GOLD), "--pages", str(SEEDS), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["articles"]["body_f1"] == 1.0
    events = scores["events"]
    assert events["f1"] >= 0.74
    assert events["date_accuracy"] >= 0.85
    assert events["certainty_accuracy"] >= 0.8

    # Positions: F1 0.8 against the gold positions, condition recall 0.75, and the gold
    # shift found with its date.
    positions = scores["positions"]
    assert positions["f1"] >= 0.8
    assert positions["condition_recall"] >= 0.75
    shifts = scores["shifts"]
    assert shifts["found"] == 1 and shifts["missed"] == 0
    (shift,) = shifts["found_shifts"]
    assert (shift["actor"], shift["counterpart"], shift["from"], shift["to"], shift["date"]) == (
        "UKR",
        "RUS",
        "refuses",
        "conditional",
        "2022-11-08",
    )

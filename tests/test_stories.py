"""Stories: one event reported by many outlets (rewordings, syndicated copies, a wrong date)
is one story with the right corroboration and the disagreement noted."""

from __future__ import annotations

import random
from datetime import date

from diplowatch.linking.stories import Agencies, build_stories, source_of
from diplowatch.records import Report
from outlets import RUSSIA, UKRAINE, WIRE, day_of, report, ties_event

MONDAY = date(2024, 8, 5)
REUTERS = "https://www.reuters.com/world/africa/niger-cuts-ties-ukraine-2024-08-06/"


def _versions() -> list[Report]:
    """One event as seven pages tell it."""
    on_monday = day_of("on Monday", MONDAY)
    first = WIRE.split(". ")[0] + "."
    reports = [
        # The wire story, and three sites that carry it word for word.
        report(ties_event(REUTERS, REUTERS, first, on_monday), "reuters.com", date(2024, 8, 6)),
        *(
            report(
                ties_event(f"https://{site}/niger", f"https://{site}/niger", first, on_monday),
                site,
                date(2024, 8, 6),
                copy_of=REUTERS,
            )
            for site in ("dailynews.example", "worldwire.example", "herald.example")
        ),
        # Reworded by another agency.
        report(
            ties_event(
                "https://apnews.com/niger-ukraine",
                "https://apnews.com/niger-ukraine",
                "Niger's military junta cut diplomatic ties with Ukraine on Monday, accusing "
                "Kyiv of supporting the rebels behind an attack on Malian troops.",
                on_monday,
            ),
            "apnews.com",
            date(2024, 8, 6),
        ),
        # A site that rewrites the wire and says so: Reuters again, not a new source.
        report(
            ties_event(
                "https://blog.example/niger",
                "https://blog.example/niger",
                "Niger cut diplomatic ties with Ukraine, Reuters reported, after Kyiv was said to "
                "have a hand in the attack on Malian troops.",
                on_monday,
                attribution="Reuters",
            ),
            "blog.example",
            date(2024, 8, 7),
        ),
        # An outlet with the wrong day, in nearly the wire's words.
        report(
            ties_event(
                "https://regional.example/niger",
                "https://regional.example/niger",
                "Niger's ruling junta said it had cut diplomatic ties with Ukraine with "
                "immediate effect after a Ukrainian official suggested Kyiv had a hand in a "
                "deadly rebel attack on Malian troops.",
                day_of("on July 30", date(2024, 7, 30)),
            ),
            "regional.example",
            date(2024, 8, 7),
        ),
    ]
    return reports


def test_versions_of_one_event_are_one_story_with_independent_sources_counted() -> None:
    stories = build_stories(_versions())
    assert len(stories) == 1
    story = stories[0]
    assert story.type == "SANCTION"
    assert story.date == MONDAY and story.date_precision == "day"
    # Reuters (its copies and the site repeating it included), AP, and the regional outlet.
    assert sorted(story.sources) == ["Associated Press", "Reuters", "regional.example"]
    assert story.corroboration == 3
    assert len(story.reports) == 7 and len(story.urls) == 7
    assert story.first_reported == date(2024, 8, 6)
    assert story.latest_reported == date(2024, 8, 7)
    assert [d.field for d in story.disagreements] == ["date"]
    values = dict(story.disagreements[0].values)
    assert values["2024-07-30"] == ("regional.example",)
    assert "reuters.com" in values["2024-08-05"]


def test_stories_do_not_depend_on_the_order_reports_come_in() -> None:
    reports = _versions()
    expected = build_stories(reports)
    shuffled = list(reports)
    random.Random(7).shuffle(shuffled)
    assert build_stories(shuffled) == expected


def test_other_events_stay_apart_even_between_the_same_actors() -> None:
    reports = _versions()
    later = date(2024, 9, 20)
    # The same kind of event between the same sides, six weeks on: a new story.
    reports.append(
        report(
            ties_event(
                "https://apnews.com/niger-again",
                "https://apnews.com/niger-again",
                "Niger expelled Ukraine's remaining envoy on Friday, widening the rupture.",
                day_of("on Friday", later),
            ),
            "apnews.com",
            later,
        )
    )
    # Another pair of actors on the same day: its own story.
    reports.append(
        report(
            ties_event(
                "https://tass.com/x",
                "https://tass.com/x",
                "Russia welcomed Niger's decision to cut diplomatic ties with Ukraine.",
                day_of("on Monday", MONDAY),
                source=RUSSIA,
                target=UKRAINE,
            ),
            "tass.com",
            date(2024, 8, 6),
        )
    )
    stories = build_stories(reports)
    assert len(stories) == 3
    assert sorted(s.corroboration for s in stories) == [1, 1, 3]


def test_same_day_events_with_no_words_in_common_are_different_stories() -> None:
    on_monday = day_of("on Monday", MONDAY)
    one = ties_event("https://a.example/1", "https://a.example/1", WIRE.split(". ")[0], on_monday)
    other = ties_event(
        "https://b.example/2",
        "https://b.example/2",
        "Separately, the generals in Niamey ordered envoys expelled after an unrelated row.",
        on_monday,
    )
    stories = build_stories([report(one, "a.example", MONDAY), report(other, "b.example", MONDAY)])
    assert len(stories) == 2


def test_a_report_naming_an_agency_counts_as_that_agency() -> None:
    agencies = Agencies.load()
    event = ties_event("p", "https://x.example/p", "text", None, attribution="the Associated Press")
    assert source_of(report(event, "x.example", MONDAY), agencies) == "Associated Press"
    plain = ties_event("q", "https://apnews.com/q", "text", None)
    assert source_of(report(plain, "apnews.com", MONDAY), agencies) == "Associated Press"
    unknown = ties_event("r", "https://y.example/r", "text", None, attribution="officials")
    assert source_of(report(unknown, "y.example", MONDAY), agencies) == "y.example"

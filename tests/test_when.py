"""Date expressions: the periods they name against publication, and those of a parsed sentence."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from diplowatch.dates import MONTHS
from diplowatch.extract.when import find_dates, resolve_date_expression
from diplowatch.records import DateMention

THURSDAY = date(2022, 11, 10)  # the Kherson analysis: published on a Thursday
MONDAY = date(2024, 8, 5)
JANUARY = date(2023, 1, 5)


def period(text: str, published: date | None, **options: bool) -> tuple[str, str, str]:
    mention = resolve_date_expression(text, published, **options)
    assert mention is not None, text
    assert mention.text == text
    return str(mention.start), str(mention.end), str(mention.precision)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("November 8, 2022", ("2022-11-08", "2022-11-08", "day")),
        ("Thursday, November 10, 2022", ("2022-11-10", "2022-11-10", "day")),
        ("8 November", ("2022-11-08", "2022-11-08", "day")),
        ("Nov. 8", ("2022-11-08", "2022-11-08", "day")),
        ("on November 8", ("2022-11-08", "2022-11-08", "day")),
        ("the 8th of November", ("2022-11-08", "2022-11-08", "day")),
        ("November 12", ("2021-11-12", "2021-11-12", "day")),
        ("Sept. 23-27", ("2022-09-23", "2022-09-27", "day")),
        ("in May", ("2022-05-01", "2022-05-31", "month")),
        ("May 2024", ("2024-05-01", "2024-05-31", "month")),
        ("February 2022", ("2022-02-01", "2022-02-28", "month")),
        ("in 2021", ("2021-01-01", "2021-12-31", "year")),
        ("the 1990s", ("1990-01-01", "1999-12-31", "year")),
        ("early 2022", ("2022-01-01", "2022-04-30", "month")),
    ],
)
def test_explicit_dates(text: str, expected: tuple[str, str, str]) -> None:
    assert period(text, THURSDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("early October", ("2022-10-01", "2022-10-10", "week")),
        ("in mid-October", ("2022-10-11", "2022-10-20", "week")),
        ("mid October", ("2022-10-11", "2022-10-20", "week")),
        ("late September", ("2022-09-21", "2022-09-30", "week")),
        ("the end of February", ("2022-02-21", "2022-02-28", "week")),
        ("late February 2024", ("2024-02-21", "2024-02-29", "week")),
    ],
)
def test_thirds_of_a_month(text: str, expected: tuple[str, str, str]) -> None:
    assert period(text, THURSDAY) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Thursday", THURSDAY, ("2022-11-10", "2022-11-10", "day")),
        ("on Thursday", THURSDAY, ("2022-11-10", "2022-11-10", "day")),
        ("on Monday night", THURSDAY, ("2022-11-07", "2022-11-07", "day")),
        ("Friday", THURSDAY, ("2022-11-04", "2022-11-04", "day")),
        ("last Thursday", THURSDAY, ("2022-11-03", "2022-11-03", "day")),
        ("on Monday", MONDAY, ("2024-08-05", "2024-08-05", "day")),
        ("on Sunday", MONDAY, ("2024-08-04", "2024-08-04", "day")),
        ("Tuesday", MONDAY, ("2024-07-30", "2024-07-30", "day")),
    ],
)
def test_a_weekday_is_the_most_recent_one_not_after_publication(
    text: str, published: date, expected: tuple[str, str, str]
) -> None:
    assert period(text, published) == expected


def test_a_weekday_in_a_future_sentence_looks_forward() -> None:
    assert period("on Tuesday", MONDAY, future=True) == ("2024-08-06", "2024-08-06", "day")
    assert period("in March", MONDAY, future=True) == ("2025-03-01", "2025-03-31", "month")


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("today", THURSDAY, ("2022-11-10", "2022-11-10", "day")),
        ("yesterday", THURSDAY, ("2022-11-09", "2022-11-09", "day")),
        ("last night", THURSDAY, ("2022-11-09", "2022-11-09", "day")),
        ("this week", THURSDAY, ("2022-11-07", "2022-11-10", "week")),
        ("this week", MONDAY, ("2024-08-05", "2024-08-05", "week")),
        ("last week", THURSDAY, ("2022-10-31", "2022-11-06", "week")),
        ("last week", MONDAY, ("2024-07-29", "2024-08-04", "week")),
        ("earlier this week", THURSDAY, ("2022-11-07", "2022-11-09", "week")),
        ("earlier in the week", THURSDAY, ("2022-11-07", "2022-11-09", "week")),
        ("over the weekend", THURSDAY, ("2022-11-05", "2022-11-06", "week")),
        ("over the weekend", MONDAY, ("2024-08-03", "2024-08-04", "week")),
        ("this month", THURSDAY, ("2022-11-01", "2022-11-10", "month")),
        ("last month", THURSDAY, ("2022-10-01", "2022-10-31", "month")),
        ("last month", JANUARY, ("2022-12-01", "2022-12-31", "month")),
        ("earlier this month", THURSDAY, ("2022-11-01", "2022-11-09", "month")),
        ("this year", THURSDAY, ("2022-01-01", "2022-11-10", "year")),
        ("last year", JANUARY, ("2022-01-01", "2022-12-31", "year")),
        ("three days ago", THURSDAY, ("2022-11-07", "2022-11-07", "day")),
        ("two weeks ago", THURSDAY, ("2022-10-24", "2022-10-30", "week")),
        ("a month ago", THURSDAY, ("2022-09-25", "2022-10-25", "month")),
        ("a few days ago", THURSDAY, ("2022-11-05", "2022-11-08", "week")),
        ("the past week", THURSDAY, ("2022-11-04", "2022-11-10", "week")),
        ("next week", THURSDAY, ("2022-11-14", "2022-11-20", "week")),
        ("tomorrow", THURSDAY, ("2022-11-11", "2022-11-11", "day")),
    ],
)
def test_relative_dates(text: str, published: date, expected: tuple[str, str, str]) -> None:
    assert period(text, published) == expected


def test_a_month_without_year_crosses_the_year_boundary() -> None:
    assert period("in December", JANUARY) == ("2022-12-01", "2022-12-31", "month")
    assert period("in January", JANUARY) == ("2023-01-01", "2023-01-31", "month")
    assert period("December 28", JANUARY) == ("2022-12-28", "2022-12-28", "day")
    assert period("last week", date(2023, 1, 2)) == ("2022-12-26", "2023-01-01", "week")


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("on Thursday", "day"),
        ("this week", "week"),
        ("in mid-October", "week"),
        ("a month ago", "month"),
        ("in May", "month"),
        ("November 8", "day"),
        ("last year", "year"),
    ],
)
def test_relative_words_stay_unresolved_without_publication(text: str, precision: str) -> None:
    assert resolve_date_expression(text, None) == DateMention(text, None, None, precision)


def test_full_dates_resolve_without_publication() -> None:
    assert period("November 8, 2022", None) == ("2022-11-08", "2022-11-08", "day")
    assert period("in 2021", None) == ("2021-01-01", "2021-12-31", "year")
    assert period("May 2024", None) == ("2024-05-01", "2024-05-31", "month")


@pytest.mark.parametrize(
    "text", ["three years", "two-year-old", "recently", "decades", "that day", "the war"]
)
def test_durations_and_vague_words_are_not_date_expressions(text: str) -> None:
    assert resolve_date_expression(text, THURSDAY) is None


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
    st.sampled_from(sorted(MONTHS)),
)
def test_a_month_name_is_within_the_twelve_months_up_to_publication(
    published: date, month: str
) -> None:
    mention = resolve_date_expression(f"in {month.title()}", published)
    assert mention is not None
    assert mention.start is not None
    assert mention.end is not None
    months_back = (published.year - mention.start.year) * 12 + published.month - mention.start.month
    assert 0 <= months_back <= 11
    assert mention.start.month == MONTHS[month]
    assert mention.start <= published
    assert mention.end.month == mention.start.month


def mentions(nlp: Language, text: str, published: date | None) -> list[tuple]:
    doc = nlp(text)
    return [
        (mention.text, str(mention.start), str(mention.end), mention.precision)
        for sentence in doc.sents
        for mention in find_dates(sentence, published)
    ]


def test_find_dates_reads_each_expression_of_a_sentence(nlp: Language) -> None:
    text = "He met Blinken on Nov. 8 and in May, and again in mid-October and last night."
    assert mentions(nlp, text, THURSDAY) == [
        ("Nov. 8", "2022-11-08", "2022-11-08", "day"),
        ("May", "2022-05-01", "2022-05-31", "month"),
        ("mid-October", "2022-10-11", "2022-10-20", "week"),
        ("last night", "2022-11-09", "2022-11-09", "day"),
    ]


def test_find_dates_skips_durations_and_bounds(nlp: Language) -> None:
    text = "The two-year-old war has raged for three years, since 2014, and talks failed last week."
    assert mentions(nlp, text, THURSDAY) == [("last week", "2022-10-31", "2022-11-06", "week")]


def test_find_dates_leaves_modal_may_and_verb_march_alone(nlp: Language) -> None:
    text = "Protesters may march on the embassy, as they did in March 2022."
    assert mentions(nlp, text, THURSDAY) == [("March 2022", "2022-03-01", "2022-03-31", "month")]


def test_find_dates_looks_forward_in_a_future_sentence(nlp: Language) -> None:
    text = "The ministers will meet on Monday in Geneva."
    assert mentions(nlp, text, THURSDAY) == [("Monday", "2022-11-14", "2022-11-14", "day")]


def test_find_dates_keeps_unresolved_words_without_publication(
    nlp: Language,
) -> None:
    text = "Zelensky spoke on Thursday, after the decree of September 30, 2022."
    assert mentions(nlp, text, None) == [
        ("Thursday", "None", "None", "day"),
        ("September 30, 2022", "2022-09-30", "2022-09-30", "day"),
    ]


def test_a_date_that_dates_a_noun_after_since_is_kept(nlp: Language) -> None:
    sentence = nlp("For the first time since the February 2022 invasion, troops crossed over.")
    (mention,) = find_dates(sentence[:], date(2024, 8, 9))
    assert (mention.text, mention.start, mention.end) == (
        "February 2022",
        date(2022, 2, 1),
        date(2022, 2, 28),
    )
    assert find_dates(nlp("Troops have held the town since 2014.")[:], date(2024, 8, 9)) == []

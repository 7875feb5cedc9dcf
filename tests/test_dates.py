"""The one date module: URL dates, metadata values, written dates, publication-date precedence."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diplowatch.dates import date_from_url, find_written_date, parse_date_value, publication_date

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))


@given(dates)
def test_a_date_in_a_url_path_is_read_back(day: date) -> None:
    url = f"https://example.org/news/{day:%Y/%m/%d}/a-story"
    assert date_from_url(url) == day
    assert date_from_url(f"https://example.org/{day:%Y%m%d}/story") == day


@given(dates)
def test_iso_and_written_dates_are_read_back(day: date) -> None:
    assert parse_date_value(day.isoformat()) == day
    assert parse_date_value(f"{day.isoformat()}T08:30:00Z") == day
    assert find_written_date(f"Updated {day:%B} {day.day}, {day.year} at noon") == day
    assert find_written_date(f"{day.day} {day:%b} {day.year}") == day


def test_urls_without_a_date() -> None:
    assert date_from_url(None) is None
    assert date_from_url("https://example.org/ukraine") is None
    assert date_from_url("https://example.org/2022/13/40/story") is None


def test_a_value_that_is_not_a_date_is_refused() -> None:
    assert parse_date_value(None) is None and parse_date_value("") is None
    assert parse_date_value(datetime(2024, 8, 9, 10)) == date(2024, 8, 9)
    with pytest.raises(ValueError, match="not a date"):
        parse_date_value("next tuesday")


def test_publication_date_takes_the_best_source() -> None:
    url = "https://example.org/2022/11/10/story"
    markup, body = date(2022, 11, 12), date(2022, 11, 13)
    assert publication_date(date(2022, 11, 9), url, markup, body) == (date(2022, 11, 9), "metadata")
    assert publication_date(None, url, markup, body) == (date(2022, 11, 10), "url")
    assert publication_date(None, "https://example.org/x", markup, body) == (markup, "html")
    assert publication_date(None, None, None, body) == (body, "body")
    assert publication_date(None, None) == (None, None)

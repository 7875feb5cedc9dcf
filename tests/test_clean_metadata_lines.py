"""Metadata lines heading a saved page (``date 2024-08-07``, ``url ...``): read as the page's
date, address and title, never part of its text; anything else at the top stays text."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diplowatch.clean.lines import normalise_whitespace
from diplowatch.clean.metadata_lines import MetadataLines, read_metadata_lines
from diplowatch.cli import app
from diplowatch.ingest.files import page_from_record
from diplowatch.pipeline.ingesting import clean_page
from diplowatch.records import Article, Page

HEADLINE = "Niger cuts diplomatic ties with Ukraine over Mali attack"
FIRST = (
    "Niger's military junta has announced it is cutting diplomatic ties with Ukraine, accusing "
    "Kyiv of supporting the rebels behind a deadly attack on Malian troops last month."
)
SECOND = (
    "The decision follows a similar move by Mali's government earlier this week, after a "
    "spokesman for Ukraine's military intelligence suggested that Kyiv had helped the rebels."
)
BODY = f"{HEADLINE}\n\n{FIRST}\n\n{SECOND}\n"


def _article(content: str, **known: object) -> Article:
    result = clean_page(Page("niger.txt", content, "text", **known))  # type: ignore[arg-type]
    assert isinstance(result, Article), result
    return result


def _placed(article: Article, content: str) -> None:
    page_lines = Counter(line for line in map(normalise_whitespace, content.splitlines()) if line)
    assert Counter(article.placed_lines()) == page_lines


def test_a_date_line_heading_a_raw_page_is_its_date_and_never_its_text() -> None:
    content = f"date 2024-08-07\n{BODY}"
    article = _article(content)
    assert (article.published, article.published_source) == (date(2024, 8, 7), "page")
    assert article.published_precision is None
    assert article.title == HEADLINE
    assert article.paragraphs == (FIRST, SECOND)
    assert article.template == ("date 2024-08-07",)
    _placed(article, content)


def test_url_title_and_source_lines_give_the_address_and_the_title() -> None:
    content = (
        "url https://www.news.example/africa/niger-ukraine-ties\n"
        "date: 2024-08-07T09:30:00Z\n"
        f"title {HEADLINE}\n"
        "source News Example\n\n"
        f"{FIRST}\n\n{SECOND}\n"
    )
    article = _article(content)
    assert article.url == "https://www.news.example/africa/niger-ukraine-ties"
    assert article.site == "news.example"
    assert article.title == HEADLINE
    assert (article.published, article.published_source) == (date(2024, 8, 7), "page")
    assert article.paragraphs == (FIRST, SECOND)
    # The title is the title line's value; the line itself is template, as every metadata line.
    assert article.template == tuple(content.splitlines()[:4])


def test_the_pages_own_metadata_comes_before_its_metadata_lines() -> None:
    article = _article(
        f"date 2024-08-07\nurl https://other.example/a\n{BODY}",
        url="https://www.news.example/2024/08/06/niger-ukraine",
        published=date(2024, 8, 6),
    )
    assert article.url == "https://www.news.example/2024/08/06/niger-ukraine"
    assert (article.published, article.published_source) == (date(2024, 8, 6), "metadata")


def test_the_date_line_comes_before_the_address_date() -> None:
    article = _article(BODY.replace(HEADLINE, f"date 2024-08-07\n{HEADLINE}"), url=None)
    assert article.published_source == "page"
    dated_url = "https://www.news.example/2024/08/06/niger-ukraine"
    assert _article(f"date 2024-08-07\n{BODY}", url=dated_url).published == date(2024, 8, 7)


def test_a_date_of_a_month_keeps_its_precision() -> None:
    article = _article(f"date 2024-08\n{BODY}")
    assert (article.published, article.published_precision) == (date(2024, 8, 1), "month")


def test_a_jsonl_records_text_loses_its_date_line_to_its_date() -> None:
    record = {"id": "niger", "text": f"date 2024-08-07\n{FIRST}"}
    result = clean_page(page_from_record(record, "batch.jsonl:1"))
    assert isinstance(result, Article), result
    assert result.paragraphs == (FIRST,)
    assert (result.published, result.published_source) == (date(2024, 8, 7), "page")


def test_a_body_text_keeps_a_line_that_only_looks_like_metadata() -> None:
    text = f"date 2024-13-45\n{FIRST}"
    result = clean_page(Page("niger", text, "body"))
    assert isinstance(result, Article), result
    assert result.paragraphs == (f"date 2024-13-45 {FIRST}",)
    assert result.published is None


@pytest.mark.parametrize(
    "lines",
    [
        ["date 2024-13-45", HEADLINE],  # not a date
        ["date 2024-08-07 Niger's junta cut ties with Kyiv", HEADLINE],  # a date and more
        ["Title IX rules change on campuses", FIRST],  # a headline, no date or address
        ["source Reuters", "title Niger cuts ties", FIRST],  # no date or address
        ["Date 2024-08-07", FIRST],  # a capitalised key wants its colon
        ["url www.news.example/niger", FIRST],  # not an address
        ["url http://[::1/niger", FIRST],  # cannot be read as one
        [HEADLINE, "date 2024-08-07", FIRST],  # not at the top
    ],
)
def test_lines_that_are_not_metadata_lines_stay_text(lines: list[str]) -> None:
    assert read_metadata_lines(lines) == MetadataLines()


def test_the_run_ends_at_the_first_line_that_is_not_metadata() -> None:
    lines = ["", "date 2024-08-07", "", "source Wire", "date 2024-08-08", HEADLINE]
    assert read_metadata_lines(lines) == MetadataLines(
        end=4, published=date(2024, 8, 7), source="Wire"
    )
    written = read_metadata_lines(["Published: August 7, 2024", HEADLINE])
    assert (written.end, written.published) == (1, date(2024, 8, 7))


def test_clean_reads_a_saved_files_date_line(tmp_path: Path) -> None:
    path = tmp_path / "niger.txt"
    path.write_text(f"date 2024-08-07\n{BODY}", encoding="utf-8")
    result = CliRunner().invoke(app, ["clean", str(path)])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed["published"] == "2024-08-07"
    assert printed["title"] == HEADLINE
    assert printed["paragraphs"] == [FIRST, SECOND]

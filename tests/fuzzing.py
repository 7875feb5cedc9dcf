"""Hypothesis strategies for hostile inputs and the properties every entry point must keep:
each input is an Article or a Failure with a one-line reason, never an exception, and a store
stays consistent. ``tests/test_fuzz.py`` runs them briefly; ``bench/fuzz.py`` runs them long.

The strategies build what the fuzzer of issue 16 found crashes with, and more: raw text with
control characters and metadata lines, HTML with odd tags and attributes, bad dates and deep
nesting (cut short too), JSONL records with hostile addresses, dates and value types, web
archives (truncated or not), RSS feeds and files of any name and encoding.
"""

from __future__ import annotations

import gzip
import io
import json
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from diplowatch.errors import InputError
from diplowatch.ingest import read_inputs
from diplowatch.ingest.feeds import parse_feed
from diplowatch.ingest.fetch import Fetched
from diplowatch.pipeline.ingesting import clean_stream, ingest
from diplowatch.records import Article, Failure, Page
from diplowatch.store import Store

WORDS = (
    "Russia", "Ukraine", "Niger", "the", "minister", "said", "talks", "ceasefire", "on",
    "Tuesday", "troops", "attacked", "in", "Kyiv", "and", "met", "envoys", "Geneva", "rejected",
    "a", "proposal", "officials", "sanctions", "imposed", "junta", "announced", "Dr.", "U.S.",
    "—", "«", "»", "Genève", "شهدت", "Київ", "北京", "5", "2024", "%", "&amp;", "<b>",
)  # fmt: skip
ODD_URLS = (
    "http://[::1", "http://[::1]:99999/", "https://", "ftp://example.org/a",
    "javascript:alert(1)", "http://a:x/", "//example.org/a", "http://exa mple.org/",
    "http://\u0000/", "https://www.example.org/2024/08/07/niger-cuts-ties",
    "http://[::ffff:127.0.0.1]/", "http://2002:a9fe:a9fe::/", "https://例え.jp/記事",
    "http://example.org/\u202e/txt.exe", "",
)  # fmt: skip
ODD_DATES = (
    "2024-08-07", "2024-02-30", "9999-99-99", "0000-00-00", "2024", "2023-02", "yesterday",
    "", "2024-08-07T25:00:00Z", "99999-01-01", "-1", "1e309", "²", "2024-08-07T08:00:00+14:00",
)  # fmt: skip
FURNITURE = (
    "date 2024-08-07", "By Staff Reporter", "Advertisement", "Share this article",
    "Related: Talks resume in Doha", "12 Comments", "Photo: Reuters", "Home | World | Africa",
    "NIAMEY (Reuters) -", "Updated 08:15 GMT", "Read more", "© 2024 News Example",
)  # fmt: skip
TAGS = (
    "p", "div", "article", "aside", "svg", "html", "body", "head", "time", "header", "footer",
    "nav", "h1", "span", "table", "tr", "td", "math", "script", "style", "template", "figure",
    "figcaption", "main", "section", "a", "br", "iframe", "title", "meta", "noscript", "ul", "li",
)  # fmt: skip
ATTRIBUTES = ("datetime", "class", "itemprop", "content", "href", "property", "id", "style")

# Any character but lone surrogates (which no file or request can carry as UTF-8).
any_character = st.characters(exclude_categories=("Cs",))
odd_text = st.text(any_character, max_size=200)
sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=25).map(
    lambda words: " ".join(words).capitalize() + "."
)
paragraph = st.lists(sentence, min_size=1, max_size=6).map(" ".join)
line = st.one_of(paragraph, paragraph, odd_text, st.sampled_from(FURNITURE))
raw_text = st.lists(line, max_size=25).map("\n".join)
hostile_value: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    odd_text,
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _element(tag: str, attributes: list[tuple[str, str]], children: list[str]) -> str:
    written = "".join(f' {name}="{value}"' for name, value in attributes)
    return f"<{tag}{written}>{''.join(children)}</{tag}>"


attribute = st.tuples(
    st.sampled_from(ATTRIBUTES), st.one_of(st.sampled_from(ODD_DATES + ODD_URLS), odd_text)
).map(lambda pair: (pair[0], pair[1].replace('"', "&quot;")))
markup_tree = st.recursive(
    st.one_of(paragraph, odd_text, st.sampled_from(FURNITURE)),
    lambda children: st.builds(
        _element,
        st.sampled_from(TAGS),
        st.lists(attribute, max_size=3),
        st.lists(children, max_size=4),
    ),
    max_leaves=25,
)
deep_markup = st.builds(
    lambda depth, tag, body: f"<{tag}>" * depth + f"<p>{body}</p>" + f"</{tag}>" * depth,
    st.one_of(st.integers(1, 400), st.integers(2000, 2600)),
    st.sampled_from(("div", "section", "span", "article")),
    paragraph,
)
whole_markup = st.one_of(markup_tree, deep_markup).map(
    lambda body: f"<!doctype html><html><head><title>T</title></head><body>{body}</body></html>"
)
html = st.one_of(
    markup_tree,
    deep_markup,
    whole_markup,
    st.tuples(whole_markup, st.floats(0, 1)).map(lambda cut: cut[0][: int(len(cut[0]) * cut[1])]),
)
record = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(odd_text, hostile_value),
        "url": st.one_of(st.sampled_from(ODD_URLS), hostile_value),
        "text": st.one_of(raw_text, raw_text, hostile_value),
        "html": st.one_of(html, hostile_value),
        "published": st.one_of(st.sampled_from(ODD_DATES), hostile_value),
        "title": st.one_of(odd_text, hostile_value),
    },
)
# A record whose fields are all text, as a client sends them: it gets past validation to the
# cleaner, the reader and the store.
page_record = st.fixed_dictionaries(
    {"id": st.one_of(st.just("page"), odd_text.filter(str.strip))},
    optional={
        "url": st.sampled_from(ODD_URLS),
        "text": raw_text,
        "html": html,
        "published": st.sampled_from(ODD_DATES),
        "title": odd_text,
    },
)
posted = st.one_of(record, page_record, page_record)
jsonl = st.lists(st.one_of(record.map(json.dumps), odd_text), max_size=6).map("\n".join)


@st.composite
def pages(draw: st.DrawFn) -> Page:
    """A page as a reader makes them: raw text, HTML or a record's text, with any address."""
    kind = draw(st.sampled_from(("text", "html", "body")))
    content = draw(html if kind == "html" else raw_text)
    url = draw(st.one_of(st.none(), st.sampled_from(ODD_URLS)))
    return Page(
        name=draw(odd_text.filter(bool) | st.just("page")),
        content=content,
        kind=kind,  # type: ignore[arg-type]
        url=url or None,
        title=draw(st.one_of(st.none(), odd_text)),
        record=draw(st.booleans()),
    )


def _warc_bytes(
    responses: list[tuple[str, bytes, str, str]], compressed: bool, cut: float
) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compressed)
    for url, body, content_type, status in responses:
        http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url or "urn:x", "response", payload=io.BytesIO(body), http_headers=http
            )
        )
    data = out.getvalue()
    return data[: max(1, int(len(data) * cut))]


warc = st.builds(
    _warc_bytes,
    st.lists(
        st.tuples(
            st.sampled_from(ODD_URLS),
            st.one_of(html.map(str.encode), st.binary(max_size=200)),
            st.sampled_from(("text/html", "application/xhtml+xml", "image/png", "", "text/html;;")),
            st.sampled_from(("200 OK", "404 Not Found", "301 Moved", "200")),
        ),
        max_size=4,
    ),
    st.booleans(),
    st.one_of(st.just(1.0), st.floats(0.01, 1.0)),
)
encoded_text = st.tuples(
    st.one_of(raw_text, html), st.sampled_from(("utf-8", "utf-16-le", "utf-16-be", "cp1252"))
).map(lambda pair: pair[0].encode(pair[1], errors="replace"))
FETCHED_AT = datetime(2024, 8, 7, tzinfo=UTC)
SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".warc", ".warc.gz", ".txt.gz", ".xhtml", "")


@st.composite
def input_files(draw: st.DrawFn) -> list[tuple[str, bytes]]:
    """Files of a folder: names with any characters (a file system takes) and any suffix,
    contents of any encoding, compressed or not, broken or not."""
    files = []
    names = st.text(any_character.filter(lambda c: c not in "/\x00"), min_size=1, max_size=20)
    for _ in range(draw(st.integers(1, 4))):
        suffix = draw(st.sampled_from(SUFFIXES))
        if suffix == ".jsonl":
            data = draw(jsonl).encode("utf-8", errors="replace")
        elif suffix.startswith(".warc"):
            data = draw(warc)
        else:
            data = draw(st.one_of(encoded_text, st.binary(max_size=300)))
        if suffix.endswith(".gz") and not suffix.startswith(".warc") and draw(st.booleans()):
            data = gzip.compress(data)
        stem = draw(names).lstrip(".") or "x"
        files.append((f"{len(files)}-{stem}"[:60] + suffix, data))
    return files


rss = st.builds(
    lambda title, link, day, body: (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title><item>'
        f"<title>{title}</title><link>{link}</link><pubDate>{day}</pubDate>"
        f"<description>{body}</description></item></channel></rss>"
    ).encode("utf-8", errors="replace"),
    odd_text,
    st.sampled_from(ODD_URLS),
    st.sampled_from((*ODD_DATES, "Tue, 06 Aug 2024 08:00:00 GMT", "Tue, 31 Feb 2024 99:00")),
    st.one_of(odd_text, html),
)
feed_bytes = st.one_of(rss, rss.map(lambda data: data[: len(data) // 2]), st.binary(max_size=300))


def is_one_line(failure: Failure) -> bool:
    """Whether the failure's reason is one line (its source is the input's own name, whatever
    that holds: the terminal escapes it)."""
    return "\n" not in failure.problem and "\r" not in failure.problem


def check_results(results: Iterable[object]) -> list[Article | Failure]:
    """Every result is an Article with a body or a Failure with a one-line reason."""
    checked = []
    for result in results:
        assert isinstance(result, Article | Failure), result
        if isinstance(result, Article):
            assert result.paragraphs
        else:
            assert is_one_line(result), result
        checked.append(result)
    return checked


def check_clean_stream(items: list[Page]) -> None:
    """One result per page, in order, each an Article or a Failure."""
    assert len(check_results(clean_stream(items))) == len(items)


def check_read_inputs(files: list[tuple[str, bytes]]) -> None:
    """A folder of any files reads as pages and failures, and those clean to articles and
    failures: nothing raises."""
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files:
            (Path(folder) / name).write_bytes(data)
        items = list(read_inputs([folder]))
        assert all(isinstance(item, Page | Failure) for item in items)
        assert all(is_one_line(item) for item in items if isinstance(item, Failure))
        check_results(clean_stream(items))


def check_ingest(store: Store, items: list[Page]) -> None:
    """Every page is new, a new address of a stored page, unchanged, failed or left out, once;
    the store holds an article for every page, and ingesting again stores nothing new."""
    before = store.counts()["pages"]
    report = ingest(store, items)
    handled = (
        report.new + report.new_addresses + report.unchanged + [f.source for f in report.failed]
    )
    assert len(handled) + len(report.other_language) == len(items)
    assert all(is_one_line(failure) for failure in report.failed)
    counts = store.counts()
    assert counts["pages"] == counts["articles"] == before + len(report.new)
    again = ingest(store, items)
    assert again.new == again.new_addresses == []


def check_feed(data: bytes) -> None:
    """A feed's entries, or an InputError saying it is not a feed: nothing else."""
    fetched = Fetched(
        "https://example.org/feed", 200, data, "application/rss+xml", None, None, FETCHED_AT
    )
    try:
        entries = parse_feed(fetched)
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert all(entry.url.startswith(("http://", "https://")) for entry in entries)


def check_post(client: Any, token: str, body: dict[str, Any]) -> None:
    """POST /api/pages answers 201 or a 4xx with a one-line reason, never a 500."""
    answer = client.post("/api/pages", json=body, headers={"authorization": f"Bearer {token}"})
    assert answer.status_code in (201, 422), (answer.status_code, answer.text)
    if answer.status_code == 422:
        detail = answer.json()["detail"]
        assert isinstance(detail, str) and "\n" not in detail

"""Reading web archives (WARC): which records become pages, what the rest is counted as, HTTP
content codings, and archives that are cut short or are not archives at all. The archives are
written here with warcio."""

from __future__ import annotations

import gzip
import io
import zlib
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastwarc.stream_io import BrotliWriter
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from diplowatch.cli import app
from diplowatch.ingest import ReadOptions, read_inputs
from diplowatch.ingest.warc import read_warc
from diplowatch.records import Failure, Page
from diplowatch.store import Store

GENEVA_URL = "https://news.example.org/2024/03/05/ministers-meet-in-geneva"
VIENNA_URL = "https://news.example.org/2024/03/06/talks-move-to-vienna"
GENEVA_DATE = datetime(2024, 3, 5, 10, 11, 12, tzinfo=UTC)
VIENNA_DATE = datetime(2024, 3, 6, 8, 30, 0, tzinfo=UTC)
CRAWL_DATE = "2024-03-06T09:00:00Z"

GENEVA_HTML = """<!doctype html><html><head><title>Ministers meet in Genève</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Foreign ministers meet in Genève to revive ceasefire talks</h1>
<p>The foreign ministers of Armenia and Azerbaijan met in Genève on Tuesday for their first
direct talks in six months, seeking to revive a ceasefire that has frayed along their shared
border since the autumn.</p>
<p>The meeting, hosted by the Swiss foreign ministry at a lakeside villa, lasted nearly five
hours. Aides to both ministers said the discussions had been frank and that a joint commission
on the border would meet again before the end of the month.</p>
<p>Officials in Yerevan said their delegation had raised the question of prisoners still held
since the last round of fighting, while Baku's delegation pressed for a timetable on the
demarcation of the frontier. Neither side announced an agreement on either point.</p>
<p>Diplomats from the European Union, who attended part of the session as observers, called
the talks a cautious step forward and said they expected both governments to report back to
their parliaments next week.</p>
</article><footer>© News Example. Contact us.</footer></body></html>"""

VIENNA_HTML = """<!doctype html><html><head><meta charset="utf-8">
<title>Talks move to Vienna</title></head>
<body><nav><a href="/">Home</a></nav>
<article><h1>Nuclear talks move to Vienna after a week of delays</h1>
<p>Negotiators from Iran and three European governments will resume talks on the nuclear
programme in Vienna on Thursday, diplomats said, after a week of delays over the agenda and
the venue for the meeting.</p>
<p>The International Atomic Energy Agency said its director general would brief the
delegations on the latest inspections at the Fordow site before the formal session opens in
the afternoon.</p>
<p>A spokesman for the foreign ministry in Tehran said the delegation was ready to discuss a
limited exchange of sanctions relief for new limits on enrichment, but warned that it would
not accept conditions agreed without its participation.</p>
</article><footer>Contact us</footer></body></html>"""


def _response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    headers: list[tuple[str, str]],
    status: str = "200 OK",
    date: str = CRAWL_DATE,
) -> None:
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(record)


def _write_archive(path: Path) -> dict[str, int]:
    """The test archive (gzipped when the name ends in .gz); returns each record's offset, by
    a short label."""
    offsets: dict[str, int] = {}
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.suffix == ".gz")

        def mark(label: str) -> None:
            offsets[label] = out.tell()

        mark("warcinfo")
        writer.write_record(
            writer.create_warcinfo_record(path.name, {"software": "test", "format": "WARC/1.0"})
        )
        mark("geneva")
        _response(
            writer,
            GENEVA_URL,
            GENEVA_HTML.encode("windows-1252"),
            [("Content-Type", "text/html; charset=windows-1252")],
            date="2024-03-05T10:11:12Z",
        )
        mark("request")
        request = StatusAndHeaders(
            "GET /2024/03/06/talks-move-to-vienna HTTP/1.1",
            [("Host", "news.example.org"), ("Accept-Encoding", "gzip")],
            is_http_request=True,
        )
        writer.write_record(
            writer.create_warc_record(
                VIENNA_URL, "request", payload=io.BytesIO(b""), http_headers=request
            )
        )
        mark("vienna")
        body = gzip.compress(VIENNA_HTML.encode("utf-8"))
        _response(
            writer,
            VIENNA_URL,
            body,
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Encoding", "gzip"),
                ("Content-Length", str(len(body))),
            ],
            date="2024-03-06T08:30:00Z",
        )
        mark("image")
        _response(
            writer,
            "https://news.example.org/images/geneva.jpg",
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)),
            [("Content-Type", "image/jpeg")],
        )
        mark("missing")
        _response(
            writer,
            "https://news.example.org/missing",
            b"<html><body><h1>Not found</h1></body></html>",
            [("Content-Type", "text/html")],
            status="404 Not Found",
        )
        mark("metadata")
        writer.write_record(
            writer.create_warc_record(
                VIENNA_URL,
                "metadata",
                payload=io.BytesIO(b"fetchTimeMs: 212\r\noutlinks: 14\r\n"),
                warc_content_type="application/warc-fields",
            )
        )
        offsets["end"] = out.tell()
    return offsets


EXPECTED_TALLY = Counter(
    {
        "HTML pages": 2,
        "warcinfo records": 1,
        "request records": 1,
        "metadata records": 1,
        "non-HTML responses": 1,
        "responses with status other than 200": 1,
    }
)


def _read(path: Path, **options: object) -> tuple[list[Page | Failure], Counter[str]]:
    tally: Counter[str] = Counter()
    items = list(read_warc(path, ReadOptions(**options), tally))  # type: ignore[arg-type]
    return items, tally


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_html_responses_become_pages_and_the_rest_is_counted(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    offsets = _write_archive(path)
    items, tally = _read(path)
    assert all(isinstance(item, Page) for item in items), items
    geneva, vienna = items
    assert isinstance(geneva, Page) and isinstance(vienna, Page)
    assert (geneva.name, geneva.url) == (GENEVA_URL, GENEVA_URL)
    assert (vienna.name, vienna.url) == (VIENNA_URL, VIENNA_URL)
    assert geneva.kind == vienna.kind == "html"
    assert geneva.published is None and vienna.published is None
    # windows-1252 bytes, decoded: the accented letters come through.
    assert "met in Genève on Tuesday" in geneva.content
    assert geneva.encoding in {"cp1252", "windows-1252"}
    # The gzip Content-Encoding is undone.
    assert vienna.content == VIENNA_HTML
    assert vienna.encoding == "utf-8"
    assert geneva.fetched_at == GENEVA_DATE and vienna.fetched_at == VIENNA_DATE
    assert geneva.fetched_at is not None and geneva.fetched_at.utcoffset() is not None
    assert geneva.origin == f"{path}#{offsets['geneva']}"
    assert vienna.origin == f"{path}#{offsets['vienna']}"
    assert tally == EXPECTED_TALLY


def test_read_inputs_passes_the_tally_and_reads_a_folder_of_archives(tmp_path: Path) -> None:
    folder = tmp_path / "crawl"
    (folder / "segment").mkdir(parents=True)
    _write_archive(folder / "segment" / "CC-NEWS-20240306.warc.gz")
    _write_archive(folder / "OTHER.WARC")
    (folder / "note.html").write_text(
        "<html><body><p>A page beside the archives.</p></body></html>", "utf-8"
    )
    tally: Counter[str] = Counter()
    items = list(read_inputs([str(folder)], tally=tally))
    assert not [item for item in items if isinstance(item, Failure)], items
    names = [item.name for item in items if isinstance(item, Page)]
    assert names == [GENEVA_URL, VIENNA_URL, "note.html", GENEVA_URL, VIENNA_URL]
    assert tally == EXPECTED_TALLY + EXPECTED_TALLY
    # Without a tally, the same pages.
    assert [item.name for item in read_inputs([str(folder)]) if isinstance(item, Page)] == names


def _cut(tmp_path: Path, name: str, record: str, fraction: float) -> tuple[Path, dict[str, int]]:
    """The test archive cut at ``fraction`` of the bytes of one of its records."""
    whole = tmp_path / f"whole-{name}"
    offsets = _write_archive(whole)
    labels = list(offsets)
    start, end = offsets[record], offsets[labels[labels.index(record) + 1]]
    path = tmp_path / name
    path.write_bytes(whole.read_bytes()[: start + int((end - start) * fraction)])
    return path, offsets


@pytest.mark.parametrize("fraction", [0.1, 0.2, 0.5, 0.9])
def test_archive_cut_short_keeps_the_pages_before_the_cut(tmp_path: Path, fraction: float) -> None:
    path, _offsets = _cut(tmp_path, "cut.warc.gz", "metadata", fraction)
    items, tally = _read(path)
    *pages, failure = items
    assert all(isinstance(page, Page) for page in pages), pages
    assert [page.name for page in pages] == [GENEVA_URL, VIENNA_URL]  # type: ignore[union-attr]
    assert isinstance(failure, Failure), failure
    assert failure.source == str(path)
    assert failure.problem.startswith("truncated or corrupt archive")
    assert "\n" not in failure.problem
    assert tally == EXPECTED_TALLY - Counter({"metadata records": 1})


@pytest.mark.parametrize("name", ["cut.warc.gz", "cut.warc"])
def test_archive_cut_in_a_page_keeps_the_pages_before_it(tmp_path: Path, name: str) -> None:
    path, offsets = _cut(tmp_path, name, "vienna", 0.5)
    items, tally = _read(path)
    assert [type(item) for item in items] == [Page, Failure]
    page, failure = items
    assert isinstance(page, Page) and page.name == GENEVA_URL
    assert isinstance(failure, Failure) and failure.source == str(path)
    if name == "cut.warc":
        vienna = offsets["vienna"]
        assert failure.problem == (
            f"truncated or corrupt archive: the record at offset {vienna} is cut short"
        )
    assert failure.problem.startswith("truncated or corrupt archive")
    assert tally == Counter({"HTML pages": 1, "warcinfo records": 1, "request records": 1})


@pytest.mark.parametrize(
    "content",
    [
        b"This is a plain text file, not a web archive.\n",
        gzip.compress(b"<html><body><p>Not an archive either.</p></body></html>"),
        b"",
    ],
    ids=["text", "gzipped-html", "empty"],
)
def test_a_file_that_is_not_an_archive_is_one_failure(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.warc.gz"
    path.write_bytes(content)
    tally: Counter[str] = Counter()
    items = list(read_inputs([str(path)], tally=tally))
    assert len(items) == 1
    (failure,) = items
    assert isinstance(failure, Failure)
    assert failure.source == str(path)
    assert failure.problem.startswith("not a WARC archive")
    assert not tally


def test_bodies_over_the_size_limit_are_counted_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        big = f"<html><body><p>{'Talks resume. ' * 2000}</p></body></html>".encode()
        _response(writer, "https://a.example/plain", big, [("Content-Type", "text/html")])
        # Small on the wire, over the limit once unpacked.
        _response(
            writer,
            "https://a.example/bomb",
            gzip.compress(big),
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
        )
        _response(
            writer, "https://a.example/small", VIENNA_HTML.encode(), [("Content-Type", "text/html")]
        )
    items, tally = _read(path, max_bytes=10_000)
    assert [item.name for item in items if isinstance(item, Page)] == ["https://a.example/small"]
    assert len(items) == 1
    assert tally == Counter({"responses over the size limit": 2, "HTML pages": 1})


def _compressed(coding: str, data: bytes) -> bytes:
    if coding == "gzip":
        return gzip.compress(data)
    if coding == "deflate":
        return zlib.compress(data)
    if coding == "raw-deflate":
        compressor = zlib.compressobj(wbits=-15)
        return compressor.compress(data) + compressor.flush()
    assert coding == "br"
    buffer = io.BytesIO()
    writer = BrotliWriter(buffer)
    writer.write(data)
    writer.close()
    return buffer.getvalue()


@pytest.mark.parametrize("coding", ["gzip", "deflate", "raw-deflate", "br"])
def test_content_encodings_are_undone(tmp_path: Path, coding: str) -> None:
    path = tmp_path / "coded.warc.gz"
    header = "deflate" if coding == "raw-deflate" else coding
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        _response(
            writer,
            VIENNA_URL,
            _compressed(coding, VIENNA_HTML.encode()),
            [("Content-Type", "application/xhtml+xml"), ("Content-Encoding", header)],
        )
    items, tally = _read(path)
    assert [item.content for item in items if isinstance(item, Page)] == [VIENNA_HTML]
    assert tally == Counter({"HTML pages": 1})


def test_chunked_transfer_encoding_is_undone(tmp_path: Path) -> None:
    path = tmp_path / "chunked.warc"
    data = VIENNA_HTML.encode()
    middle = len(data) // 2
    chunked = b"".join(
        b"%x\r\n%s\r\n" % (len(part), part) for part in (data[:middle], data[middle:])
    )
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        _response(
            writer,
            VIENNA_URL,
            chunked + b"0\r\n\r\n",
            [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")],
        )
    items, _tally = _read(path)
    assert [item.content for item in items if isinstance(item, Page)] == [VIENNA_HTML]


def test_a_body_that_cannot_be_decoded_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "broken.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        broken = out.tell()
        _response(
            writer,
            "https://a.example/broken",
            b"this was never gzipped",
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
        )
        unknown = out.tell()
        _response(
            writer,
            "https://a.example/compress",
            b"\x1f\x9d\x90<html>",
            [("Content-Type", "text/html"), ("Content-Encoding", "compress")],
        )
        _response(writer, VIENNA_URL, VIENNA_HTML.encode(), [("Content-Type", "text/html")])
    items, tally = _read(path)
    first, second, page = items
    assert isinstance(first, Failure) and isinstance(second, Failure)
    assert first.source == f"{path}#{broken}"
    assert first.problem.startswith("cannot decode the response for https://a.example/broken")
    assert second.source == f"{path}#{unknown}"
    assert "unsupported Content-Encoding 'compress'" in second.problem
    assert isinstance(page, Page) and page.name == VIENNA_URL
    assert tally == Counter({"HTML pages": 1})


def test_ingest_stores_the_html_pages_of_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "archive.warc.gz"
    _write_archive(path)
    db = f"sqlite:///{tmp_path / 'store.db'}"
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", db, "--no-events"])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        counts = store.counts()
        stored = {item.article.page: item.article for item in store.articles()}
    assert counts["pages"] == counts["articles"] == 2
    assert sorted(stored) == [GENEVA_URL, VIENNA_URL]
    assert stored[GENEVA_URL].url == GENEVA_URL
    assert any("Genève on Tuesday" in paragraph for paragraph in stored[GENEVA_URL].paragraphs)
    assert any("Fordow" in paragraph for paragraph in stored[VIENNA_URL].paragraphs)

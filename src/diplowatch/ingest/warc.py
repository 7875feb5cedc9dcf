"""Web archives (``.warc``, ``.warc.gz``, such as Common Crawl News) -> pages, streamed.

Only ``response`` records of an HTTP 200 with an HTML content type become pages; every other
record is counted, by what it is, in a caller-owned tally (``"N request records"``, ...). A body
is read only up to the size limit, and its HTTP transfer and content codings (chunked, gzip,
deflate, br, zstd) are undone here: Common Crawl stores bodies decoded, other crawlers do not. A
body that cannot be decoded fails alone; an archive that is cut short or corrupt fails once, after
the pages read before the damage.
"""

from __future__ import annotations

import io
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fastwarc.stream_io import BrotliReader, ChunkedReader, WarcReader, ZstdReader
from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from diplowatch.errors import InputError
from diplowatch.ingest.decode import decode_bytes
from diplowatch.records import Failure, Page

if TYPE_CHECKING:
    # files.py imports this module to read archives.
    from diplowatch.ingest.files import ReadOptions

HTML_TYPES = {"text/html", "application/xhtml+xml"}
HTML_PAGES = "HTML pages"
NON_HTTP = "non-HTTP responses"
NO_URI = "responses without a target URI"
BAD_STATUS = "responses with status other than 200"
NON_HTML = "non-HTML responses"
TOO_LARGE = "responses over the size limit"
EMPTY = "empty HTML responses"
UNKNOWN_TYPE = "records of unknown type"
# Codings that leave the body as it is.
IDENTITY = {"identity", ""}
# zlib's window bits: 15-bit window, header auto-detected (gzip or zlib); raw deflate.
_GZIP_OR_ZLIB = 15 + 32
_RAW_DEFLATE = -15
_GZIP_MEMBER = 15 + 16
_GZIP_MAGIC = b"\x1f\x8b"
_READ_CHUNK = 1024 * 1024


class _Undecodable(Exception):
    """A body whose HTTP coding cannot be undone."""


class _OverLimit(Exception):
    """A body over the size limit once decoded."""


class _Damaged(Exception):
    """An archive that is cut short or corrupt at a record."""


def _tally_key(record_type: WarcRecordType) -> str:
    """The tally key for a record that is not a response: "request records", ..."""
    name = str(record_type)
    return f"{name} records" if name and name != "unknown" else UNKNOWN_TYPE


def _target_uri(record: WarcRecord) -> str | None:
    """WARC-Target-URI, without the angle brackets some writers (WARC/0.x, old wget) put around
    it."""
    uri = (record.headers.get("WARC-Target-URI") or "").strip()
    if uri.startswith("<") and uri.endswith(">"):
        uri = uri[1:-1].strip()
    return uri or None


def _fetched_at(record: WarcRecord) -> datetime | None:
    """WARC-Date as an aware UTC datetime (None when missing or unreadable)."""
    try:
        when = record.record_date
    except ValueError:
        return None
    if when is None:
        return None
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def _read_up_to(reader: WarcReader | io.BytesIO, limit: int) -> bytes:
    """At most ``limit`` bytes from a stream, in chunks, stopping at its end."""
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = reader.read(min(_READ_CHUNK, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _inflate(data: bytes, coding: str, limit: int) -> bytes:
    """gzip or deflate (zlib-wrapped, or raw as some servers send it), at most ``limit + 1``
    bytes of it."""
    window_bits = [_GZIP_OR_ZLIB] + ([_RAW_DEFLATE] if coding == "deflate" else [])
    problem = ""
    for bits in window_bits:
        inflater = zlib.decompressobj(bits)
        try:
            out = inflater.decompress(data, limit + 1)
        except zlib.error as error:
            problem = str(error)
            continue
        if len(out) <= limit and not inflater.eof:
            raise _Undecodable(f"{coding} data cut short")
        return out
    raise _Undecodable(f"invalid {coding} data ({problem})")


def _stream_decoder(
    make: Callable[[io.BytesIO], WarcReader], coding: str
) -> Callable[[bytes, str, int], bytes]:
    def decode(data: bytes, _coding: str, limit: int) -> bytes:
        try:
            return _read_up_to(make(io.BytesIO(data)), limit + 1)
        except OSError as error:
            raise _Undecodable(f"invalid {coding} data ({error})") from None

    return decode


_DECODERS: dict[str, Callable[[bytes, str, int], bytes]] = {
    "gzip": _inflate,
    "x-gzip": _inflate,
    "deflate": _inflate,
    "br": _stream_decoder(BrotliReader, "br"),
    "zstd": _stream_decoder(ZstdReader, "zstd"),
    "chunked": _stream_decoder(ChunkedReader, "chunked"),
}


def _codings(record: WarcRecord, header: str) -> list[str]:
    """The codings an HTTP header lists, in the order they were applied."""
    values = record.http_headers.get_multiple(header)
    found = [part.strip().lower() for value in values for part in value.split(",")]
    return [coding for coding in found if coding not in IDENTITY]


def _decode_body(data: bytes, record: WarcRecord, limit: int) -> bytes:
    """The body with its transfer codings, then its content codings, undone (last applied
    first)."""
    for header in ("Transfer-Encoding", "Content-Encoding"):
        for coding in reversed(_codings(record, header)):
            decoder = _DECODERS.get(coding)
            if decoder is None:
                raise _Undecodable(f"unsupported {header} {coding!r}")
            data = decoder(data, coding, limit)
            if len(data) > limit:
                raise _OverLimit
    return data


def _skip_reason(record: WarcRecord, max_bytes: int) -> str | None:
    """The tally key of a record that is not read as a page; None for one that is."""
    if record.record_type != WarcRecordType.response:
        return _tally_key(record.record_type)
    if not record.is_http:
        return NON_HTTP
    if _target_uri(record) is None:
        return NO_URI
    if record.http_headers.status_code != 200:
        return BAD_STATUS
    if (record.http_content_type or "").strip().lower() not in HTML_TYPES:
        return NON_HTML
    if record.content_length > max_bytes:
        return TOO_LARGE
    return None


def _page(record: WarcRecord, path: Path, max_bytes: int) -> Page | Failure | str:
    """The page of an HTML response, a Failure for a body that cannot be decoded, or the tally
    key of a record that is skipped."""
    reason = _skip_reason(record, max_bytes)
    if reason is not None:
        return reason
    url = _target_uri(record)
    assert url is not None
    origin = f"{path}#{record.stream_pos}"
    raw = _read_up_to(record.reader, record.content_length)
    try:
        data = _decode_body(raw, record, max_bytes)
        if not data.strip():
            return EMPTY
        # decode_bytes reads the encoding from the bytes; it takes no declared charset.
        text, encoding = decode_bytes(data, origin)
    except _OverLimit:
        return TOO_LARGE
    except (_Undecodable, InputError) as error:
        problem = error.problem if isinstance(error, InputError) else str(error)
        return Failure(origin, f"cannot decode the response for {url}: {problem}")
    return Page(
        name=url,
        content=text,
        kind="html",
        url=url,
        published=None,
        fetched_at=_fetched_at(record),
        origin=origin,
        encoding=encoding,
    )


def _check_headers(record: WarcRecord) -> None:
    """A record whose header block is cut short lacks its (mandatory) Content-Length."""
    if not (record.headers.get("Content-Length") or "").strip().isdigit():
        raise _Damaged(
            f"the header of the record at offset {record.stream_pos} is incomplete "
            "(no Content-Length)"
        )


def _check_complete(record: WarcRecord) -> None:
    """Reads what is left of the record; raises _Damaged when it ends before its length."""
    record.reader.consume()
    if record.reader.tell() < record.content_length:
        raise _Damaged(f"the record at offset {record.stream_pos} is cut short")


def _whole_gzip_members(stream: io.BufferedReader) -> bool:
    """True when the stream, from where it is to its end, is whole gzip members."""
    pending = b""
    while True:
        pending = pending or stream.read(_READ_CHUNK)
        if not pending:
            return True
        inflater = zlib.decompressobj(_GZIP_MEMBER)
        while not inflater.eof:
            pending = pending or stream.read(_READ_CHUNK)
            if not pending:
                return False
            try:
                inflater.decompress(pending, _READ_CHUNK)
            except zlib.error:
                return False
            pending = inflater.unconsumed_tail
        pending = inflater.unused_data


def _check_gzip_end(path: Path, last: int) -> None:
    """fastwarc ends quietly at a last gzip member cut short before it yields any data: the
    archive must be whole members from the last record it read to the end of the file. (An
    archive gzipped as one stream, not record by record, has no members to check.)"""
    with path.open("rb") as stream:
        if stream.read(2) != _GZIP_MAGIC:
            return
        stream.seek(last)
        if stream.read(2) != _GZIP_MAGIC:
            return
        stream.seek(last)
        if not _whole_gzip_members(stream):
            raise _Damaged(f"cut short after the record at offset {last}")


def _damage(error: Exception, records: int, last: int | None) -> str:
    if isinstance(error, _Damaged):
        return f"truncated or corrupt archive: {error}"
    if records == 0:
        return f"not a WARC archive ({error})"
    return f"truncated or corrupt archive after the record at offset {last} ({error})"


def read_warc(
    path: Path, options: ReadOptions, tally: Counter[str] | None = None
) -> Iterator[Page | Failure]:
    """The HTML pages of a web archive, streamed record by record.

    Each page is named by its WARC-Target-URI, which is also its URL; ``fetched_at`` is the
    WARC-Date and ``origin`` is ``PATH#OFFSET``. ``options.url`` and ``options.published`` do not
    apply (each record has its own address). Records that are not pages are counted in
    ``tally`` under keys that read as "N <key>" (see the module's constants and ``_tally_key``),
    and pages under ``"HTML pages"``. Damage to the archive ends the reading with one Failure
    naming the file; what was read before it stands.
    """
    source = str(path)
    counts: Counter[str] = tally if tally is not None else Counter()
    records, last = 0, None
    try:
        archive = ArchiveIterator(source, fsspec_args=False)
    except OSError as error:
        yield Failure(source, f"cannot read: {error}")
        return
    try:
        for record in archive:
            _check_headers(record)
            item = _page(record, path, options.max_bytes)
            _check_complete(record)
            records, last = records + 1, record.stream_pos
            if isinstance(item, str):
                counts[item] += 1
                continue
            if isinstance(item, Page):
                counts[HTML_PAGES] += 1
            yield item
        if last is not None:
            _check_gzip_end(path, last)
    except (OSError, _Damaged) as error:
        yield Failure(source, _damage(error, records, last))
        return
    if records == 0:
        yield Failure(source, "not a WARC archive (no records)")

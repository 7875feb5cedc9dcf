"""Files, folders, JSONL, web archives (WARC) and standard input -> pages.

Every input yields either a ``Page`` or a ``Failure`` naming the input and the problem, so that a
batch goes on past bad files.
"""

from __future__ import annotations

import gzip
import json
import sys
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from diplowatch.config import DEFAULT_MAX_BYTES
from diplowatch.dates import parse_published
from diplowatch.errors import InputError
from diplowatch.failures import failure_of
from diplowatch.ingest.decode import decode_bytes
from diplowatch.ingest.warc import read_warc
from diplowatch.records import DatePrecision, Failure, Page, PageKind
from diplowatch.sites import address_problem

SIDECAR_NAME = "meta.jsonl"
STDIN = "-"
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIX = ".warc"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read. ``url`` and ``published`` apply to every page file given."""

    url: str | None = None
    published: date | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True, slots=True)
class _Meta:
    url: str | None = None
    published: date | None = None
    title: str | None = None
    published_precision: DatePrecision | None = None


def _format_of(path: Path) -> tuple[str | None, bool]:
    """("text" | "html" | "jsonl" | "warc" | None, gzip-compressed?) from a file's suffixes."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    if compressed:
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    if last in TEXT_SUFFIXES:
        return "text", compressed
    if last in HTML_SUFFIXES:
        return "html", compressed
    if last in JSONL_SUFFIXES:
        return "jsonl", compressed
    if last == WARC_SUFFIX:
        return "warc", compressed
    return None, compressed


def _sniff_kind(text: str) -> PageKind:
    head = text[:2048].lstrip().lower()
    markers = ("<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p>")
    return "html" if head.startswith("<") and any(m in head for m in markers) else "text"


def _read_limited(stream: BinaryIO, source: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(source, f"file too large (over the {max_bytes:,}-byte limit)")
    return data


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, gunzipped if it ends in ``.gz``; refuses files over ``max_bytes``."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(source, f"file too large ({size:,} bytes; limit {max_bytes:,})")
        if _format_of(path)[1]:
            with gzip.open(path, "rb") as stream:
                return _read_limited(stream, source, max_bytes)
        with path.open("rb") as stream:
            return _read_limited(stream, source, max_bytes)
    except (OSError, EOFError, zlib.error) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise InputError(source, f"cannot read: {reason}") from None


def _meta_from_record(record: dict[str, Any], source: str) -> _Meta:
    try:
        published, precision = parse_published(record.get("published"))
    except ValueError as error:
        raise InputError(source, f"bad 'published': {error}") from None
    url = record.get("url")
    url = url if isinstance(url, str) and url else None
    problem = address_problem(url) if url else None
    if problem is not None:
        raise InputError(source, f"bad 'url': {problem}")
    title = record.get("title")
    return _Meta(
        url=url,
        published=published,
        title=title if isinstance(title, str) and title else None,
        published_precision=precision,
    )


def read_sidecar(folder: Path) -> tuple[dict[str, _Meta], list[Failure]]:
    """The ``meta.jsonl`` of a folder: file name -> metadata, and the lines it could not read."""
    sidecar = folder / SIDECAR_NAME
    found: dict[str, _Meta] = {}
    failures: list[Failure] = []
    if not sidecar.is_file():
        return found, failures
    for number, line in enumerate(sidecar.read_text("utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        source = f"{sidecar}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("file"), str):
                raise InputError(source, "sidecar line needs a 'file' name")
            found[record["file"]] = _meta_from_record(record, source)
        except json.JSONDecodeError as error:
            failures.append(Failure(source, f"invalid JSON ({error.msg})"))
        except InputError as error:
            failures.append(Failure(error.source, error.problem))
    return found, failures


def _page_from_file(path: Path, kind: PageKind | None, meta: _Meta, options: ReadOptions) -> Page:
    text, encoding = decode_bytes(read_bytes(path, options.max_bytes), str(path))
    fetched_at = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    return Page(
        name=path.name,
        content=text,
        kind=kind or _sniff_kind(text),
        url=options.url or meta.url,
        published=options.published or meta.published,
        published_precision=None if options.published else meta.published_precision,
        title=meta.title,
        fetched_at=fetched_at,
        origin=str(path),
        encoding=encoding,
    )


def _pages_from_jsonl(text: str, source: str) -> Iterator[Page | Failure]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Failure(where, f"invalid JSON ({error.msg})")
            continue
        try:
            yield page_from_record(record, where)
        except InputError as error:
            yield Failure(error.source, error.problem)


def page_from_record(record: Any, where: str) -> Page:
    if not isinstance(record, dict):
        raise InputError(where, "a record must be a JSON object")
    meta = _meta_from_record(record, where)
    name = record.get("id") if record.get("id") not in (None, "") else meta.url
    if name is None:
        raise InputError(where, "a record needs an 'id' or a 'url'")
    html, text = record.get("html"), record.get("text")
    content = html if isinstance(html, str) and html.strip() else text
    if not isinstance(content, str) or not content.strip():
        raise InputError(where, "a record needs a non-empty 'text' or 'html'")
    kind: PageKind = "html" if content is html else "text"
    return Page(
        name=str(name),
        content=content,
        kind=kind,
        url=meta.url,
        published=meta.published,
        published_precision=meta.published_precision,
        title=meta.title,
        origin=where,
        record=True,
    )


def _read_stdin(options: ReadOptions) -> Iterator[Page | Failure]:
    try:
        data = _read_limited(sys.stdin.buffer, "<stdin>", options.max_bytes)
        text, encoding = decode_bytes(data, "<stdin>")
    except InputError as error:
        yield Failure(error.source, error.problem)
        return
    if text.lstrip().startswith("{"):
        yield from _pages_from_jsonl(text, "<stdin>")
        return
    yield Page(
        name=options.url or "<stdin>",
        content=text,
        kind=_sniff_kind(text),
        url=options.url,
        published=options.published,
        origin="<stdin>",
        encoding=encoding,
    )


def _read_file(
    path: Path, options: ReadOptions, meta: _Meta, tally: Counter[str] | None
) -> Iterator[Page | Failure]:
    fmt, _compressed = _format_of(path)
    if fmt == "warc":
        yield from read_warc(path, options, tally)
        return
    try:
        if fmt == "jsonl":
            text, _encoding = decode_bytes(read_bytes(path, options.max_bytes), str(path))
            yield from _pages_from_jsonl(text, str(path))
            return
        yield _page_from_file(path, fmt, meta, options)  # type: ignore[arg-type]
    except InputError as error:
        yield Failure(error.source, error.problem)


def _folder_files(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path.name != SIDECAR_NAME
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        and _format_of(path)[0] is not None
    )


def read_inputs(
    paths: Iterable[str], options: ReadOptions | None = None, tally: Counter[str] | None = None
) -> Iterator[Page | Failure]:
    """Pages from files, folders (recursively), JSONL files, web archives and standard input
    (``-``).

    Metadata comes from each folder's ``meta.jsonl`` sidecar; ``options.url`` and
    ``options.published`` override it for page files. Folders are read for the suffixes
    .txt, .html, .htm, .jsonl, .warc (and their .gz forms); a file named explicitly is read
    whatever its suffix, as HTML when it looks like HTML. Web archives are streamed, and the
    records in them that are not HTML pages are counted in ``tally`` (see ``read_warc``).
    Whatever goes wrong while reading one input (a library's exception included) is that
    input's Failure, and the reading goes on with the next.
    """
    options = options or ReadOptions()
    sidecars: dict[Path, dict[str, _Meta]] = {}

    def meta_for(path: Path) -> Iterator[Failure]:
        folder = path.parent
        if folder not in sidecars:
            sidecars[folder], failures = read_sidecar(folder)
            yield from failures

    def read_one(file: Path) -> Iterator[Page | Failure]:
        yield from meta_for(file)
        meta = sidecars.get(file.parent, {}).get(file.name, _Meta())
        yield from _read_file(file, options, meta, tally)

    for raw in paths:
        if raw == STDIN:
            yield from _isolated(raw, _read_stdin(options))
            continue
        files: list[Path] = []
        yield from _isolated(raw, _list_files(raw, files))
        for file in files:
            yield from _isolated(str(file), read_one(file))


def _list_files(raw: str, files: list[Path]) -> Iterator[Failure]:
    """Fill ``files`` with the input files ``raw`` names (a folder's, recursively), or say why
    there are none."""
    path = Path(raw)
    if path.is_dir():
        files.extend(_folder_files(path))
    elif path.exists():
        files.append(path)
    else:
        yield Failure(raw, "no such file or folder")


def _isolated(source: str, items: Iterator[Page | Failure]) -> Iterator[Page | Failure]:
    """The items of one input; an exception while reading them ends that input with its
    Failure, never the stream of inputs."""
    try:
        yield from items
    except Exception as error:
        yield failure_of(source, "cannot read", error)

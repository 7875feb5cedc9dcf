"""Batches without a store: clean and read any number of pages into Parquet files that
``diplowatch load`` stores later, on this machine or as Ray Data tasks over a cluster.

Both engines run the same functions on the same work: the inputs are cut into chunks whose
site profiles are computed on the driver (``pipeline.profiled_chunks``, as ``ingest`` does),
each page is cleaned by ``pipeline.clean_page`` with its chunk's profiles and each article read
by an ``EventReader``. So the local and the Ray output are identical row for row.

The output folder holds ``part-00000.parquet``, ``part-00001.parquet``, ... in input order, one
row per input: ``seq`` (its place in the input), ``name``, ``status`` (``article``, ``failed``
or ``other-language``), ``problem``, and the records as JSON (msgspec): ``page``, ``article``,
``events`` and ``positions``. Parts are written by the driver as results stream back, so the
folder need not be shared with the cluster's machines.
"""

from __future__ import annotations

import json
import logging
import pickle
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import msgspec
import pyarrow as pa
import pyarrow.parquet as pq

from diplowatch.clean.profiles import profiles_for
from diplowatch.errors import BatchError
from diplowatch.pipeline.ingesting import clean_page, in_languages, profiled_chunks, with_readings
from diplowatch.pipeline.storing import IngestReport, store_reading
from diplowatch.records import Article, Event, Failure, Page, Position, Reading, SiteProfile
from diplowatch.store import Store

if TYPE_CHECKING:
    from diplowatch.extract.reader import EventReader
    from diplowatch.nlp import NlpSettings

# Pages a worker is given at a time: small enough to keep every worker busy to the end.
UNIT_PAGES = 25
# Pages per Parquet part; on Ray, one Ray Data run each (the driver holds one part's inputs).
PART_PAGES = 2000
# The object store of a local Ray instance, in bytes (it spills to disk beyond this).
LOCAL_OBJECT_STORE = 1024**3
# The file a finished batch writes last: its row count and parts.
DONE = "_SUCCESS"
# Rows per Parquet row group (what ``load`` holds in memory at a time).
ROW_GROUP = 256

Status = Literal["article", "failed", "other-language"]

SCHEMA = pa.schema(
    [
        ("seq", pa.int64()),
        ("name", pa.string()),
        ("status", pa.string()),
        ("problem", pa.string()),
        ("page", pa.string()),
        ("article", pa.string()),
        ("events", pa.string()),
        ("positions", pa.string()),
    ]
)

_ENCODER = msgspec.json.Encoder()


@dataclass(frozen=True, slots=True)
class WorkUnit:
    """Consecutive inputs, from input position ``seq`` on, with their chunk's site profiles."""

    seq: int
    items: tuple[Page | Failure, ...]
    profiles: Mapping[str, SiteProfile]


@dataclass(slots=True)
class BatchReport:
    rows: int = 0
    articles: int = 0
    events: int = 0
    failed: list[Failure] = field(default_factory=list)
    other_language: int = 0
    parts: list[Path] = field(default_factory=list)


def work_units(items: Iterable[Page | Failure], unit_pages: int = UNIT_PAGES) -> Iterator[WorkUnit]:
    """The inputs as work units, profiled chunk by chunk exactly as ``clean_stream`` does."""
    seq = 0
    for chunk, _fresh, profiles in profiled_chunks(items, lambda _page: True, profiles_for):
        for start in range(0, len(chunk), unit_pages):
            part = tuple(chunk[start : start + unit_pages])
            yield WorkUnit(seq, part, profiles)
            seq += len(part)


def _row(seq: int, name: str, status: Status, problem: str | None = None) -> dict[str, Any]:
    return {
        "seq": seq,
        "name": name,
        "status": status,
        "problem": problem,
        "page": None,
        "article": None,
        "events": None,
        "positions": None,
    }


Prepared = tuple[dict[str, Any], Page | None, Article | None]


def _clean_unit(unit: WorkUnit, languages: frozenset[str] | None) -> Iterator[Prepared]:
    """Each input of the unit as a row, with the page and article still to be read (if any)."""
    for offset, item in enumerate(unit.items):
        seq = unit.seq + offset
        if isinstance(item, Failure):
            yield _row(seq, item.source, "failed", item.problem), None, None
            continue
        result = clean_page(item, unit.profiles)
        if isinstance(result, Failure):
            yield _row(seq, item.name, "failed", result.problem), None, None
        elif not in_languages(result, languages):
            yield _row(seq, item.name, "other-language", result.language), None, None
        else:
            yield _row(seq, item.name, "article"), item, result


def _filled(row: dict[str, Any], page: Page, article: Article, reading: Reading | None) -> None:
    row["page"] = _ENCODER.encode(page).decode()
    row["article"] = _ENCODER.encode(article).decode()
    row["events"] = _ENCODER.encode(reading.events if reading else []).decode()
    row["positions"] = _ENCODER.encode(reading.positions if reading else []).decode()


def _read_rows(
    prepared: Iterable[Prepared], reader: EventReader | None
) -> Iterator[dict[str, Any]]:
    """The rows in order, each article's filled in with its reading."""
    for (row, page, article), reading in with_readings(prepared, lambda e: e[2], reader):
        if isinstance(reading, Failure):
            row.update(status="failed", problem=reading.problem)
        elif page is not None and article is not None:
            _filled(row, page, article, reading)
        yield row


def read_unit(
    unit: WorkUnit, reader: EventReader | None, languages: frozenset[str] | None
) -> list[dict[str, Any]]:
    """One row per input of the unit: its page, article, events and positions as JSON, or
    why there are none."""
    return list(_read_rows(_clean_unit(unit, languages), reader))


class PartWriter:
    """Writes rows into numbered Parquet parts of at most ``part_pages`` rows."""

    def __init__(self, out: Path, part_pages: int = PART_PAGES) -> None:
        self.out = out
        self.part_pages = part_pages
        self.report = BatchReport()
        self._writer: pq.ParquetWriter | None = None
        self._buffer: list[dict[str, Any]] = []
        self._in_part = 0
        out.mkdir(parents=True, exist_ok=True)
        stale = sorted(out.glob("part-*.parquet"))
        if stale:
            raise BatchError(
                f"{out}: already holds batch output ({stale[0].name}); use a new folder"
            )

    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        for row in rows:
            if self._in_part >= self.part_pages:
                self._next_part()
            self._buffer.append(row)
            self._in_part += 1
            self._count(row)
            if len(self._buffer) >= ROW_GROUP:
                self._flush()

    def write_table(self, table: pa.Table) -> None:
        self.write(table.to_pylist())

    def _flush(self) -> None:
        if not self._buffer:
            return
        if self._writer is None:
            path = self.out / f"part-{len(self.report.parts):05d}.parquet"
            self._writer = pq.ParquetWriter(path, SCHEMA, compression="zstd")
            self.report.parts.append(path)
        self._writer.write_table(pa.Table.from_pylist(self._buffer, schema=SCHEMA))
        self._buffer.clear()

    def _count(self, row: dict[str, Any]) -> None:
        report = self.report
        report.rows += 1
        if row["status"] == "article":
            report.articles += 1
            report.events += len(msgspec.json.decode(row["events"]))
        elif row["status"] == "failed":
            report.failed.append(Failure(row["name"], row["problem"] or ""))
        else:
            report.other_language += 1

    def _next_part(self) -> None:
        self.close()
        self._in_part = 0

    def close(self) -> None:
        self._flush()
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def finish(self) -> None:
        """Close the last part and mark the output complete (``load`` refuses it otherwise)."""
        self.close()
        manifest = {"rows": self.report.rows, "parts": [p.name for p in self.report.parts]}
        (self.out / DONE).write_text(json.dumps(manifest) + "\n", encoding="utf-8")


def run_local(
    items: Iterable[Page | Failure],
    out: Path,
    reader: EventReader | None,
    languages: frozenset[str] | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> BatchReport:
    """The batch on this machine: the work units cleaned here, their articles read as one
    stream by the reader (on its worker processes)."""
    writer = PartWriter(out)
    prepared = (entry for unit in work_units(items) for entry in _clean_unit(unit, languages))
    try:
        for row in _read_rows(prepared, reader):
            writer.write([row])
            if on_rows is not None:
                on_rows(1)
        writer.finish()
    finally:
        writer.close()
    return writer.report


class _RayReader:
    """A Ray Data actor that reads the work units it is sent. Each row carries the job's
    settings; the NLP pipeline is loaded on the first row, once for the actor's life (the
    actor takes no constructor arguments, so Ray can restart it on another machine)."""

    def __init__(self) -> None:
        self._job: bytes | None = None
        self._reader: EventReader | None = None
        self._languages: frozenset[str] | None = None

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        rows: list[dict[str, Any]] = []
        for job, payload in zip(batch["job"], batch["unit"], strict=True):
            if job != self._job:
                self._start(job)
            rows.extend(read_unit(pickle.loads(payload), self._reader, self._languages))
        return {name: [row[name] for row in rows] for name in SCHEMA.names}

    def _start(self, job: bytes) -> None:
        from diplowatch.extract.reader import EventReader

        nlp_settings, self._languages = pickle.loads(job)
        self._reader = EventReader.load(nlp_settings) if nlp_settings is not None else None
        self._job = job


def run_ray(
    items: Iterable[Page | Failure],
    out: Path,
    nlp_settings: NlpSettings | None,
    *,
    address: str | None = None,
    workers: int | None = None,
    languages: frozenset[str] | None = None,
    on_rows: Callable[[int], None] | None = None,
    part_pages: int = PART_PAGES,
) -> BatchReport:
    """The batch as Ray Data tasks: each part's work units go to a pool of ``workers`` actors
    (one CPU each), and their rows come back in order to be written here. ``address`` joins a
    running cluster (``ray://host:10001``); without it a local Ray instance is started with
    ``workers`` CPUs. ``nlp_settings`` None: clean only."""
    try:
        import ray
    except ImportError:
        raise BatchError("the Ray engine needs Ray: pip install 'diplowatch[ray]'") from None
    started = not ray.is_initialized()
    if started:
        ray.init(
            address=address,
            num_cpus=None if address else workers,
            # A local instance's object store holds a part's inputs and rows at a time; Ray's
            # default (30% of memory) only lets finished parts linger.
            object_store_memory=None if address else LOCAL_OBJECT_STORE,
            include_dashboard=False,
            log_to_driver=False,
            logging_level="ERROR",
        )
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    # Ray Data's own log lines (one per run, and a note that progress bars are off) would
    # interleave with the progress display; warnings and errors still show.
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    pool = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    job = pickle.dumps((nlp_settings, languages))
    writer = PartWriter(out, part_pages)
    units_per_part = max(1, part_pages // UNIT_PAGES)
    try:
        units = work_units(items)
        while part := list(islice(units, units_per_part)):
            dataset = ray.data.from_items(
                [{"job": job, "unit": pickle.dumps(unit)} for unit in part],
                override_num_blocks=len(part),
            )
            rows = dataset.map_batches(
                _RayReader,
                batch_size=1,
                concurrency=min(pool, len(part)),
                num_cpus=1,
            )
            for table in rows.iter_batches(batch_size=None, batch_format="pyarrow"):
                writer.write_table(table)
                if on_rows is not None:
                    on_rows(table.num_rows)
        writer.finish()
    except ray.exceptions.RayError as error:
        raise BatchError(f"{out}: the Ray batch failed ({_root_cause(error)})") from None
    finally:
        writer.close()
        if started:
            ray.shutdown()
    return writer.report


_RAISED = re.compile(r"^\s*(?:[\w.]+\.)?(\w+(?:Error|Exception)): (.+)$")


def _root_cause(error: BaseException) -> str:
    """The first exception a worker raised, from the traceback text Ray wraps it in."""
    for line in str(error).splitlines():
        match = _RAISED.match(line)
        if match and not match[1].startswith(("Ray", "UserCode")):
            return f"{match[1]}: {match[2]}"
    lines = str(error).strip().splitlines()
    return lines[0] if lines else error.__class__.__name__


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One row of batch output as records again."""

    seq: int
    name: str
    status: Status
    problem: str | None
    page: Page | None
    article: Article | None
    events: list[Event]
    positions: list[Position]


def read_output(folder: Path) -> Iterator[BatchRow]:
    """The rows of a batch output folder, in input order, a row group at a time."""
    parts = sorted(folder.glob("part-*.parquet"))
    if not parts:
        raise BatchError(f"{folder}: no batch output (part-*.parquet) found")
    if not (folder / DONE).is_file():
        raise BatchError(f"{folder}: the batch did not finish (no {DONE}); run it again")
    decode_page = msgspec.json.Decoder(Page)
    decode_article = msgspec.json.Decoder(Article)
    decode_events = msgspec.json.Decoder(list[Event])
    decode_positions = msgspec.json.Decoder(list[Position])
    for path in parts:
        try:
            parquet = pq.ParquetFile(path)
            for batch in parquet.iter_batches(batch_size=256):
                for row in batch.to_pylist():
                    yield BatchRow(
                        seq=row["seq"],
                        name=row["name"],
                        status=row["status"],
                        problem=row["problem"],
                        page=decode_page.decode(row["page"]) if row["page"] else None,
                        article=decode_article.decode(row["article"]) if row["article"] else None,
                        events=decode_events.decode(row["events"]) if row["events"] else [],
                        positions=(
                            decode_positions.decode(row["positions"]) if row["positions"] else []
                        ),
                    )
        except (OSError, pa.ArrowException, msgspec.DecodeError, KeyError) as error:
            raise BatchError(f"{path}: cannot read batch output ({error})") from None


def load_output(
    store: Store, folder: Path, on_row: Callable[[str], None] | None = None
) -> IngestReport:
    """Store a batch's output: each page with its article, events and positions in its own
    transaction (pages already stored are left as they are), then the stories rebuilt. A crash
    part way leaves every page stored whole or not at all; loading again goes on from there."""
    report = IngestReport()
    for row in read_output(folder):
        if row.status == "failed":
            report.failed.append(Failure(row.name, row.problem or "failed"))
        elif row.status == "other-language":
            report.other_language.append((row.name, row.problem or "unknown"))
        elif row.page is not None and row.article is not None:
            store_reading(store, row.page, row.article, row.events, row.positions, report)
        if on_row is not None:
            on_row(row.name)
    report.stories_rebuilt = store.update_stories()
    return report

"""Throughput and memory benchmark for clean + extract, against spaCy alone.

The goal it checks: articles per second for clean + extract on the given number of cores, and
in the same run the throughput of spaCy alone (``nlp.pipe`` over exactly the same paragraph
texts, same batch size and processes): the ratio diplowatch / spaCy must be at least 0.8.
Resident memory (main process and its children) is sampled during the extraction run so that
its flatness over a long run (10,000 articles by default) is visible.

The articles are the real pages (the article-extraction benchmark's HTML pages and the example
text pages), cleaned once and cycled through to the requested number, each copy under a
distinct page name, generated lazily so the input itself holds no memory.

Usage::

    .venv/bin/python bench/extract.py                        # 10,000 articles, 2 processes
    .venv/bin/python bench/extract.py --articles 500         # a quick check
    .venv/bin/python bench/extract.py --processes 1
    .venv/bin/python bench/extract.py --articles 1830 --clean-in-run --rounds 4   # ABAB...
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from diplowatch.config import nlp_settings
from diplowatch.extract.reader import EventReader
from diplowatch.ingest import read_inputs
from diplowatch.languages import is_parsed
from diplowatch.nlp import NlpSettings
from diplowatch.pipeline.ingesting import Cleaner, clean_stream
from diplowatch.records import Article, Failure, Page, Reading

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HTML = Path("/work/shared/data/article-extraction-benchmark/html")
DEFAULT_TEXT = ROOT / "examples" / "pages"
MB = 1024 * 1024
CHECKPOINTS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)

# --- memory -------------------------------------------------------------------------------

try:
    import psutil
except ImportError:  # pragma: no cover - depends on the environment
    psutil = None


def _proc_children(pid: int) -> list[int]:
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return children


def proc_bytes(path: str, key: str) -> int:
    """A ``key: N kB`` line of a /proc file, in bytes (0 when the process is gone)."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _proc_rss(pid: int) -> int:
    return proc_bytes(f"/proc/{pid}/status", "VmRSS:")


def tree_rss(pid: int | None = None) -> tuple[int, int]:
    """RSS in bytes of the process and all its descendants, and the number of processes."""
    pid = os.getpid() if pid is None else pid
    if psutil is not None:
        try:
            root = psutil.Process(pid)
            processes = [root, *root.children(recursive=True)]
        except psutil.Error:
            return 0, 0
        total = 0
        for process in processes:
            try:
                total += process.memory_info().rss
            except psutil.Error:
                continue
        return total, len(processes)
    pids, seen = [pid], set()
    while pids:
        current = pids.pop()
        if current in seen:
            continue
        seen.add(current)
        pids.extend(_proc_children(current))
    return sum(_proc_rss(p) for p in seen), len(seen)


class RssSampler:
    """Samples the RSS of this process tree every ``interval`` seconds in a thread."""

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.peak = 0
        self.peak_processes = 0
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._start = 0.0

    def sample(self) -> int:
        rss, processes = tree_rss()
        if rss > self.peak:
            self.peak, self.peak_processes = rss, processes
        self.samples.append((time.perf_counter() - self._start, rss))
        return rss

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> RssSampler:
        self._start = time.perf_counter()
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


# --- input --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Source:
    articles: tuple[Article, ...]
    raw_pages: tuple[Page, ...]
    pages: int
    failures: int
    read_seconds: float
    clean_seconds: float


def clean_sources(paths: Sequence[str]) -> Source:
    """Read and clean the real pages once, timing the cleaning separately from reading."""
    start = time.perf_counter()
    items = list(read_inputs(paths))
    read_done = time.perf_counter()
    results = list(clean_stream(items))
    clean_done = time.perf_counter()
    articles = tuple(r for r in results if isinstance(r, Article))
    pages = sum(1 for item in items if not isinstance(item, Failure))
    failures = sum(1 for r in results if isinstance(r, Failure))
    raw = tuple(item for item in items if isinstance(item, Page))
    return Source(articles, raw, pages, failures, read_done - start, clean_done - read_done)


def cycle_articles(source: Sequence[Article], count: int) -> Iterator[Article]:
    """``count`` articles cycling through ``source``, each with a distinct page name, lazily."""
    for index in range(count):
        article = source[index % len(source)]
        yield dataclasses.replace(article, page=f"{article.page}#{index}")


def paragraph_texts(articles: Iterator[Article]) -> Iterator[str]:
    """The paragraphs the reader parses: those of articles in a parsed language."""
    for article in articles:
        if is_parsed(article):
            yield from article.paragraphs


def mean_sizes(source: Sequence[Article], count: int) -> tuple[float, float, float, float]:
    """Mean paragraphs and words per article over the ``count`` cycled articles, and parsed
    paragraphs and words per article (those that reach spaCy)."""
    paragraphs = words = parsed_paragraphs = parsed_words = 0
    full, rest = divmod(count, len(source))
    for position, article in enumerate(source):
        times = full + (1 if position < rest else 0)
        n_paragraphs = len(article.paragraphs)
        n_words = sum(len(p.split()) for p in article.paragraphs)
        paragraphs += times * n_paragraphs
        words += times * n_words
        if is_parsed(article):
            parsed_paragraphs += times * n_paragraphs
            parsed_words += times * n_words
    return paragraphs / count, words / count, parsed_paragraphs / count, parsed_words / count


# --- runs ---------------------------------------------------------------------------------


@dataclasses.dataclass(slots=True)
class Run:
    name: str
    articles: int = 0
    seconds: float = 0.0
    tokens: int = 0
    events: int = 0
    positions: int = 0
    articles_with_events: int = 0
    checkpoints: list[tuple[float, int, float, int]] = dataclasses.field(default_factory=list)
    peak_rss: int = 0
    peak_processes: int = 0
    start_rss: int = 0

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def _progress(total: int, sampler: RssSampler, run: Run, started: float) -> Callable[[int], None]:
    marks = sorted({max(1, round(total * fraction)) for fraction in CHECKPOINTS})

    def at(done: int) -> None:
        while marks and done >= marks[0]:
            marks.pop(0)
            elapsed = time.perf_counter() - started
            rss = sampler.sample()
            run.checkpoints.append((done / total, done, elapsed, rss))
            print(
                f"    {done / total:4.0%} {done:>6} articles {elapsed:7.1f} s "
                f"{done / elapsed:6.2f} articles/s, RSS {rss / MB:6.0f} MiB "
                f"(peak so far {sampler.peak / MB:.0f} MiB), events {run.events}",
                flush=True,
            )

    return at


def run_spacy(reader: EventReader, source: Sequence[Article], count: int, interval: float) -> Run:
    """Run A: ``nlp.pipe`` alone over the same paragraph texts, same settings."""
    settings = reader.settings
    run = Run("spaCy alone (nlp.pipe)")
    gc.collect()
    with RssSampler(interval) as sampler:
        run.start_rss = sampler.samples[0][1]
        started = time.perf_counter()
        pipe = reader.in_process()[0].pipe(
            paragraph_texts(cycle_articles(source, count)),
            batch_size=settings.batch_size,
            n_process=settings.processes,
        )
        for doc in pipe:
            run.tokens += len(doc)
        run.seconds = time.perf_counter() - started
    run.articles = count
    run.peak_rss, run.peak_processes = sampler.peak, sampler.peak_processes
    return run


def _count_events(run: Run, read: Iterator[Reading], progress: Callable[[int], None]) -> None:
    """Consume the reader's output, counting articles, events and positions into ``run``."""
    for reading in read:
        run.articles += 1
        run.events += len(reading.events)
        run.positions += len(reading.positions)
        run.articles_with_events += bool(reading.events)
        progress(run.articles)


def run_reader(reader: EventReader, source: Sequence[Article], count: int, interval: float) -> Run:
    """Run B: the event reader (parse + extract) over the same articles."""
    run = Run("diplowatch (EventReader.read)")
    gc.collect()
    with RssSampler(interval) as sampler:
        run.start_rss = sampler.samples[0][1]
        started = time.perf_counter()
        progress = _progress(count, sampler, run, started)
        _count_events(run, reader.read(cycle_articles(source, count)), progress)
        run.seconds = time.perf_counter() - started
    run.peak_rss, run.peak_processes = sampler.peak, sampler.peak_processes
    return run


def cycle_pages(pages: Sequence[Page], count: int) -> Iterator[Page]:
    """``count`` raw pages cycling through ``pages``, each with a distinct name, lazily."""
    for index in range(count):
        page = pages[index % len(pages)]
        yield dataclasses.replace(page, name=f"{page.name}#{index}")


def run_clean_and_read(
    reader: EventReader, pages: Sequence[Page], count: int, interval: float
) -> Run:
    """Run C: the whole job on raw pages: chunks of pages cleaned on ``processes`` worker
    processes (the next chunk while this one is parsed), feeding one stream of articles that
    is parsed and read for events."""
    run = Run("diplowatch (clean + parse + extract)")
    gc.collect()
    with Cleaner(reader.settings.processes) as cleaner, RssSampler(interval) as sampler:
        run.start_rss = sampler.samples[0][1]
        started = time.perf_counter()
        progress = _progress(count, sampler, run, started)
        cleaned = clean_stream(cycle_pages(pages, count), cleaner)
        articles = (result for result in cleaned if isinstance(result, Article))
        _count_events(run, reader.read(articles), progress)
        run.seconds = time.perf_counter() - started
    run.peak_rss, run.peak_processes = sampler.peak, sampler.peak_processes
    return run


def _added(total: Run | None, run: Run) -> Run:
    """Two runs of the same kind as one: counts and times added, the peak the higher; the
    memory checkpoints are those of the first."""
    if total is None:
        return run
    total.articles += run.articles
    total.seconds += run.seconds
    total.tokens += run.tokens
    total.events += run.events
    total.positions += run.positions
    total.articles_with_events += run.articles_with_events
    if run.peak_rss > total.peak_rss:
        total.peak_rss, total.peak_processes = run.peak_rss, run.peak_processes
    return total


def warm_up(reader: EventReader, source: Sequence[Article]) -> None:
    """Parse and extract a few articles in this process so lazy loading is not timed."""
    settings = dataclasses.replace(reader.settings, processes=1)
    warm = dataclasses.replace(reader, settings=settings)
    for _ in warm.read(cycle_articles(source, min(4, len(source)))):
        pass


# --- report -------------------------------------------------------------------------------


def report(
    args: argparse.Namespace,
    settings: NlpSettings,
    source: Source,
    sizes: tuple[float, float, float, float],
    spacy_run: Run,
    reader_run: Run,
    wall: float,
) -> float:
    clean_per_page = source.clean_seconds / max(1, source.pages)
    print()
    print(
        f"model {settings.model}, batch_size {settings.batch_size}, processes {settings.processes}"
    )
    print(f"RSS sampled with {'psutil' if psutil is not None else '/proc'} every {args.interval} s")
    print(
        f"source: {source.pages} pages -> {len(source.articles)} articles "
        f"({source.failures} failures); read {source.read_seconds:.2f} s, "
        f"clean {source.clean_seconds:.2f} s = {clean_per_page * 1000:.1f} ms/page"
    )
    paragraphs, words, parsed_paragraphs, parsed_words = sizes
    parsed_share = sum(1 for a in source.articles if is_parsed(a)) / len(source.articles)
    print(
        f"{args.articles} articles: mean {paragraphs:.1f} paragraphs, {words:.0f} words per "
        f"article; parsed (language en/unknown, {parsed_share:.0%} of articles): "
        f"{parsed_paragraphs:.1f} paragraphs, {parsed_words:.0f} words per article"
    )
    print()
    for run in (spacy_run, reader_run):
        print(
            f"{run.name:32} {run.articles:>6} articles in {run.seconds:8.1f} s = "
            f"{run.rate:7.2f} articles/s, peak RSS {run.peak_rss / MB:7.0f} MiB "
            f"({run.peak_processes} processes)"
        )
    print(f"  spaCy tokens: {spacy_run.tokens} ({spacy_run.tokens / spacy_run.seconds:.0f}/s)")
    print(
        f"  events found: {reader_run.events} "
        f"({reader_run.articles_with_events} articles with events, "
        f"{reader_run.events / max(1, reader_run.articles):.2f} per article); "
        f"positions found: {reader_run.positions}"
    )
    ratio = reader_run.rate / spacy_run.rate if spacy_run.rate else 0.0
    with_cleaning = 1 / (1 / reader_run.rate + clean_per_page) if reader_run.rate else 0.0
    ratio_cleaning = with_cleaning / spacy_run.rate if spacy_run.rate else 0.0
    print()
    measured = "clean + extract, measured in the run" if args.clean_in_run else "extract"
    print(f"ratio diplowatch / spaCy ({measured}): {ratio:.3f}")
    print(
        f"clean + extract: {with_cleaning:.2f} articles/s "
        f"(cleaning {clean_per_page * 1000:.1f} ms/article, one process)"
    )
    print(f"ratio diplowatch / spaCy (clean + extract):               {ratio_cleaning:.3f}")
    print(f"goal ratio >= 0.8 ({measured}): {'met' if ratio >= 0.8 else 'NOT met'}")
    print()
    print("RSS during the diplowatch run (main process + children):")
    print(f"  start        {reader_run.start_rss / MB:7.0f} MiB")
    for fraction, done, elapsed, rss in reader_run.checkpoints:
        print(f"  {fraction:4.0%} ({done:>6} articles, {elapsed:7.1f} s) {rss / MB:7.0f} MiB")
    print(f"  peak         {reader_run.peak_rss / MB:7.0f} MiB")
    print()
    print(f"wall time {wall:.1f} s")
    return ratio


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles per run")
    parser.add_argument(
        "--spacy-articles",
        type=int,
        default=None,
        help="articles for the spaCy-alone run (default: --articles; a whole number of cycles "
        "of the source pages keeps the two runs comparable)",
    )
    parser.add_argument("--processes", type=int, default=2, help="spaCy n_process")
    parser.add_argument("--batch-size", type=int, default=NlpSettings().batch_size)
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: from env)")
    parser.add_argument(
        "--html", type=Path, default=DEFAULT_HTML, help="folder of benchmark HTML pages"
    )
    parser.add_argument(
        "--text", type=Path, default=DEFAULT_TEXT, help="folder of raw text pages (meta.jsonl)"
    )
    parser.add_argument("--interval", type=float, default=0.5, help="RSS sampling seconds")
    parser.add_argument(
        "--clean-in-run",
        action="store_true",
        help="run B cleans raw pages in the run (on --processes workers) before reading events, "
        "so the ratio covers clean + extract as measured, not estimated",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="alternate the two runs this many times (each on its share of the articles) and "
        "add them up: on a machine whose speed drifts, both runs see the same conditions",
    )
    parser.add_argument(
        "--order",
        choices=("spacy-first", "reader-first"),
        default="spacy-first",
        help="which run goes first",
    )
    args = parser.parse_args(argv)

    wall_start = time.perf_counter()
    paths = [str(p) for p in (args.text, args.html) if p.exists()]
    if not paths:
        parser.error("no input folder exists")
    source = clean_sources(paths)
    if not source.articles:
        print("no articles cleaned", file=sys.stderr)
        return 1
    base = nlp_settings()
    settings = NlpSettings(
        model=args.model or base.model, batch_size=args.batch_size, processes=args.processes
    )
    reader = EventReader.load(settings)
    warm_up(reader, source.articles)
    sizes = mean_sizes(source.articles, args.articles)
    print(
        f"cleaned {source.pages} pages in {source.clean_seconds:.2f} s; "
        f"running {args.articles} articles, processes={settings.processes}",
        flush=True,
    )

    runs: dict[str, Run] = {}
    order = ("spacy", "reader") if args.order == "spacy-first" else ("reader", "spacy")
    rounds = max(1, args.rounds)
    for round_number in range(rounds):
        for name in order:
            total = args.articles if name == "reader" else args.spacy_articles or args.articles
            count = total // rounds + (1 if round_number < total % rounds else 0)
            if name == "spacy":
                run = run_spacy(reader, source.articles, count, args.interval)
            elif args.clean_in_run:
                run = run_clean_and_read(reader, source.raw_pages, count, args.interval)
            else:
                run = run_reader(reader, source.articles, count, args.interval)
            runs[name] = _added(runs.get(name), run)
            print(
                f"  round {round_number + 1}/{rounds} {run.name}: {run.rate:.2f} articles/s "
                f"({run.seconds:.1f} s)",
                flush=True,
            )
    report(
        args,
        settings,
        source,
        sizes,
        runs["spacy"],
        runs["reader"],
        time.perf_counter() - wall_start,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Throughput and memory of ``diplowatch batch`` at growing sizes: on this machine, and on a
local Ray instance with 1 and 2 workers.

Each run cleans and reads (events and positions) ``N`` articles into Parquet, from real pages
(the article-extraction benchmark's HTML pages and the example text pages) replicated to ``N``
under distinct names and generated lazily. Every run is its own process, so its peak memory
(the proportional set size summed over its whole process tree, Ray's processes included,
sampled every half second: pages shared between processes, such as Ray's object store, count
once) is its own. The table gives articles per second, milliseconds per article
(constant when the cost grows linearly) and the peak.

Usage::

    .venv/bin/python bench/scale.py                               # 1k and 10k, all engines
    .venv/bin/python bench/scale.py --sizes 1000 10000 100000
    .venv/bin/python bench/scale.py --engines local ray:2 --sizes 1000
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from diplowatch.config import nlp_settings
from diplowatch.extract.reader import EventReader
from diplowatch.ingest import read_inputs
from diplowatch.nlp import NlpSettings
from diplowatch.pipeline.batch import run_local, run_ray
from diplowatch.records import Page
from extract import (
    DEFAULT_HTML,
    DEFAULT_TEXT,
    MB,
    RssSampler,
    _proc_children,
    cycle_pages,
    proc_bytes,
)


def _pss(pid: int) -> int:
    """A process's proportional set size in bytes: shared pages (Ray's object store, mapped
    by every Ray process) divided among the processes that map them, so a sum over a process
    tree counts each page once."""
    return proc_bytes(f"/proc/{pid}/smaps_rollup", "Pss:")


class PssSampler(RssSampler):
    """Samples the summed PSS of this process and all its descendants."""

    def sample(self) -> int:
        pids, seen = [os.getpid()], set()
        while pids:
            current = pids.pop()
            if current not in seen:
                seen.add(current)
                pids.extend(_proc_children(current))
        total = sum(_pss(pid) for pid in seen)
        if total > self.peak:
            self.peak, self.peak_processes = total, len(seen)
        self.samples.append((time.perf_counter() - self._start, total))
        return total


def _pages(paths: list[str]) -> list[Page]:
    return [item for item in read_inputs(paths) if isinstance(item, Page)]


def one_run(
    engine: str, size: int, paths: list[str], processes: int, *, events: bool = True
) -> dict[str, object]:
    """One batch of ``size`` articles on one engine ("local" or "ray:W"), measured; without
    ``events``, cleaning only (the batch machinery without the parser)."""
    pages = _pages(paths)
    settings = nlp_settings()
    with tempfile.TemporaryDirectory(prefix="diplowatch-scale-") as folder:
        out = Path(folder) / "out"
        with PssSampler(0.5) as sampler:
            started = time.perf_counter()
            if engine == "local":
                reader = EventReader.load(_with_processes(settings, processes)) if events else None
                report = run_local(cycle_pages(pages, size), out, reader)
            else:
                workers = int(engine.split(":", 1)[1])
                job = _with_processes(settings, 1) if events else None
                report = run_ray(cycle_pages(pages, size), out, job, workers=workers)
            seconds = time.perf_counter() - started
        output = sum(path.stat().st_size for path in out.glob("*.parquet"))
    return {
        "engine": engine,
        "articles": size,
        "read": report.articles,
        "events": report.events,
        "seconds": round(seconds, 1),
        "per_second": round(size / seconds, 2),
        "ms_per_article": round(1000 * seconds / size, 1),
        "peak_mib": round(sampler.peak / MB),
        "processes_at_peak": sampler.peak_processes,
        "output_mib": round(output / MB, 1),
    }


def _with_processes(settings: NlpSettings, processes: int) -> NlpSettings:
    return dataclasses.replace(settings, processes=processes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--engines", nargs="+", default=["local", "ray:1", "ray:2"], help="local, ray:W"
    )
    parser.add_argument("--pages", nargs="+", default=[str(DEFAULT_HTML), str(DEFAULT_TEXT)])
    parser.add_argument("--processes", type=int, default=2, help="Cores of the local engine.")
    parser.add_argument(
        "--no-events", action="store_true", help="Clean only: the batch machinery, no parser."
    )
    parser.add_argument("--one", nargs=2, metavar=("ENGINE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        result = one_run(
            args.one[0], int(args.one[1]), args.pages, args.processes, events=not args.no_events
        )
        print(json.dumps(result))
        return
    header = f"{'engine':<8}{'articles':>10}{'seconds':>10}{'art/s':>9}{'ms/art':>9}"
    print(header + f"{'peak MiB':>10}{'events':>9}{'Parquet MiB':>13}", flush=True)
    for size in args.sizes:
        for engine in args.engines:
            command = [sys.executable, __file__, "--one", engine, str(size)]
            command += ["--processes", str(args.processes), "--pages", *args.pages]
            command += ["--no-events"] if args.no_events else []
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(f"{engine:<8}{size:>10}  failed: {done.stderr.strip().splitlines()[-1:]}")
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            print(
                f"{r['engine']:<8}{r['articles']:>10,}{r['seconds']:>10}{r['per_second']:>9}"
                f"{r['ms_per_article']:>9}{r['peak_mib']:>10,}{r['events']:>9,}"
                f"{r['output_mib']:>13}",
                flush=True,
            )


if __name__ == "__main__":
    main()

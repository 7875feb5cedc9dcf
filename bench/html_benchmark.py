"""Article-body extraction benchmark: diplowatch's ``clean_html`` against plain trafilatura.

Runs over the scrapinghub article-extraction-benchmark (181 pages, ``html/<id>.html.gz`` and
``ground-truth.json``) and scores each extractor as that benchmark's ``evaluate.py`` does:

- tokens are runs of word characters (``\\w+``); a body becomes the multiset of its 4-token
  shingles (a body of fewer than 4 tokens is one shorter shingle, an empty body has none);
- per page, true positives, false positives and false negatives are counted over shingles and
  normalised by their sum;
- precision is averaged over the pages where something was predicted (tp + fp > 0), recall over
  the pages with a true body (tp + fn > 0); an empty prediction thus costs recall (0 for that
  page) and leaves precision alone; both empty counts as perfect;
- F1 is taken from the two averages.

Usage: ``python bench/html_benchmark.py [DATA_DIR]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from diplowatch.clean.html import clean_html
from diplowatch.records import Page

DEFAULT_DATA = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "article-extraction-benchmark"
)
SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")

Extractor = Callable[["Case"], str]


@dataclass(frozen=True, slots=True)
class Case:
    """One benchmark page: its id, URL, HTML and true article body."""

    id: str
    url: str | None
    html: str
    body: str


@dataclass(frozen=True, slots=True)
class Score:
    """Benchmark figures of one extractor over all pages."""

    f1: float
    precision: float
    recall: float
    pages_per_second: float


def load_cases(data_dir: Path) -> list[Case]:
    """All pages of the benchmark, in id order."""
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    cases = []
    for page_id in sorted(truth):
        with gzip.open(data_dir / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8") as file:
            html = file.read()
        record = truth[page_id]
        cases.append(Case(page_id, record.get("url"), html, record.get("articleBody") or ""))
    return cases


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The multiset of 4-token shingles of a text, as the benchmark's ``evaluate.py`` makes it."""
    tokens = _TOKEN.findall(text or "")
    count = max(1, len(tokens) - SHINGLE_SIZE + 1)
    return Counter(
        shingle
        for shingle in (tuple(tokens[i : i + SHINGLE_SIZE]) for i in range(count))
        if shingle
    )


def match(true: str, predicted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingles, normalised by their sum (all zero when both are empty)."""
    expected, found = shingles(true), shingles(predicted)
    tp = sum((expected & found).values())
    fp = sum((found - expected).values())
    fn = sum((expected - found).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def summarise(counts: Sequence[tuple[float, float, float]]) -> tuple[float, float, float]:
    """(F1, precision, recall): precision and recall averaged over pages, F1 from the two."""
    precision = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def run(extractor: Extractor, cases: Sequence[Case]) -> Score:
    """Score one extractor over all pages, timing the extraction alone."""
    bodies = []
    started = time.perf_counter()
    for case in cases:
        bodies.append(extractor(case))
    elapsed = time.perf_counter() - started
    f1, precision, recall = summarise(
        [match(c.body, b) for c, b in zip(cases, bodies, strict=True)]
    )
    return Score(f1, precision, recall, len(cases) / elapsed if elapsed else float("inf"))


def diplowatch_body(case: Case) -> str:
    """diplowatch's article body: its paragraphs, one a line."""
    page = Page(name=case.id, content=case.html, kind="html", url=case.url)
    return "\n".join(clean_html(page).paragraphs)


def trafilatura_body(case: Case) -> str:
    """Plain ``trafilatura.extract`` with its defaults."""
    return trafilatura.extract(case.html) or ""


EXTRACTORS: dict[str, Extractor] = {
    "diplowatch": diplowatch_body,
    "trafilatura": trafilatura_body,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "data_dir", nargs="?", type=Path, default=DEFAULT_DATA, help="benchmark directory"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    cases = load_cases(args.data_dir)
    print(f"{len(cases)} pages from {args.data_dir}")
    print(f"{'extractor':<12} {'F1':>6} {'prec':>6} {'recall':>6} {'pages/s':>8}")
    for name, extractor in EXTRACTORS.items():
        score = run(extractor, cases)
        print(
            f"{name:<12} {score.f1:6.4f} {score.precision:6.4f} {score.recall:6.4f} "
            f"{score.pages_per_second:8.1f}"
        )
    print(f"total runtime {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

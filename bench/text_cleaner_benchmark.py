"""Generality benchmark for the raw-text cleaner (``diplowatch.clean.text.clean_text``).

The cleaner reads whole web pages flattened to text as a browser's ``innerText`` gives them. This
benchmark renders the 181 real article pages of the article-extraction benchmark (many news and
blog sites, none of them the seed site) to such text, runs ``clean_text`` on each and scores the
paragraphs it keeps against the true article body with the benchmark's own metric:

- tokens are runs of word characters (``\\w+``); a body is the multiset of its 4-token shingles;
- per page, true positives, false positives and false negatives are counted over shingles and
  normalised by their sum; precision and recall are averaged over pages; F1 comes from the two
  averages.

Two trivial baselines are scored the same way: the whole page as the body, and every line of at
least eight words.

Rendering: headless Chromium (Debian's ``chromium``) driven by Playwright for Python
(``pip install -e '.[bench]'``; Playwright never downloads a browser here: it is pointed at
``/usr/bin/chromium``). Each page is served from its saved HTML under its real URL; every other
request (stylesheets, scripts, images) is refused, and page scripts are off, so the text is what
a browser shows of the served document without its external CSS. ``--renderer inscriptis`` is a
pure-Python fallback. Rendered pages are cached (``--cache``, default ``/tmp/textpages``) as
``<id>.txt``; missing ones are rendered on demand.

Usage::

    .venv/bin/python bench/text_cleaner_benchmark.py            # scores
    .venv/bin/python bench/text_cleaner_benchmark.py --worst 15 # and the worst pages
    .venv/bin/python bench/text_cleaner_benchmark.py --show ID  # one page's lines and roles
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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from diplowatch.clean.lines import normalise_whitespace
from diplowatch.clean.text import clean_text
from diplowatch.records import Article, Page

DEFAULT_DATA = Path("/work/shared/data/article-extraction-benchmark")
DEFAULT_CACHE = Path("/tmp/textpages")
CHROMIUM = "/usr/bin/chromium"
SHINGLE = 4
BASELINE_MIN_WORDS = 8
_TOKEN = re.compile(r"\w+")

# --- the metric ---------------------------------------------------------------------------


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The multiset of ``n``-token shingles of a text (a shorter text is one shingle)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(
        tuple(tokens[start : start + n]) for start in range(max(1, len(tokens) - n + 1)) if tokens
    )


@dataclass(frozen=True, slots=True)
class Score:
    """One page's normalised true positives, false positives and false negatives."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(true: str, predicted: str) -> Score:
    """Shingle matching of a predicted body against the true one, normalised per page."""
    truth, guess = shingles(true), shingles(predicted)
    tp = fp = fn = 0
    for key in truth.keys() | guess.keys():
        t, g = truth.get(key, 0), guess.get(key, 0)
        tp += min(t, g)
        fp += max(0, g - t)
        fn += max(0, t - g)
    total = tp + fp + fn
    return Score(tp / total, fp / total, fn / total) if total else Score(0.0, 0.0, 0.0)


def summarise(scores: Iterable[Score]) -> tuple[float, float, float]:
    """F1, precision and recall: P and R averaged over pages, F1 from the averages."""
    listed = list(scores)
    p = statistics.mean(s.precision for s in listed)
    r = statistics.mean(s.recall for s in listed)
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


# --- rendering ------------------------------------------------------------------------------


def _serve_only(tab, html: bytes):
    """A route handler: the tab's own navigation gets ``html``; every other request is refused."""

    def handle(route, request) -> None:
        if request.is_navigation_request() and request.frame == tab.main_frame:
            route.fulfill(
                status=200, body=html, headers={"content-type": "text/html; charset=utf-8"}
            )
        else:
            route.abort()

    return handle


def _render_chromium(jobs: Sequence[tuple[str, str, bytes]], cache: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(
            java_script_enabled=False, viewport={"width": 1280, "height": 1024}
        )
        for number, (page_id, url, html) in enumerate(jobs, 1):
            tab = context.new_page()

            tab.route("**/*", _serve_only(tab, html))
            try:
                tab.goto(url, wait_until="domcontentloaded", timeout=60_000)
                text = tab.evaluate("() => document.body ? document.body.innerText : ''")
            finally:
                tab.close()
            (cache / f"{page_id}.txt").write_text(text, encoding="utf-8")
            print(f"rendered {number}/{len(jobs)} {page_id}", file=sys.stderr)
        browser.close()


def _render_inscriptis(jobs: Sequence[tuple[str, str, bytes]], cache: Path) -> None:
    from charset_normalizer import from_bytes
    from inscriptis import get_text

    for page_id, _url, html in jobs:
        best = from_bytes(html).best()
        text = get_text(str(best) if best is not None else html.decode("utf-8", "replace"))
        (cache / f"{page_id}.txt").write_text(text, encoding="utf-8")


def ensure_rendered(
    truth: dict[str, dict[str, str]], data: Path, cache: Path, renderer: str
) -> None:
    """Render every page whose text is not yet in ``cache``."""
    cache.mkdir(parents=True, exist_ok=True)
    jobs = [
        (
            page_id,
            entry["url"],
            gzip.decompress((data / "html" / f"{page_id}.html.gz").read_bytes()),
        )
        for page_id, entry in sorted(truth.items())
        if not (cache / f"{page_id}.txt").exists()
    ]
    if not jobs:
        return
    started = time.perf_counter()
    if renderer == "chromium":
        _render_chromium(jobs, cache)
    else:
        _render_inscriptis(jobs, cache)
    print(f"rendered {len(jobs)} pages in {time.perf_counter() - started:.1f}s", file=sys.stderr)


# --- the run --------------------------------------------------------------------------------


def body_of(article: Article) -> str:
    return "\n".join(article.paragraphs)


def baseline_whole(text: str) -> str:
    return text


def baseline_long_lines(text: str) -> str:
    lines = (normalise_whitespace(line) for line in text.splitlines())
    return "\n".join(line for line in lines if len(line.split()) >= BASELINE_MIN_WORDS)


def keeps_every_line(article: Article, page_text: str) -> bool:
    """True when the page's non-blank lines and the article's roles hold the same lines."""
    page_lines = Counter(
        line for line in (normalise_whitespace(raw) for raw in page_text.splitlines()) if line
    )
    return page_lines == Counter(article.placed_lines())


def show(article: Article, page_text: str, true_body: str) -> None:
    """Every non-blank line with its role, marked '+' when its shingles are in the true body."""
    truth = shingles(true_body)
    roles: dict[str, str] = {}
    for role in ("paragraphs", "captions", "related", "teasers", "template"):
        for line in getattr(article, role):
            roles.setdefault(line, role)
    for role in ("title", "dek", "section", "byline"):
        value = getattr(article, role)
        if value:
            roles.setdefault(value, role)
    for raw in page_text.splitlines():
        line = normalise_whitespace(raw)
        if not line:
            continue
        own = shingles(line)
        inside = sum(min(c, truth.get(k, 0)) for k, c in own.items()) / max(1, sum(own.values()))
        mark = "+" if inside > 0.5 else " "
        print(f"{mark} {roles.get(line, '?'):10.10} {line[:150]}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--renderer", choices=("chromium", "inscriptis"), default="chromium")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages")
    parser.add_argument("--show", metavar="ID", help="print one page's lines and their roles")
    parser.add_argument("--json", type=Path, help="write per-page scores to this file")
    args = parser.parse_args(argv)

    truth: dict[str, dict[str, str]] = json.loads(
        (args.data / "ground-truth.json").read_text(encoding="utf-8")
    )
    ensure_rendered(truth, args.data, args.cache, args.renderer)

    started = time.perf_counter()
    results: dict[str, dict[str, Score]] = {}
    broken: list[str] = []
    for page_id, entry in sorted(truth.items()):
        text = (args.cache / f"{page_id}.txt").read_text(encoding="utf-8")
        page = Page(name=page_id, content=text, kind="text", url=entry["url"])
        article = clean_text(page)
        if not keeps_every_line(article, text):
            broken.append(page_id)
        true_body = entry["articleBody"]
        if args.show and page_id.startswith(args.show):
            show(article, text, true_body)
        results[page_id] = {
            "cleaner": score(true_body, body_of(article)),
            "whole page": score(true_body, baseline_whole(text)),
            f"lines >= {BASELINE_MIN_WORDS} words": score(true_body, baseline_long_lines(text)),
        }
    elapsed = time.perf_counter() - started

    per_page = 1000 * elapsed / len(results)
    print(f"{len(results)} pages, clean_text {elapsed:.1f}s ({per_page:.0f} ms/page)")
    print(f"{'method':24} {'F1':>6} {'P':>6} {'R':>6}")
    for method in next(iter(results.values())):
        f1, p, r = summarise(scores[method] for scores in results.values())
        print(f"{method:24} {f1:6.3f} {p:6.3f} {r:6.3f}")
    print(f"pages where a line was dropped or duplicated: {len(broken)} {broken[:5]}")
    if args.worst:
        ranked = sorted(results.items(), key=lambda item: item[1]["cleaner"].f1)
        print(f"\nworst {args.worst} pages (cleaner F1, P, R, url):")
        for page_id, scores in ranked[: args.worst]:
            s = scores["cleaner"]
            url = truth[page_id]["url"]
            print(f"{page_id[:12]} {s.f1:5.2f} {s.precision:5.2f} {s.recall:5.2f} {url[:90]}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    page_id: {m: [s.f1, s.precision, s.recall] for m, s in scores.items()}
                    for page_id, scores in results.items()
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

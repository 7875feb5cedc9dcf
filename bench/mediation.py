"""How often the events read from mediation are right: the measure behind their confidence.

    .venv/bin/python bench/mediation.py [--shared ../shared] [SET ...]

Reads each gold set's pages (default: ``written-train/t1`` and ``t2``, never used to write the
mediation rules; ``written`` too where named) and scores the mediators' CONSULT events (CAMEO
045, ``extract/events.py``) against the set's gold by the gold rule: right (a required gold event
matches), optional (only an optional one does: neither right nor wrong), spurious. The share
right of right and spurious together is the ``confidence`` those events carry
(``data/positions/cues.toml``, ``[mediation_events]``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from diplowatch.evaluation.events import event_matches, load_gold
from diplowatch.extract.events import MEDIATE_CODE, MEDIATION_MODE
from diplowatch.extract.reader import EventReader
from diplowatch.ingest import ReadOptions, read_inputs
from diplowatch.pipeline import clean_stream
from diplowatch.records import Article, Failure

SETS = {
    "t1": "data/written-train/t1",
    "t2": "data/written-train/t2",
    "written": "data/written",
}


def articles(folder: Path) -> list[Article]:
    pages = read_inputs([str(folder / "pages")], ReadOptions())
    return [a for a in clean_stream(pages) if not isinstance(a, Failure)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[2] / "shared")
    parser.add_argument("sets", nargs="*", default=["t1", "t2"], choices=sorted(SETS))
    args = parser.parse_args()
    reader = EventReader.load()
    total = {"right": 0, "optional": 0, "spurious": 0}
    for name in args.sets:
        folder = args.shared / SETS[name]
        gold = load_gold(folder)
        counts = {"right": 0, "optional": 0, "spurious": 0}
        for reading in reader.read(articles(folder)):
            for event in reading.events:
                if event.cameo != MEDIATE_CODE or event.mode != MEDIATION_MODE:
                    continue
                matches = [
                    g for g in gold.events if g.page == event.page and event_matches(g, event)
                ]
                if any(g.required for g in matches):
                    counts["right"] += 1
                elif matches:
                    counts["optional"] += 1
                else:
                    counts["spurious"] += 1
        for key, value in counts.items():
            total[key] += value
        print(name, _line(counts))
    if len(args.sets) > 1:
        print("all", _line(total))


def _line(counts: dict[str, int]) -> str:
    scored = counts["right"] + counts["spurious"]
    share = counts["right"] / scored if scored else 0.0
    figures = ", ".join(f"{key} {value}" for key, value in counts.items())
    return f"{figures}; precision {share:.3f}"


if __name__ == "__main__":
    main()

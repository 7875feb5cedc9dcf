"""The long fuzzing run: the strategies and properties of ``tests/fuzzing.py`` over many more
examples than ``make test`` draws; prints how many inputs each entry point took and whether any
raised.

    python bench/fuzz.py --examples 20000        # shared out over the five entry points
    python bench/fuzz.py --examples 2000 --only clean_stream --seed 7

Each entry point (``clean_stream``, the batch reader over a folder of files, ``ingest`` into
one SQLite store, RSS feeds, ``POST /api/pages`` with the event reader) gets its share of the
examples; an exception, or a result that is neither an Article nor a Failure with a one-line
reason, stops the run with hypothesis's smallest failing example. Nothing is kept between runs
(no example database), so the count is of fresh inputs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import fuzzing
from diplowatch.store import Store
from diplowatch.web import WebSettings, create_app

TOKEN = "a-long-enough-secret-token"
TARGETS = ("clean_stream", "read_inputs", "ingest", "feeds", "post")


def _run(
    name: str,
    strategy: st.SearchStrategy[Any],
    check: Callable[[Any], None],
    examples: int,
    chosen_seed: int,
) -> int:
    """Run ``check`` over ``examples`` drawn inputs; the number of inputs it took."""
    taken = 0

    def counted(value: Any) -> None:
        nonlocal taken
        taken += 1
        check(value)

    test = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )(seed(chosen_seed)(given(strategy)(counted)))
    started = time.perf_counter()
    test()
    print(f"{name}: {taken} inputs, no exception ({time.perf_counter() - started:.0f} s)")
    return taken


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000, help="inputs in all (default 2000)")
    parser.add_argument("--only", choices=TARGETS, action="append", help="only this entry point")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    targets = args.only or list(TARGETS)
    share = max(1, args.examples // len(targets))
    total = 0
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'fuzz.db'}")
        app = create_app(WebSettings(f"sqlite:///{Path(folder) / 'web.db'}", token=TOKEN))
        with store, TestClient(app) as client:
            runs: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], None]]] = {
                "clean_stream": (st.lists(fuzzing.pages(), max_size=5), fuzzing.check_clean_stream),
                "read_inputs": (fuzzing.input_files(), fuzzing.check_read_inputs),
                "ingest": (
                    st.lists(fuzzing.pages(), max_size=4),
                    lambda items: fuzzing.check_ingest(store, items),
                ),
                "feeds": (fuzzing.feed_bytes, fuzzing.check_feed),
                "post": (fuzzing.posted, lambda body: fuzzing.check_post(client, TOKEN, body)),
            }
            for name in targets:
                total += _run(name, *runs[name], share, args.seed)
    print(f"{total} inputs in all, no exception")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Stories over synthetic event mentions: time for 10k, 50k and 100k mentions (linear growth).

Each synthetic real event (a random pair of 40 actor countries, one of the 16 PLOVER types, a
day in one year) is reported by 1-6 outlets, each with a sentence built from the event's own
words plus outlet-specific filler, some with a date one or two days off. Prints mentions, stories
found, seconds, and microseconds per mention.

Usage::

    .venv/bin/python bench/stories.py                 # 10k, 50k, 100k
    .venv/bin/python bench/stories.py --sizes 1000 5000
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence
from datetime import date, timedelta

from diplowatch.linking.stories import Agencies, build_stories
from diplowatch.records import Actor, DateMention, Event, Participant, Report

TYPES = (
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN "
    "PROTEST SANCTION MOBILIZE COERCE ASSAULT"
).split()
COUNTRIES = [f"C{n:02d}" for n in range(40)]
WORDS = sorted(
    {"".join(random.Random(n).choices("abcdefghijklmnopqrstuvwxyz", k=7)) for n in range(5000)}
)
OUTLETS = [f"outlet{n}.example" for n in range(200)]
START = date(2024, 1, 1)


def mentions(count: int, seed: int = 1) -> list[Report]:
    rng = random.Random(seed)
    found: list[Report] = []
    event_number = 0
    while len(found) < count:
        event_number += 1
        one, other = rng.sample(COUNTRIES, 2)
        kind = rng.choice(TYPES)
        day = START + timedelta(days=rng.randrange(365))
        topic = rng.sample(WORDS, 8)
        for copy in range(rng.randint(1, 6)):
            outlet = rng.choice(OUTLETS)
            off = rng.choice((0, 0, 0, 0, 1, -1, 2))
            when = day + timedelta(days=off)
            words = topic[: rng.randint(5, 8)] + rng.sample(WORDS, 4)
            page = f"https://{outlet}/{event_number}-{copy}"
            event = Event(
                id=f"{event_number:07d}{copy}",
                page=page,
                url=page,
                sentence_index=0,
                sentence=" ".join(words),
                evidence=words[0],
                source=Participant(one, Actor(one, one, one)),
                target=Participant(other, Actor(other, other, other)),
                type=kind,
                mode=None,
                date=DateMention("on a day", when, when, "day"),
                location=None,
                attribution=None,
                certainty="asserted",
                negated=False,
                cameo=None,
                goldstein=None,
            )
            found.append(Report(event, outlet, when + timedelta(days=1)))
    return found[:count]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    args = parser.parse_args(argv)
    agencies = Agencies.load()
    print(f"{'mentions':>9} {'stories':>8} {'seconds':>8} {'us/mention':>11}")
    for size in args.sizes:
        reports = mentions(size)
        started = time.perf_counter()
        stories = build_stories(reports, agencies=agencies)
        seconds = time.perf_counter() - started
        assert sum(len(s.reports) for s in stories) == size
        print(f"{size:>9} {len(stories):>8} {seconds:>8.2f} {seconds / size * 1e6:>11.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

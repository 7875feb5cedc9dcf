"""Load check of the web server: a store of a million events, `diplowatch serve` on loopback, and
a concurrent client sending a mix of list and search requests; prints latency percentiles.

    python bench/web_load.py                      # build /tmp/diplowatch-load.db (1M events), run
    python bench/web_load.py --concurrency 1,16,64 --workers 1,2
    python bench/web_load.py --events 100000 --requests 2000 --concurrency 8
    python bench/web_load.py --db postgresql+psycopg://user:pw@127.0.0.1/load --events 1000000

The store is filled with synthetic events (60 actors, 16 PLOVER types, 40 places, sentences of
about 20 words from a 5,000-word vocabulary with a Zipf-like spread) over three years, written in
bulk through the same tables (and full-text index) the pipeline writes; stories are built by the
real clustering. It is built once and reused when it already holds the events asked for.

The client runs in this process (aiohttp; ``--client httpx`` for the heavier one) and the server
in its own (one or more, ``--workers``); each run has a plan of its own (the seed plus the number
of clients), so that no run finds its requests kept by the one before. Each
run prints every kind's latency percentiles and the errors (any status but 200, or no answer),
then a summary of throughput and p95 for each number of server processes and clients.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import aiohttp
import httpx
import sqlalchemy as sa

from diplowatch.linking.stories import Agencies, block_key, build_stories
from diplowatch.records import Actor, DateMention, Event, Participant, Place, Report
from diplowatch.store import Store, as_db_url, schema
from diplowatch.store.order import next_free, sort_key
from diplowatch.store.rows import event_row
from diplowatch.store.stories import block_label, story_day, story_row

ACTORS = (
    "RUS UKR USA CHN TUR QAT SAU EGY IRN ISR PSE LBN SYR IRQ YEM SDN ETH SOM KEN NGA MLI NER BFA "
    "TCD LBY DZA MAR IND PAK AFG BGD MMR THA VNM PHL IDN JPN KOR PRK TWN AUS GBR FRA DEU POL HUN "
    "BLR ROU MDA GEO ARM AZE KAZ BRA ARG VEN COL MEX CAN ZAF"
).split()
TYPES = (
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN "
    "PROTEST SANCTION MOBILIZE COERCE ASSAULT"
).split()
PLACES = [
    Place("Kyiv", "UKR", 50.45, 30.52), Place("Moscow", "RUS", 55.75, 37.62),
    Place("Kharkiv", "UKR", 49.99, 36.23), Place("Donetsk", "UKR", 48.0, 37.8),
    Place("Istanbul", "TUR", 41.01, 28.98), Place("Doha", "QAT", 25.29, 51.53),
    Place("Riyadh", "SAU", 24.71, 46.68), Place("Cairo", "EGY", 30.04, 31.24),
    Place("Gaza", "PSE", 31.5, 34.47), Place("Tehran", "IRN", 35.69, 51.39),
    Place("Beirut", "LBN", 33.89, 35.5), Place("Khartoum", "SDN", 15.5, 32.56),
    Place("Beijing", "CHN", 39.9, 116.4), Place("Taipei", "TWN", 25.03, 121.57),
    Place("Washington", "USA", 38.9, -77.04), Place("Geneva", "CHE", 46.2, 6.14),
    Place("Niamey", "NER", 13.51, 2.11), Place("Bamako", "MLI", 12.64, -8.0),
    Place("Addis Ababa", "ETH", 9.03, 38.74), Place("New Delhi", "IND", 28.61, 77.21),
]  # fmt: skip
VERBS = {
    "AGREE": "agreed to", "CONSULT": "held talks with", "SUPPORT": "voiced support for",
    "CONCEDE": "made concessions to", "COOPERATE": "signed a pact with", "AID": "sent aid to",
    "RETREAT": "withdrew troops from", "REQUEST": "called on", "ACCUSE": "accused",
    "REJECT": "rejected a ceasefire proposal from", "THREATEN": "threatened",
    "PROTEST": "protested against", "SANCTION": "imposed sanctions on",
    "MOBILIZE": "mobilised forces against", "COERCE": "detained citizens of",
    "ASSAULT": "shelled positions of",
}  # fmt: skip
FIRST_DAY = date(2022, 1, 1)
DAYS = 3 * 365
EVENTS_PER_PAGE = 10


def _vocabulary(rng: random.Random, size: int = 5000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = {"".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(size)}
    return sorted(words)


def _sentence(rng: random.Random, words: list[str], source: str, verb: str, target: str) -> str:
    # Zipf-like: low indexes are common words.
    filler = [words[min(int(rng.paretovariate(1.1)) - 1, len(words) - 1)] for _ in range(14)]
    middle = len(filler) // 2
    return (
        f"{' '.join(filler[:middle]).capitalize()} {source} {verb} {target} "
        f"{' '.join(filler[middle:])}."
    )


def _event(rng: random.Random, words: list[str], page: str, index: int) -> Event:
    weights = [12, 10, 6] + [1] * (len(ACTORS) - 3)
    source, target = rng.choices(ACTORS, weights, k=2)
    kind = rng.choice(TYPES)
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    place = rng.choice(PLACES) if rng.random() < 0.4 else None
    sentence = _sentence(rng, words, source, VERBS[kind], target)
    return Event(
        id=f"{rng.getrandbits(64):016x}",
        page=page,
        url=f"https://{rng.choice(('wire', 'daily', 'gazette', 'post'))}.example/{page}",
        sentence_index=index,
        sentence=sentence,
        evidence=VERBS[kind],
        source=Participant(source, Actor(source, source, source, "GOV")),
        target=Participant(target, Actor(target, target, target, "GOV")),
        type=kind,
        mode=None,
        date=DateMention("that day", day, day, "day"),
        location=place,
        attribution=None,
        certainty=rng.choice(("asserted", "asserted", "asserted", "reported", "alleged")),
        negated=rng.random() < 0.03,
        cameo=None,
        goldstein=rng.uniform(-10, 10),
    )


def _page_rows(number: int, now: datetime) -> tuple[dict[str, Any], dict[str, Any]]:
    name, site = f"load/{number}", ("wire.example", "daily.example", "post.example")[number % 3]
    url = f"https://{site}/{name}"
    page = {
        "id": number + 1, "content_hash": f"{number:064x}", "name": name, "url": url,
        "version": 1, "site": site, "kind": "text", "origin": "bench", "encoding": "utf-8",
        "published": None, "fetched_at": None, "ingested_at": now, "content": name,
    }  # fmt: skip
    article = {
        "page_id": number + 1, "page": name, "url": url, "site": site, "published": None,
        "paragraphs": [], "captions": [], "related": [], "teasers": [], "template": [],
    }  # fmt: skip
    return page, article


def build(url: str, count: int, seed: int = 7) -> None:
    """Fill the store with ``count`` events in bulk, then their stories (the real clustering,
    block by block, in memory; written in bulk)."""
    rng = random.Random(seed)
    words = _vocabulary(rng)
    store = Store(url)
    started = time.perf_counter()
    now = datetime.now(UTC)
    pages = count // EVENTS_PER_PAGE
    taken: set[int] = set()
    blocks: dict[str, list[Report]] = defaultdict(list)
    with store.engine.begin() as connection:
        for first in range(0, pages, 2000):
            page_rows, article_rows, event_rows, actor_rows = [], [], [], []
            for number in range(first, min(first + 2000, pages)):
                page, article = _page_rows(number, now)
                page_rows.append(page)
                article_rows.append(article)
                for index in range(EVENTS_PER_PAGE):
                    event = _event(rng, words, page["name"], index)
                    day = event.date.start  # type: ignore[union-attr]
                    key = next_free(sort_key(day, event.id), taken)  # type: ignore[arg-type]
                    taken.add(key)
                    event_rows.append(event_row(number + 1, event, day, key))  # type: ignore[arg-type]
                    codes = {event.source.actor.country, event.target.actor.country}  # type: ignore[union-attr]
                    actor_rows += [{"code": c, "seq": key, "event_id": event.id} for c in codes]
                    report = Report(event, page["site"], day, None, None)
                    blocks[block_label(block_key(report))].append(report)
            connection.execute(sa.insert(schema.pages), page_rows)
            connection.execute(sa.insert(schema.articles), article_rows)
            connection.execute(sa.insert(schema.events), event_rows)
            connection.execute(sa.insert(schema.event_actors), actor_rows)
            done = min(first + 2000, pages) * EVENTS_PER_PAGE
            print(f"  {done:,} events stored ({time.perf_counter() - started:.0f} s)", flush=True)
    print(f"events stored in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    agencies, keys = Agencies.load(), set()
    story_rows, links = [], []
    for label, reports in blocks.items():
        for story in build_stories(reports, agencies=agencies):
            day = story_day(story)
            key = next_free(sort_key(day, story.id), keys)
            keys.add(key)
            story_rows.append(story_row(label, story, day, key))
            links += [
                {"story_id": story.id, "event_id": r.event.id, "position": i}
                for i, r in enumerate(story.reports)
            ]
    with store.engine.begin() as connection:
        for first in range(0, len(story_rows), 20000):
            connection.execute(sa.insert(schema.stories), story_rows[first : first + 20000])
        for first in range(0, len(links), 20000):
            connection.execute(sa.insert(schema.story_reports), links[first : first + 20000])
    print(f"{len(story_rows):,} stories built in {time.perf_counter() - started:.0f} s")
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("ANALYZE")
    store.close()


def _mix(rng: random.Random, cursors: list[str]) -> tuple[str, str, dict[str, str]]:
    """One request: its kind, path and parameters."""
    kind = rng.choices(
        ["latest", "next page", "type", "actor", "watch", "period", "type+period",
         "search common", "search rare", "search phrase", "search+type", "stories",
         "timeline page"],
        [10, 10, 10, 10, 8, 8, 6, 8, 8, 6, 6, 6, 4],
    )[0]  # fmt: skip
    month = FIRST_DAY + timedelta(days=rng.randrange(DAYS - 31))
    period = {"since": month.isoformat(), "until": (month + timedelta(days=30)).isoformat()}
    return kind, *{
        "latest": ("/api/events", {}),
        "next page": ("/api/events", {"cursor": rng.choice(cursors)}),
        "type": ("/api/events", {"type": rng.choice(TYPES)}),
        "actor": ("/api/events", {"actor": rng.choice(ACTORS)}),
        "watch": ("/api/events", {"watch": rng.choice(("russia-ukraine", "gaza", "sudan"))}),
        "period": ("/api/events", period),
        "type+period": ("/api/events", {"type": rng.choice(TYPES), **period}),
        "search common": ("/api/events", {"q": rng.choice(("talks", "ceasefire", "sanctions"))}),
        "search rare": ("/api/events", {"q": rng.choice(RARE)}),
        "search phrase": ("/api/events", {"q": f'"{rng.choice(list(VERBS.values()))}"'}),
        "search+type": ("/api/events", {"q": "ceasefire", "type": "REJECT"}),
        "stories": ("/api/stories", {"type": rng.choice(TYPES)} if rng.random() < 0.5 else {}),
        "timeline page": ("/timeline", {"type": rng.choice(TYPES)}),
    }[kind]


RARE: list[str] = []


async def _load(
    base: str, requests: int, concurrency: int, seed: int, client: str
) -> tuple[dict[str, list[float]], list[str], float]:
    """Send ``requests`` of the mix with ``concurrency`` at once: each kind's latencies (ms),
    the errors (a status other than 200, or no answer), and the wall time (s)."""
    rng = random.Random(seed)
    async with _client(client, base, concurrency) as get:
        cursors = []
        _, answer = await get("/api/events", {"limit": "500"})
        while answer["next_cursor"] and len(cursors) < 40:
            cursors.append(answer["next_cursor"])
            params = {"limit": "500", "cursor": answer["next_cursor"]}
            _, answer = await get("/api/events", params)
        plan = [_mix(rng, cursors) for _ in range(requests)]
        return await _send(get, plan, concurrency)


async def _send(
    get: Getter, plan: list[tuple[str, str, dict[str, str]]], concurrency: int
) -> tuple[dict[str, list[float]], list[str], float]:
    timings: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    queue: asyncio.Queue[tuple[str, str, dict[str, str]]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)

    async def worker() -> None:
        while not queue.empty():
            kind, path, params = queue.get_nowait()
            started = time.perf_counter()
            try:
                status, _ = await get(path, params, read=False)
            except (httpx.HTTPError, aiohttp.ClientError, TimeoutError) as error:
                errors.append(f"{path} {params}: {type(error).__name__}")
                continue
            timings[kind].append((time.perf_counter() - started) * 1000)
            if status != 200:
                errors.append(f"{path} {params}: {status}")

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return timings, errors, time.perf_counter() - started


Getter = Callable[..., Awaitable[tuple[int, Any]]]


@contextlib.asynccontextmanager
async def _client(name: str, base: str, concurrency: int) -> AsyncIterator[Getter]:
    """A GET of ``base`` + path with keep-alive connections, at most ``concurrency`` at once:
    its status and (``read=True``) its JSON. aiohttp costs the shared cores about a third of
    what httpx does per request, which leaves them to the server."""
    if name == "httpx":
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as session:

            async def get_httpx(path: str, params: dict[str, str], read: bool = True) -> Any:
                answer = await session.get(path, params=params)
                return answer.status_code, answer.json() if read else answer.content

            yield get_httpx
        return
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:

        async def get_aiohttp(path: str, params: dict[str, str], read: bool = True) -> Any:
            async with session.get(path, params=params) as answer:
                body = await answer.read()
                return answer.status, json.loads(body) if read else body

        yield get_aiohttp


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",")]


def _serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """``diplowatch serve`` in its own process(es), once it answers."""
    server = subprocess.Popen(
        [sys.executable, "-m", "diplowatch", "serve", "--db", url, "--port", str(port),
         "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, env={**os.environ},
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/actors", timeout=60)
            return server
        except httpx.TransportError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                sys.exit("the server did not start")
            time.sleep(0.3)


def _report(
    concurrency: int, workers: int, timings: dict[str, list[float]], errors: list[str], wall: float
) -> tuple[float, float]:
    """Print one run's table; give back its throughput and its p95 over lists and searches."""
    every = [t for values in timings.values() for t in values]
    rate = (len(every) + len(errors)) / wall
    print(
        f"\n{len(every) + len(errors):,} requests, {concurrency} concurrent, on loopback, "
        f"{workers} server process(es): {rate:.0f} requests/s, {len(errors)} errors"
    )
    for error in errors[:5]:
        print(f"  error: {error}")
    print(f"{'request':<16}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for kind, values in sorted(timings.items()):
        print(
            f"{kind:<16}{len(values):>6}{statistics.median(values):>9.1f}"
            f"{_percentile(values, 0.95):>9.1f}{_percentile(values, 0.99):>9.1f}{max(values):>9.1f}"
        )
    print(
        f"{'all':<16}{len(every):>6}{statistics.median(every):>9.1f}"
        f"{_percentile(every, 0.95):>9.1f}{_percentile(every, 0.99):>9.1f}{max(every):>9.1f}"
    )
    return rate, _percentile(every, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/diplowatch-load.db")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument(
        "--concurrency", type=_numbers, default=[1, 16, 64], help="clients at once: 1,16,64"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workers", type=_numbers, default=[1], help="server processes: 1,2")
    parser.add_argument(
        "--client", choices=("aiohttp", "httpx"), default="aiohttp", help="the load client"
    )
    options = parser.parse_args()
    url = as_db_url(options.db)
    with Store(url) as store:
        held = store.counts()["events"]
    if held < options.events:
        if held:
            sys.exit(f"{url} holds {held:,} events, fewer than asked: remove it first")
        print(f"building a store of {options.events:,} events at {url}")
        build(url, options.events)
    with Store(url) as store:
        counts = store.counts()
        print(f"store: {counts['events']:,} events, {counts['stories']:,} stories")
    vocabulary = _vocabulary(random.Random(7))
    RARE.extend(vocabulary[i] for i in range(4000, 4050))
    summary = []
    for workers in options.workers:
        server = _serve(url, options.port, workers)
        base = f"http://127.0.0.1:{options.port}"
        try:
            for concurrency in options.concurrency:
                # Each run its own plan: a run never finds its own requests kept by the last.
                seed = options.seed + concurrency
                run = asyncio.run(_load(base, options.requests, concurrency, seed, options.client))
                summary.append((workers, concurrency, *_report(concurrency, workers, *run)))
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    print(f"\n{'processes':>9}{'clients':>9}{'requests/s':>12}{'p95 ms':>9}")
    for workers, concurrency, rate, p95 in summary:
        print(f"{workers:>9}{concurrency:>9}{rate:>12.0f}{p95:>9.1f}")


if __name__ == "__main__":
    main()

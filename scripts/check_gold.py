"""Check a gold folder (``events.jsonl``, ``positions.jsonl``, ``pages/`` with ``meta.jsonl``)
against the rules of the gold format, before it is trained on or measured with.

    python scripts/check_gold.py data/judge-train/t3

Checks: every page named exists and is in ``meta.jsonl``; ids are unique; each evidence is a
verbatim span (whitespace collapsed) that occurs exactly once in its passage; conditions are
verbatim; codes are ISO 3166-1 alpha-3 (or XKX) or an allowed organisation code; types,
stances and certainties are known values; dates are ``[earliest, latest]`` ISO ranges that do
not end after publication. Prints one line per problem and exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import pycountry

TYPES = frozenset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST "
    "SANCTION MOBILIZE COERCE ASSAULT".split()
)
STANCES = frozenset("refuses conditional open urges mediates".split())
CERTAINTIES = frozenset("asserted reported alleged unverified".split())
ORGANISATIONS = frozenset(
    "UN EU NATO AU ASEAN IAEA OSCE IGAD ECOWAS GCC CELAC CARICOM SCO BRICS".split()
)
COUNTRIES = frozenset(country.alpha_3 for country in pycountry.countries) | {"XKX"}


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _code_ok(code: object) -> bool:
    return code is None or code in COUNTRIES or code in ORGANISATIONS


def check(folder: Path) -> list[str]:
    problems: list[str] = []
    pages = folder / "pages"
    meta: dict[str, date | None] = {}
    for line in (pages / "meta.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            published = record.get("published")
            meta[record["file"]] = date.fromisoformat(published) if published else None
    texts = {name: _collapse((pages / name).read_text("utf-8")) for name in meta}
    for name in sorted(p.name for p in pages.glob("*.txt")):
        if name not in meta:
            problems.append(f"{pages / name}: not in meta.jsonl")
    seen: set[str] = set()
    for kind in ("events", "positions"):
        path = folder / f"{kind}.jsonl"
        if not path.is_file():
            problems.append(f"{path}: missing")
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                problems.append(f"{where}: invalid JSON ({error.msg})")
                continue
            problems += [f"{where}: {p}" for p in _check_record(kind, record, texts, meta, seen)]
    return problems


def _check_record(
    kind: str,
    record: dict,
    texts: dict[str, str],
    meta: dict[str, date | None],
    seen: set[str],
) -> list[str]:
    problems = []
    page = record.get("page")
    if page not in texts:
        return [f"page {page!r} not in pages/"]
    identifier = record.get("id")
    if identifier in seen:
        problems.append(f"duplicate id {identifier}")
    seen.add(identifier)
    text = texts[page]
    evidence = _collapse(record.get("evidence", ""))
    count = text.count(evidence) if evidence else 0
    if count != 1:
        problems.append(f"evidence occurs {count} times in {page}: {evidence[:60]!r}")
    if kind == "events":
        if not _code_ok(record.get("source")):
            problems.append(f"bad source {record.get('source')!r}")
        targets = record.get("target")
        if not isinstance(targets, list) or not targets or not all(map(_code_ok, targets)):
            problems.append(f"bad target {targets!r}")
        types = record.get("type")
        if not isinstance(types, list) or not types or not set(types) <= TYPES:
            problems.append(f"bad type {types!r}")
        if record.get("certainty") not in CERTAINTIES:
            problems.append(f"bad certainty {record.get('certainty')!r}")
        if not isinstance(record.get("required"), bool):
            problems.append("required must be true or false")
    else:
        if not _code_ok(record.get("actor")) or record.get("actor") is None:
            problems.append(f"bad actor {record.get('actor')!r}")
        counterparts = record.get("counterpart")
        if not isinstance(counterparts, list) or not all(map(_code_ok, counterparts)):
            problems.append(f"bad counterpart {counterparts!r}")
        if record.get("stance") not in STANCES:
            problems.append(f"bad stance {record.get('stance')!r}")
        for condition in record.get("conditions", []):
            if _collapse(condition) not in text:
                problems.append(f"condition not verbatim: {condition[:60]!r}")
    period = record.get("date")
    if period is not None:
        try:
            start, end = (date.fromisoformat(day) for day in period)
        except (TypeError, ValueError):
            problems.append(f"bad date {period!r}")
        else:
            published = meta.get(page)
            if start > end:
                problems.append(f"date range reversed {period!r}")
            if published is not None and end > published:
                problems.append(f"date {period!r} ends after publication {published}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args()
    problems = [problem for folder in args.folders for problem in check(folder)]
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problems", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

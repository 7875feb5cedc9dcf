"""Full event extraction on the PLOVER gold-standard records (a dev set): type and country accuracy.

The records (``plover_gsr_cameo.json``, openeventdata/PLOVER, CC BY-SA 4.0) are 322 sentences
from the CAMEO manual coded in PLOVER 0.5b1 (the DOCUMENT record is skipped). Their older types
are mapped to the 16 current ones as in ``bench/plover_gsr.py`` (``OLD_TO_CURRENT``).

Unlike ``plover_gsr.py``, which scores the trigger lexicon alone, this runs the whole pipeline:
each record becomes one ``Article`` (one paragraph, published on the record's date), all of them
are parsed in one ``parse_articles`` call and ``extract_events`` turns each into events (triggers,
actor resolution, roles, negation, hypotheticals, ...).

Which predicted event stands for a record: the FIRST NON-NEGATED event, in the order
``extract_events`` returns them (sentence order, then trigger order). A record whose events are
all negated has no representative event and is scored as ``(negated only)``. The "any event"
variant counts a record right when ANY of its events (negated or not) has the gold type.

Countries: gold codes are CAMEO/Phoenix country codes, mapped to ISO 3166-1 alpha-3 with
``CAMEO_TO_ISO``; the codes in ``NO_COUNTRY`` (IGO, NGO, IMG, ISM, MNC) and empty or textual
sides mean "no country". A record enters the source (target) score when its gold source (target)
has a country; it is right when the representative event's source (target) actor's country is one
of the gold side's countries (the gold often lists several). Records whose markup tags actors
``SRC/TAR`` (symmetric events: "X and Y agreed") are scored by either side: both the gold source
and the gold target are the union of all the record's gold countries. A record with no
representative event, no participant or an unresolved actor counts as wrong.

Usage::

    .venv/bin/python bench/plover_events.py [--gsr PATH] [--model PIPELINE] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from diplowatch.extract.article import extract_events
from diplowatch.extract.extractor import Extractor
from diplowatch.extract.lexicon import find_triggers
from diplowatch.nlp import (
    DEFAULT_MODEL,
    NlpSettings,
    ParsedArticle,
    load_pipeline,
    parse_articles,
)
from diplowatch.records import Article, Event, Participant

GSR = Path("/work/shared/data/plover/plover_gsr_cameo.json")
# PLOVER 0.5b1 -> the 16 current types (see bench/plover_gsr.py for the reasons).
OLD_TO_CURRENT = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
# The gold file's codes that are not ISO 3166-1 alpha-3 (all others it uses are): CAMEO's
# older country codes for Japan, Italy and Vietnam.
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
# Codes that name no country: international bodies (IGO), NGOs, multinationals, international
# militarised groups (IMG, e.g. al-Qaeda) and transnational religious actors (ISM).
NO_COUNTRY = frozenset({"IGO", "NGO", "MNC", "IMG", "ISM"})
NONE = "(none)"
NEGATED_ONLY = "(negated only)"


@dataclass(frozen=True, slots=True)
class Gold:
    id: str
    text: str
    type: str
    published: date | None
    sources: frozenset[str]
    targets: frozenset[str]
    symmetric: bool


def countries(side: object) -> frozenset[str]:
    """The ISO alpha-3 countries of one gold side (a list of actors, or "" / missing)."""
    if not isinstance(side, list):
        return frozenset()
    codes = (CAMEO_TO_ISO.get(actor.get("code") or "", actor.get("code") or "") for actor in side)
    return frozenset(code for code in codes if code and code not in NO_COUNTRY)


def load_gold(path: Path) -> list[Gold]:
    records = json.loads(path.read_text(encoding="utf-8"))
    gold = []
    for record in records:
        if record["event"] == "DOCUMENT":
            continue
        info = record.get("textInfo")
        markup = info.get("markup", "") if isinstance(info, dict) else str(info or "")
        sources, targets = countries(record.get("source")), countries(record.get("target"))
        symmetric = "SRC/TAR" in markup
        if symmetric:
            sources = targets = sources | targets
        raw_date = record.get("date")
        gold.append(
            Gold(
                id=record["id"],
                text=record["text"],
                type=OLD_TO_CURRENT.get(record["event"], record["event"]),
                published=date.fromisoformat(raw_date) if raw_date else None,
                sources=sources,
                targets=targets,
                symmetric=symmetric,
            )
        )
    return gold


def article(record: Gold) -> Article:
    return Article(
        page=record.id,
        url=None,
        site=None,
        title=None,
        dek=None,
        section=None,
        byline=None,
        published=record.published,
        published_source="metadata" if record.published else None,
        language="en",
        paragraphs=(record.text,),
    )


def representative(events: list[Event]) -> Event | None:
    """The event that stands for the record: the first one not negated."""
    return next((event for event in events if not event.negated), None)


def side_outcome(
    side: Participant | None, gold: frozenset[str], event: Event | None, states: Mapping[str, str]
) -> str:
    """Why a predicted side is right or wrong, for the failure breakdown; ``states`` are the
    gazetteer's country codes (others, such as UN, EU or NATO, are international bodies)."""
    if event is None:
        return "no event"
    if side is None:
        return "no participant"
    if side.actor is None:
        return "actor unresolved"
    if side.actor.country is None:
        return "actor without country"
    if side.actor.country in gold:
        return "right"
    return "wrong country" if side.actor.country in states else "international body"


def has_trigger(parsed: ParsedArticle, extractor: Extractor) -> bool:
    """Whether the lexicon finds any trigger in the record: tells a record the lexicon misses
    from one whose triggers extraction dropped (no source actor, hypothetical, statement...)."""
    sentences = (sentence for doc in parsed.docs for sentence in doc.sents)
    return any(find_triggers(sentence, extractor.lexicon) for sentence in sentences)


def describe(side: Participant | None) -> str:
    if side is None:
        return "-"
    country = side.actor.country if side.actor else None
    return f"{side.text}={country or '?'}"


def evaluate(gold: list[Gold], settings: NlpSettings, errors: int) -> None:
    started = time.perf_counter()
    nlp = load_pipeline(settings.model)
    loaded_nlp = time.perf_counter() - started
    started = time.perf_counter()
    extractor = Extractor.load()
    loaded_extractor = time.perf_counter() - started

    per_type: Counter[str] = Counter()
    right: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    source_outcomes: Counter[str] = Counter()
    target_outcomes: Counter[str] = Counter()
    covered = negated_only = any_right = dropped = 0
    states = extractor.gazetteer.country_names
    examples: list[str] = []
    extracting = 0.0
    started = time.perf_counter()
    parsed_articles = parse_articles(nlp, (article(record) for record in gold), settings)
    for record, parsed in zip(gold, parsed_articles, strict=True):
        before = time.perf_counter()
        events = extract_events(parsed, extractor)
        extracting += time.perf_counter() - before
        best = representative(events)
        covered += bool(events)
        dropped += not events and has_trigger(parsed, extractor)
        negated_only += bool(events) and best is None
        any_right += any(event.type == record.type for event in events)
        found = best.type if best else (NEGATED_ONLY if events else NONE)
        per_type[record.type] += 1
        if found == record.type:
            right[record.type] += 1
        else:
            confusions[(record.type, found)] += 1
        problems = []
        if found != record.type:
            problems.append("type")
        if record.sources:
            outcome = side_outcome(best.source if best else None, record.sources, best, states)
            source_outcomes[outcome] += 1
            if outcome != "right":
                problems.append(f"source {outcome}")
        if record.targets:
            outcome = side_outcome(best.target if best else None, record.targets, best, states)
            target_outcomes[outcome] += 1
            if outcome != "right":
                problems.append(f"target {outcome}")
        if problems and len(examples) < errors:
            predicted = (
                f"{describe(best.source)} {best.type} {describe(best.target)}" if best else found
            )
            others = ", ".join(e.type + ("(neg)" if e.negated else "") for e in events)
            examples.append(
                f"  {record.id} [{'; '.join(problems)}]\n"
                f"    gold {sorted(record.sources)} {record.type} {sorted(record.targets)}"
                f"{' (symmetric)' if record.symmetric else ''}\n"
                f"    found {predicted}  all: [{others}]\n"
                f"    {record.text}"
            )
    elapsed = time.perf_counter() - started

    total = len(gold)
    correct = sum(right.values())
    print(f"model {settings.model}; records {total}")
    print(
        f"coverage (any event) {covered}/{total} {covered / total:.1%}"
        f" (of which negated only: {negated_only})"
    )
    print(
        f"records without events: {total - covered}; the lexicon found a trigger in {dropped}"
        f" of them (dropped by extraction), none in {total - covered - dropped}"
    )
    print(f"type accuracy, first non-negated event: {correct}/{total} {correct / total:.1%}")
    print(f"type accuracy where covered: {correct}/{covered} {correct / max(covered, 1):.1%}")
    print(f"type accuracy, any event of the sentence: {any_right}/{total} {any_right / total:.1%}")
    for name, outcomes in (("source", source_outcomes), ("target", target_outcomes)):
        scored = sum(outcomes.values())
        hits = outcomes["right"]
        breakdown = ", ".join(f"{k} {v}" for k, v in outcomes.most_common() if k != "right")
        print(
            f"{name} country accuracy: {hits}/{scored} {hits / max(scored, 1):.1%}"
            f" (misses: {breakdown})"
        )
    print("recall by type:")
    for name, count in per_type.most_common():
        print(f"  {name:10} {right[name]:3}/{count:3} {right[name] / count:.0%}")
    print("main confusions (gold -> found):")
    for (expected, found), count in confusions.most_common(15):
        print(f"  {expected:10} -> {found:14} {count}")
    print(
        f"runtime: pipeline load {loaded_nlp:.2f} s, extractor load {loaded_extractor:.2f} s, "
        f"parse + extract {elapsed:.2f} s (extract_events {extracting:.2f} s), "
        f"{1000 * elapsed / total:.1f} ms per record"
    )
    if examples:
        print("examples of errors:")
        print("\n".join(examples))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gsr", type=Path, default=GSR, help="the PLOVER GSR json file")
    parser.add_argument(
        "--model", default=DEFAULT_MODEL, help="an installed spaCy pipeline (package or path)"
    )
    parser.add_argument("--errors", type=int, default=0, help="print this many wrong records")
    args = parser.parse_args()
    evaluate(load_gold(args.gsr), NlpSettings(model=args.model), args.errors)


if __name__ == "__main__":
    main()

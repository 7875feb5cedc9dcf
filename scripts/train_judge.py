"""Train diplowatch's judge of candidate events (``extract/judge.py``) and write its model file.

    python scripts/train_judge.py [FOLDER...] [--shared ../shared]

With no folder it trains on every training set there is: ``written-train/t1`` and ``t2`` of the
shared data (``--shared``) and the team's own passages in ``data/judge-train/``. Each folder is
a gold folder in the format of ``gold/README.md`` with its pages in ``pages/``
(and their ``meta.jsonl``). The pages are cleaned, parsed and read by the package itself, with a
recorder that keeps every candidate of every sentence: each trigger with its features, and each
source and target it could have. Candidates are labelled by the gold rule:

- a gold event's **trigger** is the lexicon trigger whose head word lies inside the gold
  evidence, one whose type the gold accepts first, then the one highest in the parse; it is
  labelled with that type (the trigger's own when acceptable, else the gold's first). Other
  triggers are no event (``-``); triggers of optional gold events only are left out;
- a labelled trigger's (source, target) pairs are right when their countries match one of its
  gold events (either way round for symmetric ones).

Three logistic regressions (scikit-learn) are fitted: the type model, the pair model and the
confidence model. The readings of passages held out in turn (5 folds, by passage, fixed seed)
train the confidence model (how right a reading is, from its type probability, pair score,
pair share, ...); the confidences of readings held out from it in turn give the acceptance
thresholds (best held-out F1), the display threshold (the lowest whose held-out precision is
at least ``--display-precision``) and the calibration error. ``--no-rules`` trains a judge that
never sees the rules' verdicts (the "model alone" of ``bench/realtext.py``).

Nothing here is used at run time: the package reads only the model file it writes
(``src/diplowatch/data/models/NAME.npz``). Needs scikit-learn (``pip install -e '.[train]'``).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from diplowatch.clean.lines import normalise_whitespace
from diplowatch.evaluation.events import GoldEvent, load_gold
from diplowatch.evaluation.figures import calibration_error
from diplowatch.extract.article import read_article
from diplowatch.extract.candidates import Side, TriggerCandidate, concrete_target, pair_features
from diplowatch.extract.events import UNJUDGED
from diplowatch.extract.extractor import Extractor
from diplowatch.extract.judge import (
    CONFIDENCE_FIGURES,
    NO_EVENT,
    RULE_PREFIXES,
    ConfidenceModel,
    Judge,
    LinearModel,
    binary_weights,
    model_arrays,
)
from diplowatch.extract.lexicon import load_lexicon
from diplowatch.ingest import read_inputs
from diplowatch.nlp import load_pipeline, parse_articles
from diplowatch.pipeline.ingesting import clean_stream
from diplowatch.records import Article, Failure
from diplowatch.resolve.actors import load_gazetteer

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "src" / "diplowatch" / "data" / "models"
SEED = 20261201
FOLDS = 5


@dataclass
class Recorded:
    """One sentence's candidates as the reader saw them, with its passage and text."""

    passage: str
    page: str
    text: str
    start_char: int
    candidates: list[TriggerCandidate]
    sides: list[tuple[tuple[Side, ...], tuple[Side, ...]]]
    heads: list[tuple[int, int]] = field(default_factory=list)  # char span of each head word
    depths: list[int] = field(default_factory=list)  # each head word's depth in the parse


class Recorder:
    def __init__(self) -> None:
        self.sentences: list[Recorded] = []
        self.passage = ""

    def __call__(self, sentence, context, candidates, finder) -> None:  # type: ignore[no-untyped-def]
        span = sentence.span
        candidates = [c for c in candidates if not UNJUDGED & set(c.rules.filters)]
        record = Recorded(
            self.passage,
            context.article.page,
            span.text,
            span.start_char,
            list(candidates),
            [finder.sides(candidate) for candidate in candidates],
        )
        for candidate in candidates:
            token = span.doc[candidate.trigger.head]
            begin = token.idx - span.start_char
            record.heads.append((begin, begin + len(token.text)))
            record.depths.append(sum(1 for _ in token.ancestors))
        self.sentences.append(record)


def read_set(folder: Path) -> list[Article]:
    articles = []
    for result in clean_stream(read_inputs([str(folder / "pages")])):
        if isinstance(result, Failure):
            print(f"skipped {result}", file=sys.stderr)
        else:
            articles.append(result)
    return articles


def record(folders: Sequence[Path]) -> tuple[list[Recorded], dict[str, list[GoldEvent]]]:
    """Every sentence's candidates in the given sets, and the gold events by passage."""
    nlp = load_pipeline()
    recorder = Recorder()
    extractor = Extractor(load_lexicon(), load_gazetteer(), judge=None, recorder=recorder)
    gold: dict[str, list[GoldEvent]] = defaultdict(list)
    for folder in folders:
        for event in load_gold(folder).events:
            gold[f"{folder.name}/{event.page}"].append(event)
        for parsed in parse_articles(nlp, read_set(folder)):
            recorder.passage = f"{folder.name}/{parsed.article.page}"
            read_article(parsed, extractor)
    return recorder.sentences, gold


def _evidence_span(evidence: str, text: str) -> tuple[int, int] | None:
    pattern = r"\s+".join(re.escape(word) for word in evidence.split())
    found = re.search(pattern, text)
    return (found.start(), found.end()) if found else None


def _country(side: Side) -> str | None:
    return side.country


def pair_matches(gold: GoldEvent, kind: str, source: str | None, target: str | None) -> bool:
    if kind not in gold.types:
        return False
    if source == gold.source and target in gold.targets:
        return True
    return gold.symmetric and target == gold.source and source in gold.targets


@dataclass
class Labelled:
    """A sentence's candidates with their labels."""

    record: Recorded
    types: list[str | None]  # per candidate: a type, "-", or None (left out)
    golds: list[list[GoldEvent]]  # per candidate: the required gold events it is the trigger of
    in_sentence: list[GoldEvent]  # every gold event whose evidence is in the sentence


def label(records: Iterable[Recorded], gold: dict[str, list[GoldEvent]]) -> list[Labelled]:
    labelled = []
    for rec in records:
        text = normalise_whitespace(rec.text)
        here = [g for g in gold.get(rec.passage, ()) if g.evidence in text]
        owners: dict[int, list[GoldEvent]] = defaultdict(list)
        repeats: set[int] = set()
        for event in here:
            span = _evidence_span(event.evidence, rec.text)
            if span is None:
                continue
            inside = [
                i for i, (begin, end) in enumerate(rec.heads) if span[0] <= begin and end <= span[1]
            ]
            if not inside:
                continue

            def rank(
                i: int, event: GoldEvent = event, rec: Recorded = rec
            ) -> tuple[bool, int, int]:
                acceptable = rec.candidates[i].trigger.type in event.types
                return (not acceptable, rec.depths[i], i)

            primary = min(inside, key=rank)
            owners[primary].append(event)
            for i in inside:
                if i != primary and rec.candidates[i].trigger.type in event.types:
                    # Another word of the same event ("carried out" and "strikes"): reading it
                    # too is a repeat, neither right nor wrong.
                    repeats.add(i)
        types: list[str | None] = []
        golds: list[list[GoldEvent]] = []
        for i, candidate in enumerate(rec.candidates):
            events = owners.get(i, [])
            required = [g for g in events if g.required]
            if required:
                first = required[0]
                kind = (
                    candidate.trigger.type
                    if candidate.trigger.type in first.types
                    else first.types[0]
                )
                types.append(kind)
            elif events or i in repeats:
                types.append(None)
            else:
                types.append(NO_EVENT)
            golds.append(required)
        labelled.append(Labelled(rec, types, golds, here))
    return labelled


def _visible(features: Iterable[str], use_rules: bool) -> list[str]:
    return [f for f in features if use_rules or not f.startswith(RULE_PREFIXES)]


def _strip(side: Side, use_rules: bool) -> Side:
    return Side(side.mention, side.origin, tuple(_visible(side.features, use_rules)))


def type_rows(items: Sequence[Labelled], use_rules: bool) -> tuple[list[dict], list[str]]:
    rows, labels = [], []
    for item in items:
        for candidate, kind in zip(item.record.candidates, item.types, strict=True):
            if kind is None:
                continue
            rows.append(dict.fromkeys(_visible(candidate.features, use_rules), 1))
            labels.append(kind)
    return rows, labels


def pair_rows(items: Sequence[Labelled], use_rules: bool) -> tuple[list[dict], list[int]]:
    rows, labels = [], []
    for item in items:
        for i, kind in enumerate(item.types):
            if kind is None or kind == NO_EVENT or not item.golds[i]:
                continue
            sources, targets = item.record.sides[i]
            for source in sources:
                if source.mention is None:
                    continue
                for target in targets:
                    target = concrete_target(target, source)
                    if target.mention is not None and target.mention == source.mention:
                        continue
                    right = any(
                        pair_matches(g, kind, source.country, target.country) for g in item.golds[i]
                    )
                    features = pair_features(
                        kind, _strip(source, use_rules), _strip(target, use_rules), False
                    )
                    rows.append(dict.fromkeys(features, 1))
                    labels.append(int(right))
    return rows, labels


def fit_linear(rows: list[dict], labels: Sequence, c: float) -> LinearModel:
    """A logistic regression over sparse features, its negligible weights dropped."""
    vectoriser = DictVectorizer()
    matrix = vectoriser.fit_transform(rows)
    model = LogisticRegression(C=c, max_iter=3000, random_state=SEED)
    model.fit(matrix, labels)
    binary = len(model.classes_) == 2 and isinstance(labels[0], (int, np.integer))
    coefficients = model.coef_.T  # (features, classes); a binary model: the positive class
    classes = ("yes",) if binary else tuple(str(c) for c in model.classes_)
    names = list(vectoriser.get_feature_names_out())
    keep = np.abs(coefficients).max(axis=1) >= 1e-4
    kept_names = [name for name, kept in zip(names, keep, strict=True) if kept]
    weights = np.asarray(coefficients[keep], dtype=np.float32)
    return LinearModel(
        classes=classes,
        index={name: i for i, name in enumerate(kept_names)},
        weights=weights,
        bias=np.asarray(model.intercept_, dtype=np.float32),
        scalars=binary_weights(kept_names, weights),
    )


class _RecordedFinder:
    def __init__(self, sides) -> None:  # type: ignore[no-untyped-def]
        self._sides = sides

    def sides(self, candidate: TriggerCandidate):  # type: ignore[no-untyped-def]
        return self._sides[id(candidate)]


@dataclass(frozen=True)
class Scored:
    """A reading of a held-out trigger: the figures the confidence model reads, whether it is
    right (True), wrong (False) or matches only optional gold (None), its passage, whether it
    is the rules' reading, and what makes two readings the same event."""

    figures: tuple[float, ...]
    right: bool | None
    passage: str
    rules: bool
    key: tuple


def scored_events(judge: Judge, item: Labelled) -> list[Scored]:
    """The judge's readings of a sentence's triggers and the rules' readings it scores."""
    rec = item.record
    finder = _RecordedFinder({id(c): s for c, s in zip(rec.candidates, rec.sides, strict=True)})
    found = []
    for index, candidate in enumerate(rec.candidates):
        readings = judge.readings(candidate, finder)  # type: ignore[arg-type]
        rule = judge.rule_reading(candidate, finder)  # type: ignore[arg-type]
        if rule is not None:
            readings.append(rule)
        for reading in readings:
            source, target = reading.source.country, reading.target.country
            matches = [g for g in item.in_sentence if pair_matches(g, reading.kind, source, target)]
            right = True if any(g.required for g in matches) else (None if matches else False)
            key = (rec.passage, rec.start_char, index, reading.kind, source, target)
            found.append(Scored(reading.figures(), right, rec.passage, reading.rules, key))
    return found


def train(items: Sequence[Labelled], use_rules: bool, c_type: float, c_pair: float) -> Judge:
    rows, labels = type_rows(items, use_rules)
    types = fit_linear(rows, labels, c_type)
    rows, binary = pair_rows(items, use_rules)
    pairs = fit_linear(rows, binary, c_pair)
    unfitted = ConfidenceModel((0.0,) * len(CONFIDENCE_FIGURES), 0.0)
    return Judge(types, pairs, unfitted, 0.0, use_rules=use_rules)


def fit_confidence(held: Sequence[Scored]) -> ConfidenceModel:
    """The confidence model: a logistic regression of rightness on a reading's figures."""
    judged = [item for item in held if item.right is not None]
    model = LogisticRegression(C=1.0, max_iter=2000, random_state=SEED)
    model.fit([item.figures for item in judged], [int(bool(item.right)) for item in judged])
    return ConfidenceModel(tuple(float(w) for w in model.coef_[0]), float(model.intercept_[0]))


def held_out_confidence(held: Sequence[Scored]) -> list[tuple[float, Scored]]:
    """Each held-out reading's confidence from a confidence model fitted on the readings of
    the other folds' passages: figures the model never saw, for thresholds and calibration."""
    passages = sorted({item.passage for item in held})
    random.Random(SEED).shuffle(passages)
    fold_of = {passage: i % FOLDS for i, passage in enumerate(passages)}
    found: list[tuple[float, Scored]] = []
    for k in range(FOLDS):
        model = fit_confidence([item for item in held if fold_of[item.passage] != k])
        found += [(model.of(item.figures), item) for item in held if fold_of[item.passage] == k]
    return found


def folds_of(items: Sequence[Labelled]) -> list[list[Labelled]]:
    passages = sorted({item.record.passage for item in items})
    random.Random(SEED).shuffle(passages)
    fold_of = {passage: i % FOLDS for i, passage in enumerate(passages)}
    folds: list[list[Labelled]] = [[] for _ in range(FOLDS)]
    for item in items:
        folds[fold_of[item.record.passage]].append(item)
    return folds


def held_out_scores(
    items: Sequence[Labelled], use_rules: bool, c_type: float, c_pair: float
) -> list[Scored]:
    folds = folds_of(items)
    found: list[Scored] = []
    for k, held in enumerate(folds):
        rest = [item for j, fold in enumerate(folds) if j != k for item in fold]
        judge = train(rest, use_rules, c_type, c_pair)
        for item in held:
            found += scored_events(judge, item)
    return found


def required_total(items: Sequence[Labelled]) -> int:
    seen = set()
    for item in items:
        for g in item.in_sentence:
            if g.required:
                seen.add((item.record.passage, g))
    return len(seen)


def threshold_figures(
    held: list[tuple[float, Scored]], total: int, threshold: float, rule_threshold: float
) -> tuple[float, float, float]:
    """Held-out (precision, recall, F1) of the events kept at these thresholds (approximate:
    a gold event found twice counts once only in the eval)."""
    kept: dict[tuple, bool] = {}
    for confidence, item in held:
        bar = rule_threshold if item.rules else threshold
        if confidence >= bar and item.right is not None:
            kept[item.key] = item.right
    if not kept:
        return 0.0, 0.0, 0.0
    right = sum(kept.values())
    precision = right / len(kept)
    recall = min(1.0, right / total)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def choose_thresholds(
    held: list[tuple[float, Scored]], total: int, display_precision: float
) -> dict[str, float]:
    """The acceptance thresholds of the judge's and the rules' readings (best held-out F1),
    and the display threshold (the lowest whose held-out precision reaches
    ``display_precision``, for round-ups and the home page)."""
    grid = [round(float(t), 2) for t in np.arange(0.05, 0.96, 0.01)]
    best = max(
        ((t, r, *threshold_figures(held, total, t, r)) for t in grid[::2] for r in grid[::2]),
        key=lambda point: point[4],
    )
    shown = grid[-1]
    for threshold in grid:
        precision, _recall, _f1 = threshold_figures(held, total, threshold, threshold)
        if precision >= display_precision:
            shown = threshold
            break
    shown_figures = threshold_figures(held, total, shown, shown)
    return {
        "threshold": best[0],
        "rule_threshold": best[1],
        "precision": best[2],
        "recall": best[3],
        "f1": best[4],
        "display_threshold": shown,
        "display_precision": shown_figures[0],
        "display_recall": shown_figures[1],
    }


def expected_calibration_error(pairs: list[tuple[float, bool]], bins: int = 10) -> float:
    return calibration_error(pairs, bins) or 0.0


def training_folders(shared: Path) -> list[Path]:
    """The shared training sets and the team's own, in a fixed order."""
    written = [shared / "data" / "written-train" / part for part in ("t1", "t2")]
    own = sorted(path for path in (ROOT / "data" / "judge-train").iterdir() if path.is_dir())
    return [*written, *own]


def _shown(folder: Path) -> str:
    """A folder as the model's provenance names it: from the repository or the shared data."""
    resolved = folder.resolve()
    for base in (ROOT, ROOT.parent):
        if resolved.is_relative_to(base):
            return str(resolved.relative_to(base))
    return folder.name


def held_out_calibration_error(calibrated: Sequence[tuple[float, Scored]]) -> float:
    """The expected calibration error of the judge's own readings on held-out passages."""
    pairs = [(c, bool(item.right)) for c, item in calibrated if item.right is not None]
    return expected_calibration_error(pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="gold folders with pages/")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--name", default="judge", help="the model's name (file NAME.npz)")
    parser.add_argument("--no-rules", action="store_true", help="never show the rules' verdicts")
    parser.add_argument("--c-type", type=float, default=2.0)
    parser.add_argument("--c-pair", type=float, default=0.5)
    parser.add_argument(
        "--display-precision",
        type=float,
        default=0.85,
        help="held-out precision of the events round-ups and the home page show",
    )
    parser.add_argument(
        "--rule-threshold",
        type=float,
        default=None,
        help="the confidence from which the rules' own readings are events (default: the best "
        "held-out F1 on the training passages); the packaged judge uses 0.03, chosen on real "
        "text (the seed pages, realtext/ and the PLOVER GSR), on which the rules' readings do "
        "better than on the team's written passages",
    )
    parser.add_argument("--out", type=Path, default=MODELS)
    args = parser.parse_args()
    use_rules = not args.no_rules
    folders = args.folders or training_folders(args.shared)
    records, gold = record(folders)
    items = label(records, gold)
    total = required_total(items)
    held = held_out_scores(items, use_rules, args.c_type, args.c_pair)
    calibrated = held_out_confidence(held)
    figures = choose_thresholds(calibrated, total, args.display_precision)
    judge = train(items, use_rules, args.c_type, args.c_pair)
    confidence = fit_confidence(held)
    rule_threshold = (
        figures["rule_threshold"] if args.rule_threshold is None else args.rule_threshold
    )
    meta = {
        "threshold": figures["threshold"],
        "rule_threshold": rule_threshold if use_rules else 1.0,
        "rule_threshold_chosen": "held-out F1" if args.rule_threshold is None else "given",
        "display_threshold": figures["display_threshold"],
        "use_rules": use_rules,
        "seed": SEED,
        "trained_on": [_shown(folder) for folder in folders],
        "held_out": {
            **figures,
            "ece": held_out_calibration_error(calibrated),
            "required_events": total,
        },
        "confidence_figures": list(CONFIDENCE_FIGURES),
        "confidence_weights": list(confidence.weights),
        "c_type": args.c_type,
        "c_pair": args.c_pair,
    }
    arrays = {
        **model_arrays("type", judge.types),
        **model_arrays("pair", judge.pairs),
        "confidence_weights": np.asarray(confidence.weights),
        "confidence_bias": np.asarray(confidence.bias),
        "meta": np.asarray(json.dumps(meta)),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"{args.name}.npz"
    np.savez_compressed(path, **arrays)
    print(json.dumps(meta, indent=1))
    print(f"wrote {path} ({path.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()

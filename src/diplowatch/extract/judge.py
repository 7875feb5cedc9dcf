"""The judge of candidate events: a trained model decides which triggers are events, of which
type, and with which participants, and says how sure it is.

Two linear models over the features of ``extract.candidates``, trained by
``scripts/train_judge.py`` (provenance in ``data/models/README.md``):

- the **type model**, multinomial: a trigger's PLOVER type, or none (``-``);
- the **pair model**, binary: whether a (source, target) pair is the event's, given its type.

A reading of a trigger (a type and a pair) has the type's probability, the pair's score and
its share among the trigger's pairs of that type; the **confidence model**, a logistic
regression over those few figures fitted on readings of passages held out from the other two
models, turns them into ``confidence``: the estimated chance that the event is right (type,
source and target). Events at or above the model's threshold are kept.

Scoring is separable: a pair's linear score is its source's part plus its target's part plus
the few features they share, so each side is scored once per trigger and type.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from diplowatch.errors import ModelFileError
from diplowatch.extract.candidates import (
    LISTED,
    Side,
    SideFinder,
    TriggerCandidate,
    concrete_target,
    joint_features,
)
from diplowatch.extract.model_meta import DEFAULT_MODEL
from diplowatch.kept import AnyFolder, digest_of, kept_build
from diplowatch.plover import TYPES as PLOVER_TYPES
from diplowatch.resolve.actors import ActorMention

NO_EVENT = "-"
# Types considered per trigger: those at least this likely, at most this many.
TYPE_FLOOR = 0.05
MAX_TYPES = 3


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Sparse features -> one score per class (a binary model has one class)."""

    classes: tuple[str, ...]
    index: Mapping[str, int]
    weights: NDArray[np.float32]
    bias: NDArray[np.float32]
    # A binary model's weights by feature (``binary_weights``), for sums over a few features.
    scalars: Mapping[str, float] = dataclasses.field(default_factory=dict, compare=False)

    def raw(self, features: Iterable[str]) -> NDArray[np.float64]:
        rows = [self.index[f] for f in features if f in self.index]
        total = self.bias.astype(np.float64)
        if rows:
            total = total + self.weights[rows].sum(axis=0, dtype=np.float64)
        return total

    def part(self, features: Iterable[str]) -> float:
        """The features' share of a binary model's score, without the bias."""
        if self.scalars:
            weights = self.scalars
            return sum(weights[f] for f in features if f in weights)
        rows = [self.index[f] for f in features if f in self.index]
        return float(self.weights[rows, 0].sum(dtype=np.float64)) if rows else 0.0

    def probabilities(self, features: Iterable[str]) -> NDArray[np.float64]:
        scores = self.raw(features)
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()


@dataclass(frozen=True, slots=True)
class TriggerReading:
    """One way to read a trigger: a type and a (source, target) pair, with what the models
    make of it."""

    kind: str
    source: Side
    target: Side
    p_type: float
    # The pair model's score, and the pair's share of the trigger's pairs of this type.
    logit: float
    share: float
    pairs: int
    # The trigger's best reading (else one conjoined with it), whether it is the rules', and
    # whether the rules read the trigger the same way (type and sides' countries).
    best: bool = True
    rules: bool = False
    agrees: bool = False

    @property
    def score(self) -> float:
        """What ranks the readings of one trigger."""
        return self.p_type * self.share

    def figures(self) -> tuple[float, ...]:
        """What the confidence model reads, in the order of ``CONFIDENCE_FIGURES``."""
        return (
            float(np.log(self.p_type + 1e-6)),
            self.logit,
            float(np.log(self.share + 1e-6)),
            float(self.best),
            float(self.rules),
            float(self.agrees),
            float(np.log(self.pairs)),
            float(self.target.mention is None),
            # No target where the sentence names no one else: nothing better to choose.
            float(self.target.mention is None and self.pairs == 1),
            *(float(self.kind == kind) for kind in PLOVER_TYPES),
        )


# The 16 PLOVER types, for the confidence model's figures (each type is right more or less often).
CONFIDENCE_FIGURES = (
    "log type probability",
    "pair score",
    "log pair share",
    "best reading",
    "rules' reading",
    "agrees with the rules",
    "log pairs",
    "no target",
    "no target, and no one else named",
    *(f"type {kind}" for kind in PLOVER_TYPES),
)


@dataclass(frozen=True, slots=True)
class ConfidenceModel:
    """A logistic regression over a reading's figures: its chance of being right."""

    weights: tuple[float, ...]
    bias: float

    def __call__(self, reading: TriggerReading) -> float:
        return self.of(reading.figures())

    def of(self, figures: Sequence[float]) -> float:
        return _sigmoid(self.bias + float(np.dot(self.weights, figures)))


@dataclass(frozen=True, slots=True)
class Decision:
    """A candidate the judge keeps: its trigger, type, sides and confidence."""

    candidate: TriggerCandidate
    type: str
    source: ActorMention
    target: ActorMention | None
    confidence: float


@dataclass(frozen=True, slots=True)
class Judge:
    """The trained type, pair and confidence models, and the acceptance thresholds."""

    types: LinearModel
    pairs: LinearModel
    confidence: ConfidenceModel
    threshold: float
    name: str = DEFAULT_MODEL
    use_rules: bool = True
    # The confidence from which events are shown in round-ups and on the home page: on held-out
    # passages, at least 85% of the events at or above it were right.
    display_threshold: float = 0.5
    # The confidence from which the rules' own reading of a trigger they keep is an event too.
    rule_threshold: float = 0.1

    def type_probabilities(self, candidate: TriggerCandidate) -> dict[str, float]:
        features = self._visible(candidate.features)
        probabilities = self.types.probabilities(features)
        return dict(zip(self.types.classes, probabilities.tolist(), strict=True))

    def scored(self, candidate: TriggerCandidate, finder: SideFinder) -> list[TriggerReading]:
        """Every reading of a trigger worth a look, best first."""
        return self._scored(candidate, finder.sides(candidate))

    def _scored(
        self, candidate: TriggerCandidate, sides: tuple[Sequence[Side], Sequence[Side]]
    ) -> list[TriggerReading]:
        probabilities = self.type_probabilities(candidate)
        # A type less likely than no event at all is no reading ("Serbia must recognise").
        floor = max(TYPE_FLOOR, probabilities.get(NO_EVENT, 0.0))
        likely = sorted(
            ((p, kind) for kind, p in probabilities.items() if kind != NO_EVENT and p >= floor),
            reverse=True,
        )[:MAX_TYPES]
        if not likely:
            return []
        found = [reading for p, kind in likely for reading in self._pairs(sides, kind, p)]
        found.sort(key=lambda reading: reading.score, reverse=True)
        return found

    def _pairs(
        self, sides: tuple[Sequence[Side], Sequence[Side]], kind: str, p_type: float
    ) -> list[TriggerReading]:
        """The readings of one type: every (source, target) pair with its score and share."""
        sources, targets = sides
        bias = float(self.pairs.bias[0])
        source_parts = [self._side_part("s", side, kind) for side in sources]
        target_parts = [self._side_part("t", side, kind) for side in targets]
        scored: list[tuple[float, Side, Side]] = []
        for source, source_part in zip(sources, source_parts, strict=True):
            if source.mention is None:
                continue
            for target, target_part in zip(targets, target_parts, strict=True):
                target = concrete_target(target, source)
                if target.mention is not None and target.mention == source.mention:
                    continue
                if _one_of_listed(source, target):
                    continue
                joint = self.pairs.part(joint_features(kind, source, target, False))
                scored.append((bias + source_part + target_part + joint, source, target))
        if not scored:
            return []
        logits = np.array([logit for logit, _s, _t in scored])
        shares = np.exp(logits - logits.max())
        shares /= shares.sum()
        return [
            TriggerReading(kind, source, target, p_type, logit, float(share), len(scored))
            for (logit, source, target), share in zip(scored, shares, strict=True)
        ]

    def readings(self, candidate: TriggerCandidate, finder: SideFinder) -> list[TriggerReading]:
        """A trigger's readings worth keeping, best first: the best (type, source, target),
        and, of the same type, the pairs whose source is conjoined with its source ("Qatar,
        Egypt and the United States brokered") or whose target is conjoined with its target
        ("urged Washington and Paris")."""
        return self._readings(candidate, self.scored(candidate, finder))

    def _readings(
        self, candidate: TriggerCandidate, scored: list[TriggerReading]
    ) -> list[TriggerReading]:
        if not scored:
            return []
        rules = candidate.rules
        agreed = (
            (rules.type, _country(rules.source), _country(rules.target))
            if self.use_rules and rules.kept
            else None
        )
        scored = [
            dataclasses.replace(r, agrees=(r.kind, r.source.country, r.target.country) == agreed)
            for r in scored
        ]
        best = scored[0]
        kept = [best]
        seen = {(best.source.country, best.target.country)}
        for reading in scored[1:]:
            key = (reading.source.country, reading.target.country)
            if reading.kind != best.kind or key in seen or _reciprocal(reading, best):
                continue
            conjoined_source = _joined(reading.source, best.source) and _same_target(
                reading.target, best.target
            )
            conjoined_target = (
                best.target.mention is not None
                and reading.source.country == best.source.country
                and _joined(reading.target, best.target)
            )
            if conjoined_source or conjoined_target:
                seen.add(key)
                kept.append(dataclasses.replace(reading, best=False))
        return kept

    def rule_reading(
        self, candidate: TriggerCandidate, finder: SideFinder
    ) -> TriggerReading | None:
        """The rules' own reading of a trigger they keep, scored by the judge."""
        return self._rule_reading(candidate, finder.sides(candidate), [])

    def _rule_reading(
        self,
        candidate: TriggerCandidate,
        sides: tuple[Sequence[Side], Sequence[Side]],
        scored: Sequence[TriggerReading],
    ) -> TriggerReading | None:
        rules = candidate.rules
        if not (self.use_rules and rules.kept and rules.source is not None and rules.type):
            return None
        of_type = [reading for reading in scored if reading.kind == rules.type]
        if not of_type:
            p_type = self.type_probabilities(candidate).get(rules.type, 0.0)
            of_type = self._pairs(sides, rules.type, p_type)
        for reading in of_type:
            if reading.source.mention == rules.source and reading.target.mention == rules.target:
                return dataclasses.replace(reading, rules=True, agrees=True)
        return None

    def kept(
        self, candidate: TriggerCandidate, finder: SideFinder
    ) -> list[tuple[float, TriggerReading]]:
        """The readings of a trigger that become events, with their confidence: the judge's
        own at or above its threshold, and the rules' reading where its confidence is at
        least ``rule_threshold``. A trigger states one event (or one per conjoined actor): where
        the rules and the judge read it differently, the more confident reading stands."""
        sides = finder.sides(candidate)
        scored = self._scored(candidate, sides)
        found = [(self.confidence(r), r) for r in self._readings(candidate, scored)]
        found = [(confidence, r) for confidence, r in found if confidence >= self.threshold]
        rules = self._rule_reading(candidate, sides, scored)
        if rules is not None and (confidence := self.confidence(rules)) >= self.rule_threshold:
            if not found or any(_alongside(rules, reading) for _c, reading in found):
                found.append((confidence, rules))
            elif confidence > found[0][0]:
                found = [(confidence, rules)]
        seen: set[tuple[str, str | None, str | None]] = set()
        unique = []
        for confidence, reading in sorted(found, key=lambda item: item[0], reverse=True):
            key = (reading.kind, reading.source.country, reading.target.country)
            if key not in seen:
                seen.add(key)
                unique.append((confidence, reading))
        return unique

    def decide(self, candidates: Sequence[TriggerCandidate], finder: SideFinder) -> list[Decision]:
        """The events among the candidates of one sentence, with their confidence."""
        decisions: list[Decision] = []
        for candidate in candidates:
            for confidence, reading in self.kept(candidate, finder):
                if reading.source.mention is not None:
                    decisions.append(
                        Decision(
                            candidate,
                            reading.kind,
                            reading.source.mention,
                            reading.target.mention,
                            confidence,
                        )
                    )
        return decisions

    def _visible(self, features: Iterable[str]) -> list[str]:
        if self.use_rules:
            return list(features)
        return [f for f in features if not f.startswith(RULE_PREFIXES)]

    def _side_part(self, prefix: str, side: Side, kind: str) -> float:
        features = self._visible(side.features)
        names = [f"{prefix}:{f}" for f in features]
        names += [f"{prefix}:{f}|{kind}" for f in features]
        return self.pairs.part(names)


def _joined(one: Side, other: Side) -> bool:
    """Two sides named together: conjuncts ("Qatar and Egypt"), or actors filling one plural
    phrase ("both sides")."""
    if one.group < 0 or one.group != other.group:
        return False
    return one.root != other.root or (one.plural and other.plural)


def _one_of_listed(source: Side, target: Side) -> bool:
    """Two of the parties one phrase counts ("the three governments offered"): they act
    together, not on each other."""
    return source.root == target.root and LISTED in source.origin and LISTED in target.origin


def _reciprocal(one: TriggerReading, other: TriggerReading) -> bool:
    """One reading the other's reverse between two actors named together ("Czechia and
    Albania restored ties"): one act of both, so one event."""
    group = one.source.group
    return (
        group >= 0
        and one.target.group == other.source.group == other.target.group == group
        and one.source.country == other.target.country
        and one.target.country == other.source.country
    )


def _alongside(one: TriggerReading, other: TriggerReading) -> bool:
    """Two readings of one trigger that state one event between the same parties, or one event
    each for actors named together."""
    if (one.kind, one.source.country, one.target.country) == (
        other.kind,
        other.source.country,
        other.target.country,
    ):
        return True
    if one.kind != other.kind or _reciprocal(one, other):
        return False
    if one.source.country == other.source.country:
        return one.target.mention is not None and _joined(one.target, other.target)
    return _joined(one.source, other.source) and _same_target(one.target, other.target)


def _country(mention: ActorMention | None) -> str | None:
    return mention.actor.country if mention is not None and mention.actor is not None else None


def _same_target(one: Side, other: Side) -> bool:
    return one.country == other.country or (one.group >= 0 and one.group == other.group)


RULE_PREFIXES = ("rule:", "rule_", "srank", "trank", "origin=rules")


def _sigmoid(value: float) -> float:
    return float(1.0 / (1.0 + np.exp(-value)))


def _model_of(arrays: Mapping[str, Any], prefix: str) -> LinearModel:
    names = [str(name) for name in arrays[f"{prefix}_features"]]
    weights = np.asarray(arrays[f"{prefix}_weights"], dtype=np.float32)
    return LinearModel(
        classes=tuple(str(c) for c in arrays[f"{prefix}_classes"]),
        index={name: position for position, name in enumerate(names)},
        weights=weights,
        bias=np.asarray(arrays[f"{prefix}_bias"], dtype=np.float32),
        scalars=binary_weights(names, weights),
    )


def binary_weights(names: Sequence[str], weights: NDArray[np.float32]) -> dict[str, float]:
    """A binary model's weights by feature name (empty for a model of several classes)."""
    if weights.ndim != 2 or weights.shape[1] != 1:
        return {}
    return dict(zip(names, weights[:, 0].astype(np.float64).tolist(), strict=True))


def judge_from_bytes(data: bytes, name: str = DEFAULT_MODEL) -> Judge:
    """A judge from the bytes of its ``.npz`` model file."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            meta = json.loads(str(arrays["meta"]))
            return Judge(
                types=_model_of(arrays, "type"),
                pairs=_model_of(arrays, "pair"),
                confidence=ConfidenceModel(
                    tuple(float(w) for w in arrays["confidence_weights"]),
                    float(arrays["confidence_bias"]),
                ),
                threshold=float(meta["threshold"]),
                display_threshold=float(meta.get("display_threshold", meta["threshold"])),
                rule_threshold=float(meta.get("rule_threshold", 1.0)),
                name=name,
                use_rules=bool(meta.get("use_rules", True)),
            )
    except (OSError, KeyError, ValueError) as error:
        raise ModelFileError(f"judge model {name!r} is not a model file ({error})") from None


# The layout of a kept judge; a new one makes new files. The name hashes the model file, not
# this module: a change to how ``judge_from_bytes`` builds a judge must raise it.
KEPT_FORMAT = 1


def load_judge(name: str = DEFAULT_MODEL, cache: Path | None = None) -> Judge:
    """The packaged judge ``data/models/NAME.npz``, read once a process; ``cache``: a folder
    where the judge built from the model file is kept between runs (reading it back takes a
    tenth of the building), named by a hash of the file."""
    return _read_once(name, AnyFolder(cache))


@functools.lru_cache(maxsize=4)
def _read_once(name: str, folder: AnyFolder) -> Judge:
    path = resources.files("diplowatch.data").joinpath(f"models/{name}.npz")
    try:
        data = path.read_bytes()
    except (FileNotFoundError, OSError):
        raise ModelFileError(f"no judge model {name!r} in the package") from None
    kept = None
    if folder.path is not None:
        kept = folder.path / f"judge-{digest_of([str(KEPT_FORMAT), name, data])}.pickle"
    return kept_build(kept, lambda: judge_from_bytes(data, name), Judge)


def model_arrays(prefix: str, model: LinearModel) -> dict[str, Any]:
    """The arrays a model file holds for one linear model (for the training script)."""
    names = sorted(model.index, key=model.index.__getitem__)
    arrays = {
        f"{prefix}_classes": np.asarray(list(model.classes)),
        f"{prefix}_features": np.asarray(names),
        f"{prefix}_weights": np.asarray(model.weights, dtype=np.float32),
        f"{prefix}_bias": np.asarray(model.bias, dtype=np.float32),
    }
    return arrays

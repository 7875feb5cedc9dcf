"""The PLOVER vocabulary, in one place: the 16 event types in their order, each type's CAMEO root
code and Goldstein score, quad class, and the groupings the stages use (reciprocal types, future
acts as promises or threats, speech acts, story groups, round-up sections). Read once from
``data/events/types.tsv`` (and ``goldstein.tsv``); nothing else defines them.

>>> TYPES[:3], QUAD_CLASS["ASSAULT"], QUAD_NAMES[QUAD_CLASS["CONSULT"]]
(('AGREE', 'CONSULT', 'SUPPORT'), 4, 'verbal cooperation')
>>> sorted(SYMMETRIC), STORY_GROUP["COERCE"], SECTION["RETREAT"]
(['AGREE', 'CONSULT', 'COOPERATE'], 'ASSAULT', 'ground')
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from types import MappingProxyType

from diplowatch.data import read_text


def _rows(name: str) -> list[dict[str, str]]:
    lines = (line for line in read_text(f"events/{name}").splitlines() if line[:1] not in "#")
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


_TYPES = _rows("types.tsv")
# Each CAMEO code's Goldstein score.
GOLDSTEIN: Mapping[str, float] = MappingProxyType(
    {row["cameo"]: float(row["goldstein"]) for row in _rows("goldstein.tsv")}
)

# The 16 types, in the order of types.tsv (the trained judge's features depend on it).
TYPES: tuple[str, ...] = tuple(row["type"] for row in _TYPES)
# Each type's root CAMEO code and that code's Goldstein score.
TYPE_CODES: Mapping[str, tuple[str, float]] = MappingProxyType(
    {row["type"]: (row["cameo"], GOLDSTEIN[row["cameo"]]) for row in _TYPES}
)
# 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict (POLECAT).
QUAD_CLASS: Mapping[str, int] = MappingProxyType({row["type"]: int(row["quad"]) for row in _TYPES})
QUAD_NAMES: Mapping[int, str] = MappingProxyType(
    {
        1: "verbal cooperation",
        2: "material cooperation",
        3: "verbal conflict",
        4: "material conflict",
    }
)
# Reciprocal types: "talks between X and Y" is X with Y and Y with X.
SYMMETRIC: frozenset[str] = frozenset(row["type"] for row in _TYPES if row["symmetric"] == "yes")
# Three letters a type, for tables as narrow as a terminal.
SHORT: Mapping[str, str] = MappingProxyType({row["type"]: row["short"] for row in _TYPES})
# A future act of these types is an intention: PLOVER codes a promise of cooperation as AGREE
# and a promise of hostility as THREATEN.
PROMISED: frozenset[str] = frozenset(row["type"] for row in _TYPES if row["intended"] == "promise")
THREATENED: frozenset[str] = frozenset(row["type"] for row in _TYPES if row["intended"] == "threat")
PROMISE, THREAT = "AGREE", "THREATEN"
# Acts whose reported clause says what is to happen, not what happened.
SPEECH_ACTS: frozenset[str] = frozenset(row["type"] for row in _TYPES if row["speech"] == "yes")
# The type each type is one story with (outlets code one attack as ASSAULT or COERCE).
STORY_GROUP: Mapping[str, str] = MappingProxyType({row["type"]: row["story"] for row in _TYPES})
# The round-up's section of each type: talks (mediation where a third party takes part),
# pressure or ground.
SECTION: Mapping[str, str] = MappingProxyType({row["type"]: row["section"] for row in _TYPES})


def story_group(kind: str) -> str:
    """The type whose stories an event of type ``kind`` joins."""
    return STORY_GROUP.get(kind, kind)


def grouped_with(kind: str) -> tuple[str, ...]:
    """The types whose events join stories of type ``kind``: it and those grouped with it."""
    return (
        kind,
        *(other for other, group in STORY_GROUP.items() if group == kind and other != kind),
    )

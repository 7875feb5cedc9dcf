"""Display names of actor codes, one per code and the same everywhere (pages, API, exports,
round-ups): a state by its name ("Ukraine"), a part of a state by its part and state
("Government of Ukraine"), a person or body by name ("Volodymyr Zelensky", "United Nations"),
and finding a code from what people type ("ukraine", "ukr", "Zelensky").

>>> actor_name("UKR"), actor_name("USAGOV"), actor_name("person:volodymyr-zelensky")
('Ukraine', 'Government of the United States', 'Volodymyr Zelensky')

A person on a dated record is named with the office the reading found them holding on that date
(``display_name``): "Volodymyr Zelensky, President of Ukraine".
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from diplowatch.records import Actor
from diplowatch.resolve.actors import load_gazetteer

# How a part of a state is named: "Government of Ukraine", "Russia's military" (sentences).
SECTOR_TITLES = {
    "GOV": "Government",
    "MIL": "Military",
    "REB": "Rebels",
    "OPP": "Opposition",
    "BUS": "Business",
    "MED": "Media",
    "CVL": "Civilians",
    "JUD": "Judiciary",
    "LEG": "Legislature",
    "SPY": "Intelligence services",
    "COP": "Police",
    "IGO": "Officials",
}
SECTOR_WORDS = {sector: title.lower() for sector, title in SECTOR_TITLES.items()}
# Country names a sentence puts "the" before.
_WITH_ARTICLE = ("United ", "Netherlands", "Philippines", "Gambia", "Bahamas", "Maldives")
# An office that names its body: "President of the European Commission".
_NAMES_BODY = re.compile(r" of the [A-Z]")
# What a request may pass as a code as it is: upper-case letters and digits (UKR, NATO,
# UKRGOV) or an id (person:..., org:...).
_CODE = re.compile(r"[A-Z][A-Z0-9]{1,11}|(?:person|org):[a-z0-9-]+")


def country_name(code: str | None) -> str | None:
    """A state's name as a sentence uses it ("Russia", "the United States")."""
    if code is None:
        return None
    name = load_gazetteer().country_names.get(code, code)
    needs_article = name.startswith(_WITH_ARTICLE) or name.endswith((" Republic", " Islands"))
    return f"the {name}" if needs_article else name


@functools.lru_cache(maxsize=1)
def _names_by_id() -> Mapping[str, str]:
    """Every gazetteer actor's and person's name, by id (a name other than the id itself where
    one is known: "European Union", not the "EU" of a capital's metonym); and each
    organisation's code (WHO, EU) by the name of the body whose initials it is, else of the
    first body of that code."""
    found: dict[str, str] = {}
    bodies: dict[str, list[str]] = {}
    for targets in load_gazetteer().names.values():
        for target in targets:
            if found.get(target.id, target.id) == target.id:
                found[target.id] = target.name
            if isinstance(target, Actor) and target.sector == "IGO" and target.country:
                bodies.setdefault(target.country, []).append(target.name)
    for code, names in bodies.items():
        if code in found:
            continue
        initials = [name for name in names if _initials(name) == code]
        found[code] = (initials or names)[0]
    return found


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isupper())


def actor_name(code: str) -> str:
    """The display name of an actor code or id; the code itself when nothing names it."""
    countries = load_gazetteer().country_names
    if code in countries:
        return countries[code]
    state, sector = code[:3], code[3:]
    if state in countries and sector in SECTOR_TITLES:
        return f"{SECTOR_TITLES[sector]} of {country_name(state)}"
    name = _names_by_id().get(code)
    if name is None:
        return code
    return name[:1].upper() + name[1:]


def office(actor: Actor) -> str | None:
    """A person's office as the reading resolved it for the date of what they did or said
    ("President of Ukraine", "Secretary-General of the United Nations"); None for anyone
    else, or for a person who held no office known for that date."""
    if not actor.id.startswith("person:") or actor.role is None:
        return None
    if actor.country is None or _NAMES_BODY.search(actor.role):
        # An office that names its body ("President of the European Commission") as it is.
        return actor.role
    if actor.country in load_gazetteer().country_names:
        return f"{actor.role} of {country_name(actor.country)}"
    body = actor_name(actor.country)
    # A body by its name takes "the" ("of the United Nations"); a bare code does not.
    return f"{actor.role} of {body if body == actor.country else 'the ' + body}"


def display_name(actor: Actor) -> str:
    """An actor's display name: its code's (``actor_name``), else the name it was read with; a
    person's with the office held on the date ("Dmytro Kuleba, Foreign Minister of Ukraine")."""
    name = actor_name(actor.id)
    if name == actor.id and actor.name:
        name = actor.name
    held = office(actor)
    return f"{name}, {held}" if held else name


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """What an actor field's words found: the code, or none and the nearest names."""

    code: str | None
    suggestions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """What a place field's words found: a place's name or a country's code (every place in
    it), or none and the nearest places (name, label)."""

    place: str | None
    suggestions: tuple[tuple[str, str], ...] = ()


def find_place(text: str, places: Iterable[tuple[str, str | None]]) -> PlaceMatch:
    """The place the words name, case aside: a country by code or name ("ukr", "Ukraine":
    every place in it, also one named after the country), else a place's name among
    ``places`` (name, country code: "kyiv"), else the start of one of their names only; with
    no match, up to three of them that come close."""
    wanted = " ".join(text.split()).casefold()
    countries = load_gazetteer().country_names
    for code, name in countries.items():
        if wanted in (code.casefold(), name.casefold()):
            return PlaceMatch(code)
    known = list(places)
    for name, _country in known:
        if wanted == name.casefold():
            return PlaceMatch(name)
    starting = [name for name, _country in known if name.casefold().startswith(wanted)]
    if len(set(starting)) == 1:
        return PlaceMatch(starting[0])
    labels = {
        name: f"{name}, {actor_name(country)}" if country else name for name, country in known
    }
    folded = {name.casefold(): name for name in labels}
    close = difflib.get_close_matches(wanted, list(folded), n=3, cutoff=0.6)
    near = [folded[name] for name in close] or starting[:3]
    return PlaceMatch(None, tuple((name, labels[name]) for name in near))


def looks_like_code(text: str) -> bool:
    """Whether a field's words are a code or id as they are ("UKR", "person:...")."""
    return _CODE.fullmatch(text) is not None


def find_actor(text: str, codes: Iterable[str]) -> ActorMatch:
    """The code among ``codes`` that the words name, case aside: the code itself ("ukr"), its
    display name ("ukraine", "Government of Ukraine"), a name or spelling the gazetteer knows
    ("Zelensky", "Kyiv"), else the start of one name only; with no match, up to three
    names that come close."""
    wanted = " ".join(text.split()).casefold()
    known = {code: actor_name(code) for code in codes}
    for code, name in known.items():
        if wanted in (code.casefold(), name.casefold()):
            return ActorMatch(code)
    actor = load_gazetteer().resolve(text, None)
    if actor is not None:
        for code in (actor.id, actor.country):
            if code in known:
                return ActorMatch(code)
    starting = [code for code, name in known.items() if name.casefold().startswith(wanted)]
    if len(starting) == 1:
        return ActorMatch(starting[0])
    names = {name.casefold(): code for code, name in known.items()}
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    near = [names[name] for name in close] or starting[:3]
    return ActorMatch(None, tuple((code, known[code]) for code in near))

"""Display names: one per code, and people named with the office they held on the record's date."""

from __future__ import annotations

from datetime import date

import pytest

from diplowatch.present.serialise import event_json
from diplowatch.records import Actor, Event, Participant
from diplowatch.resolve.actors import load_gazetteer
from diplowatch.resolve.names import actor_name, display_name, find_place, office


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("UKR", "Ukraine"),
        ("RUSGOV", "Government of Russia"),
        # A capital's metonym names the body by its code ("Brussels" is "EU"); the name
        # shown is the body's own.
        ("EU", "European Union"),
        # An organisation's code that no entry has as its id: the body whose initials it is.
        ("WHO", "World Health Organization"),
        ("UN", "United Nations"),
    ],
)
def test_one_name_per_code(code: str, name: str) -> None:
    assert actor_name(code) == name


def _on(surname: str, day: date) -> Actor:
    (person,) = load_gazetteer().names[surname]
    return person.actor_on(day)  # type: ignore[union-attr]


def test_a_person_is_named_with_the_office_held_on_the_date() -> None:
    assert display_name(_on("poroshenko", date(2018, 3, 1))) == (
        "Petro Poroshenko, President of Ukraine"
    )
    assert display_name(_on("poroshenko", date(2023, 3, 1))) == (
        "Petro Poroshenko, Opposition leader of Ukraine"
    )


def test_no_office_is_claimed_for_a_date_outside_every_term() -> None:
    before = _on("zelensky", date(2017, 1, 1))
    assert office(before) is None
    assert display_name(before) == "Volodymyr Zelensky"


def test_an_office_of_a_body_names_the_body() -> None:
    envoy = Actor("person:a-b", "A. B.", "UN", "IGO", "Special Envoy")
    assert display_name(envoy) == "A. B., Special Envoy of the United Nations"
    # An office that names its body already is kept as it is.
    head = Actor("person:c-d", "C. D.", "EU", "IGO", "President of the European Commission")
    assert office(head) == "President of the European Commission"


def test_states_and_bodies_have_no_office() -> None:
    assert office(Actor("UKR", "Ukraine", "UKR", None, "President")) is None
    assert display_name(Actor("USAGOV", "US", "USA", "GOV")) == "Government of the United States"


def test_event_json_names_each_side() -> None:
    minister = Actor("person:x-y", "X. Y.", "FRA", "GOV", "Foreign Minister")
    event = Event(
        id="e", page="p", url=None, sentence_index=0, sentence="X. Y. visited Kyiv.",
        evidence="visited", source=Participant("X. Y.", minister),
        target=Participant("Kyiv", Actor("UKR", "Ukraine", "UKR")), type="CONSULT", mode=None,
        date=None, location=None, attribution=None, certainty="asserted", negated=False,
        cameo=None, goldstein=None,
    )  # fmt: skip
    found = event_json(event)
    assert found["source"]["name"] == "X. Y., Foreign Minister of France"
    assert found["target"]["name"] == "Ukraine"


def test_a_country_typed_as_a_place_is_every_place_in_it() -> None:
    """Also where events were placed at the country itself: the country, not that place."""
    places = [("Kyiv", "UKR"), ("Ukraine", "UKR"), ("Lviv", "UKR")]
    assert find_place("Ukraine", places).place == "UKR"
    assert find_place("ukr", places).place == "UKR"
    # a country with no place in the list yet is still a country
    assert find_place("Moldova", places).place == "MDA"
    assert find_place("kyiv", places).place == "Kyiv"
    assert find_place("Lv", places).place == "Lviv"
    missed = find_place("Kyivv", places)
    assert missed.place is None and missed.suggestions[0] == ("Kyiv", "Kyiv, Ukraine")

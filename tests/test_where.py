"""Places: names resolved to country and coordinates, and the places of a parsed sentence."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from spacy.language import Language

from diplowatch.extract.where import (
    KeptPlaces,
    find_places,
    load_place_index,
    name_key,
    place_index,
    resolve_place,
)
from diplowatch.records import Place


def test_kyiv_and_kiev_are_the_same_place_in_ukraine() -> None:
    kyiv = resolve_place("Kyiv")
    assert kyiv == resolve_place("Kiev") == resolve_place("Kyiv’s")
    assert kyiv is not None
    assert kyiv.country == "UKR"
    assert kyiv.lat == pytest.approx(50.45, abs=0.05)
    assert kyiv.lon == pytest.approx(30.52, abs=0.05)


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("Kharkov", "Kharkiv"),
        ("Odessa", "Odesa"),
        ("Zaporozhye", "Zaporizhzhia"),
        ("Mykolayiv", "Mykolaiv"),
        ("Artemivsk", "Bakhmut"),
        ("Avdiyivka", "Avdiivka"),
        ("Pokrovsk", "Pokrovsk"),
        ("Donbass", "Donbas"),
    ],
)
def test_spelling_variants_resolve_to_one_ukrainian_place(variant: str, canonical: str) -> None:
    place = resolve_place(variant)
    assert place is not None
    assert place == resolve_place(canonical)
    assert (place.name, place.country) == (canonical, "UKR")


def test_kherson_alone_is_the_city_and_with_region_the_oblast() -> None:
    city = resolve_place("Kherson")
    oblast = resolve_place("the Kherson region")
    assert city == Place("Kherson", "UKR", 46.63695, 32.61458)
    assert oblast is not None
    assert (oblast.name, oblast.country) == ("Kherson Oblast", "UKR")


@pytest.mark.parametrize("name", ["the Kursk region", "Kursk Oblast", "Kursk region", "Kursk"])
def test_kursk_is_in_russia(name: str) -> None:
    place = resolve_place(name)
    assert place is not None
    assert place.country == "RUS"


def test_gaza_is_the_strip_and_the_west_bank_is_palestinian() -> None:
    assert resolve_place("Gaza") == Place("Gaza Strip", "PSE", 31.42, 34.38)
    west_bank = resolve_place("the West Bank")
    assert west_bank is not None
    assert west_bank.country == "PSE"


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Washington", "USA"),
        ("the U.S.", "USA"),
        ("Britain", "GBR"),
        ("Crimea", "UKR"),
        ("Darfur", "SDN"),
        ("Istanbul", "TUR"),
        ("Texas", "USA"),
    ],
)
def test_names_resolve_to_their_country(name: str, country: str) -> None:
    place = resolve_place(name)
    assert place is not None
    assert place.country == country


def test_washington_is_the_capital() -> None:
    place = resolve_place("Washington")
    assert place is not None
    assert place.lat == pytest.approx(38.9, abs=0.1)


def test_a_region_across_countries_has_no_country() -> None:
    sahel = resolve_place("the Sahel")
    assert sahel is not None
    assert sahel.country is None


def test_a_region_of_a_known_city_keeps_its_country_without_coordinates() -> None:
    assert resolve_place("the Lviv region") == Place("Lviv region", "UKR")


@pytest.mark.parametrize("name", ["Kyvi", "Narnia", "NATO", "", "the region"])
def test_misspelt_or_unknown_names_resolve_to_nothing(name: str) -> None:
    assert resolve_place(name) is None


def test_name_keys_fold_case_accents_and_the() -> None:
    assert name_key("  The Donbás ") == "donbas"
    assert name_key("Russia's") == "russia"


def test_the_index_is_built_once_and_is_read_only() -> None:
    index = place_index()
    assert place_index() is index
    with pytest.raises(TypeError):
        index.places["atlantis"] = Place("Atlantis")  # type: ignore[index]


def test_find_places_gives_token_offsets_within_the_sentence(nlp: Language) -> None:
    doc = nlp(
        "Talks stalled. In late September, Russia annexed Kherson, and Ukraine later pushed "
        "into the Kursk region."
    )
    sentence = list(doc.sents)[1]
    found = [
        (start, end, sentence[start:end].text, place.country)
        for start, end, place in find_places(sentence)
    ]
    assert found == [
        (4, 5, "Russia", "RUS"),
        (6, 7, "Kherson", "UKR"),
        (9, 10, "Ukraine", "UKR"),
        (13, 16, "the Kursk region", "RUS"),
    ]


def test_find_places_leaves_out_names_that_do_not_resolve(nlp: Language) -> None:
    doc = nlp("Envoys met in Geneva, Switzerland, and later in Middle-earth.")
    names = [place.name for _, _, place in find_places(doc[:])]
    assert names == ["Geneva", "Switzerland"]


def test_the_place_index_is_kept_between_runs(tmp_path: Path) -> None:
    """Built once into the cache folder and looked up there the same; a damaged or foreign
    file is built again."""
    built = load_place_index(tmp_path)
    (kept,) = tmp_path.glob("places-*.sqlite")
    read = load_place_index(tmp_path)
    assert isinstance(read.places, KeptPlaces)
    assert len(read.places) == len(place_index().places) > 100_000
    for name in ("Kiev", "the Kursk Oblast", "Doha", "Sumy", "Middle-earth", "Dnipropetrovsk"):
        assert read.get(name) == built.get(name) == place_index().get(name)
    assert read.get("Kiev") == Place("Kyiv", "UKR", 50.45466, 30.5238)
    kyiv = read.get("Kiev")
    kept.write_bytes(b"SQLite format 3\0 torn")
    assert load_place_index(tmp_path).get("Kiev") == kyiv
    kept.write_bytes(b"")
    assert load_place_index(tmp_path).get("Doha") == place_index().get("Doha")
    assert load_place_index(None) is place_index()


def test_a_kept_index_is_looked_up_from_threads_and_after_a_fork(tmp_path: Path) -> None:
    index = load_place_index(tmp_path)
    with ThreadPoolExecutor(4) as pool:
        found = set(pool.map(lambda _: index.get("Kharkiv"), range(200)))
    assert found == {place_index().get("Kharkiv")}
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # the child looks up with a connection of its own
        os.write(writer, repr(index.get("Odesa")).encode())
        os._exit(0)
    os.waitpid(child, 0)
    assert os.read(reader, 1000).decode() == repr(place_index().get("Odesa"))


@pytest.mark.parametrize(
    ("sentence", "name", "country"),
    [
        # names the small pipeline's recogniser calls persons or organisations, where only a
        # place can stand
        ("Russian artillery pounded Kherson overnight.", "Kherson", "UKR"),
        ("Israeli jets bombed Khan Younis on Tuesday.", "Khan Younis", "PSE"),
        ("Rebels captured Goma in January.", "Goma", "COD"),
        # and one it gives no label at all
        ("Russian drones struck Odesa on Monday.", "Odesa", "UKR"),
    ],
)
def test_a_place_misread_as_a_person_is_a_place_where_only_a_place_can_stand(
    nlp: Language, sentence: str, name: str, country: str
) -> None:
    doc = nlp(sentence)
    found = {(doc[a:b].text, place.country) for a, b, place in find_places(doc[:])}
    assert (name, country) in found, found


def test_a_person_is_no_place(nlp: Language) -> None:
    doc = nlp("Lloyd Austin met Sergei Shoigu in Jakarta on Friday.")
    assert {doc[a:b].text for a, b, _ in find_places(doc[:])} == {"Jakarta"}

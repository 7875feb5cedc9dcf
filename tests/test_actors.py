"""Actor resolution: names, metonyms, demonyms, people with terms of office, descriptors."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from diplowatch.records import Actor
from diplowatch.resolve import find_actor_mentions, load_gazetteer

ZELENSKY_2022 = Actor("person:volodymyr-zelensky", "Volodymyr Zelensky", "UKR", "GOV", "President")


@pytest.mark.parametrize(
    ("text", "actor_id"),
    [
        ("Kyiv", "UKRGOV"),
        ("Kiev", "UKRGOV"),
        ("Moscow", "RUSGOV"),
        ("the Kremlin", "RUSGOV"),
        ("Washington", "USAGOV"),
        ("the Pentagon", "USAMIL"),
        ("Ukrainian", "UKR"),
        ("Russians", "RUS"),
        ("the Russians", "RUS"),
        ("NATO", "NATO"),
        ("the UN", "UN"),
        ("EU", "EU"),
        ("Niger's ruling junta", "NERMIL"),
        ("the Nigerien junta", "NERMIL"),
        ("the Biden administration", "USAGOV"),
        ("U.S. officials", "USAGOV"),
        ("Putin's forces", "RUSMIL"),
        ("pro-Russian bloggers", "pro-RUSMED"),
    ],
)
def test_resolves_names_metonyms_and_groups(text: str, actor_id: str) -> None:
    actor = load_gazetteer().resolve(text, date(2023, 8, 1))
    assert actor is not None and actor.id == actor_id


def test_pentagon_is_the_us_military() -> None:
    assert load_gazetteer().resolve("the Pentagon", None) == Actor(
        "USAMIL", "United States MIL", "USA", "MIL"
    )


def test_lowercase_us_is_not_the_united_states() -> None:
    assert load_gazetteer().resolve("us", None) is None


def test_zelensky_in_office_on_a_date() -> None:
    assert load_gazetteer().resolve("Zelensky", date(2022, 11, 10)) == ZELENSKY_2022


def test_sullivan_is_us_government_during_his_term() -> None:
    assert load_gazetteer().resolve("Jake Sullivan", date(2022, 6, 1)) == Actor(
        "person:jake-sullivan", "Jake Sullivan", "USA", "GOV", "National Security Adviser"
    )


def test_sullivan_after_his_term_keeps_his_country_but_no_office() -> None:
    assert load_gazetteer().resolve("Sullivan", date(2026, 1, 1)) == Actor(
        "person:jake-sullivan", "Jake Sullivan", "USA", None, None
    )


def test_unknown_name_takes_country_and_role_from_descriptor() -> None:
    assert load_gazetteer().resolve("Ukrainian President Ivan Petrenko", None) == Actor(
        "person:ivan-petrenko", "Ivan Petrenko", "UKR", "GOV", "President"
    )


def test_adviser_takes_the_country_of_the_principal() -> None:
    actor = load_gazetteer().resolve("Zelensky adviser Ivan Petrenko", date(2023, 1, 1))
    assert actor == Actor("person:ivan-petrenko", "Ivan Petrenko", "UKR", "GOV", "Adviser")


def test_sentence_with_several_mentions(nlp) -> None:
    doc = nlp(
        "Ukrainian President Volodymyr Zelensky told the Kremlin that Kyiv would not talk, "
        "while U.S. officials and NATO met Niger's ruling junta in Moscow."
    )
    found = [
        (m.start, m.end, m.text, m.actor.id)
        for m in find_actor_mentions(doc, load_gazetteer(), date(2022, 11, 10))
    ]
    assert found == [
        (0, 4, "Ukrainian President Volodymyr Zelensky", "person:volodymyr-zelensky"),
        (6, 7, "Kremlin", "RUSGOV"),
        (8, 9, "Kyiv", "UKRGOV"),
        (14, 16, "U.S. officials", "USAGOV"),
        (17, 18, "NATO", "NATO"),
        (19, 23, "Niger's ruling junta", "NERMIL"),
        (24, 25, "Moscow", "RUSGOV"),
    ]


def test_span_input_gives_doc_offsets(nlp) -> None:
    doc = nlp("Talks stalled. Then Kyiv and Moscow met.")
    sentence = list(doc.sents)[1]
    found = find_actor_mentions(sentence, load_gazetteer(), None)
    assert [(m.start, m.text) for m in found] == [(4, "Kyiv"), (6, "Moscow")]


def test_phrase_matcher_is_built_once_per_vocab(nlp) -> None:
    gazetteer = load_gazetteer()
    assert gazetteer.matchers_for(nlp.vocab) is gazetteer.matchers_for(nlp.vocab)
    assert load_gazetteer() is gazetteer


def test_words_without_a_capital_name_no_one(nlp) -> None:  # type: ignore[no-untyped-def]
    gazetteer = load_gazetteer()
    doc = nlp("The commission said the organization would meet the Commission on Black Friday.")
    mentions = find_actor_mentions(doc, gazetteer, None)
    assert [m.text for m in mentions] == ["Commission"]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # a country's names of several words that name its own word ("Congo")
        ("the Democratic Republic of Congo", "COD"),
        ("DR Congo", "COD"),
        ("Congo Kinshasa", "COD"),
        ("the Republic of Congo", "COG"),
        ("Congo Brazzaville", "COG"),
        ("South Korea", "KOR"),
    ],
)
def test_names_of_several_words_name_their_country(text: str, country: str) -> None:
    actor = load_gazetteer().resolve(text, date(2023, 8, 1))
    assert actor is not None and actor.country == country


def _builder():  # type: ignore[no-untyped-def]
    path = Path(__file__).resolve().parent.parent / "scripts" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("alias", "primary", "kept"),
    [
        ("Congo Kinshasa", "Democratic Republic of the Congo", True),
        ("DR Congo", "Democratic Republic of the Congo", True),
        ("North Kivu", "Democratic Republic of the Congo", False),  # a province
        ("Suriname River", "Suriname", False),  # a landform
        ("Italian Peninsula", "Italy", False),
        ("Republic of Chad", "Democratic Republic of the Congo", False),  # "Republic" alone
    ],
)
def test_the_gazetteer_keeps_a_country_s_names_not_its_places(
    alias: str, primary: str, kept: bool
) -> None:
    assert _builder().is_country_name(alias, primary) is kept


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The US National Security Council met on Monday.", [("US", "USA")]),
        ("The Three Brotherhood Alliance seized the town.", []),
        ("Kenya briefed the Peace and Security Council.", [("Kenya", "KEN")]),
        # the bodies' own names still name them
        ("The UN Security Council met.", [("UN Security Council", "org:un-security-council")]),
        ("Kenya told the Security Council on Monday.",
         [("Kenya", "KEN"), ("Security Council", "org:un-security-council")]),
        ("The Alliance will defend every ally.", [("Alliance", "NATO")]),
    ],
)  # fmt: skip
def test_a_body_s_name_at_the_end_of_a_longer_name_is_not_that_body(
    nlp, text: str, expected: list[tuple[str, str]]
) -> None:  # type: ignore[no-untyped-def]
    """Other bodies' names end with a known body's ("the US National Security Council", "the
    Three Brotherhood Alliance"): the longer name is not the known body."""
    found = find_actor_mentions(nlp(text), load_gazetteer(), date(2024, 1, 1))
    assert [(m.text, m.actor.id) for m in found] == expected


@pytest.mark.parametrize(
    ("text", "on", "country", "role"),
    [
        ("President Luis Abinader", date(2023, 9, 15), "DOM", "President"),
        ("Kim Jong Un", date(2023, 7, 12), "PRK", "Supreme Leader"),
        ("Kassym-Jomart Tokayev", date(2022, 1, 5), "KAZ", "President"),
        ("Gustavo Petro", date(2023, 6, 9), "COL", "President"),
        ("Bola Tinubu", date(2024, 2, 1), "NGA", "President"),
    ],
)
def test_the_leaders_of_every_region_name_their_country(
    nlp, text: str, on: date, country: str, role: str
) -> None:  # type: ignore[no-untyped-def]
    found = find_actor_mentions(nlp(f"{text} spoke."), load_gazetteer(), on)
    assert [(m.actor.country, m.actor.role) for m in found] == [(country, role)]


def test_the_officeholders_table_is_well_formed_and_no_alias_names_two_people() -> None:
    """Every row: a known country or body, dates in order; an alias stands for one person."""
    from diplowatch.resolve.actors import read_table

    codes = {row["code"] for row in read_table("countries.tsv")} | {"XKX", "PSE", "TWN", "VAT"}
    owner: dict[str, str] = {}
    for row in read_table("officeholders.tsv"):
        assert len(row["country"]) >= 2 and row["country"].isupper(), row
        assert row["country"] in codes or row["sector"] in {"IGO", "GOV", "MIL", "OPP"}, row
        start = date.fromisoformat(row["start"]) if row["start"] else None
        end = date.fromisoformat(row["end"]) if row["end"] else None
        assert start is None or end is None or start <= end, row
        for alias in filter(None, (row["name"], *row["aliases"].split("|"))):
            assert owner.setdefault(alias.casefold(), row["name"]) == row["name"], (alias, row)


@pytest.mark.parametrize(
    ("text", "country"),
    [("Namibia", "NAM"), ("Namibian", "NAM"), ("Mauritius", "MUS"), ("Western Sahara", "ESH"),
     ("the Polisario Front", "ESH")],
)  # fmt: skip
def test_states_whose_codes_cameo_also_gives_to_regions_are_states(
    nlp, text: str, country: str
) -> None:  # type: ignore[no-untyped-def]
    """CAMEO's NAM is also North America and its MUS Muslims; Phoenix's actor files use both
    for Namibia and Mauritius. Western Sahara, which Phoenix lacks, is named too."""
    found = find_actor_mentions(nlp(f"{text} spoke."), load_gazetteer(), date(2024, 1, 1))
    assert [m.actor.country for m in found] == [country]

"""Mediation done and offered, read from its own phrase: each pattern on sentences written for
this test (none taken from a development or training set)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from conftest import read_paragraphs
from diplowatch.extract.extractor import Extractor
from diplowatch.records import Position


def _mediations(nlp: Language, extractor: Extractor, *paragraphs: str) -> set[tuple[str, tuple]]:
    positions: list[Position] = read_paragraphs(nlp, extractor, paragraphs).positions
    return {
        (
            p.actor.actor.country if p.actor.actor else "",
            tuple(sorted(c.actor.country for c in p.counterparts if c.actor and c.actor.country)),
        )
        for p in positions
        if p.stance == "mediates"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a "by" agent of a mediating verb, the parties the sides of the clause
        (
            "Kenya and Somalia agreed to reopen their border after talks brokered by Egypt.",
            {("EGY", ("KEN", "SOM"))},
        ),
        (
            "The meeting between Peru and Chile, mediated by Brazil, ended late.",
            {("BRA", ("CHL", "PER"))},
        ),
        # conjoined mediators are each a mediator
        (
            "The truce between Serbia and Kosovo was brokered by Hungary and Austria.",
            {("HUN", ("SRB", "XKX")), ("AUT", ("SRB", "XKX"))},
        ),
        # hosting a meeting is mediation; the place of the talks is not a party
        (
            "Georgia and Armenia held two days of talks in Vienna hosted by Switzerland.",
            {("CHE", ("ARM", "GEO"))},
        ),
        # a hyphen prefix names the mediator
        ("Chad and Niger signed a Qatari-mediated accord on Friday.", {("QAT", ("NER", "TCD"))}),
        # active, and offered
        ("Norway brokered a deal between Colombia and Ecuador.", {("NOR", ("COL", "ECU"))}),
        (
            "Oman has offered to host talks between Iran and Saudi Arabia.",
            {("OMN", ("IRN", "SAU"))},
        ),
        # a relative clause's noun is the doer
        (
            "Nigeria and Ghana thanked Togo, which hosted the summit.",
            {("TGO", ("GHA", "NGA"))},
        ),
        # mediation nouns and the help of a third party
        (
            "Bolivia and Paraguay resumed talks through Uruguayan mediators.",
            {("URY", ("BOL", "PRY"))},
        ),
        (
            "Laos and Thailand reached the agreement with the help of Vietnam.",
            {("VNM", ("LAO", "THA"))},
        ),
    ],
)
def test_a_mediator_and_the_parties(
    nlp: Language, extractor: Extractor, text: str, expected: set
) -> None:
    assert _mediations(nlp, extractor, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Jordan hosted thousands of refugees from Syria.",  # hosting people is no mediation
        "Egypt did not mediate between Sudan and Ethiopia.",  # negated
        "Would Turkey mediate between Greece and Cyprus?",  # a question
    ],
)
def test_what_is_no_mediation(nlp: Language, extractor: Extractor, text: str) -> None:
    assert _mediations(nlp, extractor, text) == set()


def test_a_clause_after_by_is_no_mediator(nlp: Language, extractor: Extractor) -> None:
    text = "Serbia answered a Hungarian offer to mediate talks by claiming Kosovo refuses them."
    mediators = {actor for actor, _parties in _mediations(nlp, extractor, text)}
    assert "SRB" not in mediators and "XKX" not in mediators


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Armenia's prime minister met Azerbaijan's president in Prague on Thursday. The "
         "meeting was hosted by the European Union.", {("EU", ("ARM", "AZE"))}),
        # The dateline is no subject: the parties are those of the lead's own subject.
        ("QUITO, June 10 (Andes Wire) – Peru's government and the Shining Path signed a truce "
         "on Friday. The agreement was brokered by Brazil and Chile, which act as guarantors "
         "alongside Uruguay.", {("BRA", ("PER",)), ("CHL", ("PER",))}),
    ],
)  # fmt: skip
def test_a_meeting_or_deal_told_of_before_is_mediated_between_its_parties(
    nlp: Language, extractor: Extractor, paragraph: str, expected: set[tuple[str, tuple]]
) -> None:
    """ "The meeting was hosted by X": the meeting is the one the sentences before told of, and
    its parties are theirs, not whoever else the sentence names."""
    found = _mediations(nlp, extractor, paragraph)
    assert expected <= found, found


def test_a_readiness_to_host_is_its_holders_offer_and_a_clause_names_no_mediator(
    nlp: Language, extractor: Extractor
) -> None:
    """ "Saying Brazil was ready to host talks": Brazil offers; the nations "that would mediate
    between Russia and Ukraine" are not Russia, whatever the clause inside their phrase names."""
    found = _mediations(
        nlp,
        extractor,
        "Lula promoted a club of neutral nations that would mediate between Russia and Ukraine, "
        "saying Brazil was ready to host talks.",
    )
    assert ("BRA", ("RUS", "UKR")) in found
    assert not any(mediator in {"RUS", "UKR"} for mediator, _ in found), found


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # "together with", "along with", "alongside": those who act with the mediator mediate
        ("Riots shook Georgia after the vote. Armenia's president, together with the leaders "
         "of Poland and Latvia, offered to mediate between the authorities and the "
         "opposition.", {("ARM", ("GEO",)), ("POL", ("GEO",)), ("LVA", ("GEO",))}),
        ("Qatar, along with Egypt, mediated the truce between Israel and Hamas.",
         {("QAT", ("ISR", "PSE")), ("EGY", ("ISR", "PSE"))}),
    ],
)  # fmt: skip
def test_those_who_mediate_together_and_parties_named_by_what_they_are(
    nlp: Language, extractor: Extractor, paragraph: str, expected: set[tuple[str, tuple]]
) -> None:
    """Mediators named as acting with the mediator mediate too; parties named by what they
    are ("the authorities and the opposition") are of the country named before."""
    found = _mediations(nlp, extractor, paragraph)
    assert expected <= found, found


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # hosting hung on the last noun of the meeting's phrase; the sides its nationalities
        ("Talks between American and Russian delegations hosted by Turkey ended on Friday.",
         {("TUR", ("RUS", "USA"))}),
    ],
)  # fmt: skip
def test_hosting_of_a_meeting_named_by_its_delegations(
    nlp: Language, extractor: Extractor, paragraph: str, expected: set[tuple[str, tuple]]
) -> None:
    assert _mediations(nlp, extractor, paragraph) == expected


def test_an_article_before_a_hyphenated_prefix_is_no_mediator(nlp: Language) -> None:
    """ "A US- and French-brokered ceasefire": "US-" is a name, "A" none."""
    from diplowatch.extract.mediation import mediation_readings

    doc = nlp("A US- and French-brokered ceasefire between Israel and Lebanon took effect.")
    words = {t.text for reading in mediation_readings(doc[:]) for t in reading.mediators}
    assert "A" not in words and "French" in words

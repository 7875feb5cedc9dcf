"""Terms, pressure and joint willingness read without a word for talks: each pattern on
sentences written for this test (none taken from a development or training set)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from conftest import read_paragraphs
from diplowatch.evaluation.positions import condition_matches
from diplowatch.extract.extractor import Extractor
from diplowatch.records import Position


def _positions(nlp: Language, extractor: Extractor, text: str) -> list[Position]:
    return read_paragraphs(nlp, extractor, (text,)).positions


def _summary(position: Position) -> tuple[str | None, str, tuple[str | None, ...]]:
    actor = position.actor.actor.country if position.actor.actor else None
    sides = tuple(sorted(str(c.actor.country) for c in position.counterparts if c.actor))
    return actor, position.stance, sides


@pytest.mark.parametrize(
    ("text", "expected", "condition"),
    [
        # a demand as the condition of a deal
        (
            "Hungary will sign the accord with Ukraine only if Kyiv restores minority schools.",
            ("HUN", "conditional", ("UKR",)),
            "Kyiv restores minority schools",
        ),
        (
            "Eritrea said relations with Djibouti would be restored only when the prisoners "
            "were released.",
            ("ERI", "conditional", ("DJI",)),
            "the prisoners were released",
        ),
        (
            "Bolivia said any agreement with Chile must include sovereign access to the sea.",
            ("BOL", "conditional", ("CHL",)),
            "sovereign access to the sea",
        ),
        (
            "Armenia would not accept a settlement with Azerbaijan without international "
            "guarantees.",
            ("ARM", "conditional", ("AZE",)),
            "international guarantees",
        ),
        # a refusal with its limit, never a wish to cooperate
        (
            "Seoul will not resume talks with Pyongyang until the missile tests stop.",
            ("KOR", "refuses", ("PRK",)),
            "the missile tests stop",
        ),
        (
            "There can be no dialogue with Kosovo as long as it arrests Serb officers, "
            "Belgrade said.",
            ("SRB", "refuses", ("XKX",)),
            "it arrests Serb officers",
        ),
        # a condition the parser takes for a preposition's object
        (
            "Somalia said there would be no talks with Kenya until the cancellation of the deal.",
            ("SOM", "refuses", ("KEN",)),
            "the cancellation of the deal",
        ),
        # an armed group and its country's government are two sides
        (
            "Sudan's army chief said he would meet the Rapid Support Forces only after the RSF "
            "withdraws from Omdurman.",
            ("SDN", "conditional", ("SDN",)),
            "the RSF withdraws from Omdurman",
        ),
        # willingness with its limit in the same sentence
        (
            "Morocco was willing to reopen the border with Algeria as long as it stopped "
            "arming the rebels.",
            ("MAR", "conditional", ("DZA",)),
            "it stopped arming the rebels",
        ),
        (
            "Ghana said it was open to talks with Togo, but only if Lome withdraws its troops.",
            ("GHA", "conditional", ("TGO",)),
            "Lome withdraws its troops",
        ),
        # a demand the text calls a condition, where the parser hangs "as a condition" on what
        # is demanded
        (
            "Lebanon demanded the release of its fishermen as a condition for a truce with Israel.",
            ("LBN", "conditional", ("ISR",)),
            "the release of its fishermen",
        ),
        (
            "Niger demanded that Benin reopen the border as a condition for any deal.",
            ("NER", "conditional", ("BEN",)),
            "Benin reopen the border",
        ),
        # a demand that something come first: the thing is the condition
        (
            "Georgia insisted that a withdrawal of troops must come before any talks with Russia.",
            ("GEO", "conditional", ("RUS",)),
            "a withdrawal of troops",
        ),
        # a refusal limited by "while"
        (
            "Cyprus ruled out talks with Turkey while its warships stayed in the zone.",
            ("CYP", "refuses", ("TUR",)),
            "its warships stayed in the zone",
        ),
        (
            "Manila would not hold talks with Beijing while the blockade of the shoal continued.",
            ("PHL", "refuses", ("CHN",)),
            "the blockade of the shoal continued",
        ),
    ],
)
def test_terms_set_on_an_act(
    nlp: Language, extractor: Extractor, text: str, expected: tuple, condition: str
) -> None:
    positions = [p for p in _positions(nlp, extractor, text) if _summary(p) == expected]
    assert positions, [_summary(p) for p in _positions(nlp, extractor, text)]
    assert any(condition_matches(condition, c) for p in positions for c in p.conditions)


def test_a_demand_called_a_condition_is_no_pressure(nlp: Language, extractor: Extractor) -> None:
    text = "Niger demanded that Benin reopen the border as a condition for any deal."
    assert [p.stance for p in _positions(nlp, extractor, text)] == ["conditional"]


def test_while_limits_no_willingness(nlp: Language, extractor: Extractor) -> None:
    """ "While" is concessive with a willingness: no condition."""
    text = "Chad said it was ready to talk with Sudan while the fighting went on."
    assert [p.conditions for p in _positions(nlp, extractor, text) if p.stance == "open"] == [()]


def test_a_condition_only_narrated_is_no_term(nlp: Language, extractor: Extractor) -> None:
    text = "Fighting between Mali and Niger stopped only after the rains began."
    assert [p for p in _positions(nlp, extractor, text) if p.conditions] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sweden urged Hungary to reconsider its veto.", ("SWE", "urges", ("HUN",))),
        (
            "The EU called on Serbia and Kosovo to respect the deal.",
            ("EU", "urges", ("SRB", "XKX")),
        ),
        ("Canada pressed India to cooperate with the inquiry.", ("CAN", "urges", ("IND",))),
        ("Norway demanded that Russia release the crew.", ("NOR", "urges", ("RUS",))),
        ("Ghana appealed to Mali to reconsider its decision.", ("GHA", "urges", ("MLI",))),
    ],
)
def test_pressure_on_a_party_to_act(
    nlp: Language, extractor: Extractor, text: str, expected: tuple
) -> None:
    assert expected in [_summary(p) for p in _positions(nlp, extractor, text)]


def test_a_negated_pressure_is_none(nlp: Language, extractor: Extractor) -> None:
    text = "Sweden did not urge Hungary to reconsider its veto."
    assert "urges" not in [p.stance for p in _positions(nlp, extractor, text)]


def test_actors_named_together_each_hold_the_stance(nlp: Language, extractor: Extractor) -> None:
    found = {
        _summary(p) for p in _positions(nlp, extractor, "Chile and Peru agreed to meet again.")
    }
    assert {("CHL", "open", ("PER",)), ("PER", "open", ("CHL",))} <= found


def test_both_sides_are_the_two_parties_named_before(nlp: Language, extractor: Extractor) -> None:
    text = "Laos and Cambodia held talks in Hanoi. Both sides agreed to meet again next week."
    found = {_summary(p) for p in _positions(nlp, extractor, text)}
    assert {("LAO", "open", ("KHM",)), ("KHM", "open", ("LAO",))} <= found
    assert all("VNM" not in (actor, *sides) for actor, _stance, sides in found)


def test_third_parties_named_together_each_press(nlp: Language, extractor: Extractor) -> None:
    text = "Spain and Italy urged Morocco to resume the talks."
    found = {_summary(p) for p in _positions(nlp, extractor, text)}
    assert {("ESP", "urges", ("MAR",)), ("ITA", "urges", ("MAR",))} <= found


def test_pressure_on_both_sides_is_toward_the_two_named_before(
    nlp: Language, extractor: Extractor
) -> None:
    text = (
        "Clashes between Kenya and Somalia went on. Turkey urged both sides to exercise restraint."
    )
    found = {_summary(p) for p in _positions(nlp, extractor, text)}
    assert ("TUR", "urges", ("KEN", "SOM")) in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Manila remained committed to talks with Beijing.", ("PHL", "open", ("CHN",))),
        (
            "Chile said it was ready to settle the dispute with Peru through diplomatic channels.",
            ("CHL", "open", ("PER",)),
        ),
        (
            "The AU remained committed to a negotiated solution with Niger.",
            ("AU", "open", ("NER",)),
        ),
    ],
)
def test_willingness_toward_a_negotiated_solution(
    nlp: Language, extractor: Extractor, text: str, expected: tuple
) -> None:
    assert expected in [_summary(p) for p in _positions(nlp, extractor, text)]


@pytest.mark.parametrize(
    "text",
    [
        "Serbia said it would no longer hold talks with Kosovo.",
        "Serbia will not hold talks with Kosovo.",
    ],
)
def test_a_negated_intention_to_talk_is_a_refusal(
    nlp: Language, extractor: Extractor, text: str
) -> None:
    found = [_summary(p) for p in _positions(nlp, extractor, text)]
    assert ("SRB", "refuses", ("XKX",)) in found
    assert all(stance != "open" for _actor, stance, _sides in found)

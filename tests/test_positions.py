"""Negotiating positions from parsed sentences, written for each rule (none from the seeds),
and the ledger they make."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from spacy.language import Language

from conftest import read_paragraphs
from diplowatch.evaluation.positions import condition_matches
from diplowatch.extract.extractor import Extractor
from diplowatch.linking.ledger import ledgers, shifts
from diplowatch.records import Position


def _positions(
    nlp: Language, extractor: Extractor, *paragraphs: str, page: str = "test.txt", published=None
) -> list[Position]:  # type: ignore[no-untyped-def]
    return read_paragraphs(nlp, extractor, paragraphs, page=page, published=published).positions


def _summary(position: Position) -> tuple[str | None, str, list[str | None]]:
    actor = position.actor.actor.country if position.actor.actor else None
    sides = [side.actor.country if side.actor else None for side in position.counterparts]
    return actor, position.stance, sorted(sides, key=str)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Kremlin said Moscow remains open to talks with Kyiv.", ("RUS", "open", ["UKR"])),
        ("Iran rejected direct negotiations with the United States.", ("IRN", "refuses", ["USA"])),
        ("North Korea has repeatedly refused to hold talks with South Korea.",
         ("PRK", "refuses", ["KOR"])),
        ("Qatar offered to mediate between Russia and Ukraine.",
         ("QAT", "mediates", ["RUS", "UKR"])),
        ("Turkish President Recep Tayyip Erdogan has offered to host talks between Moscow and "
         "Kyiv.", ("TUR", "mediates", ["RUS", "UKR"])),
        ("UN Secretary-General Antonio Guterres urged Armenia and Azerbaijan to resume "
         "negotiations.", ("UN", "urges", ["ARM", "AZE"])),
        # an offer turned down, calls rebuffed: refusals
        ("Eritrea turned down an offer of talks with Ethiopia.", ("ERI", "refuses", ["ETH"])),
        ("Belarus rebuffed calls for dialogue with Lithuania.", ("BLR", "refuses", ["LTU"])),
        # an intention, and none
        ("Hungary has expressed its intention to hold talks with Ukraine.",
         ("HUN", "open", ["UKR"])),
        ("Laos has no intention of talking to Thailand.", ("LAO", "refuses", ["THA"])),
        # readiness denied through the copula
        ("Georgia's foreign minister said Tbilisi was not ready to negotiate with Moscow.",
         ("GEO", "refuses", ["RUS"])),
    ],
)  # fmt: skip
def test_stances_toward_talks(
    nlp: Language, extractor: Extractor, sentence: str, expected: tuple[object, ...]
) -> None:
    (position,) = _positions(nlp, extractor, sentence)
    assert _summary(position) == expected
    assert position.issue == "talks"
    assert position.evidence in position.sentence


def test_a_ceasefire_is_its_own_issue(nlp: Language, extractor: Extractor) -> None:
    (position,) = _positions(nlp, extractor, "Ukraine ruled out any ceasefire with Russia.")
    assert (_summary(position), position.issue) == (("UKR", "refuses", ["RUS"]), "ceasefire")


def test_a_condition_makes_willingness_conditional(nlp: Language, extractor: Extractor) -> None:
    (position,) = _positions(
        nlp,
        extractor,
        "Israel said it would agree to a ceasefire with Hamas only if all hostages are released.",
    )
    assert position.stance == "conditional"
    assert position.conditions == ("all hostages are released",)


def test_refusing_until_something_changes_is_a_refusal_with_its_condition(
    nlp: Language, extractor: Extractor
) -> None:
    (position,) = _positions(
        nlp, extractor, "Hamas will not negotiate with Israel until the bombing stops."
    )
    assert _summary(position) == ("PSE", "refuses", ["ISR"])
    assert position.conditions == ("the bombing stops",)


def test_talking_only_with_someone_else_is_a_refusal(nlp: Language, extractor: Extractor) -> None:
    (position,) = _positions(
        nlp, extractor, "Armenia will only negotiate with the next government of Azerbaijan."
    )
    assert _summary(position) == ("ARM", "refuses", ["AZE"])
    assert position.conditions == ("the next government of Azerbaijan",)


def test_listed_preconditions_complete_the_position_before(
    nlp: Language, extractor: Extractor
) -> None:
    (position,) = _positions(
        nlp,
        extractor,
        "On March 3, Serbia said it was ready for dialogue with Kosovo. Its conditions for "
        "talks are the withdrawal of special police, an amnesty for protesters and "
        "guarantees for the Serb municipalities.",
    )
    assert _summary(position) == ("SRB", "conditional", ["XKX"])
    assert len(position.conditions) == 3
    assert position.conditions[0] == "the withdrawal of special police"
    assert position.date is not None and position.date.start == date(2024, 3, 3)


@pytest.mark.parametrize(
    "sentence",
    [
        "Talks between the two sides are expected to resume next week.",
        "Analysts say negotiations are unlikely before spring.",
        "If Russia is willing to negotiate, the war could end.",
        "Is Ukraine ready for talks with Russia?",
        "The diplomats discussed the negotiations over lunch.",
        "But that's how talks start.",
        "Poland's preconditions for talks will be hard to achieve at the table.",
        "Washington insists its message was not an attempt to push Ukraine to the negotiating "
        "table.",
        "The administration had ruled out the idea of pushing Ukraine to the negotiating table.",
    ],
)
def test_mentions_of_talks_are_no_positions(
    nlp: Language, extractor: Extractor, sentence: str
) -> None:
    assert _positions(nlp, extractor, sentence) == []


def test_pressure_takes_in_what_it_presses_for(nlp: Language, extractor: Extractor) -> None:
    """ "Urged X to signal an openness to negotiate" is the urger's position, not X's."""
    (position,) = _positions(
        nlp,
        extractor,
        "France urged Serbia to signal an openness to negotiate with Kosovo.",
    )
    assert _summary(position) == ("FRA", "urges", ["SRB"])


def test_positions_of_several_pages_make_one_ledger_in_any_order(
    nlp: Language, extractor: Extractor
) -> None:
    first = _positions(
        nlp, extractor, "On March 1, Iran rejected talks with the United States.", page="a.txt"
    )
    second = _positions(
        nlp,
        extractor,
        "On March 10, Iran said it was ready for talks with the United States.",
        page="b.txt",
    )
    third = _positions(
        nlp,
        extractor,
        "On March 12, Iran said it was ready for talks with the United States only if "
        "sanctions are lifted.",
        page="c.txt",
    )
    for order in (first + second + third, third + first + second, second + third + first):
        (ledger,) = ledgers(order).values()
        assert [p.stance for p in ledger] == ["refuses", "open", "conditional"]
        found = shifts(order)
        assert [(s.before.stance, s.after.stance) for s in found] == [
            ("refuses", "open"),
            ("open", "conditional"),
        ]
        assert [s.date.start for s in found if s.date] == [date(2024, 3, 10), date(2024, 3, 12)]


def test_an_undated_position_stands_in_its_articles_narrative(
    nlp: Language, extractor: Extractor
) -> None:
    (dated, undated) = _positions(
        nlp,
        extractor,
        "On February 2, Iran rejected talks with the United States.",
        "Later, Iran said it was ready for talks with the United States.",
        published=date(2024, 3, 14),
    )
    assert undated.date is None and undated.placed == date(2024, 2, 2)
    assert dated.placed == date(2024, 2, 2)
    late = dataclasses.replace(undated, page="z.txt")
    assert [p.stance for p in next(iter(ledgers([late, dated]).values()))] == ["refuses", "open"]


def test_conditions_match_on_most_of_their_content_words() -> None:
    assert condition_matches(
        "restoration of Ukraine's territorial integrity",
        "restoration of (Ukraine's) territorial integrity",
    )
    assert not condition_matches("compensation for all war damage", "punishment for war crimes")


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Rwanda and Burundi signed a truce in Nairobi. Kenya's president, who chaired the "
            "meeting, said more talks would follow. The United States urged both sides to "
            "respect the truce.",
            {("USA", "urges", ("BDI", "RWA"))},
        ),
        (
            "Guatemala's foreign minister met his Belizean counterpart in Mexico City, where "
            "Mexico hosted the meeting. Both sides said they were ready to resume talks on the "
            "border.",
            {("GTM", "open", ("BLZ",)), ("BLZ", "open", ("GTM",))},
        ),
    ],
)
def test_both_sides_are_the_last_two_parties_named_together(
    nlp: Language,
    extractor: Extractor,
    paragraph: str,
    expected: set[tuple[str, str, tuple[str, ...]]],
) -> None:
    """ "Both sides" after a mediator, a host or a place was named: still the two parties."""
    positions = _positions(nlp, extractor, paragraph)
    found = {(actor, stance, tuple(sides)) for actor, stance, sides in map(_summary, positions)}
    assert expected <= found, found
    assert len({p.id for p in positions}) == len(positions)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Armenia and Azerbaijan traded fire on their border overnight. France and Germany "
         "urged both sides to return to talks.",
         {("FRA", "urges", ("ARM", "AZE")), ("DEU", "urges", ("ARM", "AZE"))}),
        ("Government troops clashed with rebels near the capital of Chad, N'Djamena, the army "
         "said. The European Union and the African Union urged both camps to lay down arms.",
         {("EU", "urges", ("TCD", "TCD")), ("AU", "urges", ("TCD", "TCD"))}),
    ],
)  # fmt: skip
def test_those_who_urge_together_are_never_each_others_side(
    nlp: Language, extractor: Extractor, paragraph: str, expected: set[tuple[str, str, tuple]]
) -> None:
    """Co-subjects of an urging each urge the pair "both sides" stands for; the pair is never
    made of one of them. One country's two camps are its pair where no other is named."""
    found = {
        (actor, stance, tuple(sides))
        for actor, stance, sides in map(_summary, _positions(nlp, extractor, paragraph))
    }
    assert expected <= found, found
    holders = {actor for actor, _, _ in expected}
    assert not any(holders & set(sides) for actor, _, sides in found if actor in holders)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # A state's body named by what it is: the other country named in the clause.
        ("Kenya recalled Somalia's envoy on Friday and urged the junta to end the raids.",
         ("KEN", "urges", ["SOM"])),
        # ... or the one named last before it.
        ("Ecuador's army seized a ship off the coast. Peru urged the authorities to free the "
         "crew.", ("PER", "urges", ["ECU"])),
        # "them": the parties named before, the urger aside.
        ("Serbian police and Serbian protesters clashed in Novi Sad. Germany urged them to "
         "return to dialogue.", ("DEU", "urges", ["SRB", "SRB"])),
    ],
)  # fmt: skip
def test_pressure_on_parties_left_unnamed_is_on_the_state_the_context_names(
    nlp: Language, extractor: Extractor, paragraph: str, expected: tuple
) -> None:
    found = [_summary(p) for p in _positions(nlp, extractor, paragraph)]
    assert expected in found, found


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Japan's foreign ministry said the plan could not go ahead and urged Beijing to "
         "withdraw its ships.", ("JPN", "urges", ["CHN"])),
        ("Chile said the border could not reopen this week and urged Bolivia to resume talks.",
         ("CHL", "urges", ["BOL"])),
    ],
)  # fmt: skip
def test_a_finite_verb_joined_to_a_modals_is_a_fact_of_the_sentences_subject(
    nlp: Language, extractor: Extractor, paragraph: str, expected: tuple
) -> None:
    """ "X said A could not go ahead and urged B": the parse hangs "urged" under "could", but a
    modal governs a bare verb only; the urging is a fact, and X's."""
    found = [_summary(p) for p in _positions(nlp, extractor, paragraph)]
    assert expected in found, found


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Serbia will not negotiate with Kosovo.", ("SRB", "refuses", ["XKX"])),
        ("Peru said it would not negotiate with Bolivia.", ("PER", "refuses", ["BOL"])),
    ],
)
def test_a_negated_will_to_talk_is_a_refusal_once(
    nlp: Language, extractor: Extractor, sentence: str, expected: tuple
) -> None:
    """ "Will not negotiate" is willingness negated once: a refusal, never turned back into
    openness by reading the negation twice."""
    found = [_summary(p) for p in _positions(nlp, extractor, sentence)]
    assert found == [expected], found


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Chilean officials said they were ready to resume talks with Lima, provided the "
         "tariffs were lifted.", ("CHL", "conditional", ["PER"], "the tariffs were lifted")),
        ("Armenia is open to talks with Azerbaijan provided that its troops pull back.",
         ("ARM", "conditional", ["AZE"], "its troops pull back")),
    ],
)  # fmt: skip
def test_provided_sets_terms_however_it_is_parsed(
    nlp: Language, extractor: Extractor, sentence: str, expected: tuple
) -> None:
    actor, stance, sides, condition = expected
    found = [(*_summary(p), p.conditions) for p in _positions(nlp, extractor, sentence)]
    assert (actor, stance, sides, (condition,)) in found, found


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Kenya and Uganda agreed on Monday to resume regular visits by their ministers.",
         [("KEN", "open", ["UGA"]), ("UGA", "open", ["KEN"])]),
        ("Iran suspended cooperation with the IAEA on Wednesday.",
         [("IRN", "refuses", ["IAEA"])]),
    ],
)  # fmt: skip
def test_visits_and_cooperation_are_dealings_a_party_takes_a_stance_on(
    nlp: Language, extractor: Extractor, sentence: str, expected: list[tuple]
) -> None:
    found = [_summary(p) for p in _positions(nlp, extractor, sentence)]
    assert sorted(found) == expected, found


def test_what_a_condition_names_is_no_position_of_its_own(
    nlp: Language, extractor: Extractor
) -> None:
    """ "Open to working with Peru, but only if it cooperated with the inquiry": the
    cooperation is the term, and "only ... with the inquiry" no refusal."""
    sentence = (
        "Chile's president said Chile was open to working with Peru, but only if it cooperated "
        "with the inquiry."
    )
    found = [(*_summary(p), p.conditions) for p in _positions(nlp, extractor, sentence)]
    assert found == [("CHL", "conditional", ["PER"], ("it cooperated with the inquiry",))]


def test_a_stance_with_no_counterpart_in_its_sentence_is_toward_the_one_named_before(
    nlp: Language, extractor: Extractor
) -> None:
    """ "Lithuania said the crossings would reopen only if the flights stopped": toward Belarus,
    named in the sentence before, though not as its subject."""
    paragraph = (
        "Drones from Belarus crossed the border on Monday, officials said. Lithuania said the "
        "crossings would reopen only if the flights stopped."
    )
    found = [(*_summary(p), p.conditions) for p in _positions(nlp, extractor, paragraph)]
    assert ("LTU", "conditional", ["BLR"], ("the flights stopped",)) in found, found


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # rejecting others' calls for talks refuses them; refusing to press is no position
        ("Peru rejected calls for talks with Chile.", [("PER", "refuses", ["CHL"])]),
        ("Washington ruled out pushing Ukraine to the negotiating table.", []),
        # talks a party says will go on are its will to talk; news of others' talks is none
        ("Chile said cooperation with Peru would continue.", [("CHL", "open", ["PER"])]),
        ("Talks between Israel and Hamas will resume next week, Qatar said.", []),
        # a truce agreed is the deal made; a readiness to agree one is a will to
        ("Armenia and Azerbaijan agreed on Friday to a ceasefire.", []),
        ("Armenia is ready to agree to a ceasefire with Azerbaijan.", [("ARM", "open", ["AZE"])]),
    ],
)
def test_what_a_stance_word_states_depends_on_what_it_governs(
    nlp: Language, extractor: Extractor, sentence: str, expected: list[tuple]
) -> None:
    assert [_summary(p) for p in _positions(nlp, extractor, sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Peru and Chile agreed to keep talking until they found a way to reopen the port.",
         [("CHL", "open", ["PER"], ()), ("PER", "open", ["CHL"], ())]),
        ("Bolivia will keep talking to Chile until a deal is reached.",
         [("BOL", "open", ["CHL"], ())]),
        ("Peru invited Chile to resume negotiations.", [("PER", "open", ["CHL"], ())]),
    ],
)  # fmt: skip
def test_talks_kept_going_until_something_are_a_will_to_talk_without_terms(
    nlp: Language, extractor: Extractor, sentence: str, expected: list[tuple]
) -> None:
    """ "Keep talking until X": how long the talks go on, no condition of them; an invitation
    to talk is a will to."""
    found = [(*_summary(p), p.conditions) for p in _positions(nlp, extractor, sentence)]
    assert sorted(found) == expected


def test_those_who_set_terms_together_each_hold_them_toward_the_other_side(
    nlp: Language, extractor: Extractor
) -> None:
    """ "Britain, France and Germany said they remained open to a solution, but only if Iran
    ...": each of the three is open on Iran's terms; none is another's side."""
    sentence = (
        "Britain, France and Germany said they remained open to a diplomatic solution, but only "
        "if Iran resumes full cooperation with IAEA inspectors."
    )
    found = sorted(_summary(p) for p in _positions(nlp, extractor, sentence))
    assert found == [
        ("DEU", "conditional", ["IRN"]),
        ("FRA", "conditional", ["IRN"]),
        ("GBR", "conditional", ["IRN"]),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Senegal's president said he was ready to talk to the opposition.",
         ("SEN", "open", ["SEN"])),
        ("The Congolese government ruled out any talks with the rebels.",
         ("COD", "refuses", ["COD"])),
        ("Bolivia's interior minister urged the rebels to join a dialogue.",
         ("BOL", "urges", ["BOL"])),
    ],
)  # fmt: skip
def test_the_other_side_of_a_countrys_own_conflict_named_by_what_it_is(
    nlp: Language, extractor: Extractor, sentence: str, expected: tuple[object, ...]
) -> None:
    """ "The rebels", "the opposition": a bare word for the side facing the
    holder in its own country's conflict is of the holder's country; "he" may be the holder
    named by office only ("Senegal's president")."""
    assert [_summary(p) for p in _positions(nlp, extractor, sentence)] == [expected]


def test_a_country_s_own_body_in_a_condition_is_no_counterpart(
    nlp: Language, extractor: Extractor
) -> None:
    positions = _positions(
        nlp,
        extractor,
        "Hungary said it would back Finland's bid only if Helsinki cracked down on the militants.",
    )
    assert all("HUN" not in _summary(p)[2] for p in positions), [_summary(p) for p in positions]


def test_he_may_be_a_holder_named_by_office_only(nlp: Language, extractor: Extractor) -> None:
    positions = _positions(
        nlp, extractor, "Malawi's foreign minister said he was willing to hold talks with Zambia."
    )
    assert [_summary(p) for p in positions] == [("MWI", "open", ["ZMB"])]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Sudan's army shelled Omdurman again. Kenya's president urged the generals to return to "
        "talks in Jeddah.",
        # an organisation named last has no generals: the state before it does
        "Sudan's army shelled Omdurman again. IGAD leaders met in Djibouti, and Kenya's "
        "president urged the generals to return to talks.",
    ],
)
def test_the_generals_pressed_are_the_states_named_before(
    nlp: Language, extractor: Extractor, paragraph: str
) -> None:
    """ "Urged the generals", "appealed to the juntas": a state's body, whose state is the one
    named last before, never an organisation of states."""
    urges = [_summary(p) for p in _positions(nlp, extractor, paragraph) if p.stance == "urges"]
    assert urges == [("KEN", "urges", ["SDN"])]


def test_the_three_governments_are_the_three_named_together(
    nlp: Language, extractor: Extractor
) -> None:
    """ "The three governments will ...": each of the last three parties named together holds
    the position, with its terms."""
    positions = _positions(
        nlp,
        extractor,
        "Sweden, Finland and Denmark summoned Russia's envoys on Monday over the drone flights. "
        "The three governments will resume talks with Moscow only if the flights stop.",
    )
    summaries = sorted(_summary(p) for p in positions)
    assert summaries == [
        ("DNK", "conditional", ["RUS"]),
        ("FIN", "conditional", ["RUS"]),
        ("SWE", "conditional", ["RUS"]),
    ]
    assert all(p.conditions for p in positions)
    assert len({p.id for p in positions}) == 3


def test_welcoming_talks_between_two_others_is_no_stance(
    nlp: Language, extractor: Extractor
) -> None:
    """A bystander welcoming others' talks holds no stance toward either; a party to the talks
    named between them does."""
    assert not _positions(
        nlp, extractor, "Oman welcomed the resumption of talks between Egypt and Ethiopia."
    )
    positions = _positions(
        nlp, extractor, "Egypt said it was ready for talks between Egypt and Ethiopia."
    )
    assert [_summary(p) for p in positions] == [("EGY", "open", ["ETH"])]

"""The event-trigger lexicon (``extract/lexicon.py``) on sentences written for these tests."""

from __future__ import annotations

import dataclasses
from importlib import resources
from pathlib import Path

import pytest
from spacy.language import Language

from diplowatch.extract.lexicon import EventLexicon, Trigger, find_triggers, load_lexicon

EVENT_TYPES = (
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST "
    "SANCTION MOBILIZE COERCE ASSAULT".split()
)


def triggers(nlp: Language, text: str) -> list[Trigger]:
    doc = nlp(text)
    return find_triggers(doc[:], load_lexicon())


def trigger_at(nlp: Language, text: str, head_word: str) -> Trigger:
    doc = nlp(text)
    found = [t for t in find_triggers(doc[:], load_lexicon()) if doc[t.head].text == head_word]
    assert found, f"no trigger headed by {head_word!r} in {text!r}"
    return found[0]


VERB_CASES = [
    ("Turkey agreed to host the next round of negotiations.", "agreed", "AGREE", "agreed to"),
    ("Lavrov met Wang Yi in Beijing on Monday.", "met", "CONSULT", "met"),
    ("France praised the agreement.", "praised", "SUPPORT", "praised"),
    (
        "The government relaxed the rules on grain exports.",
        "relaxed",
        "CONCEDE",
        "relaxed the rules",
    ),
    ("The two navies will cooperate in the Black Sea.", "cooperate", "COOPERATE", "cooperate"),
    ("Germany sent tanks to Ukraine.", "sent", "AID", "sent tanks"),
    (
        "Russia released fifty prisoners on Friday.",
        "released",
        "RETREAT",
        "released fifty prisoners",
    ),
    ("Biden urged Zelensky to consider negotiations.", "urged", "REQUEST", "urged Zelensky to"),
    ("Kyiv accused Moscow of shelling the plant.", "accused", "ACCUSE", "accused Moscow of"),
    ("The Kremlin dismissed the proposal.", "dismissed", "REJECT", "dismissed the proposal"),
    ("Putin threatened to cut gas supplies.", "threatened", "THREATEN", "threatened to"),
    ("Thousands protested in Tbilisi.", "protested", "PROTEST", "protested"),
    (
        "The EU imposed new sanctions on Russian banks.",
        "imposed",
        "SANCTION",
        "imposed new sanctions",
    ),
    ("Russia mobilized reservists last autumn.", "mobilized", "MOBILIZE", "mobilized"),
    ("Police arrested the activists.", "arrested", "COERCE", "arrested the activists"),
    ("The army attacked Kharkiv overnight.", "attacked", "ASSAULT", "attacked"),
]


@pytest.mark.parametrize(("text", "head", "event_type", "span"), VERB_CASES)
def test_each_event_type_has_a_verb_trigger(
    nlp: Language, text: str, head: str, event_type: str, span: str
) -> None:
    trigger = trigger_at(nlp, text, head)
    assert (trigger.type, trigger.text, trigger.pos) == (event_type, span, "VERB")


def test_verb_cases_cover_all_sixteen_types() -> None:
    assert sorted({case[2] for case in VERB_CASES}) == sorted(EVENT_TYPES)


NOMINAL_CASES = [
    ("Talks between Russia and Ukraine resumed in Istanbul.", "Talks", "CONSULT", "Talks"),
    ("A visit by the Chinese envoy is planned for May.", "visit", "CONSULT", "visit"),
    ("Turkey made an offer to mediate.", "offer", "CONSULT", "offer to mediate"),
    ("The withdrawal from Kherson ended on Friday.", "withdrawal", "RETREAT", "withdrawal from"),
    ("Zelensky said Ukraine is open to diplomacy.", "open", "AGREE", "open to diplomacy"),
    ("Moscow is ready for dialogue, the Kremlin said.", "ready", "AGREE", "ready for dialogue"),
    ("Hungary is willing to engage with Russia.", "willing", "AGREE", "willing to engage"),
    ("The invasion of Ukraine began in February.", "invasion", "ASSAULT", "invasion"),
    ("Russia's annexation of Crimea was illegal.", "annexation", "COERCE", "annexation"),
    ("New sanctions on Iran were announced.", "sanctions", "SANCTION", "sanctions on"),
]


@pytest.mark.parametrize(("text", "head", "event_type", "span"), NOMINAL_CASES)
def test_nominal_and_willingness_triggers(
    nlp: Language, text: str, head: str, event_type: str, span: str
) -> None:
    trigger = trigger_at(nlp, text, head)
    assert (trigger.type, trigger.text) == (event_type, span)


def test_cut_diplomatic_ties_is_sanction_with_code_and_goldstein(nlp: Language) -> None:
    trigger = trigger_at(nlp, "Georgia cut diplomatic ties with Russia in 2008.", "cut")
    assert dataclasses.astuple(trigger) == (
        1,
        4,
        1,
        "cut diplomatic ties",
        "SANCTION",
        "discontinue",
        "161",
        -4.0,
        "VERB",
    )


def test_an_offer_to_mediate_is_third_party_consultation(nlp: Language) -> None:
    trigger = trigger_at(nlp, "Turkey made an offer to mediate.", "offer")
    assert (trigger.cameo, trigger.goldstein, trigger.pos) == ("045", 5.0, "NOUN")
    assert (trigger.type, trigger.mode) == ("CONSULT", "third-party")


def test_aid_by_weapon_delivery_has_military_mode(nlp: Language) -> None:
    trigger = trigger_at(nlp, "Germany sent tanks to Ukraine.", "sent")
    assert (trigger.mode, trigger.cameo, trigger.goldstein) == ("military", "072", 8.3)


def test_decree_banning_negotiations_is_only_a_rejection(nlp: Language) -> None:
    found = triggers(nlp, "Zelensky signed a decree banning negotiations with Putin.")
    assert [(t.text, t.type, t.mode, t.cameo) for t in found] == [
        ("banning negotiations", "REJECT", "meet", "125")
    ]


def test_pushed_to_the_negotiating_table_is_a_request_to_meet(nlp: Language) -> None:
    trigger = trigger_at(
        nlp, "Western officials pushed Ukraine to the negotiating table.", "pushed"
    )
    assert (trigger.type, trigger.mode, trigger.cameo) == ("REQUEST", "meet", "106")
    assert trigger.text == "pushed Ukraine to the negotiating table"


def test_called_on_is_a_request_and_the_requested_act_its_own_trigger(nlp: Language) -> None:
    found = triggers(nlp, "The US called on Russia to withdraw its troops.")
    assert [(t.text, t.type) for t in found] == [
        ("called on", "REQUEST"),
        ("withdraw its troops", "RETREAT"),
    ]


def test_charged_and_blamed_are_accusations(nlp: Language) -> None:
    charged = trigger_at(nlp, "Ukraine charged the officer with treason.", "charged")
    blamed = trigger_at(nlp, "The US blamed Iran for the attack.", "blamed")
    assert (charged.type, charged.mode) == ("ACCUSE", "allege")
    assert blamed.type == "ACCUSE"


def test_ceasefire_taking_effect_is_one_retreat(nlp: Language) -> None:
    found = triggers(nlp, "A ceasefire took effect on Sunday.")
    assert [(t.text, t.type, t.mode) for t in found] == [("ceasefire", "RETREAT", "ceasefire")]


def test_longest_pattern_wins_and_inner_words_are_not_triggers(nlp: Language) -> None:
    found = triggers(nlp, "Turkey made an offer to mediate.")
    assert [(t.text, t.type) for t in found] == [("offer to mediate", "CONSULT")]


def test_one_trigger_per_head(nlp: Language) -> None:
    found = triggers(nlp, "Kyiv accused Moscow of shelling the plant and called for talks.")
    heads = [t.head for t in found]
    assert len(heads) == len(set(heads))


def test_offsets_are_doc_offsets_in_a_later_sentence(nlp: Language) -> None:
    doc = nlp("It rained. Georgia cut diplomatic ties with Russia.")
    sentence = list(doc.sents)[1]
    trigger = find_triggers(sentence, load_lexicon())[0]
    assert doc[trigger.start : trigger.end].text == "cut diplomatic ties"
    assert doc[trigger.head].text == "cut"


def test_sentence_without_event_words_has_no_trigger(nlp: Language) -> None:
    assert triggers(nlp, "The weather in Kyiv was cold and grey.") == []


def test_lexicon_is_loaded_once_and_immutable() -> None:
    first = load_lexicon()
    assert load_lexicon() is first
    assert load_lexicon(Path("/nonexistent")) is first  # one a process, wherever it is kept
    assert isinstance(first, EventLexicon)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.patterns = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        first.patterns[("VERB", "x")] = ()  # type: ignore[index]


def test_matching_reuses_the_lexicon_index(nlp: Language) -> None:
    lexicon = load_lexicon()
    index = lexicon.patterns
    triggers(nlp, "Lavrov met Wang Yi in Beijing on Monday.")
    assert load_lexicon().patterns is index


def test_lexicon_holds_all_sources_and_types() -> None:
    groups = load_lexicon().patterns.values()
    patterns = [pattern for group in groups for pattern in group]
    assert {p.source for p in patterns} == {"cameo", "codebook", "curated"}
    assert {p.type for p in patterns} - {"-"} == set(EVENT_TYPES)
    assert {p.pos for p in patterns} == {"VERB", "NOUN", "ADJ"}


@pytest.mark.parametrize(
    "name", ["verbs.tsv", "nouns.tsv", "adjectives.tsv", "curated.tsv", "goldstein.tsv"]
)
def test_data_files_state_source_and_licence(name: str) -> None:
    text = resources.files("diplowatch.data").joinpath("events", name).read_text("utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#")).lower()
    assert "source" in header or "cameo:" in header
    assert "licence" in header


def test_a_noun_in_a_phrase_is_never_read_as_a_verb(nlp: Language) -> None:
    found = triggers(nlp, "The preconditions will be hard to achieve at the table.")
    assert "table" not in [t.text for t in found]


def test_being_in_contact_is_consultation(nlp: Language) -> None:
    found = triggers(nlp, "The envoy has been in contact with his Iranian counterpart.")
    assert [(t.text, t.type) for t in found] == [("contact", "CONSULT")]

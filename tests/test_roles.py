"""Sources and targets of events from the dependency parse."""

from __future__ import annotations

import pytest
from spacy.language import Language

from diplowatch.extract.roles import arguments_of, is_topic

CASES = [
    # sentence, event head, first source, first target, symmetric
    ("Talks between Kiev and Washington ended on Friday.", "Talks", "Kiev", "Washington", True),
    (
        "The visit by Foreign Minister Wang Yi to Moscow lasted two days.",
        "visit",
        "Yi",
        "Moscow",
        False,
    ),
    ("Niger's ruling junta cut diplomatic ties with Ukraine.", "cut", "junta", "Ukraine", False),
    (
        "The Russians accused Kyiv of opening an African front.",
        "accused",
        "Russians",
        "Kyiv",
        False,
    ),
    ("Ukraine was urged by Washington to negotiate.", "urged", "Washington", "Ukraine", False),
    (
        "The administration began urging Zelensky to negotiate.",
        "urging",
        "administration",
        "Zelensky",
        False,
    ),
    ("Russia declared its annexation of the four regions.", "annexation", "its", "regions", False),
    (
        "The Russian withdrawal from Kherson surprised many.",
        "withdrawal",
        "Russian",
        "Kherson",
        False,
    ),
    (
        "The minister said Ukraine is ready for dialogue with Russia.",
        "ready",
        "Ukraine",
        "Russia",
        False,
    ),
    ("Washington imposed sanctions on Tehran.", "imposed", "Washington", "Tehran", False),
]


@pytest.mark.parametrize(("sentence", "word", "source", "target", "symmetric"), CASES)
def test_arguments(
    nlp: Language, sentence: str, word: str, source: str, target: str, symmetric: bool
) -> None:
    doc = nlp(sentence)
    head = next(token for token in doc if token.text == word)
    arguments = arguments_of(head)
    assert arguments.sources and arguments.sources[0].text == source
    assert arguments.targets and arguments.targets[0].text == target
    assert arguments.symmetric is symmetric


@pytest.mark.parametrize(
    ("sentence", "word", "topic"),
    [
        ("His preconditions for talks are unrealistic.", "talks", True),
        ("The prospects of a ceasefire look dim.", "ceasefire", True),
        ("Several days of talks between Kiev and Washington ended.", "talks", False),
        ("The results of Russia's withdrawal are visible.", "withdrawal", False),
        ("Talks resumed on Monday.", "Talks", False),
    ],
)
def test_a_noun_event_without_participants_under_a_noun_is_a_topic(
    nlp: Language, sentence: str, word: str, topic: bool
) -> None:
    head = next(token for token in nlp(sentence) if token.text == word)
    assert is_topic(head) is topic

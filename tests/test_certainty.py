"""Certainty, attribution, negation and hypotheticals read from the parse around an event."""

from __future__ import annotations

import pytest
from spacy.language import Language

from diplowatch.extract.certainty import is_hypothetical, is_negated, report_frame

CASES = [
    # sentence, the event's head word, certainty, attribution
    (
        "Russian sources are saying that the assault has involved at least 1,000 troops.",
        "assault",
        "reported",
        "Russian sources",
    ),
    (
        "Those forces have reportedly advanced six miles from the border.",
        "advanced",
        "reported",
        None,
    ),
    ("Troops advanced toward the town, according to Reuters.", "advanced", "reported", "Reuters"),
    (
        "Zelensky said that Ukraine is ready for dialogue with Russia.",
        "ready",
        "reported",
        "Zelensky",
    ),
    (
        "The claim that troops crossed the river has yet to be verified.",
        "crossed",
        "unverified",
        None,
    ),
    ("Kyiv was accused of purportedly supporting rebel groups.", "supporting", "alleged", None),
    (
        "Niger's junta cut diplomatic ties with Ukraine, the Washington Post reported.",
        "cut",
        "reported",
        "the Washington Post",
    ),
    ("Ukraine did not agree to the talks.", "agree", "asserted", None),
]


def _head(nlp: Language, sentence: str, word: str):  # type: ignore[no-untyped-def]
    doc = nlp(sentence)
    return next(token for token in doc if token.text == word), doc[:]


@pytest.mark.parametrize(("sentence", "word", "certainty", "attribution"), CASES)
def test_report_frame(
    nlp: Language, sentence: str, word: str, certainty: str, attribution: str | None
) -> None:
    head, span = _head(nlp, sentence, word)
    frame = report_frame(head, span)
    assert (frame.certainty, frame.attribution) == (certainty, attribution)


def test_the_speaker_of_a_reported_statement_is_kept(nlp: Language) -> None:
    head, span = _head(
        nlp, "Zelensky said that Ukraine is ready for dialogue with Russia.", "ready"
    )
    speaker = report_frame(head, span).speaker
    assert speaker is not None and speaker.text == "Zelensky"


@pytest.mark.parametrize(
    ("sentence", "word", "negated"),
    [
        ("Ukraine did not agree to the talks.", "agree", True),
        ("The envoys never met in Doha.", "met", True),
        ("There were no talks this week.", "talks", True),
        ("Ukraine agreed to the talks.", "agreed", False),
    ],
)
def test_negation(nlp: Language, sentence: str, word: str, negated: bool) -> None:
    head, _span = _head(nlp, sentence, word)
    assert is_negated(head) is negated


@pytest.mark.parametrize(
    ("sentence", "word", "hypothetical"),
    [
        ("Will the Russian withdrawal from Kherson continue?", "continue", True),
        ("Will the Russian withdrawal from Kherson continue?", "withdrawal", False),
        ("The incursion could better Ukraine's position in future talks.", "talks", True),
        ("If Moscow withdraws, Kyiv will negotiate.", "withdraws", True),
        ("Moscow withdrew its troops from the city.", "withdrew", False),
        ("As troops were leaving the city, Kyiv may gain ground.", "leaving", False),
        ("Talks could resume once Moscow withdraws its troops.", "withdraws", True),
    ],
)
def test_hypotheticals_and_questions(
    nlp: Language, sentence: str, word: str, hypothetical: bool
) -> None:
    head, span = _head(nlp, sentence, word)
    assert is_hypothetical(head, span) is hypothetical

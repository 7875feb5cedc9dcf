"""Future acts: the auxiliaries that put a verb in the future ("will", "'ll", "shall", and "wo" of
"won't"), in one place for the rules, the judge's features and the dates."""

from __future__ import annotations

from spacy.tokens import Token

FUTURE_AUXILIARIES = frozenset({"will", "'ll", "shall", "wo"})


def in_future(head: Token) -> bool:
    """Whether ``head`` has a future auxiliary of its own ("will meet", "won't attend")."""
    return any(
        child.dep_ == "aux" and child.lower_ in FUTURE_AUXILIARIES for child in head.children
    )

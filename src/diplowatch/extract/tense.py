"""Future acts: the auxiliaries that put a verb in the future ("will", "'ll", "shall", and "wo" of
"won't"), in one place for the rules, the judge's features and the dates."""

from __future__ import annotations

from spacy.tokens import Token

from diplowatch.extract.certainty import certainty_cues

FUTURE_AUXILIARIES = frozenset({"will", "'ll", "shall", "wo"})


def in_future(head: Token) -> bool:
    """Whether ``head`` has a future auxiliary of its own ("will meet", "won't attend")."""
    return any(
        child.dep_ == "aux" and child.lower_ in FUTURE_AUXILIARIES for child in head.children
    )


# Prepositions that give the day a measure takes effect ("from Monday", "as of March 1").
START_PREPOSITIONS = frozenset({"from", "on", "as", "starting", "beginning", "effective"})


def scheduled(head: Token) -> bool:
    """Whether a future act is given the day it takes effect ("will suspend imports from
    Monday", "will impose the duties starting August 1"): a decision announced, not a threat.
    One on a condition ("on Monday if the vote goes ahead") stays a threat."""
    conditional = certainty_cues().conditional_marks
    if any(
        clause.dep_ == "advcl" and any(m.lower_ in conditional for m in clause.children)
        for clause in head.children
    ):
        return False
    for child in head.children:
        if child.lower_ not in START_PREPOSITIONS:
            continue
        objects = [c for c in child.children if c.dep_ in {"pobj", "dobj", "npadvmod", "pcomp"}]
        if child.lower_ == "as":  # "as of March 1"
            objects = [g for c in child.children if c.lower_ == "of" for g in c.children]
        if any(o.ent_type_ == "DATE" for o in objects):
            return True
    return False

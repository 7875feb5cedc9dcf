"""Reported speech as request or statement.

A verb that can mean "demand" ("insist") reports a statement unless its clause is a directive
("... that Kyiv must show its willingness") or names demands ("... that his preconditions are
..."); and any verb of speech with a directive clause is a demand of its subject on the one it
addresses ("officials told Zelensky that Kiev must ..."). Cue words live in
``data/events/speech.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from diplowatch.data import read_toml
from diplowatch.extract.lexicon import Trigger

REQUEST = "REQUEST"


@dataclass(frozen=True, slots=True)
class SpeechCues:
    speech_verbs: frozenset[str]
    directive_words: frozenset[str]
    directive_verbs: frozenset[str]
    question_marks: frozenset[str]
    demand_nouns: frozenset[str]
    demand_cameo: str
    demand_goldstein: float
    stance_nouns: frozenset[str]


@lru_cache(maxsize=1)
def speech_cues() -> SpeechCues:
    """The cue lists, read once from the package's data."""
    table = read_toml("events/speech.toml")
    return SpeechCues(
        speech_verbs=frozenset(table["speech_verbs"]),
        directive_words=frozenset(table["directive_words"]),
        directive_verbs=frozenset(table["directive_verbs"]),
        question_marks=frozenset(table["question_marks"]),
        demand_nouns=frozenset(table["demand_nouns"]),
        demand_cameo=table["demand_cameo"],
        demand_goldstein=float(table["demand_goldstein"]),
        stance_nouns=frozenset(table["stance_nouns"]),
    )


def _reported_clause(verb: Token) -> Token | None:
    return next((child for child in verb.children if child.dep_ == "ccomp"), None)


def _own_words(clause: Token) -> list[Token]:
    """The clause's words, without the embedded questions under it ("whether X should ...")."""
    marks = speech_cues().question_marks
    words, pending = [], [clause]
    while pending:
        token = pending.pop()
        words.append(token)
        pending.extend(
            child
            for child in token.children
            if not any(grand.dep_ == "mark" and grand.lower_ in marks for grand in child.children)
        )
    return words


def _is_subjunctive(clause: Token) -> bool:
    """ "demanded that Israel ease the blockade": the mandative subjunctive, a verb without
    tense and without auxiliaries after "that". The tagger writes it as a bare verb (VB), or as
    a present one (VBP) that indirect speech would not allow: after a singular subject, or under
    a verb of speech in the past (reported speech would have shifted it to the past)."""
    children = list(clause.children)
    subjects = [child for child in children if child.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects or any(child.dep_ in {"aux", "auxpass"} for child in children):
        return False
    if clause.tag_ == "VB":
        return True
    singular = subjects[0].tag_ in {"NN", "NNP"}
    past_speech = clause.head.tag_ in {"VBD", "VBN"}
    return clause.tag_ == "VBP" and (singular or past_speech)


def _is_directive(clause: Token) -> bool:
    """A clause saying what someone must do, or about demands."""
    cues = speech_cues()
    if _is_subjunctive(clause):
        return True
    for token in _own_words(clause):
        lemma = token.lemma_.lower()
        if token.dep_ == "aux" and lemma in cues.directive_words:
            return True
        if lemma in cues.directive_verbs and any(c.dep_ == "xcomp" for c in token.children):
            return True
        if token.pos_ == "NOUN" and lemma in cues.demand_nouns:
            return True
    return False


def is_statement(head: Token, event_type: str) -> bool:
    """Whether a REQUEST trigger only reports a statement ("insists that its goal is ...")."""
    if event_type != REQUEST:
        return False
    clause = _reported_clause(head)
    return clause is not None and not _is_directive(clause)


def directive_triggers(sentence: Span, taken: set[int]) -> list[Trigger]:
    """REQUEST triggers for verbs of speech with a directive clause, on heads not yet taken."""
    cues = speech_cues()
    found = []
    for token in sentence:
        if token.i in taken or token.lemma_.lower() not in cues.speech_verbs:
            continue
        clause = _reported_clause(token)
        if clause is None or not _is_directive(clause):
            continue
        found.append(
            Trigger(
                start=token.i,
                end=token.i + 1,
                head=token.i,
                text=token.text,
                type=REQUEST,
                mode="",
                cameo=cues.demand_cameo,
                goldstein=cues.demand_goldstein,
                pos="VERB",
            )
        )
    return found


def stance_content(sentence: Span) -> set[int]:
    """Tokens of the clauses that state a stance's content ("its position that it had ruled
    out talks"): what someone holds, not what happened."""
    nouns = speech_cues().stance_nouns
    content: set[int] = set()
    for token in sentence:
        if token.dep_ not in {"acl", "ccomp"} or token.head.lemma_.lower() not in nouns:
            continue
        if any(child.dep_ == "mark" and child.lower_ == "that" for child in token.children):
            content.update(word.i for word in token.subtree)
    return content

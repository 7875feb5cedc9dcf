"""On whose word an event stands: certainty, attribution, negation and hypotheticals.

Every function reads the dependency parse around an event's head token: the adverbs and
"according to" phrases that modify it or the clauses above it, the reporting verb it is the
complement of ("X said that ..."), the negation and modals on it. Cue words live in
``data/events/certainty.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from diplowatch.data import read_toml
from diplowatch.records import Certainty

# Dependencies through which a clause hangs under the verb that reports or governs it.
CLAUSAL_DEPENDENCIES = frozenset(
    {"ccomp", "xcomp", "advcl", "conj", "pcomp", "acl", "relcl", "csubj"}
)
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Dependencies through which a noun event hangs under the clause that carries it.
NOMINAL_DEPENDENCIES = frozenset({"pobj", "prep", "dobj", "attr", "acomp", "nsubj", "nsubjpass"})
# Dependencies through which a negation above reaches an event ("not an attempt to push").
NEGATION_REACH = frozenset({"xcomp", "acl", "attr", "acomp", "pcomp", "pobj", "prep", "dobj"})
# How far up the parse a cue may stand from the event's head (clauses above it).
MAX_CLIMB = 8
_RANK: dict[Certainty, int] = {"asserted": 0, "reported": 1, "alleged": 2, "unverified": 3}


@dataclass(frozen=True, slots=True)
class CertaintyCues:
    """The cue lists of ``data/events/certainty.toml``."""

    reported_adverbs: frozenset[str]
    alleged_adverbs: frozenset[str]
    reporting_verbs: frozenset[str]
    alleging_verbs: frozenset[str]
    source_nouns: frozenset[str]
    unverified_phrases: tuple[str, ...]
    hypothetical_modals: frozenset[str]
    deliberative_verbs: frozenset[str]
    conditional_marks: frozenset[str]
    factive_marks: frozenset[str]


@lru_cache(maxsize=1)
def certainty_cues() -> CertaintyCues:
    """The cue lists, read once from the package's data."""
    table = read_toml("events/certainty.toml")
    return CertaintyCues(
        **{
            name: tuple(values) if name == "unverified_phrases" else frozenset(values)
            for name, values in table.items()
        }
    )


@dataclass(frozen=True, slots=True)
class ReportFrame:
    """How an event is reported: its certainty, who reports it (the words), and the span of
    the speaker whose statement carries it (``None`` when the sentence states it directly).

    The event builder decides whether the speaker is the event's own actor, in which case the
    event is that actor's statement and stays asserted.
    """

    certainty: Certainty
    attribution: str | None = None
    speaker: Span | None = None
    # True when the certainty rests on the speaker's verb alone ("X said that ..."), with no
    # adverb, "according to" or verification phrase besides.
    speaker_only: bool = False


# Finite verb forms no modal governs (past, third person present); the bare present (VBP) is
# left out, as the tagger also gives it to a bare verb.
FINITE = frozenset({"VBD", "VBZ"})


def finite_beside_bare(verb: Token) -> bool:
    """A finite verb coordinated with a bare one ("could not serve ... and urged"): the two
    cannot share a modal or a subject, so the parse has hung the finite verb one clause too
    low; it is the coordinate of the clause above."""
    return verb.dep_ == "conj" and verb.tag_ in FINITE and verb.head.tag_ == "VB"


def _clauses_above(head: Token) -> list[Token]:
    """The head and the words of the clauses it hangs under, nearest first."""
    chain = [head]
    token = head
    climbable = CLAUSAL_DEPENDENCIES | NOMINAL_DEPENDENCIES
    for _ in range(MAX_CLIMB):
        if token.head.i == token.i or token.dep_ not in climbable:
            break
        token = token.head
        chain.append(token)
    return chain


def _subject(verb: Token) -> Span | None:
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            return child.doc[child.left_edge.i : child.right_edge.i + 1]
    return None


def _according_to(token: Token) -> Span | None:
    for child in token.children:
        if child.lower_ == "according":
            for to in child.children:
                objects = [grand for grand in to.children if grand.dep_ == "pobj"]
                if objects:
                    target = objects[0]
                    return target.doc[target.left_edge.i : target.right_edge.i + 1]
    return None


def _stronger(first: Certainty, second: Certainty) -> Certainty:
    return first if _RANK[first] >= _RANK[second] else second


def report_frame(head: Token, sentence: Span) -> ReportFrame:
    """The certainty and attribution of the event headed by ``head`` in ``sentence``."""
    cues = certainty_cues()
    certainty: Certainty = "asserted"
    attribution: str | None = None
    speaker: Span | None = None
    other_cue = False
    chain = _clauses_above(head)
    for position, token in enumerate(chain):
        for child in token.children:
            if child.lower_ in cues.reported_adverbs:
                certainty, other_cue = _stronger(certainty, "reported"), True
            elif child.lower_ in cues.alleged_adverbs:
                certainty, other_cue = _stronger(certainty, "alleged"), True
        according = _according_to(token)
        if according is not None:
            certainty, other_cue = _stronger(certainty, "reported"), True
            attribution = attribution or according.text
        if position == 0:
            continue
        lemma = token.lemma_.lower()
        if lemma in cues.reporting_verbs or lemma in cues.alleging_verbs:
            subject = _subject(token)
            kind: Certainty = "alleged" if lemma in cues.alleging_verbs else "reported"
            certainty = _stronger(certainty, kind)
            if subject is not None and speaker is None:
                speaker = subject
                attribution = attribution or subject.text
    lowered = sentence.text.lower()
    if any(phrase in lowered for phrase in cues.unverified_phrases):
        certainty, other_cue = "unverified", True
    return ReportFrame(
        certainty=certainty,
        attribution=attribution,
        speaker=speaker,
        speaker_only=speaker is not None and not other_cue,
    )


def is_source_noun(span: Span) -> bool:
    """Whether a speaker's words name a second-hand source ("Russian sources", "local media")."""
    return span.root.lemma_.lower() in certainty_cues().source_nouns


def is_negated(head: Token) -> bool:
    """Whether the event is negated: "did not agree", "never met", "no talks", "was not an
    attempt to push ...". Negation reaches down from the clause the event stands in, up to the
    first word with a subject of its own."""
    if any(child.dep_ == "det" and child.lower_ == "no" for child in head.children):
        return True
    token = head
    for _ in range(MAX_CLIMB):
        if any(_negating(child) for child in token.children):
            return True
        has_subject = any(child.dep_ in SUBJECTS for child in token.children)
        if has_subject or token.head.i == token.i or token.dep_ not in NEGATION_REACH:
            return False
        token = token.head
    return False


def _negating(child: Token) -> bool:
    """ "not", "never", or an adverb negated in turn ("no longer", "not yet")."""
    if child.dep_ == "neg" or child.lower_ == "never":
        return True
    return child.dep_ == "advmod" and any(grand.dep_ == "neg" for grand in child.children)


def is_hypothetical(head: Token, sentence: Span) -> bool:
    """Whether the event is only a possibility: under a modal ("could", "might"), in a
    condition ("if ..."), an option weighed ("considering sending troops"), or the verb of a
    question ("Will the talks continue?").

    A noun event inside a question's subject stands as a fact ("Will the withdrawal from
    Kherson continue?" presupposes the withdrawal).
    """
    cues = certainty_cues()
    below: Token | None = None
    for token in _clauses_above(head):
        # A modal governs a bare verb: a finite verb coordinated with a modal's ("could not
        # serve ... and urged Tokyo to halt") is a clause of fact of its own.
        modal_reaches = below is None or not finite_beside_bare(below)
        for child in token.children:
            if child.dep_ == "aux" and child.lower_ in cues.hypothetical_modals and modal_reaches:
                return True
            if child.dep_ == "mark" and child.lower_ in cues.conditional_marks:
                return True
        if below is not None and _weighed(below, token, cues):
            return True
        below = token
        if token.dep_ == "advcl" and _states_a_fact(token, cues):
            # The main clause's modal does not reach into a clause of fact: in "as reports
            # said troops were leaving, Kyiv may gain", the leaving is no possibility; in
            # "talks could resume once X withdraws" the withdrawal is.
            break
    is_question = sentence.text.rstrip().endswith("?")
    return is_question and head.pos_ in {"VERB", "AUX"} and _reaches_root_by_clauses(head)


def _weighed(clause: Token, verb: Token, cues: CertaintyCues) -> bool:
    """Whether ``clause`` is the option a verb of deliberation weighs ("considering sending
    troops", "weighed imposing sanctions"); a clause of what was judged ("the court considered
    that Russia had invaded") is not."""
    return (
        verb.lemma_.lower() in cues.deliberative_verbs
        and verb.pos_ in {"VERB", "AUX"}
        and clause.dep_ in {"xcomp", "dobj", "pcomp"}
        and clause.pos_ in {"VERB", "AUX"}
    )


def is_conditional(head: Token, sentence: Span) -> bool:
    """Whether the event stands in a condition ("if Serbia attacked ...", "unless ...") or is
    the verb of a question: it is said not to have happened, whatever a judge makes of it."""
    cues = certainty_cues()
    for token in _clauses_above(head):
        if any(c.dep_ == "mark" and c.lower_ in cues.conditional_marks for c in token.children):
            return True
        if token.dep_ == "advcl" and _states_a_fact(token, cues):
            break
    is_question = sentence.text.rstrip().endswith("?")
    return is_question and head.pos_ in {"VERB", "AUX"} and _reaches_root_by_clauses(head)


def _states_a_fact(clause: Token, cues: CertaintyCues) -> bool:
    """An adverbial clause opened by a factive subordinator ("as", "because"), or by none."""
    marks = [child.lower_ for child in clause.children if child.dep_ == "mark"]
    return not marks or any(mark in cues.factive_marks for mark in marks)


def _reaches_root_by_clauses(token: Token) -> bool:
    while token.head.i != token.i:
        if token.dep_ not in CLAUSAL_DEPENDENCIES:
            return False
        token = token.head
    return True

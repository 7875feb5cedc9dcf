"""The words of a position's conditions, as the text states them: a condition clause without
its subordinator ("once the Kremlin relinquishes ..." -> "the Kremlin relinquishes ..."), the
items of a listed phrase ("A … B, C and D" is four items), without quotation marks or brackets.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

_QUOTES = "\"'“”‘’«»"
_SEPARATORS = re.compile(r"\s*(?:[,;…]|\.\.\.)\s*")
_FIRST_AND = re.compile(r"\s+(?:and|or)\s+")


def list_items(head: Token) -> list[str]:
    """The items of a listed phrase: "A … B, C and D" is four items."""
    text = _span_text(head.left_edge.i, head.right_edge.i + 1, head.doc)
    parts = [p for p in _SEPARATORS.split(text) if p]
    if len(parts) > 1:
        last = _FIRST_AND.split(parts[-1], maxsplit=1)
        parts = parts[:-1] + last
    return [item for part in parts if (item := cleaned(part))]


def clause_text(clause: Token) -> str:
    """A condition clause's words without its subordinator ("once X leaves" -> "X leaves"),
    stopping before a clause joined on to it ("... and that Kyiv would fight on")."""
    tokens = [
        token
        for token in clause.subtree
        if not (
            token.dep_ in {"mark", "advmod"}
            and token.head.i == clause.i
            and token.i < _mark_index(clause)
        )
        and not _in_joined_clause(token, clause)
    ]
    if not tokens:
        return ""
    return cleaned(_span_text(tokens[0].i, tokens[-1].i + 1, clause.doc))


def _mark_index(clause: Token) -> int:
    """The position just past the clause's subordinator and the adverbs before it."""
    marks = [c.i for c in clause.children if c.dep_ == "mark"]
    return marks[0] + 1 if marks else clause.left_edge.i


def _in_joined_clause(token: Token, clause: Token) -> bool:
    current = token
    while current.i != clause.i:
        if current.dep_ in {"conj", "cc"} and current.head.i == clause.i:
            return True
        current = current.head
    return False


def phrase(token: Token) -> str:
    return cleaned(_span_text(token.left_edge.i, token.right_edge.i + 1, token.doc))


def _span_text(start: int, end: int, doc: Doc) -> str:
    return doc[start:end].text


def cleaned(text: str) -> str:
    """A phrase without quotation marks, brackets and edge punctuation, spaces collapsed."""
    text = re.sub(r"(?<=\w)['’](?=\w)", "\0", text)  # an apostrophe inside a word stays
    text = "".join(" " if ch in _QUOTES else ch for ch in text).replace("\0", "'")
    text = re.sub(r"[()\[\]]", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:.-–—…")
    text = re.sub(r"\s+'s\b", "'s", text)
    return text

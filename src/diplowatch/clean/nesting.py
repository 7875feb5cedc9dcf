"""Markup nested deeper than libxml2 parses, flattened so that its text is kept.

libxml2 stops at a depth of 2,048 elements even with ``huge_tree`` (256 without it) and drops
the rest of the page. A real article is never nested that deep, but a page whose templates wrap
it in a few thousand ``<div>`` (or a hostile one) would lose its article. Beyond ``MAX_DEPTH``
open elements the wrapper tags (everything but the blocks that make paragraphs and headlines)
are dropped with their end tags; their text stays where it was.
"""

from __future__ import annotations

import re

MAX_DEPTH = 1000

# Tags that make the text's paragraphs, kept at any depth; and elements with no end tag.
_BLOCKS = frozenset("p h1 h2 h3 h4 h5 h6 li blockquote pre article main title".split())
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# A start or end tag, a comment, or the body of an element whose text is raw (script, style).
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|textarea|title)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>",
    re.DOTALL | re.IGNORECASE,
)


def flattened(markup: str, most: int = MAX_DEPTH) -> str:
    """``markup`` with the wrapper tags nested beyond ``most`` open elements removed (their
    end tags too); unchanged, and cheaply so, where nothing is nested that deep.

    >>> flattened("<div><div><p>deep</p></div></div>", most=1)
    '<div><p>deep</p></div>'
    """
    if markup.count("<") <= most:
        return markup
    stack: list[tuple[str, bool]] = []  # open elements: name, and whether its tags are dropped
    open_names: dict[str, int] = {}
    kept: list[str] = []
    start = 0
    deepest = 0
    for match in _MARKUP.finditer(markup):
        closing, name, self_closing = match.group(2), match.group(3), match.group(4)
        if name is None:
            continue  # a comment or a raw-text element: passed through whole
        name = name.lower()
        if closing:
            drop = open_names.get(name, 0) > 0 and _close(stack, open_names, name)
        elif self_closing or name in _VOID:
            continue
        else:
            drop = len(stack) >= most and name not in _BLOCKS
            stack.append((name, drop))
            open_names[name] = open_names.get(name, 0) + 1
            deepest = max(deepest, len(stack))
        if drop:
            kept.append(markup[start : match.start()])
            start = match.end()
    if deepest <= most:
        return markup
    kept.append(markup[start:])
    return "".join(kept)


def _close(stack: list[tuple[str, bool]], open_names: dict[str, int], name: str) -> bool:
    """Close the innermost open ``name`` (one is open) and what it holds, and say whether its
    tags were dropped. Each element is closed once, so a page costs time in its length."""
    while True:
        inner, dropped = stack.pop()
        open_names[inner] -= 1
        if inner == name:
            return dropped

"""Text from inputs (file names, page names, addresses, reasons quoting them) as a terminal may
show it: every character that is not printable written as its escape, so that a name cannot
span lines, fake a summary line or send the terminal escape sequences."""

from __future__ import annotations


def shown(text: str) -> str:
    """``text`` with control characters, line breaks and other unprintable characters (such
    as bidirectional overrides) written as Python escapes; printable text is left as it is.

    >>> shown("report\\n3 new, 0 failed\\x1b[2J")
    'report\\\\n3 new, 0 failed\\\\x1b[2J'
    >>> shown("Genève, 2024")
    'Genève, 2024'
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(character: str) -> str:
    return repr(character)[1:-1]

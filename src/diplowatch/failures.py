"""Any exception met while handling one input, as that input's ``Failure``: a one-line reason
for the batch's summary, the traceback for the debug log. One bad input never stops a batch."""

from __future__ import annotations

import logging

from diplowatch.errors import DiplowatchError, InputError
from diplowatch.records import Failure

log = logging.getLogger("diplowatch.failures")

# A reason longer than this is cut (a library's message can quote a whole page).
REASON_CHARS = 300


def one_line(error: BaseException) -> str:
    """The error as one short line: its class and its message, whitespace collapsed.

    >>> one_line(ValueError("Invalid IPv6\\nURL"))
    'ValueError: Invalid IPv6 URL'
    >>> one_line(AssertionError())
    'AssertionError'
    """
    message = " ".join(str(error).split())
    if isinstance(error, DiplowatchError) and message:
        return message[:REASON_CHARS]
    text = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return text if len(text) <= REASON_CHARS else text[: REASON_CHARS - 1] + "…"


def failure_of(source: str, doing: str, error: Exception) -> Failure:
    """The Failure of the input ``source`` that raised ``error`` while ``doing`` something to
    it ("cannot clean the page"); diplowatch's own InputError keeps its source and problem.
    The traceback is logged at debug level."""
    log.debug("%s: %s", source, doing, exc_info=error)
    if isinstance(error, InputError):
        return Failure(error.source, error.problem)
    return Failure(source, f"{doing}: {one_line(error)}")

"""The filters of the pages and the API, from a request's query string: the same names as the
command line's options. Empty values (a form's blank fields) mean no filter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from fastapi import Depends, HTTPException, Query

from diplowatch.config import parse_min_confidence
from diplowatch.errors import SettingError
from diplowatch.plover import TYPES
from diplowatch.query import Filters
from diplowatch.store.browse import MAX_PAGE
from diplowatch.web.context import WebContext, context_of

CERTAINTIES = ("asserted", "reported", "alleged", "unverified")


@dataclass(frozen=True, slots=True)
class Browse:
    """What a listing asks for; ``args`` are the filters as given (to build links)."""

    filters: Filters
    text: str | None
    cursor: int | None
    limit: int
    args: dict[str, str]


# Cursors and offsets are integers SQLite and PostgreSQL can hold (signed 64 bits).
MAX_CURSOR = 2**63 - 1
# What a request may name as an actor: a code (UKR, NATO, UKRGOV) or an id (person:..., org:...).
MAX_CODE_CHARS = 120
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_cursor(value: str | None) -> int | None:
    """A cursor as this server gives them: ASCII digits, at most ``MAX_CURSOR``; else a 422.

    >>> parse_cursor("42"), parse_cursor(None)
    (42, None)
    """
    if not value:
        return None
    if not _ASCII_DIGITS.fullmatch(value) or int(value) > MAX_CURSOR:
        raise HTTPException(422, "cursor: not a cursor this server gave")
    return int(value)


def parse_day(value: str | None, name: str) -> date | None:
    """A day written YYYY-MM-DD in ASCII digits (not ``20240807`` nor ``2024-W32-1``, which
    Python's ``fromisoformat`` also takes); else a 422 naming the parameter."""
    if not value:
        return None
    try:
        if not _ISO_DAY.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{name}: not a date (YYYY-MM-DD): {value[:40]!r}") from None


def parse_code(value: str | None, name: str = "actor") -> str | None:
    """An actor's code or id as given (spaces around it dropped): printable, at most
    ``MAX_CODE_CHARS`` characters; else a 422."""
    code = (value or "").strip()
    if not code:
        return None
    if len(code) > MAX_CODE_CHARS or not code.isprintable():
        raise HTTPException(422, f"{name}: not an actor code")
    return code


def _choice(value: str | None, name: str, choices: tuple[str, ...]) -> str | None:
    if not value:
        return None
    if value not in choices:
        raise HTTPException(422, f"{name}: one of {', '.join(choices)}")
    return value


def _confidence(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return parse_min_confidence(value, "min_confidence")
    except SettingError as error:
        raise HTTPException(422, str(error)) from None


async def browse_params(
    context: WebContext = Depends(context_of),
    watch: str | None = Query(None, description="a watch's name"),
    actor: str | None = Query(
        None,
        description="an actor on either side: a code (UKR, UKRGOV, person:...) or a name or "
        "spelling (Ukraine, ukr, Zelensky)",
    ),
    place: str | None = Query(
        None,
        description="where events happened: a place's name (Kyiv, kyiv) or a country by code or "
        "name (UKR, Ukraine: every place in it)",
        max_length=200,
    ),
    type: str | None = Query(None, description="a PLOVER event type"),
    certainty: str | None = Query(None, description="asserted, reported, alleged, unverified"),
    since: str | None = Query(None, description="first day (YYYY-MM-DD)"),
    until: str | None = Query(None, description="last day (YYYY-MM-DD)"),
    min_confidence: str | None = Query(
        None,
        description="events of at least this confidence (0-1); those read by the rules alone, "
        "without one, are kept",
    ),
    q: str | None = Query(None, description="words or quoted phrases, all of them", max_length=200),
    cursor: str | None = Query(None, description="the next_cursor of the previous page"),
    limit: int = Query(50, ge=1, le=MAX_PAGE),
) -> Browse:
    filters = Filters(
        watch=context.watch(watch),
        actor=context.actor_code(parse_code(actor)),
        type=_choice(type, "type", TYPES),
        certainty=_choice(certainty, "certainty", CERTAINTIES),
        since=parse_day(since, "since"),
        until=parse_day(until, "until"),
        min_confidence=_confidence(min_confidence),
        place=context.place_of(place),
    )
    given = {
        "watch": watch, "actor": actor, "place": place, "type": type, "certainty": certainty,
        "since": since, "until": until, "min_confidence": min_confidence, "q": q,
    }  # fmt: skip
    return Browse(
        filters=filters,
        text=(q or "").strip() or None,
        cursor=parse_cursor(cursor),
        limit=limit,
        args={name: value for name, value in given.items() if value},
    )

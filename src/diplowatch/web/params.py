"""The filters of the pages and the API, from a request's query string: the same names as the
command line's options. Empty values (a form's blank fields) mean no filter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi import Depends, HTTPException, Query

from diplowatch.config import parse_min_confidence
from diplowatch.errors import SettingError
from diplowatch.query import Filters
from diplowatch.store.browse import MAX_PAGE
from diplowatch.web.context import WebContext, context_of

CERTAINTIES = ("asserted", "reported", "alleged", "unverified")
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Browse:
    """What a listing asks for; ``args`` are the filters as given (to build links)."""

    filters: Filters
    text: str | None
    cursor: int | None
    limit: int
    args: dict[str, str]


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{name}: not a date (YYYY-MM-DD): {value!r}") from None


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


def browse_params(
    context: WebContext = Depends(context_of),
    watch: str | None = Query(None, description="a watch's name"),
    actor: str | None = Query(None, description="a country or actor code, on either side"),
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
    if cursor and not cursor.isdigit():
        raise HTTPException(422, "cursor: not a cursor this server gave")
    filters = Filters(
        watch=context.watch(watch),
        actor=(actor or "").strip() or None,
        type=_choice(type, "type", PLOVER_TYPES),
        certainty=_choice(certainty, "certainty", CERTAINTIES),
        since=_day(since, "since"),
        until=_day(until, "until"),
        min_confidence=_confidence(min_confidence),
    )
    given = {
        "watch": watch, "actor": actor, "type": type, "certainty": certainty,
        "since": since, "until": until, "min_confidence": min_confidence, "q": q,
    }  # fmt: skip
    return Browse(
        filters=filters,
        text=(q or "").strip() or None,
        cursor=int(cursor) if cursor else None,
        limit=limit,
        args={name: value for name, value in given.items() if value},
    )

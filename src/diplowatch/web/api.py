"""The JSON API under ``/api/``: events, stories, actors, positions, shifts and round-ups with the
pages' filters and cursor pagination; CSV and Parquet downloads; ingesting a page with a token.

A listing answers ``{"items": [...], "next_cursor": "..." | null}``; pass ``cursor`` back for
the next page. Reading needs no token; writing needs ``Authorization: Bearer <token>`` with the
token the server was configured with (none configured: writing is off).

One page of a listing that the SQL alone filters, one story and the actors are answered on the
event loop (``async def``, calling the store directly): each is a bounded read of a few
milliseconds. In a thread of the pool the same read waits for the interpreter lock behind the
loop at every SQLite step, and under load took ten times its own time (``bench/web_load.py``:
p95 at 16 clients 84-128 ms in threads, 29-46 ms on the loop). What may read without bound (a
listing filtered in Python, such as by a watch; counts; downloads; an actor's whole history;
round-ups; all positions) runs in the threads, so that it never holds up the rest. The pages
module does the same for a story's page.
"""

from __future__ import annotations

import hmac
import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any, Literal, TypeVar

import orjson
from fastapi import APIRouter, Depends, Header, HTTPException, Query, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from diplowatch.digest import week_of
from diplowatch.digest.compose import parse_week
from diplowatch.digest.render import to_json
from diplowatch.errors import DiplowatchError, WeekError
from diplowatch.ingest.files import page_from_record
from diplowatch.notebook import COLUMNS
from diplowatch.pipeline.storing import IngestReport
from diplowatch.present.export import (
    event_row,
    position_row,
    story_row,
    write_csv,
    write_parquet,
)
from diplowatch.present.serialise import event_json, position_json, shift_json, story_json
from diplowatch.records import Page, Story
from diplowatch.store.browse import MAX_PAGE, EventItem
from diplowatch.web.context import View, WebContext, context_of
from diplowatch.web.params import Browse, browse_params, parse_code, parse_day

router = APIRouter(prefix="/api", tags=["api"], default_response_class=JSONResponse)

DOWNLOAD_ROWS = 100_000
T = TypeVar("T")
Download = Literal["csv", "parquet"]


def event_item_json(item: EventItem) -> dict[str, Any]:
    return {**event_json(item.event), "day": item.day.isoformat(), "story": item.story}


class Json(JSONResponse):
    """JSON written by orjson, straight from plain values (no model validation on the way)."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def _listing(items: list[dict[str, Any]], cursor: int | None) -> Json:
    return Json({"items": items, "next_cursor": None if cursor is None else str(cursor)})


@router.get("/events", summary="Events, newest first")
async def events(
    browse: Browse = Depends(browse_params), context: WebContext = Depends(context_of)
) -> Json:
    found = await context.bounded_listing("events", browse)
    return _listing([event_item_json(item) for item in found.items], found.next_cursor)


@router.get("/events/count", summary="How many events the same filters list")
def events_count(
    browse: Browse = Depends(browse_params), context: WebContext = Depends(context_of)
) -> Json:
    """``count``, and ``exact``: false when a watch's filter made it stop at a lower bound."""
    count, exact = context.store.count_events(browse.filters, browse.text)
    return Json({"count": count, "exact": exact})


def _walk(context: WebContext, view: View, browse: Browse, most: int) -> Iterator[Any]:
    """Up to ``most`` items of a listing from its cursor on, page after page."""
    cursor, count = browse.cursor, 0
    while count < most:
        page = context.listing(view, replace(browse, cursor=cursor, limit=MAX_PAGE))
        for item in page.items[: most - count]:
            yield item
            count += 1
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def _table(rows: list[dict[str, Any]], columns: list[str], form: Download) -> bytes:
    import pandas as pd

    frame = pd.DataFrame(rows, columns=columns)
    buffer = io.BytesIO()
    if form == "csv":
        write_csv(frame, buffer)
    else:
        write_parquet(frame, buffer)
    return buffer.getvalue()


def _download(content: bytes, name: str, form: Download) -> Response:
    kind = "text/csv; charset=utf-8" if form == "csv" else "application/vnd.apache.parquet"
    return Response(
        content,
        media_type=kind,
        headers={"content-disposition": f'attachment; filename="{name}.{form}"'},
    )


@router.get("/events.{form}", summary="Events as a CSV or Parquet file (GDELT-aligned columns)")
def events_download(
    form: Download,
    browse: Browse = Depends(browse_params),
    context: WebContext = Depends(context_of),
    rows: int = Query(10_000, ge=1, le=DOWNLOAD_ROWS, description="at most this many events"),
) -> Response:
    items = list(_walk(context, "events", browse, rows))
    facts = context.store.page_facts(item.event.page for item in items)
    table = [
        event_row(item.event, *facts.get(item.event.page, (None, None)), item.story)
        for item in items
    ]
    return _download(_table(table, COLUMNS["events"], form), "events", form)


@router.get("/stories", summary="Stories (one real event, many reports), newest first")
async def stories(
    browse: Browse = Depends(browse_params), context: WebContext = Depends(context_of)
) -> Json:
    found = await context.bounded_listing("stories", browse)
    return _listing([story_json(item.story) for item in found.items], found.next_cursor)


@router.get("/stories.{form}", summary="Stories as a CSV or Parquet file")
def stories_download(
    form: Download,
    browse: Browse = Depends(browse_params),
    context: WebContext = Depends(context_of),
    rows: int = Query(10_000, ge=1, le=DOWNLOAD_ROWS, description="at most this many stories"),
) -> Response:
    table = [story_row(item.story) for item in _walk(context, "stories", browse, rows)]
    return _download(_table(table, COLUMNS["stories"], form), "stories", form)


@router.get("/stories/{story_id}", summary="One story with every report")
async def story(story_id: str, context: WebContext = Depends(context_of)) -> Json:
    return Json(story_json(find_story(context, story_id)))


def find_story(context: WebContext, story_id: str) -> Story:
    found = context.store.story(story_id)
    if found is None:
        raise HTTPException(404, f"no story {story_id!r}")
    return found


@router.get("/actors", summary="The actors with the most events")
async def actors(context: WebContext = Depends(context_of)) -> Json:
    names = dict(context.actor_names())
    items = [{"code": code, "name": names[code], "events": n} for code, n in context.actors()]
    return Json({"items": items})


@router.get("/actors/{code}", summary="An actor: weekly events, counterparts, positions, shifts")
def actor(
    code: str,
    context: WebContext = Depends(context_of),
    since: str | None = Query(None, description="first day (YYYY-MM-DD)"),
    until: str | None = Query(None, description="last day (YYYY-MM-DD)"),
) -> Json:
    code = parse_code(code, "code") or ""
    view = context.actor(code, parse_day(since, "since"), parse_day(until, "until"))
    summary = view.summary
    return Json(
        {
            "code": code,
            "since": summary.since.isoformat() if summary else None,
            "until": summary.until.isoformat() if summary else None,
            "events": summary.events if summary else 0,
            "period": summary.period if summary else "week",
            "weeks": [
                {
                    "start": week.start.isoformat(),
                    "quad_classes": {str(quad): n for quad, n in week.quads.items()},
                    "goldstein": round(week.goldstein, 2),
                }
                for week in (summary.weeks if summary else [])
            ],
            "counterparts": [
                {"code": other, "events": n}
                for other, n in (summary.counterparts if summary else [])
            ],
            "trends": [
                {
                    "counterpart": trend.counterpart,
                    "verdict": trend.verdict or None,
                    "months": [
                        {"start": month.isoformat(), "score": round(score, 2), "events": count}
                        for month, score, count in trend.months
                    ],
                }
                for trend in (summary.trends if summary else [])
            ],
            "positions": [position_json(p) for p in view.positions],
            "shifts": [shift_json(s) for s in view.shifts],
        }
    )


def _by_offset(items: list[T], browse: Browse, as_json: Callable[[T], dict[str, Any]]) -> Json:
    """A page of a short list: the cursor is an offset."""
    start = browse.cursor or 0
    end = start + browse.limit
    return _listing([as_json(item) for item in items[start:end]], end if end < len(items) else None)


@router.get("/positions", summary="Negotiating positions, in ledger order")
def positions(
    browse: Browse = Depends(browse_params), context: WebContext = Depends(context_of)
) -> Json:
    return _by_offset(
        list(browse.filters.positions(context.store.positions())), browse, position_json
    )


@router.get("/positions.{form}", summary="Positions as a CSV or Parquet file")
def positions_download(
    form: Download,
    browse: Browse = Depends(browse_params),
    context: WebContext = Depends(context_of),
) -> Response:
    kept = [position_row(p) for p in browse.filters.positions(context.store.positions())]
    return _download(_table(kept, COLUMNS["positions"], form), "positions", form)


@router.get("/shifts", summary="Changes of stance, in time order")
def shifts(
    browse: Browse = Depends(browse_params), context: WebContext = Depends(context_of)
) -> Json:
    return _by_offset(list(browse.filters.shifts(context.store.shifts())), browse, shift_json)


@router.get("/digests", summary="The watches and the weeks the store has pages of")
def digests(context: WebContext = Depends(context_of)) -> Json:
    watches = [
        {"name": w.name, "title": w.title, "parties": list(w.parties)}
        for w in context.watches.values()
    ]
    return Json({"watches": watches, "weeks": store_weeks(context)})


def store_weeks(context: WebContext) -> list[str]:
    """The ISO weeks of the stored pages' publication dates, newest first."""
    return sorted({week_of(day) for day in context.store.publication_days()}, reverse=True)


@router.get("/digests/{watch}/{week}", summary="A watch's round-up of one ISO week (2024-W32)")
def digest(watch: str, week: str, context: WebContext = Depends(context_of)) -> Response:
    chosen = context.watch(watch)
    assert chosen is not None
    try:
        parse_week(week)
    except WeekError as error:
        raise HTTPException(422, str(error)) from None
    return Response(to_json(context.digest(chosen, week)), media_type="application/json")


class PageIn(BaseModel):
    """A page to ingest, as one record of a JSONL input file."""

    id: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=2000)
    html: str | None = None
    text: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD")
    title: str | None = Field(None, max_length=2000)


def require_token(
    context: WebContext = Depends(context_of), authorization: str | None = Header(None)
) -> None:
    expected = context.settings.token
    if expected is None:
        raise HTTPException(403, "writing is off: the server has no token configured")
    scheme, _, given = (authorization or "").partition(" ")
    # The scheme's name is case-insensitive (RFC 9110); a bare token is no Bearer credential.
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), expected.encode()
    ):
        raise HTTPException(401, "a valid token is needed: Authorization: Bearer <token>")


@router.post(
    "/pages",
    summary="Ingest one page (needs the token)",
    dependencies=[Depends(require_token)],
    status_code=201,
)
async def ingest_page(page: PageIn, context: WebContext = Depends(context_of)) -> dict[str, Any]:
    record = page.model_dump(exclude_none=True)
    try:
        parsed = page_from_record(record, "request")
    except DiplowatchError as error:
        raise HTTPException(422, str(error)) from None
    report = await run_in_threadpool(context.ingest, parsed)
    return _stored(parsed, report)


def _stored(parsed: Page, report: IngestReport) -> dict[str, Any]:
    if report.failed:
        raise HTTPException(422, str(report.failed[0]))
    return {
        "page": parsed.name,
        "stored": bool(report.new),
        "new_address": bool(report.new_addresses),
        "unchanged": bool(report.unchanged),
        "stories_rebuilt": report.stories_rebuilt,
    }


class AddressIn(BaseModel):
    url: str = Field(max_length=2000, description="an http(s) address")


@router.post(
    "/fetch",
    summary="Fetch a page by its address and ingest it (needs the token)",
    dependencies=[Depends(require_token)],
    status_code=201,
)
async def fetch_and_ingest(
    address: AddressIn, context: WebContext = Depends(context_of)
) -> dict[str, Any]:
    from diplowatch.ingest.fetch import FetchSettings, fetch_page  # httpx, for this alone

    settings = FetchSettings(allow_private=context.settings.allow_private_fetch)
    try:
        page = await run_in_threadpool(fetch_page, address.url, settings)
    except DiplowatchError as error:
        raise HTTPException(422, str(error)) from None
    report = await run_in_threadpool(context.ingest, page)
    return _stored(page, report)

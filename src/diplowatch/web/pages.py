"""The server-rendered pages (Jinja2, autoescaped): home, timeline, actors, story, map and the
round-up archive with its feed. Every page works without JavaScript; charts and the map are SVG
drawn here, which the page's script only enhances."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import resources
from typing import Any, Literal
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import HTMLResponse

from diplowatch.digest import feed_weeks, week_of
from diplowatch.digest.compose import parse_week
from diplowatch.digest.phrasing import story_sentence
from diplowatch.digest.render import to_rss
from diplowatch.errors import WeekError
from diplowatch.plover import QUAD_NAMES, TYPES
from diplowatch.query import Filters
from diplowatch.resolve.names import actor_name, display_name
from diplowatch.store.actors import TREND_STEP
from diplowatch.web.api import find_story, store_weeks
from diplowatch.web.basemap import HEIGHT, WIDTH, project
from diplowatch.web.charts import STANCE_ORDER, stance_timeline, trend_lines, weekly_chart
from diplowatch.web.context import View, WebContext, context_in, context_of
from diplowatch.web.params import CERTAINTIES, Browse, browse_params, parse_day

router = APIRouter(include_in_schema=False)


def _environment() -> jinja2.Environment:
    folder = resources.files("diplowatch.web").joinpath("templates")
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["name"] = lambda code: actor_name(code) if code else ""
    environment.filters["display"] = display_name
    environment.globals.update(
        types=TYPES,
        certainties=CERTAINTIES,
        quad_names=QUAD_NAMES,
        stance_names=STANCE_ORDER,
        safe_url=_safe_url,
    )
    return environment


def _safe_url(url: str | None) -> str | None:
    """Only web addresses become links (never ``javascript:`` or ``data:``)."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def render(request: Request, template: str, **values: Any) -> HTMLResponse:
    environment: jinja2.Environment = request.app.state.templates
    context = context_in(request)
    html = environment.get_template(template).render(
        path=request.url.path,
        watches=list(context.watches.values()),
        actor_names=context.actor_names(),
        place_names=context.places(),
        **values,
    )
    return HTMLResponse(html)


# Headings of the error pages browsers get, by status.
ERROR_HEADINGS = {400: "Bad request", 404: "Not found", 413: "Too large", 422: "Cannot show this"}


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """What went wrong, as a page: the reason, and links back to the page without its
    parameters (where they were what was wrong) and home."""
    path = request.url.path
    back = path if status == 422 and request.url.query else None
    heading = ERROR_HEADINGS.get(status, "Something went wrong")
    response = render(
        request, "error.html", heading=heading, message=message, status=status, back=back
    )
    response.status_code = status
    return response


def _link(path: str, args: dict[str, str], **changes: Any) -> str:
    merged = {**args, **{k: str(v) for k, v in changes.items() if v is not None}}
    return f"{path}?{urlencode(merged)}" if merged else path


@router.get("/", response_class=HTMLResponse)
def home(request: Request, context: WebContext = Depends(context_of)) -> HTMLResponse:
    weeks = store_weeks(context)
    latest = [digest for digest in context.digests(list(context.watches.values()), weeks[:1])]
    shifts = context.store.shifts()[-10:][::-1]
    confident = Filters(min_confidence=context.settings.min_confidence)
    events = context.store.latest_events(confident, limit=15)
    return render(
        request, "home.html", digests=latest, week=weeks[0] if weeks else None,
        shifts=shifts, events=events, min_confidence=context.settings.min_confidence,
    )  # fmt: skip


@router.get("/timeline", response_class=HTMLResponse)
def timeline(
    request: Request,
    view: View = "events",
    layout: Literal["cards", "table"] = "cards",
    sort: str | None = None,
    order: Literal["asc", "desc"] = "asc",
    browse: Browse = Depends(browse_params),
    context: WebContext = Depends(context_of),
) -> HTMLResponse:
    if sort is not None and sort not in SORTS:
        raise HTTPException(422, f"sort: one of {', '.join(SORTS)}")
    found = context.listing(view, browse)
    shown = {**browse.args, "view": view, "layout": layout}
    other = "stories" if view == "events" else "events"
    table = f"/api/{view}"
    page_args = {**shown, **({"sort": sort, "order": order} if sort else {})}
    following = (
        _link("/timeline", page_args, cursor=found.next_cursor) if found.next_cursor else None
    )
    count = context.store.count_events(browse.filters, browse.text) if view == "events" else None
    rows = _table_rows(found.items, context) if view == "events" and layout == "table" else []
    if sort:
        rows = _sorted(rows, sort, descending=order == "desc")
    here = {
        **browse.args,
        "view": view,
        **({"cursor": str(browse.cursor)} if browse.cursor else {}),
    }
    download = {**browse.args, **({"cursor": str(browse.cursor)} if browse.cursor else {})}
    rows_shown = str(len(found.items))
    return render(
        request, "timeline.html", view=view, items=found.items, args=browse.args,
        following=following, first=_link("/timeline", shown) if browse.cursor else None,
        other_view=_link("/timeline", {**browse.args, "view": other}),
        sentence=story_sentence, count=count, layout=layout, rows=rows, sort=sort, order=order,
        layouts={name: _link("/timeline", {**here, "layout": name}) for name in ("cards", "table")},
        sorts={
            name: _link(
                "/timeline", {**here, "layout": "table"}, sort=name,
                order="desc" if sort == name and order == "asc" else "asc",
            )
            for name in SORTS
        },
        csv=_link(f"{table}.csv", download, rows=rows_shown),
        parquet=_link(f"{table}.parquet", download, rows=rows_shown),
    )  # fmt: skip


# The table view's columns that sort the rows shown.
SORTS = ("date", "type", "source", "target", "place", "certainty", "confidence", "outlet")


def _table_rows(items: Sequence[Any], context: WebContext) -> list[dict[str, Any]]:
    """The events of a page as the table view shows them, with each page's outlet."""
    facts = context.store.page_facts(item.event.page for item in items)
    rows = []
    for item in items:
        event = item.event
        rows.append(
            {
                "item": item,
                "date": item.day,
                "type": event.type,
                "source": display_name(event.source.actor) if _named(event.source) else "",
                "target": display_name(event.target.actor) if _named(event.target) else "",
                "place": event.location.name if event.location else "",
                "certainty": event.certainty,
                "confidence": event.confidence,
                "outlet": facts.get(event.page, (None, None))[1] or "",
            }
        )
    return rows


def _named(side: Any) -> bool:
    return side is not None and side.actor is not None


def _sorted(rows: list[dict[str, Any]], column: str, descending: bool) -> list[dict[str, Any]]:
    """The rows by one column, empty values last whichever the order."""
    filled = [row for row in rows if row[column] not in (None, "")]
    empty = [row for row in rows if row[column] in (None, "")]
    return sorted(filled, key=lambda row: row[column], reverse=descending) + empty


@router.get("/actors", response_class=HTMLResponse)
def actors(request: Request, context: WebContext = Depends(context_of)) -> HTMLResponse:
    return render(request, "actors.html", actors=context.actors())


@router.get("/actors/{code}", response_class=HTMLResponse)
def actor(
    code: str,
    request: Request,
    context: WebContext = Depends(context_of),
    since: str | None = None,
    until: str | None = None,
) -> HTMLResponse:
    view = context.actor(code, parse_day(since, "since"), parse_day(until, "until"))
    return render(
        request, "actor.html", code=code, summary=view.summary, since=since, until=until,
        chart=weekly_chart(view.summary.weeks, view.summary.period) if view.summary else None,
        trends=(
            trend_lines(view.summary.trends, view.summary.since, view.summary.until)
            if view.summary else []
        ),
        trend_step=TREND_STEP,
        stances=stance_timeline(code, view.positions, view.shifts), shifts=view.shifts,
    )  # fmt: skip


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story(
    story_id: str, request: Request, context: WebContext = Depends(context_of)
) -> HTMLResponse:
    found = find_story(context, story_id)
    return render(request, "story.html", story=found, sentence=story_sentence(found))


@router.get("/map", response_class=HTMLResponse)
def map_page(
    request: Request,
    browse: Browse = Depends(browse_params),
    context: WebContext = Depends(context_of),
) -> HTMLResponse:
    events = context.store.events_with_places(browse.filters, browse.text)
    places: dict[tuple[str, str | None], dict[str, Any]] = {}
    by_country: Counter[str] = Counter()
    for event in events:
        place = event.location
        if place is None:
            continue
        if place.country:
            by_country[place.country] += 1
        if place.lat is None or place.lon is None:
            continue
        spot = places.setdefault(
            (place.name, place.country),
            {"name": place.name, "country": place.country, "xy": project(place.lon, place.lat),
             "lat": place.lat, "lon": place.lon, "count": 0, "examples": []},
        )  # fmt: skip
        spot["count"] += 1
        if len(spot["examples"]) < 3:
            spot["examples"].append(event)
    peak = max(by_country.values(), default=1)
    spots = sorted(places.values(), key=lambda s: -s["count"])
    shades = {code: 1 + min(4, int(5 * n / (peak + 1))) for code, n in by_country.items()}
    actor = browse.args.get("actor", "")
    zoomable = [
        {
            "name": spot["name"], "country": actor_name(spot["country"]) if spot["country"] else "",
            "lat": spot["lat"], "lon": spot["lon"], "count": spot["count"],
            "href": _link("/timeline", {"actor": actor} if actor else {}, q=spot["name"]),
            "examples": [event.sentence for event in spot["examples"]],
        }
        for spot in spots
    ]  # fmt: skip
    return render(
        request, "map.html", basemap=context.basemap, width=WIDTH, height=HEIGHT,
        places=spots, places_json=json.dumps(zoomable, ensure_ascii=False),
        shade=shades, shades_json=json.dumps(shades),
        by_country=by_country.most_common(15), args=browse.args, total=len(events),
    )  # fmt: skip


@router.get("/map/countries.geojson")
def map_countries(context: WebContext = Depends(context_of)) -> Response:
    """The basemap's country shapes as GeoJSON, for the zoomable map."""
    return Response(
        context.basemap.geojson,
        media_type="application/geo+json",
        headers={"cache-control": "public, max-age=86400"},
    )


@router.get("/digests", response_class=HTMLResponse)
def digests(request: Request, context: WebContext = Depends(context_of)) -> HTMLResponse:
    return render(request, "digests.html", weeks=store_weeks(context))


@router.get("/digests/{watch}", response_class=HTMLResponse)
def watch_digests(
    watch: str, request: Request, context: WebContext = Depends(context_of)
) -> HTMLResponse:
    chosen = context.watch(watch)
    assert chosen is not None
    digests = context.digests([chosen], store_weeks(context))
    return render(request, "watch_digests.html", watch=chosen, digests=digests)


@router.get("/digests/{watch}/feed.xml")
def feed(watch: str, request: Request, context: WebContext = Depends(context_of)) -> Response:
    chosen = context.watch(watch)
    assert chosen is not None
    weeks = store_weeks(context)
    latest = weeks[0] if weeks else week_of(datetime.now(UTC).date())
    digests = feed_weeks(context.store, chosen, latest, 12, context.settings.min_confidence)
    return Response(to_rss(digests, str(request.base_url)), media_type="application/rss+xml")


@router.get("/digests/{watch}/{week}", response_class=HTMLResponse)
def digest(
    watch: str, week: str, request: Request, context: WebContext = Depends(context_of)
) -> HTMLResponse:
    chosen = context.watch(watch)
    assert chosen is not None
    try:
        parse_week(week)
    except WeekError as error:
        raise HTTPException(422, str(error)) from None
    return render(request, "digest.html", digest=context.digest(chosen, week))

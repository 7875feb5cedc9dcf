"""The JSON API and the pages over a store, on SQLite and PostgreSQL: listings agree with the
command line's filters, cursors walk every record once, search finds exactly what it should,
downloads, writing with a token, limits, headers, and page text never rendered as markup."""

from __future__ import annotations

import html
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient

import diplowatch
import webstore
from diplowatch.extract.model_meta import default_display_threshold
from diplowatch.notebook import COLUMNS
from diplowatch.plover import TYPE_CODES
from diplowatch.query import Filters
from diplowatch.records import Event
from diplowatch.store import Store
from diplowatch.store.browse import browse_events, latest_events
from diplowatch.store.order import sort_key
from diplowatch.watches import get_watch
from diplowatch.web import WebSettings, create_app
from diplowatch.web.security import CONTENT_SECURITY_POLICY
from outlets import day_of, page_and_article, ties_event

TOKEN = "a-long-enough-secret-token"


@pytest.fixture
def filled(db_url: str) -> Iterator[tuple[str, list[Event]]]:
    with Store(db_url) as store:
        events = webstore.fill(store)
    yield db_url, events


@pytest.fixture
def client(filled: tuple[str, list[Event]]) -> Iterator[TestClient]:
    app = create_app(WebSettings(filled[0], token=TOKEN, max_body=64 * 1024))
    with TestClient(app) as opened:
        yield opened


def _walk(client: TestClient, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a listing, following cursors."""
    found: list[dict[str, Any]] = []
    cursor = None
    while True:
        answer = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        found += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return found


def _day(event: Event, published: dict[str, date | None]) -> date:
    return event.date.start if event.date and event.date.start else published[event.page]  # type: ignore[return-value]


def test_cursor_walks_every_event_once_newest_first(
    client: TestClient, filled: tuple[str, list[Event]]
) -> None:
    items = _walk(client, "/api/events", limit=7)
    assert len(items) == len(filled[1])
    assert len({item["id"] for item in items}) == len(items)
    days = [item["day"] for item in items]
    assert days == sorted(days, reverse=True)


@pytest.mark.parametrize(
    "params",
    [
        {"actor": "UKR"},
        {"actor": "SDN"},
        {"type": "CONSULT"},
        {"certainty": "alleged"},
        {"since": "2024-07-10", "until": "2024-07-20"},
        {"watch": "russia-ukraine"},
        {"watch": "sudan", "type": "ASSAULT"},
        {"actor": "TUR", "since": "2024-07-05"},
    ],
)
def test_listing_keeps_what_the_command_line_keeps(
    client: TestClient, filled: tuple[str, list[Event]], params: dict[str, str]
) -> None:
    db_url, _ = filled
    with Store(db_url) as store:
        published = store.published()
        watch = get_watch(params["watch"]) if "watch" in params else None
        since, until = params.get("since"), params.get("until")
        chosen = Filters(
            watch,
            params.get("actor"),
            params.get("type"),
            params.get("certainty"),
            date.fromisoformat(since) if since else None,
            date.fromisoformat(until) if until else None,
        )
        expected = list(chosen.events(store.events(), published))
    assert expected, "the filter should keep something"
    found = _walk(client, "/api/events", limit=3, **params)
    assert {item["id"] for item in found} == {event.id for event in expected}


def test_search_finds_the_words_and_phrases_and_ignores_syntax(client: TestClient) -> None:
    ceasefire = _walk(client, "/api/events", q="ceasefire")
    assert ceasefire and all("ceasefire" in item["sentence"].lower() for item in ceasefire)
    assert len(ceasefire) == 7  # six rejections and the meeting in Istanbul
    # Small pages (on PostgreSQL, filled from the newest events first) walk the same events.
    paged = _walk(client, "/api/events", q="ceasefire", limit=2)
    assert [item["id"] for item in paged] == [item["id"] for item in ceasefire]
    # Stemmed: "talk" finds "talks"; a phrase keeps its order; words must all be there.
    assert len(_walk(client, "/api/events", q="talk grain")) == 6
    assert _walk(client, "/api/events", q='"Russian banks"')
    assert not _walk(client, "/api/events", q='"banks Russian"')
    combined = _walk(client, "/api/events", q="ceasefire", type="CONSULT")
    assert [item["type"] for item in combined] == ["CONSULT"]
    for hostile in ['"', "NEAR(a b)", "a* OR -b", "'; DROP TABLE events; --", "sentence:x", "(("]:
        answer = client.get("/api/events", params={"q": hostile})
        assert answer.status_code == 200, (hostile, answer.text)


def test_stories_and_one_story(client: TestClient) -> None:
    stories = _walk(client, "/api/stories", limit=5)
    assert len(stories) == 32
    one = client.get(f"/api/stories/{stories[0]['id']}").json()
    assert one["reports"][0]["event"]["sentence"]
    assert client.get("/api/stories/nope").status_code == 404
    assert _walk(client, "/api/stories", q="Khartoum", type="ASSAULT")
    page = client.get(f"/stories/{stories[0]['id']}")
    assert page.status_code == 200
    # Each report says how it was read (type, sides) and marks its evidence in its sentence,
    # so that two reports of one sentence can be told apart.
    report = one["reports"][0]["event"]
    assert "As read" in page.text and f"<mark>{html.escape(report['evidence'])}</mark>" in page.text
    assert f'<span class="type">{report["type"]}</span>' in page.text


def test_actor_summary_counts_its_events(
    client: TestClient, filled: tuple[str, list[Event]]
) -> None:
    body = client.get("/api/actors/UKR").json()
    mine = [e for e in filled[1] if "UKR" in {e.source.actor.country, e.target.actor.country}]  # type: ignore[union-attr]
    assert body["events"] == len(mine)
    assert sum(sum(w["quad_classes"].values()) for w in body["weeks"]) == len(mine)
    assert body["counterparts"][0]["code"] == "RUS"
    assert [s["to"] for s in body["shifts"]] == ["conditional"]
    codes = {item["code"] for item in client.get("/api/actors").json()["items"]}
    assert {"RUS", "UKR", "TUR", "USA", "SDN"} <= codes
    assert client.get("/api/actors/XXX").status_code == 404


def test_positions_shifts_and_digests(client: TestClient) -> None:
    positions = _walk(client, "/api/positions", limit=1)
    assert [p["stance"] for p in positions] == ["refuses", "conditional"]
    assert len(_walk(client, "/api/shifts")) == 1
    weeks = client.get("/api/digests").json()["weeks"]
    assert "2024-W28" in weeks
    digest = client.get("/api/digests/russia-ukraine/2024-W28").json()
    assert digest["watch"] == "russia-ukraine"
    assert client.get("/api/digests/russia-ukraine/2024-W99").status_code == 422
    assert client.get("/api/digests/nowhere/2024-W28").status_code == 404


@pytest.mark.parametrize("form", ["csv", "parquet"])
def test_downloads_have_the_export_columns(
    client: TestClient, form: str, filled: tuple[str, list[Event]]
) -> None:
    answer = client.get(f"/api/events.{form}", params={"type": "ASSAULT"})
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    data = io.BytesIO(answer.content)
    frame = pd.read_csv(data) if form == "csv" else pd.read_parquet(data)
    assert list(frame.columns) == COLUMNS["events"]
    assert len(frame) == sum(event.type == "ASSAULT" for event in filled[1])
    stories = client.get(f"/api/stories.{form}", params={"rows": 20})
    assert stories.status_code == 200
    data = io.BytesIO(stories.content)
    told = pd.read_csv(data) if form == "csv" else pd.read_parquet(data)
    assert list(told.columns) == COLUMNS["stories"] and len(told) == 20
    positions = client.get(f"/api/positions.{form}")
    assert positions.status_code == 200


@pytest.mark.parametrize("form", ["csv", "parquet"])
def test_downloads_load_with_their_types_and_sources(
    client: TestClient, form: str, filled: tuple[str, list[Event]], tmp_path: Path
) -> None:
    """Codes stay text ("040"), dates are dates, confidence a float, and every event names its
    page's site, address and publication date (not the event's own day)."""
    answer = client.get(f"/api/events.{form}")
    path = tmp_path / f"events.{form}"
    path.write_bytes(answer.content)
    frame = diplowatch.read_table(path)
    assert pd.api.types.is_string_dtype(frame["event_code"])
    assert set(frame["event_code"]) == {TYPE_CODES[e.type][0] for e in filled[1]}
    assert "040" in set(frame["event_code"])
    assert pd.api.types.is_float_dtype(frame["confidence"])
    assert pd.api.types.is_integer_dtype(frame["quad_class"])
    assert all(isinstance(day, date) for day in frame["event_date"].dropna())
    by_id = {event.id: event for event in filled[1]}
    with Store(filled[0]) as store:
        facts = store.page_facts()
    for row in frame.itertuples():
        event = by_id[row.event_id]
        published, site = facts[event.page]
        assert (row.source_url, row.source_name) == (event.url, site)
        assert row.publication_date == published
    if form == "parquet":
        plain = pd.read_parquet(io.BytesIO(answer.content))
        assert plain["event_code"].map(type).eq(str).all()
        assert all(isinstance(day, date) for day in plain["publication_date"])


def test_bad_parameters_get_a_clear_answer(client: TestClient) -> None:
    cases = {
        "/api/events?since=yesterday": "since: not a date",
        "/api/events?type=HUG": "type: one of",
        "/api/events?watch=nowhere": "no watch named",
        "/api/events?cursor=abc": "cursor",
        "/api/events?limit=100000": "limit",
    }
    for path, words in cases.items():
        answer = client.get(path)
        assert answer.status_code in (404, 422), path
        assert words in answer.json()["detail"], (path, answer.text)


def test_writing_needs_the_token(client: TestClient, filled: tuple[str, list[Event]]) -> None:
    page = {
        "url": "https://wire.example/2024/talks",
        "published": "2024-08-05",
        "text": (
            "Turkey's foreign minister met his Ukrainian counterpart in Ankara on Monday to "
            "discuss a renewed grain corridor through the Black Sea.\n\n"
            "The two ministers agreed to meet again next month, officials said after the "
            "talks, which lasted more than three hours.\n\n"
            "Russia did not comment on the meeting, which came a week after new strikes on "
            "the port of Odesa damaged grain silos and killed two people."
        ),
    }
    assert client.post("/api/pages", json=page).status_code == 401
    wrong = {"Authorization": "Bearer not-the-token"}
    assert client.post("/api/pages", json=page, headers=wrong).status_code == 401
    right = {"Authorization": f"Bearer {TOKEN}"}
    answer = client.post("/api/pages", json=page, headers=right)
    assert answer.status_code == 201, answer.text
    assert answer.json()["stored"] is True
    again = client.post("/api/pages", json=page, headers=right).json()
    assert again["unchanged"] is True
    bad = client.post("/api/pages", json={"url": "https://x.example/"}, headers=right)
    assert bad.status_code == 422 and "text" in bad.json()["detail"]
    with Store(filled[0]) as store:
        assert store.counts()["pages"] == 10


def test_writing_is_off_without_a_token(filled: tuple[str, list[Event]]) -> None:
    with TestClient(create_app(WebSettings(filled[0]))) as client:
        answer = client.post("/api/pages", json={"text": "x", "url": "https://a.example/"})
        assert answer.status_code == 403


def test_request_bodies_are_capped(client: TestClient) -> None:
    huge = {"url": "https://a.example/", "text": "word " * 20_000}
    answer = client.post("/api/pages", json=huge, headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 413


@pytest.mark.parametrize("path", ["/", "/timeline", "/api/events", "/nope", "/static/app.js"])
def test_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/timeline",
        "/timeline?q=ceasefire",
        "/timeline?view=stories",
        "/actors/TUR",
        "/map",
        "/digests/russia-ukraine/2024-W29",
    ],
)
def test_page_text_is_shown_as_text(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 200
    html = answer.text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "javascript:alert" not in html
    if path.startswith("/timeline"):
        assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in html
    # The only scripts are the site's own files (the map's library among them), none inline.
    tags = re.findall(r"<script[^>]*>", html)
    assert '<script src="/static/app.js" defer>' in tags
    assert all(re.fullmatch(r'<script src="/static/[\w./-]+\.js" defer>', tag) for tag in tags)
    assert html.count("<script") == len(tags) and html.count("</script>") == len(tags)


def test_pages_render(client: TestClient) -> None:
    for path in ["/actors", "/actors/UKR", "/digests", "/digests/russia-ukraine", "/map?actor=RUS"]:
        assert client.get(path).status_code == 200, path
    actor = client.get("/actors/UKR").text
    assert 'id="weekly-chart"' in actor and 'id="stance-timeline"' in actor
    assert "withdrawal of Russian troops" in actor
    assert client.get("/actors/XXX").status_code == 404
    timeline = client.get("/timeline", params={"type": "ASSAULT", "limit": 5}).text
    assert "Older" in timeline and "cursor=" in timeline


def test_feed_links_to_the_round_up_pages(client: TestClient) -> None:
    answer = client.get("/digests/russia-ukraine/feed.xml")
    assert answer.status_code == 200
    root = ET.fromstring(answer.text)
    links = [item.findtext("link") for item in root.iter("item")]
    assert links and all(
        link and link.startswith("http://testserver/digests/russia-ukraine/") for link in links
    )
    assert client.get(links[-1].removeprefix("http://testserver")).status_code == 200  # type: ignore[union-attr]


def test_openapi_document_lists_the_api(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ["/api/events", "/api/stories", "/api/actors", "/api/positions", "/api/pages"]:
        assert path in paths
    assert not any(not path.startswith("/api/") for path in paths)


# A store of judged events: six reports of one day whose order keys run against their
# confidences (newest first by key: no confidence, then the least confident), and a later
# week whose only event is below any threshold the tests use.
JUDGED_DAY = date(2024, 8, 5)
LATER_DAY = date(2024, 8, 13)
CONFIDENCES = (None, 0.2, 0.5, 0.84, 0.9, 0.97)


def _judged_events() -> list[Event]:
    url = "https://wire.example/2024/08/05/niger"
    events = [
        replace(
            ties_event(url, url, f"Niger cut diplomatic ties with Ukraine, report {n}.", None),
            sentence_index=n,
            date=day_of("on Monday", JUDGED_DAY),
        )
        for n in range(len(CONFIDENCES))
    ]
    events.sort(key=lambda event: sort_key(JUDGED_DAY, event.id), reverse=True)
    return [replace(e, confidence=c) for e, c in zip(events, CONFIDENCES, strict=True)]


@pytest.fixture
def judged(db_url: str) -> Iterator[tuple[str, list[Event], Event]]:
    events = _judged_events()
    later_url = "https://wire.example/2024/08/13/niger"
    later = replace(
        ties_event(later_url, later_url, "Niger recalled its envoy to Kyiv.", None),
        date=day_of("on Tuesday", LATER_DAY),
        confidence=0.3,
    )
    with Store(db_url) as store:
        page, article = page_and_article(
            events[0].url or "", "\n\n".join(e.sentence for e in events), JUDGED_DAY
        )
        store.add(page, article, events)
        page, article = page_and_article(later.url or "", later.sentence, LATER_DAY)
        store.add(page, article, [later])
        store.update_stories()
    yield db_url, events, later


def _by_confidence(events: list[Event], threshold: float) -> set[str]:
    return {e.id for e in events if e.confidence is None or e.confidence >= threshold}


def test_events_carry_their_confidence_and_min_confidence_keeps_those_at_or_above(
    judged: tuple[str, list[Event], Event],
) -> None:
    db_url, events, later = judged
    with TestClient(create_app(WebSettings(db_url))) as client:
        listed = {item["id"]: item["confidence"] for item in _walk(client, "/api/events")}
        assert listed == {e.id: e.confidence for e in [*events, later]}
        for threshold in (0.0, 0.5, 0.84, 0.9, 1.0):
            found = _walk(client, "/api/events", min_confidence=str(threshold), limit=2)
            assert {item["id"] for item in found} == _by_confidence([*events, later], threshold)
        blank = _walk(client, "/api/events", min_confidence="")
        assert len(blank) == len(events) + 1
        for form in ("csv", "parquet"):
            answer = client.get(f"/api/events.{form}", params={"min_confidence": "0.84"})
            assert answer.status_code == 200, answer.text
            data = io.BytesIO(answer.content)
            frame = pd.read_csv(data) if form == "csv" else pd.read_parquet(data)
            assert list(frame.columns) == COLUMNS["events"]
            kept = dict(zip(frame["event_id"], frame["confidence"], strict=True))
            assert set(kept) == _by_confidence(events, 0.84)
            assert sorted(c for c in kept.values() if not pd.isna(c)) == [0.84, 0.9, 0.97]


@pytest.mark.parametrize("value", ["abc", "1.5", "-0.2", "nan", "inf"])
def test_a_bad_min_confidence_is_a_clear_answer_never_a_server_error(
    judged: tuple[str, list[Event], Event], value: str
) -> None:
    with TestClient(create_app(WebSettings(judged[0]))) as client:
        for path in ("/api/events", "/api/events.csv", "/api/events.parquet", "/timeline"):
            answer = client.get(path, params={"min_confidence": value})
            assert answer.status_code == 422, (path, answer.text)
            expected = f"min_confidence: a number from 0 to 1, not {value!r}"
            if path.startswith("/api/"):
                assert answer.json()["detail"] == expected, path
            else:  # a page: the same words, in a page of the site
                assert expected in html.unescape(answer.text), path


def test_home_shows_events_at_or_above_the_setting_the_most_confident_first(
    judged: tuple[str, list[Event], Event],
) -> None:
    db_url, events, later = judged
    by_confidence = {e.confidence: e for e in events}
    with TestClient(create_app(WebSettings(db_url, min_confidence=0.8))) as client:
        home = client.get("/")
        assert home.status_code == 200
        html = home.text
    latest = re.sub("</?mark>", "", html[html.index("<h2>Latest events</h2>") :])
    assert "Of confidence 0.8 and above" in latest
    shown = [by_confidence[c] for c in (0.97, 0.9, 0.84, None)]
    places = [latest.index(event.sentence) for event in shown]
    assert places == sorted(places)
    for hidden in (by_confidence[0.5], by_confidence[0.2], later):
        assert hidden.sentence not in latest
    assert "confidence 0.97" in latest and "confidence 0.84" in latest
    # The latest week's round-up has no event above the setting, and says so.
    assert "No event this week reached the confidence threshold of 0.8" in html
    # By default, the judge's display threshold (whichever the packaged model gives).
    threshold = default_display_threshold()
    with TestClient(create_app(WebSettings(db_url))) as client:
        latest = re.sub("</?mark>", "", client.get("/").text.split("<h2>Latest events</h2>")[1])
    assert f"Of confidence {threshold:g} and above" in latest
    for event in events:
        shown = event.confidence is None or event.confidence >= threshold
        assert (event.sentence in latest) == shown, event.confidence


def test_the_latest_events_of_a_day_are_the_most_confident_ones(
    judged: tuple[str, list[Event], Event],
) -> None:
    db_url, events, _later = judged
    by_confidence = {e.confidence: e for e in events}
    with Store(db_url) as store, store.engine.connect() as connection:
        confident = Filters(min_confidence=0.8)
        # The first page by order key would hold the unjudged event and the 0.84 one.
        page = browse_events(connection, confident, limit=2).items
        assert [item.event.confidence for item in page] == [None, 0.84]
        found = latest_events(connection, confident, limit=2)
        assert [item.event for item in found] == [by_confidence[0.97], by_confidence[0.9]]
        found = latest_events(connection, confident, limit=10)
        assert [item.event.confidence for item in found] == [0.97, 0.9, 0.84, None]


def test_timeline_and_story_pages_show_each_events_confidence(
    judged: tuple[str, list[Event], Event],
) -> None:
    with TestClient(create_app(WebSettings(judged[0]))) as client:
        everything = client.get("/timeline").text
        assert all(f"confidence {c:.2f}" in everything for c in CONFIDENCES if c is not None)
        assert 'name="min_confidence"' in everything
        sure = client.get("/timeline", params={"min_confidence": "0.9"}).text
        assert "confidence 0.97" in sure and "confidence 0.90" in sure
        assert "confidence 0.84" not in sure and "confidence 0.30" not in sure
        assert 'name="min_confidence" min="0" max="1" step="0.01" value="0.9"' in sure
        (story,) = _walk(client, "/api/stories", q="report")
        page = client.get(f"/stories/{story['id']}").text
        assert "confidence 0.97" in page and "confidence 0.20" in page


def test_actors_have_names_and_are_found_by_what_people_type(client: TestClient) -> None:
    items = client.get("/api/actors").json()["items"]
    names = {item["code"]: item["name"] for item in items}
    assert names["UKR"] == "Ukraine" and names["USA"] == "United States"
    every = _walk(client, "/api/events", actor="UKR")
    for typed in ("ukraine", "Ukraine", "ukr", " UKRAINE "):
        assert _walk(client, "/api/events", actor=typed) == every, typed
    assert _walk(client, "/api/events", actor="Kyiv") == every  # a known spelling
    answer = client.get("/api/events", params={"actor": "Ukrane"})
    assert answer.status_code == 200  # the gazetteer knows the misspelling
    unknown = client.get("/api/events", params={"actor": "Sudann"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"].startswith("actor: no actor named 'Sudann'")
    assert "did you mean Sudan (SDN)" in unknown.json()["detail"]
    page = client.get("/timeline")
    assert '<option value="Ukraine" label="UKR">' in page.text
    assert ">Ukraine</a>" in client.get("/actors").text
    # Each side of an event carries its display name beside its code.
    sides = [item[side] for item in every for side in ("source", "target") if item[side]]
    named = {side["actor"]: side["name"] for side in sides if side["actor"]}
    assert named["UKR"] == "Ukraine" and all(named.values())


def test_an_actors_whole_history_by_month_with_one_count(tmp_path: Path) -> None:
    """An actor with events in 2022 and 2024: by default its whole history (by month, being
    longer than two years), one count in the page's note and the API; ``since`` narrows it."""
    with Store(f"sqlite:///{tmp_path / 'history.db'}") as store:
        for number, day in enumerate([date(2022, 3, 1), date(2022, 3, 9), date(2024, 8, 6)]):
            url = f"https://news.example/{number}"
            page, article = page_and_article(url, f"Niger cut ties, report {number}.", day)
            when = day_of("on that day", day)
            store.add(page, article, [ties_event(url, url, f"Report {number}.", when)])
    app = create_app(WebSettings(store.url))
    with TestClient(app) as client:
        body = client.get("/api/actors/NER").json()
        assert body["period"] == "month" and body["events"] == 3
        assert (body["since"], body["until"]) == ("2022-03-01", "2024-08-06")
        assert sum(sum(m["quad_classes"].values()) for m in body["weeks"]) == 3
        assert body["weeks"][0]["start"] == "2022-03-01" and len(body["weeks"]) == 30
        page = client.get("/actors/NER").text
        assert "3 events from 2022-03-01 to 2024-08-06, counted by month" in page
        assert "in the busiest month" in page
        recent = client.get("/api/actors/NER", params={"since": "2024-01-01"}).json()
        assert (recent["events"], recent["period"]) == (1, "week")
        assert "1 event from 2024-01-01" in client.get("/actors/NER?since=2024-01-01").text


def test_the_timeline_counts_its_matches_as_the_api_does(
    client: TestClient, filled: tuple[str, list[Event]]
) -> None:
    for params in ({}, {"type": "ASSAULT"}, {"actor": "ukraine"}, {"q": "Khartoum"}):
        counted = client.get("/api/events/count", params=params).json()
        listed = _walk(client, "/api/events", **params)
        assert counted == {"count": len(listed), "exact": True}, params
        page = client.get("/timeline", params=params).text
        assert f"<strong>{len(listed)}</strong> event" in page, params


def test_the_table_view_sorts_the_rows_shown_and_marks_the_evidence(
    client: TestClient, filled: tuple[str, list[Event]]
) -> None:
    def column(params: dict[str, str], index: int) -> list[str]:
        page = client.get("/timeline", params={"layout": "table", **params}).text
        body = page[page.index("<tbody>") : page.index("</tbody>")]
        rows = [row for row in body.split("<tr>")[1:]]
        return [row.split("<td")[index + 1].split(">", 1)[1].split("</td>")[0] for row in rows]

    dates = column({"sort": "date"}, 0)
    assert len(dates) == 32 and dates == sorted(dates)
    assert column({"sort": "date", "order": "desc"}, 0) == sorted(dates, reverse=True)
    sources = column({"sort": "source"}, 2)
    assert sources == sorted(sources) and "Russia" in sources
    assert client.get("/timeline", params={"sort": "colour"}).status_code == 422
    cards = client.get("/timeline").text
    first = filled[1][-1]
    assert "<mark>" in cards and f"<mark>{html.escape(first.evidence)}</mark>" in cards


def test_the_zoomable_map_loads_only_what_ships(client: TestClient) -> None:
    page = client.get("/map").text
    for asset in (
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet/leaflet.markercluster.js",
        "/static/vendor/leaflet/leaflet.css",
        "/static/map.js",
    ):
        assert asset in page
        assert client.get(asset).status_code == 200, asset
    assert "https://" not in page.split("<main>")[0]  # nothing from a CDN in the head
    shapes = client.get("/map/countries.geojson")
    assert shapes.headers["content-type"].startswith("application/geo+json")
    assert len(shapes.json()["features"]) > 150
    places = json.loads(html.unescape(page.split('data-places="')[1].split('"')[0]))
    assert {place["name"] for place in places} == {"Kyiv", "Istanbul", "Khartoum"}
    assert all(place["href"].startswith("/timeline?") for place in places)


def test_relations_month_by_month_say_when_they_improved(tmp_path: Path) -> None:
    """Niger and Ukraine: a severing of ties in March (-4.0), talks in April (+1.0): relations
    improved by the stated rule (the month's mean moved by at least 1.0)."""
    with Store(f"sqlite:///{tmp_path / 'trend.db'}") as store:
        plans = [
            (date(2024, 3, 5), "SANCTION", -4.0),
            (date(2024, 3, 20), "SANCTION", -4.0),
            (date(2024, 4, 9), "CONSULT", 1.0),
        ]
        for number, (day, kind, score) in enumerate(plans):
            url = f"https://news.example/t{number}"
            page, article = page_and_article(url, f"Niger and Ukraine, report {number}.", day)
            event = replace(
                ties_event(url, url, f"Report {number}.", day_of("on that day", day)),
                type=kind,
                goldstein=score,
            )
            store.add(page, article, [event])
    with TestClient(create_app(WebSettings(store.url))) as client:
        (trend,) = [t for t in client.get("/api/actors/NER").json()["trends"]]
        assert trend["counterpart"] == "UKR" and trend["verdict"] == "improved"
        assert [(m["start"], m["score"], m["events"]) for m in trend["months"]] == [
            ("2024-03-01", -4.0, 2),
            ("2024-04-01", 1.0, 1),
        ]
        page = client.get("/actors/NER").text
        assert "at least 1.0 above or below" in page
        assert 'class="verdict v-improved">improved<' in page


def test_events_and_stories_are_found_by_the_place_people_type(client: TestClient) -> None:
    every = _walk(client, "/api/events")
    in_kyiv = [e for e in every if e["location"] and e["location"]["name"] == "Kyiv"]
    assert in_kyiv
    for typed in ("Kyiv", "kyiv", " KYIV ", "Ky"):
        assert _walk(client, "/api/events", place=typed) == in_kyiv, typed
    # A country, by code or name: every place in it.
    in_ukraine = [e for e in every if e["location"] and e["location"]["country"] == "UKR"]
    assert _walk(client, "/api/events", place="Ukraine") == in_ukraine
    assert _walk(client, "/api/events", place="ukr") == in_ukraine
    count = client.get("/api/events/count", params={"place": "kyiv"}).json()["count"]
    assert count == len(in_kyiv)
    stories = _walk(client, "/api/stories", place="Istanbul")
    assert stories and all(
        any((r["event"]["location"] or {}).get("name") == "Istanbul" for r in s["reports"])
        for s in stories
    )
    unknown = client.get("/api/events", params={"place": "Kyivv"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"] == "place: no place named 'Kyivv'; did you mean Kyiv, Ukraine?"
    page = client.get("/timeline", params={"place": "kyiv"}).text
    assert '<option value="Kyiv" label="Ukraine">' in page
    assert 'name="place" value="kyiv"' in page


def test_a_watch_is_found_by_its_name_in_any_case(client: TestClient) -> None:
    exact = _walk(client, "/api/events", watch="russia-ukraine")
    assert _walk(client, "/api/events", watch="Russia-Ukraine") == exact
    assert _walk(client, "/api/events", watch="russia ukraine") == exact
    wrong = client.get("/api/events", params={"watch": "russia-ukrane"})
    assert wrong.status_code == 404
    assert "did you mean russia-ukraine" in wrong.json()["detail"]


def test_a_place_beyond_the_suggested_ones_is_looked_up_in_the_store(
    filled: tuple[str, list[Event]],
) -> None:
    with Store(filled[0]) as store:
        assert store.place_named("khartoum") == "Khartoum"
        assert store.place_named("Atlantis") is None

"""The pages in a real browser: Debian's headless Chromium driven by Playwright (never a
downloaded browser), against ``diplowatch serve`` on loopback. Screenshots are saved as test
artefacts in ``test-artifacts/screenshots/`` (or ``$DIPLOWATCH_ARTIFACTS``)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
import uvicorn

import webstore
from diplowatch.store import Store
from diplowatch.web import WebSettings, create_app
from outlets import day_of, page_and_article, ties_event

playwright_api = pytest.importorskip("playwright.sync_api")

ARTIFACTS = Path(os.environ.get("DIPLOWATCH_ARTIFACTS", "test-artifacts")) / "screenshots"


def _chromium() -> str:
    """Debian's chromium (``apt-get install chromium``); missing, the tests skip, except under
    CI (``$CI`` set), where they fail."""
    found = os.environ.get("DIPLOWATCH_CHROMIUM") or shutil.which("chromium")
    if found:
        return found
    reason = "no chromium on this machine (apt-get install chromium; .ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'store.db'}"
    with Store(url) as store:
        webstore.fill(store)
    yield from _served(url)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over a store where Niger has events in March 2022 and August 2024."""
    url = f"sqlite:///{tmp_path_factory.mktemp('history') / 'store.db'}"
    with Store(url) as store:
        for number, day in enumerate([date(2022, 3, 1), date(2022, 3, 9), date(2024, 8, 6)]):
            address = f"https://news.example/{number}"
            page, article = page_and_article(address, f"Niger cut ties, report {number}.", day)
            when = day_of("on that day", day)
            store.add(page, article, [ties_event(address, address, f"Report {number}.", when)])
    yield from _served(url)


def _served(url: str) -> Iterator[str]:
    """``diplowatch``'s application over the store, on a free loopback port, until done."""
    port = _free_port()
    config = uvicorn.Config(
        create_app(WebSettings(url)), host="127.0.0.1", port=port, log_level="warning"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = _chromium()
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=executable, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh page; fails the test on a script error or a Content-Security-Policy report."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    opened.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield opened
    context.close()
    assert not problems, problems


def _until(condition: Callable[[], bool], seconds: float = 15) -> None:
    """Wait for a condition of the page (polled here: the pages' CSP forbids evaluated
    script)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the page did not get there"
        time.sleep(0.1)


def _follow_to_the_timeline(page: object, link: str) -> None:
    """Click the link and land on the whole timeline: all 32 events of the store."""
    page.click(link)  # type: ignore[attr-defined]
    page.wait_for_url("**/timeline")  # type: ignore[attr-defined]
    assert page.locator("article.event").count() == 32  # type: ignore[attr-defined]


def _shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_home_and_navigation(server: str, page: object) -> None:
    page.goto(server + "/")  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "What is happening"  # type: ignore[attr-defined]
    assert page.locator("article.event").count() > 0  # type: ignore[attr-defined]
    _shot(page, "home")
    _follow_to_the_timeline(page, "nav >> text=Timeline")


def test_timeline_filters_and_search(server: str, page: object) -> None:
    page.goto(server + "/timeline")  # type: ignore[attr-defined]
    # Choosing a type submits the form by itself (the page's script).
    page.select_option("select[name=type]", "ASSAULT")  # type: ignore[attr-defined]
    page.wait_for_url("**type=ASSAULT**")  # type: ignore[attr-defined]
    types = page.locator("article.event .type").all_inner_texts()  # type: ignore[attr-defined]
    assert types and all(text.startswith("ASSAULT") for text in types)
    _shot(page, "timeline-assault")
    page.fill("input[name=q]", "Khartoum")  # type: ignore[attr-defined]
    page.press("input[name=q]", "Enter")  # type: ignore[attr-defined]
    page.wait_for_url("**q=Khartoum**")  # type: ignore[attr-defined]
    sentences = page.locator("article.event blockquote").all_inner_texts()  # type: ignore[attr-defined]
    assert sentences and all("Khartoum" in text for text in sentences)
    assert len(sentences) == 6
    _shot(page, "timeline-search")


def test_actor_page_shows_its_chart(server: str, page: object) -> None:
    page.goto(server + "/actors")  # type: ignore[attr-defined]
    page.click("a[href='/actors/UKR']")  # type: ignore[attr-defined]
    page.wait_for_url("**/actors/UKR")  # type: ignore[attr-defined]
    chart = page.locator("#weekly-chart")  # type: ignore[attr-defined]
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    bars = chart.locator("rect")
    assert bars.count() >= 5
    bars.first.hover()
    assert "Week of" in page.locator("figure.chart p.note").inner_text()  # type: ignore[attr-defined]
    assert page.locator("#stance-timeline circle.shift").count() == 1  # type: ignore[attr-defined]
    _shot(page, "actor-ukr")


def test_without_script_the_map_is_a_static_one(server: str, browser: object) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server + "/map")
    assert page.locator("#zoom-map").is_hidden()
    assert page.locator("#map path.land").count() > 150
    spots = page.locator("#map circle.spot")
    assert spots.count() == 3
    assert "Istanbul" in (spots.first.get_attribute("data-name") or "")
    _shot(page, "map-static")
    context.close()


def test_script_in_a_page_is_shown_as_text(server: str, page: object) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
    page.goto(server + "/timeline?q=Istanbul+ceasefire")  # type: ignore[attr-defined]
    shown = page.locator("article.event blockquote").all_inner_texts()  # type: ignore[attr-defined]
    assert any(webstore.INJECTION in text for text in shown)
    assert page.locator("article.event img").count() == 0  # type: ignore[attr-defined]
    assert page.locator("a[href^='javascript:']").count() == 0  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    assert dialogs == []
    _shot(page, "injection-as-text")


def test_a_bad_date_gives_a_page_that_says_so(server: str, page: object) -> None:
    answer = page.goto(server + "/timeline?since=yesterday")  # type: ignore[attr-defined]
    assert answer.status == 422
    assert page.locator("h1").inner_text() == "Cannot show this"  # type: ignore[attr-defined]
    assert "since: not a date" in page.locator(".problem").inner_text()  # type: ignore[attr-defined]
    _shot(page, "error-bad-date")
    _follow_to_the_timeline(page, "text=Back to /timeline")


def test_the_actor_field_takes_a_name(server: str, page: object) -> None:
    page.goto(server + "/timeline")  # type: ignore[attr-defined]
    options = page.locator("datalist#actor-names option")  # type: ignore[attr-defined]
    assert "Ukraine" in [options.nth(i).get_attribute("value") for i in range(options.count())]
    page.fill("input[name=actor]", "ukraine")  # type: ignore[attr-defined]
    page.press("input[name=actor]", "Enter")  # type: ignore[attr-defined]
    page.wait_for_url("**actor=ukraine**")  # type: ignore[attr-defined]
    sides = page.locator("article.event .sides").all_inner_texts()  # type: ignore[attr-defined]
    assert sides and all("Ukraine" in text for text in sides)


def test_the_timeline_table_counts_and_sorts(server: str, page: object) -> None:
    page.goto(server + "/timeline")  # type: ignore[attr-defined]
    assert page.locator("#match-count strong").inner_text() == "32"  # type: ignore[attr-defined]
    page.click("text=table")  # type: ignore[attr-defined]
    page.wait_for_url("**layout=table**")  # type: ignore[attr-defined]
    page.click("#events-table th >> text=date")  # type: ignore[attr-defined]
    page.wait_for_url("**sort=date**")  # type: ignore[attr-defined]
    days = page.locator("#events-table tbody time").all_inner_texts()  # type: ignore[attr-defined]
    assert len(days) == 32 and days == sorted(days)
    page.click("#events-table th >> text=date")  # type: ignore[attr-defined]
    page.wait_for_url("**order=desc**")  # type: ignore[attr-defined]
    again = page.locator("#events-table tbody time").all_inner_texts()  # type: ignore[attr-defined]
    assert again == sorted(days, reverse=True)
    page.click("#events-table th >> text=source")  # type: ignore[attr-defined]
    page.wait_for_url("**sort=source**")  # type: ignore[attr-defined]
    column = page.locator("#events-table tbody tr td:nth-child(3)").all_inner_texts()  # type: ignore[attr-defined]
    assert column == sorted(column)
    _shot(page, "timeline-table")


def test_the_map_zooms_and_a_cluster_opens_its_places(server: str, page: object) -> None:
    page.goto(server + "/map")  # type: ignore[attr-defined]
    shapes = page.locator("#zoom-map .leaflet-overlay-pane path")  # type: ignore[attr-defined]
    _until(lambda: shapes.count() > 150)
    assert page.locator("#static-map").is_hidden()  # type: ignore[attr-defined]
    clusters = page.locator("#zoom-map .cluster")  # type: ignore[attr-defined]
    assert clusters.count() >= 1
    # Kyiv and Istanbul are one cluster on the world view; its count is theirs together.
    assert int(clusters.first.inner_text()) >= 2
    _shot(page, "map-world")
    clusters.first.click()
    _until(lambda: clusters.count() == 0)
    spots = page.locator("#zoom-map path.leaflet-interactive")  # type: ignore[attr-defined]
    assert spots.count() == 3
    area = page.locator("#zoom-map").bounding_box()  # type: ignore[attr-defined]
    shown = [
        spot
        for spot in spots.all()
        if (box := spot.bounding_box()) is not None
        and area["x"] < box["x"] + box["width"] / 2 < area["x"] + area["width"]
        and area["y"] < box["y"] + box["height"] / 2 < area["y"] + area["height"]
    ]
    assert len(shown) >= 2  # the two places of the cluster, now apart
    shown[0].click()
    link = page.locator(".leaflet-popup-content a")  # type: ignore[attr-defined]
    link.wait_for()
    assert "here" in link.inner_text() and "/timeline?" in (link.get_attribute("href") or "")
    _shot(page, "map-zoomed")
    page.click(".leaflet-control-zoom-out")  # type: ignore[attr-defined]


def test_an_actor_page_shows_its_whole_history(history: str, page: object) -> None:
    """Events of 2022 and of 2024: both on the chart, with one count in the note."""
    page.goto(history + "/actors/NER")  # type: ignore[attr-defined]
    chart = page.locator("#weekly-chart")  # type: ignore[attr-defined]
    assert chart.is_visible()
    titles = chart.locator("rect title").all_text_contents()
    assert any("2022" in title for title in titles) and any("2024" in title for title in titles)
    ticks = chart.locator("text.tick").all_text_contents()
    assert "Mar 2022" in ticks
    note = page.locator("text=3 events from 2022-03-01 to 2024-08-06")  # type: ignore[attr-defined]
    assert note.count() == 1
    page.fill("input[name=since]", "2024-01-01")  # type: ignore[attr-defined]
    page.click("form button[type=submit] >> text=Show")  # type: ignore[attr-defined]
    page.wait_for_url("**since=2024-01-01**")  # type: ignore[attr-defined]
    assert page.locator("text=1 event from 2024-01-01").count() == 1  # type: ignore[attr-defined]

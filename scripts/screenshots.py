"""Screenshots of the web pages over a store, at a desktop width and a phone's, for the README.

    .venv/bin/diplowatch ingest examples/pages --db demo.db
    .venv/bin/python scripts/screenshots.py --db sqlite:///demo.db [--out docs/screenshots]

Needs Chromium (Debian's ``chromium``) and Playwright, as the browser tests do. Each page is
taken whole (``full_page``) at 1400 and 390 CSS pixels wide.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from diplowatch.web import WebSettings, create_app

PAGES = {
    "home": "/",
    "timeline-table": "/timeline?layout=table&sort=date",
    "actor": "/actors/UKR",
    "map": "/map",
}
WIDTHS = {"wide": 1400, "phone": 390}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(create_app(WebSettings(args.db)), port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium, headless=True)
        for width_name, width in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(f"http://127.0.0.1:{port}{path}")
                page.wait_for_load_state("networkidle")
                target = args.out / f"{name}-{width_name}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            context.close()
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    main()

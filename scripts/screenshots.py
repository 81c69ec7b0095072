"""Screenshots of the web app for docs/web.md: the dashboard, an indicator page and a buyer page, in Dutch and
French, 390 px (a phone) and 1366 px (a laptop) wide, taken by headless Chromium from the app served on
127.0.0.1 over a store given with --db.

    .venv/bin/python scripts/screenshots.py --db STORE [--out docs/screenshots] [--buyer KEY]

Whole pages, stored as 256-colour PNG (small files, readable text). Needs Playwright and Chromium
(/usr/bin/chromium), as the browser tests.
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

from PIL import Image

PAGES = {"dashboard": "/", "indicator": "/indicators/environmental-impact"}
WIDTHS = (390, 1366)
LANGS = ("nl", "fr")
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _busiest_belgian_buyer(db: str) -> str:
    from sppmon.store import open_store

    with open_store(db, read_only=True) as store:
        rows = store.query(
            "SELECT buyer_key FROM procedure_lots WHERE buyer_country = 'BEL' AND buyer_legal_type = 'cga' "
            "GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1"
        )
    if not rows:
        raise SystemExit("the store has no Belgian central-government buyer; give one with --buyer")
    return str(rows[0][0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--buyer", default=None, help="buyer key of the buyer page (default: the busiest BEL cga)")
    args = parser.parse_args()

    import uvicorn
    from playwright.sync_api import sync_playwright

    from sppmon.web import WebConfig, create_app

    buyer = args.buyer or _busiest_belgian_buyer(args.db)
    pages = {**PAGES, "buyer": f"/buyers/{quote(buyer, safe='')}"}
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(WebConfig(db=args.db, read_only=True)), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
            for width in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
                page = context.new_page()
                for name, path in pages.items():
                    for lang in LANGS:
                        separator = "&" if "?" in path else "?"
                        page.goto(f"http://127.0.0.1:{port}{path}{separator}lang={lang}")
                        if page.locator(".vl-chart").count():
                            page.wait_for_selector(".vl-chart svg", timeout=30_000)
                        target = args.out / f"{name}-{lang}-{width}.png"
                        page.screenshot(path=str(target), full_page=True)
                        Image.open(target).convert("RGB").quantize(256).save(target, optimize=True)
                        print(f"{target} ({target.stat().st_size // 1024} KB)")
                context.close()
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)


if __name__ == "__main__":
    main()

"""What a reader downloads to search once: open a claim page, press `/`, type a word of
its statement, wait for the first results. Counted from the page's first request to the
first result shown, with Playwright's network events (response bodies and headers as
served, uncompressed: a host that compresses sends less), in Debian's Chromium.

    .venv/bin/python bench/search_bytes.py SITE_DIR claims/claim-500/ WORD

Used by bench/run.py after each size's build. Requests outside the site (Material's
Google Fonts, when a briefing does not set `font: false`) are refused and listed apart:
they are no part of the search.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
TYPING_MS = 60
"""A key every 60 ms: a quick typist; Pagefind loads while the word is typed."""


@dataclass
class SearchDownload:
    bytes: int = 0
    requests: int = 0
    seconds_to_results: float = 0.0
    """From the last key typed to the first result on screen (keys TYPING_MS apart)."""
    by_kind: dict[str, int] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)
    results: int = 0


def kind(url: str) -> str:
    path = url.split("?", 1)[0]
    if "/pagefind/" in path:
        return "pagefind " + (path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else "other")
    if "/search/" in path:
        return "material search"
    return "page and theme"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def first_search(site: Path, page: str, word: str, timeout_ms: int = 60_000) -> SearchDownload:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    result = SearchDownload()
    finished: list[object] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(base)
                    else (result.refused.append(route.request.url), route.abort())
                ),
            )
            tab = context.new_page()
            tab.set_default_timeout(timeout_ms)
            tab.on("requestfinished", lambda request: finished.append(request))
            tab.goto(base + page, wait_until="load")
            tab.keyboard.press("/")
            tab.keyboard.type(word, delay=TYPING_MS)
            start = time.perf_counter()
            tab.locator(".md-search-result__item").first.wait_for()
            result.seconds_to_results = time.perf_counter() - start
            result.results = tab.locator(".md-search-result__item").count()
            for request in finished:
                sizes = request.sizes()  # type: ignore[attr-defined]
                size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                result.bytes += size
                result.requests += 1
                label = kind(request.url)  # type: ignore[attr-defined]
                result.by_kind[label] = result.by_kind.get(label, 0) + size
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return result


if __name__ == "__main__":
    site_dir, page_path, query = sys.argv[1:4]
    print(first_search(Path(site_dir), page_path, query))

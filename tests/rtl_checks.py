"""The Arabic test briefing built and served, and what tests/test_rtl_browser.py measures
in the page (as JavaScript evaluated by Playwright)."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

from conftest import build_site
from test_history import git

BRIEFING = Path(__file__).resolve().parent / "briefings" / "arabic"
EARLIER = (
    "  confidence: high\n  related: [kidal-lost-2012, goita-kidal-speech]",
    "  confidence: moderate\n  related: [kidal-lost-2012, goita-kidal-speech]",
)
"""The one edit of the briefing's history: kidal-recaptured's confidence, moderate then high."""


class ArabicSite:
    """tests/briefings/arabic in a git repository of two commits (so one claim has an
    earlier version and a page for it), built strict and served on localhost."""

    def __init__(self, root: Path):
        shutil.copytree(BRIEFING, root)
        events = root / "data" / "claims" / "events.yaml"
        final = events.read_text("utf-8")
        assert EARLIER[0] in final
        (root / ".gitignore").write_text("/site/\n", "utf-8")
        git(root, "init", "-q", "-b", "main", day="2024-10-01")
        events.write_text(final.replace(*EARLIER), "utf-8")
        git(root, "add", "-A", day="2024-10-01")
        git(root, "commit", "-q", "-m", "first version", day="2024-10-01")
        events.write_text(final, "utf-8")
        git(root, "commit", "-q", "-am", "Kidal: confidence high", day="2024-11-01")
        self.root = root

        class QuietHandler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

        site = root / "site"
        site.mkdir()
        self.server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site))
        )
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        build_site(root, strict=True, site_url=self.url)
        claim = (site / "claims" / "kidal-recaptured" / "index.html").read_text("utf-8")
        versions = re.findall(r'href="(v/[0-9a-f]{8}/)"', claim)
        assert versions, "the claim's history links no earlier version"
        self.version_path = f"claims/kidal-recaptured/{versions[0]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


BEYOND_THE_SCREEN = """() => {
    // Right to left, what is too wide sticks out on the left: both sides are checked.
    const width = window.innerWidth;
    const inside = (box) => box.left >= -1 && box.right <= width + 1;
    const clipped = (el) => {  // inside a scroll box or clip that itself fits the screen
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            if (getComputedStyle(up).overflowX !== 'visible' && inside(up.getBoundingClientRect())) return true;
        }
        return false;
    };
    const found = [];
    for (const el of document.querySelectorAll('.md-content *, .bb-preview')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        if (!inside(box) && !clipped(el)) {
            const name = el.className && el.className.baseVal === undefined ? '.' + el.className : '';
            found.push(el.tagName.toLowerCase() + name + ' ' + Math.round(box.left) + '..' + Math.round(box.right));
        }
        const style = getComputedStyle(el);
        if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
            found.push(el.tagName.toLowerCase() + '.' + el.className + ' scrolls sideways');
    }
    const page = document.documentElement.scrollWidth;
    if (page > width) found.unshift('document scrollWidth ' + page + ' > ' + width);
    return found.slice(0, 20);
}"""

TEXT_SIDE = """(el) => {
    // How far the element's first line of text stands from its box's right and left edges.
    const range = document.createRange();
    range.selectNodeContents(el);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    const line = rects.filter(r => Math.abs(r.top - rects[0].top) < rects[0].height / 2);
    const box = el.getBoundingClientRect();
    const right = Math.max(...line.map(r => r.right)), left = Math.min(...line.map(r => r.left));
    return {gapRight: box.right - right, gapLeft: left - box.left};
}"""

READS_LEFT_TO_RIGHT = """(el) => {
    // Each visible character, line by line, to the right of the one before it.
    const problems = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let previous = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.data.length; i++) {
            if (/\\s/.test(node.data[i])) continue;
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const box = range.getBoundingClientRect();
            if (!box.width) continue;
            if (previous && Math.abs(previous.top - box.top) < box.height / 2 && box.left < previous.left)
                problems.push(previous.char + node.data[i] + ' reversed in ' + JSON.stringify(el.textContent));
            previous = {top: box.top, left: box.left, char: node.data[i]};
        }
    }
    return problems;
}"""

NARROW_GRAPH_SIDES = """(svg) => {
    // The phone layouts: the actor's own node on the right, every other name left of its node.
    const view = svg.viewBox.baseVal;
    const centre = svg.querySelector('.bb-centre circle');
    let labelsLeftOfNodes = true;
    for (const a of svg.querySelectorAll('a:not(.bb-centre)')) {
        const circle = a.querySelector('circle'), text = a.querySelector('text').getBBox();
        if (text.x + text.width > circle.cx.baseVal.value - circle.r.baseVal.value + 1) labelsLeftOfNodes = false;
    }
    return {labelsLeftOfNodes, centreRight: centre !== null && centre.cx.baseVal.value > view.width / 2};
}"""

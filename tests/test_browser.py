"""The viewer in a real browser: Debian's Chromium driven by Playwright against a live ``kg serve``.

No browser is downloaded: Playwright launches /usr/bin/chromium. Screenshots go to
test-artifacts/ (and, with GOVKG_UPDATE_SCREENSHOTS=1, the person page to docs/screenshot-person.png for README).
"""

from __future__ import annotations

import os
import shutil
import time
import warnings
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
import pytest

from .conftest import ROOT
from .test_endpoint import serve
from .test_web import XSS, xss_quads

with warnings.catch_warnings():  # the marker is registered here, locally: `-m "not browser"` skips these
    warnings.simplefilter("ignore", pytest.PytestUnknownMarkWarning)
    pytestmark = [pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make deps)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory, seed_store):
    # the seeds plus an article whose headline is markup: one server for all browser tests
    path = tmp_path_factory.mktemp("browser") / "graph.nq"
    with open(path, "wb") as fh:
        ox.serialize(list(seed_store.quads()) + xss_quads(), fh, ox.RdfFormat.N_QUADS)
    with serve(path, "--timeout", "5") as server:
        yield server


def wait_js(page, expression: str, timeout: float = 30.0):
    """Poll a JavaScript expression until truthy (``wait_for_function`` evals, which the CSP forbids)."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(100)


class Watched:
    """A page that records console errors, page errors, dialogs and every request's host."""

    def __init__(self, browser, base: str):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        self.page = self.context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.hosts: set[str] = set()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: self.hosts.add(urlsplit(r.url).hostname or r.url.split(":", 1)[0]))

    def check(self):
        assert self.errors == [], self.errors
        assert self.dialogs == [], self.dialogs
        assert self.hosts <= {"127.0.0.1", "data"}, self.hosts

    def close(self):
        self.context.close()


def test_search_person_graph_click_and_named_query(browser, live):
    ARTIFACTS.mkdir(exist_ok=True)
    w = Watched(browser, live.url)
    page = w.page
    try:
        page.goto(live.url + "/")
        assert page.locator("h1").inner_text() == "Officials, bodies and meetings"
        page.fill("form.bigsearch input[name=q]", "王文杰")
        page.click("form.bigsearch button")
        page.wait_for_url("**/search?q=*")
        page.click("section.results-person a:text-is('王文杰')")
        page.wait_for_url("**/person/**")
        assert page.locator("h1").inner_text().startswith("王文杰")
        assert page.locator("text=市人大常委会副主任").count() >= 1
        assert page.locator("ol.coattendees li").count() >= 3
        assert page.locator("ul.quotes li").count() >= 1
        page.screenshot(path=str(ARTIFACTS / "person.png"), full_page=True)
        if os.environ.get("GOVKG_UPDATE_SCREENSHOTS"):          # refresh README's picture on demand only
            shutil.copyfile(ARTIFACTS / "person.png", ROOT / "docs" / "screenshot-person.png")

        # a quote links to its article, where the mention is highlighted
        href = page.locator("ul.quotes a").first.get_attribute("href")
        page.goto(live.url + href)
        assert page.locator("mark.m-person").count() >= 1
        page.go_back()

        page.click("a.button:text-is('depth 2')")
        page.wait_for_url("**/network/person/**")
        wait_js(page, "window.govkgNodes && window.govkgNodes.length > 3 && window.govkgStabilized === true")
        n = page.evaluate("window.govkgNodes.length")
        assert n > 5
        assert page.evaluate("document.querySelector('#network canvas').width") > 100
        assert page.locator(".graph-legend li").count() >= 2
        page.screenshot(path=str(ARTIFACTS / "graph.png"), full_page=True)

        # click an event node on the canvas: its page opens
        pos = page.evaluate("""() => {
            const ids = window.govkgNodes.getIds().filter(i => window.govkgNodes.get(i).group === 'event');
            const id = ids[0];
            window.govkgNetwork.focus(id, {scale: 1.2});
            const p = window.govkgNetwork.canvasToDOM(window.govkgNetwork.getPositions([id])[id]);
            const r = document.querySelector('#network canvas').getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y, url: window.govkgNodes.get(id).url};
        }""")
        page.mouse.click(pos["x"], pos["y"])
        page.wait_for_url("**" + pos["url"])
        assert "event" in page.locator("h1 .kind").inner_text()

        # a named query, one click away
        page.goto(live.url + "/query")
        page.click("a.named-query[data-name=person_meetings]")
        page.wait_for_selector("table.results-table tbody tr")
        assert page.locator("table.results-table tbody tr").count() >= 10
        # edit and run
        page.fill("textarea[name=query]", "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } LIMIT 7")
        page.click("#run")
        page.wait_for_selector("#row-count")
        assert page.locator("#row-count").inner_text() == "7"
        w.check()
    finally:
        w.close()


def test_markup_in_labels_shows_as_text(browser, live):
    w = Watched(browser, live.url)
    page = w.page
    try:
        page.goto(live.url + "/article/xss.txt/0")
        assert XSS in page.locator("h1").inner_text()
        assert page.locator("img[src=x]").count() == 0
        page.goto(live.url + "/search?q=" + quote("<img"))
        assert page.locator("img[src=x]").count() == 0 and XSS in page.locator("main").inner_text()
        page.goto(live.url + "/network/person/xss")
        wait_js(page, "window.govkgNodes && window.govkgStabilized === true")
        page.wait_for_timeout(300)
        assert page.locator("img[src=x]").count() == 0 and page.locator("main script").count() == 0
        w.check()
    finally:
        w.close()

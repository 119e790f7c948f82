"""A built site served on the loopback interface, and headless Chromium (Debian's chromium + chromium-driver) to use it.

Also used by the benchmark to measure what a browser downloads for a first search (`first_query`).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("VANBAN_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("VANBAN_CHROMEDRIVER", "/usr/bin/chromedriver")


def browser_available() -> bool:
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
        pass


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve `site_dir` on 127.0.0.1 (a free port) in a thread; yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def chromium(width: int = 1280, height: int = 900) -> Iterator[Any]:
    """Headless Chromium through chromedriver, with a fresh profile and the browser console log captured."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="vanban-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        driver.set_page_load_timeout(30)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def console_errors(driver: Any) -> list[str]:
    """Console messages of level SEVERE since the last call (the log is drained by reading it)."""
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


@dataclass(frozen=True)
class QueryResult:
    urls: tuple[str, ...]  # result links in rank order, relative to the site root
    seconds: float  # from navigation start to results shown
    bytes: int  # bytes fetched by the page and its resources (a cold cache)
    requests: int


def search_url(base_url: str, query: str) -> str:
    return base_url + "tim-kiem/?" + urllib.parse.urlencode({"q": query})


def run_query(driver: Any, base_url: str, query: str, timeout: float = 20.0) -> QueryResult:
    """Open tim-kiem/?q=QUERY and wait until #ket-qua says it is done; return the result links in order."""
    driver.get(search_url(base_url, query))
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = driver.execute_script("var e = document.getElementById('ket-qua'); return e && e.getAttribute('data-state');")
        if state in ("done", "error"):
            break
        time.sleep(0.02)
    if state != "done":
        raise AssertionError(f"search for {query!r} did not finish (state {state!r})")
    info = driver.execute_script(
        """
        var links = Array.from(document.querySelectorAll('#ket-qua a.vb-result-link')).map(a => a.href);
        var nav = performance.getEntriesByType('navigation')[0];
        var res = performance.getEntriesByType('resource');
        var bytes = (nav ? nav.transferSize || nav.encodedBodySize : 0) + res.reduce((s, r) => s + (r.transferSize || r.encodedBodySize || 0), 0);
        var done = Number(document.getElementById('ket-qua').getAttribute('data-done-at'));
        return {links: links, bytes: bytes, requests: res.length + 1, ms: done};
        """
    )
    urls = tuple(u[len(base_url) :] if u.startswith(base_url) else u for u in info["links"])
    return QueryResult(urls, float(info["ms"]) / 1000.0, int(info["bytes"]), int(info["requests"]))


def first_query(site_dir: Path, query: str) -> QueryResult:
    """What a first-time visitor pays for one search on `site_dir`: fresh browser, empty cache."""
    with serve(site_dir) as base, chromium() as driver:
        return run_query(driver, base, query)

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

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not fetch drivers: Debian's are used
CHROMIUM = os.environ.get("VANBAN_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("VANBAN_CHROMEDRIVER", "/usr/bin/chromedriver")


def browser_available() -> bool:
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


_SERVED: dict[str, list[tuple[str, int]]] = {}  # base URL -> (path, bytes sent) of every file served, in order


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site quietly and notes the bytes of every file it sends (what a browser really downloaded,
    including what a Web Worker fetched, which the page's own performance entries do not show)."""

    def __init__(self, *args: Any, sent: list[tuple[str, int]], **kwargs: Any) -> None:
        self.sent = sent
        super().__init__(*args, **kwargs)

    def copyfile(self, source: Any, outputfile: Any) -> None:
        start = source.tell()
        super().copyfile(source, outputfile)
        self.sent.append((urllib.parse.urlsplit(self.path).path, source.tell() - start))

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
        pass


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve `site_dir` on 127.0.0.1 (a free port) in a thread; yields the base URL ending in '/'."""
    sent: list[tuple[str, int]] = []
    handler = functools.partial(_Handler, directory=str(site_dir), sent=sent)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    _SERVED[url] = sent
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        _SERVED.pop(url, None)


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


def emulate_phone(driver: Any, width: int = 360, height: int = 740) -> None:
    """Make the page a phone's: a window can be no narrower than 500 px, so the viewport is emulated."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True}
    )


def console_errors(driver: Any) -> list[str]:
    """Console messages of level SEVERE since the last call (the log is drained by reading it)."""
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


@dataclass(frozen=True)
class QueryResult:
    urls: tuple[str, ...]  # result links in rank order, relative to the site root
    seconds: float  # from the start of navigation to the results shown
    search_seconds: float  # of which the search: loading the library and index chunks, searching, showing results
    bytes: int  # bytes sent by the server for this page and all it loaded (none for what the browser had cached)
    search_bytes: int  # of which the search: its script and the index files it fetched (assets/tim-kiem.js, chi-muc/)
    requests: int
    files: tuple[tuple[str, int], ...] = ()  # (path, bytes) of each file sent


def search_url(base_url: str, query: str, **filters: str) -> str:
    return base_url + "tim-kiem/?" + urllib.parse.urlencode({"q": query, **filters})


def wait_for_results(driver: Any, timeout: float = 20.0) -> str:
    """Wait until #ket-qua says the search is over; its final state ('done' or 'error')."""
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = driver.execute_script("var e = document.getElementById('ket-qua'); return e && e.getAttribute('data-state');")
        if state in ("done", "error"):
            return str(state)
        time.sleep(0.02)
    raise AssertionError(f"the search did not finish in {timeout} s (state {state!r})")


def results(driver: Any, base_url: str, sent: list[tuple[str, int]] | None = None) -> QueryResult:
    """The results shown on the search page; `sent`: the files the server sent for it (see `serve`)."""
    info = driver.execute_script(
        """
        var box = document.getElementById('ket-qua');
        return {
          links: Array.from(box.querySelectorAll('a.vb-result-link')).map(a => a.href),
          ms: Number(box.getAttribute('data-done-at')),
          searchMs: Number(box.getAttribute('data-search-ms')),
        };
        """
    )
    urls = tuple(u[len(base_url) :] if u.startswith(base_url) else u for u in info["links"])
    files = tuple(sent or ())
    return QueryResult(
        urls,
        info["ms"] / 1000.0,
        info["searchMs"] / 1000.0,
        sum(n for _, n in files),
        sum(n for path, n in files if path.startswith(("/chi-muc/", "/assets/tim-kiem.js"))),
        len(files),
        files,
    )


def run_query(driver: Any, base_url: str, query: str, **filters: str) -> QueryResult:
    """Open tim-kiem/?q=QUERY (and filters), wait for the results, return them in rank order with their cost."""
    log = _SERVED.get(base_url)
    mark = len(log) if log is not None else 0
    driver.get(search_url(base_url, query, **filters))
    state = wait_for_results(driver)
    if state != "done":
        raise AssertionError(f"the search for {query!r} failed: {driver.find_element('id', 'ket-qua').text}")
    return results(driver, base_url, log[mark:] if log is not None else None)


def first_query(site_dir: Path, query: str) -> QueryResult:
    """What a first-time visitor pays for one search on `site_dir`: a fresh browser with an empty cache."""
    with serve(site_dir) as base, chromium() as driver:
        return run_query(driver, base, query)

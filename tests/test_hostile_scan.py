"""Hostile payloads in every field, built into the real site with MkDocs; every file the build wrote is scanned.

The fixtures (tests/fixtures/hostile/) are official documents whose title, issuer, place, date, addressees,
citations, agencies, duties, deadlines, signer, recipients, dropped noise lines and Markdown structure carry
HTML, Markdown, Jinja, Mermaid and iCalendar payloads; copies of them get file names that are payloads too
(made here, as not every file system takes them), and a symbolic link points at a secret outside the source folder.
Every payload carries the marker XSS, so the scan can tell where source text ended up:

- HTML pages (every kind, whatever kinds exist at run time): the marker never in a tag or attribute name, never in
  an attribute that is a link, a style, an id or a class, never in a script or a style; no link to a javascript: or
  data: address; no inline event handler at all; Mermaid graphs only in the generator's own grammar;
- the data file: valid JSON, the payloads in it exactly as the documents wrote them;
- calendars: valid iCalendar, lines folded and escaped, the marker only inside text values;
- feeds and sitemaps (the compressed sitemap unpacked): well-formed XML, the marker only in text;
- search index fragments: no HTML element from a payload comes back as markup on the search page (browser test);
- nowhere: a Jinja expression evaluated, a file written outside the site folder, the linked secret.

A browser test then opens the pages of every kind and the search page in headless Chromium and checks that no
payload ran (alert, confirm, prompt are trapped) and no payload element is in the DOM.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from .conftest import FIXTURES, SOURCE, build_site, load_data, page_text

HOSTILE = FIXTURES / "hostile"
# file names that are payloads themselves -> the fixture copied under that name
RENAMED = {
    "<img src=x onerror=alert('XSS-FILE')>.txt": "cong-van-doc-hai.txt",
    "\" onmouseover=\"alert('XSS-FILE-QUOTE')\" {{ 1234*1000 }}.txt": "ky-tu-la.txt",
    "..\\..\\XSS-FILE-DOTDOT [x](javascript:alert(1)).md": "markdown-doc-hai.md",
}
SUBDIR = "..XSS-DIR"  # a folder whose name starts with two dots
SECRET = "XSS-SECRET-OUTSIDE: mật khẩu của máy dựng trang"
EVALUATED = "1234000"  # what {{ 1234*1000 }} would print if a template engine ran it
MARK = re.compile("xss", re.IGNORECASE)

# attributes whose value is shown as text (a tooltip, a label): source text may stand there, escaped
TEXT_ATTRIBUTES = {"title", "alt", "aria-label", "content", "value", "placeholder", "data-title", "label",
                   # the list's filter values and the column names of phone cards (read as text by assets/pages.js)
                   "data-province", "data-year", "data-type", "data-issuer", "data-label"}
LINK_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "xlink:href", "poster", "data", "background"}
BAD_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(site, the folder the site was built in): the fixtures, their renamed copies, a symbolic link to a secret
    outside the source folder, a file of noise only, and one seed so that hostile text meets real text."""
    root = tmp_path_factory.mktemp("hostile-scan")
    src = root / "src"
    src.mkdir()
    for f in sorted(HOSTILE.iterdir()):
        if f.suffix in {".txt", ".md"} and f.name.lower() != "readme.md":
            shutil.copy(f, src / f.name)
    for name, original in RENAMED.items():
        shutil.copy(HOSTILE / original, src / name)
    (src / SUBDIR).mkdir()
    shutil.copy(HOSTILE / "ke-hoach-doc-hai.txt", src / SUBDIR / "%2e%2e%2fXSS-FILE-ENC.txt")
    secret = root / "bi-mat.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    (src / "lien-ket.txt").symlink_to(secret)
    (src / "chi-co-dau-ky.txt").write_text("15:49:45\nThời gian ký: <script>alert('XSS-NOISE-ONLY')</script>\n", encoding="utf-8")
    shutil.copy(SOURCE / "001_1409461a94ad2694.txt", src / "001.txt")
    out = root / "out"
    out.mkdir()
    return build_site(src, out / "site"), out


@pytest.fixture(scope="module")
def hostile_site(hostile_build: tuple[Path, Path]) -> Path:
    return hostile_build[0]


def site_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file())


# --- the payloads reached every field --------------------------------------------------------------------------------


def test_payloads_reached_every_field(hostile_site: Path) -> None:
    """The scan means something only if the payloads were read into the fields it is about."""
    data = load_data(hostile_site)
    docs = data["documents"]
    blob = json.dumps(data, ensure_ascii=False)

    def some(field: str, needle: str) -> bool:
        return any(needle in json.dumps(d.get(field), ensure_ascii=False) for d in docs)

    assert some("title", "<script>alert('XSS-TITLE')</script>") and some("title", "{{ 1234*1000 }}")
    assert some("issuer", "<script>alert('xss-issuer')</script>")
    assert some("place", "onerror=alert('XSS-PLACE')")
    assert some("signer", "<SCRIPT>ALERT('XSS-SIGNER')</SCRIPT>")
    assert some("recipients", "<script>alert('XSS-RECIPIENT')</script>")
    assert some("addressees", "<img src=x onerror=alert('XSS-ADDRESSEE')>")
    assert some("citations", "<script>alert") and some("citations", "onerror=alert")
    assert some("tasks", "XSS-SUPPORT") and some("tasks", "XSS-CELL")
    assert some("source", "<img src=x onerror=alert('XSS-FILE')>.txt") and some("source", "..XSS-DIR/%2e%2e%2fXSS-FILE-ENC.txt")
    assert any("XSS-STAMP" in p["message"] for d in docs for p in d["problems"])
    assert any("XSS-AGENCY" in a["name"] for a in data["agencies"]) and any("XSS-TITLE-BREAK" in a["name"] for a in data["agencies"])
    assert "XSS-NOISE-ONLY" in blob  # the dropped lines of a file of noise only are listed
    calendars = "".join(p.read_text(encoding="utf-8") for p in hostile_site.rglob("*.ics"))
    assert "XSS-IFRAME" in calendars and "XSS-ICS-INJECT" in calendars
    assert any('class="mermaid"' in p.read_text(encoding="utf-8") for p in hostile_site.rglob("*.html"))
    assert "XSS-TITLE" in (hostile_site / "feed.xml").read_text(encoding="utf-8")


def test_payloads_shown_literally(hostile_site: Path) -> None:
    """On the page of the hostile plan, the payloads read exactly as the document wrote them."""
    doc = next(d for d in load_data(hostile_site)["documents"] if d["source"] == "ke-hoach-doc-hai.txt")
    text = " ".join(page_text(hostile_site, doc["url"]).split())
    for literal in [
        "<script>alert('XSS-TITLE')</script>", "{{ 1234*1000 }}", "[bấm](javascript:alert('XSS-TITLE-LINK'))",
        "{: #XSS-TITLE-ID }", "{% for i in range(3) %}XSS-JINJA{% endfor %}", "{# XSS-JINJA-COMMENT #}",
        '--8<-- "/etc/passwd" XSS-SNIPPET', "<!-- XSS-HTML-COMMENT -->", "[XSS-REF]: http://evil.example",
        "[^XSS-FOOTNOTE]", "[XSS]: viết tắt", "<svg onload=alert('XSS-HEADING')>", "& &amp; &lt;b&gt; < > \" ' \\ | * _ # [ ] ( ) ! { } ` ~ ^ = + $ % @",
        "%%{init: {\"securityLevel\": \"loose\"}}%% click n0 call alert('XSS-MERMAID')", "`XSS-CODE`",
        "PHÓ CHỦ TỊCH <SCRIPT>ALERT('XSS-SIGNER')</SCRIPT>", "Bộ Nội vụ <script>alert('XSS-RECIPIENT')</script>",
        # the card's issuer and place were escaped twice ("&lt;script&gt;alert\('xss\-issuer'\)" on the page)
        "Quảng Ngãi <script>alert('xss-issuer')</script>", "<img src=x onerror=alert('XSS-PLACE')>",
    ]:
        assert literal in text, literal


def test_nothing_outside_the_site(hostile_build: tuple[Path, Path]) -> None:
    """The build wrote only inside its site folder, and no page or data holds the file a link pointed to."""
    site, out = hostile_build
    assert sorted(p.name for p in out.iterdir()) == ["site"]
    for path in site_files(site):
        rel = path.relative_to(site).as_posix()
        assert not MARK.search(rel) or rel.startswith(("co-quan/", "data/lich/", "van-ban-goc/")), rel  # slugs only
        assert ".." not in rel.split("/"), rel
        assert "XSS-SECRET-OUTSIDE" not in path.read_bytes().decode("utf-8", errors="replace"), rel
    unreadable = {p["source"]: p for p in load_data(site)["unreadable"]}
    assert unreadable["lien-ket.txt"]["kind"] == "outside-source" and unreadable["lien-ket.txt"]["severity"] == "error"


# --- the scan --------------------------------------------------------------------------------------------------------


class _Scan(HTMLParser):
    """Every tag with its attributes, the text of scripts and styles, and the source of Mermaid graphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self.mermaid: list[str] = []
        self._raw: str | None = None  # "script", "style" or "mermaid" while inside one
        self._buf: list[str] = []
        self.text: list[str] = []  # what the page shows

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        classes = (dict(attrs).get("class") or "").split()
        if tag in {"script", "style"}:
            self._raw, self._buf = tag, []
        elif "mermaid" in classes:
            self._raw, self._buf = "mermaid", []

    def handle_endtag(self, tag: str) -> None:
        if self._raw in {"script", "style"} and tag == self._raw or self._raw == "mermaid" and tag in {"pre", "div"}:
            (self.mermaid if self._raw == "mermaid" else self.scripts).append("".join(self._buf))
            self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw:
            self._buf.append(data)
        else:
            self.text.append(data)


_MERMAID_LINE = re.compile(
    r'flowchart LR|    n\d+\[\["[^"<>`]*"\]\]|    n\d+\["[^"<>`]*"\]|    n\d+ --> n\d+|    n\d+ -->\|"(?:căn cứ|thực hiện|hướng dẫn|sửa đổi, bổ sung|thay thế|bãi bỏ|dẫn chiếu)"\| n\d+|    click n\d+ "(?:\.\./)*[a-z0-9/.-]*"'
)


def scan_html(rel: str, text: str) -> list[str]:
    found: list[str] = []
    scan = _Scan()
    scan.feed(text)
    scan.close()
    for tag, attrs in scan.tags:
        if MARK.search(tag):
            found.append(f"{rel}: element <{tag}>")
        for name, value in attrs:
            value = value or ""
            if MARK.search(name) or name.startswith("on"):
                found.append(f"{rel}: attribute {name}= on <{tag}>")
            if name in LINK_ATTRIBUTES and BAD_SCHEME.match(value):
                found.append(f"{rel}: {name}={value[:60]!r} on <{tag}>")
            if name in TEXT_ATTRIBUTES or name.startswith("aria-"):
                continue
            # ids, classes and links hold slugs (lower case ASCII), never the text itself
            if "XSS" in value or "<" in value and name != "style":
                found.append(f"{rel}: source text in {name}={value[:80]!r} on <{tag}>")
    shown = "".join(scan.text)
    if 'class="vb-' in shown:  # the generator's own markup escaped as if it were source text
        at = shown.index('class="vb-')
        found.append(f"{rel}: markup shown as text: {shown[max(0, at - 40) : at + 60]!r}")
    for body in scan.scripts:
        if MARK.search(body) or EVALUATED in body:
            found.append(f"{rel}: source text in a script or style: {body[:80]!r}")
    for graph in scan.mermaid:
        for line in html.unescape(graph).strip().splitlines():
            if not _MERMAID_LINE.fullmatch(line):
                found.append(f"{rel}: Mermaid line outside the generator's grammar: {line[:80]!r}")
    return found


_ICS_NAMES = {
    "BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "METHOD", "X-WR-CALNAME", "X-WR-TIMEZONE", "X-WR-CALDESC", "UID",
    "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "CATEGORIES", "URL", "LOCATION", "RRULE", "STATUS",
    "TRANSP", "SEQUENCE", "CLASS",
    "ACTION", "TRIGGER", "X-ORIGINAL-URL", "REFRESH-INTERVAL", "X-PUBLISHED-TTL",  # reminders; where to refresh from
}
_ICS_TEXT = {"SUMMARY", "DESCRIPTION", "CATEGORIES", "X-WR-CALNAME", "X-WR-CALDESC", "LOCATION"}


def scan_ics(rel: str, raw: bytes) -> list[str]:
    from icalendar import Calendar

    found: list[str] = []
    text = raw.decode("utf-8")
    if text and not text.endswith("\r\n"):
        found.append(f"{rel}: does not end with CRLF")
    physical = text.split("\r\n")[:-1]
    for line in physical:
        if "\r" in line or "\n" in line:
            found.append(f"{rel}: a bare line break inside a line: {line[:60]!r}")
        if len(line.encode("utf-8")) > 75:
            found.append(f"{rel}: line longer than 75 octets: {line[:60]!r}")
    logical: list[str] = []
    for line in physical:
        if line[:1] in {" ", "\t"} and logical:
            logical[-1] += line[1:]
        else:
            logical.append(line)
    events = 0
    for line in logical:
        name = re.split(r"[;:]", line, maxsplit=1)[0]
        if name not in _ICS_NAMES:
            found.append(f"{rel}: unexpected property {name[:40]!r}")
        if MARK.search(line) and name not in _ICS_TEXT:
            found.append(f"{rel}: source text in {name}: {line[:80]!r}")
        events += line == "BEGIN:VEVENT"
    if logical.count("END:VEVENT") != events or logical[:1] != ["BEGIN:VCALENDAR"] or logical[-1:] != ["END:VCALENDAR"]:
        found.append(f"{rel}: events or calendar not closed as opened")
    parsed = Calendar.from_ical(text)
    if len(parsed.walk("VEVENT")) != events:
        found.append(f"{rel}: {len(parsed.walk('VEVENT'))} events parsed, {events} written")
    return found


def scan_xml(rel: str, raw: bytes) -> list[str]:
    found: list[str] = []
    root = ET.fromstring(raw)
    for node in root.iter():
        if MARK.search(node.tag):
            found.append(f"{rel}: element {node.tag}")
        for name, value in node.attrib.items():
            if MARK.search(name) or (name in {"href", "src"} and (BAD_SCHEME.match(value) or "XSS" in value)):
                found.append(f"{rel}: attribute {name}={value[:60]!r}")
        if node.get("type") in {"html", "xhtml"} and node.text:
            found += scan_html(f"{rel} <{node.tag}>", node.text)
    return found


def scan_json(rel: str, raw: bytes) -> list[str]:
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if MARK.search(key):
                    found.append(f"{rel}: source text in a key {key[:60]!r}")
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(raw))
    return found


def test_scan_every_file(hostile_site: Path) -> None:
    """Every file of the built site, by kind; a kind the scan does not know must hold no source text at all."""
    found: list[str] = []
    kinds: dict[str, int] = {}
    for path in site_files(hostile_site):
        rel = path.relative_to(hostile_site).as_posix()
        raw = path.read_bytes()
        suffix = "".join(path.suffixes[-1:]).lower()
        if suffix == ".gz":  # sitemap.xml.gz: scanned as what it holds
            raw = gzip.decompress(raw)
            suffix = "".join(path.suffixes[-2:-1]).lower()
        kinds[suffix] = kinds.get(suffix, 0) + 1
        if EVALUATED.encode() in raw or b"XSS-JINJAXSS-JINJA" in raw:
            found.append(f"{rel}: a template expression from a document was evaluated")
        if suffix == ".html":
            found += scan_html(rel, raw.decode("utf-8"))
        elif suffix == ".ics":
            found += scan_ics(rel, raw)
        elif suffix == ".xml":
            found += scan_xml(rel, raw)
        elif suffix == ".json":
            found += scan_json(rel, raw)
        elif rel.startswith("van-ban-goc/"):
            # the source files as published ("Tải văn bản gốc"): source text by definition, so only where a browser
            # shows it as text or downloads it, never as a page (a .md or .html source ends in .txt)
            if suffix not in {".txt", ".pdf", ".doc", ".docx", ".odt", ".rtf"}:
                found.append(f"{rel}: an original file a browser could run")
        elif rel.startswith("assets/"):
            continue  # the site's own static files
        elif MARK.search(raw.decode("utf-8", errors="replace")):
            found.append(f"{rel}: source text in a file of a kind the scan does not know")
    assert kinds.get(".html", 0) > 20 and kinds.get(".ics", 0) > 3 and kinds.get(".json", 0) >= 1, kinds
    # the search index is JSON like the open data, and scanned as such: the documents' payloads are values in it
    assert any(p.relative_to(hostile_site).as_posix().startswith("chi-muc/t/") for p in site_files(hostile_site))
    assert kinds.get(".xml", 0) >= 3, kinds  # the feed, the sitemap and its compressed copy
    assert not found, "\n".join(found[:40])


def test_data_keeps_payloads_exactly(hostile_site: Path) -> None:
    """The open data carries what the documents wrote, byte for byte: JSON escaping is the only escaping."""
    docs = {d["source"]: d for d in load_data(hostile_site)["documents"]}
    plan = docs["ke-hoach-doc-hai.txt"]
    assert plan["title"] == (
        "Triển khai <script>alert('XSS-TITLE')</script> đậm {{ 1234*1000 }} [bấm](javascript:alert('XSS-TITLE-LINK')) "
        "{: #XSS-TITLE-ID } năm 2024"
    )
    assert "Bộ Nội vụ <script>alert('XSS-RECIPIENT')</script>" in plan["recipients"]
    assert docs["cong-van-doc-hai.txt"]["addressees"][0] == "Phòng Nội vụ thị xã <img src=x onerror=alert('XSS-ADDRESSEE')>"


# --- in the browser --------------------------------------------------------------------------------------------------

_TRAP = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
  window[name] = (...args) => { window.__xss.push(name + "(" + args.join(",") + ")"); };
}
"""
_INJECTED = (
    "[id*='XSS'], [class*='XSS'], iframe, object, embed, marquee, img[src='x'], [onerror], [onload]:not(body), "
    "[onmouseover], [ontoggle], [onclick], a[href^='javascript' i], details[open][ontoggle], style:not(head style)"
)


def test_no_payload_runs_in_the_browser(hostile_site: Path) -> None:
    """Pages of every kind and the search page, in headless Chromium: no payload runs, no payload element exists."""
    from .browser.harness import browser_available, chromium, serve, wait_for_results

    if not browser_available():
        if os.environ.get("CI"):
            pytest.fail("headless Chromium is required in CI (Debian: chromium chromium-driver)")
        pytest.skip("no chromium / chromedriver here")
    # of every kind of page (first folder of its address), the one that shows the most payloads; and every page
    # with a chain graph (Mermaid renders it in the browser)
    pages: dict[str, tuple[int, str]] = {}
    for path in site_files(hostile_site):
        rel = path.relative_to(hostile_site).as_posix()
        if path.name == "index.html" and not rel.startswith("assets/"):
            text = path.read_text(encoding="utf-8")
            key = rel if 'class="mermaid"' in text else rel.split("/")[0]
            pages[key] = max(pages.get(key, (-1, "")), (text.count("XSS"), rel))
    with serve(hostile_site) as base, chromium() as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _TRAP})
        visits = [base + rel.removesuffix("index.html") for _, rel in sorted(pages.values())]
        visits += [base + "tim-kiem/?q=XSS", base + "tim-kiem/?q=onerror+alert"]
        for url in visits:
            driver.get(url)
            if "tim-kiem/" in url:
                wait_for_results(driver)
                driver.execute_script("document.getElementById('vb-loc').open = true;")
            driver.execute_script("window.scrollTo(0, document.body.scrollHeight);")
            ran = driver.execute_script(
                "return new Promise(r => setTimeout(() => r([window.__xss, "
                f"[...document.querySelectorAll({json.dumps(_INJECTED)})].map(e => e.outerHTML.slice(0, 120))]), 300));"
            )
            assert ran == [[], []], f"{url}: {ran}"
        assert len(visits) >= 8


# --- isolation: one bad file among many ------------------------------------------------------------------------------


def _docx_bytes(text: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_one_bad_file_among_many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Seeds and corpus-extra documents with broken files among them (a Word file cut short, a PDF that is not one,
    binary data, a file of noise only, a file whose parsing raises): every good document is published and every
    bad file is listed, with its name, on the data-quality page and in the open data."""
    import generator.pipeline as pipeline

    src = tmp_path / "src"
    src.mkdir()
    good = [SOURCE / name for name in sorted(p.name for p in SOURCE.glob("*.txt"))]
    good += sorted((FIXTURES / "corpus-extra").glob("16[5-6]*.txt"))
    for f in good:
        shutil.copy(f, src / f.name)
    seed_text = (SOURCE / "001_1409461a94ad2694.txt").read_text(encoding="utf-8")
    (src / "cat-ngang.docx").write_bytes(_docx_bytes(seed_text)[:3000])
    (src / "gia.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n" + bytes(range(256)) * 8)
    (src / "nhi-phan.txt").write_bytes(bytes(range(256)) * 40)
    (src / "chi-co-dau-ky.txt").write_text("15:49:45\nThời gian ký: 25/03/2020\n-----\n", encoding="utf-8")
    shutil.copy(SOURCE / "004_a9e489f4bcb41d29.txt", src / "lam-hong.txt")
    shutil.copy(SOURCE / "002_8cf60df9837816bd.txt", src / "cham.txt")
    real = pipeline.normalize

    def breaks(source: Any) -> Any:
        if source.path == "lam-hong.txt":
            raise RuntimeError("hỏng giữa chừng")
        if source.path == "cham.txt":  # a stage that would run for ever on this file
            time.sleep(600)
        return real(source)

    monkeypatch.setattr(pipeline, "normalize", breaks)
    monkeypatch.setenv("VANBAN_JOBS", "1")  # the patch lives in this process
    monkeypatch.setenv("VANBAN_CACHE_DIR", "")
    monkeypatch.setenv("VANBAN_FILE_SECONDS", "3")
    site = build_site(src, tmp_path / "site")

    data = load_data(site)
    published = {d["source"] for d in data["documents"]}
    assert published == {f.name for f in good}
    unreadable: dict[str, set[str]] = {}
    for p in data["unreadable"]:
        unreadable.setdefault(p["source"], set()).add(p["kind"])
    assert set(unreadable) == {"cat-ngang.docx", "gia.pdf", "nhi-phan.txt", "chi-co-dau-ky.txt", "lam-hong.txt", "cham.txt"}
    assert unreadable["lam-hong.txt"] == {"crash"} and unreadable["nhi-phan.txt"] == {"binary"}
    assert unreadable["chi-co-dau-ky.txt"] == {"noise", "empty"}  # its dropped lines are listed, and why nothing is left
    assert unreadable["cham.txt"] == {"timeout"}
    quality = " ".join(page_text(site, "chat-luong-du-lieu").split())
    for name in ("cat-ngang.docx", "gia.pdf", "nhi-phan.txt", "chi-co-dau-ky.txt", "lam-hong.txt", "cham.txt", "15:49:45", "quá 3 giây"):
        assert name in quality, name


# --- the time budget -------------------------------------------------------------------------------------------------

# (a+)+$ on "aaaa...b": the textbook catastrophic pattern, standing for one no test has found yet
_CATASTROPHIC = r"^(\d+)+$"
_SLOW_LINE = "1" * 40 + "x"


def test_time_budget_stops_a_runaway_pattern() -> None:

    from generator.guard import Overrun, time_budget

    with pytest.raises(Overrun), time_budget(0.5):  # without the budget: 2^40 steps, the test would never end
        re.match(_CATASTROPHIC, _SLOW_LINE)


def test_time_budget_leaves_normal_work_alone() -> None:
    import signal
    import threading

    from generator.guard import can_interrupt, time_budget

    before = signal.getsignal(signal.SIGALRM)
    with time_budget(5):
        assert len(re.findall(r"\d+", "Kế hoạch số 53/KH-UBND ngày 23/3/2022")) == 4
    assert signal.getsignal(signal.SIGALRM) == before and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    seen: list[bool] = []
    thread = threading.Thread(target=lambda: seen.append(can_interrupt()))
    thread.start()
    thread.join()
    assert seen == [False]  # another thread cannot take signals: no budget there, and no error either


def test_budget_problem_is_clear() -> None:
    from generator.guard import file_seconds, overrun_problem

    problem = overrun_problem("van-ban/la.txt", 60)
    assert problem.kind == "timeout" and problem.severity == "error" and problem.source == "van-ban/la.txt"
    assert "quá 60 giây" in problem.message and "không được đăng" in problem.message
    assert file_seconds() > 0


def test_a_file_over_its_budget_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through `parse_file`: a pattern that backtracks for ever on one file's line stops that file only."""
    from generator import normalize as normalize_module
    from generator.guard import Overrun, time_budget
    from generator.pipeline import parse_file

    shutil.copy(SOURCE / "001_1409461a94ad2694.txt", tmp_path / "tot.txt")
    (tmp_path / "la.txt").write_text("KẾ HOẠCH\n" + _SLOW_LINE + "\n", encoding="utf-8")
    monkeypatch.setattr(normalize_module, "_STAMP_TIME", re.compile(_CATASTROPHIC))
    with pytest.raises(Overrun), time_budget(1):  # not caught by the pipeline's "except Exception"
        parse_file(tmp_path / "la.txt", tmp_path)
    with time_budget(30):
        docs, problems = parse_file(tmp_path / "tot.txt", tmp_path)
    assert docs and not problems


def test_pipeline_reports_a_file_over_its_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import normalize as normalize_module
    from generator.pipeline import build_corpus

    shutil.copy(SOURCE / "001_1409461a94ad2694.txt", tmp_path / "tot.txt")
    # 28 digits: about 28 s of backtracking without the budget here (2^28 steps), far over the budget of 1 s even
    # on a machine ten times faster, and the test still ends if the budget fails
    (tmp_path / "la.txt").write_text("KẾ HOẠCH\n" + "1" * 28 + "x\n", encoding="utf-8")
    monkeypatch.setattr(normalize_module, "_STAMP_TIME", re.compile(_CATASTROPHIC))
    monkeypatch.setenv("VANBAN_FILE_SECONDS", "1")
    corpus = build_corpus(tmp_path, jobs=1)
    assert [d.source for d in corpus.documents] == ["tot.txt"]
    assert [(p.source, p.kind) for p in corpus.problems] == [("la.txt", "timeout")]


def _slow_corpus(src: Path) -> set[str]:
    """The seeds and corpus-extra documents (enough files for the worker processes), and a copy of a seed named
    cham.txt that the tests below make run for ever. Returns the names of the good files."""
    src.mkdir()
    good = sorted(SOURCE.glob("*.txt")) + sorted((FIXTURES / "corpus-extra").glob("16*.txt"))
    for f in good:
        shutil.copy(f, src / f.name)
    shutil.copy(SOURCE / "003_07f4626c6b9d6a58.txt", src / "cham.txt")
    return {f.name for f in good}


def _stall_on(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make the normaliser sleep for ever on one file (in this process and in the worker processes it forks)."""
    import generator.pipeline as pipeline

    real = pipeline.normalize

    def stall(source: Any) -> Any:
        if source.path == name:
            time.sleep(600)
        return real(source)

    monkeypatch.setattr(pipeline, "normalize", stall)


def test_worker_processes_stop_a_file_over_its_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In the worker processes of the parallel pipeline as in the build's own: the slow file is stopped and listed,
    every other document is published, the workers go on with the next files."""
    import multiprocessing

    import generator.pipeline as pipeline

    good = _slow_corpus(tmp_path / "src")
    assert len(good) + 1 >= pipeline.PARALLEL_MIN_FILES
    _stall_on(monkeypatch, "cham.txt")
    monkeypatch.setattr(pipeline, "_context", lambda: multiprocessing.get_context("fork"))  # the patch reaches the workers
    monkeypatch.setenv("VANBAN_FILE_SECONDS", "2")
    loaded = pipeline.load_corpus(tmp_path / "src", jobs=2)
    assert loaded.stats.workers == 2
    assert {d.source for d in loaded.corpus.documents} == good
    assert [(p.source, p.kind, p.severity) for p in loaded.corpus.problems] == [("cham.txt", "timeout", "error")]
    assert "quá 2 giây" in loaded.corpus.problems[0].message


def test_a_file_over_its_budget_is_tried_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A timeout is not cached: whether a file runs out of time depends on the machine's load as much as on the
    file. The next build parses that file again (and only that file) and publishes it once it is in time."""
    import generator.pipeline as pipeline

    good = _slow_corpus(tmp_path / "src")
    cache = tmp_path / "cache"
    monkeypatch.setenv("VANBAN_FILE_SECONDS", "2")
    with monkeypatch.context() as patch:
        _stall_on(patch, "cham.txt")
        first = pipeline.load_corpus(tmp_path / "src", cache_dir=cache, jobs=1)
    assert {d.source for d in first.corpus.documents} == good
    assert [(p.source, p.kind) for p in first.corpus.problems] == [("cham.txt", "timeout")]
    assert _cached(cache) == len(good)  # every file but the stopped one

    again = pipeline.load_corpus(tmp_path / "src", cache_dir=cache, jobs=1)
    assert (again.stats.parsed, again.stats.cached) == (1, len(good))
    assert {d.source for d in again.corpus.documents} == good | {"cham.txt"} and not again.corpus.problems
    assert _cached(cache) == len(good) + 1


@pytest.mark.parametrize(
    ("seconds", "guarded"),
    [("", True), ("60", True), ("0", False), ("không phải số", True), ("-5", False)],
)
def test_budget_from_the_environment(monkeypatch: pytest.MonkeyPatch, seconds: str, guarded: bool) -> None:
    """$VANBAN_FILE_SECONDS: a number of seconds, 0 (or less) for none; anything else is the default."""
    from generator.guard import DEFAULT_SECONDS, file_seconds

    monkeypatch.setenv("VANBAN_FILE_SECONDS", seconds)
    value = file_seconds()
    assert (value > 0) == guarded
    if seconds in {"", "không phải số"}:
        assert value == DEFAULT_SECONDS


def _cached(cache: Path) -> int:
    """How many entries the parse cache's packs hold."""
    from generator.pipeline import ParseCache

    parse = ParseCache(cache)
    return sum(1 for pack in parse.packs() for _ in parse.records(pack))

"""No broken internal link anywhere in the built site: every href and src of every page, and every link of the
feed, leads to a file of the site, and every #anchor to an id on the target page.

Read from the built files (no browser needed, so it runs wherever the site builds), for the seed site and the
corpus-extra site.
"""

from __future__ import annotations

import html.parser
import posixpath
import urllib.parse
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest

SKIP_SCHEMES = ("http:", "https:", "mailto:", "tel:", "data:", "javascript:", "blob:")


class _Page(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag != "meta" else ():
            if values.get(name):
                self.ids.add(str(values[name]))
        for name in ("href", "src"):
            if values.get(name) is not None and not (tag == "link" and values.get("rel") in ("preconnect", "dns-prefetch")):
                self.links.append(str(values[name]))


@cache
def parse(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def page_url(site: Path, path: Path) -> str:
    """'van-ban/x/index.html' -> '/van-ban/x/index.html': the URL a browser has for the file."""
    return "/" + path.relative_to(site).as_posix()


def check(site: Path, source: str, link: str) -> str | None:
    """Why `link`, found in the file at URL `source`, is broken; None when it leads somewhere."""
    link = link.strip()
    if not link or link.startswith(SKIP_SCHEMES) or link.startswith("//"):
        return None
    parts = urllib.parse.urlsplit(link)
    target = parts.path
    if not target:
        target = source
    elif not target.startswith("/"):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), urllib.parse.unquote(target)))
        if parts.path.endswith("/") and not target.endswith("/"):
            target += "/"
    if target.startswith("/.."):
        return "leaves the site"
    file = site / target.lstrip("/")
    if target.endswith("/") or file.is_dir():
        file = file / "index.html"
    if not file.is_file():
        return f"no file {file.relative_to(site)}"
    if parts.fragment and file.suffix == ".html":
        anchor = urllib.parse.unquote(parts.fragment)
        if anchor not in parse(file).ids:
            return f"no id {anchor!r} in {file.relative_to(site)}"
    return None


def broken_links(site: Path) -> list[str]:
    broken = []
    for path in sorted(site.rglob("*.html")):
        source = page_url(site, path)
        for link in parse(path).links:
            why = check(site, source, link)
            if why:
                broken.append(f"{source}: {link} ({why})")
    return broken


@pytest.mark.parametrize("which", ["seed_site", "extra_site"])
def test_no_broken_internal_link(request: pytest.FixtureRequest, which: str) -> None:
    site: Path = request.getfixturevalue(which)
    pages = list(site.rglob("*.html"))
    assert len(pages) > 5
    broken = broken_links(site)
    assert not broken, f"{len(broken)} broken links, first ones:\n" + "\n".join(broken[:30])


def test_feed_links_lead_to_pages(seed_site: Path) -> None:
    root = ET.parse(seed_site / "feed.xml").getroot()
    hrefs = [e.get("href") or "" for e in root.iter("{http://www.w3.org/2005/Atom}link")]
    assert len(hrefs) > 3
    for href in hrefs:
        assert check(seed_site, "/feed.xml", href) is None, href


@pytest.mark.parametrize(
    ("link", "broken"),
    [
        ("../../../../van-ban/", False),  # a generated page's relative link to the list
        ("../../../../van-ban/khong-co-trang-nay/", True),  # a page that was not built
        ("#muc-i", False),  # an anchor of plan 53 (section I)
        ("#khong-co-muc-nay", True),  # an anchor that no heading has
        ("../../../../assets/vanban.css", False),  # a static file
        ("https://example.org/", False),  # outside the site: not checked here
    ],
)
def test_checker_tells_broken_from_sound(seed_site: Path, link: str, broken: bool) -> None:
    from ..conftest import load_data

    plan = next(d for d in load_data(seed_site)["documents"] if d["reference"] == "53/KH-UBND")
    source = "/" + plan["url"] + "index.html"
    assert (check(seed_site, source, link) is not None) is broken

"""Long listings split into pages of a bounded number of rows, with a pager: a page that held every row of the
corpus would grow with it (the undated deadlines were 2 MB at 1,000 documents), and MkDocs' cost grows with it.

The first page keeps the listing's address (`van-ban/index.md`, `moc-thoi-gian/2024.md`); the next ones are
`trang-2.md`, `trang-3.md` ... beside it (`van-ban/trang-2.md`, `moc-thoi-gian/2024/trang-2.md`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from ..addresses import listing_file, page_url
from ..textutil import slugify, unique_id
from .markdown import Safe, page_link

T = TypeVar("T")


listing_uri = listing_file  # src_uri of page `page` (from 1) of a listing whose first page is `first`


@dataclass(frozen=True)
class Pager:
    page: int
    count: int
    prev: Safe | None
    next: Safe | None
    links: list[tuple[str, Safe | None]]  # (label, link); no link for the current page and for "…"


def pager(first: str, page: int, count: int) -> Pager:
    """Links to the first, last and nearby pages: a constant number whatever the number of pages."""
    shown = sorted({1, count, *range(max(1, page - 2), min(count, page + 2) + 1)})
    links: list[tuple[str, Safe | None]] = []
    last = 0
    for k in shown:
        if k - last > 1:
            links.append(("…", None))
        links.append((str(k), None if k == page else Safe(page_link(listing_uri(first, k)))))
        last = k
    prev = Safe(page_link(listing_uri(first, page - 1))) if page > 1 else None
    nxt = Safe(page_link(listing_uri(first, page + 1))) if page < count else None
    return Pager(page, count, prev, nxt, links)


def pager_markdown(p: Pager) -> Safe:
    """The pager as a paragraph of links (empty for a one-page listing)."""
    if p.count <= 1:
        return Safe("")
    parts = [f"[← Trang trước]({p.prev})"] if p.prev else []
    parts += [f"[{label}]({href})" if href else f"**{label}**" for label, href in p.links]
    parts += [f"[Trang sau →]({p.next})"] if p.next else []
    return Safe(f"\nTrang {p.page}/{p.count}: " + " · ".join(parts) + "\n{: .vb-pager }\n")


def chunks(items: list[T], size: int) -> list[list[T]]:
    """`items` in runs of `size` (one empty run for no items: a listing always has its first page)."""
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def chunks_from_end(items: list[T], size: int) -> list[list[T]]:
    """`items` in runs of `size` counted from the last item (the first run holds the rest): in a list newest first,
    a new item among the newest changes the first run only, not every run after it."""
    cut = len(items) % size or size
    return [items[:cut]] + [items[i : i + size] for i in range(cut, len(items), size)]


@dataclass(frozen=True)
class Group(Generic[T]):
    """A heading and its rows, as a listing shows them."""

    label: str
    anchor: str  # HTML id of the heading ("" for none)
    rows: list[T]
    href: Safe | None = None  # what the heading links to, if anything
    note: str | None = None  # a line under the heading (a document's title)


@dataclass(frozen=True)
class Part(Generic[T]):
    """The rows of one group that stand on one page."""

    label: str  # the group's label, "(tiếp theo)" added when the group began on an earlier page
    anchor: Safe
    rows: list[T]
    first: bool  # the group begins on this page
    href: Safe | None = None
    note: str | None = None


@dataclass(frozen=True)
class ListingPage(Generic[T]):
    uri: str  # src_uri of this page
    url: str  # its URL, for links relative to it
    page: int
    count: int
    parts: list[Part[T]]
    pager: Safe


@dataclass(frozen=True)
class Listing(Generic[T]):
    pages: list[ListingPage[T]]
    index: list[tuple[str, Safe, int]]  # (group label, link to where it begins, rows): for the first page

    def index_on(self, page: ListingPage[T]) -> list[tuple[str, Safe, int]]:
        """The index of groups, for the first page of a listing of several pages and groups."""
        return self.index if page.page == 1 and page.count > 1 and len(self.index) > 1 else []


def paginate(first: str, groups: list[Group[T]], size: int) -> Listing[T]:
    """Split grouped rows into pages of at most `size` rows; a group may run over several pages."""
    flat = [(g, row) for g in groups for row in g.rows]
    runs = chunks(flat, size)
    starts: dict[int, int] = {}
    pages: list[ListingPage[T]] = []
    for n, run in enumerate(runs, start=1):
        uri = listing_uri(first, n)
        parts: list[Part[T]] = []
        last: Group[T] | None = None
        for g, row in run:
            if g is not last:
                begins = id(g) not in starts
                starts.setdefault(id(g), n)
                label = g.label if begins else f"{g.label} (tiếp theo)"
                parts.append(Part(label, Safe(g.anchor), [], begins, g.href, g.note))
                last = g
            parts[-1].rows.append(row)
        pages.append(ListingPage(uri, page_url(uri), n, len(runs), parts, pager_markdown(pager(first, n, len(runs)))))
    index = [
        (g.label, Safe(page_link(listing_uri(first, starts[id(g)]), g.anchor or None)), len(g.rows))
        for g in groups
        if id(g) in starts
    ]
    return Listing(pages, index)


def anchors(labels: list[str], prefix: str = "") -> list[str]:
    """A unique HTML id for each label: its slug, '-2', '-3' ... after a repeat."""
    used: set[str] = set()
    out = []
    for label in labels:
        out.append(unique_id(prefix + (_slug(label) or "muc"), used))
    return out


@lru_cache(maxsize=32768)
def _slug(label: str) -> str:
    # the same labels again and again: a document's heading on the page of each agency it gives duties to
    return slugify(label)

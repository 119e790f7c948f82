"""Rendering stays linear in the corpus: listings that grow with it (timeline, agencies, cited instruments) are
split into pages of LIST_PAGE_SIZE rows with every row kept, exactly once, and every link and anchor valid; lookups
are built once (render/index.py) and give what a scan of the corpus gives."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

import pytest

import generator.render.pages as pages
from generator.addresses import page_file, page_url
from generator.pipeline import build_corpus
from generator.render.index import build_index
from generator.render.markdown import relative_url
from generator.resolve import ResolvedCorpus, resolve

from .conftest import ROOT, SOURCE

SMALL = 3  # rows to a page in the split site: the seeds' listings all run over several pages


@pytest.fixture(scope="module")
def resolved() -> ResolvedCorpus:
    return resolve(build_corpus(SOURCE))


@pytest.fixture(scope="module")
def whole(resolved: ResolvedCorpus) -> dict[str, str]:
    return pages.render_site(resolved)


@pytest.fixture(scope="module")
def split(resolved: ResolvedCorpus) -> dict[str, str]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pages, "LIST_PAGE_SIZE", SMALL)
        return pages.render_site(resolved)


def _pages_of(files: dict[str, str], first: str) -> list[str]:
    """The pages of a listing in order: its first page, then trang-2, trang-3 ..."""
    base = first[: -len("index.md")] if first.endswith("/index.md") else first[: -len(".md")] + "/"
    more = sorted((int(m.group(1)), uri) for uri in files if (m := re.fullmatch(re.escape(base) + r"trang-(\d+)\.md", uri)))
    return [first] + [uri for _, uri in more]


_PART = re.compile(r"^\| \[[^\]]+\]\(/([^)#\s]+\.md)\) \| \d+ \|$", re.M)  # a divided listing's row: a part, its rows


def _listings_of(files: dict[str, str], first: str) -> list[list[str]]:
    """The listings a listing is made of, in order, each as its pages: itself, or, when it is divided into parts (a
    year by month, a jurisdiction by year ...), the listings of its parts, each at an address under its own."""
    base = first[: -len("index.md")] if first.endswith("/index.md") else first[: -len(".md")] + "/"
    parts = [uri for uri in _PART.findall(files[first]) if uri.startswith(base)]
    if not parts:
        return [_pages_of(files, first)]
    assert _pages_of(files, first) == [first], first  # a divided listing has no pages of its own
    return [pages_ for uri in parts for pages_ in _listings_of(files, uri)]


def _timeline_rows(text: str) -> list[str]:
    # a row's link is relative to its page: compare rows without it
    return [re.sub(r' href="[^"]*"', "", row) for row in re.findall(r'<tr class="vb-deadline".*?</tr>', text)]


def _duty_rows(text: str) -> list[str]:
    # an agency's duties, a table of HTML per document (the year tables' rows are <tr class="vb-deadline">)
    return [re.sub(r' href="[^"]*"', "", row) for row in re.findall(r"<tr><td>.*?</tr>", text)]


_HEADS = ("| Vai trò |", "| Cơ quan |", "| Văn bản |", "| Tháng |", "| Địa bàn |", "| Cấp ban hành |")
_INDEX_ROW = re.compile(r"\]\(/[^)]*#(?:dia-ban-|cap-|thang-|khong-co-ngay)")  # the first page's index of groups


def _table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| ") and not line.startswith(_HEADS) and not _INDEX_ROW.search(line)]


def _citing_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("#### ")]  # under "### <relation>" headings


# (listing, its first page, how its rows are read): one of each kind that grows with the corpus
LISTINGS: list[tuple[str, str, Callable[[str], list[str]]]] = [
    ("deadlines of a year", "moc-thoi-gian/2022.md", _timeline_rows),
    ("deadlines of a jurisdiction", "moc-thoi-gian/dia-ban/lao-cai.md", _timeline_rows),
    ("undated deadlines", "moc-thoi-gian/khong-ngay.md", _timeline_rows),
    ("duties of an agency", "co-quan/quang-ngai--so-noi-vu.md", _duty_rows),
    ("agencies by jurisdiction", "co-quan/index.md", _table_rows),
    ("documents citing a national instrument", "van-ban-dan-chieu/trung-uong/phap-lenh-34-2007-pl-ubtvqh11.md", _citing_rows),
    ("cited instruments by level", "van-ban-dan-chieu/index.md", _table_rows),
]


@pytest.mark.parametrize(("what", "first", "rows"), LISTINGS, ids=[x[0] for x in LISTINGS])
def test_listing_split_keeps_every_row_once(
    whole: dict[str, str], split: dict[str, str], what: str, first: str, rows: Callable[[str], list[str]]
) -> None:
    assert _listings_of(whole, first) == [[first]]  # the seeds' site is small: one page each
    expected = rows(whole[first])
    got: list[str] = []
    listings = _listings_of(split, first)
    for chunks in listings:
        mine: list[str] = []
        for n, uri in enumerate(chunks, start=1):
            on_page = rows(split[uri])
            assert 0 < len(on_page) <= SMALL, uri
            mine.extend(on_page)
            if len(chunks) > 1:
                assert f"Trang {n}/{len(chunks)}" in split[uri]
        rest = iter(expected)
        assert all(row in rest for row in mine), chunks  # each listing in the order of the whole one
        got.extend(mine)
    assert len(expected) > SMALL and sum(map(len, listings)) > 1
    if what.startswith(("deadlines", "undated")):
        # divided by month, then jurisdiction (a year), by year then month (a jurisdiction), by jurisdiction and
        # year of their document (the undated ones): the same rows, grouped, the months in order
        assert sorted(got) == sorted(expected)
        months = [m[:7] for row in got if (m := _due(row))]
        assert months == sorted(months)
    else:
        assert got == expected


def _due(row: str) -> str:
    m = re.search(r'data-due="([0-9-]+)"', row)
    return m.group(1) if m else ""


def test_timeline_listings_are_divided_where_a_new_document_changes_few_pages(split: dict[str, str]) -> None:
    """A year of deadlines longer than a page is a page per month, a long month a page per jurisdiction (where that
    makes few more pages), a jurisdiction's a page per year, the undated ones a page per jurisdiction and year of their
    document: a new document's deadlines change the pages of their own months, not every page after them (the
    year-end deadlines of 10,000 documents were 30 pages of one month)."""
    year = [p[0] for p in _listings_of(split, "moc-thoi-gian/2022.md")]
    assert year[:2] == ["moc-thoi-gian/2022/thang-01.md", "moc-thoi-gian/2022/thang-02.md"]
    assert "moc-thoi-gian/2022/thang-03/quang-ngai.md" in year  # 7 rows (3 pages), 3 jurisdictions: 4 pages
    assert "moc-thoi-gian/dia-ban/quang-ngai/2022.md" in [p[0] for p in _listings_of(split, "moc-thoi-gian/dia-ban/quang-ngai.md")]
    assert "moc-thoi-gian/khong-ngay/quang-ngai/van-ban-nam-2022.md" in [p[0] for p in _listings_of(split, "moc-thoi-gian/khong-ngay.md")]
    months = 0
    for pages_ in _listings_of(split, "moc-thoi-gian/2022.md"):
        for uri in pages_:
            m = re.match(r"moc-thoi-gian/2022/thang-(\d\d)(/quang-ngai)?", uri)
            assert m, uri
            months += 1  # a month's page holds that month only, a jurisdiction's month that jurisdiction only
            assert set(re.findall(r"^## (Tháng \d+/\d+)", split[uri], re.M)) == {f"Tháng {int(m.group(1))}/2022"}, uri
            if m.group(2):
                labels = re.findall(r'<td data-label="Văn bản"><a href="[^"]*">([^<]+)</a>', split[uri])
                assert labels and all("(Quảng Ngãi, " in label for label in labels), uri
    assert months > 10


def test_a_month_is_divided_only_where_that_makes_few_more_pages() -> None:
    """Dividing a month of 5 rows to a page by jurisdiction: 4 jurisdictions of 3 rows (12 rows, 3 pages) would be 4
    pages, divided; 12 jurisdictions of a row each would be 12, not divided."""
    from datetime import date

    from generator.models import Deadline, Place
    from generator.render.timeline import Entry, timeline_pages

    from .factories import make_document

    due = date(2024, 12, 31)
    deadline = Deadline(due, "day", None, (), "trước ngày 31/12/2024", Place("", 0, 0, 0, 1))

    def entry(n: int, jurisdiction: str) -> Entry:
        return Entry(due, deadline, 0, make_document(id=f"d{n:02d}", url=f"d{n:02d}/", jurisdiction=jurisdiction), ())

    few = [entry(n, f"Tỉnh {n % 4}") for n in range(12)]
    many = [entry(n, f"Tỉnh {n}") for n in range(12)]
    env = pages.environment()
    assert "moc-thoi-gian/2024/thang-12/tinh-0.md" in timeline_pages(env, few, 5)
    got = timeline_pages(env, many, 5)
    assert "moc-thoi-gian/2024/thang-12/trang-3.md" in got and not any(u.startswith("moc-thoi-gian/2024/thang-12/tinh") for u in got)


def test_split_pages_link_only_to_pages_and_anchors_that_exist(split: dict[str, str]) -> None:
    """What `mkdocs build --strict` checks, on the Markdown: pager links, and the first page's index of months,
    jurisdictions and levels pointing at the page where each begins."""
    checked = 0
    for uri, text in split.items():
        if not uri.endswith(".md"):
            continue
        for target, anchor in re.findall(r"\]\(/([^)#\s]+\.md)(?:#([\w-]+))?", text):
            assert target in split or (ROOT / "docs" / target).is_file(), (uri, target)
            if anchor and anchor.startswith(("thang-", "khong-co-ngay", "dia-ban-", "cap-", "nam-")):
                assert f"{{ #{anchor} }}" in split[target], (uri, target, anchor)
                checked += 1
    assert checked > 10


def test_month_index_points_to_the_page_where_the_month_begins(split: dict[str, str]) -> None:
    first = split["moc-thoi-gian/dia-ban/quang-ngai/2022.md"]  # a year of a jurisdiction, on pages, by month
    pattern = r"^\| \[(Tháng \d+/2022)\]\(/(moc-thoi-gian/dia-ban/quang-ngai/2022(?:/trang-\d+)?\.md)#(thang-\d\d-2022)\)"
    links = re.findall(pattern, first, re.M)
    assert len(links) > 3
    for label, target, anchor in links:
        assert f"## {label} {{ #{anchor} }}" in split[target]  # begins there: no "(tiếp theo)"


def test_agency_page_lists_its_collectives_duties(whole: dict[str, str]) -> None:
    """A member's own work includes the duties given to its collective (issue 18: staff of Sở Nội vụ look for what
    their agency must do on its page), each said to be given to the group; rows stay in pages of LIST_PAGE_SIZE."""
    page = whole["co-quan/quang-ngai--so-noi-vu.md"]
    own = page.split("## Việc cơ quan phải làm", 1)[1].split("## Việc cơ quan phối hợp", 1)[0]
    assert own.count("giao chung cho «Các sở, ban, ngành tỉnh»") >= 5
    assert "/data/lich/quang-ngai--so-noi-vu.ics" in page
    group = whole["co-quan/quang-ngai--cac-so-ban-nganh.md"]
    assert group.count("<tr><td>Được giao</td>") + group.count("<tr><td>Tham mưu</td>") >= 5  # and on the collective's page


def test_index_lookups_agree_with_scans(resolved: ResolvedCorpus) -> None:
    ix = build_index(resolved)
    for doc in resolved.documents:
        scanned = next((i for i in resolved.instruments if i.document == doc.id), None)
        assert ix.own.get(doc.id) == scanned
    for agency in resolved.agencies:
        scanned_docs = [d.id for d in resolved.documents if any(rd.agency == agency.id for rd in resolved.duties.get(d.id, ()))]
        assert [d.id for d, _ in ix.duties.get(agency.id, ())] == scanned_docs


@pytest.mark.parametrize(
    ("here", "there", "expected"),
    [
        ("moc-thoi-gian/2022/", "van-ban/quang-ngai/2022/ke-hoach-53-kh-ubnd/", "../../van-ban/quang-ngai/2022/ke-hoach-53-kh-ubnd/"),
        ("moc-thoi-gian/2022/trang-2/", "van-ban/lao-cai/2022/ke-hoach-13-kh-ubnd/", "../../../van-ban/lao-cai/2022/ke-hoach-13-kh-ubnd/"),
        ("van-ban/quang-ngai/2022/ke-hoach-53-kh-ubnd/", "van-ban/quang-ngai/2022/ke-hoach-53-kh-ubnd/", "./"),
        ("van-ban/duc-pho/2022/cong-van-560-ubnd/", "van-ban/quang-ngai/2022/ke-hoach-53-kh-ubnd/", "../../../quang-ngai/2022/ke-hoach-53-kh-ubnd/"),
        ("moc-thoi-gian/2022/", "moc-thoi-gian/", "../"),
        ("", "van-ban/", "van-ban/"),
    ],
)
def test_relative_url(here: str, there: str, expected: str) -> None:
    assert relative_url(here, there) == expected


def test_documents_citing_a_document_run_over_pages_beside_it(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A plan that every later plan implements would list them all on its own page: past LIST_PAGE_SIZE the rest
    go to pages beside it (…/ke-hoach-2-kh-ubnd/trang-2.md), each citing document once, in the same order."""
    from bench.corpus import generate

    src = generate(60, tmp_path_factory.mktemp("synthetic"))[0].parent
    resolved = resolve(build_corpus(src))
    ix = build_index(resolved)
    doc = max(resolved.documents, key=lambda d: (len(ix.own[d.id].cited_by) if d.id in ix.own else 0, d.id))
    citers = len(ix.own[doc.id].cited_by)
    assert citers > 2
    whole = pages.render_site(resolved)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pages, "LIST_PAGE_SIZE", 2)
        split = pages.render_site(resolved)
    first = pages.src_uri(doc)

    def citing(text: str, marker: str) -> list[str]:
        part = text.split('id="duoc-dan-chieu-boi"', 1)[-1]
        if marker == "- ":  # the document's page: a list of HTML, links relative to the page
            here = page_url(first)
            hrefs = re.findall(r'<li><p><a href="([^"#]+)"', part)
            return ["/" + page_file(posixpath.normpath(posixpath.join(here, h)) + "/") for h in hrefs]
        return re.findall(rf"^{re.escape(marker)}\[[^\]]+\]\((/van-ban/[^)#]+\.md)\)", part, re.M)

    expected = citing(whole[first], "- ")
    assert len(expected) == citers and _pages_of(whole, first) == [first]
    chunks = _pages_of(split, first)
    assert len(chunks) == -(-citers // 2)
    got = citing(split[first], "- ") + [href for uri in chunks[1:] for href in citing(split[uri], "### ")]
    assert got == expected
    for uri in chunks:
        for target in re.findall(r"\]\(/([^)#\s]+\.md)", split[uri]):
            assert target in split or (ROOT / "docs" / target).is_file(), (uri, target)
        for href in re.findall(r'href="([^"#:]+)/(?:#[^"]*)?"', split[uri]):  # links of the HTML blocks, to pages
            target = page_file(posixpath.normpath(posixpath.join(page_url(uri), href)) + "/")
            assert target in split or (ROOT / "docs" / target).is_file(), (uri, href)

"""Search index (generator/search.py): what the indexer is given, and the bundle it writes for the seed site.

The ranking itself is tested in a real browser (tests/browser/test_search_page.py).
"""

from __future__ import annotations

import filecmp
import json
import shutil
import unicodedata
from pathlib import Path

import pytest

from generator.search import (
    BUNDLE,
    FULL_TEXT,
    SIZE_FILE,
    d_words,
    document_facts,
    fold_d,
    identity_html,
    index_html,
    index_site,
    records,
)

from .browser.test_links import check
from .conftest import load_data


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đoàn Dụng", "Doàn Dụng"),  # the signer of the 2021 plan of Sở Nội vụ Quảng Ngãi: only Đ changes
        ("Ban Chỉ đạo tỉnh", "Ban Chỉ dạo tỉnh"),  # seed 003's issuer
        ("Số 03-KH/BCĐ", "Số 03-KH/BCD"),  # a Party reference with Đ in the symbol
        ("ĐẢNG CỘNG SẢN VIỆT NAM", "DẢNG CỘNG SẢN VIỆT NAM"),  # Party motto, upper case
        ("Dân vận khéo", "Dân vận khéo"),  # no đ: unchanged (Pagefind folds the tones itself)
    ],
)
def test_fold_d(text: str, folded: str) -> None:
    assert fold_d(text) == folded


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("GIÁM ĐỐC Đoàn Dụng", ["DỐC", "Doàn"]),  # the signature block of the 2021 plan
        ("Số 03-KH/BCĐ", ["03-KH/BCD"]),  # a reference stays one word
        ("giai đoạn 2022 - 2026, giai đoạn", ["doạn", "doạn"]),  # repeats kept: term frequency counts
        (unicodedata.normalize("NFD", "Đoàn Dụng"), [unicodedata.normalize("NFD", "Doàn")]),  # NFD: đ is still found
        ("thực hiện Quy chế dân chủ ở cơ sở", []),  # nothing to add
    ],
)
def test_d_words(text: str, words: list[str]) -> None:
    assert d_words(text) == words


PAGE = """<html><head><title>x</title></head><body><header>Cổng văn bản kế hoạch</header>
<div class="md-content"><article class="md-content__inner md-typeset">
<h1 id="ke-hoach-03-khbcd">Kế hoạch 03-KH/BCĐ<a class="headerlink" href="#ke-hoach-03-khbcd" title="Đường dẫn">¶</a></h1>
<p>thực hiện Quy chế dân chủ ở cơ sở năm 2022 của Ban Chỉ đạo tỉnh</p>
<h2 id="duoc-dan-chieu-boi">Được dẫn chiếu bởi</h2><p>Kế hoạch số 03-KH/BCĐ ngày 03/3/2022 của Ban Chỉ đạo</p>
</article></div><footer>chân trang</footer></body></html>"""


def test_index_html_marks_the_article_and_adds_the_folded_words() -> None:
    out = index_html(PAGE, {"co_quan": "Ban Chỉ đạo tỉnh"}, {"nam": ["2022"]})
    assert out is not None
    assert '<article class="md-content__inner md-typeset" data-pagefind-body>' in out
    assert 'data-pagefind-meta="title:Kế hoạch 03-KH/BCĐ"' in out  # the h1 without its ¶
    assert 'data-pagefind-meta="co_quan:Ban Chỉ đạo tỉnh"' in out
    assert 'data-pagefind-filter="nam:2022"' in out
    assert '<div data-pagefind-weight="0.5">03-KH/BCD dạo Dược 03-KH/BCD dạo</div>' in out
    assert out.startswith(PAGE[: PAGE.index("<article")])  # the rest of the page as it was


def test_identity_record() -> None:
    """The record of the first search: the name as a heading, the facts, their đ words with d, metadata and filters."""
    out = identity_html(
        "Kế hoạch 03-KH/BCĐ",
        ["thực hiện Quy chế dân chủ ở cơ sở năm 2022", "Ban Chỉ đạo tỉnh về thực hiện Quy chế dân chủ ở cơ sở", None],
        {"co_quan": "Ban Chỉ đạo tỉnh"},
        {"nam": ["2022"]},
    )
    assert "<h1>Kế hoạch 03-KH/BCĐ</h1><p>thực hiện Quy chế dân chủ ở cơ sở năm 2022</p>" in out
    assert '<div data-pagefind-weight="0.5">03-KH/BCD dạo</div>' in out
    assert 'data-pagefind-meta="title:Kế hoạch 03-KH/BCĐ"' in out and 'data-pagefind-filter="nam:2022"' in out
    entity = identity_html("Chỉ thị 33/CT-TTg", ["Thủ tướng Chính phủ"], {}, weight="0.5")
    assert '<div data-pagefind-weight="0.5"><p>Chỉ thị 33/CT-TTg</p>' in entity and "<h1>" not in entity
    hostile = identity_html('<img src=x onerror=alert(1)>', ['"><script>alert(1)</script>'], {})
    assert "<script>" not in hostile and "<img" not in hostile


def test_index_html_escapes_values() -> None:
    """Source text is text: a hostile subject stays inside its attribute."""
    out = index_html(PAGE, {"trich_yeu": '"><script>alert(1)</script>'})
    assert out is not None
    assert "<script>alert" not in out
    assert 'data-pagefind-meta="trich_yeu:&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in out


def test_index_html_without_article() -> None:
    assert index_html("<html><body><p>Trang không có bài</p></body></html>") is None


def test_document_facts_of_the_2021_plan() -> None:
    doc = {  # as documents.json gives the 2021 plan of Sở Nội vụ Quảng Ngãi (seed 004): no number, no day
        "type": "Kế hoạch",
        "reference": None,
        "issuer": "Sở Nội vụ",
        "jurisdiction": "Quảng Ngãi",
        "date": None,
        "year": 2021,
        "title": "Triển khai thực hiện Quy chế dân chủ ở cơ sở và công tác dân vận chính quyền năm 2021",
        "signer": {"name": "Đoàn Dụng"},
        "tasks": [{"agency": "quang-ngai--so-noi-vu"}, {"agency": "quang-ngai--so-noi-vu"}, {"agency": "unknown"}],
    }
    meta, filters = document_facts(doc, {"quang-ngai--so-noi-vu": "Sở Nội vụ"})
    assert meta["nguoi_ky"] == "Đoàn Dụng" and meta["ngay"] == "2021" and meta["co_quan"] == "Sở Nội vụ"
    assert meta["khong_dau"] == (
        "Kế hoạch Triển khai thực hiện Quy chế dân chủ ở cơ sở và công tác dân vận chính quyền năm 2021 Sở Nội vụ Doàn Dụng"
    )
    assert filters == {
        "loai": ["Kế hoạch"],
        "dia_ban": ["Quảng Ngãi"],
        "co_quan": ["Sở Nội vụ"],
        "nam": ["2021"],
        "co_quan_thuc_hien": ["Sở Nội vụ"],
    }


def test_document_facts_without_d_have_no_folded_copy() -> None:
    doc = {"type": "Công văn", "reference": "560/UBND", "issuer": "Ủy ban nhân dân thị xã", "date": "2022-03-28", "year": 2022}
    meta, filters = document_facts(doc, {})
    assert "khong_dau" not in meta and meta["ngay"] == "28/03/2022"
    assert "dia_ban" not in filters and "co_quan_thuc_hien" not in filters


def test_records_of_the_seed_site(seed_site: Path) -> None:
    data = load_data(seed_site)
    recs = {(r.bundle, r.url): r.html for r in records(seed_site)}
    documents = {"/" + d["url"] for d in data["documents"]}
    assert {u for b, u in recs if b == FULL_TEXT} == documents  # the full text: documents only
    assert documents < {u for b, u in recs if b == BUNDLE}  # the first search: instruments and agencies too
    snv = next(d for d in data["documents"] if (d["signer"] or {}).get("name") == "Đoàn Dụng")
    for bundle in (BUNDLE, FULL_TEXT):
        page = recs[(bundle, "/" + snv["url"])]
        assert 'data-pagefind-meta="nguoi_ky:Đoàn Dụng"' in page and 'data-pagefind-filter="nam:2021"' in page
        assert "Doàn" in page  # the signer's name with d
    others = {u for b, u in recs if b == BUNDLE} - documents
    assert others and all('data-pagefind-filter="' not in recs[(BUNDLE, u)] for u in others)


def test_bundles_of_the_seed_site(seed_site: Path) -> None:
    recs = list(records(seed_site))
    for bundle in (BUNDLE, FULL_TEXT):
        entry = json.loads((seed_site / bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"]["vi"]["page_count"] == sum(1 for r in recs if r.bundle == bundle)
    size = json.loads((seed_site / FULL_TEXT / SIZE_FILE).read_text(encoding="utf-8"))
    assert size["pages"] == len(load_data(seed_site)["documents"]) and 0 < size["largest_chunk"] <= size["index_bytes"]
    # the first search's chunks are smaller than the full text's: that is what it is for
    first = max(p.stat().st_size for p in (seed_site / BUNDLE / "index").iterdir())
    assert first < size["largest_chunk"]
    # the published pages are as MkDocs wrote them: the indexer's additions are in its own copy
    for path in seed_site.rglob("index.html"):
        assert "data-pagefind" not in path.read_text(encoding="utf-8"), path


def test_bundles_are_the_same_every_time(seed_site: Path, tmp_path: Path) -> None:
    """Pagefind writes filter lists in a random order; index_site sorts them, so the bundles are byte-identical."""
    copies = []
    for name in ("a", "b"):
        site = tmp_path / name
        shutil.copytree(seed_site, site, ignore=shutil.ignore_patterns(BUNDLE, FULL_TEXT))
        stats = index_site(site)
        assert stats.pages > stats.full_text_pages > 5 and stats.files > 20
        assert 0 < stats.largest_chunk < stats.full_text_largest_chunk <= stats.full_text_index_bytes
        copies.append(site)
    for bundle in (BUNDLE, FULL_TEXT):
        compared = filecmp.dircmp(copies[0] / bundle, copies[1] / bundle)
        assert not compared.left_only and not compared.right_only and not compared.diff_files
        for sub in compared.subdirs.values():
            assert not sub.left_only and not sub.right_only and not sub.diff_files, sub.left
        assert any((copies[0] / bundle / "filter").iterdir())


def test_search_page_and_header_box(seed_site: Path) -> None:
    search = (seed_site / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert 'id="ket-qua"' in search and 'type="module"' in search and "assets/tim-kiem.js" in search
    plan = next(d for d in load_data(seed_site)["documents"] if d["reference"] == "53/KH-UBND")
    page = (seed_site / plan["url"] / "index.html").read_text(encoding="utf-8")
    action = page.split('class="vb-header-search" action="', 1)[1].split('"', 1)[0]
    assert check(seed_site, "/" + plan["url"] + "index.html", action) is None
    assert action.endswith("tim-kiem/")

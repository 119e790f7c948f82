"""Whole builds (MkDocs, strict) of files the readers had to clean up: a gazette text with stray NUL bytes from its
PDF conversion, and HTML pages saved from web portals (tests/fixtures/html/). Each is published with its number
and date read, what the reader did is on the data-quality page, and no word of the text as read is lost.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.read import read_source

from .conftest import FIXTURES, build_site, load_data, page_text
from .test_read_html import HOSTILE, TVPL, VBPL
from .test_site import words

GAZETTE = FIXTURES / "gazette"
NUL_SOURCE = "bhxh__quyet-dinh-so-798-qd-ttg-469485.txt"
# the stray bytes as a PDF-to-text conversion leaves them: inside the number, at a line end, before a word
NUL_DAMAGE = (("Số: 798/QĐ-TTg", "Số: 79\x008/QĐ-TTg"), ("Hà Nội, ngày 05 tháng 5 năm 2026", "Hà Nội, ngày 05 tháng 5 năm 2026\x00"), ("QUYẾT ĐỊNH", "\x00QUYẾT ĐỊNH"))


@pytest.fixture(scope="module")
def read_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("read-src")
    text = (GAZETTE / NUL_SOURCE).read_text(encoding="utf-8")
    for clean, damaged in NUL_DAMAGE:
        assert clean in text
        text = text.replace(clean, damaged, 1)
    (src / "qd-798-nul.txt").write_bytes(text.encode("utf-8"))
    for page in sorted((FIXTURES / "html").glob("*.htm*")):
        shutil.copy(page, src / page.name)
    (src / "ma-doc.html").write_text(HOSTILE, encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def read_site(read_sources: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(read_sources, tmp_path_factory.mktemp("read-site"))


def _docs_of(site: Path, source: str) -> list[dict[str, Any]]:
    return [d for d in load_data(site)["documents"] if d["source"] == source]


def test_nul_file_is_published_with_its_header(read_site: Path) -> None:
    [doc] = _docs_of(read_site, "qd-798-nul.txt")
    assert (doc["reference"], doc["date"], doc["type_code"], doc["issuer"]) == ("798/QĐ-TTg", "2026-05-05", "QĐ", "Thủ tướng Chính phủ")
    kinds = [p["kind"] for p in doc["problems"]]
    assert kinds.count("control-characters") == 1
    quality = " ".join(page_text(read_site, "chat-luong-du-lieu").split())
    assert "qd-798-nul.txt" in quality
    assert re.search(r"Đã bỏ 3 ký tự điều khiển lạc \(NUL\) ở dòng 8, 12, 14\b", quality), quality[:2000]
    page = " ".join(page_text(read_site, doc["url"]).split())
    assert "Số: 798/QĐ-TTg" in page and "\x00" not in page


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (VBPL, ("121/2026/NĐ-CP", "2026-04-03", "NĐ", "Chính phủ")),
        (TVPL, ("169/QĐ-BLĐTBXH", "2025-01-24", "QĐ", "Bộ Lao động - Thương binh và Xã hội")),
        ("binh-dinh-ke-hoach-dan-van-chinh-quyen-2023.htm", (None, None, "KH", "Ủy ban nhân dân tỉnh Bình Định")),
    ],
)
def test_html_pages_are_published(read_site: Path, name: str, expected: tuple[str | None, ...]) -> None:
    [doc] = _docs_of(read_site, name)
    assert (doc["reference"], doc["date"], doc["type_code"], doc["issuer"]) == expected
    html = (read_site / doc["url"] / "index.html").read_text(encoding="utf-8")
    content = html.split('class="md-content"')[1]
    assert not re.search(r"&lt;/?(?:p|div|td|tr|table|span|b|i|br)\b", content)  # no tag of the page shown as text
    assert "toanvancontent" not in content and "MsoNormal" not in content


def test_html_table_is_a_table_on_the_page(read_site: Path) -> None:
    [doc] = _docs_of(read_site, TVPL)
    html = (read_site / doc["url"] / "index.html").read_text(encoding="utf-8")
    [table] = [t for t in re.findall(r"<table.*?</table>", html, flags=re.S) if "STT" in t]
    assert re.search(r"<th[^>]*>\s*Văn bản hết hiệu lực\s*</th>", table)
    assert re.search(r"<td[^>]*>\s*05/4/2024\s*</td>", table)
    quality = " ".join(page_text(read_site, "chat-luong-du-lieu").split())
    assert "Đã bỏ 4 khối khung của trang web" in quality


def test_markup_from_an_html_source_shows_as_text(read_site: Path) -> None:
    [doc] = _docs_of(read_site, "ma-doc.html")
    html = (read_site / doc["url"] / "index.html").read_text(encoding="utf-8")
    content = html.split('class="md-content"')[1]
    escaped = ("&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;", "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;",
               "&lt;script&gt;alert('xss')&lt;/script&gt;")  # by MkDocs, or in the generator's own HTML (html_escape)
    assert any(e in content for e in escaped)
    assert "<script>alert" not in html and "<b>in đậm</b>" not in html and "thật" not in html and "chèn" not in html
    assert "{{ biến }}" in page_text(read_site, doc["url"])


@pytest.mark.parametrize("name", ["qd-798-nul.txt", VBPL, TVPL, "binh-dinh-ke-hoach-dan-van-chinh-quyen-2023.htm", "ma-doc.html"])
def test_nothing_lost(read_site: Path, read_sources: Path, name: str) -> None:
    """Every word of the text as read is on the pages of its documents or on the data-quality page."""
    shown = words(page_text(read_site, "chat-luong-du-lieu"))
    for doc in _docs_of(read_site, name):
        shown |= words(page_text(read_site, doc["url"]))
    missing = words(read_source(read_sources / name, read_sources).text) - shown
    assert not missing, sorted(missing)[:20]

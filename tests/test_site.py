"""End to end: build the real site from the shipped corpus with MkDocs and read the HTML."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import pytest

from .conftest import SOURCE, build_site, load_data, page_text

OPEN_DATA_FIELDS = {
    "id", "url", "source", "type_code", "type", "number", "symbol", "reference", "issuer", "jurisdiction", "place",
    "date", "year", "title", "signer", "recipients", "problems", "citations", "tasks", "deadlines",
}


def words(text: str) -> set[str]:
    """Words as a reader sees them: letters and digits (converter markup such as <br> and _ is not text)."""
    text = unicodedata.normalize("NFC", text).replace("Ð", "Đ").replace("<br>", " ")
    return set(re.findall(r"[^\W_]+", text))


def test_one_page_per_document(seed_site: Path) -> None:
    data = load_data(seed_site)
    assert data["schema"] == "1"
    urls = [d["url"] for d in data["documents"]]
    assert len(urls) == 6 and len(set(urls)) == 6
    for doc in data["documents"]:
        assert OPEN_DATA_FIELDS <= set(doc)
        assert (seed_site / doc["url"] / "index.html").is_file()
        assert doc["url"].isascii() and doc["id"].isascii()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # the metadata card of plan 53/KH-UBND, dates shown dd/mm/yyyy
        ("van-ban/quang-ngai/2022/ke-hoach-53-kh-ubnd/", ["Số, ký hiệu", "53/KH-UBND", "23/03/2022", "Ủy ban nhân dân tỉnh Quảng Ngãi", "Đặng Văn Minh"]),
        # the công văn: its subject after V/v and its addressees
        ("van-ban/duc-pho/2022/cong-van-560-ubnd/", ["Kính gửi", "Cơ quan Tổ chức - Nội vụ thị xã", "TL. CHỦ TỊCH — CHÁNH VĂN PHÒNG — Nguyễn Viết Thanh"]),
        # the Bình Định plan: no number, no day: shown as missing, with what the document writes
        ("van-ban/binh-dinh/2023/ke-hoach-khong-so-kh-ubnd-thuc-hien-cong-tac-dan-van-chinh-quyen-nam-2023/", ["Không ghi số", "Không ghi trong văn bản", "Bình Định, ngày tháng năm 2023", "suy ra từ nội dung văn bản"]),
    ],
)
def test_document_page_shows_metadata(seed_site: Path, url: str, expected: list[str]) -> None:
    text = " ".join(page_text(seed_site, url).split())
    for needle in expected:
        assert needle in text


@pytest.mark.parametrize(
    ("url", "anchors"),
    [
        ("van-ban/quang-ngai/2022/ke-hoach-53-kh-ubnd/", ["muc-i", "muc-iii", "muc-iii-khoan-1", "muc-iii-khoan-8", "mo-dau"]),
        ("van-ban/binh-dinh/2023/ke-hoach-khong-so-kh-ubnd-thuc-hien-cong-tac-dan-van-chinh-quyen-nam-2023/", ["muc-iii-khoan-1-diem-a", "muc-iii-khoan-2-diem-b"]),
        ("van-ban/lao-cai/2022/ke-hoach-13-kh-ubnd/", ["muc-iv-khoan-9"]),
    ],
)
def test_sections_have_anchors(seed_site: Path, url: str, anchors: list[str]) -> None:
    html = (seed_site / url / "index.html").read_text(encoding="utf-8")
    for anchor in anchors:
        assert f'id="{anchor}"' in html


def test_sections_are_headings_and_lists(seed_site: Path) -> None:
    html = (seed_site / "van-ban/lao-cai/2022/ke-hoach-13-kh-ubnd/index.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 id="muc-iv"[^>]*>IV\. TỔ CHỨC THỰC HIỆN', html)
    assert re.search(r'<h3 id="muc-iv-khoan-1"[^>]*>1\. Sở Nội vụ', html)
    assert "<li>Tham mưu giúp UBND tỉnh theo dõi" in html


def test_footnote_kept_after_its_paragraph(seed_site: Path) -> None:
    html = (seed_site / "van-ban/quang-ngai/2022/ke-hoach-03-kh-bcd/index.html").read_text(encoding="utf-8")
    assert 'class="vb-footnote"' in html
    # the sentence cut by the page break is whole again
    assert "theo Quyết định số 218-QĐ/TW ngày 12/12/2013 của Bộ Chính trị" in " ".join(page_text_of(html).split())


def page_text_of(html: str) -> str:
    import html as h

    return h.unescape(re.sub(r"<[^>]+>", "", html))


def test_nothing_lost(seed_site: Path) -> None:
    """Every word of every source file is on the page of one of its documents (problems are listed there too)."""
    data = load_data(seed_site)
    for source in sorted(SOURCE.iterdir()):
        pages: set[str] = set()
        for doc in data["documents"]:
            if doc["source"] == source.name:
                pages |= words(page_text(seed_site, doc["url"]))
        missing = words(source.read_text(encoding="utf-8-sig")) - pages
        assert not missing, f"{source.name}: {sorted(missing)[:20]}"


def test_home_and_lists(seed_site: Path) -> None:
    home = " ".join(page_text(seed_site, "").split())
    assert "Hiện có 6 văn bản" in home
    assert "Theo cơ quan ban hành" in home and "Theo loại văn bản" in home
    listing = page_text(seed_site, "van-ban")
    assert "53/KH-UBND" in listing and "03-KH/BCĐ" in listing
    quality = page_text(seed_site, "chat-luong-du-lieu")
    assert "15:49:45" in quality  # the dropped signature stamp is listed
    html = (seed_site / "index.html").read_text(encoding="utf-8")
    assert 'lang="vi"' in html
    # documents are not in the sidebar: the navigation lists only the hand-made pages
    nav = re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"]+)"', html)
    assert not any("van-ban/" in href and href.count("/") > 3 for href in nav)


def _digest(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.suffix in {".html", ".json"}
    }


def test_deterministic(seed_site: Path, tmp_path: Path) -> None:
    again = build_site(SOURCE, tmp_path / "again")
    assert _digest(again) == _digest(seed_site)


def test_no_escape_characters_leak(seed_site: Path) -> None:
    """Escaping for Markdown must not show: the seeds contain no backslash, so no page text may."""
    data = load_data(seed_site)
    for doc in data["documents"]:
        assert "\\" not in page_text(seed_site, doc["url"]), doc["url"]
    assert "\\" not in page_text(seed_site, "chat-luong-du-lieu")

"""Hostile and broken files: the site still builds, shows them safely, and lists what it could not read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.render.markdown import md_escape

from .conftest import SOURCE, build_site, load_data, page_text

HOSTILE_PLAN = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 99/KH-UBND
Quảng Ngãi, ngày 01 tháng 02 năm 2024
KẾ HOẠCH
Thử <script>alert("x")</script> và **đậm** 2 ** 3 {{ config.site_name }} {% raw %}
I. Mục đích <img src=x onerror=alert(1)>
1. Nội dung [bấm](javascript:alert(1)) và {: #hack .evil } cùng <b>in đậm</b> &amp; ![ảnh](x.png)
2. Dòng có | ống | và `mã` và # dấu thăng
- Gạch đầu dòng với *nghiêng* và _gạch_ \\ và {{ 7*7 }}
Nơi nhận:
- <i>Sở</i> Nội vụ;
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("hostile-src")
    shutil.copy(SOURCE / "001_1409461a94ad2694.txt", src / "good.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (src / "latin1.txt").write_bytes("Kế hoạch số 5/KH-UBND ngày 01/01/2024 — café".encode("cp1258", errors="replace"))
    (src / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    (src / "hostile.txt").write_text(HOSTILE_PLAN, encoding="utf-8")
    (src / "utf16.txt").write_text("KẾ HOẠCH\nThử mã UTF-16\nI. Mục một\n1. Nội dung.\n", encoding="utf-16")
    (src / "jinja.md").write_text("{% for x in range(10) %}{{ x }}{% endfor %}\n{{ lipsum() }}\n", encoding="utf-8")
    return build_site(src, tmp_path_factory.mktemp("hostile-site"))


def test_good_document_still_published(hostile_site: Path) -> None:
    data = load_data(hostile_site)
    assert any(d["reference"] == "13/KH-UBND" for d in data["documents"])


def test_broken_files_are_listed(hostile_site: Path) -> None:
    data = load_data(hostile_site)
    unreadable = {p["source"]: p["kind"] for p in data["unreadable"]}
    assert unreadable["empty.txt"] == "empty"
    assert unreadable["binary.txt"] == "binary"
    assert unreadable["picture.png"] in {"binary", "unsupported-format"}
    quality = page_text(hostile_site, "chat-luong-du-lieu")
    assert "empty.txt" in quality and "binary.txt" in quality


def test_legacy_and_utf16_files_are_read(hostile_site: Path) -> None:
    docs = {d["source"]: d for d in load_data(hostile_site)["documents"]}
    assert "latin1.txt" in docs and any(p["kind"] == "encoding" for p in docs["latin1.txt"]["problems"])
    assert "utf16.txt" in docs
    assert "Thử mã UTF-16" in page_text(hostile_site, docs["utf16.txt"]["url"])


def test_hostile_text_is_shown_literally(hostile_site: Path) -> None:
    doc = next(d for d in load_data(hostile_site)["documents"] if d["source"] == "hostile.txt")
    html = (hostile_site / doc["url"] / "index.html").read_text(encoding="utf-8")
    text = page_text(hostile_site, doc["url"])
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>in đậm</b>" not in html
    assert 'href="javascript' not in html
    assert 'id="hack"' not in html and "evil" not in html.split('class="')[-1][:20]
    for literal in ['<script>alert("x")</script>', "2 ** 3", "{{ config.site_name }}", "{% raw %}",
                    "[bấm](javascript:alert(1))", "{: #hack .evil }", "<b>in đậm</b>", "&amp;", "{{ 7*7 }}",
                    "`mã`", "| ống |", "<i>Sở</i> Nội vụ", "\\"]:
        assert literal in text, literal
    # emphasis a Word-to-Markdown converter left around words is converter markup: the words stay, as text
    assert "<strong>" not in html.split('class="md-content"')[-1] or "đậm</strong>" not in html
    assert "<em>nghiêng</em>" not in html and "nghiêng" in text and "gạch" in text


def test_jinja_looking_document(hostile_site: Path) -> None:
    doc = next(d for d in load_data(hostile_site)["documents"] if d["source"] == "jinja.md")
    text = page_text(hostile_site, doc["url"])
    assert "{% for x in range(10) %}{{ x }}{% endfor %}" in text
    assert "0123456789" not in text


@pytest.mark.parametrize(
    ("source", "escaped"),
    [
        ("<script>", "&lt;script&gt;"),  # HTML becomes entities
        ("**x**", "\\*\\*x\\*\\*"),  # emphasis
        ("1. khoản", "1\\. khoản"),  # would start an ordered list
        ("- gạch", "\\- gạch"),  # would start a bullet list
        ("# tiêu đề", "\\# tiêu đề"),  # would be a heading
        ("{: #id }", "\\{: \\#id \\}"),  # attribute list
        ("a | b", "a \\| b"),  # table cell separator
        ("[x](javascript:y)", "\\[x\\]\\(javascript:y\\)"),  # link
        ("15:49:45", "15:49:45"),  # characters Markdown ignores stay unescaped
        ("Đoàn Dụng", "Đoàn Dụng"),
    ],
)
def test_md_escape(source: str, escaped: str) -> None:
    assert md_escape(source) == escaped


def test_two_documents_claiming_one_url(tmp_path: Path) -> None:
    from generator.pipeline import build_corpus

    shutil.copy(SOURCE / "001_1409461a94ad2694.txt", tmp_path / "a.txt")
    shutil.copy(SOURCE / "001_1409461a94ad2694.txt", tmp_path / "b.txt")
    corpus = build_corpus(tmp_path)
    urls = [d.url for d in corpus.documents]
    assert len(set(urls)) == 2
    dup = [p for d in corpus.documents for p in d.problems if p.kind == "duplicate-url"]
    assert len(dup) == 1 and "a.txt" in dup[0].message and "b.txt" in dup[0].message and dup[0].severity == "error"

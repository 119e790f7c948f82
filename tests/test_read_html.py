"""HTML pages saved from web portals (tests/fixtures/html/, see its README): what the reader keeps and drops, how it
decodes, and what the parser then reads from the text.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import lxml.html
import pytest

from generator.normalize import normalize
from generator.parse import parse_document, walk
from generator.read import read_source
from generator.read.html import read_html
from generator.read.legacy import encode_tcvn3, encode_vni
from generator.split import split_documents

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HTML = FIXTURES / "html"
GAZETTE = FIXTURES / "gazette"

VBPL = "vbpl-nghi-dinh-121-2026-nd-cp.html"
TVPL = "tvpl-quyet-dinh-169-qd-bldtbxh.html"
PROVINCE = "binh-dinh-ke-hoach-dan-van-chinh-quyen-2023.htm"


def _doc(root: Path, name: str):  # type: ignore[no-untyped-def]
    docs = split_documents(normalize(read_source(root / name, root)))
    assert len(docs) == 1
    return parse_document(docs[0])


# page, its text in the gazette (the same document read from the Công báo) or None, and what its header says
HEADERS = [
    (VBPL, "chinh_sach_dn__nghi-dinh-so-121-2026-nd-cp-469354.txt", ("121/2026/NĐ-CP", "2026-04-03", "Chính phủ", "NĐ")),
    (TVPL, "bhxh__quyet-dinh-so-169-qd-bldtbxh-44203.txt", ("169/QĐ-BLĐTBXH", "2025-01-24", "Bộ Lao động - Thương binh và Xã hội", "QĐ")),
    # the seed's number and day are blank: they stay missing
    (PROVINCE, None, (None, None, "Ủy ban nhân dân tỉnh Bình Định", "KH")),
]


@pytest.mark.parametrize(("name", "gazette", "expected"), HEADERS)
def test_header_of_a_portal_page(name: str, gazette: str | None, expected: tuple[str | None, ...]) -> None:
    doc = _doc(HTML, name)
    got = (doc.reference, doc.date and doc.date.isoformat(), doc.issuer, doc.type_code)
    assert got == expected
    if gazette:  # the same document from the Công báo reads the same
        other = _doc(GAZETTE, gazette)
        assert got == (other.reference, other.date and other.date.isoformat(), other.issuer, other.type_code)


def test_title_signer_and_structure() -> None:
    decree = _doc(HTML, VBPL)
    assert decree.title == "Quy định về thành lập, tổ chức lại, giải thể tổ chức hành chính"
    assert decree.signer is not None and (decree.signer.name, decree.signer.position) == ("Phạm Thị Thanh Trà", "PHÓ THỦ TƯỚNG")
    anchors = [s.anchor for s in walk(decree.sections)]
    assert anchors[:2] == ["chuong-i", "chuong-i-dieu-1"] and "chuong-iv-dieu-23" in anchors
    plan = _doc(HTML, PROVINCE)
    assert plan.title == "Thực hiện công tác dân vận chính quyền năm 2023"
    assert plan.signer is not None and plan.signer.name == "Lâm Hải Giang"
    assert [s.anchor for s in plan.sections] == ["muc-i", "muc-ii", "muc-iii"]


def test_data_table_stays_a_table() -> None:
    doc = _doc(HTML, TVPL)
    tables = [b for s in walk(doc.sections) for b in s.blocks if b.kind == "table"]
    assert len(tables) == 1
    rows = tables[0].rows
    assert rows[0] == ("STT", "Văn bản hết hiệu lực", "Lý do hết hiệu lực", "Ngày hết hiệu lực")
    # a group row spanning the four columns fills its first; every row has the table's four cells
    assert rows[1] == ("I. LĨNH VỰC GIÁO DỤC NGHỀ NGHIỆP", "", "", "")
    assert {len(r) for r in rows} == {4}
    assert rows[2][0] == "1" and rows[2][3] == "05/4/2024"
    assert rows[2][1].startswith("Thông tư số 03/2017/TT-BLĐTBXH ngày 01/3/2017")
    assert [r[0] for r in rows[1:]] == ["I. LĨNH VỰC GIÁO DỤC NGHỀ NGHIỆP", "1", "2", "II. LĨNH VỰC QUAN HỆ LAO ĐỘNG VÀ TIỀN LƯƠNG", "4", "III. LĨNH VỰC VIỆC LÀM", "7"]


def test_layout_tables_read_left_column_then_right() -> None:
    text, _, _ = read_html((HTML / VBPL).read_bytes(), VBPL)
    lines = text.splitlines()
    order = ["CHÍNH PHỦ", "Số: 121/2026/NĐ-CP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Hà Nội, ngày 03 tháng 4 năm 2026", "NGHỊ ĐỊNH"]
    assert [lines.index(x) for x in order] == sorted(lines.index(x) for x in order)
    text, _, _ = read_html((HTML / PROVINCE).read_bytes(), PROVINCE)
    lines = text.splitlines()
    assert lines.index("Nơi nhận:") < lines.index("- Lưu: VT, K12.") < lines.index("TM. ỦY BAN NHÂN DÂN") < lines.index("Lâm Hải Giang")


# what the page around the document shows, and code: never in the text
CHROME = {
    VBPL: ["Trang chủ", "Văn bản hợp nhất", "Liên hệ", "Toàn văn", "Thuộc tính", "Lược đồ", "Bản PDF", "Số ký hiệu", "Bộ Tư pháp", "_gaq", "showTab", "text-align", "Đang tải"],
    TVPL: ["Đăng nhập", "Đăng ký", "Hotline", "Hỏi đáp pháp luật", "Nhập từ khóa", "Tìm kiếm", "Tóm tắt", "Số hiệu:", "Văn bản liên quan", "gói dịch vụ", "THƯ VIỆN PHÁP LUẬT", "dataLayer", "schema.org", "margin"],
    PROVINCE: ["DocumentProperties", "VP UBND tinh", "WordSection1", "mso-", "font-family", "Times New Roman", "@page"],
}


@pytest.mark.parametrize("name", [VBPL, TVPL, PROVINCE])
def test_no_chrome_no_markup_in_the_text(name: str) -> None:
    text, _, problems = read_html((HTML / name).read_bytes(), name)
    for gone in CHROME[name]:
        assert gone not in text, gone
    assert not re.search(r"<\s*/?\s*[A-Za-z!?]|&(?:nbsp|amp|lt|gt|#\d+);", text)
    assert "\xa0" not in text
    # the blocks left out by their class or id (not <nav>/<header>/<footer>, which are chrome by name) are listed
    chrome = [p for p in problems if p.kind == "html-chrome"]
    assert len(chrome) <= 1 and all(p.severity == "info" for p in chrome)


# the element that holds the document on each page
CONTENT = {VBPL: "toanvancontent", TVPL: "divContentDoc", PROVINCE: None}


@pytest.mark.parametrize("name", [VBPL, TVPL, PROVINCE])
def test_every_text_node_of_the_document_is_kept(name: str) -> None:
    """Nothing lost: every word of the content element (or of the whole body) is in the text, in NFC."""
    data = (HTML / name).read_bytes()
    text, _, _ = read_html(data, name)
    charset = "cp1258" if name == PROVINCE else "utf-8"
    root = lxml.html.document_fromstring(data.decode(charset))
    top = root.get_element_by_id(CONTENT[name]) if CONTENT[name] else root.find("body")
    for bad in list(top.iter("script", "style")):
        bad.drop_tree()
    for br in top.iter("br"):  # a line break separates words
        br.tail = "\n" + (br.tail or "")
    expected = unicodedata.normalize("NFC", top.text_content())
    words = set(re.findall(r"[^\W_]+", expected))
    assert len(words) > 100
    missing = words - set(re.findall(r"[^\W_]+", text))
    assert not missing, sorted(missing)[:20]


PAGE = (
    '<html><head>{meta}<title>Thông tư</title></head><body><div class="noidung">'
    "<p><b>BỘ TÀI CHÍNH</b></p><p>Số: 06/2026/TT-BTC</p><p>Điều 1. Mức giảm trừ gia cảnh đối với đối tượng nộp thuế</p>"
    "</div></body></html>"
)
WORDS = ["BỘ TÀI CHÍNH", "Số: 06/2026/TT-BTC", "Điều 1. Mức giảm trừ gia cảnh đối với đối tượng nộp thuế"]


def _cp1258(text: str) -> bytes:
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            out += unicodedata.normalize("NFC", "".join(c for c in d if c not in tones)).encode("cp1258")
            out += "".join(c for c in d if c in tones).encode("cp1258")
    return bytes(out)


def _legacy_page(encode):  # type: ignore[no-untyped-def]
    """A page of an old site: declared Windows-1252, its letters the bytes of a TCVN3 or VNI font."""
    head = PAGE.split("<p>")[0].format(meta='<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')
    paragraphs = b"".join(b'<p><font face=".VnTime">' + encode(w) + b"</font></p>" for w in WORDS)
    return head.replace("Thông tư", "Thong tu").encode("ascii") + paragraphs + b"</div></body></html>"


DECODINGS = [
    ("meta charset utf-8", PAGE.format(meta='<meta charset="utf-8">').encode("utf-8"), "utf-8", []),
    ("no declaration, UTF-8", PAGE.format(meta="").encode("utf-8"), "utf-8", []),
    ("http-equiv windows-1258", _cp1258(PAGE.format(meta='<meta http-equiv=Content-Type content="text/html; charset=windows-1258">')), "windows-1258", []),
    ("undeclared Windows-1258", _cp1258(PAGE.format(meta="")), "cp1258", ["encoding"]),
    ("declared UTF-8 but Windows-1258", _cp1258(PAGE.format(meta='<meta charset="utf-8">')), "cp1258", ["encoding"]),
    ("UTF-16 with its BOM", b"\xff\xfe" + PAGE.format(meta='<meta charset="utf-16">').encode("utf-16-le"), "utf-16", []),
    ("Word's charset=unicode, no BOM", PAGE.format(meta='<meta http-equiv=Content-Type content="text/html; charset=unicode">').encode("utf-16-le"), "utf-16-le", []),
    ("TCVN3 font on a Windows-1252 page", _legacy_page(encode_tcvn3), "windows-1252+tcvn3", []),
    ("VNI font on a Windows-1252 page", _legacy_page(encode_vni), "windows-1252+vni", []),
]


@pytest.mark.parametrize(("case", "data", "encoding", "kinds"), DECODINGS, ids=[c[0] for c in DECODINGS])
def test_decoding(case: str, data: bytes, encoding: str, kinds: list[str]) -> None:
    text, got, problems = read_html(data, "tt.html")
    assert got == encoding
    assert [p.kind for p in problems] == kinds
    assert text.splitlines() == WORDS


HOSTILE = """<html><head><meta charset="utf-8"></head><body><div class="content">
<p>Số: 12/KH-UBND</p>
<p>Ví dụ mã độc phải hiện nguyên văn: &lt;script&gt;alert('xss')&lt;/script&gt; và &lt;b&gt;in đậm&lt;/b&gt; &amp; {{ biến }}</p>
<script>alert('thật')</script><style>p { color: red }</style><!-- ghi chú ẩn --><noscript>Bật JavaScript</noscript>
<p onclick="evil()">Điều 1.<script>document.write('chèn')</script> Nội dung<iframe src="x">khung</iframe> còn lại</p>
<![CDATA[ dữ liệu ]]><template><p>mẫu ẩn</p></template>
</div></body></html>"""


def test_markup_in_the_text_is_text_and_code_is_dropped() -> None:
    text, _, _ = read_html(HOSTILE.encode("utf-8"), "x.html")
    assert "Ví dụ mã độc phải hiện nguyên văn: <script>alert('xss')</script> và <b>in đậm</b> & {{ biến }}" in text.splitlines()
    assert "Điều 1. Nội dung còn lại" in text.splitlines()
    for gone in ("thật", "color: red", "ghi chú ẩn", "Bật JavaScript", "chèn", "khung", "mẫu ẩn", "evil"):
        assert gone not in text, gone


@pytest.mark.parametrize(
    ("markup", "kept"),
    [
        # a block whose class names chrome but that holds the document (its motto) is the document
        ('<div class="header-vanban"><p>ỦY BAN NHÂN DÂN</p><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p></div>', True),
        # ...or most of the page's text
        ('<div id="main-footer-wrap"><p>' + "Điều 1. Nội dung của văn bản dài. " * 20 + "</p></div><p>Trang 1</p>", True),
        ('<div class="menuTop"><a>Trang chủ</a></div><p>' + "Nội dung văn bản. " * 10 + "</p>", False),
        ('<ul id="ctl00_Breadcrumb1"><li>Trang chủ</li></ul><p>' + "Nội dung văn bản. " * 10 + "</p>", False),
        ('<div class="box tin-lien-quan related"><a>Trang chủ</a></div><p>' + "Nội dung văn bản. " * 10 + "</p>", False),
        ('<div hidden><p>Trang chủ</p></div><p>' + "Nội dung văn bản. " * 10 + "</p>", False),
        ('<div role="navigation"><p>Trang chủ</p></div><p>' + "Nội dung văn bản. " * 10 + "</p>", False),
    ],
)
def test_chrome_by_class_or_id(markup: str, kept: bool) -> None:
    text, _, _ = read_html(f"<html><body>{markup}</body></html>".encode(), "x.html")
    first = re.sub(r"<[^>]+>", "\n", markup).split("\n")
    first_text = next(t for t in first if t.strip())
    assert (first_text.strip() in text) == kept


def test_binary_with_an_html_name_is_refused() -> None:
    for data in (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"PK\x03\x04" + bytes(200), bytes(range(256)) * 20):
        text, encoding, problems = read_html(data, "x.html")
        assert (text, encoding, [p.kind for p in problems]) == ("", "binary", ["binary"])


def test_stray_nul_in_a_page_is_dropped_and_reported() -> None:
    page = PAGE.format(meta='<meta charset="utf-8">').replace("06/2026", "06/20\x0026").replace("Mức", "M\x01ức")
    text, _, problems = read_html(page.encode(), "x.html")
    assert text.splitlines() == WORDS
    assert [p.kind for p in problems] == ["control-characters"]
    # counted on the lines of the text read, as the other problems of the document are
    assert problems[0].message.startswith("Đã bỏ 2 ký tự điều khiển lạc (NUL, U+0001) ở dòng 2, 3 ")


def test_tcvn3_capitals_at_control_codes_are_letters() -> None:
    """A .VnTime font draws Ý, Ự, Ú... at codes below 32: on a legacy-font page they are letters, not stray bytes."""
    words = ["QUYẾT ĐỊNH VỀ VIỆC THỰC HIỆN", "Ý KIẾN CỦA ỦY BAN NHÂN DÂN TỈNH"]
    encoded = encode_tcvn3("\n".join(words))
    assert any(b < 32 and b not in b"\n\r\t" for b in encoded)
    page = b'<html><head><meta charset="windows-1252"></head><body>' + b"".join(b"<p>" + line + b"</p>" for line in encoded.split(b"\n")) + b"</body></html>"
    text, encoding, problems = read_html(page, "x.html")
    assert text.splitlines() == words and encoding == "windows-1252+tcvn3" and problems == ()


def test_cells_spanning_rows_keep_the_columns() -> None:
    """A cell merged over rows (the number of a group of rows, a deadline shared by tasks) leaves its column empty
    in the rows below: their cells stay under their headings."""
    page = """<html><body><table border="1">
<tr><th>STT</th><th>Nhiệm vụ</th><th>Cơ quan chủ trì</th><th>Thời gian</th></tr>
<tr><td rowspan="2">1</td><td>Tuyên truyền Nghị định số 121/2026/NĐ-CP</td><td>Sở Nội vụ</td><td rowspan="3">Quý II/2026</td></tr>
<tr><td>Rà soát tổ chức hành chính</td><td>Các sở, ban, ngành</td></tr>
<tr><td>2</td><td colspan="2">Báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh</td></tr>
</table></body></html>"""
    text, _, _ = read_html(page.encode(), "x.html")
    assert text.splitlines() == [
        "| STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian |",
        "| 1 | Tuyên truyền Nghị định số 121/2026/NĐ-CP | Sở Nội vụ | Quý II/2026 |",
        "|  | Rà soát tổ chức hành chính | Các sở, ban, ngành |  |",
        "| 2 | Báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh |  |  |",
    ]

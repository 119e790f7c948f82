"""Reading real files of national documents: stray control bytes in a text file, HTML pages saved from a portal.

The lines are real: from the Công báo texts copied into tests/fixtures/gazette/ (see its README).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.normalize import normalize
from generator.parse import parse_document
from generator.read import read_source
from generator.read.html import read_html
from generator.read.text import read_text_bytes
from generator.split import split_documents

GAZETTE_HEAD = (
    "CHÍNH PHỦ \n___________ \n \nSố: 113/NQ-CP \nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \n"
    "Độc lập - Tự do - Hạnh phúc \n_______________________________________ \nHà Nội, ngày 25 tháng 4 năm 2026 \n \n"
    "NGHỊ QUYẾT \nVề thanh toán các chi phí khám bệnh, chữa bệnh bảo hiểm y tế  \n"
    "vượt dự toán, vượt tổng mức thanh toán giai đoạn năm 2018 - 2022 \n \n \nCHÍNH PHỦ \n \n"
    "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025; \n"
)


@pytest.mark.parametrize(
    ("data", "lines"),
    [
        # a NUL left by the PDF conversion inside a word, and one at the end of a line
        (GAZETTE_HEAD.replace("Số: 113", "Số:\x00 113").replace("Hạnh phúc ", "Hạnh phúc\x00"), [4, 6]),
        # several on one line
        (GAZETTE_HEAD.replace("CHÍNH PHỦ \n___", "CHÍNH\x00 PHỦ\x00\x00 \n___"), [1]),
        # other control characters (form feed is a page break, kept as white space; BEL and ESC are stray)
        (GAZETTE_HEAD.replace("NGHỊ QUYẾT", "NGHỊ\x07 QUYẾT\x1b"), [10]),
    ],
)
def test_stray_control_bytes_are_dropped_and_reported(data: str, lines: list[int]) -> None:
    text, encoding, problems = read_text_bytes(data.encode("utf-8"), "nq-113.txt")
    assert encoding == "utf-8"
    assert not any(ord(c) < 32 and c not in "\n\t\r\f\v" for c in text)
    stray = [p for p in problems if p.kind == "control-characters"]
    assert len(stray) == 1 and stray[0].line == lines[0] and stray[0].source == "nq-113.txt"
    assert all(str(n) in stray[0].message for n in lines)
    # the document is read as if the bytes had never been there
    clean = normalize(read_source_text(text))
    doc = parse_document(split_documents(clean)[0])
    assert (doc.reference, doc.date and doc.date.isoformat(), doc.type_code) == ("113/NQ-CP", "2026-04-25", "NQ")


def read_source_text(text: str):  # type: ignore[no-untyped-def]
    from generator.models import SourceText

    return SourceText("nq-113.txt", text, "utf-8", "txt")


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,  # binary: every byte value
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 100 + b"IHDR" + b"\x00\x10" * 50,  # a picture
        ("Số: 113/NQ-CP\n" * 5).encode() + b"\x00" * 200,  # text with a block of zeros: too many to be stray
    ],
)
def test_binary_stays_refused(data: bytes) -> None:
    text, encoding, problems = read_text_bytes(data, "x.txt")
    assert (text, encoding) == ("", "binary")
    assert [p.kind for p in problems] == ["binary"]


def test_nul_bytes_file_in_the_source_folder_is_published(tmp_path: Path) -> None:
    path = tmp_path / "nq.txt"
    path.write_bytes(GAZETTE_HEAD.replace("Số: 113", "Số: 11\x003").encode())
    source = read_source(path, tmp_path)
    assert "Số: 113/NQ-CP" in source.text
    assert [p.kind for p in source.problems] == ["control-characters"]


GAZETTE = Path(__file__).resolve().parent / "fixtures" / "gazette"


def _every_line_end(text: str, lines: int) -> str:
    head = text.split("\n")
    return "\n".join(line + "\x00" if k < lines else line for k, line in enumerate(head))


# (file of the gazette fixtures, how the stray bytes were put in, how many, on which lines of the file)
STRAY_CASES = [
    # at the very start of the file, before the running head
    ("bhxh__quyet-dinh-so-798-qd-ttg-469485.txt", lambda t: "\x00" + t, 1, [1]),
    # at the start of the number's line and inside the number
    ("bhxh__quyet-dinh-so-798-qd-ttg-469485.txt", lambda t: t.replace("Số: 798/QĐ-TTg", "\x00Số: 79\x008/QĐ-TTg"), 2, [8]),
    # inside a word of the issuer and of the date, several in a row
    ("chinh_sach_dn__nghi-dinh-so-121-2026-nd-cp-469354.txt", lambda t: t.replace("CHÍNH PHỦ", "CHÍ\x00NH PH\x00\x00Ủ", 1).replace("ngày 03 tháng", "ngày 0\x003 tháng"), 4, [5, 12]),
    # at the end of each of the first twelve lines (the header)
    ("thue_tncn__thong-tu-so-11-2026-tt-btc-468949.txt", lambda t: _every_line_end(t, 12), 12, list(range(1, 13))),
    # at a line end with Windows line endings
    ("bhxh__nghi-quyet-so-113-nq-cp-469448.txt", lambda t: t.replace("\n", "\x00\r\n", 3), 3, [1, 2, 3]),
    # other C0 controls a conversion leaves (SOH, ESC, US), not only NUL
    ("thue_tncn__thong-tu-so-11-2026-tt-btc-468949.txt", lambda t: t.replace("Số:  11/2026", "Số:\x01  11/20\x1b26").replace("THÔNG TƯ", "THÔNG\x1f TƯ", 1), 3, [11, 13]),
]


@pytest.mark.parametrize(("name", "damage", "count", "lines"), STRAY_CASES)
def test_gazette_file_with_stray_bytes_reads_as_without(tmp_path: Path, name: str, damage, count: int, lines: list[int]) -> None:  # type: ignore[no-untyped-def]
    clean = (GAZETTE / name).read_bytes()
    path = tmp_path / name
    path.write_bytes(damage(clean.decode("utf-8")).encode("utf-8"))
    source = read_source(path, tmp_path)
    # the same text as the file without the stray bytes (line endings aside), and nothing refused
    assert source.encoding == "utf-8"
    assert source.text.replace("\r\n", "\n") == clean.decode("utf-8")
    stray = [p for p in source.problems if p.kind == "control-characters"]
    assert [p.kind for p in source.problems] == ["control-characters"]
    # one problem, for the data-quality page: how many were dropped, on which lines (the first as its line)
    problem = stray[0]
    assert problem.severity == "info" and problem.source == name and problem.line == lines[0]
    assert problem.message.startswith(f"Đã bỏ {count} ký tự điều khiển")
    shown = ", ".join(str(n) for n in lines[:10]) + (f" và {len(lines) - 10} dòng khác" if len(lines) > 10 else "")
    assert f"ở dòng {shown} (" in problem.message
    # and the document's header reads as it does without them
    doc = parse_document(split_documents(normalize(source))[0])
    expected = parse_document(split_documents(normalize(read_source(GAZETTE / name, GAZETTE)))[0])
    assert (doc.reference, doc.date, doc.issuer, doc.type_code) == (expected.reference, expected.date, expected.issuer, expected.type_code)
    assert doc.reference is not None and doc.date is not None


@pytest.mark.parametrize(
    ("codec", "bom"),
    [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b""), ("utf-16-be", b"")],
)
def test_utf16_gazette_file_is_read_whole(tmp_path: Path, codec: str, bom: bytes) -> None:
    """Half the bytes of a UTF-16 file are NUL: they are its characters, not stray bytes."""
    name = "bhxh__quyet-dinh-so-798-qd-ttg-469485.txt"
    clean = (GAZETTE / name).read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_bytes(bom + clean.encode(codec))
    source = read_source(path, tmp_path)
    assert source.text == clean and source.problems == ()
    assert source.encoding in {codec, "utf-16"}
    # a U+0000 character inside a UTF-16 text is stray all the same
    path.write_bytes(bom + clean.replace("Số: 798", "Số: 7\x0098").encode(codec))
    source = read_source(path, tmp_path)
    assert source.text == clean and [p.kind for p in source.problems] == ["control-characters"]


def _pdf_bytes() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for line in (GAZETTE / "bhxh__quyet-dinh-so-798-qd-ttg-469485.txt").read_text(encoding="utf-8").splitlines()[:60]:
        pdf.cell(0, 5, line.encode("ascii", "replace").decode(), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _docx_bytes() -> bytes:
    import io

    import docx

    document = docx.Document()
    for line in GAZETTE_HEAD.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (_pdf_bytes, "PDF"),  # a PDF saved as .txt: its compressed streams hold a few NULs only
        (lambda: _pdf_bytes()[9:], "nhị phân"),  # the same without its first line: many control bytes
        (_docx_bytes, "ZIP"),  # a Word file renamed
        (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "PNG"),
        (lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8, "JPEG"),
        (lambda: GAZETTE_HEAD.encode() + b"\x00" * 200, "nhị phân"),  # text then a block of zeros
        (lambda: bytes(range(256)) * 40, "nhị phân"),
    ],
)
def test_binary_saved_as_text_stays_refused(tmp_path: Path, make, kind: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "van-ban.txt"
    path.write_bytes(make())
    source = read_source(path, tmp_path)
    assert (source.text, source.encoding) == ("", "binary")
    assert [(p.kind, p.severity) for p in source.problems] == [("binary", "error")]
    assert kind in source.problems[0].message


PORTAL_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Thông tư 06/2026/TT-BTC</title>
<style>.content p{margin:0}</style><script>window.ga=function(){document.write("<p>quảng cáo</p>")};</script></head>
<body><header><a href="/">Thư viện pháp luật</a></header>
<nav class="menu"><ul><li><a href="/van-ban">Văn bản</a></li><li>Tin tức</li></ul></nav>
<div class="content1">
<table border="0" width="100%"><tr><td width="40%"><p align="center"><b>BỘ TÀI CHÍNH<br>-------</b></p></td>
<td><p align="center"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc <br>---------------</b></p></td></tr>
<tr><td><p align="center">Số: 06/2026/TT-BTC</p></td><td><p align="right"><i>Hà Nội, ngày 12 tháng 01 năm 2026</i></p></td></tr></table>
<p align="center"><b><span style="font-size:12pt">THÔNG TƯ</span></b></p>
<p align="center">Sửa đổi, bổ sung một số điều của Thông tư số 111/2013/TT-BTC hướng dẫn thực hiện
 Luật Thuế thu nhập cá nhân</p>
<p><i>Căn cứ Luật Thuế thu nhập cá nhân ngày 21 tháng 11 năm 2007;</i></p>
<p><b>Điều 1. Sửa đổi, bổ sung khoản 1 Điều 9</b></p>
<p>1. Mức giảm trừ đối với đối tượng nộp thuế là 15,5 triệu đồng/tháng &lt;b&gt;.</p>
<table border="1"><tr><th>STT</th><th>Thu nhập tính thuế/tháng</th><th>Thuế suất</th></tr>
<tr><td>1</td><td>Đến 10 triệu đồng</td><td>5%</td></tr><tr><td>2</td><td>Trên 10 đến 30 triệu đồng</td><td>10%</td></tr></table>
<p><b>Điều 2. Hiệu lực thi hành</b></p><p>Thông tư này có hiệu lực kể từ ngày 01 tháng 3 năm 2026./.</p>
</div><footer>© Bản quyền thuộc về ...</footer><script>track()</script></body></html>"""


def test_html_page_from_a_portal_is_read_as_text() -> None:
    text, encoding, problems = read_html(PORTAL_PAGE.encode("utf-8"), "tt-06.html")
    assert encoding == "utf-8" and problems == ()
    lines = text.splitlines()
    # page chrome and code are gone; the document's words stay, entities decoded (escaped later, when rendered)
    for gone in ("quảng cáo", "Thư viện pháp luật", "Tin tức", "Bản quyền", "margin", "track()"):
        assert gone not in text
    assert "1. Mức giảm trừ đối với đối tượng nộp thuế là 15,5 triệu đồng/tháng <b>." in lines
    # the layout table gives its left column, then its right; the data table stays a table
    assert lines.index("BỘ TÀI CHÍNH") < lines.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert "| 1 | Đến 10 triệu đồng | 5% |" in lines
    # inline markup inside a paragraph does not cut it
    assert "THÔNG TƯ" in lines and "Căn cứ Luật Thuế thu nhập cá nhân ngày 21 tháng 11 năm 2007;" in lines


def test_html_page_gives_the_document(tmp_path: Path) -> None:
    path = tmp_path / "tt-06.htm"
    # no declared charset: read as UTF-8, not as the Latin-1 an HTML parser left to guess would take
    path.write_bytes(PORTAL_PAGE.replace('<meta charset="utf-8">', "").encode("utf-8"))
    source = read_source(path, tmp_path)
    assert source.fmt == "htm" and source.encoding == "utf-8"
    doc = parse_document(split_documents(normalize(source))[0])
    assert (doc.reference, doc.type_code, doc.issuer) == ("06/2026/TT-BTC", "TT", "Bộ Tài chính")
    assert doc.date is not None and doc.date.isoformat() == "2026-01-12"
    tables = [b for s in doc.sections for b in s.blocks + tuple(x for c in s.children for x in c.blocks) if b.kind == "table"]
    assert tables and tables[0].rows[0] == ("STT", "Thu nhập tính thuế/tháng", "Thuế suất")

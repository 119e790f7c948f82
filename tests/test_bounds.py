"""Resource bounds: a source file too large to be a plan is truncated or refused with a problem, never read whole.

- a text file over `read.MAX_BYTES` (5 MB): only its head is read, cut between two characters; a 50 MB file costs
  the memory of its first 5 MB, also when the cache hashes it;
- a Word or PDF file over `read.MAX_PACKAGE_BYTES` (50 MB): refused before it is read;
- a PDF of more than `read.pdf.MAX_PAGES` pages (500): the first pages are read, the rest are not even opened;
- a Word file whose parts unpack to more than `read.docx.MAX_UNPACKED_BYTES` (a zip bomb): refused before unpacking.

The large files are made in tmp_path: sparse where only the size matters, a hand-written PDF for the 5,000 pages.
Memory is asserted with tracemalloc (what Python allocates), work by counting what was opened; nothing is timed.
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.read import MAX_BYTES, MAX_PACKAGE_BYTES, read_source

from .conftest import SOURCE

MB = 1024 * 1024
SEED = (SOURCE / "001_1409461a94ad2694.txt").read_text(encoding="utf-8-sig")


def peak_memory(f: Callable[[], Any]) -> tuple[Any, int]:
    """f's result and the most memory Python held at once while it ran, in bytes."""
    tracemalloc.start()
    try:
        result = f()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def sparse_file(path: Path, head: bytes, size: int) -> Path:
    """A file of `size` bytes that starts with `head` repeated past MAX_BYTES; the rest is a hole (no disk used)."""
    with path.open("wb") as fh:
        while fh.tell() < min(size, MAX_BYTES + len(head)):
            fh.write(head)
        fh.truncate(size)
    return path


# --- text ------------------------------------------------------------------------------------------------------------


def test_large_text_file_reads_its_head_only(tmp_path: Path) -> None:
    """A 50 MB text file: its first 5 MB are read (not the whole file), cut between two characters so that the
    Vietnamese text stays UTF-8; the problem says the file was truncated."""
    path = sparse_file(tmp_path / "lon.txt", SEED.encode("utf-8"), 50 * MB)
    source, peak = peak_memory(lambda: read_source(path, tmp_path))
    # 22 MB measured: the 5 MB read and CPython's UTF-8 decoding of them (4 bytes a character while it decodes);
    # reading the whole file would take 50 MB for its bytes alone
    assert peak < 25 * MB
    assert source.encoding == "utf-8"
    assert [(p.kind, p.severity) for p in source.problems] == [("truncated", "error")]
    assert "Tệp quá lớn (52,428,800 byte); chỉ đọc 5,242,880 byte đầu tiên." == source.problems[0].message
    assert len(source.text.encode("utf-8")) <= MAX_BYTES
    assert source.text.startswith(SEED[:200]) and "á»" not in source.text  # no Latin-1 mojibake


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("Kế hoạch triển khai công tác cải cách hành chính năm 2024\n", "ế"),  # 3 bytes: cut after 1 or 2
        ("Ủy ban nhân dân tỉnh Quảng Ngãi đề nghị các sở, ngành thực hiện\n", "Ủ"),
        ("Đẩy mạnh ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước\n", "Đ"),  # 2 bytes
    ],
)
def test_truncation_never_splits_a_character(tmp_path: Path, text: str, cut: str) -> None:
    """Whichever byte of a Vietnamese letter the limit falls on, the head ends before that letter."""
    data = text.encode("utf-8")
    at = data.index(cut.encode("utf-8"))
    for extra in range(1, len(cut.encode("utf-8"))):
        path = tmp_path / f"cat-{extra}.txt"
        body = b"x" * (MAX_BYTES - at - extra) + data  # the limit falls `extra` bytes into `cut`
        path.write_bytes(body)
        source = read_source(path, tmp_path)
        assert source.encoding == "utf-8", extra
        assert source.text == "x" * (MAX_BYTES - at - extra) + text[: text.index(cut)], extra


def test_cache_hashes_a_large_file_in_pieces(tmp_path: Path) -> None:
    """The cache key of a file is the key of its bytes, computed without holding the file in memory."""
    from generator.pipeline import ParseCache

    cache = ParseCache(tmp_path / "cache", version="v")
    small = tmp_path / "nho.txt"
    small.write_text(SEED, encoding="utf-8")
    assert cache.key_file("nho.txt", small) == cache.key("nho.txt", small.read_bytes())
    big = sparse_file(tmp_path / "lon.txt", SEED.encode("utf-8"), 50 * MB)
    key, peak = peak_memory(lambda: cache.key_file("lon.txt", big))
    assert key != cache.key_file("nho.txt", small) and peak < 4 * MB


# --- Word and PDF packages -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ke-hoach-scan.pdf", "ke-hoach.docx"])
def test_package_over_the_limit_is_refused_unread(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with path.open("wb") as fh:
        fh.truncate(MAX_PACKAGE_BYTES + 1)
    source, peak = peak_memory(lambda: read_source(path, tmp_path))
    assert peak < MB and source.text == ""
    assert [(p.kind, p.severity) for p in source.problems] == [("too-large", "error")]
    assert "Tệp quá lớn (52,428,801 byte, tối đa 52,428,800); tệp bị bỏ qua." == source.problems[0].message


def many_pages(count: int, declared: int | None = None) -> bytes:
    """A minimal PDF of `count` pages, page N showing one line `Muc N thuoc trang N` (every page different, so that
    none is taken for a running head); its page tree declares `declared` pages (None: no /Count)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(count))
    count_entry = f"/Count {declared} " if declared is not None else ""
    objects.append(f"<< /Type /Pages {count_entry}/Kids [{kids}] >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i in range(1, count + 1):
        page = f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {4 + 2 * i - 1} 0 R >>"
        objects.append(page.encode())
        content = f"BT /F1 12 Tf 72 700 Td (Muc {i} thuoc trang {i}) Tj ET".encode()
        objects.append(b"<< /Length %d >>\nstream\n%b\nendstream" % (len(content), content))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%b\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_5000_page_pdf_is_truncated_without_opening_every_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """5,000 pages: the first 500 are read, one more is opened to know there are more, the others never are."""
    import pdfplumber.page

    import generator.read.pdf as pdf_reader

    opened: list[int] = []
    read: list[int] = []

    class CountedPage(pdfplumber.page.Page):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            opened.append(self.page_number)

    real_words = pdf_reader._page_words

    def counted_words(page: Any, legacy: set[str], rotated: list[str]) -> list[Any]:
        read.append(page.page_number)
        return real_words(page, legacy, rotated)

    monkeypatch.setattr(pdfplumber.page, "Page", CountedPage)
    monkeypatch.setattr(pdf_reader, "_page_words", counted_words)
    (tmp_path / "dai.pdf").write_bytes(many_pages(5000, declared=5000))
    source = read_source(tmp_path / "dai.pdf", tmp_path)

    assert read == list(range(1, pdf_reader.MAX_PAGES + 1)) and opened == list(range(1, pdf_reader.MAX_PAGES + 2))
    assert [(p.kind, p.severity, p.message) for p in source.problems] == [
        ("truncated", "error", "Tệp PDF có 5,000 trang; chỉ đọc 500 trang đầu, phần sau không được đăng.")
    ]
    assert "Muc 500 thuoc trang 500" in source.text and "trang 501" not in source.text


@pytest.mark.parametrize(
    ("pages", "declared", "said"),
    [
        (5, 5, "Tệp PDF có 5 trang; chỉ đọc 3 trang đầu"),
        (5, None, "Tệp PDF có hơn 3 trang; chỉ đọc 3 trang đầu"),  # no count: what was seen
        (5, 2, "Tệp PDF có hơn 3 trang; chỉ đọc 3 trang đầu"),  # a count that lies is not repeated
        (3, 3, None),  # exactly the limit: nothing cut
    ],
)
def test_pdf_limit_wording(monkeypatch: pytest.MonkeyPatch, pages: int, declared: int | None, said: str | None) -> None:
    import generator.read.pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 3)
    text, _, problems = pdf_reader.read_pdf(many_pages(pages, declared), "dai.pdf")
    assert [p.message for p in problems] == ([f"{said}, phần sau không được đăng."] if said else [])
    assert "Muc 3 thuoc trang 3" in text and "trang 4" not in text


def test_long_pdf_is_truncated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF written by a real writer (fpdf2) with more pages than the limit: the first pages are read, the rest
    refused with a problem."""
    from fpdf import FPDF

    import generator.read.pdf as pdf_reader

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    words = "plan province district commune report budget school clinic road bridge water forest market harbour".split()
    for i in range(12):
        pdf.add_page()
        for k in range(6):  # distinct lines on every page: none looks like a running head
            line = f"Section {i}.{k} " + " ".join(words[(i * 7 + k * 3 + j) % len(words)] for j in range(9)) + "."
            pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    (tmp_path / "dai.pdf").write_bytes(bytes(pdf.output()))
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 5)
    source = read_source(tmp_path / "dai.pdf", tmp_path)
    truncated = [p for p in source.problems if p.kind == "truncated"]
    assert len(truncated) == 1 and "12 trang" in truncated[0].message and "5 trang đầu" in truncated[0].message
    assert "Section 4.5" in source.text and "Section 5." not in source.text


def _docx_with(document_xml_tail: Callable[[Any], None]) -> bytes:
    """A real .docx (python-docx) whose word/document.xml is rewritten: its own XML minus the closing tags, then
    whatever `document_xml_tail` writes to the open part."""
    import docx

    document = docx.Document()
    document.add_paragraph("Kế hoạch thực hiện chuyển đổi số năm 2024")
    buf = io.BytesIO()
    document.save(buf)
    original = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for info in original.infolist():
            if info.filename != "word/document.xml":
                package.writestr(info, original.read(info))
        with package.open("word/document.xml", "w", force_zip64=True) as fh:
            xml = original.read("word/document.xml")
            fh.write(xml[: xml.rindex(b"<w:sectPr")])
            document_xml_tail(fh)
            fh.write(xml[xml.rindex(b"<w:sectPr") :])
    return out.getvalue()


def test_docx_zip_bomb_is_refused_unpacked(tmp_path: Path) -> None:
    """A 0.8 MB Word file whose body unpacks to 200 MB of empty paragraphs: refused from the zip's directory."""
    from generator.read.docx import MAX_UNPACKED_BYTES

    def bomb(fh: Any) -> None:
        chunk = b"<w:p/>" * (MB // 6)
        for _ in range(200):
            fh.write(chunk)

    data = _docx_with(bomb)
    assert len(data) < 2 * MB
    (tmp_path / "bom.docx").write_bytes(data)
    source, peak = peak_memory(lambda: read_source(tmp_path / "bom.docx", tmp_path))
    assert peak < len(data) + MB and source.text == ""
    assert [(p.kind, p.severity) for p in source.problems] == [("too-large", "error")]
    assert source.problems[0].message.startswith("Tệp Word giải nén ra quá lớn (")
    assert f"tối đa {MAX_UNPACKED_BYTES:,}); tệp bị bỏ qua." in source.problems[0].message


def test_docx_under_the_unpacked_limit_is_read(tmp_path: Path) -> None:
    """The same construction with a paragraph of text: the check lets ordinary files through."""

    def paragraph(fh: Any) -> None:
        fh.write("<w:p><w:r><w:t>Giao Sở Nội vụ chủ trì, phối hợp với các sở, ngành triển khai.</w:t></w:r></w:p>".encode())

    (tmp_path / "thuong.docx").write_bytes(_docx_with(paragraph))
    source = read_source(tmp_path / "thuong.docx", tmp_path)
    assert not source.problems
    assert source.text.split("\n")[:2] == ["Kế hoạch thực hiện chuyển đổi số năm 2024", "Giao Sở Nội vụ chủ trì, phối hợp với các sở, ngành triển khai."]

"""The .docx and .pdf readers: made on the fly from the seed texts, they must give what the .txt gives.

Each seed becomes a Word file the way an office would type it (automatic numbering for `I.`, `1.`, `a)` and
bullets, a two-column layout table for the header and for the recipients | signer block, bold and italic runs
instead of Markdown stars, a real footnote) and a PDF the way a printer driver would lay it out (header columns,
wrapped and indented paragraphs, page numbers and a running head on every page). Both must parse to the same
metadata, section tree and citations as the text file; a scan without text is refused with a clear problem.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.extract.citations import extract_citations
from generator.models import Document, SourceText
from generator.normalize import normalize
from generator.parse import parse_document
from generator.parse.body import walk
from generator.pipeline import parse_file
from generator.read import read_source
from generator.read.docx import read_docx
from generator.read.pdf import SCANNED, read_pdf
from generator.split import split_documents

from .conftest import ROOT, SOURCE

SEEDS = sorted(p.name for p in SOURCE.glob("*.txt"))
EXPECTATIONS = json.loads((ROOT / "tests" / "expectations" / "seeds.json").read_text(encoding="utf-8"))["documents"]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --- what must come out the same ---------------------------------------------------------------------


def metadata(doc: Document) -> dict[str, Any]:
    signer = doc.signer
    return dict(
        type_code=doc.type_code, type_name=doc.type_name, number=doc.number, symbol=doc.symbol, reference=doc.reference,
        issuer=doc.issuer, jurisdiction=doc.jurisdiction, place=doc.place, date=doc.date, year=doc.year, title=doc.title,
        addressees=doc.addressees, recipients=doc.recipients, inferred=doc.inferred, motto=doc.motto,
        signer=(signer.name, signer.position, signer.prefix, signer.on_behalf, signer.deputy_for) if signer else None,
    )


def sections(doc: Document) -> list[tuple[str, str, str, str]]:
    return [(s.anchor, s.kind, s.label, s.title) for s in walk(doc.sections)]


def citations(doc: Document) -> list[tuple[Any, ...]]:
    return [(c.mention.text, c.mention.reference, c.mention.date, c.mention.issuer, c.mention.pinpoint, c.place.section) for c in extract_citations(doc)]


def parsed(path: Path) -> tuple[Document, ...]:
    docs, problems = parse_file(path, path.parent)
    assert docs, problems
    return docs


def documents_of(source: SourceText) -> tuple[Document, ...]:
    """The documents the pipeline makes of an already read file (as `parse_file` does after reading)."""
    return tuple(parse_document(d) for d in split_documents(normalize(source)) if d.lines)


# --- seed lines, with the parts the hand-checked expectations locate --------------------------------


@dataclass(frozen=True)
class Part:
    """A seed line, or a two-column block: rows of (left lines, right lines)."""

    lines: tuple[str, ...] = ()
    rows: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()


def seed_parts(name: str) -> list[Part]:
    """The seed's lines, with the header (issuer | motto, number | date) and the recipients | signer block of
    each document gathered into two-column blocks, as a Word table or a PDF layout holds them. A line between
    the located parts (the rule under the issuer) goes with the column of the line above it."""
    raw = (SOURCE / name).read_text(encoding="utf-8").split("\n")
    blocks: list[list[tuple[list[int], list[int]]]] = []  # rows of (left line numbers, right line numbers), 1-based
    for doc in (d for d in EXPECTATIONS if d["source"] == name):
        at = doc["lines"]
        header = [(_span(at, "issuer"), _span(at, "motto")), (_span(at, "number") + (_span(at, "title") if doc["type_code"] == "CV" else []), _span(at, "date"))]
        for rows in (header, [(_span(at, "recipients"), _span(at, "signer"))]):
            rows = [(left, right) for left, right in rows if left and right]
            if rows:
                blocks.append(rows)
    parts: list[Part] = []
    n = 1
    for rows in sorted(blocks, key=lambda rs: min(rs[0][0] + rs[0][1])):
        numbers = [k for left, right in rows for k in left + right]
        first, last = min(numbers), max(numbers)
        parts.extend(Part((raw[k - 1],)) for k in range(n, first))
        for k in range(first, last + 1):  # stray lines join the column of the line above
            if k not in numbers and raw[k - 1].strip():
                for left, right in rows:
                    if k - 1 in left:
                        left.append(k)
                    elif k - 1 in right:
                        right.append(k)
                numbers = [k for left, right in rows for k in left + right]
                assert k in numbers, f"{name}: line {k} sits between the columns"
        parts.append(Part(rows=tuple((tuple(raw[k - 1] for k in sorted(left)), tuple(raw[k - 1] for k in sorted(right))) for left, right in rows)))
        n = last + 1
    parts.extend(Part((raw[k - 1],)) for k in range(n, len(raw) + 1))
    return parts


def _span(at: dict[str, Any], key: str) -> list[int]:
    """Line numbers of a located part: the expectations give one line or a [first, last] range."""
    v = at.get(key)
    if v is None:
        return []
    return list(range(v[0], v[1] + 1)) if isinstance(v, list) else [v]


# --- Markdown stars -> bold and italic runs ----------------------------------------------------------

_MARK = re.compile(r"(?<![\w*])\*{1,3}(?=[^\s*])|(?<=[^\s*])\*{1,3}(?![\w*])")


@dataclass
class Style:
    bold: bool = False
    italic: bool = False


def runs(line: str, style: Style) -> list[tuple[str, bool, bool]]:
    """Text pieces of a seed line with the emphasis its stars give (the state carries over lines)."""
    if line.strip() == "*":
        return [(line, False, False)]  # a stray star on its own line is noise in the source: kept as text
    out: list[tuple[str, bool, bool]] = []
    pos = 0
    for m in _MARK.finditer(line):
        if m.start() > pos:
            out.append((line[pos : m.start()], style.bold, style.italic))
        stars = len(m.group())
        if stars in (2, 3):
            style.bold = not style.bold
        if stars in (1, 3):
            style.italic = not style.italic
        pos = m.end()
    if pos < len(line):
        out.append((line[pos:], style.bold, style.italic))
    return out


# --- Word --------------------------------------------------------------------------------------------

_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
_LABEL = re.compile(r"^(?:(?P<roman>[IVX]+)\.|(?P<num>\d{1,2})\.|(?P<letter>[a-z])\))\s+(?=\S)")
_BULLET = re.compile(r"^(?P<mark>[-+])\s+(?=\S)")
_FOOTNOTE = re.compile(r"^(?P<mark>[¹²³⁴⁵⁶⁷⁸⁹])\s+")
_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"

NUMBERING = f"""
<w:abstractNum xmlns:w="{W}" w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/><w:suff w:val="space"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
</w:abstractNum>
<w:abstractNum xmlns:w="{W}" w:abstractNumId="91">
  <w:multiLevelType w:val="hybridMultilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="+"/></w:lvl>
</w:abstractNum>
<w:num xmlns:w="{W}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>
<w:num xmlns:w="{W}" w:numId="91"><w:abstractNumId w:val="91"/></w:num>
"""


class WordCounters:
    """Word's counters for the multilevel list above: a line becomes a numbered paragraph only when the number
    Word would show is the one the seed prints (`đ)` is not a Word letter, so it stays typed)."""

    def __init__(self) -> None:
        self.levels: list[int] = [0, 0, 0]

    def take(self, line: str) -> tuple[int, str] | None:
        m = _LABEL.match(line)
        if not m:
            return None
        if m.group("roman"):
            level, shown = 0, m.group("roman")
        elif m.group("num"):
            level, shown = 1, m.group("num")
        else:
            level, shown = 2, m.group("letter")
        value = self.levels[level] + 1
        expected = _ROMAN[value - 1] if level == 0 and value <= len(_ROMAN) else str(value) if level == 1 else chr(ord("a") + value - 1)
        if expected != shown:
            return None
        self.levels[level] = value
        for deeper in range(level + 1, 3):
            self.levels[deeper] = 0
        return level, line[m.end() :]


def make_docx(name: str) -> bytes:
    import docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part as OpcPart
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    document = docx.Document()
    numbering = document.part.numbering_part.element
    for el in parse_xml(f'<w:x xmlns:w="{W}">{NUMBERING}</w:x>'):
        numbering.append(el)
    counters = WordCounters()
    style = Style()
    notes: list[tuple[str, str]] = []  # (mark, text)
    parts = seed_parts(name)
    for part in parts:
        for line in part.lines + tuple(line for row in part.rows for cell in row for line in cell):
            m = _FOOTNOTE.match(line)
            if m:
                notes.append((m.group("mark"), line[m.end() :]))

    def fill(paragraph: Any, text: str) -> None:
        for piece, bold, italic in runs(text, style):
            chunks = re.split(f"([{_SUPERSCRIPT}])", piece)
            for chunk in chunks:
                if not chunk:
                    continue
                if chunk in _SUPERSCRIPT and any(mark == chunk for mark, _ in notes):
                    run = paragraph.add_run()
                    ref = parse_xml(f'<w:footnoteReference xmlns:w="{W}" w:id="{_SUPERSCRIPT.index(chunk)}"/>')
                    run._r.append(ref)
                    continue
                run = paragraph.add_run(chunk)
                run.bold = bold or None
                run.italic = italic or None

    def numbered(paragraph: Any, num_id: int, level: int) -> None:
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))

    for part in parts:
        if part.rows:
            table = document.add_table(rows=len(part.rows), cols=2)
            for row, cells in zip(table.rows, part.rows, strict=True):
                for cell, lines in zip(row.cells, cells, strict=True):
                    for k, line in enumerate(lines):
                        fill(cell.paragraphs[0] if k == 0 else cell.add_paragraph(), line)
            continue
        line = part.lines[0]
        if _FOOTNOTE.match(line):
            continue  # its text goes into the footnotes part
        paragraph = document.add_paragraph()
        taken = counters.take(line)
        bullet = _BULLET.match(line)
        if taken:
            level, rest = taken
            numbered(paragraph, 90, level)
            fill(paragraph, rest)
        elif bullet:
            numbered(paragraph, 91, 0 if bullet.group("mark") == "-" else 1)
            fill(paragraph, line[bullet.end() :])
        else:
            fill(paragraph, line)
    if notes:
        body = "".join(
            f'<w:footnote w:id="{_SUPERSCRIPT.index(mark)}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {_xml(text)}</w:t></w:r></w:p></w:footnote>'
            for mark, text in notes
        )
        xml = (
            f'<w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            f'</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
            f"</w:r></w:p></w:footnote>{body}</w:footnotes>"
        )
        part_ = OpcPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode("utf-8"), document.part.package)
        document.part.relate_to(part_, RT.FOOTNOTES)
    assert qn("w:p")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- PDF -------------------------------------------------------------------------------------------

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"), Path("/usr/local/share/fonts"))
RUNNING_HEAD = "CÔNG BÁO/Số 12/Ngày 30-3-2022"


def font_file(name: str) -> Path:
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return folder / name
    raise AssertionError(f"font {name} not found: install Debian's fonts-dejavu-core")


def plain(line: str) -> str:
    """A seed line as printed: Markdown stars become formatting, which the PDF text layer does not keep."""
    return "".join(piece for piece, _, _ in runs(line, Style()))


def make_pdf(name: str, *, running: bool = True) -> bytes:
    """The seed laid out on A4 as NĐ 30/2020 asks (margins 30/15/20/20 mm, 13 pt): header and signature blocks
    in two columns (left 40%), the type and subject centred, paragraphs indented with space after, a page number
    at the top of every page after the first and a running head on every page."""
    from fpdf import FPDF

    class Page(FPDF):  # type: ignore[misc]
        def header(self) -> None:
            if not running:
                return
            self.set_font("serif", size=9)
            self.set_xy(self.l_margin, 8)
            self.cell(0, 4, RUNNING_HEAD, align="R")
            if self.page_no() > 1:
                self.set_font("serif", size=12)
                self.set_xy(self.l_margin, 13)
                self.cell(0, 5, str(self.page_no()), align="C")
            self.set_xy(self.l_margin, self.t_margin)

    pdf = Page(format="A4", unit="mm")
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("serif", "", str(font_file("DejaVuSerif.ttf")))
    pdf.add_font("serif", "B", str(font_file("DejaVuSerif-Bold.ttf")))
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    centred: set[str] = set()
    for doc in (d for d in EXPECTATIONS if d["source"] == name):
        raw = (SOURCE / name).read_text(encoding="utf-8").split("\n")
        for key in ("type", "title"):
            v = doc["lines"].get(key)
            if v is not None and doc["type_code"] != "CV":
                first, last = (v, v) if isinstance(v, int) else v
                centred.update(raw[k - 1] for k in range(first, last + 1))
    line_h = 6.0
    for part in seed_parts(name):
        if part.rows:
            pdf.set_font("serif", size=11)
            for left, right in part.rows:
                top = pdf.get_y()
                if top + line_h * max(len(left), len(right)) > pdf.h - pdf.b_margin:
                    pdf.add_page()
                    top = pdf.get_y()
                bottoms = []
                # the left column's blank lines are the text file's, not the layout's; the right column's keep
                # the space left for the signature
                for lines, x, w in ((tuple(ln for ln in left if ln.strip()), pdf.l_margin, 0.4 * width), (right, pdf.l_margin + 0.4 * width, 0.6 * width)):
                    pdf.set_xy(x, top)
                    for line in lines:
                        pdf.set_x(x)
                        pdf.multi_cell(w, 5.5, plain(line).strip(), align="C", new_x="LEFT", new_y="NEXT")
                    bottoms.append(pdf.get_y())
                pdf.set_y(max(bottoms) + 3)
            pdf.ln(line_h)
            continue
        line = part.lines[0]
        if not line.strip():
            continue
        text = plain(line).strip()
        if line in centred:
            pdf.set_font("serif", "B", size=13)
            pdf.multi_cell(0, line_h, text, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
            continue
        pdf.set_font("serif", size=10 if _FOOTNOTE.match(text) else 13)
        pdf.set_x(pdf.l_margin + 10)  # first-line indent
        pdf.write(line_h, text)
        pdf.ln(line_h + 2.5)  # paragraph spacing
    return bytes(pdf.output())


# --- the seeds as Word and PDF files ---------------------------------------------------------------------

FOOTNOTE_SECTION = {  # (source, document index) -> footnote citation reference -> section the hand check gives
    ("003_07f4626c6b9d6a58.txt", 0): {"810-TB/TU": "muc-ii-khoan-6"},
}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("made")
    for name in SEEDS:
        stem = name.removesuffix(".txt")
        (folder / f"{stem}.docx").write_bytes(make_docx(name))
        (folder / f"{stem}.pdf").write_bytes(make_pdf(name))
    return folder


@pytest.mark.parametrize("name", SEEDS)
def test_docx_reads_as_the_text(made: Path, name: str) -> None:
    """Numbering, the layout tables, runs and the footnote of a Word file give the text file's document."""
    path = made / name.replace(".txt", ".docx")
    source = read_source(path, made)
    assert source.fmt == "docx" and source.encoding == "utf-8" and not source.problems
    xml = _document_xml(path.read_bytes())
    assert "<w:numPr>" in xml and "<w:tbl>" in xml or name.startswith("004")  # seed 004 has neither header nor numbers
    expected, got = parsed(SOURCE / name), documents_of(source)
    assert len(got) == len(expected)
    for index, (want, have) in enumerate(zip(expected, got, strict=True)):
        assert metadata(have) == metadata(want)
        assert sections(have) == sections(want)
        notes = FOOTNOTE_SECTION.get((name, index), {})
        plain_want = [c for c in citations(want) if c[1] not in notes]
        plain_have = [c for c in citations(have) if c[1] not in notes]
        assert plain_have == plain_want
        for reference, section in notes.items():
            # the text file has the footnote where a page break dropped it; Word keeps it with its reference
            assert [c[5] for c in citations(have) if c[1] == reference] == [section]


@pytest.mark.parametrize("name", SEEDS)
def test_pdf_reads_as_the_text(made: Path, name: str) -> None:
    """Columns, wrapped and indented paragraphs, page numbers and the running head of a PDF give the text
    file's document; every line dropped is listed."""
    path = made / name.replace(".txt", ".pdf")
    source = read_source(path, made)
    assert source.fmt == "pdf" and source.encoding == "utf-8"
    assert RUNNING_HEAD not in source.text
    dropped = [p for p in source.problems if p.kind == "noise"]
    heads = [p for p in dropped if RUNNING_HEAD in p.message]
    numbers = [p for p in dropped if re.search(r"«\d+»", p.message)]
    # every page has the running head, pages after the first a number
    assert heads and len(numbers) == len(heads) - 1 and len(dropped) == len(heads) + len(numbers)
    assert all(p.severity == "info" and p.line for p in dropped)
    expected, got = parsed(SOURCE / name), documents_of(source)
    assert len(got) == len(expected)
    for want, have in zip(expected, got, strict=True):
        assert metadata(have) == metadata(want)
        assert sections(have) == sections(want)
        assert citations(have) == citations(want)


def test_pdf_without_running_heads_is_read_the_same(made: Path, tmp_path: Path) -> None:
    """Nothing is dropped from a PDF with no running heads (the first lines of page 1 are the header)."""
    path = tmp_path / "001.pdf"
    path.write_bytes(make_pdf("001_1409461a94ad2694.txt", running=False))
    source = read_source(path, tmp_path)
    assert not [p for p in source.problems if p.kind == "noise"]
    assert metadata(documents_of(source)[0]) == metadata(parsed(SOURCE / "001_1409461a94ad2694.txt")[0])


def _document_xml(data: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return re.sub(r' xmlns:\w+="[^"]+"', "", z.read("word/document.xml").decode("utf-8"))


# --- scans and broken files ---------------------------------------------------------------------------


def scanned_pdf(pages: int = 2, text_on: tuple[int, ...] = ()) -> bytes:
    """A PDF of page images (here: drawn shapes, as a scanner's image holds no text), text on some pages."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("serif", "", str(font_file("DejaVuSerif.ttf")))
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.set_fill_color(200, 200, 200)
        for k in range(12):
            pdf.rect(30, 30 + 18 * k, 150, 6, style="F")
        if n in text_on:
            pdf.set_font("serif", size=13)
            pdf.set_xy(30, 270)
            pdf.cell(0, 6, "Nơi nhận: Sở Nội vụ tỉnh Quảng Ngãi; Lưu: VT.")
    return bytes(pdf.output())


def test_scanned_pdf_is_refused_not_published_empty(tmp_path: Path) -> None:
    source_dir = tmp_path / "src"
    source_dir.mkdir()
    (source_dir / "scan.pdf").write_bytes(scanned_pdf())
    (source_dir / "001.txt").write_text((SOURCE / "001_1409461a94ad2694.txt").read_text(encoding="utf-8"), encoding="utf-8")
    text, _, problems = read_pdf((source_dir / "scan.pdf").read_bytes(), "scan.pdf")
    assert text == ""
    assert [(p.kind, p.severity) for p in problems] == [("scanned", "error")]
    assert problems[0].message.startswith(SCANNED) and SCANNED == "Tệp PDF không có lớp chữ (bản scan)"
    from generator.pipeline import build_corpus

    corpus = build_corpus(source_dir, jobs=1)
    assert [d.source for d in corpus.documents] == ["001.txt"]  # the other file is published
    assert [(p.source, p.kind) for p in corpus.problems] == [("scan.pdf", "scanned")]


def test_partly_scanned_pdf_names_the_pages_without_text() -> None:
    text, _, problems = read_pdf(scanned_pdf(pages=3, text_on=(2,)), "mixed.pdf")
    assert "Nơi nhận: Sở Nội vụ tỉnh Quảng Ngãi; Lưu: VT." in text
    assert [p.message for p in problems if p.kind == "scanned"] == [
        "Trang 1, 3 của tệp PDF không có lớp chữ (bản scan): nội dung các trang này không được đọc."
    ]


@pytest.mark.parametrize(
    "suffix, data, words",
    [
        (".pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF", "PDF"),  # no pages object
        (".pdf", b"Ke hoach so 13/KH-UBND (a text file named .pdf)", "PDF"),
        (".docx", b"PK\x03\x04 not really a zip", "Word"),
        (".docx", b"Ke hoach so 13/KH-UBND (a text file named .docx)", "Word"),
    ],
)
def test_broken_files_are_reported_with_their_format(tmp_path: Path, suffix: str, data: bytes, words: str) -> None:
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(data)
    docs, problems = parse_file(path, tmp_path)
    assert docs == ()
    assert problems and all(p.severity == "error" and p.source == path.name for p in problems)
    assert any(words in p.message for p in problems)


def test_old_word_files_ask_to_be_saved_as_docx(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))  # the OLE header of a Word 97-2003 file
    docs, problems = parse_file(path, tmp_path)
    assert docs == ()
    assert [(p.kind, p.severity) for p in problems] == [("unsupported-format", "error")]
    assert "hãy lưu lại thành .docx" in problems[0].message


def test_password_protected_pdf_says_so() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="chu-so-huu", user_password="mat-khau")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Ke hoach so 13/KH-UBND")
    text, _, problems = read_pdf(bytes(pdf.output()), "khoa.pdf")
    assert text == "" and [p.kind for p in problems] == ["unreadable"]
    assert "mật khẩu" in problems[0].message


def test_word_lock_files_are_not_sources(tmp_path: Path) -> None:
    from generator.pipeline import source_files

    (tmp_path / "~$ke-hoach.docx").write_bytes(b"\x0bNguyen Van A")
    (tmp_path / "ke-hoach.docx").write_bytes(make_docx("002_8cf60df9837816bd.txt"))
    assert [p.name for p in source_files(tmp_path)] == ["ke-hoach.docx"]


# --- Word features, one by one ------------------------------------------------------------------------


def docx_with(body: str, numbering: str = "", styles: str = "") -> bytes:
    """A .docx whose body is `body` (WordprocessingML paragraphs and tables)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    root = document.element.body
    sect = root.find(f"{{{W}}}sectPr")
    for child in list(root):
        if child is not sect:
            root.remove(child)
    for el in parse_xml(f'<w:x xmlns:w="{W}">{body}</w:x>'):
        sect.addprevious(el)
    if numbering:
        target = document.part.numbering_part.element
        for el in parse_xml(f'<w:x xmlns:w="{W}">{numbering}</w:x>'):
            target.append(el)
    if styles:
        target = document.styles.element
        for el in parse_xml(f'<w:x xmlns:w="{W}">{styles}</w:x>'):
            target.append(el)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def p(text: str, num: tuple[int, int] | None = None, style: str = "", rpr: str = "") -> str:
    ppr = ""
    if num or style:
        numpr = f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else ""
        pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
        ppr = f"<w:pPr>{pstyle}{numpr}</w:pPr>"
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    run = f'<w:r>{props}<w:t xml:space="preserve">{_xml(text)}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr}{run}</w:p>"


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>{extra}</w:lvl>'


def abstract(aid: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{"".join(levels)}</w:abstractNum>'


def num(nid: int, aid: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


def read_lines(data: bytes) -> list[str]:
    text, _, problems = read_docx(data, "x.docx")
    assert not problems
    return [line for line in text.split("\n") if line.strip()]


LIST = abstract(1, lvl(0, "upperRoman", "%1."), lvl(1, "decimal", "%2."), lvl(2, "lowerLetter", "%3)"), lvl(3, "bullet", "\uf0b7"))

NUMBERING_CASES = [
    # (body, numbering, lines): plans number Mục I., khoản 1., điểm a) with Word's multilevel lists
    (
        p("MỤC ĐÍCH, YÊU CẦU", (1, 0)) + p("Tiếp tục triển khai thực hiện Chỉ thị của Thủ tướng Chính phủ.", (1, 1))
        + p("Nâng cao nhận thức về công tác vận động quần chúng.", (1, 1)) + p("NỘI DUNG NHIỆM VỤ", (1, 0))
        + p("Sở Nội vụ", (1, 1)) + p("Thường xuyên theo dõi, đôn đốc các cơ quan.", (1, 2))
        + p("Xây dựng kế hoạch kiểm tra.", (1, 2)) + p("Các cơ quan, đơn vị phối hợp.", (1, 3)),
        LIST + num(1, 1),
        ["I. MỤC ĐÍCH, YÊU CẦU", "1. Tiếp tục triển khai thực hiện Chỉ thị của Thủ tướng Chính phủ.",
         "2. Nâng cao nhận thức về công tác vận động quần chúng.", "II. NỘI DUNG NHIỆM VỤ", "1. Sở Nội vụ",
         "a) Thường xuyên theo dõi, đôn đốc các cơ quan.", "b) Xây dựng kế hoạch kiểm tra.", "• Các cơ quan, đơn vị phối hợp."],
    ),
    (
        # "Restart numbering" in Word: a new list instance with a start override
        p("Sở Nội vụ", (1, 1)) + p("Sở Tư pháp", (1, 1)) + p("Thanh tra tỉnh", (2, 1)),
        LIST + num(1, 1) + num(2, 1, '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride>'),
        ["1. Sở Nội vụ", "2. Sở Tư pháp", "1. Thanh tra tỉnh"],
    ),
    (
        # legal numbering 1.1, 1.2 and a list starting at 5 (continued from an earlier document)
        p("Nhiệm vụ chung", (3, 0)) + p("Tuyên truyền", (3, 1)) + p("Kiểm tra", (3, 1)),
        abstract(3, lvl(0, "decimal", "%1.", start=5), lvl(1, "decimal", "%1.%2.")) + num(3, 3),
        ["5. Nhiệm vụ chung", "5.1. Tuyên truyền", "5.2. Kiểm tra"],
    ),
    (
        # numbering taken from the paragraph style, as Word's "List Number" style does
        p("Cơ quan Tổ chức - Nội vụ thị xã;", style="DanhSach") + p("UBND các xã, phường.", style="DanhSach"),
        abstract(4, lvl(0, "bullet", "-")) + num(4, 4),
        ["- Cơ quan Tổ chức - Nội vụ thị xã;", "- UBND các xã, phường."],
    ),
]


@pytest.mark.parametrize("body, numbering, lines", NUMBERING_CASES)
def test_docx_numbering_is_written_out(body: str, numbering: str, lines: list[str]) -> None:
    styles = (
        '<w:style w:type="paragraph" w:styleId="DanhSach"><w:name w:val="Danh sach"/>'
        '<w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>'
    )
    assert read_lines(docx_with(body, numbering, styles)) == lines


def test_docx_data_table_becomes_a_table_block(tmp_path: Path) -> None:
    def row(*cells: str) -> str:
        return "<w:tr>" + "".join(f"<w:tc>{p(c)}</w:tc>" for c in cells) + "</w:tr>"

    body = (
        p("III. TỔ CHỨC THỰC HIỆN")
        + "<w:tbl>" + row("TT", "Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành")
        + row("1", "Xây dựng kế hoạch | phân công", "Sở Nội vụ", "Quý I/2022")
        + row("2", "Báo cáo kết quả", "Sở Nội vụ", "Trước ngày 30/3/2022") + "</w:tbl>"
    )
    lines = read_lines(docx_with(body))
    assert lines == [
        "III. TỔ CHỨC THỰC HIỆN",
        "| TT | Nội dung | Cơ quan chủ trì | Thời gian hoàn thành |",
        "| 1 | Xây dựng kế hoạch ¦ phân công | Sở Nội vụ | Quý I/2022 |",
        "| 2 | Báo cáo kết quả | Sở Nội vụ | Trước ngày 30/3/2022 |",
    ]
    path = tmp_path / "bang.docx"
    path.write_bytes(docx_with(p("KẾ HOẠCH") + p("Thực hiện công tác dân vận năm 2023") + body))
    doc = parsed(path)[0]
    tables = [b for s in walk(doc.sections) for b in s.blocks if b.kind == "table"]
    assert [t.rows[0] for t in tables] == [("TT", "Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành")]


RUN_CASES = [
    # (runs of one paragraph, text Word shows)
    ('<w:r><w:t>Đã sửa: </w:t></w:r><w:del w:id="1" w:author="VT"><w:r><w:delText>53/KH-UBND</w:delText></w:r></w:del>'
     '<w:ins w:id="2" w:author="VT"><w:r><w:t>54/KH-UBND</w:t></w:r></w:ins>', "Đã sửa: 54/KH-UBND"),
    ('<w:r><w:t>Số: 53</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>(bản nháp)</w:t></w:r><w:r><w:t> /KH-UBND</w:t></w:r>',
     "Số: 53 /KH-UBND"),
    ('<w:r><w:rPr><w:caps/></w:rPr><w:t>Kế hoạch</w:t></w:r>', "KẾ HOẠCH"),
    ('<w:r><w:t>Lào Cai,</w:t></w:r><w:r><w:tab/><w:t>ngày 17 tháng 01 năm 2022</w:t></w:r>', "Lào Cai,\tngày 17 tháng 01 năm 2022"),
    ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
     '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>', "2"),
    ('<w:hyperlink r:id="rId99" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
     "<w:r><w:t>Nghị định số 04/2015/NĐ-CP</w:t></w:r></w:hyperlink>", "Nghị định số 04/2015/NĐ-CP"),
    ('<w:r><w:t>Covid</w:t><w:noBreakHyphen/><w:t>19</w:t></w:r>', "Covid-19"),
]


@pytest.mark.parametrize("runs_xml, shown", RUN_CASES)
def test_docx_runs_give_what_word_shows(runs_xml: str, shown: str) -> None:
    text, _, _ = read_docx(docx_with(f"<w:p>{runs_xml}</w:p>"), "x.docx")
    assert text == shown + "\n"


LEGACY_RUNS = [
    # (font, text stored in the .docx, text shown): Word keeps a legacy font's bytes as Windows-1252 characters
    (".VnTime", "QuyÕt ®Þnh sè 217-Q§/TW", "Quyết định số 217-QĐ/TW"),
    (".VnTimeH", "céng hoµ x· héi chñ nghÜa viÖt nam", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    (".VnArial", "§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("VNI-Times", "UÛy ban nhaân daân tænh Quaûng Ngaõi", "Ủy ban nhân dân tỉnh Quảng Ngãi"),
    ("VNI-Helve", "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
]


@pytest.mark.parametrize("font, stored, shown", LEGACY_RUNS)
def test_docx_legacy_font_runs_are_converted(font: str, stored: str, shown: str) -> None:
    rpr = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}"/>'
    text, encoding, _ = read_docx(docx_with(p(stored, rpr=rpr) + p("Nơi nhận:")), "x.docx")
    assert text.split("\n")[:2] == [shown, "Nơi nhận:"]
    assert encoding == ("vni" if font.startswith("VNI") else "tcvn3")


def test_docx_legacy_font_from_the_style() -> None:
    styles = '<w:style w:type="paragraph" w:styleId="Cu"><w:name w:val="Cu"/><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style>'
    text, encoding, _ = read_docx(docx_with(p("KÕ ho¹ch thùc hiÖn c«ng t¸c d©n vËn", style="Cu"), styles=styles), "x.docx")
    assert (text, encoding) == ("Kế hoạch thực hiện công tác dân vận\n", "tcvn3")


def test_docx_text_box_follows_its_paragraph() -> None:
    box = (
        '<w:r><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData>'
        '<wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx>'
        f'<w:txbxContent>{p("DỰ THẢO")}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>'
    )
    lines = read_lines(docx_with(f'<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r>{box}</w:p>' + p("Thực hiện công tác dân vận")))
    assert lines == ["KẾ HOẠCH", "DỰ THẢO", "Thực hiện công tác dân vận"]


# --- PDF details --------------------------------------------------------------------------------------


def pdf_of(paragraphs: list[str], width_mm: float = 120) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("serif", "", str(font_file("DejaVuSerif.ttf")))
    pdf.set_margins(30, 20, 210 - 30 - width_mm)
    pdf.add_page()
    pdf.set_font("serif", size=13)
    for text in paragraphs:
        pdf.set_x(pdf.l_margin + 10)
        pdf.write(6, text)
        pdf.ln(9)
    return bytes(pdf.output())


def test_pdf_paragraphs_are_unwrapped_at_any_width() -> None:
    paragraph = "Thực hiện Kế hoạch số 53/KH-UBND ngày 23/3/2022 của UBND tỉnh Quảng Ngãi về thực hiện quy chế dân chủ ở cơ sở."
    for width in range(60, 130, 7):
        text, _, _ = read_pdf(pdf_of([paragraph, paragraph], width), "x.pdf")
        assert text == f"{paragraph}\n\n{paragraph}\n", width


@pytest.mark.parametrize(
    "first, second, joined",
    [
        # a word processor may break a line after a hyphen: the halves join without a space
        ("Thực hiện Kế hoạch số 53/KH-", "UBND ngày 23/3/2022.", "Thực hiện Kế hoạch số 53/KH-UBND ngày 23/3/2022."),
        ("góp phần phát triển kinh tế-", "xã hội của tỉnh.", "góp phần phát triển kinh tế-xã hội của tỉnh."),
        ("giai đoạn 2022 -", "2026 như sau:", "giai đoạn 2022 - 2026 như sau:"),  # a spaced dash is not a cut word
    ],
)
def test_pdf_line_cut_after_a_hyphen(first: str, second: str, joined: str) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("serif", "", str(font_file("DejaVuSerif.ttf")))
    pdf.add_page()
    pdf.set_font("serif", size=13)
    width = pdf.get_string_width(first) + 2  # the first line fills the text width: nothing more fits on it
    assert pdf.get_string_width(second) < width
    pdf.set_xy(30, 30)
    pdf.cell(width, 6, first, new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(30)
    pdf.cell(width, 6, second, new_x="LMARGIN", new_y="NEXT")
    text, _, _ = read_pdf(bytes(pdf.output()), "x.pdf")
    assert text == joined + "\n"


def test_pdf_legacy_text_without_font_names_is_converted() -> None:
    """A PDF printed from a .VnTime document whose text layer gives the font's bytes as Latin characters."""
    stored = ["QuyÕt ®Þnh sè 217-Q§/TW cña Bé ChÝnh trÞ vÒ quy chÕ gi¸m s¸t vµ ph¶n biÖn x· héi.", "N¬i nhËn: Së Néi vô."]
    text, encoding, _ = read_pdf(pdf_of(stored), "cu.pdf")
    assert text.split("\n\n") == ["Quyết định số 217-QĐ/TW của Bộ Chính trị về quy chế giám sát và phản biện xã hội.", "Nơi nhận: Sở Nội vụ.\n"]
    assert encoding == "tcvn3"


def test_pdf_footnote_reference_becomes_a_superscript() -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("serif", "", str(font_file("DejaVuSerif.ttf")))
    pdf.add_page()
    pdf.set_font("serif", size=13)
    pdf.set_xy(30, 30)
    pdf.write(6, "Ban giám sát đầu tư cộng đồng")
    pdf.set_font("serif", size=8)
    pdf.set_xy(pdf.get_x(), pdf.get_y() - 1.2)
    pdf.write(6, "1")
    pdf.set_font("serif", size=13)
    pdf.set_xy(pdf.get_x(), pdf.get_y() + 1.2)
    pdf.write(6, ".")
    text, _, _ = read_pdf(bytes(pdf.output()), "x.pdf")
    assert text == "Ban giám sát đầu tư cộng đồng¹.\n"


# --- vanban check on what staff drop in ----------------------------------------------------------------


def test_check_reports_what_was_read_and_every_problem(made: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    scan = tmp_path / "ban-scan.pdf"
    scan.write_bytes(scanned_pdf())
    word = made / "002_8cf60df9837816bd.docx"
    pdf = made / "000_6cafff568a66f664.pdf"
    code = main(["check", "--strict", str(word), str(pdf), str(scan)])
    out = capsys.readouterr().out
    assert code == 1  # problems to look at: --strict fails
    lines = out.splitlines()
    assert f"ban-scan.pdf: [lỗi] {SCANNED}: không đọc được chữ nào, tệp không được đăng. Cần bản PDF có chữ hoặc tệp Word." in lines
    assert "002_8cf60df9837816bd.docx: Kế hoạch (không số), không rõ ngày, Ủy ban nhân dân tỉnh Bình Định" in lines
    assert "000_6cafff568a66f664.pdf: Kế hoạch 53/KH-UBND, 23/03/2022, Ủy ban nhân dân tỉnh Quảng Ngãi" in lines
    counts = [ln for ln in lines if "mục/khoản/điểm" in ln]
    assert len(counts) == 3 and all(re.search(r"\d+ dẫn chiếu, \d+ nhiệm vụ, \d+ thời hạn", ln) for ln in counts)
    # every problem names its file and, when it has one, its line
    assert "  002_8cf60df9837816bd.docx:" in out and re.search(r"^  000_6cafff568a66f664\.pdf:\d+: \[thông tin\] Đã bỏ dòng", out, re.M)
    assert lines[-1].startswith("3 văn bản, ")


def test_pdf_ruled_table_becomes_a_table_block() -> None:
    """A plan's task table, drawn with rules, with a cell wrapped on two lines."""
    from fpdf import FPDF

    rows = [
        ("TT", "Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành"),
        ("1", "Xây dựng kế hoạch thực hiện công tác dân vận chính quyền năm 2023", "Sở Nội vụ", "Quý I/2023"),
        ("2", "Báo cáo kết quả thực hiện", "Sở Nội vụ", "Trước ngày 25/11/2023"),
    ]
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("serif", "", str(font_file("DejaVuSerif.ttf")))
    pdf.add_page()
    pdf.set_font("serif", size=12)
    pdf.multi_cell(0, 6, "III. TỔ CHỨC THỰC HIỆN", new_x="LMARGIN", new_y="NEXT")
    pdf.add_font("serif", "B", str(font_file("DejaVuSerif-Bold.ttf")))
    with pdf.table(col_widths=(10, 80, 45, 45), text_align="LEFT") as table:
        for r in rows:
            row = table.row()
            for cell in r:
                row.cell(cell)
    pdf.multi_cell(0, 6, "Trên đây là Kế hoạch thực hiện công tác dân vận chính quyền năm 2023.", new_x="LMARGIN", new_y="NEXT")
    text, _, _ = read_pdf(bytes(pdf.output()), "bang.pdf")
    assert text.split("\n") == [
        "III. TỔ CHỨC THỰC HIỆN",
        "",
        "| TT | Nội dung | Cơ quan chủ trì | Thời gian hoàn thành |",
        "| 1 | Xây dựng kế hoạch thực hiện công tác dân vận chính quyền năm 2023 | Sở Nội vụ | Quý I/2023 |",
        "| 2 | Báo cáo kết quả thực hiện | Sở Nội vụ | Trước ngày 25/11/2023 |",
        "",
        "Trên đây là Kế hoạch thực hiện công tác dân vận chính quyền năm 2023.",
        "",
    ]


def _tc(*paragraphs: str) -> str:
    return "<w:tc>" + "".join(p(x) for x in paragraphs) + "</w:tc>"


LAYOUT_CASES = [
    # (table rows of cells, lines): a header typed in a table reads row by row, left cell first
    (
        [[("ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")],
         [("Số: 13/KH-UBND",), ("Lào Cai, ngày 17 tháng 01 năm 2022",)]],
        ["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
         "Số: 13/KH-UBND", "Lào Cai, ngày 17 tháng 01 năm 2022"],
    ),
    (
        # a narrow empty column between the two halves is still a layout table
        [[("UBND THỊ XÃ ĐỨC PHỔ",), ("",), ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",)],
         [("Số: 560 /UBND", "V/v tham mưu triển khai thực hiện Kế hoạch số 53/KH-UBND"), ("",), ("Đức Phổ, ngày 28 tháng 3 năm 2022",)]],
        ["UBND THỊ XÃ ĐỨC PHỔ", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 560 /UBND",
         "V/v tham mưu triển khai thực hiện Kế hoạch số 53/KH-UBND", "Đức Phổ, ngày 28 tháng 3 năm 2022"],
    ),
    (
        # the signature block: recipients | signer
        [[("Nơi nhận:", "- Như trên;", "- Lưu: VT."), ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "", "Nguyễn Viết Thanh")]],
        ["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Nguyễn Viết Thanh"],
    ),
]


@pytest.mark.parametrize("rows, lines", LAYOUT_CASES)
def test_docx_layout_tables_read_row_by_row(rows: list[list[tuple[str, ...]]], lines: list[str]) -> None:
    table = "<w:tbl>" + "".join("<w:tr>" + "".join(_tc(*cell) for cell in row) + "</w:tr>" for row in rows) + "</w:tbl>"
    text, _, _ = read_docx(docx_with(table), "x.docx")
    assert [line for line in text.split("\n") if line] == lines
    # rows are set apart by a blank line, the cells of a row are not
    assert text.count("\n\n") == len(rows) - 1


def test_pdf_body_line_opening_two_pages_is_kept() -> None:
    """Seed 003 repeats `- Thời gian thực hiện: Cả năm 2022.` under every task: two pages may open with it."""
    from fpdf import FPDF

    repeated = "- Thời gian thực hiện: Cả năm 2022."
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("serif", "", str(font_file("DejaVuSerif.ttf")))
    for n in range(1, 7):
        pdf.add_page()
        pdf.set_font("serif", size=9)
        pdf.set_xy(30, 8)
        pdf.cell(0, 4, RUNNING_HEAD, align="R")
        pdf.set_font("serif", size=13)
        pdf.set_xy(30, 20)
        pdf.multi_cell(150, 6, repeated if n in (2, 5) else f"{n}. Nhiệm vụ thứ {n} của Ban Chỉ đạo tỉnh.", new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(30)
        pdf.multi_cell(150, 6, f"- Chỉ đạo thực hiện: Đồng chí Trưởng Ban Chỉ đạo tỉnh (trang {n}).", new_x="LMARGIN", new_y="NEXT")
    text, _, problems = read_pdf(bytes(pdf.output()), "x.pdf")
    assert text.count(repeated) == 2 and RUNNING_HEAD not in text
    assert len([p for p in problems if RUNNING_HEAD in p.message]) == 6

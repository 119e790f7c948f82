"""Frozen dataclasses passed between the pipeline stages.

read -> SourceText; normalize -> NormalText; split -> DocumentText; parse -> Document;
extract -> Citation / Deadline / Duty; resolve -> Corpus (Instrument, Agency, links).
Every stage returns new values; nothing here points back to its parent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

_Date = date  # for fields after one named "date"


@dataclass(frozen=True)
class Problem:
    """Something the generator could not read, dropped, or found inconsistent."""

    kind: str  # machine-readable: "noise", "missing-number", "encoding", ...
    message: str  # Vietnamese, shown to visitors
    line: int | None  # 1-based line in the source file, None when not tied to one
    source: str = ""  # source file, relative to the source folder
    severity: str = "warning"  # "info" (e.g. noise removed), "warning" (missing/inconsistent data), "error" (unreadable)


@dataclass(frozen=True)
class SourceText:
    """A decoded source file; every reader returns this, whatever the format."""

    path: str  # relative to the source folder, POSIX separators
    text: str  # decoded text, not yet normalised
    encoding: str  # "utf-8", "utf-16", "tcvn3", ...
    fmt: str  # "txt", "md", "docx", "pdf"
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line in the source file (first line when lines were joined)
    text: str


@dataclass(frozen=True)
class NormalText:
    """NFC text split into logical lines: noise dropped, hard wraps joined."""

    path: str
    fmt: str
    lines: tuple[Line, ...]
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class DocumentText:
    """The lines of one document of a file (a file may hold several)."""

    source: str
    index: int  # 0-based position of the document in its file
    lines: tuple[Line, ...]
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Block:
    """A paragraph, bullet, footnote or table inside a section."""

    kind: str  # "paragraph", "bullet", "footnote", "table"
    text: str  # the text as written (empty for tables)
    line: int  # source line of the block's first line
    level: int = 0  # bullet depth: 0 for "-", 1 for "+"
    marker: str = ""  # the bullet or footnote marker as written ("-", "+", "¹")
    rows: tuple[tuple[str, ...], ...] = ()  # table cells; the first row is the header
    line_offsets: tuple[tuple[int, int], ...] = ()  # (char offset in text, source line)

    def line_at(self, offset: int) -> int:
        """Source line of the character at `offset` in `text`."""
        line = self.line
        for start, number in self.line_offsets:
            if start > offset:
                break
            line = number
        return line


@dataclass(frozen=True)
class Section:
    """A numbered part of the body: Phần/Chương/Mục (I.), Điều, khoản (1.), điểm (a))."""

    anchor: str  # stable HTML id, e.g. "muc-iii-khoan-1"
    kind: str  # "phan", "chuong", "muc", "dieu", "khoan", "diem", "phu-luc", "mo-dau"
    label: str  # "III", "1", "a" as written ("" for the preamble)
    title: str  # heading text after the label, may be ""
    line: int
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Signer:
    name: str | None
    position: str | None  # e.g. "PHÓ CHỦ TỊCH"
    prefix: str | None  # "TM.", "KT.", "TL.", "TUQ.", "Q." or None
    on_behalf: str | None = None  # text after the prefix, e.g. "ỦY BAN NHÂN DÂN"
    line: int | None = None
    deputy_for: str | None = None  # "CHỦ TỊCH" in "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"


@dataclass(frozen=True)
class Document:
    """One official document, parsed: header metadata and section tree."""

    id: str  # ASCII slug unique in the corpus
    url: str  # page path relative to the site root, ending in "/"
    source: str  # source file relative to the source folder
    index: int  # position in its file
    first_line: int
    last_line: int
    type_code: str | None  # "KH", "CV", "QĐ", ...
    type_name: str | None  # "Kế hoạch", "Công văn", ...
    number: str | None
    symbol: str | None
    reference: str | None  # "53/KH-UBND", "03-KH/BCĐ", "1654/NQ-UBTVQH15"
    issuer: str | None  # full name, e.g. "Ủy ban nhân dân tỉnh Quảng Ngãi"
    issuer_lines: tuple[str, ...]  # the issuer block as written (parent body first)
    jurisdiction: str | None  # "Quảng Ngãi", "Đức Phổ", ... None for national bodies
    place: str | None
    date: date | None
    date_text: str | None  # the date line as written, even when incomplete
    year: int | None
    title: str | None  # trích yếu, one line
    addressees: tuple[str, ...]
    signer: Signer | None
    recipients: tuple[str, ...]
    preamble: tuple[Block, ...]  # body text before the first section
    sections: tuple[Section, ...]
    closing: tuple[Block, ...]  # text after the body that is not signature/recipients
    problems: tuple[Problem, ...]
    motto: tuple[str, ...] = ()  # quốc hiệu / tiêu ngữ lines as written
    signature_lines: tuple[str, ...] = ()
    header_lines: tuple[str, ...] = ()  # the header as written (issuer, motto, number, date, type, subject)  # the signature block as written (prefixes, positions, name)
    inferred: tuple[str, ...] = ()  # header fields inferred from the body, not read from a header


# --- extraction ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where in a document something was found."""

    section: str  # anchor of the innermost section ("" for the preamble)
    block: int  # index of the block within that section (or preamble)
    start: int  # character span within the block text
    end: int
    line: int  # source line


@dataclass(frozen=True)
class CitationMention:
    """A reference to another instrument as found in a string."""

    text: str  # as written
    start: int
    end: int
    family: str  # "state", "congvan", "normative", "party", "named", "self"
    type_code: str | None  # "KH", "CT", "NĐ", ... (None for a công văn or when not given)
    type_name: str | None  # "Kế hoạch", "Chỉ thị", ...
    number: str | None  # "53", "34"
    symbol: str | None  # "KH-UBND", "PL-UBTVQH11"
    year: int | None  # year inside the number (normative documents) or from the date
    reference: str | None  # normalised: "53/KH-UBND", "03-KH/BCĐ", "34/2007/PL-UBTVQH11"
    date: date | None
    issuer: str | None  # the phrase after "của", as written
    subject: str | None  # the phrase after "về", as written
    pinpoint: str | None  # "khoản 1, Mục III"


@dataclass(frozen=True)
class Citation:
    mention: CitationMention
    place: Place


@dataclass(frozen=True)
class Deadline:
    date: date | None  # due date: last day of the quarter/month/year/period, None if unknowable
    kind: str  # "day", "month", "quarter", "year", "period", "recurring", "continuous", "relative"
    rule: str | None  # "yearly:06-10", "quarterly", "half-yearly", "monthly"
    occurrences: tuple[_Date, ...]
    text: str
    place: Place


@dataclass(frozen=True)
class Duty:
    agency: str  # agency name as written
    role: str  # "lead", "support", "direct", "advise", "collect", "assigned", "requested"
    text: str  # the duty as written
    place: Place
    deadlines: tuple[int, ...] = ()  # indexes into the document's deadlines



@dataclass(frozen=True)
class Extracted:
    """What the extractors find in one document, on its own: a pure function of the document, so it is run (and
    cached) per file with the parse, in worker processes. Duties are found with the document's own jurisdiction;
    `resolve` finds them again for the few documents that take a jurisdiction from their citers."""

    citations: tuple[Citation, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    duties: tuple[Duty, ...] = ()


# --- the corpus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    """Every document of a source folder, in a stable order, with the files that gave none."""

    documents: tuple[Document, ...]
    problems: tuple[Problem, ...]  # problems of files that could not be published at all

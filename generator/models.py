"""Frozen dataclasses passed between the pipeline stages.

read -> SourceText; normalize -> NormalText; split -> DocumentText; parse -> Document;
extract -> Citation / Deadline / Duty (Extracted); resolve -> ResolvedCorpus (ResolvedCitation, Instrument, Given,
ResolvedDuty, Agency). Every stage returns new values; nothing here points back to its parent.

What several stages need of a value is a property or method of its type, written once: a block's text as the
extractors search it (`Block.searched_text`, a table's cells with their offsets), a document's label and its
blocks by place (`Document.label`, `Document.block_text`), a section's name (`Section.name`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import Any

_Date = date  # for fields after one named "date"

# How a table is searched as one string: each row's cells joined with " | ", rows joined with "\n". A Place in a
# table block spans offsets in that string.
TABLE_CELL_SEPARATOR = " | "
TABLE_ROW_SEPARATOR = "\n"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the generator could not read, dropped, or found inconsistent."""

    kind: str  # machine-readable: "noise", "missing-number", "encoding", ...
    message: str  # Vietnamese, shown to visitors
    line: int | None  # 1-based line in the source file, None when not tied to one
    source: str = ""  # source file, relative to the source folder
    severity: str = "warning"  # "info" (e.g. noise removed), "warning" (missing/inconsistent data), "error" (unreadable)


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded source file; every reader returns this, whatever the format."""

    path: str  # relative to the source folder, POSIX separators
    text: str  # decoded text, not yet normalised
    encoding: str  # "utf-8", "utf-16", "tcvn3", ...
    fmt: str  # "txt", "md", "docx", "pdf"
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based line in the source file (first line when lines were joined)
    text: str


@dataclass(frozen=True, slots=True)
class NormalText:
    """NFC text split into logical lines: noise dropped, hard wraps joined."""

    path: str
    fmt: str
    lines: tuple[Line, ...]
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentText:
    """The lines of one document of a file (a file may hold several)."""

    source: str
    index: int  # 0-based position of the document in its file
    lines: tuple[Line, ...]
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, bullet, footnote or table inside a section."""

    kind: str  # "paragraph", "bullet", "footnote", "table"
    text: str  # the text as written (empty for tables)
    line: int  # source line of the block's first line
    level: int = 0  # bullet depth: 0 for "-", 1 for "+"
    marker: str = ""  # the bullet or footnote marker as written ("-", "+", "¹")
    rows: tuple[tuple[str, ...], ...] = ()  # table cells; the first row is the header
    line_offsets: tuple[tuple[int, int], ...] = ()  # (char offset in text, source line)

    @property
    def searched_text(self) -> str:
        """The block as the extractors search it, every Place in it an offset here: its text, a table's rows joined
        (TABLE_CELL_SEPARATOR, TABLE_ROW_SEPARATOR)."""
        if self.kind != "table":
            return self.text
        return TABLE_ROW_SEPARATOR.join(TABLE_CELL_SEPARATOR.join(r) for r in self.rows)

    @property
    def table_layout(self) -> TableLayout:
        """Where each row and cell of a table starts in `searched_text`."""
        return table_layout(self.rows)

    def line_at(self, offset: int) -> int:
        """Source line of the character at `offset` in `text`."""
        line = self.line
        for start, number in self.line_offsets:
            if start > offset:
                break
            line = number
        return line


@dataclass(frozen=True, slots=True)
class TableLayout:
    rows: tuple[int, ...]  # offset of each row in the table's searched text
    cells: tuple[tuple[int, ...], ...]  # offset of each cell, by row
    end: int  # length of the searched text


def table_layout(rows: tuple[tuple[str, ...], ...]) -> TableLayout:
    row_starts: list[int] = []
    cells: list[tuple[int, ...]] = []
    offset = 0
    for r, row in enumerate(rows):
        if r:
            offset += len(TABLE_ROW_SEPARATOR)
        row_starts.append(offset)
        starts = []
        for c, cell in enumerate(row):
            if c:
                offset += len(TABLE_CELL_SEPARATOR)
            starts.append(offset)
            offset += len(cell)
        cells.append(tuple(starts))
    return TableLayout(tuple(row_starts), tuple(cells), offset)


# How a section is named in a reference to it ("khoản 1, Mục III"): the word of its kind and its label as written.
SECTION_WORDS = {
    "phan": "Phần", "chuong": "Chương", "muc": "Mục", "muc-so": "Mục", "dieu": "Điều", "khoan": "khoản",
    "diem": "điểm", "phu-luc": "Phụ lục", "mau": "Mẫu số", "bieu": "Biểu số", "tieu-muc": "Tiểu mục",
}
PREAMBLE_NAME = "Mở đầu"  # the text before the first section (anchor "mo-dau")


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered part of the body: Phần/Chương/Mục (I.), Điều, khoản (1.), điểm (a))."""

    anchor: str  # stable HTML id, e.g. "muc-iii-khoan-1"
    kind: str  # "phan", "chuong", "muc", "dieu", "khoan", "diem", "phu-luc", "mo-dau"
    label: str  # "III", "1", "a" as written ("" for the preamble)
    title: str  # heading text after the label, may be ""
    line: int
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()
    written: str = ""  # a heading word and label as printed when it differs ("PHỤ LỤC I", "CHƯƠNG II"), else ""

    @property
    def name(self) -> str:
        """The section alone as a reference names it: "Mục III", "khoản 1", "điểm đ", "Phụ lục 2", "Phụ lục"."""
        word = SECTION_WORDS.get(self.kind)
        if word is None:
            return self.label or self.title or PREAMBLE_NAME
        return f"{word} {self.label}".strip()


@dataclass(frozen=True, slots=True)
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
    problems: tuple[Problem, ...]
    motto: tuple[str, ...] = ()  # quốc hiệu / tiêu ngữ lines as written
    signature_lines: tuple[str, ...] = ()  # the signature block as written (prefixes, positions, name)
    header_lines: tuple[str, ...] = ()  # the header as written (issuer, motto, number, date, type, subject)
    inferred: tuple[str, ...] = ()  # header fields inferred from the body, not read from a header

    @property
    def label(self) -> str:
        """How pages and messages name the document: "Kế hoạch 53/KH-UBND", "Văn bản (không số)"."""
        return f"{self.type_name or 'Văn bản'} {self.reference or '(không số)'}"

    @cached_property
    def sections_by_anchor(self) -> dict[str, Section]:
        """The document's sections by anchor: the first with an anchor, in document order. Made once per document
        (not pickled with it: the pipeline pickles documents before anything asks)."""
        out: dict[str, Section] = {}
        stack = list(reversed(self.sections))
        while stack:
            s = stack.pop()
            out.setdefault(s.anchor, s)
            stack.extend(reversed(s.children))
        return out

    @cached_property
    def section_names(self) -> dict[str, str]:
        """Each section's name within its parents, innermost first: "khoản 1, Mục III"; "" for the preamble."""
        out: dict[str, str] = {"": PREAMBLE_NAME}
        stack: list[tuple[Section, str]] = [(s, "") for s in reversed(self.sections)]
        while stack:
            s, outer = stack.pop()
            name = f"{s.name}, {outer}" if outer else s.name
            out.setdefault(s.anchor, name)
            stack.extend((c, name) for c in reversed(s.children))
        return out

    def section_name(self, anchor: str) -> str:
        """`section_names[anchor]`; the anchor itself for one the document does not have."""
        if anchor == "mo-dau":
            anchor = ""
        return self.section_names.get(anchor, anchor)

    def block_text(self, section: str, block: int) -> str:
        """The searched text of one block at a Place (`section` "" for the preamble; block -1 is the title: the
        section's, or the document's own for the preamble)."""
        if section == "":
            if block == -1:
                return self.title or ""
            blocks: tuple[Block, ...] = self.preamble
        else:
            s = self.sections_by_anchor.get(section)
            if s is None:
                return ""
            if block == -1:
                return s.title
            blocks = s.blocks
        return blocks[block].searched_text if 0 <= block < len(blocks) else ""

    def sentence_at(self, section: str, block: int, start: int, end: int) -> str:
        """The sentence of the document in which the span of a Place stands."""
        return sentence_at(self.block_text(section, block), start, end)


@lru_cache(maxsize=256)
def _stops(text: str) -> tuple[int, ...]:
    """Where ". " and "; " stand in `text`. Cached: a paragraph is asked once per citation and deadline in it, and
    searching it from the start each time was quadratic (10,000 citations in a 100 KB paragraph: 8 s)."""
    return tuple(m.start() for m in re.finditer(r"[.;] ", text))


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of `text` (between ". " or "; ") holding text[start:end], cut to about 450 characters."""
    stops = _stops(text)
    k = bisect_right(stops, start - 2)  # the last stop ending before `start`
    left = stops[k - 1] + 2 if k else 0
    k = bisect_left(stops, end)  # the first stop at or after `end`
    right = stops[k] + 1 if k < len(stops) else len(text)
    sentence = text[left:right].strip()
    if len(sentence) > 500:
        a = max(0, start - left - 200)
        sentence = ("… " if a else "") + sentence[a : a + 450] + " …"
    return sentence


# --- extraction ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Place:
    """Where in a document something was found."""

    section: str  # anchor of the innermost section ("" for the preamble)
    block: int  # index of the block within that section (or preamble)
    start: int  # character span within the block text
    end: int
    line: int  # source line


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Citation:
    mention: CitationMention
    place: Place
    # what the citing document does with the instrument (extract/relations.py): "basis", "implements", "amends",
    # "replaces", "repeals", "guides" or "mentions"
    relation: str = "mentions"
    partial: bool = False  # an amendment, replacement or repeal of a part only ("bãi bỏ khoản 3 Điều 5 của ...")


@dataclass(frozen=True, slots=True)
class Deadline:
    date: date | None  # due date: last day of the quarter/month/year/period, None if unknowable
    kind: str  # "day", "month", "quarter", "year", "period", "recurring", "continuous", "relative"
    rule: str | None  # "yearly:06-10", "quarterly", "half-yearly", "monthly"
    occurrences: tuple[_Date, ...]
    text: str
    place: Place


@dataclass(frozen=True, slots=True)
class Duty:
    agency: str  # agency name as written
    role: str  # "lead", "support", "direct", "advise", "collect", "assigned", "requested"
    text: str  # the duty as written
    place: Place
    deadlines: tuple[int, ...] = ()  # indexes into the document's deadlines



@dataclass(frozen=True, slots=True)
class Effect:
    """When the document takes effect, as its own effect clause says."""

    date: date | None  # the first day of effect, when the text gives it or it follows from the date of signing
    rule: str | None  # the phrase when the day is named by an event ("kể từ ngày ký", "sau 45 ngày kể từ ngày ký")
    computed: bool  # date worked out from the rule and the document's date, not written as such
    until: _Date | None  # last day of effect when the clause gives one ("đến hết ngày 31 tháng 12 năm 2026")
    text: str  # the clause as written
    line: int  # source line


@dataclass(frozen=True, slots=True)
class Validity:
    """Whether a document is in force, from its own effect clause and the documents published here that act on it
    (generator/validity.py)."""

    effect: Effect | None
    status: str  # "in_force", "amended", "replaced", "repealed", "not_yet", "unknown"
    status_by: tuple[str, ...]  # ids of the documents that made it so (amending, replacing, repealing ones)


@dataclass(frozen=True, slots=True)
class Extracted:
    """What the extractors find in one document, on its own: a pure function of the document, so it is run (and
    cached) per file with the parse, in worker processes. Duties are found with the document's own jurisdiction;
    `resolve` finds them again for the few documents that take a jurisdiction from their citers."""

    citations: tuple[Citation, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    duties: tuple[Duty, ...] = ()
    effect: Effect | None = None  # the document's own effect clause (extract/relations.py)
    # the sentence of the document in which each citation stands, one per citation (`Document.sentence_at`): a
    # function of the document alone, found once here instead of at every build's resolve
    sentences: tuple[str, ...] = ()


# --- the corpus ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Corpus:
    """Every document of a source folder, in a stable order, with the files that gave none."""

    documents: tuple[Document, ...]
    problems: tuple[Problem, ...]  # problems of files that could not be published at all


# --- the resolved corpus ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResolvedCitation:
    citation: Citation
    instrument: str | None  # instrument id (None when a short mention could not be resolved)
    target_document: str | None
    target_anchor: str | None
    sentence: str  # the sentence of the citing document in which the citation stands


@dataclass(frozen=True, slots=True)
class Instrument:
    id: str
    url: str  # page of the instrument: the document's own page when it is in the corpus
    reference: str | None
    name: str | None  # for instruments cited by name only
    type_code: str | None
    type_name: str | None
    issuer: str | None  # as the citing documents give it
    jurisdiction: str | None
    level: str  # key of resolve.LEVELS
    date: date | None
    title: str | None
    document: str | None
    cited_by: tuple[str, ...]
    conflicts: tuple[str, ...]
    dates_given: tuple[tuple[str, _Date], ...] = ()  # (citing document id, date it gives)


@dataclass(frozen=True, slots=True)
class Given:
    """A fact a document lacks that a citing document gives (03-KH/BCĐ is dated only by 53/KH-UBND)."""

    field: str  # "date", "jurisdiction"
    value: str
    source: str  # id of the citing document


@dataclass(frozen=True, slots=True)
class ResolvedCorpus:
    corpus: Corpus
    citations: dict[str, tuple[ResolvedCitation, ...]]  # document id -> its citations, in document order
    instruments: tuple[Instrument, ...]
    given: dict[str, tuple[Given, ...]]  # document id -> facts given by citing documents
    deadlines: dict[str, tuple[Deadline, ...]] = field(default_factory=dict)  # document id -> its deadlines
    duties: dict[str, tuple[ResolvedDuty, ...]] = field(default_factory=dict)  # document id -> its duties
    agencies: tuple[Agency, ...] = ()
    validity: dict[str, Validity] = field(default_factory=dict)  # document id -> its effect and status
    # instrument id -> (status, ids of the acting documents) for instruments acted on by documents published here
    instrument_status: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    today: _Date | None = None  # the day the statuses were computed for (validity.build_date)

    @property
    def documents(self) -> tuple[Document, ...]:
        return self.corpus.documents


@dataclass(frozen=True, slots=True)
class Agency:
    id: str
    name: str  # canonical full name
    jurisdiction: str | None
    aliases: tuple[str, ...]  # spellings seen in the documents
    collective: bool  # an addressee group such as "Các sở, ban, ngành tỉnh"
    level: str | None
    url: str
    members: tuple[str, ...] = ()  # for a collective: ids of the member agencies the corpus knows
    groups: tuple[str, ...] = ()  # ids of the collectives this agency belongs to


@dataclass(frozen=True, slots=True)
class ResolvedDuty:
    duty: Duty
    agency: str  # agency id


# --- pickling -------------------------------------------------------------------------------------------------------


def _pickled_by_fields(cls: type) -> None:
    """Pickle a frozen slotted dataclass as a function of the module and its field values in order,
    `(_new_<Class>, (v1, v2, ...))`, that makes the object from them.

    What dataclasses gives such a class instead (`_dataclass_getstate` / `_dataclass_setstate`) asks `fields()` of
    every object both ways: loading the parse cache of 10,000 documents (1.8 million objects: blocks, places,
    duties...) spent most of its seconds there. The function sets each slot through its descriptor, as the frozen
    `__init__` does through `object.__setattr__` but without looking the attribute up by name: the same object
    (no model has a `__post_init__`), unpickled 20 % faster than by calling the class (10,000 documents: 2.71 ->
    2.15 s). It is made from the field names as dataclasses makes `__init__`.
    """
    names = tuple(f.name for f in fields(cls))
    if not all(f.init for f in fields(cls)):  # every field must be an argument of __init__
        raise TypeError(f"{cls.__name__}: a field that __init__ does not take cannot be pickled by its fields")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: a __post_init__ would not run when unpickled by its fields")
    values = attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))
    maker = f"_new_{cls.__name__}"
    namespace: dict[str, Any] = {"_object_new": object.__new__, "_cls": cls}
    namespace.update((f"_set_{n}", cls.__dict__[n].__set__) for n in names)  # the slots' member descriptors
    body = "".join(f"    _set_{n}(_obj, {n})\n" for n in names)
    exec(f"def {maker}({', '.join(names)}):\n    _obj = _object_new(_cls)\n{body}    return _obj\n", namespace)  # noqa: S102
    make = namespace[maker]
    make.__module__, make.__qualname__ = __name__, maker
    globals()[maker] = make  # pickle finds it by module and name

    def __reduce__(self: Any) -> tuple[Any, tuple[Any, ...]]:
        return make, values(self)

    for name in ("__getstate__", "__setstate__"):  # dataclasses' own, which `__reduce__` makes unused
        if name in cls.__dict__:
            delattr(cls, name)
    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]


for _cls in list(globals().values()):
    if isinstance(_cls, type) and is_dataclass(_cls) and _cls.__module__ == __name__ and "__slots__" in _cls.__dict__:
        _pickled_by_fields(_cls)
del _cls

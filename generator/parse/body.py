"""The body of a document as a section tree: Phần/Chương, Mục (I.), Điều, khoản (1.), điểm (a)),
with paragraphs, bullets, footnotes and tables as blocks. Every section gets a stable anchor."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Block, Line, Section
from ..textutil import slugify, unique_id

_ROMAN = re.compile(r"^(?=[IVXLC])(X{0,3})(IX|IV|V?I{0,3})$")
# A label ends where its word ends ((?![^\W_])): "Phụ lục 145/2020/NĐ-CP" is not annex 14 titled "5/2020/NĐ-CP", nor
# "Phần Việc" part V titled "iệc" (the heading printed label and title apart, and the word was lost).
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("phan", re.compile(r"^Phần\s+(?P<label>[IVXLC]{1,6}|thứ\s+\w+|\d{1,2})(?![^\W_])\s*[.:]?\s*(?P<rest>.*)$")),
    ("chuong", re.compile(r"^(?:Chương|CHƯƠNG)\s+(?P<label>[IVXLC]{1,6}|\d{1,3})(?![^\W_])\s*[.:]?\s*(?P<rest>.*)$")),
    ("phu-luc", re.compile(r"^Phụ lục\s*(?P<label>[IVXLC]{1,6}|\d{1,2}|)(?![^\W_])\s*[.:]?\s*(?P<rest>.{0,300})$")),
    ("muc-so", re.compile(r"^Mục\s+(?P<label>\d{1,2})(?![^\W_])\s*[.:]?\s*(?P<rest>.*)$")),
    ("tieu-muc", re.compile(r"^Tiểu mục\s+(?P<label>\d{1,2})(?![^\W_])\s*[.:]?\s*(?P<rest>.*)$")),
    ("dieu", re.compile(r"^Điều\s+(?P<label>\d{1,3}[a-z]?)\s*[.:]\s*(?P<rest>.*)$")),
    ("muc", re.compile(r"^(?P<label>[IVXLC]{1,7})\s*[.:]\s*(?P<rest>.*)$")),
    ("khoan", re.compile(r"^(?P<label>\d{1,3})\s*\.\s+(?P<rest>.*)$")),
    ("diem", re.compile(r"^(?P<label>[a-zđ])\s*\)\s*(?P<rest>.*)$")),
]
_RANK = {"phu-luc": 0, "phan": 0, "chuong": 1, "muc-so": 2, "muc": 2, "tieu-muc": 3, "dieu": 4, "khoan": 5, "diem": 6}
_ANCHOR_KIND = {"muc-so": "muc"}
_BULLET = re.compile(r"^(?P<marker>[-–•+])\s*(?P<rest>.*)$")
# "Phụ lục II ban hành kèm theo Thông tư này." starting a wrapped line names an annex: it is not its heading
_NAMES_ANNEX = re.compile(r"^(?:này|kèm|ban hành|được|quy định|tại|của|theo)\b")
_FOOTNOTE = re.compile(r"^(?P<marker>[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*(?P<rest>.*)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


@dataclass
class _Open:
    kind: str
    label: str
    title: str
    line: int
    anchor: str
    blocks: list[Block] = field(default_factory=list)
    children: list[_Open] = field(default_factory=list)
    written: str = ""  # the heading's word and label when printed otherwise than the usual way ("CHƯƠNG II")

    def freeze(self) -> Section:
        anchor_kind = _ANCHOR_KIND.get(self.kind, self.kind)
        return Section(
            self.anchor, anchor_kind, self.label, self.title, self.line, tuple(self.blocks),
            tuple(c.freeze() for c in self.children), self.written,
        )


def classify(text: str) -> tuple[str, str, str] | None:
    """(kind, label, rest) when the line opens a section."""
    for kind, pattern in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        label = m.group("label")
        if kind == "muc" and not _ROMAN.match(label):
            continue
        rest = m.group("rest").strip()
        if kind == "phu-luc" and (
            len(text) > 300
            or (not label and rest and not rest.isupper())
            or _NAMES_ANNEX.match(rest)
            or (len(rest) > 1 and rest.endswith((".", ";", ",")))
        ):
            continue  # "Phụ lục Bảng kê chi tiết ..." starting a wrapped line names an annex; it is not its heading
        return kind, label, m.group("rest").strip()
    return None


def _label_slug(label: str) -> str:
    return "dd" if label == "đ" else slugify(label) or "x"


def _all_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _heading_like(rest: str) -> bool:
    return bool(rest) and len(rest) <= 150 and (rest.endswith(":") or not re.search(r"[.;!?…]$", rest))


def parse_body(lines: tuple[Line, ...]) -> tuple[tuple[Block, ...], tuple[Section, ...]]:
    """Blocks before the first section (the preamble), then the section tree."""
    preamble: list[Block] = []
    roots: list[_Open] = []
    stack: list[_Open] = []
    used: set[str] = set()
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        text = line.text
        if not text:
            i += 1
            continue
        target = stack[-1].blocks if stack else preamble
        if text.startswith("|"):
            rows: list[tuple[str, ...]] = []
            first = line.number
            while i < n and lines[i].text.startswith("|"):
                t = lines[i].text
                if not _TABLE_RULE.match(t):
                    cells = t.strip().strip("|").split("|")
                    rows.append(tuple(c.strip() for c in cells))
                i += 1
            width = max(len(r) for r in rows) if rows else 0
            rows = [r + ("",) * (width - len(r)) for r in rows]
            target.append(Block("table", "", first, rows=tuple(rows)))
            continue
        c = classify(text)
        if c is not None:
            kind, label, rest = c
            rank = _RANK[kind]
            while stack and _RANK[stack[-1].kind] >= rank:
                stack.pop()
            parent = stack[-1] if stack else None
            own = f"{_ANCHOR_KIND.get(kind, kind)}-{_label_slug(label)}"
            anchor = unique_id(f"{parent.anchor}-{own}" if parent else own, used)
            heading = kind in {"phan", "chuong", "phu-luc", "muc-so", "tieu-muc", "dieu", "muc"} or _heading_like(rest)
            if not rest and kind in {"phan", "chuong", "muc-so", "tieu-muc"}:
                # "Chương I" / "QUY ĐỊNH CHUNG": a normative part's title stands on the next line, in capitals
                k = i + 1
                while k < n and not lines[k].text:
                    k += 1
                if k < n and len(lines[k].text) <= 200 and _all_capitals(lines[k].text) and classify(lines[k].text) is None:
                    rest = lines[k].text
                    i = k
            node = _Open(kind, label, rest.rstrip(":").strip() if heading else "", line.number, anchor)
            if kind == "chuong" and text.startswith("CHƯƠNG"):
                node.written = f"CHƯƠNG {label}"
            if not heading:
                node.blocks.append(Block("paragraph", rest, line.number))
            (parent.children if parent else roots).append(node)
            stack.append(node)
            i += 1
            continue
        fm = _FOOTNOTE.match(text)
        if fm:
            target.append(Block("footnote", fm.group("rest"), line.number, marker=fm.group("marker")))
            i += 1
            continue
        bm = _BULLET.match(text)
        if bm and bm.group("rest"):
            marker = bm.group("marker")
            target.append(Block("bullet", bm.group("rest"), line.number, level=1 if marker == "+" else 0, marker=marker))
            i += 1
            continue
        target.append(Block("paragraph", text, line.number))
        i += 1
    return tuple(preamble), tuple(r.freeze() for r in roots)


def walk(sections: tuple[Section, ...]) -> list[Section]:
    """Every section, depth first, in document order."""
    out: list[Section] = []
    for s in sections:
        out.append(s)
        out.extend(walk(s.children))
    return out

"""Reader for Word `.docx` files (python-docx opens the package; the body XML is walked here).

What Word shows becomes text, in reading order, one paragraph a line:
- automatic numbering is rendered as Word displays it (`I.`, `1.`, `a)`, bullets as `-` or `•`);
- a table of one or two columns with text is a layout table (the header: issuer | national motto, number |
  place and date; the signature: recipients | signer): each row gives its left cell's lines, then its right
  cell's, the order the normaliser gives pandoc layout tables. Wider tables are data: one `| a | b | c |` line
  a row, which the body parser keeps as a table;
- a footnote keeps its mark (`¹`) where it is referenced; its text follows the paragraph that references it,
  where the normaliser also puts a footnote that a page break dropped mid-text (at the very end of the file it
  would land in the signature block);
- runs in a legacy font (`.VnTime`, `VNI-Times`) are converted to Unicode, capitals included for `.VnTimeH`;
- deleted revisions, hidden text and field codes are left out; text boxes follow their paragraph.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from ..models import Problem
from .legacy import convert_surface, decode_surface, font_encoding, font_is_upper

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SYMBOL_BULLETS = {"\uf0b7": "•", "\uf0a7": "•", "\uf0d8": "•", "\uf076": "•", "\uf0fc": "•", "\uf02d": "-", "\uf0be": "-"}
# A .docx is a zip whose parts python-docx unpacks whole into memory, and an XML part takes ten times its size once
# parsed. A plan's parts unpack to a few MB; a file declaring more than this (a zip bomb: 1 GB of zeros packs into
# 1 MB) is refused before any part is unpacked. The sizes a zip declares are binding: zipfile reads no more.
MAX_UNPACKED_BYTES = 128 * 1024 * 1024
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_ENDNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(el: Any, tag: str, attr: str = "val") -> str | None:
    child = el.find(q(tag)) if el is not None else None
    return child.get(q(attr)) if child is not None else None


def _on(el: Any, tag: str) -> bool | None:
    """A Word toggle property (`<w:caps/>`, `<w:vanish w:val="0"/>`): True, False, or None when not set."""
    child = el.find(q(tag)) if el is not None else None
    if child is None:
        return None
    return child.get(q("val"), "true") not in {"0", "false", "off"}


# --- styles -------------------------------------------------------------------------------------


class _Styles:
    """Paragraph and character styles: numbering, fonts and toggles along the basedOn chain."""

    def __init__(self, root: Any | None) -> None:
        self.by_id: dict[str, Any] = {}
        self.default_rpr = None
        self.default_para: str | None = None
        if root is None:
            return
        for style in root.iter(q("style")):
            sid = style.get(q("styleId"))
            if sid:
                self.by_id[sid] = style
                if style.get(q("type")) == "paragraph" and style.get(q("default")) in {"1", "true"}:
                    self.default_para = sid
        defaults = root.find(q("docDefaults"))
        if defaults is not None:
            rpr_default = defaults.find(q("rPrDefault"))
            if rpr_default is not None:
                self.default_rpr = rpr_default.find(q("rPr"))

    def chain(self, sid: str | None) -> list[Any]:
        out: list[Any] = []
        seen: set[str] = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            style = self.by_id[sid]
            out.append(style)
            sid = _val(style, "basedOn")
        return out

    def numbering(self, sid: str | None) -> tuple[str | None, str | None]:
        """(numId, ilvl) a paragraph style gives."""
        for style in self.chain(sid):
            ppr = style.find(q("pPr"))
            num = ppr.find(q("numPr")) if ppr is not None else None
            if num is not None:
                return _val(num, "numId"), _val(num, "ilvl")
        return None, None

    def run_property(self, rpr: Any | None, run_style: str | None, para_style: str | None, getter: Any) -> Any:
        """The first value `getter(rPr)` gives: the run, its character style, its paragraph style, the defaults."""
        candidates = [rpr]
        candidates += [s.find(q("rPr")) for s in self.chain(run_style)]
        candidates += [s.find(q("rPr")) for s in self.chain(para_style or self.default_para)]
        candidates.append(self.default_rpr)
        for c in candidates:
            if c is None:
                continue
            value = getter(c)
            if value is not None:
                return value
        return None


def _font_of(rpr: Any) -> str | None:
    fonts = rpr.find(q("rFonts"))
    if fonts is None:
        return None
    return fonts.get(q("ascii")) or fonts.get(q("hAnsi")) or fonts.get(q("cs"))


# --- numbering --------------------------------------------------------------------------------------


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; 0 = never
    suffix: str = "tab"
    legal: bool = False


@dataclass
class _Numbering:
    abstract_of: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId -> levels
    overrides: dict[str, dict[int, tuple[int | None, _Level | None]]] = field(default_factory=dict)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def parse(cls, root: Any | None, styles: _Styles) -> _Numbering:
        n = cls()
        if root is None:
            return n
        links: dict[str, str] = {}
        for ab in root.iter(q("abstractNum")):
            aid = ab.get(q("abstractNumId")) or ""
            n.levels[aid] = {int(lvl.get(q("ilvl"), "0")): _level(lvl) for lvl in ab.findall(q("lvl"))}
            link = _val(ab, "numStyleLink")
            if link:
                links[aid] = link
        for num in root.iter(q("num")):
            nid = num.get(q("numId")) or ""
            n.abstract_of[nid] = _val(num, "abstractNumId") or ""
            over: dict[int, tuple[int | None, _Level | None]] = {}
            for lo in num.findall(q("lvlOverride")):
                start = _val(lo, "startOverride")
                lvl = lo.find(q("lvl"))
                over[int(lo.get(q("ilvl"), "0"))] = (int(start) if start and start.isdigit() else None, _level(lvl) if lvl is not None else None)
            if over:
                n.overrides[nid] = over
        # an abstract numbering that only links to a numbering style takes that style's definition
        for aid, link in links.items():
            num_id, _ = styles.numbering(link)
            target = n.abstract_of.get(num_id or "")
            if target and target in n.levels and (not n.levels[aid]):
                n.levels[aid] = n.levels[target]
        return n

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The number Word shows for the next paragraph of list `num_id` at level `ilvl`, with its suffix."""
        aid = self.abstract_of.get(num_id)
        if aid is None or aid not in self.levels:
            return None
        levels = dict(self.levels[aid])
        over = self.overrides.get(num_id, {})
        for k, (_, lvl) in over.items():
            if lvl is not None:
                levels[k] = lvl
        if ilvl not in levels:
            return None
        counters = self.counters.setdefault(aid, [None] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for k, (start, _) in over.items():
                if start is not None and 0 <= k < 9:
                    counters[k] = start - 1
        level = levels[ilvl]
        current = counters[ilvl]
        counters[ilvl] = (level.start if current is None else current + 1)
        for deeper in range(ilvl + 1, 9):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart != 0 and restart - 1 >= ilvl):
                counters[deeper] = None
        if level.fmt == "none":
            return ""

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k, _Level())
            value = counters[k] if counters[k] is not None else lv.start
            return _format(value or 0, "decimal" if level.legal else lv.fmt)

        if level.fmt == "bullet":
            text = _bullet(level.text)
        else:
            text = re.sub(r"%([1-9])", number, level.text)
        return text + ("" if level.suffix == "nothing" or not text else " ")


def _level(lvl: Any) -> _Level:
    level = _Level()
    level.fmt = _val(lvl, "numFmt") or "decimal"
    text = _val(lvl, "lvlText")
    level.text = text if text is not None else ""
    start = _val(lvl, "start")
    level.start = int(start) if start and start.lstrip("-").isdigit() else 1
    restart = _val(lvl, "lvlRestart")
    level.restart = int(restart) if restart and restart.isdigit() else None
    level.suffix = _val(lvl, "suff") or "tab"
    level.legal = bool(_on(lvl, "isLgl"))
    return level


def _bullet(text: str) -> str:
    text = text.strip()
    if text in {"-", "–", "+", "•", "*"}:
        return text
    if text in _SYMBOL_BULLETS:
        return _SYMBOL_BULLETS[text]
    return "•" if text else ""


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt in {"upperRoman", "lowerRoman"}:
        r = _roman(n) if n > 0 else str(n)
        return r if fmt == "upperRoman" else r.lower()
    if fmt in {"upperLetter", "lowerLetter"}:
        if n <= 0:
            return str(n)
        # Word repeats the letter past z: aa, bb, ...
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


# --- the body ---------------------------------------------------------------------------------------


@dataclass
class _Piece:
    text: str
    encoding: str | None
    upper: bool


class _Reader:
    def __init__(self, styles: _Styles, numbering: _Numbering, notes: dict[tuple[str, str], Any]) -> None:
        self.styles = styles
        self.numbering = numbering
        self.notes = notes  # ("footnote" | "endnote", id) -> element
        self.note_count = 0
        self.lines: list[str] = []
        self.legacy: set[str] = set()
        self.mark = ""  # inside a footnote: the mark its w:footnoteRef shows

    # blocks
    def blocks(self, parent: Any) -> None:
        for child in parent:
            tag = child.tag
            if tag == q("p"):
                self.paragraph(child)
            elif tag == q("tbl"):
                self.table(child)
            elif tag in {q("sdt"), q("customXml")}:
                content = child.find(q("sdtContent")) if tag == q("sdt") else child
                if content is not None:
                    self.blocks(content)

    def paragraph(self, p: Any) -> None:
        ppr = p.find(q("pPr"))
        style = _val(ppr, "pStyle")
        num_id, ilvl = (None, None)
        numpr = ppr.find(q("numPr")) if ppr is not None else None
        if numpr is not None:
            num_id, ilvl = _val(numpr, "numId"), _val(numpr, "ilvl")
        if num_id is None:
            num_id, style_lvl = self.styles.numbering(style or self.styles.default_para)
            ilvl = ilvl or style_lvl
        deferred: list[Any] = []
        notes: list[tuple[str, str, str]] = []
        pieces: list[_Piece] = []
        self.inline(p, style, pieces, deferred, notes)
        text = self.join(pieces)
        if num_id and num_id != "0" and (text.strip() or deferred):
            label = self.numbering.label(num_id, int(ilvl or 0))
            if label:
                text = label + text.lstrip()
        self.lines.extend(text.split("\n"))
        for kind, note_id, mark in notes:
            self.note(kind, note_id, mark)
        for box in deferred:
            self.blocks(box)

    def note(self, kind: str, note_id: str, mark: str) -> None:
        element = self.notes.get((kind, note_id))
        if element is None:
            return
        sub = _Reader(self.styles, self.numbering, {})
        sub.mark = mark
        sub.blocks(element)
        self.legacy |= sub.legacy
        lines = [ln for ln in sub.lines if ln.strip()]
        if lines:
            first = lines[0].lstrip()
            lines[0] = first if first.startswith(mark) else f"{mark} {first}"
            self.lines.extend(lines)

    def inline(self, el: Any, para_style: str | None, pieces: list[_Piece], deferred: list[Any], notes: list[tuple[str, str, str]]) -> None:
        for child in el:
            tag = child.tag
            if tag == q("r"):
                self.run(child, para_style, pieces, deferred, notes)
            elif tag in {q("del"), q("moveFrom"), q("pPr"), q("rPr")}:
                continue
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    self.inline(choice, para_style, pieces, deferred, notes)
            elif tag == q("sdt"):
                content = child.find(q("sdtContent"))
                if content is not None:
                    self.inline(content, para_style, pieces, deferred, notes)
            else:  # hyperlink, ins, moveTo, smartTag, fldSimple, customXml ...
                self.inline(child, para_style, pieces, deferred, notes)

    def run(self, r: Any, para_style: str | None, pieces: list[_Piece], deferred: list[Any], notes: list[tuple[str, str, str]]) -> None:
        rpr = r.find(q("rPr"))
        run_style = _val(rpr, "rStyle")
        if self.styles.run_property(rpr, run_style, para_style, lambda c: _on(c, "vanish")):
            return
        font = self.styles.run_property(rpr, run_style, para_style, _font_of)
        encoding = font_encoding(font)
        upper = bool(self.styles.run_property(rpr, run_style, para_style, lambda c: _on(c, "caps")))
        upper = upper or (encoding is not None and font_is_upper(font))
        if encoding:
            self.legacy.add(encoding)
        out: list[str] = []
        for child in r:
            tag = child.tag
            if tag == q("t"):
                out.append(child.text or "")
            elif tag == q("tab") or tag == q("ptab"):
                out.append("\t")
            elif tag in {q("br"), q("cr")}:
                out.append("\n")
            elif tag == q("noBreakHyphen"):
                out.append("-")
            elif tag == q("sym"):
                char = child.get(q("char")) or ""
                try:
                    code = int(char, 16)
                except ValueError:
                    continue
                sym = chr(code)
                out.append(_SYMBOL_BULLETS.get(sym, chr(code - 0xF000) if 0xF020 <= code <= 0xF0FF else sym))
            elif tag in {q("footnoteReference"), q("endnoteReference")}:
                kind = "footnote" if tag == q("footnoteReference") else "endnote"
                if child.get(q("customMarkFollows")) in {"1", "true"}:
                    continue  # the mark is the text of the next w:t
                self.note_count += 1
                mark = str(self.note_count).translate(_SUPERSCRIPT)
                out.append(mark)
                notes.append((kind, child.get(q("id")) or "", mark))
            elif tag in {q("footnoteRef"), q("endnoteRef")}:
                out.append(self.mark)
            elif tag in {q("drawing"), q("pict"), q("object"), f"{{{MC}}}AlternateContent"}:
                deferred.extend(_text_boxes(child))
        if out:
            pieces.append(_Piece("".join(out), encoding, upper))

    def join(self, pieces: list[_Piece]) -> str:
        """Convert legacy-font runs, joining neighbouring runs of one font first (a VNI letter and its mark may
        sit in two runs)."""
        out: list[str] = []
        i = 0
        while i < len(pieces):
            p = pieces[i]
            j = i + 1
            text = p.text
            while j < len(pieces) and pieces[j].encoding == p.encoding and pieces[j].upper == p.upper:
                text += pieces[j].text
                j += 1
            if p.encoding:
                text = decode_surface(text, p.encoding)
            out.append(text.upper() if p.upper else text)
            i = j
        return "".join(out)

    def table(self, tbl: Any) -> None:
        rows: list[list[Any]] = [row.findall(q("tc")) for row in tbl.findall(q("tr"))]
        cells_text: list[list[list[str]]] = []
        for row in rows:
            texts: list[list[str]] = []
            for tc in row:
                sub = _Reader(self.styles, self.numbering, self.notes)
                sub.note_count = self.note_count
                sub.blocks(tc)
                self.note_count = sub.note_count
                self.legacy |= sub.legacy
                texts.append(sub.lines)
            cells_text.append(texts)
        width = max((len(r) for r in cells_text), default=0)
        filled = {k for r in cells_text for k, cell in enumerate(r) if any(line.strip() for line in cell)}
        if len(filled) <= 2:
            # layout: per row, the left cell's lines, then the right cell's, a blank line after each row
            if self.lines and self.lines[-1].strip():
                self.lines.append("")
            for row_cells in cells_text:
                lines = [line for cell in row_cells for line in cell if line.strip()]
                if lines:
                    self.lines.extend(lines)
                    self.lines.append("")
            return
        for row_cells in cells_text:
            cells = [" ".join(line.strip() for line in cell if line.strip()).replace("|", "¦") for cell in row_cells]
            cells += [""] * (width - len(cells))
            self.lines.append("| " + " | ".join(cells) + " |")
        self.lines.append("")


def _text_boxes(el: Any) -> list[Any]:
    """Text-box contents under a drawing, skipping the fallback copies Word writes for older readers."""
    out: list[Any] = []
    for box in el.iter(q("txbxContent")):
        ancestor = box.getparent()
        fallback = False
        while ancestor is not None and ancestor is not el:
            if ancestor.tag == f"{{{MC}}}Fallback":
                fallback = True
                break
            ancestor = ancestor.getparent()
        if not fallback:
            out.append(box)
    return out


def _part_xml(document: Any, reltype: str) -> Any | None:
    from docx.oxml import parse_xml

    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return parse_xml(rel.target_part.blob)
    return None


def _unpacked_size(data: bytes) -> int | None:
    """What the parts of a zip declare they unpack to, read from its directory (nothing is unpacked); None when it
    is not a zip (python-docx then says what is wrong)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return sum(max(0, info.file_size) for info in package.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return None


def read_docx(data: bytes, rel: str) -> tuple[str, str, tuple[Problem, ...]]:
    """Text of a .docx in reading order; an unreadable file gives empty text and an error problem."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - a dependency of the package
        return "", "docx", (Problem("unsupported-format", "Thiếu thư viện python-docx để đọc tệp .docx.", None, rel, "error"),)
    unpacked = _unpacked_size(data)
    if unpacked is not None and unpacked > MAX_UNPACKED_BYTES:
        message = f"Tệp Word giải nén ra quá lớn ({unpacked:,} byte, tối đa {MAX_UNPACKED_BYTES:,}); tệp bị bỏ qua."
        return "", "docx", (Problem("too-large", message, None, rel, "error"),)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        return "", "docx", (Problem("unreadable", f"Không mở được tệp Word (.docx): {exc}", None, rel, "error"),)
    except Exception as exc:  # noqa: BLE001 - a broken package must not stop the build
        return "", "docx", (Problem("unreadable", f"Không mở được tệp Word (.docx): {type(exc).__name__}: {exc}", None, rel, "error"),)
    styles_part = getattr(document.part, "_styles_part", None)
    styles = _Styles(styles_part.element if styles_part is not None else None)
    try:
        numbering_root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        numbering_root = None
    numbering = _Numbering.parse(numbering_root, styles)
    notes: dict[tuple[str, str], Any] = {}
    for kind, reltype in (("footnote", _FOOTNOTES_REL), ("endnote", _ENDNOTES_REL)):
        root = _part_xml(document, reltype)
        if root is None:
            continue
        for note in root.iter(q(kind)):
            if note.get(q("type")) in {"separator", "continuationSeparator", "continuationNotice"}:
                continue
            notes[(kind, note.get(q("id")) or "")] = note
    reader = _Reader(styles, numbering, notes)
    reader.blocks(document.element.body)
    text = "\n".join(line.rstrip() for line in reader.lines).strip("\n") + "\n"
    encoding = "+".join(sorted(reader.legacy)) if reader.legacy else "utf-8"
    text, found = convert_surface(text)  # a legacy font the runs did not name (e.g. set in a theme)
    if found:
        encoding = found if encoding == "utf-8" else f"{encoding}+{found}"
    problems: tuple[Problem, ...] = ()
    if not text.strip():
        problems = (Problem("empty", "Tệp Word không có chữ nào trong phần nội dung.", None, rel, "error"),)
    return text, encoding, problems

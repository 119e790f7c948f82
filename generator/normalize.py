"""Normalise a decoded source: Unicode, converter markup, layout tables, noise, hard wraps.

Input `SourceText`, output `NormalText`: logical lines that keep the number of their first source line.
Blank lines are kept (as empty lines) because the parser uses them. Every dropped line that carried
text becomes a `Problem` of severity "info", so a reader can see what was removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .models import Line, NormalText, Problem, SourceText
from .textutil import looks_like_name

# --- character level -------------------------------------------------------------------------

_CHAR_MAP = str.maketrans(
    {
        "\u00d0": "Đ",  # Icelandic eth, used by legacy converters for Đ
        "\u00f0": "đ",
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200b": "",
        "\ufeff": "",
        "\t": " ",
        "\f": " ",
        "\v": " ",
    }
)


def normalize_chars(text: str) -> str:
    """NFC, Đ for eth, one kind of space, LF line ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for code, replacement in _CHAR_MAP.items():  # str.replace per character: translate is slow on non-ASCII text
        text = text.replace(chr(code), str(replacement))
    return unicodedata.normalize("NFC", text)


# --- converter markup (pandoc / Word-to-Markdown) --------------------------------------------

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~'\"$&:;,=/])")
_TRAILING_BACKSLASH = re.compile(r"\\\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
# emphasis runs: asterisks or underscores touching a word on one side only
_EMPH = re.compile(r"(?<![\w*])[*_]{1,3}(?=[^\s*_])|(?<=[^\s*_])[*_]{1,3}(?![\w*])")
_STARS_ONLY = re.compile(r"^[\s*_]*$")


def strip_markup(line: str) -> tuple[str, bool]:
    """Remove Markdown emphasis, escapes and heading marks; returns (text, ended with a hard break)."""
    line = _HEADING.sub("", line)
    if "*" in line or "_" in line:
        if _STARS_ONLY.match(line):
            return "" if line.strip() == "" else line.strip(), False
        line = line.replace("(*)", "(\x00)")
        line = _EMPH.sub("", line)
        line = line.replace("(\x00)", "(*)")
    hard = bool(_TRAILING_BACKSLASH.search(line))
    line = _TRAILING_BACKSLASH.sub("", line)
    line = _ESCAPE.sub(r"\1", line)
    line = line.replace("<br>", " ").replace("<br/>", " ").replace("<br />", " ")
    return line, hard


# --- pandoc layout tables ------------------------------------------------------------------------

_GRID_BORDER = re.compile(r"^\+(?:[-=:]+\+)+\s*$")
_SIMPLE_BORDER = re.compile(r"^\s*-{3,}(?:\s+-{3,})+\s*$")


@dataclass(frozen=True)
class _Raw:
    number: int
    text: str


def linearise_tables(lines: list[_Raw]) -> list[_Raw]:
    """Two-column layout tables (header, signature) become their left column, then their right.

    Pandoc writes a document's header and signature blocks as grid or simple tables; reading them
    row by row would interleave the issuer with the national motto. Tables of three or more
    columns are data: grid ones are turned into pipe rows, which the body parser keeps as tables.
    """
    out: list[_Raw] = []
    i = 0
    n = len(lines)
    while i < n:
        text = lines[i].text
        if _GRID_BORDER.match(text):
            j = i + 1
            while j < n and (lines[j].text.startswith("|") or _GRID_BORDER.match(lines[j].text)):
                j += 1
            cols = [m.start() for m in re.finditer(r"\+", text)]
            body = [r for r in lines[i + 1 : j] if r.text.startswith("|")]
            out.extend(_grid_columns(body, cols))
            i = j
            continue
        if _SIMPLE_BORDER.match(text):
            j = i + 1
            while j < n and not _SIMPLE_BORDER.match(lines[j].text):
                j += 1
            if j < n and j - i < 200:
                starts = [m.start() for m in re.finditer(r"-+", text)]
                out.extend(_simple_columns(lines[i + 1 : j], starts))
                i = j + 1
                continue
        out.append(lines[i])
        i += 1
    return out


def _grid_columns(rows: list[_Raw], cols: list[int]) -> list[_Raw]:
    """The cells of a grid table, column by column. Nothing is dropped from a row with more cells than the border
    has columns (two rows run together, a `|` in the text): in a layout table the surplus cells are further lines
    of the last column, in a data table they stay in its last cell, `|` included. In a data table a row with fewer
    cells gets empty ones, so that every row has a cell in every column."""
    width = max(1, len(cols) - 1)
    cells: list[list[_Raw]] = [[] for _ in range(width)]
    for row in rows:
        parts = row.text.split("|")[1:-1] if row.text.rstrip().endswith("|") else row.text.split("|")[1:]
        parts, surplus = parts[:width], parts[width:]
        if width >= 3:
            parts = parts[:-1] + ["|".join(parts[-1:] + surplus)] + [""] * (width - len(parts))
            surplus = []
        for k, part in enumerate(parts):
            cells[k].append(_Raw(row.number, part.strip()))
        cells[-1].extend(_Raw(row.number, extra.strip()) for extra in surplus if extra.strip())
    if len(cells) >= 3:
        return [_Raw(r.number, "| " + " | ".join(c[idx].text for c in cells) + " |") for idx, r in enumerate(cells[0])]
    return [r for col in cells for r in col]


def _simple_columns(rows: list[_Raw], starts: list[int]) -> list[_Raw]:
    if len(starts) < 2:
        return rows
    left: list[_Raw] = []
    right: list[_Raw] = []
    cut = starts[1]
    for row in rows:
        text = row.text
        k = _split_point(text, cut)
        left.append(_Raw(row.number, text[:k].strip()))
        right.append(_Raw(row.number, text[k:].strip()))
    return left + right


def _split_point(text: str, cut: int) -> int:
    """Column boundary near `cut`, moved to the nearest run of two or more spaces.

    With no such run, a row whose text runs across the boundary is one cell: it is kept whole (cutting it at
    `cut` split a word in two, "Phòng" -> "Phò" + "ng")."""
    if len(text) <= cut:
        return len(text)
    for m in re.finditer(r"\s{2,}", text):
        if abs(m.end() - cut) <= 12:
            return m.end()
    if not text[cut - 1].isspace() and not text[cut].isspace():
        return len(text)
    return cut


# --- noise -----------------------------------------------------------------------------------

_STAMP_TIME = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
_STAMP_LINE = re.compile(
    r"^(Thời gian (ký|kết)|Ký bởi|Người ký|Cơ quan:?\s|Cơ quan Tỉnh|Email:|Ngày ký)", re.IGNORECASE
)
_SEPARATOR = re.compile(r"^[-–—_=*.\s]{3,}$|^\*$")


def drop_noise(lines: list[_Raw], rel: str) -> tuple[list[_Raw], list[Problem]]:
    """Drop digital-signature stamps, separators and a line printed twice in a row."""
    out: list[_Raw] = []
    problems: list[Problem] = []
    in_stamp = False
    for raw in lines:
        text = raw.text.strip()
        if not text:
            in_stamp = False
            out.append(_Raw(raw.number, ""))
            continue
        if _STAMP_TIME.match(text) or (in_stamp and _STAMP_LINE.match(text)):
            in_stamp = True
            problems.append(_noise(rel, raw, "dấu thời gian của chữ ký số"))
            continue
        if _STAMP_LINE.match(text) and text.lower().startswith(("thời gian ký", "thời gian kết", "ký bởi")):
            problems.append(_noise(rel, raw, "thông tin chữ ký số"))
            continue
        in_stamp = False
        if _SEPARATOR.match(text):
            problems.append(_noise(rel, raw, "đường kẻ trang trí"))
            continue
        prev = next((r for r in reversed(out) if r.text), None)
        if prev is not None and prev.text == text and looks_like_name(text):
            problems.append(_noise(rel, raw, "tên người ký in lặp lại"))
            continue
        out.append(_Raw(raw.number, text))
    return out, problems


def _noise(rel: str, raw: _Raw, what: str) -> Problem:
    return Problem("noise", f"Đã bỏ dòng không thuộc văn bản ({what}): «{raw.text.strip()}»", raw.number, rel, "info")


# --- page furniture of gazette and PDF text ---------------------------------------------------------

# The Official Gazette (Công báo) prints a running header on every page, a page number beside it, section banners,
# and the PDF carries the gazette's digital signature: none of it is the document's. They fall wherever a page
# breaks, often in the middle of a sentence, which is then joined again.
_RUNNING_HEAD = re.compile(
    r"^CÔNG BÁO\s*/\s*Số\s*\d{1,5}(?:\s*\+\s*\d{1,5})*\s*/\s*Ngày\s*\d{1,2}\s*-\s*\d{1,2}\s*-\s*\d{4}(?:\s+(?P<page>\d{1,4}))?$",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
_BANNER = re.compile(
    r"^(?P<banner>VĂN BẢN QUY PHẠM PHÁP LUẬT|VĂN BẢN PHÁP LUẬT KHÁC|VĂN BẢN HỢP NHẤT|VĂN BẢN KHÁC|ĐIỀU ƯỚC QUỐC TẾ)"
    r"(?:\s*-\s*(?P<rest>.*))?$"
)
_CONTINUED = re.compile(r"^\((?:Xem tiếp|Tiếp theo)\s+Công báo số[^)]*\)$", re.IGNORECASE)
_SIGNED_BY = re.compile(r"^(?:Ký bởi|Người ký)\s*:", re.IGNORECASE)
_SIGNATURE_FIELD = re.compile(r"^(?:Ký bởi|Người ký|Email|Cơ quan|Thời gian ký|Ngày ký)\s*:", re.IGNORECASE)
# a footnote at the foot of a gazette page: its number, then its text ("1 Điều này được sửa đổi, bổ sung theo ...")
_GAZETTE_NOTE = re.compile(r"^(?P<mark>\d{1,3})\s+(?P<rest>\S.*)$")
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# PDF text marks the rule above a page's footnotes with a line of spaces only
FOOTNOTE_RULE_WIDTH = 20


def drop_furniture(lines: list[_Raw], rel: str, rules: set[int]) -> tuple[list[_Raw], list[Problem]]:
    """Drop the gazette's running headers, page numbers, banners and signature stamps; move the footnotes of a page
    (after the rule, `rules` holds the line numbers of lines of spaces only) after the sentence the page break cut.

    A page number is the bare number next to a running header (the one that follows the previous page's number
    when both neighbours are numbers). The blank lines around a page break go with it, so that a sentence cut by
    the break is joined again; a break after a finished sentence keeps one blank line.
    """
    flow = _Reflow(lines, _furniture(lines), rel)
    i = 0
    while i < len(lines):
        i = flow.take(i, rules)
    flow.finish()
    return flow.out, flow.problems


def _furniture(lines: list[_Raw]) -> dict[int, str]:
    """The index of every line of page furniture, with what it is."""
    drop: dict[int, str] = {}
    last_page: int | None = None
    stamp: int | None = None  # first line of a signature stamp being read
    for i, raw in enumerate(lines):
        text = raw.text
        if not text:
            continue
        m = _RUNNING_HEAD.match(text)
        if m:
            drop[i] = "đầu trang Công báo"
            page = m.group("page") or _page_number(lines, i, drop, last_page)
            if page is not None:
                last_page = int(page)
            continue
        if _CONTINUED.match(text):
            drop[i] = "ghi chú nối trang Công báo"
            continue
        b = _BANNER.match(text)
        if b and not b.group("rest"):
            drop[i] = "tiêu đề mục của Công báo"
            continue
        nxt = _neighbour(lines, i, 1)
        if _SIGNED_BY.match(text) and nxt is not None and _SIGNATURE_FIELD.match(lines[nxt].text):
            stamp = i
        if stamp is not None and _SIGNATURE_FIELD.match(text) and i - stamp <= 6:
            drop[i] = "chữ ký số của Công báo"
        else:
            stamp = None
    return drop


def _page_number(lines: list[_Raw], i: int, drop: dict[int, str], last_page: int | None) -> str | None:
    """The bare page number beside the running header at line i (marked in `drop`), or None."""
    before = _neighbour(lines, i, -1)
    after = _neighbour(lines, i, 1)
    found = [k for k in (after, before) if k is not None and k not in drop and _PAGE_NUMBER.match(lines[k].text)]
    if len(found) == 2 and last_page is not None and int(lines[found[1]].text) == last_page + 1:
        found.reverse()
    if not found:
        return None
    drop[found[0]] = "số trang"
    return lines[found[0]].text


class _Reflow:
    """The lines without their furniture: sentences joined across page breaks, a page's footnotes moved after the
    sentence the break cut."""

    def __init__(self, lines: list[_Raw], drop: dict[int, str], rel: str) -> None:
        self.lines, self.drop, self.rel = lines, drop, rel
        self.out: list[_Raw] = []
        self.problems: list[Problem] = []
        self.notes: list[_Raw] = []
        self.last_note: int | None = None  # index in `out` of the last footnote placed
        self.in_notes = False

    def take(self, i: int, rules: set[int]) -> int:
        """Place line i; the index of the next line to look at."""
        lines, raw = self.lines, self.lines[i]
        if i in self.drop:
            return self._page_break(i)
        b = _BANNER.match(raw.text)
        if b and b.group("rest"):
            # "VĂN BẢN HỢP NHẤT - BỘ TÀI CHÍNH": the banner goes, the issuer's name stays
            self.problems.append(_noise(self.rel, _Raw(raw.number, b.group("banner")), "tiêu đề mục của Công báo"))
            self.out.append(_Raw(raw.number, b.group("rest").strip()))
            return i + 1
        if raw.number in rules:
            k = _neighbour(lines, i, 1)
            # a page's footnotes after its rule, or a footnote that runs on at the foot of the next page
            if k is not None and _page_end_follows(lines, k, self.drop) and (
                _GAZETTE_NOTE.match(lines[k].text) or self.notes or self.last_note is not None
            ):
                self.in_notes = True
                return k
        if self.in_notes:
            self._note_line(raw)
            return i + 1
        if self.notes and raw.text and (_TERMINAL.search(raw.text) or _STRUCT.match(raw.text)):
            self._place_notes(raw)
            return i + 1
        self.out.append(raw)
        return i + 1

    def finish(self) -> None:
        if self.notes:
            self.out.extend([_Raw(self.notes[0].number, ""), *self.notes])

    def _page_break(self, i: int) -> int:
        lines, out, n = self.lines, self.out, len(self.lines)
        self.problems.append(_noise(self.rel, lines[i], self.drop[i]))
        # the blank lines of the page break go with it
        while out and not out[-1].text and not self.notes:
            out.pop()
        self.in_notes = False
        i += 1
        while i < n and not lines[i].text:
            i += 1
        if i < n and i not in self.drop:
            prev = next((r.text for r in reversed(out) if r.text), "")
            if not prev or _TERMINAL.search(prev) or _is_upper_line(prev):
                out.append(_Raw(lines[i].number, ""))
        return i

    def _note_line(self, raw: _Raw) -> None:
        note = _GAZETTE_NOTE.match(raw.text)
        if note:
            self.notes.append(_Raw(raw.number, note.group("mark").translate(_SUPERSCRIPTS) + " " + note.group("rest")))
        elif self.notes:
            last = self.notes[-1]
            self.notes[-1] = _Raw(last.number, last.text + " " + raw.text) if raw.text else last
        elif self.last_note is not None and raw.text:
            placed = self.out[self.last_note]
            self.out[self.last_note] = _Raw(placed.number, placed.text + " " + raw.text)

    def _place_notes(self, raw: _Raw) -> None:
        """The footnotes of the page before go after the sentence the page break cut (before a heading)."""
        if not _STRUCT.match(raw.text):
            self.out.append(raw)
        self.out.extend([_Raw(self.notes[0].number if _STRUCT.match(raw.text) else raw.number, ""), *self.notes])
        self.last_note = len(self.out) - 1
        self.out.append(_Raw(raw.number, ""))
        self.notes = []
        if _STRUCT.match(raw.text):
            self.out.append(raw)


def _neighbour(lines: list[_Raw], i: int, step: int) -> int | None:
    """The nearest line with text before (step -1) or after (step 1) line i, within three lines."""
    k = i + step
    while 0 <= k < len(lines) and abs(k - i) <= 3:
        if lines[k].text:
            return k
        k += step
    return None


def _page_end_follows(lines: list[_Raw], k: int, drop: dict[int, str]) -> bool:
    """Whether the lines from k run to the end of a page (dropped furniture) or of the file within 60 lines."""
    for j in range(k, min(len(lines), k + 60)):
        if j in drop:
            return True
    return k + 60 >= len(lines)


# --- very long lines -----------------------------------------------------------------------

# A logical line (paragraph) longer than this is cut at a space into several. Markdown renders a paragraph in
# time proportional to its length times its escaped characters: a 4 MB paragraph (a line repeated in a damaged
# file) took MkDocs 500 s. Real paragraphs are far shorter (the longest in seeds and corpus-extra: 2,064 characters).
MAX_LINE = 10_000


def cut_long_lines(lines: list[_Raw]) -> list[_Raw]:
    """Lines longer than MAX_LINE as several lines (same line number), cut after a space, else after a character
    that is not a letter or digit; a run of letters and digits is never cut (it holds nothing to escape)."""
    out: list[_Raw] = []
    for raw in lines:
        text = raw.text
        while len(text) > MAX_LINE:
            k = text.rfind(" ", MAX_LINE // 2, MAX_LINE) + 1
            if k <= 0:
                k = next((j + 1 for j in range(MAX_LINE - 1, MAX_LINE // 2, -1) if not text[j].isalnum()), 0)
            if k <= 0:
                break
            out.append(_Raw(raw.number, text[:k].strip()))
            text = text[k:].strip()
        out.append(_Raw(raw.number, text))
    return out


# --- hard wraps ------------------------------------------------------------------------------

_STRUCT = re.compile(
    r"^(?:[IVXLC]{1,7}\s*[.:)]|\d{1,3}(?:\.\d{1,3})*\s*[.)]\s|[a-zđ]\)|[-–•+]\s|Phần\s+(?:[IVXLC\d]|thứ)|Chương\s+[IVXLC\d]+\b|Mục\s+\d|Tiểu mục\s+\d|Điều\s+\d|"
    r"Nơi nhận|Kính gửi|[¹²³⁴⁵⁶⁷⁸⁹⁰]|\||TM\.|KT\.|TL\.|TUQ\.|Q\.\s)"
)
_OPENING = re.compile(r"^(Thực hiện|Căn cứ|Trên cơ sở|Xét đề nghị|Theo đề nghị|Trên đây)\b")
_FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s")
_TERMINAL = re.compile(r"[.:;!?]\s*[\"”»)]?$|\./\.$")


def _is_upper_line(text: str) -> bool:
    letters = 0
    for c in text:  # stops at the first lower-case letter: most lines are not upper case
        if c.isalpha():
            if not c.isupper():
                return False
            letters += 1
    return letters >= 3


def _wrap_width(lines: list[_Raw]) -> int | None:
    """The width a PDF extraction wrapped at, when most long lines stop mid-sentence near one width."""
    long = [len(r.text) for r in lines if len(r.text) >= 40]
    if len(long) < 10:
        return None
    open_ended = sum(1 for r in lines if len(r.text) >= 40 and not _TERMINAL.search(r.text))
    long.sort()
    median = long[len(long) // 2]
    within = sum(1 for n in long if abs(n - median) <= 15)
    if median <= 110 and within >= 0.6 * len(long) and open_ended >= 0.5 * len(long):
        return median
    return None


def join_wrapped(lines: list[_Raw], fmt: str, hard_breaks: set[int]) -> list[_Raw]:
    """Join lines that a PDF/Word extraction or a Markdown converter wrapped mid-sentence.

    Markdown: consecutive non-blank lines form a paragraph unless the next starts a structure.
    Text: a line that stops mid-sentence continues on the next non-blank line when that line starts in
    lower case or with a digit, or (in a file wrapped at a fixed width) when the line reached that width.
    A footnote met in the middle of a sentence moves after the paragraph it interrupted.
    """
    width = _wrap_width(lines) if fmt != "md" else None
    out: list[_Raw] = []
    pending_notes: list[_Raw] = []
    i = 0
    n = len(lines)
    while i < n:
        cur = lines[i]
        i += 1
        if not cur.text:
            out.append(cur)
            continue
        para = _Para(cur.text)
        while para.length < MAX_LINE:
            j = i
            blanks = 0
            while j < n and not lines[j].text:
                j += 1
                blanks += 1
            if j >= n:
                break
            nxt = lines[j].text
            if _FOOTNOTE.match(nxt) and not _TERMINAL.search(para.tail):
                # a footnote dropped mid-sentence by a page break: keep it for after the paragraph
                k = j + 1
                while k < n and not lines[k].text:
                    k += 1
                if k < n and _continues(para, lines[k].text, width, 1, fmt, cur.number in hard_breaks):
                    pending_notes.append(lines[j])
                    i = j + 1
                    continue
                break
            if not _continues(para, nxt, width, blanks, fmt, lines[i - 1].number in hard_breaks):
                break
            if _bare_heading(para.tail, nxt, _next_text(lines, j + 1)):
                break
            para.glue(nxt)
            i = j + 1
        out.append(_Raw(cur.number, para.text()))
        if pending_notes:
            out.append(_Raw(cur.number, ""))
            out.extend(pending_notes)
            pending_notes = []
    return out


class _Para:
    """A paragraph being joined, line by line.

    `_continues` asks about the whole paragraph (its length, how it ends, whether all its letters are
    capitals). Rebuilding and rescanning the text at every join was quadratic: 500 wrapped capital lines
    (100 KB) took 24 s. So those answers are kept up to date line by line, and only the end of the text
    is kept as one string (`tail`, long enough for `_TERMINAL` and `_glue`).
    """

    _KEEP = 512

    def __init__(self, text: str) -> None:
        self.done: list[str] = []
        self.tail = text
        self.length = len(text)
        self.letters, self.all_upper = _letter_case(text)

    def glue(self, nxt: str) -> None:
        before = len(self.tail)
        self.tail = _glue(self.tail, nxt)
        self.length += len(self.tail) - before
        letters, upper = _letter_case(nxt)
        self.letters += letters
        self.all_upper = self.all_upper and upper
        if len(self.tail) > 2 * self._KEEP:
            self.done.append(self.tail[: -self._KEEP])
            self.tail = self.tail[-self._KEEP :]

    def upper(self) -> bool:
        """`_is_upper_line` of the whole paragraph."""
        return self.letters >= 3 and self.all_upper

    def text(self) -> str:
        return "".join(self.done) + self.tail


def _letter_case(text: str) -> tuple[int, bool]:
    """How many letters `text` has, and whether all of them are capitals."""
    letters = list(filter(str.isalpha, text))  # map/filter over C methods: this runs on every line of the corpus
    return len(letters), all(map(str.isupper, letters))


# the heading of an annex, form or table ("Phụ lục I", "Mẫu số 01/TNCN", "Mẫu số 01. Văn bản đề nghị ...", "Biểu số 02"):
# a line of its own, neither joined to the line before nor to the one after
_ANNEX_HEAD = re.compile(
    r"^(?:PHỤ LỤC|Phụ lục|MẪU SỐ|Mẫu số|BIỂU SỐ|Biểu số)(?:\s*:?\s*(?:[IVXLC]{1,6}|\d{1,3}|[A-Z])\b[^\s,;]*)?(?:[.:]?\s+[^,;]{0,140})?$"
)


# header lines that stand alone however the page was wrapped: the motto, a number line, a place and date line
_HEADER_PART = re.compile(
    r"^(?:CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|Độc lập\s*[-–—]\s*Tự do|Số\s*:|[A-ZĐ][\w.]*(?: [A-ZĐ][\w.]*){0,4}\s*,\s*ngày\s+\d)"
)
_MOTTO_END = re.compile(r"(?:Hạnh phúc|CHỦ NGHĨA VIỆT NAM)\s*$")


_ARTICLE = re.compile(r"^(?:Điều\s+\d{1,3}[a-z]?\s*[.:]|Chương\s+[IVXLC\d]+\b|Mục\s+\d{1,2}\b|Phần\s+(?:thứ\s+)?\w+\b)")


# an annex or form heading with nothing but its label ("Phụ lục XII", "Mẫu số 01"), and the words after which such
# a label goes on a sentence ("... quy định tại" + "Phụ lục I")
_BARE_HEAD = re.compile(
    r"^(?:PHỤ LỤC|Phụ lục|MẪU SỐ|Mẫu số|BIỂU SỐ|Biểu số)(?:\s*(?:[IVXLC]{1,6}|\d{1,3}[a-z]?)(?:/[\w.-]+)?)?\s*"
    r"(?:[.:]\s*(?P<title>.+))?$"  # or with its title in capitals: "Phụ lục II: NỘI DUNG HỆ THỐNG CHỈ TIÊU"
)
_LINKS = re.compile(r"(?:^|\s)(?:tại|theo|và|hoặc|của|với|ở|trong|các|bằng|thành|như|là|gồm|số)$", re.IGNORECASE)


def _next_text(lines: list[_Raw], k: int) -> str:
    while k < len(lines) and not lines[k].text:
        k += 1
    return lines[k].text if k < len(lines) else ""


def _bare_heading(tail: str, nxt: str, after: str) -> bool:
    """Whether `nxt` is an annex or form heading standing alone though the line before does not finish a sentence:
    a bare label ("Phụ lục XII") after a table's last cell, followed by a line that does not go on with a sentence
    (a title in capitals, "(Ban hành kèm theo ...)", a date)."""
    m = _BARE_HEAD.match(nxt)
    if not m or (m.group("title") and not _is_upper_line(m.group("title"))) or _LINKS.search(tail.rstrip()):
        return False
    return bool(after) and not after[:1].islower() and after[:1] not in ",;."


def _annex_head(text: str) -> bool:
    return len(text) <= 160 and bool(_ANNEX_HEAD.match(text)) and not text.rstrip().endswith((",", ";"))


def _continues(para: _Para, nxt: str, width: int | None, blanks: int, fmt: str, hard: bool) -> bool:
    if _STRUCT.match(nxt) or hard or (para.length <= 160 and _annex_head(para.tail)):
        return False
    if _annex_head(nxt) and not (para.tail[-1:].isalnum() or para.tail[-1:] == ","):
        return False  # an annex heading after a finished line; "... tại" + "Phụ lục 02." is a sentence going on
    if _HEADER_PART.match(nxt) or (para.length <= 60 and _MOTTO_END.search(para.tail)):
        return False
    if nxt[:1].isupper() and _ARTICLE.match(para.tail) and para.length <= 250 and not para.done:
        return False  # "Điều 2. Trách nhiệm ..." is a heading: the next sentence starts its text
    if _TERMINAL.search(para.tail):
        return False
    upper, nxt_upper = para.upper(), _is_upper_line(nxt)
    if blanks and upper and nxt_upper:
        return False
    if upper != nxt_upper and (upper or len(nxt) < 60):
        return False
    if fmt == "md":
        return blanks == 0
    first = nxt[0]
    if first.islower() or (first.isdigit() and not re.match(r"^\d{1,3}\.\s", nxt)) or first in ",;)–-":
        return para.length >= 30 or blanks == 0
    if para.length >= 200 and blanks <= 2 and not _OPENING.match(nxt):
        return True  # a long paragraph cut mid-sentence by a page break
    if width is not None and para.length >= width - 20 and blanks <= 1 and not _OPENING.match(nxt):
        return True
    return False


def _glue(text: str, nxt: str) -> str:
    # "53/KH-" + "UBND": a symbol cut after its hyphen joins without a space
    if re.search(r"[A-ZĐ]-$", text) and re.match(r"[A-ZĐ]", nxt):
        return text + nxt
    return text.rstrip() + " " + nxt.lstrip()


_PANDOC = re.compile(r"^\d{1,3}\\\. |^\\- |^\+[-=:]{3,}\+|^ *-{3,} +-{3,}", re.MULTILINE)


# --- the stage -------------------------------------------------------------------------------


def normalize(source: SourceText) -> NormalText:
    """Normalise one decoded file into logical lines."""
    text = normalize_chars(source.text)
    fmt = source.fmt
    if fmt == "txt" and len(_PANDOC.findall(text[:200000])) >= 3:
        fmt = "md"  # Markdown written by a converter, saved as .txt
    raws: list[_Raw] = []
    hard_breaks: set[int] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        raws.append(_Raw(number, line.rstrip()))
    raws = linearise_tables(raws)
    rules = {n for n, line in enumerate(text.split("\n"), start=1) if len(line) >= FOOTNOTE_RULE_WIDTH and not line.strip()}
    cleaned: list[_Raw] = []
    for raw in raws:
        stripped, hard = strip_markup(raw.text) if ("*" in raw.text or "\\" in raw.text or "_" in raw.text or "#" in raw.text or "<br" in raw.text) else (raw.text, False)
        if hard:
            hard_breaks.add(raw.number)
        cleaned.append(_Raw(raw.number, re.sub(r" {2,}", " ", stripped).strip()))
    furnished, furniture = drop_furniture(cleaned, source.path, rules)
    kept, problems = drop_noise(cut_long_lines(furnished), source.path)
    problems = furniture + problems
    joined = join_wrapped(kept, fmt, hard_breaks)
    # collapse runs of blank lines
    lines: list[Line] = []
    for raw in joined:
        if not raw.text and lines and not lines[-1].text:
            continue
        lines.append(Line(raw.number, raw.text))
    while lines and not lines[0].text:
        lines.pop(0)
    while lines and not lines[-1].text:
        lines.pop()
    return NormalText(source.path, source.fmt, tuple(lines), source.problems + tuple(problems))

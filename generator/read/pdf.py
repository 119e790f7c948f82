"""Reader for PDF files with a text layer (pdfplumber gives each word with its position on the page).

From the positions, the text comes out as a person reads the page:
- running heads and feet (a line repeated at the top or bottom of every page, page numbers) are dropped, each
  one listed as a problem of severity "info";
- the two-column blocks of a Vietnamese document (issuer | national motto, number | place and date at the top;
  recipients | signer at the end) come out as their left column, then their right column, as the normaliser
  does for layout tables;
- a line that the page width wrapped is joined to the next when the next line's first word would not have fitted
  on it and no paragraph spacing or indent separates them; a word cut after a hyphen is joined without a space;
- small raised digits (footnote references) become superscript marks (`¹`);
- words in a legacy font (`.VnTime`, `VNI-Times`) are converted to Unicode.
A PDF without any text (a scan) gives no text and an error problem: it is not published empty.
"""

from __future__ import annotations

import io
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..models import Problem
from .legacy import TCVN3, convert_surface, decode_surface, font_encoding, font_is_upper

SCANNED = "Tệp PDF không có lớp chữ (bản scan)"
# A plan with its annexes runs to tens of pages; past this many, the rest is neither read nor opened (5,000 pages
# took 44 s and 677 MB when all were read; 4.4 s and 37 MB when the first 500 were read but every page object was
# built; 2.5 s and 6 MB now, tests/test_bounds.py).
MAX_PAGES = 500
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:Trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE)


@dataclass
class _Word:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float


@dataclass
class _Line:
    page: int  # 1-based
    words: list[_Word]
    top: float = 0.0
    bottom: float = 0.0
    x0: float = 0.0
    x1: float = 0.0
    size: float = 0.0
    left: list[_Word] = field(default_factory=list)  # two-column lines: the words left of the gutter
    right: list[_Word] = field(default_factory=list)
    zone: int = 0  # number of the two-column block the line belongs to, 0 for none
    table: list[str] = field(default_factory=list)  # a ruled data table: its rows as `| a | b | c |` lines

    def finish(self) -> None:
        self.words.sort(key=lambda w: w.x0)
        self.top = min(w.top for w in self.words)
        self.bottom = max(w.bottom for w in self.words)
        self.x0 = min(w.x0 for w in self.words)
        self.x1 = max(w.x1 for w in self.words)
        self.size = statistics.median(w.size for w in self.words)

    @property
    def text(self) -> str:
        return _words_text(self.words)


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line]


def _words_text(words: list[_Word]) -> str:
    out = ""
    prev: _Word | None = None
    for w in words:
        if prev is not None:
            out += " " if w.x0 - prev.x1 >= 0.15 * max(w.size, prev.size) else ""
        out += w.text
        prev = w
    return out


def _convert_word(text: str, font: str | None) -> tuple[str, str | None]:
    encoding = font_encoding(font)
    if encoding is None:
        return text, None
    out = decode_surface(text, encoding)
    return (out.upper() if encoding == TCVN3 and font_is_upper(font) else out), encoding


def _page_words(page: Any, legacy: set[str], rotated: list[str]) -> list[_Word]:
    words: list[_Word] = []
    raw = page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["fontname", "size"])
    for w in raw:
        if not w.get("upright", True):
            rotated.append(w["text"])
            continue
        text, encoding = _convert_word(w["text"], w.get("fontname"))
        if encoding:
            legacy.add(encoding)
        words.append(_Word(float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]), text, float(w.get("size") or 0) or 10.0))
    return words


def _group_lines(words: list[_Word], number: int) -> list[_Line]:
    """Words whose vertical extents overlap by half the smaller height make one line."""
    lines: list[_Line] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        best: _Line | None = None
        for line in lines[-6:]:
            top = min(x.top for x in line.words)
            bottom = max(x.bottom for x in line.words)
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap >= 0.5 * min(bottom - top, w.bottom - w.top):
                best = line
                break
        if best is None:
            lines.append(_Line(number, [w]))
        else:
            best.words.append(w)
    for line in lines:
        line.finish()
        _superscripts(line)
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def _superscripts(line: _Line) -> None:
    """Small digits raised above the line (a footnote reference) become superscript characters."""
    base = max((w.bottom for w in line.words if w.size >= 0.9 * line.size), default=line.bottom)
    for w in line.words:
        if w.text.isdigit() and len(w.text) <= 3 and w.size < 0.8 * line.size and w.bottom < base - 0.2 * line.size:
            w.text = w.text.translate(_SUPERSCRIPT)


# --- ruled tables ----------------------------------------------------------------------------------


def _tables(page: Any, number: int) -> list[_Line]:
    """Data tables drawn with rules (three columns or more: a plan's task table), one `| a | b |` line a row.
    Two-column layouts (the header, the signature) are left to the column reading."""
    out: list[_Line] = []
    if not (page.lines or page.rects):
        return out  # no rules drawn, no ruled table (and finding tables is slow)
    for table in page.find_tables():
        rows = [[_cell(c) for c in row] for row in table.extract()]
        rows = [r for r in rows if any(r)]
        if len(rows) < 2 or max(len(r) for r in rows) < 3:
            continue
        x0, top, x1, bottom = (float(v) for v in table.bbox)
        line = _Line(number, [], top=top, bottom=bottom, x0=x0, x1=x1, size=10.0)
        line.table = ["| " + " | ".join(r) + " |" for r in rows]
        out.append(line)
    return out


def _cell(text: str | None) -> str:
    """A cell's text on one line (a merged cell has none); a `|` in it would end the cell."""
    return " ".join((text or "").split()).replace("|", "¦")


def _inside(w: _Word, table: _Line) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return table.x0 <= cx <= table.x1 and table.top <= cy <= table.bottom


# --- running heads and feet --------------------------------------------------------------------------


def _drop_running(pages: list[_Page]) -> list[tuple[int, str, bool, _Line | None]]:
    """Remove page numbers and lines repeated at the top or bottom of the pages; returns what was dropped as
    (page, text, at the top, the line that followed it)."""
    def candidates(page: _Page) -> list[_Line]:
        top = [ln for ln in page.lines[:2] if ln.bottom <= 0.15 * page.height and not ln.table]
        bottom = [ln for ln in page.lines[-2:] if ln.top >= 0.85 * page.height and not ln.table]
        return top + [ln for ln in bottom if ln not in top]

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text.strip().lower())

    counts: dict[str, int] = {}
    for page in pages:
        for k in {key(ln) for ln in candidates(page)}:
            counts[k] = counts.get(k, 0) + 1
    removed: list[tuple[int, _Line, bool]] = []
    for page in pages:
        for line in candidates(page):
            # on at least half the pages (a head may skip the first): a body line that happens to open two pages
            # of a long document is not a running head
            repeated = len(pages) >= 2 and counts.get(key(line), 0) >= max(2, len(pages) / 2)
            if repeated or _PAGE_NUMBER.match(line.text):
                page.lines.remove(line)
                removed.append((page.number, line, line.top < page.height / 2))
    # each dropped line is reported at the line that followed it: the first one left on its page for a
    # running head, on the next page for a running foot
    dropped: list[tuple[int, str, bool, _Line | None]] = []
    for number, line, head in removed:
        rest = pages[number - 1 :] if head else pages[number:]
        dropped.append((number, line.text, head, next((ln for p in rest for ln in p.lines), None)))
    return dropped


# --- two-column blocks -----------------------------------------------------------------------------


def _split_columns(line: _Line, left: float, right: float) -> bool:
    """Split a line at a wide gap near the middle of the text area into its left and right words."""
    width = right - left
    mid = (left + right) / 2
    best: tuple[float, int] | None = None
    for i in range(1, len(line.words)):
        a, b = line.words[i - 1], line.words[i]
        gap = b.x0 - a.x1
        if gap >= max(2.5 * line.size, 0.05 * width) and a.x1 <= mid + 0.15 * width and b.x0 >= mid - 0.15 * width:
            if best is None or gap > best[0]:
                best = (gap, i)
    if best is None:
        return False
    line.left, line.right = line.words[: best[1]], line.words[best[1] :]
    return True


def _mark_zones(page: _Page) -> None:
    """Two-column blocks: a line split by a gutter, with the lines just above and below it that keep to one half
    of the text area and follow without paragraph spacing. Each block gets its own number in `zone`."""
    if not page.lines:
        return
    left = min(ln.x0 for ln in page.lines)
    right = max(ln.x1 for ln in page.lines)
    mid = (left + right) / 2
    tol = 0.03 * (right - left)
    two = [not ln.table and _split_columns(ln, left, right) for ln in page.lines]

    def half(line: _Line) -> str | None:
        if line.table:
            return None
        if line.x1 <= mid + tol:
            return "left"
        if line.x0 >= mid - tol:
            return "right"
        return None

    def close(a: _Line, b: _Line) -> bool:
        """No paragraph spacing between a and the line b below it."""
        return b.top - a.bottom <= 0.6 * max(a.size, b.size)

    lines = page.lines
    n = len(lines)
    zone = 0
    i = 0
    while i < n:
        if not two[i]:
            i += 1
            continue
        zone += 1
        start = i
        while start > 0 and not lines[start - 1].zone and half(lines[start - 1]) and close(lines[start - 1], lines[start]):
            start -= 1
        end = i
        while end + 1 < n and (two[end + 1] or half(lines[end + 1])) and close(lines[end], lines[end + 1]):
            end += 1
        for k in range(start, end + 1):
            line = lines[k]
            line.zone = zone
            if not two[k]:
                line.left, line.right = (line.words, []) if half(line) == "left" else ([], line.words)
        i = end + 1


_LIST_ITEM = re.compile(r"^[-–+•]\s")


def _rows(block: list[_Line]) -> list[list[_Line]]:
    """A two-column block cut where both columns have a blank band between them: the rows of the layout
    table the document was typed in (issuer | motto, then number | place and date)."""
    rows: list[list[_Line]] = []
    bottom = 0.0
    for line in block:
        if rows and line.top - bottom <= 0.6 * line.size:
            rows[-1].append(line)
            bottom = max(bottom, line.bottom)
        else:
            rows.append([line])
            bottom = line.bottom
    return rows


def _column_lines(lines: list[_Line], side: str) -> list[str]:
    """One column of a row of a two-column block. A list item wrapped by the column width (`- Báo Quảng Ngãi,
    Đài PT-TH` / `Quảng Ngãi;`) is joined; other lines stay as they are set, as the header's lines are."""
    out: list[str] = []
    in_item = False
    for line in lines:
        words = line.left if side == "left" else line.right
        if not words:
            continue
        text = _words_text(words)
        if in_item and out and not _LIST_ITEM.match(text) and not re.search(r"[;.]$", out[-1]):
            out[-1] = _glue(out[-1], text)
        else:
            out.append(text)
            in_item = bool(_LIST_ITEM.match(text))
    return out


# --- wrapped lines ---------------------------------------------------------------------------------


@dataclass
class _Metrics:
    left: float
    right: float
    pitch: float


def _metrics(page: _Page) -> _Metrics:
    body = [ln for ln in page.lines if not ln.zone and not ln.table]
    if not body:
        return _Metrics(0.0, page.width, 0.0)
    right = max(ln.x1 for ln in body)
    left = min(ln.x0 for ln in body)
    steps = [b.top - a.top for a, b in zip(body, body[1:], strict=False) if 0 < b.top - a.top < 2.5 * a.size]
    pitch = min(steps) if steps else 0.0
    # the common step, not a tight pair of lines: the smallest step that at least a quarter of the steps reach
    if steps:
        steps.sort()
        pitch = steps[len(steps) // 4]
    return _Metrics(left, right, pitch)


def _continues(a: _Line, b: _Line, ma: _Metrics, mb: _Metrics) -> bool:
    """Whether line b goes on with the sentence of line a, which the page width wrapped: b's first word would
    not have fitted on a (at the right margin, or in the width of a centred title), and b is not set apart by
    an indent or paragraph spacing."""
    if a.zone or b.zone or a.table or b.table or not b.words:
        return False
    first = b.words[0]
    more = 0.25 * a.size + (first.x1 - first.x0)
    if a.page == b.page and ma.pitch and b.top - a.top > 1.25 * ma.pitch:
        return False  # paragraph spacing
    if _centred(a, ma) and _centred(b, mb) and b.x0 > mb.left + 0.6 * b.size and b.x1 < mb.right - b.size:
        # a centred title wrapped: b is centred too, clear of both margins
        return (a.x1 - a.x0) + more > (ma.right - ma.left) - 0.5
    if a.x1 + more < ma.right - 0.5:
        return False  # b's first word would have fitted on line a: a ended its paragraph
    return b.x0 <= mb.left + 0.6 * b.size  # an indented b starts a new paragraph


def _centred(line: _Line, m: _Metrics) -> bool:
    return abs((line.x0 + line.x1) / 2 - (m.left + m.right) / 2) < 0.03 * (m.right - m.left)


def _glue(text: str, more: str) -> str:
    if text.endswith("\u00ad"):
        return text[:-1] + more
    if re.search(r"[^\W_]-$", text):
        return text + more  # "53/KH-" + "UBND", "kinh tế-" + "xã hội"
    return text + " " + more


# --- the reader ------------------------------------------------------------------------------------


def _first_pages(pdf: Any, limit: int) -> Iterator[Any]:
    """The first `limit` pages of an open PDF, one at a time, and then one more if there is one (the caller stops
    there). `pdf.pages` would build a page object for every page of the file before giving the first (5,000 pages:
    3 s and every page's object kept until the file is closed); here the pages past the limit are never opened."""
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    doctop = 0.0
    for number, raw in enumerate(PDFPage.create_pages(pdf.doc), start=1):
        page = Page(pdf, raw, page_number=number, initial_doctop=doctop)
        yield page
        if number > limit:
            return
        doctop += float(page.height)


def _declared_pages(pdf: Any) -> int | None:
    """The page count the file declares (/Count of its page tree), when it says one: only for the message."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"])
    except Exception:  # noqa: BLE001 - a missing or broken count only changes the wording
        return None
    return count if isinstance(count, int) and count > 0 else None


def _open_pages(data: bytes, rel: str) -> tuple[list[_Page], set[str], list[Problem]]:
    import pdfplumber

    pages: list[_Page] = []
    legacy: set[str] = set()
    problems: list[Problem] = []
    # not `with pdfplumber.open(...)`: its close() builds every page's object first (see `_first_pages`); the pages
    # read are closed one by one below, the rest were never opened, and the stream is closed here
    with io.BytesIO(data) as stream:
        pdf = pdfplumber.open(stream)
        for page in _first_pages(pdf, MAX_PAGES):
            index = int(page.page_number)
            if index > MAX_PAGES:
                count = _declared_pages(pdf)
                total = f"{count:,} trang" if count is not None and count > MAX_PAGES else f"hơn {MAX_PAGES:,} trang"
                message = f"Tệp PDF có {total}; chỉ đọc {MAX_PAGES:,} trang đầu, phần sau không được đăng."
                problems.append(Problem("truncated", message, None, rel, "error"))
                break
            rotated: list[str] = []
            tables: list[_Line] = []
            try:
                words = _page_words(page, legacy, rotated)
                tables = _tables(page, index)
            except Exception as exc:  # noqa: BLE001 - one bad page must not lose the others
                problems.append(Problem("unreadable", f"Không đọc được trang {index} của tệp PDF ({type(exc).__name__}: {exc}).", None, rel, "error"))
                words = []
            if rotated:
                problems.append(
                    Problem("noise", f"Đã bỏ chữ in xoay dọc ở lề trang {index} (không thuộc văn bản): «{' '.join(rotated)}»", None, rel, "info")
                )
            words = [w for w in words if not any(_inside(w, t) for t in tables)]
            lines = _group_lines(words, index) + tables
            lines.sort(key=lambda ln: (ln.top, ln.x0))
            pages.append(_Page(index, float(page.width), float(page.height), lines))
            page.close()  # pdfplumber keeps each page's parsed objects until closed
    return pages, legacy, problems


def read_pdf(data: bytes, rel: str) -> tuple[str, str, tuple[Problem, ...]]:
    """Text of a PDF's text layer in reading order; a scan without text gives an error and no text."""
    try:
        pages, legacy, problems = _open_pages(data, rel)
    except Exception as exc:  # noqa: BLE001 - a broken or encrypted file must not stop the build
        return "", "pdf", (Problem("unreadable", f"Không mở được tệp PDF ({_why(exc)}).", None, rel, "error"),)
    if not pages or not any(p.lines for p in pages):
        return "", "pdf", tuple(problems) + (
            Problem("scanned", f"{SCANNED}: không đọc được chữ nào, tệp không được đăng. Cần bản PDF có chữ hoặc tệp Word.", None, rel, "error"),
        )
    empty = [p.number for p in pages if not p.lines]
    dropped = _drop_running(pages)
    for page in pages:
        _mark_zones(page)
    metrics = {p.number: _metrics(p) for p in pages}

    out: list[str] = []
    starts: dict[int, int] = {}  # id of a line -> output line (0-based) that holds its start
    prev: _Line | None = None
    for page in pages:
        k = 0
        while k < len(page.lines):
            line = page.lines[k]
            starts[id(line)] = len(out)
            if line.table:
                if out and out[-1]:
                    out.append("")
                out.extend(line.table)
                out.append("")
                prev = None
                k += 1
                continue
            if line.zone:
                block = [line]
                while k + 1 < len(page.lines) and page.lines[k + 1].zone == line.zone:
                    k += 1
                    block.append(page.lines[k])
                if out and out[-1]:
                    out.append("")
                for row in _rows(block):  # per row, the left column's lines, then the right column's
                    out.extend(_column_lines(row, "left") + _column_lines(row, "right"))
                    out.append("")
                prev = None
                k += 1
                continue
            if prev is not None and _continues(prev, line, metrics[prev.page], metrics[page.number]):
                starts[id(line)] = len(out) - 1
                out[-1] = _glue(out[-1], line.text)
            else:
                if prev is not None and out and out[-1] and _spaced(prev, line, metrics[prev.page]):
                    out.append("")
                out.append(line.text)
            prev = line
            k += 1
    text = "\n".join(out).strip("\n") + "\n"
    for page_number, dropped_text, head, following in dropped:
        at = starts.get(id(following)) if following is not None else len(out) - 1
        where = "đầu trang" if head else "chân trang"
        problems.append(
            Problem(
                "noise",
                f"Đã bỏ dòng không thuộc văn bản ({where} {page_number}): «{dropped_text}»",
                (at + 1) if at is not None else None,
                rel,
                "info",
            )
        )
    if empty:
        listed = ", ".join(str(n) for n in empty)
        problems.append(
            Problem("scanned", f"Trang {listed} của tệp PDF không có lớp chữ (bản scan): nội dung các trang này không được đọc.", None, rel, "warning")
        )
    encoding = "+".join(sorted(legacy)) if legacy else "utf-8"
    text, found = convert_surface(text)  # a legacy font the PDF does not name
    if found:
        encoding = found if encoding == "utf-8" else f"{encoding}+{found}"
    return text, encoding, tuple(problems)


def _why(exc: BaseException) -> str:
    """What went wrong, in words: pdfplumber wraps pdfminer's error (a password, a damaged file) in its own."""
    causes: list[BaseException] = [exc]
    causes += [a for a in exc.args if isinstance(a, BaseException)]
    if exc.__cause__ is not None:
        causes.append(exc.__cause__)
    if any("Password" in type(c).__name__ or "Encrypt" in type(c).__name__ for c in causes):
        return "tệp có mật khẩu; hãy lưu lại bản không khóa"
    inner = causes[-1]
    return f"{type(inner).__name__}: {inner}" if str(inner) else type(inner).__name__


def _spaced(a: _Line, b: _Line, m: _Metrics) -> bool:
    """Extra space above b (paragraph spacing), or a new page."""
    if a.page != b.page:
        return False
    return bool(m.pitch) and b.top - a.top > 1.25 * m.pitch

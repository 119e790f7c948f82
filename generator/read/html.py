"""Reader for HTML pages saved from a web portal (vbpl.vn, thuvienphapluat.vn, a province's site).

The page is parsed with lxml's HTML parser (it follows the page's declared charset), and its text is written one
block a line, in reading order, as the Word reader does:
- scripts, styles, navigation, forms and the page's own header and footer bars are left out, and so are hidden
  elements (`display:none`, `hidden`: a portal's other tabs) and blocks whose class or id names page chrome
  (`menu`, `breadcrumb`, `sidebar`, `footer`...) unless they hold the document (its motto, or most of the page's
  text); what such a class or id took away is reported, so that a wrong guess shows on the data-quality page;
- paragraphs, headings, list items, `<br>` and block containers end a line; inline markup (`<b>`, `<span>`, links)
  does not;
- a table of one or two columns with text is a layout table (the document's header: issuer | national motto; its
  signature: recipients | signer): each row gives its left cell's lines, then its right cell's. Wider tables are data:
  one `| a | b | c |` line a row (a cell spanning columns fills them), which the body parser keeps as a table.

The page is decoded by its byte-order mark, else its declared charset (`<meta charset>` or the HTTP-equiv
Content-Type), else as UTF-8, else as a legacy Vietnamese encoding (TCVN3, VNI), Windows-1258 or Windows-1252, as a
text file is; TCVN3/VNI text shown in a legacy font (a page declared Windows-1252 or UTF-8) is converted too.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import Any

from ..models import Problem
from .legacy import _cp1252, convert_surface, decode_bytes, vietnamese_score
from .text import _CONTROL_BAD, binary_problem, count_controls, drop_controls, looks_utf16, signature, too_many_controls

# elements whose text is never the document's: page chrome and code
_SKIP = {
    "script", "style", "noscript", "template", "nav", "iframe", "svg", "head", "form", "button", "select",
    "header", "footer", "aside", "object", "embed", "canvas", "map", "title", "meta", "link",
}
_BLOCK = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt",
    "dd", "blockquote", "pre", "center", "address", "figure", "figcaption", "hr", "body", "html", "caption",
    "tbody", "thead", "tfoot", "tr", "td", "th",
}
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")
# class or id words of page chrome on portals that use no <nav>/<header>/<footer> elements
_CHROME_WORDS = frozenset(
    "menu menutop topmenu mainmenu submenu megamenu nav navbar navigation breadcrumb breadcrumbs header footer "
    "sidebar banner social share sharing related lienquan comment comments ads advert advertisement quangcao login "
    "dangnhap search timkiem toolbar tools tabs cookie popup modal topbar hotline userbar".split()
)
_WORD = re.compile(r"[a-z]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_MOTTOS = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM")


def _is_chrome(el: Any) -> bool:
    """Whether the class or id of `el` names page chrome (`menuTop`, `box-related`, `ctl00_Footer`)."""
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    words = _WORD.findall(_CAMEL.sub(" ", names).lower())
    return any(w in _CHROME_WORDS for w in words + [a + b for a, b in zip(words, words[1:], strict=False)])


def _hidden(el: Any) -> bool:
    return el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true" or bool(_HIDDEN.search(el.get("style") or ""))


class _Writer:
    def __init__(self, page_chars: int = 0) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.page_chars = page_chars  # the length of the page's text: a block holding most of it is the document
        self.dropped: list[str] = []  # text of the blocks left out as chrome by their class or id

    def _chrome(self, el: Any) -> bool:
        if not _is_chrome(el):
            return False
        text = " ".join(_SPACES.sub(" ", el.text_content()).split())
        if any(m in text.upper() for m in _MOTTOS) or len(text) > 0.4 * self.page_chars:
            return False  # the block holds the document: its class is a layout's name, not chrome
        if text:
            self.dropped.append(text)
        return True

    def flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.current)).strip()
        self.current = []
        if text:
            self.lines.append(text)

    def walk(self, el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower().rpartition("}")[2]
        role = (el.get("role") or "").lower()
        if not tag or tag in _SKIP or role in {"navigation", "banner", "contentinfo", "search"} or _hidden(el) or self._chrome(el):
            self._tail(el)  # a comment or a skipped element: only the text after it is the page's
            return
        if tag == "table":
            self.flush()
            self.table(el)
            self._tail(el)
            return
        if tag == "br":
            self.flush()
            self._tail(el)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        if el.text:
            self.current.append(el.text)
        for child in el:
            self.walk(child)
        if block:
            self.flush()
        self._tail(el)

    def _tail(self, el: Any) -> None:
        if el.tail:
            self.current.append(el.tail)

    def table(self, tbl: Any) -> None:
        rows: list[list[list[str]]] = []
        below: dict[int, int] = {}  # column -> rows still covered by a cell above it (rowspan)
        for tr in tbl.iter("tr"):
            # rows of a table nested in a cell belong to that cell, read below
            if _nearest_table(tr) is not tbl:
                continue
            cells: list[list[str]] = []
            for cell in tr:
                if not isinstance(cell.tag, str) or cell.tag.lower() not in {"td", "th"}:
                    continue
                _covered(cells, below)
                sub = _Writer(self.page_chars)
                sub.dropped = self.dropped
                if cell.text:
                    sub.current.append(cell.text)
                for child in cell:
                    sub.walk(child)
                sub.flush()
                cells.append(sub.lines)
                first, span, down = len(cells) - 1, _span(cell, "colspan"), _span(cell, "rowspan")
                cells.extend([] for _ in range(span - 1))  # a cell over several columns: the ones it covers are empty
                for k in range(first, first + span):
                    if down > 1:
                        below[k] = down - 1  # ...and over several rows: its columns are empty in the rows below
            _covered(cells, below, end=True)
            rows.append(cells)
        width = max((len(r) for r in rows), default=0)
        filled = {k for r in rows for k, cell in enumerate(r) if any(line.strip() for line in cell)}
        if len(filled) <= 2:
            if self.lines and self.lines[-1].strip():
                self.lines.append("")
            for row in rows:
                lines = [line for cell in row for line in cell if line.strip()]
                if lines:
                    self.lines.extend(lines)
                    self.lines.append("")
            return
        for row in rows:
            texts = [" ".join(cell).replace("|", "¦") for cell in row]
            if not any(texts):
                continue
            texts += [""] * (width - len(texts))
            self.lines.append("| " + " | ".join(texts) + " |")
        self.lines.append("")


def _span(cell: Any, attribute: str) -> int:
    try:
        return max(1, min(int(cell.get(attribute) or 1), 50))
    except ValueError:
        return 1


def _covered(cells: list[list[str]], below: dict[int, int], end: bool = False) -> None:
    """Empty cells where a cell of a row above reaches down: at the next column (or, at the end of a row, every
    column still covered after the row's last cell)."""
    while True:
        k = len(cells)
        if below.get(k, 0) > 0:
            below[k] -= 1
            cells.append([])
        elif end and any(n > 0 for c, n in below.items() if c > k):
            cells.append([])  # a free column before a covered one further right
        else:
            return


def _nearest_table(el: Any) -> Any:
    parent = el.getparent()
    while parent is not None and not (isinstance(parent.tag, str) and parent.tag.lower() == "table"):
        parent = parent.getparent()
    return parent


def read_html(data: bytes, rel: str) -> tuple[str, str, tuple[Problem, ...]]:
    """Text of an HTML page in reading order; a page without text gives empty text and an error problem."""
    import lxml.html
    from lxml import etree

    if not data.strip():
        return "", "html", (Problem("empty", "Tệp HTML không có chữ nào.", None, rel, "error"),)
    what = signature(data)
    if what:
        return "", "binary", (binary_problem(rel, what),)
    text, encoding, decoded = _decode(data, rel)
    text = unicodedata.normalize("NFC", text)  # Windows-1258 writes tone marks as combining characters
    if too_many_controls(count_controls(text), len(text)):
        return "", "binary", (binary_problem(rel),)
    # lxml takes no control characters: a few stray ones stand in for themselves as private-use characters until
    # the text is out (a TCVN3 font draws twelve capitals at such codes: Ý, Ự...), then are dropped and reported on
    # the lines of the text, as in a text file
    text = text.translate(_HOLD)
    problems: tuple[Problem, ...] = decoded
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        return "", "html", (Problem("unreadable", f"Không đọc được tệp HTML: {exc}", None, rel, "error"),)
    body = root.find("body")
    top = body if body is not None else root
    writer = _Writer(len(_SPACES.sub(" ", top.text_content())))
    writer.walk(top)
    writer.flush()
    text = ("\n".join(writer.lines).strip("\n") + "\n").translate(_RELEASE)
    text, legacy = convert_surface(text)  # a page written in a TCVN3 or VNI font: its letters are the font's bytes
    if legacy:
        encoding = f"{encoding}+{legacy}"
    text, dropped = drop_controls(text, rel)
    problems += (dropped,) if dropped else ()
    if writer.dropped:
        shown = " · ".join(writer.dropped)
        shown = shown if len(shown) <= 200 else shown[:200].rsplit(" ", 1)[0] + " …"
        message = f"Đã bỏ {len(writer.dropped)} khối khung của trang web (menu, đầu trang, chân trang, liên kết khác): «{shown}»"
        problems += (Problem("html-chrome", message, None, rel, "info"),)
    if not text.strip():
        problems += (Problem("empty", "Tệp HTML không có chữ nào trong phần nội dung.", None, rel, "error"),)
    return text, encoding, problems


_HOLD = {ord(ch): 0xF0000 + ord(ch) for ch in _CONTROL_BAD}
_RELEASE = {v: k for k, v in _HOLD.items()}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_WINDOWS_1252 = {"cp1252", "iso8859-1", "ascii"}
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _decode(data: bytes, rel: str) -> tuple[str, str, tuple[Problem, ...]]:
    """The page's text: by its byte-order mark, else its declared charset, else UTF-8, else as a text file's bytes
    (a legacy Vietnamese encoding, Windows-1258, Windows-1252); a parser left to guess reads UTF-8 as Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8", ()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").lstrip("\ufeff"), "utf-16", ()
    if len(data) >= 4 and looks_utf16(data):  # Word's "charset=unicode" pages
        codec = "utf-16-le" if data[1] == 0 else "utf-16-be"
        return data.decode(codec, errors="replace"), codec, ()
    head = data[:4096]
    declared = _CHARSET.search(head) or _XML_ENCODING.search(head)
    names = [declared.group(1).decode("ascii").lower()] if declared else []
    for name in [*names, "utf-8"]:
        try:
            codec = codecs.lookup(name).name
            if codec.startswith("utf-16"):
                continue  # a page read as bytes here is not UTF-16 (no BOM, no NUL bytes): the declaration is wrong
            if codec in _WINDOWS_1252:
                # as browsers read it: Windows-1252 whatever the Latin label, its five free bytes kept (a legacy
                # font's letters may be there)
                return _cp1252(data), name, ()
            return data.decode(name), name, ()
        except (LookupError, UnicodeDecodeError):
            continue
    found = decode_bytes(data)
    if found is not None:
        return found.text, found.encoding, ()
    # Windows-1258 (Vietnamese, tone marks as combining characters) when it reads better than Windows-1252
    candidates = []
    for name in ("cp1258", "cp1252"):
        text = unicodedata.normalize("NFC", data.decode(name, errors="replace"))
        candidates.append((vietnamese_score(text)[0], name == "cp1252", name, text))
    _, _, name, text = max(candidates)
    where = f" (khai báo {names[0]})" if names else ""
    message = f"Trang web không phải UTF-8{where}; đã đọc theo {name}, có thể sai dấu tiếng Việt."
    return text, name, (Problem("encoding", message, None, rel),)

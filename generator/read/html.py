"""Reader for HTML pages saved from a web portal (vbpl.vn, thuvienphapluat.vn, a province's site).

The page is parsed with lxml's HTML parser (it follows the page's declared charset), and its text is written one
block a line, in reading order, as the Word reader does:
- scripts, styles, navigation, forms and the page's own header and footer bars are left out;
- paragraphs, headings, list items, `<br>` and block containers end a line; inline markup (`<b>`, `<span>`, links)
  does not;
- a table of one or two columns with text is a layout table (the document's header: issuer | national motto; its
  signature: recipients | signer): each row gives its left cell's lines, then its right cell's. Wider tables are data:
  one `| a | b | c |` line a row, which the body parser keeps as a table.
"""

from __future__ import annotations

import re
from typing import Any

from ..models import Problem
from .text import binary_problem, count_controls, drop_controls, signature, too_many_controls

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


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.current)).strip()
        self.current = []
        if text:
            self.lines.append(text)

    def walk(self, el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower().rpartition("}")[2]
        if not tag or tag in _SKIP or (el.get("role") or "").lower() == "navigation":
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
        for tr in tbl.iter("tr"):
            # rows of a table nested in a cell belong to that cell, read below
            if _nearest_table(tr) is not tbl:
                continue
            cells: list[list[str]] = []
            for cell in tr:
                if not isinstance(cell.tag, str) or cell.tag.lower() not in {"td", "th"}:
                    continue
                sub = _Writer()
                if cell.text:
                    sub.current.append(cell.text)
                for child in cell:
                    sub.walk(child)
                sub.flush()
                cells.append(sub.lines)
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
    text, encoding = _decode(data)
    if too_many_controls(count_controls(text), len(text)):
        return "", "binary", (binary_problem(rel),)
    # lxml takes no control characters; a few stray ones are dropped and reported, as in a text file
    text, dropped = drop_controls(text, rel)
    stray: tuple[Problem, ...] = (dropped,) if dropped else ()
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        return "", "html", (Problem("unreadable", f"Không đọc được tệp HTML: {exc}", None, rel, "error"),)
    writer = _Writer()
    body = root.find("body")
    writer.walk(body if body is not None else root)
    writer.flush()
    text = "\n".join(writer.lines).strip("\n") + "\n"
    problems: tuple[Problem, ...] = stray
    if not text.strip():
        problems += (Problem("empty", "Tệp HTML không có chữ nào trong phần nội dung.", None, rel, "error"),)
    return text, encoding, problems


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _decode(data: bytes) -> tuple[str, str]:
    """The page's text: by its byte-order mark, else its declared charset, else UTF-8, else Windows-1252 (a
    parser left to guess reads UTF-8 Vietnamese as Latin-1)."""
    import codecs

    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    declared = _CHARSET.search(data[:4096])
    names = [declared.group(1).decode("ascii").lower()] if declared else []
    for name in [*names, "utf-8"]:
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace"), "cp1252"

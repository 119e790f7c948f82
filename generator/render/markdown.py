"""Turn document text into Markdown that shows it literally.

Everything that comes from a source file goes through `md_escape`: HTML, Markdown and attribute-list
syntax in a document are shown as characters, never interpreted. Only markup built here (links to our
own pages, anchors) is trusted, and it is wrapped in `Safe`.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..addresses import page_url
from ..models import Block, Section

# python-markdown's escapable characters (ESCAPED_CHARS, plus "|" from tables): every one it gives meaning to.
# The backslash first: escaping the others adds backslashes that must not be escaped again.
_MD_SPECIAL = "\\`*_{}[]()#+-.!|"


class Safe(str):
    """Markup built by the renderer: passed to the page as is."""


_SHORT = 80  # strings up to this length are remembered once escaped: names, roles, labels and dates recur on every page
_escaped: dict[str, str] = {}


def md_escape(text: object) -> str:
    """Escape source text for a Markdown page: it renders as exactly these characters."""
    if text is None:
        return ""
    if isinstance(text, Safe):
        return text
    if type(text) is str:
        hit = _escaped.get(text)
        if hit is not None:
            return hit
    raw = str(text)
    s = raw.replace("\r", " ").replace("\n", " ")
    for c in _MD_SPECIAL:  # str.replace per character present: several times faster than a regex substitution
        if c in s:
            s = s.replace(c, "\\" + c)
    # HTML: entities after the backslashes, so '&lt;' is not itself escaped
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    if type(text) is str and len(raw) <= _SHORT and len(_escaped) < 50_000:
        _escaped[raw] = s
    return s


def dmy(d: date) -> str:
    """A date as Vietnamese documents write it: 05/03/2022 (date.strftime is slower, and this runs for every row)."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


# Blocks of HTML built here (tables, the card, lists): between these two lines, the Markdown extension mdext.py hands
# them to the page as they are, read by neither an HTML parser nor the inline patterns (see mdext.py).
HTML_OPEN = "<!-- vb:html -->"
HTML_CLOSE = "<!-- /vb:html -->"
# The same, for a block whose headings are in the page's table of contents: MkDocs' toc extension does not see
# stashed HTML, so the plugin adds them (plugin.py, mdext.prerendered_toc)
HTML_TOC_OPEN = "<!-- vb:html toc -->"
PERMALINK_TITLE = "Đường dẫn đến mục này"  # the title of MkDocs' permalink marks (mkdocs.yml, toc: permalink_title)


def html_block(html: str, *, toc: bool = False) -> Safe:
    """HTML built by the renderer (its source text escaped with html_escape, its links relative and final), as a block
    of the page that Markdown leaves alone: a block of its own, blank lines around it. With `toc`, its headings
    (heading_html) are entries of the page's table of contents."""
    return Safe(f"{HTML_TOC_OPEN if toc else HTML_OPEN}\n{html}\n{HTML_CLOSE}")


def heading_html(level: int, anchor: str, inner: str, attrs: str = "") -> str:
    """A heading as MkDocs' toc extension writes one (`inner`: its HTML; `attrs`: ' class="..."' before the id, as
    attr_list puts them), with its permalink mark."""
    a = html_escape(anchor)
    return f'<h{level}{attrs} id="{a}">{inner}<a class="headerlink" href="#{a}" title="{PERMALINK_TITLE}">¶</a></h{level}>'


def heading_block(level: int, anchor: str, text: str, relation: str | None = None) -> Safe:
    """A heading of the page's table of contents, from plain text, as a block (html_block); with `relation`, the
    heading of a group of citations of that relation (`.vb-relation`, read by the page's script and styles)."""
    attrs = f' class="vb-relation" data-relation="{html_escape(relation)}"' if relation else ""
    return html_block(heading_html(level, anchor, html_escape(text), attrs), toc=True)


def html_escape(text: object) -> str:
    s = "" if text is None else str(text)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")


# In HTML built here, the site's root in a link (`href="<@>van-ban/a/b/"`): html_escape turns every "<" of a source
# into "&lt;", so it never stands for source text. A row made once with it serves every page it appears on;
# `rooted` makes it the way back from one page to the root ("../../"), so every link is relative.
ROOT = "<@>"


_ROOTED = re.compile(re.escape(ROOT) + r'([^"#]*)')


def rooted(html: str, url: str) -> str:
    """`html` for the page at `url` (a site URL, 'co-quan/a/'): its links from the root made relative to the page,
    as MkDocs writes them ('../ke-hoach-03-kh-bcd/')."""
    if ROOT not in html:
        return html
    return _ROOTED.sub(lambda m: relative_url(url, m.group(1)), html)


def link_url(href: str) -> str:
    """A link made by page_link ('/van-ban/a/b.md#muc-i') as a URL from the site's root ('van-ban/a/b/#muc-i')."""
    path, _, anchor = href.lstrip("/").partition("#")
    url = page_url(path) if path.endswith(".md") else path
    return url + ("#" + anchor if anchor else "")


def page_link(src_uri: str, anchor: str | None = None) -> str:
    """Link target for a generated page: absolute from the docs root, MkDocs makes it relative and checks it."""
    return "/" + src_uri + (f"#{anchor}" if anchor else "")


@lru_cache(maxsize=16384)  # a page links the same documents again and again (its deadlines, its duties)
def relative_url(from_url: str, to_url: str) -> str:
    """Relative link between two directory-style URLs ('a/b/' -> 'c/d/' gives '../../c/d/').

    As posixpath.relpath for these clean paths (no '.' or '..' parts), without its calls to abspath."""
    here = [p for p in from_url.split("/") if p]
    there = [p for p in to_url.split("/") if p]
    if any(p in {".", ".."} for p in here + there):
        rel = posixpath.relpath(to_url or ".", from_url or ".")
        return rel + "/" if to_url.endswith("/") and rel != "." else ("./" if rel == "." else rel)
    common = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return rel + "/" if to_url.endswith("/") and rel != "." else ("./" if rel == "." else rel)


@dataclass(frozen=True)
class Span:
    """A part of a block's text to render as a link (a citation)."""

    start: int
    end: int
    href: str  # from page_link()
    title: str = ""


def inline(text: str, spans: tuple[Span, ...] = ()) -> str:
    """Escape text, turning the given spans into links."""
    out: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < pos or span.end > len(text) or span.start >= span.end:
            continue
        out.append(md_escape(text[pos : span.start]))
        label = md_escape(text[span.start : span.end])
        title = f' "{html_escape(span.title)}"' if span.title else ""
        out.append(f"[{label}]({span.href}{title})")
        pos = span.end
    out.append(md_escape(text[pos:]))
    return "".join(out)


def inline_html(text: str, spans: tuple[Span, ...] = ()) -> str:
    """As `inline`, in HTML: the text escaped, the spans as links from the site's root (ROOT)."""
    out: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < pos or span.end > len(text) or span.start >= span.end:
            continue
        out.append(html_escape(text[pos : span.start]))
        title = f' title="{html_escape(span.title)}"' if span.title else ""
        out.append(f'<a href="{ROOT}{html_escape(link_url(span.href))}"{title}>{html_escape(text[span.start : span.end])}</a>')
        pos = span.end
    out.append(html_escape(text[pos:]))
    return "".join(out)


SpanMap = dict[tuple[str, int], tuple[Span, ...]]  # (section anchor, block index) -> spans


def section_label(section: Section) -> str:
    """How the section's number is written: 'I.', '1.', 'a)', 'Điều 5.', 'Chương II'."""
    kind = section.kind
    if section.written:
        return section.written  # a heading as printed ("PHỤ LỤC I", "CHƯƠNG II")
    if kind == "muc" and section.label.isdigit():
        return f"Mục {section.label}"  # "Mục 1" (a numbered Mục; a roman one is written "I."): the word was lost
    if kind in {"khoan", "muc"} and section.label:
        return f"{section.label}."
    if kind == "diem":
        return f"{section.label})"
    if kind == "dieu":
        return f"Điều {section.label}."
    if kind == "chuong":
        return f"Chương {section.label}"
    if kind == "phan":
        return f"Phần {section.label}"
    if kind == "tieu-muc":
        return f"Tiểu mục {section.label}"
    if kind == "phu-luc":
        return f"Phụ lục {section.label}".strip()
    if kind == "mau":
        return f"Mẫu số {section.label}".strip()
    if kind == "bieu":
        return f"Biểu số {section.label}".strip()
    return section.label


def blocks_html(blocks: tuple[Block, ...], section: str, spans: SpanMap, start: int = 0) -> list[str]:
    """HTML for a run of blocks, an element a line (`start`: the index of the first in its section, for its spans);
    consecutive bullets form one list, nested by their level. Links from the site's root (ROOT)."""
    out: list[str] = []
    items: list[str] = []  # the list being written
    levels: list[int] = []  # its open levels
    for i, block in enumerate(blocks, start):
        s = spans.get((section, i), ())
        if block.kind == "bullet":
            while levels and block.level < levels[-1]:
                items.append("</li></ul>")
                levels.pop()
            if levels and block.level == levels[-1]:
                items.append("</li><li>")
            else:
                items.append("<ul><li>")
                levels.append(block.level)
            items.append(inline_html(block.text, s))
            continue
        if items:
            out.append("".join(items) + "</li></ul>" * len(levels))
            items.clear()
            levels.clear()
        if block.kind == "table":
            out.append(table_html(block.rows))
        elif block.kind == "footnote":
            out.append(f'<p class="vb-footnote">{html_escape(block.marker)} {inline_html(block.text, s)}</p>')
        else:
            out.append(f"<p>{inline_html(block.text, s)}</p>")
    if items:
        out.append("".join(items) + "</li></ul>" * len(levels))
    return out


def table_html(rows: tuple[tuple[str, ...], ...]) -> str:
    """A table of the document: its first row as the header."""
    if not rows:
        return ""
    width = max(len(r) for r in rows)

    def cells(row: tuple[str, ...], tag: str) -> str:
        row = row + ("",) * (width - len(row))
        return "<tr>" + "".join(f"<{tag}>{html_escape(c)}</{tag}>" for c in row) + "</tr>"

    body = "".join(cells(r, "td") for r in rows[1:])
    return f"<table><thead>{cells(rows[0], 'th')}</thead><tbody>{body}</tbody></table>"


def render_sections(sections: tuple[Section, ...], spans: SpanMap, url: str, depth: int = 2) -> list[str]:
    """Sections as headings of the page's table of contents with their permalinks (when they have a title) and
    their text, one block of HTML (html_block with `toc`) for the page at `url`: numbered paragraphs anchored by
    their section (`<p id="muc-i-khoan-1" class="vb-numbered">`)."""
    run: list[str] = []
    # a function of the module, not a recursive closure: a closure that calls itself is a reference cycle (function ->
    # cell -> function) that kept each page's text and spans alive until a collection of cycles, which the render
    # pauses (guard.no_cyclic_gc): ~35 MB a 1,000 documents
    _walk_sections(sections, depth, spans, run)
    return ["", html_block(rooted("\n".join(run), url), toc=True), ""] if run else []


def _walk_sections(sections: tuple[Section, ...], depth: int, spans: SpanMap, run: list[str]) -> None:
    """render_sections' HTML of `sections` and their children, appended to `run`."""
    for section in sections:
        blocks = section.blocks
        if section.title or section.kind in {"phu-luc", "mau", "bieu"}:  # an annex is always a heading of the page
            label = html_escape(section_label(section))
            title = inline_html(section.title, spans.get((section.anchor, -1), ()))
            run.append(heading_html(min(depth, 6), section.anchor, f"{label} {title}".strip()))
            run.extend(blocks_html(blocks, section.anchor, spans))
        else:
            label = html_escape(section_label(section))
            head = f'<p id="{html_escape(section.anchor)}" class="vb-numbered"><strong>{label}</strong>'
            first = blocks[0] if blocks else None
            if first is not None and first.kind == "paragraph":
                run.append(f"{head} {inline_html(first.text, spans.get((section.anchor, 0), ()))}</p>")
                run.extend(blocks_html(blocks[1:], section.anchor, spans, 1))
            else:
                run.append(f"{head}</p>")
                run.extend(blocks_html(blocks, section.anchor, spans))
        _walk_sections(section.children, depth + 1, spans, run)

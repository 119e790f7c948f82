"""Turn document text into Markdown that shows it literally.

Everything that comes from a source file goes through `md_escape`: HTML, Markdown and attribute-list
syntax in a document are shown as characters, never interpreted. Only markup built here (links to our
own pages, anchors) is trusted, and it is wrapped in `Safe`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

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


def html_block(html: str) -> Safe:
    """HTML built by the renderer (its source text escaped with html_escape, its links relative and final), as a block
    of the page that Markdown leaves alone: a block of its own, blank lines around it."""
    return Safe(f"{HTML_OPEN}\n{html}\n{HTML_CLOSE}")


def html_escape(text: object) -> str:
    s = "" if text is None else str(text)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")


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


SpanMap = dict[tuple[str, int], tuple[Span, ...]]  # (section anchor, block index) -> spans


def render_blocks(blocks: tuple[Block, ...], section: str, spans: SpanMap) -> list[str]:
    """Markdown for a run of blocks; consecutive bullets form one list."""
    out: list[str] = []
    prev_kind = ""
    for i, block in enumerate(blocks):
        s = spans.get((section, i), ())
        if block.kind == "bullet":
            if prev_kind != "bullet":
                out.append("")
            indent = "    " * block.level
            out.append(f"{indent}- {inline(block.text, s)}")
        elif block.kind == "table":
            out.append("")
            out.extend(render_table(block.rows))
            out.append("")
        elif block.kind == "footnote":
            out.append("")
            out.append(f"{md_escape(block.marker)} {inline(block.text, s)}")
            out.append("{: .vb-footnote }")
        else:
            out.append("")
            out.append(inline(block.text, s))
        prev_kind = block.kind
    if out:
        out.append("")
    return out


def render_table(rows: tuple[tuple[str, ...], ...]) -> list[str]:
    if not rows:
        return []
    width = max(len(r) for r in rows)

    def row(cells: tuple[str, ...]) -> str:
        cells = cells + ("",) * (width - len(cells))
        return "| " + " | ".join(md_escape(c) or " " for c in cells) + " |"

    lines = [row(rows[0]), "|" + "|".join(["---"] * width) + "|"]
    lines.extend(row(r) for r in rows[1:])
    return lines


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


def render_sections(sections: tuple[Section, ...], spans: SpanMap, depth: int = 2) -> list[str]:
    """Sections as headings (when they have a title) or anchored numbered paragraphs."""
    out: list[str] = []
    for section in sections:
        label = md_escape(section_label(section))
        blocks = section.blocks
        if section.title or section.kind in {"phu-luc", "mau", "bieu"}:  # an annex is always a heading of the page
            level = "#" * min(depth, 6)
            out.append("")
            out.append(f"{level} {label} {inline(section.title, spans.get((section.anchor, -1), ()))} {{ #{section.anchor} }}")
            out.extend(render_blocks(blocks, section.anchor, spans))
        else:
            first = blocks[0] if blocks else None
            out.append("")
            if first is not None and first.kind == "paragraph":
                out.append(f"**{label}** {inline(first.text, spans.get((section.anchor, 0), ()))}")
                out.append(f"{{: #{section.anchor} .vb-numbered }}")
                rest = render_blocks(blocks[1:], section.anchor, _shift(spans, section.anchor))
            else:
                out.append(f"**{label}**")
                out.append(f"{{: #{section.anchor} .vb-numbered }}")
                rest = render_blocks(blocks, section.anchor, spans)
            out.extend(rest)
        out.extend(render_sections(section.children, spans, depth + 1))
    return out


def _shift(spans: SpanMap, anchor: str) -> SpanMap:
    """Spans of a section whose first block was rendered with its number: index the rest from 0."""
    return {(a, i - 1 if a == anchor else i): s for (a, i), s in spans.items() if not (a == anchor and i == 0)}

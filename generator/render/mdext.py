"""A Python-Markdown extension: blocks of HTML the generator has built itself pass through the conversion untouched.

The generator writes the heavy repeated parts of its pages (tables of duties and deadlines, the document card, the
lists of documents) as HTML built in Python, everything from a source escaped, and puts each between two marker
lines (`markdown.html_block`). This preprocessor runs before MkDocs' own `mkdocs_raw_html` (priority 21) and
Python-Markdown's `html_block` (20): it puts each such block in `md.htmlStash` and leaves its placeholder, as
Python-Markdown does for raw HTML, so neither an HTML parser nor the inline patterns read it, and the page gets the
block's bytes. Registered in mkdocs.yml (`generator.render.mdext`).

What MkDocs would have read in those blocks, the plugin reads instead (plugin.py, `prerendered`): the ids they hold
count as anchors of the page, and their links are checked (a broken one fails `--strict`). A block opened with
`HTML_TOC_OPEN` holds headings of the page's table of contents (a document page's sections, written as the toc
extension writes them): the plugin adds them to it (`prerendered_toc`). Blocks with only blank lines between them
share one placeholder.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import strip_tags
from markdown.preprocessors import Preprocessor

from .markdown import HTML_CLOSE, HTML_OPEN, HTML_TOC_OPEN

_OPENERS = frozenset((HTML_OPEN, HTML_TOC_OPEN))
PRIORITY = 25  # after normalize_whitespace (30), before mkdocs_raw_html (21) and html_block (20)


class PrerenderedPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if HTML_OPEN not in lines and HTML_TOC_OPEN not in lines:
            return lines
        out: list[str] = []
        i, n = 0, len(lines)
        while i < n:
            if lines[i] not in _OPENERS:
                out.append(lines[i])
                i += 1
                continue
            # this block and those that follow with only blank lines between go in one placeholder: each placeholder
            # is a paragraph every inline pattern is tried on, and a page of 60 blocks paid for 60 (the bytes are
            # those of separate blocks: each ends in a newline and the paragraphs are joined by one)
            parts: list[str] = []
            j = i
            while j < n and lines[j] in _OPENERS:
                try:
                    end = lines.index(HTML_CLOSE, j + 1)
                except ValueError:  # no closing marker: left to Python-Markdown as it is
                    break
                parts.append("\n".join(lines[j + 1 : end]))
                i = j = end + 1
                while j < n and not lines[j].strip():
                    j += 1
            if not parts:
                out.extend(lines[i:])
                break
            out.extend(("", self.md.htmlStash.store("\n\n".join(parts) + "\n"), ""))  # as html_block stores a block followed by a blank line
        return out


class PrerenderedExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(PrerenderedPreprocessor(md), "vanban_prerendered", PRIORITY)


def makeExtension(**kwargs: Any) -> PrerenderedExtension:  # noqa: N802 (Python-Markdown's name)
    return PrerenderedExtension(**kwargs)


# the attributes as the renderer writes them (a space before, double quotes): a literal start keeps the search fast
_ID = re.compile(r' id="([^"]*)"')
_HREF = re.compile(r' href="([^"]*)"')
_CLOSE = "\n" + HTML_CLOSE
# a heading of the table of contents as markdown.heading_html writes it: level, id, inner HTML
_HEADING = re.compile(r'<h([1-6])(?: [^>]*)? id="([^"]*)">(.*?)<a class="headerlink" href="#')


def _blocks(markdown: str) -> list[tuple[bool, str]]:
    """The page's blocks of pre-rendered HTML, in order: (whether its headings are in the table of contents, HTML)."""
    out: list[tuple[bool, str]] = []
    pos = 0
    while (start := markdown.find("<!-- vb:html", pos)) >= 0:
        line_end = markdown.find("\n", start)
        opener = markdown[start:line_end] if line_end >= 0 else ""
        if (start and markdown[start - 1] != "\n") or opener not in _OPENERS:  # a marker is a line of its own
            pos = start + 1
            continue
        end = markdown.find(_CLOSE, line_end)
        if end < 0:  # never closed: not a block (mdext.py leaves it to Markdown)
            break
        out.append((opener == HTML_TOC_OPEN, markdown[line_end + 1 : end]))
        pos = end + len(_CLOSE)
    return out


def prerendered(markdown: str) -> tuple[set[str], list[str]]:
    """The ids and the link targets (each once, sorted, unescaped) of a page's blocks of pre-rendered HTML: what
    MkDocs would have read in them had it parsed them (anchors it can link to, links it checks)."""
    if "<!-- vb:html" not in markdown:
        return set(), []
    ids: set[str] = set()
    hrefs: set[str] = set()
    for _, block in _blocks(markdown):
        ids.update(_ID.findall(block))
        hrefs.update(_HREF.findall(block))
    return {unescape(v) for v in ids}, sorted({unescape(v) for v in hrefs})


def prerendered_toc(markdown: str) -> list[dict[str, Any]]:
    """The headings of the page's table-of-contents blocks, in order, as the toc extension's tokens (flat: level,
    id, name, html, data-toc-label), `name` made as it makes it (the inner HTML without its tags)."""
    if HTML_TOC_OPEN not in markdown:
        return []
    tokens: list[dict[str, Any]] = []
    for toc, block in _blocks(markdown):
        if toc:
            for level, anchor, inner in _HEADING.findall(block):
                tokens.append({"level": int(level), "id": unescape(anchor), "name": strip_tags(inner), "html": inner, "data-toc-label": ""})
    return tokens

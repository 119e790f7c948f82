"""A Python-Markdown extension: blocks of HTML the generator has built itself pass through the conversion untouched.

The generator writes the heavy repeated parts of its pages (tables of duties and deadlines, the document card, the
lists of documents) as HTML built in Python, everything from a source escaped, and puts each between two marker
lines (`markdown.html_block`). This preprocessor runs before MkDocs' own `mkdocs_raw_html` (priority 21) and
Python-Markdown's `html_block` (20): it puts each such block in `md.htmlStash` and leaves its placeholder, as
Python-Markdown does for raw HTML, so neither an HTML parser nor the inline patterns read it, and the page gets the
block's bytes. Registered in mkdocs.yml (`generator.render.mdext`).

What MkDocs would have read in those blocks, the plugin reads instead (plugin.py, `prerendered`): the ids they hold
count as anchors of the page, and their links are checked (a broken one fails `--strict`).
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from .markdown import HTML_CLOSE, HTML_OPEN

PRIORITY = 25  # after normalize_whitespace (30), before mkdocs_raw_html (21) and html_block (20)


class PrerenderedPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if HTML_OPEN not in lines:
            return lines
        out: list[str] = []
        i, n = 0, len(lines)
        while i < n:
            line = lines[i]
            if line == HTML_OPEN:
                try:
                    end = lines.index(HTML_CLOSE, i + 1)
                except ValueError:  # no closing marker: left to Python-Markdown as it is
                    out.extend(lines[i:])
                    break
                parts = ["\n".join(lines[i + 1 : end])]
                i = end + 1
                # the blocks that follow with only blank lines between go in the same placeholder: each placeholder is
                # a paragraph every inline pattern is tried on, and a page of 60 blocks paid for 60 (the bytes are
                # those of separate blocks: each ends in a newline and the paragraphs are joined by one)
                while True:
                    j = i
                    while j < n and not lines[j].strip():
                        j += 1
                    if j >= n or lines[j] != HTML_OPEN:
                        break
                    try:
                        end = lines.index(HTML_CLOSE, j + 1)
                    except ValueError:  # left to the outer loop, which leaves it to Python-Markdown
                        break
                    parts.append("\n".join(lines[j + 1 : end]))
                    i = end + 1
                out.extend(("", self.md.htmlStash.store("\n\n".join(parts) + "\n"), ""))  # as html_block stores a block followed by a blank line
                continue
            out.append(line)
            i += 1
        return out


class PrerenderedExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(PrerenderedPreprocessor(md), "vanban_prerendered", PRIORITY)


def makeExtension(**kwargs: Any) -> PrerenderedExtension:  # noqa: N802 (Python-Markdown's name)
    return PrerenderedExtension(**kwargs)


# the attributes as the renderer writes them (a space before, double quotes): a literal start keeps the search fast
_ID = re.compile(r' id="([^"]*)"')
_HREF = re.compile(r' href="([^"]*)"')
_OPEN = HTML_OPEN + "\n"
_CLOSE = "\n" + HTML_CLOSE


def prerendered(markdown: str) -> tuple[set[str], list[str]]:
    """The ids and the link targets (each once, sorted, unescaped) of a page's blocks of pre-rendered HTML: what
    MkDocs would have read in them had it parsed them (anchors it can link to, links it checks)."""
    if HTML_OPEN not in markdown:
        return set(), []
    ids: set[str] = set()
    hrefs: set[str] = set()
    pos = 0
    while (start := markdown.find(_OPEN, pos)) >= 0:
        if start and markdown[start - 1] != "\n":  # a marker is a line of its own
            pos = start + 1
            continue
        end = markdown.find(_CLOSE, start)
        if end < 0:  # never closed: not a block (mdext.py leaves it to Markdown)
            break
        block = markdown[start + len(_OPEN) : end]
        ids.update(_ID.findall(block))
        hrefs.update(_HREF.findall(block))
        pos = end + len(_CLOSE)
    return {unescape(v) for v in ids}, sorted({unescape(v) for v in hrefs})

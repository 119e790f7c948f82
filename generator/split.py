"""Split one normalised file into its documents.

A file may hold several documents (seed 000: a công văn followed by the plan it forwards). Each
document after the first starts with its own header: the national motto, with the issuer lines
just above it, and a number or a date of its own. The annexes, forms and tables after a document's
signature (`Phụ lục I`, `Mẫu số 01/TNCN`, `Biểu số 02`) belong to it, even when a form prints the motto:
a form's number and date are blanks to fill in (`Số:........./.........`, `..., ngày..... tháng.....`).
"""

from __future__ import annotations

import re

from .models import DocumentText, Line, NormalText
from .textutil import alternation, tone_style
from .vocab import VOCAB

_MOTTO = re.compile(rf"^({alternation(VOCAB.terms['mottos'])})\b")  # generator/vocab/terms.toml
_HEADER_LINE = re.compile(r"^(Số\b|[A-ZĐÀ-Ỹ ,.\-–]+$)")
_SIGNATURE_END = re.compile(r"(Nơi nhận|Lưu:?\s*VT|\./\.\s*$)", re.IGNORECASE)
# a header of its own: a number with digits and a symbol, or a date with digits
_OWN_NUMBER = re.compile(
    r"^(?:(?:Bộ luật|Luật|Pháp lệnh|Lệnh|Nghị quyết)\s+)?[Ss]ố\s*:?\s*\d{1,6}\s*(?:/\s*\d{4}\s*)?[/-]\s*[A-Za-zĐđ]"
)
_OWN_DATE = re.compile(r"^(?:[^\d,]{2,40},\s*)?ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}\s*$")
# what opens an annex or a form attached to the document before
_ANNEX = re.compile(r"^(?:PHỤ LỤC|Phụ lục|MẪU|Mẫu|BIỂU|Biểu|DANH MỤC)\b|kèm theo", re.IGNORECASE)
_HEADER_WINDOW = 10  # lines after the motto where a header's number and date stand


def _is_motto(text: str) -> bool:
    return bool(_MOTTO.match(tone_style(text)))


def split_documents(text: NormalText) -> tuple[DocumentText, ...]:
    """Cut a file at every national motto that follows a finished document."""
    lines = text.lines
    starts = [0]
    seen_end = False
    last_end = 0
    for i, line in enumerate(lines):
        if _SIGNATURE_END.search(line.text):
            seen_end = True
            last_end = i
        if i > 0 and seen_end and _is_motto(line.text):
            j = i
            # walk back over the issuer lines above the motto (at most four), stop at a blank line
            k = i - 1
            while k > starts[-1] and i - k <= 4 and lines[k].text and _HEADER_LINE.match(lines[k].text):
                j = k
                k -= 1
            if not _own_header(lines, j, i, last_end):
                continue
            starts.append(j)
            seen_end = False
    return _cut(text, starts)


def _own_header(lines: tuple[Line, ...], start: int, motto: int, end: int) -> bool:
    """Whether the motto at `motto` opens a document of its own: a number or date with digits stands in its
    header, and no annex or form heading stands between the end of the document before and the motto."""
    if any(_ANNEX.search(lines[k].text) for k in range(end + 1, motto)):
        return False
    window = [lines[k].text for k in range(start, min(len(lines), motto + _HEADER_WINDOW))]
    if any("kèm theo" in t for t in window):
        return False
    return any(_OWN_NUMBER.match(t) or _OWN_DATE.search(t) for t in window)


def _cut(text: NormalText, starts: list[int]) -> tuple[DocumentText, ...]:
    lines = text.lines
    bounds = [lines[s].number if lines else 1 for s in starts] + [10**12]
    docs: list[DocumentText] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        chunk: tuple[Line, ...] = tuple(lines[start:end])
        while chunk and not chunk[-1].text:
            chunk = chunk[:-1]
        # a dropped line belongs to the document it sat in; file-wide problems go to the first document
        problems = tuple(
            p
            for p in text.problems
            if (p.line is None and n == 0) or (p.line is not None and (n == 0 or bounds[n] <= p.line) and p.line < bounds[n + 1])
        )
        docs.append(DocumentText(text.path, n, chunk, problems))
    return tuple(docs)

"""Split one normalised file into its documents.

A file may hold several documents (seed 000: a công văn followed by the plan it forwards). Each
document after the first starts with its own header: the national motto, with the issuer lines
just above it.
"""

from __future__ import annotations

import re

from .models import DocumentText, Line, NormalText
from .textutil import tone_style

_MOTTO = re.compile(r"^(CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|ĐẢNG CỘNG SẢN VIỆT NAM)\b")
_HEADER_LINE = re.compile(r"^(Số\b|[A-ZĐÀ-Ỹ ,.\-–]+$)")
_SIGNATURE_END = re.compile(r"(Nơi nhận|Lưu:?\s*VT|\./\.\s*$)", re.IGNORECASE)


def _is_motto(text: str) -> bool:
    return bool(_MOTTO.match(tone_style(text)))


def split_documents(text: NormalText) -> tuple[DocumentText, ...]:
    """Cut a file at every national motto that follows a finished document."""
    lines = text.lines
    starts = [0]
    seen_end = False
    for i, line in enumerate(lines):
        if _SIGNATURE_END.search(line.text):
            seen_end = True
        if i > 0 and seen_end and _is_motto(line.text):
            j = i
            # walk back over the issuer lines above the motto (at most four), stop at a blank line
            k = i - 1
            while k > starts[-1] and i - k <= 4 and lines[k].text and _HEADER_LINE.match(lines[k].text):
                j = k
                k -= 1
            starts.append(j)
            seen_end = False
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

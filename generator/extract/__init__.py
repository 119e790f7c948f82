"""Extraction stage: citations (with their relations), deadlines and duties found in a parsed Document.

`extract_document` runs every extractor once on one document; the per-file stage (`pipeline.analyse_file`) calls it
and caches its result, and resolve, the CLI and the site reuse that result instead of extracting again.
"""

from __future__ import annotations

import dataclasses

from ..models import Citation, Deadline, Document, Duty, Effect, Extracted, Problem
from .citations import extract_citations
from .deadlines import extract_deadlines
from .duties import extract_duties
from .relations import extract_effect, relate

__all__ = ["extract_document"]


def extract_document(doc: Document) -> tuple[Document, Extracted]:
    """Run the extractors on one document. An extractor that fails leaves its part empty and says so on the document."""
    problems: list[Problem] = []
    citations: tuple[Citation, ...] = ()
    sentences: tuple[str, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    duties: tuple[Duty, ...] = ()
    try:
        citations = relate(doc, extract_citations(doc))
        sentences = tuple(doc.sentence_at(c.place.section, c.place.block, c.place.start, c.place.end) for c in citations)
    except Exception as exc:  # noqa: BLE001 - the document is still published, without its links
        problems.append(_failed(doc, exc, "Lỗi khi tìm các văn bản được dẫn chiếu", "trang không có liên kết dẫn chiếu"))
    try:
        deadlines = extract_deadlines(doc)
    except Exception as exc:  # noqa: BLE001 - published without its deadlines
        problems.append(_failed(doc, exc, "Lỗi khi tìm các thời hạn", "văn bản không có mốc thời gian"))
    try:
        duties = extract_duties(doc, deadlines)
    except Exception as exc:  # noqa: BLE001 - published without its duties
        problems.append(_failed(doc, exc, "Lỗi khi tìm nhiệm vụ của các cơ quan", "văn bản không có phân công nhiệm vụ"))
    effect: Effect | None = None
    try:
        effect = extract_effect(doc)
    except Exception as exc:  # noqa: BLE001 - published with its effect unknown
        problems.append(_failed(doc, exc, "Lỗi khi đọc ngày có hiệu lực", "hiệu lực của văn bản không rõ"))
    if problems:
        doc = dataclasses.replace(doc, problems=doc.problems + tuple(problems))
    return doc, Extracted(citations, deadlines, duties, effect, sentences)


def _failed(doc: Document, exc: Exception, what: str, consequence: str) -> Problem:
    return Problem("crash", f"{what} ({type(exc).__name__}: {exc}); {consequence}.", doc.first_line, doc.source, "error")

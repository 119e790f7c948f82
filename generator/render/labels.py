"""How a document is named in every list of the site: its type and number, and where and when it was issued, so two
plans without a number ("Kế hoạch (không số)") are told apart by their province and year."""

from __future__ import annotations

from ..models import Document
from .markdown import dmy


def doc_label(doc: Document) -> str:
    """'Kế hoạch 53/KH-UBND', 'Kế hoạch (không số)'."""
    return doc.label


def place_label(doc: Document) -> str:
    return doc.jurisdiction or "không rõ địa bàn"


def when_label(doc: Document) -> str:
    """The date of issue, else the year, else that neither is known."""
    if doc.date:
        return dmy(doc.date)
    return f"năm {doc.year}" if doc.year else "không rõ năm"


def place_year(doc: Document) -> str:
    """'Quảng Ngãi, 2022': what tells two documents without a number apart in a list."""
    return f"{place_label(doc)}, {doc.year if doc.year else 'không rõ năm'}"

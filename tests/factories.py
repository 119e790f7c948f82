"""Test factories: a value of a model type with every field it does not care about empty, so a test names only
what it is about (and a new field of the model is one change here, not one in every test)."""

from __future__ import annotations

from typing import Any

from generator.models import Document

_DOCUMENT: dict[str, Any] = dict(
    id="d", url="d/", source="d.txt", index=0, first_line=1, last_line=1, type_code=None, type_name=None,
    number=None, symbol=None, reference=None, issuer=None, issuer_lines=(), jurisdiction=None, place=None,
    date=None, date_text=None, year=None, title=None, addressees=(), signer=None, recipients=(), preamble=(),
    sections=(), problems=(),
)  # fmt: skip


def make_document(**fields: Any) -> Document:
    """A parsed document: `fields` over empty defaults (no number, date, issuer, body or problems)."""
    return Document(**{**_DOCUMENT, **fields})

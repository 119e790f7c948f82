"""Open data: `data/documents.json`, whose names are a public contract (shared open-data.md)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ..models import Corpus, Document, Problem
from .pages import src_uri

SCHEMA = "1"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def problem_json(p: Problem) -> dict[str, Any]:
    return {"kind": p.kind, "message": p.message, "line": p.line, "severity": p.severity, "source": p.source}


def document_json(doc: Document) -> dict[str, Any]:
    signer = None
    if doc.signer is not None:
        signer = {
            "name": doc.signer.name,
            "position": doc.signer.position,
            "prefix": doc.signer.prefix,
            "on_behalf": doc.signer.on_behalf,
            "deputy_for": doc.signer.deputy_for,
        }
    return {
        "id": doc.id,
        "url": doc.url,
        "source": doc.source,
        "type_code": doc.type_code,
        "type": doc.type_name,
        "number": doc.number,
        "symbol": doc.symbol,
        "reference": doc.reference,
        "issuer": doc.issuer,
        "jurisdiction": doc.jurisdiction,
        "place": doc.place,
        "date": _iso(doc.date),
        "year": doc.year,
        "title": doc.title,
        "signer": signer,
        "recipients": list(doc.recipients),
        "addressees": list(doc.addressees),
        "inferred": list(doc.inferred),
        "problems": [problem_json(p) for p in doc.problems],
        "citations": [],
        "tasks": [],
        "deadlines": [],
        "page": src_uri(doc),
    }


def corpus_json(corpus: Corpus) -> dict[str, Any]:
    docs = sorted(corpus.documents, key=lambda d: (d.source, d.index, d.id))
    return {
        "schema": SCHEMA,
        "documents": [document_json(d) for d in docs],
        "instruments": [],
        "agencies": [],
        "unreadable": [problem_json(p) for p in corpus.problems],
    }


def dumps(data: dict[str, Any]) -> str:
    """Stable serialisation: the same corpus gives the same bytes."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"

"""Open data: `data/documents.json`, whose names are a public contract (shared open-data.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from ..models import Agency, Deadline, Document, Instrument, Problem, ResolvedCitation, ResolvedCorpus, ResolvedDuty, Validity
from .pages import src_uri

SCHEMA = "1"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def problem_json(p: Problem) -> dict[str, Any]:
    return {"kind": p.kind, "message": p.message, "line": p.line, "severity": p.severity, "source": p.source}


def citation_json(rc: ResolvedCitation) -> dict[str, Any]:
    m = rc.citation.mention
    return {
        "text": m.text,
        "type_code": m.type_code,
        "type": m.type_name,
        "reference": m.reference,
        "date": _iso(m.date),
        "issuer": m.issuer,
        "subject": m.subject,
        "family": m.family,
        "relation": rc.citation.relation,
        "partial": rc.citation.partial,
        "instrument": rc.instrument,
        "target_document": rc.target_document,
        "pinpoint": m.pinpoint,
        "target_anchor": rc.target_anchor,
        "section": rc.citation.place.section,
        "line": rc.citation.place.line,
    }


def deadline_json(d: Deadline, agencies: list[str] | None = None) -> dict[str, Any]:
    return {
        "date": _iso(d.date),
        "kind": d.kind,
        "rule": d.rule,
        "occurrences": [o.isoformat() for o in d.occurrences],
        "text": d.text,
        "agencies": agencies or [],
        "section": d.place.section,
        "line": d.place.line,
    }


def task_json(rd: ResolvedDuty) -> dict[str, Any]:
    return {
        "agency": rd.agency,
        "agency_as_written": rd.duty.agency,
        "role": rd.duty.role,
        "text": rd.duty.text,
        "section": rd.duty.place.section,
        "line": rd.duty.place.line,
        "deadlines": list(rd.duty.deadlines),
    }


def _deadline_agencies(resolved: ResolvedCorpus | None, doc_id: str, index: int) -> list[str]:
    """Agencies whose duty carries this deadline (a collective, not its members: those are in `agencies`)."""
    if resolved is None:
        return []
    out: list[str] = []
    for rd in resolved.duties.get(doc_id, ()):
        if index in rd.duty.deadlines and rd.agency not in out:
            out.append(rd.agency)
    return out


def agency_json(a: Agency) -> dict[str, Any]:
    return {
        "id": a.id,
        "name": a.name,
        "jurisdiction": a.jurisdiction,
        "aliases": list(a.aliases),
        "url": a.url,
        "collective": a.collective,
        "members": list(a.members),
        "groups": list(a.groups),
    }


def validity_json(v: Validity | None) -> dict[str, Any]:
    """Effect and status of a document (README, open data): never guessed, null or "unknown" when not said."""
    effect = v.effect if v else None
    return {
        "effective_date": _iso(effect.date) if effect else None,
        "effective_rule": effect.rule if effect else None,
        "effective_computed": bool(effect and effect.computed),
        "effective_until": _iso(effect.until) if effect else None,
        "effective_text": effect.text if effect else None,
        "status": v.status if v else "unknown",
        "status_by": list(v.status_by) if v else [],
    }


def instrument_status(inst: Instrument, resolved: ResolvedCorpus | None) -> tuple[str, list[str]]:
    if resolved is None:
        return "unknown", []
    if inst.document is not None and inst.document in resolved.validity:
        v = resolved.validity[inst.document]
        return v.status, list(v.status_by)
    status, by = resolved.instrument_status.get(inst.id, ("unknown", ()))
    return status, list(by)


def instrument_json(inst: Instrument, resolved: ResolvedCorpus | None = None) -> dict[str, Any]:
    status, by = instrument_status(inst, resolved)
    return {
        "id": inst.id,
        "reference": inst.reference,
        "name": inst.name,
        "type_code": inst.type_code,
        "type": inst.type_name,
        "issuer": inst.issuer,
        "jurisdiction": inst.jurisdiction,
        "level": inst.level,
        "date": _iso(inst.date),
        "title": inst.title,
        "document": inst.document,
        "url": inst.url,
        "cited_by": list(inst.cited_by),
        "conflicts": list(inst.conflicts),
        "status": status,
        "status_by": by,
    }


def document_json(doc: Document, resolved: ResolvedCorpus | None = None) -> dict[str, Any]:
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
        "citations": [citation_json(rc) for rc in (resolved.citations.get(doc.id, ()) if resolved else ())],
        "given_by_citing": [{"field": g.field, "value": g.value, "source": g.source} for g in (resolved.given.get(doc.id, ()) if resolved else ())],
        "tasks": [task_json(rd) for rd in (resolved.duties.get(doc.id, ()) if resolved else ())],
        "deadlines": [
            deadline_json(d, _deadline_agencies(resolved, doc.id, i)) for i, d in enumerate(resolved.deadlines.get(doc.id, ()) if resolved else ())
        ],
        **validity_json(resolved.validity.get(doc.id) if resolved else None),
        "page": src_uri(doc),
    }


def document_order(resolved: ResolvedCorpus) -> list[Document]:
    """The documents in the order of `documents.json`."""
    return sorted(resolved.corpus.documents, key=lambda d: (d.source, d.index, d.id))


def corpus_json(resolved: ResolvedCorpus, documents: list[Any] | None = None) -> dict[str, Any]:
    """The open data; `documents`: the records of the documents (in `document_order`) when made elsewhere
    (render/kept_data.py: encoded already, see `iter_dumps`)."""
    return {
        "schema": SCHEMA,
        "documents": [document_json(d, resolved) for d in document_order(resolved)] if documents is None else documents,
        "instruments": [instrument_json(i, resolved) for i in sorted(resolved.instruments, key=lambda i: i.id)],
        "status_date": _iso(resolved.today),  # the day the statuses are computed for
        "agencies": [agency_json(a) for a in resolved.agencies],
        "unreadable": [problem_json(p) for p in resolved.corpus.problems],
    }


def search_view(doc: Document, resolved: ResolvedCorpus) -> dict[str, Any]:
    """What the search index reads of a document's record (search.pages, search.document_facts): the same values as
    `document_json`'s, made without the rest of the record."""
    validity = resolved.validity.get(doc.id)
    return {
        "id": doc.id,
        "url": doc.url,
        "type": doc.type_name,
        "reference": doc.reference,
        "issuer": doc.issuer,
        "jurisdiction": doc.jurisdiction,
        "date": _iso(doc.date),
        "year": doc.year,
        "title": doc.title,
        "signer": None if doc.signer is None else {"name": doc.signer.name},
        "tasks": [{"agency": rd.agency} for rd in resolved.duties.get(doc.id, ())],
        "status": validity.status if validity else "unknown",
    }


def dumps(data: dict[str, Any]) -> str:
    """Stable serialisation: the same corpus gives the same bytes. One record of a list per line, so a change to one
    document is a change to one line; each record compact, which lets `json` use its C encoder (an indented dump
    takes the pure-Python one: 0.7 s per 1,000 documents)."""
    return "".join(iter_dumps(data))


def iter_dumps(data: dict[str, Any]) -> Iterator[Any]:
    """`dumps` a piece at a time (a record of a list at a time); a list may be given as an iterator, read once. A
    record given encoded (a memoryview of its compact JSON in UTF-8) is a piece of its own, as it is; every other
    piece is a str."""
    yield "{\n"
    for n, (k, v) in enumerate(data.items()):
        yield ("" if n == 0 else ",\n") + json.dumps(k, ensure_ascii=False) + ": "
        if isinstance(v, Iterator) or (isinstance(v, list) and v):
            yield from _records(v)
        else:
            yield json.dumps(v, ensure_ascii=False)
    yield "\n}\n"


def _records(items: Iterable[Any]) -> Iterator[Any]:
    first = True
    for x in items:
        if isinstance(x, memoryview):  # a record encoded already (its compact JSON in UTF-8): passed on, apart
            yield "[\n" if first else ",\n"
            yield x
        else:
            yield ("[\n" if first else ",\n") + json.dumps(x, ensure_ascii=False, separators=(",", ":"))
        first = False
    yield "[]" if first else "\n]"

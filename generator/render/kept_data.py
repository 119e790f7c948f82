"""The open data of a publish (`documents.json`) made from the last build's file: the same bytes as
`data.dumps(data.corpus_json(...))`, with the records of the documents that changed only made again.

The file is 20 KB per document (200 MB at 10,000), most of it the documents' records, one per line: making every
record again (`data.document_json`, then `json.dumps`) took 4.5 s of a publish of one document. A record is a
function of its document (parsed from its source file alone, by code the state's signature names) and of what
resolve gives it; `record_key` is a hash of both: the source file's content and the document's place in it, and
every field resolve may set or change (address, jurisdiction, problems, each citation's instrument, page and
anchor, the facts its citers give, its duties' agencies, its effect and status). What this build keeps beside the
parse cache (kept.py) is each record's key with its place in the file written, and the file's hash. The next build
takes the record of a document whose key it finds from the stage's previous file (read once, its hash checked),
makes the others, and writes the file whole (the instruments, agencies and problems after the documents are made
again: 3 % of the file).

Without the stage's previous file, or with another state, every record is made: the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .. import kept
from ..addresses import DATA
from ..models import Document, ResolvedCorpus
from ..partition import StageWriter, digest
from .data import corpus_json, document_json, document_order, iter_dumps, search_view

STATE_FILE = "documents.pickle"


def record_key(doc: Document, resolved: ResolvedCorpus, file_digest: Callable[[str], bytes]) -> bytes:
    """Every input of a document's record (`data.document_json`): its source file's content and its place in the
    file (what the parse and the per-file extraction read: its text, header, citations as written, deadlines), and
    what resolve gives or changes: the header fields, problems, each citation's instrument, page and anchor, the
    facts given by its citers, its duties with their agencies, its effect and status."""
    signer = doc.signer
    validity = resolved.validity.get(doc.id)
    effect = validity.effect if validity is not None else None
    fields = (
        doc.id, doc.url, doc.source, doc.index, doc.type_code, doc.type_name, doc.number, doc.symbol, doc.reference,
        doc.issuer, doc.jurisdiction, doc.place, doc.date, doc.year, doc.title, doc.recipients, doc.addressees,
        doc.inferred,
        None if signer is None else (signer.name, signer.position, signer.prefix, signer.on_behalf, signer.deputy_for),
        [(p.kind, p.message, p.line, p.severity, p.source) for p in doc.problems],
        [(rc.instrument, rc.target_document, rc.target_anchor) for rc in resolved.citations.get(doc.id, ())],
        [(g.field, g.value, g.source) for g in resolved.given.get(doc.id, ())],
        # which of the duties found in the text resolve kept (their agency as written, role and place; their text is
        # the source's), and the agency it gave each
        [
            (rd.agency, d.agency, d.role, d.place.section, d.place.block, d.place.start, d.place.end, d.deadlines)
            for rd in resolved.duties.get(doc.id, ())
            for d in (rd.duty,)
        ],
        len(resolved.deadlines.get(doc.id, ())),
        None if validity is None else (validity.status, validity.status_by),
        None if effect is None else (effect.date, effect.rule, effect.computed, effect.until, effect.text),
    )
    h = hashlib.blake2b(file_digest(doc.source), digest_size=16)
    h.update(kept.encoded(fields))
    return h.digest()


def _previous(stage: StageWriter, before: dict[str, Any] | None) -> memoryview | None:
    """The stage's previous documents.json when it is the file `before` describes (the manifest's hash and the
    file's own), else None."""
    if before is None or stage.old.get(DATA) != before.get("digest"):
        return None
    try:
        data = (stage.root / DATA).read_bytes()
    except OSError:
        return None
    return memoryview(data) if digest(data) == before["digest"] else None


def kept_data(
    resolved: ResolvedCorpus, out: Any, state: Path | None = None, file_digest: Callable[[str], bytes] | None = None
) -> dict[str, Any]:
    """Write `documents.json` into `out` (a beside.Recorder or a dict); with `state` and `file_digest` and the stage
    as `out`'s sink, from what the last build kept (module docstring), and kept for the next. What it returns is
    what the search index reads of it (search.pages): the records of the documents as `data.search_view`s when they
    were not all made."""
    stage = kept.stage_of(out)
    if stage is None or state is None or file_digest is None:
        data = corpus_json(resolved)
        out.write_chunks(DATA, iter_dumps(data))  # to the stage a record at a time, never one string
        return data
    sign = kept.code_signature(STATE_FILE)
    before = kept.load(state, sign)
    previous = _previous(stage, before)
    at: dict[bytes, tuple[int, int]] = before["records"] if previous is not None and before is not None else {}
    del before
    docs = document_order(resolved)
    keys: list[bytes] = []
    records: list[Any] = []
    for doc in docs:
        key = record_key(doc, resolved, file_digest)
        keys.append(key)
        found = at.get(key)
        if found is not None and previous is not None:
            records.append(previous[found[0] : found[0] + found[1]])
        else:
            records.append(memoryview(_encode(document_json(doc, resolved))))
    data = corpus_json(resolved, records)
    places: list[tuple[int, int]] = []

    def pieces() -> Iterator[bytes]:
        written = 0
        for piece in iter_dumps(data):
            chunk = piece.encode("utf-8") if isinstance(piece, str) else piece
            if not isinstance(piece, str):  # a document's record
                places.append((written, len(chunk)))
            written += len(chunk)
            yield chunk

    out.write_chunks(DATA, pieces())
    del records, previous
    if len(places) == len(keys):
        kept.save(state, sign, {"digest": stage.new[DATA], "records": dict(zip(keys, places, strict=True))})
    data["documents"] = [search_view(doc, resolved) for doc in docs]
    return data


def _encode(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

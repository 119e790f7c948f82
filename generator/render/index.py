"""Lookups over a resolved corpus, built once per `render_site` call instead of once per page.

Building `{id: item}` for every page, or scanning every instrument or duty for every document or agency, made
rendering grow with pages × corpus (110 CPU s at 1,000 documents). Everything a page needs from the rest of the
corpus is looked up here in constant time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from ..models import Document, Section
from ..parse.body import walk
from ..resolve import Agency, Instrument, ResolvedCorpus, ResolvedDuty


@dataclass(frozen=True)
class Index:
    """Read-only lookups over one ResolvedCorpus."""

    resolved: ResolvedCorpus
    instruments: Mapping[str, Instrument]  # instrument id -> instrument
    documents: Mapping[str, Document]  # document id -> document
    agencies: Mapping[str, Agency]  # agency id -> agency
    own: Mapping[str, Instrument]  # document id -> the instrument that is this document
    duties: Mapping[str, tuple[tuple[Document, tuple[int, ...]], ...]]  # agency id -> (document, indexes of its duties there)
    sections: Mapping[str, Mapping[str, Section]]  # document id -> section anchor -> section


def build_index(resolved: ResolvedCorpus) -> Index:
    own: dict[str, Instrument] = {}
    for inst in resolved.instruments:
        if inst.document is not None:
            own.setdefault(inst.document, inst)  # the first, as a scan of the instruments finds it
    duties: dict[str, list[tuple[Document, tuple[int, ...]]]] = defaultdict(list)
    sections: dict[str, dict[str, Section]] = {}
    for doc in resolved.documents:
        mine: dict[str, list[int]] = defaultdict(list)
        for k, rd in enumerate(resolved.duties.get(doc.id, ())):
            mine[rd.agency].append(k)
        for agency_id, ks in mine.items():
            duties[agency_id].append((doc, tuple(ks)))
        anchors: dict[str, Section] = {}
        for s in walk(doc.sections):
            anchors.setdefault(s.anchor, s)  # the first section with an anchor, as resolve.block_text finds it
        sections[doc.id] = anchors
    return Index(
        resolved=resolved,
        instruments={i.id: i for i in resolved.instruments},
        documents={d.id: d for d in resolved.documents},
        agencies={a.id: a for a in resolved.agencies},
        own=own,
        duties={k: tuple(v) for k, v in duties.items()},
        sections=sections,
    )


def block_text(ix: Index, doc: Document, section: str, block: int) -> str:
    """resolve.block_text without walking the document's sections on every call."""
    if section == "":
        return doc.preamble[block].text if 0 <= block < len(doc.preamble) else ""
    s = ix.sections.get(doc.id, {}).get(section)
    if s is None:
        return ""
    if block == -1:
        return s.title
    if not 0 <= block < len(s.blocks):
        return ""
    b = s.blocks[block]
    return b.text if b.kind != "table" else "\n".join(" | ".join(r) for r in b.rows)


def agency_duties(ix: Index, agency_id: str) -> tuple[tuple[Document, tuple[ResolvedDuty, ...]], ...]:
    """The duties given to an agency, by document in corpus order, each document's in its own order."""
    return tuple(
        (doc, tuple(ix.resolved.duties[doc.id][k] for k in ks)) for doc, ks in ix.duties.get(agency_id, ())
    )

"""Lookups over a resolved corpus, built once per `render_site` call instead of once per page.

Building `{id: item}` for every page, or scanning every instrument or duty for every document or agency, made
rendering grow with pages × corpus (110 CPU s at 1,000 documents). Everything a page needs from the rest of the
corpus is looked up here in constant time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from ..models import Agency, Document, Instrument, ResolvedCorpus


@dataclass(frozen=True)
class Index:
    """Read-only lookups over one ResolvedCorpus."""

    resolved: ResolvedCorpus
    instruments: Mapping[str, Instrument]  # instrument id -> instrument
    documents: Mapping[str, Document]  # document id -> document
    agencies: Mapping[str, Agency]  # agency id -> agency
    own: Mapping[str, Instrument]  # document id -> the instrument that is this document
    duties: Mapping[str, tuple[tuple[Document, tuple[int, ...]], ...]]  # agency id -> (document, indexes of its duties there)


def build_index(resolved: ResolvedCorpus) -> Index:
    own: dict[str, Instrument] = {}
    for inst in resolved.instruments:
        if inst.document is not None:
            own.setdefault(inst.document, inst)  # the first, as a scan of the instruments finds it
    duties: dict[str, list[tuple[Document, tuple[int, ...]]]] = defaultdict(list)
    for doc in resolved.documents:
        mine: dict[str, list[int]] = defaultdict(list)
        for k, rd in enumerate(resolved.duties.get(doc.id, ())):
            mine[rd.agency].append(k)
        for agency_id, ks in mine.items():
            duties[agency_id].append((doc, tuple(ks)))
    return Index(
        resolved=resolved,
        instruments={i.id: i for i in resolved.instruments},
        documents={d.id: d for d in resolved.documents},
        agencies={a.id: a for a in resolved.agencies},
        own=own,
        duties={k: tuple(v) for k, v in duties.items()},
    )

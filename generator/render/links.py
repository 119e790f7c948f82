"""Citations on pages: links in the body, the lists of cited and citing documents, the chain graph,
and one page per cited instrument with an index grouped by issuing level."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import jinja2

from ..addresses import INSTRUMENTS, page_file
from ..models import Document, Given, Instrument, ResolvedCorpus
from ..resolve import LEVELS
from .index import Index
from .labels import place_year
from .markdown import Safe, Span, SpanMap, dmy, page_link, relative_url
from .paging import Group, anchors, chunks, listing_uri, pager, pager_markdown, paginate

_GRAPH_LIMIT = 12  # nodes on each side of the document in the chain graph


def instrument_uri(inst: Instrument) -> str:
    return page_file(inst.url)


def label(inst: Instrument) -> str:
    if inst.reference:
        return f"{inst.type_name or 'Văn bản'} {inst.reference}"
    return inst.name or inst.title or "Văn bản"


def citation_spans(ix: Index, doc: Document) -> SpanMap:
    """Links for the citations of a document's body, keyed by (section anchor, block index)."""
    by_id = ix.instruments
    docs = ix.documents
    spans: dict[tuple[str, int], list[Span]] = defaultdict(list)
    for rc in ix.resolved.citations.get(doc.id, ()):
        if rc.instrument is None or rc.citation.mention.family == "self":
            continue
        inst = by_id[rc.instrument]
        if rc.target_document and rc.target_document in docs:
            target = docs[rc.target_document]
            href = page_link(page_file(target.url), rc.target_anchor)
        else:
            href = page_link(instrument_uri(inst))
        place = rc.citation.place
        spans[(place.section, place.block)].append(Span(place.start, place.end, href, f"Xem {label(inst)}"))
    return {k: tuple(v) for k, v in spans.items()}


@dataclass(frozen=True)
class LinkRow:
    label: str
    href: Safe
    date: str
    title: str | None
    count: int
    sentences: tuple[tuple[str, Safe], ...] = ()  # (sentence, link to the section where it stands)


def _date(inst: Instrument) -> str:
    return dmy(inst.date) if inst.date else ""


def cited_rows(ix: Index, doc: Document) -> list[LinkRow]:
    """Instruments this document cites, in order of first mention."""
    by_id = ix.instruments
    seen: dict[str, int] = {}
    order: list[str] = []
    for rc in ix.resolved.citations.get(doc.id, ()):
        if rc.instrument is None or rc.citation.mention.family == "self":
            continue
        if rc.instrument not in seen:
            order.append(rc.instrument)
            seen[rc.instrument] = 0
        seen[rc.instrument] += 1
    rows = []
    for inst_id in order:
        inst = by_id[inst_id]
        rows.append(LinkRow(label(inst), Safe(page_link(instrument_uri(inst))), _date(inst), inst.title, seen[inst_id]))
    return rows


def citing_rows(ix: Index, inst: Instrument, cited_by: tuple[str, ...] | None = None) -> list[LinkRow]:
    """Documents that cite an instrument (all, or those of `cited_by`), each with the sentences that do."""
    docs = ix.documents
    rows = []
    for doc_id in inst.cited_by if cited_by is None else cited_by:
        doc = docs[doc_id]
        sentences: list[tuple[str, Safe]] = []
        for rc in ix.resolved.citations.get(doc_id, ()):
            if rc.instrument == inst.id:
                anchor = rc.citation.place.section or "mo-dau"
                sentences.append((rc.sentence, Safe(page_link(page_file(doc.url), anchor))))
        date = dmy(doc.date) if doc.date else ""
        name = f"{doc.label} ({place_year(doc)})"
        rows.append(LinkRow(name, Safe(page_link(page_file(doc.url))), date, doc.title, len(sentences), tuple(sentences)))
    return rows


def own_instrument(ix: Index, doc: Document) -> Instrument | None:
    """The instrument that is this document, if the corpus cites it or it cites something."""
    return ix.own.get(doc.id)


# --- chain graph ----------------------------------------------------------------------------

_MERMAID_UNSAFE = re.compile(r"[^\w .,/()\-–:]", re.UNICODE)


def _node_text(text: str) -> str:
    """Mermaid label text: only characters that cannot close the label or start markup."""
    return _MERMAID_UNSAFE.sub(" ", text).strip()[:60] or "văn bản"


def chain_graph(ix: Index, doc: Document) -> Safe | None:
    """Mermaid source: what the document implements (and what those implement), and what implements it."""
    resolved = ix.resolved
    by_id = ix.instruments
    docs = ix.documents
    me = own_instrument(ix, doc)
    if me is None:
        return None
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str]] = []

    def node(inst: Instrument) -> str:
        if inst.id not in nodes:
            nodes[inst.id] = f"n{len(nodes)}"
        return nodes[inst.id]

    def cited_by_doc(d: Document) -> list[Instrument]:
        found: dict[str, Instrument] = {}  # by id, in order of first mention
        for rc in resolved.citations.get(d.id, ()):
            if rc.instrument and rc.citation.mention.family not in {"self", "named"} and rc.instrument != me.id:
                found.setdefault(rc.instrument, by_id[rc.instrument])
        return list(found.values())

    def central_first(items: list[Instrument]) -> list[Instrument]:
        # the central instruments matter most in a chain: the most cited first, national before local
        rank = {k: n for n, k in enumerate(("party", "assembly", "government", "ministry"))}
        return sorted(items, key=lambda i: (-len(i.cited_by), rank.get(i.level, 9)))

    node(me)
    for up in central_first(cited_by_doc(doc))[:_GRAPH_LIMIT]:
        edges.append((node(up), node(me)))
        if up.document and up.document in docs:
            for up2 in central_first(cited_by_doc(docs[up.document]))[:5]:
                edges.append((node(up2), node(up)))
    for down_id in me.cited_by[:_GRAPH_LIMIT]:
        down = own_instrument(ix, docs[down_id])
        if down is None:
            continue
        edges.append((node(me), node(down)))
        for down2_id in down.cited_by[:4]:
            down2 = own_instrument(ix, docs[down2_id])
            if down2 is not None:
                edges.append((node(down), node(down2)))
    if not edges:
        return None
    lines = ["flowchart LR"]
    for inst_id, name in nodes.items():
        inst = by_id[inst_id]
        text = _node_text(label(inst))
        shape = f'{name}[["{text}"]]' if inst_id == me.id else f'{name}["{text}"]'
        lines.append(f"    {shape}")
    for a, b in dict.fromkeys(edges):
        lines.append(f"    {a} --> {b}")
    here = doc.url
    for inst_id, name in nodes.items():
        if inst_id != me.id:
            lines.append(f'    click {name} "{relative_url(here, by_id[inst_id].url)}"')
    return Safe("\n".join(lines))


def given_rows(ix: Index, doc: Document) -> dict[str, tuple[str, str, Safe]]:
    """Facts a citing document gives: field -> (value shown, citing document label, link)."""
    docs = ix.documents
    out: dict[str, tuple[str, str, Safe]] = {}
    for g in ix.resolved.given.get(doc.id, ()):
        citing = docs[g.source]
        value = _given_value(g)
        name = citing.label
        out[g.field] = (value, name, Safe(page_link(page_file(citing.url))))
    return out


def _given_value(g: Given) -> str:
    if g.field == "date":
        y, m, d = g.value.split("-")
        return f"{d}/{m}/{y}"
    return g.value


# --- instrument pages ------------------------------------------------------------------------


def render_instrument(env: jinja2.Environment, ix: Index, inst: Instrument, size: int) -> dict[str, str]:
    """The instrument's pages: what the citing documents say of it, and each citing document with its sentences,
    `size` documents to a page."""
    first = instrument_uri(inst)
    runs = chunks(list(inst.cited_by), size)
    template = env.get_template("instrument.md.j2")
    return {
        listing_uri(first, n): template.render(
            i=inst,
            title=label(inst) + (f" (trang {n})" if n > 1 else ""),
            level=LEVELS.get(inst.level, inst.level),
            date=_date(inst),
            rows=citing_rows(ix, inst, tuple(run)),
            total=len(inst.cited_by),
            page=n,
            pager=pager_markdown(pager(first, n, len(runs))),
            index_href=Safe(page_link(INSTRUMENTS)),
        )
        for n, run in enumerate(runs, start=1)
    }


def _level_order(inst: Instrument) -> tuple[int, str]:
    order = list(LEVELS)
    return (order.index(inst.level) if inst.level in order else len(order), inst.jurisdiction or "")


@dataclass(frozen=True)
class InstrumentRow:
    label: str
    href: Safe
    date: str
    issuer: str
    count: int
    published: bool  # a document of the corpus


def render_instrument_index(env: jinja2.Environment, resolved: ResolvedCorpus, size: int) -> dict[str, str]:
    """Every cited instrument by issuing level, `size` to a page."""
    cited = [i for i in resolved.instruments if i.cited_by]
    by_level: dict[tuple[int, str], list[Instrument]] = defaultdict(list)
    for inst in cited:
        by_level[_level_order(inst)].append(inst)
    headings: list[str] = []
    items_of: list[list[Instrument]] = []
    for key in sorted(by_level):
        items = sorted(by_level[key], key=lambda i: (-len(i.cited_by), label(i), i.id))
        first = items[0]
        heading = LEVELS.get(first.level, first.level)
        if first.level in {"local", "unknown"} and first.jurisdiction:
            heading = f"{heading}: {first.jurisdiction}"
        headings.append(heading)
        items_of.append(items)
    groups = [
        Group(heading, anchor, [
            InstrumentRow(label(i), Safe(page_link(instrument_uri(i))), _date(i), i.issuer or "", len(i.cited_by), bool(i.document))
            for i in items
        ])
        for heading, anchor, items in zip(headings, anchors(headings, "cap-"), items_of, strict=True)
    ]
    listing = paginate(INSTRUMENTS, groups, size)
    template = env.get_template("instruments.md.j2")
    return {
        page.uri: template.render(page=page, total=len(cited), levels=listing.index_on(page))
        for page in listing.pages
    }


def instrument_pages(env: jinja2.Environment, ix: Index, size: int) -> dict[str, str]:
    """The pages of every cited instrument that is not a document of the corpus, and the index."""
    pages = render_instrument_index(env, ix.resolved, size)
    for inst in ix.resolved.instruments:
        if inst.document is None and inst.cited_by:
            pages.update(render_instrument(env, ix, inst, size))
    return pages

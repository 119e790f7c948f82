"""Citations on pages: links in the body, the lists of cited and citing documents, the chain graph,
and one page per cited instrument with an index grouped by issuing level."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import jinja2

from ..addresses import INSTRUMENTS, page_file, page_url
from ..models import Document, Given, Instrument, ResolvedCorpus
from ..resolve import LEVELS
from ..textutil import slugify
from .index import Index
from .labels import place_year
from .markdown import ROOT, Safe, Span, SpanMap, dmy, html_block, html_escape, link_url, page_link, relative_url, rooted
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
    relation: str = "mentions"  # the strongest relation between the two (RELATION_ORDER)
    partial: bool = False  # amends, replaces or repeals a part only


# What a citing document does with an instrument, strongest first: a reader wants what replaced or repealed a
# document before what merely mentions it. Each pair of documents is listed once, under its strongest relation.
RELATION_ORDER = ("replaces", "repeals", "amends", "guides", "implements", "basis", "mentions")
# Headings as vbpl.vn and thuvienphapluat.vn name them: the cited documents (what this document does to them) ...
CITED_HEADINGS = {
    "basis": "Văn bản căn cứ",
    "implements": "Văn bản được triển khai thực hiện",
    "guides": "Văn bản được hướng dẫn",
    "amends": "Văn bản được sửa đổi, bổ sung",
    "replaces": "Văn bản bị thay thế",
    "repeals": "Văn bản bị bãi bỏ",
    "mentions": "Văn bản dẫn chiếu",
}
# ... and the citing documents (what they do to this one).
CITING_HEADINGS = {
    "basis": "Văn bản được ban hành căn cứ vào văn bản này",
    "implements": "Văn bản triển khai thực hiện",
    "guides": "Văn bản hướng dẫn",
    "amends": "Văn bản sửa đổi, bổ sung",
    "replaces": "Văn bản thay thế",
    "repeals": "Văn bản bãi bỏ",
    "mentions": "Văn bản có dẫn chiếu",
}
# The chain graph's edges, from the acting document to the one it acts on.
EDGE_LABELS = {
    "basis": "căn cứ",
    "implements": "thực hiện",
    "guides": "hướng dẫn",
    "amends": "sửa đổi, bổ sung",
    "replaces": "thay thế",
    "repeals": "bãi bỏ",
    "mentions": "dẫn chiếu",
}
_RANK = {r: n for n, r in enumerate(RELATION_ORDER)}


def strongest(relations: list[tuple[str, bool]]) -> tuple[str, bool]:
    """The strongest (relation, partial) of a pair of documents; a whole act before a partial one of the same kind."""
    return min(relations, key=lambda rp: (_RANK.get(rp[0], len(_RANK)), rp[1])) if relations else ("mentions", False)


@dataclass(frozen=True)
class RelationGroup:
    relation: Safe  # a RELATIONS name
    heading: str
    anchor: Safe  # slug of the heading
    rows: tuple[LinkRow, ...]


def grouped(rows: list[LinkRow], headings: dict[str, str]) -> list[RelationGroup]:
    """Rows under their relation's heading, in RELATION_ORDER; each row keeps its order within its group."""
    out = []
    for relation in RELATION_ORDER:
        mine = tuple(r for r in rows if r.relation == relation)
        if mine:
            heading = headings[relation]
            out.append(RelationGroup(Safe(relation), heading, Safe(slugify(heading)), mine))
    return out


def relations_to(ix: Index, doc_id: str) -> dict[str, tuple[str, bool]]:
    """instrument id -> the strongest (relation, partial) of this document's citations of it (self excluded)."""
    found: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for rc in ix.resolved.citations.get(doc_id, ()):
        if rc.instrument is not None and rc.citation.mention.family != "self":
            found[rc.instrument].append((rc.citation.relation, rc.citation.partial))
    return {k: strongest(v) for k, v in found.items()}


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
    relations = relations_to(ix, doc.id)
    for inst_id in order:
        inst = by_id[inst_id]
        relation, partial = relations.get(inst_id, ("mentions", False))
        rows.append(
            LinkRow(label(inst), Safe(page_link(instrument_uri(inst))), _date(inst), inst.title, seen[inst_id], (), relation, partial)
        )
    return rows


def citing_rows(ix: Index, inst: Instrument, cited_by: tuple[str, ...] | None = None) -> list[LinkRow]:
    """Documents that cite an instrument (all, or those of `cited_by`), each with the sentences that do."""
    docs = ix.documents
    rows = []
    for doc_id in ix.cited_by(inst) if cited_by is None else cited_by:
        doc = docs[doc_id]
        sentences: list[tuple[str, Safe]] = []
        relations: list[tuple[str, bool]] = []
        for rc in ix.resolved.citations.get(doc_id, ()):
            if rc.instrument == inst.id:
                anchor = rc.citation.place.section or "mo-dau"
                sentences.append((rc.sentence, Safe(page_link(page_file(doc.url), anchor))))
                if rc.citation.mention.family != "self":
                    relations.append((rc.citation.relation, rc.citation.partial))
        date = dmy(doc.date) if doc.date else ""
        name = f"{doc.label} ({place_year(doc)})"
        relation, partial = strongest(relations)
        rows.append(
            LinkRow(name, Safe(page_link(page_file(doc.url))), date, doc.title, len(sentences), tuple(sentences), relation, partial)
        )
    return rows


def citers_by_relation(ix: Index, inst: Instrument) -> tuple[str, ...]:
    """The documents citing `inst`, strongest relation first (RELATION_ORDER), in corpus order within a relation: the
    order of the grouped lists, so a list split over pages keeps each group together and in order."""
    rank = {}
    for doc_id in ix.cited_by(inst):
        relation, _ = strongest(
            [(rc.citation.relation, rc.citation.partial) for rc in ix.resolved.citations.get(doc_id, ())
             if rc.instrument == inst.id and rc.citation.mention.family != "self"]
        )
        rank[doc_id] = _RANK.get(relation, len(_RANK))
    return tuple(sorted(inst.cited_by, key=lambda d: rank[d]))  # stable: corpus order within a relation


def own_instrument(ix: Index, doc: Document) -> Instrument | None:
    """The instrument that is this document, if the corpus cites it or it cites something."""
    return ix.own.get(doc.id)


# --- chain graph ----------------------------------------------------------------------------

_MERMAID_UNSAFE = re.compile(r"[^\w .,/()\-–:]", re.UNICODE)


def _node_text(text: str) -> str:
    """Mermaid label text: only characters that cannot close the label or start markup."""
    return _MERMAID_UNSAFE.sub(" ", text).strip()[:60] or "văn bản"


CENTRAL_FIRST = "central_first"  # a read of the order central_order gives some instruments (render/record.py)
_LEVEL_RANK = {k: n for n, k in enumerate(("party", "assembly", "government", "ministry"))}


def central_order(items: list[Instrument]) -> list[Instrument]:
    """The central instruments matter most in a chain: the most cited first, national before local."""
    return sorted(items, key=lambda i: (-len(i.cited_by), _LEVEL_RANK.get(i.level, 9)))


def chain_graph(ix: Index, doc: Document) -> Safe | None:
    """Mermaid source: the documents this one cites (and what those cite), and those citing it (and theirs); each
    arrow goes from the acting document to the one it acts on, labelled with what it does (EDGE_LABELS)."""
    resolved = ix.resolved
    by_id = ix.instruments
    docs = ix.documents
    me = own_instrument(ix, doc)
    if me is None:
        return None
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []  # (acting document's node, node acted on, relation)
    relation_cache: dict[str, dict[str, tuple[str, bool]]] = {}

    def relation(doc_id: str, inst_id: str) -> str:
        if doc_id not in relation_cache:
            relation_cache[doc_id] = relations_to(ix, doc_id)
        return relation_cache[doc_id].get(inst_id, ("mentions", False))[0]

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
        ix.note(CENTRAL_FIRST, "\n".join(i.id for i in items))  # the order, not who cites each
        return central_order(items)

    node(me)
    for up in central_first(cited_by_doc(doc))[:_GRAPH_LIMIT]:
        edges.append((node(me), node(up), relation(doc.id, up.id)))
        if up.document and up.document in docs:
            for up2 in central_first(cited_by_doc(docs[up.document]))[:5]:
                edges.append((node(up), node(up2), relation(up.document, up2.id)))
    for down_id in ix.cited_by(me)[:_GRAPH_LIMIT]:
        down = own_instrument(ix, docs[down_id])
        if down is None:
            continue
        edges.append((node(down), node(me), relation(down_id, me.id)))
        for down2_id in ix.cited_by(down)[:4]:
            down2 = own_instrument(ix, docs[down2_id])
            if down2 is not None:
                edges.append((node(down2), node(down), relation(down2_id, down.id)))
    if not edges:
        return None
    return _mermaid(nodes, edges, me.id, by_id, doc.url)


def graph_left_out(ix: Index, doc: Document) -> int:
    """How many instruments this document cites or is cited by that its chain graph does not draw: those cited by
    name only (no number to place them), and those past the graph's limit on either side. The page says so, so that
    a reader does not take the graph for the whole chain; the lists under it have them all."""
    me = own_instrument(ix, doc)
    if me is None:
        return 0
    cited: dict[str, bool] = {}  # instrument -> drawable
    for rc in ix.resolved.citations.get(doc.id, ()):
        if rc.instrument and rc.instrument != me.id:
            drawable = rc.citation.mention.family not in {"self", "named"}
            cited[rc.instrument] = cited.get(rc.instrument, False) or drawable
    drawable_up = sum(cited.values())
    citers = ix.cited_by(me)
    drawn_down = sum(1 for d in citers[:_GRAPH_LIMIT] if own_instrument(ix, ix.documents[d]) is not None)
    return (len(cited) - min(drawable_up, _GRAPH_LIMIT)) + (len(citers) - drawn_down)


def _mermaid(nodes: dict[str, str], edges: list[tuple[str, str, str]], me: str, by_id: Mapping[str, Instrument], here: str) -> Safe:
    lines = ["flowchart LR"]
    for inst_id, name in nodes.items():
        text = _node_text(label(by_id[inst_id]))
        shape = f'{name}[["{text}"]]' if inst_id == me else f'{name}["{text}"]'
        lines.append(f"    {shape}")
    for a, b, rel in dict.fromkeys(edges):
        lines.append(f'    {a} -->|"{EDGE_LABELS.get(rel, EDGE_LABELS["mentions"])}"| {b}')
    for inst_id, name in nodes.items():
        if inst_id != me:
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


def quotes_html(row: LinkRow, url: str) -> Safe:
    """A citing document's subject and the sentences that cite, each linking to its section, for the page at `url`."""
    parts = [f"<p>{html_escape(row.title)}</p>"] if row.title else []
    parts += [
        f'<blockquote><p>{html_escape(sentence)} — <a href="{ROOT}{html_escape(link_url(href))}">xem đoạn này</a></p></blockquote>'
        for sentence, href in row.sentences
    ]
    return html_block(rooted("\n".join(parts), url))


def render_instrument(env: jinja2.Environment, ix: Index, inst: Instrument, size: int) -> dict[str, str]:
    """The instrument's pages: what the citing documents say of it, and each citing document with its sentences,
    `size` documents to a page."""
    first = instrument_uri(inst)
    runs = chunks(list(citers_by_relation(ix, inst)), size)
    template = env.get_template("instrument.md.j2")
    out = {}
    for n, run in enumerate(runs, start=1):
        rows = citing_rows(ix, inst, tuple(run))
        out[listing_uri(first, n)] = template.render(
            i=inst,
            title=label(inst) + (f" (trang {n})" if n > 1 else ""),
            level=LEVELS.get(inst.level, inst.level),
            date=_date(inst),
            rows=rows,
            groups=grouped(rows, CITING_HEADINGS),
            status=instrument_status_view(ix, inst),
            total=len(inst.cited_by),
            page=n,
            pager=pager_markdown(pager(first, n, len(runs))),
            index_href=Safe(page_link(INSTRUMENTS)),
            quotes=quotes_html,
            url=page_url(listing_uri(first, n)),
        )
    return out


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


# --- validity ---------------------------------------------------------------------------------

# How the card says a status (the links to the acting documents follow "bởi").
STATUS_TEXT = {
    "in_force": "Còn hiệu lực",
    "amended": "Còn hiệu lực; được sửa đổi, bổ sung bởi",
    "replaced": "Bị thay thế bởi",
    "repealed": "Bị bãi bỏ bởi",
    "not_yet": "Chưa có hiệu lực",
    "unknown": "Chưa rõ",
}


@dataclass(frozen=True)
class StatusView:
    status: Safe  # a STATUSES name
    text: str  # STATUS_TEXT, or the expiry ("Hết hiệu lực sau ngày ...") and the start of effect
    by: tuple[tuple[str, Safe], ...]  # (label, link) of the acting documents
    effective: str  # the effect as the card shows it: "15/05/2024", "02/10/2023 (tính từ ngày ký: «kể từ ngày ký»)"
    as_of: str  # dd/mm/yyyy of the day the status is for


def _links_to(ix: Index, ids: tuple[str, ...]) -> tuple[tuple[str, Safe], ...]:
    out = []
    for doc_id in ids:
        d = ix.documents.get(doc_id)
        if d is not None:
            out.append((d.label, Safe(page_link(page_file(d.url)))))
    return tuple(out)


def status_view(ix: Index, doc: Document) -> StatusView | None:
    """What the card says of the document's effect and status (None before resolve computed them)."""
    resolved = ix.resolved
    v = resolved.validity.get(doc.id)
    if v is None or resolved.today is None:
        return None
    effect = v.effect
    effective = ""
    if effect is not None:
        if effect.date is not None and effect.computed:
            effective = f"{dmy(effect.date)} (tính từ ngày ban hành theo văn bản: «{effect.rule}»)"
        elif effect.date is not None:
            effective = dmy(effect.date)
        elif effect.rule:
            effective = f"văn bản ghi: «{effect.rule}»"
        if effect.until is not None:
            effective += f"; đến hết ngày {dmy(effect.until)}"
    text = STATUS_TEXT[v.status]
    if v.status == "not_yet" and effect is not None and effect.date is not None:
        text = f"Chưa có hiệu lực (có hiệu lực từ ngày {dmy(effect.date)})"
    if v.status == "repealed" and not v.status_by and effect is not None and effect.until is not None:
        text = f"Hết hiệu lực sau ngày {dmy(effect.until)} (theo thời hạn ghi trong văn bản)"
    if v.status == "unknown":
        text = "Chưa rõ (văn bản không ghi thời điểm có hiệu lực)"
    return StatusView(Safe(v.status), text, _links_to(ix, v.status_by), effective, dmy(resolved.today))


def instrument_status_view(ix: Index, inst: Instrument) -> StatusView | None:
    """What the documents published here did to an instrument that is not published here, if anything."""
    resolved = ix.resolved
    found = resolved.instrument_status.get(inst.id)
    if found is None or resolved.today is None:
        return None
    status, by = found
    return StatusView(Safe(status), STATUS_TEXT[status], _links_to(ix, by), "", dmy(resolved.today))

"""Render the corpus into Markdown pages (src_uri -> content) from the templates in `templates/`.

Templates get resolved values with links already computed; every value printed with `{{ }}` is
escaped by the environment's `finalize`, so source text can never become markup.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from ..models import Corpus, Document, Problem
from ..resolve import ResolvedCorpus
from .agencies import agencies_of_deadlines, agency_pages, who_does_what
from .calendar import calendars
from .links import chain_graph, citation_spans, cited_rows, citing_rows, given_rows, instrument_pages, own_instrument
from .markdown import Safe, md_escape, page_link, render_blocks, render_sections
from .timeline import Entry, entries, table, timeline_pages

TEMPLATES = Path(__file__).parent / "templates"
MISSING = Safe('<span class="vb-missing">Không ghi trong văn bản</span>')
SEVERITY = {"info": "Thông tin", "warning": "Cảnh báo", "error": "Lỗi"}

HOME = "index.md"
DOCUMENTS = "van-ban/index.md"
QUALITY = "chat-luong-du-lieu.md"
DATA = "data/documents.json"


def environment(extra_dirs: tuple[Path, ...] = ()) -> jinja2.Environment:
    """Jinja environment: templates from `extra_dirs` (overrides) first, then the package's."""
    loader = jinja2.FileSystemLoader([str(p) for p in extra_dirs] + [str(TEMPLATES)])
    env = jinja2.Environment(
        loader=loader,
        autoescape=False,
        finalize=md_escape,  # every printed value is escaped unless it is Safe
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return env


def format_date(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def src_uri(doc: Document) -> str:
    return doc.url.rstrip("/") + ".md"


@dataclass(frozen=True)
class DocView:
    """What listing templates need of a document."""

    type_name: str | None
    reference: str | None
    title: str | None
    issuer: str | None
    date_label: str
    href: Safe


def view(doc: Document) -> DocView:
    label = format_date(doc.date) or (str(doc.year) if doc.year else "Không rõ ngày")
    return DocView(doc.type_name, doc.reference, doc.title, doc.issuer, label, Safe(page_link(src_uri(doc))))


def signer_text(doc: Document) -> str:
    s = doc.signer
    if s is None:
        return ""
    deputy = f"KT. {s.deputy_for}" if s.deputy_for else None
    parts = [p for p in (f"{s.prefix} {s.on_behalf}" if s.prefix else None, deputy, s.position) if p]
    name = s.name or "(không ghi tên)"
    return " — ".join(parts + [name])


def render_document(
    env: jinja2.Environment, doc: Document, resolved: ResolvedCorpus | None = None, due: list[Entry] | None = None
) -> str:
    spans = citation_spans(resolved, doc) if resolved else {}
    body: list[str] = []
    if doc.preamble:
        body.append('<div class="vb-preamble" id="mo-dau" markdown>')
        body.extend(render_blocks(doc.preamble, "", spans))
        body.append("</div>")
    body.extend(render_sections(doc.sections, spans))
    note = Safe(" *(suy ra từ nội dung văn bản)*")
    inferred = {k: (note if k in doc.inferred else Safe("")) for k in ("issuer", "jurisdiction", "reference", "date", "year")}
    problems = sorted(doc.problems, key=lambda p: (p.line or 0, p.kind, p.message))
    own = own_instrument(resolved, doc) if resolved else None
    return env.get_template("document.md.j2").render(
        d=doc,
        body=Safe("\n".join(body)),
        date=format_date(doc.date),
        signer_text=signer_text(doc),
        missing=MISSING,
        missing_number=Safe('<span class="vb-missing">Không ghi số</span>'),
        inferred=inferred,
        problems=problems,
        given=given_rows(resolved, doc) if resolved else {},
        graph=chain_graph(resolved, doc) if resolved else None,
        cited=cited_rows(resolved, doc) if resolved else [],
        citing=citing_rows(resolved, own) if resolved and own else [],
        deadlines=table(due, doc.url) if due else None,
        duties=who_does_what(resolved, doc) if resolved else [],
    )


def _sort_key(doc: Document) -> tuple[int, str, str]:
    # newest first; undated documents last; ties broken by id for a stable order
    stamp = doc.date.toordinal() if doc.date else (date(doc.year, 1, 1).toordinal() if doc.year else 0)
    return (-stamp, doc.reference or "", doc.id)


LIST_PAGE_SIZE = 200  # rows per listing page: one page of every document would grow with the corpus


def listing_uri(first: str, page: int) -> str:
    """src_uri of page `page` (from 1) of a listing whose first page is `first`: van-ban/trang-2.md."""
    if page == 1:
        return first
    base = first[: -len("index.md")] if first.endswith("/index.md") else first[: -len(".md")] + "/"
    return f"{base}trang-{page}.md"


@dataclass(frozen=True)
class Pager:
    page: int
    count: int
    prev: Safe | None
    next: Safe | None
    links: list[tuple[str, Safe | None]]  # (label, link); no link for the current page and for "…"


def pager(first: str, page: int, count: int) -> Pager:
    """Links to the first, last and nearby pages: a constant number whatever the number of pages."""
    shown = sorted({1, count, *range(max(1, page - 2), min(count, page + 2) + 1)})
    links: list[tuple[str, Safe | None]] = []
    last = 0
    for k in shown:
        if k - last > 1:
            links.append(("…", None))
        links.append((str(k), None if k == page else Safe(page_link(listing_uri(first, k)))))
        last = k
    prev = Safe(page_link(listing_uri(first, page - 1))) if page > 1 else None
    nxt = Safe(page_link(listing_uri(first, page + 1))) if page < count else None
    return Pager(page, count, prev, nxt, links)


def pager_markdown(p: Pager) -> Safe:
    """The pager as a paragraph of links (empty for a one-page listing)."""
    if p.count <= 1:
        return Safe("")
    parts = [f"[← Trang trước]({p.prev})"] if p.prev else []
    parts += [f"[{label}]({href})" if href else f"**{label}**" for label, href in p.links]
    parts += [f"[Trang sau →]({p.next})"] if p.next else []
    return Safe(f"\nTrang {p.page}/{p.count}: " + " · ".join(parts) + "\n{: .vb-pager }\n")


def _chunks(items: list[Any]) -> list[list[Any]]:
    size = LIST_PAGE_SIZE
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def _year_label(doc: Document) -> str:
    return str(doc.year) if doc.year else "Không rõ năm"


def _by_year(docs: list[Document]) -> list[Document]:
    """Newest year first, undated last; within a year newest first."""
    return sorted(docs, key=lambda d: (d.year is None, -(d.year or 0), _sort_key(d)))


def _year_starts(docs: list[Document]) -> dict[str, int]:
    """The listing page on which each year's documents begin."""
    starts: dict[str, int] = {}
    for i, d in enumerate(docs):
        starts.setdefault(_year_label(d), i // LIST_PAGE_SIZE + 1)
    return starts


def render_home(env: jinja2.Environment, corpus: Corpus) -> str:
    docs = sorted(corpus.documents, key=_sort_key)
    years = Counter(_year_label(d) for d in docs)
    starts = _year_starts(_by_year(list(corpus.documents)))
    issuers = Counter(d.issuer or "Không rõ cơ quan" for d in docs)
    types = Counter(d.type_name or "Không rõ loại" for d in docs)
    by_year = [
        (y, Safe(page_link(listing_uri(DOCUMENTS, starts[y]), year_anchor(y))), c)
        for y, c in sorted(years.items(), key=lambda kv: (kv[0].isdigit(), kv[0]), reverse=True)
    ]
    return env.get_template("home.md.j2").render(
        total=len(docs),
        problem_count=sum(1 for _ in all_problems(corpus)),
        newest=[view(d) for d in docs[:10]],
        by_year=by_year,
        by_issuer=sorted(issuers.items(), key=lambda kv: (-kv[1], kv[0])),
        by_type=sorted(types.items(), key=lambda kv: (-kv[1], kv[0])),
        list_href=Safe(page_link(DOCUMENTS)),
        quality_href=Safe(page_link(QUALITY)),
        data_href=Safe(DATA),
    )


def year_anchor(label: str) -> Safe:
    return Safe(f"nam-{label}" if label.isdigit() else "khong-ro-nam")


def render_documents(env: jinja2.Environment, corpus: Corpus) -> dict[str, str]:
    """The list of documents by year, newest first, LIST_PAGE_SIZE to a page: van-ban/index.md, van-ban/trang-2.md ..."""
    docs = _by_year(list(corpus.documents))
    years = Counter(_year_label(d) for d in docs)
    starts = _year_starts(docs)
    index = [
        (("Năm " + y) if y.isdigit() else y, Safe(page_link(listing_uri(DOCUMENTS, starts[y]), year_anchor(y))), years[y])
        for y in starts
    ]
    chunks = _chunks(docs)
    pages: dict[str, str] = {}
    for n, chunk in enumerate(chunks, start=1):
        groups: list[tuple[str, Safe, list[DocView]]] = []
        for d in chunk:
            y = _year_label(d)
            if not groups or groups[-1][1] != year_anchor(y):
                label = ("Năm " + y) if y.isdigit() else y
                if starts[y] < n:
                    label += " (tiếp theo)"
                groups.append((label, year_anchor(y), []))
            groups[-1][2].append(view(d))
        pages[listing_uri(DOCUMENTS, n)] = env.get_template("documents.md.j2").render(
            total=len(docs),
            page_size=LIST_PAGE_SIZE,
            years=index if n == 1 and len(chunks) > 1 else [],
            groups=groups,
            page=n,
            pager=pager_markdown(pager(DOCUMENTS, n, len(chunks))),
        )
    return pages


def all_problems(corpus: Corpus) -> list[Problem]:
    out = list(corpus.problems)
    for d in corpus.documents:
        out.extend(d.problems)
    return out


@dataclass(frozen=True)
class _Group:
    title: str
    label: str
    href: Safe | None
    problems: list[Problem]


def render_quality(env: jinja2.Environment, corpus: Corpus) -> dict[str, str]:
    """Every problem, by file and document, LIST_PAGE_SIZE documents to a page: chat-luong-du-lieu.md, .../trang-2.md ..."""
    groups: list[_Group] = []
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for p in corpus.problems:
        by_file[p.source].append(p)
    for source, ps in sorted(by_file.items()):
        groups.append(_Group(f"Tệp {source} (không đăng được)", "", None, ps))
    order = {"error": 0, "warning": 1, "info": 2}
    for d in sorted(corpus.documents, key=lambda d: (d.source, d.index)):
        if d.problems:
            ps = sorted(d.problems, key=lambda p: (order.get(p.severity, 3), p.line or 0, p.message))
            label = f"{d.type_name or 'Văn bản'} {d.reference or '(không số)'}"
            groups.append(_Group(f"{label} — {d.source}", label, Safe(page_link(src_uri(d))), ps))
    severities = Counter(p.severity for g in groups for p in g.problems)
    summary = [(SEVERITY[k], severities[k]) for k in ("error", "warning", "info") if severities[k]]
    chunks = _chunks(groups)
    return {
        listing_uri(QUALITY, n): env.get_template("quality.md.j2").render(
            total=sum(severities.values()),
            summary=summary if len(chunks) > 1 and n == 1 else [],
            groups=chunk,
            severity=SEVERITY,
            page=n,
            pager=pager_markdown(pager(QUALITY, n, len(chunks))),
        )
        for n, chunk in enumerate(chunks, start=1)
    }


def render_site(resolved: ResolvedCorpus, overrides: tuple[Path, ...] = ()) -> dict[str, str]:
    """Every generated page: src_uri -> Markdown. Deterministic for the same corpus."""
    env = environment(overrides)
    corpus = resolved.corpus
    pages: dict[str, str] = {
        HOME: render_home(env, corpus),
        **render_documents(env, corpus),
        **render_quality(env, corpus),
    }
    pages.update(instrument_pages(env, resolved))
    pages.update(agency_pages(env, resolved))
    all_entries = entries(resolved, agencies_of_deadlines(resolved))
    pages.update(timeline_pages(env, all_entries))
    by_doc: dict[str, list[Entry]] = defaultdict(list)
    for e in all_entries:
        by_doc[e.doc.id].append(e)
    for doc in corpus.documents:
        pages[src_uri(doc)] = render_document(env, doc, resolved, by_doc.get(doc.id, []))
    pages.update(calendars(all_entries, {a.id: a.name for a in resolved.agencies}))
    return pages

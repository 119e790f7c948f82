"""Render the corpus into Markdown pages (src_uri -> content) from the templates in `templates/`.

Templates get resolved values with links already computed; every value printed with `{{ }}` is
escaped by the environment's `finalize`, so source text can never become markup.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2

from ..models import Corpus, Document, Problem
from ..resolve import ResolvedCorpus
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
    )


def _sort_key(doc: Document) -> tuple[int, str, str]:
    # newest first; undated documents last; ties broken by id for a stable order
    stamp = doc.date.toordinal() if doc.date else (date(doc.year, 1, 1).toordinal() if doc.year else 0)
    return (-stamp, doc.reference or "", doc.id)


def render_home(env: jinja2.Environment, corpus: Corpus) -> str:
    docs = sorted(corpus.documents, key=_sort_key)
    years = Counter(str(d.year) if d.year else "Không rõ năm" for d in docs)
    issuers = Counter(d.issuer or "Không rõ cơ quan" for d in docs)
    types = Counter(d.type_name or "Không rõ loại" for d in docs)
    return env.get_template("home.md.j2").render(
        total=len(docs),
        problem_count=sum(1 for _ in all_problems(corpus)),
        newest=[view(d) for d in docs[:10]],
        by_year=[(y, year_anchor(y), c) for y, c in sorted(years.items(), key=lambda kv: kv[0], reverse=True)],
        by_issuer=sorted(issuers.items(), key=lambda kv: (-kv[1], kv[0])),
        by_type=sorted(types.items(), key=lambda kv: (-kv[1], kv[0])),
        list_href=Safe(page_link(DOCUMENTS)),
        quality_href=Safe(page_link(QUALITY)),
        data_href=Safe(DATA),
    )


def year_anchor(label: str) -> Safe:
    return Safe(f"nam-{label}" if label.isdigit() else "khong-ro-nam")


def render_documents(env: jinja2.Environment, corpus: Corpus) -> str:
    groups: dict[str, list[Document]] = defaultdict(list)
    for d in sorted(corpus.documents, key=_sort_key):
        groups[str(d.year) if d.year else "Không rõ năm"].append(d)
    ordered = sorted(groups.items(), key=lambda kv: (not kv[0].isdigit(), [-int(kv[0])] if kv[0].isdigit() else [0]))
    return env.get_template("documents.md.j2").render(
        total=len(corpus.documents),
        groups=[(("Năm " + y) if y.isdigit() else y, year_anchor(y), [view(d) for d in ds]) for y, ds in ordered],
    )


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


def render_quality(env: jinja2.Environment, corpus: Corpus) -> str:
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
    return env.get_template("quality.md.j2").render(
        total=sum(len(g.problems) for g in groups), groups=groups, severity=SEVERITY
    )


def render_site(resolved: ResolvedCorpus, overrides: tuple[Path, ...] = ()) -> dict[str, str]:
    """Every generated page: src_uri -> Markdown. Deterministic for the same corpus."""
    env = environment(overrides)
    corpus = resolved.corpus
    pages: dict[str, str] = {
        HOME: render_home(env, corpus),
        DOCUMENTS: render_documents(env, corpus),
        QUALITY: render_quality(env, corpus),
    }
    pages.update(instrument_pages(env, resolved))
    all_entries = entries(resolved)
    pages.update(timeline_pages(env, all_entries))
    by_doc: dict[str, list[Entry]] = defaultdict(list)
    for e in all_entries:
        by_doc[e.doc.id].append(e)
    for doc in corpus.documents:
        pages[src_uri(doc)] = render_document(env, doc, resolved, by_doc.get(doc.id, []))
    pages.update(calendars(all_entries, {}))
    return pages

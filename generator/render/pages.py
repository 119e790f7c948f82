"""Render the corpus into Markdown pages (src_uri -> content) from the templates in `templates/`.

Templates get resolved values with links already computed; every value printed with `{{ }}` is
escaped by the environment's `finalize`, so source text can never become markup.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from .. import beside
from ..addresses import DATA, DOCUMENTS, HOME, QUALITY, documents_year_file, original_file, page_file, page_url, site_url
from ..guard import no_cyclic_gc
from ..models import Corpus, Document, Problem, ResolvedCorpus
from ..partition import StageWriter
from ..pipeline import code_version
from ..progress import Progress, report
from . import Sink, record
from .agencies import (
    DutyRow,
    agencies_of_deadlines,
    doc_agencies_of_deadlines,
    duty_rows,
    render_agency,
    render_agency_index,
    task_rows,
    task_table,
)
from .calendar import calendars
from .index import Index, Read, Tape, build_index
from .labels import doc_label, place_year
from .links import (
    CITED_HEADINGS,
    CITING_HEADINGS,
    LinkRow,
    StatusView,
    chain_graph,
    citation_spans,
    cited_rows,
    citers_by_relation,
    citing_rows,
    given_rows,
    graph_left_out,
    grouped,
    own_instrument,
    quotes_html,
    render_instrument,
    render_instrument_index,
    status_view,
)
from .markdown import (
    ROOT,
    Safe,
    SpanMap,
    blocks_html,
    dmy,
    heading_block,
    html_block,
    html_escape,
    link_url,
    md_escape,
    page_link,
    relative_url,
    render_sections,
    rooted,
)
from .paging import Pager, chunks, chunks_from_end, listing_uri, pager, pager_markdown
from .record import Fingerprints, head
from .summary import FOLD, folded_table, jumps, summary_html
from .timeline import Entry, doc_entries, entries, entry_order, timeline_pages
from .work import Work, agency_work

__all__ = ["LIST_PAGE_SIZE", "Pager", "listing_uri", "pager", "pager_markdown", "render_document", "render_site"]

log = logging.getLogger("vanban.render")
TEMPLATES = Path(__file__).parent / "templates"
MISSING = Safe('<span class="vb-missing">Không ghi trong văn bản</span>')
SEVERITY = {"info": "Thông tin", "warning": "Cảnh báo", "error": "Lỗi"}
# reads made of others (render/record.py): a document's citation links, duty rows and due dates (what making them
# read), and an agency's deadline keys by part (agency_work)
ROWS, TODO, RECEIVED_KEYS = "rows", "todo", "received"
# a timeline listing (by its first page): which due dates of which documents it shows, in order, and their ROWS
LISTED = "listed"



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
    env.globals["heading"] = heading_block  # a heading of the table of contents, pre-rendered (markdown.heading_block)
    return env


def format_date(d: date | None) -> str:
    return dmy(d) if d else ""


def src_uri(doc: Document) -> str:
    return page_file(doc.url)


@dataclass(frozen=True)
class DocView:
    """What listing templates need of a document."""

    type_name: str | None
    reference: str | None
    title: str | None
    issuer: str | None
    date_label: str
    href: Safe
    place: str = ""  # "Quảng Ngãi, 2022": tells two documents without a number apart
    province: str = ""
    year: str = ""


def view(doc: Document) -> DocView:
    label = format_date(doc.date) or (str(doc.year) if doc.year else "Không rõ ngày")
    return DocView(
        doc.type_name, doc.reference, doc.title, doc.issuer, label, Safe(page_link(src_uri(doc))),
        place_year(doc), doc.jurisdiction or "Không rõ địa bàn", str(doc.year) if doc.year else "Không rõ năm",
    )


def signer_text(doc: Document) -> str:
    s = doc.signer
    if s is None:
        return ""
    deputy = f"KT. {s.deputy_for}" if s.deputy_for else None
    parts = [p for p in (f"{s.prefix} {s.on_behalf}" if s.prefix else None, deputy, s.position) if p]
    name = s.name or "(không ghi tên)"
    if not parts and s.name:
        return f"{name} (văn bản không ghi chức vụ)"
    return " — ".join(parts + [name])


def render_document(
    env: jinja2.Environment,
    doc: Document,
    ix: Index | None = None,
    due: list[Entry] | None = None,
    spans: SpanMap | None = None,
    duties: tuple[DutyRow, ...] | None = None,
    size: int | None = None,
) -> str:
    """A document's page; `spans` and `duties` when the caller has made them already (see render_site). With `size`,
    the documents citing it beyond the first `size` are on pages of their own (see citing_pages)."""
    if spans is None:
        spans = citation_spans(ix, doc) if ix else {}
    if duties is None:
        duties = duty_rows(ix, doc, spans) if ix else ()
    body: list[str] = []
    if doc.preamble:
        preamble = "\n".join(blocks_html(doc.preamble, "", spans))
        body.append(html_block(rooted(f'<div class="vb-preamble" id="mo-dau">{preamble}</div>', doc.url)))
    else:
        # what a link to the opening points at (a citation in the title, a duty before any section), even when the
        # text has no opening (a gazette text whose body is missing from its text layer)
        body.append(html_block('<div id="mo-dau" class="vb-anchor"></div>'))
    body.extend(render_sections(doc.sections, spans, doc.url))
    problems = sorted(doc.problems, key=lambda p: (p.line or 0, p.kind, p.message))
    own = own_instrument(ix, doc) if ix else None
    citing: list[LinkRow] = []
    citing_pager = Safe("")
    if ix and own:
        citers = citers_by_relation(ix, own)
        citing = citing_rows(ix, own, citers if size is None else citers[:size])
        if size is not None and len(ix.cited_by(own)) > size:
            citing_pager = pager_markdown(pager(src_uri(doc), 1, len(chunks(list(ix.cited_by(own)), size))))
    tasks = task_rows(duties)
    graph = chain_graph(ix, doc) if ix else None
    cited = cited_rows(ix, doc) if ix else []
    given = given_rows(ix, doc) if ix else {}
    status = status_view(ix, doc) if ix else None
    return env.get_template("document.md.j2").render(
        d=doc,
        body=Safe("\n".join(body)),
        date=format_date(doc.date),
        signer_text=signer_text(doc),
        missing=MISSING,
        problems=problems_html(problems),
        header=lines_html("vb-header", doc.header_lines),
        signature=lines_html("vb-signature", doc.signature_lines),
        recipients=recipients_html(doc.recipients),
        link_list=lambda rows: link_list(rows, doc.url),

        graph=graph,
        graph_left_out=graph_left_out(ix, doc) if graph and ix else 0,
        cited=cited,
        citing=citing,
        cited_groups=grouped(cited, CITED_HEADINGS),
        citing_groups=grouped(citing, CITING_HEADINGS),

        citing_pager=citing_pager,
        deadlines=folded_table(due) if due else None,
        tasks=task_table(tasks[:FOLD], doc.url, tasks[FOLD:]) if len(tasks) > FOLD + 2 else (task_table(tasks, doc.url, []) if tasks else None),
        summary=summary_html(duties, tasks, due or []),
        card=card_html(doc, signer_text(doc), given, status, page_link(original_file(doc.source)), _extension(doc.source)),
        jumps=jumps(bool(tasks), bool(due), bool(graph or cited or citing), _relative_file(doc.url, original_file(doc.source))),
    )


_MISSING_HTML = '<span class="vb-missing">Không ghi trong văn bản</span>'
_INFERRED_HTML = " <em>(suy ra từ nội dung văn bản)</em>"


def _a(href: str, label: str) -> str:
    """A link made by page_link, from the site's root (see markdown.rooted)."""
    return f'<a href="{ROOT}{html_escape(link_url(href))}">{html_escape(label)}</a>'


def card_html(
    doc: Document, signer: str, given: dict[str, tuple[str, str, Safe]], status: StatusView | None, original: str, original_kind: str
) -> Safe:
    """The document's card (what the header and the signature say), a block of HTML for its page."""

    def value(v: str | None) -> str:
        return html_escape(v) if v else _MISSING_HTML

    def inferred(field: str) -> str:
        return _INFERRED_HTML if field in doc.inferred else ""

    def by(field: str) -> str:
        if field not in given:
            return ""
        v, name, href = given[field]
        return f"; theo {_a(href, name)} dẫn chiếu: {html_escape(v)}"

    if doc.reference:
        number = html_escape(doc.reference)
    elif doc.symbol:
        number = f'<span class="vb-missing">Không ghi số</span> / {html_escape(doc.symbol)}'
    else:
        number = _MISSING_HTML
    if doc.date:
        day = html_escape(format_date(doc.date))
    elif doc.date_text:
        day = f"{_MISSING_HTML} <em>(văn bản ghi: «{html_escape(doc.date_text)}»)</em>"
    else:
        day = _MISSING_HTML
    rows = [
        ("Số, ký hiệu", number + inferred("reference")),
        ("Loại văn bản", value(doc.type_name)),
        ("Cơ quan ban hành", value(doc.issuer) + inferred("issuer")),
        ("Địa bàn", value(doc.jurisdiction) + inferred("jurisdiction") + by("jurisdiction")),
        ("Ngày ban hành", day + inferred("date") + by("date")),
        ("Nơi ban hành", value(doc.place)),
        ("Người ký", value(signer)),
    ]
    if status:
        acts = ";".join(f" {_a(href, name)}" for name, href in status.by)
        note = f" <em>(tính đến ngày {html_escape(status.as_of)}, theo các văn bản đăng trên cổng)</em>" if status.status != "unknown" else ""
        rows.append(("Ngày có hiệu lực", value(status.effective)))
        rows.append(
            ("Hiệu lực", f'<span class="vb-status" data-status="{html_escape(status.status)}">{html_escape(status.text)}</span>{acts}{note}')
        )
    if doc.addressees:
        rows.append(("Kính gửi", html_escape("; ".join(doc.addressees))))
    n = len(doc.recipients)
    rows.append(("Nơi nhận", f'{n} nơi (<a href="#noi-nhan">xem danh sách</a>)' if n else _MISSING_HTML))
    which = f", văn bản thứ {doc.index + 1} trong tệp" if doc.index else ""
    rows.append(("Văn bản gốc", f"{_a(original, 'Tải văn bản gốc')} (tệp {html_escape(original_kind)}{which})"))
    body = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows)
    table = f'<div class="vb-card"><table><thead><tr><th>Thông tin</th><th>Nội dung</th></tr></thead><tbody>{body}</tbody></table></div>'
    return html_block(rooted(table, doc.url))


def link_list(rows: list[LinkRow], url: str) -> Safe:
    """The documents a document cites, or that cite it (with the sentences that do), for its page at `url`."""
    items = []
    for r in rows:
        line = _a(r.href, r.label)
        if r.partial:
            line += " <em>(một phần)</em>"
        if r.date:
            line += f" ngày {html_escape(r.date)}"
        if r.title:
            line += f": {html_escape(r.title)}"
        if r.count > 1:
            line += f" ({r.count} lần)"
        quotes = "".join(
            f"<blockquote><p>{html_escape(sentence)} — {_a(href, 'xem đoạn này')}</p></blockquote>" for sentence, href in r.sentences
        )
        items.append(f"<li><p>{line}</p>{quotes}</li>")
    return html_block(rooted(f"<ul>{''.join(items)}</ul>", url))


def lines_html(cls: str, lines: tuple[str, ...]) -> Safe:
    """Lines as printed (the header, the signature), one paragraph with a break after each line."""
    if not lines:
        return Safe("")
    return html_block(f'<div class="{cls}"><p>' + "<br>\n".join(html_escape(line) for line in lines) + "</p></div>")


def recipients_html(recipients: tuple[str, ...]) -> Safe:
    if not recipients:
        return Safe("")
    items = "".join(f"<li>{html_escape(r)}</li>" for r in recipients)
    return html_block(f'<p id="noi-nhan"><strong>Nơi nhận:</strong></p>\n<ul>{items}</ul>')


def problems_html(problems: list[Problem]) -> Safe:
    """The problems met reading the document, folded."""
    if not problems:
        return Safe("")
    items = "".join(f"<li>{f'Dòng {p.line}: ' if p.line else ''}{html_escape(p.message)}</li>" for p in problems)
    return html_block(
        f'<details class="vb-problems"><summary>Ghi chú khi đọc văn bản ({len(problems)})</summary><ul>{items}</ul></details>'
    )


def _relative_file(here: str, target: str) -> str:
    """A link from the page at URL `here` to the file `target` (a path in the site)."""
    folder, _, name = target.rpartition("/")
    return relative_url(here, folder + "/") + name


def _extension(source: str) -> str:
    name = source.rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else "không có đuôi"


def citing_pages(env: jinja2.Environment, ix: Index, doc: Document, size: int) -> dict[str, str]:
    """The documents citing `doc` beyond the `size` its page lists, `size` to a page beside it (…/trang-2.md)."""
    own = own_instrument(ix, doc)
    if own is None or len(ix.cited_by(own)) <= size:
        return {}
    first = src_uri(doc)
    runs = chunks(list(citers_by_relation(ix, own)), size)
    template = env.get_template("citing.md.j2")
    return {
        listing_uri(first, n): template.render(
            title=doc.label,
            href=Safe(page_link(first)),
            total=len(ix.cited_by(own)),
            page=n,
            groups=grouped(citing_rows(ix, own, tuple(run)), CITING_HEADINGS),
            pager=pager_markdown(pager(first, n, len(runs))),
            quotes=quotes_html,
            url=page_url(listing_uri(first, n)),
        )
        for n, run in enumerate(runs[1:], start=2)
    }


def _sort_key(doc: Document) -> tuple[int, str, str]:
    # newest first; undated documents last; ties broken by id for a stable order
    stamp = doc.date.toordinal() if doc.date else (date(doc.year, 1, 1).toordinal() if doc.year else 0)
    return (-stamp, doc.reference or "", doc.id)


LIST_PAGE_SIZE = 200  # rows per listing page: one page of every document would grow with the corpus


def _chunks(items: list[Any]) -> list[list[Any]]:
    return chunks(items, LIST_PAGE_SIZE)


def _year_label(doc: Document) -> str:
    return str(doc.year) if doc.year else "Không rõ năm"


def _by_year(docs: list[Document]) -> list[Document]:
    """Newest year first, undated last; within a year newest first."""
    return sorted(docs, key=lambda d: (d.year is None, -(d.year or 0), _sort_key(d)))


def _year_pages(docs: list[Document]) -> dict[str, str]:
    """The first page of the list holding each year's documents: the list itself when it fits on one page, else the
    year's own list (render_documents)."""
    years = dict.fromkeys(_year_label(d) for d in docs)
    if len(docs) <= LIST_PAGE_SIZE:
        return {y: DOCUMENTS for y in years}
    return {y: documents_year_file(int(y) if y.isdigit() else None) for y in years}


def render_home(env: jinja2.Environment, corpus: Corpus) -> str:
    docs = sorted(corpus.documents, key=_sort_key)
    years = Counter(_year_label(d) for d in docs)
    starts = _year_pages(list(corpus.documents))
    issuers = Counter(d.issuer or "Không rõ cơ quan" for d in docs)
    types = Counter(d.type_name or "Không rõ loại" for d in docs)
    by_year = [
        (y, Safe(page_link(starts[y], year_anchor(y))), c)
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


def list_table(docs: list[Document], here: str) -> Safe:
    """A year of the list of documents as an HTML table: each row carries its province, year, type and issuer for the
    filters (assets/pages.js), and each cell its column's name for phones."""
    head = (
        "<thead><tr><th>Ngày</th><th>Số, ký hiệu</th><th>Trích yếu</th><th>Địa bàn</th><th>Cơ quan ban hành</th></tr></thead>"
    )
    rows = []
    for d in docs:
        v = view(d)
        attrs = "".join(
            f' data-{k}="{html_escape(val)}"'
            for k, val in (("province", v.province), ("year", v.year), ("type", d.type_name or "Không rõ loại"),
                           ("issuer", d.issuer or "Không rõ cơ quan"))
        )
        href = html_escape(relative_url(here, d.url))
        rows.append(
            f"<tr{attrs}><td data-label=\"Ngày\">{html_escape(v.date_label)}</td>"
            f'<td data-label="Số, ký hiệu"><a href="{href}">{html_escape(doc_label(d))}</a></td>'
            f'<td data-label="Trích yếu">{html_escape(d.title or "—")}</td>'
            f'<td data-label="Địa bàn">{html_escape(v.province)}</td>'
            f'<td data-label="Cơ quan ban hành">{html_escape(d.issuer or "—")}</td></tr>'
        )
    return html_block(f'<div class="vb-doc-group"><table>{head}<tbody>{"".join(rows)}</tbody></table></div>')


def year_anchor(label: str) -> Safe:
    return Safe(f"nam-{label}" if label.isdigit() else "khong-ro-nam")


def render_documents(env: jinja2.Environment, corpus: Corpus) -> dict[str, str]:
    """The list of documents by year, newest first: one page (van-ban/index.md) when they fit on it, else an index of
    years there and each year's list on pages of its own (van-ban/nam-2024.md, van-ban/nam-2024/trang-2.md ...),
    LIST_PAGE_SIZE to a page, counted from the year's oldest document: a new document changes its year's pages from
    the first (newest) to its own, not every page after it."""
    docs = _by_year(list(corpus.documents))
    template = env.get_template("documents.md.j2")
    if len(docs) <= LIST_PAGE_SIZE:
        groups = [(("Năm " + y) if y.isdigit() else y, year_anchor(y), year) for y, year in _years(docs)]
        return {DOCUMENTS: template.render(
            total=len(docs), year=None, years=[], page=1, pager=Safe(""),
            groups=[(label, anchor, list_table(rows, page_url(DOCUMENTS))) for label, anchor, rows in groups],
        )}
    starts = _year_pages(docs)
    pages = {DOCUMENTS: template.render(
        total=len(docs), year=None, page=1, pager=Safe(""), groups=[],
        years=[(("Năm " + y) if y.isdigit() else y, Safe(page_link(starts[y])), len(year)) for y, year in _years(docs)],
    )}
    for y, year in _years(docs):
        first = starts[y]
        label = ("Năm " + y) if y.isdigit() else y
        runs = chunks_from_end(year, LIST_PAGE_SIZE)
        for n, run in enumerate(runs, start=1):
            uri = listing_uri(first, n)
            pages[uri] = template.render(
                total=len(year), year=label, years=[], page=n, page_size=LIST_PAGE_SIZE,
                pager=pager_markdown(pager(first, n, len(runs))),
                groups=[(label + (" (tiếp theo)" if n > 1 else ""), year_anchor(y), list_table(run, page_url(uri)))],
                list_href=Safe(page_link(DOCUMENTS)),
            )
    return pages


def _years(docs: list[Document]) -> list[tuple[str, list[Document]]]:
    """`docs` (in _by_year's order) by year, in that order."""
    out: dict[str, list[Document]] = {}
    for d in docs:
        out.setdefault(_year_label(d), []).append(d)
    return list(out.items())


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
            label = d.label
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


def render_site(
    resolved: ResolvedCorpus,
    overrides: tuple[Path, ...] = (),
    base: str | None = None,
    *,
    progress: Progress | None = None,
    sink: Sink | None = None,
    jobs: int | None = 1,
    extra: Callable[[beside.Recorder], Any] | None = None,
    extra_out: dict[str, Any] | None = None,
    file_digest: Callable[[str], bytes] | None = None,
) -> dict[str, str]:
    """Every generated page: src_uri -> Markdown. Deterministic for the same corpus. With `sink`, each page goes to
    it as soon as it is rendered, and nothing is kept (the dict returned is empty).

    Linear in the corpus: lookups are built once (render/index.py), each document's citation links and duty rows
    are made once and shared by its page and its agencies' pages, each calendar event is written once, and every
    listing that grows with the corpus holds at most LIST_PAGE_SIZE rows a page.

    With `jobs` > 1 the calendars are made in a forked process beside the pages (beside.py), or instead `extra`
    (another part that reads only the resolved corpus: the open data, the calendars and the search index), which
    writes its files to the sink it is given and whose result goes to `extra_out["extra"]`.

    With `file_digest` (a hash of a source file's content, by its path in the source folder) and a `sink` that is a
    stage (partition.StageWriter), each document's pages are rendered only when what they read of the corpus changed
    since the stage's previous generate (render/record.py); otherwise its files are kept as they are."""
    with no_cyclic_gc():
        kept: dict[str, str] = {}
        result = _render_site(resolved, overrides, site_url(base), kept if sink is None else sink, progress, jobs, extra, file_digest)
        if extra is not None and extra_out is not None:
            extra_out["extra"] = result
        return kept


def _render_site(
    resolved: ResolvedCorpus,
    overrides: tuple[Path, ...],
    base: str,
    pages: Sink,
    progress: Progress | None = None,
    jobs: int | None = 1,
    extra: Callable[[beside.Recorder], Any] | None = None,
    file_digest: Callable[[str], bytes] | None = None,
) -> Any:
    env = environment(overrides)
    size = LIST_PAGE_SIZE
    corpus = resolved.corpus
    made: dict[str, Any] = {}  # the lookups the pages make, for the calendars when they are made here

    def calendars_and_extra() -> tuple[dict[str, str], Any]:
        # read nothing the pages change: made beside them when a second core is free (beside.py), in one process
        # (two processes share the two cores and the memory of one fork), sized so that both end about together.
        # Forked before the pages' lookups are made: the child's memory is the resolved corpus and what it makes
        # itself, one part after the other, not also the document rows the pages hold.
        noted = beside.Recorder(pages)
        if extra is not None:  # writes the calendars too (site.build_site: from what the last build kept)
            return noted.noted, extra(noted)
        calendar_files(resolved, made.get("entries"), base, made.get("ix"), made.get("work"), out=noted)
        return noted.noted, None

    (side,) = beside.start([calendars_and_extra], jobs)
    tape = Tape()
    ix = made["ix"] = build_index(resolved, tape)
    pages[HOME] = render_home(env, corpus)
    pages.update(render_documents(env, corpus))
    pages.update(render_quality(env, corpus))
    # each document's due dates, made once for the timeline and its agencies' pages, and what making them read of
    # the corpus (for the record of its page: render/record.py); its citation links and duty rows (`rows`) only
    # when a page showing them is rendered again
    by_doc: dict[str, list[Entry]] = {}
    before: dict[str, set[Read]] = {}
    for doc in corpus.documents:
        tape.reads = set()
        by_doc[doc.id] = doc_entries(ix, doc, doc_agencies_of_deadlines(ix, doc.id))  # in date order when shown
        before[doc.id] = tape.reads
        before[doc.id].add(("documents", doc.id))
    tape.reads = None
    all_entries = made["entries"] = sorted((e for es in by_doc.values() for e in es), key=entry_order)
    work = made["work"] = agency_work(ix, all_entries)
    derived: dict[str, Callable[[str], Any]] = {
        ROWS: lambda doc_id: rows.fingerprint(doc_id),
        TODO: lambda agency_id: sorted(work.todo.get(agency_id, {}).items()),
        RECEIVED_KEYS: lambda agency_id: sorted(work.received.get(agency_id, set())),
    }
    recorder = _Recorder(pages, resolved, ix, tape, file_digest, head(code_version(), base, size, overrides), derived)
    rows = _Rows(ix, tape, corpus.documents, before, recorder)
    pages.update(render_agency_index(env, ix, size))
    memo: dict = {}
    for a in resolved.agencies:
        # what an agency's pages show is made of its documents' rows and due dates (and its groups'), which work
        # sorts into its parts: read as its documents' ROWS, not lookup by lookup (the rows are shared, made once)
        sources = [a.id, *a.groups]
        for g in a.groups:
            if g in ix.agencies:
                sources.extend(ix.agencies[g].groups)
        reads: set[Read] = {("agencies", a.id), (TODO, a.id), (RECEIVED_KEYS, a.id)}
        for source in sources:
            reads.add(("agency_duties", source))
            reads.add((TODO, source))
            reads.update((ROWS, d.id) for d, _ in ix.duties.get(source, ()))
        with recorder.group("a:" + a.id, reads) as out:
            if out is not None:
                out.update(render_agency(env, ix, a, rows, work, size, base, memo))
    listed: dict[str, list[tuple[str, int, date | None]]] = {}
    rows_fp: dict[str, bytes] = {}  # each document's ROWS, asked once for all the listings showing it

    def listing_fp(uri: str) -> bytes:
        # which due dates of which documents a listing shows, and those documents' rows: one read per listing (a
        # read of ROWS per row made the check of 1,100 listings at 10,000 documents cost more than rendering them)
        shown = listed[uri]
        for doc_id in dict.fromkeys(doc_id for doc_id, _, _ in shown):
            if doc_id not in rows_fp:
                rows_fp[doc_id] = derived[ROWS](doc_id)  # KeyError when the rows have none: rendered
        fps = b"".join([rows_fp[doc_id] for doc_id, _, _ in shown])
        return hashlib.blake2b(repr(shown).encode() + fps, digest_size=16).digest()

    derived[LISTED] = listing_fp

    @contextmanager
    def timeline_group(uri: str, es: list[Entry]) -> Iterator[Sink | None]:
        listed[uri] = [(e.doc.id, e.index, e.due) for e in es]
        with recorder.group("t:" + uri, {(LISTED, uri)}) as out:
            yield out

    timeline_pages(env, all_entries, size, out=pages, group=timeline_group)
    listed.clear()
    rows_fp.clear()
    pages.update(render_instrument_index(env, resolved, size))
    for inst in resolved.instruments:
        if inst.document is None and inst.cited_by:  # a page of its own for each cited instrument not published here
            with recorder.group("i:" + inst.id, {("instruments", inst.id)}) as out:
                if out is not None:
                    out.update(render_instrument(env, ix, inst, size))
    _forget(all_entries, "row_html")  # made once for the agency and timeline pages; a document page uses it once
    del all_entries
    report(progress, "render", 0, len(corpus.documents))
    for done, doc in enumerate(corpus.documents, 1):
        # each document's links and rows dropped once its page is made: the agency pages are made, the calendars
        # need neither
        own = by_doc.pop(doc.id)
        with recorder.group("d:" + doc.id, partial(rows.reads, doc.id)) as out:
            if out is not None:
                doc_spans, doc_rows, _ = rows.made(doc.id)
                own.sort(key=entry_order)
                out[src_uri(doc)] = render_document(env, doc, ix, own, doc_spans, doc_rows, size)
                out.update(citing_pages(env, ix, doc, size))
                _forget(own, "row_html")  # a page kept made none: the listings' were forgotten above
        rows.done(doc.id, rendered=out is not None)
        report(progress, "render", done, len(corpus.documents))
    del by_doc
    recorder.close()
    noted, extra_result = side()
    beside.adopt(pages, noted)
    return extra_result


class _Rows(Mapping[str, tuple[DutyRow, ...]]):
    """Each document's citation links and duty rows, made when first asked (its page or one of its agencies' pages
    rendered again, or the fingerprint of its rows when the previous record cannot vouch for it: `fingerprint`),
    with what making them and its due dates read (`made`). A publish makes them for the few documents it renders,
    not for every document of the corpus.

    The rows' fingerprint (the read ROWS of a page showing them) is the digest of what making them read: the record
    of the previous stage keeps that as the group "r:<id>" (no files); when the current values of those reads give
    the same digest, the rows are the same (made by the same code of the same values) and are not made again."""

    def __init__(
        self, ix: Index, tape: Tape, documents: Iterable[Document], before: dict[str, set[Read]], recorder: _Recorder
    ) -> None:
        self.ix = ix
        self.tape = tape
        self.documents = {d.id: d for d in documents}
        self.before = before  # document id -> what making its due dates read
        self.recorder = recorder
        self._made: dict[str, tuple[SpanMap, tuple[DutyRow, ...], set[Read]]] = {}

    def made(self, doc_id: str) -> tuple[SpanMap, tuple[DutyRow, ...], set[Read]]:
        """(citation links, duty rows, what making them and the due dates read) of a document, made once."""
        got = self._made.get(doc_id)
        if got is None:
            doc = self.documents[doc_id]
            saved, self.tape.reads = self.tape.reads, set()  # apart from the group being recorded, if any
            try:
                spans = citation_spans(self.ix, doc)
                rows = duty_rows(self.ix, doc, spans)
                reads = self.tape.reads
            finally:
                self.tape.reads = saved
            reads |= self.before[doc_id]
            got = self._made[doc_id] = (spans, rows, reads)
            self.recorder.value("r:" + doc_id, reads)
        return got

    def reads(self, doc_id: str) -> set[Read]:
        return self.made(doc_id)[2]

    def fingerprint(self, doc_id: str) -> bytes:
        """The rows' fingerprint; KeyError when they have none (they read a whole collection): rendered."""
        digest = None if doc_id in self._made else self.recorder.vouched("r:" + doc_id)
        if digest is None:
            digest = self.recorder.value("r:" + doc_id, self.made(doc_id)[2])
        if digest is None:
            raise KeyError(doc_id)
        return digest.encode()

    def done(self, doc_id: str, rendered: bool) -> None:
        """The document's page is made or kept: its rows are not asked again. A page kept means that what its rows
        read is unchanged (it read that too): the previous record of them holds."""
        if self._made.pop(doc_id, None) is None and not rendered:
            self.recorder.carry("r:" + doc_id)

    def __getitem__(self, doc_id: str) -> tuple[DutyRow, ...]:
        return self.made(doc_id)[1]

    def __iter__(self) -> Iterator[str]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)


class _Recorder:
    """Renders a group of pages (`with recorder.group(name, reads) as out`) unless the previous stage's record says
    that what it read is unchanged and the stage still holds its files: then `out` is None and they are kept. Records
    what each group read (`reads` given, and what the Tape notes while it renders) for the next run. Without a stage
    that keeps files (a dict, or no `file_digest`), it renders every group and records nothing."""

    def __init__(
        self, sink: Sink, resolved: ResolvedCorpus, ix: Index, tape: Tape, file_digest: Callable[[str], bytes] | None,
        head_: str, derived: dict[str, Callable[[str], Any]] | None = None,
    ) -> None:
        self.sink = sink
        self.tape = tape
        self.stage = sink if isinstance(sink, StageWriter) and file_digest is not None else None
        self.on = self.stage is not None
        self.head = head_
        self.fps = Fingerprints(resolved, ix, file_digest, derived) if file_digest is not None else None
        self.previous = record.load(self.stage.previous_record, head_) if self.stage is not None else None
        if self.stage is not None:
            self.stage.previous_record = None  # parsed: its text is not kept
        self.groups: dict[str, record.Group] = {}
        self.rendered = self.kept = 0

    def fingerprints(self) -> Fingerprints:
        if self.fps is None:
            raise KeyError("fingerprints")
        return self.fps

    def value(self, name: str, reads: set[Read]) -> str | None:
        """Record a group of no files (what a value shared by pages read: _Rows) and return its digest (None when
        it read a whole collection). Nothing without a stage."""
        if self.stage is None or self.fps is None:
            return None
        packed = record.pack(reads)
        digest = self.fps.digest(packed)
        self.groups[name] = record.Group([], packed, digest)
        return digest

    def vouched(self, name: str) -> str | None:
        """The digest of the previous record's group `name` when what it read is unchanged, else None."""
        old = self.previous.get(name) if self.previous else None
        if old is None or old.digest is None or self.fps is None or self.fps.digest(old.reads) != old.digest:
            return None
        return old.digest

    def carry(self, name: str) -> None:
        """Keep the previous record's group `name` (a group of no files whose reads are known unchanged)."""
        old = self.previous.get(name) if self.previous else None
        if old is not None and name not in self.groups:
            self.groups[name] = old

    @contextmanager
    def group(self, name: str, reads: set[Read] | Callable[[], set[Read]]) -> Iterator[Sink | None]:
        """`reads`: what the group reads besides what its rendering notes, or a function making it (called only
        when the group is rendered)."""
        if self.stage is None or self.fps is None:
            yield self.sink
            return
        old = self.previous.get(name) if self.previous else None
        keep = self.stage.keep
        if old is not None and old.digest is not None and self.fps.digest(old.reads) == old.digest and all(keep(f) for f in old.files):
            self.groups[name] = old
            self.kept += 1
            yield None
            return
        out = _Noting(self.sink)
        self.tape.reads = set(reads() if callable(reads) else reads)
        try:
            yield out
            seen = self.tape.reads
        finally:
            self.tape.reads = None
        packed = record.pack(seen)
        self.groups[name] = record.Group(sorted(out.files), packed, self.fps.digest(packed))
        self.rendered += 1

    def close(self) -> None:
        if self.stage is not None:
            self.stage.write_record(record.dumps(self.head, self.groups))
            # what the record held is on disk: not kept through the rest of the render (the side part's adoption)
            self.groups, self.previous, self.fps = {}, None, None
            log.info("vanban: %d groups of pages rendered, %d kept from the previous stage", self.rendered, self.kept)


class _Noting:
    """A Sink that passes files on and notes their names."""

    def __init__(self, sink: Sink) -> None:
        self.sink = sink
        self.files: list[str] = []

    def __setitem__(self, uri: str, content: str) -> None:
        self.files.append(uri)
        self.sink[uri] = content

    def update(self, files: dict[str, str]) -> None:
        for uri, content in files.items():
            self[uri] = content

    def __len__(self) -> int:
        return len(self.files)


def _forget(objs: Iterable[Any], name: str) -> None:
    """Drop the value a cached_property `name` keeps on each of `objs` once no page left to make reads it: the rows'
    HTML of every document (Entry.row_html) would otherwise stay in memory through the whole render."""
    for obj in objs:
        obj.__dict__.pop(name, None)


def deadline_entries(ix: Index) -> list[Entry]:
    """Every due date of the corpus with the agencies that carry it: the timeline's rows and the calendars' events."""
    return entries(ix, agencies_of_deadlines(ix))


def calendar_files(
    resolved: ResolvedCorpus,
    all_entries: list[Entry] | None = None,
    base: str | None = None,
    ix: Index | None = None,
    work: Work | None = None,
    out: Sink | None = None,
) -> Sink:
    """The calendars (data/lich/*.ics) the site publishes: uri -> content, into `out` when given. `base`: the
    site's URL (site_url)."""
    ix = ix or build_index(resolved)
    if all_entries is None:
        all_entries = deadline_entries(ix)
    work = work or agency_work(ix, all_entries)
    names = {a.id: (a.name, a.jurisdiction) for a in resolved.agencies}
    return calendars(all_entries, names, work, site_url(base), out)

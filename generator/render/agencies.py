"""Responsibility pages: one per agency (what it leads, supports, ... with deadlines, across all documents, in pages
of at most LIST_PAGE_SIZE rows), an index by jurisdiction, and the "who does what" table of each document.

The duties given to a collective ("các sở, ban, ngành tỉnh") are listed on the collective's page; the page of each
member counts them and links there. Repeating them on every member's page made the agency pages grow with the
collective's duties times its members, both of which grow with the corpus."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import quote

import jinja2

from ..addresses import AGENCIES, DEFAULT_SITE_URL, page_file, received_calendar_file
from ..models import Agency, Deadline, Document, ResolvedDuty
from ..textutil import strip_diacritics
from . import Sink
from .calendar import absolute, agency_title, calendar_uri
from .index import Index
from .labels import place_year
from .markdown import (
    ROOT,
    Safe,
    Span,
    SpanMap,
    dmy,
    heading_html,
    html_block,
    html_escape,
    inline_html,
    link_url,
    page_link,
    rooted,
)
from .paging import Group, anchors, paginate
from .timeline import KIND_LABEL, Entry, rule_label, table
from .work import OWN, PART_ANCHOR, PART_TITLE, RECEIVED, SUPPORT, Work, part_of

ROLE_LABEL = {
    "lead": "Chủ trì",
    "support": "Phối hợp",
    "direct": "Chỉ đạo",
    "advise": "Tham mưu",
    "collect": "Nhận báo cáo, tổng hợp",
    "assigned": "Được giao",
    "requested": "Được đề nghị",
}
ROLE_ORDER = list(ROLE_LABEL)
_LABEL_ORDER = {label: n for n, label in enumerate(ROLE_LABEL.values())}
_TEXT_LIMIT = 400


def agency_uri(agency: Agency) -> str:
    return page_file(agency.url)


def deadline_label(d: Deadline) -> str:
    if d.date and d.kind in {"day", "month", "quarter", "year", "period"}:
        return dmy(d.date)
    if d.kind == "recurring":
        return rule_label(d)
    return KIND_LABEL.get(d.kind, d.kind)


def _short(text: str) -> str:
    return text if len(text) <= _TEXT_LIMIT else text[: _TEXT_LIMIT - 1].rsplit(" ", 1)[0] + " …"


@dataclass(frozen=True)
class DutyRow:
    agency: str
    agency_url: str  # the agency's page (a URL from the site's root)
    role: str
    text: str  # HTML: the duty's text escaped, its citations as links from the root (ROOT)
    deadlines: str
    section_url: str  # the section of the document where the duty stands: 'van-ban/a/b/#muc-iii'
    section: str

    @property
    def html(self) -> str:
        """The row of an agency's table (links from the root: see `rooted`). The cells get their column's name for
        phones in the reader's browser (assets/pages.js), as the other tables do. Not kept: the `text` it holds is
        most of a row, and keeping the rows of every document cost the generator ~75 MB of its peak at 10,000
        documents (1,501 -> 1,426 MB) to save one string format per use."""
        return (
            f'<tr><td>{html_escape(self.role)}</td><td>{self.text}</td>'
            f'<td>{html_escape(self.deadlines)}</td>'
            f'<td><a href="{ROOT}{html_escape(self.section_url)}">{html_escape(self.section)}</a></td></tr>'
        )


_DUTY_HEAD = "<thead><tr><th>Vai trò</th><th>Nhiệm vụ</th><th>Thời hạn</th><th>Mục</th></tr></thead>"


def duty_table(rows: list[DutyRow], url: str, href: str, title: str, label: str = "", anchor: str = "") -> Safe:
    """An agency's duties of one document as a block of HTML, for the page at `url`: the document's heading
    (`label`, id `anchor`, with its permalink mark as MkDocs writes one), its title linking to it (`href` from
    page_link), the table. The heading is not Markdown: an agency page lists hundreds of documents, and each heading
    in the table of contents cost MkDocs' toc and the theme's sidebar more than its whole table; the contents list the
    parts and years, each document keeps its id."""
    heading = ""
    if label and anchor:
        heading = heading_html(3, anchor, html_escape(label)) + "\n"
    elif label:
        heading = f"<h3>{html_escape(label)}</h3>\n"
    head = f'{heading}<p><a href="{ROOT}{html_escape(link_url(href))}">{html_escape(title)}</a></p>\n'
    return html_block(rooted(f"{head}<table>{_DUTY_HEAD}<tbody>{''.join(r.html for r in rows)}</tbody></table>", url))


def duty_rows(ix: Index, doc: Document, spans_map: SpanMap) -> tuple[DutyRow, ...]:
    """A row for each of the document's duties, in the order of `resolved.duties`: the document's page and the
    agencies' pages show the same rows, made once."""
    deadlines = ix.resolved.deadlines.get(doc.id, ())
    out = []
    for rd in ix.resolved.duties.get(doc.id, ()):
        agency = ix.agencies[rd.agency]
        due = "; ".join(deadline_label(deadlines[i]) for i in rd.duty.deadlines if 0 <= i < len(deadlines))
        anchor = rd.duty.place.section or "mo-dau"
        out.append(
            DutyRow(
                agency.name, agency.url, ROLE_LABEL.get(rd.duty.role, rd.duty.role), _duty_html(ix, doc, rd, spans_map),
                due or "—", f"{doc.url}#{anchor}", doc.section_name(anchor),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class TaskRow:
    """One task of a document's "Ai làm gì" table: the duty's text once, with every agency it names by role."""

    text: str  # HTML, links from the root
    agencies: str  # HTML: "Chủ trì: <a>A</a>; Phối hợp: <a>B</a>, <a>C</a>"
    deadlines: str
    section_url: str
    section: str

    @property
    def html(self) -> str:
        return (
            f'<tr><td>{self.text}</td><td>{self.agencies}</td>'
            f'<td>{html_escape(self.deadlines)}</td>'
            f'<td><a href="#{html_escape(self.section_url.partition("#")[2])}">{html_escape(self.section)}</a></td></tr>'
        )  # the table is on the document's own page: its section links are to this page


_TASK_HEAD = "<thead><tr><th>Nhiệm vụ</th><th>Cơ quan</th><th>Thời hạn</th><th>Mục</th></tr></thead>"


def task_table(tasks: list[TaskRow], url: str, more: list[TaskRow]) -> Safe:
    """A document's "Ai làm gì" table for its page at `url`; the `more` rows folded under «Xem thêm»."""
    table = f"<table>{_TASK_HEAD}<tbody>{''.join(t.html for t in tasks)}</tbody></table>"
    if not more:
        return html_block(rooted(table, url))
    folded = (
        f'<details class="vb-more"><summary>Xem thêm {len(more)} việc</summary>'
        f"<table>{_TASK_HEAD}<tbody>{''.join(t.html for t in more)}</tbody></table></details>"
    )
    return Safe(html_block(rooted(table, url)) + "\n\n" + html_block(rooted(folded, url)))


def task_rows(rows: tuple[DutyRow, ...]) -> list[TaskRow]:
    """The rows of one document grouped by task: a sentence that gives the lead to one agency and support to three
    is one row, not four (the text is read once, and the page is a quarter the size)."""
    groups: dict[tuple[str, str, str], list[DutyRow]] = {}
    for r in rows:
        groups.setdefault((r.text, r.deadlines, r.section_url), []).append(r)
    out = []
    for members in groups.values():
        by_role: dict[str, list[str]] = {}
        for r in members:
            link = f'<a href="{ROOT}{html_escape(r.agency_url)}">{html_escape(r.agency)}</a>'
            if link not in by_role.setdefault(r.role, []):
                by_role[r.role].append(link)
        ordered = sorted(by_role.items(), key=lambda kv: _LABEL_ORDER.get(kv[0], 99))
        agencies = "; ".join(f"{html_escape(role)}: {', '.join(links)}" for role, links in ordered)
        first = members[0]
        out.append(TaskRow(first.text, agencies, first.deadlines, first.section_url, first.section))
    return out


def _duty_html(ix: Index, doc: Document, rd: ResolvedDuty, spans_map: SpanMap) -> str:
    """The duty as written (shortened), with the citations it contains as links."""
    place = rd.duty.place
    block = doc.block_text(place.section, place.block)
    offset = block.find(rd.duty.text) if block else -1
    text = _short(rd.duty.text)
    spans: tuple[Span, ...] = ()
    if offset >= 0:
        all_spans = spans_map.get((place.section, place.block), ())
        spans = tuple(
            Span(sp.start - offset, sp.end - offset, sp.href, sp.title)
            for sp in all_spans
            if sp.start >= offset and sp.end - offset <= len(text)
        )
    return inline_html(text, spans)


def _role_key(rd: ResolvedDuty) -> tuple[int, int]:
    return (ROLE_ORDER.index(rd.duty.role) if rd.duty.role in ROLE_ORDER else 99, rd.duty.place.line)


@dataclass(frozen=True)
class SharedRow:
    """A collective the agency belongs to: its duties are the agency's own work too (listed on this page)."""

    name: str
    href: Safe
    duties: int
    documents: int
    calendar: Safe | None


@dataclass(frozen=True)
class CalendarLinks:
    """One calendar of an agency: the file to download, the same to subscribe to (webcal://), and Google Calendar's
    page that subscribes to it."""

    title: str
    download: Safe
    webcal: Safe
    google: Safe


def calendar_links(title: str, uri: str, base: str) -> CalendarLinks:
    public = absolute(base, uri)
    webcal = "webcal://" + public.split("://", 1)[1]
    google = "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe="")
    return CalendarLinks(title, Safe(page_link(uri)), Safe(webcal), Safe(google))


@dataclass(frozen=True)
class YearRows:
    title: str
    anchor: Safe
    table: Safe


SourceRows = list[tuple[Document, list[DutyRow]]]


def _source_rows(
    ix: Index, rows_of: Mapping[str, tuple[DutyRow, ...]], source: str, group_name: str, part: str, memo: dict | None
) -> SourceRows:
    """The rows of one part given to `source` (an agency, or a group of the page's agency, `group_name`), by document,
    each document's in role order. A group's rows are the same on every member's page: with `memo` (one for all the
    agency pages of a build) they are made once, not once per member (members x duties of the group)."""
    key = (source, group_name, part)
    if memo is not None and key in memo:
        return memo[key]
    out: SourceRows = []
    for doc, ks in ix.duties.get(source, ()):
        duties = ix.resolved.duties[doc.id]
        mine = sorted((k for k in ks if part_of(duties[k].duty.role) == part), key=lambda k: _role_key(duties[k]))
        if not mine:
            continue
        rows = [rows_of[doc.id][k] for k in mine]
        if group_name:
            rows = [replace(row, role=f"{row.role} (giao chung cho «{group_name}»)") for row in rows]
        out.append((doc, rows))
    if memo is not None:
        memo[key] = out
    return out


def _part_groups(
    ix: Index, agency: Agency, rows_of: Mapping[str, tuple[DutyRow, ...]], part: str, memo: dict | None = None
) -> tuple[list[Group[DutyRow]], int, int]:
    """The agency's duties of one part, by document, its groups' duties of that part after its own in each document;
    with the number of duties, and of those given to a group."""
    sources = [(agency.id, "")] + ([(g, ix.agencies[g].name) for g in agency.groups if g in ix.agencies] if part != RECEIVED else [])
    by_doc: dict[str, list[DutyRow]] = {}
    docs: dict[str, Document] = {}
    shared = 0
    for source, group_name in sources:
        for doc, rows in _source_rows(ix, rows_of, source, group_name, part, memo):
            by_doc.setdefault(doc.id, []).extend(rows)
            docs[doc.id] = doc
            if group_name:
                shared += len(rows)
    order = sorted(docs.values(), key=lambda d: (-(d.date or date.min).toordinal(), d.id))
    labels = [f"{d.label} ({place_year(d)})" for d in order]
    groups = [
        Group(label, anchor, by_doc[d.id], Safe(page_link(page_file(d.url))), d.title)
        for d, label, anchor in zip(order, labels, anchors(labels, PART_ANCHOR[part] + "-"), strict=True)
    ]
    return groups, sum(len(g.rows) for g in groups), shared


def _year_tables(rows: list[Entry], page_url_: str, limit: int) -> list[YearRows]:
    by_year: dict[int, list[Entry]] = defaultdict(list)
    for e in rows[:limit]:
        if e.due is not None:
            by_year[e.due.year].append(e)
    return [YearRows(f"Năm {y}", Safe(f"lich-nam-{y}"), table(es, page_url_)) for y, es in sorted(by_year.items())]


def render_agency(
    env: jinja2.Environment,
    ix: Index,
    agency: Agency,
    rows_of: Mapping[str, tuple[DutyRow, ...]],
    work: Work,
    size: int,
    base: str = DEFAULT_SITE_URL,
    memo: dict | None = None,
) -> dict[str, str]:
    """The agency's pages: what it must do (its groups' duties included), then what it supports, then the reports
    it receives, by document (`size` rows to a page); on the first page a dated list by year and its calendars.
    `memo`: the groups' rows, shared by the agency pages of one build (`_source_rows`)."""
    groups: list[Group[DutyRow]] = []
    counts: dict[str, int] = {}
    shared_count = 0
    part_at: dict[str, str] = {}  # anchor of a document's heading -> the part it begins
    for part in (OWN, SUPPORT, RECEIVED):
        found, n, shared_n = _part_groups(ix, agency, rows_of, part, memo)
        counts[part] = n
        if part == OWN:
            shared_count = shared_n
        if found:
            part_at[found[0].anchor] = part
        groups.extend(found)
    shared = []
    for coll in agency.groups:
        if coll in ix.agencies:
            theirs = ix.duties.get(coll, ())
            shared.append(
                SharedRow(
                    ix.agencies[coll].name, Safe(page_link(agency_uri(ix.agencies[coll]))), sum(len(ks) for _, ks in theirs),
                    len(theirs), Safe(page_link(calendar_uri(coll))) if coll in work.todo else None,
                )
            )
    members = [(ix.agencies[m].name, Safe(page_link(agency_uri(ix.agencies[m])))) for m in agency.members if m in ix.agencies]
    title = agency_title(agency.name, agency.jurisdiction)
    own_calendar = calendar_links(f"Việc của {title}", calendar_uri(agency.id), base) if agency.id in work.todo else None
    received_calendar = (
        calendar_links(f"Báo cáo gửi về {title}", received_calendar_file(agency.id), base) if agency.id in work.received else None
    )
    dated = [e for e, _ in work.todo_entries(agency.id) if e.due is not None]
    template = env.get_template("agency.md.j2")
    listing = paginate(agency_uri(agency), groups, size)
    part_link: dict[str, Safe] = {}  # part -> its heading, on the page where it begins
    for lp in listing.pages:
        for p in lp.parts:
            if p.first and p.anchor in part_at:
                part_link[part_at[p.anchor]] = Safe(page_link(lp.uri, PART_ANCHOR[part_at[p.anchor]]))
    return {
        page.uri: template.render(
            a=agency,
            page=page,
            counts=counts,
            shared_count=shared_count,
            part_title=PART_TITLE,
            part_anchor={k: Safe(v) for k, v in PART_ANCHOR.items()},
            part_at=part_at,
            part_link=part_link,
            members=members,
            shared=shared,
            own_calendar=own_calendar,
            received_calendar=received_calendar,
            years=_year_tables(dated, page.url, size) if page.page == 1 else [],
            dated=len(dated),
            limit=size,
            index_href=Safe(page_link(AGENCIES)),
            duty_table=duty_table,
        )
        for page in listing.pages
    }


def render_agency_index(env: jinja2.Environment, ix: Index, size: int) -> dict[str, str]:
    """Every agency by jurisdiction, `size` to a page."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for duties in ix.resolved.duties.values():
        for rd in duties:
            counts[rd.agency][rd.duty.role] += 1
    by_jur: dict[str, list[Agency]] = defaultdict(list)
    for a in ix.resolved.agencies:
        by_jur[a.jurisdiction or "Trung ương và không rõ địa bàn"].append(a)
    jurs = sorted(by_jur, key=lambda j: strip_diacritics(j).lower())
    groups: list[Group[AgencyRow]] = []
    for jur, anchor in zip(jurs, anchors(jurs, "dia-ban-"), strict=True):
        rows = []
        for a in sorted(by_jur[jur], key=lambda a: (a.collective, strip_diacritics(a.name).lower(), a.id)):
            c = counts[a.id]
            own = sum(n for role, n in c.items() if part_of(role) == OWN)
            support = sum(n for role, n in c.items() if part_of(role) == SUPPORT)
            received = sum(n for role, n in c.items() if part_of(role) == RECEIVED)
            rows.append(AgencyRow(a.name, Safe(page_link(agency_uri(a))), a.collective, own, support, received, sum(c.values())))
        groups.append(Group(jur, anchor, rows))
    listing = paginate(AGENCIES, groups, size)
    template = env.get_template("agencies.md.j2")
    return {
        page.uri: template.render(
            page=page, total=len(ix.resolved.agencies), jurisdictions=listing.index_on(page)
        )
        for page in listing.pages
    }


@dataclass(frozen=True)
class AgencyRow:
    name: str
    href: Safe
    collective: bool
    own: int  # leads, is assigned, directs, advises or is asked
    support: int
    received: int  # reports sent to it
    total: int


def agency_pages(
    env: jinja2.Environment,
    ix: Index,
    rows_of: Mapping[str, tuple[DutyRow, ...]],
    work: Work,
    size: int,
    base: str = DEFAULT_SITE_URL,
    out: Sink | None = None,
) -> Sink:
    """The agency index and every agency's pages (into `out` when given, an agency at a time)."""
    pages: Sink = {} if out is None else out
    pages.update(render_agency_index(env, ix, size))
    memo: dict = {}
    for a in ix.resolved.agencies:
        pages.update(render_agency(env, ix, a, rows_of, work, size, base, memo))
    return pages


def agencies_of_deadlines(ix: Index) -> dict[tuple[str, int], tuple[tuple[str, str], ...]]:
    """(document id, deadline index) -> ((agency id, name), ...) whose duty carries the deadline, in duty order.

    A collective stands for itself: its members are not listed one by one (the collective's page lists them), so
    a row of the timeline or an event of a calendar does not grow with the number of agencies the corpus knows."""
    out: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    for doc_id, duties in ix.resolved.duties.items():
        _carriers(ix.agencies, doc_id, duties, out)
    return {k: tuple(v) for k, v in out.items()}


def doc_agencies_of_deadlines(ix: Index, doc_id: str) -> dict[tuple[str, int], tuple[tuple[str, str], ...]]:
    """agencies_of_deadlines for one document: what it reads is that document's duties and their agencies."""
    return deadline_carriers(ix.agencies, doc_id, ix.resolved.duties.get(doc_id, ()))


def deadline_carriers(
    agencies: Mapping[str, Agency], doc_id: str, duties: Iterable[ResolvedDuty]
) -> dict[tuple[str, int], tuple[tuple[str, str], ...]]:
    """doc_agencies_of_deadlines of the document's `duties`, with the agencies by id (no Index needed)."""
    out: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    _carriers(agencies, doc_id, duties, out)
    return {k: tuple(v) for k, v in out.items()}


def _carriers(
    agencies: Mapping[str, Agency], doc_id: str, duties: Iterable[ResolvedDuty], out: dict[tuple[str, int], list[tuple[str, str]]]
) -> None:
    for rd in duties:
        if not rd.duty.deadlines:
            continue
        pair = (rd.agency, agencies[rd.agency].name)  # looked up once per duty (a Recorded lookup: render/index.py)
        for i in rd.duty.deadlines:
            carriers = out[(doc_id, i)]
            if pair not in carriers:
                carriers.append(pair)

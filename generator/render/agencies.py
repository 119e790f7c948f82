"""Responsibility pages: one per agency (what it leads, supports, ... with deadlines, across all documents, in pages
of at most LIST_PAGE_SIZE rows), an index by jurisdiction, and the "who does what" table of each document.

The duties given to a collective ("các sở, ban, ngành tỉnh") are listed on the collective's page; the page of each
member counts them and links there. Repeating them on every member's page made the agency pages grow with the
collective's duties times its members, both of which grow with the corpus."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Set
from dataclasses import dataclass

import jinja2

from ..addresses import AGENCIES, page_file
from ..models import Agency, Deadline, Document, ResolvedDuty
from ..textutil import strip_diacritics
from .calendar import calendar_uri
from .index import Index
from .markdown import Safe, Span, SpanMap, dmy, inline, md_escape, page_link
from .paging import Group, anchors, paginate
from .timeline import KIND_LABEL, rule_label

ROLE_LABEL = {
    "lead": "Chủ trì",
    "support": "Phối hợp",
    "direct": "Chỉ đạo",
    "advise": "Tham mưu",
    "collect": "Tổng hợp, nhận báo cáo",
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
    agency_href: Safe
    role: str
    text: Safe  # Markdown: the duty's text escaped, its citations as links
    deadlines: str
    section_href: Safe
    section: str


def duty_rows(ix: Index, doc: Document, spans_map: SpanMap) -> tuple[DutyRow, ...]:
    """A row for each of the document's duties, in the order of `resolved.duties`: the document's page and the
    agencies' pages show the same rows, made once."""
    deadlines = ix.resolved.deadlines.get(doc.id, ())
    doc_uri = page_file(doc.url)
    out = []
    for rd in ix.resolved.duties.get(doc.id, ()):
        agency = ix.agencies[rd.agency]
        due = "; ".join(deadline_label(deadlines[i]) for i in rd.duty.deadlines if 0 <= i < len(deadlines))
        anchor = rd.duty.place.section or "mo-dau"
        out.append(
            DutyRow(
                agency.name, Safe(page_link(agency_uri(agency))), ROLE_LABEL.get(rd.duty.role, rd.duty.role),
                _duty_markdown(ix, doc, rd, spans_map), due or "—", Safe(page_link(doc_uri, anchor)),
                doc.section_name(anchor),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class TaskRow:
    """One task of a document's "Ai làm gì" table: the duty's text once, with every agency it names by role."""

    text: Safe
    agencies: Safe  # "Chủ trì: [A](...); Phối hợp: [B](...), [C](...)"
    deadlines: str
    section_href: Safe
    section: str


def task_rows(rows: tuple[DutyRow, ...]) -> list[TaskRow]:
    """The rows of one document grouped by task: a sentence that gives the lead to one agency and support to three
    is one row, not four (the text is read once, and the page is a quarter the size for MkDocs to convert)."""
    groups: dict[tuple[str, str, str], list[DutyRow]] = {}
    for r in rows:
        groups.setdefault((r.text, r.deadlines, r.section_href), []).append(r)
    out = []
    for members in groups.values():
        by_role: dict[str, list[str]] = {}
        for r in members:
            link = f"[{md_escape(r.agency)}]({r.agency_href})"
            if link not in by_role.setdefault(r.role, []):
                by_role[r.role].append(link)
        ordered = sorted(by_role.items(), key=lambda kv: _LABEL_ORDER.get(kv[0], 99))
        agencies = "; ".join(f"{md_escape(role)}: {', '.join(links)}" for role, links in ordered)
        first = members[0]
        out.append(TaskRow(first.text, Safe(agencies), first.deadlines, first.section_href, first.section))
    return out


def _duty_markdown(ix: Index, doc: Document, rd: ResolvedDuty, spans_map: SpanMap) -> Safe:
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
    return Safe(inline(text, spans))


def _role_key(rd: ResolvedDuty) -> tuple[int, int]:
    return (ROLE_ORDER.index(rd.duty.role) if rd.duty.role in ROLE_ORDER else 99, rd.duty.place.line)


def _doc_label(doc: Document) -> str:
    return doc.label


@dataclass(frozen=True)
class SharedRow:
    """A collective the agency belongs to: its duties are on the collective's page, not repeated here."""

    name: str
    href: Safe
    duties: int
    documents: int
    calendar: Safe | None


def render_agency(
    env: jinja2.Environment,
    ix: Index,
    agency: Agency,
    rows_of: Mapping[str, tuple[DutyRow, ...]],
    with_calendar: Set[str],
    size: int,
) -> dict[str, str]:
    """The agency's pages: its duties by document (`size` rows to a page), and the collectives it belongs to."""
    groups: list[Group[DutyRow]] = []
    counts: Counter[str] = Counter()
    for doc, ks in ix.duties.get(agency.id, ()):
        duties = ix.resolved.duties[doc.id]
        counts.update(duties[k].duty.role for k in ks)
        order = sorted(ks, key=lambda k: _role_key(duties[k]))
        rows = [rows_of[doc.id][k] for k in order]
        groups.append(Group(_doc_label(doc), "", rows, Safe(page_link(page_file(doc.url))), doc.title))
    shared = []
    for coll in agency.groups:
        if coll in ix.agencies:
            theirs = ix.duties.get(coll, ())
            shared.append(
                SharedRow(
                    ix.agencies[coll].name, Safe(page_link(agency_uri(ix.agencies[coll]))), sum(len(ks) for _, ks in theirs),
                    len(theirs), Safe(page_link(calendar_uri(coll))) if coll in with_calendar else None,
                )
            )
    members = [(ix.agencies[m].name, Safe(page_link(agency_uri(ix.agencies[m])))) for m in agency.members if m in ix.agencies]
    template = env.get_template("agency.md.j2")
    listing = paginate(agency_uri(agency), groups, size)
    return {
        page.uri: template.render(
            a=agency,
            page=page,
            summary=[(ROLE_LABEL[r], counts[r]) for r in ROLE_ORDER if counts[r]],
            members=members,
            shared=shared,
            calendar=Safe(page_link(calendar_uri(agency.id))) if agency.id in with_calendar else None,
            index_href=Safe(page_link(AGENCIES)),
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
            other = sum(c.values()) - c["lead"] - c["support"]
            rows.append(AgencyRow(a.name, Safe(page_link(agency_uri(a))), a.collective, c["lead"], c["support"], other, sum(c.values())))
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
    lead: int
    support: int
    other: int
    total: int


def agency_pages(
    env: jinja2.Environment, ix: Index, rows_of: Mapping[str, tuple[DutyRow, ...]], with_calendar: Set[str], size: int
) -> dict[str, str]:
    """The agency index and every agency's pages."""
    pages = render_agency_index(env, ix, size)
    for a in ix.resolved.agencies:
        pages.update(render_agency(env, ix, a, rows_of, with_calendar, size))
    return pages


def agencies_of_deadlines(ix: Index) -> dict[tuple[str, int], tuple[tuple[str, str], ...]]:
    """(document id, deadline index) -> ((agency id, name), ...) whose duty carries the deadline, in duty order.

    A collective stands for itself: its members are not listed one by one (the collective's page lists them), so
    a row of the timeline or an event of a calendar does not grow with the number of agencies the corpus knows."""
    out: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    for doc_id, duties in ix.resolved.duties.items():
        for rd in duties:
            for i in rd.duty.deadlines:
                pair = (rd.agency, ix.agencies[rd.agency].name)
                if pair not in out[(doc_id, i)]:
                    out[(doc_id, i)].append(pair)
    return {k: tuple(v) for k, v in out.items()}

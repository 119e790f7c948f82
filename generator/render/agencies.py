"""Responsibility pages: one per agency (what it leads, supports, ... with deadlines, across all documents),
an index by jurisdiction, and the "who does what" table of each document."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import jinja2

from ..models import Deadline, Document
from ..resolve import Agency, ResolvedCorpus, ResolvedDuty, block_text
from ..textutil import strip_diacritics
from .calendar import calendar_uri
from .links import citation_spans
from .markdown import Safe, Span, SpanMap, inline, page_link
from .timeline import KIND_LABEL, rule_label

AGENCIES = "co-quan/index.md"
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
_TEXT_LIMIT = 400


def agency_uri(agency: Agency) -> str:
    return agency.url.rstrip("/") + ".md"


def deadline_label(d: Deadline) -> str:
    if d.date and d.kind in {"day", "month", "quarter", "year", "period"}:
        return d.date.strftime("%d/%m/%Y")
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


def _rows(resolved: ResolvedCorpus, doc: Document, duties: tuple[ResolvedDuty, ...]) -> list[DutyRow]:
    by_id = {a.id: a for a in resolved.agencies}
    deadlines = resolved.deadlines.get(doc.id, ())
    spans_map = citation_spans(resolved, doc)
    out = []
    for rd in duties:
        agency = by_id[rd.agency]
        due = "; ".join(deadline_label(deadlines[i]) for i in rd.duty.deadlines if 0 <= i < len(deadlines))
        anchor = rd.duty.place.section or "mo-dau"
        out.append(
            DutyRow(
                agency.name, Safe(page_link(agency_uri(agency))), ROLE_LABEL.get(rd.duty.role, rd.duty.role),
                _duty_markdown(doc, rd, spans_map), due or "—", Safe(page_link(doc.url.rstrip("/") + ".md", anchor)),
                _section_label(anchor),
            )
        )
    return out


def _duty_markdown(doc: Document, rd: ResolvedDuty, spans_map: SpanMap) -> Safe:
    """The duty as written (shortened), with the citations it contains as links."""
    place = rd.duty.place
    block = block_text(doc, place.section, place.block)
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


def _section_label(anchor: str) -> str:
    if anchor == "mo-dau":
        return "Mở đầu"
    parts = anchor.split("-")
    words = {"muc": "Mục", "khoan": "khoản", "diem": "điểm", "dieu": "Điều", "chuong": "Chương", "phan": "Phần"}
    out = []
    for i in range(0, len(parts) - 1, 2):
        label = parts[i + 1].upper() if parts[i] == "muc" and not parts[i + 1].isdigit() else parts[i + 1]
        out.append(f"{words.get(parts[i], parts[i])} {'đ' if label == 'dd' else label}")
    return ", ".join(reversed(out)) if out else anchor


def who_does_what(resolved: ResolvedCorpus, doc: Document) -> list[DutyRow]:
    """The document's duties, in document order."""
    return _rows(resolved, doc, resolved.duties.get(doc.id, ()))


@dataclass(frozen=True)
class DocGroup:
    label: str
    href: Safe
    title: str | None
    via: str | None  # the collective through which the agency is concerned, if any
    rows: list[DutyRow]


def render_agency(env: jinja2.Environment, resolved: ResolvedCorpus, agency: Agency) -> str:
    by_id = {a.id: a for a in resolved.agencies}
    docs = {d.id: d for d in resolved.documents}
    own: list[DocGroup] = []
    shared: list[DocGroup] = []
    counts: Counter[str] = Counter()
    for doc in resolved.documents:
        mine = tuple(sorted((rd for rd in resolved.duties.get(doc.id, ()) if rd.agency == agency.id), key=_role_key))
        if mine:
            rows = _rows(resolved, doc, mine)
            counts.update(rd.duty.role for rd in mine)
            own.append(DocGroup(_doc_label(doc), Safe(page_link(doc.url.rstrip("/") + ".md")), doc.title, None, rows))
        for coll in agency.groups:
            theirs = tuple(sorted((rd for rd in resolved.duties.get(doc.id, ()) if rd.agency == coll), key=_role_key))
            if theirs:
                shared.append(
                    DocGroup(_doc_label(doc), Safe(page_link(doc.url.rstrip("/") + ".md")), doc.title, by_id[coll].name, _rows(resolved, doc, theirs))
                )
    members = [(by_id[m].name, Safe(page_link(agency_uri(by_id[m])))) for m in agency.members if m in by_id]
    groups = [(by_id[g].name, Safe(page_link(agency_uri(by_id[g])))) for g in agency.groups if g in by_id]
    has_calendar = any(
        rd.duty.deadlines for d in docs for rd in resolved.duties.get(d, ()) if rd.agency in {agency.id, *agency.groups}
    )
    return env.get_template("agency.md.j2").render(
        a=agency,
        own=own,
        shared=shared,
        summary=[(ROLE_LABEL[r], counts[r]) for r in ROLE_ORDER if counts[r]],
        members=members,
        groups=groups,
        calendar=Safe(page_link(calendar_uri(agency.id))) if has_calendar else None,
        index_href=Safe(page_link(AGENCIES)),
    )


def _role_key(rd: ResolvedDuty) -> tuple[int, int]:
    return (ROLE_ORDER.index(rd.duty.role) if rd.duty.role in ROLE_ORDER else 99, rd.duty.place.line)


def _doc_label(doc: Document) -> str:
    return f"{doc.type_name or 'Văn bản'} {doc.reference or '(không số)'}"


def render_agency_index(env: jinja2.Environment, resolved: ResolvedCorpus) -> str:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for duties in resolved.duties.values():
        for rd in duties:
            counts[rd.agency][rd.duty.role] += 1
    groups: dict[str, list[Agency]] = defaultdict(list)
    for a in resolved.agencies:
        groups[a.jurisdiction or "Trung ương và không rõ địa bàn"].append(a)
    out = []
    for jur in sorted(groups, key=lambda j: strip_diacritics(j).lower()):
        rows = []
        for a in sorted(groups[jur], key=lambda a: (a.collective, strip_diacritics(a.name).lower(), a.id)):
            c = counts[a.id]
            other = sum(c.values()) - c["lead"] - c["support"]
            rows.append((a.name, Safe(page_link(agency_uri(a))), a.collective, c["lead"], c["support"], other, sum(c.values())))
        out.append((jur, rows))
    return env.get_template("agencies.md.j2").render(groups=out, total=len(resolved.agencies))


def agency_pages(env: jinja2.Environment, resolved: ResolvedCorpus) -> dict[str, str]:
    pages = {AGENCIES: render_agency_index(env, resolved)}
    for a in resolved.agencies:
        pages[agency_uri(a)] = render_agency(env, resolved, a)
    return pages


def agencies_of_deadlines(resolved: ResolvedCorpus) -> dict[tuple[str, int], tuple[tuple[str, str], ...]]:
    """(document id, deadline index) -> ((agency id, name), ...) responsible for it, members of collectives included."""
    by_id = {a.id: a for a in resolved.agencies}
    out: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    for doc_id, duties in resolved.duties.items():
        for rd in duties:
            for i in rd.duty.deadlines:
                a = by_id[rd.agency]
                for agency_id in (a.id, *a.members):
                    pair = (agency_id, by_id[agency_id].name)
                    if pair not in out[(doc_id, i)]:
                        out[(doc_id, i)].append(pair)
    return {k: tuple(v) for k, v in out.items()}

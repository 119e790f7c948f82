"""The timeline of deadlines across all documents: by year and month, by jurisdiction, by agency; each listing in
pages of at most LIST_PAGE_SIZE rows, the first page listing where each month begins.

Whether a deadline is past, due soon or upcoming depends on the day a reader looks, not the day the site was
built: entries carry `data-due` and docs/assets/timeline.js marks them in the browser.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache

import jinja2

from ..addresses import TIMELINE, listing_part_file, page_url, timeline_place_file, timeline_year_file
from ..models import Deadline, Document, sentence_at
from ..textutil import slugify
from . import Sink
from .index import Index
from .labels import place_year
from .markdown import Safe, dmy, html_block, html_escape, relative_url
from .paging import Group, paginate

KIND_LABEL = {
    "day": "hạn ngày",
    "month": "trong tháng",
    "quarter": "trong quý",
    "year": "trong năm",
    "period": "cả giai đoạn",
    "recurring": "định kỳ",
    "continuous": "thường xuyên",
    "relative": "theo thời hạn",
}
RULE_LABEL = {
    "quarterly": "hằng quý",
    "half-yearly": "6 tháng một lần",
    "monthly": "hằng tháng",
    "yearly": "hằng năm",
    "weekly": "hằng tuần",
}


@dataclass(frozen=True)
class Entry:
    """One due date of one deadline (a recurring deadline gives one entry per occurrence)."""

    due: date | None
    deadline: Deadline
    index: int  # index of the deadline in its document
    doc: Document
    agencies: tuple[str, ...]  # names of the agencies whose duty carries the deadline (a collective, not its members)
    agency_ids: tuple[str, ...] = ()  # their ids, in the same order

    @cached_property
    def what(self) -> str:
        """The sentence of the document in which the deadline stands: made when a page or a calendar shows the entry
        (a publish makes every document's entries, to know which listings change, and shows a few)."""
        return _what(self.doc, self.deadline)

    @property
    def uid(self) -> str:
        stamp = self.due.isoformat() if self.due else "khong-ngay"
        return f"{self.doc.id}-{self.index}-{stamp}"

    @cached_property
    def row_html(self) -> tuple[str, str, str]:
        """The entry's table row before its link's target, the target's anchor, and the row after it: the same on each
        page that lists the entry (its year, its jurisdiction, its document), made once."""
        label = f"{self.doc.label} ({place_year(self.doc)})"
        due = dmy(self.due) if self.due else "—"
        d = self.deadline
        who = "; ".join(self.agencies) if self.agencies else "—"
        attr = f' data-due="{self.due.isoformat()}"' if self.due else ""
        head = (
            f'<tr class="vb-deadline"{attr}><td class="vb-due" data-label="Hạn">{html_escape(due)}</td>'
            f'<td data-label="Việc phải làm">{html_escape(self.what)}<br><small>{html_escape(deadline_note(d, self.due is not None))}</small></td>'
            f'<td data-label="Cơ quan thực hiện">{html_escape(who)}</td>'
        )
        return head + '<td data-label="Văn bản"><a href="', f"#{d.place.section or 'mo-dau'}", f'">{html_escape(label)}</a></td></tr>'

    @property
    def own_row_html(self) -> str:
        """The row on its document's own page: the section where the deadline stands, instead of the document."""
        head, anchor, _ = self.row_html
        cells = head[: -len('<td data-label="Văn bản"><a href="')]
        name = html_escape(self.doc.section_name(anchor[1:]))
        return f'{cells}<td data-label="Mục"><a href="{html_escape(anchor)}">{name}</a></td></tr>'


_ENDS = {"month": "tháng", "quarter": "quý", "year": "năm", "period": "giai đoạn"}


def deadline_note(d: Deadline, dated: bool) -> str:
    """How the date of a row was read, in words: the phrase as written, and for a date the text does not write out
    (a recurring report, the end of a quarter) how it was counted."""
    if d.kind == "recurring" and dated:
        return f"tính theo «{d.text}»"
    if d.kind in _ENDS and dated:
        return f"văn bản ghi «{d.text}»: hạn là ngày cuối {_ENDS[d.kind]}"
    if d.kind == "recurring" and d.rule is None:
        return f"văn bản ghi «{d.text}», không ghi kỳ cụ thể"
    if d.kind == "recurring":
        return f"văn bản ghi «{d.text}», không ghi thời gian thực hiện nên không tính được ngày"
    if d.kind == "relative":
        return f"«{d.text}»: tính từ một việc khác, không có ngày cụ thể"
    return f"văn bản ghi «{d.text}»"


def rule_label(d: Deadline) -> str:
    if d.rule and d.rule.startswith("yearly:"):
        month, day = d.rule.split(":")[1].split("-")
        return f"hằng năm, ngày {day}/{month}"
    return RULE_LABEL.get(d.rule or "", KIND_LABEL.get(d.kind, d.kind))


def entries(ix: Index, agencies_of: dict[tuple[str, int], tuple[tuple[str, str], ...]] | None = None) -> list[Entry]:
    """Every due date in the corpus, sorted by date, then document and position (undated ones last)."""
    out: list[Entry] = []
    agencies_of = agencies_of or {}
    for doc in ix.resolved.documents:
        out.extend(doc_entries(ix, doc, agencies_of))
    out.sort(key=entry_order)
    return out


def entry_order(e: Entry) -> tuple[bool, date, str, int]:
    return (e.due is None, e.due or date.max, e.doc.id, e.index)


def doc_entries(ix: Index, doc: Document, agencies_of: dict[tuple[str, int], tuple[tuple[str, str], ...]]) -> list[Entry]:
    """The due dates of one document, in the order of its deadlines (`entries` sorts them); `agencies_of` as
    agencies.agencies_of_deadlines makes it (for this document at least)."""
    out: list[Entry] = []
    for i, d in enumerate(ix.resolved.deadlines.get(doc.id, ())):
        who = agencies_of.get((doc.id, i), ())
        names = tuple(n for _, n in who)
        ids = tuple(a for a, _ in who)
        dates = list(d.occurrences) if d.occurrences else ([d.date] if d.date else [None])
        for due in dates:
            out.append(Entry(due, d, i, doc, names, ids))
    return out


def _what(doc: Document, d: Deadline) -> str:
    """The task a deadline belongs to: its sentence, or the task's first paragraph when the deadline stands on a
    'Thời gian thực hiện: ...' line of its own (seed 003 repeats that triple under each task)."""
    text = doc.block_text(d.place.section, d.place.block)
    what = sentence_at(text, d.place.start, d.place.end) if text else d.text
    if what.lower().startswith(("thời gian thực hiện", "thời gian hoàn thành")) and d.place.block > 0:
        first = doc.block_text(d.place.section, 0)
        if first:
            head = sentence_at(first, 0, 0)
            return f"{head} ({what})"
    return what


MONTHS = ["", "Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6", "Tháng 7", "Tháng 8", "Tháng 9",
          "Tháng 10", "Tháng 11", "Tháng 12"]


def _row(e: Entry, page_url: str) -> str:
    head, anchor, tail = e.row_html
    return head + html_escape(relative_url(page_url, e.doc.url) + anchor) + tail


def table_html(rows: list[Entry], page_url: str) -> str:
    """The rows as an HTML table (links relative to the page at `page_url`)."""
    if not rows:
        return "<p>Không có thời hạn nào.</p>"
    head = "<thead><tr><th>Hạn</th><th>Việc phải làm</th><th>Cơ quan thực hiện</th><th>Văn bản</th></tr></thead>"
    body = "".join(_row(e, page_url) for e in rows)
    return f'<div class="vb-timeline"><table>{head}<tbody>{body}</tbody></table></div>'


def own_table_html(rows: list[Entry]) -> str:
    """A document's deadlines as an HTML table for its own page."""
    if not rows:
        return "<p>Không có thời hạn nào.</p>"
    head = "<thead><tr><th>Hạn</th><th>Việc phải làm</th><th>Cơ quan thực hiện</th><th>Mục</th></tr></thead>"
    return f'<div class="vb-timeline"><table>{head}<tbody>{"".join(e.own_row_html for e in rows)}</tbody></table></div>'


def table(rows: list[Entry], page_url: str) -> Safe:
    """The rows as a block of HTML that Markdown leaves alone (mdext.py)."""
    return html_block(table_html(rows, page_url))


@dataclass(frozen=True)
class Shown:
    """A month (or the undated entries) of a timeline page: its rows as a table."""

    title: str
    anchor: Safe
    table: Safe


def _by_month(rows: list[Entry]) -> list[Group[Entry]]:
    """Dated entries by month (newest year last, as a calendar reads); undated ones at the end."""
    months: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    undated: list[Entry] = []
    for e in rows:
        if e.due:
            months[(e.due.year, e.due.month)].append(e)
        else:
            undated.append(e)
    out = [Group(f"{MONTHS[m]}/{y}", f"thang-{m:02d}-{y}", es) for (y, m), es in sorted(months.items())]
    if undated:
        out.append(Group("Không có ngày cụ thể (thường xuyên, định kỳ, theo thời hạn)", "khong-co-ngay", undated))
    return out


def _listing(env: jinja2.Environment, first: str, title: str, rows: list[Entry], size: int) -> dict[str, str]:
    """A timeline page by month, `size` rows to a page; the first page lists where each month begins."""
    listing = paginate(first, _by_month(rows), size)
    template = env.get_template("timeline.md.j2")
    pages = {}
    for page in listing.pages:
        groups = [Shown(p.label, p.anchor, table(p.rows, page.url)) for p in page.parts]
        pages[page.uri] = template.render(
            title=title + (f" (trang {page.page})" if page.page > 1 else ""),
            page=page,
            months=listing.index_on(page),
            groups=groups,
            total=len(rows),
        )
    return pages


# A recorded group of pages (render/pages.py's _Recorder.group): given a listing's first page and its rows, a Sink
# to render it into, or None when the previous stage's files of that listing are kept.
Grouper = Callable[[str, list[Entry]], AbstractContextManager["Sink | None"]]

# How a listing longer than two pages is divided into listings of its own (each at an address of its own, under the
# listing's first page, which then lists them): a key of an entry (None: not divided), with a label and a sort order.
# Pages cut at a fixed count of rows move every row after a new one to the next page; cut by month, year, place, only
# the part a new document's due dates join changes (issue 15: a publish rebuilds the pages that changed).
Part = tuple[str, str, tuple[object, ...]]  # (slug of its address, label, sort key)
Level = Callable[[Entry], "Part | None"]


def by_month(e: Entry) -> Part | None:
    if e.due is None:
        return None
    return (f"thang-{e.due.month:02d}", f"{MONTHS[e.due.month]}/{e.due.year}", (e.due.year, e.due.month))


def by_year(e: Entry) -> Part | None:
    if e.due is None:
        return ("khong-ngay", "Không có ngày cụ thể", (1, 0))
    return (str(e.due.year), f"Năm {e.due.year}", (0, e.due.year))


def by_place(e: Entry) -> Part | None:
    j = e.doc.jurisdiction or "Không rõ địa bàn"
    return (_slug(j), j, (e.doc.jurisdiction is None, j))


@lru_cache(maxsize=4096)
def _slug(jurisdiction: str) -> str:
    return slugify(jurisdiction) or "khong-ro"  # asked once per entry: a corpus has few jurisdictions


def _document_year(e: Entry) -> Part:
    y = e.doc.year
    return (f"van-ban-nam-{y}" if y else "van-ban-khong-ro-nam", f"Văn bản năm {y}" if y else "Văn bản không rõ năm", (y is None, y or 0))


def by_document_year(e: Entry) -> Part | None:
    """An undated entry by the year of its document (dated ones: not divided)."""
    return None if e.due is not None else _document_year(e)


def by_dated_document_year(e: Entry) -> Part | None:
    """A dated entry by the year of its document (undated ones: not divided)."""
    return None if e.due is None else _document_year(e)


def by_place_of_month(e: Entry) -> Part | None:
    """A month's entries by jurisdiction: only where that makes few more pages (see SPARING)."""
    return by_place(e)


def parts_of(rows: list[Entry], level: Level) -> list[tuple[Part, list[Entry]]] | None:
    """`rows` divided by `level`, in the level's order, each part's rows in their order; None when not divided."""
    found: dict[str, tuple[Part, list[Entry]]] = {}
    for e in rows:
        part = level(e)
        if part is None:
            return None
        found.setdefault(part[0], (part, []))[1].append(e)
    return sorted(found.values(), key=lambda pe: pe[0][2])


def timeline_pages(
    env: jinja2.Environment, all_entries: list[Entry], size: int, out: Sink | None = None, group: Grouper | None = None
) -> Sink:
    """The timeline: an index of years and jurisdictions, pages by year and by jurisdiction (`size` rows each);
    into `out` when given, a year or a jurisdiction at a time; with `group`, each listing as a recorded group.

    A year longer than two pages is divided by month, a month by jurisdiction then by year of its documents (where
    that makes few more pages: SPARING), a jurisdiction by year, the undated entries by jurisdiction and year of their
    document (each while a part is longer than two pages): see `Level`."""
    pages: Sink = {} if out is None else out

    def listing(uri: str, title: str, es: list[Entry], levels: tuple[Level, ...]) -> None:
        # divided when longer than two pages: a new row changes at most two pages of an undivided one
        divided = parts_of(es, levels[0]) if levels and len(es) > 2 * size else None
        if divided is not None and levels[0] in SPARING and _pages(divided, size) > 1.5 * -(-len(es) // size):
            divided = None
        if divided is not None:
            rows = []
            for (slug, label, _), part in divided:
                child = listing_part_file(uri, slug)
                listing(child, f"{title} — {label}", part, levels[1:])
                rows.append((label, Safe("/" + child), len(part)))
            pages[uri] = env.get_template("timeline_parts.md.j2").render(title=title, parts=rows, total=len(es), column=_COLUMN[levels[0]])
            return
        if group is None:
            pages.update(_listing(env, uri, title, es, size))
            return
        with group(uri, es) as sink:
            if sink is not None:
                sink.update(_listing(env, uri, title, es, size))

    by_year_: dict[str, list[Entry]] = defaultdict(list)
    by_jur: dict[str, list[Entry]] = defaultdict(list)
    for e in all_entries:
        by_year_[str(e.due.year) if e.due else "khong-ngay"].append(e)
        by_jur[e.doc.jurisdiction or "Không rõ địa bàn"].append(e)
    years = []
    for y, es in sorted(by_year_.items()):
        uri = timeline_year_file(int(y) if y.isdigit() else None)
        title = f"Năm {y}" if y.isdigit() else "Không có ngày cụ thể"
        levels: tuple[Level, ...] = (by_month, by_place_of_month, by_dated_document_year) if y.isdigit() else (by_place, by_document_year)
        listing(uri, f"Thời hạn — {title}", es, levels)
        years.append((title, Safe("/" + uri), len(es)))
    jurs = []
    for j, es in sorted(by_jur.items()):
        uri = timeline_place_file(j)
        listing(uri, f"Thời hạn — {j}", es, (by_year, by_document_year))
        jurs.append((j, Safe("/" + uri), len(es)))
    dated = [e for e in all_entries if e.due]
    pages[TIMELINE] = env.get_template("timeline_index.md.j2").render(
        years=years, jurisdictions=jurs, total=len(all_entries), dated=len(dated),
        upcoming=table(dated, page_url(TIMELINE)) if len(dated) <= 60 else None,
    )
    return pages


_COLUMN: dict[Level, str] = {
    by_month: "Tháng", by_year: "Năm", by_place: "Địa bàn", by_document_year: "Năm của văn bản",
    by_place_of_month: "Địa bàn", by_dated_document_year: "Năm của văn bản",
}

# Levels that divide a listing only where its parts' pages are at most half as many again as its own: a month of
# 6,000 year-end deadlines (30 pages, each shifted by a new row) is 18 jurisdictions of 2 pages; a month of 500 would
# be 18 pages of a few rows instead of 3 (more pages for every build, to spare a publish two).
SPARING: frozenset[Level] = frozenset({by_place_of_month, by_dated_document_year})


def _pages(parts: list[tuple[Part, list[Entry]]], size: int) -> int:
    return sum(-(-len(rows) // size) for _, rows in parts)

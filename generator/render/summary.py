"""The answer first: under a document's card, who must do what and the nearest deadlines, with links down to the
full tables; and the jump links to the parts of the page.

Which deadline is "next" depends on the day a reader looks, not the day the site was built: every dated item carries
`data-next-due`, and docs/assets/pages.js marks the next one in the reader's browser. Without scripts the earliest
deadlines show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .agencies import ROLE_LABEL, DutyRow, TaskRow
from .markdown import Safe, dmy, html_block, html_escape
from .timeline import Entry

NEAREST = 3  # deadlines shown before the reader's script picks the next ones
_WHAT_LIMIT = 160


def _short(text: str, limit: int = _WHAT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


@dataclass(frozen=True)
class Jump:
    label: str
    anchor: str


def jumps(has_duties: bool, has_deadlines: bool, has_links: bool, original: str = "") -> Safe:
    """The links to the parts of a document's page, as a <nav>, and the download of the source file (`original`,
    relative to the page)."""
    out = [Jump("Toàn văn", "toan-van")]
    if has_duties:
        out.append(Jump("Ai làm gì", "ai-lam-gi"))
    if has_deadlines:
        out.append(Jump("Thời hạn", "thoi-han"))
    if has_links:
        out.append(Jump("Liên kết văn bản", "lien-ket"))
    links = "".join(f'<a href="#{j.anchor}">{html_escape(j.label)}</a>' for j in out)
    if original:
        links += f'<a class="vb-download" href="{html_escape(original)}" download>Tải văn bản gốc</a>'

    return html_block(f'<nav class="vb-jump" aria-label="Các phần của trang">{links}</nav>')


def summary_html(duties: tuple[DutyRow, ...], tasks: list[TaskRow], due: list[Entry]) -> Safe:
    """The summary box: counts of tasks and agencies, the agencies leading most, the dated deadlines (the first
    NEAREST visible), each linking to the part of the text where it stands."""
    if not tasks and not due:
        return Safe("")
    parts = ['<section class="vb-summary" aria-labelledby="tom-tat"><h2 id="tom-tat">Tóm tắt: ai làm gì, hạn nào</h2><ul>']
    if tasks:
        agencies = {r.agency for r in duties}
        most = Counter(r.agency for r in duties if r.role != ROLE_LABEL["collect"])  # work to do, not reports received
        ranked = sorted(most.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        top = ", ".join(f"{html_escape(name)} ({n} việc)" for name, n in ranked if n > 1)
        line = f"<strong>{len(tasks)} việc</strong> giao cho <strong>{len(agencies)} cơ quan, đơn vị</strong>"
        if top:
            line += f"; nhiều việc nhất: {top}"
        parts.append(f'<li>{line} — <a href="#ai-lam-gi">xem bảng «Ai làm gì»</a></li>')
    dated = [e for e in due if e.due is not None]
    undated = len(due) - len(dated)
    if due:
        line = f"<strong>{len(dated)} thời hạn có ngày</strong>"
        if undated:
            line += f", {undated} việc thường xuyên, định kỳ hoặc theo thời hạn không có ngày cụ thể"
        if dated:
            line += f"; hạn cuối cùng: {dmy(max(e.due for e in dated if e.due))}"
        parts.append(f'<li>{line} — <a href="#thoi-han">xem bảng «Thời hạn»</a></li>')
    parts.append("</ul>")
    if dated:
        parts.append('<p class="vb-next" hidden></p><ol class="vb-nearest">')
        for k, e in enumerate(dated):
            assert e.due is not None
            hidden = "" if k < NEAREST else " hidden"
            anchor = e.deadline.place.section or "mo-dau"
            parts.append(
                f'<li data-next-due="{e.due.isoformat()}"{hidden}><strong>{dmy(e.due)}</strong>: '
                f'<a href="#{html_escape(anchor)}">{html_escape(_short(e.what))}</a></li>'
            )
        parts.append("</ol>")
    parts.append("</section>")
    return html_block("".join(parts))


FOLD = 8  # rows of a long table shown before «Xem thêm»


def folded_table(rows: list[Entry]) -> Safe:
    """The deadlines of a document on its own page: the first FOLD rows, the rest in a <details> the reader opens
    (keyboard too)."""
    from .timeline import own_table_html

    if len(rows) <= FOLD + 2:
        return html_block(own_table_html(rows))
    more = len(rows) - FOLD
    return Safe(
        html_block(own_table_html(rows[:FOLD]))
        + "\n\n"
        + html_block(f'<details class="vb-more"><summary>Xem thêm {more} thời hạn</summary>{own_table_html(rows[FOLD:])}</details>')
    )

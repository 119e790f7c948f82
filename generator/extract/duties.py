"""Duties (trách nhiệm): which body must do what, in a parsed `Document` (domain.md §5).

`extract_duties(doc, deadlines)` walks the preamble (Place.section == "") and the section tree and
returns `models.Duty` values in document order. The forms it reads:

* an agency heading: a section whose title is a list of bodies ("8. Sở Nội vụ", "2. Sở Thông tin -
  Truyền thông, Đài Phát thanh - Truyền hình tỉnh:", "9. Đề nghị Ban Dân vận Tỉnh ủy"). Every block of
  the section and of its subsections is a duty of each of them: role "assigned", or "requested" after
  "Đề nghị". A block that opens with "Chủ trì" makes them "lead" (and the bodies after "phối hợp với"
  "support"), "Phối hợp" makes them "support", "Tham mưu" "advise", "Chỉ đạo Y ..." "direct" (Y is
  "assigned"). A block opening with "Yêu cầu"/"Đề nghị"/"Giao" addresses someone else and is read as
  running text; the closing formula "Trên đây là ..." is no duty;
* running text: "Giao X ..." (assigned), "Đề nghị X ..." (requested), "Yêu cầu X ..." (assigned),
  "Đối với X, ..." (assigned), and a block that opens with a body's name followed by a verb
  ("Các sở, ban ngành thường xuyên ..."). After X, "chủ trì[, phối hợp với Y]" makes X "lead" and Y
  "support", "tham mưu" makes X "advise", "chỉ đạo[, hướng dẫn] Y" makes X "direct" and Y "assigned";
* "X có trách nhiệm ..." (X may be a title standing for a body: "Thủ trưởng các Sở, ban ngành tỉnh");
  when nothing follows "có trách nhiệm", the bullets that follow are X's duties;
* seed 003's triples: "Chỉ đạo thực hiện: X" (direct), "Tham mưu, thực hiện: X" (advise), also
  "Chủ trì: X", "Phối hợp: X", "Thực hiện: X"; the duty text is the task (the section's paragraphs before
  the labels) and its deadlines include those of the "Thời gian thực hiện:" line;
* "(qua X)" and "về X để tổng hợp": X collects the reports ("collect");
* tables whose header names "... chủ trì", "... phối hợp", "Cơ quan/Đơn vị thực hiện": one duty per row
  and body; the text is the row's task cell(s).

Only names that `agencies.canonical_agency` accepts as bodies (with the document's jurisdiction and
issuer) become duties, so "các cơ quan, đơn vị liên quan" gives none. `Duty.agency` is the name as written
(cleaned of list marks and punctuation; a steering-committee role written without its body is completed
from the list, "Đồng chí Trưởng Ban" -> "Đồng chí Trưởng Ban Chỉ đạo tỉnh"). Outside section titles a name
that opens with a standard name ends with it and its place when lower-case words that are not part of a name
follow ("phối hợp với Công an tỉnh đồng thời tăng cường ..." -> "Công an tỉnh"; `agency_spans(..., trim=True)`).
The resolver should call `canonical_agency(duty.agency, doc.jurisdiction, issuer=doc.issuer)` to get the same identity.

A duty's deadlines are the indexes into `deadlines` (as `extract_deadlines(doc)` returns them) of those
found in the same section and block; for a table row, in the same row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..agencies import agency_spans, canonical_agency, starts_agency
from ..models import Block, Deadline, Document, Duty, Place, Section
from ..textutil import alternation
from ..vocab import VOCAB

__all__ = ["extract_duties"]

LEAD, SUPPORT, DIRECT, ADVISE, COLLECT, ASSIGNED, REQUESTED = (
    "lead",
    "support",
    "direct",
    "advise",
    "collect",
    "assigned",
    "requested",
)

# verbs and phrases that end a body's name in running text (lower case: names are capitalised)
_STOPS = VOCAB.name_enders  # generator/vocab/duty_cues.toml
_STOP_RE = re.compile("(?:" + "|".join(re.escape(s) for s in sorted(_STOPS, key=len, reverse=True)) + r")(?=[\s,.;:]|$)")
_WORD = re.compile(r"\S+")
_HARD = re.compile(r"[;.:()\"“”]")
_MAX_NAME_WORDS = 40
_MAX_SUBJECT = 400  # characters before "có trách nhiệm" searched for its subject

# words before a body that give it a duty, capitalised or not ("Giao X", "đề nghị X") -> the role
_BEFORE_ROLES = {w: c.role or ASSIGNED for c in VOCAB.before_body for w in c.words}
_TRIGGER = re.compile(rf"({alternation(w[:1].upper() + w[1:] for w in _BEFORE_ROLES)}|{alternation(_BEFORE_ROLES)})\s+")
_BLOCK_START = re.compile(r"^[\s*_]*")
_CLOSING = re.compile(r"^[\s*_]*Trên đây\b")
_OTHERS_WORDS = (w[:1].upper() + w[1:] for c in VOCAB.before_body if c.addresses_others for w in c.words)
_ADDRESSES_OTHERS = re.compile(rf"^[\s*_]*(?:{alternation(_OTHERS_WORDS)})\s")
# a word opening a block of an agency's section -> the role it gives the section's bodies
_OPENS = {w: c.role for c in VOCAB.opens_block for w in c.words}
_OPEN = re.compile(
    r"^[\s*_]*(" + "|".join(re.escape(w).replace(",\\ ", r"\s*,\s*") for w in sorted(_OPENS, key=len, reverse=True)) + r")(?!\w)"
)
_SPACES = re.compile(r"\s+")
_WITH = re.compile(r"[\s,]*(?:và\s+)?phối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+")
# verbs right after a body -> the cue: its role, or the role of the body it asks
_AFTER_CUES = {w: c for c in VOCAB.after_body for w in c.words}
_AFTER_X = re.compile(rf"[\s,*_]*({alternation(_AFTER_CUES)})\b\s*")
_DIRECT_Y = re.compile(r"chỉ đạo(?:\s*,\s*hướng dẫn)?\s+")
_RESPONSIBLE = re.compile(r"\b(?:có|chịu) trách nhiệm\b")
_VIA = re.compile(r"\(\s*[*_]*\s*qua\s+([^()]{1,100})\)")
_TO_COLLECT = re.compile(r"\bvề\s+([^;.()]{1,80}?)\s+để\s+tổng hợp")
# a label that opens a line ("Chủ trì: X", "Thời gian thực hiện: ...") -> the role it gives (None: a time line)
_LABEL_ROLES = {w: c.role for c in VOCAB.duty_labels for w in c.words}
_LABEL = re.compile(rf"^[\s*_]*({alternation(_LABEL_ROLES)})[\s*_]*:[\s*_]*")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)

Mention = tuple[str, int, int]  # name, start, end (in the searched text)


def _label_role(label: str) -> str | None:
    """Role of a triple label; None for "Thời gian thực hiện" (a deadline line)."""
    return _LABEL_ROLES[label]


@dataclass
class _Out:
    """Collects duties of one document, once per (agency, role, section, block)."""

    jurisdiction: str | None
    issuer: str | None
    deadlines: tuple[Deadline, ...]
    duties: list[Duty] = field(default_factory=list)
    seen: set[tuple[str, str, str, int]] = field(default_factory=set)

    def known(self, name: str) -> bool:
        return canonical_agency(name, self.jurisdiction, issuer=self.issuer) is not None

    def mentions(self, text: str, start: int, end: int, *, first: bool = False) -> list[Mention]:
        """The bodies named in text[start:end], with spans in `text`.

        With `first`, the text must open with a body's name (running text: "Thực hiện Kế hoạch ... giữa
        Ủy ban nhân dân tỉnh và Ban Dân vận Tỉnh ủy" names no subject), else nothing is returned.
        """
        spans = agency_spans(text[start:end], trim=True)
        if first and (not spans or not self.known(spans[0][0])):
            return []
        return [(n, start + s, start + e) for n, s, e in spans if self.known(n)]

    def deadlines_in(self, anchor: str, blocks: Iterable[int], span: tuple[int, int] | None = None) -> tuple[int, ...]:
        wanted = set(blocks)
        return tuple(
            k
            for k, d in enumerate(self.deadlines)
            if d.place.section == anchor and d.place.block in wanted and (span is None or span[0] <= d.place.start < span[1])
        )

    def add(self, name: str, role: str, text: str, place: Place, deadlines: tuple[int, ...]) -> None:
        agency = canonical_agency(name, self.jurisdiction, issuer=self.issuer)
        if agency is None:
            return
        key = (agency.id, role, place.section, place.block)
        if key in self.seen:
            return
        self.seen.add(key)
        self.duties.append(Duty(name, role, text, place, deadlines))


# --- names in running text ------------------------------------------------------------------------


def _name_end(text: str, pos: int) -> int:
    """End of the name (or list of names) starting at `pos`: before the first verb or hard punctuation."""
    end = pos
    previous = ""
    for count, m in enumerate(_WORD.finditer(text, pos)):
        word = m.group(0)
        if count >= _MAX_NAME_WORDS:
            break
        if previous not in ("các", "những") and _STOP_RE.match(text, m.start()):
            break
        hard = _HARD.search(word)
        if hard:
            if hard.start() > 0:
                end = m.start() + hard.start()
            break
        end = m.end()
        previous = word.rstrip(",")
    while end > pos and text[end - 1] in ", *_":
        end -= 1
    return end


def _next_is_verb(text: str, end: int) -> bool:
    rest = text[end:].lstrip(" ,*_")
    return bool(rest) and rest[0].islower()


# --- one block ------------------------------------------------------------------------------------


def _place(anchor: str, index: int, block: Block, start: int, end: int) -> Place:
    return Place(anchor, index, start, end, block.line_at(start))


def _subject_duties(out: _Out, anchor: str, index: int, block: Block, pos: int, role: str, deadlines: tuple[int, ...]) -> int:
    """Duties of the bodies named at `pos` (X) and of those after "phối hợp với"/"chỉ đạo" (Y); the end of X."""
    text = block.text
    end = _name_end(text, pos)
    subjects = out.mentions(text, pos, end, first=True)
    if not subjects:
        return pos
    verb = _AFTER_X.match(text, end)
    x_role = role
    others: list[tuple[Mention, str]] = []
    if verb:
        cue = _AFTER_CUES[verb.group(1)]
        if cue.next_role is not None:
            # X is the one who asks ("Ban Chấp hành Trung ương Đảng yêu cầu ..."): the duty is Y's
            return _subject_duties(out, anchor, index, block, verb.end(), cue.next_role, deadlines) if verb.end() < len(text) else end
        if cue.role == LEAD:
            x_role = LEAD if role != REQUESTED else role
            with_ = _WITH.match(text, verb.end())
            if with_:
                others = [(m, SUPPORT) for m in out.mentions(text, with_.end(), _name_end(text, with_.end()), first=True)]
        elif cue.role == ADVISE and role != REQUESTED:
            x_role = ADVISE
        elif cue.role == DIRECT:
            x_role = DIRECT if role != REQUESTED else role
            y = _DIRECT_Y.match(text, verb.start(1))
            if y and role != REQUESTED:
                others = [(m, ASSIGNED) for m in out.mentions(text, y.end(), _name_end(text, y.end()), first=True)]
    for name, s, e in subjects:
        out.add(name, x_role, text, _place(anchor, index, block, s, e), deadlines)
    for (name, s, e), r in others:
        out.add(name, r, text, _place(anchor, index, block, s, e), deadlines)
    return end


def _responsible(out: _Out, text: str) -> tuple[list[Mention], bool]:
    """Bodies before "có trách nhiệm" and whether the sentence stops there (the bullets that follow are theirs)."""
    m = _RESPONSIBLE.search(text)
    if not m:
        return [], False
    head = text[: m.start()]
    sentence = max(head.rfind(". "), head.rfind("; "), head.rfind(": "))
    begin = max(sentence + 2 if sentence >= 0 else 0, len(head) - _MAX_SUBJECT)
    candidates = [begin] + [i + 1 for i, c in enumerate(head) if c == "," and i >= begin]
    for c in candidates:
        start = c + len(head[c:]) - len(head[c:].lstrip(" *_"))
        spans = agency_spans(head[start:], trim=True)
        if spans and out.known(spans[0][0]):
            found = [(n, start + s, start + e) for n, s, e in spans if out.known(n)]
            rest = text[m.end() :].strip(" :.*_")
            return found, len(rest.split()) <= 2
    return [], False


def _inline(out: _Out, anchor: str, index: int, block: Block, deadlines: tuple[int, ...]) -> list[Mention]:
    """Running-text forms in one block; returns the bodies whose duties are the bullets that follow."""
    text = block.text
    done_until = -1
    for m in _TRIGGER.finditer(text):
        before = text[: m.start()].rstrip(" *_")
        if before and before[-1] not in ".;:!?":
            continue
        if m.start() < done_until:
            continue
        role = _BEFORE_ROLES[m.group(1).lower()]
        done_until = _subject_duties(out, anchor, index, block, m.end(), role, deadlines)
    start = _BLOCK_START.match(text)
    pos = start.end() if start else 0
    if not _TRIGGER.match(text, pos) and starts_agency(text[pos : pos + 120]):
        end = _name_end(text, pos)
        if end > pos and _next_is_verb(text, end) and not _RESPONSIBLE.match(text[end:].lstrip(" ,*_")):
            _subject_duties(out, anchor, index, block, pos, ASSIGNED, deadlines)
    found, open_list = _responsible(out, text)
    if found and not open_list:
        for name, s, e in found:
            out.add(name, ASSIGNED, text, _place(anchor, index, block, s, e), deadlines)
    return found if open_list else []


def _collects(out: _Out, anchor: str, index: int, block: Block, deadlines: tuple[int, ...]) -> None:
    text = block.text
    for pattern in (_VIA, _TO_COLLECT):
        for m in pattern.finditer(text):
            for name, s, e in out.mentions(text, m.start(1), m.end(1), first=True):
                out.add(name, COLLECT, text, _place(anchor, index, block, s, e), deadlines)


def _heading_duties(
    out: _Out,
    heading: tuple[str, list[str]],
    anchor: str,
    index: int,
    block: Block,
    deadlines: tuple[int, ...],
) -> None:
    base, names = heading
    text = block.text
    role = base
    others: list[tuple[Mention, str]] = []
    opening = _OPEN.match(text) if base != REQUESTED else None
    opens = _OPENS[re.sub(r"\s*,\s*", ", ", opening.group(1))] if opening else None
    if opening and opens == LEAD:
        role = LEAD
        with_ = _WITH.match(text, opening.end())
        if with_:
            others = [(m, SUPPORT) for m in out.mentions(text, with_.end(), _name_end(text, with_.end()), first=True)]
    elif opening and opens == DIRECT:
        spaces = _SPACES.match(text, opening.end())  # "Chỉ đạo" then the bodies it directs
        if spaces:
            role = DIRECT
            others = [(m, ASSIGNED) for m in out.mentions(text, spaces.end(), _name_end(text, spaces.end()), first=True)]
    elif opens is not None:
        role = opens
    whole = _place(anchor, index, block, 0, len(text))
    for name in names:
        out.add(name, role, text, whole, deadlines)
    for (name, s, e), r in others:
        out.add(name, r, text, _place(anchor, index, block, s, e), deadlines)


# --- tables ---------------------------------------------------------------------------------------


def _table_duties(out: _Out, anchor: str, index: int, block: Block) -> None:
    rows = block.rows
    if len(rows) < 2:
        return
    header = [h.lower() for h in rows[0]]
    columns: dict[int, str] = {}
    for c, h in enumerate(header):
        if "chủ trì" in h:
            columns[c] = LEAD
        elif "phối hợp" in h:
            columns[c] = SUPPORT
        elif re.search(r"(?:cơ quan|đơn vị)[^|]{0,20}thực hiện|trách nhiệm", h):
            columns[c] = ASSIGNED
    if not columns:
        return
    tasks = [c for c, h in enumerate(header) if c not in columns and re.search(r"nội dung|nhiệm vụ|công việc|hoạt động", h)]
    layout = block.table_layout  # offsets in the table's searched text, as the deadlines' places
    offsets = layout.cells
    for r in range(1, len(rows)):
        row = rows[r]
        text = " ".join(row[c] for c in tasks if c < len(row) and row[c]).strip()
        if not text:
            text = " | ".join(cell for c, cell in enumerate(row) if c not in columns and cell and not cell.isdigit())
        row_start = layout.rows[r]
        row_end = layout.rows[r + 1] if r + 1 < len(rows) else layout.end + 1
        deadlines = out.deadlines_in(anchor, [index], (row_start, row_end))
        for c, role in columns.items():
            if c >= len(row):
                continue
            cell = _BR.sub(lambda m: ";" + " " * (len(m.group(0)) - 1), row[c])
            for name, s, e in out.mentions(cell, 0, len(cell)):
                base = offsets[r][c]
                out.add(name, role, text, Place(anchor, index, base + s, base + e, block.line), deadlines)


# --- sections ------------------------------------------------------------------------------------


def _heading(out: _Out, title: str) -> tuple[str, list[str]] | None:
    """(role, names) when a section title is a list of bodies: "Sở Nội vụ", "Đề nghị Ban Dân vận Tỉnh ủy"."""
    title = title.strip().rstrip(":").strip()
    if not title or len(title) > 250:
        return None
    spans = agency_spans(title)
    if not spans or not all(out.known(n) for n, _, _ in spans):
        return None
    role = REQUESTED if re.match(r"^[\s*_]*Đề nghị\b", title) else ASSIGNED
    return role, [n for n, _, _ in spans]


def _blocks(
    out: _Out,
    anchor: str,
    title: str,
    blocks: tuple[Block, ...],
    heading: tuple[str, list[str]] | None,
) -> None:
    labels = {i: _LABEL.match(b.text) for i, b in enumerate(blocks) if b.kind in ("paragraph", "bullet")}
    role_labels = [i for i, m in labels.items() if m and _label_role(m.group(1)) is not None]
    task_blocks: list[int] = []
    task_text = ""
    time_blocks: list[int] = []
    if role_labels:
        first = min(role_labels)
        task_blocks = [i for i in range(first) if blocks[i].kind in ("paragraph", "bullet") and not labels.get(i)]
        task_text = "\n".join(blocks[i].text for i in task_blocks) or title
        time_blocks = [i for i, m in labels.items() if m and _label_role(m.group(1)) is None]
    open_subjects: list[Mention] = []
    for i, block in enumerate(blocks):
        if block.kind == "footnote":
            continue
        if block.kind == "table":
            open_subjects = []
            _table_duties(out, anchor, i, block)
            continue
        if _CLOSING.match(block.text):
            open_subjects = []
            continue
        deadlines = out.deadlines_in(anchor, [i])
        label = labels.get(i)
        if role_labels and label:
            role = _label_role(label.group(1))
            if role is not None:
                own = out.deadlines_in(anchor, [*task_blocks, *time_blocks, i])
                for name, s, e in out.mentions(block.text, label.end(), len(block.text)):
                    out.add(name, role, task_text, _place(anchor, i, block, s, e), own)
            continue
        if heading and not _ADDRESSES_OTHERS.match(block.text):
            _heading_duties(out, heading, anchor, i, block, deadlines)
            open_subjects = []
        elif open_subjects and block.kind == "bullet":
            for name, _s, _e in open_subjects:
                out.add(name, ASSIGNED, block.text, _place(anchor, i, block, 0, len(block.text)), deadlines)
        else:
            open_subjects = _inline(out, anchor, i, block, deadlines)
        _collects(out, anchor, i, block, deadlines)


def _walk(out: _Out, section: Section, heading: tuple[str, list[str]] | None) -> None:
    own = _heading(out, section.title) if section.title else None
    if own is not None:
        heading = own
    _blocks(out, section.anchor, section.title, section.blocks, heading)
    for child in section.children:
        _walk(out, child, heading)


def extract_duties(doc: Document, deadlines: tuple[Deadline, ...] = ()) -> tuple[Duty, ...]:
    """Every duty of `doc`, in document order; `deadlines` are the document's (see module docstring)."""
    out = _Out(doc.jurisdiction, doc.issuer, tuple(deadlines))
    _blocks(out, "", "", doc.preamble, None)
    for section in doc.sections:
        _walk(out, section, None)
    return tuple(out.duties)

"""What each citation means (its relation) and when the document itself takes effect.

Public functions:

- `relate(doc, citations)`: the citations of `doc` with `Citation.relation` set from each one's sentence and place,
  plus the instruments its title acts on (`Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế`);
- `classify(text, start, end, ...)`: the relation of one mention in one string (the table tests use it);
- `extract_effect(doc)`: the document's own effect clause (`Thông tư này có hiệu lực thi hành kể từ ngày ...`).

Relations (`RELATIONS`): "basis" (a preamble's `Căn cứ ...`), "implements" (the opening `Thực hiện ...`,
`Triển khai ...` of a plan, or a title `Kế hoạch thực hiện Chỉ thị số ...`), "amends" (`sửa đổi, bổ sung`),
"replaces" (`thay thế`), "repeals" (`bãi bỏ`, `... hết hiệu lực`), "guides" (`quy định chi tiết`, `hướng dẫn
(thi hành)`), else "mentions". The rules read set phrases (`CUES`, data), never a file:

* an opening cue (`Căn cứ`, `Thực hiện`) at the start of a sentence of the preamble (or of the title) governs every
  citation of that sentence, up to its end or the next opening cue ("Thực hiện A; B và C. UBND tỉnh ban hành ...");
* a verb cue governs the citations after it in its clause (up to `;`, `:` or the sentence's end), the nearest cue
  winning, when the document itself is its subject: not after `được`, `bị`, `đã`, `theo`, `tại` ("đã được sửa
  đổi, bổ sung bởi", "theo hướng dẫn tại" are about other documents), and not when another instrument stands before
  the cue in the clause ("Thông tư số 08/2024/TT-BLĐTBXH sửa đổi Thông tư số 21/2021/TT-BLĐTBXH" speaks of 08's act);
* an expiry cue (`hết hiệu lực`) governs the citations before it in its clause;
* a lead-in ending with ":" whose cue found nothing to act on ("Các Thông tư sau hết hiệu lực:") passes its relation
  to the list under it (the khoản's điểm, the following bullets);
* a consolidated text (văn bản hợp nhất) enacts nothing: what it says was amended, replaced or repealed is reported by
  it, not done by it, so those citations are mentions.

All regexes use bounded repetitions only.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from generator.models import Block, Citation, CitationMention, Document, Effect, Place, Section

from ..vocab import VOCAB
from .citations import find_citations

__all__ = ["CUES", "EFFECT_SUBJECTS", "RELATIONS", "Effect", "classify", "extract_effect", "relate"]

RELATIONS = ("basis", "implements", "amends", "replaces", "repeals", "guides", "mentions")

# --- data: the set phrases, from generator/vocab/relations.toml --------------------------------------------------
#
# CUES: (relation, kind, phrase). kind: "opening" governs its sentence from the start of a sentence of the preamble or
# title; "verb" governs the citations after it in its clause; "expire" the citations before it.
CUES: tuple[tuple[str, str, str], ...] = VOCAB.relation_cues
# Words right before a verb cue that make it someone else's act or a noun ("đã được sửa đổi", "theo hướng dẫn").
CUE_BLOCKERS = VOCAB.relation_words["cue_blockers"]
# Verb cues that act on the document only in a title ("thực hiện" runs through every plan's body).
TITLE_ONLY_VERBS = VOCAB.relation_words["title_only_verbs"]
# A list under a lead-in ("Bãi bỏ các văn bản sau:") lists the instruments acted on only for these relations.
LIST_RELATIONS = VOCAB.relation_words["list_relations"]
# "<type> này có hiệu lực ...": the subjects of the document's own effect clause.
EFFECT_SUBJECTS = VOCAB.relation_words["effect_subjects"]
# Effect starting on a day the text names by an event: the date of signing (the document's own date).
EFFECT_FROM_SIGNING = VOCAB.relation_words["effect_from_signing"]

# -------------------------------------------------------------------------------------------------------------------


def _words(phrase: str) -> str:
    parts = []
    for word in phrase.split():
        core = word.rstrip(",")
        parts.append(re.escape(core) + (r"\s{0,2}," if word.endswith(",") else ""))
    return r"\s{1,3}".join(parts)


_CUE_ROWS = sorted(CUES, key=lambda row: -len(row[2]))
# Every cue starts a word with one of a few letters: the lookahead lets the engine skip every other position before
# it tries the alternatives one by one (the same matches, in a tenth of the time).
_CUE_FIRST = "".join(sorted({c for _, _, p in _CUE_ROWS for c in (p[0].lower(), p[0].upper())}))
_CUE_RE = re.compile(
    rf"(?<!\w)(?=[{re.escape(_CUE_FIRST)}])(?:"
    + "|".join(rf"(?P<c{i}>{_words(p)}(?!\w))" for i, (_, _, p) in enumerate(_CUE_ROWS))
    + ")",
    re.IGNORECASE,
)
_BLOCK_RE = re.compile(rf"(?<!\w)(?:{'|'.join(_words(w) for w in CUE_BLOCKERS)})\s{{1,3}}\Z", re.IGNORECASE)
# Clause ends: ";", ":", a sentence's full stop, a line break; a list lead-in ends with ":".
_CLAUSE_END_RE = re.compile(r"[;:\n|]|\.(?=\s{1,3}[^\W\d_a-zđ])|\.\Z")
_SENTENCE_END_RE = re.compile(r"\.(?=\s{1,3}[^\W\d_a-zđ])|[\n|]")
_LEAD_IN_RE = re.compile(r":[\s\"“]{0,3}\Z")
_NUMBERING_RE = re.compile(r"\A[\s\"“(]{0,3}(?:(?:\d{1,3}|[a-zđ]|[IVXLC]{1,6})[.)]\s{1,3})?")
_TYPE_WORD_ALT = (
    r"(?:Bộ\s{1,3}luật|Luật|Pháp\s{1,3}lệnh|Nghị\s{1,3}quyết|Nghị\s{1,3}định|Quyết\s{1,3}định|Thông\s{1,3}tư"
    r"(?:\s{1,3}liên\s{1,3}tịch)?|Chỉ\s{1,3}thị|Kế\s{1,3}hoạch|Công\s{1,3}văn|Văn\s{1,3}bản|Hướng\s{1,3}dẫn"
    r"|Quy\s{1,3}định|Quy\s{1,3}chế|Chương\s{1,3}trình|Đề\s{1,3}án|Kết\s{1,3}luận|Thông\s{1,3}báo)"
)
_SELF_SUBJECT_RE = re.compile(rf"(?<!\w){_TYPE_WORD_ALT}\s{{1,3}}này(?!\w)", re.IGNORECASE)
_ISSUES_RE = re.compile(rf"(?<!\w)ban\s{{1,3}}hành\s{{1,3}}{_TYPE_WORD_ALT}(?:\s{{1,3}}liên\s{{1,3}}tịch)?\s{{0,3}}\Z", re.IGNORECASE)
# Between a verb cue and its instrument stand the parts acted on ("một số điều của", "khoản 2 Điều 5",
# "Phụ lục I ban hành kèm theo"), never a new clause: "bổ sung kinh phí theo Quyết định số ..." does not amend it.
_GLUE_STOP_RE = re.compile(
    r"(?<!kèm)\s(?:theo|để|nhằm|bởi|do|như\s{1,3}sau|căn\s{1,3}cứ|trên\s{1,3}cơ\s{1,3}sở|phù\s{1,3}hợp)(?!\w)",
    re.IGNORECASE,
)
_OPENING_REACH = 100  # "Thực hiện ý kiến chỉ đạo của Thủ tướng Chính phủ tại Công văn số ..."
# What a guiding document guides is often named after "quy định tại": "Thông tư này hướng dẫn việc ủy quyền ... theo
# quy định tại Nghị định số 35/2022/NĐ-CP", "Nghị định này hướng dẫn thực hiện cơ chế ... quy định tại Nghị quyết số ...".
_GUIDES_GLUE_STOP_RE = re.compile(
    r"(?<!kèm)\s(?:theo(?!\s{1,3}quy\s{1,3}định\s{1,3}(?:tại|của))|để|nhằm|bởi|do|như\s{1,3}sau|căn\s{1,3}cứ"
    r"|trên\s{1,3}cơ\s{1,3}sở|phù\s{1,3}hợp)(?!\w)",
    re.IGNORECASE,
)
_MAX_REACH = 260
_EXPIRE_REACH = 500  # "Thông tư số ... ngày ... của Bộ trưởng ... quy định ... (two long titles) hết hiệu lực"  # characters from a verb cue to the instrument it acts on ("bãi bỏ điểm a khoản 2 Điều 10, ... của")


@dataclass(frozen=True)
class _Cue:
    relation: str
    kind: str
    start: int
    end: int


def _cues(text: str) -> list[_Cue]:
    found = []
    for m in _CUE_RE.finditer(text):
        name = m.lastgroup
        assert name is not None
        relation, kind, _ = _CUE_ROWS[int(name[1:])]
        found.append(_Cue(relation, kind, m.start(), m.end()))
    return found


def _blocked(text: str, cue: _Cue) -> bool:
    return _BLOCK_RE.search(text, max(0, cue.start - 20), cue.start) is not None


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in _CLAUSE_END_RE.finditer(text, max(0, start - 600), start):
        left = m.end()
    found = _CLAUSE_END_RE.search(text, end)
    return left, (found.start() if found else len(text))


def _opening(text: str, start: int, opening: bool, firsts: tuple[int, ...] = ()) -> str | None:
    """The relation of an opening cue that governs the sentence where `start` stands, if any. `firsts`: where the
    mentions of the text start; the cue must reach its first instrument soon ("Thực hiện Kế hoạch số ...", not
    "Thực hiện thí điểm quản lý lao động ... Nghị định số ...")."""
    if not opening:
        return None
    left = 0
    for m in _SENTENCE_END_RE.finditer(text, max(0, start - 1500), start):
        left = m.end()
    head = _NUMBERING_RE.match(text, left)
    pos = head.end() if head else left
    best: _Cue | None = None
    for cue in _cues(text[:start]):
        if cue.start < left or cue.kind != "opening":
            continue
        # an opening cue counts at the sentence's start, or after a ";" ("Căn cứ A; Thực hiện B")
        before = text[left : cue.start].rstrip()
        if cue.start == pos or (before.endswith(";") and text[cue.start].isupper()):
            best = cue
    if best is None:
        return None
    first = min((s for s in firsts if s >= best.end), default=start)
    return best.relation if first - best.end <= _OPENING_REACH else None


def classify(
    text: str,
    start: int,
    end: int,
    others: tuple[tuple[int, int], ...] = (),
    *,
    opening: bool = False,
    title: bool = False,
    consolidated: bool = False,
) -> str | None:
    """The relation of the mention at text[start:end], or None when no cue governs it (a mention, unless a list
    lead-in above gives one). `others`: spans of the other non-self mentions of `text`; `opening`: the text is in
    the preamble (or is the title), where `Căn cứ`/`Thực hiện` open sentences; `title`: the text is the document's
    title, whose subject is the document; `consolidated`: a văn bản hợp nhất, which enacts nothing."""
    relation = _opening(text, start, opening or title, tuple(sorted({start, *(s for s, _ in others)})))
    if relation is None:
        relation = _verb(text, start, end, others, title)
    if consolidated and relation in {"amends", "replaces", "repeals"}:
        return None
    return relation


def _subject_ok(before: str, title: bool) -> bool:
    """Whether the text of the clause before a verb cue leaves the document itself as the cue's subject: nothing
    (an article's heading, a khoản), a fronted phrase ending with ",", "<type> này", or "ban hành <type>"."""
    if title:
        return True
    head = _NUMBERING_RE.match(before)
    rest = before[head.end() if head else 0 :].strip()
    return not rest or rest.endswith(",") or bool(_SELF_SUBJECT_RE.search(rest)) or bool(_ISSUES_RE.search(rest))


def _verb(text: str, start: int, end: int, others: tuple[tuple[int, int], ...], title: bool) -> str | None:
    left, right = _clause_bounds(text, start, end)
    cues = _cues(text[left:right])
    before = [c for c in cues if c.kind != "opening" and left + c.end <= start]
    if before:
        cue = before[-1]
        c_start, c_end = left + cue.start, left + cue.end
        if cue.kind == "verb" and start - c_end <= _MAX_REACH:
            if (
                _blocked(text, _Cue("", "", c_start, c_end))
                or (_GUIDES_GLUE_STOP_RE if cue.relation == "guides" else _GLUE_STOP_RE).search(text, c_end, start)
                or any(left <= s and e <= c_start for s, e in others)  # another instrument is the subject
                or not _subject_ok(text[left:c_start], title)
                or (cue.relation in TITLE_ONLY_VERBS and not title)
            ):
                return None  # the nearest cue is someone else's act: an earlier one does not reach across it
            return cue.relation
    after = [c for c in cues if c.kind == "expire" and left + c.start >= end]
    if after:
        cue = after[0]
        c_start = left + cue.start
        # what stands between is the instrument's own description ("... quy định chi tiết ... hết hiệu lực"), and
        # another instrument joined by "và" is expired with it
        if not _blocked(text, _Cue("", "", c_start, c_start)) and c_start - end <= _EXPIRE_REACH:
            return cue.relation
    return None


def _open_lead_in(text: str, heading: bool = False) -> str | None:
    """The relation a lead-in passes to the list under it ("Bãi bỏ các văn bản sau:", "Các Thông tư sau đây hết
    hiệu lực:"): only a repeal or a replacement, whose list items are the instruments; the list under "Sửa đổi
    khoản 2 như sau:" is new wording, whose citations are mentions. A heading has lost its ":"."""
    if not heading and not _LEAD_IN_RE.search(text):
        return None
    body = text.rstrip(" :\"“")
    left, _ = _clause_bounds(body, len(body), len(body))
    clause = body[left:]
    if any(m.family != "self" for m in find_citations(clause)):
        return None  # the cue found its instrument in the lead-in itself
    cues = [c for c in _cues(clause) if c.kind in {"verb", "expire"}]
    if not cues or cues[-1].relation not in LIST_RELATIONS or _blocked(clause, cues[-1]):
        return None
    if cues[-1].kind == "verb" and not _subject_ok(clause[: cues[0].start], False):
        return None  # "Văn bản sửa đổi, bổ sung, thay thế, bãi bỏ một phần:" names a kind of document, acts on none
    if heading and not re.search(r"(?<!\w)sau(?:\s{1,3}đây)?(?!\w)", clause):
        return None  # a heading passes its cue down only when it announces a list ("... các văn bản sau")
    return cues[-1].relation


# --- over a document ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Where:
    text: str
    opening: bool
    inherited: str | None
    offset: int = 0  # where the block's own text starts in `text` (after the sentence it continues)


# A paragraph that ends without a stop ("... ban hành Thông tư sửa đổi, bổ sung một số điều của") is a sentence cut
# by the PDF's line breaks: the next paragraph is read with it.
_STOPS = ".;:!?…\"”)"


def _open_end(text: str) -> bool:
    """The paragraph ends without a stop (a trailing space counts as no stop)."""
    return bool(text) and text[-1] not in _STOPS
_CARRY = 600


def _carried(carry: str, text: str) -> tuple[str, int]:
    if not carry:
        return text, 0
    return carry + " " + text, len(carry) + 1


def _next_carry(carry: str, block: Block, text: str) -> str:
    if block.kind != "paragraph" or not _open_end(text):
        return ""
    return (carry + " " + text if carry else text)[-_CARRY:]


def _places(doc: Document) -> dict[tuple[str, int], _Where]:
    """Every searched string of the document by (section anchor, block index), as extract_citations numbers them,
    with whether it opens the document and the relation a lead-in above it passes down."""
    out: dict[tuple[str, int], _Where] = {}
    pending: str | None = None
    carry = ""
    for i, block in enumerate(doc.preamble):
        text = block.searched_text
        joined, offset = _carried(carry, text)
        out.setdefault(("", i), _Where(joined, True, pending, offset))
        pending = _open_lead_in(text) or pending
        carry = _next_carry(carry, block, text)
    for section in doc.sections:
        _section_places(section, None, out)
    return out


def _section_places(section: Section, inherited: str | None, out: dict[tuple[str, int], _Where]) -> None:
    out.setdefault((section.anchor, -1), _Where(section.title, False, inherited))
    pending = (_open_lead_in(section.title, heading=True) if section.title else None) or inherited
    carry = ""
    for i, block in enumerate(section.blocks):
        text = block.searched_text
        joined, offset = _carried(carry, text)
        out.setdefault((section.anchor, i), _Where(joined, False, pending, offset))
        pending = _open_lead_in(text) or pending
        carry = _next_carry(carry, block, text)
    for child in section.children:
        _section_places(child, pending, out)


_PART_RE = re.compile(
    r"(?<!\w)(?:Điều|khoản|điểm|Phụ\s{1,3}lục|Mẫu|mẫu\s{1,3}biểu|biểu\s{1,3}mẫu|cụm\s{1,3}từ|từ|một\s{1,3}số|một\s{1,3}phần"
    r"|Chương|Mục|tiết|các\s{1,3}quy\s{1,3}định)(?!\w)",
    re.IGNORECASE,
)


def _item_start(text: str, start: int) -> bool:
    head = _NUMBERING_RE.match(text)
    return start - (head.end() if head else 0) <= 40


def _partial(text: str, c: Citation, relation: str) -> bool:
    """Whether an amendment, replacement or repeal touches part of the instrument only ("bãi bỏ khoản 3 Điều 5 của
    Thông tư số ...", "Thay thế Phụ lục I ban hành kèm theo ...", "Khoản 2 Điều 7 Nghị định số ... hết hiệu lực")."""
    if relation not in {"amends", "replaces", "repeals"}:
        return False
    if relation == "amends" or c.mention.pinpoint:
        return True
    left, _ = _clause_bounds(text, c.place.start, c.place.end)
    return bool(_PART_RE.search(text, left, c.place.start))


def _is_consolidated(doc: Document) -> bool:
    return doc.type_code == "VBHN" or bool(doc.reference and "VBHN" in doc.reference.upper())


def relate(doc: Document, citations: tuple[Citation, ...]) -> tuple[Citation, ...]:
    """`citations` (as extract_citations gives them for `doc`) with their relation set, followed by the instruments
    the title acts on (place: section "", block -1, offsets in the title) when the title names one."""
    places = _places(doc)
    consolidated = _is_consolidated(doc)
    spans: dict[tuple[str, int], tuple[tuple[int, int], ...]] = {}
    for c in citations:
        if c.mention.family != "self":
            key = (c.place.section, c.place.block)
            spans[key] = spans.get(key, ()) + ((c.place.start, c.place.end),)
    out: list[Citation] = []
    for c in citations:
        if c.mention.family == "self":
            out.append(c)
            continue
        key = (c.place.section, c.place.block)
        where = places.get(key)
        if where is None:
            out.append(c)
            continue
        k = where.offset
        others = tuple((a + k, b + k) for a, b in spans.get(key, ()) if (a, b) != (c.place.start, c.place.end))
        start, end = c.place.start + k, c.place.end + k
        relation = classify(where.text, start, end, others, opening=where.opening, consolidated=consolidated)
        if relation is None and where.inherited and not consolidated and not k:
            # a list item under "Bãi bỏ các văn bản sau:" is the instrument it starts with
            first = min((s for s, _ in spans.get(key, ())), default=c.place.start)
            if first == c.place.start and _item_start(where.text, c.place.start):
                relation = where.inherited
        relation = relation or "mentions"
        shifted = dataclasses.replace(c, place=dataclasses.replace(c.place, start=start, end=end))
        out.append(dataclasses.replace(c, relation=relation, partial=_partial(where.text, shifted, relation)))
    out.extend(_title_citations(doc, out, consolidated))
    return tuple(out)


def _title_citations(doc: Document, body: list[Citation], consolidated: bool) -> Iterator[Citation]:
    """What the title acts on: "Sửa đổi, bổ sung một số điều của Thông tư số 21/2021/TT-BLĐTBXH", "Quy định chi tiết
    một số điều của Luật Việc làm". A law named without number whose number the body gives ("Luật Bảo hiểm y tế số
    25/2008/QH12") is that numbered instrument."""
    title = doc.title or ""
    if not title or consolidated:
        return
    if title.isupper():  # "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT BẢO HIỂM Y TẾ": read as "Sửa Đổi, ... Luật Bảo Hiểm Y Tế"
        title = re.sub(r"[^\W\d_]{2,}(?![\w/-])", lambda w: w.group(0)[0] + w.group(0)[1:].lower(), title)
    mentions = [m for m in find_citations(title) if m.family != "self"]
    spans = tuple((m.start, m.end) for m in mentions)
    for m in mentions:
        others = tuple(s for s in spans if s != (m.start, m.end))
        relation = classify(title, m.start, m.end, others, title=True)
        if relation is None or relation == "basis":
            continue
        mention = _numbered_twin(m, body) if m.family == "named" else m
        citation = Citation(mention, Place("", -1, m.start, m.end, doc.first_line), relation)
        yield dataclasses.replace(citation, partial=_partial(title, citation, relation))


def _numbered_twin(named: CitationMention, body: list[Citation]) -> CitationMention:
    """The body's numbered mention of a law the title names ("Luật Bảo hiểm y tế" -> "Luật Bảo hiểm y tế số
    25/2008/QH12"), keeping the title's text and span; else the named mention itself."""
    name = " ".join(named.text.split()).casefold()
    for c in body:
        m = c.mention
        if m.reference and " ".join(m.text.split()).casefold().startswith(name + " số"):
            return dataclasses.replace(m, text=named.text, start=named.start, end=named.end, pinpoint=named.pinpoint)
    return named


# --- effect -----------------------------------------------------------------------------------------------------------


_DATE = (
    r"(?P<d>\d{1,2})\s{0,2}[/.-]\s{0,2}(?P<m>\d{1,2})\s{0,2}[/.-]\s{0,2}(?P<y>(?:19|20)\d{2})"
    r"|(?P<d2>\d{1,2})\s{1,3}tháng\s{1,3}(?P<m2>\d{1,2})\s{1,3}năm\s{1,3}(?P<y2>(?:19|20)\d{2})"
)
_SUBJECT_ALT = "|".join(_words(s) for s in sorted(EFFECT_SUBJECTS, key=len, reverse=True))
_SIGNING_ALT = "|".join(_words(s) for s in EFFECT_FROM_SIGNING)
_EFFECT_RE = re.compile(
    rf"(?<!\w)(?P<subject>{_SUBJECT_ALT})(?:\s{{1,3}}\([^()]{{0,80}}\))?\s{{1,3}}này"
    rf"(?:\s{{1,3}}(?:chính\s{{1,3}}thức|sẽ))?\s{{1,3}}có\s{{1,3}}hiệu\s{{1,3}}lực"
    rf"(?:\s{{1,3}}thi\s{{1,3}}hành)?(?:\s{{1,3}}(?:chính\s{{1,3}}thức|toàn\s{{1,3}}bộ))?\s{{0,3}},?"
    rf"(?P<when>\s{{1,3}}(?:"
    rf"(?:(?:kể\s{{1,3}})?từ\s{{1,3}}(?:ngày\s{{1,3}})?|ngày\s{{1,3}})(?:{_DATE})"
    rf"|(?P<after>sau\s{{1,3}}(?P<days>\d{{1,3}})\s{{1,3}}ngày\s{{1,3}}(?:kể\s{{1,3}})?từ\s{{1,3}}(?:{_SIGNING_ALT}))"
    rf"|(?P<signing>(?:(?:kể\s{{1,3}})?từ\s{{1,3}})?(?:{_SIGNING_ALT}))"
    rf"|(?P<other>(?:(?:kể\s{{1,3}})?từ\s{{1,3}})?ngày\s{{1,3}}[^\d\s][^.;\n]{{0,80}})"
    rf"|(?P<phrase>[^\W\d][^.;\n]{{5,300}})"  # "có hiệu lực thi hành trong việc lập ... kể từ kế hoạch năm 2025"
    rf"))",
    re.IGNORECASE,
)
# What may stand before the clause's subject in its sentence: a khoản's number, a quote, nothing else ("Từ ngày
# Luật này có hiệu lực thi hành cho đến ..." is no effect clause).
_CLAUSE_HEAD_RE = re.compile(r"(?:\A|[.:;]\s{0,3})[\s\"“(]{0,3}(?:\d{1,2}\.\s{1,3})?\Z")
_UNTIL_RE = re.compile(rf"\A[^.;\n]{{0,30}}?đến\s{{1,3}}(?:hết\s{{1,3}})?ngày\s{{1,3}}(?:{_DATE})")
_DATE_ONLY_RE = re.compile(_DATE)


def _date_of(m: re.Match[str]) -> date | None:
    d = m.group("d") or m.group("d2")
    mo = m.group("m") or m.group("m2")
    y = m.group("y") or m.group("y2")
    try:
        return date(int(y), int(mo), int(d))
    except (TypeError, ValueError):
        return None


def _strings(doc: Document) -> Iterator[tuple[str, int, bool]]:
    """Every searched string with its source line and whether it is in an annex (which may hold forms)."""
    for block in doc.preamble:
        yield block.text, block.line, False
    for section in doc.sections:
        yield from _section_strings(section, False)


def _section_strings(section: Section, annex: bool) -> Iterator[tuple[str, int, bool]]:
    annex = annex or section.kind == "phu-luc"
    yield section.title, section.line, annex
    for block in section.blocks:
        if block.kind != "table":
            yield block.text, block.line, annex
    for child in section.children:
        yield from _section_strings(child, annex)


def extract_effect(doc: Document) -> Effect | None:
    """The document's own effect clause, or None when the text says nothing of it.

    The clause's subject is "<type> này": the document's own type first ("Thông tư này" in a Thông tư); a clause of
    another type (an attached "Quy chế này") counts only when none of the document's own type is found, and never
    one in an annex (where forms say "Hợp đồng này có hiệu lực kể từ ngày ký")."""
    own = (doc.type_name or "").casefold()
    first_own: Effect | None = None
    first_other: Effect | None = None
    for text, line, annex in _strings(doc):
        if "hiệu lực" not in text or annex:
            continue
        for m in _EFFECT_RE.finditer(text):
            if not _CLAUSE_HEAD_RE.search(text, max(0, m.start() - 12), m.start()):
                continue
            effect = _effect(doc, m, text, line)
            subject = " ".join(m.group("subject").split()).casefold()
            if own and (subject == own or own.startswith(subject) or subject.startswith(own)):
                first_own = first_own or effect
            elif first_other is None and subject not in {"quy định", "quy chế", "hướng dẫn", "chương trình"}:
                first_other = effect
        if first_own:
            break
    return first_own or first_other


def _effect(doc: Document, m: re.Match[str], text: str, line: int) -> Effect:
    whole = " ".join(m.group(0).split())
    # a consolidated text's date is the consolidation's, not the signing of the text whose clause it repeats
    signed = None if _is_consolidated(doc) else doc.date
    until_match = _UNTIL_RE.match(text, m.end())
    until = _date_of(until_match) if until_match else None
    if m.group("after"):
        days = int(m.group("days"))
        rule = " ".join(m.group("after").split())
        when = signed + timedelta(days=days) if signed else None
        return Effect(when, rule, when is not None, until, whole, line)
    if m.group("signing"):
        rule = " ".join(m.group("signing").split())
        return Effect(signed, rule, signed is not None, until, whole, line)
    if m.group("other") or m.group("phrase"):
        return Effect(None, " ".join((m.group("other") or m.group("phrase")).split()), False, until, whole, line)
    return Effect(_date_of(m), None, False, until, whole, line)

"""Annexes, forms and tables after a document's signature: sections of the document they follow.

A decree, circular or decision often ends with annexes (`Phụ lục I`, `PHỤ LỤC`), forms (`Mẫu số 01/TNCN`) and
tables (`Biểu số 02`) placed after the signature and the recipients, each with its own heading, and often the line
`(Ban hành kèm theo Thông tư số ...)`. They are parts of the document: each becomes a top-level section
(`#phu-luc-i`, `#mau-so-01-tncn`) whose own numbered parts are sections below it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..models import Line, Section
from ..textutil import looks_like_name, slugify, unique_id
from .body import parse_body
from .header import is_upper

# the end of the document's own text: the recipients, a signature prefix, the consolidation's authentication
_END = re.compile(
    r"^(?:Nơi nhận\s*:?|(?:TM|KT|TL|TUQ|Q)\.\s*[A-ZĐÀ-Ỹ]|XÁC THỰC VĂN BẢN HỢP NHẤT)"
)
# an annex, form or table heading: the word, its label, maybe its title on the same line
_HEADING = re.compile(
    r"^(?P<word>PHỤ LỤC|Phụ lục|MẪU|Mẫu|BIỂU|Biểu)"
    r"(?P<label>(?:\s+(?:SỐ|số))?\s*:?\s*(?:[IVXLC]{1,6}|\d{1,3}[a-zđ]?|[A-Z]\d?)(?:[./-](?:[0-9A-Za-zĐđ]{1,12}))*)?"
    r"(?![^\W_])(?P<rest>.*)$"
)
_ATTACHED = re.compile(r"^\(?\s*(?:Ban hành\s+)?[Kk]èm(?:\s+theo)?\s+(?:[A-ZĐ]|các)")
_TABLE_CELL = re.compile(r"(?:^|\s)\d{1,3}\.?$")  # a row number of a table, alone or glued to the cells before
_MOTTO = re.compile(r"^(CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*-\s*Tự do)")
_KIND = {"phụ lục": "phu-luc", "mẫu": "mau", "biểu": "bieu"}
MAX_HEADING = 160


def heading(text: str) -> tuple[str, str, str] | None:
    """(kind, label, rest) when `text` is an annex, form or table heading line."""
    if len(text) > MAX_HEADING:
        return None
    m = _HEADING.match(text)
    if not m:
        return None
    word = m.group("word").lower()
    label = (m.group("label") or "").strip().lstrip(":").strip()
    rest = m.group("rest").strip()
    if word in {"mẫu", "biểu"}:
        if not label and rest:
            return None  # "Mẫu đơn ...", "BIỂU MẪU VỀ ..." name forms; a form's heading has its number
        numbered = bool(re.match(r"^(?:SỐ|số)\b", label))
        label = re.sub(r"^(?:SỐ|số)\s*:?\s*", "", label)
        if not numbered and label[:1].isalpha():
            return None  # "MẪU C/O UAE-VN" names a kind of form (a title); a form's heading is "Mẫu số C/O" or "Mẫu 01"
    if word == "phụ lục" and not label and rest and not rest.isupper():
        return None  # "Phụ lục Bảng kê chi tiết ..." names an annex in running text or a list; a heading has a number
    if rest[:1] in {",", ";"} or rest.endswith((";", ",")) or re.match(r"^(này|kèm|ban hành|được|quy định|tại)\b", rest):
        return None  # a sentence that names an annex ("Phụ lục I kèm theo Thông tư này"), not its heading
    if word in {"mẫu", "biểu"} and re.match(r"^(?:Phụ lục|PHỤ LỤC)\s+(?:[IVXLC]{1,6}|\d{1,3})\b", rest):
        return None  # "Mẫu số 03 Phụ lục I": a form of an annex cited (a table cell, a list), not a heading
    rest = rest.lstrip(".:-– ").strip()
    return _KIND[word], label, rest


def _in_table(lines: tuple[Line, ...], k: int) -> bool:
    """Whether the heading-like line k is a cell of a list of forms laid out as a table: it follows a row number and
    another such line follows within a few hundred characters (an annex has its content before the next heading)."""
    if k == 0 or not _TABLE_CELL.search(lines[k - 1].text):
        return False
    seen = 0
    for j in range(k + 1, len(lines)):
        if not lines[j].text:
            continue
        if heading(lines[j].text):
            return True
        seen += len(lines[j].text)
        if seen > 300:
            return False
    return False


def _signed(lines: tuple[Line, ...], body_start: int) -> int | None:
    """A signature without prefix or recipients ("BỘ TRƯỞNG" / "Đào Ngọc Dung") after a finished sentence: the
    index of the name line."""
    previous: list[str] = []
    for k in range(body_start, len(lines)):
        text = lines[k].text
        if not text:
            continue
        if (
            looks_like_name(text)
            and len(previous) >= 2
            and is_upper(previous[-1])
            and len(previous[-1]) <= 60
            and previous[-2].rstrip().endswith((".", "./.", ":"))
        ):
            return k
        previous.append(text)
    return None


def annex_start(lines: tuple[Line, ...], body_start: int) -> int | None:
    """Index of the first line of the annexes after the document's end (recipients, signature), if any."""
    n = len(lines)
    end = next((k for k in range(body_start, n) if _END.match(lines[k].text)), None)
    if end is None:
        end = _signed(lines, body_start)
    if end is None:
        return None
    for k in range(end + 1, n):
        text = lines[k].text
        if (heading(text) and not _in_table(lines, k)) or _ATTACHED.match(text):
            start = k
            if _ATTACHED.match(text) and not heading(text):
                # the title lines above "(Ban hành kèm theo ...)" open the annex
                j = k - 1
                while j > end and k - j <= 4 and is_upper(lines[j].text) and not _END.match(lines[j].text):
                    start = j
                    j -= 1
            # a form's motto printed above its heading belongs to the form
            j = start - 1
            while j > end and (not lines[j].text or _MOTTO.match(lines[j].text)):
                if lines[j].text:
                    start = j
                j -= 1
            return start
    return None


def parse_annexes(lines: tuple[Line, ...], used: set[str]) -> tuple[Section, ...]:
    """The annex zone as top-level sections, one per annex, form or table heading."""
    cuts: list[tuple[int, tuple[str, str, str], bool]] = []  # (line index, heading, the line is the heading)
    for k, line in enumerate(lines):
        h = heading(line.text)
        if h and not _in_table(lines, k):
            # (a form's name in a list of forms laid out as a table follows its row number: not a heading)
            cuts.append((k, h, True))
    cuts = _without_lists(lines, cuts)
    if not cuts or cuts[0][0] > 0:
        # text before the first heading ("QUY CHẾ ... (Ban hành kèm theo ...)", a form's motto): an annex whose
        # title is its first line
        cuts.insert(0, (0, ("kem-theo", "", ""), False))
    out: list[Section] = []
    for n, (k, (kind, label, rest), is_heading) in enumerate(cuts):
        end = cuts[n + 1][0] if n + 1 < len(cuts) else len(lines)
        body = tuple(lines[k + 1 : end] if is_heading else lines[k:end])
        title = rest
        if not title:
            # the title is the next short line; after "(Kèm theo ...)" only a line in capitals ("MẪU GIẤY ỦY QUYỀN")
            attached = 0
            for idx, line in enumerate(body[:12]):
                if not line.text or _MOTTO.match(line.text):
                    continue
                if _ATTACHED.match(line.text) or (attached and line.text.endswith(")") and len(line.text) < 120):
                    attached += 1
                    continue
                if len(line.text) <= MAX_HEADING and (not attached or is_upper(line.text)) and not line.text.endswith("."):
                    title = line.text
                    body = body[:idx] + body[idx + 1 :]
                break
        if kind == "kem-theo":
            # an attachment without an annex label ("DANH MỤC ... (Ban hành kèm theo Quyết định ...)"): named by its title
            base = slugify(title, 48) or kind
        else:
            base = slugify(f"{_WORD[kind]} {label}".strip()) or kind
        anchor = unique_id(base, used)
        preamble, children = parse_body(body)
        children = tuple(_prefixed(c, anchor, used) for c in children)
        line_no = lines[k].number
        written = _written(lines[k].text, rest) if is_heading else ""
        out.append(Section(anchor, kind, label, title, line_no, tuple(preamble), children, written))
    return tuple(out)


LIST_GAP = 300  # characters: an entry of a list of forms has at most its name before the next entry


def _without_lists(
    lines: tuple[Line, ...], cuts: list[tuple[int, tuple[str, str, str], bool]]
) -> list[tuple[int, tuple[str, str, str], bool]]:
    """The headings without the entries of a list of forms printed at the start of an annex ("Mẫu số 01 Đăng ký
    chuẩn bị nguồn lao động" / "Mẫu số 02 ..." and then the forms themselves): an entry is a heading whose label
    comes again as a heading later in the same annex, in a run of headings with only a name between them."""
    def gap(a: int, b: int) -> int:
        return sum(len(lines[j].text) for j in range(a + 1, b))

    listed: set[int] = set()
    for n, (k, (kind, label, _), _) in enumerate(cuts):
        if kind == "phu-luc" or not label:
            continue
        again = False
        for m in range(n + 1, len(cuts)):
            later_kind, later_label = cuts[m][1][0], cuts[m][1][1]
            if later_kind == "phu-luc":
                break
            if (later_kind, later_label) == (kind, label):
                again = True
                break
        if not again:
            continue
        short_after = n + 1 < len(cuts) and gap(k, cuts[n + 1][0]) <= LIST_GAP
        after_entry = n - 1 in listed and cuts[n - 1][1][0] == kind
        if short_after or after_entry:
            listed.add(n)
    return [cut for n, cut in enumerate(cuts) if n not in listed]


_WORD = {"phu-luc": "phụ lục", "mau": "mẫu số", "bieu": "biểu số"}


def _written(line: str, rest: str) -> str:
    """The heading's word and label as printed: the line without its title."""
    text = line.strip()
    if rest and text.endswith(rest):
        text = text[: -len(rest)]
    return text.rstrip(" .:-–")


def _prefixed(section: Section, prefix: str, used: set[str]) -> Section:
    anchor = f"{prefix}-{section.anchor}"
    used.add(anchor)
    return replace(section, anchor=anchor, children=tuple(_prefixed(c, prefix, used) for c in section.children))

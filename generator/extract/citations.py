"""Citations (dẫn chiếu): references from a document to other instruments.

Public functions:

- `find_citations(text)`: every citation in one string, with character spans;
- `normalize_reference(raw)`: canonical number-and-symbol ("53 /KH- UBND" -> "53/KH-UBND");
- `reference_key(reference)`: identity key for matching references across documents;
- `extract_citations(doc)`: `find_citations` over every block of a parsed Document, with places.

A mention's span (`start`, `end`, `text`) covers the type word ("Kế hoạch số"), the number and
symbol and, when it follows directly, the date ("ngày 23/3/2022"). The pinpoint before it
("khoản 1, Mục III"), the issuer after "của" and the subject after "về" are read from the text
around the span but lie outside it, so a renderer can link the span alone.

Families (`CitationMention.family`):

- "state": `53/KH-UBND`; "congvan": `560/UBND`, `5451/UBND-CNXD` (type_code "CV");
- "normative": `04/2015/NĐ-CP`, `80/2015/QH13`, consolidated `03/VBHN-VPQH`;
- "party": `120-KL/TW`, `31 - CT/BĐVTU-BCSSBUBND`, `84 QĐ/TWĐTN`;
- "named": an instrument cited by name only (`Bộ luật Lao động`, `Nghị quyết Trung ương 4
  (khóa XI)`, `Hiến pháp`, `Chương trình trọng tâm ... giai đoạn 2022 - 2025`); reference None;
- "self": `Kế hoạch này`, `Nghị quyết này`; reference None;
- "short": a later short mention with a bare number (`Chỉ thị 33`); number and type, reference
  None; the resolver matches it to an earlier full mention in the same document.

All regexes use bounded repetitions only (no nested unbounded quantifiers), so a pathological
line cannot make them backtrack for long.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from generator.dates import parse_date
from generator.models import TABLE_CELL_SEPARATOR, TABLE_ROW_SEPARATOR, Block, Citation, CitationMention, Document, Place, Section
from generator.textutil import alternation
from generator.vocab import VOCAB

__all__ = [
    "extract_citations",
    "find_citations",
    "normalize_reference",
    "reference_key",
    "TABLE_CELL_SEPARATOR",
    "TABLE_ROW_SEPARATOR",
]

# --- pattern data -------------------------------------------------------------------------

# Type codes read in symbols (generator/vocab/document_types.toml), keyed by upper case so that "CTR" finds
# "CTr". Values: (canonical code, name).
_TYPE_CODES: dict[str, tuple[str, str]] = {code.upper(): (code, name) for code, name in VOCAB.symbol_codes.items()}

# Type words written before a number (the types marked `cited`). Values: canonical name -> code (None when the
# type has no abbreviation in symbols: a law).
_TYPE_WORDS: dict[str, str | None] = {t.name: t.code for t in VOCAB.types if t.cited}
_WORD_BY_FOLD = {name.casefold(): name for name in _TYPE_WORDS}
_LAW_WORDS = ("Luật", "Bộ luật")

# Words that, after a type word, still belong to the type ("Chương trình phối hợp số 31").
_QUALIFIERS = VOCAB.type_qualifiers

# "D" written for "Đ" in codes where the reading is unambiguous. Not "DA" (Dự án is a type of
# its own), not "HD" (Hướng dẫn), not "BDVTU" (spelled so by its own issuer).
_D_FIXES = {
    "BCD": "BCĐ",
    "ND": "NĐ",
    "QD": "QĐ",
    "QyD": "QyĐ",
    "HDND": "HĐND",
    "TWDTN": "TWĐTN",
}


def _words(phrase: str) -> str:
    """Regex for a phrase whose syllables may be separated by up to three spaces."""
    return r"\s{1,3}".join(re.escape(w) for w in phrase.split())


_UP = "A-ZĐÐ"
_CODE = rf"[{_UP}][A-Za-zĐđÐ]{{0,11}}\d{{0,3}}"
_DASH = "[-–‐]"
# Inside a symbol a hyphen may be followed by a space (a joined hard wrap: "53/KH- UBND"),
# but only when an all-caps code follows.
_SYM = rf"{_CODE}(?:{_DASH}{_CODE}|{_DASH}\s(?=[{_UP}]{{2}}){_CODE}){{0,4}}"

_REF_RE = re.compile(
    rf"""
    (?<![\w/.\-–])
    (?:
        (?P<n_num>\d{{1,5}})\s?/\s?(?P<n_year>(?:19|20)\d{{2}})\s?/\s?(?P<n_sym>{_SYM})
      | (?P<p_num>\d{{1,5}})(?P<p_sep>\s{{0,2}}{_DASH}\s{{0,2}}|\s{{1,2}})
        (?P<p_type>{_CODE})\s?/\s?(?P<p_iss>{_SYM})
      | (?P<s_num>\d{{1,5}})\s{{0,2}}/\s?(?P<s_sym>{_SYM})
    )
    (?:(?!\w)|(?=ngày))  # "381/ĐA-CPngày 09 tháng 5": a space lost in extraction
    """,
    re.VERBOSE,
)

_TYPE_ALT = "|".join(_words(w) for w in sorted(_TYPE_WORDS, key=len, reverse=True))
_TYPE_WORD_RE = re.compile(rf"(?<!\w)(?:{_TYPE_ALT})(?!\w)", re.IGNORECASE)
_QUAL_ALT = "|".join(_words(q) for q in _QUALIFIERS)
_SO = r"(?:số|Số)[\s*]{0,4}:?[\s*]{0,4}"

# What may stand between a type word and the number: nothing but spaces, a qualifier and/or
# "số", the issuer ("Quyết định của Bộ Chính trị số 31-QĐ/TW"), or a law's name.
_GLUE_PLAIN_RE = re.compile(rf"(?:\s{{1,3}}(?P<qual>{_QUAL_ALT}))?[\s*]{{1,4}}(?:{_SO})?")
_GLUE_ISSUER_RE = re.compile(rf"\s{{1,3}}(?:của|giữa)\s{{1,3}}(?P<issuer>[^;,.()\d\n]{{1,80}}?)[\s*]{{1,4}}{_SO}")
_GLUE_LAW_RE = re.compile(rf"\s{{1,3}}(?P<name>[^;,.()\d\n]{{1,100}}?)[\s*]{{1,4}}{_SO}")

_PART = "(?:" + alternation(VOCAB.parts, space=r"\s{1,3}") + ")"  # generator/vocab/terms.toml
_LABEL = r"(?:\d{1,3}(?:\.\d{1,3}){0,3}|[IVXLC]{1,7}|[a-zđ])(?!\w)"
_PIN_RE = re.compile(
    rf"(?<!\w)(?P<pin>(?:{_PART}\s{{1,3}}{_LABEL}(?:\s{{0,2}},\s{{0,2}}|\s{{1,3}})){{1,5}})"
    rf"(?:của\s{{1,3}})?\Z",
    re.IGNORECASE,
)

_DATE = (
    r"(?P<d>\d{1,2})\s?[/.-]\s?(?P<m>\d{1,2})\s?[/.-]\s?(?P<y>(?:19|20)\d{2})"
    r"|(?P<d2>\d{1,2})\s{1,3}tháng\s{1,3}(?P<m2>\d{1,2})\s{1,3}năm\s{1,3}(?P<y2>(?:19|20)\d{2})"
)
_DATE_AFTER_RE = re.compile(rf"[\s*]{{0,4}},?[\s*]{{0,4}}(?:ban\s{{1,3}}hành\s{{1,3}})?ngày[\s*]{{1,4}}(?:{_DATE})(?!\d)")
_ISSUER_LEAD_RE = re.compile(r"[\s*]{0,4},?[\s*]{0,4}(?:của|giữa)[\s*]{1,4}")
_SUBJECT_LEAD_RE = re.compile(r"[\s*_]{0,4},?[\s*_]{0,4}về[\s*_]{1,4}")

# Where an issuer phrase stops: punctuation, or a verb or preposition that starts the rest of
# the sentence (lower case only, so "Ban Tổ chức" is kept whole).
_ISSUER_STOP_RE = re.compile(r"[;,:“”\"/*_\n()]|\.(?=\s|$)|\s(?:" + alternation(VOCAB.issuer_enders) + r")(?!\w)")
_AND_RE = re.compile(r"\s{1,3}và\s{1,3}")
# Where a subject stops: ";", ":", the sentence end, a paragraph break, or a phrase that
# starts the purpose or a second clause of the sentence.
_SUBJECT_STOP_RE = re.compile(
    r"[;:]|\n\s{0,9}\n|\.(?=[\s*_/]|$)"
    r"|,\s{1,3}(?:nhằm|để|góp phần|đảm bảo|bảo đảm|nhất là|trong đó|từ đó)(?!\w)"
    r"|,?\s{1,3}(?:đồng thời|gắn với)(?!\w)"
)
# A comma opening a new clause whose subject is an agency: ", Ủy ban nhân dân tỉnh ban hành".
_CLAUSE_RE = re.compile(r",\s{1,3}[^,;.]{1,60}?\s(?:ban hành|xây dựng|chỉ đạo|yêu cầu|đề nghị|thông báo)(?!\w)")
_TERM_PAREN_RE = re.compile(r"\(\s{0,2}(?:kh(?:óa|oá)|nhiệm\s{1,3}kỳ)[^()]{1,30}\)")
_MAX_ISSUER = 100
_MAX_SUBJECT = 200
_CONNECTIVE_END_RE = re.compile(r"(?:[,;(]|(?<!\w)(?:và|hoặc|và\s{1,3}các|theo))[\s*]{0,4}\Z")
_TRAILING_CONNECTIVE_RE = re.compile(r"(?:\s{1,3}(?:và|và\s{1,3}các|hoặc))+\Z")

# Named instruments.
_LAW_STOP = (
    "về của số năm ngày tại và đã được có theo để do thì khi này là với cho đối các những "
    "nhằm gồm trên từ đến ra vào mà sau trước phải hiện_hành quy_định"
).split()
_LAW_STOP_ALT = "|".join(_words(w.replace("_", " ")) for w in _LAW_STOP)
_NAME_WORD = rf"(?!(?:{_LAW_STOP_ALT})(?!\w))[^\W\d_]{{1,12}}"
_LAW_RE = re.compile(
    rf"(?<!\w)(?P<type>Bộ\s{{1,3}}[Ll]uật|Luật)(?P<name>(?:\s{{1,3}}{_NAME_WORD}){{1,10}})"
    rf"(?:\s{{1,3}}năm\s{{1,3}}(?P<year>(?:19|20)\d{{2}}))?"
)
_KHOA = r"kh(?:óa|oá)\s{1,3}[IVXL]{1,6}"
_NAMED_RES = (
    (
        re.compile(
            r"(?<!\w)Hiến\s{1,3}pháp"
            r"(?:\s{1,3}nước\s{1,3}Cộng\s{1,3}h(?:òa|oà)\s{1,3}xã\s{1,3}hội"
            r"\s{1,3}chủ\s{1,3}nghĩa\s{1,3}Việt\s{1,3}Nam)?"
            r"(?:\s{1,3}năm\s{1,3}(?P<year>(?:19|20)\d{2}))?(?!\w)"
        ),
        None,
        "Hiến pháp",
    ),
    (
        re.compile(
            rf"(?<!\w)Nghị\s{{1,3}}quyết\s{{1,3}}(?:Hội\s{{1,3}}nghị\s{{1,3}})?Trung\s{{1,3}}ương"
            rf"\s{{1,3}}(?:lần\s{{1,3}}thứ\s{{1,3}})?\d{{1,2}}(?!\d)"
            rf"(?:\s{{0,3}}\(\s{{0,2}}{_KHOA}\s{{0,2}}\)|\s{{1,3}}{_KHOA}(?!\w))?"
        ),
        "NQ",
        "Nghị quyết",
    ),
    (
        re.compile(
            r"(?<!\w)Nghị\s{1,3}quyết\s{1,3}Đại\s{1,3}hội(?:\s{1,3}[^\s;,.()\d]{1,15}){0,8}?"
            r"\s{1,3}lần\s{1,3}thứ\s{1,3}[IVXL]{1,6}(?!\w)"
        ),
        "NQ",
        "Nghị quyết",
    ),
    (
        re.compile(
            r"(?<!\w)Chương\s{1,3}trình\s{1,3}(?:trọng\s{1,3}tâm|tổng\s{1,3}thể)"
            r"[^;.\n]{0,150}?giai\s{1,3}đoạn\s{1,3}(?:19|20)\d{2}\s{0,3}[-–]\s{0,3}"
            r"(?:19|20)\d{2}(?!\d)"
        ),
        "CTr",
        "Chương trình",
    ),
)

_SELF_RE = re.compile(rf"(?<!\w)(?P<type>{_TYPE_ALT})\s{{1,3}}này(?!\w)", re.IGNORECASE)

# Short mentions: a capitalised type word and a bare number ("Chỉ thị 33", "Chỉ thị 05 của").
_SHORT_RE = re.compile(
    rf"(?<!\w)(?P<type>{_TYPE_ALT})\s{{1,3}}(?:số\s{{1,3}})?(?P<num>\d{{1,4}})"
    rf"(?![\d/\-–]|[.,]\d|\s{{0,2}}[/\-–]\s{{0,2}}\w)"
    rf"(?=\s{{0,3}}(?:[,;:.)(]|\Z)|\s{{1,3}}(?:của|về|ngày|và|đã|được)(?!\w))"
)

# A word each pattern of _NAMED_RES cannot match without, and the digit every number has: a test of the whole text
# is much cheaper than running a pattern over it, and most sentences of a plan cite nothing (same results).
_NAMED_NEEDLES = ("Hiến", "Nghị", "Nghị", "Chương")
_DIGIT_RE = re.compile(r"\d")

_LOOKBACK = 160


# --- public functions ---------------------------------------------------------------------


_DASHES_RE = re.compile(r"[–‐—]")
_SPACED_SEP_RE = re.compile(r"\s{0,3}([/-])\s{0,3}")
_PARTY_NUMBER_RE = re.compile(r"^(\d{1,5})\s{1,3}(?=[^\W\d_])")
_SPACES_RE = re.compile(r"\s{1,9}")
_SEP_SPLIT_RE = re.compile(r"([/-])")
_LEADING_ZEROS_RE = re.compile(r"^0{1,5}(?=\d)")
_UBTVQH_TERM_RE = re.compile(r"(?<=UBTVQH)\d{1,3}", re.IGNORECASE)


# Cached: a pure function of the text, asked again and again for the same references (every mention in the
# per-file stage, then every document and mention in resolve: 105,720 calls at 10,000 documents).
@lru_cache(maxsize=1 << 16)
def normalize_reference(raw: str) -> str:
    """Canonical form of a number-and-symbol as written.

    Spaces around "/" and "-" are removed ("120 -KL/TW" -> "120-KL/TW", "53/KH- UBND" ->
    "53/KH-UBND"), dashes become "-", a Party number separated by a space only gets its hyphen
    ("84 QĐ/TWĐTN" -> "84-QĐ/TWĐTN"), "Ð" (eth) becomes "Đ", and "D" written for "Đ" is fixed in
    the codes where that is unambiguous: BCD, ND, QD, QyD, HDND, TWDTN. The number keeps its
    leading zeros ("03-KH/BCD" -> "03-KH/BCĐ") and a missing UBTVQH term stays missing
    ("34/2007/PL-UBTVQH"); `reference_key` folds both for matching.
    """
    text = raw.strip().replace("Ð", "Đ")
    text = _DASHES_RE.sub("-", text)
    text = _SPACED_SEP_RE.sub(lambda m: m.group(1), text)
    text = _PARTY_NUMBER_RE.sub(lambda m: m.group(1) + "-", text)
    text = _SPACES_RE.sub("", text)
    return "".join(_D_FIXES.get(part, part) for part in _SEP_SPLIT_RE.split(text))


@lru_cache(maxsize=1 << 16)
def reference_key(reference: str) -> str:
    """Identity key of a reference, for matching mentions of one instrument.

    The reference is normalised, the leading zeros of its number are dropped ("03-KH/BCĐ" and
    "3-KH/BCĐ" match), the term number after UBTVQH is dropped ("PL-UBTVQH" and "PL-UBTVQH11"
    match) and the case is folded ("CT-TTg", "CT-TTG"). The key says nothing of the year or of
    the jurisdiction: a state or local reference still needs them to name one instrument.
    """
    key = normalize_reference(reference)
    key = _LEADING_ZEROS_RE.sub("", key)
    key = _UBTVQH_TERM_RE.sub("", key)
    return key.casefold()


def find_citations(text: str) -> tuple[CitationMention, ...]:
    """Every citation in `text` (one paragraph, heading or table row), in text order.

    Numbered references of the three families, instruments named without a number, self
    references ("Kế hoạch này") and short later mentions ("Chỉ thị 33"). Dates, quantities
    ("06 tháng", "03 cơ quan"), times and percentages are not citations.
    """
    cores = _numbered_cores(text)
    # Spans taken so far, disjoint and sorted: only the last one starting before a core's end can
    # overlap it. (Comparing with every span was quadratic: 10,000 "Hiến pháp" in a 100 KB line took 7 s.)
    taken = sorted((c.start, c.end) for c in cores)
    for extra in (_named_cores(text), _self_cores(text), _short_cores(text)):
        for core in extra:
            k = bisect_left(taken, (core.end,))
            if not (k and taken[k - 1][1] > core.start):
                cores.append(core)
                insort(taken, (core.start, core.end))
    cores.sort(key=lambda c: c.start)
    leads = sorted(c.lead for c in cores)
    mentions = []
    for i, core in enumerate(cores):
        next_start = cores[i + 1].lead if i + 1 < len(cores) else len(text)
        mentions.append(_complete(text, core, next_start, leads))
    return tuple(mentions)


# How a table is searched (models.Block.searched_text): a citation's Place.start/end are offsets in that string.


def extract_citations(doc: Document) -> tuple[Citation, ...]:
    """Citations in the body of `doc`: preamble first, then the sections depth first.

    A citation in the preamble has `Place.section == ""`; one in a section heading's title has
    `Place.block == -1` (offsets in the title, line of the heading). For a table block the
    searched text is the rows joined as described at TABLE_ROW_SEPARATOR, and the line is the
    table's first line. The closing text and the header are not searched.
    """
    found: list[Citation] = []
    found.extend(_from_blocks("", doc.preamble))
    for section in doc.sections:
        found.extend(_from_section(section))
    return tuple(found)


# --- internals ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Core:
    """A mention before its date, issuer and subject are read."""

    lead: int  # start of the pinpoint, or of the mention when there is none
    start: int
    end: int  # end of the number-and-symbol (or of the name)
    family: str
    type_code: str | None
    type_name: str | None
    number: str | None
    symbol: str | None
    year: int | None
    reference: str | None
    pinpoint: str | None
    issuer: str | None = None  # issuer written before the number


def _numbered_cores(text: str) -> list[_Core]:
    cores: list[_Core] = []
    if not _DIGIT_RE.search(text):  # every number and symbol has a digit
        return cores
    floor = 0
    for match in _REF_RE.finditer(text):
        if match.group("p_num") is not None:
            sep = match.group("p_sep")
            if not re.search(_DASH, sep) and match.group("p_type").upper() not in _TYPE_CODES:
                continue  # "2022 UBND/..." is no Party reference; "84 QĐ/TWĐTN" is
        core = _numbered_core(text, match, floor)
        cores.append(core)
        floor = match.end()
    return cores


def _numbered_core(text: str, match: re.Match[str], floor: int) -> _Core:
    reference = normalize_reference(match.group(0))
    year: int | None = None
    if match.group("n_num") is not None:
        number = match.group("n_num")
        year = int(match.group("n_year"))
        symbol = reference.split("/", 2)[2]
        code = _known_code(symbol.split("-")[0])
        family = "normative"
    elif match.group("p_num") is not None:
        number = match.group("p_num")
        symbol = reference.split("-", 1)[1]
        code = _known_code(symbol.split("/")[0])
        family = "party"
    else:
        number = match.group("s_num")
        symbol = reference.split("/", 1)[1]
        code = _known_code(symbol.split("-")[0])
        family = "normative" if code == "VBHN" else "state"

    word = _type_word_before(text, match.start(), max(floor, match.start() - _LOOKBACK))
    type_name = word.name if word else None
    if family == "state" and code is None:
        if type_name is None or type_name == "Công văn":
            family, code, type_name = "congvan", "CV", "Công văn"
        else:
            code = _TYPE_WORDS.get(type_name)
    elif code is None and word is not None:
        code = _TYPE_WORDS.get(word.name)
    if type_name is None and code is not None:
        type_name = _TYPE_CODES[code.upper()][1]
    if word is not None and word.qualifier:
        type_name = f"{type_name} {word.qualifier}"
    start = word.start if word else match.start()
    lead, pinpoint = _pinpoint_before(text, start, floor)
    return _Core(
        lead=lead,
        start=start,
        end=match.end(),
        family=family,
        type_code=code,
        type_name=type_name,
        number=number,
        symbol=symbol,
        year=year,
        reference=reference,
        pinpoint=pinpoint,
        issuer=word.issuer if word else None,
    )


def _known_code(token: str) -> str | None:
    entry = _TYPE_CODES.get(token.upper())
    return entry[0] if entry else None


@dataclass(frozen=True)
class _TypeWord:
    start: int
    name: str  # canonical type name ("Kế hoạch", "Luật")
    qualifier: str | None
    issuer: str | None


def _type_word_before(text: str, pos: int, floor: int) -> _TypeWord | None:
    """The type word that governs the number at `pos`, nearest first."""
    missed = False
    for word in reversed(list(_TYPE_WORD_RE.finditer(text, floor, pos))):
        name = _WORD_BY_FOLD[_squash(word.group(0)).casefold()]
        if name == "Luật" and not word.group(0).startswith("L"):
            continue  # "pháp luật số ..." is no law's name
        if missed and name not in _LAW_WORDS:
            break  # a nearer type word did not connect: an earlier one is not this number's
        glue = text[word.end() : pos]
        plain = _GLUE_PLAIN_RE.fullmatch(glue)
        if plain:
            qual = plain.group("qual")
            return _TypeWord(word.start(), name, _squash(qual) if qual else None, None)
        by_issuer = _GLUE_ISSUER_RE.fullmatch(glue)
        if by_issuer:
            issuer = _squash(by_issuer.group("issuer"))
            return _TypeWord(word.start(), name, None, issuer)
        if name in _LAW_WORDS:
            law = _GLUE_LAW_RE.fullmatch(glue)
            if law and (name == "Bộ luật" or law.group("name")[:1].isupper()):
                return _TypeWord(word.start(), name, None, None)
        missed = True  # only a law's name, which may hold type words, can reach across it
    return None


def _pinpoint_before(text: str, start: int, floor: int) -> tuple[int, str | None]:
    window_start = max(floor, start - 80)
    match = _PIN_RE.search(text, window_start, start)
    if not match:
        return start, None
    pinpoint = match.group("pin").strip().rstrip(",").strip()
    return match.start(), _squash(pinpoint)


def _named_cores(text: str) -> Iterator[_Core]:
    for match in _LAW_RE.finditer(text) if "uật" in text else ():  # "Luật", "Bộ luật"
        type_name = "Bộ luật" if match.group("type").startswith("Bộ") else "Luật"
        first = match.group("name").split()[0]
        if type_name == "Luật" and not first[:1].isupper():
            continue  # "Luật gia", "Luật sư" are people
        year = match.group("year")
        yield _named_core(text, match, None, type_name, int(year) if year else None)
    for (pattern, code, type_name), needle in zip(_NAMED_RES, _NAMED_NEEDLES, strict=True):
        if needle not in text:
            continue
        for match in pattern.finditer(text):
            year = match.groupdict().get("year")
            yield _named_core(text, match, code, type_name, int(year) if year else None)


def _named_core(text: str, match: re.Match[str], code: str | None, type_name: str, year: int | None) -> _Core:
    lead, pinpoint = _pinpoint_before(text, match.start(), 0)
    return _Core(
        lead=lead,
        start=match.start(),
        end=match.end(),
        family="named",
        type_code=code,
        type_name=type_name,
        number=None,
        symbol=None,
        year=year,
        reference=None,
        pinpoint=pinpoint,
    )


def _self_cores(text: str) -> Iterator[_Core]:
    if "này" not in text.lower():
        return
    for match in _SELF_RE.finditer(text):
        written = match.group("type")
        name = _WORD_BY_FOLD[_squash(written).casefold()]
        if name == "Luật" and not written.startswith("L"):
            continue  # "pháp luật này"
        lead, pinpoint = _pinpoint_before(text, match.start(), 0)
        yield _Core(
            lead=lead,
            start=match.start(),
            end=match.end(),
            family="self",
            type_code=_TYPE_WORDS[name],
            type_name=name,
            number=None,
            symbol=None,
            year=None,
            reference=None,
            pinpoint=pinpoint,
        )


def _short_cores(text: str) -> Iterator[_Core]:
    if not _DIGIT_RE.search(text):
        return
    for match in _SHORT_RE.finditer(text):
        written = match.group("type")
        if not written[:1].isupper():
            continue  # short mentions are capitalised: "Chỉ thị 33", not "kế hoạch 5"
        number = match.group("num")
        if len(number) == 4 and number[:2] in ("19", "20"):
            continue  # a year: "Kế hoạch 2022"
        name = _WORD_BY_FOLD[_squash(written).casefold()]
        lead, pinpoint = _pinpoint_before(text, match.start(), 0)
        yield _Core(
            lead=lead,
            start=match.start(),
            end=match.end(),
            family="short",
            type_code=_TYPE_WORDS[name],
            type_name=name,
            number=number,
            symbol=None,
            year=None,
            reference=None,
            pinpoint=pinpoint,
        )


def _complete(text: str, core: _Core, next_start: int, later: list[int]) -> CitationMention:
    """Read the date, issuer and subject that follow a mention and build it.

    `later`: where every mention of the text starts (its pinpoint included), sorted.
    """
    end = core.end
    pos = end
    when: date | None = None
    if core.family != "self":
        dated = _DATE_AFTER_RE.match(text, pos, next_start)
        if dated:
            when = _date_of(dated)
            end = pos = dated.end()
    issuer = core.issuer
    subject = None
    if core.family != "self":
        lead = _ISSUER_LEAD_RE.match(text, pos, next_start)
        if lead:
            found, after = _issuer_at(text, lead.end(), next_start)
            if found:
                issuer = issuer or found
                pos = after
                if when is None:
                    dated = _DATE_AFTER_RE.match(text, pos, next_start)
                    if dated:
                        when = _date_of(dated)
                        pos = dated.end()
        lead = _SUBJECT_LEAD_RE.match(text, pos, len(text))
        if lead:
            subject = _subject_at(text, lead.end(), later)
    year = core.year if core.year is not None else (when.year if when else None)
    return CitationMention(
        text=text[core.start : end],
        start=core.start,
        end=end,
        family=core.family,
        type_code=core.type_code,
        type_name=core.type_name,
        number=core.number,
        symbol=core.symbol,
        year=year,
        reference=core.reference,
        date=when,
        issuer=issuer,
        subject=subject,
        pinpoint=core.pinpoint,
    )


def _date_of(match: re.Match[str]) -> date | None:
    day = match.group("d") or match.group("d2")
    month = match.group("m") or match.group("m2")
    year = match.group("y") or match.group("y2")
    return parse_date(day, month, year)  # "31/02/2022": written, but no day


def _issuer_at(text: str, pos: int, limit: int) -> tuple[str | None, int]:
    """The issuer phrase starting at `pos` and where it ends."""
    stop = min(limit, pos + _MAX_ISSUER)
    cursor = pos
    while True:
        found = _ISSUER_STOP_RE.search(text, cursor, stop)
        if found is None:
            end = stop
            if stop == pos + _MAX_ISSUER and stop < len(text):
                end = max(pos, text.rfind(" ", pos, stop))  # cut at a word boundary
            break
        if found.group(0) == "(":
            term = _TERM_PAREN_RE.match(text, found.start(), stop)
            if term:  # "(khóa XX)" belongs to the issuer
                cursor = term.end()
                continue
        end = found.start()
        break
    # "và" joins two issuers ("Ban Dân vận Tỉnh ủy và Ban cán sự đảng ..."), but not a verb
    # ("của UBND tỉnh và gửi hồ sơ") nor a new instrument ("... và Nghị quyết Đại hội ...").
    for joint in _AND_RE.finditer(text, pos, end):
        after = joint.end()
        if text[after : after + 1].islower() and not text.startswith("các ", after):
            end = joint.start()
            break
        if _TYPE_WORD_RE.match(text, after):
            end = joint.start()
            break
    phrase = _TRAILING_CONNECTIVE_RE.sub("", text[pos:end].strip(" \t\n*_")).strip()
    return (_squash(phrase) if phrase else None), end


def _subject_at(text: str, pos: int, later: list[int]) -> str | None:
    """The subject phrase after "về", up to ";", the sentence end or a new citation."""
    bound = min(len(text), pos + _MAX_SUBJECT)
    if text[pos : pos + 1] in ("“", '"'):
        # A quoted subject ends with its closing quote.
        close = text.find("”" if text[pos] == "“" else '"', pos + 1, bound)
        if close > 0:
            return _squash(text[pos : close + 1])
    found = _SUBJECT_STOP_RE.search(text, pos, bound)
    if found:
        end = found.start()
    elif bound < len(text):
        end = max(pos, text.rfind(" ", pos, bound))  # cut at a word boundary
    else:
        end = bound
    depth = 0
    for i in range(pos, end):
        if text[i] == "(":
            if _TERM_PAREN_RE.match(text, i, end) is None and depth == 0:
                end = i  # an aside: "(mời Ban Dân vận ...)"
                break
            depth += 1
        elif text[i] == ")":
            if depth == 0:
                end = i  # the subject was inside parentheses
                break
            depth -= 1
    for clause in _CLAUSE_RE.finditer(text, pos, end):
        if text[clause.start() + 1 :].lstrip()[:1].isupper():
            end = clause.start()  # ", Ủy ban nhân dân tỉnh ban hành Kế hoạch ..."
            break
    for start in later[bisect_right(later, pos) : bisect_left(later, end)]:  # sorted: only those in (pos, end)
        if _CONNECTIVE_END_RE.search(text, pos, start):
            end = start
            break
    phrase = text[pos:end].rstrip(" \t\n,;:*_/(")
    phrase = _TRAILING_CONNECTIVE_RE.sub("", phrase).strip(" \t\n*_")
    return _squash(phrase) if phrase else None


def _squash(text: str) -> str:
    """Collapse runs of white space (joined hard wraps, doubled spaces) to one space."""
    return " ".join(text.split())


def _from_blocks(anchor: str, blocks: tuple[Block, ...]) -> Iterator[Citation]:
    for index, block in enumerate(blocks):
        if block.kind == "table":
            for row, offset in zip(block.rows, block.table_layout.rows, strict=True):
                for m in find_citations(TABLE_CELL_SEPARATOR.join(row)):  # a row at a time: no mention spans two
                    yield Citation(m, Place(anchor, index, offset + m.start, offset + m.end, block.line))
            continue
        for m in find_citations(block.text):
            yield Citation(m, Place(anchor, index, m.start, m.end, block.line_at(m.start)))


def _from_section(section: Section) -> Iterator[Citation]:
    for m in find_citations(section.title):
        yield Citation(m, Place(section.anchor, -1, m.start, m.end, section.line))
    yield from _from_blocks(section.anchor, section.blocks)
    for child in section.children:
        yield from _from_section(child)

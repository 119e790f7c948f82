"""Agency identity: one id per body of one jurisdiction, whatever the spelling (domain.md §5).

Pure functions, no corpus state:

* `canonical_agency(name, jurisdiction)` - an `AgencyName` (id, canonical name, jurisdiction, collective,
  level) for a name as written, or None when the text does not name a body;
* `split_agencies(text)` / `agency_spans(text)` - a written list of bodies, split into names; with `trim`
  (running text) a name that opens with a standard name of a provincial or district body ends there
  ("Sở Y tế đổi mới ..." -> "Sở Y tế"), since capitals alone do not tell where a Vietnamese name ends;
* `collective_members(collective_id, known_agencies, parents)` - the known bodies a collective addressee
  ("Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố") stands for;
* `jurisdiction_of(name_or_place)` and `parent_jurisdictions(documents)` - places.

Choices (documented because the text alone does not settle them):

* Agencies are local: the id joins the jurisdiction slug and the name slug, "quang-ngai--so-noi-vu".
  National bodies (Chính phủ, Bộ ..., anything "Trung ương") get "trung-uong--...", local bodies of a
  document whose jurisdiction is unknown get "khong-ro--...".
* The trailing place is not part of the name: "Đài PT-TH Quảng Ngãi", "Đài Phát thanh và Truyền hình tỉnh"
  and "Đài Phát thanh - Truyền hình" of a Quảng Ngãi document are one body, named
  "Đài Phát thanh và Truyền hình". A newspaper keeps its title ("Báo Quảng Ngãi"). Where the unit word is
  part of the usual name ("Thanh tra tỉnh", "Công an tỉnh", "Ủy ban nhân dân tỉnh") the name keeps it, but
  the id never does, so "Ban Dân tộc" and "Ban Dân tộc tỉnh" of one province share an id.
* A person's title standing for the body he heads is mapped to the body: "Thủ trưởng các Sở, ban ngành
  tỉnh" -> "Các sở, ban, ngành tỉnh", "Chủ tịch UBND các huyện, ..." -> the collective of district
  People's Committees. The roles of a steering committee (seed 003: "Đồng chí Trưởng Ban Chỉ đạo tỉnh",
  "Các đồng chí Phó Trưởng Ban Chỉ đạo tỉnh", "Các đồng chí Ủy viên Ban Chỉ đạo tỉnh") are kept as
  person-role entries named after the role ("Trưởng Ban Chỉ đạo tỉnh", "Phó Trưởng Ban Chỉ đạo tỉnh",
  "Ủy viên Ban Chỉ đạo tỉnh"): the plan deliberately tells the head, the deputies and the members apart,
  and folding them into "Ban Chỉ đạo tỉnh" (the issuer itself) would lose that.
* Vague groups ("các cơ quan, đơn vị liên quan", "các phòng thuộc Sở") are not agencies: None.

Every regex here is linear: bounded alternatives and negated classes only.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .textutil import alternation, fold, slugify, tone_style
from .vocab import VOCAB

if TYPE_CHECKING:
    from .models import Document

__all__ = [
    "AgencyName",
    "agency_spans",
    "canonical_agency",
    "collective_members",
    "is_national",
    "jurisdiction_of",
    "parent_jurisdictions",
    "split_agencies",
    "starts_agency",
]

NATIONAL_SLUG = "trung-uong"
UNKNOWN_SLUG = "khong-ro"


@dataclass(frozen=True)
class AgencyName:
    """A body as the site names it (the extractor's own type, not in models.py)."""

    id: str  # ASCII slug: jurisdiction slug, "--", name slug ("quang-ngai--so-noi-vu")
    name: str  # canonical full name in running-text spelling ("Sở Nội vụ", "Thanh tra tỉnh")
    jurisdiction: str | None  # "Quảng Ngãi"; None for national bodies and unknown places
    collective: bool  # an addressee group ("Các sở, ban, ngành tỉnh") rather than one body
    level: str | None  # "tinh", "huyen", "xa" or None (national or unknown)


# --- cleaning and spelling ----------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_DASH = re.compile(r"\s*[–—]\s*")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TRAILING_PAREN = re.compile(r"\s*\([^()]{0,80}\)$")
_LEADING_MARK = re.compile(r"^[-+•*_\s]+")
_TRAILING_MARK = re.compile(r"[\s.;,:!*_/-]+$")

def _written_pattern(written: str) -> str:
    """A way of writing a name as a pattern: whole words; spaces or none around "-", "&" and ","."""
    out = []
    for part in re.split(r"(\s*[-&,]\s*|\s+)", written):
        if part.isspace():
            out.append(r"\s+")
        elif part.strip() in ("-", "&", ","):
            out.append(r"\s*" + re.escape(part.strip()) + r"\s*")
        elif part:
            out.append(re.escape(part))
    return (r"\b" if written[:1].isalnum() else "") + "".join(out) + (r"\b" if written[-1:].isalnum() else "")


# one body whatever the abbreviation or punctuation (domain.md §5; generator/vocab/bodies.toml), in file order
_EXPANSIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile("|".join(_written_pattern(w) for w in sorted(a.written, key=len, reverse=True))), a.name)
    for a in VOCAB.abbreviations
]
# case of fixed phrases ("Ban Dân Vận", "Ủy ban Nhân dân", "Bộ chỉ huy", "Tổ giúp việc")
_SPELLINGS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(re.escape(p).replace(r"\ ", r"\s+"), re.IGNORECASE), p) for p in VOCAB.spellings
]


@lru_cache(maxsize=1 << 16)  # names repeat across a corpus: the same few hundred in thousands of duties
def _clean(text: str) -> str:
    """One spelling of spaces, dashes and tone marks; no list marks, trailing punctuation or remarks."""
    t = tone_style(_BR.sub(" ", text)).replace("\u00a0", " ")
    t = _SPACE.sub(" ", t.replace("*", " ")).strip()
    t = _DASH.sub(" - ", t)
    previous = None
    while previous != t:
        previous = t
        t = _LEADING_MARK.sub("", t)
        t = _TRAILING_MARK.sub("", t)
        t = _TRAILING_PAREN.sub("", t)
    return t


@lru_cache(maxsize=1 << 16)
def _expand(text: str) -> str:
    for pattern, spelled in _EXPANSIONS:
        text = pattern.sub(spelled, text)
    for pattern, spelled in _SPELLINGS:
        text = pattern.sub(spelled, text)
    return text


# --- what starts a body's name -------------------------------------------------------------------

# heads that need a capitalised word after them ("Sở Nội vụ", not "Bộ phận", "Hội nghị", "Ban hành")
_RUNNING = VOCAB.running  # generator/vocab/bodies.toml [running]
_HEAD_CAPITAL = re.compile("^(?:" + "|".join(re.escape(w) for w in _RUNNING["heads_named_after"]) + ") ")  # in order
# heads complete by themselves
_HEAD_SELF = re.compile(rf"^(?:{alternation((*_RUNNING['heads_whole'], *VOCAB.committees))})\b")
_NOT_BODY = re.compile(rf"^(?:{alternation(_RUNNING['not_bodies'])})\b")
# a new name starts here (for splitting lists); raw spelling, abbreviations included
_LIST_START = re.compile(
    r"[Cc]ác (?:sở|Sở|cơ quan|tổ chức chính trị|đơn vị|ban|Ban|Ủy ban|Uỷ ban|UBND|đồng chí|Đồng chí)\b"
    r"|(?:[Tt]hủ trưởng |Chủ tịch |[Gg]iám đốc |[Ll]ãnh đạo )?(?:"
    r"[Đđ]ồng chí|đ/c|UBND|HĐND|BC[ĐD]|MTTQ|VPUB|UBMTT?QVN|VP\b|Ủy viên|Uỷ viên|Trưởng [Bb]an|Phó Trưởng|"
    r"Sở|Ban|Ủy ban|Uỷ ban|Bộ [Cc]hỉ huy|Tổ [Gg]iúp việc)\b"
)
_PERSON_TITLE = re.compile(r"^(?:Thủ trưởng|Chủ tịch|Giám đốc|Lãnh đạo|Người đứng đầu) (?=\S)", re.IGNORECASE)


def _has_head(text: str) -> bool:
    if _NOT_BODY.match(text):
        return False
    if _HEAD_SELF.match(text):
        return True
    m = _HEAD_CAPITAL.match(text)
    return m is not None and m.end() < len(text) and text[m.end()].isupper()


def _starts_agency(text: str) -> bool:
    """Does a new body's name start at the beginning of `text`? (raw spelling, for splitting)"""
    t = text.lstrip(" *_")
    if not t:
        return False
    if _LIST_START.match(t):
        return True
    return _has_head(t)


# --- the standard names: where a name written in running text ends -------------------------------
#
# Vietnamese capitalises only the first syllable of a name's words ("Sở Tài chính", "Ban Thi đua - Khen thưởng"),
# so capitals alone cannot tell where "Công an tỉnh đồng thời tăng cường ..." stops being a name. The standard
# names of provincial and district bodies can: a name that opens with a complete one ends there (with its place)
# when lower-case words that continue neither a longer standard name nor a place follow.

_LEXICON = VOCAB.standard_names  # generator/vocab/bodies.toml
_PARTY_SUFFIX = "(?:" + alternation(VOCAB.committees, space=r"\s+") + ")"


def _lexicon_pattern(name: str) -> str:
    """A standard name as a pattern: any spaces; a dash or a comma between words alike ("Sở Lao động, Thương
    binh và Xã hội"); "&" and "và" alike; the party unit of any level ("Ban Dân vận Huyện ủy")."""
    out = re.escape(name).replace(r"\ ", " ")
    out = out.replace(" \\- ", "<sep>").replace(", ", "<sep>").replace(" và ", "<and>").replace("\\&", "<and>")
    out = out.replace("\\-", "<sep>").replace(" ", r"\s+")
    out = out.replace("<sep>", r"\s*[-–,]\s*").replace("<and>", r"(?:\s*&\s*|\s+và\s+)")
    return out.replace(r"Tỉnh\s+ủy", _PARTY_SUFFIX)


# longest first: the regex takes the first alternative that matches ("Ban Dân vận Tỉnh ủy" before "Ban Dân vận")
_KNOWN_NAME = re.compile(
    r"(?:(?:Thủ trưởng|Giám đốc|Lãnh đạo|Chủ tịch)\s+)?(?:"
    + "|".join(_lexicon_pattern(n) for n in sorted(set(_LEXICON), key=lambda n: (-len(n), n)))
    + r"|(?P<paper>(?-i:Báo)))(?!\w)",
    re.IGNORECASE,
)
_UNIT_AFTER = re.compile(rf"\s+(?:{alternation(VOCAB.units())})(?!\w)", re.IGNORECASE)
_WORD_AFTER = re.compile(r"\s+([^\s,;:.()\[\]\"“”]+)")
# lower-case words that still belong to the name: "Ủy ban nhân dân các huyện", "cấp huyện", "cùng cấp",
# "Công an nhân dân", "Thanh tra viên", "Phòng Nội vụ thuộc UBND huyện", "Ban Dân vận tỉnh ủy", "liên quan"
_CONTINUES_NAME = re.compile(
    rf"\s+(?:các\s+(?:{alternation((*VOCAB.units(), 'cấp', 'địa phương'))})|cấp|cùng|nhân dân|viên|"
    r"thuộc|trực thuộc|ủy|liên quan|có liên quan|khu vực|chuyên ngành|&)(?!\w)"
)


def _damaged(word: str) -> bool:
    """Not one syllable as written: words run together by a converter ("tỉnhThái", "Phòngchính")."""
    for part in word.split("-"):
        if len(part) > 7 or (part[1:].isalpha() and not part[1:].islower() and not part.isupper()):
            return True  # a syllable has at most 7 letters, and capitals only first or throughout
    return False


@lru_cache(maxsize=1 << 16)
def _known_end(text: str) -> int | None:
    """Where a name that opens with a standard name ends, when words that are not part of it follow; else None.

    "Công an tỉnh đồng thời" -> 12 ("Công an tỉnh"); "Sở Tư pháp các nội dung Kế hoạch" -> 10; "Ủy ban nhân dân
    các huyện, thị xã" and "Sở Nội vụ" -> None (nothing to cut), as is any name the lexicon does not hold.
    """
    m = _KNOWN_NAME.match(text)
    if m is None:
        return None
    end = m.end()
    # a place: "tỉnh Quảng Ngãi", "thị xã Đức Phổ", "Báo Quảng Ngãi", "Đài PT-TH Lào Cai", "Hội Nông dân Việt Nam tỉnh"
    for _ in range(3):
        start = end
        unit = _UNIT_AFTER.match(text, end) if m.group("paper") is None or end > m.end() else None
        if unit is not None:
            end = unit.end()
        for _ in range(4):
            w = _WORD_AFTER.match(text, end)
            if w is None or not w.group(1)[:1].isupper():
                break
            if _damaged(w.group(1)):
                return None
            end = w.end()
        if end == start:
            break
    if end == m.end() and m.group("paper") is not None:
        return None  # a newspaper is named by its title: "Báo Quảng Ngãi", never "Báo" alone
    w = _WORD_AFTER.match(text, end)
    if w is None or not w.group(1)[:1].islower() or _damaged(w.group(1)) or _CONTINUES_NAME.match(text, end):
        return None
    if w.group(1) == "và":
        after = _WORD_AFTER.match(text, w.end())
        if after is None or not after.group(1)[:1].islower():
            return None  # "Ban Dân tộc và Tôn giáo": capitals after "và" may continue the name
    return end


# --- places --------------------------------------------------------------------------------------

_UNITS = VOCAB.unit_levels
_PARTY_UNIT = re.compile(rf"^(?:{alternation(VOCAB.committees)})$")


def _place_words(words: list[str]) -> str | None:
    """Capitalised words naming a place ("Quảng Ngãi", "QUẢNG NGÃI" -> "Quảng Ngãi"), else None."""
    if not 1 <= len(words) <= 4 or not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
        return None
    if all(w.isupper() for w in words) and any(len(w) > 1 for w in words):
        words = [w[:1] + w[1:].lower() for w in words]
    return " ".join(words)


def _split_place(text: str) -> tuple[str, str | None, str | None]:
    """(name without the trailing place, unit word or None, place named or None).

    "Ủy ban nhân dân thị xã Đức Phổ" -> ("Ủy ban nhân dân", "thị xã", "Đức Phổ");
    "Thanh tra tỉnh" -> ("Thanh tra", "tỉnh", None); "Ban Dân vận Tỉnh ủy Lào Cai" ->
    ("Ban Dân vận Tỉnh ủy", None, "Lào Cai").
    """
    words = text.split(" ")
    n = len(words)
    for k in range(min(4, n - 1), 0, -1):
        place = _place_words(words[n - k :])
        if place is None:
            continue
        before = words[: n - k]
        for size in (2, 1):
            if len(before) > size and " ".join(before[-size:]) in _UNITS:
                return " ".join(before[:-size]), " ".join(before[-size:]), place
        if len(before) >= 2 and _PARTY_UNIT.match(" ".join(before[-2:])):
            return " ".join(before), None, place
        break
    for size in (2, 1):
        if n > size and " ".join(words[-size:]) in _UNITS:
            return " ".join(words[:-size]), " ".join(words[-size:]), None
    return text, None, None


def jurisdiction_of(name_or_place: str) -> str | None:
    """The place a name or a bare place names: "UBND tỉnh Quảng Ngãi" -> "Quảng Ngãi",
    "Ủy ban nhân dân thị xã Đức Phổ" -> "Đức Phổ", "Tỉnh ủy Lào Cai" -> "Lào Cai", "Đức Phổ" -> "Đức Phổ";
    "Sở Nội vụ", "Ủy ban nhân dân tỉnh" -> None."""
    text = _expand(_clean(name_or_place))
    if not text:
        return None
    words = text.split(" ")
    bare = _place_words(words)
    if bare and not _has_head(text) and not _LIST_START.match(text):
        return bare
    # the first unit word followed by a capitalised place, anywhere in the name
    for i in range(len(words)):
        for size in (2, 1):
            unit = " ".join(words[i : i + size])
            if fold(unit) not in _UNITS and not (size == 2 and _PARTY_UNIT.match(unit)):
                continue
            taken: list[str] = []
            for w in words[i + size : i + size + 4]:
                if not (w[:1].isupper() and w.replace("-", "").isalpha()):
                    break
                taken.append(w)
            while taken:
                place = _place_words(taken)
                if place:
                    return place
                taken.pop()
    return None


_LEVEL_WORDS = {level: re.compile(rf"\b(?:{alternation(VOCAB.units(level))})\b") for level in ("tinh", "huyen", "xa")}


def _issuer_level(issuer: str | None) -> str | None:
    if not issuer:
        return None
    f = fold(_expand(issuer))
    # district before commune: "thị xã" holds "xã"
    for level in ("huyen", "xa", "tinh"):
        if _LEVEL_WORDS[level].search(f):
            return level
    return "tinh" if f.startswith("sở ") else None


# --- collectives and roles -------------------------------------------------------------------------

_DISTRICT_UNITS = set(VOCAB.units("huyen"))
_COMMUNE_UNITS = set(VOCAB.units("xa"))
_SO_BAN_NGANH = re.compile(r"^(?:các )?sở,? ban,? ngành\b")
_UBND_GROUP = re.compile(r"^ủy ban nhân dân (?:tỉnh )?(các )?([^()]{1,80})$")
_TCCT_XH = re.compile(r"^(?:các )?tổ chức chính trị - xã hội\b")
_BCD_DISTRICTS = re.compile(r"^ban chỉ đạo (?:thực hiện quy chế dân chủ ở cơ sở )?các huyện(?: ủy)?, thị\b")
_ROLE = re.compile(
    r"^(?:(?:các|Các) )?(?:đồng chí |Đồng chí |đ/c )?"
    r"(Phó Trưởng [Bb]an Thường trực|Phó Trưởng [Bb]an(?! Thường trực)|Trưởng [Bb]an(?! Thường trực)|Ủy viên)(?: (.*))?$"
)
_MEMBERS_PREFIX = re.compile(
    r"^(?:các )?đồng chí ủy viên ban chỉ đạo(?: tỉnh)? là đại diện (?:lãnh đạo )?(?:các )?cơ quan\s*:\s*", re.IGNORECASE
)
_LEAD_PREFIX = re.compile(r"^(?:đề nghị|giao|yêu cầu|đối với|kính gửi\s*:?)\s+", re.IGNORECASE)
_QUALIFIERS = re.compile(r"(?:\s+(?:trên địa bàn(?: tỉnh)?|trong tỉnh|có liên quan|liên quan|cùng cấp))+$")


def _units(text: str) -> list[str]:
    """The unit words of a list: "huyện, thị xã, thành phố" -> ["huyện", "thị xã", "thành phố"], else []."""
    parts = [p.strip() for p in re.split(r",|\bvà\b", text) if p.strip()]
    return parts if all(p in _DISTRICT_UNITS | _COMMUNE_UNITS for p in parts) else []


def _collective(text: str) -> tuple[str, str, str | None] | None:
    """(canonical name, key, level) of a known collective addressee; `text` is expanded."""
    f = _QUALIFIERS.sub("", fold(text))
    if _SO_BAN_NGANH.match(f):
        return "Các sở, ban, ngành tỉnh", "cac-so-ban-nganh", "tinh"
    m = _UBND_GROUP.match(f)
    if m:
        units = _units(m.group(2))
        if units and (m.group(1) or len(units) > 1):
            if set(units) <= _DISTRICT_UNITS:
                return "Ủy ban nhân dân các huyện, thị xã, thành phố", "uy-ban-nhan-dan-cac-huyen-thi-xa-thanh-pho", "huyen"
            if set(units) <= _COMMUNE_UNITS:
                if "thị trấn" in units:
                    return "Ủy ban nhân dân các xã, phường, thị trấn", "uy-ban-nhan-dan-cac-xa-phuong-thi-tran", "xa"
                if "phường" in units:
                    return "Ủy ban nhân dân các xã, phường", "uy-ban-nhan-dan-cac-xa-phuong", "xa"
                return "Ủy ban nhân dân các xã", "uy-ban-nhan-dan-cac-xa", "xa"
    if _TCCT_XH.match(f):
        return "Các tổ chức chính trị - xã hội tỉnh", "cac-to-chuc-chinh-tri-xa-hoi", "tinh" if f.endswith(" tỉnh") else None
    if _BCD_DISTRICTS.match(f):
        name = "Ban Chỉ đạo các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy"
        return name, slugify(name), "huyen"
    return None


def _short_issuer(issuer: str) -> str:
    """'Ban Chỉ đạo tỉnh về thực hiện Quy chế dân chủ ở cơ sở' -> 'Ban Chỉ đạo tỉnh'."""
    return _clean(issuer).split(" về ", 1)[0]


def _person_role(text: str, issuer: str | None) -> tuple[str, bool] | None:
    """(name, collective) of a steering-committee role, or None when `text` names none.

    'Đồng chí Trưởng Ban Chỉ đạo tỉnh' -> 'Trưởng Ban Chỉ đạo tỉnh'; 'Các đồng chí Phó Trưởng Ban Chỉ đạo' ->
    'Phó Trưởng Ban Chỉ đạo'; a role without its body ('Đồng chí Trưởng Ban') takes the issuer when the
    issuer is a Ban ('Ban Chỉ đạo tỉnh về ...' -> 'Trưởng Ban Chỉ đạo tỉnh'), else None.
    """
    m = _ROLE.match(text)
    if not m:
        return None
    role = re.sub(r"\bban\b", "Ban", m.group(1))
    body = (m.group(2) or "").strip()
    many = text[:4].lower() == "các "
    if role.startswith("Ủy viên"):
        if not body.startswith("Ban "):
            return None
        return f"Ủy viên {body}", True
    if not body and issuer and _clean(issuer).startswith("Ban "):
        body = _short_issuer(issuer)
    if not body:
        return None
    if role in ("Trưởng Ban", "Phó Trưởng Ban") and not body.startswith("Ban "):
        # "Trưởng Ban Chỉ đạo tỉnh": the "Ban" of the role is the first word of the body
        body = "Ban " + body
    if not _has_head(body):
        return None
    if role.endswith("Ban") and role != "Phó Trưởng Ban Thường trực" and body.startswith("Ban "):
        return f"{role[:-4]} {body}", many
    return f"{role} {body}", many


# --- the canonical name ------------------------------------------------------------------------

_NATIONAL = re.compile(rf"\b(?:{alternation(VOCAB.national_words)})\b")
_LOCAL_NATIONAL = re.compile(alternation(VOCAB.local_despite))
_NATIONAL_NAMES = frozenset(fold(b.name) for b in VOCAB.national_bodies)
_MINISTRY = re.compile(r"^Bộ (?!Chỉ huy )(\S)")


def is_national(name: str) -> bool:
    """Is `name` (a body's name, without its place) a body of the State or the Party at the centre?

    Chính phủ, Bộ Nội vụ, Ban Dân vận Trung ương, Cục Thống kê: a body of generator/vocab/bodies.toml, a name
    holding one of its national words, or a ministry ("Bộ" and a capitalised field, not "Bộ Chỉ huy ...");
    never one holding a word that makes it local ("Đoàn đại biểu Quốc hội tỉnh").
    """
    if _LOCAL_NATIONAL.search(name):
        return False
    if fold(name) in _NATIONAL_NAMES or _NATIONAL.search(name):
        return True
    m = _MINISTRY.match(name)
    return bool(m and m.group(1).isupper())
# names that drop a trailing "tỉnh": the unit is not part of their usual name
_DROP_UNIT = re.compile(r"^(?:Sở|Đài|Cơ quan|Chi cục|Cục|Ban(?! Chỉ đạo)(?!.* nhân dân$))\b")


def _id(jurisdiction: str | None, national: bool, key: str) -> str:
    place = slugify(jurisdiction) if jurisdiction else (NATIONAL_SLUG if national else UNKNOWN_SLUG)
    return f"{place}--{slugify(key)}"


def _strip_prefixes(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _MEMBERS_PREFIX.sub("", text)
        text = _LEAD_PREFIX.sub("", text)
    return text


def canonical_agency(
    name: str,
    jurisdiction: str | None,
    *,
    issuer: str | None = None,
    parent: str | None = None,
) -> AgencyName | None:
    """The body `name` (as written in a document of `jurisdiction`) stands for, or None.

    `issuer` (the document's issuer, optional) completes names relative to it: "Văn phòng Sở" in a plan of
    Sở Nội vụ is "Văn phòng Sở Nội vụ"; "Đồng chí Trưởng Ban" in a plan of a Ban Chỉ đạo is its head; it
    also tells the level of the document (a district's "UBND tỉnh" is not the district's). `parent` is the
    province of a district-level document, used for its "tỉnh" bodies; without it their jurisdiction is None.
    """
    return _canonical(name, jurisdiction, issuer, parent)


def starts_agency(text: str) -> bool:
    """Does a body's name (or a list of them) start at the beginning of `text`? A cheap test before parsing."""
    return _starts_agency(text[:160].lstrip(" -+•*_"))


@lru_cache(maxsize=65536)
def _canonical(name: str, jurisdiction: str | None, issuer: str | None, parent: str | None) -> AgencyName | None:
    text = _strip_prefixes(_clean(name))
    # "VPUB: CVP, PCVP, KGVX" (Nơi nhận): what follows the colon are units or people of that body
    text = text.split(":", 1)[0].strip()
    if not text:
        return None
    doc_level = _issuer_level(issuer)
    person = _person_role(_expand(text), issuer)
    collective = False
    if person is not None:
        text, collective = person
    else:
        titled = _PERSON_TITLE.sub("", text)
        text = _expand(titled)
    text = text[:1].upper() + text[1:]
    if issuer and re.search(r"\bSở$", text) and _clean(issuer).startswith("Sở "):
        text = f"{text[:-3]} {_short_issuer(issuer)}".strip()

    group = _collective(text)
    if group is not None:
        spelled, key, level = group
        # "Các sở, ban, ngành tỉnh" written in a district's document are its province's
        where_group = parent if level == "tinh" and doc_level in ("huyen", "xa") else jurisdiction
        return AgencyName(_id(where_group, False, key), spelled, where_group, True, level)
    if person is None and not _has_head(text):
        return None
    if person is None and (text.startswith("Các ") or " các " in text):
        collective = True
        text = _QUALIFIERS.sub("", text)

    core, unit, place = _split_place(text)
    if place is None and jurisdiction and unit is None:
        # "Đài PT-TH Quảng Ngãi": the document's own place written without a unit word
        tail = " " + jurisdiction
        if fold(text).endswith(fold(tail)) and not text.startswith("Báo "):
            core = text[: -len(tail)]
    if text.startswith("Báo "):
        core, unit, place = text, None, None
    level = _UNITS.get(unit) if unit else None
    national = unit is None and place is None and is_national(core)
    if national:
        return AgencyName(_id(None, True, core), core, None, collective, None)

    where: str | None = jurisdiction
    if place is not None:
        where = place
    elif level == "tinh" and doc_level in ("huyen", "xa"):
        where = parent  # a district document's "tỉnh" is its province
    if level is None:
        if core.startswith("Sở ") or core.endswith("Tỉnh ủy"):
            level = "tinh"
        elif place is None:
            level = doc_level
    keep_unit = unit is not None and not _DROP_UNIT.match(core)
    spelled = f"{core} {unit}" if keep_unit else core
    return AgencyName(_id(where, False, core), spelled, where, collective, level)


# --- lists ---------------------------------------------------------------------------------------

# one body although its name holds "và" or a comma before a head word
_ONE_BODY = VOCAB.one_body
_ONE_BODY_RE = re.compile("|".join(re.escape(fold(p)).replace(r"\ ", r"\s+") for p in _ONE_BODY))
_LIST_PREFIX = re.compile(
    r"^[\s*_-]*(?:(?:các )?đồng chí ủy viên ban chỉ đạo(?: tỉnh)? là đại diện (?:lãnh đạo )?(?:các )?cơ quan\s*:"
    r"|đề nghị\b|giao\b|kính gửi\s*:)\s*",
    re.IGNORECASE,
)
_BARE_COUNCILS = {"hội đồng nhân dân", "ủy ban nhân dân", "thường trực hội đồng nhân dân"}
_ELIDED_ROLE = re.compile(r"^(?:(?:các|Các) )?(?:đồng chí|Đồng chí) (?:Phó Trưởng [Bb]an(?: Thường trực)?|Trưởng [Bb]an)$")
_ROLE_WITH_BODY = re.compile(
    r"(?:Phó Trưởng [Bb]an Thường trực|Phó Trưởng [Bb]an(?! Thường trực)|Trưởng [Bb]an(?! Thường trực)|Ủy viên) (.+)$"
)


# lower-case words that continue a list inside one collective name ("UBND xã, phường, thị trấn")
_CONTINUES = re.compile(r"(?:xã|phường|thị|thành|huyện|quận|ban|ngành|đảng|đơn vị|cơ quan|địa phương|các|sở|tổ)\b")
_MANY = re.compile(r"(?:^|\s)[Cc]ác\s")


# the characters where a list may be cut; " và " found at every place it starts, overlapping ones too
_LIST_MARK = re.compile(r"[();,]|(?= và )")


def _inside(spans: list[tuple[int, int]], starts: list[int], i: int) -> bool:
    """Whether `i` is strictly inside one of the sorted, disjoint `spans` (`starts`: their starts)."""
    k = bisect_left(starts, i) - 1
    return k >= 0 and spans[k][0] < i < spans[k][1]


def _cut_points(styled: str, begin: int) -> list[tuple[int, int]]:
    """(end of one name, start of the next) for every place where the list is cut.

    A comma followed by a lower-case word ends a single body's name ("Ủy ban nhân dân tỉnh An Giang,
    chính quyền địa phương ...") unless the name so far is a group ("các huyện, thị xã") or the word
    continues a list of units ("xã, phường").
    """
    protected = [(m.start(), m.end()) for m in _ONE_BODY_RE.finditer(fold(styled))]
    starts = [a for a, _ in protected]
    cuts: list[tuple[int, int]] = []
    depth = 0
    segment = begin
    skip_to = begin  # a cut at " và " consumes it: no other mark inside it is looked at
    for mark in _LIST_MARK.finditer(styled, begin):
        i = mark.start()
        if i < skip_to:
            continue
        c = styled[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and not _inside(protected, starts, i):
            if c == ";":
                cuts.append((i, i + 1))
                segment = i + 1
            elif c == ",":
                window = styled[i + 1 : i + 161]
                nxt = window.lstrip(" ")
                start = i + 1 + len(window) - len(nxt)
                if nxt.startswith("và "):
                    pass
                elif _starts_agency(nxt) or (
                    nxt[:1].islower() and not _CONTINUES.match(nxt) and not _MANY.search(styled[segment:i])
                ):
                    cuts.append((i, start))
                    segment = start
            elif _starts_agency(styled[i + 4 : i + 164]):  # " và "
                cuts.append((i, i + 4))
                segment = i + 4
                skip_to = i + 4
    return cuts


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t*_-+•,;:.":
        start += 1
    while end > start and text[end - 1] in " \t*_,;:.":
        end -= 1
    return start, end


def agency_spans(text: str, *, trim: bool = False) -> tuple[tuple[str, int, int], ...]:
    """The names of a written list with their spans in `text`.

    A name is cut at ";", and at "," or " và " only where a new body's name starts (a capitalised head
    such as Sở, Ban, Đài, UBND, or "các sở", "đồng chí ..."), so "Các sở, ban, ngành tỉnh",
    "UBND các huyện, thị xã, thành phố" and "Sở Lao động - Thương binh và Xã hội" stay whole. A steering
    committee role written without its body ("Đồng chí Trưởng Ban và đồng chí Phó Trưởng Ban Thường trực
    Ban Chỉ đạo tỉnh") takes the body of the next role, so the returned name may be longer than its span.

    With `trim` (running text, where the words after a name are not known to end it), a name that opens with
    a standard name ends there, with its place, when lower-case words that are not part of it follow:
    "Công an tỉnh đồng thời" -> "Công an tỉnh", "Sở Tư pháp các nội dung Kế hoạch" -> "Sở Tư pháp".
    """
    text = unicodedata.normalize("NFC", text)  # spans index the NFC form (what the pipeline passes anyway)
    styled = tone_style(text)
    if len(styled) != len(text):
        styled = text
    m = _LIST_PREFIX.match(styled)
    begin = m.end() if m else 0
    spans: list[tuple[int, int]] = []
    start = begin
    for end, nxt in _cut_points(styled, begin):
        spans.append(_trimmed(text, start, end))
        start = nxt
    spans.append(_trimmed(text, start, len(text)))
    if trim:
        spans = [_trimmed(text, s, s + cut) if (cut := _known_end(styled[s:e])) else (s, e) for s, e in spans]
    parts = [(_clean(text[s:e]), s, e) for s, e in spans if e > s]
    parts = [(p, s, e) for p, s, e in parts if p]
    out: list[tuple[str, int, int]] = []
    for k, (name, s, e) in enumerate(parts):
        if fold(_expand(name)) in _BARE_COUNCILS and k + 1 < len(parts):
            # "Hội đồng nhân dân, Ủy ban nhân dân tỉnh An Giang": the place is written once, for both
            _, unit, place = _split_place(_expand(parts[k + 1][0]))
            if unit:
                name = " ".join(w for w in (name, unit, place) if w)
        if _ELIDED_ROLE.match(tone_style(name)):
            for later, _, _ in parts[k + 1 :]:
                body_match = _ROLE_WITH_BODY.search(tone_style(later))
                if body_match:
                    body = body_match.group(1)
                    role = body_match.group(0)[: -len(body)].strip()
                    if role.endswith(("Trưởng Ban", "Trưởng ban")) and not body.startswith("Ban "):
                        body = "Ban " + body
                    name = (
                        f"{name[:-4]} {body}" if name.endswith(("Ban", "ban")) and body.startswith("Ban ") else f"{name} {body}"
                    )
                    break
        out.append((name, s, e))
    return tuple(out)


def split_agencies(text: str) -> tuple[str, ...]:
    """'Đài Phát thanh và Truyền hình tỉnh, Báo Quảng Ngãi' -> ('Đài Phát thanh và Truyền hình tỉnh',
    'Báo Quảng Ngãi'); see `agency_spans` for the rule."""
    return tuple(name for name, _, _ in agency_spans(text))


# --- collectives' members -----------------------------------------------------------------------

_SBN_MEMBER = re.compile(r"^(?:Sở |Thanh tra|Văn phòng Ủy ban nhân dân|Đài |Báo |Ban (?!Chỉ đạo|Thường vụ|cán sự))")
_PARTY_BODY = re.compile(r"(?:Tỉnh ủy|Thành ủy|Huyện ủy|Thị ủy|Hội đồng nhân dân)$")


def _ancestors(jurisdiction: str | None, parents: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    while jurisdiction is not None and jurisdiction in parents and len(out) < 4:
        jurisdiction = parents[jurisdiction]
        out.append(jurisdiction)
    return out


def collective_members(
    collective_id: str,
    known_agencies: Iterable[AgencyName],
    parents: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """Ids of the known bodies a collective addressee stands for (sorted), () when the rule names none.

    * "Các sở, ban, ngành tỉnh" of J: every non-collective body of J at province level whose name starts
      with Sở, Ban (not Ban Chỉ đạo, Ban Thường vụ, Ban cán sự, nor a Party or council body's Ban such as
      "Ban Dân vận Tỉnh ủy"), Thanh tra, Văn phòng Ủy ban nhân dân, Đài or Báo;
    * "Ủy ban nhân dân các huyện, thị xã, thành phố" of J: every "Ủy ban nhân dân" at district level whose
      jurisdiction lies in J according to `parents` (jurisdiction -> the jurisdiction above it, as the corpus
      tells it, see `parent_jurisdictions`);
    * "Ủy ban nhân dân các xã, phường[, thị trấn]" of J: every "Ủy ban nhân dân" at commune level in J
      (directly or through a district).
    """
    parents = parents or {}
    agencies = list(known_agencies)
    own = next((a for a in agencies if a.id == collective_id), None)
    place_slug, _, key = collective_id.partition("--")
    jurisdiction = (
        own.jurisdiction
        if own
        else next((a.jurisdiction for a in agencies if a.jurisdiction and slugify(a.jurisdiction) == place_slug), None)
    )
    if jurisdiction is None:
        return ()
    members: list[str] = []
    for a in agencies:
        if a.collective or a.id == collective_id:
            continue
        if key == "cac-so-ban-nganh":
            if (
                a.jurisdiction == jurisdiction
                and a.level in ("tinh", None)
                and _SBN_MEMBER.match(a.name)
                and not _PARTY_BODY.search(a.name)
            ):
                members.append(a.id)
        elif key == "uy-ban-nhan-dan-cac-huyen-thi-xa-thanh-pho":
            if (
                a.level == "huyen"
                and a.name.startswith("Ủy ban nhân dân")
                and jurisdiction in _ancestors(a.jurisdiction, parents)[:1]
            ):
                members.append(a.id)
        elif key.startswith("uy-ban-nhan-dan-cac-xa"):
            if a.level == "xa" and a.name.startswith("Ủy ban nhân dân") and jurisdiction in _ancestors(a.jurisdiction, parents):
                members.append(a.id)
    return tuple(sorted(set(members)))


# "của UBND tỉnh Quảng Ngãi": a provincial People's Committee named with its place (any case, either tone style)
_PROVINCE = VOCAB.units("tinh")
_PROVINCIAL_COMMITTEE = re.compile(
    rf"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|ỦY BAN NHÂN DÂN) (?:{alternation([*_PROVINCE, *(u.upper() for u in _PROVINCE)])}) "
)


def parent_jurisdictions(documents: Iterable[Document]) -> dict[str, str]:
    """Jurisdiction of a district-level document -> its province, as its own text tells it.

    A district's document that names exactly one provincial People's Committee ("của UBND tỉnh Quảng Ngãi"
    in the subject of công văn 560/UBND of thị xã Đức Phổ) belongs to that province. Nothing is guessed when
    the text names none or several.
    """
    documents = list(documents)
    # a place counts only when the corpus knows it as a jurisdiction: "Quảng Ngãi", not "Quảng Ngãi Thực hiện"
    known = sorted({d.jurisdiction for d in documents if d.jurisdiction}, key=len, reverse=True)
    found: dict[str, set[str]] = {}
    for doc in documents:
        if not doc.jurisdiction or _issuer_level(doc.issuer) not in ("huyen", "xa"):
            continue
        text = " ".join([doc.title or "", *doc.header_lines, *(b.text for b in doc.preamble)])
        for m in _PROVINCIAL_COMMITTEE.finditer(text):
            rest = text[m.end() : m.end() + 60]
            place = next((k for k in known if rest.startswith(k) or rest.startswith(k.upper())), None)
            if place is None:
                # a place the corpus does not know yet: capitalised words closed by punctuation or the end
                cm = re.match(r"([A-ZĐÀ-Ỹ][^\s,;.()]*(?: [A-ZĐÀ-Ỹ][^\s,;.()]*){0,2})\s*(?:[,;.()]|$)", rest)
                place = cm.group(1) if cm else None
            if place and place != doc.jurisdiction:
                found.setdefault(doc.jurisdiction, set()).add(place)
    return {j: next(iter(p)) for j, p in sorted(found.items()) if len(p) == 1}

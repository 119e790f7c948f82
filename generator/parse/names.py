"""Names of document types and issuing bodies: codes, canonical spelling, jurisdiction."""

from __future__ import annotations

import re

from ..agencies import is_national, jurisdiction_of
from ..textutil import alternation, tone_style
from ..vocab import VOCAB

# upper-case name as a header prints it ("KẾ HOẠCH") -> what the document records as its type ("KH")
_HEADER_TYPES = {tone_style(t.name).upper(): t.key for t in VOCAB.types}
# what a document records as its type -> the type's name
CODE_NAMES = VOCAB.type_names


def type_code_of_name(line: str) -> str | None:
    """'KẾ HOẠCH' -> 'KH' when the whole line is a type name."""
    key = re.sub(r"\s+", " ", tone_style(line).upper().strip(" .:"))
    return _HEADER_TYPES.get(key)


def type_code_of_symbol(symbol: str | None) -> str | None:
    """'KH-UBND' -> 'KH', 'KH/BCĐ' -> 'KH', 'UBND' -> 'CV' (a công văn has no type in its symbol)."""
    if not symbol:
        return None
    first = re.split(r"[-/]", symbol)[0]
    for code in CODE_NAMES:
        if code.lower() == first.lower():
            return code
    return "CV"


# --- issuing bodies ---------------------------------------------------------------------------

def _upper(words: tuple[str, ...] | list[str]) -> list[str]:
    return [tone_style(w).upper() for w in words]


_HEADER = VOCAB.header  # generator/vocab/bodies.toml [header]
_SPELLED_OUT = {w: a.name for a in VOCAB.abbreviations for w in a.written}  # "UBND" -> "Ủy ban nhân dân"
# (key, spelling): keys are upper case (tone style folded), spelled as in running text; longest first, so that
# "BAN CHỈ ĐẠO" is tried before "BAN"
_BODY_WORDS: list[tuple[str, str]] = sorted(
    ((tone_style(w).upper(), _SPELLED_OUT.get(w, w)) for w in (*_HEADER["body_words"], *VOCAB.committees, *_HEADER["phrases"])),
    key=lambda kw: -len(kw[0]),
)
_PHRASES = set(_upper(_HEADER["phrases"]))  # not a body: matched anywhere in a name
# bodies named by the word after them, capitalised: "SỞ NỘI VỤ" -> "Sở Nội vụ"
_NAMED_UNITS = set(_HEADER["named_by_next_word"])
# in the name of a Sở, Bộ, Phòng or Chi cục each field after "và", "-" or "," is capitalised too
_FIELD_UNITS = tuple(f"{w} " for w in _HEADER["fields_capitalised"])
_NEXT_FIELD = re.compile(r"((?:\svà|\s-|,)\s+)(\w)")
_PLACE_UNITS = [unit.upper() for unit in VOCAB.units()]
_PARTY_PLACE = re.compile(rf"^({alternation(VOCAB.committees)}) ([^\W\d_].*)$")  # a place starts with a letter: not "Tỉnh ủy {"

# --- the issuer block: parent bodies above the issuer (NĐ 30/2020 Phụ lục I; domain.md §1) ----------

# the first words of a body's name: a header line that starts with one of them names a new body
_HEADS = sorted(
    {key for key, _ in _BODY_WORDS if key not in _PHRASES} | set(_upper(_HEADER["heads"])),
    key=len,
    reverse=True,
)
# a line that ends a body's name unfinished: the next line goes on with it ("ỦY BAN NHÂN DÂN" / "TỈNH LÀO CAI",
# "ỦY BAN THƯỜNG VỤ" / "QUỐC HỘI", "BAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ" / "DÂN CHỦ Ở CƠ SỞ")
_UNFINISHED = set(_upper(_HEADER["unfinished"]))
_OPEN_END = re.compile(r"(?:\s(?:VÀ|CỦA|VỀ|Ở|CHO|THỰC HIỆN|TRỰC THUỘC)|[-,&])$")
# a body written without its own name, named after its parent: "UBND TỈNH SƠN LA" / "VĂN PHÒNG" is the
# "Văn phòng Ủy ban nhân dân tỉnh"
_PARENT_NAMED = set(_HEADER["named_after_parent"])


def _key(line: str) -> str:
    return re.sub(r"\s+", " ", tone_style(line).upper()).strip(" -*_")


def _head(key: str) -> str | None:
    """The longest head word `key` starts with, if it stands as whole words."""
    for head in _HEADS:
        if key == head or key.startswith(head + " "):
            return head
    return None


def _opens_body(current: str, line: str) -> bool:
    """Does header line `line` (a key) start a new body below the body `current` (the key of its lines)?"""
    if current in _UNFINISHED or _OPEN_END.search(current) or _head(line) is None:
        return False
    spanning = _head(current + " " + line)  # "ỦY BAN THƯỜNG VỤ" + "QUỐC HỘI": one name over two lines
    return not (spanning and len(spanning) > len(current))


def issuer_bodies(lines: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The header's issuer lines grouped into bodies, the parent first, the issuer last.

    ('UBND TỈNH SƠN LA', 'SỞ NỘI VỤ') -> (('UBND TỈNH SƠN LA',), ('SỞ NỘI VỤ',)); ('ỦY BAN NHÂN DÂN', 'TỈNH LÀO
    CAI') is one body written on two lines, and so is a long name wrapped ('BAN CHỈ ĐẠO ... QUY CHẾ' / 'DÂN CHỦ Ở
    CƠ SỞ'). A line starts a new body when it starts with a body word (SỞ, BAN, PHÒNG, ...) and the lines before
    it already name a whole body.
    """
    bodies: list[list[str]] = []
    keys: list[str] = []
    for line in lines:
        key = _key(line)
        if not key:
            continue
        if bodies and not _opens_body(keys[-1], key):
            bodies[-1].append(line)
            keys[-1] = f"{keys[-1]} {key}"
        else:
            bodies.append([line])
            keys.append(key)
    return tuple(tuple(b) for b in bodies)


def _title_place(words: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in words.split())


def _body_name(text: str) -> str | None:
    """One body's name in running text, from its header key: 'ỦY BAN NHÂN DÂN THỊ XÃ ĐỨC PHỐ' ->
    'Ủy ban nhân dân thị xã Đức Phố'.

    Body words count at the start of the name and right after another ('BAN DÂN VẬN TỈNH ỦY'), never inside
    a name ('... Ở CƠ SỞ' is not a Sở); a place unit never right after 'VÀ' or '-' ('... VÀ XÃ HỘI').
    """
    if not text:
        return None
    out: list[str] = []
    rest = text
    after_body = True  # at the start, or right after a body word
    previous = ""
    while rest:
        for key, spelled in _BODY_WORDS:
            if (after_body or key in _PHRASES) and (rest == key or rest.startswith(key + " ")):
                out.append(spelled)
                rest = rest[len(key) :].strip()
                after_body = key not in _PHRASES
                if (
                    spelled in _NAMED_UNITS
                    and rest
                    and not any(rest.startswith(u + " ") for u in _PLACE_UNITS)
                    and _head(rest) is None
                ):
                    word, _, rest = rest.partition(" ")
                    out.append(word[:1] + word[1:].lower())
                    after_body = False
                previous = key
                break
        else:
            for unit in _PLACE_UNITS if previous not in ("VÀ", "-", "&") and not previous.endswith(",") else ():
                if rest.startswith(unit + " "):
                    out.append(unit.lower() + " " + _title_place(rest[len(unit) + 1 :]))
                    rest = ""
                    break
            else:
                word, _, rest = rest.partition(" ")
                out.append(word.lower() if out else word[:1] + word[1:].lower())
                after_body = False
                previous = word
    name = " ".join(out)
    m = _PARTY_PLACE.match(name)
    if m:
        name = f"{m.group(1)} {_title_place(m.group(2))}"
    name = name[:1].upper() + name[1:]
    if name.startswith(_FIELD_UNITS):
        name = _NEXT_FIELD.sub(lambda f: f.group(1) + f.group(2).upper(), name)
    return name


def _without_place(name: str) -> str:
    """'Ủy ban nhân dân tỉnh Sơn La' -> 'Ủy ban nhân dân tỉnh'; 'Tỉnh ủy Hà Giang' -> 'Tỉnh ủy'."""
    place = jurisdiction_of(name)
    if place and name.endswith(" " + place):
        return name[: -len(place) - 1]
    return name


def _letters(name: str) -> str:
    return re.sub(r"[\W_]+", "", tone_style(name).lower())


_NATIONAL_SPELLING = {_letters(b.name): b.name for b in VOCAB.national_bodies}


def _joint(name: str) -> str | None:
    """The issuers of a joint document (thông tư liên tịch) printed as one line joined by dashes, each a national
    body of the vocabulary ('BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI - BỘ TÀI CHÍNH' -> 'Bộ Lao động - Thương binh và
    Xã hội, Bộ Tài chính'); None unless every part is one. The dashes inside a body's own name are tried too."""
    parts = re.split(r"\s+[-–]\s+", name)
    if len(parts) < 2:
        return None

    def spell(k: int) -> list[str] | None:  # the bodies that parts[k:] are, else None
        if k == len(parts):
            return []
        for j in range(len(parts), k, -1):
            body = _NATIONAL_SPELLING.get(_letters(" - ".join(parts[k:j])))
            rest = spell(j) if body else None
            if body and rest is not None:
                return [body, *rest]
        return None

    bodies = spell(0)
    return ", ".join(bodies) if bodies and len(bodies) >= 2 else None


def issuer_of(lines: tuple[str, ...]) -> tuple[str | None, str | None]:
    """(issuer, jurisdiction) from the header's issuer lines.

    The last body of the block is the issuer, the ones above it its parents (cơ quan chủ quản): ('UBND TỈNH
    SƠN LA', 'SỞ NỘI VỤ') -> ('Sở Nội vụ', 'Sơn La'). The issuer's own name says its place when it has one
    ('Ủy ban nhân dân thị xã Đức Phố'); otherwise the nearest parent does. As for a header-less document
    (seed 004), the province is kept as the jurisdiction, not added to the name.
    """
    names = [n for n in (_body_name(" ".join(_key(x) for x in body)) for body in issuer_bodies(lines)) if n]
    if not names:
        return None, None
    issuer, parents = names[-1], names[:-1]
    # a national body is spelled as the vocabulary spells it, whatever the header's dashes and capitals
    # ('BỘ LAO ĐỘNG THƯƠNG BINH VÀ XÃ HỘI', 'BỘ CÔNG THƯƠNG')
    issuer = _NATIONAL_SPELLING.get(_letters(issuer), None) or _joint(issuer) or issuer
    if issuer in _PARENT_NAMED and parents:
        issuer = f"{issuer} {_without_place(parents[-1])}"
    jurisdiction = jurisdiction_of(issuer)
    if jurisdiction is None and not is_national(issuer):
        jurisdiction = next((j for j in (jurisdiction_of(p) for p in reversed(parents)) if j), None)
    return issuer, jurisdiction

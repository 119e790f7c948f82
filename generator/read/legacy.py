"""Legacy Vietnamese 8-bit encodings, TCVN3 (ABC) and VNI-Windows, detected and converted to Unicode.

Older documents were typed with 8-bit fonts: `.VnTime` (TCVN 5712:1993, "TCVN3", the ABC package) or
`VNI-Times`. Legacy text reaches the generator in two shapes:

- the bytes of a text file that is not UTF-8 (`decode_bytes`);
- "surface" text: a Word run or a PDF text layer in a legacy font, where each byte became the Windows-1252
  character with the same code (`QuyÕt ®Þnh` for Quyết định, `Coäng hoøa` for Cộng hòa); see `decode_surface`
  and `convert_surface`.

`viparse` 0.1.31 on PyPI (a document loader for retrieval pipelines) was evaluated first and is not used: its
conversion tables are derived from a small corpus and stop where that corpus did (its VNI table has no `ỵ`, which
VNI writes as `î`, nor `ẳ`; its TCVN3 table has none of the capital letters of TCVN 5712:1993), it does not
recover the capitals typed with the uppercase `.VnTimeH` fonts, and its conversion functions are internal
modules of a loader built around its own document model. The tables here follow the standards instead:
TCVN3 is TCVN 5712:1993 (VN1, the superset of the VN3 subset that the ABC fonts use), checked byte by byte in
the tests against the C library's `TCVN5712-1` charmap; VNI is the VNI-Windows layout (a base letter followed by
one mark character), built below from its rules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

TCVN3 = "tcvn3"
VNI = "vni"
NAMES = {TCVN3: "TCVN3 (ABC)", VNI: "VNI"}

# --- TCVN3 (TCVN 5712:1993) ----------------------------------------------------------------------

# Bytes 0x80-0xFF, sixteen a row. The lower-case letters and Ă Â Ê Ô Ơ Ư Đ (0xA1-0xFE) are the VN3 subset that
# the ABC fonts draw; the other capitals (0x80-0x9F and the free slots) and the combining marks 0xB0-0xB4 are VN1.
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"
    "éẹềểễếệìỉỄẾỒĩíịò"
    "Ổỏõóọồổỗốộờởỡớợù"
    "ỖủũúụừửữứựỳỷỹýỵỐ"
)
# VN1 also puts twelve capitals in the C0 control range
_TCVN3_LOW = {
    0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ",
    0x12: "Ự", 0x13: "Ỳ", 0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ",
}
TCVN3_TABLE: dict[int, str] = {**_TCVN3_LOW, **{0x80 + i: ch for i, ch in enumerate(_TCVN3_HIGH)}}

# Windows punctuation that Word puts at the same codes as eight VN1 capitals. Real text uses both: “UBND” and
# CỘNG, NGHỊ. A byte here is read as the capital only inside or at the end of a word in capitals.
_AMBIGUOUS = {0x85: "…", 0x91: "‘", 0x92: "’", 0x93: "“", 0x94: "”", 0x95: "•", 0x96: "–", 0x97: "—"}
_OPENS = {0x91: 0x92, 0x93: 0x94}  # opening quote -> its closing quote
_CLOSES = {v: k for k, v in _OPENS.items()}

# A PDF text layer in a .VnTime font may give U+2212 for the soft-hyphen slot 0xAD (ư) and U+2219 for 0xB7 (ã):
# the font names those glyphs "minus" and "periodcentered". They are letters only next to a letter.
_PDF_GLYPHS = {"\u2212": 0xAD, "\u2219": 0xB7}


def _surface_char(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:  # the five codes Windows-1252 leaves undefined
        return chr(b)


# byte -> the character it shows as in Windows-1252, and back (Latin-1 control characters map back too)
_BYTE_SURFACE = [_surface_char(b) for b in range(256)]
_SURFACE_BYTE: dict[str, int] = {ch: b for b, ch in enumerate(_BYTE_SURFACE)}
for _b in range(0x80, 0xA0):
    _SURFACE_BYTE.setdefault(chr(_b), _b)


def _decode_tcvn3_units(units: Sequence[int | str]) -> str:
    """Decode TCVN3 bytes (ints); strings are characters that were already Unicode and pass through."""
    out: list[str] = []
    open_quotes = {0x91: 0, 0x93: 0}
    n = len(units)
    for i, unit in enumerate(units):
        if isinstance(unit, str):
            out.append(unit)
            if unit == "\n":
                open_quotes = {0x91: 0, 0x93: 0}
            continue
        b = unit
        if b == 0x0A:
            open_quotes = {0x91: 0, 0x93: 0}
        if b in _AMBIGUOUS:
            prev = out[-1] if out else ""
            nxt_unit = units[i + 1] if i + 1 < n else None
            nxt = _plain_char(nxt_unit)
            in_caps_word = prev.isalpha() and prev.isupper() and (nxt.isalpha() and nxt.isupper() or not nxt.isalpha())
            if in_caps_word and b in _CLOSES and not nxt.isalpha() and open_quotes[_CLOSES[b]] > 0:
                in_caps_word = False  # “UBND”: the quote closes what an opening quote began
            if in_caps_word:
                out.append(TCVN3_TABLE[b])
            else:
                out.append(_AMBIGUOUS[b])
                if b in _OPENS:
                    open_quotes[b] += 1
                elif b in _CLOSES and open_quotes[_CLOSES[b]] > 0:
                    open_quotes[_CLOSES[b]] -= 1
            continue
        out.append(TCVN3_TABLE.get(b, chr(b)) if b >= 0x80 or b in _TCVN3_LOW else chr(b))
    return unicodedata.normalize("NFC", "".join(out))


def _plain_char(unit: int | str | None) -> str:
    """The character a unit stands for, reading an ambiguous byte as punctuation (for looking ahead)."""
    if unit is None:
        return ""
    if isinstance(unit, str):
        return unit
    if unit in _AMBIGUOUS:
        return _AMBIGUOUS[unit]
    return TCVN3_TABLE.get(unit, chr(unit)) if unit >= 0x80 or unit in _TCVN3_LOW else chr(unit)


def decode_tcvn3(data: bytes, restore_capitals: bool = True) -> str:
    """TCVN3 bytes to Unicode (NFC); capitals typed in a `.VnTimeH` font are recovered where the text shows them."""
    text = _decode_tcvn3_units(list(data))
    return restore_caps(text) if restore_capitals else text


def _tcvn3_surface_units(text: str) -> list[int | str]:
    units: list[int | str] = []
    for i, ch in enumerate(text):
        if ch in _PDF_GLYPHS:
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            units.append(_PDF_GLYPHS[ch] if before.isalpha() or after.isalpha() else ch)
            continue
        b = _SURFACE_BYTE.get(ch)
        units.append(ch if b is None or b < 0x80 and b not in _TCVN3_LOW else b)
    return units


# --- VNI-Windows -----------------------------------------------------------------------------------

# A toned vowel is its base letter followed by one mark character (two marks are fused into one character).
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}  # circumflex + tone
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}  # breve + tone
# Letters written as one character: ơ and ư (to which a tone mark may follow), đ, and the i/y forms that
# Windows-1252 cannot build from a base letter (ì and í stand for themselves).
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "ò": "ị", "æ": "ỉ", "ó": "ĩ", "î": "ỵ"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(seq: str, text: str) -> None:
        for s, t in ((seq, text), (seq.upper(), text.upper())):
            table[s] = unicodedata.normalize("NFC", t)

    for base in "aeouy":
        for mark, tone in _VNI_TONES.items():
            add(base + mark, base + tone)
    for base in "aeo":
        for mark, tone in _VNI_HAT.items():
            add(base + mark, base + "\u0302" + tone)
    for mark, tone in _VNI_BREVE.items():
        add("a" + mark, "a\u0306" + tone)
    for single, letter in _VNI_SINGLE.items():
        add(single, letter)
    for horn, letter in (("ô", "ơ"), ("ö", "ư")):
        for mark, tone in _VNI_TONES.items():
            add(horn + mark, letter + tone)
    del table["yï"], table["YÏ"]  # ỵ is the single character î
    return table


VNI_TABLE = _vni_table()
_VNI_PATTERN = re.compile("|".join(re.escape(s) for s in sorted(VNI_TABLE, key=len, reverse=True)))


def decode_vni_text(surface: str) -> str:
    """VNI surface text (bytes read as Windows-1252) to Unicode (NFC)."""
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: VNI_TABLE[m.group()], surface))


def decode_vni(data: bytes) -> str:
    return decode_vni_text(_cp1252(data))


def _cp1252(data: bytes) -> str:
    """Windows-1252, with its five undefined bytes kept as the Latin-1 control characters of the same code."""
    return "".join(_BYTE_SURFACE[b] for b in data)


# --- encoders: the inverse mappings (for making test copies, and for checking the tables) -----------

_TCVN3_ENCODE = {ch: b for b, ch in TCVN3_TABLE.items() if not unicodedata.combining(ch)}
_TCVN3_ENCODE.update({ch: b for b, ch in _AMBIGUOUS.items()})
_VNI_ENCODE = {text: seq for seq, text in VNI_TABLE.items()}


def encode_tcvn3(text: str) -> bytes:
    """Unicode to TCVN3 bytes. A character TCVN3 cannot hold is written as its compatibility form when that is
    ASCII (`¹` as `1`, as a TCVN3 document would show a superscript), else as `?`."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TCVN3_ENCODE:
            out.append(_TCVN3_ENCODE[ch])
        elif ord(ch) < 0x80:
            out.append(ord(ch))
        else:
            out.extend(unicodedata.normalize("NFKC", ch).encode("ascii", errors="replace"))
    return bytes(out)


def encode_vni(text: str) -> bytes:
    """Unicode to VNI-Windows bytes; characters outside the table are written in Windows-1252, else as `?`."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        seq = _VNI_ENCODE.get(ch, ch)
        out.extend(seq.encode("cp1252", errors="replace"))
    return bytes(out)


# --- capitals typed with the uppercase fonts -------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")


def _is_caps_evidence(word: str) -> bool:
    """A word like `CéNG` (Cộng typed in .VnTimeH): an ASCII capital after its first letter next to a lower-case
    accented letter. Vietnamese never writes a word that way, so the whole word was meant in capitals."""
    has_inner_cap = any("A" <= c <= "Z" for c in word[1:])
    has_lower_accented = any(c.islower() and not c.isascii() for c in word)
    has_lower_ascii = any("a" <= c <= "z" for c in word)
    return has_inner_cap and has_lower_accented and not has_lower_ascii


def _could_be_caps(word: str) -> bool:
    """A word whose ASCII letters are all capitals (`Xã` may be XÃ typed in .VnTimeH)."""
    return all(not ("a" <= c <= "z") for c in word) and any(c.isupper() for c in word)


def restore_caps(text: str) -> str:
    """Upper-case words that were typed in a TCVN3 uppercase font, which has no capital codes of its own.

    A word is restored when it shows it (`CéNG`), and so are the words next to it whose ASCII letters are all
    capitals (`X·` beside `HéI`). A word like `Số` in `Số: 53/KH-UBND` is left alone.
    """
    lines = text.split("\n")
    for k, line in enumerate(lines):
        words = list(_WORD.finditer(line))
        if not any(_is_caps_evidence(m.group()) for m in words):
            continue
        caps = [_is_caps_evidence(m.group()) for m in words]
        changed = True
        while changed:  # spread to neighbours that may be capitals
            changed = False
            for i, m in enumerate(words):
                if caps[i] or not _could_be_caps(m.group()):
                    continue
                if (i > 0 and caps[i - 1]) or (i + 1 < len(words) and caps[i + 1]):
                    caps[i] = changed = True
        chars = list(line)
        for i, m in enumerate(words):
            if caps[i]:
                chars[m.start() : m.end()] = list(m.group().upper())
        lines[k] = "".join(chars)
    return "\n".join(lines)


# --- telling legacy text from Unicode -----------------------------------------------------------------

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[aăâeêioôơuưy]{1,3}(?:ch|ng|nh|[cmnpt])?$"
)
_PUNCT = set("“”‘’–—…•")
_STRIP = "\"'()[]{}<>.,;:!?“”‘’«»*-–—…•/\\"


def _is_syllable(word: str) -> bool:
    if not (word.islower() or word.isupper() or word[:1].isupper() and word[1:].islower()):
        return False
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(t) for t in _TONES) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return bool(_SYLLABLE.match(bare))


def vietnamese_score(text: str) -> tuple[float, int]:
    """(score, evidence): among words with a non-ASCII character, the share that are Vietnamese syllables minus
    the share that are not; evidence is how many such words there were."""
    good = bad = 0
    for token in text.split():
        word = token.strip(_STRIP)
        if not word or all(ord(c) < 0x80 or c in _PUNCT for c in word):
            continue
        if _is_syllable(word):
            good += 1
        else:
            bad += 1
    total = good + bad
    return ((good - bad) / total if total else 0.0), total


@dataclass(frozen=True)
class Detection:
    text: str
    encoding: str  # "tcvn3", "vni", or "utf-8+tcvn3" when some lines were UTF-8 already


def _best(data: bytes, raw: str) -> str | None:
    raw_score, _ = vietnamese_score(raw)
    best: tuple[float, str] | None = None
    for name, text in ((TCVN3, decode_tcvn3(data)), (VNI, decode_vni(data))):
        score, evidence = vietnamese_score(text)
        if evidence >= 3 and score >= 0.5 and score - raw_score >= 0.3 and (best is None or score > best[0]):
            best = (score, name)
    return best[1] if best else None


def decode_bytes(data: bytes) -> Detection | None:
    """Decode a text file that is not valid UTF-8 when it reads as TCVN3 or VNI Vietnamese; None otherwise.

    Lines that are valid UTF-8 stay as they are (one file may mix encodings); the others are read with the
    legacy table under which, together, they read best as Vietnamese.
    """
    lines = data.split(b"\n")
    legacy: list[int] = []
    unicode_letters = False
    for i, line in enumerate(lines):
        try:
            decoded = line.decode("utf-8")
        except UnicodeDecodeError:
            legacy.append(i)
            continue
        unicode_letters = unicode_letters or any(ord(c) >= 0x80 for c in decoded)
    if not legacy:
        return None
    blob = b"\n".join(lines[i] for i in legacy)
    name = _best(blob, _cp1252(blob))
    if name is None:
        return None
    decode = decode_tcvn3 if name == TCVN3 else decode_vni
    out: list[str] = []
    wanted = set(legacy)
    for i, line in enumerate(lines):
        out.append(decode(line) if i in wanted else line.decode("utf-8"))
    return Detection("\n".join(out), f"utf-8+{name}" if unicode_letters else name)


def decode_surface(text: str, encoding: str, restore_capitals: bool = False) -> str:
    """Legacy surface text (bytes shown as Windows-1252 characters) to Unicode."""
    if encoding == TCVN3:
        out = _decode_tcvn3_units(_tcvn3_surface_units(text))
        return restore_caps(out) if restore_capitals else out
    return decode_vni_text(text)


_UNICODE_VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")
_SURFACE_CHARS = frozenset(_SURFACE_BYTE) | frozenset(_PDF_GLYPHS)


def _surface_only(line: str) -> bool:
    """Whether every character of the line can be a byte of a legacy font shown in Windows-1252."""
    return all(ch in _SURFACE_CHARS for ch in line)


def convert_surface(text: str) -> tuple[str, str | None]:
    """Convert the lines of `text` that are legacy surface text (a .docx run or PDF text layer without font
    names to go by). Returns (text, encoding or None when nothing was converted).

    Only lines made of Windows-1252 characters can be legacy text. The encoding is chosen on all of them
    together; then a line is converted when it reads at least as well as Vietnamese after the conversion, or,
    in a text that also has real Unicode Vietnamese lines, only when it reads better.
    """
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines) if line.strip() and any(ord(c) >= 0x80 for c in line) and _surface_only(line)]
    if not candidates:
        return text, None
    blob = "\n".join(lines[i] for i in candidates)
    raw_score, _ = vietnamese_score(blob)
    best: tuple[float, str] | None = None
    for name in (TCVN3, VNI):
        score, evidence = vietnamese_score(decode_surface(blob, name, restore_capitals=True))
        if evidence >= 3 and score >= 0.5 and score - raw_score >= 0.3 and (best is None or score > best[0]):
            best = (score, name)
    if best is None:
        return text, None
    name = best[1]
    chosen = set(candidates)  # built once: in the condition below it was rebuilt for every line (quadratic)
    mixed = any(_UNICODE_VIETNAMESE.search(line) for k, line in enumerate(lines) if k not in chosen)
    converted = False
    for i in candidates:
        new = decode_surface(lines[i], name, restore_capitals=True)
        before, _ = vietnamese_score(lines[i])
        after, _ = vietnamese_score(new)
        if after > before or (after == before and not mixed):
            lines[i] = new
            converted = True
    return "\n".join(lines), (name if converted else None)


def font_encoding(font: str | None) -> str | None:
    """The legacy encoding a font name implies: `.VnTime`, `.VnArialH` -> TCVN3; `VNI-Times` -> VNI."""
    if not font:
        return None
    name = re.sub(r"^[A-Z]{6}\+", "", font).strip().lower()  # PDF subset tag "ABCDEF+"
    if name.startswith(".vn"):
        return TCVN3
    if name.startswith("vni"):
        return VNI
    return None


def font_is_upper(font: str | None) -> bool:
    """TCVN3 fonts whose name ends in H (`.VnTimeH`, `.VnArialH`) draw every letter as a capital."""
    if not font:
        return False
    name = re.sub(r"^[A-Z]{6}\+", "", font).strip()
    name = re.sub(r"[,-](Bold|Italic|BoldItalic)$", "", name)
    return name.lower().startswith(".vn") and name.endswith("H")

"""Small text helpers shared by the stages: folding for comparison and search, ASCII slugs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# two placements of the tone mark on oa/oe/uy: "hoà"/"hòa", "uỷ"/"ủy" must compare equal
_TONE_STYLE = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
    "Oà": "Òa", "Oá": "Óa", "Oả": "Ỏa", "Oã": "Õa", "Oạ": "Ọa",
    "Uỳ": "Ùy", "Uý": "Úy", "Uỷ": "Ủy", "Uỹ": "Ũy", "Uỵ": "Ụy",
    "OÀ": "ÒA", "OÁ": "ÓA", "OẢ": "ỎA", "OÃ": "ÕA", "OẠ": "ỌA",
    "UỲ": "ÙY", "UÝ": "ÚY", "UỶ": "ỦY", "UỸ": "ŨY", "UỴ": "ỤY",
}
_TONE_RE = re.compile("|".join(sorted(_TONE_STYLE, key=len, reverse=True)))


def tone_style(text: str) -> str:
    """One placement of the tone mark (old style 'hòa', 'ủy'), so spellings compare equal.

    Only at the end of a syllable: 'hoàn' keeps its mark on the a.
    """
    return _TONE_RE.sub(lambda m: _replace_if_final(m, text), unicodedata.normalize("NFC", text))


def _replace_if_final(m: re.Match[str], text: str) -> str:
    end = m.end()
    if end < len(text) and text[end].isalpha():
        return m.group(0)
    return _TONE_STYLE[m.group(0)]


def fold(text: str) -> str:
    """Lower case, one tone style: for comparing names, keeping diacritics."""
    return tone_style(text).lower()


def strip_diacritics(text: str) -> str:
    """'Đoàn Dụng' -> 'Doan Dung': decomposition drops tones and hats; đ/Đ need mapping by hand."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def slugify(text: str, limit: int = 80, separator: str = "-") -> str:
    """ASCII slug, Vietnamese folded (đ -> d, tones removed): 'Kế hoạch 53/KH-UBND' -> 'ke-hoach-53-kh-ubnd',
    'Theo địa bàn' -> 'theo-dia-ban'. The one slug of every address and anchor the site makes (heading_slug too)."""
    ascii_text = strip_diacritics(unicodedata.normalize("NFC", text)).lower()
    slug = re.sub(r"[^a-z0-9]+", separator, ascii_text).strip(separator)
    if len(slug) > limit:
        slug = slug[:limit].rsplit(separator, 1)[0]
    return slug


def heading_slug(value: str, separator: str) -> str:
    """The id of a heading without one of its own: MkDocs' `toc` extension calls it (mkdocs.yml, `toc: slugify`).
    Its default drops every non-ASCII letter ('Được dẫn chiếu bởi' -> 'uoc-dan-chieu-boi')."""
    return slugify(value, limit=10_000, separator=separator)


_NAME_WORD = r"[A-ZĐÀ-Ỹ][a-zđà-ỹ]{0,7}"
_NAME = re.compile(rf"^{_NAME_WORD}(?: {_NAME_WORD}){{1,5}}$")


def unique_id(base: str, used: set[str]) -> str:
    """`base`, or `base-2`, `base-3` ... the first not in `used`; added to `used`."""
    found, k = base, 2
    while found in used:
        found = f"{base}-{k}"
        k += 1
    used.add(found)
    return found


def looks_like_name(text: str) -> bool:
    """A person's name as signers are printed: two to six capitalised syllables ('Nguyễn Viết Thanh')."""
    return bool(_NAME.match(unicodedata.normalize("NFC", text.strip())))


def alternation(words: Iterable[str], space: str = " ") -> str:
    """A regex alternative of `words` (escaped, longest first so none hides a longer one), without a group.

    `space` is what a space between two words of one entry matches: " " (itself) or r"\\s+" (any run).
    """
    return "|".join(re.escape(w).replace("\\ ", space) for w in sorted(set(words), key=lambda w: (-len(w), w)))

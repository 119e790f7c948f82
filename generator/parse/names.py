"""Names of document types and issuing bodies: codes, canonical spelling, jurisdiction."""

from __future__ import annotations

import re

from ..textutil import tone_style

# NĐ 30/2020 Phụ lục III, plus normative and Party types (domain.md §2)
TYPE_NAMES: dict[str, str] = {
    "KẾ HOẠCH": "KH",
    "NGHỊ QUYẾT": "NQ",
    "QUYẾT ĐỊNH": "QĐ",
    "CHỈ THỊ": "CT",
    "QUY CHẾ": "QC",
    "QUY ĐỊNH": "QyĐ",
    "THÔNG CÁO": "TC",
    "THÔNG BÁO": "TB",
    "HƯỚNG DẪN": "HD",
    "CHƯƠNG TRÌNH": "CTr",
    "PHƯƠNG ÁN": "PA",
    "ĐỀ ÁN": "ĐA",
    "DỰ ÁN": "DA",
    "BÁO CÁO": "BC",
    "BIÊN BẢN": "BB",
    "TỜ TRÌNH": "TTr",
    "HỢP ĐỒNG": "HĐ",
    "CÔNG ĐIỆN": "CĐ",
    "KẾT LUẬN": "KL",
    "THÔNG TƯ": "TT",
    "THÔNG TƯ LIÊN TỊCH": "TTLT",
    "NGHỊ ĐỊNH": "NĐ",
    "PHÁP LỆNH": "PL",
    "LUẬT": "Luật",
    "BỘ LUẬT": "BLuật",
    "CÔNG VĂN": "CV",
    "GIẤY MỜI": "GM",
    "THÔNG TRI": "TTr",
}

CODE_NAMES: dict[str, str] = {
    "KH": "Kế hoạch",
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "QĐi": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "KL": "Kết luận",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NĐ": "Nghị định",
    "PL": "Pháp lệnh",
    "Luật": "Luật",
    "BLuật": "Bộ luật",
    "CV": "Công văn",
    "GM": "Giấy mời",
    "VBHN": "Văn bản hợp nhất",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
}


def type_code_of_name(line: str) -> str | None:
    """'KẾ HOẠCH' -> 'KH' when the whole line is a type name."""
    key = re.sub(r"\s+", " ", tone_style(line).upper().strip(" .:"))
    return TYPE_NAMES.get(key)


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

# spelled as in running text; keys are upper case (tone style folded)
_BODY_WORDS: list[tuple[str, str]] = [
    ("ỦY BAN THƯỜNG VỤ QUỐC HỘI", "Ủy ban Thường vụ Quốc hội"),
    ("BAN CHẤP HÀNH TRUNG ƯƠNG", "Ban Chấp hành Trung ương"),
    ("BAN THƯỜNG VỤ TỈNH ỦY", "Ban Thường vụ Tỉnh ủy"),
    ("ỦY BAN NHÂN DÂN", "Ủy ban nhân dân"),
    ("UBND", "Ủy ban nhân dân"),
    ("HỘI ĐỒNG NHÂN DÂN", "Hội đồng nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
    ("CHÍNH PHỦ", "Chính phủ"),
    ("QUỐC HỘI", "Quốc hội"),
    ("BỘ CHÍNH TRỊ", "Bộ Chính trị"),
    ("BAN BÍ THƯ", "Ban Bí thư"),
    ("TỈNH ỦY", "Tỉnh ủy"),
    ("THÀNH ỦY", "Thành ủy"),
    ("HUYỆN ỦY", "Huyện ủy"),
    ("THỊ ỦY", "Thị ủy"),
    ("BAN CHỈ ĐẠO", "Ban Chỉ đạo"),
    ("BAN DÂN VẬN", "Ban Dân vận"),
    ("VĂN PHÒNG", "Văn phòng"),
    ("CỤC THỐNG KÊ", "Cục Thống kê"),
    ("SỞ", "Sở"),
    ("BỘ", "Bộ"),
    ("BAN", "Ban"),
    ("CỤC", "Cục"),
    ("ĐẢNG BỘ", "Đảng bộ"),
]
_NAMED_UNITS = {"Sở", "Bộ", "Ban", "Cục", "Văn phòng", "Ban Chỉ đạo"}
_PLACE_UNITS = ["THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "TỈNH", "HUYỆN", "QUẬN", "PHƯỜNG", "XÃ"]
_PARTY_PLACE = re.compile(r"^(Tỉnh ủy|Thành ủy|Huyện ủy|Thị ủy) ([^\W\d_].*)$")  # a place starts with a letter: not "Tỉnh ủy {"
_NATIONAL = {
    "Ủy ban Thường vụ Quốc hội",
    "Quốc hội",
    "Chính phủ",
    "Thủ tướng Chính phủ",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Ban Chấp hành Trung ương",
    "Cục Thống kê",
}


def _title_place(words: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in words.split())


def issuer_name(lines: tuple[str, ...]) -> str | None:
    """The issuing body as it is named in running text, from its header lines.

    ('ỦY BAN NHÂN DÂN', 'THỊ XÃ ĐỨC PHỐ') -> 'Ủy ban nhân dân thị xã Đức Phổ'. Parent bodies written above the
    issuer (e.g. 'ĐẢNG BỘ TỈNH ...' above 'BAN CHỈ ĐẠO ...') are kept in `issuer_lines`, not here.
    """
    if not lines:
        return None
    text = tone_style(" ".join(line.strip() for line in lines)).upper()
    text = re.sub(r"\s+", " ", text).strip(" -*")
    if not text:
        return None
    out: list[str] = []
    rest = text
    while rest:
        for key, spelled in _BODY_WORDS:
            if rest == key or rest.startswith(key + " "):
                out.append(spelled)
                rest = rest[len(key) :].strip()
                if spelled in _NAMED_UNITS and rest and not any(rest.startswith(u + " ") for u in _PLACE_UNITS):
                    word, _, rest = rest.partition(" ")
                    out.append(word[:1] + word[1:].lower())
                break
        else:
            for unit in _PLACE_UNITS:
                if rest.startswith(unit + " "):
                    out.append(unit.lower() + " " + _title_place(rest[len(unit) + 1 :]))
                    rest = ""
                    break
            else:
                word, _, rest = rest.partition(" ")
                out.append(word.lower() if out else word[:1] + word[1:].lower())
    name = " ".join(out)
    m = _PARTY_PLACE.match(name)
    if m:
        name = f"{m.group(1)} {_title_place(m.group(2))}"
    return name[:1].upper() + name[1:]


def jurisdiction_of(name: str | None) -> str | None:
    """'Ủy ban nhân dân thị xã Đức Phổ' -> 'Đức Phổ'; national bodies -> None."""
    if not name or name in _NATIONAL:
        return None
    m = re.search(r"\b(?:tỉnh|thành phố|thị xã|huyện|quận|xã|phường|thị trấn) ([A-ZĐÀ-Ỹ][^\s,;()]*(?: [A-ZĐÀ-Ỹ][^\s,;()]*){0,3})", name)
    if m:
        return m.group(1)
    m = _PARTY_PLACE.match(name)
    if m:
        return m.group(2)
    return None

"""Legacy Vietnamese encodings: TCVN3 (ABC) and VNI copies of the seeds give the pages of the Unicode seeds.

The copies are made with the inverse of the reader's tables; the tables themselves are checked against the C
library's TCVN 5712:1993 charmap (TCVN3) and against VNI text as real documents write it.
"""

from __future__ import annotations

import gzip
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from generator.read import read_source
from generator.read.legacy import (
    TCVN3_TABLE,
    VNI_TABLE,
    convert_surface,
    decode_bytes,
    decode_surface,
    decode_tcvn3,
    decode_vni,
    decode_vni_text,
    encode_tcvn3,
    encode_vni,
    restore_caps,
)
from generator.site import build_site

from .conftest import SOURCE

SEEDS = sorted(p.name for p in SOURCE.glob("*.txt"))
CHARMAP = Path("/usr/share/i18n/charmaps/TCVN5712-1.gz")


def vietnamese_letters() -> list[str]:
    """Every letter with a Vietnamese diacritic, both cases: 12 vowels x 6 tones, less the bare ASCII ones, and đ."""
    vowels = ["a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b", "u", "u\u031b", "y"]
    tones = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    out = [unicodedata.normalize("NFC", v + t) for v in vowels for t in tones] + ["đ"]
    out = [c for c in out if not c.isascii()]
    return out + [c.upper() for c in out]


def test_there_are_134_letters() -> None:
    letters = vietnamese_letters()
    assert len(letters) == 134 and len(set(letters)) == 134 and all(len(c) == 1 for c in letters)


# --- the tables ------------------------------------------------------------------------------------


@pytest.mark.skipif(not CHARMAP.is_file(), reason="Debian's locales package (its TCVN5712-1 charmap) is not installed")
def test_tcvn3_table_is_the_standard_byte_for_byte() -> None:
    standard: dict[int, str] = {}
    with gzip.open(CHARMAP, "rt", encoding="ascii") as fh:
        for line in fh:
            m = re.match(r"<U([0-9A-F]{4,})>\s+/x([0-9a-f]{2})\s", line)
            if m:
                standard[int(m.group(2), 16)] = chr(int(m.group(1), 16))
    differs = {b: c for b, c in standard.items() if c != chr(b)}
    assert TCVN3_TABLE == {b: c for b, c in differs.items() if b != 0xA0} | {0xA0: "\u00a0", 0xFD: "ý"}


def test_every_vietnamese_letter_goes_through_both_tables() -> None:
    for letter in vietnamese_letters():
        # inside a word: eight TCVN3 capitals share their codes with Word's quotes and dashes (see below)
        word = f"N{letter}N" if letter.isupper() else f"n{letter}n"
        assert decode_tcvn3(encode_tcvn3(word)) == word, letter
        assert decode_vni(encode_vni(word)) == word, letter
    assert len(VNI_TABLE) == 130  # 134 letters less ì í Ì Í, which VNI writes as themselves


VNI_TEXT = [
    # (VNI text as documents typed in VNI-Times give it, Unicode)
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("UÛY BAN NHAÂN DAÂN TÆNH QUAÛNG NGAÕI", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"),
    ("Quyeát ñònh soá 436/QÑ-UBND ngaøy 11/6/2019", "Quyết định số 436/QĐ-UBND ngày 11/6/2019"),
    ("Kyõ thuaät, tyû leä, söï kieän, hieäu löïc, Myõ", "Kỹ thuật, tỷ lệ, sự kiện, hiệu lực, Mỹ"),
    ("Ngöôøi ñöùng ñaàu, khuyeán khích, thöïc hieän", "Người đứng đầu, khuyến khích, thực hiện"),
    ("chaúng, ñaúng caáp, ngaén haïn, baèng, mieãn", "chẳng, đẳng cấp, ngắn hạn, bằng, miễn"),
    ("Söï kieän Tröôøng Sa, chæ ñaïo, ñòa baøn, tieâu chí, chìm", "Sự kiện Trường Sa, chỉ đạo, địa bàn, tiêu chí, chìm"),
]


@pytest.mark.parametrize("vni, unicode", VNI_TEXT)
def test_vni_text(vni: str, unicode: str) -> None:
    assert decode_vni_text(vni) == unicode
    assert decode_vni(vni.encode("cp1252")) == unicode


def shown(data: bytes) -> str:
    """Bytes as Word shows a legacy font's text: Windows-1252, its five undefined codes as Latin-1."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


TCVN3_TEXT = [
    # (bytes of a TCVN3 file, Unicode)
    (b"Quy\xd5t \xae\xdenh s\xe8 217-Q\xa7/TW", "Quyết định số 217-QĐ/TW"),
    (b"\xa7\xe9c l\xcbp - T\xf9 do - H\xb9nh ph\xf3c", "Độc lập - Tự do - Hạnh phúc"),
    (b"\xf1y ban nh\xa9n d\xa9n t\xd8nh Qu\xb6ng Ng\xb7i", "ủy ban nhân dân tỉnh Quảng Ngãi"),  # Ủ typed in .VnTime is lost
    (b"U\xfb ban nh\xa9n d\xa9n", "Uỷ ban nhân dân"),  # the way typists wrote it
    (b"phong tr\xb5o \x93D\xa9n v\xcbn kh\xd0o\x94 n\xa8m 2022\x85", "phong trào “Dân vận khéo” năm 2022…"),  # Word's quotes
    (b"C\x97NG H\x92A X\x82 H\x97I", "CỘNG HÒA XÃ HỘI"),  # TCVN 5712 capitals at the codes of Word's quotes
    (b"NGH\x91 QUY\xdaT \x93UBND\x94 \x96 2022", "NGHỊ QUYẾT “UBND” – 2022"),
    (b"\x9ey ban nh\xa9n d\xa9n T\x8fNH", "Ủy ban nhân dân TĨNH"),  # codes Windows-1252 leaves undefined
]


@pytest.mark.parametrize("data, unicode", TCVN3_TEXT)
def test_tcvn3_text(data: bytes, unicode: str) -> None:
    assert decode_tcvn3(data) == unicode
    assert decode_surface(shown(data), "tcvn3") == unicode


CAPITALS = [
    # (TCVN3 typed in the uppercase .VnTimeH font, which has no capital codes, as read; restored)
    ("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("KÕ HO¹CH", "KẾ HOẠCH"),
    ("Sè: 53/KH-UBND", "Số: 53/KH-UBND"),  # `Số` is not a word in capitals: KH and UBND are plain ASCII
    ("§iÒu 5. Tr¸ch nhiÖm thi hµnh", "Điều 5. Trách nhiệm thi hành"),
    ("Thùc hiÖn KÕ HO¹CH sè 53", "Thực hiện KẾ HOẠCH số 53"),
]


@pytest.mark.parametrize("shown, restored", CAPITALS)
def test_capitals_of_the_uppercase_fonts(shown: str, restored: str) -> None:
    assert decode_tcvn3(shown.encode("cp1252")) == restored
    assert restore_caps(restored) == restored


# --- detection ------------------------------------------------------------------------------------


def test_not_vietnamese_stays_as_it_was() -> None:
    french = "Café crème à la française, señor. Ça coûte très cher, même à Noël. Où êtes-vous? Déjà vu.\n" * 3
    assert decode_bytes(french.encode("cp1252")) is None
    assert convert_surface(french) == (french, None)


def test_one_file_mixing_unicode_and_tcvn3_lines() -> None:
    data = "Kế hoạch số 13/KH-UBND\n".encode() + encode_tcvn3("Thực hiện Chỉ thị số 33/CT-TTg của Thủ tướng Chính phủ về công tác dân vận\n")
    found = decode_bytes(data)
    assert found is not None and found.encoding == "utf-8+tcvn3"
    assert found.text == "Kế hoạch số 13/KH-UBND\nThực hiện Chỉ thị số 33/CT-TTg của Thủ tướng Chính phủ về công tác dân vận\n"


def test_legacy_text_saved_as_utf8_is_converted(tmp_path: Path) -> None:
    """A TCVN3 document copied as text without converting its font: the file is UTF-8, the letters are not."""
    seed = (SOURCE / "001_1409461a94ad2694.txt").read_text(encoding="utf-8")
    (tmp_path / "001.txt").write_text(shown(encode_tcvn3(seed)), encoding="utf-8")
    source = read_source(tmp_path / "001.txt", tmp_path)
    assert source.encoding == "utf-8+tcvn3" and source.text == seed


def test_unicode_text_is_left_alone() -> None:
    for name in SEEDS:
        text = (SOURCE / name).read_text(encoding="utf-8")
        assert convert_surface(text) == (text, None), name


# --- the seeds in TCVN3 and VNI give the same pages ---------------------------------------------------------


def site_of(folder: Path) -> dict[str, str]:
    return build_site(folder, jobs=1).files


@pytest.fixture(scope="module")
def unicode_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("unicode")
    for name in SEEDS:
        shutil.copy(SOURCE / name, folder / name)
    return site_of(folder)


@pytest.mark.parametrize("encoding, encode", [("tcvn3", encode_tcvn3), ("vni", encode_vni)])
def test_legacy_copies_of_the_seeds_give_the_same_site(
    tmp_path: Path, unicode_site: dict[str, str], encoding: str, encode: object
) -> None:
    assert callable(encode)
    for name in SEEDS:
        text = (SOURCE / name).read_text(encoding="utf-8")
        data = encode(text)
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")  # a real legacy file, not UTF-8
        (tmp_path / name).write_bytes(data)
        source = read_source(tmp_path / name, tmp_path)
        assert source.encoding == encoding
        if encoding == "tcvn3" and "¹" in text:
            # TCVN3 has no superscript: a TCVN3 document shows its footnote mark as a raised 1, plain text as 1
            assert source.text == unicodedata.normalize("NFC", text).replace("¹", "1")
            (tmp_path / name).write_bytes(encode_vni(text))  # the page comparison below uses the VNI copy
        else:
            assert source.text == unicodedata.normalize("NFC", text)
    assert site_of(tmp_path) == unicode_site

"""Normalisation, one row per case, with lines from the seeds and corpus-extra."""

from __future__ import annotations

import pytest

from generator.models import SourceText
from generator.normalize import normalize, strip_markup
from generator.read.text import read_text_bytes
from generator.split import split_documents


def lines_of(text: str, fmt: str = "txt") -> list[str]:
    return [line.text for line in normalize(SourceText("x.txt", text, "utf-8", fmt)).lines if line.text]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("**ỦY BAN NHÂN DÂN**", "ỦY BAN NHÂN DÂN"),  # converter bold around a header line (seed 000)
        ('"*Dân vận khéo*"', '"Dân vận khéo"'),  # italics inside quotes (seed 000)
        ("- *Chỉ đạo thực hiện:* Đồng chí Trưởng Ban", "- Chỉ đạo thực hiện: Đồng chí Trưởng Ban"),  # seed 003
        ("1\\. Sắp xếp toàn bộ diện tích", "1. Sắp xếp toàn bộ diện tích"),  # pandoc escape (corpus-extra)
        ("***Nơi nhận:\\***", "Nơi nhận:"),  # pandoc table cell (1654/NQ-UBTVQH15)
        ("Ghi chú (*) cuối trang", "Ghi chú (*) cuối trang"),  # a real asterisk stays
    ],
)
def test_strip_markup(raw: str, expected: str) -> None:
    assert strip_markup(raw)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # NFD input and the Icelandic eth become NFC and Đ
        ("Ð\u01b0\u0301c Ph\u00f4\u0309", ["Đức Phổ"]),
        # a page break in the middle of a sentence (seed 000, khoản 8): joined
        ("8. Ủy ban nhân dân các huyện, thị xã, thành phố chỉ đạo Ủy ban nhân dân các xã để tập trung giám sát\n\n"
         "thực hiện quy chế dân chủ ở cơ sở.", ["8. Ủy ban nhân dân các huyện, thị xã, thành phố chỉ đạo Ủy ban nhân dân các xã "
                                                "để tập trung giám sát thực hiện quy chế dân chủ ở cơ sở."]),
        # a heading followed by its text is not joined (seed 000, III.3)
        ("3. Thanh tra tỉnh\n\nPhối hợp các cơ quan có liên quan.", ["3. Thanh tra tỉnh", "Phối hợp các cơ quan có liên quan."]),
        # list items stay apart
        ("Nơi nhận:\n- Như trên;\n- Lưu VT.", ["Nơi nhận:", "- Như trên;", "- Lưu VT."]),
        # a digital signature stamp is dropped (seed 000)
        ("Đoạn một.\n\n15:49:45\n Thời gian kết: 25/03/20\n Cơ quan Tỉnh Quảng Ngãi\n\nĐoạn hai.", ["Đoạn một.", "Đoạn hai."]),
        # a name printed twice in a row (seed 000)
        ("CHÁNH VĂN PHÒNG\n\nNguyễn Viết Thanh\nNguyễn Viết Thanh", ["CHÁNH VĂN PHÒNG", "Nguyễn Viết Thanh"]),
        # the footnote cut into a sentence by a page break moves after the paragraph (seed 003)
        ("Quy định (theo Quyết định số 218-QĐ/TW ngày\n\n¹ Nhiệm vụ này được giao tại mục 6.1.\n\n12/12/2013 của Bộ Chính trị).",
         ["Quy định (theo Quyết định số 218-QĐ/TW ngày 12/12/2013 của Bộ Chính trị).", "¹ Nhiệm vụ này được giao tại mục 6.1."]),
    ],
)
def test_normalize(text: str, expected: list[str]) -> None:
    assert lines_of(text) == expected


def test_hard_wrapped_file_is_unwrapped() -> None:
    # seed 004: every line wrapped at ~75 characters and followed by a blank line
    wrapped = (
        "1. Tăng cường công tác lãnh đạo, chỉ đạo và triển khai thực hiện thắng \n\n"
        "lợi các mục tiêu, chỉ tiêu, nhiệm vụ và giải pháp năm 2021 gắn với chủ đề \n\n"
        "công tác dân vận “Đẩy mạnh thực hiện Quy chế dân chủ ở cơ sở”. \n\n"
    ) * 6
    out = lines_of(wrapped)
    assert len(out) == 6
    assert out[0].startswith("1. Tăng cường") and out[0].endswith("Quy chế dân chủ ở cơ sở”.")


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        ("Kế hoạch".encode(), "utf-8", "Kế hoạch"),
        (b"\xef\xbb\xbf" + "Kế hoạch".encode(), "utf-8-sig", "Kế hoạch"),
        ("Kế hoạch".encode("utf-16"), "utf-16", "Kế hoạch"),
        ("Kế hoạch".encode("utf-16-le"), "utf-16-le", "Kế hoạch"),
    ],
)
def test_read_encodings(data: bytes, encoding: str, text: str) -> None:
    got, name, problems = read_text_bytes(data, "x.txt")
    assert (got, name, problems) == (text, encoding, ())


def test_binary_is_refused() -> None:
    text, name, problems = read_text_bytes(bytes(range(256)) * 10, "x.bin")
    assert text == "" and name == "binary" and problems[0].severity == "error"


def test_two_documents_in_one_file() -> None:
    text = (
        "UBND THỊ XÃ ĐỨC PHỔ\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 560 /UBND\nNội dung./.\nNơi nhận:\n- Như trên;\n\n"
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 53 /KH-UBND\nKẾ HOẠCH\n"
    )
    docs = split_documents(normalize(SourceText("x.txt", text, "utf-8", "txt")))
    assert [d.lines[0].text for d in docs] == ["UBND THỊ XÃ ĐỨC PHỔ", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"]

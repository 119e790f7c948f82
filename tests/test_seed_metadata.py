"""Each metadata field of each of the six seed documents, as read by hand from the seeds.

Missing fields are asserted as missing (None), never guessed: seed 002 has no number and no day, seed 003 no date,
seed 004 no header at all, plan 53/KH-UBND and seed 001 no signer position or no signer.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from generator.models import Document
from generator.pipeline import build_corpus

from .conftest import SOURCE

# (source file, index in file) -> expected fields; checked by reading the seed texts line by line
EXPECTED: dict[tuple[str, int], dict[str, Any]] = {
    ("000_6cafff568a66f664.txt", 0): dict(  # công văn of thị xã Đức Phổ forwarding plan 53/KH-UBND
        type_code="CV", type_name="Công văn", number="560", symbol="UBND", reference="560/UBND",
        issuer="Ủy ban nhân dân thị xã Đức Phổ", jurisdiction="Đức Phổ", place="Đức Phổ",
        date=date(2022, 3, 28), year=2022,
        title="tham mưu triển khai thực hiện Kế hoạch số 53/KH-UBND ngày 23/3/2022 của UBND tỉnh Quảng Ngãi",
        addressees=("Cơ quan Tổ chức - Nội vụ thị xã", "UBND các xã, phường"),
        signer=("Nguyễn Viết Thanh", "CHÁNH VĂN PHÒNG", "TL."),
        recipients=("Như trên", "CT, các PCT UBND thị xã", "Chánh, Phó Chánh VP", "CVVP (Thường)", "Lưu VT"),
    ),
    ("000_6cafff568a66f664.txt", 1): dict(  # plan 53/KH-UBND of Quảng Ngãi, attached to the công văn
        type_code="KH", type_name="Kế hoạch", number="53", symbol="KH-UBND", reference="53/KH-UBND",
        issuer="Ủy ban nhân dân tỉnh Quảng Ngãi", jurisdiction="Quảng Ngãi", place="Quảng Ngãi",
        date=date(2022, 3, 23), year=2022,
        title="Thực hiện quy chế dân chủ ở cơ sở và công tác dân vận chính quyền năm 2022",
        addressees=(),
        signer=("Đặng Văn Minh", None, None),  # only the name is printed
        recipients_count=11, first_recipient="BCD tỉnh về thực hiện QCDC cơ sở", last_recipient="Lưu: VT, NCvi156",
    ),
    ("001_1409461a94ad2694.txt", 0): dict(  # plan 13/KH-UBND of Lào Cai
        type_code="KH", type_name="Kế hoạch", number="13", symbol="KH-UBND", reference="13/KH-UBND",
        issuer="Ủy ban nhân dân tỉnh Lào Cai", jurisdiction="Lào Cai", place="Lào Cai",
        date=date(2022, 1, 17), year=2022,
        title="THỰC HIỆN CÔNG TÁC DÂN VẬN CHÍNH QUYỀN GIAI ĐOẠN 2022 - 2026",
        addressees=(),
        signer=None,  # the file ends with Nơi nhận: no signature at all
        recipients_count=10, first_recipient="Bộ Nội vụ", last_recipient="Lưu: VT, VX4, NC2",
    ),
    ("002_8cf60df9837816bd.txt", 0): dict(  # Bình Định plan: "Số: /KH-UBND", "ngày tháng năm 2023"
        type_code="KH", type_name="Kế hoạch", number=None, symbol="KH-UBND", reference=None,
        issuer="Ủy ban nhân dân tỉnh Bình Định", jurisdiction="Bình Định", place="Bình Định",
        date=None, year=2023, date_text="Bình Định, ngày tháng năm 2023",
        title="Thực hiện công tác dân vận chính quyền năm 2023",
        addressees=(),
        signer=("Lâm Hải Giang", "PHÓ CHỦ TỊCH", "TM."),  # KT. CHỦ TỊCH: signs as deputy of the chair
        recipients_count=8, first_recipient="Thường trực Tỉnh ủy", last_recipient="Lưu: VT, K12",
        inferred={"issuer", "jurisdiction"},  # the header has no issuer; the body says "Ủy ban nhân dân tỉnh ban hành"
    ),
    ("003_07f4626c6b9d6a58.txt", 0): dict(  # plan 03-KH/BCĐ: no date, no place, no issuer lines
        type_code="KH", type_name="Kế hoạch", number="03", symbol="KH/BCĐ", reference="03-KH/BCĐ",
        issuer="Ban Chỉ đạo tỉnh về thực hiện Quy chế dân chủ ở cơ sở", jurisdiction=None, place=None,
        date=None, year=2022,
        title="thực hiện Quy chế dân chủ ở cơ sở năm 2022",
        addressees=(),
        signer=("Đinh Thị Hồng Minh", "PHÓ BÍ THƯ, TRƯỞNG BAN", None),  # "Kiểm" between them is scanner junk
        recipients_count=12, first_recipient="BCĐ TW về thực hiện QCDC ở cơ sở (b/c)", last_recipient="Lưu Văn phòng Tỉnh ủy",
        inferred={"issuer", "year"},
    ),
    ("004_a9e489f4bcb41d29.txt", 0): dict(  # 2021 plan of Sở Nội vụ Quảng Ngãi: no header, hard-wrapped text
        type_code="KH", type_name="Kế hoạch", number=None, symbol=None, reference=None,
        issuer="Sở Nội vụ", jurisdiction="Quảng Ngãi", place=None,
        date=None, year=2021,
        title="Triển khai thực hiện Quy chế dân chủ ở cơ sở và công tác dân vận chính quyền năm 2021",
        addressees=(),
        signer=("Đoàn Dụng", "GIÁM ĐỐC", None),
        recipients_count=7, first_recipient="Ban Dân vận Tỉnh uỷ (b/cáo)", last_recipient="Lưu: VT, VP",
        inferred={"issuer", "jurisdiction", "year"},
    ),
}

FIELDS = ["type_code", "type_name", "number", "symbol", "reference", "issuer", "jurisdiction", "place", "date", "year",
          "title", "addressees", "date_text"]


@pytest.fixture(scope="module")
def documents() -> dict[tuple[str, int], Document]:
    corpus = build_corpus(SOURCE)
    return {(d.source, d.index): d for d in corpus.documents}


def test_six_documents_in_five_files(documents: dict[tuple[str, int], Document]) -> None:
    assert sorted(documents) == sorted(EXPECTED)


CASES = [(key, field) for key in EXPECTED for field in FIELDS if field in EXPECTED[key]]


@pytest.mark.parametrize(("key", "field"), CASES, ids=[f"{k[0][:3]}#{k[1]}-{f}" for k, f in CASES])
def test_field(documents: dict[tuple[str, int], Document], key: tuple[str, int], field: str) -> None:
    assert getattr(documents[key], field) == EXPECTED[key][field]


@pytest.mark.parametrize("key", list(EXPECTED), ids=[f"{k[0][:3]}#{k[1]}" for k in EXPECTED])
def test_signer(documents: dict[tuple[str, int], Document], key: tuple[str, int]) -> None:
    signer = documents[key].signer
    expected = EXPECTED[key]["signer"]
    if expected is None:
        assert signer is None
    else:
        assert signer is not None
        assert (signer.name, signer.position, signer.prefix) == expected


@pytest.mark.parametrize("key", list(EXPECTED), ids=[f"{k[0][:3]}#{k[1]}" for k in EXPECTED])
def test_recipients(documents: dict[tuple[str, int], Document], key: tuple[str, int]) -> None:
    got = documents[key].recipients
    exp = EXPECTED[key]
    if "recipients" in exp:
        assert got == exp["recipients"]
    else:
        assert len(got) == exp["recipients_count"]
        assert got[0] == exp["first_recipient"]
        assert got[-1] == exp["last_recipient"]


@pytest.mark.parametrize("key", list(EXPECTED), ids=[f"{k[0][:3]}#{k[1]}" for k in EXPECTED])
def test_inferred_fields_are_marked(documents: dict[tuple[str, int], Document], key: tuple[str, int]) -> None:
    assert set(documents[key].inferred) == EXPECTED[key].get("inferred", set())


def test_missing_parts_are_problems(documents: dict[tuple[str, int], Document]) -> None:
    kinds = {key: {p.kind for p in d.problems} for key, d in documents.items()}
    assert {"missing-number", "incomplete-date"} <= kinds[("002_8cf60df9837816bd.txt", 0)]
    assert "missing-date" in kinds[("003_07f4626c6b9d6a58.txt", 0)]
    assert {"missing-number", "missing-date", "inferred-issuer"} <= kinds[("004_a9e489f4bcb41d29.txt", 0)]
    assert "missing-number" not in kinds[("000_6cafff568a66f664.txt", 1)]


def test_noise_is_dropped_and_listed(documents: dict[tuple[str, int], Document]) -> None:
    plan = documents[("000_6cafff568a66f664.txt", 1)]
    cv = documents[("000_6cafff568a66f664.txt", 0)]
    noise_plan = {p.line for p in plan.problems if p.kind == "noise"}
    assert {68, 69, 70} <= noise_plan  # the "15:49:45 / Thời gian kết / Cơ quan Tỉnh Quảng Ngãi" stamp
    assert 42 in {p.line for p in cv.problems if p.kind == "noise"}  # "Nguyễn Viết Thanh" printed twice
    bcd = documents[("003_07f4626c6b9d6a58.txt", 0)]
    assert any("Kiểm" in p.message for p in bcd.problems if p.kind == "noise")
    body = " ".join(b.text for s in plan.sections for b in s.blocks)
    assert "15:49:45" not in body

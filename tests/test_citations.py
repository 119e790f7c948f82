"""Tests of the citation extractor (generator/extract/citations.py).

Sentences are copied from the seed documents (source_docs/, named by file prefix 000-004) and
from the corpus-extra fixtures (tests/fixtures/corpus-extra/, named by file), as the normaliser
hands them over: NFC, hard-wrapped lines joined with one space, Markdown emphasis removed.
A few forms that the seeds do not contain come from the variant list of the project's
domain notes (domain.md §2-3); their rows say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.extract.citations import (
    TABLE_CELL_SEPARATOR,
    extract_citations,
    find_citations,
    normalize_reference,
    reference_key,
)
from generator.models import Block, CitationMention, Document, Section

from .complexity import assert_linear
from .factories import make_document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "source_docs"
CORPUS_EXTRA = Path(__file__).resolve().parent / "fixtures" / "corpus-extra"


def _mention(text: str, key: str) -> CitationMention:
    """The mention of `text` whose reference (or, without one, whose text) is `key`."""
    found = [m for m in find_citations(text) if (m.reference or m.text) == key]
    assert found, f"{key!r} not found in {[m.reference or m.text for m in find_citations(text)]}"
    return found[0]


# --- numbered references: one row per form ------------------------------------------------

# (text, key, expected fields)
NUMBERED: list[tuple[str, str, dict[str, Any]]] = [
    # 000, V/v line: symbol broken by a hard wrap, joined with a space after the hyphen
    (
        "V/v tham mưu triển khai thực hiện Kế hoạch số 53/KH- UBND ngày 23/3/2022 của UBND tỉnh Quảng Ngãi",
        "53/KH-UBND",
        dict(
            family="state",
            type_code="KH",
            type_name="Kế hoạch",
            number="53",
            symbol="KH-UBND",
            date=date(2022, 3, 23),
            year=2022,
            issuer="UBND tỉnh Quảng Ngãi",
            text="Kế hoạch số 53/KH- UBND ngày 23/3/2022",
        ),
    ),
    # 000, V/v line as written in the file (lines not joined)
    (
        "V/v tham mưu triển khai thực\nhiện Kế hoạch số 53/KH-\nUBND ngày 23/3/2022 của\nUBND tỉnh Quảng Ngãi",
        "53/KH-UBND",
        dict(family="state", date=date(2022, 3, 23), issuer="UBND tỉnh Quảng Ngãi"),
    ),
    # 000, công văn header: space before the slash
    ("Số: 560 /UBND", "560/UBND", dict(family="congvan", type_code="CV", type_name="Công văn", number="560", symbol="UBND")),
    # 000, plan header inside the file
    ("Số: 53 /KH-UBND", "53/KH-UBND", dict(family="state", type_code="KH", text="53 /KH-UBND")),
    # 003, Party header without colon
    ("Số 03-KH/BCĐ", "03-KH/BCĐ", dict(family="party", type_code="KH", number="03", symbol="KH/BCĐ")),
    # 000, công văn with an issuer unit
    (
        "Thực hiện việc lấy ý kiến cộng đồng dân cư trong vùng dự án trước khi Quyết định chủ trương đầu tư theo chỉ đạo "
        "của Chủ tịch UBND tỉnh tại Công văn số 5451/UBND-CNXD ngày 10/9/2018.",
        "5451/UBND-CNXD",
        dict(
            family="congvan",
            type_code="CV",
            type_name="Công văn",
            date=date(2018, 9, 10),
            issuer=None,
            text="Công văn số 5451/UBND-CNXD ngày 10/9/2018",
        ),
    ),
    # 000, Party công văn; issuer stops at the verb that follows
    (
        "Thực hiện Công văn số 869-CV/TU ngày 18/02/2022 của Ban Thường vụ Tỉnh ủy triển khai thực hiện công tác dân vận năm 2022; "
        "Chương trình phối hợp số 31 - CT/BĐVTU-BCSSBUBND ngày 28/01/2022",
        "869-CV/TU",
        dict(
            family="party",
            type_code="CV",
            type_name="Công văn",
            date=date(2022, 2, 18),
            issuer="Ban Thường vụ Tỉnh ủy",
            subject=None,
        ),
    ),
    # 000, joint programme: spaces around the hyphen, "giữa" for the two issuers
    (
        "Chương trình phối hợp số 31 - CT/BĐVTU-BCSSBUBND ngày 28/01/2022 giữa Ban Dân vận Tỉnh ủy và Ban cán sự đảng "
        "Ủy ban nhân dân về công tác dân vận, giải đoàn 2022 - 2026; Kế hoạch số 54 - KH/BĐVTU-BCSSBUBND ngày 28/01/2022",
        "31-CT/BĐVTU-BCSSBUBND",
        dict(
            family="party",
            type_code="CT",
            type_name="Chương trình phối hợp",
            number="31",
            symbol="CT/BĐVTU-BCSSBUBND",
            date=date(2022, 1, 28),
            issuer="Ban Dân vận Tỉnh ủy và Ban cán sự đảng Ủy ban nhân dân",
            subject="công tác dân vận, giải đoàn 2022 - 2026",
        ),
    ),
    # 000, "BCD" written for "BCĐ"; the text keeps it as written
    (
        "giai đoạn 2022-2025 và Kế hoạch số 03-KH/BCD ngày 03/3/2022 của Ban chỉ đạo tỉnh về thực hiện Quy chế dân chủ ở cơ sở "
        "năm 2022. UBND tỉnh ban hành Kế hoạch",
        "03-KH/BCĐ",
        dict(
            family="party",
            text="Kế hoạch số 03-KH/BCD ngày 03/3/2022",
            date=date(2022, 3, 3),
            issuer="Ban chỉ đạo tỉnh",
            subject="thực hiện Quy chế dân chủ ở cơ sở năm 2022",
        ),
    ),
    # 000, space before the hyphen of a Party number
    (
        "Tiếp tục quán triệt, triển khai thực hiện Kết luận số 120 -KL/TW ngày 07/01/2016 của Bộ Chính trị về xây dựng và thực "
        "hiện Quy chế dân chủ ở cơ sở; Pháp lệnh số 34/2007/PL-UBTVQH11",
        "120-KL/TW",
        dict(
            family="party",
            type_code="KL",
            type_name="Kết luận",
            number="120",
            date=date(2016, 1, 7),
            year=2016,
            issuer="Bộ Chính trị",
            subject="xây dựng và thực hiện Quy chế dân chủ ở cơ sở",
        ),
    ),
    # 000, normative without a date; the issuer keeps its term
    (
        "Pháp lệnh số 34/2007/PL-UBTVQH11 của Ủy ban Thường vụ Quốc hội khóa 11 về thực hiện dân chủ ở xã, phường, thị trấn; "
        "Nghị định số 04/2015/NĐ-CP",
        "34/2007/PL-UBTVQH11",
        dict(
            family="normative",
            type_code="PL",
            type_name="Pháp lệnh",
            number="34",
            symbol="PL-UBTVQH11",
            year=2007,
            date=None,
            issuer="Ủy ban Thường vụ Quốc hội khóa 11",
            subject="thực hiện dân chủ ở xã, phường, thị trấn",
        ),
    ),
    # 000, normative without "số"; issuer stops at "quy định"
    (
        "Nghị định 145/2020/NĐ-CP ngày 14/12/2020 của Chính phủ quy định chi tiết và hướng dẫn thi hành một số điều của "
        "Bộ Luật lao động",
        "145/2020/NĐ-CP",
        dict(
            family="normative",
            type_code="NĐ",
            type_name="Nghị định",
            year=2020,
            date=date(2020, 12, 14),
            issuer="Chính phủ",
            text="Nghị định 145/2020/NĐ-CP ngày 14/12/2020",
        ),
    ),
    # 000, State instruction without "số"
    (
        "Chỉ thị 16/CT-TTg ngày 16/5/2016 của Thủ tướng Chính phủ về đổi mới công tác dân vận của các cơ quan hành chính nhà "
        "nước và chính quyền các cấp trong tình hình mới; Chỉ thị số 33/CT-TTg",
        "16/CT-TTg",
        dict(
            family="state",
            type_code="CT",
            type_name="Chỉ thị",
            symbol="CT-TTg",
            issuer="Thủ tướng Chính phủ",
            subject="đổi mới công tác dân vận của các cơ quan hành chính nhà nước và chính quyền các cấp trong tình hình mới",
        ),
    ),
    # 000, date after a comma
    (
        "Quyết định số 396 -QĐ/TU, ngày 19/10/2021 của Ban Thường vụ Tỉnh ủy về việc ban hành Quy chế công tác dân vận của "
        "hệ thống chính trị; đồng thời",
        "396-QĐ/TU",
        dict(
            family="party",
            type_code="QĐ",
            type_name="Quyết định",
            date=date(2021, 10, 19),
            issuer="Ban Thường vụ Tỉnh ủy",
            subject="việc ban hành Quy chế công tác dân vận của hệ thống chính trị",
            text="Quyết định số 396 -QĐ/TU, ngày 19/10/2021",
        ),
    ),
    # 000, pinpoint before a short later mention of the plan
    (
        "Thời gian hoàn thành các nhiệm vụ theo đúng quy định tại khoản 1, Mục III Kế hoạch số 53/KH-UBND của UBND tỉnh.",
        "53/KH-UBND",
        dict(pinpoint="khoản 1, Mục III", issuer="UBND tỉnh", date=None, text="Kế hoạch số 53/KH-UBND"),
    ),
    # 000, a subject in Markdown emphasis ends at ";"
    (
        "các Quyết định số 436/QĐ-UBND ngày 11/6/2019 của Ủy ban nhân dân tỉnh về *ban hành Quy định tiêu chí, cách đánh giá, "
        "xếp loại công tác dân vận của các cơ quan nhà nước trên địa bàn tỉnh Quảng Ngãi*; Quyết định số 737/QĐ-UBND",
        "436/QĐ-UBND",
        dict(
            family="state",
            type_code="QĐ",
            issuer="Ủy ban nhân dân tỉnh",
            subject="ban hành Quy định tiêu chí, cách đánh giá, xếp loại công tác dân vận của các cơ quan nhà nước trên địa bàn tỉnh Quảng Ngãi",
        ),
    ),
    # 001, Party "QĐ" read as Quyết định from the word before
    (
        "góp ý xây dựng Đảng, xây dựng chính quyền theo Quyết định số 217-QĐ/TW và Quyết định số 218-QĐ/TW của Bộ Chính trị.",
        "218-QĐ/TW",
        dict(family="party", type_code="QĐ", type_name="Quyết định", issuer="Bộ Chính trị"),
    ),
    # 003, Party "QĐ" read as Quy định, no "số"
    (
        "Thực hiện Quy chế dân chủ ở cơ sở gắn với thực hiện nghiêm túc Quy định 11-QĐ/TW của Bộ Chính trị về trách nhiệm của "
        "người đứng đầu cấp ủy trong việc tiếp dân",
        "11-QĐ/TW",
        dict(family="party", type_code="QĐ", type_name="Quy định", issuer="Bộ Chính trị", text="Quy định 11-QĐ/TW"),
    ),
    # 001, a quoted subject ends with its quote; the issuer keeps "(khóa XI)"
    (
        "Kế hoạch số 03-KH/TU ngày 20/10/2015 của Tỉnh ủy về triển khai thực hiện Kết luận số 114-KL/TW ngày 14/7/2015 của Ban "
        "Bí thư Trung ương Đảng (khóa XI) về “Nâng cao hiệu quả công tác dân vận của cơ quan nhà nước các cấp”; Chỉ thị số 18-CT/TU",
        "114-KL/TW",
        dict(
            issuer="Ban Bí thư Trung ương Đảng (khóa XI)",
            subject="“Nâng cao hiệu quả công tác dân vận của cơ quan nhà nước các cấp”",
        ),
    ),
    # 001, the subject stops before the next citation joined by "và"
    (
        "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ về tăng cường và đổi mới công tác dân vận trong cơ "
        "quan hành chính nhà nước, chính quyền các cấp trong tình hình mới và Chỉ thị số 16-CT/TU ngày 02/8/2021",
        "33/CT-TTg",
        dict(
            subject="tăng cường và đổi mới công tác dân vận trong cơ quan hành chính nhà nước, chính quyền các cấp trong tình hình mới"
        ),
    ),
    # 001, Party Đề án (ĐA)
    (
        "Cụ thể hóa các nội dung về công tác Dân vận trong Đề án số 17-ĐA/TU ngày 11/12/2020 của Tỉnh ủy; đề ra yêu cầu",
        "17-ĐA/TU",
        dict(family="party", type_code="ĐA", type_name="Đề án", date=date(2020, 12, 11), issuer="Tỉnh ủy"),
    ),
    # 002, joint Party-shaped plan of UBND and BDVTU
    (
        "Thực hiện Kế hoạch số 28-KH/UBND-BDVTU ngày 20/02/2023 giữa Ủy ban nhân dân tỉnh và Ban Dân vận Tỉnh ủy về phối hợp thực "
        "hiện công tác dân vận năm 2023, Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện công tác dân vận chính quyền năm 2023 như sau:",
        "28-KH/UBND-BDVTU",
        dict(
            family="party",
            type_code="KH",
            date=date(2023, 2, 20),
            issuer="Ủy ban nhân dân tỉnh và Ban Dân vận Tỉnh ủy",
            subject="phối hợp thực hiện công tác dân vận năm 2023",
        ),
    ),
    # 003, State resolution of the provincial council
    (
        "Nghị quyết số 93/NQ-HĐND ngày 08/12/2021 của Hội đồng nhân dân tỉnh; Quyết định số 1256/QĐ-UBND",
        "93/NQ-HĐND",
        dict(family="state", type_code="NQ", type_name="Nghị quyết", issuer="Hội đồng nhân dân tỉnh", date=date(2021, 12, 8)),
    ),
    # 003, Party guidance (HD)
    (
        "theo Hướng dẫn số 29-HD/BCĐ ngày 24/3/2018 của Ban Chỉ đạo tỉnh về tiêu chí đánh giá hoạt động",
        "29-HD/BCĐ",
        dict(
            family="party",
            type_code="HD",
            type_name="Hướng dẫn",
            issuer="Ban Chỉ đạo tỉnh",
            subject="tiêu chí đánh giá hoạt động",
        ),
    ),
    # 003, footnote: pinpoint with a decimal part number, date after a comma
    (
        "¹ Nhiệm vụ này được giao tại mục 6.1, phần II, Thông báo số 810-TB/TU, ngày 06/5/2020 của Ban Thường vụ Tỉnh ủy thông "
        "báo ý kiến của Thường trực Tỉnh ủy tại Hội nghị trực tiếp",
        "810-TB/TU",
        dict(
            family="party",
            type_code="TB",
            type_name="Thông báo",
            pinpoint="mục 6.1, phần II",
            date=date(2020, 5, 6),
            issuer="Ban Thường vụ Tỉnh ủy",
        ),
    ),
    # 003, issuer closed by the parenthesis it stands in
    (
        "việc tiếp thu ý kiến góp ý xây dựng Đảng, xây dựng chính quyền (theo Quyết định số 4054-QĐ/TU ngày 24/10/2014 của Ban "
        "Thường vụ Tỉnh ủy). Nâng cao chất lượng",
        "4054-QĐ/TU",
        dict(issuer="Ban Thường vụ Tỉnh ủy", date=date(2014, 10, 24)),
    ),
    # 004, "PL-UBTVQH" without its term, doubled spaces from the PDF
    (
        "9. Thực  hiện  Pháp  lệnh  số 34/2007/PL-UBTVQH  ngày 06/4/2007 của Ủy banThường  vụ Quốc hội  về  thực  hiện  dân  chủ "
        "ở cơ sở, thực hiện tốt công tác tiếp công dân",
        "34/2007/PL-UBTVQH",
        dict(family="normative", type_code="PL", date=date(2007, 4, 6), issuer="Ủy banThường vụ Quốc hội"),
    ),
    # 004, Party notice without "số"
    (
        "tốt các nội dung theo Thông báo 08-TB/VPTU ngày 14/12/2020 của Văn phòng Tỉnh ủy về buổi đối thoại trực tiếp",
        "08-TB/VPTU",
        dict(family="party", type_code="TB", issuer="Văn phòng Tỉnh ủy", subject="buổi đối thoại trực tiếp"),
    ),
    # 1654_NQ-UBTVQH15: a law cited by name and number
    (
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
        "72/2025/QH15",
        dict(
            family="normative",
            type_code=None,
            type_name="Luật",
            year=2025,
            symbol="QH15",
            text="Luật Tổ chức chính quyền địa phương số 72/2025/QH15",
        ),
    ),
    # 1654_NQ-UBTVQH15: date written out in words
    (
        "Căn cứ Nghị quyết số 76/2025/UBTVQH15 ngày 14 tháng 4 năm 2025 của Ủy ban Thường vụ Quốc hội về việc sắp xếp đơn vị "
        "hành chính năm 2025;",
        "76/2025/UBTVQH15",
        dict(
            family="normative",
            type_code="NQ",
            date=date(2025, 4, 14),
            issuer="Ủy ban Thường vụ Quốc hội",
            subject="việc sắp xếp đơn vị hành chính năm 2025",
        ),
    ),
    # 1660_NQ-UBTVQH15: a type word with a qualifier
    (
        "Xét đề nghị của Chính phủ tại Tờ trình số 340/TTr-CP và Đề án số 341/ĐA-CP ngày 09 tháng 5 năm 2025, Báo cáo thẩm tra số "
        "418/BC-UBPLTP15 ngày 03 tháng 6 năm 2025 của Ủy ban Pháp luật và Tư pháp,",
        "418/BC-UBPLTP15",
        dict(
            family="state",
            type_code="BC",
            type_name="Báo cáo thẩm tra",
            date=date(2025, 6, 3),
            issuer="Ủy ban Pháp luật và Tư pháp",
        ),
    ),
    # 1660_NQ-UBTVQH15: Tờ trình (TTr), mixed-case code
    (
        "Xét đề nghị của Chính phủ tại Tờ trình số 340/TTr-CP và Đề án số 341/ĐA-CP ngày 09 tháng 5 năm 2025,",
        "340/TTr-CP",
        dict(family="state", type_code="TTr", type_name="Tờ trình", date=None, issuer=None),
    ),
    # 1669_NQ-UBTVQH15: "ngày" glued to the symbol by the PDF extraction
    (
        "tại Tờ trình số 380/TTr-CP và Đề án số 381/ĐA-CPngày 09 tháng 5 năm 2025, Báo cáo thẩm tra",
        "381/ĐA-CP",
        dict(family="state", type_code="ĐA", date=date(2025, 5, 9)),
    ),
    # 1027_CTK-CSCL: công văn of a national department, inside parentheses
    (
        "(Ban hành kèm theo Công văn số 1027/CTK-CSCL ngày 25 tháng 6 năm 2025 của Cục Thống kê)",
        "1027/CTK-CSCL",
        dict(family="congvan", type_code="CV", date=date(2025, 6, 25), issuer="Cục Thống kê"),
    ),
    # 60-NQ_TW: Party Quy định with a date after a comma and a subject
    (
        "Cơ bản thống nhất nội dung sửa đổi, bổ sung Quy định số 232-QĐ/TW, ngày 20/01/2025 của Ban Chấp hành Trung ương Đảng về "
        "thi hành Điều lệ Đảng; Quy định số 22-QĐ/TW, ngày 28/7/2021",
        "232-QĐ/TW",
        dict(
            family="party",
            type_name="Quy định",
            date=date(2025, 1, 20),
            issuer="Ban Chấp hành Trung ương Đảng",
            subject="thi hành Điều lệ Đảng",
        ),
    ),
    # 60-NQ_TW: header of a Party resolution
    ("Số 60-NQ/TW", "60-NQ/TW", dict(family="party", type_code="NQ", type_name="Nghị quyết")),
    # domain.md §2 variant: issuer written before the number
    (
        "theo Quyết định của Bộ Chính trị số 31-QĐ/TW",
        "31-QĐ/TW",
        dict(family="party", type_name="Quyết định", issuer="Bộ Chính trị", text="Quyết định của Bộ Chính trị số 31-QĐ/TW"),
    ),
    # domain.md §2 variant: Party number separated by a space only
    ("theo Quyết định số 84 QĐ/TWĐTN", "84-QĐ/TWĐTN", dict(family="party", type_code="QĐ")),
    # domain.md §2 variant: date with hyphens
    ("Kế hoạch số 53/KH-UBND ngày 23-3-2022 của UBND tỉnh Quảng Ngãi", "53/KH-UBND", dict(date=date(2022, 3, 23))),
    # domain.md §3 form: pinpoint small to large, without commas
    (
        "theo điểm a khoản 2 Điều 5 Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ",
        "04/2015/NĐ-CP",
        dict(pinpoint="điểm a khoản 2 Điều 5", date=date(2015, 1, 9), issuer="Chính phủ"),
    ),
    # domain.md sources + §2 table: a law whose name holds "pháp luật"; the law word is found across it
    (
        "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13;",
        "80/2015/QH13",
        dict(
            family="normative", type_name="Luật", type_code=None, text="Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13"
        ),
    ),
    # domain.md §2 table: consolidated text (văn bản hợp nhất)
    (
        "Văn bản hợp nhất số 03/VBHN-VPQH",
        "03/VBHN-VPQH",
        dict(family="normative", type_code="VBHN", type_name="Văn bản hợp nhất"),
    ),
]


@pytest.mark.parametrize(("text", "key", "expected"), NUMBERED, ids=[f"{i:02d}-{row[1]}" for i, row in enumerate(NUMBERED)])
def test_numbered_forms(text: str, key: str, expected: dict[str, Any]) -> None:
    m = _mention(text, key)
    for field, value in expected.items():
        assert getattr(m, field) == value, f"{field}: {getattr(m, field)!r} != {value!r}"
    assert text[m.start : m.end] == m.text


# --- instruments without a number, self references, short mentions -----------------------

UNNUMBERED: list[tuple[str, str, dict[str, Any]]] = [
    # 000: a code cited by name, in lower case after "Bộ Luật"
    (
        "hướng dẫn thi hành một số điều của Bộ Luật lao động về điều kiện lao động và quan hệ lao động và Nghị định số 159/2016/NĐ-CP",
        "Bộ Luật lao động",
        dict(family="named", type_name="Bộ luật", reference=None, subject="điều kiện lao động và quan hệ lao động"),
    ),
    # 001: pinpoint before a named code
    (
        "Nghị định số 149/2018/NĐ-CP ngày 19/6/2013 của Chính phủ quy định chi tiết Khoản 3, Điều 63 Bộ Luật Lao động về thực "
        "hiện quy chế dân chủ ở cơ sở tại nơi làm việc.",
        "Bộ Luật Lao động",
        dict(family="named", pinpoint="Khoản 3, Điều 63", subject="thực hiện quy chế dân chủ ở cơ sở tại nơi làm việc"),
    ),
    # 000: a law cited by name
    (
        "biện pháp thi hành một số điều của Luật Thanh tra về tổ chức và hoạt động của Ban thanh tra Nhân dân;",
        "Luật Thanh tra",
        dict(family="named", type_name="Luật", type_code=None, number=None),
    ),
    # 004 (joined): a draft law cited by name
    (
        "tham gia đóng góp ý kiến về xây dựng dự án Luật Thực hiện dân chủ ở cơ sở; hướng dẫn",
        "Luật Thực hiện dân chủ ở cơ sở",
        dict(family="named", type_name="Luật"),
    ),
    # 001: Central Committee resolution, "khoá" (old tone style)
    (
        "Gắn việc thực hiện quy chế dân chủ, công tác dân vận chính quyền với việc triển khai thực hiện Nghị quyết Trung ương 3 "
        "(khoá X) về tăng cường sự lãnh đạo của Đảng đối với công tác phòng chống tham nhũng, lãng phí, Nghị quyết Trung ương 4 "
        "(khóa XI) “Một số vấn đề cấp bách về xây dựng Đảng hiện nay”",
        "Nghị quyết Trung ương 3 (khoá X)",
        dict(
            family="named",
            type_code="NQ",
            type_name="Nghị quyết",
            reference=None,
            subject="tăng cường sự lãnh đạo của Đảng đối với công tác phòng chống tham nhũng, lãng phí",
        ),
    ),
    # 001: the same with "khóa" (new tone style)
    (
        "Nghị quyết Trung ương 4 (khóa XI) “Một số vấn đề cấp bách về xây dựng Đảng hiện nay” và Chỉ thị 05 của Bộ Chính trị",
        "Nghị quyết Trung ương 4 (khóa XI)",
        dict(family="named", type_code="NQ"),
    ),
    # 1654_NQ-UBTVQH15: the Constitution with its full name
    (
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam đã được sửa đổi, bổ sung một số điều theo Nghị quyết số "
        "203/2025/QH15;",
        "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam",
        dict(family="named", type_name="Hiến pháp", reference=None),
    ),
    # 60-NQ_TW: the Constitution with its year
    (
        "chủ trương sửa đổi, bổ sung một số điều của Hiến pháp năm 2013.",
        "Hiến pháp năm 2013",
        dict(family="named", year=2013),
    ),
    # 003: a programme named by subject and period
    (
        "Căn cứ Chương trình trọng tâm về thực hiện Quy chế dân chủ ở cơ sở giai đoạn 2022 - 2025; nhằm tham mưu Ban Thường vụ",
        "Chương trình trọng tâm về thực hiện Quy chế dân chủ ở cơ sở giai đoạn 2022 - 2025",
        dict(family="named", type_code="CTr", type_name="Chương trình"),
    ),
    # 000: self reference
    (
        "Làm đầu mối theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch này; định kỳ tổng hợp",
        "Kế hoạch này",
        dict(family="self", type_code="KH", type_name="Kế hoạch", reference=None, issuer=None),
    ),
    # 001: self reference in lower case
    (
        "Chỉ đạo Ban Dân vận các huyện ủy, thành ủy phối hợp với Ủy ban nhân dân cùng cấp thực hiện đảm bảo kế hoạch này.",
        "kế hoạch này",
        dict(family="self", type_name="Kế hoạch"),
    ),
    # 1654_NQ-UBTVQH15: pinpoint into the document itself
    (
        "Các cơ quan, tổ chức có liên quan tổ chức thực hiện việc sắp xếp theo quy định tại Điều 1 của Nghị quyết này",
        "Nghị quyết này",
        dict(family="self", type_code="NQ", pinpoint="Điều 1"),
    ),
    # 001: short mention, number without symbol
    (
        "Nghị quyết Trung ương 4 (khóa XI) “Một số vấn đề cấp bách về xây dựng Đảng hiện nay” và Chỉ thị 05 của Bộ Chính trị "
        "(khoá XI) về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, nhằm làm cho mỗi đảng viên",
        "Chỉ thị 05",
        dict(
            family="short",
            type_code="CT",
            type_name="Chỉ thị",
            number="05",
            reference=None,
            issuer="Bộ Chính trị (khoá XI)",
            subject="học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        ),
    ),
    # domain.md §3: short later mention
    (
        "Các sở, ngành tiếp tục thực hiện Chỉ thị 33, báo cáo kết quả",
        "Chỉ thị 33",
        dict(family="short", number="33", type_code="CT"),
    ),
]


@pytest.mark.parametrize(
    ("text", "key", "expected"), UNNUMBERED, ids=[f"{i:02d}-{row[1][:30]}" for i, row in enumerate(UNNUMBERED)]
)
def test_unnumbered_forms(text: str, key: str, expected: dict[str, Any]) -> None:
    m = _mention(text, key)
    for field, value in expected.items():
        assert getattr(m, field) == value, f"{field}: {getattr(m, field)!r} != {value!r}"


NOT_CITATIONS: list[str] = [
    "15:49:45",  # 000: digital-signature stamp, time
    " Thời gian kết: 25/03/20",  # 000: stamp, a short date
    "báo cáo 06 tháng đầu năm gửi trước ngày 15/6/2022, báo cáo năm gửi trước ngày 15/11/2022.",  # 000: quantities, dates
    "Tổ chức kiểm tra việc thực hiện các văn bản của Trung ương và của tỉnh tại 03 cơ quan, đơn vị, địa phương trên địa bàn tỉnh.",  # 000
    "các cấp trong tỉnh đạt từ 90% trở lên.",  # 001: percentage
    "- *Thời gian thực hiện:* Quý I/2022.",  # 003: quarter with year
    "quý I, 6 tháng, 9 tháng (trước ngày 20/(3/6/9)/2023) và năm 2023 (trước ngày 25/11/2023).",  # 002: several dates
    "THỰC HIỆN CÔNG TÁC DÂN VẬN CHÍNH QUYỀN GIAI ĐOẠN 2022 - 2026",  # 001: period
    "phù hợp với tình hình dịch bệnh Covid-19 tại địa phương",  # 000: name with a number
    "- Báo Quảng Ngãi, Đài PT-TH Quảng Ngãi;",  # 000: hyphenated abbreviation
    "- Lưu: VT, NCvi156.",  # 000: filing code
    "- Lưu: VT, VX4, NC2.",  # 001: filing codes
    "Số: /KH-UBND",  # 002: unissued number
    "theo quy định của pháp luật về thực hiện dân chủ ở xã, phường, thị trấn.",  # 001: "pháp luật" is no law
    "Thanh tra tỉnh, Sở Tư pháp, Sở Nội vụ, Hội Luật gia tỉnh.",  # 003: "Luật gia" is a profession
    "báo cáo 6 tháng đầu năm gửi trước ngày 10/6, báo cáo năm gửi trước ngày 10/11 hàng năm.",  # 004
    "đại biểu Hội đồng Nhân dân các cấp nhiệm kỳ 2021 -2026.",  # 004: period with a stray space
    "UBND tỉnh ban hành Kế hoạch thực hiện Quy chế dân chủ ở cơ sở và công tác dân vận chính quyền năm 2022, như sau:",  # 000
    "| 1   | 00070 | Phường Hoàn Kiếm                  | Thành phố Hà Nội |",  # 1027_CTK-CSCL: table row of codes
    "không để xảy ra tình trạng quá hạn theo quy định tại khoản 1 Điều này",  # 1654_NQ-UBTVQH15 form: "Điều này" is a part
    "- Ban Dân vận Trung ương (Hà Nội + T26) (b/c),",  # 003
    "xây dựng báo cáo 06 tháng, hàng năm và tổng kết 05 năm thực hiện công tác dân vận",  # 001
    "Báo cáo 6 tháng đầu năm gửi trước ngày 10/6",  # 004, capitalised: a period, not a short mention
    "Kế hoạch 5 năm 2021 - 2025 của tỉnh",  # common phrasing (five-year plan): no short mention
]


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_not_citations(text: str) -> None:
    assert find_citations(text) == ()


# --- normalisation and identity -----------------------------------------------------------

NORMALIZE: list[tuple[str, str]] = [
    ("53/KH-UBND", "53/KH-UBND"),  # already canonical
    ("53 /KH-UBND", "53/KH-UBND"),  # header with a space before the slash
    ("53/KH- UBND", "53/KH-UBND"),  # joined hard wrap
    ("120 -KL/TW", "120-KL/TW"),  # space before the Party hyphen
    ("31 - CT/BĐVTU-BCSSBUBND", "31-CT/BĐVTU-BCSSBUBND"),  # spaces around it
    ("84 QĐ/TWĐTN", "84-QĐ/TWĐTN"),  # Party number without its hyphen
    ("03-KH/BCD", "03-KH/BCĐ"),  # D for Đ in BCĐ; the leading zero stays
    ("145/2020/ND-CP", "145/2020/NĐ-CP"),  # D for Đ in NĐ
    ("396-QD/TU", "396-QĐ/TU"),  # D for Đ in QĐ
    ("93/NQ-HDND", "93/NQ-HĐND"),  # D for Đ in HĐND
    ("84-QĐ/TWDTN", "84-QĐ/TWĐTN"),  # D for Đ in TWĐTN
    ("29-HD/BCĐ", "29-HD/BCĐ"),  # HD is Hướng dẫn: kept
    ("28-KH/UBND-BDVTU", "28-KH/UBND-BDVTU"),  # BDVTU is spelled so by its issuer: kept
    ("12/DA-UBND", "12/DA-UBND"),  # DA is Dự án: kept
    ("34/2007/PL-UBTVQH", "34/2007/PL-UBTVQH"),  # missing term stays missing
    ("31 – CT/TU", "31-CT/TU"),  # en dash
    ("03-KH/BCÐ", "03-KH/BCĐ"),  # Icelandic eth for Đ
]


@pytest.mark.parametrize(("raw", "expected"), NORMALIZE)
def test_normalize_reference(raw: str, expected: str) -> None:
    assert normalize_reference(raw) == expected


KEYS: list[tuple[str, str, bool]] = [
    ("34/2007/PL-UBTVQH", "34/2007/PL-UBTVQH11", True),  # 004 vs 000: the UBTVQH term is folded
    ("03-KH/BCD", "3-KH/BCĐ", True),  # leading zero and D/Đ
    ("16/CT-TTg", "16/CT-TTG", True),  # case
    ("08-CT/TU", "8-CT/TU", True),  # leading zero
    ("16-CT/TU", "16/CT-TTg", False),  # different instruments
    ("217-QĐ/TW", "218-QĐ/TW", False),  # different numbers
    ("1654/NQ-UBTVQH15", "1655/NQ-UBTVQH15", False),  # different numbers, same term
]


@pytest.mark.parametrize(("a", "b", "same"), KEYS)
def test_reference_key(a: str, b: str, same: bool) -> None:
    assert (reference_key(a) == reference_key(b)) is same


# --- every numbered reference of the seeds, checked by eye --------------------------------

SEED_REFERENCES: dict[str, set[str]] = {
    "000": {  # công văn 560/UBND of Đức Phổ and plan 53/KH-UBND of Quảng Ngãi
        "560/UBND",
        "53/KH-UBND",
        "869-CV/TU",
        "31-CT/BĐVTU-BCSSBUBND",
        "54-KH/BĐVTU-BCSSBUBND",
        "03-KH/BCĐ",
        "707-KL/TU",
        "120-KL/TW",
        "34/2007/PL-UBTVQH11",
        "04/2015/NĐ-CP",
        "145/2020/NĐ-CP",
        "159/2016/NĐ-CP",
        "114-KL/TW",
        "16/CT-TTg",
        "33/CT-TTg",
        "08-CT/TU",
        "396-QĐ/TU",
        "85-KH/TU",
        "436/QĐ-UBND",
        "737/QĐ-UBND",
        "5451/UBND-CNXD",
        "70/KH-UBND",
    },
    "001": {  # plan 13/KH-UBND of Lào Cai
        "13/KH-UBND",
        "33/CT-TTg",
        "16-CT/TU",
        "83-KH/TU",
        "17-ĐA/TU",
        "60-QĐ/TU",
        "03-KH/TU",
        "114-KL/TW",
        "18-CT/TU",
        "18-NQ/TW",
        "19-NQ/TW",
        "120-KL/TW",
        "34/2007/PL-UBTVQH11",
        "04/2015/NĐ-CP",
        "149/2018/NĐ-CP",
        "25-NQ/TW",
        "35-CT/TW",
        "14/CT-TTg",
        "217-QĐ/TW",
        "218-QĐ/TW",
        "49-CT/TW",
    },
    "002": {  # unnumbered plan of Bình Định ("Số: /KH-UBND")
        "28-KH/UBND-BDVTU",
        "23-QĐ/TW",
        "407-QĐ/TU",
        "33/CT-TTg",
        "11/KH-UBND",
        "3826/QĐ-UBND",
        "217-QĐ/TW",
        "218-QĐ/TW",
    },
    "003": {  # plan 03-KH/BCĐ of the provincial steering committee
        "03-KH/BCĐ",
        "120-KL/TW",
        "11-QĐ/TW",
        "29-HD/BCĐ",
        "33/CT-TTg",
        "08-CT/TU",
        "396-QĐ/TU",
        "04-NQ/TU",
        "93/NQ-HĐND",
        "1256/QĐ-UBND",
        "217-QĐ/TW",
        "218-QĐ/TW",
        "810-TB/TU",
        "4054-QĐ/TU",
        "34/2007/PL-UBTVQH11",
        "04/2015/NĐ-CP",
        "145/2020/NĐ-CP",
        "37-CT/TW",
    },
    "004": {  # unnumbered plan of Sở Nội vụ Quảng Ngãi, wrapped at ~75 characters
        "38/KH-UBND",
        "120-KL/TW",
        "114-KL/TW",
        "16/CT-TTg",
        "08-TB/VPTU",
        "34/2007/PL-UBTVQH",
    },
}


def _seed_paragraphs(prefix: str) -> list[str]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return re.split(r"\n[ \t]*\n", path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("prefix", sorted(SEED_REFERENCES))
def test_seed_references(prefix: str) -> None:
    found = {m.reference for p in _seed_paragraphs(prefix) for m in find_citations(p) if m.reference}
    assert found == SEED_REFERENCES[prefix]


# --- corpus-extra: how many number-like strings fall inside a citation --------------------

# Digits, then "/" or "-" and an upper-case code, as in "1654/NQ-UBTVQH15", "60-NQ/TW",
# "203/2025/QH15"; a date ("23/3/2022") has digits after the slash and does not match.
LOOSE_NUMBER = re.compile(r"(?<![\w/.])\d{1,5}(?:\s?/\s?(?:19|20)\d{2})?\s{0,2}[/-]\s{0,2}[A-ZĐ]")


def _corpus_paragraphs(raw: str) -> Iterator[str]:
    """Paragraphs of a pandoc Markdown file, roughly as the normaliser gives them: escapes
    and <br> removed, wrapped lines joined with a space, table rows kept one per line."""
    raw = re.sub(r"\\(.)", r"\1", raw).replace("<br>", " ")
    for chunk in re.split(r"\n[ \t]*\n", raw):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if lines and all(line.lstrip().startswith("|") for line in lines):
            yield from lines
        else:
            yield " ".join(line.strip() for line in lines)


def test_corpus_extra_coverage() -> None:
    files = sorted(CORPUS_EXTRA.glob("*.txt"))
    assert len(files) == 36
    total = covered = 0
    missed: list[str] = []
    for path in files:
        for paragraph in _corpus_paragraphs(path.read_text(encoding="utf-8")):
            spans = [(m.start, m.end) for m in find_citations(paragraph)]
            for number in LOOSE_NUMBER.finditer(paragraph):
                total += 1
                if any(start <= number.start() < end for start, end in spans):
                    covered += 1
                else:
                    missed.append(f"{path.name}: {paragraph[max(0, number.start() - 40) : number.end() + 20]!r}")
    share = covered / total
    print(f"corpus-extra: {covered}/{total} number-and-symbol strings inside a citation ({share:.1%})")
    assert total > 300  # the measurement is not vacuous
    assert share > 0.95, "\n".join(missed[:20])


# --- extract_citations over a parsed Document ----------------------------------------------


def _document(preamble: tuple[Block, ...], sections: tuple[Section, ...]) -> Document:
    """A Document with only a body."""
    return make_document(preamble=preamble, sections=sections)


def test_extract_citations_places() -> None:
    # 000: preamble paragraph (two source lines joined), a section title, a khoản with a child
    preamble = (
        Block(
            "paragraph",
            "Thực hiện Công văn số 869-CV/TU ngày 18/02/2022 của Ban Thường vụ Tỉnh ủy; Kế hoạch số 03-KH/BCD ngày 03/3/2022",
            56,
            line_offsets=((0, 56), (70, 57)),
        ),
    )
    child = Section(
        "muc-ii-khoan-12",
        "khoan",
        "12",
        "",
        100,
        blocks=(Block("paragraph", "theo chỉ đạo của Chủ tịch UBND tỉnh tại Công văn số 5451/UBND-CNXD ngày 10/9/2018.", 102),),
    )
    table = Block(
        "table",
        "",
        120,
        rows=(("Nhiệm vụ", "Căn cứ"), ("Kiểm tra", "Nghị định số 04/2015/NĐ-CP")),
    )
    footnote = Block(
        "footnote", "¹ Nhiệm vụ này được giao tại mục 6.1, phần II, Thông báo số 810-TB/TU, ngày 06/5/2020", 83, marker="¹"
    )
    section = Section(
        "muc-ii",
        "muc",
        "II",
        "Thực hiện Kết luận số 120-KL/TW",
        74,
        blocks=(Block("paragraph", "Không có dẫn chiếu.", 75), table, footnote),
        children=(child,),
    )
    citations = extract_citations(_document(preamble, (section,)))
    got = [(c.mention.reference, c.place.section, c.place.block, c.place.line) for c in citations]
    assert got == [
        ("869-CV/TU", "", 0, 56),  # preamble, first source line
        ("03-KH/BCĐ", "", 0, 57),  # preamble, second source line
        ("120-KL/TW", "muc-ii", -1, 74),  # heading title
        ("04/2015/NĐ-CP", "muc-ii", 1, 120),  # table: the table's line
        ("810-TB/TU", "muc-ii", 2, 83),  # footnote block
        ("5451/UBND-CNXD", "muc-ii-khoan-12", 0, 102),  # child section
    ]
    table_hit = citations[3]
    joined = "\n".join(TABLE_CELL_SEPARATOR.join(row) for row in table.rows)
    assert joined[table_hit.place.start : table_hit.place.end] == table_hit.mention.text
    assert citations[4].mention.pinpoint == "mục 6.1, phần II"


# --- no catastrophic backtracking -----------------------------------------------------------

# (head, unit, times, tail): head + unit * times + tail; `python -m bench.hostile` times them at full size
HOSTILE: list[tuple[str, str, int, str]] = [
    ("", "1/", 5000, ""),  # digits and slashes
    ("", "Kế hoạch số ", 2000, "53/KH-UBND"),  # many type words before one number
    ("53/KH-", "AB-", 3000, ""),  # an endless symbol
    ("", "của ", 5000, ""),  # an endless issuer lead
    ("", "khoản 1, ", 3000, "Kế hoạch số 53/KH-UBND"),  # an endless pinpoint
    ("Luật ", "Tổ chức ", 3000, "số 72/2025/QH15"),  # an endless law name
    ("Chương trình trọng tâm ", "về ", 5000, ""),  # a named programme without its period
]


@pytest.mark.parametrize(("head", "unit", "times", "tail"), HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_is_linear(head: str, unit: str, times: int, tail: str) -> None:
    assert_linear(lambda k: find_citations(head + unit * k + tail), times // 8)

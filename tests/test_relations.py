"""Relations of citations and effect clauses, on real sentences (the gazette files and the seeds)."""

from __future__ import annotations

from datetime import date

import pytest

from generator.extract import extract_document
from generator.extract.citations import find_citations
from generator.extract.relations import RELATIONS, classify, extract_effect
from generator.models import DocumentText, Line
from generator.parse import parse_document

# (sentence, the instrument's reference or name as it starts, where it stands, expected relation)
CASES = [
    # the preamble of a normative document: Căn cứ
    ("Căn cứ Nghị định số 62/2022/NĐ-CP ngày 12 tháng 9 năm 2022 của Chính phủ quy định chức năng, nhiệm vụ, quyền hạn "
     "và cơ cấu tổ chức của Bộ Lao động - Thương binh và Xã hội;", "62/2022/NĐ-CP", "preamble", "basis"),
    ("Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam đã được sửa đổi, bổ sung một số điều theo Nghị quyết số "
     "203/2025/QH15;", "203/2025/QH15", "preamble", "basis"),
    ("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;", "72/2025/QH15", "preamble", "basis"),
    # a plan's opening: Thực hiện, every instrument of the sentence
    ("Thực hiện Công văn số 869-CV/TU ngày 18/02/2022 của Ban Thường vụ Tỉnh ủy triển khai thực hiện công tác dân vận năm "
     "2022; Chương trình phối hợp số 31 - CT/BĐVTU-BCSSBUBND ngày 28/01/2022 giữa Ban Dân vận Tỉnh ủy và Ban cán sự đảng Ủy "
     "ban nhân dân về công tác dân vận. UBND tỉnh ban hành Kế hoạch.", "31-CT/BĐVTU-BCSSBUBND", "preamble", "implements"),
    ("Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ về tăng cường và đổi mới công tác dân vận",
     "33/CT-TTg", "preamble", "implements"),
    ("Để thực hiện Nghị quyết số 31/NQ-CP ngày 12 tháng 3 năm 2021 của Chính phủ phê duyệt Hiệp định Thương mại tự do;",
     "31/NQ-CP", "preamble", "implements"),
    ("Thực hiện thí điểm quản lý lao động, tiền lương, tiền thưởng đối với một số tập đoàn kinh tế, tổng công ty nhà nước "
     "theo Nghị định số 20/2020/NĐ-CP", "20/2020/NĐ-CP", "preamble", None),
    # amends
    ("Sửa đổi, bổ sung một số điều của Thông tư số 21/2021/TT-BLĐTBXH ngày 15 tháng 12 năm 2021 của Bộ trưởng Bộ Lao động "
     "- Thương binh và Xã hội", "21/2021/TT-BLĐTBXH", "body", "amends"),
    ("Bộ trưởng Bộ Tài chính ban hành Thông tư sửa đổi, bổ sung một số điều của Thông tư số 152/2016/TT-BTC ngày 17 tháng "
     "10 năm 2016 của Bộ trưởng Bộ Tài chính", "152/2016/TT-BTC", "preamble", "amends"),
    ("Thay thế cụm từ “Tổng cục Hải quan” bằng cụm từ “Cục Hải quan” tại điểm e khoản 3 Điều 10, khoản 1 Điều 17 Thông tư "
     "số 13/2015/TT-BTC.", "13/2015/TT-BTC", "body", "amends"),
    ("Sửa đổi, bổ sung Điều 18, Điều 19, Điều 20 Nghị định số 143/2016/NĐ-CP đã được sửa đổi, bổ sung bởi khoản 14 Nghị "
     "định số 24/2022/NĐ-CP;", "143/2016/NĐ-CP", "body", "amends"),
    ("Sửa đổi, bổ sung Điều 18, Điều 19, Điều 20 Nghị định số 143/2016/NĐ-CP đã được sửa đổi, bổ sung bởi khoản 14 Nghị "
     "định số 24/2022/NĐ-CP;", "24/2022/NĐ-CP", "body", None),
    # replaces
    ("Thông tư này thay thế Thông tư liên tịch số 35/2015/TTLT-BLĐTBXH-BNV ngày 16 tháng 9 năm 2015 của Bộ trưởng Bộ Lao "
     "động - Thương binh và Xã hội và Bộ trưởng Bộ Nội vụ", "35/2015/TTLT-BLĐTBXH-BNV", "body", "replaces"),
    ("Thông tư này có hiệu lực thi hành kể từ ngày 13 tháng 10 năm 2025 và thay thế Thông tư số 43/2016/TT-BCA ngày 25 "
     "tháng 10 năm 2016 của Bộ trưởng Bộ Công an", "43/2016/TT-BCA", "body", "replaces"),
    ("Thay thế Phụ lục 1A, Phụ lục 1B ban hành kèm theo Thông tư số 22/2013/TT-NHNN bằng Phụ lục 1A, Phụ lục 1B thuộc "
     "Phụ lục I ban hành kèm theo Thông tư này.", "22/2013/TT-NHNN", "body", "replaces"),
    # repeals
    ("Nghị định số 109/2022/NĐ-CP ngày 30 tháng 12 năm 2022 của Chính phủ quy định hoạt động khoa học, công nghệ và đổi "
     "mới sáng tạo trong cơ sở giáo dục đại học hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành.",
     "109/2022/NĐ-CP", "body", "repeals"),
    ("Bãi bỏ khoản 3 Điều 5 của Thông tư số 08/2023/TT-BKHĐT ngày 15 tháng 9 năm 2023.", "08/2023/TT-BKHĐT", "body",
     "repeals"),
    ("Điều này được bãi bỏ theo quy định tại khoản 3 Điều 2 của Thông tư số 25/2024/TT-BKHĐT", "25/2024/TT-BKHĐT", "body",
     None),
    # guides
    ("Nghị định này quy định chi tiết một số điều của Luật Sở hữu trí tuệ số 50/2005/QH11 được sửa đổi, bổ sung bởi Luật "
     "số 36/2009/QH12", "50/2005/QH11", "body", "guides"),
    ("Nghị định này quy định chi tiết một số điều của Luật Sở hữu trí tuệ số 50/2005/QH11 được sửa đổi, bổ sung bởi Luật "
     "số 36/2009/QH12", "36/2009/QH12", "body", None),
    ("Thông tư này hướng dẫn thực hiện chính sách nội trú quy định tại Quyết định số 53/2015/QĐ-TTg ngày 20 tháng 10 năm "
     "2015 của Thủ tướng Chính phủ", "53/2015/QĐ-TTg", "body", "guides"),
    ("Các cơ quan, đơn vị thực hiện theo hướng dẫn tại Thông tư số 12/2022/TT-BLĐTBXH.", "12/2022/TT-BLĐTBXH", "body",
     None),
    ("Thông tư này hướng dẫn việc ủy quyền thực hiện nhiệm vụ quản lý nhà nước về lao động trong các khu công nghiệp, khu "
     "kinh tế theo quy định tại Nghị định số 35/2022/NĐ-CP ngày 28 tháng 5 năm 2022", "35/2022/NĐ-CP", "body", "guides"),
    # mentions
    ("Tăng cường công tác lãnh đạo, chỉ đạo và triển khai thực hiện thắng lợi các mục tiêu, chỉ tiêu tại Kết luận số "
     "707-KL/TU ngày 10/12/2021 của Hội nghị Tỉnh ủy", "707-KL/TU", "body", None),
    ("Thông tư số 08/2024/TT-BLĐTBXH sửa đổi, bổ sung một số điều của Thông tư số 21/2021/TT-BLĐTBXH",
     "21/2021/TT-BLĐTBXH", "body", None),
]


@pytest.mark.parametrize(("text", "target", "where", "expected"), CASES)
def test_relation_of_a_citation(text: str, target: str, where: str, expected: str | None) -> None:
    mentions = [m for m in find_citations(text) if m.family != "self"]
    found = [m for m in mentions if (m.reference or m.text).startswith(target) or (m.reference or "") == target]
    assert found, [m.reference for m in mentions]
    m = found[0]
    others = tuple((o.start, o.end) for o in mentions if o is not m)
    assert classify(text, m.start, m.end, others, opening=where == "preamble") == expected


def test_relations_are_the_contract_names() -> None:
    assert RELATIONS == ("basis", "implements", "amends", "replaces", "repeals", "guides", "mentions")


def _doc(text: str):  # type: ignore[no-untyped-def]
    lines = tuple(Line(i + 1, t) for i, t in enumerate(text.splitlines()))
    return extract_document(parse_document(DocumentText("t.txt", 0, lines)))


AMENDING_LAW = """QUỐC HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 51/2024/QH15
Hà Nội, ngày 27 tháng 11 năm 2024
LUẬT
SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT BẢO HIỂM Y TẾ
Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Quốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế số 25/2008/QH12.
Điều 1. Sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế số 25/2008/QH12
1. Sửa đổi khoản 3 Điều 2 như sau:
“3. Mức đóng theo quy định tại Nghị định số 146/2018/NĐ-CP.”
Điều 2. Hiệu lực thi hành
1. Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025.
2. Các văn bản sau đây hết hiệu lực:
a) Nghị định số 70/2015/NĐ-CP ngày 01 tháng 9 năm 2015 của Chính phủ quy định chi tiết Luật Bảo hiểm y tế;
b) Thông tư số 40/2015/TT-BYT ngày 16 tháng 11 năm 2015.
"""


def test_a_document_relates_its_citations_and_its_title() -> None:
    doc, ex = _doc(AMENDING_LAW)
    rel = [(c.mention.reference or c.mention.text, c.relation, c.place.block == -1 and c.place.section == "") for c in ex.citations
           if c.mention.family != "self"]
    assert ("25/2008/QH12", "amends", False) in rel
    assert ("146/2018/NĐ-CP", "mentions", False) in rel  # the new wording cites it; the law does not amend it
    assert ("70/2015/NĐ-CP", "repeals", False) in rel  # a list under "Các văn bản sau đây hết hiệu lực:"
    assert ("40/2015/TT-BYT", "repeals", False) in rel
    assert ("Luật Bảo hiểm y tế", "mentions", False) in rel  # named inside item a): 70/2015 details it, not this law
    title = [r for r in rel if r[2]]
    assert title and title[0][1] == "amends"  # the title names what the law amends, with the body's number
    assert title[0][0] == "25/2008/QH12"


EFFECTS = [
    ("Thông tư này có hiệu lực thi hành kể từ ngày 15 tháng 5 năm 2024.", "THÔNG TƯ", date(2024, 2, 23),
     (date(2024, 5, 15), None, False)),
    ("Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026.", "NGHỊ ĐỊNH", None, (date(2026, 7, 1), None, False)),
    ("Quyết định này có hiệu lực thi hành kể từ ngày ký.", "QUYẾT ĐỊNH", date(2023, 10, 2),
     (date(2023, 10, 2), "kể từ ngày ký", True)),
    ("Quyết định này có hiệu lực thi hành kể từ ngày ký.", "QUYẾT ĐỊNH", None, (None, "kể từ ngày ký", False)),
    ("Nghị định này có hiệu lực sau 45 ngày kể từ ngày ký ban hành.", "NGHỊ ĐỊNH", date(2026, 3, 1),
     (date(2026, 4, 15), "sau 45 ngày kể từ ngày ký ban hành", True)),
    ("Nghị quyết này có hiệu lực thi hành từ ngày được thông qua.", "NGHỊ QUYẾT", date(2025, 6, 16),
     (date(2025, 6, 16), "từ ngày được thông qua", True)),
    ("Hợp đồng này có hiệu lực kể từ ngày ký.", "THÔNG TƯ", date(2024, 1, 1), None),
]


@pytest.mark.parametrize(("sentence", "type_line", "signed", "expected"), EFFECTS)
def test_effect_clause(sentence: str, type_line: str, signed: date | None, expected: tuple | None) -> None:  # type: ignore[type-arg]
    date_line = f"Hà Nội, ngày {signed.day:02d} tháng {signed.month:02d} năm {signed.year}" if signed else "Hà Nội, ngày tháng năm 2026"
    text = f"BỘ TÀI CHÍNH\nSố: 12/2024/TT-BTC\n{date_line}\n{type_line}\nQuy định về phí\nĐiều 1. Hiệu lực thi hành\n{sentence}\n"
    doc, _ = _doc(text)
    effect = extract_effect(doc)
    if expected is None:
        assert effect is None
        return
    assert effect is not None
    assert (effect.date, effect.rule, effect.computed) == expected

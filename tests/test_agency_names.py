"""Where a body's name ends in running text (generator.agencies, `agency_spans(..., trim=True)`; domain.md §5).

Vietnamese capitalises only the first syllable of a name's words ("Sở Tài chính", "Ban Thi đua - Khen thưởng"), so
in "phối hợp với Công an tỉnh đồng thời tăng cường ..." nothing in the letters says that "đồng thời" is not part of
the name. A name that opens with a standard name of a provincial or district body ends there, with its place, when
lower-case words that are not part of it follow. Rows: the synthetic sentences of bench/corpus.py (which gave 999
one-duty "agencies" on 1,000 plans), and real ones from source_docs/ (seed in the comment) and corpus-extra, which
must stay as they were.
"""

from __future__ import annotations

import pytest

from generator.agencies import agency_spans, canonical_agency
from generator.extract.duties import extract_duties
from generator.models import Block, Document, Section
from generator.textutil import tone_style

from .factories import make_document

QN, DP = "Quảng Ngãi", "Đức Phổ"
UBND_QN = "Ủy ban nhân dân tỉnh Quảng Ngãi"

SPANS: list[tuple[str, tuple[str, ...]]] = [
    # synthetic (bench/corpus.py): a standard name, then the clause that follows it
    ("Công an tỉnh đồng thời", ("Công an tỉnh",)),
    ("Sở Y tế đổi mới", ("Sở Y tế",)),
    ("Sở Nội vụ thu hồi đất", ("Sở Nội vụ",)),
    ("Sở Tư pháp các nội dung Kế hoạch", ("Sở Tư pháp",)),
    ("Ban Thi đua - Khen thưởng tỉnh cán bộ", ("Ban Thi đua - Khen thưởng tỉnh",)),
    ("Sở Tài chính kiến nghị", ("Sở Tài chính",)),
    ("Văn phòng Ủy ban nhân dân tỉnh xác định những nhiệm vụ trọng tâm", ("Văn phòng Ủy ban nhân dân tỉnh",)),
    ("Đài Phát thanh - Truyền hình tỉnh các nội dung Kế hoạch", ("Đài Phát thanh - Truyền hình tỉnh",)),
    ("Sở Văn hóa, Thể thao và Du lịch kinh phí mở các lớp tập huấn", ("Sở Văn hóa, Thể thao và Du lịch",)),
    ("Sở Lao động - Thương binh và Xã hội góp phần ổn định tình hình", ("Sở Lao động - Thương binh và Xã hội",)),
    ("Sở Kế hoạch và Đầu tư giải quyết thỏa đáng", ("Sở Kế hoạch và Đầu tư",)),
    ("Ban Dân tộc tỉnh quá", ("Ban Dân tộc tỉnh",)),
    # spellings of the same names, and a place after the name
    ("Sở LĐ-TB&XH tỉnh đồng thời tiếp thu", ("Sở LĐ-TB&XH tỉnh",)),
    ("Đài PT-TH tỉnh kế thừa", ("Đài PT-TH tỉnh",)),
    ("Uỷ ban nhân dân thị xã Đức Phổ xem xét", ("Ủy ban nhân dân thị xã Đức Phổ",)),
    ("Báo Quảng Ngãi đồng thời", ("Báo Quảng Ngãi",)),
    ("Hội Liên hiệp Phụ nữ Việt Nam tỉnh đồng thời", ("Hội Liên hiệp Phụ nữ Việt Nam tỉnh",)),
    ("Báo cáo kết quả", ("Báo cáo kết quả",)),  # not a newspaper: nothing to cut (and no body)
    # real lists and names: unchanged
    ("Sở Nội vụ, Sở Tư pháp, Ban Dân tộc và Thanh tra tỉnh", ("Sở Nội vụ", "Sở Tư pháp", "Ban Dân tộc", "Thanh tra tỉnh")),  # 001
    ("Ban Tôn giáo, Sở Nội vụ", ("Ban Tôn giáo", "Sở Nội vụ")),  # 000
    ("Liên đoàn Lao động tỉnh", ("Liên đoàn Lao động tỉnh",)),  # 000
    ("Ban Dân vận cùng cấp", ("Ban Dân vận cùng cấp",)),  # 000
    ("Ban Dân Vận Tỉnh ủy, Ủy ban Mặt trận Tổ quốc", ("Ban Dân Vận Tỉnh ủy", "Ủy ban Mặt trận Tổ quốc")),  # 000
    ("Ủy ban nhân dân các huyện, thị xã, thành phố", ("Ủy ban nhân dân các huyện, thị xã, thành phố",)),  # 000
    ("UBND các xã, phường", ("UBND các xã, phường",)),  # 000
    ("Bộ chỉ huy Quân sự, Bộ chỉ huy Bộ đội Biên phòng, Công an tỉnh",
     ("Bộ chỉ huy Quân sự", "Bộ chỉ huy Bộ đội Biên phòng", "Công an tỉnh")),  # 001
    ("Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở các cấp",
     ("Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở các cấp",)),  # 000: not a standard name, left whole
    # a longer name after "và", words that belong to the name, damaged text (corpus-extra 1683): not cut
    ("Ban Dân tộc và Tôn giáo", ("Ban Dân tộc và Tôn giáo",)),
    ("Ủy ban nhân dân cấp huyện", ("Ủy ban nhân dân cấp huyện",)),
    ("Phòng Nội vụ thuộc UBND huyện", ("Phòng Nội vụ thuộc UBND huyện",)),
    ("Ủy ban nhân dân tỉnhThái Nguyên", ("Ủy ban nhân dân tỉnhThái Nguyên",)),
    ("Ban cán sự đảng Ủy ban nhân dân tỉnh", ("Ban cán sự đảng Ủy ban nhân dân tỉnh",)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names"), SPANS)
def test_running_text_names_end_with_the_standard_name(text: str, names: tuple[str, ...]) -> None:
    spans = agency_spans(text, trim=True)
    assert tuple(n for n, _, _ in spans) == names
    assert all(tone_style(text[s:e]) == n for n, s, e in spans)  # spans point at the name in the text


def test_titles_are_not_trimmed() -> None:
    """A section title must be a list of bodies as a whole (duties._heading): without `trim` nothing is cut."""
    assert agency_spans("Sở Y tế đổi mới") == (("Sở Y tế đổi mới", 0, 15),)


@pytest.mark.parametrize(
    "written",
    ["Công an tỉnh đồng thời", "Công an tỉnh quá", "Công an tỉnh các nội dung Kế hoạch", "Công an tỉnh cán bộ"],
)
def test_one_body_whatever_follows(written: str) -> None:
    ((name, _, _),) = agency_spans(written, trim=True)
    agency = canonical_agency(name, QN, issuer=UBND_QN)
    assert agency is not None and agency.id == "quang-ngai--cong-an" and agency.name == "Công an tỉnh"


# --- through the duty extractor -------------------------------------------------------------------


def _doc(*sections: Section, jurisdiction: str = QN, issuer: str = UBND_QN) -> Document:
    return make_document(type_code="KH", type_name="Kế hoạch", issuer=issuer, jurisdiction=jurisdiction, sections=sections)


def _agency(number: str, title: str, text: str) -> Section:
    """'III. Tổ chức thực hiện' with one numbered part: the agency heading `title` and one paragraph."""
    child = Section(f"muc-iii-khoan-{number}", "khoan", number, title, 1, (Block("paragraph", text, 1),), ())
    return Section("muc-iii", "muc", "III", "Tổ chức thực hiện", 1, (), (child,))


def _paragraph(text: str) -> Section:
    return Section("muc-iii", "muc", "III", "Tổ chức thực hiện", 1, (Block("paragraph", text, 1),), ())


DUTIES: list[tuple[Document, list[tuple[str, str]]]] = [
    # synthetic, the brief's own example
    (_doc(_paragraph(
        "Giao Ban Dân tộc tỉnh chủ trì, phối hợp với Công an tỉnh đồng thời tăng cường và đổi mới công tác dân vận của "
        "các cơ quan hành chính Nhà nước, chính quyền các cấp.")),
     [("Ban Dân tộc tỉnh", "lead"), ("Công an tỉnh", "support")]),
    # synthetic plans (bench/corpus.py): "Chủ trì, phối hợp với {other} {clause}" under an agency heading
    (_doc(_agency("1", "Sở Y tế", "Chủ trì, phối hợp với Sở Nội vụ thu hồi đất, hỗ trợ, bồi thường trong giải phóng mặt bằng.")),
     [("Sở Y tế", "lead"), ("Sở Nội vụ", "support")]),
    (_doc(_agency("2", "Thanh tra tỉnh",
        "Chủ trì, phối hợp với Sở Tư pháp các nội dung Kế hoạch được xây dựng triển khai phải phù hợp với thực tế, "
        "thiết thực và hiệu quả.")),
     [("Thanh tra tỉnh", "lead"), ("Sở Tư pháp", "support")]),
    (_doc(_agency("3", "Sở Nội vụ",
        "Chủ trì, phối hợp với Ban Thi đua - Khen thưởng tỉnh cán bộ, công chức, viên chức phải nêu gương trong thực "
        "hiện công tác dân vận, nhất là người đứng đầu cấp ủy, chính quyền, tạo được sự đồng thuận trong xã hội.")),
     [("Sở Nội vụ", "lead"), ("Ban Thi đua - Khen thưởng tỉnh", "support")]),
    (_doc(_agency("4", "Sở Giáo dục và Đào tạo",
        "Chủ trì, phối hợp với Sở Tài chính kiến nghị, đề xuất các giải pháp thực hiện tốt công tác dân vận của cơ "
        "quan, đơn vị, địa phương; Thời gian thực hiện: Cả năm 2023.")),
     [("Sở Giáo dục và Đào tạo", "lead"), ("Sở Tài chính", "support")]),
    (_doc(_agency("5", "Công an tỉnh",
        "Chủ trì, phối hợp với Văn phòng Ủy ban nhân dân tỉnh xác định những nhiệm vụ trọng tâm, nội dung chủ yếu, "
        "biện pháp lãnh đạo, chỉ đạo nâng cao hiệu quả thực hiện Quy chế dân chủ ở cơ sở.")),
     [("Công an tỉnh", "lead"), ("Văn phòng Ủy ban nhân dân tỉnh", "support")]),
    (_doc(_agency("6", "Sở Tư pháp",
        "Chủ trì, phối hợp với Sở Y tế đổi mới, nâng cao hiệu quả công tác dân vận chính quyền trong tình hình mới của "
        "cơ quan nhà nước, chính quyền các cấp.")),
     [("Sở Tư pháp", "lead"), ("Sở Y tế", "support")]),
    # seed 000, plan 53: real sentences, unchanged
    (_doc(_agency("4", "Sở Lao động, Thương binh và Xã hội",
        "Chủ trì, phối hợp với Liên đoàn Lao động tỉnh tiếp tục tuyên truyền, phổ biến, hướng dẫn và kiểm tra việc "
        "triển khai thực hiện Nghị định 145/2020/NĐ-CP ngày 14/12/2020 của Chính phủ.")),
     [("Sở Lao động, Thương binh và Xã hội", "lead"), ("Liên đoàn Lao động tỉnh", "support")]),
    (_doc(_agency("5", "Ban Dân tộc",
        "Chủ trì, phối hợp với Ban Tôn giáo, Sở Nội vụ theo dõi, đôn đốc, tập trung triển khai tốt nội dung công việc "
        "của ngành.")),
     [("Ban Dân tộc", "lead"), ("Ban Tôn giáo", "support"), ("Sở Nội vụ", "support")]),
    # seed 000, công văn 560/UBND of thị xã Đức Phổ
    (_doc(_paragraph(
        "Giao Cơ quan Tổ chức - Nội vụ chủ trì, phối hợp với UBND các xã, phường và các cơ quan, đơn vị liên quan tham "
        "mưu UBND thị xã triển khai thực hiện các nội dung chỉ đạo tại Kế hoạch số 53/KH-UBND ngày 23/3/2022 của UBND "
        "tỉnh Quảng Ngãi."), jurisdiction=DP, issuer="UBND thị xã Đức Phổ"),
     [("Cơ quan Tổ chức - Nội vụ", "lead"), ("UBND các xã, phường", "support")]),
]  # fmt: skip


@pytest.mark.parametrize(("document", "expected"), DUTIES)
def test_duties_name_the_body_only(document: Document, expected: list[tuple[str, str]]) -> None:
    assert [(d.agency, d.role) for d in extract_duties(document)] == expected

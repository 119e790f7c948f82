"""Duty extraction (generator.extract.duties), domain.md §5.

Documents are built by hand from sentences copied from source_docs/*.txt (seed number in the comment of each row),
shaped as the parser shapes them: "III. Tổ chức thực hiện" is a Section of kind "muc", "8. Sở Nội vụ" a Section of
kind "khoan" whose title is the agency, paragraphs and "-" lines are Blocks. The last tests run the real pipeline over
source_docs/.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.agencies import canonical_agency
from generator.extract.duties import extract_duties
from generator.models import Block, Deadline, Document, Duty, Place, Section

from .complexity import assert_linear
from .factories import make_document

ROOT = Path(__file__).resolve().parent.parent
QN, LC, BD, DP = "Quảng Ngãi", "Lào Cai", "Bình Định", "Đức Phổ"
UBND_QN = "Ủy ban nhân dân tỉnh Quảng Ngãi"
BCD = "Ban Chỉ đạo tỉnh về thực hiện Quy chế dân chủ ở cơ sở"


def p(text: str) -> Block:
    return Block("paragraph", text, 1)


def b(text: str) -> Block:
    return Block("bullet", text, 1, marker="-")


def sec(anchor: str, title: str, *blocks: Block, children: tuple[Section, ...] = ()) -> Section:
    kind = {"muc": "muc", "khoan": "khoan", "diem": "diem"}[anchor.rsplit("-", 2)[-2]]
    return Section(anchor, kind, anchor.rsplit("-", 1)[-1], title, 1, tuple(blocks), children)


def doc(
    *sections: Section, preamble: tuple[Block, ...] = (), jurisdiction: str | None = QN, issuer: str | None = UBND_QN
) -> Document:
    return make_document(
        type_code="KH", type_name="Kế hoạch", issuer=issuer, jurisdiction=jurisdiction, preamble=preamble, sections=sections
    )


def tdth(*children: Section, label: str = "iii") -> Section:
    """The "Tổ chức thực hiện" part of a plan."""
    return sec(f"muc-{label}", "Tổ chức thực hiện", children=children)


Row = tuple[str, str, str, int]  # agency as written, role, section anchor, block index


def rows(duties: tuple[Duty, ...]) -> list[Row]:
    return [(d.agency, d.role, d.place.section, d.place.block) for d in duties]


# --- the forms, one row each ------------------------------------------------------------------------

FORMS: list[tuple[Document, list[Row]]] = [
    # seed 000, plan 53 "7. Sở Tài chính": an agency heading, one paragraph
    (
        doc(tdth(sec("muc-iii-khoan-7", "Sở Tài chính", p(
            "Bố trí kinh phí đảm bảo triển khai thực hiện quy chế dân chủ ở cơ sở và công tác dân vận chính quyền trong "
            "dự toán kinh phí hàng năm của các cơ quan, đơn vị; kinh phí mở các lớp tập huấn, bồi dưỡng kiến thức, kỹ "
            "năng về dân vận chính quyền; hướng dẫn sử dụng, quyết toán kinh phí.")))),
        [("Sở Tài chính", "assigned", "muc-iii-khoan-7", 0)],
    ),
    # seed 000, plan 53 "6. Đài Phát thanh và Truyền hình tỉnh, Báo Quảng Ngãi": two agencies, two blocks, "(qua Sở Nội vụ)"
    (
        doc(tdth(sec("muc-iii-khoan-6", "Đài Phát thanh và Truyền hình tỉnh, Báo Quảng Ngãi",
            p("Tăng cường mở chuyên trang, chuyên mục về công tác dân vận chính quyền; thường xuyên thông tin, tuyên "
              "truyền về công tác dân vận chính quyền, tập trung vào triển khai và thực hiện Quy chế dân chủ ở cơ sở; "
              "đồng thời báo cáo kết quả thực hiện số lượng tin, bài về Ủy ban nhân dân tỉnh (qua Sở Nội vụ)."),
            p("Chủ động, kịp thời phát hiện nhân tố mới trong xây dựng, nhân rộng mô hình “Dân vận khéo” để tuyên "
              "truyền nhằm tạo sự lan tỏa đến các cơ quan, đơn vị, địa phương.")))),
        [
            ("Đài Phát thanh và Truyền hình tỉnh", "assigned", "muc-iii-khoan-6", 0),
            ("Báo Quảng Ngãi", "assigned", "muc-iii-khoan-6", 0),
            ("Sở Nội vụ", "collect", "muc-iii-khoan-6", 0),
            ("Đài Phát thanh và Truyền hình tỉnh", "assigned", "muc-iii-khoan-6", 1),
            ("Báo Quảng Ngãi", "assigned", "muc-iii-khoan-6", 1),
        ],
    ),
    # seed 000, plan 53 "5. Ban Dân tộc": "Chủ trì, phối hợp với Y" opens the block
    (
        doc(tdth(sec("muc-iii-khoan-5", "Ban Dân tộc", p(
            "Chủ trì, phối hợp với Ban Tôn giáo, Sở Nội vụ theo dõi, đôn đốc, tập trung triển khai tốt nội dung công "
            "việc của ngành và xây dựng kế hoạch kiểm tra việc thực hiện công tác dân vận chính quyền ở vùng đồng bào "
            "dân tộc thiểu số, công tác dân vận trong đồng bào tôn giáo; thực hiện chế độ báo cáo định kỳ theo quy định.")))),
        [
            ("Ban Dân tộc", "lead", "muc-iii-khoan-5", 0),
            ("Ban Tôn giáo", "support", "muc-iii-khoan-5", 0),
            ("Sở Nội vụ", "support", "muc-iii-khoan-5", 0),
        ],
    ),
    # seed 000, plan 53 "8. Sở Nội vụ": "Phối hợp với ..." and "Chỉ đạo Y ..." open blocks; "Yêu cầu ..." is the closing
    (
        doc(tdth(sec("muc-iii-khoan-8", "Sở Nội vụ",
            p("Phối hợp với Ban Dân vận Tỉnh ủy tổ chức chấm điểm, đánh giá, xếp loại kết quả thực hiện công tác dân "
              "vận chính quyền, làm cơ sở để xem xét đánh giá thi đua của cơ quan, đơn vị, địa phương vào dịp tổng kết "
              "công tác thi đua, khen thưởng."),
            p("Chỉ đạo Ban Tôn giáo xây dựng và triển khai thực hiện kế hoạch phối hợp với Ban Dân vận Tỉnh ủy về các "
              "nội dung công việc của ngành liên quan đến công tác dân vận."),
            p("Yêu cầu Thủ trưởng các cơ quan, đơn vị, địa phương nghiêm túc triển khai thực hiện. Trong quá trình "
              "triển khai thực hiện, nếu có phát sinh vướng mắc cần sửa đổi, bổ sung những nội dung của Kế hoạch, kịp "
              "thời phản ánh về Sở Nội vụ để tổng hợp, báo cáo Ủy ban Nhân dân tỉnh xem xét, quyết định./.")))),
        [
            ("Sở Nội vụ", "support", "muc-iii-khoan-8", 0),
            ("Sở Nội vụ", "direct", "muc-iii-khoan-8", 1),
            ("Ban Tôn giáo", "assigned", "muc-iii-khoan-8", 1),
            ("Sở Nội vụ", "collect", "muc-iii-khoan-8", 2),
        ],
    ),
    # seed 001, Lào Cai "1. Sở Nội vụ:": "Tham mưu ..." bullets advise, the third bullet is a plain duty
    (
        doc(tdth(sec("muc-iv-khoan-1", "Sở Nội vụ",
            b("Tham mưu giúp UBND tỉnh theo dõi, kiểm tra, đôn đốc việc thực hiện công tác dân vận chính quyền ở các "
              "cơ quan, đơn vị, địa phương."),
            b("Tham mưu xây dựng kế hoạch kiểm tra công tác Dân vận chính quyền (mời Ban Dân vận Tỉnh ủy tham gia khi "
              "tổ chức đoàn kiểm tra)."),
            b("Hướng dẫn việc sơ kết, tổng kết, thi đua khen thưởng trong công tác dân vận chính quyền ở các cơ quan, "
              "đơn vị, địa phương; đồng thời tổng hợp, tham mưu giúp Ủy ban nhân dân tỉnh xây dựng báo cáo 06 tháng, "
              "hàng năm và tổng kết 05 năm thực hiện công tác dân vận chính quyền trên địa bàn tỉnh.")), label="iv"),
            jurisdiction=LC, issuer="Ủy ban nhân dân tỉnh Lào Cai"),
        [
            ("Sở Nội vụ", "advise", "muc-iv-khoan-1", 0),
            ("Sở Nội vụ", "advise", "muc-iv-khoan-1", 1),
            ("Sở Nội vụ", "assigned", "muc-iv-khoan-1", 2),
        ],
    ),
    # seed 001 "9. Đề nghị Ban Dân vận Tỉnh ủy": requested; the closing "Trên đây là ..." is no duty
    (
        doc(tdth(sec("muc-iv-khoan-9", "Đề nghị Ban Dân vận Tỉnh ủy",
            b("Chỉ đạo Ban Dân vận các huyện ủy, thành ủy phối hợp với Ủy ban nhân dân cùng cấp thực hiện đảm bảo kế "
              "hoạch này."),
            b("Tham dự các đoàn kiểm tra do sở, ngành, địa phương chủ trì mời để giám sát, phối hợp theo dõi, đánh "
              "giá kết quả thực hiện công tác dân vận chính quyền giai đoạn 2022 - 2026."),
            p("Trên đây là Kế hoạch triển khai thực hiện công tác dân vận chính quyền giai đoạn 2022-2026, UBND tỉnh "
              "yêu cầu các cơ quan, đơn vị, địa phương nghiêm túc triển khai thực hiện./.")), label="iv"),
            jurisdiction=LC, issuer="Ủy ban nhân dân tỉnh Lào Cai"),
        [
            ("Ban Dân vận Tỉnh ủy", "requested", "muc-iv-khoan-9", 0),
            ("Ban Dân vận Tỉnh ủy", "requested", "muc-iv-khoan-9", 1),
        ],
    ),
    # seed 001 "2. Sở Thông tin - Truyền thông, Đài Phát thanh - Truyền hình tỉnh:" (title with its colon)
    (
        doc(tdth(sec("muc-iv-khoan-2", "Sở Thông tin - Truyền thông, Đài Phát thanh - Truyền hình tỉnh:", p(
            "Có kế hoạch tổ chức tuyên truyền chủ trương của Đảng, các văn bản của Nhà nước về công tác dân vận chính "
            "quyền; kịp thời đưa tin, bài về những tổ chức, cá nhân thực hiện tốt công tác dân vận chính quyền.")),
            label="iv"), jurisdiction=LC, issuer="Ủy ban nhân dân tỉnh Lào Cai"),
        [
            ("Sở Thông tin - Truyền thông", "assigned", "muc-iv-khoan-2", 0),
            ("Đài Phát thanh - Truyền hình tỉnh", "assigned", "muc-iv-khoan-2", 0),
        ],
    ),
    # seed 002, Bình Định "1. Sở Nội vụ" with điểm a), b): the heading covers its subsections
    (
        doc(tdth(sec("muc-iii-khoan-1", "Sở Nội vụ", children=(
            sec("muc-iii-khoan-1-diem-a", "", p(
                "Thường xuyên theo dõi, đôn đốc các cơ quan, đơn vị, địa phương xây dựng kế hoạch tổ chức thực hiện, "
                "đảm bảo đầy đủ, hiệu quả theo Kế hoạch này.")),
            sec("muc-iii-khoan-1-diem-b", "", p(
                "Xây dựng kế hoạch kiểm tra việc thực hiện công tác dân vận chính quyền tại các cơ quan, đơn vị, địa "
                "phương theo quy định.")),
        ))), jurisdiction=BD, issuer="Ủy ban nhân dân tỉnh Bình Định"),
        [
            ("Sở Nội vụ", "assigned", "muc-iii-khoan-1-diem-a", 0),
            ("Sở Nội vụ", "assigned", "muc-iii-khoan-1-diem-b", 0),
        ],
    ),
    # seed 000, công văn 560 (preamble): "Giao X chủ trì, phối hợp với Y ..." and "Yêu cầu X ..."
    (
        doc(preamble=(
            p("Giao Cơ quan Tổ chức - Nội vụ chủ trì, phối hợp với UBND các xã, phường và các cơ quan, đơn vị liên "
              "quan tham mưu UBND thị xã triển khai thực hiện các nội dung chỉ đạo tại Kế hoạch số 53/KH-UBND ngày "
              "23/3/2022 của UBND tỉnh Quảng Ngãi. Thời gian hoàn thành các nhiệm vụ theo đúng quy định tại khoản 1, "
              "Mục III Kế hoạch số 53/KH-UBND của UBND tỉnh."),
            p("Yêu cầu Cơ quan Tổ chức - Nội vụ khẩn trương triển khai thực hiện./."),
        ), jurisdiction=DP, issuer="Ủy ban nhân dân thị xã Đức Phổ"),
        [
            ("Cơ quan Tổ chức - Nội vụ", "lead", "", 0),
            ("UBND các xã, phường", "support", "", 0),
            ("Cơ quan Tổ chức - Nội vụ", "assigned", "", 1),
        ],
    ),
    # seed 004, Sở Nội vụ's own plan, III.3: "Giao X ..." without chủ trì right after it
    (
        doc(tdth(sec("muc-iii-khoan-3", "", p(
            "Giao Văn phòng Sở theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch này; chủ trì, phối hợp với các "
            "phòng, đơn vị tổng hợp báo cáo kết quả thực hiện theo đúng thời gian quy định."))), issuer="Sở Nội vụ"),
        [("Văn phòng Sở", "assigned", "muc-iii-khoan-3", 0)],
    ),
    # seed 002, the clause of its closing sentence that asks: "đề nghị X ..." (requested)
    (
        doc(tdth(sec("muc-iii-khoan-2", "", p(
            "đề nghị Thủ trưởng các sở, ban, ngành thuộc tỉnh và Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố "
            "nghiêm túc triển khai thực hiện."))), jurisdiction=BD, issuer="Ủy ban nhân dân tỉnh Bình Định"),
        [
            ("Thủ trưởng các sở, ban, ngành thuộc tỉnh", "requested", "muc-iii-khoan-2", 0),
            ("Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố", "requested", "muc-iii-khoan-2", 0),
        ],
    ),
    # seed 000, plan 53 II.4: "Đối với X ...; đối với Y ..." and "(*qua Sở Nội vụ*)" with the emphasis kept
    (
        doc(sec("muc-ii", "Nội dung thực hiện", children=(sec("muc-ii-khoan-4", "", p(
            "Đối với Ủy ban nhân dân các huyện, thị xã, thành phố phối hợp với Ban Dân vận cùng cấp xây dựng kế hoạch "
            "phối hợp thực hiện công tác dân vận năm 2022 và kế hoạch thực hiện quy chế dân chủ ở cơ sở năm 2022; đối "
            "với các Sở, ban ngành tỉnh chủ động xây dựng kế hoạch triển khai thực hiện quy chế dân chủ ở cơ sở và công "
            "tác dân vận phù hợp với từng lĩnh vực, chuyên môn của cơ quan, đơn vị, địa phương mình quản lý. Hoàn thành "
            "và gửi kế hoạch về Ủy ban nhân dân tỉnh (*qua Sở Nội vụ*) *trước ngày 30/3/2022*.")),))),
        [
            ("Ủy ban nhân dân các huyện, thị xã, thành phố", "assigned", "muc-ii-khoan-4", 0),
            ("các Sở, ban ngành tỉnh", "assigned", "muc-ii-khoan-4", 0),
            ("Sở Nội vụ", "collect", "muc-ii-khoan-4", 0),
        ],
    ),
    # seed 000, plan 53 II.8: "X chỉ đạo Y ..." opens the block (X direct, Y assigned)
    (
        doc(sec("muc-ii", "Nội dung thực hiện", children=(sec("muc-ii-khoan-8", "", p(
            "Ủy ban nhân dân các huyện, thị xã, thành phố chỉ đạo Ủy ban nhân dân các xã, phường, thị trấn tiếp tục "
            "thực hiện dân chủ ở cơ sở và công tác dân vận ở địa phương.")),))),
        [
            ("Ủy ban nhân dân các huyện, thị xã, thành phố", "direct", "muc-ii-khoan-8", 0),
            ("Ủy ban nhân dân các xã, phường, thị trấn", "assigned", "muc-ii-khoan-8", 0),
        ],
    ),
    # seed 000, plan 53 II.9: a body's name opens the block ("Các sở, ban ngành thường xuyên ...")
    (
        doc(sec("muc-ii", "Nội dung thực hiện", children=(sec("muc-ii-khoan-9", "", p(
            "Các sở, ban ngành thường xuyên phối hợp với Ban Dân Vận Tỉnh ủy, Ủy ban Mặt trận Tổ quốc, các tổ chức "
            "chính trị xã hội theo dõi, nắm bắt tình hình, nguyện vọng chính đáng của Nhân dân; định kỳ hàng quý báo "
            "cáo Ủy ban nhân dân tỉnh (qua Sở Nội vụ) để theo dõi, chỉ đạo.")),))),
        [
            ("Các sở, ban ngành", "assigned", "muc-ii-khoan-9", 0),
            ("Sở Nội vụ", "collect", "muc-ii-khoan-9", 0),
        ],
    ),
    # seed 000, plan 53 III.1: "X có trách nhiệm" and the bullets that follow; then "X chỉ đạo, hướng dẫn Y"
    (
        doc(tdth(sec("muc-iii-khoan-1", "",
            p("Trên cơ sở những nội dung công việc chủ yếu trong Kế hoạch này, căn cứ chức năng, nhiệm vụ đã được "
              "phân công, Thủ trưởng các Sở, ban ngành tỉnh, Chủ tịch Ủy ban Nhân dân các huyện, thị xã, thành phố có "
              "trách nhiệm"),
            b("Chủ động rà soát các tiêu chí đánh giá công tác dân vận chính quyền, tự tổ chức đánh giá, chấm điểm kết "
              "quả thực hiện công tác dân vận chính quyền năm 2022 theo quy định tại Quyết định số 436/QĐ-UBND ngày "
              "11/6/2019 của UBND tỉnh và gửi hồ sơ minh chứng, kèm theo báo cáo giải trình về UBND tỉnh (qua Sở Nội "
              "vụ) trước ngày 01/11/2022."),
            b("Thực hiện rà soát việc phân công phụ trách công tác dân vận theo đúng quy định tại Quyết định số "
              "396-QĐ/TU ngày 29/10/2021 của Ban Thường vụ Tỉnh ủy về việc ban hành Quy chế công tác dân vận của hệ "
              "thống chính trị tỉnh Quảng Ngãi."),
            p("Ủy ban nhân dân tỉnh các huyện, thị xã, thành phố chỉ đạo, hướng dẫn Ủy ban nhân dân các xã, phường, "
              "thị trấn trên địa bàn tổ chức triển khai thực hiện tốt các nội dung tại Kế hoạch này.")))),
        [
            ("Thủ trưởng các Sở, ban ngành tỉnh", "assigned", "muc-iii-khoan-1", 1),
            ("Chủ tịch Ủy ban Nhân dân các huyện, thị xã, thành phố", "assigned", "muc-iii-khoan-1", 1),
            ("Sở Nội vụ", "collect", "muc-iii-khoan-1", 1),
            ("Thủ trưởng các Sở, ban ngành tỉnh", "assigned", "muc-iii-khoan-1", 2),
            ("Chủ tịch Ủy ban Nhân dân các huyện, thị xã, thành phố", "assigned", "muc-iii-khoan-1", 2),
            ("Ủy ban nhân dân tỉnh các huyện, thị xã, thành phố", "direct", "muc-iii-khoan-1", 3),
            ("Ủy ban nhân dân các xã, phường, thị trấn", "assigned", "muc-iii-khoan-1", 3),
        ],
    ),
    # seed 003, item 4: the triple, asterisks already stripped by the normaliser
    (
        doc(sec("muc-ii", "Nội dung công việc, phân công nhiệm vụ, thời gian thực hiện", children=(sec("muc-ii-khoan-4", "",
            p("Nghiên cứu, sửa đổi, bổ sung và hoàn chỉnh, ban hành Bảng tiêu chí đánh giá kết quả hoạt động và xếp "
              "loại của Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở các huyện ủy, thị ủy, thành ủy, đảng ủy trực "
              "thuộc Tỉnh ủy."),
            b("Chỉ đạo thực hiện: Đồng chí Trưởng Ban Chỉ đạo tỉnh."),
            b("Tham mưu thực hiện: Ban Dân vận Tỉnh ủy; các đồng chí Ủy viên Ban Chỉ đạo tỉnh."),
            b("Thời gian thực hiện: Quý I/2022.")),)), jurisdiction=None, issuer=BCD),
        [
            ("Đồng chí Trưởng Ban Chỉ đạo tỉnh", "direct", "muc-ii-khoan-4", 1),
            ("Ban Dân vận Tỉnh ủy", "advise", "muc-ii-khoan-4", 2),
            ("các đồng chí Ủy viên Ban Chỉ đạo tỉnh", "advise", "muc-ii-khoan-4", 2),
        ],
    ),
    # seed 003, item 11 as written in the file: "- *Chỉ đạo thực hiện*: ..." (emphasis not stripped)
    (
        doc(sec("muc-ii", "Nội dung công việc", children=(sec("muc-ii-khoan-11", "",
            p("Triển khai thực hiện Nghị định số 145/2020/NĐ-CP ngày 14/12/2020 của Chính phủ về quy định chi tiết và "
              "hướng dẫn thi hành một số điều của Bộ Luật Lao động về điều kiện lao động và quan hệ lao động."),
            b("*Chỉ đạo thực hiện*: Các đồng chí Phó Trưởng Ban Chỉ đạo tỉnh."),
            b("*Tham mưu, thực hiện*: Các đồng chí Ủy viên Ban Chỉ đạo tỉnh là đại diện lãnh đạo các cơ quan: Liên "
              "đoàn Lao động tỉnh; Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh; Sở Lao động - Thương binh và Xã hội."),
            b("*Thời gian thực hiện*: Cả năm 2022.")),)), jurisdiction=None, issuer=BCD),
        [
            ("Các đồng chí Phó Trưởng Ban Chỉ đạo tỉnh", "direct", "muc-ii-khoan-11", 1),
            ("Liên đoàn Lao động tỉnh", "advise", "muc-ii-khoan-11", 2),
            ("Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh", "advise", "muc-ii-khoan-11", 2),
            ("Sở Lao động - Thương binh và Xã hội", "advise", "muc-ii-khoan-11", 2),
        ],
    ),
    # seed 003, item 6: two roles written without their body, "Chỉ đạo thực hiện" with "và"
    (
        doc(sec("muc-ii", "Nội dung công việc", children=(sec("muc-ii-khoan-6", "",
            p("Xây dựng và triển khai thực hiện có hiệu quả Đề án nâng cao chất lượng, hiệu quả hoạt động của Ban thanh "
              "tra nhân dân, Ban giám sát đầu tư cộng đồng."),
            b("Chỉ đạo thực hiện: Đồng chí Trưởng Ban và đồng chí Phó Trưởng Ban Thường trực.")),)),
            jurisdiction=None, issuer=BCD),
        [
            ("Đồng chí Trưởng Ban", "direct", "muc-ii-khoan-6", 1),
            ("đồng chí Phó Trưởng Ban Thường trực", "direct", "muc-ii-khoan-6", 1),
        ],
    ),
    # seed 004, III.2: "(qua Văn phòng Sở)"; the heads of the Sở's own rooms are no agencies
    (
        doc(tdth(sec("muc-iii-khoan-2", "", p(
            "Trưởng các phòng thuộc Sở, Trưởng các đơn vị trực thuộc Sở căn cứ Kế hoạch này tùy theo tình hình, đặc "
            "điểm của đơn vị mình, xây dựng Kế hoạch chi tiết. Định kỳ tổ chức sơ kết, tổng kết, báo cáo kết quả thực "
            "hiện 06 tháng, hàng năm về Sở (qua Văn phòng Sở); báo cáo 6 tháng đầu năm gửi trước ngày 10/6, báo cáo năm "
            "gửi trước ngày 10/11 hàng năm."))), issuer="Sở Nội vụ"),
        [("Văn phòng Sở", "collect", "muc-iii-khoan-2", 0)],
    ),
    # seed 000, plan 53 I.1 and seed 002's closing sentence: no duty at all
    (
        doc(sec("muc-i", "Mục đích, yêu cầu", children=(sec("muc-i-khoan-1", "", p(
            "Tăng cường công tác lãnh đạo, chỉ đạo và triển khai thực hiện thắng lợi các mục tiêu, chỉ tiêu tại Kết "
            "luận số 707-KL/TU ngày 10/12/2021 của Hội nghị Tỉnh ủy lần thứ 06 (khóa XX) về tình hình thực hiện nhiệm "
            "vụ năm 2021."), p(
            "Trên đây là Kế hoạch triển khai thực hiện công tác dân vận chính quyền năm 2023, đề nghị Thủ trưởng các sở, "
            "ban, ngành thuộc tỉnh và Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố nghiêm túc triển khai thực "
            "hiện.")),))),
        [],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("document", "expected"), FORMS)
def test_forms(document: Document, expected: list[Row]) -> None:
    assert rows(extract_duties(document)) == expected


# --- texts, places and deadlines -------------------------------------------------------------------


def test_inline_place_is_the_name() -> None:
    # seed 000, công văn 560
    text = (
        "Giao Cơ quan Tổ chức - Nội vụ chủ trì, phối hợp với UBND các xã, phường và các cơ quan, đơn vị liên quan "
        "tham mưu UBND thị xã triển khai thực hiện các nội dung chỉ đạo tại Kế hoạch số 53/KH-UBND ngày 23/3/2022 của "
        "UBND tỉnh Quảng Ngãi."
    )
    duties = extract_duties(
        doc(preamble=(Block("paragraph", text, 21),), jurisdiction=DP, issuer="Ủy ban nhân dân thị xã Đức Phổ")
    )
    assert [text[d.place.start : d.place.end] for d in duties] == ["Cơ quan Tổ chức - Nội vụ", "UBND các xã, phường"]
    assert all(d.text == text and d.place.line == 21 for d in duties)


def _deadline(anchor: str, block: int, start: int, text: str, when: date | None, kind: str = "day") -> Deadline:
    return Deadline(when, kind, None, (), text, Place(anchor, block, start, start + len(text), 1))


def test_deadlines_of_the_same_block() -> None:
    # seed 001 "8. Các sở, ban, ngành, ..." third bullet; a deadline of another block must not be taken
    bullet = (
        "Định kỳ 06 tháng (trước ngày 10 tháng 6 hằng năm), 01 năm (trước ngày 05 tháng 12 hằng năm) báo cáo Ủy ban "
        "nhân dân tỉnh (qua Sở Nội vụ) về tình hình và kết quả triển khai thực hiện công tác dân vận chính quyền để "
        "tổng hợp báo cáo cấp có thẩm quyền theo quy định."
    )
    document = doc(
        tdth(sec("muc-iv-khoan-8", "Các sở, ban, ngành, cơ quan thuộc UBND tỉnh, UBND các huyện, thành phố, thị xã",
            b("Xây dựng kế hoạch kiểm tra việc thực hiện công tác dân vận chính quyền tại cơ quan, đơn vị và địa phương."),
            b(bullet)), label="iv"),
        jurisdiction=LC, issuer="Ủy ban nhân dân tỉnh Lào Cai",
    )  # fmt: skip
    deadlines = (
        _deadline("muc-iv-khoan-8", 1, 17, "trước ngày 10 tháng 6 hằng năm", None, "recurring"),
        _deadline("muc-iv-khoan-8", 1, 59, "trước ngày 05 tháng 12 hằng năm", None, "recurring"),
        _deadline("muc-iv-khoan-7", 1, 0, "Cả năm 2022", date(2022, 12, 31), "year"),
    )
    duties = extract_duties(document, deadlines)
    assert [(d.agency, d.role, d.place.block, d.deadlines) for d in duties] == [
        ("Các sở, ban, ngành, cơ quan thuộc UBND tỉnh", "assigned", 0, ()),
        ("UBND các huyện, thành phố, thị xã", "assigned", 0, ()),
        ("Các sở, ban, ngành, cơ quan thuộc UBND tỉnh", "assigned", 1, (0, 1)),
        ("UBND các huyện, thành phố, thị xã", "assigned", 1, (0, 1)),
        ("Sở Nội vụ", "collect", 1, (0, 1)),
    ]
    assert duties[2].text == bullet


def test_triple_takes_the_task_text_and_its_time_line() -> None:
    # seed 003, item 13
    task = (
        "Tổ chức kiểm tra việc thực hiện các văn bản của Trung ương, của tỉnh về thực hiện Quy chế dân chủ ở cơ sở tại "
        "03 cơ quan, địa phương, đơn vị trên địa bàn tỉnh, tập trung kiểm tra việc thực hiện Quy chế dân chủ trong các "
        "doanh nghiệp theo Nghị định số 145/2020/NĐ-CP ngày 14/12/2020 của Chính phủ."
    )
    section = sec(
        "muc-ii-khoan-13", "", p(task),
        b("Chỉ đạo thực hiện: Đồng chí Phó Trưởng ban Thường trực Ban Chỉ đạo tỉnh."),
        b("Tham mưu, thực hiện: Các đồng chí Ủy viên Ban Chỉ đạo tỉnh; Tổ Giúp việc Ban Chỉ đạo tỉnh."),
        b("Thời gian thực hiện: Quý III/2022."),
    )  # fmt: skip
    deadlines = (
        _deadline("muc-ii-khoan-12", 3, 21, "Cả năm 2022", date(2022, 12, 31), "year"),
        _deadline("muc-ii-khoan-13", 3, 21, "Quý III/2022", date(2022, 9, 30), "quarter"),
    )
    duties = extract_duties(doc(sec("muc-ii", "Nội dung", children=(section,)), jurisdiction=None, issuer=BCD), deadlines)
    assert [(d.agency, d.role, d.deadlines) for d in duties] == [
        ("Đồng chí Phó Trưởng ban Thường trực Ban Chỉ đạo tỉnh", "direct", (1,)),
        ("Các đồng chí Ủy viên Ban Chỉ đạo tỉnh", "advise", (1,)),
        ("Tổ Giúp việc Ban Chỉ đạo tỉnh", "advise", (1,)),
    ]
    assert {d.text for d in duties} == {task}
    label = section.blocks[2].text
    assert label[duties[2].place.start : duties[2].place.end] == "Tổ Giúp việc Ban Chỉ đạo tỉnh"


def test_table_rows() -> None:
    # A task table with the columns named in domain.md §4, rows built from seed 003 item 4 and seed 000 III.4
    header = ("TT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")
    row1 = (
        "1",
        "Nghiên cứu, sửa đổi, bổ sung và hoàn chỉnh, ban hành Bảng tiêu chí đánh giá kết quả hoạt động",
        "Ban Dân vận Tỉnh ủy",
        "Sở Nội vụ<br>Thanh tra tỉnh",
        "Quý I/2022",
    )
    row2 = ("2", "Tuyên truyền, phổ biến, hướng dẫn và kiểm tra việc triển khai thực hiện Nghị định 145/2020/NĐ-CP",
            "Sở Lao động, Thương binh và Xã hội", "Liên đoàn Lao động tỉnh", "Cả năm 2022")  # fmt: skip
    table = Block("table", "", 40, rows=(header, row1, row2))
    # offsets as extract_deadlines computes them: cells joined by " | ", rows by a newline
    row1_start = len(" | ".join(header)) + 1
    row2_start = row1_start + len(" | ".join(row1)) + 1
    deadlines = (
        _deadline("muc-iii", 0, row1_start + len(" | ".join(row1[:4])) + 3, "Quý I/2022", date(2022, 3, 31), "quarter"),
        _deadline("muc-iii", 0, row2_start + len(" | ".join(row2[:4])) + 3, "Cả năm 2022", date(2022, 12, 31), "year"),
    )
    duties = extract_duties(doc(sec("muc-iii", "Tổ chức thực hiện", table)), deadlines)
    assert [(d.agency, d.role, d.text, d.deadlines) for d in duties] == [
        ("Ban Dân vận Tỉnh ủy", "lead", row1[1], (0,)),
        ("Sở Nội vụ", "support", row1[1], (0,)),
        ("Thanh tra tỉnh", "support", row1[1], (0,)),
        ("Sở Lao động, Thương binh và Xã hội", "lead", row2[1], (1,)),
        ("Liên đoàn Lao động tỉnh", "support", row2[1], (1,)),
    ]


def hostile_duties(k: int) -> Document:
    """A khoản whose paragraph and bullet name 2k agencies, k collectives and 2k/3 open brackets (at k = 300: the
    input `python -m bench.hostile` times)."""
    hostile = ("Giao " + "Sở Nội vụ, " * k + "các sở, ban, ngành và " * k + "(qua " * (2 * k // 3)) * 2
    return doc(tdth(sec("muc-iii-khoan-1", "", p(hostile), b("có trách nhiệm " + hostile))))


def test_no_catastrophic_backtracking() -> None:
    assert_linear(lambda k: extract_duties(hostile_duties(k)), 30)


# --- the real seeds --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_duties() -> list[tuple[Document, tuple[Duty, ...]]]:
    from generator.extract.deadlines import extract_deadlines
    from generator.pipeline import build_corpus

    corpus = build_corpus(ROOT / "source_docs")
    return [(d, extract_duties(d, extract_deadlines(d))) for d in corpus.documents]


def _ids(document: Document, duties: tuple[Duty, ...]) -> list[tuple[str, str, str | None]]:
    out = []
    for duty in duties:
        agency = canonical_agency(duty.agency, document.jurisdiction, issuer=document.issuer)
        assert agency is not None, duty
        out.append((agency.id, agency.name, agency.jurisdiction))
    return out


def test_seed_so_noi_vu_in_three_provinces(seed_duties: list[tuple[Document, tuple[Duty, ...]]]) -> None:
    places = {(j, doc.jurisdiction) for doc, duties in seed_duties for _, name, j in _ids(doc, duties) if name == "Sở Nội vụ"}
    # Quảng Ngãi (plan 53), Lào Cai (plan 13), Bình Định; seed 003 has no jurisdiction of its own, so its
    # "Sở Nội vụ" stays unplaced rather than guessed
    assert {j for j, _ in places if j is not None} == {QN, LC, BD}
    assert all(doc_j is None for j, doc_j in places if j is None)


def test_seed_one_radio_station_in_quang_ngai(seed_duties: list[tuple[Document, tuple[Duty, ...]]]) -> None:
    plan53 = next(d for d, _ in seed_duties if d.reference == "53/KH-UBND")
    duties = next(u for d, u in seed_duties if d is plan53)
    heading = [i for i, (aid, _, _) in enumerate(_ids(plan53, duties)) if "dai-phat-thanh" in aid]
    assert {duties[i].agency for i in heading} == {"Đài Phát thanh và Truyền hình tỉnh"}
    recipient = next(r for r in plan53.recipients if "Đài PT-TH" in r)  # "Báo Quảng Ngãi, Đài PT-TH Quảng Ngãi"
    from generator.agencies import split_agencies

    ids = {a.id for n in split_agencies(recipient) if (a := canonical_agency(n, plan53.jurisdiction)) is not None}
    station = _ids(plan53, duties)[heading[0]][0]
    assert station == "quang-ngai--dai-phat-thanh-va-truyen-hinh"
    assert ids == {station, "quang-ngai--bao-quang-ngai"}


def test_seed_duc_pho_lead(seed_duties: list[tuple[Document, tuple[Duty, ...]]]) -> None:
    cv560, duties = next((d, u) for d, u in seed_duties if d.reference == "560/UBND")
    assert cv560.jurisdiction == DP
    roles = {(aid, duty.role) for duty, (aid, _, _) in zip(duties, _ids(cv560, duties), strict=True)}
    assert ("duc-pho--co-quan-to-chuc-noi-vu", "lead") in roles
    assert ("duc-pho--uy-ban-nhan-dan-cac-xa-phuong", "support") in roles


def test_seed_counts(seed_duties: list[tuple[Document, tuple[Duty, ...]]]) -> None:
    # every document with an implementation part gives duties, every duty names a known body
    counts = {d.reference or d.id: len(u) for d, u in seed_duties}
    assert counts["560/UBND"] == 3
    assert counts["53/KH-UBND"] >= 45
    assert counts["13/KH-UBND"] >= 24
    assert counts["03-KH/BCĐ"] >= 75
    assert all(n > 0 for n in counts.values())
    for document, duties in seed_duties:
        _ids(document, duties)

"""Deadline extraction (generator.extract.deadlines), domain.md §6.

Sentences are copied from source_docs/*.txt (seed number in the comment of each row); the hard-wrapped
lines of seed 004 are joined with one space, as the normalizer does. Rows marked "§6 phrasing" are
phrasings listed in domain.md §6 that no seed contains.
"""

from __future__ import annotations

import calendar
from datetime import date

import pytest

from generator.extract.deadlines import DeadlineMatch, extract_deadlines, find_deadlines, plan_period
from generator.models import Block, Document, Section

from .complexity import assert_linear
from .factories import make_document

Y2021 = (date(2021, 1, 1), date(2021, 12, 31))
Y2022 = (date(2022, 1, 1), date(2022, 12, 31))
Y2023 = (date(2023, 1, 1), date(2023, 12, 31))
P2022_2026 = (date(2022, 1, 1), date(2026, 12, 31))

Row = tuple[str, str | None, str | None, str]  # kind, ISO date or None, rule, text


def _rows(matches: tuple[DeadlineMatch, ...]) -> list[Row]:
    return [(m.kind, m.date.isoformat() if m.date else None, m.rule, m.text) for m in matches]


# --- plan_period ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "year", "text", "expected"),
    [
        # seed 000, plan 53/KH-UBND: "năm 2022"
        (
            "Thực hiện quy chế dân chủ ở cơ sở và công tác dân vận chính quyền năm 2022",
            2022,
            "",
            Y2022,
        ),
        # seed 001, Lào Cai 13/KH-UBND: upper case, "giai đoạn 2022 - 2026" with spaces
        ("THỰC HIỆN CÔNG TÁC DÂN VẬN CHÍNH QUYỀN GIAI ĐOẠN 2022 - 2026", 2022, "", P2022_2026),
        # seed 002, Bình Định: no day of issue, year 2023
        ("Thực hiện công tác dân vận chính quyền năm 2023", 2023, "", Y2023),
        # seed 003, 03-KH/BCĐ: no date of issue at all; the title alone names the year
        ("thực hiện Quy chế dân chủ ở cơ sở năm 2022", None, "", Y2022),
        # seed 004: year 2021
        (
            "Triển khai thực hiện Quy chế dân chủ ở cơ sở và công tác dân vận chính quyền năm 2021",
            2021,
            "",
            Y2021,
        ),
        # seed 000, a programme cited in plan 53: "giai đoạn 2022-2025" without spaces
        (
            "chương trình trọng tâm về thực hiện Quy chế dân chủ ở cơ sở giai đoạn 2022-2025",
            2022,
            "",
            (date(2022, 1, 1), date(2025, 12, 31)),
        ),
        # seed 000, the công văn: the year of a cited date is not a period
        (
            "V/v tham mưu triển khai thực hiện Kế hoạch số 53/KH-UBND ngày 23/3/2022 của UBND tỉnh Quảng Ngãi",
            2022,
            "",
            None,
        ),
        # no title: the body's "ban hành Kế hoạch ... năm 2022, như sau" (seed 000 preamble)
        (
            None,
            2022,
            "UBND tỉnh ban hành Kế hoạch thực hiện Quy chế dân chủ ở cơ sở và công tác dân vận chính quyền năm 2022, như sau:",
            Y2022,
        ),
        # a title without any year: None, even though the year of issue is known
        ("Thực hiện công tác dân vận chính quyền", 2022, "", None),
        # no title and no self-description: None
        (None, 2022, "", None),
    ],
)
def test_plan_period(title: str | None, year: int | None, text: str, expected: tuple[date, date] | None) -> None:
    assert plan_period(title, year, text) == expected


# --- find_deadlines: the seeds -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period", "expected"),
    [
        # seed 000, plan 53, III.4: a day in Markdown emphasis, then a "định kỳ" without interval;
        # "thường xuyên" outside a "Thời gian thực hiện:" is no deadline
        (
            "4. Đối với Ủy ban nhân dân các huyện, thị xã, thành phố phối hợp với Ban Dân vận cùng cấp "
            "xây dựng kế hoạch phối hợp thực hiện công tác dân vận năm 2022 và kế hoạch thực hiện quy "
            "chế dân chủ ở cơ sở năm 2022; đối với các Sở, ban ngành tỉnh chủ động xây dựng kế hoạch "
            "triển khai thực hiện quy chế dân chủ ở cơ sở và công tác dân vận phù hợp với từng lĩnh "
            "vực, chuyên môn của cơ quan, đơn vị, địa phương mình quản lý. Hoàn thành và gửi kế hoạch "
            "về Ủy ban nhân dân tỉnh (*qua Sở Nội vụ*) *trước ngày 30/3/2022*. Đồng thời, thường xuyên "
            "đôn đốc kiểm tra việc thực hiện kế hoạch phối hợp tại cơ quan, đơn vị, địa phương mình; "
            "định kỳ báo cáo Ủy ban nhân dân tỉnh để theo dõi, chỉ đạo.",
            Y2022,
            [
                ("day", "2022-03-30", None, "trước ngày 30/3/2022"),
                ("recurring", None, None, "định kỳ"),
            ],
        ),
        # seed 000, plan 53, III.9: "định kỳ hàng quý"
        (
            "thực hiện tốt việc tiếp thu góp ý của Mặt trận Tổ quốc Việt Nam, các tổ chức chính trị - "
            "xã hội cùng cấp và Nhân dân, định kỳ hàng quý báo cáo Ủy ban nhân dân tỉnh (*qua Sở Nội "
            "vụ*) để theo dõi, chỉ đạo.",
            Y2022,
            [("recurring", None, "quarterly", "định kỳ hàng quý")],
        ),
        # seed 000, plan 53: "06 tháng, hàng năm" absorbs the "định kỳ" of its clause; two days
        (
            "- Chủ động xây dựng kế hoạch triển khai thực hiện và định kỳ sơ kết, tổng kết báo cáo kết "
            "quả triển khai, thực hiện quy chế dân chủ ở cơ sở và công tác dân vận chính quyền 06 "
            "tháng, hàng năm về Ủy ban nhân dân tỉnh (qua Sở Nội vụ); báo cáo 06 tháng đầu năm gửi "
            "trước ngày 15/6/2022, báo cáo năm gửi trước ngày 15/11/2022.",
            Y2022,
            [
                ("recurring", None, "half-yearly", "06 tháng, hàng năm"),
                ("day", "2022-06-15", None, "trước ngày 15/6/2022"),
                ("day", "2022-11-15", None, "trước ngày 15/11/2022"),
            ],
        ),
        # seed 000, plan 53: a day, then a "định kỳ" in the same clause (a day does not absorb it)
        (
            'triển khai đăng ký, nhân rộng mô hình "Dân vận khéo" năm 2022 gửi về Sở Nội vụ trước '
            "ngày 01/4/2022, định kỳ báo cáo Ủy ban nhân dân tỉnh (qua Sở Nội vụ) kết quả thực hiện "
            "các mô hình.",
            Y2022,
            [
                ("day", "2022-04-01", None, "trước ngày 01/4/2022"),
                ("recurring", None, None, "định kỳ"),
            ],
        ),
        # seed 000, plan 53: a day; the citation date 11/6/2019 and "hàng năm" of a ranking are not
        (
            "- Chủ động rà soát các tiêu chí đánh giá công tác dân vận chính quyền, tự tổ chức đánh giá, "
            "chấm điểm kết quả thực hiện công tác dân vận chính quyền năm 2022 theo quy định tại Quyết "
            "định số 436/QĐ-UBND ngày 11/6/2019 của UBND tỉnh và gửi hồ sơ minh chứng, kèm theo báo "
            "cáo giải trình về UBND tỉnh (qua Sở Nội vụ) trước ngày 01/11/2022. Những cơ quan, đơn vị, "
            "địa phương không có hồ sơ minh chứng được xem như không hoàn thành nhiệm vụ và hạ kết quả "
            "bình xét thi đua khen thưởng xuống một bậc theo kết quả đánh giá xếp loại hàng năm.",
            Y2022,
            [("day", "2022-11-01", None, "trước ngày 01/11/2022")],
        ),
        # seed 000, plan 53: the second "trước ngày 30/3/2022", after a citation dated 29/10/2021
        (
            "- Thực hiện rà soát việc phân công phụ trách công tác dân vận theo đúng quy định tại Quyết "
            "định số 396-QĐ/TU ngày 29/10/2021 của Ban Thường vụ Tỉnh ủy về việc ban hành Quy chế công "
            "tác dân vận của hệ thống chính trị tỉnh Quảng Ngãi, đồng thời tiếp tục rà soát kiện toàn "
            "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở tại các cơ quan, đơn vị, địa phương và gửi "
            "về Sở Nội vụ, Ban Dân vận Tỉnh ủy trước ngày 30/3/2022 (đối với các cơ",
            Y2022,
            [("day", "2022-03-30", None, "trước ngày 30/3/2022")],
        ),
        # seed 000, plan 53: a list of intervals after "định kỳ": the finest one is the rule
        (
            "thực hiện chế độ báo cáo số liệu định kỳ hàng tháng, quý, 6 tháng, 9 tháng, 01 năm và số "
            "liệu theo yêu cầu của cấp có thẩm quyền gửi Ủy ban nhân dân tỉnh (qua Sở Nội vụ) theo quy "
            "định.",
            Y2022,
            [("recurring", None, "monthly", "định kỳ hàng tháng, quý, 6 tháng, 9 tháng, 01 năm")],
        ),
        # seed 000, the công văn: citation dates and "Thời gian hoàn thành" without a value
        (
            "Giao Cơ quan Tổ chức - Nội vụ chủ trì, phối hợp với UBND các xã, phường và các cơ quan, "
            "đơn vị liên quan tham mưu UBND thị xã triển khai thực hiện các nội dung chỉ đạo tại Kế "
            "hoạch số 53/KH-UBND ngày 23/3/2022 của UBND tỉnh Quảng Ngãi. Thời gian hoàn thành các "
            "nhiệm vụ theo đúng quy định tại khoản 1, Mục III Kế hoạch số 53/KH-UBND của UBND tỉnh.",
            Y2022,
            [],
        ),
        # seed 000, plan 53, II.1: "giai đoạn 2022-2025 và năm 2022" of a cited programme, no cue
        (
            "nhất là các nội dung trọng tâm trong Chương trình, Kế hoạch công tác của Ban chỉ đạo tỉnh "
            "về thực hiện Quy chế dân chủ ở cơ sở giai đoạn 2022-2025 và năm 2022; Chương trình, kế "
            "hoạch phối hợp giữa Ban Dân vận Tỉnh ủy và Ban cán sự đảng Ủy ban nhân dân tỉnh phối hợp "
            "thực hiện công tác dân vận giai đoạn 2022 \u2013 2026 và năm 2022.",  # en dash as in the seed
            Y2022,
            [],
        ),
        # seed 001: two days every year, "hằng năm"; the bare "Định kỳ" is covered by them
        (
            "- Định kỳ 06 tháng (trước ngày 10 tháng 6 hằng năm), 01 năm (trước ngày 05 tháng 12 hằng "
            "năm) báo cáo Ủy ban nhân dân tỉnh (qua Sở Nội vụ) về tình hình và kết quả triển khai thực "
            "hiện công tác dân vận chính quyền để tổng hợp báo cáo cấp có thẩm quyền theo quy định.",
            P2022_2026,
            [
                ("recurring", None, "yearly:06-10", "trước ngày 10 tháng 6 hằng năm"),
                ("recurring", None, "yearly:12-05", "trước ngày 05 tháng 12 hằng năm"),
            ],
        ),
        # seed 001, the same sentence in the other tone style "hàng năm"
        (
            "- Định kỳ 06 tháng (trước ngày 10 tháng 6 hàng năm), 01 năm (trước ngày 05 tháng 12 hàng "
            "năm) báo cáo Ủy ban nhân dân tỉnh (qua Sở Nội vụ)",
            P2022_2026,
            [
                ("recurring", None, "yearly:06-10", "trước ngày 10 tháng 6 hàng năm"),
                ("recurring", None, "yearly:12-05", "trước ngày 05 tháng 12 hàng năm"),
            ],
        ),
        # seed 001: "định kỳ 06 tháng, 01 năm"
        (
            "(mời Ban Dân vận Tỉnh ủy tham gia khi tổ chức đoàn kiểm tra do Sở Tư pháp chủ trì); định "
            "kỳ 06 tháng, 01 năm báo cáo kết quả về Sở Nội vụ để tổng hợp.",
            P2022_2026,
            [("recurring", None, "half-yearly", "định kỳ 06 tháng, 01 năm")],
        ),
        # seed 001: "báo cáo 06 tháng, hàng năm"; "tổng kết 05 năm" is no interval
        (
            "đồng thời tổng hợp, tham mưu giúp Ủy ban nhân dân tỉnh xây dựng báo cáo 06 tháng, hàng năm "
            "và tổng kết 05 năm thực hiện công tác dân vận chính quyền trên địa bàn tỉnh;",
            P2022_2026,
            [("recurring", None, "half-yearly", "06 tháng, hàng năm")],
        ),
        # seed 001, I.7: a target year after "đến"
        (
            "7. Phấn đấu đến năm 2025, 100% xã, phường, thị trấn có mô hình điển hình “Dân vận khéo” "
            "trên tất cả các lĩnh vực đời sống xã hội với sự tham gia vào cuộc của cả hệ thống chính trị.",
            P2022_2026,
            [("year", "2025-12-31", None, "đến năm 2025")],
        ),
        # seed 001, I.8: "hằng tháng" alone
        (
            "8. Duy trì và nâng cao chất lượng tổ chức hội nghị tuyên vận hằng tháng tại 100% đảng ủy "
            "các xã, phường, thị trấn trong tỉnh.",
            P2022_2026,
            [("recurring", None, "monthly", "hằng tháng")],
        ),
        # seed 001: "giai đoạn 2022 - 2026" without a cue, and "hằng năm" of a yearly plan
        (
            "- Tham dự các đoàn kiểm tra do sở, ngành, địa phương chủ trì mời để giám sát, phối hợp theo "
            "dõi, đánh giá kết quả thực hiện công tác dân vận chính quyền giai đoạn 2022 - 2026.",
            P2022_2026,
            [],
        ),
        (
            "Xây dựng kế hoạch thực hiện công tác dân vận chính quyền hằng năm phù hợp với tình hình "
            "thực tế của từng cơ quan, đơn vị và địa phương;",
            P2022_2026,
            [],
        ),
        # seed 002: several days at once (one match per date, same phrase), then a day;
        # "quý I, 6 tháng, 9 tháng" before a dated parenthesis is not a recurring rule
        (
            "b) Báo cáo kết quả thực công tác dân vận về Ủy ban nhân dân tỉnh (qua Sở Nội vụ) quý I, 6 "
            "tháng, 9 tháng (trước ngày 20/(3/6/9)/2023) và năm 2023 (trước ngày 25/11/2023).",
            Y2023,
            [
                ("day", "2023-03-20", None, "trước ngày 20/(3/6/9)/2023"),
                ("day", "2023-06-20", None, "trước ngày 20/(3/6/9)/2023"),
                ("day", "2023-09-20", None, "trước ngày 20/(3/6/9)/2023"),
                ("day", "2023-11-25", None, "trước ngày 25/11/2023"),
            ],
        ),
        # seed 003: "Cả năm 2022" after "Thời gian thực hiện:" in Markdown emphasis
        ("- *Thời gian thực hiện:* Cả năm 2022.", Y2022, [("year", "2022-12-31", None, "Cả năm 2022")]),
        # seed 003: the colon outside the emphasis
        ("- *Thời gian thực hiện*: Cả năm 2022.", Y2022, [("year", "2022-12-31", None, "Cả năm 2022")]),
        # seed 003: a quarter
        ("- *Thời gian thực hiện:* Quý I/2022.", Y2022, [("quarter", "2022-03-31", None, "Quý I/2022")]),
        # seed 003: a quarter after "trong", lower case
        (
            "- *Thời gian thực hiện:* Xây dựng Đề án trong quý III/2022.",
            Y2022,
            [("quarter", "2022-09-30", None, "trong quý III/2022")],
        ),
        # seed 003
        ("- *Thời gian thực hiện*: Quý III/2022.", Y2022, [("quarter", "2022-09-30", None, "Quý III/2022")]),
        # seed 003
        ("- *Thời gian thực hiện:* Quý IV/2022.", Y2022, [("quarter", "2022-12-31", None, "Quý IV/2022")]),
        # seed 003, footnote: "quý II/2020" of a past report, no cue
        (
            "¹ Nhiệm vụ này được giao tại mục 6.1, phần II, Thông báo số 810-TB/TU, ngày 06/5/2020 của "
            "Ban Thường vụ Tỉnh ủy thông báo ý kiến của Thường trực Tỉnh ủy tại Hội nghị trực tiếp Ủy "
            "ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh về tình hình "
            "thực hiện nhiệm vụ quý I, triển khai nhiệm vụ trọng tâm quý II/2020.",
            Y2022,
            [],
        ),
        # seed 003: task 16 names years but sets no deadline
        (
            "16. Tổng kết việc thực hiện Quy chế dân chủ ở cơ sở trên địa bàn tỉnh năm 2022 và triển khai nhiệm vụ năm 2023.",
            Y2022,
            [],
        ),
        # seed 004 (lines joined): half-yearly, then two days without a year sharing one "hàng năm"
        (
            "Định kỳ tổ chức sơ kết, tổng kết, báo cáo kết quả thực hiện 06 tháng, hàng năm về Sở (qua "
            "Văn phòng Sở); báo cáo 6 tháng đầu năm gửi trước ngày 10/6, báo cáo năm gửi trước ngày "
            "10/11 hàng năm.",
            Y2021,
            [
                ("recurring", None, "half-yearly", "06 tháng, hàng năm"),
                ("recurring", None, "yearly:06-10", "trước ngày 10/6"),
                ("recurring", None, "yearly:11-10", "trước ngày 10/11 hàng năm"),
            ],
        ),
        # seed 004 (lines joined): "hàng quý, 6 tháng"
        (
            "1. Trưởng các phòng thuộc Sở, Trưởng các đơn vị trực thuộc Sở phối hợp với các cấp uỷ Đảng "
            "chỉ đạo đưa việc thực hiện Quy chế dân chủ cơ sở và công tác dân vận chính quyền năm 2021 "
            "vào nghị quyết Chi bộ hàng quý, 6 tháng để kiểm điểm, đánh giá kết quả thực hiện",
            Y2021,
            [("recurring", None, "quarterly", "hàng quý, 6 tháng")],
        ),
        # corpus-extra 1654/NQ-UBTVQH15 (lines joined): a spelled-out day; the cited "ngày 09
        # tháng 5 năm 2025" of Đề án 395/ĐA-CP is not one
        (
            "2. Giao Chính phủ, căn cứ vào Nghị quyết này và Đề án số 395/ĐA-CP ngày 09 tháng 5 năm 2025 "
            "của Chính phủ, tổ chức việc xác định chính xác diện tích tự nhiên của các đơn vị hành chính "
            "cấp xã và công bố công khai trước ngày 30 tháng 9 năm 2025;",
            None,
            [("day", "2025-09-30", None, "trước ngày 30 tháng 9 năm 2025")],
        ),
        # corpus-extra 60-NQ/TW (lines joined): "hoàn thành trước"; "có hiệu lực từ ngày" is no deadline
        (
            "bảo đảm hoàn thành trước ngày 30/6/2025, có hiệu lực từ ngày 01/7/2025;",
            None,
            [("day", "2025-06-30", None, "hoàn thành trước ngày 30/6/2025")],
        ),
    ],
)
def test_find_deadlines_in_seeds(text: str, period: tuple[date, date] | None, expected: list[Row]) -> None:
    assert _rows(find_deadlines(text, period, None)) == expected


# --- find_deadlines: §6 phrasings no seed has ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "period", "default_year", "expected"),
    [
        # §6 phrasing: "chậm nhất ngày"
        (
            "Báo cáo gửi về Sở Nội vụ chậm nhất ngày 15/12/2022.",
            Y2022,
            None,
            [("day", "2022-12-15", None, "chậm nhất ngày 15/12/2022")],
        ),
        # §6 phrasing: "Quý II-III/2026" is due at the end of Q3
        (
            "- Thời gian thực hiện: Quý II-III/2026.",
            P2022_2026,
            None,
            [("quarter", "2026-09-30", None, "Quý II-III/2026")],
        ),
        # a quarter without a year takes the year of a single-year plan...
        ("- Thời gian thực hiện: Quý III.", Y2022, None, [("quarter", "2022-09-30", None, "Quý III")]),
        # ...but not the year of a multi-year plan
        ("- Thời gian thực hiện: Quý III.", P2022_2026, None, [("quarter", None, None, "Quý III")]),
        # §6 phrasing: a month
        (
            "Hoàn thành trong tháng 6/2022.",
            Y2022,
            None,
            [("month", "2022-06-30", None, "Hoàn thành trong tháng 6/2022")],
        ),
        # "trước quý III/2022": before the quarter begins
        (
            "hoàn thành trước quý III/2022",
            Y2022,
            None,
            [("quarter", "2022-06-30", None, "hoàn thành trước quý III/2022")],
        ),
        # §6 phrasing: a period after the label is due on its last day
        (
            "- Thời gian thực hiện: Giai đoạn 2022-2026.",
            P2022_2026,
            None,
            [("period", "2026-12-31", None, "Giai đoạn 2022-2026")],
        ),
        # §6 phrasing: continuous, only after a deadline label
        ("- Thời gian thực hiện: Thường xuyên.", Y2022, None, [("continuous", None, None, "Thường xuyên")]),
        # §6 phrasing: relative
        (
            "trong thời hạn 15 ngày kể từ ngày nhận được văn bản, cơ quan phải trả lời",
            None,
            None,
            [("relative", None, None, "trong thời hạn 15 ngày kể từ ngày nhận được văn bản")],
        ),
        # §6 phrasing: "năm sau"
        (
            "Báo cáo năm gửi trước ngày 10/01 năm sau.",
            Y2022,
            None,
            [("recurring", None, "yearly:01-10", "trước ngày 10/01 năm sau")],
        ),
        # an invalid date gives no date, not an exception
        ("trước ngày 31/2/2022", Y2022, None, [("day", None, None, "trước ngày 31/2/2022")]),
        # a date before the plan's period is a past event: no date
        ("trước ngày 30/3/2021", Y2022, None, [("day", None, None, "trước ngày 30/3/2021")]),
        # a day without a year in a multi-year plan: no date (never invented)
        ("trước ngày 15/6", P2022_2026, None, [("day", None, None, "trước ngày 15/6")]),
        # ... in a single-year plan: the plan's year
        ("trước ngày 15/6", Y2022, None, [("day", "2022-06-15", None, "trước ngày 15/6")]),
        # ... with no period: the caller's default year
        ("trước ngày 15/6", None, 2024, [("day", "2024-06-15", None, "trước ngày 15/6")]),
        # a year elided in a list of days is the one written last
        (
            "trước ngày 15/6 và 15/12/2022",
            P2022_2026,
            None,
            [("day", "2022-06-15", None, "trước ngày 15/6"), ("day", "2022-12-15", None, "15/12/2022")],
        ),
        # "định kì" spelling
        (
            "định kì hằng quý báo cáo",
            Y2022,
            None,
            [("recurring", None, "quarterly", "định kì hằng quý")],
        ),
        # an aim ("tầm nhìn") is not a deadline
        ("Chiến lược phát triển đến năm 2030, tầm nhìn đến năm 2045", None, None, []),
        # a two-digit year (the signature stamp of seed 000) is not read as a date
        ("Thời gian kết: 25/03/20 Cơ quan Tỉnh Quảng Ngãi", Y2022, None, []),
    ],
)
def test_find_deadlines_phrasings(
    text: str, period: tuple[date, date] | None, default_year: int | None, expected: list[Row]
) -> None:
    assert _rows(find_deadlines(text, period, default_year)) == expected


@pytest.mark.parametrize(
    ("text", "period", "issued", "expected"),
    [
        # corpus-extra 60-NQ/TW of 12/4/2025: the meeting "đến ngày 12/4/2025" ended when it was issued
        (
            "Hội nghị lần thứ 11 Ban Chấp hành Trung ương Đảng khóa XIII họp từ ngày 10/4 đến ngày 12/4/2025 tại Thủ đô Hà Nội",
            None,
            date(2025, 4, 12),
            [("day", None, None, "đến ngày 12/4/2025")],
        ),
        # the same sentence without a date of issue: read as a deadline (the cue "đến" is all there is)
        (
            "Hội nghị lần thứ 11 Ban Chấp hành Trung ương Đảng khóa XIII họp từ ngày 10/4 đến ngày 12/4/2025 tại Thủ đô Hà Nội",
            None,
            None,
            [("day", "2025-04-12", None, "đến ngày 12/4/2025")],
        ),
        # seed 000, plan 53 of 23/3/2022: a week later is still ahead
        (
            "Hoàn thành và gửi kế hoạch về Ủy ban nhân dân tỉnh (*qua Sở Nội vụ*) *trước ngày 30/3/2022*.",
            Y2022,
            date(2022, 3, 23),
            [("day", "2022-03-30", None, "trước ngày 30/3/2022")],
        ),
        # seed 003 under a date of issue inside the quarter: the quarter has not ended yet
        ("- *Thời gian thực hiện:* Quý I/2022.", Y2022, date(2022, 3, 3), [("quarter", "2022-03-31", None, "Quý I/2022")]),
    ],
)
def test_find_deadlines_in_the_past(
    text: str, period: tuple[date, date] | None, issued: date | None, expected: list[Row]
) -> None:
    assert _rows(find_deadlines(text, period, None, issued=issued)) == expected


# --- occurrences ---------------------------------------------------------------------------


def _ends(year: int, months: tuple[int, ...]) -> list[date]:
    ends = {3: 31, 6: 30, 9: 30, 12: 31}
    return [date(year, m, ends[m]) for m in months]


@pytest.mark.parametrize(
    ("text", "period", "expected"),
    [
        # seed 001: yearly 06-10 over 2022..2026
        (
            "(trước ngày 10 tháng 6 hằng năm)",
            P2022_2026,
            [date(y, 6, 10) for y in range(2022, 2027)],
        ),
        # seed 001: yearly 12-05 over 2022..2026
        (
            "01 năm (trước ngày 05 tháng 12 hằng năm)",
            P2022_2026,
            [date(y, 12, 5) for y in range(2022, 2027)],
        ),
        # seed 001: half-yearly over 2022..2026
        (
            "định kỳ 06 tháng, 01 năm báo cáo kết quả về Sở Nội vụ để tổng hợp.",
            P2022_2026,
            [d for y in range(2022, 2027) for d in _ends(y, (6, 12))],
        ),
        # seed 004: yearly 06-10 in a plan of 2021 only (its "hàng năm" is at the end of the sentence)
        (
            "báo cáo 6 tháng đầu năm gửi trước ngày 10/6, báo cáo năm gửi trước ngày 10/11 hàng năm.",
            Y2021,
            [date(2021, 6, 10)],
        ),
        # seed 004: yearly 11-10 in 2021 only
        ("báo cáo năm gửi trước ngày 10/11 hàng năm.", Y2021, [date(2021, 11, 10)]),
        # seed 000: quarter ends of 2022
        ("định kỳ hàng quý báo cáo Ủy ban nhân dân tỉnh", Y2022, _ends(2022, (3, 6, 9, 12))),
        # seed 000: monthly in 2022: twelve month ends, February has 28 days
        (
            "định kỳ hàng tháng, quý, 6 tháng, 9 tháng, 01 năm",
            Y2022,
            [date(2022, m, calendar.monthrange(2022, m)[1]) for m in range(1, 13)],
        ),
        # no period: a rule but no occurrences
        ("định kỳ hàng quý báo cáo", None, []),
        # 29 February every year: leap years only
        ("trước ngày 29/02 hằng năm", P2022_2026, [date(2024, 2, 29)]),
    ],
)
def test_occurrences(text: str, period: tuple[date, date] | None, expected: list[date]) -> None:
    matches = find_deadlines(text, period, None)
    assert matches
    assert list(matches[0].occurrences) == expected


# --- spans and robustness ------------------------------------------------------------------


def test_spans_point_into_the_text() -> None:
    # seed 000: the emphasis stars stay outside the span
    text = "về Ủy ban nhân dân tỉnh (*qua Sở Nội vụ*) *trước ngày 30/3/2022*. Đồng thời"
    (match,) = find_deadlines(text, Y2022, None)
    assert text[match.start : match.end] == match.text == "trước ngày 30/3/2022"


def test_table_cell_in_context() -> None:
    # a cell of a "Thời gian hoàn thành" column needs no cue; spans are within the cell
    assert _rows(find_deadlines("Quý I/2022", Y2022, None, in_context=True)) == [("quarter", "2022-03-31", None, "Quý I/2022")]
    (match,) = find_deadlines("Thường xuyên", Y2022, None, in_context=True)
    assert (match.kind, match.start, match.end) == ("continuous", 0, 12)
    assert find_deadlines("Quý I/2022", Y2022, None) == ()


# (head, unit, times, tail): head + unit * times + tail; `python -m bench.hostile` times them at full size
HOSTILE: list[tuple[str, str, int, str]] = [
    ("", "định kỳ ", 3000, ""),  # many recurrences in a row
    ("trước ngày ", "1/", 5000, ""),  # a date that never ends
    ("Thời gian thực hiện", " *", 5000, ":"),  # a label without value
    ("", "06 tháng, ", 3000, "(trước"),  # a list of intervals before a dated parenthesis
    ("trong thời hạn 15 ngày kể từ ", "a", 20000, ""),  # relative with an endless anchor
    ("", "quý ", 5000, "III/"),
    ("", "trước ngày 1/1/2022, ", 3000, ""),  # a long list of days in one clause
]


@pytest.mark.parametrize(("head", "unit", "times", "tail"), HOSTILE, ids=range(len(HOSTILE)))
def test_no_catastrophic_backtracking(head: str, unit: str, times: int, tail: str) -> None:
    assert_linear(lambda k: find_deadlines(head + unit * k + tail, Y2022, None), times // 8)


# --- extract_deadlines ---------------------------------------------------------------------


def _document(
    title: str | None,
    preamble: tuple[Block, ...],
    sections: tuple[Section, ...],
) -> Document:
    return make_document(
        id="kh-03-bcd", url="van-ban/kh-03-bcd/", source="003_07f4626c6b9d6a58.txt", last_line=181, type_code="KH",
        type_name="Kế hoạch", number="03", symbol="KH/BCĐ", reference="03-KH/BCĐ", title=title, preamble=preamble,
        sections=sections,
    )


def test_extract_deadlines_walks_the_document_in_order() -> None:
    # seed 003, shortened: preamble, II, khoản 1 and 4 with their bullets; a heading with a
    # deadline (seed 002 điểm b as a heading); a table of tasks
    preamble = (
        Block(
            "paragraph",
            "Căn cứ Chương trình trọng tâm về thực hiện Quy chế dân chủ ở cơ sở giai đoạn 2022 - 2025;",
            9,
        ),
    )
    khoan_1 = Section(
        anchor="muc-ii-khoan-1",
        kind="khoan",
        label="1",
        title="Tiếp tục quán triệt, nâng cao nhận thức, trách nhiệm của các cấp ủy",
        line=21,
        blocks=(
            Block("bullet", "*Chỉ đạo thực hiện:* Đồng chí Trưởng Ban Chỉ đạo tỉnh.", 23, marker="-"),
            Block("bullet", "*Thời gian thực hiện:* Cả năm 2022.", 27, marker="-"),
        ),
    )
    khoan_4 = Section(
        anchor="muc-ii-khoan-4",
        kind="khoan",
        label="4",
        title="",
        line=45,
        blocks=(
            Block(
                "bullet",
                "*Tham mưu, thực hiện:* Ban Dân vận Tỉnh ủy.\n*Thời gian thực hiện:* Quý I/2022.",
                49,
                marker="-",
                line_offsets=((0, 49), (44, 51)),
            ),
        ),
    )
    diem_b = Section(
        anchor="muc-ii-khoan-5-diem-b",
        kind="diem",
        label="b",
        title="Báo cáo kết quả về Ủy ban nhân dân tỉnh (qua Sở Nội vụ) năm 2022 (trước ngày 25/11/2022).",
        line=60,
    )
    table = Block(
        "table",
        "",
        70,
        rows=(
            ("Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành"),
            ("Tổng kết năm 2022", "Sở Nội vụ", "Quý IV/2022"),
        ),
    )
    muc_ii = Section(
        anchor="muc-ii",
        kind="muc",
        label="II",
        title="Nội dung công việc, phân công nhiệm vụ, thời gian thực hiện",
        line=19,
        blocks=(table,),
        children=(khoan_1, khoan_4, diem_b),
    )
    doc = _document("thực hiện Quy chế dân chủ ở cơ sở năm 2022", preamble, (muc_ii,))

    found = extract_deadlines(doc)

    assert [(d.kind, d.date, d.text) for d in found] == [
        ("quarter", date(2022, 12, 31), "Quý IV/2022"),
        ("year", date(2022, 12, 31), "Cả năm 2022"),
        ("quarter", date(2022, 3, 31), "Quý I/2022"),
        ("day", date(2022, 11, 25), "trước ngày 25/11/2022"),
    ]
    places = [(d.place.section, d.place.block, d.place.line) for d in found]
    assert places == [
        ("muc-ii", 0, 70),
        ("muc-ii-khoan-1", 1, 27),
        ("muc-ii-khoan-4", 0, 51),  # second line of the block, through line_offsets
        ("muc-ii-khoan-5-diem-b", -1, 60),  # in a heading
    ]
    block_text = khoan_4.blocks[0].text
    assert block_text[found[2].place.start : found[2].place.end] == "Quý I/2022"
    table_text = "Nội dung | Cơ quan chủ trì | Thời gian hoàn thành\nTổng kết năm 2022 | Sở Nội vụ | Quý IV/2022"
    assert table_text[found[0].place.start : found[0].place.end] == "Quý IV/2022"


def test_extract_deadlines_bounds_recurring_by_the_title() -> None:
    # seed 001: the plan's title gives 2022-2026, so yearly occurrences run 2022..2026
    block = Block(
        "bullet",
        "Định kỳ 06 tháng (trước ngày 10 tháng 6 hằng năm), 01 năm (trước ngày 05 tháng 12 hằng năm) "
        "báo cáo Ủy ban nhân dân tỉnh (qua Sở Nội vụ)",
        77,
        marker="-",
    )
    section = Section("muc-iii-khoan-5", "khoan", "5", "UBND các huyện, thị xã, thành phố", 74, (block,))
    doc = _document("THỰC HIỆN CÔNG TÁC DÂN VẬN CHÍNH QUYỀN GIAI ĐOẠN 2022 - 2026", (), (section,))

    found = extract_deadlines(doc)

    assert [d.rule for d in found] == ["yearly:06-10", "yearly:12-05"]
    assert found[0].occurrences == tuple(date(y, 6, 10) for y in range(2022, 2027))
    assert all(d.date is None and d.place.section == "muc-iii-khoan-5" for d in found)


def test_extract_deadlines_without_period_keeps_yearless_dates_undated() -> None:
    # seed 004 sentence under a title without a year: yearly rules, but no occurrences, and the
    # day without a year gets none either
    block = Block(
        "paragraph",
        "báo cáo 6 tháng đầu năm gửi trước ngày 10/6, báo cáo năm gửi trước ngày 10/11 hàng năm. "
        "Hoàn thành và gửi kế hoạch về Ủy ban nhân dân tỉnh (*qua Sở Nội vụ*) *trước ngày 30/3*.",
        192,
    )
    doc = _document("Triển khai thực hiện Quy chế dân chủ ở cơ sở", (block,), ())

    found = extract_deadlines(doc)

    assert [(d.kind, d.rule, d.date, d.occurrences, d.place.section, d.place.block) for d in found] == [
        ("recurring", "yearly:06-10", None, (), "", 0),
        ("recurring", "yearly:11-10", None, (), "", 0),
        ("day", None, None, (), "", 0),
    ]

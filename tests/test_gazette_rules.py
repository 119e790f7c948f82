"""Rules for national legal documents as the Official Gazette (Công báo) prints them, one table per rule.

Every line here is real: taken from the gazette texts in tests/fixtures/gazette/ (see its README) and the wider
collection they come from (`CÔNG BÁO/Số ...` headers of other issues, page numbers, banners).
"""

from __future__ import annotations

import pytest

from generator.models import NormalText, SourceText
from generator.normalize import normalize


def norm(text: str, name: str = "cong-bao.txt") -> NormalText:
    return normalize(SourceText(name, text, "utf-8", "txt"))


def texts(nt: NormalText) -> list[str]:
    return [line.text for line in nt.lines if line.text]


# --- page furniture ------------------------------------------------------------------------------------------

SENTENCE_BEFORE = "Điều 1. Các chi phí khám bệnh, chữa bệnh bảo hiểm y tế vượt dự toán, vượt tổng mức thanh toán giai đoạn"
SENTENCE_AFTER = "năm 2018 - 2022 được thanh toán từ nguồn dự phòng của Quỹ bảo hiểm y tế, trong đó:"


@pytest.mark.parametrize(
    ("page_break", "dropped"),
    [
        # odd page: header, then the page number
        (" \n \nCÔNG BÁO/Số 271/Ngày 12-05-2026 \n85 \n \n \n", ["CÔNG BÁO/Số 271/Ngày 12-05-2026", "85"]),
        # even page: the number first; a double issue
        (" \n \n62 \nCÔNG BÁO/Số 329 + 330/Ngày 01-4-2020 \n  \n", ["62", "CÔNG BÁO/Số 329 + 330/Ngày 01-4-2020"]),
        # a space after the slash; the page number on the header's line
        ("\n                  CÔNG BÁO/ Số 763 + 764/Ngày 03-7-2024 \n37 \n", ["CÔNG BÁO/ Số 763 + 764/Ngày 03-7-2024", "37"]),
        ("\n  CÔNG BÁO/Số 1523/Ngày 29-12-2024                                 113 \n", ["CÔNG BÁO/Số 1523/Ngày 29-12-2024 113"]),
        # the gazette's digital signature at the foot of the page, then the next page's header
        (
            "\nKý bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCơ quan: VĂN PHÒNG CHÍNH PHỦ\n"
            "Ngày ký: 2026-05-08 16:42:06 +07:00\n\nCÔNG BÁO/Số 271/Ngày 12-05-2026 \n85 \n \n \n",
            ["Ký bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Cơ quan: VĂN PHÒNG CHÍNH PHỦ", "85"],
        ),
        (
            "\nNgười ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ\nEmail: thongtinchinhphu@chinhphu.vn\nCơ quan: VĂN PHÒNG CHÍNH PHỦ\n"
            "Thời gian ký: 12.08.2025 15:59:07 +07:00\n\n \n4 \nCÔNG BÁO/Số 1053 + 1054/Ngày 10-8-2025 \n",
            ["Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ", "Email: thongtinchinhphu@chinhphu.vn", "Thời gian ký: 12.08.2025 15:59:07 +07:00"],
        ),
    ],
)
def test_page_furniture_is_dropped_and_the_sentence_joined(page_break: str, dropped: list[str]) -> None:
    nt = norm(SENTENCE_BEFORE + " \n" + page_break + SENTENCE_AFTER + " \n")
    assert texts(nt) == [SENTENCE_BEFORE + " " + SENTENCE_AFTER]
    noise = [p for p in nt.problems if p.kind == "noise"]
    assert all(p.severity == "info" and p.line for p in noise)
    listed = " ".join(p.message for p in noise)
    for line in dropped:
        assert "«" + " ".join(line.split()) + "»" in " ".join(listed.split()) or line in listed


@pytest.mark.parametrize(
    ("lines", "kept"),
    [
        # banners of the gazette's sections
        ("VĂN BẢN QUY PHẠM PHÁP LUẬT \n \nCHÍNH PHỦ \n", ["CHÍNH PHỦ"]),
        ("VĂN BẢN PHÁP LUẬT KHÁC \nVĂN BẢN HỢP NHẤT -  \nBỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI \n", ["BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"]),
        # the banner with the consolidating body on its line: the body stays
        ("VĂN BẢN PHÁP LUẬT KHÁC \n \nVĂN BẢN HỢP NHẤT - VĂN PHÒNG QUỐC HỘI \n", ["VĂN PHÒNG QUỐC HỘI"]),
        # the note that the text goes on in the next issue
        ("2. Chính phủ quy định chi tiết Điều này. \n(Xem tiếp Công báo số 331 + 332) \n", ["2. Chính phủ quy định chi tiết Điều này."]),
        # a bare number that is not beside a running header is the document's (a cell of a table)
        ("STT \n1 \nHộ kinh doanh \n", ["STT", "1", "Hộ kinh doanh"]),
        # a title that only starts like a banner is the document's
        ("VĂN BẢN ĐỀ NGHỊ CẤP GIẤY PHÉP NHẬP KHẨU MẪU BỆNH PHẨM \n", ["VĂN BẢN ĐỀ NGHỊ CẤP GIẤY PHÉP NHẬP KHẨU MẪU BỆNH PHẨM"]),
    ],
)
def test_banners_dropped_document_lines_kept(lines: str, kept: list[str]) -> None:
    assert texts(norm(lines)) == kept


def test_page_footnotes_follow_the_sentence_the_break_cut() -> None:
    text = (
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam; \nQuốc hội ban hành Luật Bảo hiểm xã hội1. \n"
        + " " * 42 + "\n"
        "1 Luật An toàn, vệ sinh lao động số 84/2015/QH13 có căn cứ ban hành như sau: \n"
        "“Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam; \n"
        "Quốc hội ban hành Luật An toàn, vệ sinh lao động.” \n"
        "Ký bởi: Cổng Thông tin điện tử Chính phủ\nEmail: thongtinchinhphu@chinhphu.vn\n"
        "Cơ quan: Văn phòng Chính phủ\nThời gian ký: 03.04.2020 10:24:56 +07:00\n\n \n62 \n"
        "CÔNG BÁO/Số 329 + 330/Ngày 01-4-2020 \n  \nChương I \nNHỮNG QUY ĐỊNH CHUNG \n \n"
        "Điều 1. Phạm vi điều chỉnh \nLuật này quy định chế độ, chính sách bảo hiểm xã hội; quyền và trách nhiệm \n"
        "của người lao động. \n" + " " * 130 + "\n"
        "số 05/2007/QH12, Luật An toàn thông tin mạng số 86/2015/QH13. \n \n \nCÔNG BÁO/Số 329 + 330/Ngày 01-4-2020 \n63 \n"
        "Điều 2. Đối tượng áp dụng \n"
    )
    lines = texts(norm(text))
    note = "¹ Luật An toàn, vệ sinh lao động số 84/2015/QH13 có căn cứ ban hành như sau: “Căn cứ Hiến pháp nước Cộng hòa"
    assert lines[1] == "Quốc hội ban hành Luật Bảo hiểm xã hội1."
    assert lines[2].startswith(note)
    # the footnote ran on at the foot of the next page: its end joins it
    assert lines[2].endswith("Luật An toàn, vệ sinh lao động.” số 05/2007/QH12, Luật An toàn thông tin mạng số 86/2015/QH13.")
    assert lines[3:] == [
        "Chương I", "NHỮNG QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh",
        "Luật này quy định chế độ, chính sách bảo hiểm xã hội; quyền và trách nhiệm của người lao động.",
        "Điều 2. Đối tượng áp dụng",
    ]


# --- one file, one document; annexes and forms are sections of it ----------------------------------------------

from generator.parse import parse_document  # noqa: E402
from generator.parse.annex import heading  # noqa: E402
from generator.parse.header import _without_history  # noqa: E402
from generator.split import split_documents  # noqa: E402

CIRCULAR = (
    "BỘ LAO ĐỘNG - THƯƠNG BINH \nVÀ XÃ HỘI \n \nSố: 15/2021/TT-BLĐTBXH \nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \n"
    "Độc lập - Tự do - Hạnh phúc \n \nHà Nội, ngày 21 tháng 10 năm 2021 \n \nTHÔNG TƯ \nQuy định về Điều lệ trường cao đẳng \n \n"
    "Căn cứ Luật Giáo dục nghề nghiệp ngày 27 tháng 11 năm 2014; \n"
    "Điều 1. Phạm vi điều chỉnh \nThông tư này quy định về Điều lệ trường cao đẳng. \n"
    "Điều 2. Hiệu lực thi hành \nThông tư này có hiệu lực thi hành kể từ ngày 06 tháng 12 năm 2021./. \n \n"
    "Nơi nhận: \n- Ban Bí thư Trung ương Đảng; \n- Lưu: VT, TCGDNN (20 bản). \nKT. BỘ TRƯỞNG \nTHỨ TRƯỞNG \n \nLê Tấn Dũng \n \n"
)
ANNEX = (
    "PHỤ LỤC \nCÁC MẪU VĂN BẢN \n(Kèm theo Thông tư số 15/2021/TT-BLĐTBXH ngày 21 tháng 10 năm 2021 của Bộ trưởng \n"
    "Bộ Lao động - Thương binh và Xã hội) \n \n"
    "Mẫu số 01. Văn bản đề nghị thành lập hội đồng trường \n \n......(1)...... \n.........(2)......... \n \n"
    "Số:........./......... \nV/v thành lập hội đồng trường \nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \nĐộc lập - Tự do - Hạnh phúc \n"
    "..........., ngày..... tháng..... năm 20..... \n \nKính gửi: [Cơ quan có thẩm quyền thành lập hội đồng trường] \n \n"
    "I. Nêu lý do đề nghị thành lập hội đồng trường \n"
    "Nơi nhận: \n- Như trên; \n- Lưu: VT. \nTHỦ TRƯỞNG CƠ QUAN \n(Ký, ghi rõ họ tên, đóng dấu) \n \n"
    "Mẫu số 02. Biên bản họp bầu hội đồng trường \n \n......(1)...... \nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \n"
    "Độc lập - Tự do - Hạnh phúc \n..........., ngày..... tháng..... năm 20..... \n \nBIÊN BẢN HỌP \n"
    "I. Thời gian, địa điểm \n"
)


def test_forms_after_the_signature_are_sections_of_the_document() -> None:
    docs = split_documents(norm(CIRCULAR + ANNEX))
    assert len(docs) == 1  # the forms print the motto, but their number and date are blanks
    doc = parse_document(docs[0])
    assert (doc.reference, doc.signer and doc.signer.name) == ("15/2021/TT-BLĐTBXH", "Lê Tấn Dũng")
    tops = [(s.anchor, s.kind, s.label, s.title) for s in doc.sections]
    assert tops == [
        ("dieu-1", "dieu", "1", "Phạm vi điều chỉnh"),
        ("dieu-2", "dieu", "2", "Hiệu lực thi hành"),
        ("phu-luc", "phu-luc", "", "CÁC MẪU VĂN BẢN"),
        ("mau-so-01", "mau", "01", "Văn bản đề nghị thành lập hội đồng trường"),
        ("mau-so-02", "mau", "02", "Biên bản họp bầu hội đồng trường"),
    ]
    # a form's own parts are anchored under it
    assert [c.anchor for c in doc.sections[3].children] == ["mau-so-01-muc-i"]


SECOND = (
    "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI \nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \nĐộc lập - Tự do - Hạnh phúc \n \n"
    "Quảng Ngãi, ngày 23 tháng 3 năm 2022 \n \nSố: 53 /KH-UBND \n \nKẾ HOẠCH \nThực hiện công tác dân vận năm 2022 \n"
    "I. MỤC ĐÍCH, YÊU CẦU \n"
)


def test_a_second_header_with_its_own_number_is_a_second_document() -> None:
    docs = split_documents(norm(CIRCULAR + SECOND))
    assert len(docs) == 2
    assert parse_document(docs[1]).reference == "53/KH-UBND"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Phụ lục I", ("phu-luc", "I", "")),
        ("PHỤ LỤC II", ("phu-luc", "II", "")),
        ("Phụ lục", ("phu-luc", "", "")),
        ("PHỤ LỤC A ", ("phu-luc", "A", "")),
        ("Mẫu số: 01/TB-ĐĐKD", ("mau", "01/TB-ĐĐKD", "")),
        ("Mẫu số 01. Văn bản đề nghị thành lập hội đồng trường", ("mau", "01", "Văn bản đề nghị thành lập hội đồng trường")),
        ("Mẫu số 01/TNCN", ("mau", "01/TNCN", "")),
        ("Biểu số 02", ("bieu", "02", "")),
        # running text and lists that name an annex or a form are not headings
        ("Phụ lục Bảng kê chi tiết cá nhân cho thuê bất động sản theo Mẫu số 02/BK-", None),
        ("Phụ lục I kèm theo Thông tư này.", None),
        ("BIỂU MẪU VỀ KIỂM TRA, GIÁM SÁT, TẠM DỪNG LÀM THỦ TỤC HẢI QUAN", None),
        ("Mẫu đơn đề nghị được ban hành tại Phụ lục II", None),
        ("MẪU C/O UAE-VN", None),
        ("Mẫu số 03 Phụ lục I", None),  # a table cell citing form 03 of another instrument's Annex I  # the title of an annex: a kind of form named by its code, without "số"
        ("Mẫu 02/TNCN", ("mau", "02/TNCN", "")),
    ],
)
def test_annex_headings(line: str, expected: tuple[str, str, str] | None) -> None:
    assert heading(line.strip()) == expected



@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a bare annex label after a table's last cell and a page break, then its title in capitals
        (
            "b) \nChăm sóc người bệnh tại gia đình \n(khán hộ công gia đình), giúp việc gia \nđình, nông nghiệp, thuyền viên tàu cá \n"
            "gần bờ \n0,4 tháng tiền lương/mỗi 12 tháng hợp \nđồng và tối đa không quá 01 tháng tiền \n"
            "lương/hợp đồng từ 36 tháng trở lên \n3 Hàn Quốc \n \n  \nThuyền viên tàu cá gần bờ \n"
            "0,7 tháng tiền lương/mỗi 12 tháng hợp \nđồng và tối đa không quá 02 tháng tiền \n"
            "lương/hợp đồng từ 36 tháng trở lên \n4 Các nước Đông Nam Á \n \n  \nLao động giúp việc gia đình \n0 đồng \n\n"
            "CÔNG BÁO/Số 332/Ngày 16-06-2026 \n89\n \n \n5 Các nước Tây Á \n \n  \nLao động giúp việc gia đình \n0 đồng \n"
            "6 Ô-xtrây-li-a \n \n  \nLao động nông nghiệp \n0 đồng \n  \n\nCÔNG BÁO/Số 332/Ngày 16-06-2026 \n90\n \n \n"
            "Phụ lục XII \nCHƯƠNG TRÌNH, NỘI DUNG, THỜI LƯỢNG GIÁO DỤC ĐỊNH HƯỚNG \n"
            "(Ban hành kèm theo Thông tư số 09/2026/TT-BNV ngày 15/5/2026                 \ncủa Bộ trưởng Bộ Nội vụ) \n",
            ["Phụ lục XII"],
        ),
        # a label with its title in capitals after the last row of the annex before it
        (
            "0707 Số lao động thường xuyên của hợp tác xã, liên hiệp hợp tác xã, tổ hợp tác giải thể, tạm ngừng hoạt "
            "động trong năm phân theo loại hình, ngành kinh tế và tỉnh, thành phố trực thuộc Trung ương \n"
            "0708 Số hợp tác xã, liên hiệp hợp tác xã giải thể, tạm ngừng hoạt động \n \n\n \n10 \n"
            "CÔNG BÁO/Số 1069 + 1070/Ngày 23-10-2023 \n  \nPhụ lục II: NỘI DUNG HỆ THỐNG CHỈ TIÊU THỐNG KÊ  \n"
            "NGÀNH KẾ HOẠCH VÀ ĐẦU TƯ \n(Ban hành kèm theo Thông tư số 09/2023/TT-BKHĐT ngày 09 tháng 10 năm 2023  \n",
            ["Phụ lục II: NỘI DUNG HỆ THỐNG CHỈ TIÊU THỐNG KÊ"],
        ),
        # a label that goes on a sentence cut by a page break stays in it
        (
            "Hồ sơ đề nghị cấp giấy phép gồm văn bản đề nghị, bản sao giấy chứng nhận đăng ký doanh nghiệp, danh sách "
            "người lao động và các giấy tờ chứng minh đủ điều kiện hoạt động dịch vụ được lập theo quy định tại \n"
            " \nCÔNG BÁO/Số 332/Ngày 16-06-2026 \n90\n \nPhụ lục II \nKèm theo Thông tư này. \n",
            [],
        ),
    ],
)
def test_a_bare_annex_label_stands_on_its_own_line(lines: str, expected: list[str]) -> None:
    assert [t for t in texts(norm(lines)) if heading(t)] == expected


LISTED_FORMS = (
    "Phụ lục I \nCÁC MẪU VĂN BẢN \n(Ban hành kèm theo Thông tư số 09/2026/TT-BNV ngày 15/5/2026 của Bộ trưởng Bộ Nội vụ) \n"
    "Mẫu số 01 Đăng ký chuẩn bị nguồn lao động \n"
    "Mẫu số 02 Văn bản đăng ký hợp đồng cung ứng lao động \n"
    "Mẫu số 03 Hợp đồng đưa người lao động đi làm việc ở nước ngoài \n \n"
    "Mẫu số 01 \n \nĐĂNG KÝ CHUẨN BỊ NGUỒN LAO ĐỘNG \n" + "1. Tên doanh nghiệp: ....................................... \n" * 8
    + "Mẫu số 02 \n \nVĂN BẢN ĐĂNG KÝ HỢP ĐỒNG CUNG ỨNG LAO ĐỘNG \n" + "2. Nội dung hợp đồng: ..................................... \n" * 8
    + "Mẫu số 03 \n \nHỢP ĐỒNG ĐƯA NGƯỜI LAO ĐỘNG ĐI LÀM VIỆC Ở NƯỚC NGOÀI \n" + "Điều 1. Thời hạn hợp đồng ........................... \n" * 8
    + "Phụ lục II \nMẪU BÁO CÁO \n"
    "Mẫu số 01. Báo cáo tình hình thực hiện hợp đồng \n" + "I. Tình hình chung ................................... \n" * 8
)


def test_a_list_of_forms_at_the_start_of_an_annex_is_not_a_row_of_annexes() -> None:
    doc = parse_document(split_documents(norm(CIRCULAR + LISTED_FORMS))[0])
    tops = [(s.kind, s.label, s.title) for s in doc.sections if s.kind != "dieu"]
    assert tops == [
        ("phu-luc", "I", "CÁC MẪU VĂN BẢN"),
        ("mau", "01", "ĐĂNG KÝ CHUẨN BỊ NGUỒN LAO ĐỘNG"),
        ("mau", "02", "VĂN BẢN ĐĂNG KÝ HỢP ĐỒNG CUNG ỨNG LAO ĐỘNG"),
        ("mau", "03", "HỢP ĐỒNG ĐƯA NGƯỜI LAO ĐỘNG ĐI LÀM VIỆC Ở NƯỚC NGOÀI"),
        ("phu-luc", "II", "MẪU BÁO CÁO"),
        ("mau", "01", "Báo cáo tình hình thực hiện hợp đồng"),  # the same label in another annex is its own form
    ]
    # the list's lines stay in the annex they open
    listed = " ".join(b.text for b in doc.sections[[s.label for s in doc.sections].index("I")].blocks)
    assert "Mẫu số 02 Văn bản đăng ký hợp đồng cung ứng lao động" in listed

# --- headers of legal documents -----------------------------------------------------------------------------------

UBTVQH = (
    "ỦY BAN THƯỜNG VỤ QUỐC HỘI \n \nỦY BAN THƯỜNG VỤ QUỐC HỘI \n \n Nghị quyết số: 89/2025/UBTVQH15 \n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \nĐộc lập - Tự do - Hạnh phúc \n \n \n \nNGHỊ QUYẾT \n"
    "Về mức chi tổ chức và hoạt động bảo hiểm xã hội, bảo hiểm thất nghiệp  \ngiai đoạn 2025 - 2027 \n \n"
    "ỦY BAN THƯỜNG VỤ QUỐC HỘI \n \nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam; \n \nQUYẾT NGHỊ: \n"
    "Điều 1. Mức chi tổ chức và hoạt động bảo hiểm xã hội \n1. Mức chi như sau. \n"
    "Điều 2. Hiệu lực thi hành \nNghị quyết này có hiệu lực thi hành từ ngày 01 tháng 9 năm 2025./. \n \n"
    "Nghị quyết này được Ủy ban Thường vụ Quốc hội nước Cộng hòa xã hội chủ \n"
    "nghĩa Việt Nam khóa XV, phiên họp thứ 47 thông qua ngày 10 tháng 7 năm 2025. \n"
    "TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI \nCHỦ TỊCH \n \nTrần Thanh Mẫn \n"
)
CONSOLIDATED = (
    "VĂN BẢN PHÁP LUẬT KHÁC \nVĂN BẢN HỢP NHẤT -  \nBỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI \n \n \n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \nĐộc lập - Tự do - Hạnh phúc \n \nTHÔNG TƯ \n"
    "Quy định về tuyển dụng, sử dụng, bồi dưỡng đối với nhà giáo giáo dục nghề nghiệp \n \n"
    "Thông tư số 06/2017/TT-BLĐTBXH ngày 08 tháng 3 năm 2017 của Bộ trưởng Bộ Lao động - Thương binh và Xã hội, \n"
    "có hiệu lực kể từ ngày 01 tháng 5 năm 2017, được sửa đổi, bổ sung bởi: \n"
    "Căn cứ Luật Giáo dục nghề nghiệp ngày 27 tháng 11 năm 2014; \n"
    "Điều 1. Phạm vi điều chỉnh \nThông tư này quy định về tuyển dụng nhà giáo. \n"
    "Điều 17. Hiệu lực thi hành \n1. Thông tư này có hiệu lực thi hành từ ngày 01 tháng 5 năm 2017. \n \n \n"
    "BỘ LAO ĐỘNG - THƯƠNG BINH \nVÀ XÃ HỘI \n \nXÁC THỰC VĂN BẢN HỢP NHẤT \nSố: 4082/VBHN-BLĐTBXH \n"
    "Hà Nội, ngày 30 tháng 8 năm 2024 \n \n \n \nKT. BỘ TRƯỞNG \nTHỨ TRƯỞNG \nLê Tấn Dũng \n"
)
LAW = (
    "QUỐC HỘI \n-------- \nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \nĐộc lập – Tự do – Hạnh phúc \n--------------- \n"
    "Luật số: 56/2024/QH15 \n \nLUẬT \nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT CHỨNG KHOÁN \n \n"
    "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam; \n"
    "Chương I \nNHỮNG QUY ĐỊNH CHUNG \nĐiều 1. Phạm vi điều chỉnh \n1. Luật này quy định: \n"
    "a) Hoạt động chứng khoán; \nChương II \nHIỆU LỰC THI HÀNH \nMục 1 \nQUY ĐỊNH CHUNG \nTiểu mục 1 \nHIỆU LỰC \n"
    "Điều 5. Hiệu lực thi hành \n1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2025. \n"
    "2. Các trường hợp sau đây: \na) Trường hợp thứ nhất; \n \n"
    "Luật này được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 8 thông qua ngày 29 tháng 11 năm 2024. \n"
    " \nCHỦ TỊCH QUỐC HỘI \n \nTrần Thanh Mẫn \n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the resolution of the Standing Committee: "Nghị quyết số:", dated by its closing sentence
        (UBTVQH, ("89/2025/UBTVQH15", "89", "UBTVQH15", "NQ", "Ủy ban Thường vụ Quốc hội", "2025-07-10", "Trần Thanh Mẫn")),
        # a consolidated text: its number, date and signer are in its authentication block after the body
        (CONSOLIDATED, ("4082/VBHN-BLĐTBXH", "4082", "VBHN-BLĐTBXH", "VBHN", "Bộ Lao động - Thương binh và Xã hội", "2024-08-30", "Lê Tấn Dũng")),
        # a law: "Luật số:", en dashes in the motto, the date in its closing sentence
        (LAW, ("56/2024/QH15", "56", "QH15", "Luật", "Quốc hội", "2024-11-29", "Trần Thanh Mẫn")),
    ],
)
def test_headers_of_legal_documents(text: str, expected: tuple[str, ...]) -> None:
    docs = split_documents(norm(text))
    assert len(docs) == 1
    doc = parse_document(docs[0])
    got = (doc.reference, doc.number, doc.symbol, doc.type_code, doc.issuer, doc.date and doc.date.isoformat(), doc.signer and doc.signer.name)
    assert got == expected
    if expected[-2] and "thông qua" in text:
        # a date read from the closing sentence says so
        assert any(p.kind == "date-from-closing" and "thông qua ngày" in p.message for p in doc.problems)


def test_consolidated_title_and_type() -> None:
    doc = parse_document(split_documents(norm(CONSOLIDATED))[0])
    assert doc.title == "Quy định về tuyển dụng, sử dụng, bồi dưỡng đối với nhà giáo giáo dục nghề nghiệp"
    assert doc.type_name == "Văn bản hợp nhất"
    assert "XÁC THỰC VĂN BẢN HỢP NHẤT" in doc.signature_lines and "Số: 4082/VBHN-BLĐTBXH" in doc.signature_lines



@pytest.mark.parametrize(
    ("type_name", "subject", "title"),
    [
        # the subject cites a decision; the history opens with the original joint circular
        (
            "THÔNG TƯ LIÊN TỊCH",
            "Hướng dẫn thực hiện chính sách nội trú quy định tại Quyết định số 53/2015/QĐ-TTg ngày 20 tháng 10 năm 2015 "
            "của Thủ tướng Chính phủ về chính sách nội trú đối với học sinh, sinh viên học cao đẳng, trung cấp Thông tư "
            "liên tịch số 12/2016/TTLT-BLĐTBXH-BGDĐT-BTC ngày 16 tháng 6 năm 2016 của Bộ trưởng Bộ Lao động - Thương binh "
            "và Xã hội, Bộ trưởng Bộ Giáo dục và Đào tạo, Bộ trưởng Bộ Tài chính hướng dẫn thực hiện chính sách nội trú, "
            "có hiệu lực kể từ ngày 01 tháng 8 năm 2016, được sửa đổi, bổ sung bởi:",
            "Hướng dẫn thực hiện chính sách nội trú quy định tại Quyết định số 53/2015/QĐ-TTg ngày 20 tháng 10 năm 2015 "
            "của Thủ tướng Chính phủ về chính sách nội trú đối với học sinh, sinh viên học cao đẳng, trung cấp",
        ),
        # no reference of the document's own type: the first history-like reference ends the subject
        (
            "THÔNG TƯ",
            "Quy định về tuyển dụng, sử dụng, bồi dưỡng đối với nhà giáo giáo dục nghề nghiệp Thông tư liên tịch số "
            "07/2015/TTLT-BLĐTBXH ngày 28 tháng 12 năm 2016, có hiệu lực từ ngày 15 tháng 02 năm 2017, được sửa đổi, bổ sung bởi:",
            "Quy định về tuyển dụng, sử dụng, bồi dưỡng đối với nhà giáo giáo dục nghề nghiệp",
        ),
        # a subject without history stays whole
        ("NGHỊ ĐỊNH", "Quy định chi tiết một số điều của Luật Việc làm", "Quy định chi tiết một số điều của Luật Việc làm"),
    ],
)
def test_a_consolidated_subject_ends_where_its_history_begins(type_name: str, subject: str, title: str) -> None:
    assert _without_history(subject, type_name) == title


@pytest.mark.parametrize(
    ("closing", "signer"),
    [
        ("BỘ TRƯỞNG  \n \n \nĐại tướng Lương Tam Quang \n", ("Lương Tam Quang", "BỘ TRƯỞNG", None)),
        ("KT. BỘ TRƯỞNG \nTHỨ TRƯỞNG \n \nThượng tướng Lê Quốc Hùng \n", ("Lê Quốc Hùng", "THỨ TRƯỞNG", "KT.")),
        ("KT. BỘ TRƯỞNG \nTHỨ TRƯỞNG \n \nLê Văn Thanh \n", ("Lê Văn Thanh", "THỨ TRƯỞNG", "KT.")),
    ],
)
def test_a_signers_rank_is_not_part_of_the_name(closing: str, signer: tuple[str, str, str | None]) -> None:
    text = CIRCULAR.split("Nơi nhận")[0] + closing
    doc = parse_document(split_documents(norm(text))[0])
    assert doc.signer is not None and (doc.signer.name, doc.signer.position, doc.signer.prefix) == signer

# --- structure of legal documents ---------------------------------------------------------------------------------


def test_structure_of_a_law_and_pinpoint_anchors() -> None:
    from generator.parse.body import walk
    from generator.resolve import pinpoint_anchor

    doc = parse_document(split_documents(norm(LAW))[0])
    anchors = [s.anchor for s in walk(doc.sections)]
    assert anchors == [
        "chuong-i", "chuong-i-dieu-1", "chuong-i-dieu-1-khoan-1", "chuong-i-dieu-1-khoan-1-diem-a",
        "chuong-ii", "chuong-ii-muc-1", "chuong-ii-muc-1-tieu-muc-1", "chuong-ii-muc-1-tieu-muc-1-dieu-5",
        "chuong-ii-muc-1-tieu-muc-1-dieu-5-khoan-1", "chuong-ii-muc-1-tieu-muc-1-dieu-5-khoan-2",
        "chuong-ii-muc-1-tieu-muc-1-dieu-5-khoan-2-diem-a",
    ]
    assert [(s.label, s.title) for s in doc.sections] == [("I", "NHỮNG QUY ĐỊNH CHUNG"), ("II", "HIỆU LỰC THI HÀNH")]
    # a pinpoint citation names the article, not the chapter above it
    assert pinpoint_anchor("điểm a khoản 2 Điều 5", doc) == "chuong-ii-muc-1-tieu-muc-1-dieu-5-khoan-2-diem-a"
    assert pinpoint_anchor("khoản 1 Điều 1", doc) == "chuong-i-dieu-1-khoan-1"
    assert pinpoint_anchor("Điều 9", doc) is None



def test_chapters_printed_in_capitals() -> None:
    """Thông tư 81/2025/TT-BCA prints its chapters 'CHƯƠNG I', its title on the next line."""
    body = (
        "CHƯƠNG I \nNHỮNG QUY ĐỊNH CHUNG \nĐiều 1. Phạm vi điều chỉnh \nThông tư này quy định biện pháp thực hiện. \n"
        "CHƯƠNG II \nĐỐI TƯỢNG, MỨC ĐÓNG BẢO HIỂM Y TẾ \nĐiều 2. Đối tượng \nĐối tượng tham gia bảo hiểm y tế. \n"
        "CHƯƠNG TRÌNH ĐÀO TẠO \n"
    )
    text = CIRCULAR.replace(CIRCULAR[CIRCULAR.index("Điều 1.") : CIRCULAR.index("Nơi nhận")], body)
    doc = parse_document(split_documents(norm(text))[0])
    assert [(s.kind, s.label, s.title) for s in doc.sections] == [
        ("chuong", "I", "NHỮNG QUY ĐỊNH CHUNG"),
        ("chuong", "II", "ĐỐI TƯỢNG, MỨC ĐÓNG BẢO HIỂM Y TẾ"),
    ]
    assert [c.anchor for c in doc.sections[1].children] == ["chuong-ii-dieu-2"]
    assert doc.sections[0].written == "CHƯƠNG I"  # shown as printed

def test_header_block_printed_below_the_opening() -> None:
    """Thông tư 09/2026/TT-BNV in the gazette: type and subject at the top, the issuer, motto, number and date at the
    foot of the first page, below the first 'Căn cứ' lines."""
    text = (
        "                                                        THÔNG TƯ \n"
        "Sửa đổi, bổ sung một số điều của Thông tư số 21/2021/TT-BLĐTBXH ngày 15 \n"
        "tháng 12 năm 2021 của Bộ trưởng Bộ Lao động – Thương binh và Xã hội \n"
        "Căn cứ Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng \nsố 69/2020/QH14; \n"
        "Theo đề nghị của Cục trưởng Cục Quản lý lao động ngoài nước; \n \n"
        "BỘ NỘI VỤ \n \n \nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \nĐộc lập - Tự do - Hạnh phúc \n \n"
        "Số: 09/2026/TT-BNV \nHà Nội, ngày 15 tháng 05 năm 2026 \n"
        "Điều 1. Sửa đổi, bổ sung một số điều \nThông tư này sửa đổi. \n"
    )
    doc = parse_document(split_documents(norm(text))[0])
    assert (doc.reference, doc.issuer, doc.date and doc.date.isoformat(), doc.type_code) == (
        "09/2026/TT-BNV", "Bộ Nội vụ", "2026-05-15", "TT",
    )
    assert doc.title and doc.title.startswith("Sửa đổi, bổ sung một số điều của Thông tư số 21/2021/TT-BLĐTBXH")
    assert [s.anchor for s in doc.sections] == ["dieu-1"]

"""Header cases the synthetic corpus found (bench/RESULTS.md, issue 8 item 4), with real header texts.

* A parent body above the issuer (cơ quan chủ quản / cơ quan ban hành, NĐ 30/2020 Phụ lục I): `UBND TỈNH SƠN LA` /
  `SỞ NỘI VỤ` is issued by the Sở, of Sơn La; `TỈNH ỦY HÀ GIANG` / `BAN CHỈ ĐẠO ...` by the Ban Chỉ đạo, of Hà Giang.
  As for seed 004, the province is the jurisdiction and is not added to the issuer's name.
* A body's name written on two lines (`ỦY BAN NHÂN DÂN` / `TỈNH LÀO CAI`, `ỦY BAN THƯỜNG VỤ` / `QUỐC HỘI`, a long
  name wrapped) stays one body.
* In a hard-wrapped công văn the date line is glued to its `V/v` subject: it is the date, not the subject.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bench.corpus import document_text, specs
from generator.models import Document, Line, SourceText
from generator.normalize import normalize
from generator.parse import parse_document
from generator.parse.header import parse_header
from generator.parse.names import issuer_bodies, issuer_of
from generator.pipeline import parse_file
from generator.split import split_documents

from .conftest import FIXTURES, SOURCE

# issuer lines as written -> (issuer, jurisdiction, number of bodies)
ISSUER_BLOCKS: list[tuple[tuple[str, ...], str | None, str | None, int]] = [
    # the seeds
    (("ỦY BAN NHÂN DÂN", "THỊ XÃ ĐỨC PHỐ"), "Ủy ban nhân dân thị xã Đức Phố", "Đức Phố", 1),
    (("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",), "Ủy ban nhân dân tỉnh Quảng Ngãi", "Quảng Ngãi", 1),
    (("ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"), "Ủy ban nhân dân tỉnh Lào Cai", "Lào Cai", 1),
    # corpus-extra (national bodies: no jurisdiction)
    (("ỦY BAN THƯỜNG VỤ", "QUỐC HỘI"), "Ủy ban Thường vụ Quốc hội", None, 1),
    (("BAN CHẤP HÀNH TRUNG ƯƠNG",), "Ban Chấp hành Trung ương", None, 1),
    # a parent body above the issuer
    (("UBND TỈNH SƠN LA", "SỞ NỘI VỤ"), "Sở Nội vụ", "Sơn La", 2),
    (("**UBND TỈNH SƠN LA", "SỞ NỘI VỤ**"), "Sở Nội vụ", "Sơn La", 2),
    (("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "SỞ NỘI VỤ"), "Sở Nội vụ", "Quảng Ngãi", 2),
    (("TỈNH ỦY HÀ GIANG", "BAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ"),
     "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở", "Hà Giang", 2),
    (("TỈNH ỦY HÀ GIANG", "BAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ", "DÂN CHỦ Ở CƠ SỞ"),
     "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở", "Hà Giang", 2),
    (("TỈNH UỶ QUẢNG NGÃI", "BAN DÂN VẬN"), "Ban Dân vận", "Quảng Ngãi", 2),
    (("TỈNH ỦY LÀO CAI", "BAN THƯỜNG VỤ"), "Ban Thường vụ Tỉnh ủy", "Lào Cai", 2),
    (("UBND TỈNH QUẢNG NGÃI", "VĂN PHÒNG"), "Văn phòng Ủy ban nhân dân tỉnh", "Quảng Ngãi", 2),
    # joint documents (thông tư liên tịch): the issuers joined by dashes on one line, or wrapped over two
    (("BỘ TÀI CHÍNH - BỘ NỘI VỤ",), "Bộ Tài chính, Bộ Nội vụ", None, 1),
    (("BỘ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI - BỘ TÀI CHÍNH"), "Bộ Lao động - Thương binh và Xã hội, Bộ Tài chính", None, 1),
    # one ministry whose own name holds a dash stays one issuer
    (("BỘ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"), "Bộ Lao động - Thương binh và Xã hội", None, 1),
    (("UBND TỈNH BÌNH ĐỊNH", "SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"), "Sở Lao động - Thương binh và Xã hội", "Bình Định", 2),
    (("UBND TỈNH LÀO CAI", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"), "Sở Văn hóa, Thể thao và Du lịch", "Lào Cai", 2),
    (("UBND THỊ XÃ ĐỨC PHỔ", "PHÒNG NỘI VỤ"), "Phòng Nội vụ", "Đức Phổ", 2),
    # one line, one body: the body words after the first belong to it
    (("VĂN PHÒNG UBND TỈNH QUẢNG NGÃI",), "Văn phòng Ủy ban nhân dân tỉnh Quảng Ngãi", "Quảng Ngãi", 1),
    (("BAN DÂN VẬN TỈNH ỦY",), "Ban Dân vận Tỉnh ủy", None, 1),
    (("BỘ NỘI VỤ",), "Bộ Nội vụ", None, 1),
    ((), None, None, 0),
]


@pytest.mark.parametrize(("lines", "issuer", "jurisdiction", "bodies"), ISSUER_BLOCKS, ids=[" / ".join(c[0]) or "empty" for c in ISSUER_BLOCKS])
def test_issuer_block(lines: tuple[str, ...], issuer: str | None, jurisdiction: str | None, bodies: int) -> None:
    assert issuer_of(lines) == (issuer, jurisdiction)
    assert len(issuer_bodies(lines)) == bodies


# header lines as the normaliser gives them -> (title, place, date, date_text)
VV_HEADERS: list[tuple[tuple[str, ...], str, str | None, date | None, str | None]] = [
    # hard-wrapped file: the date line glued to the subject (synthetic file 00010 of `bench.corpus 300`)
    (("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 1/UBND-NC",
      "V/v triển khai thực hiện Quy chế dân chủ ở cơ sở năm 2024 Quảng Nam, ngày 24 tháng 05 năm 2024", "Kính gửi:", "- Công an tỉnh;"),
     "triển khai thực hiện Quy chế dân chủ ở cơ sở năm 2024", "Quảng Nam", date(2024, 5, 24), "Quảng Nam, ngày 24 tháng 05 năm 2024"),
    (("UBND TỈNH SƠN LA", "SỞ NỘI VỤ", "Số: 215/SNV-CCVC",
      "V/v tổ chức phong trào thi đua “Dân vận khéo” Sơn La, ngày 12 tháng 3 năm 2024"),
     "tổ chức phong trào thi đua “Dân vận khéo”", "Sơn La", date(2024, 3, 12), "Sơn La, ngày 12 tháng 3 năm 2024"),
    # a place of several words with a hyphen
    (("ỦY BAN NHÂN DÂN", "TỈNH BÀ RỊA - VŨNG TÀU", "Số: 3107/UBND-VP",
      "V/v thực hiện công tác dân vận chính quyền năm 2023 Bà Rịa - Vũng Tàu, ngày 05 tháng 6 năm 2023"),
     "thực hiện công tác dân vận chính quyền năm 2023", "Bà Rịa - Vũng Tàu", date(2023, 6, 5), "Bà Rịa - Vũng Tàu, ngày 05 tháng 6 năm 2023"),
    # the issuer's place after a capitalised name: the place is the issuer's, not the whole capitalised run
    (("ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "Số: 560/UBND-NC",
      "V/v triển khai Kế hoạch của Tỉnh ủy Lào Cai Lào Cai, ngày 17 tháng 01 năm 2022"),
     "triển khai Kế hoạch của Tỉnh ủy Lào Cai", "Lào Cai", date(2022, 1, 17), "Lào Cai, ngày 17 tháng 01 năm 2022"),
    # blank day and month, as in seed 002
    (("UBND TỈNH BÌNH ĐỊNH", "SỞ NỘI VỤ", "Số: /SNV-XDCQ", "V/v thực hiện công tác dân vận chính quyền Bình Định, ngày tháng năm 2023"),
     "thực hiện công tác dân vận chính quyền", "Bình Định", None, "Bình Định, ngày tháng năm 2023"),
    # seed 000: the subject on four lines, the date line after it
    (("ỦY BAN NHÂN DÂN", "THỊ XÃ ĐỨC PHỐ", "Số: 560 /UBND", "V/v tham mưu triển khai thực", "hiện Kế hoạch số 53/KH-",
      "UBND ngày 23/3/2022 của", "UBND tỉnh Quảng Ngãi", "Đức Phổ, ngày 28 tháng 3 năm 2022", "Kính gửi:"),
     "tham mưu triển khai thực hiện Kế hoạch số 53/KH-UBND ngày 23/3/2022 của UBND tỉnh Quảng Ngãi", "Đức Phổ", date(2022, 3, 28),
     "Đức Phổ, ngày 28 tháng 3 năm 2022"),
    # a subject line that holds a date is the subject going on, not the date line
    (("ỦY BAN NHÂN DÂN", "THỊ XÃ ĐỨC PHỐ", "Số: 560 /UBND", "V/v tham mưu triển khai thực hiện Kế hoạch số 53/KH-UBND",
      "ngày 23 tháng 3 năm 2022 của UBND tỉnh Quảng Ngãi", "Đức Phổ, ngày 28 tháng 3 năm 2022"),
     "tham mưu triển khai thực hiện Kế hoạch số 53/KH-UBND ngày 23 tháng 3 năm 2022 của UBND tỉnh Quảng Ngãi", "Đức Phổ",
     date(2022, 3, 28), "Đức Phổ, ngày 28 tháng 3 năm 2022"),
    # a date written in the subject, the date line elsewhere: nothing is cut
    (("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 1188/UBND-NC", "V/v triển khai Kế hoạch số 53/KH-UBND ngày 23/3/2022 của UBND tỉnh"),
     "triển khai Kế hoạch số 53/KH-UBND ngày 23/3/2022 của UBND tỉnh", None, None, None),
]


@pytest.mark.parametrize(("texts", "title", "place", "when", "date_text"), VV_HEADERS, ids=[c[1][:40] for c in VV_HEADERS])
def test_vv_subject_and_date(texts: tuple[str, ...], title: str, place: str | None, when: date | None, date_text: str | None) -> None:
    header = parse_header(tuple(Line(k + 1, t) for k, t in enumerate(texts)), "x.txt")
    assert header.type_code == "CV"
    assert (header.title, header.place, header.date, header.date_text) == (title, place, when, date_text)


def _parse(text: str) -> Document:
    docs = split_documents(normalize(SourceText("x.txt", text, "utf-8", "txt")))
    return parse_document(docs[0])


_BODY = """
KẾ HOẠCH
Thực hiện Quy chế dân chủ ở cơ sở năm 2024

Thực hiện Kết luận số 120-KL/TW ngày 07/01/2016 của Bộ Chính trị, {actor} ban hành Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU

1. Tiếp tục triển khai thực hiện tốt quy chế dân chủ ở cơ sở.
"""

# whole headers -> (issuer, jurisdiction, place, reference, issuer_lines)
DOCUMENTS: list[tuple[str, str, str, str, str, tuple[str, ...]]] = [
    ("UBND TỈNH SƠN LA\nSỞ NỘI VỤ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: 12/KH-SNV\n"
     "Sơn La, ngày 12 tháng 3 năm 2024\n" + _BODY.format(actor="Sở Nội vụ"),
     "Sở Nội vụ", "Sơn La", "Sơn La", "12/KH-SNV", ("UBND TỈNH SƠN LA", "SỞ NỘI VỤ")),
    ("\tUBND TỈNH SƠN LA\nSỞ NỘI VỤ\n-------\n\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc \n---------------\n\n"
     "Số: 12/KH-SNV\nSơn La, ngày 12 tháng 3 năm 2024\n" + _BODY.format(actor="Sở Nội vụ"),
     "Sở Nội vụ", "Sơn La", "Sơn La", "12/KH-SNV", ("UBND TỈNH SƠN LA", "SỞ NỘI VỤ")),
    ("TỈNH ỦY HÀ GIANG\nBAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ\n*\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 9-KH/BCĐ\n"
     "Hà Giang, ngày 15 tháng 07 năm 2021\n" + _BODY.format(actor="Ban Chỉ đạo tỉnh"),
     "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở", "Hà Giang", "Hà Giang", "9-KH/BCĐ",
     ("TỈNH ỦY HÀ GIANG", "BAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ")),
    ("TỈNH ỦY HÀ GIANG\nBAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ\nDÂN CHỦ Ở CƠ SỞ\n*\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 9-KH/BCĐ\n"
     "Hà Giang, ngày 15 tháng 07 năm 2021\n" + _BODY.format(actor="Ban Chỉ đạo tỉnh"),
     "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở", "Hà Giang", "Hà Giang", "9-KH/BCĐ",
     ("TỈNH ỦY HÀ GIANG", "BAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ", "DÂN CHỦ Ở CƠ SỞ")),
]


@pytest.mark.parametrize(("text", "issuer", "jurisdiction", "place", "reference", "issuer_lines"), DOCUMENTS,
                         ids=["so-noi-vu", "so-noi-vu-tabs", "ban-chi-dao", "ban-chi-dao-wrapped"])
def test_document_header(text: str, issuer: str, jurisdiction: str, place: str, reference: str, issuer_lines: tuple[str, ...]) -> None:
    doc = _parse(text)
    assert (doc.issuer, doc.jurisdiction, doc.place, doc.reference) == (issuer, jurisdiction, place, reference)
    assert doc.issuer_lines == issuer_lines  # the parent body stays in the header as written
    assert "issuer" not in doc.inferred
    assert doc.url.startswith(f"van-ban/{'son-la' if jurisdiction == 'Sơn La' else 'ha-giang'}/")


# files of `python -m bench.corpus 300` whose date line was read as part of the V/v subject (9 of 47 công văn)
GLUED = (10, 22, 81, 89, 133, 148, 167, 237, 249)


def test_hard_wrapped_congvan_of_the_benchmark() -> None:
    all_specs = specs(max(GLUED) + 1)
    for i in GLUED:
        s = all_specs[i]
        doc = _parse(document_text(i, all_specs))
        assert (doc.type_code, doc.title) == ("CV", s.subject), i
        assert (doc.place, doc.date, doc.jurisdiction) == (s.province, s.issued, s.province), i


# corpus-extra, pandoc tables: one body on two lines, a national body without jurisdiction
EXTRA = [
    ("1654_NQ-UBTVQH15.txt", "Ủy ban Thường vụ Quốc hội", None, "1654/NQ-UBTVQH15"),
    ("60-NQ_TW.txt", "Ban Chấp hành Trung ương", None, "60-NQ/TW"),
]


@pytest.mark.parametrize(("name", "issuer", "jurisdiction", "reference"), EXTRA, ids=[e[0] for e in EXTRA])
def test_corpus_extra_headers(name: str, issuer: str, jurisdiction: str | None, reference: str) -> None:
    folder = FIXTURES / "corpus-extra"
    docs, problems = parse_file(folder / name, folder)
    assert not problems
    assert (docs[0].issuer, docs[0].jurisdiction, docs[0].reference) == (issuer, jurisdiction, reference)


def test_seed_issuers_unchanged() -> None:
    """The seeds' headers hold one body each: issuer and jurisdiction as tests/expectations/seeds.json has them."""
    got = {}
    for path in sorted(Path(SOURCE).glob("*.txt")):
        for doc in parse_file(path, Path(SOURCE))[0]:
            got[(path.name[:3], doc.index)] = (doc.issuer, doc.jurisdiction)
    assert got[("000", 0)] == ("Ủy ban nhân dân thị xã Đức Phổ", "Đức Phổ")
    assert got[("000", 1)] == ("Ủy ban nhân dân tỉnh Quảng Ngãi", "Quảng Ngãi")
    assert got[("001", 0)] == ("Ủy ban nhân dân tỉnh Lào Cai", "Lào Cai")


# a joint circular (thông tư liên tịch), laid out as the gazette prints one: the issuers joined by a dash over two
# lines, and one signature block per issuer
JOINT_CIRCULAR = """BỘ LAO ĐỘNG - THƯƠNG BINH
VÀ XÃ HỘI - BỘ TÀI CHÍNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 23/2012/TTLT-BLĐTBXH-BTC
Hà Nội, ngày 04 tháng 10 năm 2012

THÔNG TƯ LIÊN TỊCH
Hướng dẫn thực hiện chế độ ưu đãi trong giáo dục đào tạo

Điều 1. Phạm vi điều chỉnh
Thông tư liên tịch này hướng dẫn thực hiện chế độ ưu đãi.

Điều 2. Hiệu lực thi hành
Thông tư liên tịch này có hiệu lực thi hành kể từ ngày 20 tháng 11 năm 2012.

KT. BỘ TRƯỞNG BỘ TÀI CHÍNH
THỨ TRƯỞNG
Nguyễn Thị Minh

KT. BỘ TRƯỞNG BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI
THỨ TRƯỞNG
Nguyễn Thanh Hòa
"""


def test_joint_circular_names_both_issuers_and_keeps_each_signature() -> None:
    doc = _parse(JOINT_CIRCULAR)
    assert (doc.reference, doc.type_code, doc.date) == ("23/2012/TTLT-BLĐTBXH-BTC", "TTLT", date(2012, 10, 4))
    assert doc.issuer == "Bộ Lao động - Thương binh và Xã hội, Bộ Tài chính"
    assert doc.signer is not None
    assert (doc.signer.name, doc.signer.position, doc.signer.prefix) == ("Nguyễn Thị Minh", "THỨ TRƯỞNG", "KT.")
    # the second issuer's signature is not merged into the first one's, and stays on the page as written
    assert "Nguyễn Thanh Hòa" in doc.signature_lines

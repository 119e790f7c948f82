"""Synthetic corpora for the benchmark, in the grammar of the seed documents.

Every document is a plan (kế hoạch), a Party steering-committee plan (Số 03-KH/BCĐ style) or a công văn, with the
parts NĐ 30/2020 gives them and the seeds show: issuer and national motto, number and symbol, place and date, type
and subject, a preamble citing national instruments and earlier documents of the corpus, sections I./1./a) and
bullets, the agencies of "Tổ chức thực hiện" with their duties and deadlines, recipients and a signature. The
sentences are clauses of the seeds; the national instruments are the ones the seeds cite, with the dates they give.
Some files carry the extraction noise of the seeds: converter emphasis, hard wraps at ~75 characters, tabs, a
digital-signature stamp.

The corpus is synthetic and says so in nothing but its file names (`synthetic/`): it is for measuring, never for
publishing. Generation is deterministic and prefix-stable: document i depends only on the seed and on documents
0..i-1, so `generate(n + 1)` is `generate(n)` plus one file, which is how the benchmark adds one document.
"""

from __future__ import annotations

import argparse
import random
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k")

# Provinces: the seeds' three, and others of the same regions (names only; nothing is said about them).
PROVINCES = (
    "Quảng Ngãi", "Lào Cai", "Bình Định", "Quảng Nam", "Phú Yên", "Gia Lai", "Kon Tum", "Yên Bái", "Hà Giang",
    "Điện Biên", "Sơn La", "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Khánh Hòa", "Đắk Lắk", "Lâm Đồng", "Tây Ninh",
)

# National instruments as the seeds cite them: (type, reference, date as written, issuer, subject)
NATIONAL = (
    ("Chỉ thị", "33/CT-TTg", "26/11/2021", "Thủ tướng Chính phủ",
     "tiếp tục tăng cường và đổi mới công tác dân vận trong cơ quan hành chính nhà nước, chính quyền các cấp trong tình hình mới"),
    ("Kết luận", "120-KL/TW", "07/01/2016", "Bộ Chính trị",
     "tiếp tục đẩy mạnh, nâng cao chất lượng, hiệu quả việc xây dựng và thực hiện quy chế dân chủ ở cơ sở"),
    ("Nghị định", "04/2015/NĐ-CP", "09/01/2015", "Chính phủ",
     "thực hiện dân chủ trong hoạt động của cơ quan hành chính nhà nước và đơn vị sự nghiệp công lập"),
    ("Pháp lệnh", "34/2007/PL-UBTVQH11", "20/4/2007", "Ủy ban Thường vụ Quốc hội", "thực hiện dân chủ ở xã, phường, thị trấn"),
    ("Nghị quyết", "25-NQ/TW", "03/6/2013", "Ban Chấp hành Trung ương Đảng khóa XI",
     "tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới"),
    ("Quyết định", "23-QĐ/TW", "30/7/2021", "Bộ Chính trị", "ban hành Quy chế công tác dân vận của hệ thống chính trị"),
    ("Chỉ thị", "35-CT/TW", "26/5/2014", "Bộ Chính trị",
     "tăng cường sự lãnh đạo của Đảng đối với công tác tiếp công dân và giải quyết khiếu nại, tố cáo"),
    ("Chỉ thị", "14/CT-TTg", "18/5/2012", "Thủ tướng Chính phủ",
     "chấn chỉnh và nâng cao hiệu quả công tác tiếp công dân, giải quyết khiếu nại, tố cáo"),
    ("Chỉ thị", "49-CT/TW", "20/10/2015", "Ban Bí thư",
     "nâng cao hiệu quả công tác dân vận của Đảng ở vùng đồng bào dân tộc thiểu số"),
    ("Kết luận", "114-KL/TW", "14/7/2015", "Ban Bí thư", "nâng cao hiệu quả công tác dân vận của cơ quan nhà nước các cấp"),
)

SUBJECTS = (
    "Thực hiện công tác dân vận chính quyền năm {y}",
    "Thực hiện Quy chế dân chủ ở cơ sở năm {y}",
    "Triển khai thực hiện Quy chế dân chủ ở cơ sở và công tác dân vận chính quyền năm {y}",
    "Thực hiện công tác dân vận chính quyền giai đoạn {y} - {y4}",
    "Kiểm tra công tác dân vận chính quyền năm {y}",
    "Tổ chức phong trào thi đua “Dân vận khéo” năm {y}",
    "Tăng cường công tác tiếp công dân, giải quyết khiếu nại, tố cáo năm {y}",
    "Cải cách hành chính nhà nước năm {y}",
)

AIMS = "MỤC ĐÍCH, YÊU CẦU"
CONTENT_HEADINGS = ("NỘI DUNG NHIỆM VỤ", "NHIỆM VỤ VÀ GIẢI PHÁP THỰC HIỆN", "NỘI DUNG THỰC HIỆN")
ORGANISE = "TỔ CHỨC THỰC HIỆN"

TOPICS = (
    "Công tác tuyên truyền, quán triệt các văn bản chỉ đạo của Trung ương, của tỉnh về công tác dân vận",
    "Đẩy mạnh cải cách hành chính, xây dựng chính quyền năng động, hiệu quả",
    "Tiếp tục thực hiện quy chế dân chủ gắn với công tác dân vận chính quyền",
    "Thực hiện tốt công tác tiếp dân và giải quyết khiếu nại, tố cáo",
    "Tăng cường và đổi mới công tác dân vận ở vùng đồng bào dân tộc thiểu số",
    "Công tác phối hợp giữa các cơ quan quản lý nhà nước với Ủy ban Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội",
    "Công tác kiểm tra, giám sát việc thực hiện công tác dân vận",
    "Xây dựng và nhân rộng các mô hình, điển hình “Dân vận khéo”",
)

# Clauses of the seeds (a sentence is one to three of them joined by "; ")
CLAUSES = (
    "Theo dõi, nắm bắt tình hình, nguyện vọng Nhân dân, kịp thời giải quyết những vấn đề bức xúc, kiến nghị chính đáng của Nhân dân",
    "góp phần ổn định tình hình an ninh chính trị và trật tự an toàn xã hội, không để xảy ra “điểm nóng”, khiếu kiện đông người, vượt cấp trên địa bàn tỉnh",
    "Tiếp tục triển khai thực hiện tốt quy chế dân chủ ở cơ sở",
    "đồng thời tăng cường và đổi mới công tác dân vận của các cơ quan hành chính Nhà nước, chính quyền các cấp, nhất là nâng cao hiệu quả việc thực hiện các mô hình, điển hình “Dân vận khéo” gắn với nhiệm vụ chuyên môn của cơ quan, đơn vị, địa phương",
    "Quá trình thực hiện Kế hoạch phối hợp đảm bảo đúng chức năng, nhiệm vụ và trách nhiệm được phân công của từng chủ thể phối hợp",
    "các nội dung Kế hoạch được xây dựng triển khai phải phù hợp với thực tế, thiết thực và hiệu quả",
    "Tổ chức kiểm tra việc thực hiện các văn bản của Trung ương và của tỉnh về thực hiện quy chế dân chủ ở cơ sở và công tác dân vận tại các cơ quan, đơn vị, địa phương trên địa bàn tỉnh",
    "Phối hợp các cơ quan có liên quan tham mưu Ủy ban nhân dân tỉnh xây dựng Quy chế đối thoại trực tiếp của Chủ tịch Ủy ban nhân dân các cấp, thủ trưởng các Sở, ban ngành trực thuộc với tổ chức, công dân",
    "thực hiện chế độ báo cáo định kỳ và số liệu theo yêu cầu của cấp có thẩm quyền",
    "Tăng cường công tác tập huấn, hướng dẫn nghiệp vụ chuyên môn cho Ban thanh tra Nhân dân ở các cơ quan nhà nước, đơn vị sự nghiệp công lập, doanh nghiệp nhà nước do Ủy ban nhân dân cấp tỉnh quản lý",
    "Tăng cường mở chuyên trang, chuyên mục về công tác dân vận chính quyền",
    "thường xuyên thông tin, tuyên truyền về công tác dân vận chính quyền, tập trung vào triển khai và thực hiện Quy chế dân chủ ở cơ sở",
    "Bố trí kinh phí đảm bảo triển khai thực hiện quy chế dân chủ ở cơ sở và công tác dân vận chính quyền trong dự toán kinh phí hàng năm của các cơ quan, đơn vị",
    "kinh phí mở các lớp tập huấn, bồi dưỡng kiến thức, kỹ năng về dân vận chính quyền",
    "Làm đầu mối theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch này",
    "Nâng cao nhận thức về công tác vận động quần chúng, làm cho mỗi cán bộ, công chức, viên chức, đặc biệt là cán bộ, công chức lãnh đạo, quản lý hiểu rõ về vị trí, vai trò, tầm quan trọng của công tác dân vận chính quyền trong thời kỳ mới",
    "Đảm bảo 100% các cuộc tiếp xúc đối thoại trực tiếp với Nhân dân của người đứng đầu cơ quan hành chính, chính quyền các cấp đều đạt hiệu quả tốt",
    "giải quyết thỏa đáng được các ý kiến kiến nghị, đề xuất của Nhân dân",
    "Duy trì, nâng cao thứ hạng chỉ số cải cách hành chính (PAR INDEX), chỉ số năng lực cạnh tranh (PCI), chỉ số hiệu quả quản trị hành chính công (PAPI)",
    "đảm bảo chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước (SIPAS) các cấp trong tỉnh đạt từ 90% trở lên",
    "Kịp thời cập nhật, sửa đổi, bổ sung các thủ tục hành chính phù hợp quy định do Trung ương ban hành mới",
    "Đẩy mạnh cải cách chế độ công vụ, công chức, thực hiện tốt quy hoạch chiến lược công tác cán bộ thời kỳ đẩy mạnh công nghiệp hóa, hiện đại hóa",
    "xây dựng đội ngũ cán bộ, công chức, viên chức có số lượng, cơ cấu hợp lý, đủ trình độ",
    "Kế thừa, phát huy những kết quả tốt về cải cách hành chính trong thời gian qua, đổi mới trong tư duy và hành động, đẩy mạnh triển khai các mô hình, giải pháp mới, sáng tạo",
    "đồng thời tiếp thu, học tập, vận dụng phù hợp giải pháp, cách làm hay, có hiệu quả các cơ quan, địa phương khác",
    "Tập trung giải quyết dứt điểm các đơn thư khiếu nại, tố cáo của công dân, đặc biệt là trong các lĩnh vực nhạy cảm, bức xúc như: đất đai",
    "thu hồi đất, hỗ trợ, bồi thường trong giải phóng mặt bằng",
    "Thường xuyên đôn đốc, kiểm tra và giám sát việc thực hiện công tác dân vận trong các cơ quan, đơn vị khối chính quyền các cấp",
    "phối hợp tổ chức sơ kết, tổng kết các chương trình phối hợp giữa Ủy ban nhân dân với hệ thống Ban dân vận cấp ủy, Mặt trận tổ quốc và các đoàn thể để làm công tác dân vận theo quy định",
    "Hướng dẫn việc sơ kết, tổng kết, thi đua khen thưởng trong công tác dân vận chính quyền ở các cơ quan, đơn vị, địa phương",
    "kịp thời biểu dương, khen thưởng những tập thể, cá nhân, có thành tích trong công tác dân vận chính quyền",
    "Có kế hoạch tổ chức tuyên truyền chủ trương của Đảng, các văn bản của Nhà nước về công tác dân vận chính quyền",
    "kịp thời đưa tin, bài về những tổ chức, cá nhân thực hiện tốt công tác dân vận chính quyền",
    "Hướng dẫn, bổ sung, sửa đổi hương ước, quy ước ở thôn, làng, tổ dân phố sát với tình hình thực tế của địa phương theo quy định của pháp luật về thực hiện dân chủ ở xã, phường, thị trấn",
    "Xây dựng kế hoạch kiểm tra việc thực hiện công tác dân vận chính quyền tại cơ quan, đơn vị và địa phương",
    "kiến nghị, đề xuất các giải pháp thực hiện tốt công tác dân vận của cơ quan, đơn vị, địa phương",
    "Đổi mới, nâng cao hiệu quả công tác dân vận chính quyền trong tình hình mới của cơ quan nhà nước, chính quyền các cấp",
    "cán bộ, công chức, viên chức phải nêu gương trong thực hiện công tác dân vận, nhất là người đứng đầu cấp ủy, chính quyền, tạo được sự đồng thuận trong xã hội",
    "Đẩy mạnh các phong trào thi đua yêu nước trên các lĩnh vực kinh tế, văn hóa, xã hội, quốc phòng, an ninh gắn với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "xây dựng và nhân rộng các mô hình, điển hình về công tác dân vận khéo trên các lĩnh vực",
    "Thường xuyên theo dõi, đôn đốc các cơ quan, đơn vị, địa phương xây dựng kế hoạch tổ chức thực hiện, đảm bảo đầy đủ, hiệu quả theo Kế hoạch này",
    "Căn cứ mục đích, yêu cầu, nội dung Kế hoạch này và trên cơ sở chức năng, nhiệm vụ, thẩm quyền theo quy định, xây dựng kế hoạch triển khai thực hiện đảm bảo thiết thực, hiệu quả",
    "Phát huy vai trò của cả hệ thống chính trị trong triển khai thực hiện Quy chế dân chủ ở cơ sở trên địa bàn tỉnh",
    "Xác định những nhiệm vụ trọng tâm, nội dung chủ yếu, biện pháp lãnh đạo, chỉ đạo nâng cao hiệu quả thực hiện Quy chế dân chủ ở cơ sở trong các cơ quan, đơn vị, địa phương",
    "Quá trình thực hiện Kế hoạch phải đảm bảo nội dung, tiến độ về thời gian và đạt hiệu quả thiết thực",
    "Tiếp tục quán triệt, nâng cao nhận thức, trách nhiệm của các cấp ủy, chính quyền và hệ thống chính trị, nhất là người đứng đầu, về phát huy dân chủ ở cơ sở gắn với thực hiện nhiệm vụ chính trị tại cơ quan, đơn vị, địa phương",
    "Chỉ đạo củng cố, kiện toàn Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở các cấp, các ngành, địa phương",
    "Thường xuyên biểu dương, nhân rộng các mô hình, điển hình “Dân vận khéo” trong thực hiện Quy chế dân chủ ở các địa phương, đơn vị",
)

AGENCIES = (
    "Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp", "Thanh tra tỉnh", "Sở Thông tin và Truyền thông",
    "Đài Phát thanh - Truyền hình tỉnh", "Ban Dân tộc tỉnh", "Sở Kế hoạch và Đầu tư", "Sở Giáo dục và Đào tạo",
    "Sở Y tế", "Công an tỉnh", "Sở Lao động - Thương binh và Xã hội", "Văn phòng Ủy ban nhân dân tỉnh",
    "Sở Văn hóa, Thể thao và Du lịch", "Ban Thi đua - Khen thưởng tỉnh",
)
COLLECTIVE = ("Các sở, ban, ngành tỉnh", "Ủy ban nhân dân các huyện, thị xã, thành phố")
REQUESTED = ("Đề nghị Ban Dân vận Tỉnh ủy", "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh")

RECIPIENTS = (
    "Bộ Nội vụ", "Thường trực Tỉnh ủy, HĐND tỉnh", "CT, các PCT UBND tỉnh", "Ban Dân vận Tỉnh ủy",
    "Ủy ban MTTQ Việt Nam tỉnh", "Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố",
    "Báo và Đài PT-TH tỉnh", "VPUB: CVP, PCVP",
)

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Ngọc", "Quang", "Thanh", "Hữu", "Xuân", "Hồng")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Long", "Nam", "Phong", "Sơn", "Tâm", "Thắng", "Trung", "Tuấn")

FIRST_YEAR, LAST_YEAR = 2019, 2025


@dataclass(frozen=True)
class Spec:
    """What document i is: enough to cite it from a later one."""

    index: int
    kind: str  # "ubnd" (plan of the provincial People's Committee), "snv" (Sở Nội vụ), "bcd" (Party), "cv" (công văn)
    province: str
    issued: date
    number: int
    type_name: str
    reference: str
    issuer: str  # as a citing document writes it
    subject: str


KINDS = (("ubnd", 50), ("snv", 20), ("bcd", 12), ("cv", 18))


def _date_text(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if d.day < 10 or d.month < 10 else f"{d.day}/{d.month}/{d.year}"


def spec(i: int, seed: int, counters: dict[tuple[str, str, int], int]) -> Spec:
    """The metadata of document i; `counters` holds the last number per issuer and year (updated)."""
    rng = random.Random(f"spec:{seed}:{i}")
    kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
    province = rng.choice(PROVINCES)
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    issued = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    key = (kind if kind != "cv" else "ubnd-cv", province, year)
    number = counters.get(key, 0) + rng.randint(1, 9)
    counters[key] = number
    y4 = year + 4
    subject = rng.choice(SUBJECTS).format(y=year, y4=y4)
    if kind == "ubnd":
        return Spec(i, kind, province, issued, number, "Kế hoạch", f"{number}/KH-UBND", f"Ủy ban nhân dân tỉnh {province}", subject)
    if kind == "snv":
        return Spec(i, kind, province, issued, number, "Kế hoạch", f"{number}/KH-SNV", f"Sở Nội vụ tỉnh {province}", subject)
    if kind == "bcd":
        issuer = f"Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở tỉnh {province}"
        return Spec(i, kind, province, issued, number, "Kế hoạch", f"{number}-KH/BCĐ", issuer, subject)
    unit = rng.choice(("NC", "VX", "KGVX", "NCPC"))
    return Spec(i, kind, province, issued, number, "Công văn", f"{number}/UBND-{unit}", f"Ủy ban nhân dân tỉnh {province}",
                "triển khai " + subject[0].lower() + subject[1:])


def specs(n: int, seed: int = 1) -> list[Spec]:
    counters: dict[tuple[str, str, int], int] = {}
    return [spec(i, seed, counters) for i in range(n)]


class _Writer:
    """Builds one document's text from its spec and the documents before it."""

    def __init__(self, s: Spec, earlier: list[Spec], seed: int) -> None:
        self.s = s
        self.rng = random.Random(f"doc:{seed}:{s.index}")
        self.earlier = earlier
        self.year = s.issued.year

    # --- pieces -----------------------------------------------------------------------------

    def sentence(self, parts: int | None = None) -> str:
        k = parts or self.rng.choice((1, 1, 2, 2, 3))
        text = "; ".join(c[0].lower() + c[1:] for c in self.rng.sample(CLAUSES, k))
        return text[0].upper() + text[1:] + "."

    def national(self) -> tuple[str, str, str, str, str] | None:
        usable = [n for n in NATIONAL if _parse(n[2]) < self.s.issued]
        return self.rng.choice(usable) if usable else None

    def cite_national(self, full: bool = True) -> str:
        n = self.national()
        if n is None:
            return "các văn bản chỉ đạo của Trung ương"
        type_name, ref, when, issuer, subject = n
        if not full:
            return f"{type_name} số {ref}"
        return f"{type_name} số {ref} ngày {when} của {issuer} về {subject}"

    def corpus_target(self) -> Spec | None:
        """An earlier document of the corpus, issued before this one; the same province most of the time."""
        if not self.earlier:
            return None
        same = self.rng.random() < 0.8
        for _ in range(12):
            t = self.earlier[self.rng.randrange(len(self.earlier))]
            if t.issued < self.s.issued and t.kind != "cv" and (not same or t.province == self.s.province):
                return t
        return None

    def cite_corpus(self, pinpoint: bool = False) -> str | None:
        t = self.corpus_target()
        if t is None:
            return None
        where = f"khoản {self.rng.randint(1, 4)}, Mục {self.rng.choice(ROMAN[:3])} " if pinpoint else ""
        return f"{where}{t.type_name} số {t.reference} ngày {_date_text(t.issued)} của {t.issuer} về {t.subject[0].lower()}{t.subject[1:]}"

    def deadline(self) -> str:
        y = self.year
        r = self.rng.random()
        if r < 0.35:
            d = self.s.issued + timedelta(days=self.rng.randint(20, 300))
            return f"hoàn thành trước ngày {d.day:02d}/{d.month:02d}/{d.year}"
        if r < 0.55:
            return f"Thời gian thực hiện: Quý {self.rng.choice(ROMAN[:4])}/{y}"
        if r < 0.7:
            return "định kỳ 06 tháng (trước ngày 10 tháng 6 hằng năm), 01 năm (trước ngày 05 tháng 12 hằng năm) báo cáo kết quả về Sở Nội vụ để tổng hợp"
        if r < 0.85:
            return f"Thời gian thực hiện: Cả năm {y}"
        return "Thời gian thực hiện: thường xuyên"

    def duty(self, agency: str) -> str:
        other = self.rng.choice([a for a in AGENCIES if a != agency])
        clause = self.rng.choice(CLAUSES)
        clause = clause[0].lower() + clause[1:]
        r = self.rng.random()
        if r < 0.4:
            text = f"Chủ trì, phối hợp với {other} {clause}"
        elif r < 0.6:
            text = f"Tham mưu Ủy ban nhân dân tỉnh {clause}"
        else:
            text = clause[0].upper() + clause[1:]
        if self.rng.random() < 0.6:
            text += "; " + self.deadline()
        return text + "."

    # --- header and tail ----------------------------------------------------------------------

    def header(self) -> list[str]:
        s, rng = self.s, self.rng
        prov_upper = s.province.upper()
        date_line = f"{s.province}, ngày {s.issued.day:02d} tháng {s.issued.month:02d} năm {s.issued.year}"
        style = rng.random()
        if s.kind == "bcd":
            issuer = [f"TỈNH ỦY {prov_upper}", "BAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ", "*"]
            return issuer + ["ĐẢNG CỘNG SẢN VIỆT NAM", f"Số {s.reference}", date_line, "", "KẾ HOẠCH", s.subject, ""]
        if s.kind == "snv":
            issuer = [f"UBND TỈNH {prov_upper}", "SỞ NỘI VỤ"]
        else:
            issuer = ["ỦY BAN NHÂN DÂN", f"TỈNH {prov_upper}"]
        motto = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        if style < 0.15:  # converter emphasis, as in seed 000
            issuer = ["**" + issuer[0], issuer[1] + "**"]
            motto = ["**" + motto[0], motto[1] + "**"]
        elif style < 0.35:  # tabs and rules, as in seed 001
            issuer = ["\t" + issuer[0], issuer[1], "-------"]
            motto = ["\t" + motto[0], motto[1] + " ", "---------------"]
        number = f"Số: {s.reference}"
        if s.kind == "cv":
            vv = [f"V/v {s.subject}"]
            return issuer + [""] + motto + ["", number] + vv + ["", date_line, ""]
        return issuer + [""] + motto + ["", number, date_line, "", "KẾ HOẠCH", s.subject, ""]

    def tail(self) -> list[str]:
        s, rng = self.s, self.rng
        recipients = rng.sample(RECIPIENTS, rng.randint(4, 8))
        out = ["", "Nơi nhận:"] + [f"- {r};" for r in recipients] + ["- Lưu: VT, NC.", ""]
        name_rng = random.Random(f"signer:{s.province}:{s.kind}:{s.issued.year}")
        name = f"{name_rng.choice(FAMILY)} {name_rng.choice(MIDDLE)} {name_rng.choice(GIVEN)}"
        if s.kind == "bcd":
            out += ["TM. BAN CHỈ ĐẠO", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC"]
        elif s.kind == "snv":
            out += ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
        elif s.kind == "cv":
            out += ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]
        else:
            out += ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        return out + ["", "", name, ""]

    # --- bodies -------------------------------------------------------------------------------

    def plan(self, target: int) -> list[str]:
        s, rng = self.s, self.rng
        lines: list[str] = []
        cites = [self.cite_national()] + [c for c in (self.cite_corpus() for _ in range(rng.randint(0, 2))) if c]
        actor = {"ubnd": "Ủy ban nhân dân tỉnh", "snv": "Sở Nội vụ", "bcd": "Ban Chỉ đạo tỉnh"}[s.kind]
        lines.append(f"Thực hiện {'; '.join(cites)}, {actor} ban hành Kế hoạch {s.subject[0].lower()}{s.subject[1:]} như sau:")
        lines.append("")
        lines.append(f"I. {AIMS}")
        lines.append("")
        for k in range(rng.randint(2, 4)):
            lines += [f"{k + 1}. {self.sentence()}", ""]
        lines.append(f"II. {rng.choice(CONTENT_HEADINGS)}")
        lines.append("")
        organise = self.organise()
        size = _size(lines) + _size(organise) + 600
        topics = rng.sample(TOPICS, len(TOPICS))
        k = 0
        while size < target or k < 2:
            topic = topics[k % len(topics)]
            block = [f"{k + 1}. {topic}:", ""] + self.topic_body()
            lines += block
            size += _size(block)
            k += 1
        return lines + organise

    def topic_body(self) -> list[str]:
        rng = self.rng
        out: list[str] = []
        first = self.sentence(2)
        r = rng.random()
        if r < 0.3:
            first = f"Tiếp tục thực hiện {self.cite_national()}; {first[0].lower()}{first[1:]}"
        elif r < 0.45:
            c = self.cite_corpus(pinpoint=rng.random() < 0.3)
            if c:
                first = f"Triển khai các nội dung tại {c}; {first[0].lower()}{first[1:]}"
        out += [first, ""]
        shape = rng.random()
        if self.s.kind == "bcd":
            out += [f"- Chỉ đạo thực hiện: Đồng chí {rng.choice(('Trưởng Ban', 'Phó Trưởng Ban Thường trực'))} Ban Chỉ đạo tỉnh.", ""]
            out += [f"- Tham mưu, thực hiện: {rng.choice(AGENCIES)}; các đồng chí Ủy viên Ban Chỉ đạo tỉnh.", ""]
            out += [f"- {self.deadline().replace('hoàn thành trước', 'Thời gian thực hiện: trước')}.", ""]
        elif shape < 0.35:
            for j in range(rng.randint(2, 4)):
                out += [f"{LETTERS[j]}) {self.sentence()}", ""]
        elif shape < 0.7:
            for _ in range(rng.randint(2, 5)):
                out.append(f"- {self.sentence(rng.choice((1, 2)))}")
            out.append("")
        else:
            out += [self.sentence(3), ""]
        return out

    def organise(self) -> list[str]:
        rng = self.rng
        lines = [f"III. {ORGANISE}", ""]
        agencies = ["Sở Nội vụ"] + rng.sample(AGENCIES[1:], rng.randint(2, 6)) + list(COLLECTIVE[: rng.randint(0, 2)])
        if rng.random() < 0.5:
            agencies.append(rng.choice(REQUESTED))
        for k, agency in enumerate(agencies):
            lines += [f"{k + 1}. {agency}", ""]
            duties = [self.duty(agency) for _ in range(rng.randint(1, 3))]
            if len(duties) == 1:
                lines += [duties[0], ""]
            else:
                lines += [f"- {d}" for d in duties] + [""]
        lines.append(
            "Trong quá trình triển khai thực hiện, nếu có phát sinh vướng mắc, các cơ quan, đơn vị, địa phương kịp thời phản ánh "
            "về Sở Nội vụ để tổng hợp, báo cáo Ủy ban nhân dân tỉnh xem xét, quyết định./."
        )
        return lines

    def congvan(self, target: int) -> list[str]:
        rng = self.rng
        lines = ["Kính gửi:", ""] + [f"- {a};" for a in rng.sample(AGENCIES, rng.randint(1, 3))] + [f"- {COLLECTIVE[1]}.", ""]
        cite = self.cite_corpus() or self.cite_national()
        lines += [f"Thực hiện {cite}, Chủ tịch Ủy ban nhân dân tỉnh có ý kiến chỉ đạo như sau:", ""]
        k = 0
        while _size(lines) < target or k < 2:
            agency = rng.choice(AGENCIES)
            duty = self.duty(agency)
            lines += [f"{k + 1}. Giao {agency} {duty[0].lower()}{duty[1:]}", ""]
            if rng.random() < 0.5:
                lines += [self.sentence(), ""]
            k += 1
        lines.append("Yêu cầu Thủ trưởng các cơ quan, đơn vị, địa phương nghiêm túc triển khai thực hiện./.")
        return lines

    def text(self) -> str:
        rng = self.rng
        # sizes as published plans vary: median ~14 KB, a long tail to ~60 KB; công văn are short
        if self.s.kind == "cv":
            target = int(min(9000, max(2500, rng.lognormvariate(8.3, 0.4))))
        else:
            target = int(min(60000, max(5000, rng.lognormvariate(9.7, 0.45))))
        body = self.congvan(target) if self.s.kind == "cv" else self.plan(target)
        if rng.random() < 0.05:  # a digital-signature stamp in the middle, as in seed 000
            at = len(body) // 2
            stamp = f"{rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} Thời gian kết: {self.s.issued.day:02d}/{self.s.issued.month:02d}/{self.s.issued.year % 100:02d} Cơ quan Tỉnh {self.s.province}"
            body = body[:at] + [stamp] + body[at:]
        if rng.random() < 0.1:  # hard-wrapped at ~75 characters with blank lines between, as in seed 004
            body = _hard_wrap(body)
        return "\n".join(self.header() + body + self.tail())


def _hard_wrap(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if len(line) <= 80:
            out.append(line)
            continue
        for piece in textwrap.wrap(line, 75, break_long_words=False, break_on_hyphens=False):
            out += [piece + " ", ""]
    return out


def _size(lines: list[str]) -> int:
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def _parse(text: str) -> date:
    d, m, y = (int(p) for p in text.split("/"))
    return date(y, m, d)


def file_name(s: Spec) -> str:
    return f"{s.index:05d}.txt"


def document_text(i: int, all_specs: list[Spec], seed: int = 1) -> str:
    return _Writer(all_specs[i], all_specs[:i], seed).text() + "\n"


def generate(n: int, out_dir: Path, seed: int = 1, start: int = 0) -> list[Path]:
    """Write documents start..n-1 of the corpus into `out_dir` (created); returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    all_specs = specs(n, seed)
    paths = []
    for i in range(start, n):
        path = out_dir / file_name(all_specs[i])
        path.write_text(document_text(i, all_specs, seed), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic corpus in the grammar of the seeds.")
    parser.add_argument("n", type=int, help="number of documents")
    parser.add_argument("out", type=Path, help="folder to write into")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    paths = generate(args.n, args.out, args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} documents, {total / len(paths) / 1024:.1f} KB on average, in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

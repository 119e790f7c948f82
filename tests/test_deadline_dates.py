"""No invented occurrence: a recurring deadline has no due date on or before its document's day of issue, nor
outside the period its text gives (issue 18: plan 53/KH-UBND of 23/03/2022 listed monthly reports due on
31/01/2022 and 28/02/2022).

The sentences are real lines of source_docs (seed number in the comment); Hypothesis picks the period and the day
of issue, and one test walks every document the shipped corpus gives."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.extract.deadlines import find_deadlines
from generator.pipeline import Loaded, load_corpus
from generator.textutil import heading_slug

from .conftest import SOURCE

RECURRING = [
    "định kỳ hàng tháng, quý, 6 tháng, 9 tháng, 01 năm báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh",  # seed 000
    "định kỳ hàng quý báo cáo Ủy ban nhân dân tỉnh (qua Sở Nội vụ)",  # seed 000
    "Định kỳ 06 tháng (trước ngày 10 tháng 6 hằng năm), 01 năm (trước ngày 05 tháng 12 hằng năm) báo cáo",  # seed 001
    "định kỳ 06 tháng, 01 năm báo cáo kết quả về Sở Nội vụ để tổng hợp.",  # seed 001
    "báo cáo 6 tháng đầu năm gửi trước ngày 10/6, báo cáo năm gửi trước ngày 10/11 hàng năm.",  # seed 004
]


def test_plan_53_has_no_report_before_it_was_issued() -> None:
    # seed 000: plan 53/KH-UBND of 23/03/2022, period "năm 2022"; the first monthly report is due on 31/03/2022
    found = find_deadlines(RECURRING[0], (date(2022, 1, 1), date(2022, 12, 31)), None, issued=date(2022, 3, 23))
    assert found[0].occurrences[0] == date(2022, 3, 31)
    assert date(2022, 1, 31) not in found[0].occurrences and date(2022, 2, 28) not in found[0].occurrences
    assert found[0].occurrences[-1] == date(2022, 12, 31)


@st.composite
def periods(draw: st.DrawFn) -> tuple[date, date]:
    first = draw(st.integers(2015, 2030))
    last = draw(st.integers(first, first + 5))
    return date(first, 1, 1), date(last, 12, 31)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(text=st.sampled_from(RECURRING), period=periods(), issued_offset=st.integers(-400, 2500))
def test_no_occurrence_before_the_document_or_outside_its_period(text: str, period: tuple[date, date], issued_offset: int) -> None:
    issued = period[0] + timedelta(days=issued_offset)
    for m in find_deadlines(text, period, None, issued=issued):
        assert all(d > issued for d in m.occurrences), (text, issued, m.occurrences)
        assert all(period[0] <= d <= period[1] for d in m.occurrences)
        assert m.date is None or m.date > issued or m.kind != "day"


@pytest.fixture(scope="module")
def shipped() -> Loaded:
    return load_corpus(SOURCE, cache_dir=None, jobs=1)


def test_shipped_documents_have_no_occurrence_before_their_date(shipped: Loaded) -> None:
    checked = 0
    for doc in shipped.corpus.documents:
        for d in shipped.extracted[doc.id].deadlines:
            if doc.date is not None:
                assert all(o > doc.date for o in d.occurrences), (doc.reference, d.text, d.occurrences)
                checked += len(d.occurrences)
    assert checked > 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Theo địa bàn", "theo-dia-ban"),  # timeline index heading
        ("Được dẫn chiếu bởi", "duoc-dan-chieu-boi"),  # instrument page heading
        ("Đoàn thể — ĐỊA BÀN", "doan-the-dia-ban"),
        ("Kế hoạch 53/KH-UBND ngày 23/03/2022", "ke-hoach-53-kh-ubnd-ngay-23-03-2022"),
        ("Hòa Bình / Hoà Bình", "hoa-binh-hoa-binh"),  # both placements of the tone mark
    ],
)
def test_heading_ids_fold_vietnamese(text: str, expected: str) -> None:
    assert heading_slug(text, "-") == expected


def test_built_headings_keep_the_d(seed_site: Path) -> None:
    site = seed_site
    assert 'id="theo-dia-ban"' in (site / "moc-thoi-gian" / "index.html").read_text(encoding="utf-8")
    instrument = site / "van-ban-dan-chieu" / "trung-uong" / "chi-thi-33-ct-ttg-2021" / "index.html"
    assert 'id="duoc-dan-chieu-boi"' in instrument.read_text(encoding="utf-8")

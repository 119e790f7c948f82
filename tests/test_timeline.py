"""The timeline of deadlines and the calendars, read from the built site."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from .conftest import SOURCE, build_site, load_data


def _dues(site: Path, page: str) -> list[tuple[str, str]]:
    """(due date, document link text) of every timeline row of a page."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="vb-deadline" data-due="([0-9-]+)">.*?<a href="[^"]*">([^<]+)</a></td></tr>', html, re.S)
    return rows


@pytest.mark.parametrize(
    ("page", "document", "dates"),
    [
        # plan 53/KH-UBND: reports and plans due on five days of 2022; each row names the document's province and year
        ("moc-thoi-gian/2022", "Kế hoạch 53/KH-UBND (Quảng Ngãi, 2022)", ["2022-03-30", "2022-04-01", "2022-06-15", "2022-11-01", "2022-11-15"]),
        # the Bình Định plan: "trước ngày 20/(3/6/9)/2023" and "trước ngày 25/11/2023"
        ("moc-thoi-gian/2023", "Kế hoạch (không số) (Bình Định, 2023)", ["2023-03-20", "2023-06-20", "2023-09-20", "2023-11-25"]),
        # plan 03-KH/BCĐ: each quarter as its last day
        ("moc-thoi-gian/2022", "Kế hoạch 03-KH/BCĐ (không rõ địa bàn, 2022)", ["2022-03-31", "2022-09-30", "2022-12-31"]),
        # plan 13/KH-UBND of Lào Cai runs 2022-2026: reports due 10/6 and 05/12 of each year
        ("moc-thoi-gian/2024", "Kế hoạch 13/KH-UBND (Lào Cai, 2022)", ["2024-06-10", "2024-12-05"]),
        ("moc-thoi-gian/2026", "Kế hoạch 13/KH-UBND (Lào Cai, 2022)", ["2026-06-10", "2026-12-05"]),
    ],
)
def test_dated_deadlines_in_timeline(seed_site: Path, page: str, document: str, dates: list[str]) -> None:
    rows = _dues(seed_site, page)
    found = {d for d, doc in rows if doc == document}
    assert set(dates) <= found, sorted(found)


def test_timeline_is_in_date_order(seed_site: Path) -> None:
    rows = _dues(seed_site, "moc-thoi-gian/2022")
    assert [d for d, _ in rows] == sorted(d for d, _ in rows)


def test_document_page_lists_its_deadlines(seed_site: Path) -> None:
    html = (seed_site / "van-ban/quang-ngai/2022/ke-hoach-53-kh-ubnd/index.html").read_text(encoding="utf-8")
    assert 'id="thoi-han"' in html and 'data-due="2022-11-15"' in html
    # each entry links to the section it comes from
    assert '#muc-iii-khoan-1"' in html


def test_jurisdiction_views(seed_site: Path) -> None:
    rows = _dues(seed_site, "moc-thoi-gian/dia-ban/binh-dinh")
    assert {d for d, _ in rows} == {"2023-03-20", "2023-06-20", "2023-09-20", "2023-11-25"}


def test_open_data_deadlines(seed_site: Path) -> None:
    data = load_data(seed_site)
    lao_cai = next(d for d in data["documents"] if d["reference"] == "13/KH-UBND")
    yearly = [d for d in lao_cai["deadlines"] if d["rule"] == "yearly:06-10"]
    assert yearly and yearly[0]["occurrences"] == [f"{y}-06-10" for y in range(2022, 2027)]
    assert all({"date", "kind", "rule", "occurrences", "text", "agencies", "section"} <= set(d) for d in lao_cai["deadlines"])


def test_calendar_parses_with_one_event_per_dated_occurrence(seed_site: Path) -> None:
    raw = (seed_site / "data/lich/tat-ca.ics").read_bytes()
    cal = Calendar.from_ical(raw)
    events = [c for c in cal.walk("VEVENT")]
    data = load_data(seed_site)
    expected = 0
    for doc in data["documents"]:
        for d in doc["deadlines"]:
            expected += len(d["occurrences"]) if d["occurrences"] else (1 if d["date"] else 0)
    assert len(events) == expected > 50
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids)
    starts = {e.decoded("dtstart") for e in events}
    assert date(2022, 11, 15) in starts and date(2023, 9, 20) in starts


def test_calendar_uids_are_stable(seed_site: Path, tmp_path: Path) -> None:
    again = build_site(SOURCE, tmp_path / "again")
    assert (again / "data/lich/tat-ca.ics").read_bytes() == (seed_site / "data/lich/tat-ca.ics").read_bytes()


# --- the calendar writer --------------------------------------------------------------------------------------------

# content lines as the calendars write them: Vietnamese (2- and 3-octet letters), escapes at the 75-octet boundary
FOLD_LINES = [
    "SUMMARY:Hạn: trước ngày 15/6/2022 — Sở Nội vụ",  # short: kept as it is
    "DESCRIPTION:Chủ động xây dựng kế hoạch triển khai thực hiện và định kỳ sơ kết\\, tổng kết báo cáo kết quả triển khai\\, thực hiện quy chế dân chủ ở cơ sở",
    "SUMMARY:Hạn: Cả năm 2025 — Các sở\\, ban\\, ngành tỉnh\\; Ban Dân tộc\\; Ban Thi đua - Khen thưởng\\; Đài Phát thanh và Truyền hình",
    "UID:binh-dinh-ban-chi-dao-thuc-hien-quy-che-dan-chu-o-co-so-2019-ke-hoach-10-kh-bcd-18-2019-03-22@vanban.portal",
    "X:" + "a" * 71 + "\\;" + "b" * 80,  # an escape that would straddle the fold stays whole
    "X:" + "ệ" * 60,  # 3-octet letters: a fold never cuts one
]


@pytest.mark.parametrize("line", FOLD_LINES)
def test_fold_as_icalendar_folds(line: str) -> None:
    from icalendar.parser.string import _foldline

    from generator.render.calendar import fold_line

    folded = fold_line(line)
    assert folded == _foldline(line)
    physical = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert "".join(p[1:] if i else p for i, p in enumerate(physical)) == line


# (what a hostile or odd document puts in a deadline's text, what a calendar application reads back)
HOSTILE = [
    ("hạn 30/6\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:gia-mao", "hạn 30/6\nEND:VEVENT\nBEGIN:VEVENT\nUID:gia-mao"),
    ("báo cáo; tổng hợp, gửi Sở", "báo cáo; tổng hợp, gửi Sở"),
    ("thư mục C:\\Nam\\Ngay", "thư mục C:\\Nam\\Ngay"),
    ("dòng\rtiếp", "dòng\ntiếp"),
    ("Thực hiện chế độ báo cáo định kỳ và số liệu theo yêu cầu của cấp có thẩm quyền " * 3, "Thực hiện chế độ báo cáo định kỳ và số liệu theo yêu cầu của cấp có thẩm quyền " * 3),
]


@pytest.mark.parametrize(("text", "read_back"), HOSTILE)
def test_calendar_text_is_escaped(text: str, read_back: str) -> None:
    from dataclasses import replace

    from generator.pipeline import build_corpus
    from generator.render.calendar import build_calendar
    from generator.render.index import build_index
    from generator.render.timeline import entries
    from generator.resolve import resolve

    first = next(e for e in entries(build_index(resolve(build_corpus(SOURCE)))) if e.due)
    hostile = replace(first, agencies=(text,), deadline=replace(first.deadline, text=text), doc=replace(first.doc, reference=text))
    hostile.__dict__["what"] = text  # the sentence it shows (Entry.what, made from its document's text when asked)
    raw = build_calendar(f"Thời hạn — {text}", [hostile, first])
    assert raw == build_calendar(f"Thời hạn — {text}", [hostile, first])
    assert all(len(line.encode("utf-8")) <= 75 for line in raw.split("\r\n"))
    cal = Calendar.from_ical(raw)
    events = list(cal.walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == [f"{first.uid}@vanban.portal"] * 2  # nothing injected
    # icalendar leaves an X- property's value as written: unescape it as a TEXT value (RFC 5545, 3.8.8.2)
    name = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), str(cal["x-wr-calname"]))
    assert name == f"Thời hạn — {read_back}"
    title = " ".join(read_back.split())
    if len(title) > 110:
        title = title[:109].rsplit(" ", 1)[0] + " …"
    assert str(events[0]["summary"]) == f"[{read_back}] {title}"  # the document, then the task
    assert str(events[0]["description"]).startswith(f"{read_back}\n\n")
    assert [str(c) for c in events[0]["categories"].cats] == [f"{first.doc.type_name} {read_back}"]


def test_calendar_of_an_agency_holds_its_own_deadlines(seed_site: Path) -> None:
    """A member's calendar has the deadlines of its own duties and of its collective's (what it must do); the reports
    it receives are in a calendar of their own; each calendar names its agency with its province."""
    member = Calendar.from_ical((seed_site / "data/lich/quang-ngai--so-noi-vu.ics").read_bytes())
    group = Calendar.from_ical((seed_site / "data/lich/quang-ngai--cac-so-ban-nganh.ics").read_bytes())
    received = Calendar.from_ical((seed_site / "data/lich/nhan-bao-cao/quang-ngai--so-noi-vu.ics").read_bytes())
    member_uids = {str(e["uid"]) for e in member.walk("VEVENT")}
    group_uids = {str(e["uid"]) for e in group.walk("VEVENT")}
    received_uids = {str(e["uid"]) for e in received.walk("VEVENT")}
    assert group_uids and group_uids <= member_uids  # the collective's deadlines are the member's work
    assert received_uids and all(u.startswith("nhan-") for u in received_uids)
    assert all(str(e["summary"]).startswith("[") and "Nhận báo cáo: " in str(e["summary"]) for e in received.walk("VEVENT"))
    assert str(member["x-wr-calname"]) == "Việc của Sở Nội vụ (Quảng Ngãi)"
    lao_cai = Calendar.from_ical((seed_site / "data/lich/lao-cai--so-noi-vu.ics").read_bytes())
    assert str(lao_cai["x-wr-calname"]) == "Việc của Sở Nội vụ (Lào Cai)"  # two agencies of one name told apart
    html = (seed_site / "co-quan/quang-ngai--so-noi-vu/index.html").read_text(encoding="utf-8")
    assert "data/lich/quang-ngai--so-noi-vu.ics" in html and "data/lich/nhan-bao-cao/quang-ngai--so-noi-vu.ics" in html

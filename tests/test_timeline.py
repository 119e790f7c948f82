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
        # plan 53/KH-UBND: reports and plans due on five days of 2022
        ("moc-thoi-gian/2022", "Kế hoạch 53/KH-UBND", ["2022-03-30", "2022-04-01", "2022-06-15", "2022-11-01", "2022-11-15"]),
        # the Bình Định plan: "trước ngày 20/(3/6/9)/2023" and "trước ngày 25/11/2023"
        ("moc-thoi-gian/2023", "Kế hoạch (không số)", ["2023-03-20", "2023-06-20", "2023-09-20", "2023-11-25"]),
        # plan 03-KH/BCĐ: each quarter as its last day
        ("moc-thoi-gian/2022", "Kế hoạch 03-KH/BCĐ", ["2022-03-31", "2022-09-30", "2022-12-31"]),
        # plan 13/KH-UBND of Lào Cai runs 2022-2026: reports due 10/6 and 05/12 of each year
        ("moc-thoi-gian/2024", "Kế hoạch 13/KH-UBND", ["2024-06-10", "2024-12-05"]),
        ("moc-thoi-gian/2026", "Kế hoạch 13/KH-UBND", ["2026-06-10", "2026-12-05"]),
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

"""Calendars an agency can use (issue 18): every calendar of the seed site parses with icalendar; every event has a
reminder, a title naming its document, and only absolute links (a calendar application opens them from outside the
site); the calendar's name carries the province."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from icalendar import Calendar

from generator.addresses import DEFAULT_SITE_URL, site_url

from .conftest import ROOT

URL_RE = re.compile(r"(?:https?|webcal)://\S+|(?<![\w/])/?(?:van-ban|co-quan|data)/\S*")


def calendars(site: Path) -> list[Path]:
    found = sorted((site / "data" / "lich").rglob("*.ics"))
    assert len(found) > 10
    return found


def test_every_event_has_a_reminder_a_titled_document_and_absolute_links(seed_site: Path) -> None:
    events = 0
    for path in calendars(seed_site):
        cal = Calendar.from_ical(path.read_bytes())
        for ev in cal.walk("VEVENT"):
            events += 1
            summary = str(ev["summary"])
            ref = re.match(r"\[([^\]]+)\] \S", summary)
            assert ref, summary  # "[53/KH-UBND] Hoàn thành và gửi kế hoạch …"
            assert ref.group(1) in str(ev["categories"].cats[0]) or "không số" in ref.group(1)
            alarms = list(ev.walk("VALARM"))
            assert len(alarms) == 1 and str(alarms[0]["action"]) == "DISPLAY"
            assert alarms[0].decoded("trigger").days < 0  # before the day
            url = str(ev["url"])
            assert url.startswith(DEFAULT_SITE_URL) and "#" in url
            for found in URL_RE.findall(str(ev["description"])):
                assert found.startswith(DEFAULT_SITE_URL), (path.name, found)
    assert events > 100


@pytest.mark.parametrize(
    ("calendar", "name"),
    [
        ("quang-ngai--so-noi-vu.ics", "Việc của Sở Nội vụ (Quảng Ngãi)"),
        ("lao-cai--so-noi-vu.ics", "Việc của Sở Nội vụ (Lào Cai)"),
        ("nhan-bao-cao/quang-ngai--so-noi-vu.ics", "Báo cáo gửi về Sở Nội vụ (Quảng Ngãi)"),
    ],
)
def test_calendar_names_carry_the_province(seed_site: Path, calendar: str, name: str) -> None:
    cal = Calendar.from_ical((seed_site / "data" / "lich" / calendar).read_bytes())
    assert str(cal["x-wr-calname"]) == name


def test_plan_53_event_says_document_and_task(seed_site: Path) -> None:
    cal = Calendar.from_ical((seed_site / "data/lich/quang-ngai--so-noi-vu.ics").read_bytes())
    titles = {(ev.decoded("dtstart").isoformat(), str(ev["summary"])) for ev in cal.walk("VEVENT")}
    assert ("2022-03-30", "[53/KH-UBND] Hoàn thành và gửi kế hoạch về Ủy ban nhân dân tỉnh (qua Sở Nội vụ) trước ngày 30/3/2022.") in titles
    starts = [ev.decoded("dtstart") for ev in cal.walk("VEVENT")]
    assert starts == sorted(starts)


def test_site_url_is_configurable_and_the_default_is_mkdocs_default(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "generator" / "mkdocs.yml").read_text(encoding="utf-8")
    default = re.search(r'^site_url: !ENV \[VANBAN_SITE_URL, "([^"]+)"\]$', text, re.M)
    assert default and default.group(1) == DEFAULT_SITE_URL
    assert site_url("https://example.org/portal") == "https://example.org/portal/"
    monkeypatch.setenv("VANBAN_SITE_URL", "https://vanban.example.vn/")
    assert site_url() == "https://vanban.example.vn/"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("000_6cafff568a66f664.txt", r"van-ban-goc/000-6cafff568a66f664-[0-9a-f]{8}\.txt"),
        ("Kế hoạch 53.DOCX", r"van-ban-goc/ke-hoach-53-[0-9a-f]{8}\.docx"),
        ("cong-bao/so 12.pdf", r"van-ban-goc/so-12-[0-9a-f]{8}\.pdf"),
        # a source MkDocs would render as a page, or a browser run as HTML, is served as text, bytes unchanged
        ("markdown-doc-hai.md", r"van-ban-goc/markdown-doc-hai-[0-9a-f]{8}\.md\.txt"),
        ("trang.html", r"van-ban-goc/trang-[0-9a-f]{8}\.html\.txt"),
        ("khong-duoi", r"van-ban-goc/khong-duoi-[0-9a-f]{8}\.txt"),
    ],
)
def test_original_file_addresses(source: str, expected: str) -> None:
    from generator.addresses import original_file

    assert re.fullmatch(expected, original_file(source))
    assert original_file(source) != original_file("khac/" + source)  # two files of one name in two folders

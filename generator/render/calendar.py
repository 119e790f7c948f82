"""Calendars (RFC 5545) of deadlines: one for the whole corpus, and for each agency one of what it must do (its
group's duties included, what it supports marked so) and one of the reports other agencies send to it.

Each event's title names its document and its task ("[53/KH-UBND] Chủ động xây dựng kế hoạch …"), its links are
absolute (the site's `site_url`: a calendar application opens them from outside the site), and a reminder
(VALARM) comes REMINDER before the day.

Written here rather than with `icalendar`: its line folding handled one character at a time and was most of the
cost of rendering (100 of 110 CPU s at 1,000 documents). Each event is serialised once and the same text goes
into every calendar that holds it. The tests read the files back with `icalendar`.

Event UIDs are stable (document, deadline, due date), so a re-published calendar updates events instead of
duplicating them; DTSTAMP is the document's date of issue (or its year), so the same input gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from ..addresses import ALL_CALENDAR, DEFAULT_SITE_URL, calendar_file, received_calendar_file
from . import Sink
from .labels import place_year
from .timeline import Entry, deadline_note
from .work import OWN, RECEIVED, SUPPORT, Work

ALL = ALL_CALENDAR
UID_DOMAIN = "vanban.portal"
_LIMIT = 75  # octets of a content line, line break excluded (RFC 5545, 3.1)
REMINDER = "-P3D"  # three days before the (all-day) event
_TITLE_LIMIT = 110
SITE_NAME = "Cổng văn bản kế hoạch"
_PREFIX = {OWN: "", SUPPORT: "Phối hợp: ", RECEIVED: "Nhận báo cáo: "}


def calendar_uri(agency_id: str) -> str:
    return calendar_file(agency_id)


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): backslash, ';' and ',' escaped, any line break written as '\\n'."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold_line(line: str) -> str:
    """A content line folded into lines of at most 75 octets (continuations start with a space), never inside a
    UTF-8 sequence, nor between a backslash and the character it escapes (as `icalendar` folds)."""
    raw = line.encode("utf-8")
    if len(raw) < _LIMIT:
        return line
    parts: list[bytes] = []
    pos = 0
    width = _LIMIT - 1  # each part holds at most 74 octets: a continuation line is a space and its part
    while len(raw) - pos > width:
        cut = pos + width
        while raw[cut] & 0xC0 == 0x80:  # inside a UTF-8 sequence: cut before it
            cut -= 1
        if raw[cut - 1] in b"\\^" and cut - 1 > pos:
            cut -= 1  # keep an escape with the character it escapes
        parts.append(raw[pos:cut])
        pos = cut
    parts.append(raw[pos:])
    return b"\r\n ".join(parts).decode("utf-8")


def _lines(*lines: str) -> str:
    return "".join(fold_line(line) + "\r\n" for line in lines)


def _ymd(d: date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def _stamp(e: Entry) -> str:
    d = e.doc.date or (date(e.doc.year, 1, 1) if e.doc.year else date(2000, 1, 1))
    return f"{_ymd(d)}T000000Z"


def _short(text: str, limit: int = _TITLE_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def doc_tag(e: Entry) -> str:
    """How an event's title names its document: '53/KH-UBND', or the type, province and year of one without a number."""
    return e.doc.reference or f"{e.doc.type_name or 'Văn bản'} không số, {place_year(e.doc)}"


def absolute(site_url: str, url: str, anchor: str | None = None) -> str:
    """A page's address as a calendar application needs it: the site's URL and the page's."""
    return site_url.rstrip("/") + "/" + url + (f"#{anchor}" if anchor else "")


def event(e: Entry, site_url: str = DEFAULT_SITE_URL, part: str = OWN) -> str:
    """The VEVENT of a dated entry, folded, CRLF line ends. `part`: what the calendar's agency does with it (its own
    work, support, or a report it receives), which the title says."""
    return event_text(event_fields(e, site_url, part))


def event_fields(e: Entry, site_url: str = DEFAULT_SITE_URL, part: str = OWN) -> tuple[str, ...]:
    """What the VEVENT of `event` says, as written before it is escaped and folded: every input of its text."""
    assert e.due is not None
    label = e.doc.label
    summary = f"[{doc_tag(e)}] {_PREFIX.get(part, '')}{_short(e.what)}"
    link = absolute(site_url, e.doc.url, e.deadline.place.section or "mo-dau")
    who = "; ".join(e.agencies)
    description = (
        f"{e.what}\n\nVăn bản: {label} ({place_year(e.doc)}); {deadline_note(e.deadline, True)}."
        + (f"\nCơ quan thực hiện: {who}." if who else "")
        + f"\nXem trong văn bản: {link}"
    )
    uid = f"{'nhan-' if part == RECEIVED else ''}{e.uid}@{UID_DOMAIN}"
    return uid, _stamp(e), _ymd(e.due), _ymd(e.due + timedelta(days=1)), summary, description, link, label


def event_text(fields: tuple[str, ...]) -> str:
    """The VEVENT of `event_fields`."""
    uid, stamp, start, end, summary, description, link, label = fields
    return _lines(
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{start}",
        f"DTEND;VALUE=DATE:{end}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{link}",
        f"CATEGORIES:{escape_text(label)}",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape_text(summary)}",
        f"TRIGGER:{REMINDER}",
        "END:VALARM",
        "END:VEVENT",
    )


def _calendar(name: str, events: list[str], description: str = "", site_url: str = DEFAULT_SITE_URL) -> str:
    return "".join(_calendar_parts(name, events, description, site_url))


def _calendar_parts(name: str, events: list[str], description: str = "", site_url: str = DEFAULT_SITE_URL) -> Iterator[str]:
    """`_calendar` a piece at a time: the calendar of every deadline of 10,000 documents is never one string."""
    yield calendar_head(name, description, site_url)
    yield from events
    yield CALENDAR_END


def calendar_head(name: str, description: str = "", site_url: str = DEFAULT_SITE_URL) -> str:
    """What a calendar file holds before its events."""
    return _lines(
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Cong van ban ke hoach//vanban//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-CALDESC:{escape_text(description or name)}",
        f"X-ORIGINAL-URL:{site_url}",
        "REFRESH-INTERVAL;VALUE=DURATION:P1D",
        "X-PUBLISHED-TTL:P1D",
    )


CALENDAR_END = "END:VCALENDAR\r\n"


def build_calendar(name: str, rows: list[Entry], site_url: str = DEFAULT_SITE_URL, part: str = OWN) -> str:
    """One calendar of the dated entries among `rows`."""
    return _calendar(name, [event(e, site_url, part) for e in rows if e.due is not None], site_url=site_url)


def agency_title(name: str, jurisdiction: str | None) -> str:
    """'Sở Nội vụ (Quảng Ngãi)': the province tells apart two agencies of one name in a calendar application."""
    return f"{name} ({jurisdiction})" if jurisdiction else name


ALL_NAME = f"Thời hạn — {SITE_NAME}"
ALL_DESCRIPTION = "Mọi thời hạn có ngày của các văn bản trên cổng."


def todo_names(title: str, name: str) -> tuple[str, str]:
    """The name and description of an agency's calendar of its work (`title`: agency_title)."""
    return (
        f"Việc của {title}",
        f"Các thời hạn văn bản giao cho {title} (cả việc giao chung cho nhóm cơ quan có {name}), theo {SITE_NAME}.",
    )


def received_names(title: str) -> tuple[str, str]:
    """The name and description of an agency's calendar of the reports sent to it."""
    return f"Báo cáo gửi về {title}", f"Các thời hạn cơ quan khác gửi báo cáo về {title}, theo {SITE_NAME}."


def calendars(
    all_entries: list[Entry],
    agencies: dict[str, tuple[str, str | None]],
    work: Work,
    site_url: str = DEFAULT_SITE_URL,
    out: Sink | None = None,
) -> Sink:
    """Calendar files: uri -> content (into `out` when given, one at a time). For each agency with work (`agencies`: id -> (name, jurisdiction)) the calendar
    of what it must do, and for each that receives reports the calendar of those; each event serialised once per
    way of titling it."""
    made: dict[tuple[int, str], str] = {}  # by the entry (alive in `all_entries` throughout) and how it is titled

    def text(e: Entry, part: str) -> str:
        key = (id(e), part)
        if key not in made:
            made[key] = event(e, site_url, part)
        return made[key]

    everything = [text(e, OWN) for e in all_entries if e.due is not None]
    if out is None:
        out = {}
    parts = _calendar_parts(ALL_NAME, everything, ALL_DESCRIPTION, site_url)
    write_parts = getattr(out, "write_chunks", None)  # the stage being written (partition.StageWriter)
    if write_parts is not None:
        write_parts(ALL, parts)
    else:
        out[ALL] = "".join(parts)
    del everything, parts
    for agency_id in sorted(set(work.todo) | set(work.received)):
        name, jurisdiction = agencies.get(agency_id, (agency_id, None))
        title = agency_title(name, jurisdiction)
        if agency_id in work.todo:
            rows = [text(e, part) for e, part in work.todo_entries(agency_id) if e.due is not None]
            what, about = todo_names(title, name)
            out[calendar_file(agency_id)] = _calendar(what, rows, about, site_url)
        if agency_id in work.received:
            rows = [text(e, RECEIVED) for e in work.received_entries(agency_id) if e.due is not None]
            what, about = received_names(title)
            out[received_calendar_file(agency_id)] = _calendar(what, rows, about, site_url)
    return out

"""Calendars (RFC 5545) of deadlines: one for the whole corpus and one per agency.

Written here rather than with `icalendar`: its line folding handled one character at a time and was most of the
cost of rendering (100 of 110 CPU s at 1,000 documents). Each event is serialised once and the same text goes
into every calendar that holds it. The tests read the files back with `icalendar`.

Event UIDs are stable (document, deadline, due date), so a re-published calendar updates events instead of
duplicating them; DTSTAMP is the document's date of issue (or its year), so the same input gives the same bytes.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from ..addresses import ALL_CALENDAR, calendar_file
from .timeline import Entry, rule_label

ALL = ALL_CALENDAR
UID_DOMAIN = "vanban.portal"
_LIMIT = 75  # octets of a content line, line break excluded (RFC 5545, 3.1)


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


def event(e: Entry) -> str:
    """The VEVENT of a dated entry, folded, CRLF line ends."""
    assert e.due is not None
    label = e.doc.label
    who = "; ".join(e.agencies)
    summary = f"Hạn: {e.deadline.text}" + (f" — {who}" if who else "")
    kind = rule_label(e.deadline) if e.deadline.kind == "recurring" else e.deadline.kind
    description = f"{e.what}\n\n{label} ({kind}). Trang văn bản: {e.doc.url}"
    return _lines(
        "BEGIN:VEVENT",
        f"SUMMARY:{escape_text(summary)}",
        f"DTSTART;VALUE=DATE:{_ymd(e.due)}",
        f"DTEND;VALUE=DATE:{_ymd(e.due + timedelta(days=1))}",
        f"DTSTAMP:{_stamp(e)}",
        f"UID:{escape_text(f'{e.uid}@{UID_DOMAIN}')}",
        f"CATEGORIES:{escape_text(label)}",
        f"DESCRIPTION:{escape_text(description)}",
        "END:VEVENT",
    )


def _calendar(name: str, events: list[str]) -> str:
    head = _lines(
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Cong van ban ke hoach//vanban//VI",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(name)}",
    )
    return head + "".join(events) + "END:VCALENDAR\r\n"


def build_calendar(name: str, rows: list[Entry]) -> str:
    """One calendar of the dated entries among `rows`."""
    return _calendar(name, [event(e) for e in rows if e.due is not None])


def calendars(all_entries: list[Entry], agency_names: dict[str, str]) -> dict[str, str]:
    """Calendar files: uri -> content. One per agency that an entry names, each event serialised once."""
    everything: list[str] = []
    per: dict[str, list[str]] = defaultdict(list)
    for e in all_entries:
        text = event(e) if e.due is not None else None
        if text is not None:
            everything.append(text)
        for agency_id in e.agency_ids:
            events = per[agency_id]  # an agency with undated deadlines only still gets its (empty) calendar
            if text is not None:
                events.append(text)
    out = {ALL: _calendar("Thời hạn — Cổng văn bản kế hoạch", everything)}
    for agency_id, events in sorted(per.items()):
        out[calendar_uri(agency_id)] = _calendar(f"Thời hạn — {agency_names.get(agency_id, agency_id)}", events)
    return out

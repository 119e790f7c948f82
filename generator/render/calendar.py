"""Calendars (RFC 5545) of deadlines: one for the whole corpus and one per agency, written with `icalendar`.

Event UIDs are stable (document, deadline, due date), so a re-published calendar updates events instead of
duplicating them; DTSTAMP is the document's date of issue (or its year), so the same input gives the same bytes.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from .timeline import Entry, rule_label

CALENDAR_DIR = "data/lich"
ALL = f"{CALENDAR_DIR}/tat-ca.ics"
UID_DOMAIN = "vanban.portal"


def calendar_uri(agency_id: str) -> str:
    return f"{CALENDAR_DIR}/{agency_id}.ics"


def _stamp(e: Entry) -> datetime:
    d = e.doc.date or (date(e.doc.year, 1, 1) if e.doc.year else date(2000, 1, 1))
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def build_calendar(name: str, rows: list[Entry]) -> str:
    cal = Calendar()
    cal.add("prodid", "-//Cong van ban ke hoach//vanban//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for e in rows:
        if e.due is None:
            continue
        ev = Event()
        ev.add("uid", f"{e.uid}@{UID_DOMAIN}")
        ev.add("dtstamp", _stamp(e))
        ev.add("dtstart", e.due)
        ev.add("dtend", e.due + timedelta(days=1))
        label = f"{e.doc.type_name or 'Văn bản'} {e.doc.reference or '(không số)'}"
        who = "; ".join(e.agencies)
        ev.add("summary", f"Hạn: {e.deadline.text}" + (f" — {who}" if who else ""))
        kind = rule_label(e.deadline) if e.deadline.kind == "recurring" else e.deadline.kind
        ev.add("description", f"{e.what}\n\n{label} ({kind}). Trang văn bản: {e.doc.url}")
        ev.add("categories", [label])
        cal.add_component(ev)
    return cal.to_ical().decode("utf-8")


def calendars(all_entries: list[Entry], agency_names: dict[str, str]) -> dict[str, str]:
    """Calendar files: uri -> content."""
    out = {ALL: build_calendar("Thời hạn — Cổng văn bản kế hoạch", all_entries)}
    per: dict[str, list[Entry]] = defaultdict(list)
    for e in all_entries:
        for agency_id in e.agency_ids:
            per[agency_id].append(e)
    for agency_id, rows in sorted(per.items()):
        out[calendar_uri(agency_id)] = build_calendar(f"Thời hạn — {agency_names.get(agency_id, agency_id)}", rows)
    return out

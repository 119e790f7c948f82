"""The calendars of a publish made from the last build's files: the same bytes as `calendar.calendars`, with the
work of the documents that changed only.

A calendar file is its head (name, description, the site's URL) and its events in date order; an event's text is a
function of its document, its deadline, its due date and how the calendar titles it (its part). Each document is
known by a key of every input its events read (`doc_key`: the source file's content, which the document's text and
deadlines are parsed and extracted from, and what resolve gives it: its address, header fields, the agencies
carrying each deadline). What this build keeps beside the parse cache (kept.py) is, for each calendar file, its
head, its events (document, deadline, due date, part), the length of each event's text and the file's hash; and
each document's key. The next build then

- keeps a file of the stage as it is when its head and its events are the same and none of its documents changed
  (the stage still holding the very file that was described: same hash);
- otherwise writes it again, taking the text of each event of a document that did not change from the previous
  file (cut by the lengths kept, once the file's hash is checked), and making the others (`calendar.event`).

Without the stage's previous files, or with another state, every event is made again: the same bytes.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from .. import kept
from ..addresses import ALL_CALENDAR, calendar_file, received_calendar_file
from ..models import Agency, Document, ResolvedCorpus, ResolvedDuty
from ..partition import StageWriter, digest
from . import calendar
from .agencies import deadline_carriers
from .index import Index
from .timeline import Entry, doc_entries
from .work import OWN, RECEIVED, agency_keys

STATE_FILE = "calendars.pickle"

Event = tuple[str, int, int, str]  # document id, index of its deadline, due date (ordinal), part


@dataclass(frozen=True)
class KeptFile:
    head: tuple[str, str, str]  # name, description, site URL
    made_of: object  # what chose its events: an agency's deadlines with their parts, or the reports it receives
    events: list[Event]
    lengths: array[int]  # bytes of each event's text, in order
    digest: str  # the file's hash, as the stage's manifest holds it


def doc_key(doc: Document, duties: Iterable[ResolvedDuty], agencies: Mapping[str, Agency], file_digest: Callable[[str], bytes]) -> bytes:
    """Every input of a document's events: its source file's content (its text and deadlines are parsed and extracted
    from it alone, by code the state's signature names), its place in the file, the fields resolve may give or change
    (address, jurisdiction...), and its resolved duties' agencies and deadlines with the agencies' names (who carries
    each deadline: agencies.deadline_carriers)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(file_digest(doc.source))
    carried = tuple((rd.agency, rd.duty.deadlines) for rd in duties)
    names = tuple(agencies[a].name for a in dict.fromkeys(a for a, _ in carried))
    fields = (
        doc.id, doc.url, doc.source, doc.index, doc.type_code, doc.type_name, doc.number, doc.symbol, doc.reference,
        doc.issuer, doc.jurisdiction, doc.place, doc.date, doc.year, doc.title, carried, names,
    )
    h.update(kept.encoded(fields))
    return h.digest()


def kept_calendars(
    resolved: ResolvedCorpus,
    site_url: str,
    out: Any,
    state: Path | None = None,
    file_digest: Callable[[str], bytes] | None = None,
) -> None:
    """Write the calendars (`calendar.calendars`' files, same bytes) into `out` (a beside.Recorder or a dict); with
    `state` and `file_digest`, made from what the last build kept there (module docstring) and kept for the next."""
    stage = kept.stage_of(out)
    sign = kept.code_signature(STATE_FILE)
    old = kept.load(state, sign) if file_digest is not None else None
    old_keys: dict[str, bytes] = old["docs"] if old else {}
    old_files: dict[str, KeptFile] = old["files"] if old else {}
    del old

    agencies = {a.id: a for a in resolved.agencies}
    docs = {d.id: d for d in resolved.documents}
    dues: dict[tuple[str, int], list[int]] = {}
    keys: dict[str, bytes] = {}
    changed: set[str] = set()  # documents new or changed since the state was kept, and those gone
    every: list[tuple[int, str, int]] = []
    for doc in resolved.documents:
        for i, d in enumerate(resolved.deadlines.get(doc.id, ())):
            days = [o.toordinal() for o in d.occurrences] if d.occurrences else ([d.date.toordinal()] if d.date else [])
            dues[(doc.id, i)] = days
            every.extend((day, doc.id, i) for day in days)
        if file_digest is not None:
            keys[doc.id] = doc_key(doc, resolved.duties.get(doc.id, ()), agencies, file_digest)
            if old_keys.get(doc.id) != keys[doc.id]:
                changed.add(doc.id)
        else:
            changed.add(doc.id)
    changed.update(old_keys.keys() - keys.keys())
    every.sort()

    entries: dict[str, dict[tuple[int, int], Entry]] = {}
    # what timeline.doc_entries reads of an Index: the resolved corpus (its deadlines), not the lookups a page makes
    ix = cast(Index, SimpleNamespace(resolved=resolved))

    def made(event: Event) -> bytes:
        doc_id, i, day, part = event
        if doc_id not in entries:
            carriers = deadline_carriers(agencies, doc_id, resolved.duties.get(doc_id, ()))
            found = doc_entries(ix, docs[doc_id], carriers)
            entries[doc_id] = {(e.index, e.due.toordinal()): e for e in found if e.due is not None}
        return calendar.event(entries[doc_id][(i, day)], site_url, part).encode("utf-8")

    files: dict[str, KeptFile] = {}

    def write(uri: str, head: tuple[str, str, str], made_of: object, doc_ids: Iterable[str], events: Callable[[], list[Event]]) -> None:
        """The file `uri`: kept when it was made of the same (`made_of`, the same head) and none of its documents
        (`doc_ids`) changed, else written, its events (`events()`) taken from the previous file where they can be."""
        before = old_files.get(uri)
        same = before is not None and stage is not None and before.digest == stage.old.get(uri)
        if same and before is not None and before.head == head and before.made_of == made_of and changed.isdisjoint(doc_ids):
            if out.keep(uri):
                files[uri] = before
                return
        # the previous file's texts, when it is the one described and its links were made for the same site URL
        pool = _previous_events(stage, uri, before) if same and before is not None and before.head[2] == head[2] else {}
        listed = events()
        chunks: list[Any] = [calendar.calendar_head(*head).encode("utf-8")]
        lengths = array("I")
        for event in listed:
            text = pool.get(event) if event[0] not in changed else None
            if text is None:
                text = made(event)
            chunks.append(text)
            lengths.append(len(text))
        chunks.append(calendar.CALENDAR_END.encode("utf-8"))
        data = b"".join(chunks)
        del chunks, pool
        out[uri] = data if stage is not None else data.decode("utf-8")
        files[uri] = KeptFile(head, made_of, listed, lengths, stage.new[uri] if stage is not None else "")

    dated = frozenset(map(itemgetter(1), every))  # every document with a dated deadline (one gone changes it)
    write(
        ALL_CALENDAR, (calendar.ALL_NAME, calendar.ALL_DESCRIPTION, site_url), dated, dated,
        lambda: [(doc_id, i, day, OWN) for day, doc_id, i in every],
    )
    todo, received = agency_keys(resolved)
    for agency_id in sorted(set(todo) | set(received)):
        a = agencies.get(agency_id)
        name, jurisdiction = (a.name, a.jurisdiction) if a is not None else (agency_id, None)
        title = calendar.agency_title(name, jurisdiction)
        if agency_id in todo:
            parts = todo[agency_id]
            write(
                calendar_file(agency_id), (*calendar.todo_names(title, name), site_url), parts, map(itemgetter(0), parts),
                partial(_todo_events, parts, dues),
            )
        if agency_id in received:
            got = received[agency_id]
            write(
                received_calendar_file(agency_id), (*calendar.received_names(title), site_url), got, map(itemgetter(0), got),
                partial(_received_events, got, dues),
            )
    if file_digest is not None:
        kept.save(state, sign, {"docs": keys, "files": files})


def _ordered(events: Iterable[Event]) -> list[Event]:
    """Events in the calendars' order: by due date, then document and deadline (timeline.entry_order)."""
    return sorted(events, key=lambda e: (e[2], e[0], e[1]))


def _todo_events(parts: dict[tuple[str, int], str], dues: dict[tuple[str, int], list[int]]) -> list[Event]:
    return _ordered((doc_id, i, day, part) for (doc_id, i), part in parts.items() for day in dues.get((doc_id, i), ()))


def _received_events(got: set[tuple[str, int]], dues: dict[tuple[str, int], list[int]]) -> list[Event]:
    return _ordered((doc_id, i, day, RECEIVED) for doc_id, i in got for day in dues.get((doc_id, i), ()))


def _previous_events(stage: StageWriter | None, uri: str, before: KeptFile) -> dict[Event, Any]:
    """The text of each event of the stage's previous file `uri`, cut by the lengths kept; empty when the file on
    disk is not the one described."""
    if stage is None:
        return {}
    try:
        data = (stage.root / uri).read_bytes()
    except OSError:
        return {}
    if digest(data) != before.digest:
        return {}
    at = len(calendar.calendar_head(*before.head).encode("utf-8"))
    view = memoryview(data)  # each event a view of the file read, not a copy
    pool: dict[Event, Any] = {}
    for event, length in zip(before.events, before.lengths, strict=True):
        pool[event] = view[at : at + length]
        at += length
    return pool


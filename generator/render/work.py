"""An agency's work, in three parts, from the duties the documents give it: what it must do itself (it leads, is
assigned, directs, advises or is asked: the duties given to a group it belongs to included), what it supports, and
the reports other agencies send to it. The agency's page and its calendars read the same split.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..models import ResolvedCorpus
from .index import Index
from .timeline import Entry

OWN = "own"
SUPPORT = "support"
RECEIVED = "received"
PART_OF_ROLE = {
    "lead": OWN,
    "assigned": OWN,
    "direct": OWN,
    "advise": OWN,
    "requested": OWN,
    "support": SUPPORT,
    "collect": RECEIVED,
}
PART_TITLE = {
    OWN: "Việc cơ quan phải làm",
    SUPPORT: "Việc cơ quan phối hợp",
    RECEIVED: "Báo cáo cơ quan nhận",
}
PART_ANCHOR = {OWN: "viec-phai-lam", SUPPORT: "viec-phoi-hop", RECEIVED: "bao-cao-nhan"}

Key = tuple[str, int]  # (document id, index of the deadline in the document)


def part_of(role: str) -> str:
    return PART_OF_ROLE.get(role, OWN)


def entry_order(e: Entry) -> tuple[bool, date, str, int]:
    return (e.due is None, e.due or date.max, e.doc.id, e.index)


@dataclass(frozen=True)
class Work:
    """Deadline entries by agency: `todo` what it must do or support (key -> part), `received` reports sent to it."""

    todo: dict[str, dict[Key, str]]
    received: dict[str, set[Key]]
    by_key: dict[Key, list[Entry]]

    def entries(self, keys: Iterable[Key]) -> list[Entry]:
        out = [e for k in keys for e in self.by_key.get(k, ())]
        out.sort(key=entry_order)
        return out

    def todo_entries(self, agency_id: str) -> list[tuple[Entry, str]]:
        """(entry, part) of what the agency must do or support, in date order."""
        parts = self.todo.get(agency_id, {})
        rows = [(e, parts[k]) for k in parts for e in self.by_key.get(k, ())]
        rows.sort(key=lambda ep: entry_order(ep[0]))
        return rows

    def received_entries(self, agency_id: str) -> list[Entry]:
        return self.entries(sorted(self.received.get(agency_id, set())))


def agency_work(ix: Index, all_entries: list[Entry]) -> Work:
    """Every agency's deadlines by part. A member of a group («các sở, ban, ngành tỉnh») takes the group's: the
    group's duties are the member's own work too."""
    by_key: dict[Key, list[Entry]] = defaultdict(list)
    for e in all_entries:
        by_key[(e.doc.id, e.index)].append(e)
    todo, received = agency_keys(ix.resolved)
    return Work(todo, received, dict(by_key))


def agency_keys(resolved: ResolvedCorpus) -> tuple[dict[str, dict[Key, str]], dict[str, set[Key]]]:
    """`Work.todo` and `Work.received`: which deadlines each agency must do or support (and in which part), and which
    reports it receives, from the duties alone (no entry made)."""
    direct: dict[str, dict[Key, str]] = defaultdict(dict)
    received: dict[str, set[Key]] = defaultdict(set)
    for doc_id, duties in resolved.duties.items():
        for rd in duties:
            part = part_of(rd.duty.role)
            for i in rd.duty.deadlines:
                key = (doc_id, i)
                if part == RECEIVED:
                    received[rd.agency].add(key)
                elif direct[rd.agency].get(key) != OWN:  # own work outranks support for the same deadline
                    direct[rd.agency][key] = part
    todo: dict[str, dict[Key, str]] = {}
    for a in resolved.agencies:
        mine = dict(direct.get(a.id, {}))
        for g in a.groups:
            for key, part in direct.get(g, {}).items():
                if mine.get(key) != OWN:
                    mine[key] = part
        if mine:
            todo[a.id] = mine
    return todo, dict(received)

"""Lookups over a resolved corpus, built once per `render_site` call instead of once per page.

Building `{id: item}` for every page, or scanning every instrument or duty for every document or agency, made
rendering grow with pages × corpus (110 CPU s at 1,000 documents). Everything a page needs from the rest of the
corpus is looked up here in constant time.

Every lookup is also the place where a page's inputs are known: while a `Tape` records (`tape.reads` a set), each
lookup adds its (collection, key) to it, and going over a whole collection adds (collection, ALL). A publish renders
again only the pages whose recorded inputs changed (render/record.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from ..models import Agency, Document, Instrument, ResolvedCorpus

ALL = "*"  # the key read when a page goes over a whole collection
Read = tuple[str, str]  # (collection, key)

V = TypeVar("V")


class Tape:
    """What the page being rendered has read of the corpus: `reads` is a set while recording, else None."""

    __slots__ = ("reads",)

    def __init__(self) -> None:
        self.reads: set[Read] | None = None

    def note(self, name: str, key: str) -> None:
        """Add (name, key) to what is being recorded, if anything is."""
        if self.reads is not None:
            self.reads.add((name, key))


class Recorded(Mapping[str, V]):
    """A mapping whose lookups are noted on a Tape under the collection's `name`."""

    __slots__ = ("_name", "_data", "_tape")

    def __init__(self, name: str, data: Mapping[str, V], tape: Tape) -> None:
        self._name = name
        self._data = data
        self._tape = tape

    def __getitem__(self, key: str) -> V:
        self._tape.note(self._name, key)
        return self._data[key]

    def get(self, key: str, default: Any = None) -> Any:
        self._tape.note(self._name, key)
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._tape.note(self._name, str(key))
        return key in self._data

    def _all(self) -> None:
        self._tape.note(self._name, ALL)

    def __iter__(self) -> Iterator[str]:
        self._all()
        return iter(self._data)

    def __len__(self) -> int:
        self._all()
        return len(self._data)

    def keys(self) -> KeysView[str]:
        self._all()
        return self._data.keys()

    def values(self) -> ValuesView[V]:
        self._all()
        return self._data.values()

    def items(self) -> ItemsView[str, V]:
        self._all()
        return self._data.items()


class _ResolvedView:
    """A ResolvedCorpus whose per-document dictionaries are Recorded; anything else read of it (the documents, the
    agencies, the instruments, the corpus) is read whole."""

    def __init__(self, resolved: ResolvedCorpus, tape: Tape) -> None:
        self._resolved = resolved
        self._tape = tape
        self.citations = Recorded("citations", resolved.citations, tape)
        self.given = Recorded("given", resolved.given, tape)
        self.deadlines = Recorded("deadlines", resolved.deadlines, tape)
        self.duties = Recorded("duties", resolved.duties, tape)
        self.validity = Recorded("validity", resolved.validity, tape)
        self.instrument_status = Recorded("instrument_status", resolved.instrument_status, tape)

    @property
    def today(self) -> Any:
        self._tape.note("today", "")
        return self._resolved.today

    def __getattr__(self, name: str) -> Any:
        self._tape.note(name, ALL)
        return getattr(self._resolved, name)


@dataclass(frozen=True)
class Index:
    """Read-only lookups over one ResolvedCorpus."""

    resolved: ResolvedCorpus  # its per-document dictionaries Recorded (see _ResolvedView); `raw` is the corpus itself
    instruments: Mapping[str, Instrument]  # instrument id -> instrument
    documents: Mapping[str, Document]  # document id -> document
    agencies: Mapping[str, Agency]  # agency id -> agency
    own: Mapping[str, Instrument]  # document id -> the instrument that is this document
    duties: Mapping[str, tuple[tuple[Document, tuple[int, ...]], ...]]  # agency id -> (document, indexes of its duties there)
    raw: ResolvedCorpus | None = None
    tape: Tape | None = None

    def cited_by(self, inst: Instrument) -> tuple[str, ...]:
        """The documents citing `inst`: read here, not as `inst.cited_by`, so that a page reading an instrument
        depends on who cites it only when it shows that (a new document citing a national resolution does not
        change every page citing it: render/record.py)."""
        self.note("cited_by", inst.id)
        return inst.cited_by

    def note(self, name: str, key: str) -> None:
        """Record a read that is not a lookup (a value computed from others: render/record.py knows how)."""
        if self.tape is not None:
            self.tape.note(name, key)


def build_index(resolved: ResolvedCorpus, tape: Tape | None = None) -> Index:
    tape = tape or Tape()
    own: dict[str, Instrument] = {}
    for inst in resolved.instruments:
        if inst.document is not None:
            own.setdefault(inst.document, inst)  # the first, as a scan of the instruments finds it
    duties: dict[str, list[tuple[Document, tuple[int, ...]]]] = defaultdict(list)
    for doc in resolved.documents:
        mine: dict[str, list[int]] = defaultdict(list)
        for k, rd in enumerate(resolved.duties.get(doc.id, ())):
            mine[rd.agency].append(k)
        for agency_id, ks in mine.items():
            duties[agency_id].append((doc, tuple(ks)))
    return Index(
        resolved=cast(ResolvedCorpus, _ResolvedView(resolved, tape)),
        instruments=Recorded("instruments", {i.id: i for i in resolved.instruments}, tape),
        documents=Recorded("documents", {d.id: d for d in resolved.documents}, tape),
        agencies=Recorded("agencies", {a.id: a for a in resolved.agencies}, tape),
        own=Recorded("own", own, tape),
        duties=Recorded("agency_duties", {k: tuple(v) for k, v in duties.items()}, tape),
        raw=resolved,
        tape=tape,
    )

"""What each group of pages read of the corpus, kept with the stage, so that a publish renders again only the groups
whose inputs changed (render/pages.py) and keeps the other files of the previous stage as they are.

A group (a document's page with its pages of citing documents, ...) is rendered while a Tape records the lookups it
makes through render/index.py. Its record is its files, the (collection, key) pairs it read and one digest of the
values it read then. On the next run with the same code, templates and site URL (`head`), a group whose digest of
the current values is the same, and whose files the stage still holds, is kept without rendering it. A group that
went over a whole collection (ALL) is always rendered.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
from collections.abc import Callable, Iterable, Iterator
from operator import attrgetter
from pathlib import Path
from typing import Any

from ..models import Duty, Instrument, Place, ResolvedCorpus, ResolvedDuty
from .index import ALL, Index, Read
from .links import CENTRAL_FIRST, central_order

_EMPTY = b"\0absent"
# the fields of a Document that pipeline.assemble (a URL two documents claim) and resolve (a place its citers give,
# problems found across documents) set after the parse: every other field is what the parse made of the file
RESOLVED_FIELDS = ("id", "url", "jurisdiction", "problems")
# fingerprints remembered at once (Fingerprints._remember): 10,000 documents read ~100,000 values (documents apart),
# ~28 MB of memo; a smaller limit cleared it twice or more per render and made the values read by many groups (a
# document's duties by its agencies' pages, an agency, an instrument) again each time: 148,716 pickles instead of
# ~88,000. A larger corpus still clears it, its memory stays bounded.
MEMO_LIMIT = 150_000
# a document's values that resolve takes from what was extracted of its file as they are (tests/test_incremental_render)
_OF_THE_FILE = ("citations", "deadlines")
# the separators of `pack`: a read is "<name>\x1f<key>", reads are apart by "\x1e"
UNIT, RECORD = "\x1f", "\x1e"


def _flat(cls: type, nested: dict[str, type], prefix: str = "") -> list[str]:
    """The field names of a dataclass, those of `nested` (field name -> its dataclass) replaced by theirs, dotted:
    an attrgetter of them gives an object's values as one tuple of plain values, which pickle writes without calling
    the models' own __reduce__ (a Python function per object: models._pickled_by_fields) for each nested object."""
    names: list[str] = []
    for f in dataclasses.fields(cls):
        inner = nested.get(f.name)
        names += _flat(inner, nested, f"{prefix}{f.name}.") if inner is not None else [prefix + f.name]
    return names


# a resolved duty's values, all of them: pickling the duties (ResolvedDuty > Duty > Place) of 10,000 documents
# object by object took 0.9 s of a publish's 3.5 s of checks
_DUTY_VALUES = attrgetter(*_flat(ResolvedDuty, {"duty": Duty, "place": Place}))
# an instrument's values but who cites it (read apart: Index.cited_by) and the dates its citers give (resolve's, not
# shown by a page), taken without a copy of it (dataclasses.replace: 0.2 s for 20,000 at 10,000 documents)
_BARE_VALUES = attrgetter(*(f.name for f in dataclasses.fields(Instrument) if f.name not in ("cited_by", "dates_given")))


def _hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _pickled(value: Any) -> bytes:
    return _hash(pickle.dumps(value, protocol=5))


def head(code: str, base: str, size: int, overrides: tuple[Path, ...]) -> str:
    """What every page depends on besides the corpus: the code's version, the site's URL, the page size and the
    override templates' files."""
    h = hashlib.sha256(f"{code}\0{base}\0{size}\0".encode())
    for folder in overrides:
        for f in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(str(f).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


class Fingerprints:
    """A short hash of the current value of each (collection, key) a page can read, made once per key.

    A document's is its source file's content hash (`file_digest`: the parse cache's key of the file) with its place
    in the file and the fields made after the parse (RESOLVED_FIELDS): the rest of it is a function of that file and
    the code. Other values are pickled whole (a duty, an instrument as the tuple of its values), except an agency's
    list of documents, which is their fingerprints."""

    def __init__(
        self, resolved: ResolvedCorpus, ix: Index, file_digest: Callable[[str], bytes],
        derived: dict[str, Callable[[str], Any]] | None = None,
    ) -> None:
        self.derived = derived or {}  # name -> the current value of a read made of others (a document's rows, ...)
        self.resolved = resolved
        self.file_digest = file_digest
        self.documents = {d.id: d for d in resolved.documents}
        self.instruments = {i.id: i for i in resolved.instruments}
        self.agencies = {a.id: a for a in resolved.agencies}
        self.ix = ix
        self.memo: dict[str, bytes] = {}  # a read as packed (pack: "<name>\x1f<key>") -> its fingerprint
        self.docs: dict[str, bytes] = {}  # document id -> its fingerprint (`document`)

    def _remember(self, read: str, fp: bytes) -> None:
        # bounded: the shared ones (an instrument, an agency, today) are made again once per MEMO_LIMIT reads, the
        # same values
        if len(self.memo) >= MEMO_LIMIT:
            self.memo.clear()
        self.memo[read] = fp

    def document(self, doc_id: str) -> bytes:
        fp = self.docs.get(doc_id)
        if fp is None:
            doc = self.documents.get(doc_id)
            if doc is None:
                fp = _EMPTY
            else:
                # what the parse made of the file is a function of its content (and of the code: `head`); what
                # pipeline.assemble and resolve change of it after is RESOLVED_FIELDS (tests/test_incremental_render)
                changed = tuple(getattr(doc, f) for f in RESOLVED_FIELDS)
                fp = _hash(self.file_digest(doc.source) + pickle.dumps((doc.source, doc.index, changed), protocol=5))
            self.docs[doc_id] = fp  # one per document, kept apart from the bounded memo: made once
        return fp

    def of(self, read: Read) -> bytes:
        name, key = read
        if key == ALL:
            raise KeyError(read)  # a whole collection: never the same
        packed = f"{name}{UNIT}{key}"
        fp = self.memo.get(packed)
        if fp is not None:
            return fp
        fp = self._of(name, key)
        self._remember(packed, fp)
        return fp

    def _of(self, name: str, key: str) -> bytes:
        r = self.resolved
        value: Any
        if name == "documents":
            return self.document(key)
        if name == "instruments":
            inst = self.instruments.get(key)
            value = None if inst is None else _BARE_VALUES(inst)
        elif name == "cited_by":
            inst = self.instruments.get(key)
            value = inst.cited_by if inst is not None else _EMPTY
        elif name == CENTRAL_FIRST:
            items = [self.instruments[i] for i in key.split("\n") if i in self.instruments]
            value = [i.id for i in central_order(items)] if len(items) == len(key.split("\n")) else _EMPTY
        elif name == "agencies":
            value = self.agencies.get(key)
        elif name == "own":
            own = _quiet(self.ix, lambda: self.ix.own.get(key))
            value = None if own is None else _BARE_VALUES(own)
        elif name == "agency_duties":
            pairs = _quiet(self.ix, lambda: self.ix.duties.get(key, ()))
            return _hash(b"".join(self.document(d.id) for d, _ in pairs) + repr([ks for _, ks in pairs]).encode())
        elif name == "today":
            value = r.today
        elif name in _OF_THE_FILE and key in self.documents and key in getattr(r, name):
            # a document's citations and deadlines are what the parse and the extraction found in its file (the
            # document's fingerprint), save what resolve adds to each citation: its instrument, page and anchor
            rows = [(c.instrument, c.target_document, c.target_anchor) for c in r.citations[key]] if name == "citations" else ()
            return _hash(name.encode() + b"\0" + self.document(key) + pickle.dumps(rows, protocol=5))
        elif name == "duties":
            duties = r.duties.get(key)
            value = _EMPTY if duties is None else [_DUTY_VALUES(d) for d in duties]
        elif name in ("citations", "given", "deadlines", "validity", "instrument_status"):
            value = getattr(r, name).get(key, _EMPTY)
        elif name in self.derived:
            fp = self.derived[name](key)
            return fp if isinstance(fp, bytes) else _pickled(fp)
        else:  # a collection read whole or unknown: never the same
            raise KeyError((name, key))
        return _pickled(value)

    def _packed_of(self, read: str) -> bytes:
        name, _, key = read.partition(UNIT)
        return self.of((name, key))

    def digest(self, packed: str) -> str | None:
        """One hash of the current values of the reads `packed` (pack); None when one of them is a whole collection.

        The check of a publish asks it for each of ~22,700 groups at 10,000 documents, ~1 million reads in all,
        ~135,000 of them distinct: a group whose reads are all remembered is one lookup per read and one hash."""
        items = packed.split(RECORD) if packed else []
        memo = self.memo
        try:
            fps = list(map(memo.__getitem__, items))
        except KeyError:
            try:
                fps = [memo.get(read) or self._packed_of(read) for read in items]
            except KeyError:
                return None
        return hashlib.blake2b(b"".join(fps), digest_size=16).hexdigest()

    def digest_bytes(self, reads: Iterable[Read]) -> bytes:
        """`digest` as the fingerprint of a value made of `reads` (a derived read); raises KeyError when it has none."""
        d = self.digest(pack(reads))
        if d is None:
            raise KeyError(reads)
        return d.encode()


def _quiet(ix: Index, fn: Callable[[], Any]) -> Any:
    """`fn()` without recording what it reads."""
    assert ix.tape is not None
    saved, ix.tape.reads = ix.tape.reads, None
    try:
        return fn()
    finally:
        ix.tape.reads = saved


@dataclasses.dataclass
class Group:
    files: list[str]
    reads: str  # the (collection, key) pairs read, sorted, packed in one string (pack): a list of tuples for every
    # group of 10,000 documents held ~100 MB until the record was written
    digest: str | None


def pack(reads: Iterable[Read]) -> str:
    """Reads as one string in sorted order, name and key apart by the unit separator, reads by the record separator
    (ASCII control characters no id holds; a key may hold newlines: CENTRAL_FIRST)."""
    return RECORD.join(f"{name}{UNIT}{key}" for name, key in sorted(reads))


def unpack(packed: str) -> list[Read]:
    return [(name, key) for name, _, key in (item.partition(UNIT) for item in packed.split(RECORD))] if packed else []


def load(text: str | None, expected_head: str) -> dict[str, Group] | None:
    """The record of the previous stage (partition.RENDER_RECORD), None when missing, unreadable or made with another
    head."""
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("head") != expected_head or not isinstance(data.get("groups"), dict):
        return None
    try:
        return {
            k: Group([str(f) for f in g["files"]], _packed(g["reads"]), g["digest"])
            for k, g in data["groups"].items()
        }
    except (KeyError, TypeError, ValueError):
        return None


def _packed(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("reads")
    return value


def dumps(head_: str, groups: dict[str, Group]) -> Iterator[str]:
    """The record as JSON, a group at a time (10,000 documents' record is tens of MB: never one string in memory)."""
    yield '{"head":' + json.dumps(head_) + ',"groups":{'
    for k, (name, g) in enumerate(sorted(groups.items())):
        item = {"files": g.files, "reads": g.reads, "digest": g.digest}
        yield ("," if k else "") + json.dumps(name, ensure_ascii=False) + ":" + json.dumps(item, ensure_ascii=False, separators=(",", ":"))
    yield "}}"

"""The search index of the site: static, sharded, written by the generator from the data it already has.

No page is read back: the index is made from the resolved corpus and its open data (`documents.json`) in
`build_site`, and its files are ordinary generated files (under `addresses.SEARCH_DIR`), so every way of building
the site writes them, and an incremental build rewrites only the files whose content changed.

What is indexed, and how much each part counts (the product's rules):

- a document: its name (type and number: weight 5), subject (3), issuer (2), signer (3), date (1), place (1), and
  its full text section by section (at most 1: BM25's saturation of the term frequency, over a fixed mean length);
- a cited instrument (its name, subject, issuer, date) and an agency (name, aliases, place), at 0.35 of the weight
  of a document's fields, so that the documents published on the portal come before the pages about what they cite
  (the documents an agency issued before the agency's page).

Terms (`terms`): NFC, lower case; a reference such as `53/KH-UBND` or `03-KH/BCĐ` is one term, and its parts are
words too; two words side by side are a term as well (a bigram: "dân vận", "chính quyền"), so documents holding the
words together rank first. The key of a term is its *folded* form (tones removed, đ written d: "dan van kheo" finds
«Dân vận khéo», "doan" finds «Đoàn»); a word's exact forms (with diacritics) keep their own postings when a
folded word has several, so a query typed with the right diacritics ranks the exact matches first.

Ranking: each posting holds a term's weight in one page (fields + text), precomputed here; the search page
multiplies it by the term's idf (from its document frequency, kept beside the postings, and the page count of
`meta.json`) and sums over the query's terms. A term's postings are stored best first and cut to the best
`TOP_K` pages, so a common word's entry stays small at any corpus size; a rare term's are complete.

Files (JSON, under SEARCH_DIR):

- `meta.json`: version, counts, number of shards, the filters;
- `t/{k}.json`: shard k, the terms whose folded key hashes (FNV-1a, 32 bits, of its UTF-8) to k: a list of
  `[key, df, postings, exact]`; postings are `[page, weight × 10, section, ...]` flattened, best first; `exact`
  is the one exact form of the word (a string) or `[[form, df, postings], ...]`;
- `b/{n}.json` and `b/e{n}.json`: the records of CHUNK documents (or instruments and agencies) shown for a result:
  address, name, subject, facts, and the sections (anchor, name, heading) a posting's section number points to;
- `loc/{filter}.json`: the values of a filter with their counts (the filter's name with dashes: `hieu-luc`);
  `loc/{filter}/{id}.json`: the documents of one value, as a bitset (base64) or a list of gaps, whichever is smaller.

Documents are numbered 0, 1, ... from the oldest (by date, then address), so a new document usually takes the next
number and leaves the others as they were; instruments and agencies are numbered -1, -2, ... apart from them. The
same input gives byte-identical files.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import json
import re
import time
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import kept as kept_state
from .addresses import SEARCH_DIR
from .models import Document, Section
from .progress import Progress, report
from .validity import STATUS_FACET

VERSION = 1
FILTERS = ("loai", "dia_ban", "co_quan", "nam", "co_quan_thuc_hien", "hieu_luc")  # labels are on the search page
KINDS = {"instrument": "Văn bản được dẫn chiếu (không đăng trên cổng)", "agency": "Cơ quan"}

# weights of a document's fields; instruments and agencies count ENTITY_WEIGHT of the same
WEIGHTS = {"name": 5.0, "subject": 3.0, "issuer": 2.0, "signer": 3.0, "date": 1.0, "place": 1.0}
ENTITY_WEIGHT = 0.35  # an agency named by the query (5 × 0.35) after the documents it issued (2)
TEXT_K1, TEXT_B, TEXT_MEAN_LENGTH = 1.2, 0.75, 2000  # BM25 over the full text, a fixed mean length (see below)
TOP_K = 200  # postings kept per term, the best first
SCALE = 100  # weights are stored as integers: 1 + weight × SCALE, rounded down
CHUNK = 4  # records per file: a result page of 10 fetches at most 10 small files
SHARD_BYTES = 8_000  # mean size of a shard the number of shards aims at (a power of two)
SECTION_DEPTH = 2  # sections a result links to: Mục and khoản, Chương and Điều (deeper ones count in these)

# The mean length is fixed rather than measured, so that adding a document does not change every weight of the
# index (the stage then rewrites only the shards of that document's terms).

_TOKEN = re.compile(r"[^\W_]+(?:[/-][^\W_]+)*")
_BREAK = re.compile(r"[^\w\s/-]|_")  # punctuation: no bigram across it
_PART = re.compile(r"[/-]")


_MARKS = re.compile("[\u0300-\u036f]")


def fold(text: str) -> str:
    """'Đoàn Dụng' -> 'doan dung': lower case, the marks of U+0300-U+036F (tones, circumflex, breve, horn) removed,
    đ written d (NFC). The search page folds a query the same way."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return unicodedata.normalize("NFC", _MARKS.sub("", decomposed))


def words(text: str) -> list[list[str]]:
    """The tokens of `text` (NFC, lower case), in runs without punctuation between them: a reference such as
    '53/kh-ubnd' is one token."""
    text = unicodedata.normalize("NFC", text).lower()
    return [run for run in (_TOKEN.findall(piece) for piece in _BREAK.split(text)) if run]


_NOT_PLAIN = re.compile(r"[\d/-]")


def terms(text: str, bigrams: bool = True) -> list[str]:
    """Every term of `text`, repeats kept (term frequency counts), in their exact form: each word; each reference
    and its parts; with `bigrams`, two words side by side joined by a space (not across punctuation, a reference or
    a number)."""
    out: list[str] = []
    for run in words(text):
        out += run
        if not bigrams:
            if "/" in text or "-" in text:
                out += [p for t in run if "/" in t or "-" in t for p in _PART.split(t) if p]
            continue
        if _NOT_PLAIN.search(" ".join(run)) is None:
            out += [f"{a} {b}" for a, b in zip(run, run[1:], strict=False)]
            continue
        for t in run:
            if "/" in t or "-" in t:
                out += [p for p in _PART.split(t) if p]
        out += [f"{a} {b}" for a, b in zip(run, run[1:], strict=False) if _NOT_PLAIN.search(a) is None and _NOT_PLAIN.search(b) is None]
    return out


class _Folder(dict[str, str]):
    """Folded forms, each computed once per build: `folder[term]`."""

    def __missing__(self, term: str) -> str:
        folded = self[term] = fold(term)
        return folded


def fnv1a(text: str) -> int:
    """FNV-1a (32 bits) of the UTF-8 of `text`: the shard of a term; the search page computes the same."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


# --- what a page is -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One searchable page: its number, fields (weight, text), full text by section, and the record shown."""

    number: int
    fields: tuple[tuple[float, str], ...]
    sections: tuple[str, ...]  # the text of each section; posting section k+1 is sections[k] (0: none)
    record: dict[str, Any]
    preamble: bool = False  # sections[0] is the text before the first section
    # a document's page not filled yet (`filled`): its sections and the record's list of them are left out, and
    # `source` is a digest of what they are made from (its source file's content and its place in the file)
    doc: Document | None = None
    source: bytes | None = None


def filled(page: Page) -> Page:
    """A page with its sections and the record's list of them (`pages` leaves a document's out when given a digest
    of its source: made only for the pages the index does not hold yet)."""
    if page.doc is None:
        return page
    texts, listed = _section_texts(page.doc)
    record = {**page.record, "m": listed} if listed else page.record
    return Page(page.number, page.fields, tuple(texts), record, bool(listed) and listed[0][0] == "mo-dau")


def _date_label(iso: str | None, year: object = None) -> str | None:
    if iso:
        y, m, d = iso.split("-")
        return f"{d}/{m}/{y}"
    return str(year) if year else None


def document_facts(doc: dict[str, Any], agencies: dict[str, str]) -> dict[str, list[str]]:
    """The filter values of a document of `documents.json`: only what the data gives."""
    jurisdiction = doc.get("jurisdiction")
    filters = {
        "loai": [doc["type"]] if doc.get("type") else [],
        "dia_ban": [jurisdiction] if jurisdiction else [],
        "co_quan": [doc["issuer"]] if doc.get("issuer") else [],
        "nam": [str(doc["year"])] if doc.get("year") else [],
        "co_quan_thuc_hien": sorted({agencies[t["agency"]] for t in doc.get("tasks") or () if t.get("agency") in agencies}),
        "hieu_luc": [STATUS_FACET[doc["status"]]] if doc.get("status") in STATUS_FACET else [],
    }
    return {k: v for k, v in filters.items() if v}


def _section_texts(doc: Document) -> tuple[list[str], list[list[str]]]:
    """The text of each part of the body: the preamble, then every section down to SECTION_DEPTH in document
    order (its heading, its blocks and those of its subsections); and, for the record, [anchor, name] of each."""
    texts: list[str] = []
    listed: list[list[str]] = []
    if doc.preamble:
        texts.append("\n".join(b.searched_text for b in doc.preamble))
        listed.append(["mo-dau", "Mở đầu"])
    stack: list[tuple[Section, int]] = [(s, 1) for s in reversed(doc.sections)]
    while stack:
        s, depth = stack.pop()
        parts = [s.title, *(b.searched_text for b in s.blocks)]
        if depth >= SECTION_DEPTH:
            parts += [_all_text(c) for c in s.children]
        else:
            stack.extend((c, depth + 1) for c in reversed(s.children))
        body = "\n".join(parts).strip()
        if body:
            texts.append(body)
            listed.append([s.anchor, doc.section_name(s.anchor)])
    return texts, listed


def _all_text(section: Section) -> str:
    return "\n".join([section.title, *(b.searched_text for b in section.blocks), *(_all_text(c) for c in section.children)])


def _order_key(doc: dict[str, Any]) -> tuple[str, str]:
    when = doc.get("date") or (f"{doc['year']}-00-00" if doc.get("year") else "")
    return when, doc.get("url") or ""


def pages(
    data: dict[str, Any], documents: Iterable[Document], source: Callable[[Document], bytes] | None = None
) -> Iterator[tuple[Page, dict[str, list[str]]]]:
    """Every page to index, with the filter values of a document: documents from the oldest (0, 1, ...), then
    cited instruments and agencies that have a page (-1, -2, ...). With `source` (a digest of what a document's
    text is parsed from), a document's page is given unfilled (`filled`): its text is not gone through."""
    by_id = {d.id: d for d in documents}
    agencies = {a["id"]: a["name"] for a in data.get("agencies") or () if a.get("id") and a.get("name")}
    seen: set[str] = set()
    docs = sorted((d for d in data.get("documents") or () if d.get("url")), key=_order_key)
    number = 0
    for item in docs:
        if item["url"] in seen:
            continue
        seen.add(item["url"])
        signer = (item.get("signer") or {}).get("name")
        name = f"{item.get('type') or 'Văn bản'} {item.get('reference') or '(không số)'}"
        date = _date_label(item.get("date"), item.get("year"))
        fields: tuple[tuple[float, str], ...] = (
            (WEIGHTS["name"], name),
            (WEIGHTS["subject"], item.get("title") or ""),
            (WEIGHTS["issuer"], item.get("issuer") or ""),
            (WEIGHTS["signer"], signer or ""),
            (WEIGHTS["date"], date or ""),
            (WEIGHTS["place"], item.get("jurisdiction") or ""),
        )
        doc = by_id.get(item.get("id") or "")
        status = item.get("status")
        record = {
            "u": item["url"],
            "n": name,
            "t": item.get("title"),
            "k": item.get("type"),
            "i": item.get("issuer"),
            "d": date,
            "s": signer,
            "h": STATUS_FACET[status] if status in STATUS_FACET and status != "unknown" else None,
        }
        page = Page(number, fields, (), {k: v for k, v in record.items() if v}, False, doc, source(doc) if source and doc else None)
        yield page if page.source is not None else filled(page), document_facts(item, agencies)
        number += 1
    entities: list[tuple[str, dict[str, Any]]] = [("instrument", i) for i in data.get("instruments") or ()]
    entities += [("agency", a) for a in data.get("agencies") or ()]
    number = -1
    for kind, item in sorted(entities, key=lambda e: e[1].get("url") or ""):
        url = item.get("url")
        if not url or url in seen:
            continue
        seen.add(url)
        if kind == "instrument":
            name = f"{item.get('type') or 'Văn bản'} {item['reference']}" if item.get("reference") else item.get("name") or item.get("title") or "Văn bản"
            date = _date_label(item.get("date"))
            note = [item.get("title"), item.get("issuer"), date]
            fields = ((WEIGHTS["name"], name), (WEIGHTS["subject"], item.get("title") or ""), (WEIGHTS["issuer"], item.get("issuer") or ""), (WEIGHTS["date"], date or ""))
        else:
            name = item.get("name") or ""
            where = item.get("jurisdiction")
            if where:
                name = f"{name} — {where}"
            note = [*(item.get("aliases") or ())]
            fields = ((WEIGHTS["name"], item.get("name") or ""), (WEIGHTS["subject"], " ; ".join(item.get("aliases") or ())), (WEIGHTS["place"], where or ""))
        fields = tuple((w * ENTITY_WEIGHT, t) for w, t in fields)
        record = {"u": url, "n": name, "t": " · ".join(str(n) for n in note if n), "k": KINDS[kind]}
        yield Page(number, fields, (), {k: v for k, v in record.items() if v}), {}
        number -= 1


# --- the index ------------------------------------------------------------------------------------------------------


class _Postings:
    __slots__ = ("pages", "weights", "sections")

    def __init__(self) -> None:
        self.pages = array("i")  # the pages holding the term, in the order they are indexed (see Index)
        self.weights = array("I")  # 1 + weight × SCALE, rounded down
        self.sections = array("H")

    def __getstate__(self) -> tuple[bytes, bytes, bytes]:
        return self.pages.tobytes(), self.weights.tobytes(), self.sections.tobytes()

    def __setstate__(self, state: tuple[bytes, bytes, bytes]) -> None:
        self.pages, self.weights, self.sections = array("i"), array("I"), array("H")
        self.pages.frombytes(state[0])
        self.weights.frombytes(state[1])
        self.sections.frombytes(state[2])


# A page's postings, whatever its number: (folded keys, their weights and sections; exact forms, theirs).
Contribution = tuple[list[str], list[int], list[int], list[str], list[int], list[int]]


class Index:
    """The postings of every term, added page by page.

    A posting names its page by the id it was added with (`add`: the page's number; `insert`: any id, as the
    incremental index of `search_files` gives). Each term's postings stay in the order of the pages (the order they
    were added, or `position` of `insert`), which breaks the ties of `_top`; `entries` gives each page's number."""

    def __init__(self) -> None:
        self.folded: dict[str, _Postings] = {}
        self.exact: dict[str, _Postings] = {}  # exact forms with diacritics of words
        self.forms: dict[str, set[str]] = {}  # folded word -> its exact forms
        self.fold = _Folder()
        self.pages = 0
        # term (folded or exact) -> its `_top`, until it changes: kept as arrays, 4.5 times smaller than lists of ints
        # (held for every term of the corpus until the index's state is saved: ~280 MB more at 10,000 as lists)
        self.tops: dict[str, tuple[int, array[int]]] = {}
        # folded key -> its entry in JSON (`entries`), until its postings or those of its exact forms change; made
        # with the pages' numbers `numbers` (page id -> number), to be dropped (`renumber`) when those change
        self.encoded: dict[str, str] = {}
        self.numbers: dict[int, int] | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {
            "folded": self.folded, "exact": self.exact, "forms": self.forms, "pages": self.pages, "tops": self.tops,
            "encoded": self.encoded, "numbers": self.numbers,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.encoded, self.numbers = {}, None
        self.__dict__.update(state)
        self.fold = _Folder()

    def add(self, page: Page) -> None:
        self.insert(page.number, self.contribution(page))

    def contribution(self, page: Page) -> Contribution:
        """The postings `page` gives, apart from its number: a function of its fields, sections and preamble only."""
        fold = self.fold
        meta: dict[str, float] = {}
        meta_folded: dict[str, float] = {}
        for weight, text in page.fields:
            distinct = set(terms(text)) if text else set()
            for term in distinct:
                meta[term] = meta.get(term, 0.0) + weight
            for key in set(map(fold.__getitem__, distinct)):
                meta_folded[key] = meta_folded.get(key, 0.0) + weight
        every: list[str] = []
        # term (exact and folded) -> the first section holding it, a numbered one before the preamble (which names
        # the document's subject again): where a result links to
        first: dict[str, int] = {}
        parts = list(enumerate(page.sections, 1))
        order = parts[:1] + parts[:0:-1] if page.preamble else parts[::-1]
        for k, text in order:
            found = terms(text, bigrams=False)
            every += found
            first.update(dict.fromkeys(found, k))
            first.update(dict.fromkeys(map(fold.__getitem__, found), k))
        counts = Counter(every)
        counts_folded = Counter(map(fold.__getitem__, every))
        norm = TEXT_K1 * (1 - TEXT_B + TEXT_B * len(every) / TEXT_MEAN_LENGTH)
        get_count, get_meta, get_first = counts_folded.get, meta_folded.get, first.get
        fkeys = list(counts_folded.keys() | meta_folded.keys())
        fweights = [int((get_meta(key, 0.0) + (tf := get_count(key, 0)) / (tf + norm)) * SCALE) + 1 for key in fkeys]
        fsections = [get_first(key, 0) for key in fkeys]
        get_count, get_meta = counts.get, meta.get
        # a word without diacritics and a bigram (searched folded only) have no exact postings
        ekeys = [t for t in counts.keys() | meta.keys() if fold[t] != t and " " not in t]
        eweights = [int((get_meta(t, 0.0) + (tf := get_count(t, 0)) / (tf + norm)) * SCALE) + 1 for t in ekeys]
        esections = [get_first(t, 0) for t in ekeys]
        return fkeys, fweights, fsections, ekeys, eweights, esections

    def insert(self, page: int, made: Contribution, position: dict[int, int] | None = None) -> None:
        """Add the postings `made` of the page `page`: after the others, or where `position` (page -> its place in
        the order of pages) puts it."""
        self.pages += 1
        fkeys, fweights, fsections, ekeys, eweights, esections = made
        tops, new, encoded, fold = self.tops, _Postings, self.encoded, self.fold
        for table, keys, weights, sections in ((self.folded, fkeys, fweights, fsections), (self.exact, ekeys, eweights, esections)):
            exact = table is self.exact
            for key, weight, section in zip(keys, weights, sections, strict=True):
                p = table.get(key) or table.setdefault(key, new())
                encoded.pop(fold[key] if exact else key, None)
                ids = p.pages
                if position is None or not ids or position[ids[-1]] < position[page]:
                    ids.append(page)
                    p.weights.append(weight)
                    p.sections.append(section)
                else:
                    at = bisect.bisect_left(ids, position[page], key=position.__getitem__)
                    ids.insert(at, page)
                    p.weights.insert(at, weight)
                    p.sections.insert(at, section)
                top = tops.get(key)
                if top is not None:  # the best postings with this one among them: no sort of every posting again
                    tops[key] = _with_posting(top, page, weight, section, position)
        forms = self.forms
        for term in ekeys:
            forms.setdefault(fold[term], set()).add(term)

    def remove(self, gone: set[int]) -> None:
        """Take out every posting of the pages `gone`."""
        self.pages -= len(gone)
        for table in (self.folded, self.exact):
            for key in [k for k, p in table.items() if any(g in p.pages for g in gone)]:
                p = table[key]
                self.tops.pop(key, None)
                self.encoded.pop(self.fold[key] if table is self.exact else key, None)
                for i in range(len(p.pages) - 1, -1, -1):
                    if p.pages[i] in gone:
                        del p.pages[i], p.weights[i], p.sections[i]
                if not p.pages:
                    del table[key]
                    if table is self.exact:
                        folded = self.fold[key]
                        self.forms[folded].discard(key)
                        if not self.forms[folded]:
                            del self.forms[folded]

    def _top(self, table: dict[str, _Postings], key: str) -> tuple[int, array[int]]:
        top = self.tops.get(key)
        if top is None:
            top = self.tops[key] = _top(table[key])
        return top

    def renumber(self, number: dict[int, int] | None) -> None:
        """Drop the entries in JSON (`encoded`) made with other numbers of the pages than `number`."""
        if number != self.numbers:
            old = self.numbers or {}
            # a page gone took its terms' entries with it (`remove`); a page new is in none of the others
            if number is None or any(old.get(page, n) != n for page, n in number.items()):
                self.encoded.clear()
            self.numbers = number

    def entries(self, number: dict[int, int] | None = None) -> Iterator[tuple[str, str]]:
        """(folded key, [key, df, postings] and the exact forms in JSON) of every term, in key order; `number`: each
        page's number, when the pages were inserted by another id. A term whose postings did not change since the
        last call (a kept index's) and whose pages kept their numbers is not encoded again."""
        self.renumber(number)
        encoded = self.encoded
        for key in sorted(self.folded):
            text = encoded.get(key)
            if text is None:
                text = encoded[key] = _dumps(self._entry(key, number))
            yield key, text

    def _entry(self, key: str, number: dict[int, int] | None) -> list[Any]:
        """[key, df, postings] of the folded key `key`, and its exact forms."""

        def numbered(top: tuple[int, array[int]]) -> tuple[int, list[int]]:
            flat = top[1].tolist()
            if number is not None:
                flat[0::3] = map(number.__getitem__, flat[0::3])
            return top[0], flat

        entry: list[Any] = [key, *numbered(self._top(self.folded, key))]
        forms = self.forms.get(key)
        if forms:
            if len(forms) == 1 and key not in forms:
                entry.append(next(iter(forms)))  # one exact form: its postings are the folded ones
            else:
                entry.append([[f, *numbered(self._top(self.exact, f))] for f in sorted(forms)])
        return entry


def _top(p: _Postings) -> tuple[int, array[int]]:
    """(document frequency, the TOP_K best postings flattened: page, weight × SCALE, section), best first (ties in
    the order of the pages)."""
    weights = p.weights
    order = sorted(range(len(weights)), key=weights.__getitem__, reverse=True)[:TOP_K]
    flat = array("q")
    for i in order:
        flat.extend((p.pages[i], weights[i], p.sections[i]))
    return len(weights), flat


def _with_posting(top: tuple[int, array[int]], page: int, weight: int, section: int, position: dict[int, int] | None) -> tuple[int, array[int]]:
    """`_top` of a term's postings with the posting (page, weight, section) added: after the postings of greater or
    equal weight that come before it in the order of the pages (`position`; None: it comes after every other)."""
    df, flat = top
    n = len(flat) // 3
    i = 0
    while i < n:
        w = flat[3 * i + 1]
        if w < weight or (w == weight and position is not None and position[flat[3 * i]] > position[page]):
            break
        i += 1
    if i < TOP_K:
        flat[3 * i : 3 * i] = array("q", (page, weight, section))
        del flat[3 * TOP_K :]
    return df + 1, flat


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def shard_count(total_bytes: int) -> int:
    """A power of two, so that the shards average at most SHARD_BYTES."""
    count = 1
    while total_bytes / count > SHARD_BYTES:
        count *= 2
    return count


def _set_file(numbers: list[int], total: int) -> dict[str, Any]:
    """A set of document numbers as a bitset (base64) or a list of gaps, whichever is smaller."""
    gaps = [b - a for a, b in zip([-1, *numbers], numbers, strict=False)]
    bits = bytearray((total + 7) // 8)
    for n in numbers:
        bits[n >> 3] |= 1 << (n & 7)
    as_bits = {"b": base64.b64encode(bytes(bits)).decode("ascii")}
    as_gaps = {"g": gaps}
    return as_bits if len(_dumps(as_bits)) < len(_dumps(as_gaps)) else as_gaps


def _value_id(value: str, used: set[str]) -> str:
    base = hashlib.sha1(value.encode("utf-8")).hexdigest()[:10]
    out, k = base, 2
    while out in used:
        out, k = f"{base}-{k}", k + 1
    used.add(out)
    return out


@dataclass(frozen=True)
class SearchStats:
    """What the indexer wrote: for logs, tests and the benchmark."""

    pages: int  # documents, instruments and agencies indexed
    documents: int
    terms: int
    shards: int
    files: int
    bytes: int
    largest_shard: int  # bytes of the largest shard (the most one term of a query fetches)
    largest_record_file: int
    seconds: float


# The postings of the last index, kept to make the next from them (`search_files`).
STATE_FILE = "search-index.pickle"
MAX_GONE = 16  # pages gone or changed beyond which the index is made again rather than taken apart
MAX_ADDED = 2_000  # new pages whose postings are held until every page's number is known; beyond, made again


def _signature() -> str:
    """What a kept index was made by: this module's code and settings, and the Python that folded its words."""
    settings = (VERSION, WEIGHTS, ENTITY_WEIGHT, TEXT_K1, TEXT_B, TEXT_MEAN_LENGTH, TOP_K, SCALE, SECTION_DEPTH)
    return kept_state.signature(__file__, settings=settings)


def page_hash(page: Page) -> bytes:
    """Every input of a page's postings, of its record and of its place in the order (its address): its key in a
    kept index. An unfilled page's sections by the digest of what they are made from."""
    h = hashlib.blake2b(digest_size=20)
    h.update(repr((page.fields, page.preamble, sorted(page.record.items()), len(page.sections))).encode("utf-8"))
    if page.source is not None:
        h.update(b"\1" + page.source)
    for text in page.sections:
        h.update(b"\0" + text.encode("utf-8"))
    return h.digest()


def search_files(
    data: dict[str, Any],
    documents: Iterable[Document],
    progress: Progress | None = None,
    state: Path | None = None,
    source: Callable[[Document], bytes] | None = None,
) -> tuple[dict[str, str], SearchStats]:
    """The files of the search index, by their path in the site (under SEARCH_DIR), and what they hold.

    With `state` (a file in the parse cache's folder), the postings of the last index made there are kept in it,
    and this index is made from them: each page is known by `page_hash`, the postings of pages gone or changed are
    taken out and those of new or changed pages added where their number puts them. The files are the same bytes as
    an index made from nothing (the tests check it); only the work differs. When too many pages went, or the kept
    pages come in another order, the index is made from nothing."""
    start = time.perf_counter()
    kept = kept_state.load(state, _signature())
    documents = list(documents)
    index: Index = kept["index"] if kept else Index()
    old_order: list[int] = kept["order"] if kept else []
    old_hashes: dict[int, bytes] = kept["hashes"] if kept else {}
    by_hash: dict[bytes, list[int]] = {}
    for uid in old_order:
        by_hash.setdefault(old_hashes[uid], []).append(uid)
    next_uid: int = kept["next"] if kept else 0
    old_records: dict[int, str] = kept.get("records", {}) if kept else {}
    kept_records: dict[int, str] = {}  # each page's record as JSON, by its id
    order: list[int] = []  # the id of each page, in the order of their numbers
    hashes: dict[int, bytes] = {}
    number: dict[int, int] = {}
    added: list[tuple[int, Contribution]] = []
    kept_whole = True  # False once more than MAX_ADDED pages are new: their postings are not held, all made again
    fresh: set[int] = set()  # the ids of pages new to the kept index
    records: dict[str, list[str]] = {}  # chunk -> its records, as JSON
    facets: dict[str, dict[str, list[int]]] = {name: {} for name in FILTERS}
    total = len(data.get("documents") or ()) + len(data.get("instruments") or ()) + len(data.get("agencies") or ())
    doc_count = 0
    for done, (page, filters) in enumerate(pages(data, documents, source)):  # one page's text at a time
        report(progress, "search", done, total)
        h = page_hash(page)
        same = by_hash.get(h)
        record = None
        if same:
            uid = same.pop(0)
            record = old_records.get(uid)  # the same inputs (`page_hash`): the same record
        else:
            uid, next_uid = next_uid, next_uid + 1
            fresh.add(uid)
            page = filled(page)
            if kept and len(added) > MAX_ADDED:  # the index will be made from nothing (below): none held
                kept_whole = False
            elif kept:  # placed once every page's number is known (below)
                added.append((uid, index.contribution(page)))
            else:  # from nothing, pages come in their order: each page's postings go in now, none held for all pages
                index.insert(uid, index.contribution(page))
        if record is None:
            record = _dumps(filled(page).record)
        kept_records[uid] = record
        order.append(uid)
        hashes[uid] = h
        number[uid] = page.number
        doc_count += page.number >= 0
        chunk = f"{page.number // CHUNK}" if page.number >= 0 else f"e{(-page.number - 1) // CHUNK}"
        records.setdefault(chunk, []).append(record)
        for name, values in filters.items():
            for value in values:
                facets[name].setdefault(value, []).append(page.number)
    gone = {uid for uid in old_order if uid not in hashes}
    if kept and (
        not kept_whole or len(gone) > MAX_GONE or [u for u in old_order if u not in gone] != [u for u in order if u not in fresh]
    ):
        index, added, gone = Index(), [], set()  # made from nothing, with the same ids, in the order of the pages
        for uid, (page, _) in zip(order, pages(data, documents, source), strict=True):
            index.insert(uid, index.contribution(filled(page)))
    if gone:
        index.remove(gone)
    position = {uid: k for k, uid in enumerate(order)}
    for uid, made in added:  # in the order of the pages: each goes after those before it
        index.insert(uid, made, position)
    del added
    report(progress, "search", total, total)
    entries = list(index.entries(number))
    if state is not None:  # with the best postings of each term (Index.tops) made by `entries`
        kept_state.save(state, _signature(), {"index": index, "order": order, "hashes": hashes, "next": next_uid, "records": kept_records})
    shards = shard_count(sum(len(e) + 1 for _, e in entries))
    grouped: list[list[str]] = [[] for _ in range(shards)]
    for key, entry in entries:
        grouped[fnv1a(key) % shards].append(entry)
    files: dict[str, str] = {}
    for k, group in enumerate(grouped):
        files[f"{SEARCH_DIR}t/{k}.json"] = "[" + ",\n".join(group) + "]\n"
    for chunk, recs in records.items():
        files[f"{SEARCH_DIR}b/{chunk}.json"] = "[" + ",\n".join(recs) + "]\n"
    facet_names = []
    for name in FILTERS:
        chosen = facets[name]
        if not chosen:
            continue
        facet_names.append(name)
        used: set[str] = set()
        options = []
        folder = name.replace("_", "-")  # file names are lower-case ASCII, digits and dashes
        for value in sorted(chosen):
            vid = _value_id(value, used)
            options.append([value, len(chosen[value]), vid])
            files[f"{SEARCH_DIR}loc/{folder}/{vid}.json"] = _dumps(_set_file(sorted(chosen[value]), doc_count)) + "\n"
        files[f"{SEARCH_DIR}loc/{folder}.json"] = "[" + ",\n".join(_dumps(o) for o in options) + "]\n"
    meta = {
        "version": VERSION,
        "pages": index.pages,
        "documents": doc_count,
        "entities": index.pages - doc_count,
        "shards": shards,
        "chunk": CHUNK,
        "scale": SCALE,
        "top": TOP_K,
        "filters": facet_names,
    }
    files[f"{SEARCH_DIR}meta.json"] = json.dumps(meta, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    shard_sizes = [len(files[f"{SEARCH_DIR}t/{k}.json"].encode("utf-8")) for k in range(shards)]
    stats = SearchStats(
        pages=index.pages,
        documents=doc_count,
        terms=len(entries),
        shards=shards,
        files=len(files),
        bytes=sum(len(v.encode("utf-8")) for v in files.values()),
        largest_shard=max(shard_sizes),
        largest_record_file=max((len(files[f"{SEARCH_DIR}b/{c}.json"].encode("utf-8")) for c in records), default=0),
        seconds=time.perf_counter() - start,
    )
    return files, stats

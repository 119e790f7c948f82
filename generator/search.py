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
import hashlib
import json
import re
import time
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

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


def pages(data: dict[str, Any], documents: Iterable[Document]) -> Iterator[tuple[Page, dict[str, list[str]]]]:
    """Every page to index, with the filter values of a document: documents from the oldest (0, 1, ...), then
    cited instruments and agencies that have a page (-1, -2, ...)."""
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
        texts, listed = _section_texts(doc) if doc is not None else ([], [])
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
            "m": listed,
        }
        page = Page(number, fields, tuple(texts), {k: v for k, v in record.items() if v}, bool(listed) and listed[0][0] == "mo-dau")
        yield page, document_facts(item, agencies)
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
        self.pages = array("i")
        self.weights = array("I")  # 1 + weight × SCALE, rounded down
        self.sections = array("H")


class Index:
    """The postings of every term, added page by page."""

    def __init__(self) -> None:
        self.folded: dict[str, _Postings] = {}
        self.exact: dict[str, _Postings] = {}  # exact forms with diacritics of words
        self.forms: dict[str, set[str]] = {}  # folded word -> its exact forms
        self.fold = _Folder()
        self.pages = 0

    def add(self, page: Page) -> None:
        self.pages += 1
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
        number = page.number
        table, new = self.folded, _Postings
        get_count, get_meta, get_first = counts_folded.get, meta_folded.get, first.get
        for key in counts_folded.keys() | meta_folded.keys():
            tf = get_count(key, 0)
            p = table.get(key) or table.setdefault(key, new())
            p.pages.append(number)
            p.weights.append(int((get_meta(key, 0.0) + tf / (tf + norm)) * SCALE) + 1)
            p.sections.append(get_first(key, 0))
        forms, table, get_count, get_meta = self.forms, self.exact, counts.get, meta.get
        for term in counts.keys() | meta.keys():
            key = fold[term]
            if key == term or " " in term:  # a word without diacritics; a bigram is searched folded only
                continue
            tf = get_count(term, 0)
            forms.setdefault(key, set()).add(term)
            p = table.get(term) or table.setdefault(term, new())
            p.pages.append(number)
            p.weights.append(int((get_meta(term, 0.0) + tf / (tf + norm)) * SCALE) + 1)
            p.sections.append(get_first(term, 0))

    def entries(self) -> Iterator[tuple[str, list[Any]]]:
        """(folded key, [key, df, postings] and the exact forms) of every term, in key order."""
        for key in sorted(self.folded):
            entry: list[Any] = [key, *_top(self.folded[key])]
            forms = self.forms.get(key)
            if forms:
                if len(forms) == 1 and key not in forms:
                    entry.append(next(iter(forms)))  # one exact form: its postings are the folded ones
                else:
                    entry.append([[f, *_top(self.exact[f])] for f in sorted(forms)])
            yield key, entry


def _top(p: _Postings) -> tuple[int, list[int]]:
    """(document frequency, the TOP_K best postings flattened: page, weight × SCALE, section), best first (ties in
    the order the pages were added)."""
    weights = p.weights
    order = sorted(range(len(weights)), key=weights.__getitem__, reverse=True)[:TOP_K]
    flat: list[int] = []
    for i in order:
        flat += (p.pages[i], weights[i], p.sections[i])
    return len(weights), flat


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


def search_files(data: dict[str, Any], documents: Iterable[Document], progress: Progress | None = None) -> tuple[dict[str, str], SearchStats]:
    """The files of the search index, by their path in the site (under SEARCH_DIR), and what they hold."""
    start = time.perf_counter()
    index = Index()
    records: dict[str, list[str]] = {}  # chunk -> its records, as JSON
    facets: dict[str, dict[str, list[int]]] = {name: {} for name in FILTERS}
    total = len(data.get("documents") or ()) + len(data.get("instruments") or ()) + len(data.get("agencies") or ())
    doc_count = 0
    for done, (page, filters) in enumerate(pages(data, documents)):  # one page's text at a time
        report(progress, "search", done, total)
        index.add(page)
        doc_count += page.number >= 0
        chunk = f"{page.number // CHUNK}" if page.number >= 0 else f"e{(-page.number - 1) // CHUNK}"
        records.setdefault(chunk, []).append(_dumps(page.record))
        for name, values in filters.items():
            for value in values:
                facets[name].setdefault(value, []).append(page.number)
    report(progress, "search", total, total)
    entries = [(key, _dumps(entry)) for key, entry in index.entries()]
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

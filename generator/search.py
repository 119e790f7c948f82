"""Search indexes of the built site, made with Pagefind after MkDocs has written the pages.

Pagefind (a maintained static search library, on PyPI with its binary) splits an index into chunks by word, so a
query downloads the chunks of its own words. A common word's chunk still grows with the corpus (every page that has
it is listed in it), so there are two indexes:

- `pagefind/`, searched first: a short record of each document (name, subject, issuer, signer, date), cited
  instrument and agency. Few words per page: a query downloads little at any corpus size, and a number, a name or
  a subject is found here.
- `pagefind-toan-van/`: the full text of the documents, with its sections. The search page searches it too with
  every query while it is small (its size is in `kich-thuoc.json`), and on the reader's request otherwise.

What Pagefind does not do for Vietnamese is added in the copy of each page handed to the indexer; the published
pages stay as MkDocs wrote them:

- đ/Đ: Pagefind folds tones ("khéo" ~ "kheo") but not đ, which has no Unicode decomposition, so "doan" would miss
  "Đoàn". Every word with đ is indexed a second time with d, in a block weighted below the real text, so that a
  query typed with the real letters ranks its exact matches first.
- Metadata: Pagefind searches metadata too, and ranks a page whose field holds every word of the query first. A
  document's subject, issuer, signer and date are given as metadata (and again with đ written d), so "53/KH-UBND"
  finds plan 53 and "doan dung" the plan signed by Đoàn Dụng. The search page sets the weights.
- Filters: type, jurisdiction, issuer, year, agencies and status (validity.STATUS_FACET), as Pagefind filters.
- Pages: those of documents, instruments and agencies listed in the site's open data (`data/documents.json`);
  of a document, the article only, without permalink marks and reading notes.

References such as "53/KH-UBND" are one term: Pagefind joins a word's parts across '/' and '-', both when it
indexes and when it searches; the search page removes spaces typed around those marks.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .addresses import DATA
from .progress import Progress, report
from .validity import STATUS_FACET

BUNDLE = "pagefind"  # first search: what each page is (name, subject, issuer, signer...), small at any corpus size
FULL_TEXT = "pagefind-toan-van"  # second search: the full text of the documents
SIZE_FILE = "kich-thuoc.json"  # in FULL_TEXT: its size, for the search page to choose when to search it

FILTERS = ("loai", "dia_ban", "co_quan", "nam", "co_quan_thuc_hien", "hieu_luc")  # labels are on the search page
EXCLUDE = (".headerlink", ".vb-problems", ".mermaid", ".vb-card thead")  # parts of an article that are not text
FOLDED_WEIGHT = "0.5"  # weight of the đ->d copy of the text, below the real text (1.0)
KINDS = {"instrument": "Văn bản được dẫn chiếu (không đăng trên cổng)", "agency": "Cơ quan"}

_ARTICLE_OPEN = re.compile(r'<article class="md-content__inner md-typeset"[^>]*>')
_ARTICLE_CLOSE = "</article>"
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]*>")
_DROP = re.compile(r"<(script|style|pre)\b.*?</\1\s*>", re.S | re.I)
_HAS_D = re.compile(r"[đĐ]")


@dataclass(frozen=True)
class SearchStats:
    """What the indexer did: for logs, tests and the benchmark."""

    pages: int  # pages in the first search (documents, instruments, agencies)
    full_text_pages: int  # documents in the full-text search
    files: int  # files of both bundles
    bytes: int  # size of both bundles on disk
    largest_chunk: int  # bytes of the largest index chunk of the first search (the most one query word fetches)
    full_text_largest_chunk: int  # the same for the full text
    full_text_index_bytes: int  # all index chunks of the full text (what searching it for every word could fetch)
    seconds: float


@dataclass(frozen=True)
class Record:
    """One page handed to the indexer: which index, its URL from the site root and the HTML the indexer sees."""

    bundle: str  # BUNDLE or FULL_TEXT
    url: str  # "/van-ban/quang-ngai/2022/ke-hoach-53-kh-ubnd/"
    html: str


def fold_d(text: str) -> str:
    """'Đoàn Dụng' -> 'Doàn Dụng': only đ/Đ change; Pagefind folds the tones itself."""
    return text.replace("đ", "d").replace("Đ", "D")


def text_of(fragment: str) -> str:
    """Visible text of an HTML fragment (scripts, styles and preformatted diagrams left out)."""
    return html.unescape(_TAG.sub(" ", _DROP.sub(" ", fragment)))


def d_words(text: str) -> list[str]:
    """The words of `text` that contain đ/Đ, folded, in order (repeats kept, for term frequency).

    Words are what lies between spaces, so a reference such as '03-KH/BCĐ' stays one word ('03-KH/BCD').
    """
    return [fold_d(w) for w in text.split() if _HAS_D.search(w)]


def _date_label(iso: str | None, year: object = None) -> str | None:
    if iso:
        y, m, d = iso.split("-")
        return f"{d}/{m}/{y}"
    return str(year) if year else None


def document_facts(doc: dict[str, Any], agencies: dict[str, str]) -> tuple[dict[str, object], dict[str, list[str]]]:
    """Pagefind metadata and filters of a document of `documents.json`: only what the data gives.

    Pagefind searches every metadata field, and ranks a page whose field holds all the words of a query above the
    others (the search page sets how much each field counts). `khong_dau` is the same facts with đ written d, so a
    query typed without diacritics matches them whole.
    """
    signer = doc.get("signer") or {}
    meta: dict[str, object] = {
        "trich_yeu": doc.get("title"),
        "co_quan": doc.get("issuer"),
        "nguoi_ky": signer.get("name"),
        "ngay": _date_label(doc.get("date"), doc.get("year")),
    }
    identity = " ".join(str(v) for v in (doc.get("type"), doc.get("reference"), *list(meta.values())[:3]) if v)
    if _HAS_D.search(identity):
        meta["khong_dau"] = fold_d(identity)
    jurisdiction = doc.get("jurisdiction")
    filters = {
        "loai": [doc["type"]] if doc.get("type") else [],
        "dia_ban": [jurisdiction] if jurisdiction else [],
        "co_quan": [doc["issuer"]] if doc.get("issuer") else [],
        "nam": [str(doc["year"])] if doc.get("year") else [],
        "co_quan_thuc_hien": sorted({agencies[t["agency"]] for t in doc.get("tasks") or () if t.get("agency") in agencies}),
        "hieu_luc": [STATUS_FACET[doc["status"]]] if doc.get("status") in STATUS_FACET else [],
    }
    return meta, {k: v for k, v in filters.items() if v}


def entity_facts(kind: str, item: dict[str, Any]) -> dict[str, object]:
    """Pagefind metadata of a cited instrument or an agency: what it is (`kieu`) and a line about it (`ghi_chu`).

    The search page gives these two fields no weight: such a page ranks by its name and its text, so the
    documents published on the portal come before the pages about what they cite.
    """
    if kind == "instrument":
        note = [item.get("title"), item.get("issuer"), _date_label(item.get("date"))]
    else:
        note = [item.get("jurisdiction")]
    return {"kieu": KINDS[kind], "ghi_chu": " · ".join(str(n) for n in note if n)}


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def _hidden(kind: str, key: str, value: object) -> str:
    # inline form "key:value": the value runs to the end of the attribute, commas included
    return f'<span data-pagefind-{kind}="{key}:{_attr(value)}"></span>'


def index_html(page_html: str, meta: dict[str, object] | None = None, filters: dict[str, list[str]] | None = None) -> str | None:
    """The copy of a built page that the full-text indexer sees, or None when the page has no article.

    The article becomes Pagefind's body, with the metadata, the filters and the đ->d copy of its text added; the
    page's name (its h1, without the permalink mark) is the `title`.
    """
    opened = _ARTICLE_OPEN.search(page_html)
    end = page_html.rfind(_ARTICLE_CLOSE)
    if opened is None or end < opened.end():
        return None
    article = page_html[opened.end() : end]
    meta = {"title": page_name(article), **(meta or {})}
    hidden = [_hidden("meta", k, v) for k, v in meta.items() if v]
    for key, values in sorted((filters or {}).items()):
        hidden.extend(_hidden("filter", key, v) for v in values)
    extra = '<div data-pagefind-ignore>' + "".join(hidden) + "</div>"
    folded = d_words(text_of(article))
    if folded:
        extra += f'<div data-pagefind-weight="{FOLDED_WEIGHT}">{html.escape(" ".join(folded), quote=False)}</div>'
    open_tag = opened.group(0)[:-1] + " data-pagefind-body>"
    return page_html[: opened.start()] + open_tag + article + extra + page_html[end:]


def identity_html(
    name: str, parts: list[object], meta: dict[str, object], filters: dict[str, list[str]] | None = None, weight: str = ""
) -> str:
    """The record of the first search: a page's name (as a heading) and the facts that say what it is.

    With `weight`, the record counts that much less than a document's (it is about something the portal cites or
    names, not a published document), and its name is not a heading, which Pagefind would weigh up.
    """
    lines = [str(p) for p in parts if p]
    tag = "p" if weight else "h1"
    content = f"<{tag}>{html.escape(name, quote=False)}</{tag}>" + "".join(f"<p>{html.escape(x, quote=False)}</p>" for x in lines)
    if weight:
        content = f'<div data-pagefind-weight="{weight}">{content}</div>'
    folded = d_words(" ".join([name, *lines]))
    if folded:
        content += f'<div data-pagefind-weight="{FOLDED_WEIGHT}">{html.escape(" ".join(folded), quote=False)}</div>'
    hidden = [_hidden("meta", k, v) for k, v in {"title": name, **meta}.items() if v]
    for key, values in sorted((filters or {}).items()):
        hidden.extend(_hidden("filter", key, v) for v in values)
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"></head><body><main data-pagefind-body>'
        + content
        + '<div data-pagefind-ignore>'
        + "".join(hidden)
        + "</div></main></body></html>"
    )


def page_name(page_html: str) -> str:
    """The h1 of a built page, without its permalink mark."""
    h1 = _H1.search(page_html)
    return " ".join(text_of(_HEADERLINK.sub("", h1.group(1))).split()) if h1 else ""


def _page_file(site_dir: Path, url: str) -> Path | None:
    if not url or "#" in url or ".." in url.split("/"):
        return None
    path = site_dir / url.strip("/") / "index.html"
    return path if path.is_file() else None


def records(site_dir: Path, progress: Progress | None = None, extra_steps: int = 0) -> Iterator[Record]:
    """What to index, from the site's open data: for each document a record of the first search and its full page
    for the full-text search; for each cited instrument and agency with a page, a record of the first search.

    One page at a time, so a corpus of thousands of pages is never held in memory.
    """
    data_file = site_dir / DATA
    if not data_file.is_file():
        return
    data = json.loads(data_file.read_text(encoding="utf-8"))
    agencies = {a["id"]: a["name"] for a in data.get("agencies") or () if a.get("id") and a.get("name")}
    seen: set[str] = set()
    entries: list[tuple[str, dict[str, Any]]] = [("document", d) for d in data.get("documents") or ()]
    entries += [("instrument", i) for i in data.get("instruments") or ()]
    entries += [("agency", a) for a in data.get("agencies") or ()]
    for done, (kind, item) in enumerate(entries):
        report(progress, "search", done, len(entries) + extra_steps)
        raw = item.get("url") or ""
        url = "/" + raw.strip("/") + "/"
        path = _page_file(site_dir, raw)
        if path is None or url in seen:
            continue
        seen.add(url)
        page = path.read_text(encoding="utf-8")
        name = page_name(page)
        if kind == "document":
            meta, filters = document_facts(item, agencies)
            where = item.get("jurisdiction")
            issuer = item.get("issuer")
            place = where if where and (not issuer or where not in issuer) else None
            parts: list[object] = [item.get("title"), issuer, place, meta.get("nguoi_ky"), meta.get("ngay")]
            yield Record(BUNDLE, url, identity_html(name, parts, {k: v for k, v in meta.items()}, filters))
            full = index_html(page, meta, filters)
            if full is not None:
                yield Record(FULL_TEXT, url, full)
        elif kind == "instrument":
            parts = [item.get("title"), item.get("issuer"), _date_label(item.get("date"))]
            yield Record(BUNDLE, url, identity_html(name or str(item.get("reference") or ""), parts, entity_facts(kind, item), weight="0.5"))
        else:
            parts = [*(item.get("aliases") or ()), item.get("jurisdiction")]
            yield Record(BUNDLE, url, identity_html(name or str(item.get("name") or ""), parts, entity_facts(kind, item), weight="0.5"))


def _run_pagefind(work: Path, out_dir: Path) -> None:
    """Pagefind's command line (the binary of the PyPI package) over the pages written to `work/site`, into
    `out_dir`, made the same every time (`_sort_filters`)."""
    config = {"site": "site", "output_path": str(out_dir), "exclude_selectors": list(EXCLUDE), "force_language": "vi"}
    (work / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pagefind", "--silent"], cwd=work, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"pagefind failed ({done.returncode}): {(done.stderr or done.stdout).strip()[-2000:]}")
    _sort_filters(out_dir)


# --- deterministic bundle -------------------------------------------------------------------------------------
# Pagefind writes the values of a filter, and the list of filters, in the order of a Rust HashMap, which changes
# from run to run; so do the names of those files, which are hashes of their content. The same site must give the
# same bundle, so the filter lists are sorted here and the files renamed after their sorted content. The files are
# gzip'd CBOR behind a 12-byte signature; only the item boundaries of CBOR are read (`_cbor_end`), never decoded.
_SIGNATURE = b"pagefind_dcd"


def _cbor_head(buf: bytes, i: int) -> tuple[int, int, int]:
    """(major type, argument, index after the head) of the CBOR item at `i`."""
    first = buf[i]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, i + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise ValueError("indefinite-length CBOR item")
    return major, int.from_bytes(buf[i + 1 : i + 1 + size], "big"), i + 1 + size


def _cbor_end(buf: bytes, i: int) -> int:
    """Index just after the CBOR item that starts at `i`."""
    major, arg, j = _cbor_head(buf, i)
    if major in (2, 3):
        return j + arg
    if major in (4, 5):
        for _ in range(arg * (2 if major == 5 else 1)):
            j = _cbor_end(buf, j)
        return j
    if major == 6:
        return _cbor_end(buf, j)
    return j  # integers, and simple values and floats whose bytes the head already covered


def _cbor_items(buf: bytes, i: int) -> tuple[int, list[bytes], int]:
    """(index after the array head, encoded elements, index after the array) of the array at `i`."""
    major, count, j = _cbor_head(buf, i)
    if major != 4:
        raise ValueError("not a CBOR array")
    items = []
    for _ in range(count):
        end = _cbor_end(buf, j)
        items.append(buf[j:end])
        j = end
    return _cbor_head(buf, i)[2], items, j


def _cbor_text(item: bytes) -> str | None:
    major, length, j = _cbor_head(item, 0)
    return item[j : j + length].decode("utf-8") if major == 3 and j + length == len(item) else None


def _read_pf(path: Path) -> bytes:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_SIGNATURE):
        raise ValueError(f"{path.name}: no Pagefind signature")
    return raw[len(_SIGNATURE) :]


def _write_pf(path: Path, body: bytes) -> None:
    path.write_bytes(gzip.compress(_SIGNATURE + body, compresslevel=9, mtime=0))


def _renamed(old: str, body: bytes) -> str:
    """'vi_30db724' -> 'vi_' + as many hex digits of the content's hash."""
    prefix, _, digest = old.rpartition("_")
    return f"{prefix}_{hashlib.sha256(body).hexdigest()[: len(digest)]}"


def _sort_filters(out_dir: Path) -> None:
    """Sort the filter lists and rename the files after their content, so the bundle is the same every build."""
    entry_file = out_dir / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        names: dict[str, str] = {}  # old filter file name -> new
        for path in sorted((out_dir / "filter").glob(f"{language['hash'].split('_')[0]}_*.pf_filter")):
            body = _read_pf(path)
            start, parts, end = _cbor_items(body, 0)  # [filter name, [[value, [pages]], ...]]
            inner_start, values, inner_end = _cbor_items(body, start + len(parts[0]))
            body = body[:start] + parts[0] + body[start + len(parts[0]) : inner_start] + b"".join(sorted(values)) + body[inner_end:end]
            new = _renamed(path.stem, body)
            path.unlink()
            _write_pf(out_dir / "filter" / f"{new}.pf_filter", body)
            names[path.stem] = new
        meta_path = out_dir / f"pagefind.{language['hash']}.pf_meta"
        body = _read_pf(meta_path)
        start, items, end = _cbor_items(body, 0)
        for k, item in enumerate(items):
            if item[0] >> 5 != 4:
                continue
            head_end, pairs, _ = _cbor_items(item, 0)
            texts = [[_cbor_text(x) for x in _cbor_items(pair, 0)[1]] if pair[0] >> 5 == 4 else [] for pair in pairs]
            files = [t[1] for t in texts if len(t) == 2 and t[1] in names]
            if pairs and len(files) == len(pairs):  # the list of [filter name, filter file]
                renamed = [pair.replace(f.encode(), names[f].encode()) for pair, f in zip(pairs, files, strict=True)]
                items[k] = item[:head_end] + b"".join(sorted(renamed))
        body = body[:start] + b"".join(items) + body[end:]
        new_meta = _renamed(language["hash"], body)
        meta_path.unlink()
        _write_pf(out_dir / f"pagefind.{new_meta}.pf_meta", body)
        language["hash"] = new_meta
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _sizes(bundle: Path) -> tuple[list[Path], list[int]]:
    files = [p for p in bundle.rglob("*") if p.is_file()] if bundle.is_dir() else []
    chunks = [p.stat().st_size for p in (bundle / "index").iterdir()] if (bundle / "index").is_dir() else []
    return files, chunks


def index_site(site_dir: Path, *, progress: Progress | None = None) -> SearchStats:
    """Write the two search bundles for the site MkDocs built in `site_dir`.

    `pagefind/` holds a short record of each document, instrument and agency: its words are few, so what a query
    downloads stays small however many documents there are. `pagefind-toan-van/` holds the full text of the
    documents; `kich-thuoc.json` in it gives its size, and the search page searches it with every query only while
    it is small, and otherwise when the reader asks. The pages to index are written, with what the indexer needs
    added, to a temporary folder that Pagefind reads; the published pages stay as MkDocs wrote them.
    """
    start = time.perf_counter()
    site_dir = Path(site_dir).resolve()
    counts = {BUNDLE: 0, FULL_TEXT: 0}
    for bundle in counts:
        if (site_dir / bundle).exists():
            shutil.rmtree(site_dir / bundle)  # chunks of an earlier build would linger: their names are content hashes
    with tempfile.TemporaryDirectory(prefix="vanban-search-") as tmp:
        work = Path(tmp)
        steps = [0, len(counts)]  # (done, total) as `records` reports them: the pages read, then a step per bundle

        def seen(stage: str, done: int, total: int) -> None:
            steps[:] = [done, total]
            report(progress, stage, done, total)

        for rec in records(site_dir, seen, len(counts)):
            target = work / rec.bundle / "site" / rec.url.strip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(rec.html, encoding="utf-8")
            counts[rec.bundle] += 1
        read = steps[1] - len(counts)
        report(progress, "search", read, steps[1])
        for n, (bundle, count) in enumerate(counts.items(), 1):
            if count:
                _run_pagefind(work / bundle, site_dir / bundle)
            report(progress, "search", read + n, steps[1])
    files, chunks = _sizes(site_dir / BUNDLE)
    full_files, full_chunks = _sizes(site_dir / FULL_TEXT)
    if full_files:
        size = {"pages": counts[FULL_TEXT], "index_bytes": sum(full_chunks), "largest_chunk": max(full_chunks, default=0)}
        (site_dir / FULL_TEXT / SIZE_FILE).write_text(json.dumps(size, sort_keys=True) + "\n", encoding="utf-8")
        full_files.append(site_dir / FULL_TEXT / SIZE_FILE)
    every = files + full_files
    return SearchStats(
        pages=counts[BUNDLE],
        full_text_pages=counts[FULL_TEXT],
        files=len(every),
        bytes=sum(p.stat().st_size for p in every),
        largest_chunk=max(chunks, default=0),
        full_text_largest_chunk=max(full_chunks, default=0),
        full_text_index_bytes=sum(full_chunks),
        seconds=time.perf_counter() - start,
    )

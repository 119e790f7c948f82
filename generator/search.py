"""Search index of the built site, made with Pagefind after MkDocs has written the pages.

Pagefind (a maintained static search library, on PyPI with its binary) splits the index into chunks, so a first
query downloads the chunks of its own words, not the corpus. What it does not do for Vietnamese is added here, in
the copy of each page handed to the indexer; the published pages stay as MkDocs wrote them:

- đ/Đ: Pagefind folds tones ("khéo" ~ "kheo") but not đ, which has no Unicode decomposition, so "doan" would miss
  "Đoàn". Every word with đ is indexed a second time with d, in a block weighted below the real text, so that a
  query typed with the real letters ranks its exact matches first.
- Which pages: the pages of documents, and of cited instruments and agencies, listed in the site's open data
  (`data/documents.json`); within the article only, without permalink marks and reading notes. Instrument and
  agency pages are indexed up to their first section: after it come sentences quoted from the documents, which
  are found on the documents' own pages.
- Metadata: Pagefind searches metadata too, and ranks a page whose field holds every word of the query first. A
  document's subject, issuer, signer and date are given as metadata (and again with đ written d), so
  "53/KH-UBND" finds plan 53 and "doan dung" the plan signed by Đoàn Dụng. The search page sets the weights.
- Filters: type, jurisdiction, issuer, year and agencies, as Pagefind filters.

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

BUNDLE = "pagefind"  # folder of the search bundle under the site root
DATA = "data/documents.json"

FILTERS = ("loai", "dia_ban", "co_quan", "nam", "co_quan_thuc_hien")  # labels are on the search page
EXCLUDE = (".headerlink", ".vb-problems", ".mermaid", ".vb-card thead")  # parts of an article that are not text
FOLDED_WEIGHT = "0.5"  # weight of the đ->d copy of the text, below the real text (1.0)
KINDS = {"instrument": "Văn bản được dẫn chiếu (không đăng trên cổng)", "agency": "Cơ quan"}

_ARTICLE_OPEN = re.compile(r'<article class="md-content__inner md-typeset"[^>]*>')
_ARTICLE_CLOSE = "</article>"
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_SECTION = re.compile(r"<h2[\s>]")
_TAG = re.compile(r"<[^>]*>")
_DROP = re.compile(r"<(script|style|pre)\b.*?</\1\s*>", re.S | re.I)
_HAS_D = re.compile(r"[đĐ]")


@dataclass(frozen=True)
class SearchStats:
    """What the indexer did: for logs, tests and the benchmark."""

    pages: int  # pages indexed
    files: int  # files in the bundle
    bytes: int  # size of the bundle on disk
    largest_chunk: int  # bytes of the largest index chunk (the most one query word can fetch)
    seconds: float


@dataclass(frozen=True)
class Record:
    """One page handed to the indexer: its URL from the site root and the HTML the indexer sees."""

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


def index_html(
    page_html: str,
    meta: dict[str, object] | None = None,
    filters: dict[str, list[str]] | None = None,
    summary_only: bool = False,
) -> str | None:
    """The copy of a built page that the indexer sees, or None when the page has no article.

    The article becomes Pagefind's body, with the metadata, the filters and the đ->d copy of its text added; the
    page's name (its h1, without the permalink mark) is the `title`. With `summary_only`, the article is cut before
    its first section heading.
    """
    opened = _ARTICLE_OPEN.search(page_html)
    end = page_html.rfind(_ARTICLE_CLOSE)
    if opened is None or end < opened.end():
        return None
    article = page_html[opened.end() : end]
    if summary_only:
        first_section = _SECTION.search(article)
        if first_section is not None:
            article = article[: first_section.start()]
    h1 = _H1.search(article)
    name = " ".join(text_of(_HEADERLINK.sub("", h1.group(1))).split()) if h1 else ""
    meta = {"title": name, **(meta or {})}
    hidden = [_hidden("meta", k, v) for k, v in meta.items() if v]
    for key, values in sorted((filters or {}).items()):
        hidden.extend(_hidden("filter", key, v) for v in values)
    extra = '<div data-pagefind-ignore>' + "".join(hidden) + "</div>"
    folded = d_words(text_of(article))
    if folded:
        extra += f'<div data-pagefind-weight="{FOLDED_WEIGHT}">{html.escape(" ".join(folded), quote=False)}</div>'
    open_tag = opened.group(0)[:-1] + " data-pagefind-body>"
    return page_html[: opened.start()] + open_tag + article + extra + page_html[end:]


def _page_file(site_dir: Path, url: str) -> Path | None:
    if not url or "#" in url or ".." in url.split("/"):
        return None
    path = site_dir / url.strip("/") / "index.html"
    return path if path.is_file() else None


def records(site_dir: Path) -> Iterator[Record]:
    """Pages to index: documents, then cited instruments and agencies that have a page of their own.

    One at a time, so a corpus of thousands of pages is never held in memory.
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
    for kind, item in entries:
        raw = item.get("url") or ""
        url = "/" + raw.strip("/") + "/"
        path = _page_file(site_dir, raw)
        if path is None or url in seen:
            continue
        if kind == "document":
            meta, filters = document_facts(item, agencies)
            page = index_html(path.read_text(encoding="utf-8"), meta, filters)
        else:
            page = index_html(path.read_text(encoding="utf-8"), entity_facts(kind, item), summary_only=True)
        if page is not None:
            seen.add(url)
            yield Record(url, page)


def _run_pagefind(work: Path, out_dir: Path) -> None:
    """Pagefind's command line (the binary of the PyPI package) over the pages written to `work/site`."""
    config = {"site": "site", "output_path": str(out_dir), "exclude_selectors": list(EXCLUDE), "force_language": "vi"}
    (work / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pagefind", "--silent"], cwd=work, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"pagefind failed ({done.returncode}): {(done.stderr or done.stdout).strip()[-2000:]}")


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


def index_site(site_dir: Path) -> SearchStats:
    """Write the search bundle to `site_dir/pagefind/` for the site MkDocs built in `site_dir`.

    The pages to index are copied, with what the indexer needs added, to a temporary folder that Pagefind reads.
    """
    start = time.perf_counter()
    site_dir = Path(site_dir).resolve()
    out_dir = site_dir / BUNDLE
    if out_dir.exists():
        shutil.rmtree(out_dir)  # chunks of an earlier build would linger: their names are content hashes
    pages = 0
    with tempfile.TemporaryDirectory(prefix="vanban-search-") as tmp:
        work = Path(tmp)
        for rec in records(site_dir):
            target = work / "site" / rec.url.strip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(rec.html, encoding="utf-8")
            pages += 1
        if pages:
            _run_pagefind(work, out_dir)
            _sort_filters(out_dir)
    files = [p for p in out_dir.rglob("*") if p.is_file()] if out_dir.is_dir() else []
    chunks = [p.stat().st_size for p in (out_dir / "index").iterdir()] if (out_dir / "index").is_dir() else []
    return SearchStats(
        pages=pages,
        files=len(files),
        bytes=sum(p.stat().st_size for p in files),
        largest_chunk=max(chunks, default=0),
        seconds=time.perf_counter() - start,
    )

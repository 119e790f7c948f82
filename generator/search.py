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
- What a document is: Pagefind searches one metadata field besides the text, `title`, and ranks a page whose
  title holds all the words of a query far above the others. The title given to it is the document's identity:
  type, number and symbol, subject, issuer and signer (each word with đ also with d), so "53/KH-UBND" finds plan
  53 and "doan dung" the plan signed by Đoàn Dụng. The name shown in results is a separate field (`ten`).
- Filters: type, jurisdiction, issuer, year and agencies, as Pagefind filters.

References such as "53/KH-UBND" are one term: Pagefind joins a word's parts across '/' and '-', both when it
indexes and when it searches; the search page removes spaces typed around those marks.
"""

from __future__ import annotations

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


def search_title(*parts: object) -> str:
    """The `title` Pagefind searches: the parts given, then their words with đ written with d."""
    text = " ".join(" ".join(str(p).split()) for p in parts if p)
    folded = d_words(text)
    return f"{text} {' '.join(folded)}" if folded else text


def _date_label(iso: str | None, year: object = None) -> str | None:
    if iso:
        y, m, d = iso.split("-")
        return f"{d}/{m}/{y}"
    return str(year) if year else None


def document_facts(doc: dict[str, Any], agencies: dict[str, str]) -> tuple[dict[str, object], dict[str, list[str]]]:
    """Pagefind metadata and filters of a document of `documents.json`: only what the data gives."""
    signer = doc.get("signer") or {}
    jurisdiction = doc.get("jurisdiction")
    issuer = doc.get("issuer")
    place = jurisdiction if jurisdiction and (not issuer or jurisdiction not in issuer) else None
    meta: dict[str, object] = {
        "title": search_title(doc.get("type"), doc.get("reference"), doc.get("title"), issuer, place, signer.get("name")),
        "trich_yeu": doc.get("title"),
        "co_quan": issuer,
        "ngay": _date_label(doc.get("date"), doc.get("year")),
    }
    filters = {
        "loai": [doc["type"]] if doc.get("type") else [],
        "dia_ban": [jurisdiction] if jurisdiction else [],
        "co_quan": [issuer] if issuer else [],
        "nam": [str(doc["year"])] if doc.get("year") else [],
        "co_quan_thuc_hien": sorted({agencies[t["agency"]] for t in doc.get("tasks") or () if t.get("agency") in agencies}),
    }
    return meta, {k: v for k, v in filters.items() if v}


def entity_facts(kind: str, item: dict[str, Any]) -> dict[str, object]:
    """Pagefind metadata of a cited instrument or an agency of `documents.json`."""
    if kind == "instrument":
        title = search_title(item.get("type"), item.get("reference") or item.get("name"), item.get("title"), item.get("issuer"))
        where = item.get("issuer")
    else:
        title = search_title(item.get("name"), *(item.get("aliases") or ()), item.get("jurisdiction"))
        where = item.get("jurisdiction")
    return {
        "title": title,
        "kieu": KINDS[kind],
        "trich_yeu": item.get("title") if kind == "instrument" else None,
        "co_quan": where,
        "ngay": _date_label(item.get("date")) if kind == "instrument" else None,
    }


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
    page's name (its h1) becomes the `ten` shown in results. With `summary_only`, the article is cut before its
    first section heading.
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
    meta = {"ten": name, **(meta or {})}
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
    files = [p for p in out_dir.rglob("*") if p.is_file()] if out_dir.is_dir() else []
    chunks = [p.stat().st_size for p in (out_dir / "index").iterdir()] if (out_dir / "index").is_dir() else []
    return SearchStats(
        pages=pages,
        files=len(files),
        bytes=sum(p.stat().st_size for p in files),
        largest_chunk=max(chunks, default=0),
        seconds=time.perf_counter() - start,
    )

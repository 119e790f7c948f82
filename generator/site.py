"""Everything the site needs from a source folder, as in-memory files: pages and data."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from .addresses import DATA, DATA_DIR, FEED, original_file, site_url
from .beside import Recorder
from .guard import no_cyclic_gc
from .models import Document, Problem, ResolvedCorpus
from .partition import StageWriter
from .pipeline import Loaded, LoadStats, load_corpus
from .progress import Progress, report
from .render.data import corpus_json, dumps
from .render.feed import render_feed
from .render.kept_calendars import STATE_FILE as CALENDAR_STATE
from .render.kept_calendars import kept_calendars
from .render.kept_data import STATE_FILE as DATA_STATE
from .render.kept_data import kept_data
from .render.pages import all_problems, calendar_files, render_site
from .resolve import resolve
from .search import STATE_FILE as SEARCH_STATE
from .search import SearchStats, search_files

# What a build keeps in the parse cache's folder (beside its `parse/`) to make the next build's open data, search
# index from (kept.py): its postings. Only a speed-up: the files are the same bytes without them
# (tests/test_incremental_side.py); and the calendars' events (render/kept_calendars.py) and the records of
# documents.json (render/kept_data.py), whose texts are read again from the stage's previous files.
SIDE_DIR = "side"


@dataclass(frozen=True)
class SiteBuild:
    files: dict[str, str]  # src_uri -> content
    problems: tuple[Problem, ...]
    document_count: int
    load: LoadStats | None = None  # files parsed and taken from the cache
    originals: dict[str, Path] | None = None  # site path -> source file, copied as is ("Tải văn bản gốc")
    search: SearchStats | None = None  # the search index written among `files` (search.py), None when not asked
    # site path of an original -> the parse cache's hash of its content (when the cache read it): an original whose
    # hash the stage already holds is kept there without reading the source again
    original_keys: dict[str, str] | None = None
    side_seconds: dict[str, float] | None = None  # the parts made beside the pages (documents.json, search, calendars)


# the cycle collector paused for the whole run, not only while loading, resolving and rendering: between them and after
# the pages (the originals' paths, the feed) each collection walked the whole corpus, ~4 s of a publish at 10,000
# documents; what the run makes is acyclic and freed by reference counting
@no_cyclic_gc()
def build_site(
    source_dir: Path,
    overrides: tuple[Path, ...] = (),
    *,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    base: str | None = None,
    progress: Progress | None = None,
    search: bool = True,
    sink: StageWriter | None = None,
) -> SiteBuild:
    """Run the pipeline (parse cache in `cache_dir`, `jobs` processes: see pipeline.py) and render every generated
    file, the search index too unless `search` is false; `progress` hears each stage advance (progress.py). With
    `sink` (the stage being written), each file goes there as it is rendered and `files` stays empty: the build
    never holds every page at once."""
    loaded = load_corpus(source_dir, cache_dir=cache_dir, jobs=jobs, progress=progress)
    resolved = _resolve(loaded, progress)
    load = loaded.stats
    digests = loaded.digests  # each source file's content hash, made by the parse cache as it read the file
    del loaded  # what resolve made of it is all that is needed from here
    kept = None if cache_dir is None else cache_dir / SIDE_DIR  # what the last build kept for this one

    def open_data_and_index(out: Recorder) -> tuple[SearchStats | None, dict[str, float]]:
        # documents.json, the calendars and the search index read the resolved corpus and its open data (`data`),
        # nothing of the pages: made beside them (beside.py), in one process. `data` lives only there and only while
        # it is written and indexed, not through the whole render of the pages.
        seconds: dict[str, float] = {}
        t = time.perf_counter()
        # to the stage a record at a time, never one string; the records of documents that did not change taken
        # from the last build's file (render/kept_data.py)
        data = kept_data(resolved, out, None if kept is None else kept / DATA_STATE, file_digest if kept is not None else None)
        t = _lap(seconds, "documents.json", t)
        stats = None
        if search:
            index, stats = search_files(
                data, resolved.documents, state=None if kept is None else kept / SEARCH_STATE,
                source=None if kept is None else text_source,
            )
            del data
            out.update(index)
            del index
            t = _lap(seconds, "search", t)
        else:
            del data
        state = None if kept is None else kept / CALENDAR_STATE
        kept_calendars(resolved, site_url(base), out, state, file_digest if state is not None else None)
        _lap(seconds, "calendars", t)
        return stats, seconds

    def file_digest(rel: str) -> bytes:
        return _content_digest(digests, source_dir, rel)

    def text_source(doc: Document) -> bytes:
        # what a document's text is parsed from: its file's content and its place in the file (resolve changes
        # other fields of a document, never its text)
        return file_digest(doc.source) + doc.index.to_bytes(4, "big")

    side: dict[str, tuple[SearchStats | None, dict[str, float]]] = {}
    files = render_site(
        resolved, overrides, base, progress=progress, sink=sink, jobs=jobs, extra=open_data_and_index, extra_out=side,
        file_digest=file_digest,
    )
    (files if sink is None else sink)[FEED] = render_feed(resolved.documents)
    stats, side_seconds = side["extra"]
    if search:  # the index was made beside the pages, and is written by now
        report(progress, "search", 0, 1)
        report(progress, "search", 1, 1)
    originals = {original_file(d.source): d.source for d in resolved.documents}
    keys = {uri: digests[rel] for uri, rel in originals.items() if rel in digests}
    return SiteBuild(
        files, tuple(all_problems(resolved.corpus)), len(resolved.documents), load,
        {uri: source_dir / rel for uri, rel in originals.items()}, stats, keys, side_seconds,
    )


def _lap(seconds: dict[str, float], name: str, start: float) -> float:
    now = time.perf_counter()
    seconds[name] = round(now - start, 2)
    return now


def _content_digest(digests: dict[str, str], source_dir: Path, rel: str) -> bytes:
    """A hash of a source file's content: the parse cache's key of the bytes it read (no second reading of 10,000
    files on a publish), else the file hashed here (no cache)."""
    key = digests.get(rel)
    return bytes.fromhex(key) if key is not None else _file_digest(source_dir / rel)


def _file_digest(path: Path) -> bytes:
    """A hash of a source file's content (what a document's text is made of: render/record.py); empty when unreadable."""
    h = hashlib.blake2b(digest_size=16)
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    except OSError:
        return b""
    return h.digest()


def _resolve(loaded: Loaded, progress: Progress | None) -> ResolvedCorpus:
    report(progress, "resolve", 0, 1)
    with no_cyclic_gc():  # millions of short-lived objects with the whole corpus alive: 11.0 → 4.9 s at 10,000
        resolved = resolve(loaded.corpus, loaded.extracted)
    report(progress, "resolve", 1, 1)
    return resolved


def open_data(
    source_dir: Path, *, cache_dir: Path | None = None, jobs: int | None = None, progress: Progress | None = None
) -> dict[str, str]:
    """What the site publishes as open data, without building the site: `documents.json` and the calendars
    (`data/lich/*.ics`), by their path in the site. The same bytes as the site's files (same functions)."""
    loaded = load_corpus(source_dir, cache_dir=cache_dir, jobs=jobs, progress=progress)
    resolved = _resolve(loaded, progress)
    files = {DATA: dumps(corpus_json(resolved))}
    calendar_files(resolved, out=files)
    return files


def export_data(source_dir: Path, out_dir: Path, *, progress: Progress | None = None) -> list[Path]:
    """Write the open-data files into `out_dir`: documents.json at its root, the calendars in lich/ (as in the
    site's data/ folder)."""
    written: list[Path] = []
    files = open_data(source_dir, progress=progress)
    report(progress, "export", 0, len(files))
    for uri, content in sorted(files.items()):
        target = out_dir / uri.removeprefix(DATA_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as fh:  # calendars end lines in CRLF (RFC 5545)
            fh.write(content)
        written.append(target)
        report(progress, "export", len(written), len(files))
    return written

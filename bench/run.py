"""Measure the generator and the site build on synthetic corpora of given sizes, in one run per size.

    python -m bench.run --sizes 100 1000 10000        # measure, write bench/results/<size>.json and bench/RESULTS.md
    python -m bench.run --report                      # only rewrite RESULTS.md from bench/results/*.json

For each size N:

1. a corpus of N documents in the grammar of the seeds (bench/corpus.py);
2. the generator's stages one after the other in this process, one core, no cache: read, normalize, split, parse,
   extract, resolve, render pages, render data (wall and CPU seconds each), and the page sizes they give;
3. the full site build with MkDocs in a fresh process (bench/_build.py), parse cache cold, workers as configured:
   its time, the generator's share (the plugin's call of `build_site`), the search indexer's share, peak memory,
   site size, the search bundle and what a first query downloads;
4. the rebuild after adding document N (cache warm): its time and how many files were parsed again;
5. the floor: the same MkDocs (same theme, Markdown extensions, nav) on plain Markdown pages of the same sizes;
6. a cProfile of the slowest stage.

`overhead` is the generator's time in the full build over the floor's MkDocs build time. Timings are wall seconds
unless named CPU; the load average is recorded since other processes on the machine skew wall time.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gzip
import io
import json
import math
import os
import platform
import pstats
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from bench.corpus import CLAUSES, generate
from generator.addresses import SEARCH_DIR
from generator.partition import MATRIX_JOBS

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
RESULTS_MD = Path(__file__).resolve().parent / "RESULTS.md"
START, END = "<!-- measured:start -->", "<!-- measured:end -->"
PER_FILE = ("read", "normalize", "split", "parse", "extract")  # the stages the pipeline runs per file
FIRST_QUERY_RESULTS = 10  # results the search page shows at once (PAGE_SIZE in docs/assets/tim-kiem.js)

T = TypeVar("T")


# --- measuring ------------------------------------------------------------------------------------------------------


def _timed(into: dict[str, dict[str, float]], name: str, fn: Callable[[], T]) -> T:
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    into[name] = {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu}
    return value


def run_stages(src: Path, render: bool = True) -> tuple[dict[str, dict[str, float]], dict[str, int], dict[str, Callable[[], object]]]:
    """The generator's stages in this process, one after the other. Returns timings, page sizes, and for each stage a
    function that runs it again (on at most 1,000 files for the per-file stages) for the profiler."""
    from generator.models import Corpus
    from generator.normalize import normalize
    from generator.parse import parse_document
    from generator.pipeline import _unique_urls, extract_document, source_files
    from generator.read import read_source
    from generator.render.data import corpus_json, dumps
    from generator.render.pages import render_site
    from generator.resolve import resolve
    from generator.split import split_documents

    t: dict[str, dict[str, float]] = {}
    files = _timed(t, "list files", lambda: source_files(src))
    sources = _timed(t, "read", lambda: [read_source(p, src) for p in files])
    normal = _timed(t, "normalize", lambda: [normalize(s) for s in sources if s.text.strip()])
    texts = _timed(t, "split", lambda: [d for n in normal for d in split_documents(n) if d.lines])
    docs = _timed(t, "parse", lambda: _unique_urls([parse_document(d) for d in texts]))
    corpus = Corpus(tuple(docs), ())
    found = _timed(t, "extract", lambda: {d.id: extract_document(d)[1] for d in docs})
    resolved = _timed(t, "resolve", lambda: resolve(corpus, found))
    pages = _timed(t, "render pages", lambda: render_site(resolved)) if render else {}

    def data() -> dict[str, str]:
        out = {"data/documents.json": dumps(corpus_json(resolved))}
        try:  # the feed came with another issue; measured when present
            from generator.render.feed import FEED, render_feed

            out[FEED] = render_feed(resolved.documents)
        except ImportError:
            pass
        return out

    extra = _timed(t, "render data", data) if render else {}
    sizes = {uri: len(text.encode("utf-8")) for uri, text in {**pages, **extra}.items()}
    few = files[:1000]
    few_sources = sources[:1000]
    few_texts = [d for n in normal[:1000] for d in split_documents(n) if d.lines]
    again: dict[str, Callable[[], object]] = {
        "read": lambda: [read_source(p, src) for p in few],
        "normalize": lambda: [normalize(s) for s in few_sources if s.text.strip()],
        "split": lambda: [split_documents(n) for n in normal[:1000]],
        "parse": lambda: [parse_document(d) for d in few_texts],
        "extract": lambda: [extract_document(d) for d in docs[:1000]],
        "resolve": lambda: resolve(corpus, found),
        "render pages": lambda: render_site(resolved),
        "render data": data,
    }
    return t, sizes, again


def profile(fn: Callable[[], object], rows: int = 15) -> list[dict[str, Any]]:
    prof = cProfile.Profile()
    prof.enable()
    fn()
    prof.disable()
    stats = pstats.Stats(prof, stream=io.StringIO())
    out = []
    for (filename, line, name), (_, ncalls, tottime, cumtime, _) in sorted(
        stats.stats.items(), key=lambda kv: kv[1][2], reverse=True  # type: ignore[attr-defined]
    )[:rows]:
        where = f"{Path(filename).relative_to(ROOT)}:{line}" if filename.startswith(str(ROOT)) else Path(filename).name
        out.append({"function": f"{where}({name})", "calls": ncalls, "tottime_s": round(tottime, 3), "cumtime_s": round(cumtime, 3)})
    return out


def measured_build(config: Path, site_dir: Path, source: Path | None = None, cache: Path | None = None) -> dict[str, Any]:
    """bench/_build.py in a fresh process: its JSON, with the wall and CPU time seen from here."""
    cmd = [sys.executable, "-m", "bench._build", "--config", str(config), "--site-dir", str(site_dir)]
    if source is not None:
        cmd += ["--source", str(source), "--cache", str(cache) if cache else ""]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"build failed ({done.returncode}):\n{done.stderr[-4000:]}")
    line = next(x for x in reversed(done.stdout.splitlines()) if x.startswith("BENCH-RESULT "))
    result: dict[str, Any] = json.loads(line[len("BENCH-RESULT ") :])
    result["process_wall_s"] = wall
    result["process_cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result


# --- the floor ------------------------------------------------------------------------------------------------------

FLOOR_CONFIG = """\
site_name: Sàn đo (trang Markdown thuần)
docs_dir: docs
theme:
  name: material
  language: vi
  features:
    - navigation.top
    - toc.follow
  palette:
    primary: red
    accent: amber
plugins: []
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: "¶"
validation:
  omitted_files: info
nav:
  - Trang chủ: index.md
"""


def plain_page(size: int, rng: random.Random) -> str:
    """Plain Markdown of about `size` bytes: a title, headings every ~2 KB, paragraphs of the seeds' clauses."""
    parts = ["# Trang", ""]
    n = len(b"# Trang\n\n")
    section = 0
    while n < size:
        if n // 2000 >= section:
            section += 1
            heading = f"## Mục {section}"
            parts += [heading, ""]
            n += len(heading.encode()) + 2
        text = "; ".join(rng.sample(CLAUSES, 2)) + "."
        parts += [text, ""]
        n += len(text.encode()) + 2
    return "\n".join(parts)


def write_floor(root: Path, sizes: dict[str, int]) -> Path:
    """A MkDocs project of plain pages with the generated pages' paths and sizes (and the hand-written pages')."""
    if root.exists():
        shutil.rmtree(root)
    docs = root / "docs"
    rng = random.Random(0)
    pages = dict(sizes)
    for page in sorted((ROOT / "docs").rglob("*.md")):
        pages.setdefault(page.relative_to(ROOT / "docs").as_posix(), page.stat().st_size)
    for uri, size in sorted(pages.items()):
        if not uri.endswith(".md"):
            continue
        target = docs / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(plain_page(size, rng), encoding="utf-8")
    (root / "mkdocs.yml").write_text(FLOOR_CONFIG, encoding="utf-8")
    return root / "mkdocs.yml"


# --- the site -------------------------------------------------------------------------------------------------------


def site_figures(site: Path) -> dict[str, Any]:
    files = [p for p in site.rglob("*") if p.is_file()]
    html = [p for p in files if p.suffix == ".html"]
    index = site / SEARCH_DIR
    out: dict[str, Any] = {
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "html_pages": len(html),
        "largest_html_bytes": max((p.stat().st_size for p in html), default=0),
        "largest_html": max(html, key=lambda p: p.stat().st_size).relative_to(site).as_posix() if html else None,
    }
    if (index / "meta.json").is_file():
        out["first_query_bytes"] = first_query_bytes(site)
        shards = [p.stat().st_size for p in (index / "t").glob("*.json")]
        records = [p.stat().st_size for p in (index / "b").glob("*.json")]
        out["search_index"] = {
            "files": sum(1 for p in index.rglob("*") if p.is_file()),
            "bytes": sum(p.stat().st_size for p in index.rglob("*") if p.is_file()),
            "shards": len(shards),
            "mean_shard": round(sum(shards) / max(1, len(shards))),
            "largest_shard": max(shards, default=0),
            "mean_record_file": round(sum(records) / max(1, len(records))),
            "largest_record_file": max(records, default=0),
        }
    return out


FIRST_QUERY_TERMS = 7  # four words and the three bigrams between them: the shards a four-word query fetches at most


def first_query_bytes(site: Path) -> int:
    """What the search page downloads for a first query of four words, at the mean sizes: the script, meta.json, a
    shard per term (FIRST_QUERY_TERMS) and a record file per result shown (FIRST_QUERY_RESULTS); no filter list."""
    index = site / SEARCH_DIR
    shards = [p.stat().st_size for p in (index / "t").glob("*.json")]
    records = [p.stat().st_size for p in (index / "b").glob("*.json")]
    script = site / "assets" / "tim-kiem.js"
    fixed = (script.stat().st_size if script.is_file() else 0) + (index / "meta.json").stat().st_size
    mean = lambda sizes: sum(sizes) / len(sizes) if sizes else 0  # noqa: E731
    return int(fixed + FIRST_QUERY_TERMS * mean(shards) + FIRST_QUERY_RESULTS * mean(records))


# Queries a citizen types, without diacritics, on the synthetic corpus: an agency, a topic, four common words, a
# document number.
FIRST_QUERIES = ("so noi vu", "cai cach hanh chinh", "dan van chinh quyen", "9/KH-UBND")


def browser_first_queries(site: Path, queries: tuple[str, ...] = FIRST_QUERIES) -> dict[str, Any]:
    """Each query in a fresh headless Chromium with an empty cache (tests/browser/harness.py): the seconds from
    opening tim-kiem/?q=... to the results shown, and the bytes the server sent. Skipped without Chromium."""
    try:
        from tests.browser.harness import first_query
    except ImportError as exc:  # selenium is a test dependency
        return {"skipped": f"{type(exc).__name__}: {exc}"}
    if not (shutil.which("chromium") or shutil.which("chromium-browser")) or not shutil.which("chromedriver"):
        return {"skipped": "no chromium/chromedriver on this machine"}
    out: dict[str, Any] = {}
    for q in queries:
        r = first_query(site, q)
        out[q] = {
            "seconds": round(r.seconds, 3),
            "search_seconds": round(r.search_seconds, 3),
            "bytes": r.bytes,
            "search_bytes": r.search_bytes,
            "gzip_bytes": sum(gzipped_size(site, path, n) for path, n in r.files),
            "search_gzip_bytes": sum(gzipped_size(site, path, n) for path, n in r.files if path.startswith(SEARCH_PATHS)),
            "requests": r.requests,
            "results": len(r.urls),
        }
    return out


SEARCH_PATHS = ("/chi-muc/", "/assets/tim-kiem.js")  # what the search itself downloads (tests/browser/harness.py)
_COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ics", "/")


@functools.cache
def _gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def gzipped_size(site: Path, url_path: str, sent: int) -> int:
    """The bytes a host that compresses text (GitHub Pages sends HTML, CSS, JS and JSON gzip'd) would send for a
    file the local server sent whole: its gzip size at level 6; other files as sent."""
    local = url_path.split("?", 1)[0].split("#", 1)[0]
    if not local.endswith(_COMPRESSED):
        return sent
    target = site / local.lstrip("/")
    if local.endswith("/"):
        target = target / "index.html"
    return _gzipped(target) if target.is_file() else sent


# --- one size -------------------------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    mem = 0
    try:
        mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) // 1024  # type: ignore[union-attr]
    except (OSError, AttributeError):
        pass
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "markdown", "jinja2"):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:  # noqa: BLE001 - a missing package is only not reported
            versions[package] = None
    return {
        "cpu": cpu,
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_mb": mem,
        "python": platform.python_version(),
        "system": platform.platform(),
        **versions,
    }


def measure(size: int, work: Path, do_profile: bool = True, log: Callable[[str], None] = print) -> dict[str, Any]:
    base = work / str(size)
    if base.exists():
        shutil.rmtree(base)
    src, cache, site = base / "src", base / "cache", base / "site"
    result: dict[str, Any] = {"size": size, "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine()}
    result["load_before"] = os.getloadavg()
    log(f"[{size}] corpus")
    paths = generate(size, src)
    total = sum(p.stat().st_size for p in paths)
    result["corpus"] = {"files": len(paths), "bytes": total, "mean_kb": round(total / len(paths) / 1024, 1)}

    log(f"[{size}] stages (one process, no cache)")
    stages, sizes, again = run_stages(src)
    result["stages"] = stages
    result["stages_total"] = {k: sum(s[k] for s in stages.values()) for k in ("wall_s", "cpu_s")}
    markdown = {uri: n for uri, n in sizes.items() if uri.endswith(".md")}
    result["pages"] = {
        "generated_files": len(sizes),
        "markdown_pages": len(markdown),
        "markdown_bytes": sum(markdown.values()),
        "largest": max(markdown.items(), key=lambda kv: kv[1]),
    }

    log(f"[{size}] full build (cold parse cache)")
    result["full"] = measured_build(ROOT / "mkdocs.yml", site, src, cache)
    result["site"] = site_figures(site)
    log(f"[{size}] first queries in headless Chromium")
    result["first_queries"] = browser_first_queries(site)

    log(f"[{size}] rebuild after adding one document")
    generate(size + 1, src, start=size)
    result["rebuild"] = measured_build(ROOT / "mkdocs.yml", site, src, cache)

    log(f"[{size}] floor: MkDocs on plain pages of the same sizes")
    floor_config = write_floor(base / "floor", sizes)
    result["floor"] = measured_build(floor_config, base / "floor-site")
    result["floor"]["pages"] = len(list((base / "floor" / "docs").rglob("*.md")))

    full = result["full"]
    result["overhead_pct"] = round(100 * full["generator_s"] / result["floor"]["build_s"], 1)
    result["mkdocs_in_full_s"] = full["build_s"] - full["generator_s"]  # the search index is written by the generator
    if do_profile:
        slowest = max((k for k in again), key=lambda k: stages[k]["cpu_s"])
        log(f"[{size}] profile of the slowest stage: {slowest}")
        result["profile"] = {"stage": slowest, "files": min(size, 1000), "rows": profile(again[slowest])}
    result["load_after"] = os.getloadavg()
    return result


# --- issue 15: the partitioned build against plain MkDocs on one page per source document ----------------------------


def write_baseline(src: Path, root: Path) -> Path:
    """A MkDocs project (same theme and Markdown extensions, no plugin) of one plain page per source document with
    its text: each line of the file a paragraph."""
    if root.exists():
        shutil.rmtree(root)
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Văn bản\n", encoding="utf-8")
    for path in sorted(src.iterdir()):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()]
        (docs / f"{path.stem}.md").write_text(f"# {path.stem}\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(FLOOR_CONFIG, encoding="utf-8")
    return root / "mkdocs.yml"


class TreeMemory:
    """Samples the memory of a process and all its descendants (from /proc) while it runs: the peak of the sum of
    their resident sets (RSS), the peak of the sum of their proportional set sizes (PSS, /proc/PID/smaps_rollup) and
    the peak RSS of any one of them. A forked child's RSS counts every page it still shares with its parent, so the
    RSS sum counts those pages twice; PSS splits each shared page between the processes that map it, so its sum is
    the memory the tree holds."""

    def __init__(self, pid: int, every: float = 1.0) -> None:
        import threading

        self.pid, self.every = pid, every
        self.peak_total = self.peak_one = self.peak_pss = 0
        self.cpu_s = 0.0  # what the sampling itself cost (its thread's CPU time), taken from the cores it measures
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._page = os.sysconf("SC_PAGE_SIZE")
        self._thread.start()

    def _tree(self) -> list[int]:
        """The process and its descendants, from each one's list of children (the kernel's, cheap), or a scan of
        every process where the kernel keeps no such list. Reading every process of the machine and every PSS five
        times a second took two thirds of a core from the build it measured."""
        if not Path(f"/proc/{self.pid}/task/{self.pid}/children").exists():
            return self._scan()
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    todo.extend(int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split())
            except (OSError, ValueError):  # ended while it was read
                continue
        return out

    def _scan(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo.extend(children.get(pid, ()))
        return out

    def _run(self) -> None:
        import time as _time

        started = _time.thread_time()
        while not self._stop.is_set():
            total = pss = 0
            for pid in self._tree():
                try:
                    rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self._page
                except (OSError, IndexError, ValueError):
                    continue
                total += rss
                pss += _pss(pid)
                self.peak_one = max(self.peak_one, rss)
            self.peak_total = max(self.peak_total, total)
            self.peak_pss = max(self.peak_pss, pss)
            self.cpu_s = _time.thread_time() - started
            self._stop.wait(self.every)

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        return {
            "peak_total_mb": round(self.peak_total / 2**20),
            "peak_pss_mb": round(self.peak_pss / 2**20),
            "peak_one_mb": round(self.peak_one / 2**20),
            "sampler_cpu_s": round(self.cpu_s, 2),
        }


def _pss(pid: int) -> int:
    """The proportional set size of a process in bytes (0 when it has ended or the kernel does not say)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def partitioned_build(src: Path, site: Path, stage: Path, cache: Path, jobs: int | None = None) -> dict[str, Any]:
    """`vanban build` (the partitioned build) in a fresh process: wall and CPU time, memory of all its processes,
    and the figures it writes (files parsed, pages and partitions rebuilt, seconds per phase)."""
    cmd = [sys.executable, "-m", "generator.cli", "build", "-f", str(ROOT / "mkdocs.yml"), "--source", str(src), "--site-dir", str(site), "--stage", str(stage)]
    cmd += ["--jobs", str(jobs)] if jobs else []
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VANBAN_CACHE_DIR": str(cache), "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(proc.pid)
    out, err = proc.communicate()
    wall = time.perf_counter() - wall
    mem = memory.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"vanban build failed ({proc.returncode}):\n{err[-4000:]}")
    figures = json.loads((stage / "last-build.json").read_text(encoding="utf-8"))
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 1),
        **mem,
        "largest_child_maxrss_mb": round(after.ru_maxrss / 1024),
        "figures": figures,
        "summary": out.strip().splitlines()[-1:] ,
    }


def markdown_bytes(stage: Path) -> dict[str, Any]:
    """Markdown bytes of the staged document pages (van-ban/<place>/<year>/...md) and of all pages."""
    files = stage / "files"
    docs = [p.stat().st_size for p in files.glob("van-ban/*/*/*.md")]
    pages = [p.stat().st_size for p in files.rglob("*.md")]
    return {
        "document_pages": len(docs),
        "document_page_mean_kb": round(sum(docs) / max(1, len(docs)) / 1024, 1),
        "pages": len(pages),
        "pages_mb": round(sum(pages) / 2**20, 1),
    }


def _fresh_corpus(size: int, base: Path, kind: str, log: Callable[[str], None]) -> dict[str, Any]:
    """An empty `base`, the synthetic corpus of `size` documents in `base/src`, and the result's first facts: size,
    kind, date, machine, load, corpus."""
    if base.exists():
        shutil.rmtree(base)
    result: dict[str, Any] = {"size": size, "kind": kind, "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}
    result["machine"], result["load_before"] = machine(), os.getloadavg()
    log(f"[{size}] corpus")
    paths = generate(size, base / "src")
    total = sum(p.stat().st_size for p in paths)
    result["corpus"] = {"files": len(paths), "bytes": total, "mean_kb": round(total / len(paths) / 1024, 1)}
    return result


def measure_partitioned(size: int, work: Path, log: Callable[[str], None] = print, browser: bool = True) -> dict[str, Any]:
    base = work / f"p{size}"
    src, cache, site, stage = base / "src", base / "cache", base / "site", base / "stage"
    result = _fresh_corpus(size, base, "partitioned", log)
    log(f"[{size}] baseline: plain MkDocs on one page per source document")
    baseline = measured_build(write_baseline(src, base / "baseline"), base / "baseline-site")
    result["baseline"] = {
        "wall_s": round(baseline["process_wall_s"], 2), "build_s": round(baseline["build_s"], 2), "cpu_s": round(baseline["process_cpu_s"], 1),
        "maxrss_mb": round(baseline["maxrss_mb"]), "pages": size + 1,
    }
    shutil.rmtree(base / "baseline-site", ignore_errors=True)
    _cold_build(result, base, log, browser)
    log(f"[{size}] publish after adding one document, warm caches")
    generate(size + 1, src, start=size)
    result["rebuild"] = partitioned_build(src, site, stage, cache)
    result["ratio"] = round(result["full"]["wall_s"] / result["baseline"]["wall_s"], 2)
    result["rebuild_pct"] = round(100 * result["rebuild"]["wall_s"] / result["full"]["wall_s"], 1)
    result["load_after"] = os.getloadavg()
    return result


def measure_scale(size: int, work: Path, log: Callable[[str], None] = print, browser: bool = True) -> dict[str, Any]:
    """A size too large to also build the plain-MkDocs baseline and publish again in one sitting (100,000): the cold
    partitioned build only, with its per-partition figures (which must stay flat as the corpus grows), the merge, and
    the first queries. No ratio and no publish figures: those are measured at the sizes that have a baseline."""
    base = work / f"p{size}"
    result = _fresh_corpus(size, base, "scale", log)
    _cold_build(result, base, log, browser, " (no baseline, no publish)")
    result["load_after"] = os.getloadavg()
    return result


def _cold_build(result: dict[str, Any], base: Path, log: Callable[[str], None], browser: bool, note: str = "") -> None:
    """The partitioned build of `base/src` with cold caches, its Markdown and site figures, and the first queries
    in a browser, into `result`."""
    size = result["size"]
    src, cache, site, stage = base / "src", base / "cache", base / "site", base / "stage"
    log(f"[{size}] partitioned build, cold caches{note}")
    result["full"] = partitioned_build(src, site, stage, cache)
    result["markdown"] = markdown_bytes(stage)
    result["site"] = site_figures(site)
    if browser:
        log(f"[{size}] first queries in headless Chromium")
        result["first_queries"] = browser_first_queries(site)


def projected_matrix_s(r: dict[str, Any], jobs: int = MATRIX_JOBS) -> float:
    """Wall time of the cold build on a CI matrix of `jobs` runners like this machine's cores, projected from one
    run here: the generator (one job, as measured), then each job building its share of the partitions one after
    the other (the mean measured partition time each), then the merge (as measured). Job start-up and the transfer
    of the stage and of the partial sites between jobs are not in it."""
    f = r["full"]["figures"]
    runs = f["runs"]
    mean = sum(x["seconds"] for x in runs) / len(runs)
    rounds = math.ceil(f["partitions"] / jobs)
    return f["seconds"]["generate"] + rounds * mean + f["seconds"]["merge"]


def measure_pipeline(size: int, work: Path, log: Callable[[str], None] = print) -> dict[str, Any]:
    """What can be measured at a size where rendering is still too slow to build the site: the stages up to resolve,
    and the per-file stages in workers through the parse cache, cold and after adding one document."""
    base = work / str(size)
    src, cache = base / "src", base / "cache"
    result = _fresh_corpus(size, base, "pipeline", log)
    log(f"[{size}] stages up to resolve (one process, no cache)")
    stages, _, _ = run_stages(src, render=False)
    result["stages"] = stages
    result["stages_total"] = {k: sum(s[k] for s in stages.values()) for k in ("wall_s", "cpu_s")}
    log(f"[{size}] read to extract in workers, cold parse cache")
    result["load"] = measured_load(src, cache)
    log(f"[{size}] again after adding one document")
    generate(size + 1, src, start=size)
    result["reload"] = measured_load(src, cache)
    result["load_after"] = os.getloadavg()
    return result


def measured_load(source: Path, cache: Path) -> dict[str, Any]:
    """`load_corpus` (read to extract, in workers, through the cache) in a fresh process."""
    cmd = [sys.executable, "-m", "bench._build", "--load-only", "--source", str(source), "--cache", str(cache)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if done.returncode != 0:
        raise RuntimeError(f"load failed ({done.returncode}):\n{done.stderr[-4000:]}")
    line = next(x for x in reversed(done.stdout.splitlines()) if x.startswith("BENCH-RESULT "))
    return dict(json.loads(line[len("BENCH-RESULT ") :]))


# --- the report -----------------------------------------------------------------------------------------------------


def _overhead_line(r: dict[str, Any]) -> str:
    if "overhead_pct" in r:
        return f"overhead at {r['size']}: {r['overhead_pct']:.0f}%"
    return f"overhead at {r['size']}: not measured (no site built at this size, see below)"


def _s(x: float) -> str:
    return f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def report(results: list[dict[str, Any]]) -> str:
    """The measured part of RESULTS.md: full builds, and pipeline-only runs at sizes whose site is not built yet."""
    if not results:
        return "No measurements yet: run `python -m bench.run --sizes 100 1000 10000`.\n"
    results = sorted(results, key=lambda r: (r["size"], r.get("kind", "full")))
    full = [r for r in results if r.get("kind", "full") == "full"]
    m = results[-1]["machine"]

    def code(r: dict[str, Any]) -> str:
        c = r.get("code", {})
        return f"{r['size']:,} ({r.get('kind', 'full')}): commit {c.get('commit', '?')} with {c.get('changed_files', '?')} files changed"

    lines = [
        f"Machine: {m['cpu']}, {m['cpus']} CPUs, {m['memory_mb']:,} MB; Python {m['python']}, MkDocs {m['mkdocs']}, "
        f"Material {m['mkdocs-material']}" + (f", Pagefind {m['pagefind']}" if m.get("pagefind") else "") + f"; {m['system']}.",
        "",
        "Code measured: " + "; ".join(code(r) for r in results) + " (each run measures a copy of the tree taken when it starts).",
        "",
        "Dates and load average (1 min, before → after; other processes on this machine skew wall time, not CPU time): "
        + "; ".join(f"{r['size']:,} on {r['date']}, load {r['load_before'][0]:.1f} → {r['load_after'][0]:.1f}" for r in results)
        + ".",
        "",
        "```text",
        *[_overhead_line(r) for r in results if r.get("kind", "full") == "full" or not any(f["size"] == r["size"] for f in full)],
        "```",
    ]

    def table(title: str, rs: list[dict[str, Any]], rows: list[tuple[str, Callable[[dict[str, Any]], str]]]) -> None:
        if not rs:
            return
        lines.extend(["", title, "", "| | " + " | ".join(f"{r['size']:,}" for r in rs) + " |", "|---|" + "---:|" * len(rs)])
        for label, fn in rows:
            lines.append(f"| {label} | " + " | ".join(fn(r) for r in rs) + " |")

    table("### The build", full, [
        ("documents (corpus MB, mean KB per file)", lambda r: f"{r['full'].get('documents', 0):,} ({r['corpus']['bytes'] / 1e6:.1f}, {r['corpus']['mean_kb']})"),
        ("**full build**, cold cache (s)", lambda r: _s(r["full"]["build_s"])),
        ("— generator: `build_site`, parse in workers (s)", lambda r: _s(r["full"]["generator_s"])),
        ("— of which read to extract (s; files parsed / processes)", lambda r: f"{_s(r['full']['load_s'])} ({r['full']['load']['parsed']:,} / {r['full']['load']['workers']})"),
        ("— search index (s; in the generator's time since it replaced Pagefind)", lambda r: _s(r["full"]["search_s"]) if "search_s" in r["full"] else "—"),
        ("— MkDocs (s)", lambda r: _s(r["mkdocs_in_full_s"])),
        ("**floor**: MkDocs on plain pages of the same sizes (s; pages)", lambda r: f"{_s(r['floor']['build_s'])} ({r['floor']['pages']:,})"),
        ("**generator overhead** (generator / floor)", lambda r: f"{r['overhead_pct']:.0f}%"),
        ("**rebuild after adding one document** (s; files parsed again)", lambda r: f"{_s(r['rebuild']['build_s'])} ({r['rebuild']['load']['parsed']})"),
        ("— generator in the rebuild (s)", lambda r: _s(r["rebuild"]["generator_s"])),
        ("CPU time of the full build, all processes (s)", lambda r: _s(r["full"]["process_cpu_s"])),
        ("peak memory: build process / largest child (MB)", lambda r: f"{r['full']['maxrss_mb']:,.0f} / {r['full']['child_maxrss_mb']:,.0f}"),
        ("peak memory of the floor build (MB)", lambda r: f"{r['floor']['maxrss_mb']:,.0f}"),
        ("site: MB, files, HTML pages", lambda r: f"{r['site']['bytes'] / 1e6:,.0f}, {r['site']['files']:,}, {r['site']['html_pages']:,}"),
        ("largest HTML page (KB)", lambda r: f"{r['site']['largest_html_bytes'] / 1024:,.0f} ({r['site']['largest_html']})"),
        ("search index: MB, files", lambda r: f"{r['full']['search']['bytes'] / 1e6:.1f}, {r['full']['search']['files']:,}" if "search" in r["full"] else "—"),
        ("first query downloads (KB)", lambda r: f"{r['site']['first_query_bytes'] / 1024:,.0f}" if "first_query_bytes" in r["site"] else "—"),
        ("MkDocs warnings in the full build", lambda r: str(r["full"]["warnings"])),
    ])
    browsed = [r for r in full if r.get("first_queries") and "skipped" not in r["first_queries"]]
    queries = list(dict.fromkeys(q for r in browsed for q in r["first_queries"]))
    table(
        "### First query in a browser (headless Chromium, empty cache, site served on this machine)",
        browsed,
        [
            (
                f"`{q}`: s to results shown (search s); KB sent (search KB); results",
                lambda r, q=q: (
                    f"{r['first_queries'][q]['seconds']:.2f} ({r['first_queries'][q]['search_seconds']:.2f}); "
                    f"{r['first_queries'][q]['bytes'] / 1024:,.0f} ({r['first_queries'][q]['search_bytes'] / 1024:,.0f}); "
                    f"{r['first_queries'][q]['results']}"
                )
                if q in r["first_queries"]
                else "—",
            )
            for q in queries
        ],
    )

    def cold(r: dict[str, Any]) -> dict[str, Any]:
        return r["load"] if r.get("kind") == "pipeline" else r["full"]

    def warm(r: dict[str, Any]) -> dict[str, Any]:
        return r["reload"] if r.get("kind") == "pipeline" else r["rebuild"]

    table("### Read to extract: worker processes and the parse cache", results, [
        ("cold cache (s; files parsed / processes)", lambda r: f"{_s(cold(r)['load_s'])} ({cold(r)['load']['parsed']:,} / {cold(r)['load']['workers']})"),
        ("one process, no cache: sum of the stages read to extract (CPU s)", lambda r: _s(sum(r["stages"][k]["cpu_s"] for k in PER_FILE if k in r["stages"]))),
        ("after adding one document (s; parsed / from the cache)", lambda r: f"{_s(warm(r)['load_s'])} ({warm(r)['load']['parsed']} / {warm(r)['load']['cached']:,})"),
        ("peak memory, separate process only (MB)", lambda r: f"{cold(r)['maxrss_mb']:,.0f} / {cold(r)['child_maxrss_mb']:,.0f}" if r.get("kind") == "pipeline" else "in the build"),
    ])

    lines += ["", "### The generator's stages, one process, no cache", ""]
    lines.append("CPU seconds, and per 1,000 documents in brackets: a stage that grows faster than linearly shows a rising bracket.")
    lines.append("")
    lines.append("| stage | " + " | ".join(f"{r['size']:,}" for r in results) + " |")
    lines.append("|---|" + "---:|" * len(results))
    names = list(dict.fromkeys(k for r in results for k in r["stages"]))
    for name in names:
        cells = [
            f"{_s(r['stages'][name]['cpu_s'])} ({r['stages'][name]['cpu_s'] * 1000 / r['size']:.2f})" if name in r["stages"] else "—"
            for r in results
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append(
        "| **total** | " + " | ".join(f"{_s(r['stages_total']['cpu_s'])} ({r['stages_total']['cpu_s'] * 1000 / r['size']:.2f})" for r in results) + " |"
    )
    profiled = [r for r in results if "profile" in r]
    if profiled:
        p = profiled[-1]
        lines += [
            "",
            f"### Profile of the slowest stage at {p['size']:,} documents: {p['profile']['stage']}",
            "",
            f"cProfile of the stage run again on {p['profile']['files']:,} documents (the per-file stages) or the whole corpus, "
            "top functions by own time:",
            "",
            "| function | calls | own s | cumulative s |",
            "|---|---:|---:|---:|",
        ]
        for x in p["profile"]["rows"]:
            lines.append(f"| `{x['function']}` | {x['calls']:,} | {x['tottime_s']} | {x['cumtime_s']} |")
    return "\n".join(lines) + "\n"


P_START, P_END = "<!-- partitioned:start -->", "<!-- partitioned:end -->"


def _query_cells(f: dict[str, Any]) -> str:
    gz = f"{f['gzip_bytes'] // 1024:,} / {f['search_gzip_bytes'] // 1024:,}" if "gzip_bytes" in f else "—"
    return f"{f['seconds']} ({f['search_seconds']}) ; {f['bytes'] // 1024:,} / {f['search_bytes'] // 1024:,} ; {gz}"


def _runs(runs: list[dict[str, Any]]) -> str:
    """Per-partition figures of a build: what must stay flat as the corpus grows."""
    seconds = [r["seconds"] for r in runs]
    return f"{sum(seconds) / len(seconds):.1f} / {max(seconds):.1f} ; {max(r['maxrss_mb'] for r in runs):,}"


def _peak_mb(run: dict[str, Any]) -> int:
    """All processes together at their peak: the sum of their PSS (what they hold; shared pages counted once), or
    the sum of their RSS for runs recorded before PSS was sampled (the measure is named beside the figures)."""
    return int(run.get("peak_pss_mb") or run["peak_total_mb"])


def _peak_measure(rs: list[dict[str, Any]]) -> str:
    """The line under the figures that names the measure of `peak memory at N`."""
    if all(r["full"].get("peak_pss_mb") for r in rs):
        rss = ", ".join(f"{r['size']:,}: {r['full']['peak_total_mb']:,} MB" for r in rs)
        return f"Peak memory: the sum of the proportional set sizes (PSS) of all the build's processes, each page they share counted once; the sum of their RSS, which counts the pages a forked child shares with its parent twice: {rss}."
    return "Peak memory: the sum of the resident sets (RSS) of all the build's processes (PSS was not sampled), which counts the pages a forked child shares with its parent twice."


def _peaks(run: dict[str, Any]) -> str:
    pss = f"{run['peak_pss_mb']:,}" if run.get("peak_pss_mb") else "not sampled"
    return f"{pss} / {run['peak_total_mb']:,}; {run['peak_one_mb']:,}"


def partitioned_report(results: list[dict[str, Any]]) -> str:
    """The block of RESULTS.md for issue 15: one column per size measured."""
    rs = sorted(results, key=lambda r: r["size"])
    if not rs:
        return ""
    lines = []
    for r in rs:
        if "ratio" in r:  # a scale run (measure_scale) has no baseline
            lines.append(f"ratio at {r['size']}: {r['ratio']:.2f}")
    for r in rs:
        lines.append(f"peak memory at {r['size']}: {_peak_mb(r['full'])} MB")
    out = ["```text", *lines, "```", "", _peak_measure(rs), ""]
    m = rs[0]["machine"]
    out.append(f"Machine: {m['cpu']}, {m['cpus']} CPUs, {m['memory_mb']:,} MB; Python {m['python']}, MkDocs {m['mkdocs']}, Material {m['mkdocs-material']}" + (f", Pagefind {m['pagefind']}" if m.get("pagefind") else "") + ".")
    out.append("")
    for r in rs:
        code = r.get("code", {})
        lb, la = r["load_before"][0], r["load_after"][0]
        out.append(f"- {r['size']:,}: {r['date']}, load (1 min) {lb:.1f} → {la:.1f}, commit {code.get('commit')} ({code.get('changed_files', 0)} files changed)")
    out.append("")
    head = "| | " + " | ".join(f"{r['size']:,}" for r in rs) + " |"
    out += [head, "|---|" + "---:|" * len(rs)]

    def row(name: str, fn: Callable[[dict[str, Any]], str]) -> None:
        cells = []
        for r in rs:
            try:
                cells.append(fn(r))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("—")
        out.append(f"| {name} | " + " | ".join(cells) + " |")

    f = lambda r: r["full"]["figures"]  # noqa: E731
    g = lambda r: r["rebuild"]["figures"]  # noqa: E731
    row("**baseline**: plain MkDocs, one page per source document (s; peak MB)", lambda r: f"{r['baseline']['wall_s']} ; {r['baseline']['maxrss_mb']:,}")
    row("**full build, cold caches** (s)", lambda r: f"{r['full']['wall_s']}")
    row("**ratio** full / baseline", lambda r: f"**{r['ratio']:.2f}**")
    row("— generator: parse in workers, resolve, render, stage (s)", lambda r: f"{f(r)['seconds']['generate']}")
    row("— MkDocs, partitions in processes (s; partitions)", lambda r: f"{f(r)['seconds']['mkdocs']} ; {f(r)['partitions']}")
    row("— each MkDocs process: mean / slowest (s); largest peak memory (MB)", lambda r: _runs(f(r)["runs"]))
    row("— merge: move, sitemap, links across partitions (s; links checked)", lambda r: f"{f(r)['seconds']['merge']} ; {f(r)['links_checked']:,}")
    row("— merge per 10,000 pages (s): linear if flat", lambda r: f"{f(r)['seconds']['merge'] / f(r)['pages'] * 10000:.2f}")
    row(f"projected cold build on a {MATRIX_JOBS}-job CI matrix (s): generator + rounds × mean partition + merge", lambda r: f"{projected_matrix_s(r):.0f}")
    row("— search index after the merge (s; 0: written by the generator)", lambda r: f"{f(r)['seconds'].get('search', 0)}")
    row("CPU time, all processes (s); over the baseline's CPU time", lambda r: f"{r['full']['cpu_s']} ; " + (f"{r['full']['cpu_s'] / r['baseline']['cpu_s']:.2f}" if r["baseline"].get("cpu_s") else "not recorded"))
    row("peak memory, all processes together: sum of PSS / sum of RSS; largest one, RSS (MB)", lambda r: _peaks(r["full"]))
    row("pages; document pages; mean KB of Markdown per document page", lambda r: f"{r['markdown']['pages']:,} ; {r['markdown']['document_pages']:,} ; {r['markdown']['document_page_mean_kb']}")
    row("**publish after adding one document**, warm caches (s; % of the full build)", lambda r: f"{r['rebuild']['wall_s']} ; {r['rebuild_pct']}%")
    row("— files parsed; pages rebuilt; partitions rebuilt", lambda r: f"{g(r)['files_parsed']} ; {g(r)['pages_rebuilt']:,}/{g(r)['pages']:,} ; {g(r)['partitions_rebuilt']}/{g(r)['partitions']}")
    row("— generator; MkDocs; merge; search (s)", lambda r: f"{g(r)['seconds']['generate']} ; {g(r)['seconds']['mkdocs']} ; {g(r)['seconds']['merge']} ; {g(r)['seconds'].get('search', 0)}")
    row("— peak memory, all processes: sum of PSS / sum of RSS; largest one, RSS (MB)", lambda r: _peaks(r["rebuild"]))
    row("site: MB, files", lambda r: f"{r['site']['bytes'] / 2**20:.0f}, {r['site']['files']:,}")
    for q in FIRST_QUERIES:
        row(
            f"first query `{q}`: s to results (of which search); KB sent, all / search; KB gzip'd as GitHub Pages sends, all / search",
            lambda r, q=q: _query_cells(r["first_queries"][q]),
        )
    return "\n".join(out) + "\n"


def write_partitioned_report(results_dir: Path = RESULTS_DIR, target: Path = RESULTS_MD) -> None:
    results = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(results_dir.glob("partitioned-*.json"))]
    if not results:
        return
    text = target.read_text(encoding="utf-8")
    if P_START not in text:
        text = text.rstrip() + f"\n\n## The partitioned build (issue 15)\n\n{P_START}\n{P_END}\n"
    head, rest = text.split(P_START, 1)
    _, tail = rest.split(P_END, 1)
    target.write_text(f"{head}{P_START}\n{partitioned_report(results)}{P_END}{tail}", encoding="utf-8")


def write_report(results_dir: Path = RESULTS_DIR, target: Path = RESULTS_MD) -> Path:
    results = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(results_dir.glob("*.json")) if not p.name.startswith("partitioned-")]
    measured = report(results)
    text = target.read_text(encoding="utf-8") if target.is_file() else f"# Benchmark\n\n{START}\n{END}\n"
    if START not in text or END not in text:
        text += f"\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    target.write_text(f"{head}{START}\n{measured}{END}{tail}", encoding="utf-8")
    return target


def snapshot(work: Path) -> Path:
    """A copy of the code to measure (generator/, bench/, docs/, mkdocs.yml, the browser harness). Others may edit the tree during a long
    run: a changed module would change what is measured, and invalidate the parse cache between two builds."""
    dest = work / "code"
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    skip = shutil.ignore_patterns("__pycache__", "results")
    for folder in ("generator", "bench", "docs"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=skip)
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(ROOT / name, dest / name)
    # the browser harness, for the first queries (tests/browser/harness.py imports nothing else of the tests)
    (dest / "tests" / "browser").mkdir(parents=True)
    for name in ("__init__.py", "browser/__init__.py", "browser/harness.py"):
        shutil.copy(ROOT / "tests" / name, dest / "tests" / name)
    return dest


def _commit() -> dict[str, Any]:
    """The commit measured, and how many files differed from it (read-only git commands)."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    return {"commit": git("rev-parse", "--short", "HEAD"), "changed_files": len(git("status", "--porcelain").splitlines())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[])
    parser.add_argument("--work", type=Path, default=Path("/tmp/vanban-bench"), help="scratch folder (corpora, sites)")
    parser.add_argument("--results", type=Path, default=RESULTS_DIR, help="folder of the <size>.json results")
    parser.add_argument("--markdown", type=Path, default=RESULTS_MD, help="report to (re)write")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--pipeline-only", action="store_true", help="no site: stages up to resolve, read to extract in workers")
    parser.add_argument("--report", action="store_true", help="only rewrite the report from the results folder")
    parser.add_argument("--partitioned", action="store_true", help="issue 15: the partitioned build against plain MkDocs on one page per document")
    parser.add_argument(
        "--scale", action="store_true",
        help="with --partitioned: the cold build, its partitions, the merge and the first queries only (no baseline, no publish): 100,000",
    )
    parser.add_argument("--no-browser", action="store_true", help="with --partitioned: no first queries in Chromium")
    parser.add_argument("--in-snapshot", default="", help=argparse.SUPPRESS)  # set by the run itself: the commit measured
    args = parser.parse_args(argv)
    if args.sizes and not args.report and not args.in_snapshot:
        work = args.work.resolve()
        code = snapshot(work)
        cmd = [sys.executable, "-m", "bench.run", "--sizes", *map(str, args.sizes), "--work", str(work)]
        cmd += ["--results", str(args.results.resolve()), "--markdown", str(args.markdown.resolve())]
        cmd += ["--in-snapshot", json.dumps(_commit())] + (["--no-profile"] if args.no_profile else [])
        cmd += ["--pipeline-only"] if args.pipeline_only else []
        cmd += ["--partitioned"] if args.partitioned else []
        cmd += ["--no-browser"] if args.no_browser else []
        cmd += ["--scale"] if args.scale else []
        return subprocess.run(cmd, cwd=code, env={**os.environ, "PYTHONPATH": str(code)}).returncode
    if not args.report:
        for size in args.sizes:
            say = lambda s: print(s, file=sys.stderr, flush=True)  # noqa: E731
            if args.partitioned:
                measure_one = measure_scale if args.scale else measure_partitioned
                result, name = measure_one(size, args.work, say, browser=not args.no_browser), f"partitioned-{size}.json"
            elif args.pipeline_only:
                result, name = measure_pipeline(size, args.work, say), f"{size}-pipeline.json"
            else:
                profiled = not args.no_profile and size == max(args.sizes)  # the report shows the largest size's profile
                result, name = measure(size, args.work, profiled, say), f"{size}.json"
            result["code"] = json.loads(args.in_snapshot) if args.in_snapshot else _commit()
            args.results.mkdir(parents=True, exist_ok=True)
            (args.results / name).write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            if args.partitioned:
                print(f"ratio at {size}: {result['ratio']}" if "ratio" in result else f"scale run at {size}: {result['full']['wall_s']} s")
            else:
                print(_overhead_line(result))
            if args.partitioned:
                write_partitioned_report(args.results, args.markdown)
    write_report(args.results, args.markdown)
    write_partitioned_report(args.results, args.markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

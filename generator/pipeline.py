"""Run the per-file stages over a source folder: read -> normalize -> split -> parse -> extract.

Everything here is a pure function of one file's bytes and of the generator's code, so it is

* cached on disk (`ParseCache`), keyed by the file's path and content and by a hash of the generator package: a
  rebuild after adding one document parses that one and takes every other from the cache; changing the code
  invalidates every entry;
* run in worker processes when there are enough files to pay for them (`jobs`): reading and parsing are per document;
* stopped when one file takes longer than its time budget (`guard.file_seconds()`, $VANBAN_FILE_SECONDS, in the
  workers and in the build's own process alike): that file gives a "timeout" problem and no document, the others are
  published. Such a result is not cached (`cacheable`): the next build tries the file again.

What needs the whole corpus (resolving citations, rendering) comes after, in `resolve.py` and `render/`.
The result does not depend on the cache or on the number of workers: same input, same corpus.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import multiprocessing
import os
import pickle
import shutil
import struct
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import BinaryIO

from . import DEFAULT_CACHE_DIR  # noqa: F401 - read here by callers
from .addresses import numbered
from .extract import extract_document
from .guard import BUDGET_ENV, Overrun, can_interrupt, file_seconds, no_cyclic_gc, overrun_problem, time_budget
from .models import Corpus, Document, Extracted, Problem
from .normalize import normalize
from .parse import parse_document
from .progress import Progress, report
from .read import read_source, supported
from .split import split_documents
from .vocab import VOCAB

log = logging.getLogger("vanban.pipeline")

JOBS_ENV = "VANBAN_JOBS"  # number of worker processes; 1 parses in the build's own process
# Below this many files to parse, starting worker processes costs more than it saves (bench/RESULTS.md).
PARALLEL_MIN_FILES = 16
_PICKLE = pickle.HIGHEST_PROTOCOL


@dataclass(frozen=True)
class FileResult:
    """One source file: its documents with what was extracted from each, or the problems that kept it from giving any."""

    source: str
    documents: tuple[Document, ...]
    extracted: tuple[Extracted, ...]  # one per document, same order
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class LoadStats:
    files: int  # source files seen
    parsed: int  # read and parsed in this run
    cached: int  # taken from the cache
    workers: int  # processes that parsed (1: the build's own)


@dataclass(frozen=True)
class Loaded:
    """The corpus, what was extracted from each document (by document id), and how it was obtained."""

    corpus: Corpus
    extracted: dict[str, Extracted]
    stats: LoadStats
    # source file (relative path) -> the parse cache's key of its content (a hash of the code, the path and the
    # bytes read): what the render's record takes for the file's content (render/record.py) instead of reading and
    # hashing every file again; empty without a cache
    digests: dict[str, str] = dataclasses.field(default_factory=dict)



# --- one file -------------------------------------------------------------------------------------------------------


def source_files(source_dir: Path) -> list[Path]:
    """Files of the source folder in a stable order (sorted by relative path)."""
    if not source_dir.is_dir():
        return []
    return sorted((p for p in source_dir.rglob("*") if supported(p)), key=lambda p: p.relative_to(source_dir).as_posix())


def parse_file(path: Path, source_dir: Path) -> tuple[tuple[Document, ...], tuple[Problem, ...]]:
    """All documents of one file, or the problems that kept it from giving any. Never raises."""
    source = read_source(path, source_dir)
    if not source.text.strip():
        problems = source.problems or (Problem("empty", "Tệp trống, không có nội dung.", None, source.path, "error"),)
        return (), problems
    try:
        text = normalize(source)
        documents = tuple(parse_document(d) for d in split_documents(text) if d.lines)
        if not documents:  # every line was noise (stamps, rules): list what was dropped, not nothing
            empty = Problem("empty", "Tệp không có nội dung văn bản: mọi dòng đều đã bị bỏ (xem các ghi chú).", None, source.path, "error")
            return (), text.problems + (empty,)
        return documents, ()
    except Exception as exc:  # noqa: BLE001 - one bad file must not take the site down
        return (), (Problem("crash", f"Lỗi khi đọc tệp ({type(exc).__name__}: {exc}); tệp không được đăng.", None, source.path, "error"),)


def analyse_file(path: Path, source_dir: Path) -> FileResult:
    """Parse one file and extract from each of its documents, within the file's time budget (`guard`): a file
    that takes longer gives no document and a "timeout" problem. Never raises."""
    rel = path.relative_to(source_dir).as_posix()
    seconds = file_seconds()
    guarded = seconds > 0 and can_interrupt()  # else an Overrun can only be an enclosing budget's: not ours
    try:
        with time_budget(seconds):
            documents, problems = parse_file(path, source_dir)
            pairs = [extract_document(d) for d in documents]
    except Overrun:
        if not guarded:
            raise
        log.warning("vanban: %s stopped after %g s (time budget, $%s)", rel, seconds, BUDGET_ENV)
        return FileResult(rel, (), (), (overrun_problem(rel, seconds),))
    return FileResult(rel, tuple(d for d, _ in pairs), tuple(e for _, e in pairs), problems)


def cacheable(result: FileResult) -> bool:
    """Whether a result may be kept in the cache. Not a file stopped by its time budget: whether it runs out depends
    on the machine and its load as much as on the file, so the next build tries it again (and reports it again,
    as long as it still takes too long) instead of keeping one slow moment as the file's result."""
    return not any(p.kind == "timeout" for p in result.problems)


# --- the cache ------------------------------------------------------------------------------------------------------


_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=4)
def code_version(package: Path = _PACKAGE) -> str:
    """Hash of the generator's Python code (and of the Python that pickles): any change gives new cache keys."""
    h = hashlib.sha256(f"{sys.version_info[:2]}:{_PICKLE}".encode())
    for path in sorted(package.rglob("*.py"), key=lambda p: p.relative_to(package).as_posix()):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(VOCAB.digest.encode())  # the words the stages read (generator/vocab/*.toml)
    return h.hexdigest()


class ParseCache:
    """`analyse_file` results on disk, keyed by (code version, file path, file content), in packs: files each holding
    many entries one after the other (`PACK_MAGIC`, then per entry its key's 32 bytes, the length of its pickle and
    the pickle), read in one go. Loading 10,000 documents from 10,000 small files took 0.6 - 1.0 s of reading alone;
    from one pack of 240 MB, about 0.15 s.

    A build writes the entries it parsed into one new pack (`PackWriter`), renamed into place when complete, so
    builds sharing the folder (or killed midway) never see half a pack; the newest pack's entry of a key wins. When
    the packs are more than MAX_PACKS (a publish adds one), the build writes them into one (`compact`).
    Entries of other code versions are deleted when this version first writes. An unreadable or corrupt entry is a
    miss; a pack cut short keeps the entries before the cut. The folder is the build's own: never point it at a
    folder whose contents you do not trust (entries are pickles).
    """

    def __init__(self, root: Path, version: str | None = None) -> None:
        self.root = root
        self.version = version or code_version()
        self.dir = root / "parse" / self.version[:24]
        self._pruned = False

    def key(self, rel: str, data: bytes) -> str:
        return hashlib.sha256(self.version.encode() + b"\0" + rel.encode() + b"\0" + data).hexdigest()

    def key_file(self, rel: str, path: Path) -> str:
        """`key(rel, path.read_bytes())`, read a piece at a time: a 50 MB file is never whole in memory, here
        or in the reader (which reads its head only)."""
        h = hashlib.sha256(self.version.encode() + b"\0" + rel.encode() + b"\0")
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
        return h.hexdigest()

    def packs(self) -> list[Path]:
        """This version's packs, oldest first."""
        try:
            return sorted(self.dir.glob(f"{PACK_PREFIX}*{PACK_SUFFIX}"), key=lambda p: p.name)
        except OSError:
            return []

    @staticmethod
    def _entries(pack: Path) -> Iterator[tuple[bytes, int, BinaryIO]]:
        """Each entry of a pack as (key's digest, its pickle's length, the file at its pickle), in the pack's order;
        the caller reads the pickle or not, the next entry is found either way. Nothing of a file that is not a pack
        (or deleted meanwhile by a build compacting the folder: its entries are misses)."""
        try:
            fh = pack.open("rb")
        except OSError:
            return
        with fh:
            if fh.read(len(PACK_MAGIC)) != PACK_MAGIC:
                return
            while len(head := fh.read(_RECORD.size)) == _RECORD.size:
                digest, size = _RECORD.unpack(head)
                start = fh.tell()
                yield digest, size, fh
                fh.seek(start + size)

    def records(self, pack: Path) -> Iterator[tuple[str, bytes]]:
        """Each entry of a pack as (key, pickle), in the pack's order; nothing after where a pack is cut short."""
        for digest, size, fh in self._entries(pack):
            blob = fh.read(size)
            if len(blob) < size:
                return
            yield digest.hex(), blob

    def load_many(self, keys: Iterable[str]) -> tuple[dict[str, FileResult], int]:
        """The entries of `keys` the packs hold (the newest pack's of a key), and how many packs were read. Other
        files' entries (changed, removed) and older ones of a key taken are skipped without reading them."""
        wanted = {bytes.fromhex(k): k for k in keys}
        found: dict[str, FileResult] = {}
        packs = self.packs()
        for pack in reversed(packs):
            for digest, size, fh in self._entries(pack):
                key = wanted.get(digest)
                if key is None or key in found:
                    continue
                blob = fh.read(size)
                if len(blob) < size:
                    break
                value = _unpickled(blob)
                if value is not None:
                    found[key] = value
        return found, len(packs)

    def writer(self) -> PackWriter:
        return PackWriter(self.dir)

    def compact(self) -> None:
        """Write the newest entry of each key into one pack and delete the packs it came from. Nothing is dropped
        but older entries of a key: entries of files since changed or removed stay, as they did in one file each,
        until the code changes (`prune`)."""
        packs = self.packs()
        writer = self.writer()
        taken: set[str] = set()
        try:
            for pack in reversed(packs):
                for key, blob in self.records(pack):
                    if key not in taken:
                        taken.add(key)
                        writer.add(key, blob)
        except BaseException:
            writer.discard()
            raise
        if writer.close() is None:
            return  # not written: keep what there is
        for pack in packs:
            pack.unlink(missing_ok=True)
        log.info("vanban: parse cache compacted: %d packs -> one of %d entries", len(packs), len(taken))

    def prune(self) -> None:
        """Delete the entries of other code versions (once per cache object)."""
        if self._pruned:
            return
        self._pruned = True
        parent = self.dir.parent
        if parent.is_dir():
            for other in parent.iterdir():
                if other.is_dir() and other != self.dir:
                    shutil.rmtree(other, ignore_errors=True)


PACK_PREFIX, PACK_SUFFIX = "pack-", ".bin"
PACK_MAGIC = b"vanban parse cache pack 1\n"
_RECORD = struct.Struct("<32sQ")  # an entry's key (sha256 digest) and the length of its pickle
MAX_PACKS = 16  # more, and the build writes them into one (`ParseCache.compact`)


def _unpickled(blob: bytes) -> FileResult | None:
    try:
        value = pickle.loads(blob)
    except Exception:  # noqa: BLE001 - a corrupt or foreign entry is a miss
        return None
    return value if isinstance(value, FileResult) else None


class PackWriter:
    """A new pack: entries added one at a time to a temporary file, renamed into place by `close` (a name that
    sorts after every pack written before it). Never raises for the disk: a pack that cannot be written is not."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.count = 0
        self._fh: BinaryIO | None = None
        self._tmp: Path | None = None
        self._failed = False

    def add(self, key: str, blob: bytes) -> None:
        if self._failed:
            return
        try:
            if self._fh is None:
                self.dir.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".tmp-")
                self._tmp = Path(tmp)
                self._fh = os.fdopen(fd, "wb")
                self._fh.write(PACK_MAGIC)
            self._fh.write(_RECORD.pack(bytes.fromhex(key), len(blob)))
            self._fh.write(blob)
            self.count += 1
        except OSError as exc:
            log.debug("vanban: cache not written (%s)", exc)
            self.discard()
            self._failed = True

    def close(self) -> Path | None:
        """The pack written, None when there was nothing to write or it could not be written."""
        if self._fh is None or self._tmp is None:
            return None
        try:
            self._fh.close()
            target = self.dir / f"{PACK_PREFIX}{time.time_ns():020d}-{os.getpid()}{PACK_SUFFIX}"
            os.replace(self._tmp, target)
        except OSError as exc:
            log.debug("vanban: cache not written (%s)", exc)
            self.discard()
            return None
        self._fh = self._tmp = None
        return target

    def discard(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):
                self._fh.close()
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)
        self._fh = self._tmp = None


# --- workers --------------------------------------------------------------------------------------------------------


def default_jobs() -> int:
    """$VANBAN_JOBS, else the CPUs this process may use."""
    raw = os.environ.get(JOBS_ENV, "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _context() -> BaseContext:
    """fork is cheapest but unsafe once other threads run (`mkdocs serve`); then a fork server."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


Task = tuple[str, str]  # a file to analyse and its source folder


def _work(task: Task) -> bytes:
    """In a worker: analyse one file and send the result back pickled (the very bytes the cache keeps)."""
    path, root = task
    return pickle.dumps(analyse_file(Path(path), Path(root)), protocol=_PICKLE)


def _run(
    tasks: Sequence[Task], jobs: int, done: Callable[[int, FileResult, bytes | None], None], pickled: bool = False
) -> tuple[list[FileResult], int]:
    """Analyse the tasks' files, in `jobs` processes when there are enough of them. Results in task order; `done`
    hears each task's index and result as it comes back, with the result pickled (from a worker, or when `pickled`)."""
    if jobs > 1 and len(tasks) >= PARALLEL_MIN_FILES:
        workers = min(jobs, len(tasks))
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
                chunk = max(1, min(32, len(tasks) // (workers * 8)))
                out = []
                for n, b in enumerate(pool.map(_work, tasks, chunksize=chunk)):
                    out.append(pickle.loads(b))
                    done(n, out[-1], b)
                return out, workers
        except (BrokenProcessPool, OSError, pickle.PickleError) as exc:
            log.warning("vanban: parallel parsing failed (%s); parsing in one process", exc)
    results = []
    for n, (path, root) in enumerate(tasks):
        result = analyse_file(Path(path), Path(root))
        results.append(result)
        done(n, result, pickle.dumps(result, protocol=_PICKLE) if pickled else None)
    return results, 1


# --- the corpus -----------------------------------------------------------------------------------------------------


def load_corpus(
    source_dir: Path, *, cache_dir: Path | None = None, jobs: int | None = None, progress: Progress | None = None
) -> Loaded:
    """Analyse every file of `source_dir`, from `cache_dir` when it holds the file's entry, else in `jobs` processes.
    `progress` hears ("read", files done, files) as they are done (progress.py)."""
    with no_cyclic_gc():
        return _load(source_dir, cache_dir, jobs, progress)


def _load(source_dir: Path, cache_dir: Path | None, jobs: int | None, progress: Progress | None = None) -> Loaded:
    cache = ParseCache(cache_dir) if cache_dir is not None else None
    files = source_files(source_dir)
    keys: list[str | None] = [None] * len(files)
    hits: dict[str, FileResult] = {}
    digests: dict[str, str] = {}
    packs = 0
    if cache is not None:
        for i, path in enumerate(files):
            rel = path.relative_to(source_dir).as_posix()
            try:
                keys[i] = digests[rel] = cache.key_file(rel, path)
            except OSError:
                pass  # unreadable: the reader reports it
        hits, packs = cache.load_many(k for k in keys if k is not None)
    results: list[FileResult | None] = [hits.get(k) if k is not None else None for k in keys]
    del hits
    slots = [i for i, r in enumerate(results) if r is None]
    tasks = [(str(files[i]), str(source_dir)) for i in slots]
    if cache is not None and tasks:
        cache.prune()  # before this version's entries are written
    writer = cache.writer() if cache is not None else None
    read = [len(files) - len(tasks)]  # from the cache
    report(progress, "read", read[0], len(files))

    def one_more(n: int, result: FileResult, blob: bytes | None) -> None:
        key = keys[slots[n]]
        if writer is not None and key is not None and blob is not None and cacheable(result):
            writer.add(key, blob)
        read[0] += 1
        report(progress, "read", read[0], len(files))

    try:
        parsed, workers = _run(tasks, jobs if jobs is not None else default_jobs(), one_more, writer is not None) if tasks else ([], 0)
    finally:
        written = writer.close() if writer is not None else None  # what was parsed before a failure is kept
    for i, result in zip(slots, parsed, strict=True):
        results[i] = result
    if cache is not None and packs + (written is not None) > MAX_PACKS:
        cache.compact()
    stats = LoadStats(len(files), len(tasks), len(files) - len(tasks), workers)
    log.info("vanban: %d source files, %d parsed (%d processes), %d from the cache", stats.files, stats.parsed, workers, stats.cached)
    return dataclasses.replace(assemble([r for r in results if r is not None], stats), digests=digests)


def build_corpus(source_dir: Path, *, cache_dir: Path | None = None, jobs: int | None = None) -> Corpus:
    """Read and parse every file of `source_dir`; two documents claiming one URL are both reported."""
    return load_corpus(source_dir, cache_dir=cache_dir, jobs=jobs).corpus


def assemble(results: Iterable[FileResult], stats: LoadStats) -> Loaded:
    """The corpus of some files' results, each document's URL unique."""
    documents: list[Document] = []
    extracted: list[Extracted] = []
    problems: list[Problem] = []
    for result in results:
        documents.extend(result.documents)
        extracted.extend(result.extracted)
        problems.extend(result.problems)
    unique = _unique_urls(documents)
    by_id = {doc.id: e for doc, e in zip(unique, extracted, strict=True)}
    return Loaded(Corpus(tuple(unique), tuple(problems)), by_id, stats)


def _unique_urls(documents: list[Document]) -> list[Document]:
    """Two documents claiming one URL is an error naming both files; the later one gets a numbered URL."""
    seen: dict[str, Document] = {}
    out: list[Document] = []
    for doc in documents:
        if doc.url not in seen:
            seen[doc.url] = doc
            out.append(doc)
            continue
        first = seen[doc.url]
        k = 2
        while numbered(doc.url, k) in seen:
            k += 1
        url = numbered(doc.url, k)
        message = (
            f"Hai văn bản cùng địa chỉ trang {doc.url}: {first.source} (văn bản {first.index + 1}) và "
            f"{doc.source} (văn bản {doc.index + 1}); văn bản sau được đăng ở {url}."
        )
        problem = Problem("duplicate-url", message, doc.first_line, doc.source, "error")
        doc = dataclasses.replace(doc, url=url, id=f"{doc.id}-{k}", problems=doc.problems + (problem,))
        seen[url] = doc
        out.append(doc)
    return out

"""Partitioned builds: the generator once, MkDocs in several processes (or CI jobs), one merged site.

One MkDocs process keeps every page of the site in memory and uses one core. Here the generator runs once and
writes what it generates to a folder (the *stage*, `write_stage`), with the SHA-256 of each file in a manifest.
The staged files are then cut into N partitions of near-equal work (`assignment`): MkDocs' time and memory follow
the bytes of the pages it converts, and a page listing 200 duties weighs as much as ten document pages, so
partitions of equal numbers of pages were not equal (at 100,000 documents the slowest took 2.5 times the mean).
The files are ordered by a hash of their group (the documents of one place and year, `van-ban/<place>/<year>/`,
together; any other file alone) and cut into runs of equal weight (`bounds`), so that a new or grown file moves
the cuts by its weight and only files next to a cut change partition; the cuts are kept in the stage. The
hand-written pages go by a hash of their name (`partition_of`), the theme's files and `docs/assets` to partition 1.
Each partition is built by its own MkDocs process with the same configuration: the plugin (`plugin.py`) lists
only the files of its partitions, and makes any other staged file when a link or the nav looks it up, excluded
(MkDocs 1.6 keeps excluded files in the file list: links to them resolve, they are not rendered), so that a
partition's process costs the same whatever the size of the site. Each partial site holds a
record (`RECORD`) of its pages' anchors and of its links to anchors on pages of other partitions. `merge` moves
the partial sites into one, writes the sitemap of all pages in the order of a single build, checks the links to
anchors across partitions (a broken one fails the build like MkDocs' own check in strict mode). The search index
is among the staged files (the generator writes it: `search.py`), so it needs no step of its own.

`vanban build` runs the partitions in processes (`build_partitioned`); CI runs the same command per partition as
jobs of a matrix (`vanban build --partition K/N`), then `vanban merge`. The number of partitions follows the
corpus's weight (`partition_count`, `stage_count`).
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import html
import json
import logging
import math
import os
import pickle
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import compress
from pathlib import Path
from typing import Any

from .addresses import document_folder
from .guard import no_cyclic_gc
from .progress import Progress, report

log = logging.getLogger("vanban.partition")

STAGE_ENV = "VANBAN_STAGE"  # a staged folder: the plugin adds its files instead of running the generator
PARTITION_ENV = "VANBAN_PARTITION"  # "K/N" or "K,L/N" (1-based): the partitions this MkDocs process renders
MANIFEST = "manifest.json"  # in the stage: {"files": {src_uri: sha256}, "sizes": {src_uri: bytes}, "sources": {src_uri: key}}
STAGE_FILES = "files"  # in the stage: the generated files, at their src_uri
RENDER_RECORD = "render-record.json"  # in the stage: what each group of pages read of the corpus (render/record.py)
STAGE_TEMPLATES = "templates"  # in the stage: the theme's templates compiled by Jinja (plugin.on_env)
RECORD = ".vanban-partition.json"  # in a partial site: what the merge needs; not in the merged site
PAGES_PER_PARTITION = 1000  # changed pages per CI job of an incremental build (`spread`, `planned_matrix`)
# changed pages per local MkDocs process of an incremental build: a process starts in ~0.5 CPU s here, where a CI job
# costs a runner; a publish's ~160 pages at 10,000 documents in one process were 2.8 s with the other core idle
LOCAL_PAGES_PER_PROCESS = 40
MATRIX_JOBS = 20  # at most this many CI jobs; a job builds several partitions when there are more
SHARED = 0  # the partition (0-based) that copies the static files


# --- the stage --------------------------------------------------------------------------------------------------


def digest(content: str | bytes) -> str:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(data).hexdigest()


def has_stage(stage: Path) -> bool:
    """Whether `stage` holds the files of a finished `generate` (its manifest is written last)."""
    return (stage / MANIFEST).is_file()


class StagedNames:
    """Whether a name is a staged file, asked of the stage's folder rather than of the manifest: a partition's
    MkDocs process then holds no list of every file of the site (272,000 names and hashes at 100,000 documents),
    and costs the same whatever the size of the site. The folder holds exactly the manifest's files once a
    generate has finished (`StageWriter.close`)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._top = str(root)

    def __contains__(self, uri: object) -> bool:
        if not isinstance(uri, str) or not uri or uri.startswith("/"):
            return False
        if any(part in ("", ".", "..") or part.startswith(".") for part in uri.split("/")):
            return False
        return os.path.isfile(os.path.join(self._top, uri))


def staged_names(root: Path) -> Iterator[str]:
    """The names of the files under the stage's folder `root` (files being written, named `.*.tmp`, left out)."""
    top = str(root)
    for dirpath, dirnames, names in os.walk(top):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel = os.path.relpath(dirpath, top).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        for name in names:
            if not name.startswith("."):
                yield prefix + name


def _manifest_data(stage: Path) -> dict:
    try:
        data = json.loads((stage / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_manifest(stage: Path, data: dict | None = None) -> dict[str, str]:
    """{src_uri: sha256} of the staged files; empty when there is no stage."""
    files = (_manifest_data(stage) if data is None else data).get("files")
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def read_sizes(stage: Path, data: dict | None = None) -> dict[str, int]:
    """{src_uri: bytes} of the staged files, as the manifest keeps them (a stage of an earlier layout: none)."""
    sizes = (_manifest_data(stage) if data is None else data).get("sizes")
    return {str(k): v for k, v in sizes.items() if isinstance(v, int)} if isinstance(sizes, dict) else {}


class StageWriter:
    """The stage being written, one generated file at a time (`writer[uri] = content`, `writer.update(files)`), so
    that the generator never holds every page at once (the pages of 10,000 documents are gigabytes of text). A
    file whose content did not change is not written again (its date stays); `close` deletes the files no longer
    generated and writes the manifest. The same files give the same stage, in any order."""

    def __init__(self, stage: Path) -> None:
        self.stage = stage
        self.root = stage / STAGE_FILES
        data = _manifest_data(stage)
        self.old = read_manifest(stage, data)
        self.new: dict[str, str] = {}
        # each file's size, kept in the manifest so that cutting the partitions (`stage_weights`) needs no stat
        self.old_sizes = read_sizes(stage, data) if self.old else {}
        # the hash the parse cache gave each staged copy of a source file (`write_source`): a copy whose source has
        # the same hash is kept without reading the source again (10,000 files on a publish)
        sources = data.get("sources") if self.old else None
        self.old_sources: dict[str, str] = {str(k): str(v) for k, v in sources.items()} if isinstance(sources, dict) else {}
        self.sources: dict[str, str] = {}
        del data
        self.sizes: dict[str, int] = {}
        # what the previous generate's pages read (render/record.py): trusted only with its manifest, and written
        # again only by a `close` (`record`), so that a generate stopped midway leaves none
        self.previous_record: str | None = None
        if self.old:
            try:
                self.previous_record = (stage / RENDER_RECORD).read_text(encoding="utf-8")
            except OSError:
                pass
        self.record: Path | None = None  # the record written by `write_record`, put in place by `close`
        self.kept = 0  # files of the previous stage kept as they are (`keep`)
        (stage / RENDER_RECORD).unlink(missing_ok=True)
        # files are about to change: until `close`, the stage has no manifest, so that a generate stopped midway
        # leaves none, and the next one writes every file again instead of trusting hashes of files it overwrote
        (stage / MANIFEST).unlink(missing_ok=True)

    def __setitem__(self, uri: str, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        h = digest(data)
        self.new[uri] = h
        self.sizes[uri] = len(data)
        target = self.root / uri
        if self.old.get(uri) == h and target.is_file():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def keep(self, uri: str, *, counted: bool = True) -> bool:
        """Keep the previous stage's file `uri` as it is, without rendering or reading it; False when the previous
        stage does not hold it. `counted`: among `kept` (the pages the render's record kept)."""
        h = self.old.get(uri)
        size = self.old_sizes.get(uri)
        if size is None:
            try:
                size = (self.root / uri).stat().st_size
            except OSError:
                size = None
        elif not (self.root / uri).is_file():
            size = None
        if h is None or size is None:
            return False
        self.new[uri] = h
        self.sizes[uri] = size
        self.kept += counted
        return True

    def write_source(self, uri: str, content: bytes, key: str | None) -> None:
        """`self[uri] = content`, a copy of a source file whose content the parse cache hashed as `key`."""
        self[uri] = content
        if key is not None:
            self.sources[uri] = key

    def keep_source(self, uri: str, key: str | None) -> bool:
        """Keep the previous stage's copy of a source file when its source still has the hash `key`."""
        if key is None or self.old_sources.get(uri) != key or not self.keep(uri):
            return False
        self.sources[uri] = key
        return True

    def write_chunks(self, uri: str, chunks: Iterable[str | bytes | memoryview]) -> None:
        """`self[uri] = "".join(chunks)`, a chunk at a time (the open data of 10,000 documents); a chunk given in
        bytes is written as it is."""
        target = self.root / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        h = hashlib.sha256()
        tmp = target.with_name(f".{target.name}.tmp")
        size = 0
        with tmp.open("wb") as fh:
            for chunk in chunks:
                data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
                h.update(data)
                fh.write(data)
                size += len(data)
        self.new[uri] = h.hexdigest()
        self.sizes[uri] = size
        if self.old.get(uri) == self.new[uri] and target.is_file():
            tmp.unlink()
        else:
            os.replace(tmp, target)

    def write_record(self, chunks: Iterable[str]) -> None:
        """What each group of pages read (render/record.py), a chunk at a time, to a file beside the stage's that
        `close` puts in place."""
        self.stage.mkdir(parents=True, exist_ok=True)
        tmp = self.stage / f".{RENDER_RECORD}.tmp"
        with tmp.open("w", encoding="utf-8") as fh:
            for chunk in chunks:
                fh.write(chunk)
        self.record = tmp

    def update(self, files: Mapping[str, str | bytes]) -> None:
        for uri, content in files.items():
            self[uri] = content

    def __contains__(self, uri: object) -> bool:
        return uri in self.new

    def __len__(self) -> int:
        return len(self.new)

    def close(self) -> tuple[dict[str, str], dict[str, str]]:
        """Delete what is no longer generated, write the manifest; (old manifest, new manifest)."""
        gone = set(self.old) - set(self.new)
        if not self.old and self.root.is_dir():  # no manifest to go by (a generate stopped midway): whatever is there
            gone = set(staged_names(self.root)) - set(self.new)
        for uri in sorted(gone):
            (self.root / uri).unlink(missing_ok=True)
        self.stage.mkdir(parents=True, exist_ok=True)
        if self.record is not None:
            os.replace(self.record, self.stage / RENDER_RECORD)
        manifest = {"files": self.new, "sizes": self.sizes, "sources": self.sources}
        (self.stage / MANIFEST).write_text(json.dumps(manifest, sort_keys=True, indent=0) + "\n", encoding="utf-8")
        return self.old, self.new


def write_stage(files: Mapping[str, str | bytes], stage: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Write the generated files under `stage/files/` and their manifest; (old manifest, new manifest)."""
    writer = StageWriter(stage)
    writer.update(files)
    return writer.close()


# --- partitions -------------------------------------------------------------------------------------------------


def group_of(src_uri: str) -> str:
    """The unit kept together where it can be: a document page with the other documents of its place and year
    (`van-ban/quang-ngai/2022`), any other page alone."""
    return document_folder(src_uri) or src_uri


def partition_of(src_uri: str, count: int) -> int:
    """The partition (0-based) of a page the stage does not hold (the hand-written pages: few and small): a hash of
    its group, the same in every process and every build. Staged files follow `assignment`."""
    if count <= 1:
        return 0
    return int(hashlib.sha256(group_of(src_uri).encode("utf-8")).hexdigest()[:12], 16) % count


def owner(src_uri: str, count: int) -> int:
    """The partition (0-based) of a file by its name alone (`partition_of`). A build of a stage uses
    `assignment`, which balances the partitions by the work their files carry."""
    return partition_of(src_uri, count)


# The work a staged file gives its MkDocs process, in bytes of Markdown: MkDocs' time and memory follow the bytes of
# the pages it converts (a page listing 200 duties weighs ten short document pages), plus a cost per page (the
# theme's template, the nav, the file's entry) and per copied file. Measured per partition at 10,000 documents
# (bench/RESULTS.md, "The partitioned build"), seconds follow this weight better than the number of pages.
PAGE_WEIGHT = 8 * 1024  # a page's cost beyond its bytes
FILE_WEIGHT = 1024  # a copied file (search index, open data, calendars, originals), plus 1/16 of its bytes
WEIGHT_PER_PARTITION = 80 * 1024 * 1024  # the work of one MkDocs process: about 1,000 pages at 10,000 documents
ASSIGNMENT = "partitions.json"  # in the stage: the bounds of the partitions of the staged files (`assignment`)
PART_LISTS = "partition-files"  # in the stage: <count>-<k>.txt, the names of partition k's staged files (`own_files`)


def weight(src_uri: str, size: int) -> int:
    """The work of a staged file of `size` bytes for its MkDocs process (see PAGE_WEIGHT)."""
    return size + PAGE_WEIGHT if src_uri.endswith(".md") else FILE_WEIGHT + size // 16


def order_key(src_uri: str) -> str:
    """Where a file stands in the order the partitions are cut from: by a hash of its group (`group_of`), then by
    name, so that a group stays together (but for a cut inside it) and a new file lands among old ones, wherever
    its name sorts."""
    return hashlib.sha256(group_of(src_uri).encode("utf-8")).hexdigest()[:12] + "\0" + src_uri


def bounds(weights: Mapping[str, int], count: int) -> list[str]:
    """The `count - 1` cuts (`order_key`s: each the first of its partition) that split the files, in `order_key`
    order, into runs of near-equal weight. A file added or grown moves the cuts by its weight: only files next to a
    cut change partition, so a publish moves a few pages, not a share of every partition."""
    return _cut(_ordered(weights), count)


def _ordered(weights: Mapping[str, int]) -> list[tuple[str, str, int]]:
    """(order_key, name, weight) of each file, in the order the partitions are cut from."""
    return sorted((order_key(uri), uri, w) for uri, w in weights.items())


def _cut(items: list[tuple[str, str, int]], count: int) -> list[str]:
    if count <= 1:
        return []
    total = sum(w for _, _, w in items)
    cuts: list[str] = []
    done = 0
    for key, _, w in items:
        while len(cuts) < count - 1 and done + w / 2 > total * (len(cuts) + 1) / count:
            cuts.append(key)
        done += w
    while len(cuts) < count - 1:  # fewer files than partitions: the last ones empty
        cuts.append("\uffff")
    return cuts


def stage_weights(stage: Path, manifest: Mapping[str, str] | None = None) -> dict[str, int]:
    """The work of each staged file (`weight`), from its size as the manifest keeps it (on disk otherwise)."""
    root = stage / STAGE_FILES
    data = _manifest_data(stage)
    sizes = read_sizes(stage, data)
    out = {}
    for uri in manifest if manifest is not None else read_manifest(stage, data):
        size = sizes.get(uri)
        if size is None:
            try:
                size = (root / uri).stat().st_size
            except OSError:
                size = 0
        out[uri] = weight(uri, size)
    return out


def _manifest_digest(stage: Path) -> str:
    try:
        return digest((stage / MANIFEST).read_bytes())
    except OSError:
        return ""


def _read_assignment(stage: Path) -> dict:
    try:
        data = json.loads((stage / ASSIGNMENT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_assignment(stage: Path, data: dict) -> None:
    tmp = stage / f".{ASSIGNMENT}.{os.getpid()}.tmp"
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, stage / ASSIGNMENT)  # whole or not at all: partition processes may read it meanwhile
    except OSError:
        tmp.unlink(missing_ok=True)


def stage_bounds(stage: Path, count: int) -> list[str]:
    """The cuts of the staged files into `count` partitions (`bounds`), kept in the stage (ASSIGNMENT) with the
    digest of the manifest they were made from, so that the processes of a build, and the CI jobs given the stage,
    cut the same way without measuring every file again. Only the same files (names and sizes) give the same cuts:
    this is deterministic, whichever process makes them first."""
    return _kept_cuts(stage, count)[1]


def _kept_cuts(stage: Path, count: int) -> tuple[str, list[str]]:
    """The manifest's digest and the cuts for `count` partitions: the kept ones when they were made from this
    manifest, else made again and kept, with each partition's list of names (`_cut_and_keep`)."""
    if count <= 1:
        return "", []
    key = _manifest_digest(stage)
    kept = _read_assignment(stage)
    if kept.get("manifest") == key and kept.get("count") == count and isinstance(kept.get("bounds"), list):
        return key, [str(b) for b in kept["bounds"]]
    return key, _cut_and_keep(stage, key, stage_weights(stage), count, kept.get("weight"))


def _cut_and_keep(stage: Path, key: str, weights: Mapping[str, int], count: int, total: object) -> list[str]:
    """Cut the staged files of `weights` into `count` partitions and keep the cuts (ASSIGNMENT, last) and the names
    of each partition's files (PART_LISTS, first line the manifest's digest `key`), so that a partition's process
    reads its own names, not those of the whole site (`own_files`)."""
    items = _ordered(weights) if count > 1 else []
    cuts = _cut(items, count)
    if key:
        if count > 1:
            _write_part_lists(stage, key, items, cuts, count)
        _write_assignment(stage, {"manifest": key, "count": count, "weight": total, "bounds": cuts})
    return cuts


def _write_part_lists(stage: Path, key: str, items: list[tuple[str, str, int]], cuts: list[str], count: int) -> None:
    folder = stage / PART_LISTS
    lists: list[list[str]] = [[] for _ in range(count)]
    for order, uri, _ in items:
        lists[bisect.bisect_right(cuts, order)].append(uri)
    wanted = {f"{count}-{k}.txt": "\n".join([key, *sorted(names)]) + "\n" for k, names in enumerate(lists)}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            if old.name not in wanted:
                old.unlink(missing_ok=True)
        for name, text in wanted.items():
            tmp = folder / f".{name}.{os.getpid()}.tmp"
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, folder / name)
    except OSError:
        pass  # the lists are a shortcut: without them a partition finds its files by walking the stage


def own_files(stage: Path, ks: Iterable[int], count: int) -> list[str]:
    """The names of the staged files of partitions `ks` (0-based) of `count`, sorted: read from the lists kept with
    the cuts, so that a partition's process costs the same whatever the size of the site; found by walking the
    stage's folder when they are missing or were made from another manifest."""
    ks = sorted(set(ks))
    key, cuts = _kept_cuts(stage, count)
    names: list[str] = []
    for k in ks:
        try:
            lines = (stage / PART_LISTS / f"{count}-{k}.txt").read_text(encoding="utf-8").splitlines()
        except OSError:
            break
        if not lines or lines[0] != key or not key:
            break
        names += lines[1:]
    else:
        return sorted(names)
    own, wanted = _owner(cuts), set(ks)
    return sorted(uri for uri in staged_names(stage / STAGE_FILES) if own(uri) in wanted)


def assignment(stage: Path, count: int) -> Callable[[str], int]:
    """The partition (0-based) of each staged file: runs of near-equal work (`stage_bounds`), not of equal numbers
    of pages (a partition of long listing pages took three times one of short document pages). Names the stage
    does not hold get one too (where they would sort)."""
    return _owner(stage_bounds(stage, count))


def _owner(cuts: list[str]) -> Callable[[str], int]:
    """The partition (0-based) of a name, given the cuts (`bounds`)."""
    return lambda uri: bisect.bisect_right(cuts, order_key(uri))


def partition_count(weight: int, per_partition: int = WEIGHT_PER_PARTITION, previous: int | None = None) -> int:
    """How many partitions the staged files of total `weight` (see `weight`) are built in: one per
    `per_partition`. With the `previous` build's count, that count as long as it gives partitions between 0.7 and
    1.2 times `per_partition`: a publish that crosses a multiple of `per_partition` does not change the count, which
    would make the next build a full one (an incremental build needs the same partitions)."""
    ideal = max(1, math.ceil(weight / max(1, per_partition)))
    if previous and previous != ideal and 0.7 * per_partition <= weight / previous <= 1.2 * per_partition:
        return previous
    return ideal


def stage_count(stage: Path) -> int:
    """The number of partitions of the staged site (`partition_count` of its total weight, the count it was last
    cut in as `previous`), its cuts kept in the stage for the build's processes."""
    manifest = read_manifest(stage)
    if not manifest:
        return 1
    weights = stage_weights(stage, manifest)
    total = sum(weights.values())
    kept = _read_assignment(stage)
    previous = kept.get("count") if isinstance(kept.get("count"), int) else None
    count = partition_count(total, previous=previous)
    if count > 1 or kept:
        _cut_and_keep(stage, _manifest_digest(stage), weights, count, total)
    return count


def parse_partition(spec: str) -> tuple[tuple[int, ...], int]:
    """'2/5' -> ((1,), 5); '1,6/10' -> ((0, 5), 10): 1-based on the command line, 0-based inside."""
    m = re.fullmatch(r"\s*(\d+(?:\s*,\s*\d+)*)\s*/\s*(\d+)\s*", spec)
    if not m:
        raise ValueError(f"partition must be K/N or K,L/N (1-based), not {spec!r}")
    count = int(m.group(2))
    ks = tuple(sorted({int(k) - 1 for k in m.group(1).split(",")}))
    if count < 1 or any(k < 0 or k >= count for k in ks):
        raise ValueError(f"partition {spec!r}: each K must be between 1 and N")
    return ks, count


def format_partition(ks: Iterable[int], count: int) -> str:
    return ",".join(str(k + 1) for k in sorted(ks)) + f"/{count}"


def matrix(count: int, jobs: int = MATRIX_JOBS) -> list[str]:
    """The `--partition` value of each CI job: `count` partitions over at most `jobs` jobs, round robin."""
    n_jobs = max(1, min(count, jobs))
    return [format_partition(range(j, count, n_jobs), count) for j in range(n_jobs)]


def stage_pages(manifest: dict[str, str]) -> int:
    return sum(1 for uri in manifest if uri.endswith(".md"))


# --- the merge --------------------------------------------------------------------------------------------------


class MergeError(RuntimeError):
    """The partial sites do not make one site: a partition missing, two partitions disagreeing, a broken link."""


@dataclass(frozen=True)
class MergeStats:
    partitions: int
    files: int
    pages: int
    links_checked: int  # links to anchors on pages of another partition
    broken: tuple[str, ...]  # their messages, as MkDocs words its own


_URL_BLOCK = re.compile(r"\s*<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>(.*?)</loc>", re.S)
_NOT_MOVED = {RECORD, "sitemap.xml", "sitemap.xml.gz"}


def read_record(part: Path) -> dict:
    path = part / RECORD
    if not path.is_file():
        raise MergeError(f"{part}: no {RECORD}: not a partial site of `vanban build --partition`")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def check_links(records: Iterable[dict], touched: set[str] | None = None) -> tuple[int, list[str]]:
    """Links from a page of one partition to an anchor of a page of another: (how many, messages of the broken).
    With `touched` (the pages built again or removed by an incremental build), only the links from or to those
    pages: the others were checked when their pages were built, and the anchors they point to have not changed."""
    anchors: dict[str, list[str]] = {}
    links: list[list[str]] = []
    for rec in records:
        anchors.update(rec["anchors"])
        links.extend(rec["links"] if touched is None else (x for x in rec["links"] if x[0] in touched or x[1] in touched))
    sets: dict[str, set[str]] = {}
    broken = []
    for source, target, anchor, original in links:
        if target not in anchors:
            continue
        ids = sets.get(target)
        if ids is None:
            ids = sets[target] = set(anchors[target])
        if anchor not in ids:
            broken.append(f"Doc file '{source}' contains a link '{original}', but the doc '{target}' does not contain an anchor '#{anchor}'.")
    return len(links), broken


def _sitemap_blocks(part: Path, rec: dict) -> tuple[dict[str, str], tuple[str, str, int] | None]:
    """The `<url>` entry of each page of a partial sitemap, by src_uri; and, from the shared partition, the
    sitemap's head, foot and the date of its gzip copy."""
    path = part / "sitemap.xml"
    if not path.is_file():
        return {}, None
    text = path.read_text(encoding="utf-8")
    by_loc = {rec["locs"][uri]: uri for uri in rec["locs"]}
    blocks: dict[str, str] = {}
    found = list(_URL_BLOCK.finditer(text))
    for m in found:
        loc = _LOC.search(m.group(0))
        uri = by_loc.get(html.unescape(loc.group(1).strip())) if loc else None
        if uri is not None:
            blocks[uri] = m.group(0)
    frame = None
    if SHARED in rec["partitions"]:
        if found:
            head, foot = text[: found[0].start()], text[found[-1].end() :]
        else:
            cut = text.rfind("\n</urlset>")
            head, foot = (text[:cut], text[cut:]) if cut >= 0 else (text, "")
        gz = part / "sitemap.xml.gz"
        frame = (head, foot, int.from_bytes(gz.read_bytes()[4:8], "little") if gz.is_file() else 0)
    return blocks, frame


def combine(loaded: list[tuple[Path, dict]], previous: dict | None = None, removed: Iterable[str] = ()) -> dict:
    """The record of the whole site: the partial sites' records, over the previous build's for the pages that
    were not built again (an incremental build), without the pages no longer generated. Its links are columns
    (`Links`)."""
    rebuilt = {uri for _, rec in loaded for uri in rec["anchors"]}
    gone = rebuilt | set(removed)
    prev = previous or {}
    site: dict = {
        "count": loaded[0][1]["count"] if loaded else prev.get("count", 1),
        "search": all(rec.get("search", True) for _, rec in loaded) if loaded else prev.get("search", True),
        # (a state written before the records said which pages are hand-written kept the whole order: its pages
        # keep their places, the generated ones after them still by name)
        "hand": loaded[0][1]["hand"] if loaded else prev.get("hand", prev.get("order", [])),
        "anchors": {u: a for u, a in prev.get("anchors", {}).items() if u not in gone},
        "urls": {u: a for u, a in prev.get("urls", {}).items() if u not in gone},
        "locs": {u: a for u, a in prev.get("locs", {}).items() if u not in gone},
        "sitemap": {u: a for u, a in prev.get("sitemap", {}).items() if u not in gone},
        "sitemap_frame": prev.get("sitemap_frame"),
        "links": Links.of(prev["links"]).without(gone) if "links" in prev else Links(),
    }
    for part, rec in loaded:
        for key in ("anchors", "urls", "locs"):
            site[key].update(rec[key])
        site["links"].extend(rec["links"])
        blocks, frame = _sitemap_blocks(part, rec)
        site["sitemap"].update(blocks)
        if frame is not None:
            site["sitemap_frame"] = list(frame)
    site["links"] = site["links"].columns()
    return site


class Links:
    """The links to anchors across partitions of the whole site as four columns (source, target, anchor, original),
    the names shared, as the state keeps them (STATE): 600,000 links at 10,000 documents were 600,000 lists in 130 MB
    of JSON, 2.5 s to read and 0.7 s to write on every publish; as columns, a pickle a third of the size, read in a
    fraction of that, and an incremental merge filters them by page without making a list per link."""

    def __init__(self, columns: tuple[list[str], list[str], list[str], list[str]] | None = None) -> None:
        self.source, self.target, self.anchor, self.original = columns or ([], [], [], [])
        self._names: dict[str, str] = {}

    @classmethod
    def of(cls, columns: Any) -> Links:
        return cls(tuple(list(c) for c in columns))  # type: ignore[arg-type]

    def without(self, gone: set[str]) -> Links:
        """The links whose source is not among `gone`."""
        keep = [s not in gone for s in self.source]
        return Links(tuple(list(compress(c, keep)) for c in (self.source, self.target, self.anchor, self.original)))  # type: ignore[arg-type]

    def extend(self, rows: Iterable[list[str]]) -> None:
        name = self._names.setdefault  # one string per page name and anchor: the pickle writes each once
        for source, target, anchor, original in rows:
            self.source.append(name(source, source))
            self.target.append(name(target, target))
            self.anchor.append(name(anchor, anchor))
            self.original.append(original)

    def columns(self) -> tuple[list[str], list[str], list[str], list[str]]:
        return self.source, self.target, self.anchor, self.original


def links_rows(columns: Any, touched: set[str] | None = None) -> list[list[str]]:
    """The links of a record's columns as rows [source, target, anchor, original]; with `touched`, only those from
    or to those pages."""
    source, target, anchor, original = columns
    if touched is None:
        return [list(x) for x in zip(source, target, anchor, original, strict=True)]
    pick = [i for i, (s, t) in enumerate(zip(source, target, strict=True)) if s in touched or t in touched]
    return [[source[i], target[i], anchor[i], original[i]] for i in pick]


def write_sitemap(site_dir: Path, record: dict) -> None:
    """sitemap.xml and its gzip copy: every page's entry in the order of a single build, in the shared partition's
    frame (as MkDocs writes them)."""
    if not record.get("sitemap_frame"):
        return
    head, foot, mtime = record["sitemap_frame"]
    blocks = record["sitemap"]
    hand = record["hand"]  # the hand-written pages, in the order of MkDocs' file list; the generated ones follow, by name
    order = [uri for uri in hand if uri in blocks] + sorted(set(blocks) - set(hand))
    text = head + "".join(blocks[uri] for uri in order) + foot
    (site_dir / "sitemap.xml").write_bytes(text.encode("utf-8"))
    gz_name = str(site_dir / "sitemap.xml.gz")
    with open(gz_name, "wb") as f, gzip.GzipFile(fileobj=f, filename=gz_name, mode="wb", mtime=mtime) as gz:
        gz.write(text.encode("utf-8"))


def merge(
    parts: list[Path], site_dir: Path, *, strict: bool = True, previous: dict | None = None, removed: Iterable[str] = ()
) -> tuple[MergeStats, dict]:
    """Move the partial sites `parts` into `site_dir`, write the sitemap and check the links across partitions
    (MergeError when one is broken and `strict`); (figures, the record of the whole site).

    Without `previous`, the parts must be every partition, and `site_dir` is emptied first. With it (the record of
    the build that made `site_dir`), the parts hold the pages built again: they replace theirs, the pages and files
    in `removed` (src_uri) are deleted, and the links from and to those pages are checked again."""
    loaded = [(Path(p), read_record(Path(p))) for p in parts]
    counts = {rec["count"] for _, rec in loaded}
    if len(counts) > 1:
        raise MergeError(f"partial sites of different partition counts: {sorted(counts)}")
    if previous is None:
        count = counts.pop() if counts else 0
        have = sorted(k for _, rec in loaded for k in rec["partitions"])
        if not count or have != list(range(count)):
            missing = sorted(set(range(count)) - set(have))
            raise MergeError(f"partitions missing or twice: have {format_partition(have, count) if have else 'none'}, missing {[k + 1 for k in missing]}")
    removed = set(removed)
    record = combine(loaded, previous, removed)
    touched = None if previous is None else {uri for _, rec in loaded for uri in rec["anchors"]} | removed
    if touched is None:  # every link, as the partial records give them
        checked, broken = check_links([rec for _, rec in loaded])
    else:  # the links from and to the pages built again or removed
        checked, broken = check_links([{"anchors": record["anchors"], "links": links_rows(record["links"], touched)}])
    for message in broken:
        log.warning(message)
    if broken and strict:
        raise MergeError(f"{len(broken)} broken link(s) across partitions: " + " ".join(broken[:5]))
    site_dir = Path(site_dir)
    if previous is None:
        if site_dir.exists():
            shutil.rmtree(site_dir)
        site_dir.mkdir(parents=True)
    else:
        for uri in sorted(removed):
            url = (previous.get("urls") or {}).get(uri)
            target = site_dir / (url or "") / "index.html" if uri.endswith(".md") else site_dir / uri
            if uri.endswith(".md") and url is None:
                continue
            target.unlink(missing_ok=True)
            _prune_empty(target.parent, site_dir)
    moved = 0
    written: dict[str, Path] = {}
    for part, rec in sorted(loaded, key=lambda pr: SHARED not in pr[1]["partitions"]):  # the shared partition first
        shared = SHARED in rec["partitions"]
        for dirpath, _, names in os.walk(part):
            rel = Path(dirpath).relative_to(part)
            for name in names:
                if rel == Path(".") and (name in _NOT_MOVED or (not shared and name == "404.html")):
                    continue
                src = Path(dirpath) / name
                key = (rel / name).as_posix()
                dest = site_dir / rel / name
                if key in written:
                    if dest.read_bytes() != src.read_bytes():
                        raise MergeError(f"{key}: two partitions wrote it differently")
                    continue
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(src, dest) if _same_device(src, dest.parent) else shutil.copyfile(src, dest)
                written[key] = dest
                moved += 1
    write_sitemap(site_dir, record)
    return MergeStats(record["count"], moved, sum(len(rec["anchors"]) for _, rec in loaded), checked, tuple(broken)), record


def _same_device(a: Path, b: Path) -> bool:
    try:
        return os.stat(a).st_dev == os.stat(b).st_dev
    except OSError:
        return False


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


# --- running the partitions -------------------------------------------------------------------------------------


def partition_command(config_file: Path, stage: Path, spec: str, out: Path, only: Path | None = None) -> list[str]:
    """The command that builds partition(s) `spec` of `stage` into `out` (with `only`, the pages listed in that
    file): the same locally and in a CI job."""
    cmd = [sys.executable, "-m", "generator.cli", "build", "-f", str(config_file), "--stage", str(stage), "--partition", spec, "--site-dir", str(out)]
    return cmd + (["--only", str(only)] if only is not None else [])


@dataclass(frozen=True)
class Run:
    """One partition's MkDocs process: which partitions, its wall seconds and its peak resident memory."""

    partition: str
    seconds: float
    maxrss_mb: int


def own_peak_mb() -> int:
    """This process's peak resident memory (MB), of its own program: Linux's VmHWM, which starts afresh when the
    process execs. Its `ru_maxrss`, also what its parent's `wait4` reports, keeps the high-water mark of the image
    it was forked from: every partition process of a build at 100,000 documents showed the 301 MB its parent held."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024)
    except (OSError, ValueError, IndexError):
        pass
    import resource  # not on every system; where /proc is missing, the larger figure

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _recorded_peak(out: Path) -> int | None:
    """The peak memory a partition process wrote in its record (`own_peak_mb`), if it did."""
    try:
        peak = json.loads((out / RECORD).read_text(encoding="utf-8")).get("peak_mb")
    except (OSError, ValueError, AttributeError):
        return None
    return peak if isinstance(peak, int) else None


def run_commands(commands: list[tuple[str, list[str], Path]], jobs: int, progress: Progress | None = None) -> list[Run]:
    """Run the commands, each building into its folder, `jobs` at a time; their times and peak memory (as each
    process recorded its own, else as the system reports it), in the order given. MergeError naming those that
    failed (a broken link in strict mode). `progress` hears ("partitions", finished, commands)."""
    waiting = list(commands)
    report(progress, "partitions", 0, len(commands))
    running: list[tuple[str, subprocess.Popen[bytes], float, Path]] = []
    failed: list[str] = []
    runs: dict[str, Run] = {}
    while waiting or running:
        while waiting and len(running) < max(1, jobs):
            name, cmd, out = waiting.pop(0)
            running.append((name, subprocess.Popen(cmd), time.perf_counter(), out))
        finished = False
        for entry in list(running):
            name, proc, started, out = entry
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid == 0:
                continue
            proc.returncode = os.waitstatus_to_exitcode(status)
            running.remove(entry)
            finished = True
            peak = _recorded_peak(out) if proc.returncode == 0 else None
            runs[name] = Run(name, round(time.perf_counter() - started, 2), peak if peak is not None else round(usage.ru_maxrss / 1024))
            if proc.returncode != 0:
                failed.append(name)
            report(progress, "partitions", len(commands) - len(waiting) - len(running), len(commands))
        if not finished:
            time.sleep(0.05)
    if failed:
        raise MergeError(f"partition(s) {', '.join(sorted(failed))} failed")
    return [runs[name] for name, _, _ in commands]


def run_partitions(
    config_file: Path, stage: Path, count: int, parts_dir: Path, jobs: int, progress: Progress | None = None
) -> tuple[list[Path], list[Run]]:
    """Build the `count` partitions of `stage`, one MkDocs process each, `jobs` at a time; their partial sites and
    runs."""
    parts_dir.mkdir(parents=True, exist_ok=True)
    outs = [parts_dir / f"{k + 1}" for k in range(count)]
    commands = [(format_partition([k], count), partition_command(config_file, stage, format_partition([k], count), outs[k]), outs[k]) for k in range(count)]
    return outs, run_commands(commands, jobs, progress)


# --- a whole build, full or incremental ---------------------------------------------------------------------------

STATE = "built.pickle"  # in the stage: what the last build published, for the next one to build only what changed
STATE_FORMAT = 2  # the layout of STATE; a state of another layout is not read (the next build is a full one)
OLD_STATES = ("built.json",)  # the states of earlier layouts, deleted when a state is written
ONLY_ENV = "VANBAN_ONLY"  # a file listing the src_uris (pages and files) a partition process renders, one a line


@dataclass(frozen=True)
class BuildStats:
    mode: str  # "full" or "incremental"
    partitions: int
    partitions_rebuilt: int
    pages: int
    pages_rebuilt: int
    files_changed: int  # generated files added or changed (pages and data)
    files_removed: int
    links_checked: int
    seconds: dict[str, float]  # mkdocs, merge
    runs: tuple[Run, ...] = ()  # each MkDocs process: partitions, seconds, peak memory


def read_state(stage: Path) -> dict:
    """The state of the last build (STATE), {} when there is none or it is of another layout. A pickle, like the
    parse cache: the stage is the build's own folder (restored from the build's own cache on CI). Read once for
    `plan` and `finish` of one build (kept while the file is the same); not to be changed by the caller."""
    path = stage / STATE
    try:
        st = path.stat()
        key = (str(path.resolve()), st.st_ino, st.st_mtime_ns, st.st_size)
        if _STATE_READ[0] != key:
            with no_cyclic_gc():  # a million strings
                data = pickle.loads(path.read_bytes())
            _STATE_READ[:] = [key, data]
        data = _STATE_READ[1]
    except Exception:  # noqa: BLE001 - missing, unreadable or foreign: no state, a full build
        return {}
    return data if isinstance(data, dict) and data.get("format") == STATE_FORMAT else {}


_STATE_READ: list = [None, None]  # (file, inode, date, size) of the state read last, and what it holds


def write_state(stage: Path, state: dict) -> None:
    tmp = stage / f".{STATE}.tmp"
    with no_cyclic_gc():
        tmp.write_bytes(pickle.dumps({**state, "format": STATE_FORMAT}, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(tmp, stage / STATE)
    for name in OLD_STATES:
        (stage / name).unlink(missing_ok=True)


PLAN = "plan.json"  # in the stage: what the next build of the site does (`plan`), read by partition jobs and the merge


def plan(stage: Path, site_dir: Path, count: int, fingerprint: str) -> dict:
    """What building `site_dir` from the staged files in `count` partitions takes, written to the stage (PLAN).

    When the stage's state says the same configuration (`fingerprint`: configuration, hand-written pages, theme,
    generator code) built `site_dir` in as many partitions, the build is incremental: only the generated files whose
    content hash changed are built again, grouped by partition (`groups`: partition -> files; the shared partition
    is always among them, so that a plan has at least one job), and the files no longer generated are deleted
    (`removed`). Otherwise every partition is built (`groups` empty)."""
    manifest = read_manifest(stage)
    state = read_state(stage)
    site_dir = site_dir.resolve()
    incremental = (
        state.get("fingerprint") == fingerprint
        and state.get("site_dir") == str(site_dir)
        and state.get("count") == count
        and isinstance(state.get("record"), dict)
        and (site_dir / "index.html").is_file()
    )
    old: dict[str, str] = state.get("hashes", {}) if incremental else {}
    groups: dict[int, list[str]] = {SHARED: []} if incremental else {}
    if incremental:
        own = assignment(stage, count)
        for uri in sorted(u for u, h in manifest.items() if old.get(u) != h):
            groups.setdefault(own(uri), []).append(uri)
    planned = {
        "mode": "incremental" if incremental else "full",
        "count": count,
        "fingerprint": fingerprint,
        "site_dir": str(site_dir),
        "groups": {str(k): v for k, v in sorted(groups.items())},
        "removed": sorted(set(old) - set(manifest)) if incremental else [],
    }
    (stage / PLAN).write_text(json.dumps(planned, ensure_ascii=False), encoding="utf-8")
    return planned


def read_plan(stage: Path, count: int | None = None) -> dict | None:
    """The stage's plan (`plan`), when there is one (for `count` partitions, when given)."""
    try:
        data = json.loads((stage / PLAN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or (count is not None and data.get("count") != count):
        return None
    return data


def planned_files(planned: dict | None, ks: Iterable[int]) -> list[str] | None:
    """The files partitions `ks` build under an incremental plan; None under a full one (every page of theirs)."""
    if not planned or planned.get("mode") != "incremental":
        return None
    return sorted(u for k in ks for u in planned["groups"].get(str(k), []))


def planned_matrix(planned: dict, jobs: int = MATRIX_JOBS) -> list[str]:
    """The `--partition` value of each CI job under `planned`: every partition, or the ones with changes over as
    few jobs as their changed pages need (`spread`)."""
    count = planned["count"]
    if planned["mode"] != "incremental":
        return matrix(count, jobs)
    groups = {int(k): v for k, v in planned["groups"].items()}
    return [format_partition(ks, count) for ks in spread(groups, jobs)]


def spread(groups: Mapping[int, list[str]], jobs: int, per_process: int = PAGES_PER_PARTITION) -> list[list[int]]:
    """The partitions with changed files (`groups`: partition -> files), over as few MkDocs processes (or CI jobs)
    as their changed pages need: one per `per_process` pages, at most `jobs`, at least one. A process of an
    incremental build lists only the files it renders (plugin.StagedFiles), so one process for the changes of
    all partitions costs what their pages cost, not a process start and a file list per partition. The partitions
    with the most pages go first, each to the process with the fewest."""
    pages = {k: sum(1 for u in v if u.endswith(".md")) for k, v in groups.items()}
    n = max(1, min(jobs, len(groups), math.ceil(sum(pages.values()) / max(1, per_process))))
    bins: list[list[int]] = [[] for _ in range(n)]
    load = [0] * n
    for k in sorted(groups, key=lambda k: (-pages[k], k)):
        i = min(range(n), key=lambda i: (load[i], i))
        bins[i].append(k)
        load[i] += pages[k]
    return [sorted(b) for b in bins if b]


def finish(stage: Path, parts: list[Path], planned: dict, *, strict: bool = True) -> tuple[MergeStats, dict]:
    """Merge the partial sites of `planned` into its site folder and keep the state for the next plan (STATE): the
    hashes of the files now published and the record of the whole site."""
    state = read_state(stage)
    _STATE_READ[:] = [None, None]  # replaced below: not kept in memory any longer
    incremental = planned["mode"] == "incremental"
    if incremental and state.get("fingerprint") != planned["fingerprint"]:
        raise MergeError(f"{stage}: the state of the previous build is not the one the plan was made from")
    (stage / STATE).unlink(missing_ok=True)  # the site is being changed: a failure from here needs a full build
    site_dir = Path(planned["site_dir"])
    with no_cyclic_gc():  # the record of the whole site: a million strings
        stats, record = merge(parts, site_dir, strict=strict, previous=state["record"] if incremental else None, removed=planned["removed"])
    new = {
        "fingerprint": planned["fingerprint"], "site_dir": planned["site_dir"], "count": planned["count"],
        "hashes": read_manifest(stage), "record": record,
    }
    write_state(stage, new)
    (stage / PLAN).unlink(missing_ok=True)  # carried out
    return stats, record


def build(
    config_file: Path,
    stage: Path,
    site_dir: Path,
    count: int,
    jobs: int,
    fingerprint: str,
    *,
    progress: Progress | None = None,
) -> BuildStats:
    """Build `site_dir` from the staged files in `count` partitions, `jobs` processes at a time, as `plan` says:
    every partition, or only the files whose content changed, in as few MkDocs processes as their pages need
    (`spread`); then the merge (files no longer generated deleted, the links from and to the pages built again
    checked)."""
    manifest = read_manifest(stage)
    planned = plan(stage, site_dir, count, fingerprint)
    incremental = planned["mode"] == "incremental"
    groups = {int(k): v for k, v in planned["groups"].items() if v}  # locally, a partition without changes is not run
    site_dir = site_dir.resolve()
    parts_dir = site_dir.parent / f".{site_dir.name}.partitions"
    shutil.rmtree(parts_dir, ignore_errors=True)
    seconds: dict[str, float] = {}
    t = time.perf_counter()
    try:
        if incremental:
            parts_dir.mkdir(parents=True)
            commands = []
            parts = []
            for i, ks in enumerate(spread(groups, jobs, LOCAL_PAGES_PER_PROCESS)):  # several partitions' changes per process
                listing = parts_dir / f"{i + 1}.txt"
                listing.write_text("".join(u + "\n" for k in ks for u in groups[k]), encoding="utf-8")
                parts.append(parts_dir / f"{i + 1}")
                spec = format_partition(ks, count)
                commands.append((spec, partition_command(config_file, stage, spec, parts[-1], listing), parts[-1]))
            runs = run_commands(commands, jobs, progress) if commands else []
            rebuilt = len(groups)
        else:
            parts, runs = run_partitions(config_file, stage, count, parts_dir, jobs, progress)
            rebuilt = count
        seconds["mkdocs"] = time.perf_counter() - t
        t = time.perf_counter()
        stats, record = finish(stage, parts, planned)
        seconds["merge"] = time.perf_counter() - t
    finally:
        shutil.rmtree(parts_dir, ignore_errors=True)
    changed = [u for v in planned["groups"].values() for u in v]
    removed = planned["removed"]
    pages_rebuilt = sum(1 for u in changed if u.endswith(".md"))
    return BuildStats(
        "incremental" if incremental else "full", count, rebuilt, stage_pages(manifest), pages_rebuilt if incremental else stage_pages(manifest),
        len(changed) if incremental else len(manifest), len(removed), stats.links_checked, {k: round(v, 2) for k, v in seconds.items()}, tuple(runs),
    )

"""Partitioned builds: the generator once, MkDocs in several processes (or CI jobs), one merged site.

One MkDocs process keeps every page of the site in memory and uses one core. Here the generator runs once and
writes what it generates to a folder (the *stage*, `write_stage`), with the SHA-256 of each file in a manifest.
The pages are then split into N partitions (`partition_of`): the pages of documents by place and year
(`van-ban/<place>/<year>/`), every other page on its own, each group to a partition by a hash of its name, so a
page stays in its partition from one build to the next; the static files (theme assets, `docs/assets`, open data,
calendars) go to partition 1. Each partition is built by its own MkDocs process with the same configuration:
the plugin (`plugin.py`) adds every staged file, so every link resolves, and marks the pages of other partitions
excluded (MkDocs 1.6 keeps excluded files in the file list and does not render them). Each partial site holds a
record (`RECORD`) of its pages' anchors and of its links to anchors on pages of other partitions. `merge` moves
the partial sites into one, writes the sitemap of all pages in the order of a single build, checks the links to
anchors across partitions (a broken one fails the build like MkDocs' own check in strict mode) and indexes the
merged site for search.

`vanban build` runs the partitions in processes (`build_partitioned`); CI runs the same command per partition as
jobs of a matrix (`vanban build --partition K/N`), then `vanban merge`. The number of partitions follows the
corpus (`partition_count`).
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import logging
import math
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("vanban.partition")

STAGE_ENV = "VANBAN_STAGE"  # a staged folder: the plugin adds its files instead of running the generator
PARTITION_ENV = "VANBAN_PARTITION"  # "K/N" or "K,L/N" (1-based): the partitions this MkDocs process renders
MANIFEST = "manifest.json"  # in the stage: {"files": {src_uri: sha256}}
STAGE_FILES = "files"  # in the stage: the generated files, at their src_uri
RECORD = ".vanban-partition.json"  # in a partial site: what the merge needs; not in the merged site
PAGES_PER_PARTITION = 1000  # pages per partition: MkDocs' memory and time per process stay flat as the corpus grows
MATRIX_JOBS = 20  # at most this many CI jobs; a job builds several partitions when there are more
SHARED = 0  # the partition (0-based) that copies the static files


# --- the stage --------------------------------------------------------------------------------------------------


def digest(content: str | bytes) -> str:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(data).hexdigest()


def read_manifest(stage: Path) -> dict[str, str]:
    """{src_uri: sha256} of the staged files; empty when there is no stage."""
    try:
        data = json.loads((stage / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def write_stage(files: dict[str, str], stage: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Write the generated files under `stage/files/` and their manifest; (old manifest, new manifest).

    A file whose content did not change is not written again (its date stays); a file no longer generated is
    deleted. The same files give the same stage.
    """
    old = read_manifest(stage)
    root = stage / STAGE_FILES
    new: dict[str, str] = {}
    for uri in sorted(files):
        content = files[uri]
        h = digest(content)
        new[uri] = h
        target = root / uri
        if old.get(uri) == h and target.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8"))
    for uri in sorted(set(old) - set(new)):
        (root / uri).unlink(missing_ok=True)
    stage.mkdir(parents=True, exist_ok=True)
    (stage / MANIFEST).write_text(json.dumps({"files": new}, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    return old, new


# --- partitions -------------------------------------------------------------------------------------------------


def group_of(src_uri: str) -> str:
    """The unit that stays together: a document page with the other documents of its place and year
    (`van-ban/quang-ngai/2022`), any other page alone."""
    parts = src_uri.split("/")
    if parts[0] == "van-ban" and len(parts) >= 4:
        return "/".join(parts[:3])
    return src_uri


def partition_of(src_uri: str, count: int) -> int:
    """The partition (0-based) of a page: a hash of its group, the same in every process and every build."""
    if count <= 1:
        return 0
    return int(hashlib.sha256(group_of(src_uri).encode("utf-8")).hexdigest()[:12], 16) % count


def partition_count(pages: int, per_partition: int = PAGES_PER_PARTITION) -> int:
    """How many partitions a site of `pages` Markdown pages is built in: one per `per_partition` pages."""
    return max(1, math.ceil(pages / max(1, per_partition)))


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


def _sitemap(parts: list[tuple[Path, dict]]) -> tuple[str, int] | None:
    """The sitemap of the whole site: the `<url>` entries of every partial sitemap, in the order of a single build
    (the order of the pages in MkDocs' file list, the same in every partition), between the head and foot of the
    shared partition's sitemap; and the date of its gzip copy."""
    shared = next((p for p, rec in parts if SHARED in rec["partitions"]), None)
    if shared is None or not (shared / "sitemap.xml").is_file():
        return None
    entries: dict[str, str] = {}
    locs: dict[str, str] = {}
    for part, rec in parts:
        locs.update(rec["locs"])
        if (part / "sitemap.xml").is_file():
            for m in _URL_BLOCK.finditer((part / "sitemap.xml").read_text(encoding="utf-8")):
                loc = _LOC.search(m.group(0))
                entries[html.unescape(loc.group(1).strip()) if loc else m.group(0)] = m.group(0)
    base = (shared / "sitemap.xml").read_text(encoding="utf-8")
    blocks = list(_URL_BLOCK.finditer(base))
    if blocks:
        head, foot = base[: blocks[0].start()], base[blocks[-1].end() :]
    else:
        cut = base.rfind("\n</urlset>")
        head, foot = (base[:cut], base[cut:]) if cut >= 0 else (base, "")
    ranked = [entries.pop(locs[uri]) for uri in parts[0][1]["order"] if uri in locs and locs[uri] in entries]
    ranked += [entries[loc] for loc in sorted(entries)]  # none in a build of one configuration
    gz = shared / "sitemap.xml.gz"
    mtime = int.from_bytes(gz.read_bytes()[4:8], "little") if gz.is_file() else 0
    return head + "".join(ranked) + foot, mtime


def read_record(part: Path) -> dict:
    path = part / RECORD
    if not path.is_file():
        raise MergeError(f"{part}: no {RECORD}: not a partial site of `vanban build --partition`")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def check_links(records: Iterable[dict]) -> tuple[int, list[str]]:
    """Links from a page of one partition to an anchor of a page of another: (how many, messages of the broken)."""
    anchors: dict[str, set[str]] = {}
    links: list[list[str]] = []
    for rec in records:
        for uri, ids in rec["anchors"].items():
            anchors[uri] = set(ids)
        links.extend(rec["links"])
    broken = []
    for source, target, anchor, original in links:
        if target in anchors and anchor not in anchors[target]:
            broken.append(f"Doc file '{source}' contains a link '{original}', but the doc '{target}' does not contain an anchor '#{anchor}'.")
    return len(links), broken


def merge(parts: list[Path], site_dir: Path, *, strict: bool = True, search: bool | None = None) -> MergeStats:
    """Move the partial sites `parts` into `site_dir` (emptied first), write the sitemap, check the links across
    partitions (MergeError when one is broken and `strict`) and index the site for search (`search`: as the
    partitions' configuration says when None)."""
    loaded = [(Path(p), read_record(Path(p))) for p in parts]
    counts = {rec["count"] for _, rec in loaded}
    if len(counts) != 1:
        raise MergeError(f"partial sites of different partition counts: {sorted(counts)}")
    count = counts.pop()
    have = sorted(k for _, rec in loaded for k in rec["partitions"])
    if have != list(range(count)):
        missing = sorted(set(range(count)) - set(have))
        raise MergeError(f"partitions missing or twice: have {format_partition(have, count) if have else 'none'}, missing {[k + 1 for k in missing]}")
    checked, broken = check_links(rec for _, rec in loaded)
    for message in broken:
        log.warning(message)
    if broken and strict:
        raise MergeError(f"{len(broken)} broken link(s) across partitions: " + " ".join(broken[:5]))
    site_dir = Path(site_dir)
    sitemap = _sitemap(loaded)
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site_dir.mkdir(parents=True)
    moved = 0
    shared = next(p for p, rec in loaded if SHARED in rec["partitions"])
    for part, _ in sorted(loaded, key=lambda pr: SHARED not in pr[1]["partitions"]):  # the shared partition first
        for dirpath, _, names in os.walk(part):
            rel = Path(dirpath).relative_to(part)
            for name in names:
                if rel == Path(".") and (name in _NOT_MOVED or (part != shared and name == "404.html")):
                    continue
                src = Path(dirpath) / name
                dest = site_dir / rel / name
                if dest.exists():
                    if dest.read_bytes() != src.read_bytes():
                        raise MergeError(f"{rel / name}: two partitions wrote it differently")
                    continue
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(src, dest)
                moved += 1
    if sitemap is not None:
        text, mtime = sitemap
        (site_dir / "sitemap.xml").write_bytes(text.encode("utf-8"))
        gz_name = str(site_dir / "sitemap.xml.gz")
        with open(gz_name, "wb") as f, gzip.GzipFile(fileobj=f, filename=gz_name, mode="wb", mtime=mtime) as gz:
            gz.write(text.encode("utf-8"))
        moved += 2
    pages = sum(len(rec["anchors"]) for _, rec in loaded)
    if search if search is not None else all(rec.get("search", True) for _, rec in loaded):
        from .search import index_site

        stats = index_site(site_dir)
        log.info("vanban: search index of %d pages, %d files, %d bytes", stats.pages, stats.files, stats.bytes)
    return MergeStats(count, moved, pages, checked, tuple(broken))


# --- running the partitions -------------------------------------------------------------------------------------


def partition_command(config_file: Path, stage: Path, spec: str, out: Path) -> list[str]:
    """The command that builds partition(s) `spec` of `stage` into `out`: the same locally and in a CI job."""
    return [sys.executable, "-m", "generator.cli", "build", "-f", str(config_file), "--stage", str(stage), "--partition", spec, "--site-dir", str(out)]


def run_partitions(config_file: Path, stage: Path, count: int, parts_dir: Path, jobs: int) -> list[Path]:
    """Build the `count` partitions of `stage`, one MkDocs process each, `jobs` at a time; their partial sites.

    Raises MergeError naming the partitions whose build failed (a broken link in strict mode, a crash)."""
    parts_dir.mkdir(parents=True, exist_ok=True)
    waiting = list(range(count))
    running: list[tuple[int, subprocess.Popen[bytes]]] = []
    failed: list[int] = []
    outs = [parts_dir / f"{k + 1}" for k in range(count)]
    while waiting or running:
        while waiting and len(running) < max(1, jobs):
            k = waiting.pop(0)
            running.append((k, subprocess.Popen(partition_command(config_file, stage, format_partition([k], count), outs[k]))))
        done = [(k, p) for k, p in running if p.poll() is not None]
        if not done:
            time.sleep(0.05)
            continue
        for k, proc in done:
            running.remove((k, proc))
            if proc.returncode != 0:
                failed.append(k)
    if failed:
        raise MergeError(f"partition(s) {', '.join(format_partition([k], count) for k in sorted(failed))} failed")
    return outs

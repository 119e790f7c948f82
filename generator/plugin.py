"""MkDocs plugin: a thin adapter that adds the generated pages in memory (MkDocs 1.6 `File.generated`)."""

from __future__ import annotations

import json
import logging
import os
import posixpath
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from markdown.extensions.toc import nest_toc_tokens
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.utils import is_markdown_file

from . import DEFAULT_CACHE_DIR, partition
from .progress import Progress
from .render.mdext import prerendered, prerendered_toc

if TYPE_CHECKING:  # the generator itself is imported when it runs: a partition's MkDocs process needs none of it
    from jinja2 import Environment

    from .site import SiteBuild

log = logging.getLogger("mkdocs.plugins.vanban")

SOURCE_ENV = "VANBAN_SOURCE"
CACHE_ENV = "VANBAN_CACHE_DIR"  # overrides `cache_dir`; empty: no cache


class VanbanConfig(Config):
    source = c.Type(str, default="source_docs")
    templates = c.Optional(c.Type(str))  # a folder of templates overriding the package's
    search = c.Type(bool, default=True)  # write the search index (search.py) among the generated files
    cache_dir = c.Type(str, default=DEFAULT_CACHE_DIR)  # parse cache, beside mkdocs.yml; "" for none
    jobs = c.Optional(c.Type(int))  # processes that parse (default: $VANBAN_JOBS, else the CPUs)


def _flat_tokens(links: Any) -> list[dict[str, Any]]:
    """A table of contents back into the toc extension's flat tokens, in order (nest_toc_tokens nests them again)."""
    out: list[dict[str, Any]] = []

    def walk(items: list[AnchorLink]) -> None:
        for link in items:
            out.append({"level": link.level, "id": link.id, "name": link.title, "html": link.title, "data-toc-label": ""})
            walk(link.children)

    walk(list(links))
    return out


class VanbanPlugin(BasePlugin[VanbanConfig]):
    """Reads `source` (or $VANBAN_SOURCE), and adds the pages and data files it generates."""

    def __init__(self) -> None:
        self.site: SiteBuild | None = None
        self.files: Files | None = None
        self.partitions: tuple[tuple[int, ...], int] | None = None  # (mine, count) in a partitioned build
        self.targets: tuple[Files, dict[str, File | str | None]] | None = None  # links' targets (normalised URL) -> file
        # in a partition's process: links to anchors of pages of other partitions, checked by the merge:
        # (page, target page, anchor) -> the link as written
        self.foreign: dict[tuple[str, str, str], str] = {}
        self.order: list[str] | None = None  # in a partition's process: the pages in the order of a single build

    def source_dir(self, config: MkDocsConfig) -> Path:
        raw = os.environ.get(SOURCE_ENV) or self.config.source
        path = Path(raw)
        if not path.is_absolute():
            path = Path(config.config_file_path or ".").parent / path
        return path.resolve()

    def cache_dir(self, config: MkDocsConfig) -> Path | None:
        raw = os.environ[CACHE_ENV] if CACHE_ENV in os.environ else self.config.cache_dir
        if not raw:
            return None
        path = Path(raw)
        if not path.is_absolute():
            path = Path(config.config_file_path or ".").parent / path
        return path.resolve()

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        stage = os.environ.get(partition.STAGE_ENV)
        spec = os.environ.get(partition.PARTITION_ENV)
        self.partitions = partition.parse_partition(spec) if spec else None
        self.order = None
        self.targets = None
        self.foreign = {}
        if stage and self.partitions is not None:  # one partition of a partitioned build: its own files only
            self.files = self._partition_files(Path(stage), files, config)
            return self.files
        if stage:  # the staged files, every one rendered here (a build in one process from a stage)
            generated = self._staged(Path(stage), config)
        else:
            generated = self._generate(config)
        for uri, file in generated:
            existing = files.get_file_from_path(uri)
            if existing is not None:
                files.remove(existing)
            files.append(file)
        self.files = files
        return files

    def _partition_files(self, stage: Path, files: Files, config: MkDocsConfig) -> Files:
        """The file list of a partition's MkDocs process: the staged files it renders or copies (those of its
        partitions, or under $VANBAN_ONLY the changed ones listed there) and the hand-written pages and theme files,
        those of other partitions excluded (they are few). The other staged files are not listed, so that the
        process costs the same whatever the size of the site: `StagedFiles` makes one when a link or the nav looks
        it up, from the manifest's names."""
        assert self.partitions is not None
        mine, count = self.partitions
        root = stage / partition.STAGE_FILES
        staged = partition.StagedNames(root)
        only = os.environ.get(partition.ONLY_ENV)  # an incremental build: the changed files only
        wanted = set(Path(only).read_text(encoding="utf-8").splitlines()) if only else None
        # the hand-written pages in the order of the file list (the sitemap's order, for the merge; the generated
        # pages follow them by name, as on_files appends them sorted)
        self.order = [f.src_uri for f in files if f.is_documentation_page() and f.src_uri not in staged]
        out = StagedFiles((), config, root, staged)
        for file in files:
            if file.src_uri in staged:  # replaced by the generated file
                continue
            if not file.inclusion.is_excluded():
                if wanted is not None:
                    keep = file.src_uri in wanted
                else:
                    keep = (partition.partition_of(file.src_uri, count) if file.is_documentation_page() else partition.SHARED) in mine
                if not keep:
                    file.inclusion = InclusionLevel.EXCLUDED
            out.append(file)
        if wanted is not None:
            mine_files = sorted(uri for uri in wanted if uri in staged)
        else:
            mine_files = partition.own_files(stage, mine, count)  # by work, not by name (partition.py)
        log.info("vanban: %d generated files of %s built here", len(mine_files), stage)
        for uri in mine_files:
            out.append(File.generated(config, uri, abs_src_path=str(root / uri)))
        return out

    def _generate(self, config: MkDocsConfig) -> list[tuple[str, File]]:
        site = self.generate(config)
        out = [(uri, File.generated(config, uri, content=content)) for uri, content in sorted(site.files.items())]
        # the source files as published, byte for byte ("Tải văn bản gốc" on each document's page)
        out += [(uri, File.generated(config, uri, abs_src_path=str(path))) for uri, path in sorted((site.originals or {}).items())]
        return out

    def generate(self, config: MkDocsConfig, progress: Progress | None = None, sink: partition.StageWriter | None = None) -> SiteBuild:
        """Run the generator with this plugin's options; its problems are logged; `progress`: see progress.py;
        `sink`: where the files go as they are made (site.build_site)."""
        from .site import build_site

        overrides: tuple[Path, ...] = ()
        if self.config.templates:
            overrides = (Path(config.config_file_path or ".").parent / self.config.templates,)
        self.site = build_site(
            self.source_dir(config), overrides, cache_dir=self.cache_dir(config), jobs=self.config.jobs, base=config.site_url,
            progress=progress, search=self.config.search, sink=sink,
        )
        for problem in self.site.problems:
            where = f"{problem.source}:{problem.line}" if problem.line else problem.source
            if problem.severity != "info":
                log.info("%s: %s", where, problem.message)
        log.info("vanban: %d documents, %d generated files", self.site.document_count, len(self.site.files) if sink is None else len(sink))
        if self.site.search is not None:
            s = self.site.search
            log.info("vanban: search index of %d pages, %d terms, %d files, %d bytes", s.pages, s.terms, s.files, s.bytes)
        return self.site

    def _staged(self, stage: Path, config: MkDocsConfig) -> list[tuple[str, File]]:
        """The staged files, read from disk only by the partition that renders or copies them."""
        root = stage / partition.STAGE_FILES
        manifest = partition.read_manifest(stage)
        log.info("vanban: %d generated files from %s", len(manifest), stage)
        return [(uri, File.generated(config, uri, abs_src_path=str(root / uri))) for uri in sorted(manifest)]

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Building from a stage, the theme's templates compiled once and kept there (STAGE_TEMPLATES): each MkDocs
        process of a partitioned build compiled Material's templates again (1-3 s of its start). Jinja keys each by
        its source, so a changed template is compiled again; the pages are the same."""
        stage = os.environ.get(partition.STAGE_ENV)
        if stage and env.bytecode_cache is None:
            from jinja2 import FileSystemBytecodeCache

            folder = Path(stage) / partition.STAGE_TEMPLATES
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                return env
            env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        return env

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """What MkDocs reads in the HTML of a page it converts, read in the blocks it was given pre-rendered
        (render/mdext.py): their ids are anchors of the page, their links are checked as MkDocs checks the others
        (a missing target here, a missing anchor after the build and across partitions, both through MkDocs'
        `validation` levels, so `--strict` fails on them)."""
        ids, hrefs = prerendered(page.markdown or "")
        headings = prerendered_toc(page.markdown or "")
        if headings:  # the toc extension saw the page's Markdown headings only (its title): the rest follow it
            page.toc = get_toc(nest_toc_tokens(_flat_tokens(page.toc) + headings))
        if ids and page.present_anchor_ids is not None:
            page.present_anchor_ids |= ids
        if hrefs:
            self._check_links(page, hrefs, config, files)
        if self.partitions is not None:
            # read by nothing after this (the theme shows `page.content`): a partition's process then holds one
            # form of its pages' text, not two, until MkDocs writes them (about a third of its memory)
            page.markdown = ""  # (not None: MkDocs then gives the page no title)
        return html

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self.partitions is not None:
            page.content = ""  # written: only its anchors and links are read again (anchor checks, the record)
        return output

    def _check_links(self, page: Page, hrefs: list[str], config: MkDocsConfig, files: Files) -> None:
        anchors = page.links_to_anchors  # None when MkDocs does not validate anchors (debug logging)
        if self.targets is None or self.targets[0] is not files:
            self.targets = (files, {})
        found = self.targets[1]  # target -> its file, or the name of a staged file of another partition; once per process
        for href in hrefs:
            path, _, anchor = href.partition("#")
            if not path:
                if anchor and anchors is not None:
                    anchors.setdefault(page.file, {}).setdefault(anchor, href)
                continue
            if ":" in path or path.startswith("//"):  # another site (webcal:, https:)
                continue
            base = "" if path.startswith("/") else page.file.url
            target = posixpath.normpath(posixpath.join(base, unquote(path.split("?", 1)[0]).lstrip("/")) or ".")
            if target in found:
                file = found[target]
            else:
                file = found[target] = _file_at(files, target)
            if file is None:
                log.log(
                    config.validation.links.not_found,
                    f"Doc file '{page.file.src_uri}' contains a link '{href}', but the target '{target}' is not found "
                    "among the site's files.",
                )
            elif not anchor or anchors is None:
                continue
            elif isinstance(file, str):  # a page of another partition: its anchors are checked by the merge
                if is_markdown_file(file):
                    self.foreign.setdefault((page.file.src_uri, file, anchor), href)
            elif file.is_documentation_page():
                anchors.setdefault(file, {}).setdefault(anchor, href)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.partitions is not None:
            self._record(config)

    def _record(self, config: MkDocsConfig) -> None:
        """What the merge needs from this partial site (partition.RECORD): the pages in the order of MkDocs' file
        list, the sitemap address and the anchors of the pages rendered here, and their links to anchors on pages
        rendered elsewhere (MkDocs checks the others)."""
        assert self.partitions is not None and self.files is not None
        mine, count = self.partitions
        anchors: dict[str, list[str]] = {}
        urls: dict[str, str] = {}
        locs: dict[str, str] = {}
        foreign: dict[tuple[str, str, str], str] = {}  # (page, target page, anchor) -> the link as written
        for file in self.files:
            if not file.is_documentation_page():
                continue
            page = file.page
            if file.inclusion.is_excluded() or page is None:
                continue
            anchors[file.src_uri] = sorted(page.present_anchor_ids or ())
            urls[file.src_uri] = file.url
            loc = page.canonical_url or page.abs_url
            if loc:
                locs[file.src_uri] = loc
            for target, found in (page.links_to_anchors or {}).items():
                if target.page is None or target.page.present_anchor_ids is None:  # rendered in another partition
                    for anchor, original in found.items():
                        foreign.setdefault((file.src_uri, target.src_uri, anchor), original)
        for key, original in self.foreign.items():
            foreign.setdefault(key, original)
        links = [[*key, original] for key, original in sorted(foreign.items())]
        record = {
            "partitions": list(mine),
            "count": count,
            "search": bool(self.config.search),
            "hand": list(self.order or ()),
            "urls": urls,
            "locs": locs,
            "anchors": anchors,
            "links": links,
            "peak_mb": partition.own_peak_mb(),  # this process's own peak (what the build reports per partition)
        }
        Path(config.site_dir, partition.RECORD).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.source_dir(config)))
        return server


def _file_at(files: Files, target: str) -> File | str | None:
    """The file whose URL, normalised, is `target` (a path from the site's root, no trailing slash): looked up by
    the names it can come from (`a/b` from `a/b.md`, `a/b/index.md`, or a file named so), not in a map of every
    file, so that a partition's process need not list the others (`StagedFiles`). A staged file of another
    partition is given by its name: the process keeps no object for each page elsewhere that its pages link to
    (tens of thousands at 100,000 documents)."""
    stem = "" if target == "." else target
    candidates = [f"{stem}.md", target] if stem else []
    if stem.endswith(".html"):
        candidates.append(stem[: -len(".html")] + ".md")
    candidates += [f"{stem}/index.md", f"{stem}/README.md"] if stem else ["index.md", "README.md"]
    own = files.src_uris
    urls = (target, quote(target))
    for uri in candidates:
        file = own.get(uri)
        if file is not None:
            if posixpath.normpath(file.url or ".") in urls:
                return file
        elif isinstance(files, StagedFiles) and (other := files.elsewhere(uri)) is not None:
            if posixpath.normpath(other.url or ".") in urls:
                return uri
    return None


class StagedFiles(Files):
    """The file list of one partition's MkDocs process: its own files, iterated, rendered and copied as usual; any
    other staged file (`staged`: asked of the stage's folder) is made when looked up (a link's target, a page of the
    nav), excluded, as MkDocs 1.6 keeps excluded files in the list, so links to it resolve and links to its
    anchors are recorded for the merge (partition.check_links)."""

    def __init__(self, files: Iterable[File], config: MkDocsConfig, root: Path, staged: partition.StagedNames) -> None:
        super().__init__(files)
        self._config = config
        self._root = root
        self._staged = staged

    def get_file_from_path(self, path: str) -> File | None:
        found = super().get_file_from_path(path)
        return found if found is not None else self.elsewhere(PurePath(path).as_posix())

    def elsewhere(self, uri: str) -> File | None:
        """The staged file `uri` of another partition (None: not staged, or listed here), made anew at each look-up
        and not kept: held only as long as what asked for it holds it."""
        if uri not in self._staged or uri in self.src_uris:
            return None
        file = File.generated(self._config, uri, abs_src_path=str(self._root / uri))
        file.inclusion = InclusionLevel.EXCLUDED
        return file

    def __contains__(self, path: str) -> bool:
        return self.get_file_from_path(path) is not None

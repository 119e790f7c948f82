"""MkDocs plugin: a thin adapter that adds the generated pages in memory (MkDocs 1.6 `File.generated`)."""

from __future__ import annotations

import json
import logging
import os
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import partition
from .pipeline import DEFAULT_CACHE_DIR
from .progress import Progress
from .render.mdext import prerendered
from .site import SiteBuild, build_site

log = logging.getLogger("mkdocs.plugins.vanban")

SOURCE_ENV = "VANBAN_SOURCE"
CACHE_ENV = "VANBAN_CACHE_DIR"  # overrides `cache_dir`; empty: no cache


class VanbanConfig(Config):
    source = c.Type(str, default="source_docs")
    templates = c.Optional(c.Type(str))  # a folder of templates overriding the package's
    search = c.Type(bool, default=True)  # write the search index (search.py) among the generated files
    cache_dir = c.Type(str, default=DEFAULT_CACHE_DIR)  # parse cache, beside mkdocs.yml; "" for none
    jobs = c.Optional(c.Type(int))  # processes that parse (default: $VANBAN_JOBS, else the CPUs)


class VanbanPlugin(BasePlugin[VanbanConfig]):
    """Reads `source` (or $VANBAN_SOURCE), and adds the pages and data files it generates."""

    def __init__(self) -> None:
        self.site: SiteBuild | None = None
        self.files: Files | None = None
        self.partitions: tuple[tuple[int, ...], int] | None = None  # (mine, count) in a partitioned build
        self.by_url: dict[str, File] | None = None  # every file by its URL (normalised): targets of pre-rendered links

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
        if stage:  # a partitioned build: the generator has run, its files are staged (partition.py)
            generated = self._staged(Path(stage), config)
        else:
            generated = self._generate(config)
        for uri, file in generated:
            existing = files.get_file_from_path(uri)
            if existing is not None:
                files.remove(existing)
            files.append(file)
        if self.partitions is not None:
            mine, count = self.partitions
            only = os.environ.get(partition.ONLY_ENV)  # an incremental build: the changed files only
            wanted = set(Path(only).read_text(encoding="utf-8").splitlines()) if only else None
            for file in files:
                if file.inclusion.is_excluded():
                    continue
                if wanted is not None:
                    keep = file.src_uri in wanted
                else:
                    keep = (partition.partition_of(file.src_uri, count) if file.is_documentation_page() else partition.SHARED) in mine
                if not keep:
                    file.inclusion = InclusionLevel.EXCLUDED
        self.files = files
        self.by_url = None
        return files

    def _generate(self, config: MkDocsConfig) -> list[tuple[str, File]]:
        site = self.generate(config)
        out = [(uri, File.generated(config, uri, content=content)) for uri, content in sorted(site.files.items())]
        # the source files as published, byte for byte ("Tải văn bản gốc" on each document's page)
        out += [(uri, File.generated(config, uri, abs_src_path=str(path))) for uri, path in sorted((site.originals or {}).items())]
        return out

    def generate(self, config: MkDocsConfig, progress: Progress | None = None, sink: partition.StageWriter | None = None) -> SiteBuild:
        """Run the generator with this plugin's options; its problems are logged; `progress`: see progress.py;
        `sink`: where the files go as they are made (site.build_site)."""
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

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """What MkDocs reads in the HTML of a page it converts, read in the blocks it was given pre-rendered
        (render/mdext.py): their ids are anchors of the page, their links are checked as MkDocs checks the others
        (a missing target here, a missing anchor after the build and across partitions, both through MkDocs'
        `validation` levels, so `--strict` fails on them)."""
        ids, hrefs = prerendered(page.markdown or "")
        if ids and page.present_anchor_ids is not None:
            page.present_anchor_ids |= ids
        if hrefs:
            self._check_links(page, hrefs, config, files)
        return html

    def _check_links(self, page: Page, hrefs: list[str], config: MkDocsConfig, files: Files) -> None:
        if self.by_url is None:
            self.by_url = {posixpath.normpath(f.url or "."): f for f in files}
        anchors = page.links_to_anchors  # None when MkDocs does not validate anchors (debug logging)
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
            file = self.by_url.get(target)
            if file is None:
                log.log(
                    config.validation.links.not_found,
                    f"Doc file '{page.file.src_uri}' contains a link '{href}', but the target '{target}' is not found "
                    "among the site's files.",
                )
            elif anchor and anchors is not None and file.is_documentation_page():
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
        links: list[list[str]] = []
        order = []
        for file in self.files:
            if not file.is_documentation_page():
                continue
            order.append(file.src_uri)
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
                    links.extend([file.src_uri, target.src_uri, anchor, original] for anchor, original in sorted(found.items()))
        record = {
            "partitions": list(mine),
            "count": count,
            "search": bool(self.config.search),
            "order": order,
            "urls": urls,
            "locs": locs,
            "anchors": anchors,
            "links": links,
        }
        Path(config.site_dir, partition.RECORD).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.source_dir(config)))
        return server

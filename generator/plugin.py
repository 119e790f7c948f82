"""MkDocs plugin: a thin adapter that adds the generated pages in memory (MkDocs 1.6 `File.generated`)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .pipeline import DEFAULT_CACHE_DIR
from .search import index_site
from .site import SiteBuild, build_site

log = logging.getLogger("mkdocs.plugins.vanban")

SOURCE_ENV = "VANBAN_SOURCE"
CACHE_ENV = "VANBAN_CACHE_DIR"  # overrides `cache_dir`; empty: no cache


class VanbanConfig(Config):
    source = c.Type(str, default="source_docs")
    templates = c.Optional(c.Type(str))  # a folder of templates overriding the package's
    search = c.Type(bool, default=True)  # index the built site for the search page (Pagefind)
    cache_dir = c.Type(str, default=DEFAULT_CACHE_DIR)  # parse cache, beside mkdocs.yml; "" for none
    jobs = c.Optional(c.Type(int))  # processes that parse (default: $VANBAN_JOBS, else the CPUs)


class VanbanPlugin(BasePlugin[VanbanConfig]):
    """Reads `source` (or $VANBAN_SOURCE), and adds the pages and data files it generates."""

    def __init__(self) -> None:
        self.site: SiteBuild | None = None

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
        overrides: tuple[Path, ...] = ()
        if self.config.templates:
            overrides = (Path(config.config_file_path or ".").parent / self.config.templates,)
        self.site = build_site(self.source_dir(config), overrides, cache_dir=self.cache_dir(config), jobs=self.config.jobs)
        for problem in self.site.problems:
            where = f"{problem.source}:{problem.line}" if problem.line else problem.source
            if problem.severity != "info":
                log.info("%s: %s", where, problem.message)
        for uri, content in sorted(self.site.files.items()):
            existing = files.get_file_from_path(uri)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, uri, content=content))
        log.info("vanban: %d documents, %d generated files", self.site.document_count, len(self.site.files))
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.search:
            stats = index_site(Path(config.site_dir))
            log.info("vanban: search index of %d pages, %d files, %d bytes", stats.pages, stats.files, stats.bytes)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.source_dir(config)))
        return server

"""One measured MkDocs build, in a fresh process: the benchmark runs it as a subprocess and reads the JSON it prints.

With --source, the site's own mkdocs.yml builds the generated site, and the generator's share (the plugin's call of
`build_site`), the search index's (written inside it) and the parse cache's figures are measured by wrapping the functions the plugin
calls. Without it, the given config is built as it is (the floor: plain Markdown pages).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import time
from pathlib import Path
from typing import Any


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        self.first: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        if len(self.first) < 5:
            self.first.append(record.getMessage()[:300])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--site-dir", type=Path, default=None)
    parser.add_argument("--source", type=Path, default=None, help="source folder: build the generated site")
    parser.add_argument("--cache", default="", help="parse cache folder ('' for none)")
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--load-only", action="store_true", help="only load_corpus (read to extract), no site")
    args = parser.parse_args(argv)
    if args.load_only:
        return load_only(args.source, Path(args.cache) if args.cache else None, args.jobs or None)
    if args.config is None or args.site_dir is None:
        parser.error("--config and --site-dir are needed to build")

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    out: dict[str, Any] = {}
    if args.source is not None:
        os.environ["VANBAN_SOURCE"] = str(args.source)
        os.environ["VANBAN_CACHE_DIR"] = args.cache
        if args.jobs:
            os.environ["VANBAN_JOBS"] = str(args.jobs)

    start = time.perf_counter()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    if args.source is not None:
        import generator.site as site

        real_build, real_load, real_index = site.build_site, site.load_corpus, site.search_files

        def timed_build(*a: Any, **k: Any) -> Any:
            t = time.perf_counter()
            result = real_build(*a, **k)
            out["generator_s"] = time.perf_counter() - t
            out["generated_files"] = len(result.files)
            out["documents"] = result.document_count
            return result

        def timed_load(*a: Any, **k: Any) -> Any:
            t = time.perf_counter()
            loaded = real_load(*a, **k)
            out["load_s"] = time.perf_counter() - t
            s = loaded.stats
            out["load"] = {"files": s.files, "parsed": s.parsed, "cached": s.cached, "workers": s.workers}
            return loaded

        def timed_index(*a: Any, **k: Any) -> Any:
            t = time.perf_counter()
            files, stats = real_index(*a, **k)
            out["search_s"] = time.perf_counter() - t  # inside the generator's time
            out["search"] = {
                "pages": stats.pages, "terms": stats.terms, "shards": stats.shards, "files": stats.files, "bytes": stats.bytes,
                "largest_shard": stats.largest_shard, "largest_record_file": stats.largest_record_file,
            }
            return files, stats

        site.build_site = timed_build  # type: ignore[assignment]  # the plugin imports it when it runs
        site.load_corpus = timed_load  # type: ignore[assignment]
        site.search_files = timed_index  # type: ignore[assignment]
    out["import_s"] = time.perf_counter() - start

    counter = _Count()
    logging.getLogger("mkdocs").addHandler(counter)
    t = time.perf_counter()
    build(load_config(str(args.config), site_dir=str(args.site_dir)))
    out["build_s"] = time.perf_counter() - t
    out["warnings"] = counter.count
    out["first_warnings"] = counter.first
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    out["maxrss_mb"] = me.ru_maxrss / 1024
    out["child_maxrss_mb"] = kids.ru_maxrss / 1024
    out["cpu_s"] = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    print("BENCH-RESULT " + json.dumps(out))
    return 0


def load_only(source: Path, cache: Path | None, jobs: int | None) -> int:
    from generator.pipeline import load_corpus

    wall = time.perf_counter()
    loaded = load_corpus(source, cache_dir=cache, jobs=jobs)
    s = loaded.stats
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    out = {
        "load_s": time.perf_counter() - wall,
        "documents": len(loaded.corpus.documents),
        "load": {"files": s.files, "parsed": s.parsed, "cached": s.cached, "workers": s.workers},
        "cpu_s": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
        "maxrss_mb": me.ru_maxrss / 1024,
        "child_maxrss_mb": kids.ru_maxrss / 1024,
    }
    print("BENCH-RESULT " + json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

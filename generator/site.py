"""Everything the site needs from a source folder, as in-memory files: pages and data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .addresses import DATA, FEED
from .models import Problem
from .pipeline import load_corpus
from .render.data import corpus_json, dumps
from .render.feed import render_feed
from .render.pages import all_problems, render_site
from .resolve import resolve


@dataclass(frozen=True)
class SiteBuild:
    files: dict[str, str]  # src_uri -> content
    problems: tuple[Problem, ...]
    document_count: int


def build_site(
    source_dir: Path, overrides: tuple[Path, ...] = (), *, cache_dir: Path | None = None, jobs: int | None = None
) -> SiteBuild:
    """Run the pipeline (parse cache in `cache_dir`, `jobs` processes: see pipeline.py) and render every generated file."""
    loaded = load_corpus(source_dir, cache_dir=cache_dir, jobs=jobs)
    resolved = resolve(loaded.corpus, loaded.extracted)
    files = render_site(resolved, overrides)
    files[DATA] = dumps(corpus_json(resolved))
    files[FEED] = render_feed(resolved.documents)
    return SiteBuild(files, tuple(all_problems(resolved.corpus)), len(resolved.documents))


def export_data(source_dir: Path, out_dir: Path) -> list[Path]:
    """Write the open-data files without building the site."""
    loaded = load_corpus(source_dir)
    resolved = resolve(loaded.corpus, loaded.extracted)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "documents.json"
    target.write_text(dumps(corpus_json(resolved)), encoding="utf-8")
    return [target]

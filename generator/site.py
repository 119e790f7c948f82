"""Everything the site needs from a source folder, as in-memory files: pages and data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .models import Problem
from .pipeline import build_corpus
from .render.data import corpus_json, dumps
from .render.pages import DATA, all_problems, render_site
from .resolve import resolve


@dataclass(frozen=True)
class SiteBuild:
    files: dict[str, str]  # src_uri -> content
    problems: tuple[Problem, ...]
    document_count: int


def build_site(source_dir: Path, overrides: tuple[Path, ...] = ()) -> SiteBuild:
    """Run the pipeline and render every generated file."""
    resolved = resolve(build_corpus(source_dir))
    files = render_site(resolved, overrides)
    files[DATA] = dumps(corpus_json(resolved))
    return SiteBuild(files, tuple(all_problems(resolved.corpus)), len(resolved.documents))


def export_data(source_dir: Path, out_dir: Path) -> list[Path]:
    """Write the open-data files without building the site."""
    resolved = resolve(build_corpus(source_dir))
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "documents.json"
    target.write_text(dumps(corpus_json(resolved)), encoding="utf-8")
    return [target]

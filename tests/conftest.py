"""Shared fixtures: real sites built with MkDocs from the shipped corpus and from test corpora."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source_docs"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def build_site(source: Path, site_dir: Path) -> Path:
    """Build the real site with MkDocs (the plugin reads `source`), as `mkdocs build --strict` does."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    old = os.environ.get("VANBAN_SOURCE")
    os.environ["VANBAN_SOURCE"] = str(source)
    try:
        cfg = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        build(cfg)
    finally:
        if old is None:
            os.environ.pop("VANBAN_SOURCE", None)
        else:
            os.environ["VANBAN_SOURCE"] = old
    return site_dir


def page_text(site: Path, url: str) -> str:
    """Visible text of a built page (tags removed, entities decoded)."""
    raw = (site / url / "index.html").read_text(encoding="utf-8")
    raw = re.sub(r"<script.*?</script>", " ", raw, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", raw))


def load_data(site: Path) -> dict[str, Any]:
    return json.loads((site / "data" / "documents.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(SOURCE, tmp_path_factory.mktemp("seed-site"))


@pytest.fixture(scope="session")
def extra_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("extra-src")
    for f in (FIXTURES / "corpus-extra").glob("*.txt"):
        shutil.copy(f, src / f.name)
    return build_site(src, tmp_path_factory.mktemp("extra-site"))

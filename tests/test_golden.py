"""Golden files: the Markdown the generator writes for two seed documents, byte for byte.

After an intended change, regenerate with `VANBAN_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py` and review the diff.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from generator.pipeline import build_corpus
from generator.render.pages import render_site
from generator.resolve import resolve

from .conftest import SOURCE

GOLDEN = Path(__file__).resolve().parent / "golden"
PAGES = {
    "van-ban/duc-pho/2022/cong-van-560-ubnd.md": "cong-van-560-ubnd.md",
    "van-ban/quang-ngai/2022/ke-hoach-03-kh-bcd.md": "ke-hoach-03-kh-bcd.md",
}


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return render_site(resolve(build_corpus(SOURCE), today=date(2026, 1, 1)))  # statuses are computed for a day


@pytest.mark.parametrize(("uri", "golden"), sorted(PAGES.items()))
def test_page_matches_golden(pages: dict[str, str], uri: str, golden: str) -> None:
    path = GOLDEN / golden
    if os.environ.get("VANBAN_UPDATE_GOLDEN"):
        path.write_text(pages[uri], encoding="utf-8")
    assert pages[uri] == path.read_text(encoding="utf-8")

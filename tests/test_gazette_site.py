"""The gazette fixtures (real Công báo texts, tests/fixtures/gazette/) through the whole build.

- Nothing lost: every word of every file is on the page of its document (page furniture removed from the text is
  listed in the document's problems, shown on its page), as for the seeds (test_site.test_nothing_lost).
- Golden pages: the Markdown written for a law (a consolidated law, 111/VBHN-VPQH), a decree (161/2026/NĐ-CP) and a
  circular with annexes (17/2023/TT-BLĐTBXH), byte for byte. After an intended change, regenerate with
  `VANBAN_UPDATE_GOLDEN=1 python -m pytest tests/test_gazette_site.py` and review the diff.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.pipeline import build_corpus
from generator.render.pages import render_site
from generator.resolve import resolve

from .conftest import FIXTURES, build_site, load_data, page_text
from .test_site import words

GAZETTE = FIXTURES / "gazette"
GOLDEN = Path(__file__).resolve().parent / "golden"
GOLDEN_FILES = {
    # file -> golden page
    "thue_tncn__van-ban-hop-nhat-so-111-vbhn-vpqh-469594.txt": "gazette-luat-111-vbhn-vpqh.md",
    "hd_kinh_te__nghi-dinh-so-161-2026-nd-cp-469550.txt": "gazette-nghi-dinh-161-2026-nd-cp.md",
    "cong_doan__thong-tu-so-17-2023-tt-bldtbxh-41049.txt": "gazette-thong-tu-17-2023-tt-bldtbxh.md",
}


@pytest.fixture(scope="module")
def gazette_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("gazette-src")
    for f in GAZETTE.glob("*.txt"):
        shutil.copy(f, src / f.name)
    return build_site(src, tmp_path_factory.mktemp("gazette-site"))


def test_nothing_lost_in_gazette(gazette_site: Path) -> None:
    data = load_data(gazette_site)
    quality = words(page_text(gazette_site, "chat-luong-du-lieu"))
    for source in sorted(GAZETTE.glob("*.txt")):
        pages: set[str] = set()
        for doc in data["documents"]:
            if doc["source"] == source.name:
                pages |= words(page_text(gazette_site, doc["url"]))
        if not pages:  # a file that gave no document (only page furniture): its lines are on the quality page
            pages = quality
        missing = words(source.read_text(encoding="utf-8")) - pages
        assert not missing, f"{source.name}: {sorted(missing)[:20]}"


def test_one_document_per_gazette_file(gazette_site: Path) -> None:
    data = load_data(gazette_site)
    per_file: dict[str, int] = {}
    for doc in data["documents"]:
        per_file[doc["source"]] = per_file.get(doc["source"], 0) + 1
    assert set(per_file.values()) == {1}
    assert len(per_file) == len(list(GAZETTE.glob("*.txt"))) - 1  # the scanned treaty has no text at all


@pytest.fixture(scope="module")
def golden_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    src = tmp_path_factory.mktemp("gazette-golden")
    for name in GOLDEN_FILES:
        shutil.copy(GAZETTE / name, src / name)
    resolved = resolve(build_corpus(src), today=date(2026, 1, 1))  # statuses are computed for a day
    pages = render_site(resolved)
    by_source = {d.source: d.url.rstrip("/") + ".md" for d in resolved.documents}
    return {name: pages[by_source[name]] for name in GOLDEN_FILES}


@pytest.mark.parametrize(("name", "golden"), sorted(GOLDEN_FILES.items()))
def test_gazette_page_matches_golden(golden_pages: dict[str, str], name: str, golden: str) -> None:
    path = GOLDEN / golden
    if os.environ.get("VANBAN_UPDATE_GOLDEN"):
        path.write_text(golden_pages[name], encoding="utf-8")
    assert golden_pages[name] == path.read_text(encoding="utf-8")

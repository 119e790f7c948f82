"""Relations and status in headless Chromium, on a site built from tests/fixtures/relations on 1 January 2025."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.validity import DATE_ENV

from ..conftest import FIXTURES, build_site, load_data
from .harness import run_query, serve

JAN_2025 = "1735689600"  # 2025-01-01T00:00:00Z


@pytest.fixture(scope="module")
def relations_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    old = os.environ.get(DATE_ENV)
    os.environ[DATE_ENV] = JAN_2025
    try:
        return build_site(FIXTURES / "relations", tmp_path_factory.mktemp("relations-site"))
    finally:
        if old is None:
            os.environ.pop(DATE_ENV, None)
        else:
            os.environ[DATE_ENV] = old


@pytest.fixture(scope="module")
def relations_url(relations_site: Path) -> Iterator[str]:
    with serve(relations_site) as url:
        yield url


def _url(site: Path, reference: str) -> str:
    return next(d["url"] for d in load_data(site)["documents"] if d["reference"] == reference)


def _headings(page: Any) -> list[tuple[str, str]]:
    return page.execute_script(
        "return Array.from(document.querySelectorAll('h4.vb-relation')).map(h => [h.dataset.relation, h.textContent.trim()])"
    )


def test_replaced_document_shows_its_status_and_who_replaced_it(page: Any, relations_url: str, relations_site: Path) -> None:
    page.get(relations_url + _url(relations_site, "05/2020/TT-BTC"))
    status = page.find_element("css selector", ".vb-status")
    assert status.get_attribute("data-status") == "replaced"
    assert status.text.startswith("Bị thay thế bởi")
    cell = status.find_element("xpath", "..")
    link = cell.find_element("partial link text", "10/2024/TT-BTC")
    assert link.get_attribute("href").rstrip("/").endswith(_url(relations_site, "10/2024/TT-BTC").rstrip("/"))
    assert ("replaces", "Văn bản thay thế (1)") in [(r, t.replace("¶", "").strip()) for r, t in _headings(page)]


def test_replacing_document_groups_what_it_cites_by_kind(page: Any, relations_url: str, relations_site: Path) -> None:
    page.get(relations_url + _url(relations_site, "10/2024/TT-BTC"))
    headings = [(r, t.replace("¶", "").strip()) for r, t in _headings(page)]
    assert ("replaces", "Văn bản bị thay thế (1)") in headings
    assert ("basis", "Văn bản căn cứ (1)") in headings
    assert [r for r, _ in headings].index("replaces") < [r for r, _ in headings].index("basis")  # strongest first
    assert page.find_element("css selector", ".vb-status").get_attribute("data-status") == "in_force"


def test_status_filter_narrows_the_search(page: Any, relations_url: str, relations_site: Path) -> None:
    everything = run_query(page, relations_url, "thông tư")
    replaced = run_query(page, relations_url, "thông tư", hieu_luc="Bị thay thế")
    assert replaced.urls == (_url(relations_site, "05/2020/TT-BTC"),), replaced.urls
    assert set(replaced.urls) < set(everything.urls)
    not_yet = run_query(page, relations_url, "thông tư", hieu_luc="Chưa có hiệu lực")
    assert not_yet.urls == (_url(relations_site, "20/2029/TT-BTC"),), not_yet.urls

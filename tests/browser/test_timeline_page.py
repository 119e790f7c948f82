"""The timeline in a browser: docs/assets/timeline.js marks each dated row from the reader's today and adds its badge
(rows are written without one, which keeps long timelines cheap for MkDocs)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from selenium.webdriver.support.ui import WebDriverWait


@pytest.mark.parametrize("url", ["moc-thoi-gian/2022/", "van-ban/quang-ngai/2022/ke-hoach-53-kh-ubnd/"])
def test_dated_rows_get_a_status_badge(page: Any, base_url: str, url: str) -> None:
    page.get(f"{base_url}/{url}")
    WebDriverWait(page, 10).until(lambda d: d.execute_script("return document.querySelector('tr[data-due] .vb-status') !== null"))
    rows = page.execute_script(
        "return Array.from(document.querySelectorAll('tr[data-due]')).map(r => {"
        "  const b = r.querySelectorAll('.vb-due .vb-status');"
        "  return [r.className, b.length, b.length ? b[0].className : '', b.length ? b[0].textContent : ''];"
        "})"
    )
    assert len(rows) >= 5
    for row_class, badges, badge_class, text in rows:
        status = re.search(r"vb-(past|soon|upcoming)", row_class)
        assert status and badges == 1 and badge_class == f"vb-status vb-{status.group(1)}"
        assert re.fullmatch(r"Đã qua|Hôm nay|Còn \d+ ngày|Sắp tới", text)
    if url.startswith("moc-thoi-gian/2022"):  # the deadlines of 2022 are past for a reader of today
        assert all("vb-past" in row_class for row_class, *_ in rows)

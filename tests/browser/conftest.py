"""Browser fixtures: the seed site served on the loopback interface, and one headless Chromium for the session.

In CI (CI set in the environment) a missing browser is an error, not a skip: .ci/run installs Debian's chromium
and chromium-driver.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import FIXTURES, SOURCE, build_site
from .harness import CHROMEDRIVER, CHROMIUM, browser_available, chromium, console_errors, serve


@pytest.fixture(scope="session")
def base_url(seed_site: Path) -> Iterator[str]:
    with serve(seed_site) as url:
        yield url


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def long_plan(sections: int = 40, items: int = 6) -> str:
    """A plan far longer than the seeds: many sections, duties with deadlines, a long table, a word with no break."""
    lines = [
        "ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "---------------", "Số: 999/KH-UBND", "Quảng Ngãi, ngày 05 tháng 3 năm 2024", "",
        "KẾ HOẠCH", "TRIỂN KHAI NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2024 VÀ CÁC NĂM TIẾP THEO, "
        "KÈM THEO DANH MỤC DÀI CÁC NHIỆM VỤ CỦA CÁC SỞ, BAN, NGÀNH VÀ ỦY BAN NHÂN DÂN CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ",
        "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
    ]
    agencies = ["Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp", "Thanh tra tỉnh", "Ban Dân tộc tỉnh", "Sở Lao động - Thương binh và Xã hội"]
    for s in range(sections):
        numeral = _roman(s + 1)
        lines.append(f"{numeral}. NHIỆM VỤ TRỌNG TÂM SỐ {s + 1}")
        for i in range(items):
            lead, support = agencies[(s + i) % len(agencies)], agencies[(s + i + 1) % len(agencies)]
            lines.append(
                f"{i + 1}. {lead} chủ trì, phối hợp với {support} rà soát thủ tục hành chính thuộc lĩnh vực số {s * items + i + 1}, "
                f"hoàn thành trước ngày {1 + (s + i) % 28:02d}/{1 + (s * items + i) % 12:02d}/{2024 + s % 3}."
            )
    lines.append("Địa chỉ tra cứu: " + "https://dichvucong.quangngai.gov.vn/" + "thu-tuc-hanh-chinh-" * 20)
    lines += ["", "| STT | Nhiệm vụ | Cơ quan chủ trì | Thời hạn | Ghi chú |", "|---|---|---|---|---|"]
    for r in range(60):
        lines.append(f"| {r + 1} | Rà soát, đơn giản hóa thủ tục hành chính nhóm {r + 1} | {agencies[r % len(agencies)]} | "
                     f"{1 + r % 28:02d}/{1 + r % 12:02d}/2025 | Báo cáo kết quả về Sở Nội vụ |")
    lines += ["", "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="session")
def edge_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from long, hostile and empty documents, with one seed beside them."""
    src = tmp_path_factory.mktemp("edge-src")
    for f in sorted((FIXTURES / "hostile").iterdir()):
        if f.suffix in {".txt", ".md"} and f.name.lower() != "readme.md":
            shutil.copy(f, src / f.name)
    (src / "ke-hoach-rat-dai.txt").write_text(long_plan(), encoding="utf-8")
    (src / "rong.txt").write_text("", encoding="utf-8")
    (src / "chi-khoang-trang.txt").write_text("  \n\t\n\n", encoding="utf-8")
    (src / "chi-tieu-de.txt").write_text("KẾ HOẠCH\n", encoding="utf-8")
    shutil.copy(SOURCE / "001_1409461a94ad2694.txt", src / "001.txt")
    return build_site(src, tmp_path_factory.mktemp("edge-site"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not browser_available():
        if os.environ.get("CI"):
            pytest.fail(f"headless Chromium is required in CI: {CHROMIUM} and {CHROMEDRIVER} (Debian: chromium chromium-driver)")
        pytest.skip(f"no {CHROMIUM} / {CHROMEDRIVER} here (Debian packages chromium and chromium-driver)")
    with chromium() as driver:
        yield driver


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """The session's browser, its console drained before the test and checked for errors after it."""
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    console_errors(browser)
    yield browser
    errors = console_errors(browser)
    assert not errors, f"console errors: {errors}"

"""Browser fixtures: the seed site served on the loopback interface, and one headless Chromium for the session.

In CI (CI set in the environment) a missing browser is an error, not a skip: .ci/run installs Debian's chromium
and chromium-driver.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .harness import CHROMEDRIVER, CHROMIUM, browser_available, chromium, console_errors, serve


@pytest.fixture(scope="session")
def base_url(seed_site: Path) -> Iterator[str]:
    with serve(seed_site) as url:
        yield url


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

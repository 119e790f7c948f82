"""WCAG 2.1 AA on every kind of page: axe-core 4.x (vendored) in Debian's headless Chromium.

Every kind of page of the shipped corpus and of a site built from long, hostile and empty documents (home,
document list, document, instrument index and page, timeline and a year of it, agency index and agency, search with
results, data quality, about, 404, and whatever kinds a build adds), in the light and the dark colour scheme, at
1280 px and at 360 px wide: no violation of the rules tagged wcag2a, wcag2aa, wcag21a or wcag21aa.

Contrast inside the chain graph cannot be seen by axe (Material draws Mermaid graphs in a closed shadow root), so
the graph's colours are checked here from the CSS variables Material's Mermaid theme reads.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .axe import REQUIRED_KINDS, describe, page_kinds, run_axe, set_scheme, wait_for_page
from .harness import emulate_phone, serve

QUERY = "kế hoạch"


@pytest.fixture(scope="session")
def edge_url(edge_site: Path) -> Iterator[str]:
    with serve(edge_site) as url:
        yield url


def _visits(site: Path) -> list[tuple[str, str]]:
    kinds = page_kinds(site)
    missing = [k for k in REQUIRED_KINDS if k not in kinds]
    assert not missing, f"page kinds missing from the site: {missing}"
    visits: list[tuple[str, str]] = []
    for kind, rel in kinds.items():
        if any(rel == seen for _, seen in visits):
            continue  # the page with a graph may be the largest document too
        if kind == "tim-kiem":
            rel += "?" + urllib.parse.urlencode({"q": QUERY})
        visits.append((kind or "home", rel))
    return visits


def _audit(driver: Any, base: str, site: Path, width: int, scheme: str) -> None:
    if width < 500:
        emulate_phone(driver, width)
    failures: list[str] = []
    try:
        for kind, rel in _visits(site):
            driver.get(base + rel)
            wait_for_page(driver)
            set_scheme(driver, scheme)
            if kind == "tim-kiem":
                shown = driver.execute_script("return document.querySelectorAll('#ket-qua a.vb-result-link').length;")
                assert shown, f"the search for {QUERY!r} showed no result"
            violations = run_axe(driver)
            if violations:
                failures.append(describe(f"{kind} ({rel}, {scheme}, {width} px)", violations))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert not failures, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(failures)


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("width", [1280, 360])
def test_seed_site_meets_wcag_aa(page: Any, base_url: str, seed_site: Path, width: int, scheme: str) -> None:
    _audit(page, base_url, seed_site, width, scheme)


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("width", [1280, 360])
def test_long_hostile_and_empty_documents_meet_wcag_aa(page: Any, edge_url: str, edge_site: Path, width: int, scheme: str) -> None:
    _audit(page, edge_url, edge_site, width, scheme)


def _rgba(css: str) -> tuple[float, float, float, float]:
    """'rgb(1, 2, 3)' or 'rgba(1, 2, 3, 0.5)' -> channels 0..1 and alpha."""
    parts = [float(x) for x in css[css.index("(") + 1 : css.index(")")].replace("/", ",").split(",")]
    return (parts[0] / 255, parts[1] / 255, parts[2] / 255, parts[3] if len(parts) > 3 else 1.0)


def _over(top: tuple[float, float, float, float], below: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    a = top[3]
    return (top[0] * a + below[0] * (1 - a), top[1] * a + below[1] * (1 - a), top[2] * a + below[2] * (1 - a), 1.0)


def contrast(one: tuple[float, ...], two: tuple[float, ...]) -> float:
    """WCAG 2.1 contrast ratio of two opaque colours."""

    def lum(c: tuple[float, ...]) -> float:
        lin = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c[:3]]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((lum(one), lum(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("one", "two", "expected"),
    [("rgb(255, 255, 255)", "rgb(0, 0, 0)", 21.0), ("rgb(155, 28, 28)", "rgb(255, 255, 255)", 8.15), ("rgb(117, 117, 117)", "rgb(255, 255, 255)", 4.61)],
)
def test_contrast_formula(one: str, two: str, expected: float) -> None:
    assert round(contrast(_rgba(one), _rgba(two)), 2) == expected


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_chain_graph_colours_meet_contrast(page: Any, base_url: str, seed_site: Path, scheme: str) -> None:
    """Material draws the graph in a closed shadow root, out of axe's sight, with these CSS variables: node text on
    node fill 4.5:1, edges and node borders against the page 3:1 (graphical objects), in both schemes."""
    page.get(base_url + page_kinds(seed_site)["graph"])
    wait_for_page(page)
    set_scheme(page, scheme)
    colours = page.execute_script(
        """
        var probe = document.createElement('div');
        document.querySelector('.md-content').appendChild(probe);
        var out = {};
        for (var name of ['node-bg', 'node-fg', 'edge', 'label-fg', 'label-bg']) {
          probe.style.color = 'var(--md-mermaid-' + name + '-color)';
          out[name] = getComputedStyle(probe).color;
        }
        probe.style.color = 'var(--md-default-bg-color)';
        out.page = getComputedStyle(probe).color;
        probe.remove();
        return out;
        """
    )
    page_bg = _over(_rgba(colours["page"]), (1.0, 1.0, 1.0, 1.0))
    node_bg = _over(_rgba(colours["node-bg"]), page_bg)
    ratios = {
        "node text on node fill": (contrast(_over(_rgba(colours["node-fg"]), node_bg), node_bg), 4.5),
        "node border on the page": (contrast(_over(_rgba(colours["node-fg"]), page_bg), page_bg), 3.0),
        "edges on the page": (contrast(_over(_rgba(colours["edge"]), page_bg), page_bg), 3.0),
        "labels on their fill": (contrast(_over(_rgba(colours["label-fg"]), page_bg), _over(_rgba(colours["label-bg"]), page_bg)), 4.5),
    }
    low = {what: round(ratio, 2) for what, (ratio, need) in ratios.items() if ratio < need}
    assert not low, f"{scheme}: {low} ({colours})"

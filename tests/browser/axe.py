"""axe-core (vendored, tests/browser/vendor/axe-core/) run in the browser, and the page kinds of a built site.

`run_axe` injects axe.min.js into the page the driver shows and returns the violations of the WCAG 2.0 / 2.1 A and
AA rules; `describe` turns them into lines a person can read in a test failure.
"""

from __future__ import annotations

import json
import time
from functools import cache
from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

# kinds every site must have (key: the address with its variable folders as '*'); a site may have more
REQUIRED_KINDS = (
    "",  # home
    "van-ban",  # document list
    "van-ban/*/*/*",  # document
    "van-ban-dan-chieu",  # instrument index
    "van-ban-dan-chieu/*/*",  # instrument page: the documents citing it
    "moc-thoi-gian",  # timeline
    "moc-thoi-gian/*",  # timeline of a year
    "co-quan",  # agency index
    "co-quan/*",  # agency
    "chat-luong-du-lieu",  # data quality
    "gioi-thieu",  # about
    "tim-kiem",  # search (opened with a query)
)


@cache
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def kind_of(rel_dir: str) -> str:
    """'van-ban/lao-cai/2022/ke-hoach-13' -> 'van-ban/*/*/*': the first folder names the kind, the depth its shape."""
    parts = [p for p in rel_dir.split("/") if p]
    return "/".join(parts[:1] + ["*"] * (len(parts) - 1))


def page_kinds(site: Path) -> dict[str, str]:
    """For every kind of page of the site, the address (relative, ending in '/') of its largest page (the most
    elements for axe to check); pages with a chain graph count as a kind of their own, and so does the 404 page."""
    best: dict[str, tuple[int, str]] = {}
    for path in site.rglob("index.html"):
        rel = path.parent.relative_to(site).as_posix()
        rel = "" if rel == "." else rel
        if rel.startswith("assets"):
            continue
        text = path.read_text(encoding="utf-8")
        keys = [kind_of(rel)] + (["graph"] if 'class="mermaid"' in text else [])
        for key in keys:
            best[key] = max(best.get(key, (-1, "")), (len(text), rel + "/" if rel else ""))
    kinds = {key: rel for key, (_, rel) in sorted(best.items())}
    if (site / "404.html").exists():
        kinds["404"] = "404.html"
    return kinds


def wait_for_page(driver: Any, timeout: float = 15.0) -> None:
    """Wait until the scripts that change the page have run: the search (when on the search page), Mermaid graphs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = driver.execute_script(
            """
            if (document.readyState !== 'complete') return false;
            var box = document.getElementById('ket-qua');
            if (box && /[?&]q=/.test(location.search) && !['done', 'error'].includes(box.getAttribute('data-state'))) return false;
            return !document.querySelector('pre.mermaid');  // Material swaps each for a div holding the drawn graph
            """
        )
        if ready:
            return
        time.sleep(0.05)
    raise AssertionError(f"{driver.current_url}: the page did not settle in {timeout} s")


def set_scheme(driver: Any, scheme: str) -> None:
    """Switch the page to a colour scheme of the site's palette ('default' or 'slate') as its toggle does."""
    done = driver.execute_script(
        """
        var input = document.querySelector('input[name="__palette"][data-md-color-scheme="' + arguments[0] + '"]');
        if (!input) return document.body.getAttribute('data-md-color-scheme') === arguments[0];
        // the theme animates colour changes (125 ms): audit the colours the scheme settles on, not a blend
        // caught half-way on a loaded machine
        var still = document.createElement('style');
        still.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
        document.head.appendChild(still);
        for (var key of ['scheme', 'primary', 'accent']) {
          document.body.setAttribute('data-md-color-' + key, input.getAttribute('data-md-color-' + key));
        }
        void document.body.offsetHeight;  // apply the new colours now
        return document.body.getAttribute('data-md-color-scheme') === arguments[0];
        """,
        scheme,
    )
    assert done, f"{driver.current_url}: the site has no {scheme!r} colour scheme to switch to"


def run_axe(driver: Any) -> list[dict[str, Any]]:
    """axe-core's violations of the WCAG 2.0 and 2.1 A and AA rules on the page the driver shows."""
    if not driver.execute_script("return typeof window.axe === 'object';"):
        driver.execute_script(axe_source())
    driver.set_script_timeout(120)
    result = driver.execute_async_script(
        """
        var done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
          .then(r => done({violations: r.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help, tags: v.tags,
              nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 200), summary: n.failureSummary}))}))}))
          .catch(e => done({error: String(e)}));
        """,
        list(TAGS),
    )
    if "error" in result:
        raise AssertionError(f"axe-core failed on {driver.current_url}: {result['error']}")
    return list(result["violations"])


def describe(label: str, violations: list[dict[str, Any]], per_rule: int = 5) -> str:
    """Readable lines: rule, impact, help, and the first elements with why each fails."""
    lines = []
    for v in violations:
        nodes = v["nodes"]
        lines.append(f"{label}: {v['id']} ({v['impact']}, {len(nodes)} elements): {v['help']}")
        for node in nodes[:per_rule]:
            summary = " ".join((node.get("summary") or "").split())
            lines.append(f"    {json.dumps(node['target'], ensure_ascii=False)} {node['html'][:120]}")
            lines.append(f"        {summary[:300]}")
        if len(nodes) > per_rule:
            lines.append(f"    ... and {len(nodes) - per_rule} more")
    return "\n".join(lines)

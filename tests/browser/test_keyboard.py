"""Keyboard only, as a reader without a mouse: Tab, typing, Enter and the arrow keys, nothing else.

From the home page: the skip link comes first and lands in the content; the colour toggle switches the scheme; the
header's search box finds a document by its number; the result opens it; from the document an agency's page, and
on it the agency's calendar (.ics) link takes the focus, with a visible focus indicator all along.
"""

from __future__ import annotations

from typing import Any

from selenium.webdriver.common.keys import Keys

from .harness import wait_for_results

MAX_TABS = 800


def active(driver: Any) -> dict[str, str]:
    return dict(
        driver.execute_script(
            """
            var e = document.activeElement, s = getComputedStyle(e);
            return {tag: e.tagName.toLowerCase(), id: e.id || '', cls: e.className || '', href: e.getAttribute('href') || '',
                    text: (e.textContent || '').trim().slice(0, 120), name: e.getAttribute('name') || '',
                    outline: s.outlineStyle + ' ' + s.outlineWidth};
            """
        )
    )


def press(driver: Any, *keys: str) -> None:
    driver.switch_to.active_element.send_keys(*keys)


def tab_to(driver: Any, wanted: Any, what: str) -> dict[str, str]:
    """Press Tab until the focused element satisfies `wanted`; fails after MAX_TABS presses."""
    seen = []
    for _ in range(MAX_TABS):
        press(driver, Keys.TAB)
        now = active(driver)
        if wanted(now):
            return now
        seen.append(now["href"] or now["tag"])
    raise AssertionError(f"{what}: not reached in {MAX_TABS} presses of Tab on {driver.current_url}; went through {seen[:40]}")


def visible_focus(driver: Any, now: dict[str, str]) -> None:
    style, width = now["outline"].split()
    assert style != "none" and float(width.removesuffix("px")) >= 2, f"no visible focus on {now}: outline {now['outline']}"


def test_skip_link_and_colour_toggle_by_keyboard(page: Any, base_url: str) -> None:
    page.get(base_url)
    first = tab_to(page, lambda e: True, "the first control")
    assert first["text"] == "Bỏ qua đến nội dung chính" and first["href"] == "#noi-dung-chinh", first
    assert page.execute_script("var r = document.activeElement.getBoundingClientRect(); return r.width > 0 && r.top >= 0;")
    visible_focus(page, first)
    press(page, Keys.ENTER)
    assert active(page)["id"] == "noi-dung-chinh"
    page.get(base_url)
    toggle = tab_to(page, lambda e: e["name"] == "__palette", "the colour toggle")
    before = page.execute_script("return document.body.getAttribute('data-md-color-scheme');")
    press(page, Keys.ARROW_RIGHT)
    after = page.execute_script("return document.body.getAttribute('data-md-color-scheme');")
    assert {before, after} == {"default", "slate"}, (toggle, before, after)
    press(page, Keys.ARROW_RIGHT)  # and back, for the tests that follow (the choice is kept in localStorage)
    assert page.execute_script("return document.body.getAttribute('data-md-color-scheme');") == before


def test_search_open_document_reach_agency_calendar_by_keyboard(page: Any, base_url: str) -> None:
    page.get(base_url)
    box = tab_to(page, lambda e: "vb-header-search__input" in e["cls"], "the header search box")
    visible_focus(page, box)
    press(page, "13/KH-UBND", Keys.ENTER)
    assert wait_for_results(page) == "done"
    result = tab_to(page, lambda e: "vb-result-link" in e["cls"] and "ke-hoach-13-kh-ubnd" in e["href"], "the result")
    visible_focus(page, result)
    press(page, Keys.ENTER)
    assert "/van-ban/lao-cai/2022/ke-hoach-13-kh-ubnd/" in page.current_url, page.current_url
    agency = tab_to(page, lambda e: "co-quan/" in e["href"] and e["href"].rstrip("/").split("/")[-1] != "co-quan", "an agency")
    visible_focus(page, agency)
    press(page, Keys.ENTER)
    assert "/co-quan/" in page.current_url, page.current_url
    calendar = tab_to(page, lambda e: e["href"].endswith(".ics"), "the agency's calendar link")
    assert page.execute_script("return document.activeElement.href.endsWith('.ics');")
    slug = page.current_url.rstrip("/").split("/")[-1]
    assert calendar["href"].endswith(f"data/lich/{slug}.ics"), (calendar, page.current_url)
    visible_focus(page, calendar)

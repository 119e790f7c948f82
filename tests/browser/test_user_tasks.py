"""Issue 18's three users, as a person uses the site: from the home page, each answer in at most three page views,
checked against the data; and what every page owes a phone, a printer and a reader who wants the original.

1. A citizen: what plan 53/KH-UBND (Quảng Ngãi, 2022) requires and by when.
2. Staff of Sở Nội vụ Quảng Ngãi: their agency's own 2022 deadlines in date order, and a calendar to add.
3. A researcher: the central instruments Lào Cai's 13/KH-UBND implements, and the other plans citing 33/CT-TTg with
   their provinces.
"""

from __future__ import annotations

import hashlib
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from ..conftest import SOURCE, load_data
from .harness import emulate_phone


class Visit:
    """A reader's session: counts the pages they open (by address typed or by following a link)."""

    def __init__(self, driver: Any, base_url: str) -> None:
        self.driver = driver
        self.base = base_url
        self.views = 0

    def open(self, path: str = "") -> None:
        self.driver.get(self.base + path)
        self.views += 1

    def follow(self, link: Any) -> None:
        before = self.driver.current_url
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()
        WebDriverWait(self.driver, 10).until(lambda d: d.current_url != before)
        WebDriverWait(self.driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
        self.views += 1

    def link(self, text: str, within: str = "article") -> Any:
        found = [a for a in self.driver.find_elements(By.CSS_SELECTOR, f"{within} a") if a.text.strip().startswith(text)]
        assert found, f"no link «{text}» in {within} of {self.driver.current_url}"
        return found[0]

    def text(self, selector: str) -> str:
        return str(self.driver.find_element(By.CSS_SELECTOR, selector).text)


# rows matching a selector in the section that begins at the heading with this id (up to the next h2)
SECTION_ROWS = """
let n = document.getElementById(arguments[0]).nextElementSibling, count = 0;
while (n && n.tagName !== 'H2') { count += n.querySelectorAll(arguments[1]).length; n = n.nextElementSibling; }
return count;
"""


# the text of the part that begins at the heading with this id (up to the next heading of its level or higher)
SECTION_TEXT = """
const h = document.getElementById(arguments[0]);
let n = h.nextElementSibling, text = '';
while (n && !(/^H[1-9]$/.test(n.tagName) && n.tagName <= h.tagName)) { text += n.innerText + '\\n'; n = n.nextElementSibling; }
return text;
"""


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the test's own loopback server
        return bytes(response.read())


def test_citizen_finds_what_plan_53_requires_and_by_when(page: Any, base_url: str, seed_site: Path) -> None:
    visit = Visit(page, base_url)
    visit.open()
    newest = visit.text("article")
    # two plans without a number are told apart by their province and year
    assert "Kế hoạch (không số) (Bình Định, 2023)" in newest and "Kế hoạch (không số) (Quảng Ngãi, 2021)" in newest
    visit.follow(visit.link("Kế hoạch 53/KH-UBND"))
    summary = visit.text(".vb-summary")
    tasks = page.execute_script(SECTION_ROWS, "ai-lam-gi", "tbody tr")
    plan = next(d for d in load_data(seed_site)["documents"] if d["reference"] == "53/KH-UBND")
    dues = sorted({o for d in plan["deadlines"] for o in (d["occurrences"] or ([d["date"]] if d["date"] else []))})
    assert f"{tasks} việc" in summary and tasks >= 20
    assert f"{page.execute_script(SECTION_ROWS, 'thoi-han', 'tr[data-due]')} thời hạn có ngày" in summary
    assert min(dues) > "2022-03-23"  # nothing before the plan was issued
    # the next deadline from today (a plan of 2022: every deadline is past, the last ones shown)
    today = date.today().isoformat()
    upcoming = [d for d in dues if d >= today]
    note = visit.text(".vb-next")
    shown = [li.get_attribute("data-next-due") for li in page.find_elements(By.CSS_SELECTOR, ".vb-nearest li") if li.is_displayed()]
    if upcoming:
        y, m, d = upcoming[0].split("-")
        assert note.startswith(f"Hạn tiếp theo: {d}/{m}/{y}") and shown[0] == upcoming[0]
    else:
        assert note.startswith("Mọi thời hạn có ngày của văn bản đã qua (hạn cuối cùng: 31/12/2022)") and shown[-1] == dues[-1]
    assert 1 <= len(shown) <= 3
    # the links down lead to the full tables; long tables are folded and open from the keyboard
    assert page.find_element(By.CSS_SELECTOR, ".vb-summary a[href='#ai-lam-gi']") and page.find_element(By.ID, "thoi-han")
    summary_el = page.find_element(By.CSS_SELECTOR, "details.vb-more > summary")
    page.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus()", summary_el)
    summary_el.send_keys(Keys.ENTER)
    assert summary_el.find_element(By.XPATH, "..").get_attribute("open") is not None
    assert visit.views <= 3


def test_agency_staff_list_their_2022_deadlines_and_find_the_calendar(page: Any, base_url: str) -> None:
    visit = Visit(page, base_url)
    visit.open()
    visit.follow(visit.link("Cơ quan", ".md-nav, .md-tabs, article"))
    index = visit.text("article")
    assert "Vai trò khác" not in index and "Việc phải làm" in index
    quang_ngai = page.find_element(By.ID, "dia-ban-quang-ngai")
    table = quang_ngai.find_element(By.XPATH, "following::table[1]")
    visit.follow(next(a for a in table.find_elements(By.TAG_NAME, "a") if a.text == "Sở Nội vụ"))
    assert page.find_element(By.TAG_NAME, "h1").text.startswith("Sở Nội vụ — Quảng Ngãi")
    # own work first: the dated list of 2022, in date order
    rows = page.find_elements(By.CSS_SELECTOR, "#lich-nam-2022 ~ .vb-timeline tr[data-due]")
    if not rows:
        rows = page.find_element(By.ID, "lich-nam-2022").find_elements(By.XPATH, "following::div[contains(@class,'vb-timeline')][1]//tr[@data-due]")
    dues = [r.get_attribute("data-due") for r in rows]
    assert dues and dues == sorted(dues) and all(d.startswith("2022-") for d in dues)
    article = visit.text("article")
    assert article.index("Việc cơ quan phải làm") < article.index("Việc cơ quan phối hợp") < article.index("Báo cáo cơ quan nhận")
    # the calendar beside the download: subscribe (webcal) and Google Calendar; its 2022 events are those dates
    links = [(a.text, str(a.get_attribute("href"))) for a in page.find_elements(By.CSS_SELECTOR, ".vb-calendars a")]
    assert any(h.startswith("webcal://") and h.endswith("/data/lich/quang-ngai--so-noi-vu.ics") for _, h in links)
    assert any(h.startswith("https://calendar.google.com/calendar/render?cid=webcal") for _, h in links)
    download = next(h for t, h in links if t == "Tải lịch (.ics)" and "nhan-bao-cao" not in h)
    cal = Calendar.from_ical(_fetch(download))
    assert str(cal["x-wr-calname"]) == "Việc của Sở Nội vụ (Quảng Ngãi)"
    in_2022 = sorted({ev.decoded("dtstart").isoformat() for ev in cal.walk("VEVENT") if ev.decoded("dtstart").year == 2022})
    assert in_2022 == sorted(set(dues))
    assert visit.views <= 3


def test_researcher_follows_13_kh_ubnd_to_33_ct_ttg_and_its_citers(page: Any, base_url: str) -> None:
    visit = Visit(page, base_url)
    visit.open()
    visit.follow(visit.link("Kế hoạch 13/KH-UBND"))
    cited = page.execute_script(SECTION_TEXT, "van-ban-duoc-dan-chieu")
    for central in ("Chỉ thị 33/CT-TTg", "Nghị quyết 25-NQ/TW", "Nghị định 04/2015/NĐ-CP"):
        assert central in cited, central
    visit.follow(visit.link("Chỉ thị 33/CT-TTg", "#lien-ket ~ *"))
    citing = [h.text for h in page.find_elements(By.CSS_SELECTOR, "article h3, article h4") if h.find_elements(By.TAG_NAME, "a") and "/van-ban/" in (h.find_element(By.TAG_NAME, "a").get_attribute("href") or "")]
    assert any(t.startswith("Kế hoạch 13/KH-UBND (Lào Cai, 2022)") for t in citing)
    assert any(t.startswith("Kế hoạch 53/KH-UBND (Quảng Ngãi, 2022)") for t in citing)
    assert all("(" in t and "," in t for t in citing)  # every citing document with its province and year
    assert visit.views <= 3


PAGE_KINDS = [
    "",  # home
    "van-ban/",
    "van-ban/quang-ngai/2022/ke-hoach-53-kh-ubnd/",
    "van-ban/lao-cai/2022/ke-hoach-13-kh-ubnd/",
    "co-quan/",
    "co-quan/quang-ngai--so-noi-vu/",
    "co-quan/quang-ngai--cac-so-ban-nganh/",
    "moc-thoi-gian/",
    "moc-thoi-gian/2022/",
    "moc-thoi-gian/dia-ban/quang-ngai/",
    "van-ban-dan-chieu/",
    "van-ban-dan-chieu/trung-uong/chi-thi-33-ct-ttg-2021/",
    "tim-kiem/?q=d%C3%A2n+v%E1%BA%ADn",
    "chat-luong-du-lieu/",
    "gioi-thieu/",
]


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_no_page_is_wider_than_a_phone(page: Any, base_url: str, path: str) -> None:
    emulate_phone(page, 360, 740)
    page.get(base_url + path)
    WebDriverWait(page, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    width, inner = page.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, (path, width, inner)
    if page.find_elements(By.CSS_SELECTOR, "article table tbody td[data-label]"):
        # tables are stacked cards: no header row shown, each cell under its column's name
        assert page.execute_script(
            "const t = document.querySelector('article table:not(.vb-card table) thead');"
            "return !t || getComputedStyle(t).display === 'none'"
        )


def test_every_document_offers_its_original_byte_for_byte(page: Any, base_url: str, seed_site: Path) -> None:
    documents = load_data(seed_site)["documents"]
    assert len(documents) >= 6
    for doc in documents:
        page.get(base_url + doc["url"])
        link = page.find_element(By.CSS_SELECTOR, "a.vb-download")
        assert link.text == "Tải văn bản gốc" and link.get_attribute("download") is not None
        card = page.find_element(By.CSS_SELECTOR, ".vb-card").text
        assert "Tải văn bản gốc" in card and "Tệp nguồn" not in card
        assert hashlib.sha256(_fetch(link.get_attribute("href"))).digest() == hashlib.sha256((SOURCE / doc["source"]).read_bytes()).digest()


def test_print_and_copy_link_buttons(page: Any, base_url: str) -> None:
    page.get(base_url + "van-ban/quang-ngai/2022/ke-hoach-53-kh-ubnd/")
    buttons = page.find_elements(By.CSS_SELECTOR, ".vb-actions button")
    assert [b.text for b in buttons] == ["In văn bản", "Sao chép đường dẫn"] and all(b.is_displayed() for b in buttons)
    page.execute_script("arguments[0].focus()", buttons[1])
    buttons[1].send_keys(Keys.ENTER)  # keyboard: a real <button>
    status = page.find_element(By.CSS_SELECTOR, ".vb-action-status")
    WebDriverWait(page, 5).until(lambda d: status.text)
    assert "van-ban/quang-ngai/2022/ke-hoach-53-kh-ubnd/" in status.text and status.get_attribute("role") == "status"


def test_document_list_filters_in_the_browser(page: Any, base_url: str) -> None:
    page.get(base_url + "van-ban/")
    form = page.find_element(By.CSS_SELECTOR, ".vb-list-filters")
    assert form.is_displayed()
    Select(form.find_element(By.NAME, "province")).select_by_visible_text("Quảng Ngãi")
    shown = [r for r in page.find_elements(By.CSS_SELECTOR, "tr[data-province]") if r.is_displayed()]
    assert shown and all(r.get_attribute("data-province") == "Quảng Ngãi" for r in shown)
    assert form.find_element(By.CSS_SELECTOR, ".vb-filter-count").text.startswith(f"{len(shown)} / ")
    Select(form.find_element(By.NAME, "year")).select_by_visible_text("2021")
    shown = [r for r in page.find_elements(By.CSS_SELECTOR, "tr[data-province]") if r.is_displayed()]
    assert len(shown) == 1 and "Kế hoạch (không số)" in shown[0].text
    assert not page.find_element(By.ID, "nam-2023").is_displayed()  # a year without a match is hidden

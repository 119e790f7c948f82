"""Status from the documents published here: replaced, amended, repealed, not yet in force; pages and open data agree."""

from __future__ import annotations

import html
import json
import posixpath
import re
from datetime import date
from pathlib import Path

import pytest

from generator.addresses import page_url
from generator.models import ResolvedCorpus
from generator.pipeline import load_corpus
from generator.render.data import corpus_json, dumps
from generator.render.pages import render_site
from generator.resolve import resolve
from generator.validity import DATE_ENV, build_date

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "relations"
DAY = date(2025, 1, 1)


def _resolved(today: date) -> ResolvedCorpus:
    loaded = load_corpus(FIXTURES, cache_dir=None, jobs=1)
    return resolve(loaded.corpus, loaded.extracted, today)


@pytest.fixture(scope="module")
def built() -> tuple[dict[str, str], dict]:  # type: ignore[type-arg]
    resolved = _resolved(DAY)
    return render_site(resolved), json.loads(dumps(corpus_json(resolved)))


def _doc(data: dict, reference: str) -> dict:  # type: ignore[type-arg]
    return next(d for d in data["documents"] if d["reference"] == reference)


# (document, status on 1 January 2025, the document that made it so, what its page says)
STATUSES = [
    ("05/2020/TT-BTC", "replaced", "10/2024/TT-BTC", "Bị thay thế bởi"),
    ("07/2021/TT-BTC", "amended", "12/2024/TT-BTC", "được sửa đổi, bổ sung bởi"),
    ("03/2019/TT-BTC", "repealed", "15/2024/TT-BTC", "Bị bãi bỏ bởi"),
    ("10/2024/TT-BTC", "in_force", None, "Còn hiệu lực"),
    ("20/2029/TT-BTC", "not_yet", None, "Chưa có hiệu lực (có hiệu lực từ ngày 01/01/2030)"),
    # replaced from 2030 only: in force today
    ("11/2022/TT-BTC", "in_force", None, "Còn hiệu lực"),
]


@pytest.mark.parametrize(("reference", "status", "by", "says"), STATUSES)
def test_status_on_page_and_in_open_data(built, reference: str, status: str, by: str | None, says: str) -> None:  # type: ignore[no-untyped-def]
    pages, data = built
    doc = _doc(data, reference)
    assert doc["status"] == status
    page = pages[doc["page"]]
    card = page[page.index("<tr><td>Hiệu lực</td>") :].split("</tr>", 1)[0]  # the card's row
    assert f'data-status="{status}"' in card
    assert says in html.unescape(card)
    if by is None:
        assert doc["status_by"] == []
        return
    actor = _doc(data, by)
    assert doc["status_by"] == [actor["id"]]
    here = page_url(doc["page"])
    links = {posixpath.normpath(posixpath.join(here, h)) for h in re.findall(r'href="([^"]*)"', card)}
    assert page_url(actor["page"]).rstrip("/") in links  # the card links to the document that acted


def test_the_acting_page_lists_what_it_acts_on(built) -> None:  # type: ignore[no-untyped-def]
    pages, data = built
    replacing = pages[_doc(data, "10/2024/TT-BTC")["page"]]
    replaced = pages[_doc(data, "05/2020/TT-BTC")["page"]]
    def group(heading: str) -> str:  # a group's heading in the table of contents (markdown.heading_html)
        return f'">{heading}<a class="headerlink"'

    assert group("Văn bản bị thay thế (1)") in replacing and "<h4" in replacing
    assert group("Văn bản căn cứ (1)") in replacing
    assert group("Văn bản thay thế (1)") in replaced  # both directions
    amended = pages[_doc(data, "07/2021/TT-BTC")["page"]]
    assert group("Văn bản sửa đổi, bổ sung (1)") in amended
    assert '-->|"thay thế"|' in replacing  # the chain graph labels its edges


def test_effective_dates_in_open_data(built) -> None:  # type: ignore[no-untyped-def]
    _, data = built
    computed = _doc(data, "07/2021/TT-BTC")  # "sau 45 ngày kể từ ngày ký ban hành", signed 10/3/2021
    assert (computed["effective_date"], computed["effective_rule"], computed["effective_computed"]) == (
        "2021-04-24", "sau 45 ngày kể từ ngày ký ban hành", True,
    )
    signing = _doc(data, "12/2024/TT-BTC")
    assert (signing["effective_date"], signing["effective_rule"]) == ("2024-08-02", "kể từ ngày ký")
    written = _doc(data, "10/2024/TT-BTC")
    assert (written["effective_date"], written["effective_rule"], written["effective_computed"]) == ("2024-07-01", None, False)
    assert data["status_date"] == "2025-01-01"
    citation = next(c for c in _doc(data, "10/2024/TT-BTC")["citations"] if c["reference"] == "05/2020/TT-BTC")
    assert citation["relation"] == "replaces" and citation["partial"] is False


def test_a_replacement_acts_from_its_first_day() -> None:
    later = _resolved(date(2030, 6, 1))
    by_ref = {d.reference: d.id for d in later.documents}
    assert later.validity[by_ref["11/2022/TT-BTC"]].status == "replaced"
    assert later.validity[by_ref["20/2029/TT-BTC"]].status == "in_force"


def test_same_input_same_day_same_bytes() -> None:
    first, second = _resolved(DAY), _resolved(DAY)
    assert render_site(first) == render_site(second)
    assert dumps(corpus_json(first)) == dumps(corpus_json(second))


def test_build_date_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATE_ENV, "1735689600")  # 2025-01-01T00:00:00Z
    assert build_date() == date(2025, 1, 1)

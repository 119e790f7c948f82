"""The 36 documents of corpus-extra (pandoc Markdown, tables, annexes) build into pages."""

from __future__ import annotations

from pathlib import Path

from .conftest import FIXTURES, load_data, page_text
from .test_site import words


def test_all_extra_documents_build(extra_site: Path) -> None:
    data = load_data(extra_site)
    sources = {d["source"] for d in data["documents"]}
    assert sources == {p.name for p in (FIXTURES / "corpus-extra").glob("*.txt")}
    assert len(data["documents"]) == 36
    assert data["unreadable"] == []
    for doc in data["documents"]:
        assert doc["reference"], doc["source"]
        assert doc["date"], doc["source"]
        # the number in the file name is the number read from the document
        assert doc["source"].split("_")[0].split("-")[0] == doc["number"]


def test_numbers_and_dates(extra_site: Path) -> None:
    docs = {d["source"]: d for d in load_data(extra_site)["documents"]}
    assert docs["1654_NQ-UBTVQH15.txt"]["reference"] == "1654/NQ-UBTVQH15"
    assert docs["1654_NQ-UBTVQH15.txt"]["date"] == "2025-06-16"
    assert docs["1654_NQ-UBTVQH15.txt"]["issuer"] == "Ủy ban Thường vụ Quốc hội"
    assert docs["1654_NQ-UBTVQH15.txt"]["signer"]["name"] == "Trần Thanh Mẫn"
    assert docs["60-NQ_TW.txt"]["reference"] == "60-NQ/TW"
    assert docs["60-NQ_TW.txt"]["date"] == "2025-04-12"
    # an annex published alone: its number and date come from "Ban hành kèm theo Công văn số 1027/CTK-CSCL ..."
    assert docs["1027_CTK-CSCL.txt"]["reference"] == "1027/CTK-CSCL"
    assert docs["1027_CTK-CSCL.txt"]["date"] == "2025-06-25"
    assert "reference" in docs["1027_CTK-CSCL.txt"]["inferred"]


def test_tables_are_kept(extra_site: Path) -> None:
    docs = {d["source"]: d for d in load_data(extra_site)["documents"]}
    html = (extra_site / docs["1027_CTK-CSCL.txt"]["url"] / "index.html").read_text(encoding="utf-8")
    assert html.count("<tr>") > 3000  # one row per commune
    assert "<th>Mã số</th>" in html
    assert "<td>Phường Hoàn Kiếm</td>" in html


def test_nothing_lost_in_extra(extra_site: Path) -> None:
    data = load_data(extra_site)
    for source in sorted((FIXTURES / "corpus-extra").glob("*.txt")):
        pages: set[str] = set()
        for doc in data["documents"]:
            if doc["source"] == source.name:
                pages |= words(page_text(extra_site, doc["url"]))
        missing = words(source.read_text(encoding="utf-8")) - pages
        assert not missing, f"{source.name}: {sorted(missing)[:20]}"

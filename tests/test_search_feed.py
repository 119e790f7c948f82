"""Atom feed of the newest documents (generator/render/feed.py), on the seed corpus and on hostile text."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest

from generator.models import Document
from generator.pipeline import build_corpus
from generator.render.feed import LIMIT, entry_id, newest, render_feed

from .conftest import SOURCE

A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def seeds() -> tuple[Document, ...]:
    return build_corpus(SOURCE).documents


def entries(xml: str) -> list[ET.Element]:
    return ET.fromstring(xml).findall(f"{A}entry")


def test_seed_feed_lists_dated_documents_newest_first(seeds: tuple[Document, ...]) -> None:
    feed = ET.fromstring(render_feed(seeds))
    dated = [d for d in seeds if d.date]
    got = [e.findtext(f"{A}updated") or "" for e in feed.findall(f"{A}entry")]
    assert len(got) == len(dated) and len(dated) < len(seeds)  # the undated plans (2021, 2023, 03-KH/BCĐ) are left out
    assert got == sorted(got, reverse=True)
    first = feed.find(f"{A}entry")
    assert first is not None
    # Công văn 560/UBND of Đức Phổ, 28/03/2022, is the newest seed
    assert first.findtext(f"{A}title", "").startswith("Công văn 560/UBND: tham mưu triển khai thực hiện Kế hoạch số 53/KH-UBND")
    assert first.findtext(f"{A}updated") == "2022-03-28T00:00:00+07:00"
    assert first.findtext(f"{A}author/{A}name") == "Ủy ban nhân dân thị xã Đức Phổ"
    assert feed.findtext(f"{A}updated") == "2022-03-28T00:00:00+07:00"


def test_seed_feed_is_the_same_every_time(seeds: tuple[Document, ...]) -> None:
    assert render_feed(seeds) == render_feed(tuple(reversed(seeds)))
    ids = [e.findtext(f"{A}id") for e in entries(render_feed(seeds))]
    assert len(set(ids)) == len(ids) and all(i and i.startswith("urn:uuid:") for i in ids)
    assert entry_id("quang-ngai-2022-ke-hoach-53-kh-ubnd") == entry_id("quang-ngai-2022-ke-hoach-53-kh-ubnd")


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("<script>alert(1)</script> & ]]>", "<script>alert(1)</script> & ]]>"),  # markup is text
        ("Kế hoạch\x0bsố\x00 53", "Kế hoạch\ufffdsố\ufffd 53"),  # control characters XML cannot carry
        ("{{ config }} **đậm**", "{{ config }} **đậm**"),  # template and Markdown syntax are text too
    ],
)
def test_hostile_titles_stay_text(seeds: tuple[Document, ...], title: str, shown: str) -> None:
    doc = dataclasses.replace(next(d for d in seeds if d.reference == "53/KH-UBND"), title=title)
    xml = render_feed([doc])
    (entry,) = entries(xml)
    assert entry.findtext(f"{A}title") == f"Kế hoạch 53/KH-UBND: {shown}"
    assert "<script>" not in xml


def test_only_the_newest_are_kept(seeds: tuple[Document, ...]) -> None:
    base = next(d for d in seeds if d.reference == "13/KH-UBND")
    many = [dataclasses.replace(base, id=f"doc-{i:03d}", date=date(2022, 1, 1) + timedelta(days=i)) for i in range(LIMIT + 7)]
    kept = newest(many)
    assert len(kept) == LIMIT and kept[0].id == f"doc-{LIMIT + 6:03d}" and kept[-1].id == "doc-007"
    assert len(entries(render_feed(many))) == LIMIT


def test_empty_corpus_gives_a_valid_feed() -> None:
    feed = ET.fromstring(render_feed([]))
    assert feed.findall(f"{A}entry") == [] and feed.findtext(f"{A}updated")


def test_feed_is_published_and_announced(seed_site: Path) -> None:
    assert ET.parse(seed_site / "feed.xml").getroot().tag == f"{A}feed"
    home = (seed_site / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml"' in home and 'href="feed.xml"' in home
    # autodiscovery by the "alternate" keyword, but not the exact rel="alternate" for which Material's script
    # fetches the whole sitemap on every page (see docs/overrides/main.html)
    assert '<link rel="alternate feed" type="application/atom+xml"' in home and 'rel="alternate"' not in home

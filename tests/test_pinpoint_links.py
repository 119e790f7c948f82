"""Pinpoint citations into legal documents published here link into the cited article, clause or point.

Real pairs from the gazette fixtures (tests/fixtures/gazette/): the consolidated text 4082/VBHN-BLĐTBXH cites, in
its footnotes, points and articles of Thông tư 28/2022/TT-BLĐTBXH (articles not in chapters); Nghị định
145/2026/NĐ-CP cites a point of its own Điều 6, which stands in its Chương II.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest

from generator.addresses import page_url
from generator.site import SiteBuild, build_site

GAZETTE = Path(__file__).resolve().parent / "fixtures" / "gazette"
VBHN = "cong_doan__van-ban-hop-nhat-so-4082-vbhn-bldtbxh-42696.txt"
TT28 = "hd_khoan__thong-tu-so-28-2022-tt-bldtbxh-38853.txt"
ND145 = "hd_kinh_te__nghi-dinh-so-145-2026-nd-cp-469483.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    src = tmp_path_factory.mktemp("pinpoints")
    for name in (VBHN, TT28, ND145):
        shutil.copy(GAZETTE / name, src / name)
    return build_site(src, jobs=1)


# citing file, the pinpoint as written, the cited reference, the anchor on the cited document's page
CASES = [
    (VBHN, "điểm b khoản 8 Điều 1", "28/2022/TT-BLĐTBXH", "dieu-1-khoan-8-diem-b"),
    (VBHN, "điểm a khoản 6 Điều 1", "28/2022/TT-BLĐTBXH", "dieu-1-khoan-6-diem-a"),
    (VBHN, "khoản 2 Điều 3", "28/2022/TT-BLĐTBXH", "dieu-3-khoan-2"),
    (VBHN, "Điều 3", "28/2022/TT-BLĐTBXH", "dieu-3"),
    # an article inside a chapter, the chapter not named; two points listed: the first
    (ND145, "điểm b, điểm c khoản 2 Điều 6", "145/2026/NĐ-CP", "chuong-ii-dieu-6-khoan-2-diem-b"),
]


@pytest.mark.parametrize(("citing", "pinpoint", "reference", "anchor"), CASES)
def test_pinpoint_links_into_the_cited_section(built: SiteBuild, citing: str, pinpoint: str, reference: str, anchor: str) -> None:
    docs = json.loads(built.files["data/documents.json"])["documents"]
    [source] = [d for d in docs if d["source"] == citing]
    [target] = [d for d in docs if d["reference"] == reference]
    found = [c for c in source["citations"] if c["reference"] == reference and c["pinpoint"] == pinpoint]
    assert found and {c["target_anchor"] for c in found} == {anchor}
    assert {c["target_document"] for c in found} == {target["id"]}
    # the citing page links there (a link of its text, relative to the page), and the cited page has that anchor (a
    # heading's attribute list, or the id of a numbered paragraph)
    here = page_url(source["page"])
    targets = {posixpath.normpath(posixpath.join(here, h)) + "/#" + a for h, a in re.findall(r'href="([^"#]*)/#([^"]*)"', built.files[source["page"]])}
    assert f"{page_url(target['page'])}#{anchor}" in targets
    assert re.search(rf"\{{:? ?#{re.escape(anchor)}[ .}}]|id=\"{re.escape(anchor)}\"", built.files[target["page"]])


@pytest.mark.parametrize("pinpoint", ["khoản 9 Điều 3", "điểm e khoản 8 Điều 1", "Điều 40", "Chương IX"])
def test_no_anchor_is_invented(pinpoint: str) -> None:
    """A clause or point the cited document does not have gives no anchor (the link goes to its page)."""
    from generator.normalize import normalize
    from generator.parse import parse_document
    from generator.read import read_source
    from generator.resolve import pinpoint_anchor
    from generator.split import split_documents

    doc = parse_document(split_documents(normalize(read_source(GAZETTE / TT28, GAZETTE)))[0])
    assert pinpoint_anchor("khoản 2 Điều 3", doc) == "dieu-3-khoan-2"
    assert pinpoint_anchor(pinpoint, doc) is None


def test_citations_of_documents_not_published_here_have_no_anchor(built: SiteBuild) -> None:
    docs = json.loads(built.files["data/documents.json"])["documents"]
    [nd145] = [d for d in docs if d["source"] == ND145]
    other = [c for c in nd145["citations"] if c["reference"] == "248/2025/NĐ-CP"]
    assert other and all(c["target_anchor"] is None and c["target_document"] is None for c in other)

"""Responsibility pages: duties resolved to agencies of the right jurisdiction, pages read from the built site."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import build_corpus
from generator.resolve import ResolvedCorpus, resolve

from .conftest import SOURCE, load_data, page_text


@pytest.fixture(scope="module")
def resolved() -> ResolvedCorpus:
    return resolve(build_corpus(SOURCE))


def test_three_sở_nội_vụ(resolved: ResolvedCorpus) -> None:
    ids = sorted(a.id for a in resolved.agencies if a.name == "Sở Nội vụ")
    assert ids == ["binh-dinh--so-noi-vu", "lao-cai--so-noi-vu", "quang-ngai--so-noi-vu"]


def test_radio_television_is_one_agency_in_a_province(resolved: ResolvedCorpus) -> None:
    qn = [a for a in resolved.agencies if a.jurisdiction == "Quảng Ngãi" and a.name.startswith("Đài Phát thanh")]
    assert len(qn) == 1
    assert "Đài Phát thanh và Truyền hình tỉnh" in qn[0].aliases


def test_seed_003_agencies_belong_to_quang_ngai(resolved: ResolvedCorpus) -> None:
    """03-KH/BCĐ states no province; its citer 53/KH-UBND places it in Quảng Ngãi, and its agencies with it."""
    bcd = next(d for d in resolved.documents if d.reference == "03-KH/BCĐ")
    agencies = {rd.agency for rd in resolved.duties[bcd.id]}
    assert agencies and all(a.startswith("quang-ngai--") for a in agencies)


def test_duc_pho_lead_duty_links_to_plan_53(resolved: ResolvedCorpus) -> None:
    cv = next(d for d in resolved.documents if d.reference == "560/UBND")
    leads = [rd for rd in resolved.duties[cv.id] if rd.duty.role == "lead"]
    assert [rd.agency for rd in leads] == ["duc-pho--co-quan-to-chuc-noi-vu"]
    assert "Kế hoạch số 53/KH-UBND" in leads[0].duty.text
    supports = [rd.agency for rd in resolved.duties[cv.id] if rd.duty.role == "support"]
    assert supports == ["duc-pho--uy-ban-nhan-dan-cac-xa-phuong"]


@pytest.mark.parametrize(
    ("reference", "agency", "role"),
    [
        ("53/KH-UBND", "quang-ngai--so-lao-dong-thuong-binh-va-xa-hoi", "lead"),  # "4. Sở Lao động...: Chủ trì, phối hợp với ..."
        ("53/KH-UBND", "quang-ngai--lien-doan-lao-dong", "support"),
        ("53/KH-UBND", "quang-ngai--so-noi-vu", "collect"),  # "(qua Sở Nội vụ)"
        ("53/KH-UBND", "quang-ngai--so-tai-chinh", "assigned"),  # "7. Sở Tài chính" heading
        ("13/KH-UBND", "lao-cai--ban-dan-van-tinh-uy", "requested"),  # "9. Đề nghị Ban Dân vận Tỉnh ủy"
        ("03-KH/BCĐ", "quang-ngai--truong-ban-chi-dao", "direct"),  # "Chỉ đạo thực hiện: Đồng chí Trưởng Ban Chỉ đạo tỉnh"
        ("03-KH/BCĐ", "quang-ngai--ban-dan-van-tinh-uy", "advise"),  # "Tham mưu thực hiện: Ban Dân vận Tỉnh ủy"
    ],
)
def test_roles(resolved: ResolvedCorpus, reference: str, agency: str, role: str) -> None:
    doc = next(d for d in resolved.documents if d.reference == reference)
    assert any(rd.agency == agency and rd.duty.role == role for rd in resolved.duties[doc.id])


def test_collective_members(resolved: ResolvedCorpus) -> None:
    by_id = {a.id: a for a in resolved.agencies}
    sbn = by_id["quang-ngai--cac-so-ban-nganh"]
    assert sbn.collective and "quang-ngai--so-noi-vu" in sbn.members and "quang-ngai--so-tai-chinh" in sbn.members
    assert "lao-cai--so-noi-vu" not in sbn.members
    assert "quang-ngai--cac-so-ban-nganh" in by_id["quang-ngai--so-noi-vu"].groups


# --- pages ---------------------------------------------------------------------------------


def test_agency_page(seed_site: Path) -> None:
    text = " ".join(page_text(seed_site, "co-quan/quang-ngai--so-noi-vu").split())
    assert "Sở Nội vụ — Quảng Ngãi" in text
    assert "Kế hoạch 53/KH-UBND" in text and "Nhận báo cáo, tổng hợp" in text
    # own work first (the group's duties included, said so), then support, then the reports it receives
    own, support, received = (text.rindex(h) for h in ("Việc cơ quan phải làm", "Việc cơ quan phối hợp", "Báo cáo cơ quan nhận"))
    assert own < support < received
    assert "giao chung cho «Các sở, ban, ngành tỉnh»" in text[own:support]
    assert "15/06/2022" in text  # the deadline of the duty
    assert "Vai trò nghĩa là gì?" in text and "Phối hợp : cơ quan cùng làm với cơ quan chủ trì" in text  # the legend
    html = (seed_site / "co-quan/quang-ngai--so-noi-vu/index.html").read_text(encoding="utf-8")
    assert 'href="../../van-ban/quang-ngai/2022/ke-hoach-53-kh-ubnd/#muc-iii-khoan-1"' in html
    assert "data/lich/quang-ngai--so-noi-vu.ics" in html and "data/lich/nhan-bao-cao/quang-ngai--so-noi-vu.ics" in html
    assert 'href="webcal://' in html and "calendar.google.com/calendar/render?cid=webcal%3A%2F%2F" in html


def test_cong_van_duty_on_agency_page(seed_site: Path) -> None:
    text = " ".join(page_text(seed_site, "co-quan/duc-pho--co-quan-to-chuc-noi-vu").split())
    assert "Công văn 560/UBND" in text and "Chủ trì" in text and "Kế hoạch số 53/KH-UBND" in text
    html = (seed_site / "co-quan/duc-pho--co-quan-to-chuc-noi-vu/index.html").read_text(encoding="utf-8")
    assert "ke-hoach-53-kh-ubnd" in html  # the citation in the duty's page section links on


def test_agency_index_by_jurisdiction(seed_site: Path) -> None:
    text = " ".join(page_text(seed_site, "co-quan").split())
    for heading in ("Bình Định", "Lào Cai", "Quảng Ngãi", "Đức Phổ"):
        assert heading in text
    # the counts in the agency page's terms, no "other roles"
    assert "Việc phải làm Việc phối hợp Báo cáo nhận" in text and "Vai trò khác" not in text


def test_who_does_what_on_document_page(seed_site: Path) -> None:
    html = (seed_site / "van-ban/lao-cai/2022/ke-hoach-13-kh-ubnd/index.html").read_text(encoding="utf-8")
    assert 'id="ai-lam-gi"' in html
    assert 'href="../../../../co-quan/lao-cai--so-tu-phap/"' in html


def test_open_data_tasks_and_agencies(seed_site: Path) -> None:
    data = load_data(seed_site)
    ids = {a["id"] for a in data["agencies"]}
    assert {"id", "name", "jurisdiction", "aliases", "url", "collective"} <= set(data["agencies"][0])
    for doc in data["documents"]:
        for t in doc["tasks"]:
            assert t["agency"] in ids and t["role"] in {"lead", "support", "direct", "advise", "collect", "assigned", "requested"}
            assert all(0 <= i < len(doc["deadlines"]) for i in t["deadlines"])
    plan = next(d for d in data["documents"] if d["reference"] == "53/KH-UBND")
    due = next(d for d in plan["deadlines"] if d["date"] == "2022-06-15")
    assert "quang-ngai--so-noi-vu" in due["agencies"] or "quang-ngai--cac-so-ban-nganh" in due["agencies"]

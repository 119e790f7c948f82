"""Search index (generator/search.py): terms, folding, postings, shards, records and filters, and the files the seed
site publishes. The search page's ranking is tested in a real browser (tests/browser/test_search_page.py).
"""

from __future__ import annotations

import base64
import json
import pickle
import random
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from generator import search
from generator.addresses import SEARCH_DIR
from generator.search import Index, Page, fnv1a, fold, search_files, shard_count, terms, words

from .browser.test_links import check
from .conftest import load_data


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đoàn Dụng", "doan dung"),  # the signer of the 2021 plan of Sở Nội vụ Quảng Ngãi
        ("Ban Chỉ đạo tỉnh", "ban chi dao tinh"),  # seed 003's issuer
        ("Số 03-KH/BCĐ", "so 03-kh/bcd"),  # a Party reference with Đ in the symbol
        ("ĐẢNG CỘNG SẢN VIỆT NAM", "dang cong san viet nam"),  # Party motto, upper case
        ("Dân vận khéo", "dan van kheo"),  # tones, circumflex and breve
        ("Ủy ban nhân dân tỉnh Quảng Ngãi", "uy ban nhan dan tinh quang ngai"),  # horn-less and hook above
        ("Người ký: Trương Ngọc Nhi", "nguoi ky: truong ngoc nhi"),  # horn (ư, ơ)
        (unicodedata.normalize("NFD", "Đoàn Dụng"), "doan dung"),  # typed in NFD
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a reference is one term, its parts are words too; no bigram across a reference or a number
        ("Kế hoạch số 53/KH-UBND ngày 03/3/2022", ["kế", "hoạch", "số", "53/kh-ubnd", "ngày", "03/3/2022", "53", "kh", "ubnd", "03", "3", "2022", "kế hoạch", "hoạch số"]),
        ("Số: 03-KH/BCĐ", ["số", "03-kh/bcđ", "03", "kh", "bcđ"]),
        # punctuation breaks bigrams: "khéo, đổi" is no pair
        ("Dân vận khéo, đổi mới", ["dân", "vận", "khéo", "đổi", "mới", "dân vận", "vận khéo", "đổi mới"]),
        ("THỰC HIỆN CÔNG TÁC DÂN VẬN CHÍNH QUYỀN", ["thực", "hiện", "công", "tác", "dân", "vận", "chính", "quyền", "thực hiện", "hiện công", "công tác", "tác dân", "dân vận", "vận chính", "chính quyền"]),
        ("giai đoạn 2022 - 2026", ["giai", "đoạn", "2022", "2026", "giai đoạn"]),
        ("Nghị quyết số 1654/NQ-UBTVQH15", ["nghị", "quyết", "số", "1654/nq-ubtvqh15", "1654", "nq", "ubtvqh15", "nghị quyết", "quyết số"]),
        ("<script>alert('XSS')</script>", ["script", "alert", "xss", "script"]),  # markup is only words
        ("", []),
    ],
)
def test_terms(line: str, expected: list[str]) -> None:
    assert sorted(terms(line)) == sorted(expected)


def test_terms_without_bigrams_keep_words_and_references() -> None:
    assert sorted(terms("Căn cứ Chỉ thị số 33/CT-TTg", bigrams=False)) == sorted(
        ["căn", "cứ", "chỉ", "thị", "số", "33/ct-ttg", "33", "ct", "ttg"]
    )
    assert words("Căn cứ: Luật số 80/2015/QH13") == [["căn", "cứ"], ["luật", "số", "80/2015/qh13"]]


def test_fnv1a_is_the_32_bit_hash() -> None:
    # reference values of FNV-1a 32 bits (the search page computes the same in JavaScript)
    assert fnv1a("") == 0x811C9DC5 and fnv1a("a") == 0xE40C292C and fnv1a("foobar") == 0xBF9CF968
    assert fnv1a("đoàn") == fnv1a("đoàn") != fnv1a("doan")


@pytest.mark.parametrize(("total", "count"), [(0, 1), (8_000, 1), (8_001, 2), (1_000_000, 128), (10_000_000, 2048)])
def test_shard_count_grows_with_the_index(total: int, count: int) -> None:
    assert shard_count(total) == count


def _page(number: int, subject: str = "", text: str = "", signer: str = "") -> Page:
    return Page(number, ((5.0, f"Kế hoạch {number}/KH-UBND"), (3.0, subject), (3.0, signer)), (text,) if text else (), {"u": f"van-ban/{number}/"})


def _entries(index: Index) -> dict[str, list[Any]]:
    return {key: json.loads(entry) for key, entry in index.entries()}


def _postings(flat: list[int]) -> list[tuple[int, int, int]]:
    return [(flat[i], flat[i + 1], flat[i + 2]) for i in range(0, len(flat), 3)]


def test_exact_forms_keep_their_own_postings() -> None:
    """'doan' gathers «Đoàn» and «đoạn»; each exact form has its own postings, so 'Đoàn' typed with its marks
    finds the signer first and 'doan' finds both."""
    index = Index()
    index.add(_page(0, signer="Đoàn Dụng"))
    index.add(_page(1, text="trong giai đoạn 2021 - 2025, giai đoạn hai"))
    index.add(_page(2, text="Đoàn thanh niên"))
    entries = _entries(index)
    key, df, postings, forms = entries["doan"]
    assert df == 3 and {p for p, _, _ in _postings(postings)} == {0, 1, 2}
    assert [f[0] for f in forms] == ["đoàn", "đoạn"]
    by_form = {f[0]: {p for p, _, _ in _postings(f[2])} for f in forms}
    assert by_form == {"đoàn": {0, 2}, "đoạn": {1}}
    # a field counts more than the text: the signer ranks first for "đoàn"
    assert _postings(dict((f[0], f) for f in forms)["đoàn"][2])[0][0] == 0
    # one exact form only: the form is named, its postings are the folded ones
    assert entries["dung"][3] == "dụng"
    assert len(entries["kh"]) == 3  # no diacritics: no exact forms
    assert "giai doan" not in entries  # no bigram from the full text
    assert "ke hoach" in entries  # bigrams of the fields


def test_postings_are_best_first_and_cut_to_the_best(monkeypatch: pytest.MonkeyPatch) -> None:
    """A common word keeps its TOP_K best pages, best first; its document frequency is the full one."""
    monkeypatch.setattr(search, "TOP_K", 3)
    index = Index()
    for n in range(10):
        index.add(_page(n, text=" ".join(["dân vận"] * (n + 1) + ["chữ"] * 3000)))
    index.add(_page(10, subject="Dân vận khéo"))
    key, df, postings, form = _entries(index)["dan"]
    kept = _postings(postings)
    assert df == 11 and len(kept) == 3 and form == "dân"
    assert [p for p, _, _ in kept] == [10, 9, 8]  # the subject first, then the most frequent in the text
    assert [w for _, w, _ in kept] == sorted((w for _, w, _ in kept), reverse=True)
    assert kept[0][2] == 0 and kept[1][2] == 1  # the subject is no section; the text is section 1
    rare = _entries(index)["kheo"]
    assert rare[1] == 1 and _postings(rare[2])[0][0] == 10  # a rare word's postings are complete


@pytest.mark.parametrize("seed", range(40))
def test_a_kept_index_gives_the_entries_of_one_made_from_nothing(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    """An index kept (pickled with its best postings and entries in JSON) and given new pages, after the others or
    among them (the others then numbered again), gives the entries of an index made of every page in order: its best
    postings follow each posting added (above, among and below the best, ties in the order of the pages) without
    sorting every posting again, and an entry is encoded again when its postings or its pages' numbers changed."""
    monkeypatch.setattr(search, "TOP_K", 4)
    rng = random.Random(seed)

    def made() -> search.Contribution:
        keys = rng.sample(["a", "b", "c", "d"], rng.randint(1, 3))
        exact = ["á"] if "a" in keys and rng.random() < 0.5 else []
        weights = [rng.choice([2, 3, 5]) for _ in keys]
        return keys, weights, [rng.randint(0, 3) for _ in keys], exact, [rng.choice([2, 3]) for _ in exact], [1 for _ in exact]

    contributions = {uid: made() for uid in range(30)}
    order = list(range(20))
    kept = Index()
    for uid in order:
        kept.insert(uid, contributions[uid])
    before = list(kept.entries({uid: k for k, uid in enumerate(order)}))
    kept = pickle.loads(pickle.dumps(kept))
    assert kept.encoded and kept.tops
    at_end = seed % 2 == 0
    for uid in range(20, 30):
        order.insert(len(order) if at_end else rng.randint(0, len(order)), uid)
    position = {uid: k for k, uid in enumerate(order)}
    for uid in sorted(range(20, 30), key=position.__getitem__):
        kept.insert(uid, contributions[uid], position)
    fresh = Index()
    for uid in order:
        fresh.insert(uid, contributions[uid])
    assert list(kept.entries(position)) == list(fresh.entries(position)) != before


@pytest.mark.parametrize(
    ("preamble", "expected"),
    [
        (True, {"cai": 3, "cach": 3, "dan": 2, "van": 2, "kheo": 3, "hanh chinh": 0}),  # a numbered section first
        (False, {"cai": 1, "cach": 1, "dan": 1, "van": 1, "kheo": 1, "cong": 2}),  # the first section holding it
    ],
)
def test_postings_point_to_the_section_holding_the_word(preamble: bool, expected: dict[str, int]) -> None:
    sections = ("Cải cách hành chính; Dân vận khéo", "Công tác dân vận", "Đẩy mạnh cải cách hành chính, dân vận khéo")
    index = Index()
    index.add(Page(0, ((3.0, "hành chính"),), sections, {"u": "van-ban/x/"}, preamble))
    entries = _entries(index)
    assert {k: _postings(entries[k][2])[0][2] for k in expected} == expected


def test_text_weight_saturates_below_a_field() -> None:
    """However often a word stands in a text, it counts less than in a document's subject (weight 3)."""
    index = Index()
    index.add(_page(0, text=" ".join(["cải cách"] * 500)))
    index.add(_page(1, subject="cải cách hành chính"))
    kept = _postings(_entries(index)["cai"][2])
    assert kept[0][0] == 1 and kept[0][1] > 3 * search.SCALE > kept[1][1]


DATA: dict[str, Any] = {
    "documents": [
        {"id": "b", "url": "van-ban/lao-cai/2023/ke-hoach-13-kh-ubnd/", "type": "Kế hoạch", "reference": "13/KH-UBND", "issuer": "Ủy ban nhân dân tỉnh Lào Cai",
         "jurisdiction": "Lào Cai", "date": "2023-01-16", "year": 2023, "title": "Thực hiện công tác dân vận chính quyền năm 2023",
         "signer": {"name": "Hoàng Quốc Khánh"}, "status": "in_force", "tasks": [{"agency": "lao-cai--so-noi-vu"}]},
        {"id": "a", "url": "van-ban/quang-ngai/2021/ke-hoach-khong-so/", "type": "Kế hoạch", "reference": None, "issuer": "Sở Nội vụ",
         "jurisdiction": "Quảng Ngãi", "date": None, "year": 2021, "title": "Triển khai Quy chế dân chủ ở cơ sở năm 2021",
         "signer": {"name": "Đoàn Dụng"}, "status": "unknown", "tasks": [{"agency": "unknown"}]},
        {"id": "c", "url": "van-ban/trung-uong/2022/chi-thi-<script>/", "type": "Chỉ thị", "reference": "1/CT-TTg", "issuer": None,
         "jurisdiction": None, "date": "2022-05-01", "year": 2022, "title": "<img src=x onerror=alert('XSS')>", "signer": None, "status": "repealed"},
    ],
    "instruments": [{"id": "i", "url": "van-ban-dan-chieu/trung-uong/chi-thi-33-ct-ttg/", "type": "Chỉ thị", "reference": "33/CT-TTg", "issuer": "Thủ tướng Chính phủ", "date": None, "title": None}],
    "agencies": [{"id": "lao-cai--so-noi-vu", "name": "Sở Nội vụ", "jurisdiction": "Lào Cai", "aliases": ["SNV"], "url": "co-quan/lao-cai--so-noi-vu/"}],
}


def _files() -> dict[str, str]:
    files, stats = search_files(DATA, ())
    assert stats.documents == 3 and stats.pages == 5 and stats.files == len(files)
    return files


def _json(files: dict[str, str], name: str) -> Any:
    return json.loads(files[SEARCH_DIR + name])


def test_pages_are_numbered_from_the_oldest_and_records_hold_the_facts() -> None:
    files = _files()
    meta = _json(files, "meta.json")
    assert meta["documents"] == 3 and meta["entities"] == 2 and meta["chunk"] == search.CHUNK
    records = _json(files, "b/0.json")
    assert [r["u"] for r in records] == [
        "van-ban/quang-ngai/2021/ke-hoach-khong-so/",  # 2021 (year only), then 2022, then 2023
        "van-ban/trung-uong/2022/chi-thi-<script>/",
        "van-ban/lao-cai/2023/ke-hoach-13-kh-ubnd/",
    ]
    first = records[0]
    assert first["n"] == "Kế hoạch (không số)" and first["d"] == "2021" and first["s"] == "Đoàn Dụng" and "h" not in first
    assert records[1]["h"] == "Hết hiệu lực, bị bãi bỏ" and records[1]["t"] == "<img src=x onerror=alert('XSS')>"  # data, as written
    entities = _json(files, "b/e0.json")
    assert [(r["n"], r["k"]) for r in entities] == [
        ("Sở Nội vụ — Lào Cai", "Cơ quan"),
        ("Chỉ thị 33/CT-TTg", "Văn bản được dẫn chiếu (không đăng trên cổng)"),
    ]


def _entry(files: dict[str, str], key: str) -> list[Any]:
    meta = _json(files, "meta.json")
    shard = _json(files, f"t/{fnv1a(key) % meta['shards']}.json")
    found = [e for e in shard if e[0] == key]
    assert len(found) == 1, key
    return found[0]


def test_terms_are_in_the_shard_of_their_hash() -> None:
    files = _files()
    ref = _entry(files, "33/ct-ttg")
    assert ref[1] == 1 and ref[2][0] == -2  # the instrument, numbered below zero
    noi_vu = {p: w for p, w, _ in _postings(_entry(files, "noi vu")[2])}
    assert set(noi_vu) == {0, -1}  # the plan issued by Sở Nội vụ and the agency
    # the plan's issuer (2) before the agency's name at 0.35 of a document's name (5 × 0.35): 1 + weight × SCALE
    assert noi_vu == {0: 1 + 2 * search.SCALE, -1: 1 + int(5 * search.ENTITY_WEIGHT * search.SCALE)}


def test_filters_are_sets_of_documents() -> None:
    files = _files()
    assert _json(files, "meta.json")["filters"] == ["loai", "dia_ban", "co_quan", "nam", "co_quan_thuc_hien", "hieu_luc"]
    options = {o[0]: o for o in _json(files, "loc/loai.json")}
    assert {v: o[1] for v, o in options.items()} == {"Chỉ thị": 1, "Kế hoạch": 2}
    plans = _json(files, f"loc/loai/{options['Kế hoạch'][2]}.json")
    if "b" in plans:
        bits = base64.b64decode(plans["b"])
        members = [n for n in range(24) if bits[n >> 3] >> (n & 7) & 1]
    else:
        members, n = [], -1
        for gap in plans["g"]:
            n += gap
            members.append(n)
    assert members == [0, 2]
    assert [o[0] for o in _json(files, "loc/co-quan-thuc-hien.json")] == ["Sở Nội vụ"]
    assert [o[0] for o in _json(files, "loc/hieu-luc.json")] == ["Chưa rõ", "Còn hiệu lực", "Hết hiệu lực, bị bãi bỏ"]
    assert [o[0] for o in _json(files, "loc/nam.json")] == ["2021", "2022", "2023"]


def test_index_is_the_same_every_time_and_keeps_payloads_as_data() -> None:
    first, again = _files(), _files()
    assert first == again
    for name, text in first.items():
        json.loads(text)  # every file is JSON
        assert "<" not in name and name.startswith(SEARCH_DIR), name
    shard_text = "".join(t for n, t in first.items() if "/t/" in n)
    assert "<img" not in shard_text and "onerror" in shard_text  # terms are words: the markup's names, no markup


def test_search_files_of_the_seed_site(seed_site: Path) -> None:
    data = load_data(seed_site)
    meta = json.loads((seed_site / SEARCH_DIR / "meta.json").read_text(encoding="utf-8"))
    assert meta["documents"] == len(data["documents"]) and meta["pages"] > meta["documents"]
    shards = sorted((seed_site / SEARCH_DIR / "t").iterdir())
    assert len(shards) == meta["shards"]
    assert not list(seed_site.glob("pagefind*")), "no Pagefind bundle any more"
    # the published pages are as MkDocs wrote them: nothing of the index in them
    for path in seed_site.rglob("index.html"):
        assert "data-pagefind" not in path.read_text(encoding="utf-8"), path


def test_search_page_and_header_box(seed_site: Path) -> None:
    search_page = (seed_site / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert 'id="ket-qua"' in search_page and 'type="module"' in search_page and "assets/tim-kiem.js" in search_page
    plan = next(d for d in load_data(seed_site)["documents"] if d["reference"] == "53/KH-UBND")
    page = (seed_site / plan["url"] / "index.html").read_text(encoding="utf-8")
    action = page.split('class="vb-header-search" action="', 1)[1].split('"', 1)[0]
    assert check(seed_site, "/" + plan["url"] + "index.html", action) is None
    assert action.endswith("tim-kiem/")


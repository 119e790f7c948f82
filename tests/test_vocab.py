"""The vocabulary (generator/vocab/*.toml): every file is read, and a row added to it changes what the stages see.

Each test copies the shipped files to a temporary folder, adds one row to one file and runs a few lines of the
generator in a fresh Python with `$VANBAN_VOCAB_DIR` pointing at the copy: the stages compile their patterns from the
vocabulary when they are imported, so only a new process sees the edited words.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.agencies import is_national, jurisdiction_of
from generator.dates import parse_date
from generator.vocab import DATA_DIR, VOCAB, load

ROOT = Path(__file__).resolve().parent.parent


def _run(vocab_dir: Path, code: str) -> object:
    """Run `code` (which prints one JSON value) in a fresh interpreter reading the vocabulary in `vocab_dir`."""
    env = {**os.environ, "VANBAN_VOCAB_DIR": str(vocab_dir), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _copy_with(tmp_path: Path, name: str, extra: str) -> Path:
    folder = tmp_path / "vocab"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    with (folder / name).open("a", encoding="utf-8") as f:
        f.write("\n" + extra)
    return folder


def test_the_shipped_files_load_into_one_frozen_vocabulary() -> None:
    again = load(DATA_DIR)
    assert again == VOCAB
    with pytest.raises(AttributeError):
        VOCAB.types = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        VOCAB.type_by_key["XX"] = VOCAB.types[0]  # type: ignore[index]


# every type of the Law on Promulgation of Legal Documents (Điều 4), the consolidated text, and the State and Party
# types of domain.md §2, with their codes and families
@pytest.mark.parametrize(
    ("name", "code", "family"),
    [
        ("Hiến pháp", None, "normative"),
        ("Bộ luật", None, "normative"),
        ("Luật", None, "normative"),
        ("Nghị quyết", "NQ", "normative"),
        ("Pháp lệnh", "PL", "normative"),
        ("Lệnh", "L", "normative"),
        ("Nghị định", "NĐ", "normative"),
        ("Quyết định", "QĐ", "normative"),
        ("Thông tư", "TT", "normative"),
        ("Thông tư liên tịch", "TTLT", "normative"),
        ("Văn bản hợp nhất", "VBHN", "normative"),
        ("Kế hoạch", "KH", "state"),
        ("Quy định", "QyĐ", "state"),
        ("Giấy mời", "GM", "state"),
        ("Phiếu báo", "PB", "state"),
        ("Kết luận", "KL", "party"),
        ("Thông tri", "TTr", "party"),
    ],
)
def test_document_types_hold_the_law_and_the_decree(name: str, code: str | None, family: str) -> None:
    found = next(t for t in VOCAB.types if t.name == name)
    assert (found.code, family in found.families) == (code, True)


def test_quy_dinh_is_qyd_in_the_header_and_in_citations() -> None:
    from generator.extract.citations import find_citations
    from generator.parse.names import type_code_of_name

    assert type_code_of_name("QUY ĐỊNH") == "QyĐ"
    (mention,) = find_citations("theo Quy định này")
    assert (mention.family, mention.type_code) == ("self", "QyĐ")
    (party,) = find_citations("Quy định số 11-QĐ/TW ngày 18/2/2021 của Bộ Chính trị")
    assert (party.type_code, party.type_name) == ("QĐ", "Quy định")  # the Party's QĐ: the word says which


def test_a_document_type_added_to_the_file_is_read_in_headers_symbols_and_citations(tmp_path: Path) -> None:
    row = '[[type]]\nname = "Sắc lệnh"\ncode = "SL2"\nfamilies = ["normative"]\ncited = true\nsource = "test"\n'
    folder = _copy_with(tmp_path, "document_types.toml", row)
    code = (
        "import json\n"
        "from generator.parse.names import type_code_of_name, type_code_of_symbol, CODE_NAMES\n"
        "from generator.extract.citations import find_citations\n"
        "m = find_citations('Thực hiện Sắc lệnh số 12/SL2-CTN ngày 05/3/1946')\n"
        "print(json.dumps([type_code_of_name('SẮC LỆNH'), type_code_of_symbol('SL2-CTN'), CODE_NAMES.get('SL2'),"
        " [(x.type_code, x.type_name, x.text) for x in m]]))"
    )
    assert _run(folder, code) == [
        "SL2",
        "SL2",
        "Sắc lệnh",
        [["SL2", "Sắc lệnh", "Sắc lệnh số 12/SL2-CTN ngày 05/3/1946"]],
    ]
    # the shipped vocabulary does not know it
    from generator.parse.names import type_code_of_name

    assert type_code_of_name("SẮC LỆNH") is None


@pytest.mark.parametrize(
    ("parts", "years", "expected"),
    [
        (("17", "01", "2022"), None, date(2022, 1, 17)),  # "ngày 17 tháng 01 năm 2022"
        (("23", "3", "2022"), None, date(2022, 3, 23)),  # "23/3/2022"
        ((20, 6, 2023), None, date(2023, 6, 20)),  # "trước ngày 20/(3/6/9)/2023", read as numbers
        (("", "", "2023"), None, None),  # "Bình Định, ngày tháng năm 2023": no day
        ((None, "3", "2022"), None, None),
        (("31", "02", "2022"), None, None),  # written, but no such day
        (("29", "02", "2000"), None, date(2000, 2, 29)),
        (("10", "13", "2022"), None, None),
        (("1", "1", "3000"), (1945, 2100), None),  # a deadline's year out of range
        (("1", "1", "2030"), (1945, 2100), date(2030, 1, 1)),
    ],
)
def test_parse_date(parts: tuple[str | int | None, ...], years: tuple[int, int] | None, expected: date | None) -> None:
    day, month, year = parts
    assert parse_date(day, month, year, years=years) == expected


@pytest.mark.parametrize(
    ("name", "national"),
    [
        ("Ủy ban Thường vụ Quốc hội", True),
        ("Thủ tướng Chính phủ", True),
        ("Ban Dân vận Trung ương", True),
        ("Bộ Nội vụ", True),  # a ministry
        ("Cục Thống kê", True),  # listed in bodies.toml
        ("Tòa án nhân dân tối cao", True),
        ("Bộ Chỉ huy Quân sự", False),  # a province's
        ("Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân", False),
        ("Ủy ban nhân dân thành phố trực thuộc Trung ương", False),
        ("Sở Nội vụ", False),
        ("Ủy ban nhân dân tỉnh Quảng Ngãi", False),
        ("Tỉnh ủy Lào Cai", False),
    ],
)
def test_is_national(name: str, national: bool) -> None:
    assert is_national(name) is national


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("Ủy ban nhân dân thị xã Đức Phổ", "Đức Phổ"),
        ("UBND tỉnh Quảng Ngãi", "Quảng Ngãi"),
        ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "Lào Cai"),
        ("Tỉnh ủy Lào Cai", "Lào Cai"),
        ("Ban Thường vụ Tỉnh uỷ Quảng Ngãi", "Quảng Ngãi"),
        ("Đức Phổ", "Đức Phổ"),  # a bare place
        ("Tỉnh ủy khóa XX", None),  # a term, not a place (was "khóa XX" in parse's own copy)
        ("Ủy ban nhân dân tỉnh", None),
        ("Sở Nội vụ", None),
        ("Ủy ban Thường vụ Quốc hội", None),
        ("Thủ tướng Chính phủ", None),
    ],
)
def test_jurisdiction_of(name: str, place: str | None) -> None:
    assert jurisdiction_of(name) == place


def test_a_place_unit_added_to_the_file_places_bodies_and_levels(tmp_path: Path) -> None:
    row = '[[unit]]\nname = "đặc khu"\nlevel = "huyen"\ncommittee = "Đặc khu ủy"\nsource = "test"\n'
    folder = _copy_with(tmp_path, "places.toml", row)
    code = (
        "import json\n"
        "from generator.agencies import jurisdiction_of, canonical_agency\n"
        "a = canonical_agency('Ủy ban nhân dân đặc khu Phú Quốc', None)\n"
        "print(json.dumps([jurisdiction_of('Ủy ban nhân dân đặc khu Phú Quốc'),"
        " a.jurisdiction, a.level]))"
    )
    assert _run(folder, code) == ["Phú Quốc", "Phú Quốc", "huyen"]
    assert jurisdiction_of("Ủy ban nhân dân đặc khu Phú Quốc") is None  # the shipped vocabulary does not know it


def test_a_national_body_added_to_the_file_is_national_and_levels_its_references(tmp_path: Path) -> None:
    row = '[[national]]\nname = "Ủy ban Quản lý vốn nhà nước tại doanh nghiệp"\ncodes = ["UBQLV"]\nlevel = "ministry"\n'
    folder = _copy_with(tmp_path, "bodies.toml", row)
    code = (
        "import json\n"
        "from generator.agencies import is_national, canonical_agency\n"
        "from generator.extract.citations import find_citations\n"
        "from generator.resolve import level_of\n"
        "(m,) = find_citations('Quyết định số 12/QĐ-UBQLV ngày 05/3/2024')\n"
        "a = canonical_agency('Ủy ban Quản lý vốn nhà nước tại doanh nghiệp', 'Quảng Ngãi')\n"
        "print(json.dumps([is_national('Ủy ban Quản lý vốn nhà nước tại doanh nghiệp'), level_of(m), a.id]))"
    )
    assert _run(folder, code) == [True, "ministry", "trung-uong--uy-ban-quan-ly-von-nha-nuoc-tai-doanh-nghiep"]
    assert not is_national("Ủy ban Quản lý vốn nhà nước tại doanh nghiệp")


def test_an_abbreviation_and_a_standard_name_added_to_bodies_are_read(tmp_path: Path) -> None:
    # a body the shipped file does not know: "Sở Ngoại vụ" written "Sở NgV", and "Ban Quản lý dự án" as a name that
    # ends where lower-case words follow
    folder = _copy_with(tmp_path, "bodies.toml", '[[abbreviation]]\nname = "Sở Ngoại vụ"\nwritten = ["Sở NgV"]\n')
    text = (folder / "bodies.toml").read_text(encoding="utf-8")
    (folder / "bodies.toml").write_text(text.replace('    "Sở Du lịch",\n', '    "Sở Du lịch", "Ban Quản lý dự án",\n'), "utf-8")
    code = (
        "import json\n"
        "from generator.agencies import canonical_agency, agency_spans\n"
        "a = canonical_agency('Sở NgV', 'Quảng Ngãi')\n"
        "s = agency_spans('Ban Quản lý dự án tỉnh đồng thời rà soát', trim=True)\n"
        "print(json.dumps([a.id, a.name, [n for n, _, _ in s]]))"
    )
    assert _run(folder, code) == ["quang-ngai--so-ngoai-vu", "Sở Ngoại vụ", ["Ban Quản lý dự án tỉnh"]]
    from generator.agencies import agency_spans, canonical_agency

    assert canonical_agency("Sở NgV", "Quảng Ngãi").id == "quang-ngai--so-ngv"  # type: ignore[union-attr]
    assert [n for n, _, _ in agency_spans("Ban Quản lý dự án tỉnh đồng thời rà soát", trim=True)] == [
        "Ban Quản lý dự án tỉnh đồng thời rà soát"
    ]


def test_a_header_body_word_added_to_bodies_names_the_issuer(tmp_path: Path) -> None:
    folder = tmp_path / "vocab"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = folder / "bodies.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"Đảng bộ",\n]', '"Đảng bộ", "Kho bạc Nhà nước",\n]'), "utf-8")
    code = (
        "import json\n"
        "from generator.parse.names import issuer_of\n"
        "print(json.dumps(issuer_of(('KHO BẠC NHÀ NƯỚC', 'TỈNH QUẢNG NGÃI'))))"
    )
    assert _run(folder, code) == ["Kho bạc Nhà nước tỉnh Quảng Ngãi", "Quảng Ngãi"]
    from generator.parse.names import issuer_of

    # the shipped words: "Kho bạc" is a head, not a body word named by its next word
    assert issuer_of(("KHO BẠC NHÀ NƯỚC", "TỈNH QUẢNG NGÃI")) == ("Kho bạc nhà nước tỉnh Quảng Ngãi", "Quảng Ngãi")


_DUTIES = (
    "import json\n"
    "from generator.extract.duties import extract_duties\n"
    "from tests.test_duties import doc, p\n"
    "def roles(sentence):\n"
    "    return [[d.agency, d.role] for d in extract_duties(doc(preamble=(p(sentence),)))]\n"
)


def test_a_cue_verb_added_to_duty_cues_gives_a_role(tmp_path: Path) -> None:
    row = '[[after_body]]\nword = "làm đầu mối"\nrole = "lead"\n'
    folder = _copy_with(tmp_path, "duty_cues.toml", row)
    text = (folder / "duty_cues.toml").read_text(encoding="utf-8")
    (folder / "duty_cues.toml").write_text(text.replace('"thông qua",\n]', '"thông qua", "làm đầu mối",\n]'), "utf-8")
    sentence = "Giao Sở Nội vụ làm đầu mối, theo dõi việc thực hiện Kế hoạch."
    assert _run(folder, _DUTIES + f"print(json.dumps(roles({sentence!r})))") == [["Sở Nội vụ", "lead"]]
    from generator.extract.duties import extract_duties
    from tests.test_duties import doc, p

    assert [(d.agency, d.role) for d in extract_duties(doc(preamble=(p(sentence),)))] == [("Sở Nội vụ", "assigned")]


def test_a_deadline_cue_added_to_deadline_words_makes_a_deadline(tmp_path: Path) -> None:
    folder = tmp_path / "vocab"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = folder / "deadline_words.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('    "trong",\n]', '    "trong",\n    "hạn định",\n]'), "utf-8")
    sentence = "Gửi báo cáo về Sở Nội vụ, hạn định ngày 30/3/2022."
    code = (
        "import json\n"
        "from generator.extract.deadlines import find_deadlines\n"
        f"print(json.dumps([(m.text, str(m.date)) for m in find_deadlines({sentence!r}, None, None)]))"
    )
    assert _run(folder, code) == [["hạn định ngày 30/3/2022", "2022-03-30"]]
    from generator.extract.deadlines import find_deadlines

    assert find_deadlines(sentence, None, None) == ()  # the shipped words: "hạn định" is no cue


def test_a_signature_prefix_added_to_terms_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "vocab"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = folder / "terms.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"K/T"]', '"K/T", "TTL"]'), "utf-8")
    code = (
        "import json\n"
        "from generator.parse.header import _PREFIX\n"
        "m = _PREFIX.match('TTL. CHỦ TỊCH')\n"
        "print(json.dumps(m.group(1) if m else None))"
    )
    assert _run(folder, code) == "TTL"


def test_every_vocabulary_file_ships_in_the_package() -> None:
    import fnmatch
    import tomllib

    with (ROOT / "pyproject.toml").open("rb") as f:
        globs = tomllib.load(f)["tool"]["setuptools"]["package-data"]["generator"]
    files = sorted(p.relative_to(ROOT / "generator").as_posix() for p in DATA_DIR.glob("*.toml"))
    assert len(files) == 7  # relations.toml: issue 16
    assert all(any(fnmatch.fnmatch(f, g) for g in globs) for f in files), (files, globs)


def test_a_part_added_to_terms_is_read_in_pinpoints(tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, "terms.toml", '[[part]]\nname = "đoạn"\n')
    code = (
        "import json\n"
        "from generator.extract.citations import find_citations\n"
        "(m,) = find_citations('theo đoạn 2 khoản 1 Điều 5 Nghị định số 30/2020/NĐ-CP')\n"
        "print(json.dumps(m.pinpoint))"
    )
    assert _run(folder, code) == "đoạn 2 khoản 1 Điều 5"
    from generator.extract.citations import find_citations

    (mention,) = find_citations("theo đoạn 2 khoản 1 Điều 5 Nghị định số 30/2020/NĐ-CP")
    assert mention.pinpoint == "khoản 1 Điều 5"

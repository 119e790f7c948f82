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
from pathlib import Path

import pytest

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

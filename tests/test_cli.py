"""The `vanban` command: check, export and build over the same functions as the plugin."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import ROOT, SOURCE


def test_check_lists_problems_with_file_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--source", str(SOURCE), "--strict"])
    out = capsys.readouterr().out
    assert code == 1  # the shipped corpus has documents without number or date
    assert "002_8cf60df9837816bd.txt:3: [cảnh báo] Văn bản không ghi số" in out
    assert "53/KH-UBND, 23/03/2022, Ủy ban nhân dân tỉnh Quảng Ngãi" in out


def test_check_one_clean_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(SOURCE / "001_1409461a94ad2694.txt", tmp_path / "a.txt")
    assert main(["check", str(tmp_path / "a.txt"), "--strict"]) == 0
    assert "13/KH-UBND" in capsys.readouterr().out


def test_export_writes_open_data(tmp_path: Path) -> None:
    assert main(["export", "--source", str(SOURCE), "--out", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "documents.json").read_text(encoding="utf-8"))
    assert len(data["documents"]) == 6


def test_build_with_site_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SOURCE / "001_1409461a94ad2694.txt", src / "a.txt")
    code = main(["build", "--source", str(src), "--site-dir", str(tmp_path / "site"), "--strict"])
    assert code == 0
    assert (tmp_path / "site/van-ban/lao-cai/2022/ke-hoach-13-kh-ubnd/index.html").is_file()
    code = main(["build", "--source", str(SOURCE), "--site-dir", str(tmp_path / "site2"), "--strict"])
    assert code == 1

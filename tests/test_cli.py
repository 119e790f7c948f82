"""The `vanban` command: check, export and build over the same functions as the plugin."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
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


def _clean_copy(target: Path) -> None:
    """Seed 001 with its one inconsistency corrected: it dates Nghị định 149/2018/NĐ-CP 19/6/2013."""
    text = (SOURCE / "001_1409461a94ad2694.txt").read_text(encoding="utf-8")
    assert "149/2018/NĐ-CP ngày 19/6/2013" in text
    target.write_text(text.replace("149/2018/NĐ-CP ngày 19/6/2013", "149/2018/NĐ-CP ngày 19/12/2018"), encoding="utf-8")


def test_check_one_clean_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _clean_copy(tmp_path / "a.txt")
    assert main(["check", str(tmp_path / "a.txt"), "--strict"]) == 0
    assert "13/KH-UBND" in capsys.readouterr().out


def test_check_fails_on_a_citation_that_disagrees(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A conflict found when resolving citations is a problem of the file, for `check` and --strict as on the page."""
    shutil.copy(SOURCE / "001_1409461a94ad2694.txt", tmp_path / "a.txt")
    assert main(["check", str(tmp_path / "a.txt"), "--strict"]) == 1
    out = capsys.readouterr().out
    assert "a.txt: [cảnh báo] Dẫn chiếu không khớp về Nghị định 149/2018/NĐ-CP: số hiệu mang năm 2018" in out
    assert "1 văn bản, 1 vấn đề cần xem lại" in out


def test_export_writes_open_data(tmp_path: Path) -> None:
    assert main(["export", "--source", str(SOURCE), "--out", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "documents.json").read_text(encoding="utf-8"))
    assert len(data["documents"]) == 6
    assert (tmp_path / "lich/tat-ca.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_export_writes_what_the_site_publishes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`vanban export` writes the site's open data, every file of data/ (documents.json and the calendars), byte
    for byte."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("VANBAN_CACHE_DIR", "")
    assert main(["export", "--source", str(SOURCE), "--out", str(tmp_path / "out")]) == 0
    assert main(["build", "--source", str(SOURCE), "--site-dir", str(tmp_path / "site")]) in (0, 1)

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    exported, published = files(tmp_path / "out"), files(tmp_path / "site/data")
    assert len([k for k in exported if k.startswith("lich/")]) > 3
    assert exported == published


def test_build_with_site_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    src = tmp_path / "src"
    src.mkdir()
    _clean_copy(src / "a.txt")
    code = main(["build", "--source", str(src), "--site-dir", str(tmp_path / "site"), "--strict"])
    assert code == 0
    assert (tmp_path / "site/van-ban/lao-cai/2022/ke-hoach-13-kh-ubnd/index.html").is_file()
    code = main(["build", "--source", str(SOURCE), "--site-dir", str(tmp_path / "site2"), "--strict"])
    assert code == 1


def _page_counts(site: Path) -> tuple[int, int]:
    """(notes, warnings and errors) as the data-quality pages list them: the total the first page states, and the
    rows of its tables whose level is not "Thông tin", over every page of the listing."""
    first = (site / "chat-luong-du-lieu/index.html").read_text(encoding="utf-8")
    m = re.search(r"(\d+) ghi chú", first)
    assert m is not None
    pages = [site / "chat-luong-du-lieu/index.html", *sorted((site / "chat-luong-du-lieu").glob("trang-*/index.html"))]
    rows = sum(len(re.findall(r"<td>(?:Cảnh báo|Lỗi)</td>", p.read_text(encoding="utf-8"))) for p in pages)
    return int(m.group(1)), rows


@pytest.mark.parametrize("source", [SOURCE, ROOT / "tests/fixtures/corpus-extra"], ids=["seeds", "corpus-extra"])
def test_build_check_and_page_count_the_same_problems(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("VANBAN_CACHE_DIR", "")
    code = main(["build", "--source", str(source), "--site-dir", str(tmp_path / "site"), "--strict"])
    out = capsys.readouterr()
    m = re.search(r"(\d+) văn bản, (\d+) vấn đề cần xem lại \((\d+) ghi chú", out.out)
    assert m is not None, out.out
    failing, notes = int(m.group(2)), int(m.group(3))
    assert (notes, failing) == _page_counts(tmp_path / "site")
    assert failing == len([ln for ln in out.err.splitlines() if "[cảnh báo]" in ln or "[lỗi]" in ln])
    assert code == (1 if failing else 0)  # --strict fails on exactly what the page lists as warnings and errors
    # the citations that disagree are among them: --strict sees what the page shows
    assert ("Dẫn chiếu không khớp" in out.err) == ("Dẫn chiếu không khớp" in (tmp_path / "site/chat-luong-du-lieu/index.html").read_text(encoding="utf-8"))
    main(["check", "--source", str(source)])
    checked = re.search(r"(\d+) văn bản, (\d+) vấn đề cần xem lại \((\d+) ghi chú", capsys.readouterr().out)
    assert checked is not None and checked.groups() == m.groups()


# --- from any folder ---------------------------------------------------------------------------------------------


def _vanban(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VANBAN_CACHE_DIR": "", "VANBAN_JOBS": "1"}
    env.pop("VANBAN_SOURCE", None)
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_build_from_an_empty_folder(tmp_path: Path) -> None:
    """Outside a checkout (no mkdocs.yml here) the package's own configuration and pages build the whole site."""
    here = tmp_path / "empty"
    here.mkdir()
    done = _vanban(here, "build", "--source", str(SOURCE), "--site-dir", "out", "--stage", str(tmp_path / "stage"))
    assert done.returncode == 0, done.stderr
    assert "Đã dựng trang: 6 văn bản" in done.stdout
    site = here / "out"
    assert (site / "van-ban/lao-cai/2022/ke-hoach-13-kh-ubnd/index.html").is_file()
    for page in ("index.html", "gioi-thieu/index.html", "tim-kiem/index.html", "assets/vanban.css", "data/lich/tat-ca.ics"):
        assert (site / page).is_file(), page
    assert "vb-" in (site / "index.html").read_text(encoding="utf-8")  # the theme overrides are the package's
    assert sorted(p.name for p in here.iterdir()) == ["out"]  # nothing else written here


_PROGRESS = re.compile(r"^vanban: [^:]+: \d+/\d+ ")  # a stage's line (generator/progress.py), not an error


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "--source", "khong-co"], "Không tìm thấy thư mục văn bản nguồn «khong-co»"),
        (["serve", "--source", "khong-co"], "Không tìm thấy thư mục văn bản nguồn «khong-co»"),
        (["export", "--source", "khong-co", "--out", "x"], "Không tìm thấy thư mục văn bản nguồn «khong-co»"),
        (["check", "--source", "khong-co"], "Không tìm thấy thư mục văn bản nguồn «khong-co»"),
        (["check", "khong-co.txt"], "Không tìm thấy tệp «khong-co.txt»"),
        (["build", "--source", str(SOURCE), "-f", "khong-co.yml"], "Không tìm thấy tệp cấu hình khong-co.yml"),
        (["build", "--source", str(SOURCE), "-f", "hong.yml"], "Không đọc được tệp cấu hình"),
        (["export", "--source", str(SOURCE), "--out", "tep/x"], "không đọc hoặc ghi được"),
        (["export", "--source", str(SOURCE)], "vanban: thiếu tham số --out (xem: vanban export --help)."),
        (["buil"], "vanban: không có lệnh 'buil'"),
        ([], "vanban: thiếu tham số LỆNH"),
        (["check", "--bogus"], "tham số không dùng được: --bogus"),
    ],
)
def test_user_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "hong.yml").write_text("site_name: [\n", encoding="utf-8")
    (tmp_path / "tep").write_text("một tệp, không phải thư mục\n", encoding="utf-8")
    done = _vanban(tmp_path, *args)
    assert done.returncode == 2
    assert message in done.stderr
    said = [line for line in done.stderr.strip().splitlines() if not _PROGRESS.match(line)]  # the stages done before
    assert len(said) == 1 and "Traceback" not in done.stderr, done.stderr


def test_the_package_configuration_is_the_checkouts() -> None:
    """The repository's mkdocs.yml and the package's configure the same site (only the pages' folder differs): a
    page, a stylesheet or a script added to one and not the other fails here."""
    from mkdocs.config import load_config

    checkout, package = load_config(str(ROOT / "mkdocs.yml")), load_config(str(ROOT / "generator/mkdocs.yml"))
    assert Path(package.docs_dir).resolve() == Path(checkout.docs_dir).resolve()
    assert Path(package.theme.custom_dir).resolve() == Path(checkout.theme.custom_dir).resolve()  # type: ignore[arg-type]
    for key in ("site_name", "nav", "extra_css", "extra_javascript", "markdown_extensions", "validation", "exclude_docs"):
        assert str(package[key]) == str(checkout[key]), key
    assert {k: v for k, v in dict(package.theme).items() if k != "custom_dir"} == {
        k: v for k, v in dict(checkout.theme).items() if k != "custom_dir"
    }
    assert list(package.plugins) == list(checkout.plugins)

"""Progress of long work: `vanban build`, `export` and `check` show it on a terminal (bars), write one plain line per
stage elsewhere (a CI log), and nothing with --quiet. The stages report through a callback (generator/progress.py)
and never print themselves."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.pipeline import load_corpus
from generator.progress import STAGES, PlainLines, reporter

from .conftest import ROOT, SOURCE

PLAIN = re.compile(r"^vanban: (?P<what>[^:]+): (?P<done>\d+)/(?P<total>\d+) (?P<unit>.+?) \(")
LABEL = {what: stage for stage, (what, _) in STAGES.items()}


def plan(i: int) -> str:
    return (
        "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\n-------\n"
        f"Số: {i}/KH-UBND\nLào Cai, ngày {1 + i % 28} tháng 01 năm 2022\n\nKẾ HOẠCH\n"
        f"THỰC HIỆN CÔNG TÁC DÂN VẬN CHÍNH QUYỀN ĐỢT {i}\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        f"1. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính tổng hợp, báo cáo trước ngày {1 + i % 28}/6/2022.\n"
    )


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Thirty short plans: enough files for a bar to move through many states."""
    src = tmp_path_factory.mktemp("many-plans")
    for i in range(1, 31):
        (src / f"ke-hoach-{i:02d}.txt").write_text(plan(i), encoding="utf-8")
    return src


def vanban(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`vanban ARGS` in a child process whose stderr is a pipe (not a terminal), as in CI."""
    env = dict(os.environ, VANBAN_JOBS="1", NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def stages_in(stderr: str) -> list[tuple[str, int, int]]:
    """The plain progress lines of a run: (stage, done, total), in order."""
    out = []
    for line in stderr.splitlines():
        m = PLAIN.match(line)
        if m:
            out.append((LABEL[m["what"]], int(m["done"]), int(m["total"])))
    return out


def test_plain_lines_one_per_stage_when_it_ends() -> None:
    stream = io.StringIO()
    lines = PlainLines(stream)
    for stage, done, total in [("read", 0, 3), ("read", 1, 3), ("read", 3, 3), ("read", 3, 3), ("resolve", 0, 1), ("resolve", 1, 1), ("render", 0, 0)]:
        lines(stage, done, total)
    assert [(LABEL[m["what"]], m["done"], m["total"], m["unit"]) for m in map(PLAIN.match, stream.getvalue().splitlines()) if m] == [
        ("read", "3", "3", "tệp"), ("resolve", "1", "1", "bước"), ("render", "0", "0", "văn bản"),
    ]


def test_reporter_choice() -> None:
    with reporter(quiet=True, stream=io.StringIO()) as progress:
        assert progress is None
    with reporter(stream=io.StringIO()) as progress:  # a StringIO is not a terminal
        assert isinstance(progress, PlainLines)


def test_pipeline_reports_every_file(many: Path) -> None:
    heard: list[tuple[str, int, int]] = []
    loaded = load_corpus(many, jobs=1, progress=lambda *a: heard.append(a))
    assert len(loaded.corpus.documents) == 30
    assert heard == [("read", i, 30) for i in range(31)]


@pytest.mark.parametrize(
    ("command", "stages"),
    [
        (["check"], ["read", "resolve"]),
        (["export", "--out", "{tmp}/data"], ["read", "resolve", "export"]),
    ],
)
def test_without_a_terminal_one_line_per_stage(many: Path, tmp_path: Path, command: list[str], stages: list[str]) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    done = vanban(*args, "--source", str(many))
    assert done.returncode == 0, done.stderr
    seen = stages_in(done.stderr)
    assert [s for s, _, _ in seen] == stages, done.stderr
    assert all(d == t for _, d, t in seen)
    assert seen[0] == ("read", 30, 30)
    assert "\x1b[" not in done.stderr  # no terminal codes in a log
    quiet = vanban(*args, "--source", str(many), "--quiet")
    assert quiet.returncode == 0 and stages_in(quiet.stderr) == [], quiet.stderr
    assert quiet.stdout == done.stdout  # --quiet takes away the progress only


def test_build_without_a_terminal_names_every_stage(tmp_path: Path) -> None:
    """The shipped corpus built as `vanban build` in CI: read, link, render, search index (written by the generator),
    MkDocs; each once."""
    done = vanban("build", "--source", str(SOURCE), "--site-dir", str(tmp_path / "site"), "--stage", str(tmp_path / "stage"))
    assert done.returncode == 0, done.stderr[-3000:]
    seen = stages_in(done.stderr)
    assert [s for s, _, _ in seen] == ["read", "resolve", "render", "search", "partitions"], done.stderr[-3000:]
    assert seen[0] == ("read", len(list(SOURCE.iterdir())), len(list(SOURCE.iterdir())))
    quiet = vanban("build", "--quiet", "--source", str(SOURCE), "--site-dir", str(tmp_path / "site2"), "--stage", str(tmp_path / "stage"))
    assert quiet.returncode == 0 and stages_in(quiet.stderr) == [], quiet.stderr[-3000:]


def run_in_pty(*args: str) -> tuple[int, str]:
    """`vanban ARGS` with its stderr on a pseudo-terminal: what a person at a terminal sees, escape codes included."""
    master, slave = pty.openpty()
    env = dict(os.environ, TERM="xterm", COLUMNS="120", VANBAN_JOBS="1")
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return proc.wait(timeout=120), b"".join(chunks).decode("utf-8", errors="replace")


def test_on_a_terminal_the_bar_advances(many: Path) -> None:
    code, screen = run_in_pty("check", "--source", str(many))
    assert code == 0, screen[-2000:]
    read = STAGES["read"][0]
    # every redraw of the reading bar: "Đọc văn bản nguồn ━━━╸━━━  7/30 tệp"
    counts = [int(m) for m in re.findall(re.escape(read) + r"[^\r\n]*?(\d+)/30", screen)]
    assert counts and counts[-1] == 30, screen[-2000:]
    assert len(set(counts)) >= 10 and counts == sorted(counts), counts  # it moved forward, step by step
    assert "\x1b[" in screen and not re.search(PLAIN.pattern, screen, re.M)  # drawn with terminal codes, not the log's lines
    quiet_code, quiet_screen = run_in_pty("check", "--source", str(many), "--quiet")
    assert quiet_code == 0 and read not in quiet_screen

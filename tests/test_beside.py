"""Work forked beside the generator's main process (generator/beside.py): same files as made in one process."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from generator import beside, site
from generator.partition import StageWriter, read_manifest, read_sizes

from .conftest import SOURCE


@pytest.fixture
def single_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest may run threads of its own; they take no lock the children need."""
    monkeypatch.setattr(beside.threading, "active_count", lambda: 1)


def test_each_part_runs_in_a_process_of_its_own(single_thread: None) -> None:
    waits = beside.start([os.getpid, lambda: "ok" * 3], jobs=2)
    child = waits[0]()
    assert child != os.getpid() and waits[1]() == "okokok"


def test_with_one_core_a_part_runs_here_when_asked() -> None:
    ran: list[int] = []
    (wait,) = beside.start([lambda: ran.append(os.getpid()) or "done"], jobs=1)
    assert ran == []  # not yet: the part runs when its result is asked for, as the build did before
    assert wait() == "done" and ran == [os.getpid()]


@pytest.mark.parametrize(
    ("available_kb", "resident_kb", "forks"),
    [
        (20_000_000, 800_000, True),  # 10,000 documents on this machine: 0.8 GB held at the fork, 20 GB free
        (20_000_000, 8_000_000, False),  # 100,000: both would need about 28 GB
        (2_000_000, 600_000, False),  # a small runner
        (None, 800_000, True),  # no /proc/meminfo (not Linux): as before
    ],
)
def test_a_part_runs_here_when_memory_is_short(
    single_thread: None, monkeypatch: pytest.MonkeyPatch, available_kb: int | None, resident_kb: int, forks: bool
) -> None:
    monkeypatch.setattr(beside, "_kb", lambda path, field: available_kb if field == "MemAvailable" else resident_kb)
    assert beside.can_fork(2) is forks
    (wait,) = beside.start([os.getpid], jobs=2)
    assert (wait() != os.getpid()) is forks


def test_a_part_that_fails_fails_the_build(single_thread: None) -> None:
    (wait,) = beside.start([lambda: 1 / 0], jobs=2)
    with pytest.raises(beside.ForkFailed, match="ZeroDivisionError"):
        wait()


def test_files_written_by_a_child_reach_the_parents_stage(single_thread: None, tmp_path: Path) -> None:
    writer = StageWriter(tmp_path)

    def part() -> dict[str, Any]:
        noted = beside.Recorder(writer)
        noted["co-quan/a.md"] = "# A\n"
        noted.update({"data/lich/a.ics": "BEGIN:VCALENDAR\r\n"})
        return noted.noted

    (wait,) = beside.start([part], jobs=2)
    beside.adopt(writer, wait())
    writer["index.md"] = "# Trang chủ\n"
    writer.close()
    assert sorted(read_manifest(tmp_path)) == ["co-quan/a.md", "data/lich/a.ics", "index.md"]
    assert (tmp_path / "files" / "co-quan" / "a.md").read_text(encoding="utf-8") == "# A\n"
    # with their sizes, by which the partitions are cut without a stat of every file
    assert read_sizes(tmp_path) == {"co-quan/a.md": 4, "data/lich/a.ics": len("BEGIN:VCALENDAR\r\n"), "index.md": len("# Trang chủ\n".encode())}


def test_the_site_made_with_parts_beside_is_the_one_made_in_one_process(single_thread: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    forks: list[bool] = []
    start = beside.start

    def spy(fns: Any, jobs: int | None) -> Any:
        forks.append(beside.can_fork(jobs))
        return start(fns, jobs)

    monkeypatch.setattr(beside, "start", spy)
    forked = site.build_site(SOURCE, cache_dir=None, jobs=2)
    alone = site.build_site(SOURCE, cache_dir=None, jobs=1)
    assert forks == [True, False]  # one process beside: the calendars and the search index; then none
    assert forked.files == alone.files and any(u.startswith("co-quan/") for u in forked.files)
    staged = StageWriter(tmp_path / "stage")
    site.build_site(SOURCE, cache_dir=None, jobs=2, sink=staged)
    _, manifest = staged.close()
    assert set(manifest) == set(forked.files)
    for uri, content in forked.files.items():
        assert (tmp_path / "stage" / "files" / uri).read_bytes() == content.encode("utf-8")  # calendars end lines in CRLF


def test_the_generator_runs_without_cycle_collection_and_gives_it_back(tmp_path: Path) -> None:
    """Every stage of build_site runs with the cycle collector paused (between load, resolve and render too, where a
    collection walked the whole corpus), and the caller's collector is on again after it."""
    import gc

    seen: list[tuple[str, bool]] = []
    assert gc.isenabled()
    site.build_site(SOURCE, cache_dir=None, jobs=1, progress=lambda stage, done, total: seen.append((stage, gc.isenabled())))
    assert {stage for stage, _ in seen} >= {"read", "resolve", "render"}
    assert not any(enabled for _, enabled in seen)
    assert gc.isenabled()

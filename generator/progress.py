"""Progress of long work (files read, pages written, partitions built, search indexed), through a callback.

The stages take `progress: Progress | None` and call it as `progress(stage, done, total)`; they never print. What a
person sees is chosen by the command line (`reporter`): on a terminal, a bar per stage (rich); anywhere else (a CI
log, a pipe), one plain line per stage when it ends; with --quiet, nothing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

Progress = Callable[[str, int, int], None]

# stage -> (what it does, the unit it counts), in the order a build runs them; what the reader sees is Vietnamese
STAGES: dict[str, tuple[str, str]] = {
    "read": ("Đọc văn bản nguồn", "tệp"),
    "resolve": ("Liên kết các văn bản", "bước"),
    "render": ("Sinh trang văn bản", "văn bản"),
    "partitions": ("Dựng trang (MkDocs)", "phần"),
    "search": ("Lập chỉ mục tìm kiếm", "mục"),
    "export": ("Ghi dữ liệu mở", "tệp"),
}


def report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    """Call `progress` when there is one (the stages call this, so that passing None costs nothing)."""
    if progress is not None:
        progress(stage, done, total)


def _label(stage: str) -> tuple[str, str]:
    return STAGES.get(stage, (stage, ""))


class PlainLines:
    """One line per stage, written when the stage ends (done == total): for logs, where a bar would be noise."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.started: dict[str, float] = {}
        self.ended: set[str] = set()

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.started.setdefault(stage, time.monotonic())
        if done < total or stage in self.ended:
            return
        self.ended.add(stage)
        what, unit = _label(stage)
        seconds = time.monotonic() - self.started[stage]
        self.stream.write(f"vanban: {what}: {done}/{total} {unit} ({seconds:.1f} giây)\n")
        self.stream.flush()


class Bars:
    """A bar per stage on a terminal (rich), redrawn whenever a stage moves by a whole percent (so a stage of any
    length redraws at most a hundred times, and what is drawn does not depend on the machine's speed)."""

    def __init__(self, stream: IO[str]) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bars = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[unit]}"),
            TimeElapsedColumn(),
            console=Console(file=stream),
            auto_refresh=False,
            transient=False,
        )
        self.tasks: dict[str, Any] = {}
        self.shown: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            what, unit = _label(stage)
            self.tasks[stage] = self.bars.add_task(what, total=max(total, 1), unit=unit)
        self.bars.update(self.tasks[stage], completed=done if total else 1, total=max(total, 1))
        percent = 100 * done // total if total else 100
        if self.shown.get(stage) != percent:
            self.shown[stage] = percent
            self.bars.refresh()

    def __enter__(self) -> Bars:
        self.bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bars.refresh()
        self.bars.stop()


@contextmanager
def reporter(quiet: bool = False, stream: IO[str] | None = None) -> Iterator[Progress | None]:
    """The callback for a command: None with `quiet`; bars when `stream` (stderr by default) is a terminal; else
    plain lines."""
    out = stream if stream is not None else sys.stderr
    if quiet:
        yield None
        return
    if out.isatty():
        with Bars(out) as bars:
            yield bars
        return
    yield PlainLines(out)

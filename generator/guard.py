"""A time budget per source file, so that one pathological file cannot hold the build.

The patterns of the pipeline are written so that they cannot backtrack for long (bounded repetitions, tested on
adversarial 100 KB lines in tests/test_properties.py), but a budget is the backstop for what no test has found yet:
a file whose reading, parsing and extraction take longer than `file_seconds()` is stopped and reported with a
`Problem` of kind "timeout"; the other files are published as usual. `pipeline.analyse_file` applies it to each
file, in the worker processes and in the build's own; a stopped file's result is not cached (`pipeline.cacheable`),
so the next build tries it again.

    with time_budget(file_seconds()):
        ...read, parse and extract one file...
    # raises Overrun when the time is up

The budget is a POSIX interval timer (SIGALRM), which also interrupts a regular expression that is still matching.
It applies in the main thread of a process (the build, or a worker process of the parallel pipeline); elsewhere
(e.g. the rebuild thread of `mkdocs serve`, or on Windows) there is no budget and the block simply runs.

Also here, the build's other resource guard: `no_cyclic_gc()` pauses the cycle collector where the pipeline and the
renderer make millions of short-lived objects with the whole corpus alive.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from .models import Problem

BUDGET_ENV = "VANBAN_FILE_SECONDS"
# Seconds of wall time for one file. The slowest real file (corpus-extra 1027/CTK-CSCL, a table of 3,300 communes)
# takes 0.25 s; the largest file read at all (5 MB, the reader's limit, of seed text: 197 documents) takes 15 s.
DEFAULT_SECONDS = 60.0


class Overrun(BaseException):
    """The time budget ran out. A BaseException, so that the `except Exception` that keeps one bad document from
    stopping the others does not swallow it: the whole file stops, as the budget means."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"over the time budget of {seconds:g} s")
        self.seconds = seconds


def file_seconds() -> float:
    """$VANBAN_FILE_SECONDS when it is a positive number, else DEFAULT_SECONDS; 0 turns the budget off."""
    raw = os.environ.get(BUDGET_ENV, "").strip()
    try:
        value = float(raw) if raw else DEFAULT_SECONDS
    except ValueError:
        return DEFAULT_SECONDS
    return max(0.0, value)


def can_interrupt() -> bool:
    """Whether `time_budget` can stop a block here (a POSIX timer, in the main thread, not already in use)."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise `Overrun` inside the block once it has run `seconds` of wall time (no limit when 0 or when
    `can_interrupt()` is false). The previous SIGALRM handler is restored on the way out."""
    if seconds <= 0 or not can_interrupt():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise Overrun(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:  # even when the time ran out on the very way out: the handler is put back
            signal.signal(signal.SIGALRM, previous)


def overrun_problem(source: str, seconds: float) -> Problem:
    """The problem listed for a file stopped by its time budget (on the data-quality page, in the open data)."""
    message = (
        f"Đọc tệp quá {seconds:g} giây nên đã dừng; tệp có nội dung bất thường (dòng rất dài, ký tự lặp lại) "
        "và không được đăng. Hãy kiểm tra lại tệp."
    )
    return Problem("timeout", message, None, source, "error")


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cycle collector while millions of short-lived, acyclic objects are made (unpickled parse results,
    rendered rows and strings): each collection walks every object alive, the whole corpus included, which made
    loading 10,000 cached files twice as slow and cost 10-20% of rendering at 1,000 documents."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()

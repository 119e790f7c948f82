"""Work run in a forked process beside this one: the generator's second core while it renders.

Parsing uses every core (pipeline.py); what follows (resolve, then the pages, the calendars and the search index)
ran in one process while the other cores waited. Parts of it read the same resolved corpus and nothing of each other:
the search index, and the agency pages with the calendars. `start` forks a process for such a part: the child reads
the parent's memory as it was at the fork (nothing is copied to it but the pages it writes to: its cycle collector
is off) and writes its files itself; what comes back is
small (the files' hashes when they went to the stage, see `Recorder`). Without fork (another thread runs, as under
`mkdocs serve`'s watcher or a progress bar), or with one core, the part runs here when its result is asked for: the
same files, in the order the build had before.
"""

from __future__ import annotations

import gc
import multiprocessing
import threading
import traceback
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from typing import Any

from .partition import StageWriter
from .pipeline import default_jobs

# A forked part makes its own lookups and rows from what the parent holds at the fork, and the parent goes on to
# make its pages: together they come to about 3.4 times the parent's memory at the fork (resident 2.7 GB at their
# peak for 0.79 GB at the fork, 10,000 documents). Where the machine has less free (100,000 documents here), the
# parts run here, one after the other.
FORK_MEMORY_FACTOR = 3.5


def can_fork(jobs: int | None) -> bool:
    """A second core, fork, no other thread whose locks a child could inherit taken, and memory for both."""
    return (
        (jobs or default_jobs()) >= 2
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and memory_allows_fork()
    )


def _kb(path: str, field: str) -> int | None:
    try:
        with open(path, encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def memory_allows_fork(factor: float = FORK_MEMORY_FACTOR) -> bool:
    """Whether the memory the system has free holds `factor` times this process's (both read from /proc; where
    they cannot be read, as off Linux, it is assumed to)."""
    available, resident = _kb("/proc/meminfo", "MemAvailable"), _kb("/proc/self/status", "VmRSS")
    if available is None or resident is None:
        return True
    return available >= factor * resident


class ForkFailed(RuntimeError):
    """The forked part raised: its traceback, as the child printed it."""


def _child(fn: Callable[[], Any], conn: Connection) -> None:
    # The cycle collector would write into the header of every object the parent holds, and the kernel copy each
    # page it writes to: the child would soon hold a copy of the whole corpus. What the child allocates it frees
    # by reference counting; its life is one part of one build.
    gc.disable()
    try:
        result = ("ok", fn())
    except BaseException:  # noqa: BLE001 - everything goes back to the parent, which raises it
        result = ("error", traceback.format_exc())
    conn.send(result)
    conn.close()


def start(fns: Iterable[Callable[[], Any]], jobs: int | None) -> list[Callable[[], Any]]:
    """Start each of `fns` in a process of its own, forked now, when `can_fork`; for each, a function that waits for
    its result (ForkFailed if it raised). Otherwise each runs here when its result is asked for. No thread is
    started: a fork never copies a lock another thread holds."""
    fns = list(fns)
    if not can_fork(jobs):
        return fns
    context = multiprocessing.get_context("fork")
    waits: list[Callable[[], Any]] = []
    for fn in fns:
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(fn, send), daemon=True)  # forked: `fn` is not pickled
        process.start()
        send.close()

        def wait(process: Any = process, receive: Connection = receive) -> Any:
            try:
                status, value = receive.recv()  # before join: a large result fills the pipe until it is read
            except EOFError:
                status, value = "error", "the process ended without a result"
            finally:
                receive.close()
                process.join()
            if status != "ok":
                raise ForkFailed(value)
            return value

        waits.append(wait)
    return waits


class Recorder:
    """A sink (render.Sink) that passes each file on to `sink` and notes it: its hash and size when `sink` is the
    stage (the file is on disk, written by whichever process made it), its content otherwise. `adopt` then gives the parent's
    sink what a child wrote into its own copy."""

    def __init__(self, sink: Any) -> None:
        self.sink = sink
        self.stage = isinstance(sink, StageWriter)
        self.noted: dict[str, Any] = {}

    def __setitem__(self, uri: str, content: str) -> None:
        self.sink[uri] = content
        self.noted[uri] = self._staged(uri) if self.stage else content

    def _staged(self, uri: str) -> tuple[str, int]:
        return self.sink.new[uri], self.sink.sizes[uri]

    def update(self, files: dict[str, str]) -> None:
        for uri, content in files.items():
            self[uri] = content

    def write_chunks(self, uri: str, chunks: Iterable[str]) -> None:
        if self.stage:
            self.sink.write_chunks(uri, chunks)
            self.noted[uri] = self._staged(uri)
        else:
            self[uri] = "".join(chunks)

    def keep(self, uri: str) -> bool:
        """Keep the stage's previous file `uri` as it is (StageWriter.keep); False without a stage holding it."""
        if not self.stage or not self.sink.keep(uri, counted=False):
            return False
        self.noted[uri] = self._staged(uri)
        return True

    def __len__(self) -> int:
        return len(self.noted)


def adopt(sink: Any, noted: dict[str, Any]) -> None:
    """Give `sink` the files a Recorder noted in a child: their hashes and sizes to the stage's manifest (the files
    are already written), or their contents to a dict."""
    if isinstance(sink, StageWriter):
        for uri, (h, size) in noted.items():
            sink.new[uri] = h
            sink.sizes[uri] = size
    else:
        sink.update(noted)

"""What a build keeps for the next one beside its parse cache (in `site.SIDE_DIR`): the search index's postings
(search.py), the calendars' events and documents.json's records (render/kept_calendars.py, render/kept_data.py). Each is one pickle holding the signature of the
code that made it; a missing, corrupt or foreign one is ignored (the next build makes everything again, the same
bytes). Written atomically: builds sharing the folder never read half of one."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from .partition import StageWriter


def signature(*sources: str, settings: object = ()) -> str:
    """The code (module files) and settings a kept value was made by, and the Python that made it."""
    h = hashlib.sha256(repr((settings, sys.version)).encode())
    for source in sources:
        h.update(Path(source).read_bytes())
    return h.hexdigest()


def code_signature(state_file: str) -> str:
    """The signature of a kept value made by the generator's code as a whole (pipeline.code_version: every module
    and vocabulary), for the state named `state_file`."""
    from .pipeline import code_version  # the generator's stages: imported only by what keeps such a value

    return signature(settings=(code_version(), state_file))


def stage_of(out: Any) -> StageWriter | None:
    """The stage `out` writes to (a beside.Recorder passes files on to its sink), None when it is not one."""
    sink = getattr(out, "sink", out)
    return sink if isinstance(sink, StageWriter) else None


def load(path: Path | None, sign: str) -> Any:
    """The value kept in `path` by code of signature `sign`, else None."""
    if path is None:
        return None
    try:
        with path.open("rb") as fh:
            kept = pickle.load(fh)
    except Exception:  # noqa: BLE001 - missing, corrupt or foreign: made again
        return None
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == sign:
        return kept[1]
    return None


def save(path: Path | None, sign: str, value: Any) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((sign, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def encoded(value: Any) -> bytes:
    """`value` (tuples, lists, strings, numbers, dates...) as bytes to hash: the same values give the same bytes
    whichever objects hold them (pickled without a memo: `fast`), 2 to 3 times faster than their repr."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return buffer.getvalue()

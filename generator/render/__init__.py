"""Render the resolved corpus: Markdown pages, open data (JSON) and calendars."""

from __future__ import annotations

from typing import Protocol


class Sink(Protocol):
    """Where generated files go as they are rendered: a dict, or the stage being written (partition.StageWriter),
    so that a build need not hold every page at once."""

    def __setitem__(self, uri: str, content: str, /) -> None: ...

    def update(self, files: dict[str, str], /) -> None: ...

    def __len__(self) -> int: ...

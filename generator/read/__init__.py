"""Readers: one per file format, all returning `SourceText`.

Nothing after this stage knows which format a document came in.
"""

from __future__ import annotations

from pathlib import Path

from ..models import Problem, SourceText
from .text import read_text_bytes

# Files larger than this are read only up to the limit: a 50 MB text file is not a plan.
MAX_BYTES = 5 * 1024 * 1024

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}


def supported(path: Path) -> bool:
    """Whether a file in the source folder is meant to be read (hidden files and notes are not)."""
    return path.is_file() and not path.name.startswith(".") and path.name.lower() not in {"readme.md"}


def read_source(path: Path, root: Path) -> SourceText:
    """Read one source file. Never raises for bad content: problems are reported in the result."""
    rel = path.relative_to(root).as_posix()
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES)
    except OSError as exc:
        return SourceText(rel, "", "", "unknown", (_problem(rel, "unreadable", f"Không đọc được tệp: {exc}"),))
    problems: list[Problem] = []
    if size > MAX_BYTES:
        problems.append(
            _problem(
                rel,
                "truncated",
                f"Tệp quá lớn ({size:,} byte); chỉ đọc {MAX_BYTES:,} byte đầu tiên.",
                severity="error",
            )
        )
    fmt = suffix.lstrip(".") or "txt"
    if suffix in TEXT_SUFFIXES or suffix == "":
        text, encoding, more = read_text_bytes(data, rel)
        fmt = "md" if suffix in {".md", ".markdown"} else "txt"
    else:
        text, encoding, more = read_other(path, data, rel)
    return SourceText(rel, text, encoding, fmt, tuple(problems) + more)


def read_other(path: Path, data: bytes, rel: str) -> tuple[str, str, tuple[Problem, ...]]:
    """Formats without a reader yet: try them as text, else report the file as unreadable."""
    if b"\x00" not in data[:4096]:
        text, encoding, more = read_text_bytes(data, rel)
        if text.strip():
            return text, encoding, more
    return "", "binary", (
        _problem(rel, "unsupported-format", f"Định dạng tệp {path.suffix or '(không có đuôi)'} chưa được hỗ trợ; tệp bị bỏ qua.", "error"),
    )


def _problem(rel: str, kind: str, message: str, severity: str = "warning") -> Problem:
    return Problem(kind, message, None, rel, severity)

"""Readers: one per file format, all returning `SourceText`.

Text and Markdown (`text.py`, with TCVN3 and VNI detected and converted by `legacy.py`), Word `.docx`
(`docx.py`), PDF with a text layer (`pdf.py`) and HTML pages saved from a web portal (`html.py`). Nothing after this stage knows which format a document came in.
"""

from __future__ import annotations

from pathlib import Path

from ..models import Problem, SourceText
from .docx import read_docx
from .html import read_html
from .pdf import read_pdf
from .text import read_text_bytes

# Files larger than this are read only up to the limit: a 50 MB text file is not a plan.
MAX_BYTES = 5 * 1024 * 1024
# Word and PDF files cannot be read in part; larger ones are refused (a scan of many pages, not a plan's text).
MAX_PACKAGE_BYTES = 50 * 1024 * 1024

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
READERS = {".docx": read_docx, ".pdf": read_pdf, ".html": read_html, ".htm": read_html}
_OLD_FORMATS = {".doc": "Word 97-2003 (.doc)", ".rtf": "RTF (.rtf)", ".odt": "OpenDocument (.odt)"}


def supported(path: Path) -> bool:
    """Whether a file in the source folder is meant to be read (hidden files, notes and the lock files Word
    leaves beside an open document, `~$name.docx`, are not)."""
    name = path.name
    return path.is_file() and not name.startswith((".", "~$")) and name.lower() not in {"readme.md"}


def read_source(path: Path, root: Path) -> SourceText:
    """Read one source file. Never raises for bad content: problems are reported in the result."""
    rel = path.relative_to(root).as_posix()
    suffix = path.suffix.lower()
    if not path.resolve().is_relative_to(root.resolve()):
        # a symbolic link to a file elsewhere on the build machine (/etc/passwd, a CI secret) is never published
        message = "Tệp là liên kết tới một tệp nằm ngoài thư mục văn bản nguồn; tệp bị bỏ qua."
        return SourceText(rel, "", "", "unknown", (_problem(rel, "outside-source", message, "error"),))
    if suffix in READERS:
        return _read_package(path, rel, suffix)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES)
    except OSError as exc:
        return SourceText(rel, "", "", "unknown", (_problem(rel, "unreadable", f"Không đọc được tệp: {exc}"),))
    problems: list[Problem] = []
    if size > MAX_BYTES:
        data = _whole_characters(data)
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


def _whole_characters(data: bytes) -> bytes:
    """The first MAX_BYTES of a longer file, without the UTF-8 character they cut in two: a cut character made
    the whole text fail UTF-8 and read as Latin-1 (every Vietnamese letter garbled)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return data[: exc.start]
    return data


def _read_package(path: Path, rel: str, suffix: str) -> SourceText:
    """A .docx or .pdf, read whole by its reader."""
    fmt = suffix.lstrip(".")
    try:
        size = path.stat().st_size
        if size > MAX_PACKAGE_BYTES:
            message = f"Tệp quá lớn ({size:,} byte, tối đa {MAX_PACKAGE_BYTES:,}); tệp bị bỏ qua."
            return SourceText(rel, "", "", fmt, (_problem(rel, "too-large", message, "error"),))
        data = path.read_bytes()
    except OSError as exc:
        return SourceText(rel, "", "", fmt, (_problem(rel, "unreadable", f"Không đọc được tệp: {exc}", "error"),))
    text, encoding, problems = READERS[suffix](data, rel)
    return SourceText(rel, text, encoding, fmt, problems)


def read_other(path: Path, data: bytes, rel: str) -> tuple[str, str, tuple[Problem, ...]]:
    """Formats without a reader: try them as text, else report the file as unreadable."""
    suffix = path.suffix.lower()
    if suffix in _OLD_FORMATS:
        message = f"Định dạng {_OLD_FORMATS[suffix]} chưa được hỗ trợ; hãy lưu lại thành .docx hoặc PDF có chữ. Tệp bị bỏ qua."
        return "", "binary", (_problem(rel, "unsupported-format", message, "error"),)
    if data[:4096].count(b"\x00") <= 16:  # a few stray NUL bytes do not make a text file binary
        text, encoding, more = read_text_bytes(data, rel)
        if text.strip():
            return text, encoding, more
    return "", "binary", (
        _problem(rel, "unsupported-format", f"Định dạng tệp {path.suffix or '(không có đuôi)'} chưa được hỗ trợ; tệp bị bỏ qua.", "error"),
    )


def _problem(rel: str, kind: str, message: str, severity: str = "warning") -> Problem:
    return Problem(kind, message, None, rel, severity)

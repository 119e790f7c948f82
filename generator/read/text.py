"""Reader for plain text and Markdown: detects the encoding, never loses bytes silently."""

from __future__ import annotations

import codecs

from ..models import Problem
from .legacy import convert_surface, decode_bytes

_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}
_CONTROL_BAD = tuple(chr(c) for c in range(32) if chr(c) not in _CONTROL_OK)
# A text file may carry a few stray NUL bytes (a PDF-to-text conversion leaves some); a binary file has many. More
# than one NUL in this many bytes (and more than the minimum) is binary.
_STRAY_NUL_RATIO = 200
_STRAY_NUL_MIN = 16
_SHOWN_LINES = 10


def _lines_of(text: str, ch: str) -> list[int]:
    """The 1-based lines on which `ch` occurs."""
    lines: list[int] = []
    start = 0
    line = 1
    while True:
        k = text.find(ch, start)
        if k < 0:
            return lines
        line += text.count("\n", start, k)
        if not lines or lines[-1] != line:
            lines.append(line)
        start = k + 1


def _stray_problem(lines: list[int], what: str, rel: str) -> Problem:
    """One problem for the stray control characters dropped from a text file, with the lines they were on."""
    shown = ", ".join(str(n) for n in lines[:_SHOWN_LINES]) + (", ..." if len(lines) > _SHOWN_LINES else "")
    message = f"Đã bỏ các ký tự điều khiển ({what}) lạc trong tệp văn bản, ở dòng {shown}; nội dung chữ giữ nguyên."
    return Problem("control-characters", message, lines[0] if lines else None, rel, "info")


def read_text_bytes(data: bytes, rel: str) -> tuple[str, str, tuple[Problem, ...]]:
    """Decode bytes of a text file: UTF-8 (BOM or not), UTF-16 (BOM or not), else report.

    Returns (text, encoding name, problems). Binary data gives empty text and an error problem.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[3:], "utf-8", rel, "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", rel, "utf-16")
    if len(data) >= 4 and _looks_utf16(data):
        codec = "utf-16-le" if data[1] == 0 else "utf-16-be"
        return _decode(data, codec, rel, codec)
    stray: tuple[Problem, ...] = ()
    if b"\x00" in data:
        if data.count(b"\x00") > max(_STRAY_NUL_MIN, len(data) // _STRAY_NUL_RATIO):
            return "", "binary", (
                Problem("binary", "Tệp nhị phân, không phải văn bản; tệp bị bỏ qua.", None, rel, "error"),
            )
        # a handful of NUL bytes left by a PDF-to-text conversion: the file is text all the same
        stray = (_stray_problem(_lines_of(data.decode("latin-1"), "\x00"), "NUL", rel),)
        data = data.replace(b"\x00", b"")
    text, encoding, problems = _read_clean(data, rel)
    if encoding == "binary" or any(p.kind == "binary" for p in problems):
        return text, "binary", tuple(p for p in problems if p.kind == "binary")
    return text, encoding, stray + problems


def _read_clean(data: bytes, rel: str) -> tuple[str, str, tuple[Problem, ...]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _legacy(data, rel, exc)
    text, legacy = convert_surface(text)  # TCVN3/VNI text saved as UTF-8 without converting its font
    return _check_control(text, f"utf-8+{legacy}" if legacy else "utf-8", rel)


def _looks_utf16(data: bytes) -> bool:
    sample = data[:2000]
    even_zero = sum(1 for b in sample[0::2] if b == 0)
    odd_zero = sum(1 for b in sample[1::2] if b == 0)
    half = max(1, len(sample) // 2)
    return max(even_zero, odd_zero) > 0.3 * half and min(even_zero, odd_zero) < 0.05 * half


def _decode(data: bytes, codec: str, rel: str, name: str) -> tuple[str, str, tuple[Problem, ...]]:
    text = data.decode(codec, errors="replace")
    problems: tuple[Problem, ...] = ()
    if "\ufffd" in text:
        problems = (
            Problem("encoding", f"Một số ký tự không giải mã được theo {name} và được thay bằng �.", None, rel),
        )
    text, _, more = _check_control(text.lstrip("\ufeff"), name, rel)
    return text, name, problems + more


def _legacy(data: bytes, rel: str, exc: UnicodeDecodeError) -> tuple[str, str, tuple[Problem, ...]]:
    """Not UTF-8: a legacy Vietnamese encoding (TCVN3, VNI) when the text reads as Vietnamese under one,
    else byte for byte (cp1252, falling back to Latin-1) so that no text is lost."""
    found = decode_bytes(data)
    if found is not None:
        return _check_control(found.text, found.encoding, rel)
    try:
        text = data.decode("cp1252")
        name = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        name = "latin-1"
    line = data[: exc.start].count(b"\n") + 1
    problem = Problem(
        "encoding",
        f"Tệp không phải UTF-8 (byte lạ ở dòng {line}); đã đọc theo {name}, có thể sai dấu tiếng Việt.",
        line,
        rel,
    )
    text, _, more = _check_control(text, name, rel)
    return text, name, (problem,) + more


def _check_control(text: str, name: str, rel: str) -> tuple[str, str, tuple[Problem, ...]]:
    bad = sum(text.count(ch, 0, 20000) for ch in _CONTROL_BAD)  # str.count, not a loop per character
    if text and bad > 0.1 * min(len(text), 20000):
        return "", "binary", (
            Problem("binary", "Tệp chứa quá nhiều ký tự điều khiển, không phải văn bản; tệp bị bỏ qua.", None, rel, "error"),
        )
    if bad:
        lines = sorted({n for ch in _CONTROL_BAD if ch in text for n in _lines_of(text, ch)})
        text = "".join(ch if ord(ch) >= 32 or ch in _CONTROL_OK else " " for ch in text)
        return text, name, (_stray_problem(lines, "mã dưới 32", rel),)
    return text, name, ()

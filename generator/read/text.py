"""Reader for plain text and Markdown: detects the encoding, never loses bytes silently."""

from __future__ import annotations

import codecs

from ..models import Problem
from .legacy import convert_surface, decode_bytes

_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}
_CONTROL_BAD = tuple(chr(c) for c in range(32) if chr(c) not in _CONTROL_OK)
_CONTROL_SET = frozenset(_CONTROL_BAD)
# A text file may carry a few stray NUL or other control bytes (a PDF-to-text conversion leaves some); a binary
# file has many (compressed data: one byte in ten). More than one in this many characters, and more than the
# minimum, is binary.
_STRAY_RATIO = 50
_STRAY_MIN = 16
_SHOWN_LINES = 10
# what a file's first bytes say it is, whatever its name: these are never text
_SIGNATURES = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "nén ZIP (có thể là tệp Word .docx hoặc Excel .xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Word 97-2003 (.doc) hoặc Excel .xls"),
    (b"\x89PNG\r\n\x1a\n", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"GIF87a", "ảnh GIF"),
    (b"GIF89a", "ảnh GIF"),
    (b"II*\x00", "ảnh TIFF"),
    (b"MM\x00*", "ảnh TIFF"),
    (b"\x1f\x8b", "nén gzip"),
    (b"Rar!\x1a\x07", "nén RAR"),
    (b"7z\xbc\xaf\x27\x1c", "nén 7z"),
)


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


def too_many_controls(count: int, length: int) -> bool:
    """Whether `count` control characters in `length` characters make the data binary rather than text."""
    return count > max(_STRAY_MIN, length // _STRAY_RATIO)


def binary_problem(rel: str, what: str | None = None) -> Problem:
    if what:
        message = f"Tệp là {what} (theo nội dung), không phải văn bản dạng chữ; tệp bị bỏ qua."
    else:
        message = "Tệp nhị phân (quá nhiều ký tự điều khiển), không phải văn bản; tệp bị bỏ qua."
    return Problem("binary", message, None, rel, "error")


def signature(data: bytes) -> str | None:
    """The binary format the first bytes of `data` announce, if any."""
    for magic, name in _SIGNATURES:
        if data.startswith(magic):
            return name
    return None


def drop_controls(text: str, rel: str, nul: int = 0, nul_lines: tuple[int, ...] = ()) -> tuple[str, Problem | None]:
    """`text` without its stray control characters (C0 but tab, line feed, carriage return, vertical tab, form
    feed), and the problem that says how many were dropped and on which lines; `nul` NUL bytes already taken out
    of the bytes (on `nul_lines`) count with them. The caller has checked there are few (`too_many_controls`)."""
    found = [ch for ch in _CONTROL_BAD if ch in text]
    count = nul + sum(text.count(ch) for ch in found)
    if not count:
        return text, None
    lines = sorted(set(nul_lines) | {n for ch in found for n in _lines_of(text, ch)})
    if found:
        text = text.translate(dict.fromkeys(map(ord, found)))
    names = (["NUL"] if nul or "\x00" in found else []) + [f"U+{ord(ch):04X}" for ch in found if ch != "\x00"]
    shown = ", ".join(str(n) for n in lines[:_SHOWN_LINES])
    if len(lines) > _SHOWN_LINES:
        shown += f" và {len(lines) - _SHOWN_LINES} dòng khác"
    message = (
        f"Đã bỏ {count} ký tự điều khiển lạc ({', '.join(names)}) ở dòng {shown} (thường do chuyển đổi từ PDF); "
        "phần chữ còn lại giữ nguyên, nên xem lại các dòng này."
    )
    return text, Problem("control-characters", message, lines[0] if lines else None, rel, "info")


def count_controls(text: str) -> int:
    return sum(text.count(ch) for ch in _CONTROL_BAD if ch in text)


def read_text_bytes(data: bytes, rel: str) -> tuple[str, str, tuple[Problem, ...]]:
    """Decode bytes of a text file: UTF-8 (BOM or not), UTF-16 (BOM or not), a legacy Vietnamese encoding, else
    byte for byte with a problem. A few stray control characters are dropped and reported.

    Returns (text, encoding name, problems). Binary data (a known binary format by its first bytes, or many
    control characters) gives empty text and an error problem.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[3:], "utf-8", rel, "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", rel, "utf-16")
    what = signature(data)
    if what:
        return "", "binary", (binary_problem(rel, what),)
    if len(data) >= 4 and looks_utf16(data):
        codec = "utf-16-le" if data[1] == 0 else "utf-16-be"
        return _decode(data, codec, rel, codec)
    nul = data.count(b"\x00")
    if too_many_controls(nul, len(data)):
        return "", "binary", (binary_problem(rel),)
    nul_lines: tuple[int, ...] = ()
    if nul:
        # a handful of NUL bytes left by a PDF-to-text conversion: the file is text all the same
        nul_lines = tuple(_lines_of(data.decode("latin-1"), "\x00"))
        data = data.replace(b"\x00", b"")
    text, encoding, problems = _read_clean(data, rel)
    return _checked(text, encoding, problems, rel, nul, nul_lines)


def _checked(
    text: str, encoding: str, problems: tuple[Problem, ...], rel: str, nul: int = 0, nul_lines: tuple[int, ...] = ()
) -> tuple[str, str, tuple[Problem, ...]]:
    """Decoded text with its stray control characters dropped and reported, or refused as binary."""
    if too_many_controls(nul + count_controls(text), len(text) + nul):
        return "", "binary", (binary_problem(rel),)
    text, stray = drop_controls(text, rel, nul, nul_lines)
    return text, encoding, ((stray,) if stray else ()) + problems


def _read_clean(data: bytes, rel: str) -> tuple[str, str, tuple[Problem, ...]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _legacy(data, rel, exc)
    text, legacy = convert_surface(text)  # TCVN3/VNI text saved as UTF-8 without converting its font
    return text, f"utf-8+{legacy}" if legacy else "utf-8", ()


def looks_utf16(data: bytes) -> bool:
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
    # NUL bytes are half of every UTF-16 character: only a U+0000 character is stray
    return _checked(text.lstrip("\ufeff"), name, problems, rel)


def _legacy(data: bytes, rel: str, exc: UnicodeDecodeError) -> tuple[str, str, tuple[Problem, ...]]:
    """Not UTF-8: a legacy Vietnamese encoding (TCVN3, VNI) when the text reads as Vietnamese under one,
    else byte for byte (cp1252, falling back to Latin-1) so that no text is lost."""
    found = decode_bytes(data)
    if found is not None:
        return found.text, found.encoding, ()
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
    return text, name, (problem,)

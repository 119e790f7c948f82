"""Header and signature of a document: issuer, number, place and date, type, subject, addressees,
signer, recipients (NĐ 30/2020 Điều 8). Whatever is not written stays None."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..agencies import jurisdiction_of
from ..dates import parse_date
from ..models import Line, Problem, Signer
from ..textutil import alternation, looks_like_name, strip_diacritics, tone_style
from ..vocab import VOCAB
from .names import issuer_of, type_code_of_name, type_code_of_symbol

# the national motto, the Party's name and the motto's second line (generator/vocab/terms.toml; any dash)
_TAGLINES = (re.escape(t).replace(r"\ \-\ ", r"\s*[-–—]\s*") for t in VOCAB.terms["taglines"])
_MOTTO = re.compile(rf"^({alternation(VOCAB.terms['mottos'])}|{'|'.join(_TAGLINES)})")
# "Số: 06/2023/TT-BLĐTBXH"; a law, ordinance or resolution of the National Assembly names its type before the
# number: "Luật số: 61/2020/QH14", "Bộ luật số: 45/2019/QH14", "Pháp lệnh số: ...", "Nghị quyết số: 89/2025/UBTVQH15"
_NUMBER = re.compile(
    r"^(?:(?P<kind>Bộ luật|Luật|Pháp lệnh|Lệnh|Nghị quyết|Nghị định|Quyết định)\s+)?[Ss]ố\s*:?\s*(?P<num>\d{1,6}(?:\.\d{1,3})?)?\s*(?:/\s*(?P<year>\d{4})\s*)?(?P<sep>[/-])\s*(?P<sym>[A-Za-zĐđƠơ&][A-Za-zĐđƠơ0-9&./-]{0,40})"
)
_EMPTY_NUMBER = re.compile(r"^(?:(?:Bộ luật|Luật|Pháp lệnh|Lệnh|Nghị quyết)\s+)?[Ss]ố\s*:?\s*$")
_DATE = re.compile(
    r"(?:(?P<place>[A-ZĐÀ-Ỹ][^\d,:;]{1,40}?)\s*,\s*)?ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})"
)
_VV = re.compile(r"^V/v\s*:?\s*(.*)$", re.IGNORECASE)
_KINH_GUI = re.compile(r"^Kính gửi\s*:?\s*(.*)$")
_NOI_NHAN = re.compile(r"^Nơi nhận\s*:?\s*(.*)$")
_BULLET = re.compile(r"^[-–•+]\s*(.*)$")
_PREFIX = re.compile(rf"^({alternation(VOCAB.terms['signature_prefixes'])})\.?\s+(.+)$")
_BODY_OPENING = re.compile(rf"^(?:(?:{alternation(VOCAB.terms['body_openings'])})(?!\w)|Ngày \d)")
_STRUCT = re.compile(r"^(?:[IVXLC]{1,7}\.\s|\d{1,3}\.\s|Phần\s+(?:[IVXLC\d]|thứ)|Chương\s+[IVXLC\d]+\b|Điều\s+\d|Phụ lục)")
# a subject line that ends on one of these words goes on, even across a blank line ("... quy định tại" / "Quyết định số ...")
_OPEN_WORD = re.compile(r"\b(?:tại|của|thuộc|về|và|theo|cho|với|đối với|trong|số)$")
_TITLE_LIMIT = 1000  # a normative document's subject names the texts it amends: 600 characters are seen


@dataclass(frozen=True)
class Header:
    issuer_lines: tuple[str, ...]
    motto: tuple[str, ...]
    number: str | None
    symbol: str | None
    reference: str | None
    number_line: int | None
    type_code: str | None
    place: str | None
    date: date | None
    date_text: str | None
    year: int | None
    title: str | None
    addressees: tuple[str, ...]
    body_start: int  # index into the document's lines
    problems: tuple[Problem, ...] = field(default=())


@dataclass(frozen=True)
class Tail:
    signer: Signer | None
    signature_lines: tuple[str, ...]
    recipients: tuple[str, ...]
    body_end: int  # index into the document's lines (exclusive)
    problems: tuple[Problem, ...] = ()


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def parse_header(lines: tuple[Line, ...], source: str) -> Header:
    """Read the header from the top of a document; stops at the first line of the body."""
    r = _HeaderReader(lines)
    i = 0
    limit = min(len(lines), 60)
    while i < limit:
        text = lines[i].text
        if not text:
            i += 1
            continue
        nxt = r.read_line(i, text)
        if nxt is None:
            break
        i = nxt
    return r.header()


class _HeaderReader:
    """The header's fields as its lines are read, top down (one method per kind of line)."""

    def __init__(self, lines: tuple[Line, ...]) -> None:
        self.lines = lines
        self.issuer: list[str] = []
        self.motto: list[str] = []
        self.number: str | None = None
        self.symbol: str | None = None
        self.reference: str | None = None
        self.number_line: int | None = None
        self.type_code: str | None = None
        self.type_name: str | None = None  # the type line as printed ("THÔNG TƯ LIÊN TỊCH")
        self.place: str | None = None
        self.date_text: str | None = None
        self.when: date | None = None
        self.year: int | None = None
        self.title_parts: list[str] = []
        self.addressees: list[str] = []
        self.seen_number = False
        self.body_start = 0

    def header(self) -> Header:
        title = _without_history(self.title_parts[0], self.type_name)[:_TITLE_LIMIT] if self.title_parts else None
        return Header(
            tuple(self.issuer), tuple(self.motto), self.number, self.symbol, self.reference, self.number_line,
            self.type_code, self.place, self.when, self.date_text, self.year, title, tuple(self.addressees),
            self.body_start, (),
        )

    def read_line(self, i: int, text: str) -> int | None:
        """Read the header line i; the index of the next line, or None where the body starts."""
        if _MOTTO.match(tone_style(text)):
            self.motto.append(text)
            return self._header_line(i + 1)
        m = _NUMBER.match(text)
        if m or _EMPTY_NUMBER.match(text) or re.match(r"^Số\s*:?\s*/", text):
            self._number(i, text, m)
            return self._header_line(i + 1)
        vv = _VV.match(text)
        if vv:
            return self._subject(i, vv.group(1))
        dm = _DATE.search(text)
        if dm and self.date_text is None and len(text) < 90 and not _BODY_OPENING.match(text):
            self.place, self.when, self.date_text, self.year = _date_fields(dm, text)
            return self._header_line(i + 1)
        kg = _KINH_GUI.match(text)
        if kg:
            self._addressees(i, kg.group(1))
            return None
        code = type_code_of_name(text)
        if code and not self.title_parts:
            return self._type_and_title(i, text, code)
        if is_upper(text) and len(text) <= 80 and not self.title_parts and not self.seen_number and not _STRUCT.match(text):
            self.issuer.append(text)
            return self._header_line(i + 1)
        return None

    def _header_line(self, nxt: int) -> int:
        self.body_start = nxt
        return nxt

    def _number(self, i: int, text: str, m: re.Match[str] | None) -> None:
        self.seen_number = True
        self.number_line = self.lines[i].number
        if not m:
            return
        self.number = m.group("num")
        sym = m.group("sym").rstrip(".-/")
        self.symbol = sym
        year_part = m.group("year")
        if self.number:
            self.reference = f"{self.number}/{year_part}/{sym}" if year_part else f"{self.number}{m.group('sep')}{sym}"
        if m.group("kind"):
            self.type_code = type_code_of_name(m.group("kind"))
        elif self.type_code is None:
            self.type_code = type_code_of_symbol(sym) if not year_part else normative_code(sym)
        rest = text[m.end() :].strip()
        dm = _DATE.search(rest)
        if dm:
            self.place, self.when, self.date_text, self.year = _date_fields(dm, rest)

    def _subject(self, i: int, first: str) -> int:
        """A công văn's subject after "V/v", to the date line or the addressees."""
        lines, n = self.lines, len(self.lines)
        parts = [first]
        i += 1
        while i < n and lines[i].text and not _is_date_line(lines[i].text) and not _KINH_GUI.match(lines[i].text):
            parts.append(lines[i].text)
            i += 1
        subject = _join(parts)
        if self.date_text is None:
            # a hard-wrapped file glues the date line to the subject above it: "V/v ... năm 2024 Sơn La, ngày ..."
            cut = _trailing_date(subject, _issuer_place(tuple(self.issuer)))
            if cut:
                subject, (self.place, self.when, self.date_text, self.year) = cut
        self.title_parts = [subject]
        self.type_code = "CV"
        return self._header_line(i)

    def _addressees(self, i: int, inline: str) -> None:
        """The "Kính gửi:" list, which ends the header."""
        lines, n = self.lines, len(self.lines)
        if inline.strip():
            self.addressees.extend(_split_inline(inline))
        i += 1
        while i < n:
            t = lines[i].text
            if not t:
                i += 1
                continue
            b = _BULLET.match(t)
            if not b:
                break
            self.addressees.append(_clean_item(b.group(1)))
            i += 1
        self.body_start = i

    def _type_and_title(self, i: int, text: str, code: str) -> int:
        """The type line ("KẾ HOẠCH") and the subject under it, which may run over several lines."""
        lines, n = self.lines, len(self.lines)
        self.type_code = code
        self.type_name = text
        i += 1
        while i < n and not lines[i].text:
            i += 1
        if i < n and not _STRUCT.match(lines[i].text) and len(lines[i].text) <= _TITLE_LIMIT and not lines[i].text.startswith("Căn cứ"):
            parts = [lines[i].text]
            upper = is_upper(lines[i].text)
            i += 1
            while True:
                if i + 1 < n and not lines[i].text and lines[i + 1].text and _OPEN_WORD.search(parts[-1]) and not upper:
                    i += 1  # a blank line inside a subject that has not ended
                if not (i < n and lines[i].text and self._subject_goes_on(lines[i].text, upper)):
                    break
                parts.append(lines[i].text)
                i += 1
            self.title_parts = [_join(parts)]
        # a công văn's addressees may follow its subject
        return self._header_line(i)

    @staticmethod
    def _subject_goes_on(text: str, upper: bool) -> bool:
        return (
            is_upper(text) == upper and not _BODY_OPENING.match(text) and not _STRUCT.match(text)
            and not type_code_of_name(text)
        )


# the first paragraph of a consolidated text, glued to its subject by a wrap: "Thông tư số 45/2016/TT-BLĐTBXH ngày
# 28 tháng 12 năm 2016 của Bộ trưởng ..., có hiệu lực từ ngày ..., được sửa đổi, bổ sung bởi:"
_HISTORY = re.compile(
    r"\s(?=(?:Luật|Bộ luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư liên tịch|Thông tư|Quyết định|Lệnh)\b[^:;]{0,300}?"
    r"\bsố\s*\d[^:;]{0,400}?có hiệu lực[^:;]{0,300}?(?:sửa đổi|bổ sung|bãi bỏ|thay thế))"
)


def _without_history(title: str, type_name: str | None = None) -> str:
    """The subject without the consolidation's history glued to it. The history opens with the original document,
    of the consolidated text's own type ("THÔNG TƯ LIÊN TỊCH" ... "Thông tư liên tịch số 12/2016/..."): that
    reference is preferred to one the subject itself cites ("... quy định tại Quyết định số 53/2015/QĐ-TTg ...")."""
    found = [m.start() for m in _HISTORY.finditer(title)]
    if not found:
        return title
    own = re.compile(re.escape(" ".join(type_name.split())) + r"\s+số\b", re.IGNORECASE) if type_name else None
    start = next((k for k in found if own and own.match(title, k + 1)), found[0])
    return title[:start].rstrip()


def late_header(lines: tuple[Line, ...], within: int = 100) -> tuple[int, int] | None:
    """(start, end) of a header block that stands below the document's opening: the national motto with a number
    line (digits and a symbol) beside it, the issuer lines above them and the place and date line below."""
    n = min(len(lines), within)
    for i in range(n):
        if not _MOTTO.match(tone_style(lines[i].text)):
            continue
        near = [k for k in range(max(0, i - 4), min(len(lines), i + 5)) if (m := _NUMBER.match(lines[k].text)) and m.group("num")]
        if not near:
            return None
        start = min(i, near[0])
        while start > 0 and start - 1 >= i - 8 and (not lines[start - 1].text or (is_upper(lines[start - 1].text) and len(lines[start - 1].text) <= 80)):
            start -= 1
        while start < i and not lines[start].text:
            start += 1
        end = max(i, near[-1]) + 1
        for k in range(end, min(len(lines), end + 4)):
            if _is_date_line(lines[k].text) or _MOTTO.match(tone_style(lines[k].text)):
                end = k + 1
        return start, end
    return None


def normative_code(symbol: str) -> str | None:
    """The type code of a normative number's symbol ('TT-BLĐTBXH' -> 'TT'); None when it names only the issuer
    ('QH14', 'UBTVQH15': a law's or a resolution's type is on its type line)."""
    code = type_code_of_symbol(symbol)
    return None if code == "CV" else code


# --- what a document says after its body ------------------------------------------------------------------

# a law or a resolution of the National Assembly is dated by its closing sentence
_PASSED_ON = re.compile(r"thông qua ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})")
# a consolidated text (văn bản hợp nhất) is numbered, dated and signed in its authentication block after the body
_AUTHENTICATION = re.compile(r"^XÁC THỰC VĂN BẢN HỢP NHẤT\b")


@dataclass(frozen=True)
class Closing:
    """Number, date and issuer read after the body: the authentication block of a consolidated text, the closing
    sentence of a law ('... thông qua ngày 27 tháng 11 năm 2024')."""

    start: int | None  # index of the block's first line (the body ends before it); None for a closing sentence
    issuer_lines: tuple[str, ...] = ()
    number: str | None = None
    symbol: str | None = None
    reference: str | None = None
    number_line: int | None = None
    place: str | None = None
    date: date | None = None
    date_text: str | None = None
    year: int | None = None
    line: int | None = None  # source line of the date
    end: int | None = None  # index after the block's signature
    signer: Signer | None = None
    signature_lines: tuple[str, ...] = ()


def parse_closing(lines: tuple[Line, ...], body_start: int) -> Closing | None:
    """The authentication block of a consolidated text, else a law's closing sentence, in the last lines."""
    n = len(lines)
    first = max(body_start, n - 60)
    auth = next((k for k in range(n - 1, body_start - 1, -1) if _AUTHENTICATION.match(lines[k].text)), None)
    if auth is not None:
        window = range(max(body_start, auth - 8), min(n, auth + 8))
        num_at = next((k for k in window if _NUMBER.match(lines[k].text)), None)
        start = auth
        number = symbol = reference = None
        number_line = None
        issuer: list[str] = []
        if num_at is not None:
            m = _NUMBER.match(lines[num_at].text)
            assert m is not None
            sym = m.group("sym").rstrip(".-/")
            if m.group("num"):
                number, symbol = m.group("num"), sym
                year_part = m.group("year")
                reference = f"{number}/{year_part}/{sym}" if year_part else f"{number}{m.group('sep')}{sym}"
                number_line = lines[num_at].number
            start = min(start, num_at)
            k = num_at - 1
            while k >= body_start and num_at - k <= 6:
                text = lines[k].text
                if text and not _AUTHENTICATION.match(text):
                    if not is_upper(text) or len(text) > 80:
                        break
                    issuer.insert(0, text)
                start = min(start, k) if text else start
                k -= 1
        place = when = date_text = None
        year = line = None
        end = auth + 1
        for k in range(min(start, auth), min(n, auth + 8)):
            if _is_date_line(lines[k].text):
                dm = _DATE.match(lines[k].text.strip())
                assert dm is not None
                place, when, date_text, year = _date_fields(dm, lines[k].text.strip())
                line = lines[k].number
                end = max(end, k + 1)
                break
        end = max(end, (num_at or 0) + 1)
        # the signature of the block: the lines after the date that read as a signature
        k = end
        sig: list[Line] = []
        while k < n and (not lines[k].text or _is_signature_line(lines[k].text)):
            if lines[k].text:
                sig.append(lines[k])
            k += 1
        signer = _signer(sig)[0] if sig else None
        return Closing(
            start, tuple(issuer), number, symbol, reference, number_line, place, when, date_text, year, line,
            end=k, signer=signer, signature_lines=tuple(x.text for x in sig),
        )
    for k in range(n - 1, first - 1, -1):
        pm = _PASSED_ON.search(lines[k].text)
        if pm:
            when = parse_date(pm.group("d"), pm.group("m"), pm.group("y"))
            text = lines[k].text[max(0, pm.start() - 120) : pm.end()].strip()
            return Closing(None, date=when, date_text=text, year=int(pm.group("y")), line=lines[k].number)
    return None


def _is_date_line(text: str) -> bool:
    """A line that is a place and date, not a subject going on with a date ('ngày 23 tháng 3 năm 2022 của UBND')."""
    text = text.strip()
    m = _DATE.match(text)
    return m is not None and not text[m.end() :].strip(" .")


_TRAILING_DATE = re.compile(r",\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})\s*\.?\s*$")


def _trailing_date(
    text: str, jurisdiction: str | None
) -> tuple[str, tuple[str | None, date | None, str, int | None]] | None:
    """('V/v subject', date fields) when `text` ends with a place and date line glued to it, else None.

    The place is the run of capitalised words before the comma (at most four: 'Quảng Nam', 'Bà Rịa - Vũng
    Tàu'); when the issuer's own place ends that run, it is taken alone ('... của UBND tỉnh Sơn La Sơn La, ngày').
    """
    m = _TRAILING_DATE.search(text)
    if not m:
        return None
    words = text[: m.start()].split(" ")
    taken: list[str] = []
    while words and sum(w != "-" for w in taken) < 4:
        w = words[-1]
        if w == "-" and taken and len(words) > 1 and _place_word(words[-2]):
            taken.insert(0, words.pop())
        elif _place_word(w):
            taken.insert(0, words.pop())
        else:
            break
    if not taken or not words:
        return None
    if jurisdiction:
        for k in range(len(taken)):
            if same_place(" ".join(taken[k:]), jurisdiction):
                words += taken[:k]
                taken = taken[k:]
                break
    place = " ".join(taken)
    subject = " ".join(words).rstrip()
    when = parse_date(m.group("d"), m.group("m"), m.group("y"))
    return subject, (place, when, f"{place}{text[m.start() :].rstrip(' .')}", int(m.group("y")))


def _place_word(word: str) -> bool:
    """A word of a place name in a date line: capitalised, not an acronym ('UBND'), or 'TP.'."""
    return word == "TP." or (word[:1].isupper() and not is_upper(word))


def _issuer_place(lines: tuple[str, ...]) -> str | None:
    """The jurisdiction the issuer lines read so far give, if any."""
    return issuer_of(lines)[1] if lines else None


def _date_fields(m: re.Match[str], text: str) -> tuple[str | None, date | None, str, int | None]:
    place = m.group("place").strip() if m.group("place") else None
    when = parse_date(m.group("d"), m.group("m"), m.group("y"))
    year = int(m.group("y")) if m.group("y") else None
    return place, when, text[m.start() : m.end()].strip(), year


def _join(parts: list[str]) -> str:
    out = ""
    for part in parts:
        part = part.strip()
        if not out:
            out = part
        elif re.search(r"[A-ZĐ]-$", out) and re.match(r"[A-ZĐ]", part):
            out += part
        else:
            out += " " + part
    return out


def _clean_item(text: str) -> str:
    return text.strip().rstrip(";,.").strip()


def _split_inline(text: str) -> list[str]:
    return [_clean_item(p) for p in re.split(r";\s*", text) if _clean_item(p)]


# --- the end of a document ---------------------------------------------------------------------


def parse_tail(lines: tuple[Line, ...], body_start: int, source: str) -> Tail:
    """Signature block and recipients (Nơi nhận), read from the end of the document."""
    n = len(lines)
    problems: list[Problem] = []
    recipients: list[str] = []
    nn = None
    for k in range(n - 1, max(body_start, n - 80) - 1, -1):
        if _NOI_NHAN.match(lines[k].text):
            nn = k
            break
    sig_idx: list[int] = []
    body_end = n
    if nn is not None:
        first = _NOI_NHAN.match(lines[nn].text)
        if first and first.group(1).strip():
            recipients.extend(_split_inline(first.group(1)))
        k = nn + 1
        while k < n:
            t = lines[k].text
            if not t:
                k += 1
                continue
            b = _BULLET.match(t)
            if b:
                recipients.append(_clean_item(b.group(1)))
            elif recipients and not _is_signature_line(t) and not t.rstrip().endswith(":"):
                recipients[-1] = _clean_item(recipients[-1] + " " + t)
            else:
                break
            k += 1
        sig_idx.extend(j for j in range(k, n) if lines[j].text)
        body_end = nn
    else:
        k = n
    # signature lines written between the body and Nơi nhận (or at the very end when there is none)
    j = body_end - 1
    while j >= body_start:
        t = lines[j].text
        if not t:
            j -= 1
            continue
        if _is_signature_line(t) or (_short_junk(t) and j < body_end - 1 and any(_is_signature_line(lines[x].text) for x in range(j + 1, body_end) if lines[x].text)):
            sig_idx.insert(0, j)
            j -= 1
            continue
        break
    body_end = j + 1 if nn is None or j + 1 < nn else nn
    if nn is not None:
        body_end = min(body_end, nn)
    sig_lines = [lines[x] for x in sorted(set(sig_idx))]
    signer, kept, junk = _signer(sig_lines)
    for line in junk:
        problems.append(
            Problem("noise", f"Đã bỏ dòng không thuộc văn bản (ký tự rác trong khối chữ ký): «{line.text}»", line.number, source, "info")
        )
    return Tail(signer, tuple(kept), tuple(r for r in recipients if r), body_end, tuple(problems))


# a military or police rank printed before a signer's name ("Đại tướng Lương Tam Quang"): not part of the name
_RANK = re.compile(r"^(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý)\s+(?=[A-ZĐÀ-Ỹ])")


def _is_signature_line(text: str) -> bool:
    t = _RANK.sub("", text.strip())
    if _PREFIX.match(t) and is_upper(t):
        return True
    if is_upper(t) and len(t) <= 60 and not _STRUCT.match(t) and not re.search(r"\d", t):
        return True
    return looks_like_name(t) and len(t) <= 40


def _short_junk(text: str) -> bool:
    return len(text) <= 12 and " " not in text.strip()


def _signer(lines: list[Line]) -> tuple[Signer | None, list[str], list[Line]]:
    if not lines:
        return None, [], []
    prefix = on_behalf = None
    positions: list[str] = []
    name = None
    deputy_for = None
    kept: list[str] = []
    junk: list[Line] = []
    for k, line in enumerate(lines):
        t = line.text.strip()
        pm = _PREFIX.match(t)
        if pm and is_upper(t) and name is not None:
            # a second signature block after a signer's name (a joint document signed by each issuer): the first
            # signer is the document's; the other blocks are kept as written
            kept.extend(x.text.strip() for x in lines[k:] if x.text.strip())
            break
        if pm and is_upper(t):
            kept.append(t)
            if prefix is None:
                prefix = pm.group(1).replace("/", "") + "."
                on_behalf = pm.group(2).strip()
            elif pm.group(1).replace("/", "") == "KT" and deputy_for is None:
                deputy_for = pm.group(2).strip()
            else:
                positions.append(t)
        elif is_upper(t):
            kept.append(t)
            positions.append(t)
        elif looks_like_name(_RANK.sub("", t)) and name is None:
            kept.append(t)
            name = _RANK.sub("", t)
        else:
            junk.append(line)
    if not (prefix or positions or name):
        return None, kept, junk
    position = ", ".join(positions) if positions else None
    first = lines[0].number
    return Signer(name, position, prefix, on_behalf, first, deputy_for), kept, junk


# --- inference when the header is missing ----------------------------------------------------

_ISSUES_VERB = re.compile(
    r"(?P<who>(?:Ủy ban nhân dân|UBND|Sở|Ban|Bộ|Cục|Văn phòng|Thanh tra|Hội đồng nhân dân)\b[^;:()]{0,80}?)\s*(?:\([^)]{0,60}\)\s*)?(?:xây dựng|ban hành)\s+(?:Kế hoạch|kế hoạch|Chương trình|Quyết định|Hướng dẫn)"
)
_UPPER_UNIT = alternation(VOCAB.units("tinh", "huyen"))  # a place above the communes: "tỉnh", "thị xã"
_OF_PLACE = re.compile(rf"của (?:UBND|Ủy ban nhân dân) ({_UPPER_UNIT}) ([A-ZĐÀ-Ỹ]\w*(?: [A-ZĐÀ-Ỹ]\w*){{0,3}})")
_CITED_TYPES = alternation(t.name for t in VOCAB.types if t.cited)  # "Quyết định", "Kế hoạch" ... (vocab)
_ANNEX_OF = re.compile(
    r"[Bb]an hành kèm theo (?P<type>" + _CITED_TYPES + r") số (?P<num>\d+)\s*(?P<sep>[/-])\s*(?P<sym>[A-ZĐ][A-Za-zĐđ0-9-]*(?:/[A-ZĐ][A-Za-zĐđ0-9-]*)?) ngày (?P<d>\d{1,2}) tháng (?P<m>\d{1,2}) năm (?P<y>\d{4}) của (?P<who>[^)]{2,80})"
)


@dataclass(frozen=True)
class Inferred:
    issuer: str | None
    jurisdiction: str | None
    number: str | None = None
    symbol: str | None = None
    reference: str | None = None
    type_code: str | None = None
    when: date | None = None
    year: int | None = None
    date_text: str | None = None


def infer_from_body(text: str, place: str | None) -> Inferred:
    """What the opening of the body says of the issuer when the header does not: 'Sở Nội vụ xây dựng kế hoạch'."""
    annex = _ANNEX_OF.search(text[:2000])
    if annex:
        who = annex.group("who").strip()
        sym = annex.group("sym")
        return Inferred(
            who,
            jurisdiction_of(who),
            annex.group("num"),
            sym,
            f"{annex.group('num')}{annex.group('sep')}{sym}",
            type_code_of_symbol(sym) if annex.group("type") != "Công văn" else "CV",
            parse_date(annex.group("d"), annex.group("m"), annex.group("y")),
            int(annex.group("y")),
            annex.group(0),
        )
    m = _ISSUES_VERB.search(text[:3000])
    if not m:
        return Inferred(None, None)
    who = re.sub(r"\s+", " ", m.group("who")).strip(" ,")
    who = re.sub(r"^UBND\b", "Ủy ban nhân dân", who)
    jur = jurisdiction_of(who)
    if jur is None and place and re.search(rf"\b(?:{_UPPER_UNIT})$", who):
        who = f"{who} {place}"
        jur = place
    if jur is None:
        pm = _OF_PLACE.search(text[:3000])
        if pm and who.startswith("Sở"):
            jur = pm.group(2)
    return Inferred(who, jur)


def same_place(a: str, b: str) -> bool:
    """'Đức Phố' (header, upper case) and 'Đức Phổ' (date line) name the same place."""
    return strip_diacritics(a).lower() == strip_diacritics(b).lower()

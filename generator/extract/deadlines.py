"""Deadlines (thời hạn) in Vietnamese official documents, domain.md §6.

Three entry points:

* `plan_period` - the period a plan covers, read from its subject (trích yếu);
* `find_deadlines` - every deadline phrase in one string, as `DeadlineMatch` values;
* `extract_deadlines` - every deadline of a parsed `Document`, as `models.Deadline` values.

A date is a deadline only after a deadline cue (`trước`, `chậm nhất`, `hạn`, `đến`, `hoàn thành`,
`Thời gian thực hiện:` ...): the `ngày 23/3/2022` of a citation is not one. Years, quarters, months
and `giai đoạn` need a cue as well. A date without a year takes a year only where the plan names a
single year (or where the caller passes `default_year`); otherwise its date is None.

No regex here can backtrack catastrophically: alternatives are bounded words, free text is matched only by bounded,
negated character classes.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from generator.dates import YEARS, parse_date
from generator.models import Block, Deadline, Document, Place, Section
from generator.textutil import alternation
from generator.vocab import VOCAB

__all__ = ["DeadlineMatch", "extract_deadlines", "find_deadlines", "plan_period"]


_Date = date  # the field `date` below would shadow the type inside the class body


@dataclass(frozen=True)
class DeadlineMatch:
    """A deadline phrase found in a string (the extractor's own type, not in models.py).

    `start`/`end` delimit `text` in the searched string. Several matches may share one span:
    `trước ngày 20/(3/6/9)/2023` gives one match per date, all with the span of the phrase.
    """

    start: int
    end: int
    text: str  # the phrase as written
    date: _Date | None  # due date; None for recurring, continuous, relative, unknowable ones
    kind: str  # "day", "month", "quarter", "year", "period", "recurring", "continuous", "relative"
    rule: str | None  # "yearly:06-10", "quarterly", "half-yearly", "monthly", "yearly", "weekly"
    occurrences: tuple[_Date, ...] = ()  # recurring only: due dates within the plan's period


Period = tuple[date, date]

_FLAGS = re.IGNORECASE
_MIN_YEAR, _MAX_YEAR = YEARS

# --- building blocks -----------------------------------------------------------------------

_E = r"[\s*_]*"  # whitespace and Markdown emphasis left by converters (`*trước ngày ...*`)
_WORDS = VOCAB.deadline  # generator/vocab/deadline_words.toml


def _spaced(words: str) -> str:
    """Words as a pattern: any run of spaces between them, spaces or none around a comma."""
    return re.escape(words).replace(",\\ ", r"\s*,\s*").replace("\\ ", r"\s+")


def _cue_pattern(phrase: str) -> str:
    r"""A cue phrase of deadline_words.toml as a pattern: "[hoàn thành|xong] trước" -> (?:(?:hoàn\s+thành|xong)\s+)?trước."""
    out: list[str] = []
    started = False  # a word that must stand has been read
    for token in re.findall(r"\[[^\]]*\]|[^\s\[]+", phrase):
        if token == "[:]":
            out.append(f"(?:{_E}:)?")
        elif token.startswith("["):
            alternatives = "|".join(_spaced(a.strip()) for a in token[1:-1].split("|"))
            out.append(rf"(?:\s+(?:{alternatives}))?" if started else rf"(?:(?:{alternatives})\s+)?")
        else:
            out.append((r"\s+" if started else "") + _spaced(token))
            started = True
    return "".join(out)


def _first_words(phrases: Sequence[str]) -> list[str]:
    """The words the phrases may start with: those of a leading [optional part] and the first that must stand."""
    found: list[str] = []
    for phrase in phrases:
        for token in re.findall(r"\[[^\]]*\]|[^\s\[]+", phrase):
            if not token.startswith("["):
                found.append(token)
                break
            found.extend(a.split()[0] for a in token[1:-1].split("|") if a.strip() and a.strip() != ":")
    return sorted(set(found))


_LABEL_FIRST = _first_words(_WORDS["label_heads"])  # "thời", "tiến": a label starts with one
_LABEL = (
    r"\b(?:" + alternation(_WORDS["label_heads"], space=r"\s+") + ")"
    r"(?:\s+(?:" + alternation(_WORDS["label_verbs"], space=r"\s+") + "))?" + _E + r"(?::" + _E + r")?"
)
# Cues before a day.
_DAY_CUE = r"\b(?:" + "|".join(_cue_pattern(c) for c in _WORDS["day_cues"]) + ")"
# Cues before a year, quarter, month or period. "tầm nhìn/định hướng đến năm 2030" is an aim: no cue after one.
_AIM = alternation(_WORDS["aims"], space=r"\s+")
_AFTER_AIM = "".join(rf"(?<!{re.escape(aim.split()[-1])}\s)" for aim in _WORDS["aims"])
_SPAN_CUE = r"\b(?:" + "|".join(_AFTER_AIM + _cue_pattern(c) for c in _WORDS["span_cues"]) + ")"

_NUM_DATE = r"\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{4}(?!\d)|(?![/.\-]?\d))"
_VERB_DATE = r"\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?(?!\d)"
_MULTI_DATE = r"\d{1,2}/\(\s*\d{1,2}(?:\s*[/,;]\s*\d{1,2})+\s*\)/\d{4}(?!\d)"
_DATE_ITEM = r"(?:(?:ngày" + _E + r")?" + _NUM_DATE + r"|ngày" + _E + _VERB_DATE + r")"
_DATE_LIST = (
    r"(?:(?:ngày" + _E + r")?" + _MULTI_DATE + r"|" + _DATE_ITEM + r")"
    r"(?:\s*(?:,|và|hoặc)\s*" + _DATE_ITEM + r")*"
)

_DAY_RE = re.compile(
    r"(?=\d|(?:" + "|".join(_first_words([*_WORDS["label_heads"], *_WORDS["day_cues"], "ngày"])) + r")\b)"
    r"(?P<label>" + _LABEL + r")?(?P<cue>" + _DAY_CUE + _E + r")?(?P<val>" + _DATE_LIST + r")",
    _FLAGS,
)
_NUM_DATE_RE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})(?:[/.\-](?P<y>\d{4})(?!\d)|(?![/.\-]?\d))"
    r"|(?<!\d)(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s+năm\s+(?P<y2>\d{4}))?(?!\d)",
    _FLAGS,
)
_MULTI_RE = re.compile(r"(?P<d>\d{1,2})/\(\s*(?P<ms>\d{1,2}(?:\s*[/,;]\s*\d{1,2})+)\s*\)/(?P<y>\d{4})", _FLAGS)
# "hằng năm" right after a date: part of the phrase; "năm sau": due in the following year.
_YEARLY_TAIL_RE = re.compile(r"(?:\s*,)?\s+(?:h[àằ]ng|mỗi)\s+năm\b|\s+(?:của\s+)?năm\s+sau\b", _FLAGS)
_YEARLY_REACH = 160  # how far after a date without a year its "hằng năm" may stand
_YEARLY_WORD_RE = re.compile(r"\b(?:h[àằ]ng|mỗi)\s+năm\b", _FLAGS)
_NEXT_YEAR_RE = re.compile(r"\s+(?:của\s+)?năm\s+sau\b", _FLAGS)

_ROMAN = r"(?:IV|I{1,3}|[1-4])(?![\w])"
_QUARTER = (
    r"(?:qu[ýí]|qúy)\s+(?P<q1>" + _ROMAN + r")"
    r"(?:\s*(?:-|\u2013|đến|và)\s*(?:(?:qu[ýí]|qúy)\s+)?(?P<q2>" + _ROMAN + r"))?"
    r"(?:\s*(?:/|năm)\s*(?P<qy>\d{4})(?!\d))?"
)
_MONTH = r"tháng\s+(?P<mm>\d{1,2})(?:\s*/\s*(?P<my>\d{4})|\s+năm\s+(?P<my2>\d{4}))?(?![\d/])"
_PERIOD = (
    r"(?:giai\s+đoạn\s+|(?:từ\s+)?năm\s+)?(?P<p1>\d{4})"
    r"\s*(?:-|\u2013|\u2014|đến(?:\s+năm)?)\s*(?P<p2>\d{4})(?!\d)"
)
_YEAR = r"(?:(?:cả|cuối|hết)\s+)?năm\s+(?P<yy>\d{4})(?!\d)"
_SPAN_RE = re.compile(
    r"(?=\d|(?:" + "|".join(_first_words([*_WORDS["label_heads"], *_WORDS["span_cues"], "giai"])) + r"|qu[ýí]|qúy)\b"
    r"|(?:(?:từ|cả|cuối|hết)\s+)?năm\s+\d|tháng\s+\d)"
    r"(?P<label>" + _LABEL + r")?(?P<cue>" + _SPAN_CUE + _E + r")?"
    r"(?P<val>" + _PERIOD + r"|" + _QUARTER + r"|" + _MONTH + r"|" + _YEAR + r")"
    r"(?!\s*,?\s*(?:" + _AIM + "))",
    _FLAGS,
)

_CONTINUOUS_RE = re.compile(
    _LABEL + r"(?:thực\s+hiện\s+)?(?P<val>" + "|".join(_spaced(c) for c in sorted(_WORDS["continuous"], key=len, reverse=True)) + r")\b",
    _FLAGS,
)

# Recurrence intervals. A bare "tháng", "quý", "năm" counts only inside a list or after "định kỳ".
_TOK_HANG = r"(?:h[àằ]ng|mỗi)\s+(?:tuần|tháng|qu[ýí]|năm)\b"
_TOK_NUM = (
    r"(?:0?[1369]|một|ba|sáu|chín)\s+tháng(?!\s+(?:đầu|cuối|trước|sau|qua|tới|kể|\d))\b"
    r"|(?:0?1|một)\s+năm\b(?!\s*\d)"
)
_TOK_BARE = r"(?:tuần|tháng(?!\s*\d)|(?:qu[ýí]|qúy)(?!\s+" + _ROMAN + r")|năm(?!\s*\d)(?!\s+sau))\b"
_TOKEN = r"(?:" + _TOK_HANG + r"|" + _TOK_NUM + r"|" + _TOK_BARE + r")"
_SEP = r"\s*(?:,|và|hoặc|/)\s*"
_NOT_DATED = r"(?!" + _E + r"\(" + _E + r"(?:trước|chậm|muộn|hạn))"
_RECUR_RES = (
    # định kỳ [list]
    re.compile(
        r"\bđịnh\s+k[ỳì]\b(?:[\s,]+(?P<list>" + _TOKEN + r"(?:" + _SEP + _TOKEN + r")*)" + _NOT_DATED + r")?",
        _FLAGS,
    ),
    # hằng tháng, hàng quý[, 6 tháng ...]
    re.compile(
        r"(?P<list>\b(?:h[àằ]ng|mỗi)\s+(?:tuần|tháng|qu[ýí])\b(?:" + _SEP + _TOKEN + r")*)" + _NOT_DATED,
        _FLAGS,
    ),
    # 06 tháng, hàng năm / 06 tháng, 01 năm (two items at least)
    re.compile(
        r"(?P<list>\b(?:0?[369]|ba|sáu|chín)\s+tháng(?!\s+(?:đầu|cuối|trước|sau|qua|tới|kể|\d))\b"
        r"(?:" + _SEP + _TOKEN + r")+)" + _NOT_DATED,
        _FLAGS,
    ),
    # Thời gian thực hiện: Hằng năm
    re.compile(_LABEL + r"(?P<list>(?:h[àằ]ng|mỗi)\s+năm)\b", _FLAGS),
)
_TOKEN_RE = re.compile(_TOKEN, _FLAGS)

_RELATIVE_RE = re.compile(
    r"\b(?:"
    r"trong\s+(?:thời\s+hạn|vòng)(?:\s+(?:tối\s+đa|không\s+quá))?\s+\d{1,3}\s+"
    r"(?:ngày(?:\s+làm\s+việc)?|tuần|tháng)"
    r"(?:\s*,?\s*(?:kể\s+từ|sau\s+khi|từ\s+khi|từ\s+ngày)[^.;,()\n]{0,80})?"
    r"|(?:trong\s+thời\s+gian|chậm\s+nhất(?:\s+là)?(?:\s+sau)?|sau|không\s+quá|tối\s+đa)\s+\d{1,3}\s+"
    r"(?:ngày(?:\s+làm\s+việc)?|tuần|tháng)"
    r"\s*,?\s*(?:kể\s+từ|sau\s+khi|từ\s+khi)[^.;,()\n]{0,80}"
    r")",
    _FLAGS,
)

# What a text must hold for a pattern to match in it at all: most blocks of a plan have no digit, and a test of the
# whole text is much cheaper than running the patterns over it (the results are the same).
_DIGIT_RE = re.compile(r"\d")
_QUARTER_HINT_RE = re.compile(r"\d|qu[ýí]|qúy", _FLAGS)
# Something every candidate of `find_deadlines` holds: a digit (days, months, years, periods, "trong 10 ngày"), a
# quarter, a word of recurrence ("định kỳ", "hằng", "mỗi", "tháng") or of a label ("thời gian", "tiến độ").
_ANY_CUE_RE = re.compile(r"\d|qu[ýí]|qúy|định|h[àằ]ng|mỗi|tháng|" + "|".join(_LABEL_FIRST), _FLAGS)
_CLAUSE_END_RE = re.compile(r"[;\n]|\.(?!\d)")
_ROMAN_VALUE = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# --- small helpers -------------------------------------------------------------------------


def _valid_day_month(month: int, day: int) -> bool:
    # 2000 is a leap year: 29/02 is a valid yearly day.
    return parse_date(day, month, 2000) is not None


def _month_end(year: int, month: int) -> date | None:
    if not 1 <= month <= 12 or not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    value = int(text)
    return value if _MIN_YEAR <= value <= _MAX_YEAR else None


def _single_year(period: Period | None) -> int | None:
    if period is not None and period[0].year == period[1].year:
        return period[0].year
    return None


def _not_before(value: date | None, period: Period | None) -> date | None:
    """A due date before the plan's period began is a past event, not a deadline of this plan."""
    if value is not None and period is not None and value < period[0]:
        return None
    return value


class _Clauses:
    """Clause bounds (between `;`, `.` and line breaks) of one text, found once."""

    def __init__(self, text: str) -> None:
        self._starts = [m.start() for m in _CLAUSE_END_RE.finditer(text)]
        self._length = len(text)

    def index(self, pos: int) -> int:
        """Number of the clause holding `pos`."""
        return bisect_left(self._starts, pos)

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """Bounds of the clause holding text[start:end] (from its start to the mark after `end`)."""
        i = self.index(start)
        left = self._starts[i - 1] + 1 if i > 0 else 0
        j = bisect_left(self._starts, end)
        return left, (self._starts[j] if j < len(self._starts) else self._length)


def _years_in(period: Period | None) -> range:
    if period is None:
        return range(0)
    return range(period[0].year, period[1].year + 1)


def _within(dates: Sequence[date | None], period: Period | None) -> tuple[date, ...]:
    if period is None:
        return ()
    return tuple(sorted({d for d in dates if d is not None and period[0] <= d <= period[1]}))


# --- plan period ---------------------------------------------------------------------------

_TITLE_DATE_RE = re.compile(
    r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}"
    r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
    r"|tháng\s+\d{1,2}\s*(?:/|năm)\s*\d{4}",
    _FLAGS,
)
_TITLE_RANGE_RE = re.compile(
    r"(?:giai\s+đoạn\s+|từ\s+năm\s+|năm\s+)?(?<![\d/.\-])(?P<a>\d{4})\s*(?:-|\u2013|\u2014|đến(?:\s+năm)?)\s*"
    r"(?P<b>\d{4})(?![\d/\-])",
    _FLAGS,
)
_TITLE_AIM_RE = re.compile(r"\b(?:" + _AIM + r")\s+đến\s+năm\s+\d{4}", _FLAGS)
_TITLE_UNTIL_RE = re.compile(r"\bđến\s+năm\s+(?P<y>\d{4})(?!\d)", _FLAGS)
_TITLE_YEAR_RE = re.compile(r"\bnăm\s+(?P<y>\d{4})(?!\d)", _FLAGS)
_TITLE_BARE_RE = re.compile(r"(?<![\d/.\-])(?P<y>\d{4})(?![\d/\-])")
_SELF_PLAN_RE = re.compile(
    r"\b(?:ban\s+hành|xây\s+dựng)\s+(?:bản\s+)?kế\s+hoạch\b[^.;:\n]{0,250}?"
    r"(?:như\s+sau|với\s+những|cụ\s+thể)",
    _FLAGS,
)


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _periods_in(subject: str, year: int | None) -> list[Period]:
    subject = _blank(_blank(subject, _TITLE_DATE_RE), _TITLE_AIM_RE)
    found: list[Period] = []
    for m in _TITLE_RANGE_RE.finditer(subject):
        first, last = _year(m.group("a")), _year(m.group("b"))
        if first is not None and last is not None and first <= last <= first + 30:
            found.append((date(first, 1, 1), date(last, 12, 31)))
    subject = _blank(subject, _TITLE_RANGE_RE)
    for m in _TITLE_UNTIL_RE.finditer(subject):
        last = _year(m.group("y"))
        # "đến năm 2025": the start is the year of issue, known only when the caller gives it.
        if last is not None and year is not None and year <= last:
            found.append((date(year, 1, 1), date(last, 12, 31)))
    subject = _blank(subject, _TITLE_UNTIL_RE)
    for m in _TITLE_YEAR_RE.finditer(subject):
        value = _year(m.group("y"))
        if value is not None:
            found.append((date(value, 1, 1), date(value, 12, 31)))
    if not found and year is not None:
        subject = _blank(subject, _TITLE_YEAR_RE)
        for m in _TITLE_BARE_RE.finditer(subject):
            if int(m.group("y")) == year:
                found.append((date(year, 1, 1), date(year, 12, 31)))
    return found


def plan_period(title: str | None, year: int | None, text: str = "") -> Period | None:
    """The period a plan covers, from its subject: `năm 2022`, `giai đoạn 2022 - 2026`.

    Dates quoted in the subject (`Kế hoạch số 53/KH-UBND ngày 23/3/2022`) and aims
    (`tầm nhìn đến năm 2045`) do not count. A bare year without `năm` counts only when it equals
    `year`, the year of issue. Several periods in one subject give their union. `text` (the body's
    opening) is read only when there is no title at all: its `ban hành Kế hoạch ... năm 2022 như sau`.
    None when the subject gives no year.
    """
    found: list[Period] = []
    if title:
        found = _periods_in(title, year)
    elif text:
        self_plan = _SELF_PLAN_RE.search(text)
        if self_plan:
            found = _periods_in(self_plan.group(0), year)
    if not found:
        return None
    return min(p[0] for p in found), max(p[1] for p in found)


# --- finding deadlines ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    matches: tuple[DeadlineMatch, ...]
    bare_recurring: bool = False  # a "định kỳ" without an interval


def _text_start(m: re.Match[str]) -> int:
    """Where the phrase begins: at the word cue, or at the value after a label."""
    if m.group("cue"):
        return m.start("cue")
    return m.start("val")


def _day_candidates(text: str, clauses: _Clauses, period: Period | None, fallback: int | None) -> Iterator[_Candidate]:
    if not _DIGIT_RE.search(text):  # every date has a digit
        return
    for m in _DAY_RE.finditer(text):
        if not (m.group("label") or m.group("cue")):
            continue
        start, end = _text_start(m), m.end("val")
        tail = _YEARLY_TAIL_RE.match(text, end)
        if tail:
            end = tail.end()
        clause_start, clause_end = clauses.bounds(start, end)
        # "trước ngày 10/6, báo cáo năm gửi trước ngày 10/11 hàng năm": one "hàng năm" serves both
        after = text[m.end("val") : min(clause_end, m.end("val") + _YEARLY_REACH)]
        before = text[max(clause_start, start - 60) : start]
        yearly = bool(_YEARLY_WORD_RE.search(after) or _YEARLY_WORD_RE.search(before))
        next_year = bool(_NEXT_YEAR_RE.match(text, m.end("val")))
        multi = _MULTI_RE.search(m.group("val"))
        items: list[tuple[int, int, int, int, int | None]] = []  # (start, end, day, month, year)
        if multi:
            for month in re.split(r"\s*[/,;]\s*", multi.group("ms")):
                items.append((start, end, int(multi.group("d")), int(month), _year(multi.group("y"))))
        else:
            for n, d in enumerate(_NUM_DATE_RE.finditer(text, m.start("val"), m.end("val"))):
                day = d.group("d") or d.group("d2")
                month = d.group("m") or d.group("m2")
                year = d.group("y") or d.group("y2")
                item_start = start if n == 0 else d.start()
                items.append((item_start, d.end(), int(day), int(month), _year(year)))
            if len(items) == 1:
                items[0] = (start, end, *items[0][2:])
            # "trước ngày 15/6 và 15/12/2022": the elided year is the one written last in the list.
            written = [item[4] for item in items if item[4] is not None]
            if written and len(written) < len(items):
                items = [(a, b, d_, mo, y if y is not None else written[-1]) for a, b, d_, mo, y in items]
        matches = [_day_match(text, a, b, d_, mo, y, period, fallback, yearly, next_year) for a, b, d_, mo, y in items]
        if matches:
            yield _Candidate(start, end, tuple(matches))


def _day_match(
    text: str,
    start: int,
    end: int,
    day: int,
    month: int,
    year: int | None,
    period: Period | None,
    fallback: int | None,
    yearly: bool,
    next_year: bool,
) -> DeadlineMatch:
    phrase = text[start:end]
    if year is None and (yearly or next_year):
        if not _valid_day_month(month, day):
            return DeadlineMatch(start, end, phrase, None, "recurring", None)
        shift = 1 if next_year else 0
        dates = [parse_date(day, month, y + shift, years=YEARS) for y in _years_in(period)]
        occurrences = tuple(sorted(d for d in dates if d is not None))
        if not next_year:
            occurrences = _within(occurrences, period)
        return DeadlineMatch(start, end, phrase, None, "recurring", f"yearly:{month:02d}-{day:02d}", occurrences)
    if year is None:
        year = fallback
    return DeadlineMatch(start, end, phrase, _not_before(parse_date(day, month, year, years=YEARS), period), "day", None)


def _span_candidates(text: str, period: Period | None, fallback: int | None) -> Iterator[_Candidate]:
    if not _QUARTER_HINT_RE.search(text):  # a year, month or period has a digit; a quarter may have none
        return
    for m in _SPAN_RE.finditer(text):
        if not (m.group("label") or m.group("cue")):
            continue
        start, end = _text_start(m), m.end("val")
        first: date | None
        due: date | None
        if m.group("p1"):
            kind = "period"
            a, b = _year(m.group("p1")), _year(m.group("p2"))
            if a is None or b is None or a > b:
                first = due = None
            else:
                first, due = date(a, 1, 1), date(b, 12, 31)
        elif m.group("q1"):
            kind = "quarter"
            year = _year(m.group("qy")) if m.group("qy") else fallback
            q_first = _ROMAN_VALUE[m.group("q1").upper()]
            q_last = _ROMAN_VALUE[(m.group("q2") or m.group("q1")).upper()]
            if year is None or q_last < q_first:
                first = due = None
            else:
                first = date(year, 3 * q_first - 2, 1)
                due = _month_end(year, 3 * q_last)
        elif m.group("mm"):
            kind = "month"
            year_text = m.group("my") or m.group("my2")
            year = _year(year_text) if year_text else fallback
            month = int(m.group("mm"))
            due = _month_end(year, month) if year is not None else None
            first = due.replace(day=1) if due else None
        else:
            kind = "year"
            year = _year(m.group("yy"))
            first, due = (date(year, 1, 1), date(year, 12, 31)) if year else (None, None)
        cue = (m.group("cue") or "").strip(" *_").lower()
        if cue.endswith("trước") and first is not None:
            due = first - timedelta(days=1)  # "trước quý III/2022": before the quarter begins
        yield _Candidate(start, end, (DeadlineMatch(start, end, text[start:end], _not_before(due, period), kind, None),))


def _interval_dates(token: str, period: Period | None) -> tuple[str | None, list[date | None]]:
    """The rule of one interval token and its due dates within the years of `period`."""
    word = " ".join(token.lower().split())
    years = _years_in(period)
    if "tuần" in word:
        return "weekly", []
    if word.endswith("năm"):
        return "yearly", [date(y, 12, 31) for y in years]
    if word.endswith(("quý", "quí", "qúy")) or re.match(r"(?:0?3|ba)\s", word):
        return "quarterly", [_month_end(y, m) for y in years for m in (3, 6, 9, 12)]
    if re.match(r"(?:0?6|sáu)\s", word):
        return "half-yearly", [_month_end(y, m) for y in years for m in (6, 12)]
    if re.match(r"(?:0?9|chín)\s", word):
        return None, [_month_end(y, 9) for y in years]  # a nine-month report: 30 September
    return "monthly", [_month_end(y, m) for y in years for m in range(1, 13)]


_RULE_ORDER = ("weekly", "monthly", "quarterly", "half-yearly", "yearly")


def _recurring_candidates(text: str, period: Period | None) -> Iterator[_Candidate]:
    lower = text.lower()
    every = "hàng" in lower or "hằng" in lower or "mỗi" in lower
    needed = ("định" in lower, every, "tháng" in lower, every)  # a word each pattern of _RECUR_RES cannot match without
    for pattern, possible in zip(_RECUR_RES, needed, strict=True):
        if not possible:
            continue
        for m in pattern.finditer(text):
            listed = m.group("list")
            start = m.start() if pattern is _RECUR_RES[0] else m.start("list")
            end = m.end()
            if not listed:
                yield _Candidate(
                    start,
                    end,
                    (DeadlineMatch(start, end, text[start:end], None, "recurring", None),),
                    bare_recurring=True,
                )
                continue
            rules: set[str] = set()
            dates: list[date | None] = []
            for token in _TOKEN_RE.finditer(listed):
                rule, found = _interval_dates(token.group(0), period)
                if rule:
                    rules.add(rule)
                dates.extend(found)
            finest = next((r for r in _RULE_ORDER if r in rules), None)
            yield _Candidate(
                start,
                end,
                (DeadlineMatch(start, end, text[start:end], None, "recurring", finest, _within(dates, period)),),
            )


def _other_candidates(text: str) -> Iterator[_Candidate]:
    lower = text.lower()
    for m in _CONTINUOUS_RE.finditer(text) if any(w in lower for w in _LABEL_FIRST) else ():
        start, end = m.start("val"), m.end("val")
        yield _Candidate(start, end, (DeadlineMatch(start, end, text[start:end], None, "continuous", None),))
    for m in _RELATIVE_RE.finditer(text) if _DIGIT_RE.search(text) else ():
        start, end = m.start(), m.end()
        while end > start and text[end - 1] in " *_":
            end -= 1
        yield _Candidate(start, end, (DeadlineMatch(start, end, text[start:end], None, "relative", None),))


_CONTEXT_PREFIX = "Thời gian thực hiện: "


def find_deadlines(
    text: str,
    period: Period | None,
    default_year: int | None,
    *,
    in_context: bool = False,
    issued: date | None = None,
) -> tuple[DeadlineMatch, ...]:
    """Every deadline phrase in `text`, in order, one `DeadlineMatch` per due date.

    `period` bounds recurring deadlines (their `occurrences`) and turns a due date before the
    period's start into None (a past event quoted by the plan, not a deadline of it).
    A day, month or quarter written without a year takes `default_year`; when that is None, the
    year of `period` if it is a single year; else its date is None.
    `in_context`: the whole text is a deadline value (a cell of a `Thời gian hoàn thành` column),
    so `Quý I/2022`, `Năm 2022`, `Thường xuyên` need no cue of their own.
    `issued`: the document's date of issue; a day on or before it, or a quarter, month, year or
    period ending before it, is in the past when the document speaks (`họp từ ngày 10/4 đến ngày
    12/4/2025` in a resolution of 12/4/2025): no date.
    """
    if in_context:
        shifted = find_deadlines(_CONTEXT_PREFIX + text, period, default_year, issued=issued)
        offset = len(_CONTEXT_PREFIX)
        return tuple(
            DeadlineMatch(
                max(0, m.start - offset),
                max(0, m.end - offset),
                m.text,
                m.date,
                m.kind,
                m.rule,
                m.occurrences,
            )
            for m in shifted
            if m.end > offset
        )
    if not _ANY_CUE_RE.search(text):  # most sentences hold no deadline: nothing any pattern below could match
        return ()
    fallback = default_year if default_year is not None else _single_year(period)
    clauses = _Clauses(text)
    candidates = [
        *_day_candidates(text, clauses, period, fallback),
        *_span_candidates(text, period, fallback),
        *_recurring_candidates(text, period),
        *_other_candidates(text),
    ]
    # Leftmost first, then longest; overlapping candidates lose.
    candidates.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[_Candidate] = []
    for candidate in candidates:
        if kept and candidate.start < kept[-1].end:
            continue
        kept.append(candidate)
    # A bare "định kỳ" whose clause names its interval elsewhere ("định kỳ sơ kết ... 06 tháng,
    # hàng năm"; "Định kỳ 06 tháng (trước ngày 10 tháng 6 hằng năm)") is covered by that one.
    with_rule = {clauses.index(c.start) for c in kept if any(m.kind == "recurring" and m.rule for m in c.matches)}
    result: list[DeadlineMatch] = []
    for candidate in kept:
        if candidate.bare_recurring and clauses.index(candidate.start) in with_rule:
            continue
        result.extend(_unless_past(m, issued) for m in candidate.matches)
    return tuple(result)


def _unless_past(match: DeadlineMatch, issued: date | None) -> DeadlineMatch:
    """A due date or an occurrence on or before the day of issue is not a deadline the document sets: a plan of
    23/03/2022 that asks for a report «hằng tháng» has no report due on 31/01/2022."""
    if issued is None:
        return match
    if match.occurrences and match.occurrences[0] <= issued:
        match = replace(match, occurrences=tuple(d for d in match.occurrences if d > issued))
    if match.date is None:
        return match
    if match.date < issued or (match.kind == "day" and match.date == issued):
        return replace(match, date=None)
    return match


# --- documents -----------------------------------------------------------------------------


def _table_text(block: Block) -> tuple[str, list[tuple[int, str, bool]]]:
    """The table as one string (cells joined by " | ", rows by newlines) and its cells.

    Each cell comes with its offset in that string and whether its column is a deadline column
    (header `Thời gian ...`, `Thời hạn ...`, `Tiến độ ...`).
    """
    if not block.rows:
        return "", []
    header = block.rows[0]
    deadline_columns = {i for i, cell in enumerate(header) if re.match(r"\s*(?:thời\s+gian|thời\s+hạn|tiến\s+độ)", cell, _FLAGS)}
    layout = block.table_layout
    cells = [
        (offset, cell, r > 0 and c in deadline_columns)
        for r, (row, offsets) in enumerate(zip(block.rows, layout.cells, strict=True))
        for c, (cell, offset) in enumerate(zip(row, offsets, strict=True))
    ]
    return block.searched_text, cells


def _block_deadlines(block: Block, section: str, index: int, period: Period | None, issued: date | None) -> Iterator[Deadline]:
    if block.kind == "table" and block.rows:
        _, cells = _table_text(block)
        for offset, cell, in_context in cells:
            for m in find_deadlines(cell, period, None, in_context=in_context, issued=issued):
                place = Place(section, index, offset + m.start, offset + m.end, block.line)
                yield Deadline(m.date, m.kind, m.rule, m.occurrences, m.text, place)
        return
    for m in find_deadlines(block.text, period, None, issued=issued):
        place = Place(section, index, m.start, m.end, block.line_at(m.start))
        yield Deadline(m.date, m.kind, m.rule, m.occurrences, m.text, place)


def _section_deadlines(section: Section, period: Period | None, issued: date | None) -> Iterator[Deadline]:
    if section.title:
        for m in find_deadlines(section.title, period, None, issued=issued):
            yield Deadline(
                m.date,
                m.kind,
                m.rule,
                m.occurrences,
                m.text,
                Place(section.anchor, -1, m.start, m.end, section.line),
            )
    for i, block in enumerate(section.blocks):
        yield from _block_deadlines(block, section.anchor, i, period, issued)
    for child in section.children:
        yield from _section_deadlines(child, period, issued)


def extract_deadlines(doc: Document) -> tuple[Deadline, ...]:
    """Every deadline of `doc` in document order: preamble, then each section's heading, blocks
    and subsections. Recurring ones are bounded by `plan_period(doc.title, doc.year)`; due dates
    in the past at `doc.date` (when known) are dropped to None.

    A table's Place spans offsets in its cells joined by " | " (rows by newlines), since a
    table block has no text of its own. The closing part (after the body) is not searched.
    """
    preamble_text = "\n".join(block.text for block in doc.preamble)
    period = plan_period(doc.title, doc.year, preamble_text)
    found: list[Deadline] = []
    for i, block in enumerate(doc.preamble):
        found.extend(_block_deadlines(block, "", i, period, doc.date))
    for section in doc.sections:
        found.extend(_section_deadlines(section, period, doc.date))
    return tuple(found)

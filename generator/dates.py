"""One way to turn a written day, month and year into a date, for every stage that reads one.

Each stage keeps the pattern that finds a date in its own kind of text (a header's "ngày 17 tháng 01 năm 2022",
a citation's "ngày 23/3/2022", a deadline's "trước ngày 20/(3/6/9)/2023"); what the parts mean is decided here.
"""

from __future__ import annotations

from datetime import date

__all__ = ["parse_date", "YEARS"]

# the years a deadline may name (a plan's "năm 3000" is a misprint, not a date)
YEARS = (1945, 2100)

Part = str | int | None


def parse_date(day: Part, month: Part, year: Part, *, years: tuple[int, int] | None = None) -> date | None:
    """The date written as `day`/`month`/`year` (digits or numbers), or None.

    None when a part is missing or blank ("ngày   tháng   năm 2023"), when the day does not exist ("31/02/2022":
    written, but no day) and, with `years` (first, last), when the year lies outside them.
    """
    parts: list[int] = []
    for part in (day, month, year):
        if isinstance(part, int):
            parts.append(part)
        elif part and part.strip().isdigit():
            parts.append(int(part))
        else:
            return None  # missing, blank or not a number
    d, m, y = parts
    if years is not None and not years[0] <= y <= years[1]:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None

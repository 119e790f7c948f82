"""Hostile inputs timed against their budgets: what the tests' complexity guard (tests/complexity.py) cannot see,
a regular expression that backtracks inside one search, shows here as time.

    python -m bench.hostile          # every input at full size; exit 1 when one is over its budget

The tests count steps, which a busy machine cannot change; these budgets are seconds, to read on a quiet one.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from generator.agencies import canonical_agency, jurisdiction_of, split_agencies
from generator.extract.citations import find_citations
from generator.extract.deadlines import find_deadlines
from generator.extract.duties import extract_duties
from tests.test_agencies import hostile_names
from tests.test_citations import HOSTILE as CITATIONS
from tests.test_deadlines import HOSTILE as DEADLINES
from tests.test_duties import hostile_duties
from tests.test_properties import ADVERSARIAL, ADVERSARIAL_SIZE, adversarial_stages

_PERIOD = (date(2022, 1, 1), date(2022, 12, 31))


def cases() -> list[tuple[str, float, Callable[[], Any]]]:
    """(name, budget in seconds, call)."""
    out: list[tuple[str, float, Callable[[], Any]]] = []
    for n, (head, unit, times, tail) in enumerate(CITATIONS):
        out.append((f"citations {n}", 2.0, lambda t=head + unit * times + tail: find_citations(t)))
    for n, (head, unit, times, tail) in enumerate(DEADLINES):
        out.append((f"deadlines {n}", 5.0, lambda t=head + unit * times + tail: find_deadlines(t, _PERIOD, None)))
    out.append(("duties", 3.0, lambda: extract_duties(hostile_duties(300))))
    text = hostile_names(400)
    out.append(("agencies", 2.0, lambda: (split_agencies(text), canonical_agency(text, "Quảng Ngãi"), jurisdiction_of(text))))
    for unit in ADVERSARIAL:
        for stage, call in adversarial_stages(unit, ADVERSARIAL_SIZE).items():
            out.append((f"{stage} «{unit}» × 100 KB", 3.0, call))
    return out


def main() -> int:
    over = 0
    for name, budget, call in cases():
        start = time.perf_counter()
        call()
        seconds = time.perf_counter() - start
        flag = "OVER" if seconds > budget else "ok"
        over += seconds > budget
        print(f"{flag:4} {seconds:6.2f} s / {budget:.0f} s  {name}")
    print(f"{over} over budget")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

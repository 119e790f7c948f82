"""A complexity guard that counts steps, not seconds: a busy CI runner slows a call down, never adds steps to it.

`steps(f)` counts the function calls (Python and C: each regular-expression search is one) that `f` makes.
`assert_linear` runs an input of n units and of 4n units and requires the second to take at most 8 times the
steps of the first (linear: 4 times; quadratic: 16). A search is one step however long it runs: a pattern that
backtracks inside one search, or a search repeated from every position that finds nothing, is not seen here;
`python -m bench.hostile` times those inputs against their budgets.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

FACTOR = 4  # the larger input is this many times the smaller
SLACK = 2.0  # steps may grow this much faster than the input (caches warm, constant costs) and still be linear


def steps(f: Callable[[], Any]) -> int:
    """Function calls made while `f` runs."""
    count = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    old = sys.getprofile()
    sys.setprofile(profile)
    try:
        f()
    finally:
        sys.setprofile(old)
    return count


def assert_linear(run: Callable[[int], Any], n: int, *, floor: int = 200) -> None:
    """`run(k)` does the work for an input of k units: steps(4n) <= 8 * steps(n) (+ `floor` for constant costs)."""
    small = steps(lambda: run(n))
    large = steps(lambda: run(FACTOR * n))
    assert large <= SLACK * FACTOR * small + floor, f"{large} steps for {FACTOR}×{n} units, {small} for {n}: superlinear"


def repeated(unit: str, size: int) -> str:
    """`unit` repeated to `size` characters."""
    return (unit * (size // len(unit) + 1))[:size]

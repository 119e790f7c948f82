"""The complexity guard itself (tests/complexity.py): it passes linear work and fails quadratic work."""

from __future__ import annotations

import re

import pytest

from .complexity import assert_linear, repeated, steps

_STOP = re.compile(r"[.;] ")


def linear(k: int) -> None:
    for _ in range(k):
        abs(1)


def quadratic_python(k: int) -> None:
    for i in range(k):
        for _ in range(i):
            abs(1)


def quadratic_searches(k: int) -> None:
    """The shape of a bug fixed in resolve (the sentence of each citation found by listing the stops of its whole
    paragraph again): the matches of a search over the whole text, once per position."""
    text = repeated("a. b; ", k)
    for start in range(0, len(text), 6):
        stops = [m.start() for m in _STOP.finditer(text)]
        assert stops[0] <= start + len(text)


def test_linear_work_passes() -> None:
    assert steps(lambda: linear(100)) >= 100
    assert_linear(linear, 200)


@pytest.mark.parametrize("work", [quadratic_python, quadratic_searches])
def test_quadratic_work_fails(work: object) -> None:
    with pytest.raises(AssertionError, match="superlinear"):
        assert_linear(work, 200)  # type: ignore[arg-type]

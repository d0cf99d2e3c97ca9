"""Argument checks shared by the modules of :mod:`lstmstate` (private)."""

from __future__ import annotations

import numbers


def is_int(value: object, minimum: int) -> bool:
    """Whether ``value`` is an integer (Python or NumPy, not a bool) of at least ``minimum``."""
    return (
        isinstance(value, numbers.Integral)
        and not isinstance(value, bool)
        and int(value) >= minimum
    )


def positive_int(name: str, value: object) -> int:
    """Return ``value`` as an int, or raise a ValueError naming the argument ``name``."""
    if not is_int(value, minimum=1):
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)  # type: ignore[call-overload]

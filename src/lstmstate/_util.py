"""Argument checks shared by the modules of :mod:`lstmstate` (private)."""

from __future__ import annotations

import numbers

import keras


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


def describe(value: object) -> str:
    """The full class name of ``value``, and a short repr, for a TypeError."""
    cls = type(value)
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{cls.__module__}.{cls.__qualname__} ({text})"


def require_layer(name: str, value: object) -> keras.layers.Layer:
    """Return ``value`` if it is a Keras 3 layer or model, or raise a TypeError naming ``name``.

    A ``tf_keras`` (Keras 2) model, a string or ``None`` would otherwise go through every
    helper without a match: no stateful layer found, nothing done, nothing said.
    """
    if not isinstance(value, keras.layers.Layer):
        raise TypeError(
            f"{name} must be a Keras 3 layer or model (keras.layers.Layer, keras.Model), "
            f"got {describe(value)}"
        )
    return value


def require_model(name: str, value: object) -> keras.Model:
    """Return ``value`` if it is a Keras 3 model, or raise a TypeError naming ``name``."""
    if not isinstance(value, keras.Model):
        raise TypeError(f"{name} must be a Keras 3 model (keras.Model), got {describe(value)}")
    return value

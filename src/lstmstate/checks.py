"""Check, before ``fit``, ``evaluate`` or ``predict``, that the batches fit a stateful model.

A stateful model keeps one state per row, so every batch must have exactly the batch size
it was built with. Keras does not check this up front, and a mismatch shows up late and
obscurely: a ``while_loop`` shape-invariants error when the default ``batch_size=32``
meets a model built for another size, an ``InvalidArgumentError`` in the middle of an
epoch for a short last batch, and no error at all (a silently broadcast sample, and extra
rows out of ``predict``) when the last batch holds a single sample.
"""

from __future__ import annotations

import keras

from lstmstate._util import positive_int
from lstmstate.layers import _state_variables, stateful_layers

__all__ = ["check_stateful_batches", "model_batch_size"]

KERAS_DEFAULT_BATCH_SIZE = 32
"""The batch size ``fit``, ``evaluate`` and ``predict`` use when none is given."""


def model_batch_size(model: keras.layers.Layer) -> int:
    """The batch size the stateful RNN layers of ``model`` were built for.

    Args:
        model: A built model with at least one stateful RNN layer.

    Returns:
        The number of rows of their state variables.

    Raises:
        ValueError: if the model has no stateful RNN layer, if one is not built yet, or if
            they were built for different batch sizes.
    """
    layers = stateful_layers(model)
    if not layers:
        raise ValueError(
            "the model has no stateful RNN layer (stateful=True), so it has no fixed batch size"
        )
    sizes = {layer.name: int(_state_variables(layer)[0].shape[0]) for layer in layers}
    if len(set(sizes.values())) > 1:
        raise ValueError(f"the stateful layers were built for different batch sizes: {sizes}")
    return next(iter(sizes.values()))


def check_stateful_batches(
    model: keras.layers.Layer, n_samples: int, batch_size: int | None = None
) -> int:
    """Check that ``n_samples`` samples in batches of ``batch_size`` suit a stateful model.

    Call it with the arguments you are about to give ``fit``, ``evaluate`` or ``predict``.
    Remember ``shuffle=False`` for ``fit`` as well: shuffling breaks the continuity between
    row ``i`` of one batch and row ``i`` of the next.

    Args:
        model: A built model with stateful RNN layers.
        n_samples: The number of samples (rows of ``x``) that will be fed.
        batch_size: The ``batch_size`` that will be passed, or ``None`` if none will be
            (Keras then uses 32).

    Returns:
        The batch size to pass (the model's).

    Raises:
        ValueError: with what to do instead, if ``batch_size`` is not given and the model
            was built for a batch size other than 32, if ``batch_size`` differs from the
            model's, or if ``n_samples`` is not a multiple of the batch size (the last
            batch would be partial). Also as ``model_batch_size``, and if
            ``n_samples`` or ``batch_size`` is not a positive integer.

    Example:
        ```python
        batch_size = check_stateful_batches(model, len(x), batch_size=4)
        model.fit(x, y, batch_size=batch_size, shuffle=False)
        ```
    """
    n_samples = positive_int("n_samples", n_samples)
    expected = model_batch_size(model)
    if batch_size is None:
        if expected != KERAS_DEFAULT_BATCH_SIZE:
            raise ValueError(
                f"batch_size is not given, so Keras would use its default of "
                f"{KERAS_DEFAULT_BATCH_SIZE}, but the model's stateful layers were built for "
                f"batches of {expected} (keras.Input(batch_shape=({expected}, ...))). "
                f"Pass batch_size={expected}."
            )
        batch_size = expected
    else:
        batch_size = positive_int("batch_size", batch_size)
        if batch_size != expected:
            raise ValueError(
                f"batch_size={batch_size}, but the model's stateful layers were built for "
                f"batches of {expected}. Pass batch_size={expected}, or rebuild the model with "
                f"keras.Input(batch_shape=({batch_size}, ...))."
            )
    leftover = n_samples % batch_size
    if leftover:
        trimmed = n_samples - leftover
        padded = trimmed + batch_size
        fix = (
            f"Trim to {trimmed} samples (x[:{trimmed}]) or pad to {padded}."
            if trimmed
            else f"Pad to {padded} samples: there is not one full batch to trim to."
        )
        raise ValueError(
            f"n_samples={n_samples} is not a multiple of the batch size {batch_size}: the last "
            f"batch would hold {leftover} sample(s), and a stateful model needs exactly "
            f"{batch_size} in every batch. {fix}"
        )
    return batch_size

"""Reset the state of some rows of a stateful batch, leaving the other rows as they are.

A stateful layer built for ``batch`` rows keeps one state per row: row ``i`` of the next
batch continues row ``i`` of this one. When several independent streams share one batch
(one stream per row), a stream can end while the others go on; its row must then start
again from a fresh state, and the other rows must keep theirs. Keras 3.15 has no call for
that: ``layer.reset_state()`` (``keras/src/layers/rnn/rnn.py``) zeroes every row, and
``Bidirectional.reset_state()`` (``keras/src/layers/rnn/bidirectional.py``) calls it on its
forward and backward layer.

What a row is, in Keras 3.15.1 (``keras/src/layers/rnn/rnn.py``): ``RNN.build`` creates
``layer.states`` with ``_create_state_variables(batch_size)``, one variable per entry of
``layer.get_initial_state(batch_size)``, and each of those has the batch as its first axis
(``(batch, units)`` for LSTM, GRU, SimpleRNN; ``(batch, rows', cols', filters)`` for
ConvLSTM2D; nested lists for ``StackedRNNCells``). Row ``i`` is index ``i`` on that first
axis, in every state variable. ``Bidirectional`` holds two such layers
(``forward_layer``, ``backward_layer``); its ``states`` property is their concatenation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import keras
import numpy as np

from lstmstate._util import describe, is_int, require_layer
from lstmstate.layers import state_variables, stateful_layers

__all__ = ["reset_rows"]

Rows = int | Sequence[int] | np.ndarray


def _row_list(rows: object) -> list[int]:
    """``rows`` as a list of ints, or a TypeError / ValueError that says what is wrong."""
    if is_int(rows, minimum=-(2**63)):
        return [int(rows)]  # type: ignore[call-overload]
    if isinstance(rows, np.ndarray) or (
        isinstance(rows, Sequence) and not isinstance(rows, (str, bytes))
    ):
        values: list[object] = list(rows)  # a 2-D array gives rows, refused below
    else:
        raise TypeError(f"rows must be an integer or a list of integers, got {describe(rows)}")
    bad = [value for value in values if not is_int(value, minimum=-(2**63))]
    if bad:
        raise TypeError(
            f"rows must hold integers (batch row indices), got {describe(bad[0])} in {rows!r}"
        )
    if not values:
        raise ValueError("rows is empty: give at least one batch row to reset")
    as_ints = [int(value) for value in values]  # type: ignore[call-overload]
    repeated = sorted({row for row in as_ints if as_ints.count(row) > 1})
    if repeated:
        raise ValueError(f"rows lists row(s) {repeated} more than once: {as_ints}")
    return as_ints


def reset_rows(
    model_or_layer: keras.layers.Layer,
    rows: Rows,
    *,
    to: Literal["zeros", "initial"] = "zeros",
) -> int:
    """Reset the state of the given batch rows of every stateful RNN layer; keep the others.

    Each stateful layer keeps one state per batch row (row ``i`` of the next batch
    continues row ``i`` of this one). This sets, in every state variable of every stateful
    layer that ``stateful_layers`` finds (LSTM, GRU, SimpleRNN, ConvLSTM1D/2D/3D,
    ``RNN(cell)`` including ``RNN(StackedRNNCells(...))``, both directions of a
    ``Bidirectional``, layers inside nested models and wrappers), the rows ``rows`` to a
    fresh state, and leaves every other row exactly as it was. After it, row ``i`` of the
    next call starts as a new sequence, as if the layer had just been reset, while the
    other rows continue their sequences.

    Shapes: every state variable of a layer built for batch size ``batch`` has shape
    ``(batch, ...)``, ``(batch, units)`` for LSTM (``h``, ``c``), GRU and SimpleRNN
    (``h``); row ``i`` is ``variable[i]``. Layers may have different batch sizes; every
    index in ``rows`` must fit each of them. Everything is checked before anything is
    written: an error leaves every state as it was.

    Args:
        model_or_layer: A built Keras 3 model or layer (a model, a nested model, a
            ``Bidirectional``, one RNN layer).
        rows: One batch row index, or a list (or 1-D NumPy array) of distinct row
            indices, each in ``0 .. batch - 1`` (negative indices are refused rather than
            counted from the end).
        to: ``"zeros"`` (default) sets the rows to the all-zero state, as
            ``layer.reset_state()`` does for the whole batch in Keras 3.15.1
            (``keras/src/layers/rnn/rnn.py``: ``v.assign(ops.zeros_like(v.value))``).
            ``"initial"`` sets them to the rows of ``layer.get_initial_state(batch)``, the
            state the layer's variables were created with (``RNN._create_state_variables``),
            which differs from zeros only for a custom cell whose ``get_initial_state``
            does not return zeros.

    Returns:
        How many stateful RNN layers had rows reset (a ``Bidirectional`` counts two: its
        forward and its backward layer).

    Raises:
        TypeError: ``model_or_layer`` is not a Keras 3 layer or model; ``rows`` is not an
            integer or a flat list of integers (a float, a bool, a string, a 2-D array);
            or the model holds a layer with ``stateful=True`` that is no
            ``keras.layers.RNN`` and holds none (its state is unknown here, so it is
            refused rather than skipped; see ``stateful_layers``). The message names it.
        ValueError: ``rows`` is empty or lists a row twice; ``to`` is neither
            ``"zeros"`` nor ``"initial"``; the model has no stateful RNN layer; a stateful
            layer is not built yet; or a layer's state variables do not all have the batch
            as their first axis (a custom cell), or its initial state does not match them.
            The message names the layer.
        IndexError: a row is negative or not below a layer's batch size; the message
            names the layer and its batch size.

    Examples:
        >>> import keras, numpy as np, lstmstate
        >>> model = keras.Sequential([
        ...     keras.Input(batch_shape=(3, 2, 1)),
        ...     keras.layers.GRU(2, stateful=True, name="gru"),
        ... ])
        >>> _ = model(np.ones((3, 2, 1)))
        >>> lstmstate.reset_rows(model, [1])
        1
        >>> h = lstmstate.get_states(model)[0][0]
        >>> [bool(np.any(h[i])) for i in range(3)]
        [True, False, True]
    """
    require_layer("model_or_layer", model_or_layer)
    row_list = _row_list(rows)
    if to not in ("zeros", "initial"):
        raise ValueError(f"to must be 'zeros' or 'initial', got {to!r}")
    # Refuses a layer that says stateful=True but holds no RNN, rather than skipping it.
    layers = stateful_layers(model_or_layer)
    if not layers:
        raise ValueError(
            f"{model_or_layer.name!r} has no stateful RNN layer (stateful=True): there is no "
            "state to reset"
        )
    # Plan every write first; write only once every layer passed its checks.
    planned: list[tuple[keras.Variable, np.ndarray, np.ndarray]] = []
    for layer in layers:
        variables = state_variables(layer)
        batch = int(variables[0].shape[0])
        for index, variable in enumerate(variables):
            if len(variable.shape) < 1 or int(variable.shape[0]) != batch:
                raise ValueError(
                    f"layer {layer.name!r}: state variable {index} has shape "
                    f"{tuple(variable.shape)}, but state variable 0 has {batch} rows; "
                    "reset_rows needs the batch as the first axis of every state variable"
                )
        outside = [row for row in row_list if not 0 <= row < batch]
        if outside:
            raise IndexError(
                f"row {outside[0]} is out of range for layer {layer.name!r}, whose batch "
                f"size is {batch} (rows 0 to {batch - 1})"
            )
        if to == "initial":
            initial = keras.tree.flatten(layer.get_initial_state(batch))
            fresh = [np.asarray(keras.ops.convert_to_numpy(value)) for value in initial]
        else:
            fresh = [np.zeros(tuple(v.shape), dtype=v.dtype) for v in variables]
        wanted = [tuple(variable.shape) for variable in variables]
        if [value.shape for value in fresh] != wanted:
            raise ValueError(
                f"layer {layer.name!r}: get_initial_state({batch}) gives shapes "
                f"{[value.shape for value in fresh]}, its state variables have {wanted}"
            )
        for variable, value in zip(variables, fresh):
            mask = np.zeros((batch,) + (1,) * (len(variable.shape) - 1), dtype=bool)
            mask[row_list] = True
            planned.append((variable, mask, value.astype(variable.dtype)))
    for variable, mask, value in planned:
        variable.assign(keras.ops.where(mask, value, variable.value))
    return len(layers)

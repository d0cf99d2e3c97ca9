"""Find the stateful recurrent layers of a model, and reset, read or write their state.

Keras 3 removed ``Model.reset_states()``: only each stateful RNN layer has
``reset_state()``. The functions here do the model-wide work again, including for RNN
layers inside nested models and inside ``Bidirectional`` or other ``Wrapper`` layers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import keras
import numpy as np
from numpy.typing import ArrayLike

__all__ = ["stateful_layers", "reset_states", "get_states", "set_states"]


def _children(layer: keras.layers.Layer) -> list[keras.layers.Layer]:
    """The layers directly inside ``layer``, found through public attributes only."""
    if isinstance(layer, keras.layers.Bidirectional):
        # Not a keras.layers.Wrapper in Keras 3; it holds two RNN copies.
        return [layer.forward_layer, layer.backward_layer]
    if isinstance(layer, keras.layers.Wrapper):
        return [layer.layer]
    if isinstance(layer, keras.Model):
        # Sequential, functional and subclassed models all list their sublayers here.
        return list(layer.layers)
    return []


def _walk(layer: keras.layers.Layer) -> Iterator[keras.layers.Layer]:
    """Yield ``layer`` and every layer nested in it, depth first, each layer once."""
    seen: set[int] = set()
    stack = [layer]
    while stack:
        current = stack.pop()
        if id(current) in seen:  # a shared layer is used twice but holds one state
            continue
        seen.add(id(current))
        yield current
        # Reversed so that the walk visits children in model order (forward before backward).
        stack.extend(reversed(_children(current)))


def stateful_layers(model: keras.layers.Layer) -> list[keras.layers.RNN]:
    """List the RNN layers built with ``stateful=True`` in ``model``, in model order.

    The search goes into nested models (``model.layers``), ``Bidirectional`` layers (their
    forward then backward layer) and ``keras.layers.Wrapper`` layers. A layer used twice is
    listed once. Custom layers that keep an RNN layer as a plain attribute are not searched.

    Args:
        model: A model, or any layer (an RNN layer on its own gives a list of itself).

    Returns:
        The stateful ``keras.layers.RNN`` instances (LSTM, GRU, SimpleRNN, ConvLSTM, RNN),
        in the order the model lists its layers. Empty if there is none.
    """
    return [
        layer
        for layer in _walk(model)
        if isinstance(layer, keras.layers.RNN) and layer.stateful
    ]


def reset_states(model: keras.layers.Layer) -> int:
    """Reset (set to zeros) the state of every stateful RNN layer of ``model``.

    This is what ``model.reset_states()`` did before Keras 3. Keras never calls it for you:
    not between epochs, and not between ``fit``, ``evaluate`` and ``predict``.

    Args:
        model: A model, or any layer.

    Returns:
        How many layers were reset (0 when ``model`` has no stateful RNN layer).
    """
    layers = stateful_layers(model)
    for layer in layers:
        layer.reset_state()
    return len(layers)


def _state_variables(layer: keras.layers.RNN) -> list[keras.Variable]:
    """The state variables of a built stateful layer, or a ValueError that says why none."""
    if layer.states is None or any(v is None for v in layer.states):
        raise ValueError(
            f"stateful layer {layer.name!r} has no state variables yet: build the model "
            "first, with keras.Input(batch_shape=(batch_size, steps, features))"
        )
    return list(layer.states)


def get_states(model: keras.layers.Layer) -> list[list[np.ndarray]]:
    """Copy the current state of every stateful RNN layer of ``model`` into NumPy arrays.

    Args:
        model: A model, or any layer.

    Returns:
        One list per layer, in the order of ``stateful_layers``, holding one array per
        state variable (LSTM: ``[h, c]``, GRU and SimpleRNN: ``[h]``), each of shape
        ``(batch_size, units)``. The arrays are copies: changing them changes nothing in
        the model.

    Raises:
        ValueError: if a stateful layer is not built yet.
    """
    return [
        [np.array(variable.numpy()) for variable in _state_variables(layer)]
        for layer in stateful_layers(model)
    ]


def set_states(model: keras.layers.Layer, states: Sequence[Sequence[ArrayLike]]) -> None:
    """Write ``states`` (as returned by ``get_states``) into the stateful layers.

    Everything is checked before anything is written, so a ValueError leaves the model's
    state as it was.

    Args:
        model: A model, or any layer.
        states: One sequence per stateful layer, in the order of ``stateful_layers``,
            each holding one array per state variable of that layer, of that variable's
            shape. Values are cast to the variable's dtype.

    Raises:
        ValueError: if the number of layers, the number of arrays for a layer or the shape
            of an array does not match the model. The message names the layer.
    """
    layers = stateful_layers(model)
    if len(states) != len(layers):
        names = [layer.name for layer in layers]
        raise ValueError(
            f"got states for {len(states)} layer(s), but the model has {len(layers)} "
            f"stateful RNN layer(s): {names}"
        )
    # Check every layer first: a half-written state would be worse than none.
    planned: list[tuple[keras.Variable, np.ndarray]] = []
    for layer, values in zip(layers, states):
        variables = _state_variables(layer)
        if len(values) != len(variables):
            raise ValueError(
                f"layer {layer.name!r} has {len(variables)} state variable(s), "
                f"got {len(values)} array(s)"
            )
        for index, (variable, value) in enumerate(zip(variables, values)):
            array = np.asarray(value, dtype=variable.dtype)
            if array.shape != tuple(variable.shape):
                raise ValueError(
                    f"layer {layer.name!r}: state {index} has shape {tuple(variable.shape)}, "
                    f"got an array of shape {array.shape}"
                )
            planned.append((variable, array))
    for variable, array in planned:
        variable.assign(array)

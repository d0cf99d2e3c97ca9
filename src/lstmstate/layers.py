"""Find the stateful recurrent layers of a model, and reset, read or write their state.

Keras 3 removed ``Model.reset_states()``: only each stateful RNN layer has
``reset_state()``. The functions here do the model-wide work again, including for RNN
layers inside nested models, inside ``Bidirectional`` or other ``Wrapper`` layers, and
inside custom layers that keep them as attributes.

What a layer's state is (Keras 3.15, ``keras/src/layers/rnn/rnn.py``): once a layer built
with ``stateful=True`` is built for a static batch size, ``layer.states`` holds one
non-trainable ``keras.Variable`` per state tensor of its cell, in the cell's
``state_size`` structure. The variables are not in ``model.weights``. Their shapes, with
``batch`` the batch size the layer was built for:

| layer | state variables |
|---|---|
| ``LSTM(units)`` | ``h`` and ``c``, each ``(batch, units)`` |
| ``GRU(units)``, ``SimpleRNN(units)`` | ``h``, ``(batch, units)`` |
| ``ConvLSTM1D(filters, ...)`` | ``h`` and ``c``, each ``(batch, rows', filters)`` |
| ``ConvLSTM2D(filters, ...)`` | ``h`` and ``c``, each ``(batch, rows', cols', filters)`` |
| ``ConvLSTM3D(filters, ...)`` | ``h`` and ``c``, each ``(batch, d1', d2', d3', filters)`` |
| ``RNN(StackedRNNCells([...]))`` | the states of each cell in turn (nested lists) |
| ``RNN(cell)``, custom cell | one per entry of ``cell.state_size`` |

(``rows'``, ``cols'`` and so on are the spatial sizes of the convolution's output.)
Nested structures, as ``StackedRNNCells`` makes, are read and written here in the order of
``keras.tree.flatten(layer.states)``: for ``StackedRNNCells([LSTMCell(4), GRUCell(3)])``
that is ``[h1, c1, h2]``. (Keras' own ``layer.reset_state()`` fails on such a layer in
3.15: it assigns to each top-level entry, a list; ``reset_states`` here does not.)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import keras
import numpy as np
from numpy.typing import ArrayLike

from lstmstate._util import require_layer

__all__ = ["stateful_layers", "reset_states", "get_states", "set_states"]


def _children(layer: keras.layers.Layer) -> list[keras.layers.Layer]:
    """The layers directly inside ``layer``."""
    if isinstance(layer, keras.layers.Bidirectional):
        # Not a keras.layers.Wrapper in Keras 3; it holds two RNN copies.
        return [layer.forward_layer, layer.backward_layer]
    if isinstance(layer, keras.layers.Wrapper):
        return [layer.layer]
    if isinstance(layer, keras.Model):
        # Sequential, functional and subclassed models all list their sublayers here.
        return list(layer.layers)
    if isinstance(layer, keras.layers.RNN):
        return []  # its cell holds no state of its own: the RNN layer does
    # A custom layer that keeps layers as attributes: Keras tracks them, and lists them
    # with Layer._flatten_layers (keras/src/layers/layer.py, Keras 3.0 to 3.15).
    flatten = getattr(layer, "_flatten_layers", None)
    if flatten is None:
        return []
    return list(flatten(include_self=False, recursive=False))


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
    forward then backward layer), ``keras.layers.Wrapper`` layers, and custom layers that
    keep other layers as attributes (as Keras tracks them). A layer used twice is listed
    once.

    Args:
        model: A Keras 3 model, or any Keras 3 layer (an RNN layer on its own gives a list
            of itself).

    Returns:
        The stateful ``keras.layers.RNN`` instances (LSTM, GRU, SimpleRNN, ConvLSTM1D/2D/3D,
        RNN), in the order the model lists its layers. Empty if there is none.

    A ``Bidirectional`` layer is listed as its two layers, ``forward_<name>`` then
    ``backward_<name>``, each with its own states (``keras/src/layers/rnn/bidirectional.py``
    keeps them there; ``bidirectional.states`` is the forward states then the backward ones).

    Raises:
        TypeError: if ``model`` is not a Keras 3 layer or model (a ``tf_keras`` model, say),
            or if a layer inside it says ``stateful=True`` but is not a ``keras.layers.RNN``
            and holds none (a custom layer keeping state in its own variables): its state
            would be left out of every reset, snapshot and restore. The message names it.

    Examples:
        >>> import keras, lstmstate
        >>> model = keras.Sequential([
        ...     keras.Input(batch_shape=(2, 3, 1)),
        ...     keras.layers.LSTM(4, stateful=True, return_sequences=True, name="lstm"),
        ...     keras.layers.GRU(3, name="gru"),
        ... ])
        >>> [layer.name for layer in lstmstate.stateful_layers(model)]
        ['lstm']
    """
    require_layer("model", model)
    walked = list(_walk(model))  # one walk serves the search and the check
    found = [layer for layer in walked if isinstance(layer, keras.layers.RNN) and layer.stateful]
    _refuse_unknown_state(walked, found)
    return found


def _refuse_unknown_state(walked: list[keras.layers.Layer], found: list[keras.layers.RNN]) -> None:
    """Raise if a layer says ``stateful=True`` but keeps its state where we cannot see it.

    ``Bidirectional`` says ``stateful=True`` and keeps its state in the two RNN layers it
    holds (``keras/src/layers/rnn/bidirectional.py``), which ``stateful_layers`` lists; a
    custom wrapper that does the same is fine too. A layer that says ``stateful=True`` with
    no stateful RNN layer inside it keeps state in variables of its own, which no function
    here would read, write or reset: skipping it silently would make ``get_states`` /
    ``set_states`` snapshots incomplete without a word.
    """
    found_ids = {id(layer) for layer in found}
    for layer in walked:
        if isinstance(layer, keras.layers.RNN) or getattr(layer, "stateful", False) is not True:
            continue
        if not any(id(inner) in found_ids for inner in _walk(layer)):
            raise TypeError(
                f"layer {layer.name!r} ({type(layer).__name__}) says stateful=True but holds "
                "no stateful keras.layers.RNN layer: lstmstate cannot read, write or reset its "
                "state. Build it from keras.layers.RNN (a custom cell in RNN(cell, "
                "stateful=True)), or save and restore its variables yourself."
            )


def state_variables(layer: keras.layers.RNN) -> list[keras.Variable]:
    """The state variables of a built stateful layer, flat, or a ValueError that says why none."""
    variables = [] if layer.states is None else keras.tree.flatten(layer.states)
    if not variables or any(not isinstance(v, keras.Variable) for v in variables):
        raise ValueError(
            f"stateful layer {layer.name!r} has no state variables yet: build the model "
            "first, with keras.Input(batch_shape=(batch_size, steps, features))"
        )
    return variables


def reset_states(model: keras.layers.Layer) -> int:
    """Reset (set to zeros) the state of every stateful RNN layer of ``model``.

    This is what ``model.reset_states()`` did before Keras 3. Keras never calls it for you:
    not between epochs, and not between ``fit``, ``evaluate`` and ``predict``. Every state
    variable is zeroed, nested ones (``StackedRNNCells``) included.

    Args:
        model: A Keras 3 model, or any Keras 3 layer.

    Returns:
        How many layers were reset (0 when ``model`` has no stateful RNN layer).

    Raises:
        TypeError: if ``model`` is not a Keras 3 layer or model, or holds a layer that
            says ``stateful=True`` but is no RNN (see ``stateful_layers``).
        ValueError: if a stateful layer is not built yet (it has no state to reset); the
            message names the layer. Nothing is reset then.

    Examples:
        >>> import keras, numpy as np, lstmstate
        >>> model = keras.Sequential([
        ...     keras.Input(batch_shape=(2, 3, 1)), keras.layers.LSTM(4, stateful=True)
        ... ])
        >>> _ = model(np.ones((2, 3, 1)))
        >>> lstmstate.reset_states(model)
        1
        >>> float(np.abs(lstmstate.get_states(model)[0][0]).max())
        0.0
    """
    variables = [(layer, state_variables(layer)) for layer in stateful_layers(model)]
    for _, layer_variables in variables:
        for variable in layer_variables:
            variable.assign(keras.ops.zeros(variable.shape, dtype=variable.dtype))
    return len(variables)


def get_states(model: keras.layers.Layer) -> list[list[np.ndarray]]:
    """Copy the current state of every stateful RNN layer of ``model`` into NumPy arrays.

    Args:
        model: A Keras 3 model, or any Keras 3 layer.

    Returns:
        One list per layer, in the order of ``stateful_layers``, holding one array per
        state variable in the order of ``keras.tree.flatten(layer.states)``: LSTM
        ``[h, c]``, each ``(batch, units)``; GRU and SimpleRNN ``[h]``; ConvLSTM2D
        ``[h, c]``, each ``(batch, rows, cols, filters)``; ``StackedRNNCells`` the states of
        each cell in turn (see the table at the top of this module). The arrays are
        copies: changing them changes nothing in the model. A ``Bidirectional`` layer
        gives two entries, its forward layer's then its backward layer's.

    Raises:
        TypeError: if ``model`` is not a Keras 3 layer or model, or holds a layer that
            says ``stateful=True`` but is no RNN (see ``stateful_layers``).
        ValueError: if a stateful layer is not built yet; the message names the layer.

    Examples:
        >>> import keras, lstmstate
        >>> model = keras.Sequential([
        ...     keras.Input(batch_shape=(2, 3, 1)), keras.layers.LSTM(4, stateful=True)
        ... ])
        >>> [[h.shape for h in layer] for layer in lstmstate.get_states(model)]
        [[(2, 4), (2, 4)]]
    """
    return [
        [np.array(variable.numpy()) for variable in state_variables(layer)]
        for layer in stateful_layers(model)
    ]


def set_states(model: keras.layers.Layer, states: Sequence[Sequence[ArrayLike]]) -> None:
    """Write ``states`` (as returned by ``get_states``) into the stateful layers.

    Everything is checked before anything is written, so an error leaves the model's
    state as it was.

    Args:
        model: A Keras 3 model, or any Keras 3 layer.
        states: One sequence per stateful layer, in the order of ``stateful_layers``,
            each holding one array per state variable of that layer (in the order of
            ``keras.tree.flatten(layer.states)``), of that variable's shape. Values are
            cast to the variable's dtype.

    Raises:
        TypeError: if ``model`` is not a Keras 3 layer or model, or holds a layer that
            says ``stateful=True`` but is no RNN (see ``stateful_layers``), or ``states`` is not a
            sequence of sequences of arrays.
        ValueError: if the number of layers, the number of arrays for a layer or the shape
            of an array does not match the model, or a layer is not built. The message
            names the layer.

    Examples:
        >>> import keras, numpy as np, lstmstate
        >>> model = keras.Sequential([
        ...     keras.Input(batch_shape=(1, 3, 1)), keras.layers.GRU(2, stateful=True)
        ... ])
        >>> lstmstate.set_states(model, [[np.ones((1, 2))]])
        >>> lstmstate.get_states(model)[0][0].tolist()
        [[1.0, 1.0]]
    """
    layers = stateful_layers(model)
    if isinstance(states, (str, bytes)) or not isinstance(states, (Sequence, np.ndarray)):
        raise TypeError(
            f"states must be a list with one list of arrays per stateful layer (as get_states "
            f"returns), got {type(states).__name__}"
        )
    if len(states) != len(layers):
        names = [layer.name for layer in layers]
        raise ValueError(
            f"got states for {len(states)} layer(s), but the model has {len(layers)} "
            f"stateful RNN layer(s): {names}"
        )
    # Check every layer first: a half-written state would be worse than none.
    planned: list[tuple[keras.Variable, np.ndarray]] = []
    for layer, values in zip(layers, states):
        variables = state_variables(layer)
        if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)):
            raise TypeError(
                f"states for layer {layer.name!r} must be a list of {len(variables)} array(s), "
                f"got {type(values).__name__}"
            )
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

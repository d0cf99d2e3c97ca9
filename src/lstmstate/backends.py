"""Make stateful RNN layers carry their state on every Keras 3 backend, or say why not.

What Keras 3.15 does with the state of a layer built with ``stateful=True``
(``keras/src/layers/rnn/rnn.py``): it keeps it in ``layer.states``, non-trainable variables
created with automatic tracking switched off (``_create_state_variables``), and assigns the
last state to them at the end of every call. Seen on CPU with Keras 3.15.1:

- **TensorFlow**: every call moves the state: eager calls, ``fit``, ``evaluate``,
  ``predict``, ``predict_on_batch``. Nothing to do.
- **JAX**: the trainer runs a pure function of the variables it is given
  (``keras/src/backend/jax/trainer.py``: ``stateless_call`` over ``trainable_variables`` and
  ``non_trainable_variables``). The state variables are not among them, so inside ``fit``,
  ``evaluate``, ``predict`` and ``predict_on_batch`` the layer reads zeros and its
  assignments are dropped: the state never moves, with no error or warning. Only eager calls
  (``model(x)``) move it.
- **PyTorch**: inference moves the state, but ``fit`` fails with ``RuntimeError: one of the
  variables needed for gradient computation has been modified by an inplace operation``:
  the call reads the state variable's tensor, which autograd keeps for the backward pass,
  then overwrites it in place with the new state. (And ``steps_per_execution`` must be 1:
  ``keras/src/backend/torch/trainer.py``.)

``carry_states`` fixes both, per layer, in place:

- JAX: each state variable is registered where Keras keeps the state of a layer's
  ``SeedGenerator`` (``Layer._seed_generators``, read only by ``Layer.variables``). The JAX
  trainer then passes it in and out of every step like a random seed's state, and writes it
  back to the variable when the call (``fit``, ``predict``...) returns or a callback reads
  ``self.model``. Side effects: ``model.variables`` and ``model.non_trainable_variables``
  list the state variables; ``model.weights``, ``get_weights``, ``save_weights``,
  ``model.save`` and ``count_params`` do not (as on the other backends: Keras never saves
  state).
- PyTorch: each layer's ``call`` starts from a copy of the stored state
  (``keras.ops.copy``), so the tensor autograd keeps is not the one overwritten. The gradient
  still stops at the call boundary, as on the other backends (truncated backpropagation
  through time). Side effect: the layer's ``call`` attribute is a wrapper.
- TensorFlow: nothing is changed.

A model loaded from a file, cloned, or rebuilt is a new model: call ``carry_states`` on it
again. ``lstmstate.inference_copy`` does it for its copies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import keras

from lstmstate._util import require_layer
from lstmstate.layers import state_variables, stateful_layers

__all__ = ["StateNotCarriedError", "carry_states", "require_carried_states"]

LayerT = TypeVar("LayerT", bound=keras.layers.Layer)

_CARRIED = "_lstmstate_carries_state"  # set on each layer carry_states prepared


class StateNotCarriedError(RuntimeError):
    """Keras would drop or break the state of a stateful layer on the active backend."""


class _StateSlot:
    """Looks like a ``keras.random.SeedGenerator`` to ``Layer.variables``: it has a ``state``."""

    def __init__(self, variable: keras.Variable) -> None:
        self.state = variable


def _carry_on_jax(layer: keras.layers.RNN) -> None:
    registered = {id(slot.state) for slot in layer._seed_generators}
    for variable in state_variables(layer):
        if id(variable) not in registered:
            layer._seed_generators.append(_StateSlot(variable))


def _carry_on_torch(layer: keras.layers.RNN) -> None:
    call: Callable[..., Any] = layer.call

    def call_from_a_copy(
        sequences: Any, initial_state: Any = None, mask: Any = None, training: bool = False
    ) -> Any:
        if initial_state is None:
            initial_state = keras.tree.map_structure(keras.ops.copy, layer.states)
        return call(sequences, initial_state=initial_state, mask=mask, training=training)

    layer.call = call_from_a_copy


def carry_states(model: LayerT) -> LayerT:
    """Make every stateful RNN layer of ``model`` carry its state on the active backend.

    Call it once the model is built (its input has a fixed batch size,
    ``keras.Input(batch_shape=...)``), before ``fit``, ``evaluate`` or ``predict``. It changes
    the layers in place and returns ``model``; calling it again changes nothing.

    After it, on every backend, ``fit`` (within an epoch and across epochs), ``evaluate``,
    ``predict`` and ``predict_on_batch`` carry the state from batch to batch and leave it in
    ``layer.states``, as TensorFlow does, and a stateful model trains on PyTorch. What it
    does per backend, and its side effects, are in this module's docstring.

    Args:
        model: A built Keras 3 model or layer. Stateful RNN layers are found anywhere inside
            it (nested models, ``Bidirectional``, wrappers), as ``stateful_layers`` finds them.

    Returns:
        ``model`` itself.

    Raises:
        TypeError: if ``model`` is not a Keras 3 layer or model.
        ValueError: if a stateful layer is not built yet (it has no state variables).

    Examples:
        >>> import keras, numpy as np, lstmstate
        >>> model = keras.Sequential([
        ...     keras.Input(batch_shape=(1, 3, 1)),
        ...     keras.layers.LSTM(2, stateful=True, name="lstm"),
        ... ])
        >>> model = lstmstate.carry_states(model)
        >>> _ = model.predict(np.ones((1, 3, 1)), verbose=0)
        >>> bool(np.any(lstmstate.get_states(model)[0][0] != 0))  # predict moved the state
        True
    """
    require_layer("model", model)
    backend = keras.backend.backend()
    for layer in stateful_layers(model):
        state_variables(layer)  # raises when the layer is not built
        if getattr(layer, _CARRIED, False):
            continue
        if backend == "jax":
            _carry_on_jax(layer)
        elif backend == "torch":
            _carry_on_torch(layer)
        setattr(layer, _CARRIED, True)
    return model


def _remedy(operation: str, layer: keras.layers.RNN, backend: str) -> str:
    if backend == "jax":
        what = (
            f"on the JAX backend (Keras {keras.__version__}), {operation} does not carry the state "
            f"of the stateful layer {layer.name!r}: the JAX trainer never sees its state "
            "variables, so it starts every batch from zeros and drops the new state, "
            "with no error (keras/src/layers/rnn/rnn.py keeps them untracked)"
        )
    else:
        what = (
            f"on the PyTorch backend (Keras {keras.__version__}), training the stateful layer "
            f"{layer.name!r} fails in the backward pass ('modified by an inplace operation'): "
            "each call overwrites the state tensor autograd keeps"
        )
    return f"{what}. Call lstmstate.carry_states(model) once the model is built."


def require_carried_states(model: keras.layers.Layer, operation: str, training: bool) -> None:
    """Raise if Keras would drop (JAX) or break (PyTorch) the state of a layer of ``model``.

    The stateful helpers of this library call it before they rely on state moving. A layer
    passes when ``carry_states`` prepared it, or when Keras itself already tracks its state
    variables (a later Keras may).

    Args:
        model: A built Keras 3 model or layer.
        operation: What is about to run, for the message (``"fit"``, ``"predict_on_batch"``).
        training: Whether it trains (PyTorch breaks only then).

    Raises:
        StateNotCarriedError: naming the backend, the Keras version, the layer and the remedy.
    """
    backend = keras.backend.backend()
    if backend not in ("jax", "torch") or (backend == "torch" and not training):
        return
    for layer in stateful_layers(model):
        if getattr(layer, _CARRIED, False) or layer.states is None:
            continue
        if backend == "jax":
            tracked = {id(v) for v in layer.non_trainable_variables}
            if all(id(v) in tracked for v in state_variables(layer)):
                continue
        raise StateNotCarriedError(_remedy(operation, layer, backend))

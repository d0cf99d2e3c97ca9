"""Run a trained recurrent model one time step per call, carrying its state between calls.

A model trained on whole sequences is usually stateless and takes ``(batch, T, ...)``.
To generate a sequence item by item it must take one step at a time and remember the
previous steps: ``inference_copy`` rebuilds it that way, and ``generate`` feeds it.
"""

from __future__ import annotations

from collections.abc import Callable

import keras
import numpy as np
from numpy.typing import ArrayLike

from lstmstate._util import positive_int, require_model
from lstmstate.backends import carry_states, require_carried_states
from lstmstate.layers import _walk, reset_states, stateful_layers
from lstmstate.probe import check_steps_agree

__all__ = ["inference_copy", "generate"]


def _single_input(model: keras.Model) -> keras.KerasTensor:
    """The one input of a built Sequential or functional model, or a ValueError."""
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        inputs = None
    if not inputs:
        raise ValueError(
            "the model has no known inputs: it must be a built Sequential or functional model "
            "(start it with keras.Input(...)); subclassed models cannot be rebuilt"
        )
    if len(inputs) != 1:
        raise ValueError(f"the model must have exactly one input, it has {len(inputs)}")
    return inputs[0]


def _check_rebuildable(model: keras.Model) -> None:
    """Refuse models whose RNN layers cannot run one step at a time, or cannot be reached."""
    top_level = {id(layer) for layer in model.layers}
    rnn_count = 0
    for layer in list(_walk(model))[1:]:
        if isinstance(layer, keras.layers.Bidirectional):
            raise ValueError(
                f"layer {layer.name!r} is Bidirectional: its backward half needs the whole "
                "sequence at once, so it cannot run one step at a time"
            )
        if not isinstance(layer, keras.layers.RNN):
            continue
        if id(layer) not in top_level:
            raise ValueError(
                f"RNN layer {layer.name!r} is inside a nested model or wrapper; inference_copy "
                "only rebuilds RNN layers that sit directly in the model"
            )
        if layer.go_backwards:
            raise ValueError(
                f"RNN layer {layer.name!r} has go_backwards=True: it reads the sequence from "
                "its end, so it cannot run one step at a time"
            )
        rnn_count += 1
    if rnn_count == 0:
        raise ValueError("the model has no RNN layer, so there is no state to carry between steps")


def _stateful_clone(layer: keras.layers.Layer) -> keras.layers.Layer:
    """Copy a layer from its config, switching RNN layers to ``stateful=True``."""
    config = layer.get_config()
    if isinstance(layer, keras.layers.RNN):
        config["stateful"] = True
    return layer.__class__.from_config(config)


def inference_copy(model: keras.Model, batch_size: int = 1, steps: int = 1) -> keras.Model:
    """Rebuild a trained model as a stateful model that takes one time step per call.

    The copy has the same layers (same configs, except ``stateful=True`` for every RNN
    layer), the same weights (copied, not shared), and the input
    ``keras.Input(batch_shape=(batch_size, steps, *features))``. Call it once per time step
    (or once per ``steps`` steps); its RNN layers carry their state from call to call until
    ``reset_states`` is called.

    What it supports, and how it makes sure: a copy is right only if every layer gives,
    ``steps`` steps at a time, what it gives over the whole sequence. RNN layers do (their
    state carries the past, ``keras/src/layers/rnn/rnn.py``); so do layers that work on each
    step alone (``Dense``, ``Embedding``, ``Dropout``, ``Masking``, ``TimeDistributed``,
    merges, activations). Layers that mix time steps do not: ``Conv1D`` or pooling over
    time, attention, ``Flatten`` or ``Reshape`` across time, a ``Bidirectional`` RNN or one
    with ``go_backwards=True``. So before returning, the copy is proved on a probe sequence
    (``3 * steps`` random steps, or the model's own fixed length): reading it ``steps``
    steps per call must give the outputs of one call over the whole sequence, within
    ``1e-4`` (relative to the outputs' scale). If not, the first layer whose outputs differ
    is named and nothing is returned. The probe runs on the copy alone, from a blank state
    that is reset afterwards; ``model`` and the global random generators are not touched.

    Assumptions, refused before the probe with a ValueError naming the layer:

    - ``model`` is a built Sequential or functional model with one input of shape
      ``(batch, T, *features)``, where ``T`` may be fixed or ``None`` and ``features`` may
      be empty (token ids fed to an ``Embedding``).
    - The RNN layers sit directly in the model (not inside a nested model or a wrapper),
      and none is ``Bidirectional`` or has ``go_backwards=True``.
    - Nested states (``StackedRNNCells``, custom cells with several states) are copied like
      any other: the cell's config, ``stateful=True``.

    Args:
        model: The trained Keras 3 model (stateless or stateful, any batch size).
        batch_size: How many sequences the copy advances side by side.
        steps: How many time steps each call reads. More than one step per call is for
            reading a long stream fast, with the state carried from call to call.

    Returns:
        The stateful model (one step per call unless ``steps`` says otherwise), with blank
        (zero) state, prepared with ``carry_states`` so that ``predict_on_batch`` and
        ``predict`` carry its state on every backend.

    Raises:
        TypeError: if ``model`` is not a Keras 3 model.
        ValueError: if ``batch_size`` or ``steps`` is not a positive integer, if ``model``
            breaks one of the assumptions above, or if the copy, read ``steps`` steps per
            call, does not give the whole-sequence outputs on the probe. The message names
            the layer at fault.

    Examples:
        >>> import keras, numpy as np
        >>> from lstmstate import inference_copy
        >>> model = keras.Sequential([
        ...     keras.Input((None, 2)), keras.layers.LSTM(4), keras.layers.Dense(1)
        ... ])
        >>> step_model = inference_copy(model)
        >>> step_model.input_shape
        (1, 1, 2)
        >>> x = np.random.default_rng(0).normal(size=(1, 6, 2)).astype("float32")
        >>> for t in range(6):
        ...     y_t = step_model.predict_on_batch(x[:, t : t + 1])
        >>> bool(np.allclose(y_t, model.predict_on_batch(x), atol=1e-5))
        True

        A layer that mixes time steps is refused, by name:

        >>> conv = keras.Sequential([
        ...     keras.Input((None, 2)), keras.layers.Conv1D(4, 3, padding="causal", name="conv"),
        ...     keras.layers.LSTM(4), keras.layers.Dense(1),
        ... ])
        >>> inference_copy(conv)
        Traceback (most recent call last):
        ...
        ValueError: layer 'conv' (Conv1D) gives other outputs 1 step(s) per call than ...
    """
    require_model("model", model)
    batch_size = positive_int("batch_size", batch_size)
    steps = positive_int("steps", steps)
    model_input = _single_input(model)
    shape = tuple(model_input.shape)
    if len(shape) < 2:
        raise ValueError(
            f"the model's input has shape {shape}; inference_copy needs a time axis: "
            "(batch, time, *features)"
        )
    _check_rebuildable(model)
    step_input = keras.Input(batch_shape=(batch_size, steps, *shape[2:]), dtype=model_input.dtype)
    copy = keras.models.clone_model(model, input_tensors=step_input, clone_function=_stateful_clone)
    # States are not weights (carry_states keeps them out of weights too), so the two weight
    # lists line up one to one.
    copy.set_weights(model.get_weights())
    carry_states(copy)  # on JAX, predict_on_batch would not move the copy's state otherwise
    length = shape[1]
    probe_steps = length if length is not None and length % steps == 0 else 3 * steps
    check_steps_agree(copy, steps, probe_steps, _id_range(model))
    return copy


def _id_range(model: keras.Model) -> int:
    """How many ids every Embedding of ``model`` takes (2 when there is none): probe ids."""
    sizes = [
        int(layer.input_dim) for layer in _walk(model) if isinstance(layer, keras.layers.Embedding)
    ]
    return max(1, min(sizes, default=2))


def _step_shape(step_model: keras.Model) -> tuple[int, ...]:
    """The input shape ``(batch, 1, *features)`` of a one-step model, or a ValueError."""
    shape = tuple(_single_input(step_model).shape)
    if len(shape) < 2 or shape[1] != 1 or shape[0] is None or None in shape[2:]:
        raise ValueError(
            f"step_model takes inputs of shape {shape}; it must take one time step of a fixed "
            "batch, (batch, 1, *features): make it with inference_copy(model)"
        )
    return shape


def _check_class_scores(step_model: keras.Model) -> None:
    """Refuse, before any step is run, a model whose output is not one vector of scores."""
    outputs = step_model.outputs
    if len(outputs) != 1:
        raise ValueError(
            f"step_model must have a single output (class scores), it has {len(outputs)}"
        )
    shape = tuple(outputs[0].shape)
    one_step = len(shape) == 2 or (len(shape) == 3 and shape[1] == 1)
    if not one_step or shape[-1] is None or shape[-1] < 2:
        raise ValueError(
            f"step_model's output has shape {shape}; generate picks each id from class "
            "scores, so it needs (batch, n_classes) or (batch, 1, n_classes) with n_classes >= 2"
        )


def _class_ids(scores: np.ndarray) -> np.ndarray:
    """The argmax class of each row of scores of shape (batch, [1,] n_classes)."""
    return np.asarray(scores).reshape(len(scores), -1).argmax(axis=-1)


def _sampler(
    temperature: float, rng: np.random.Generator | None
) -> Callable[[np.ndarray], np.ndarray]:
    """Draw each row's class from softmax(scores / temperature), scores being logits."""
    if not temperature > 0:
        raise ValueError(f"temperature must be positive, got {temperature!r}")
    choice = np.random.choice if rng is None else rng.choice

    def sample(scores: np.ndarray) -> np.ndarray:
        logits = np.asarray(scores, dtype="float64").reshape(len(scores), -1) / temperature
        p = np.exp(logits - logits.max(axis=-1, keepdims=True))
        p /= p.sum(axis=-1, keepdims=True)
        return np.array([choice(len(row), p=row) for row in p])

    return sample


def generate(
    step_model: keras.Model,
    prompt: ArrayLike,
    n_steps: int,
    encode: Callable[[np.ndarray], ArrayLike] | None = None,
    *,
    reset: bool = True,
    temperature: float | None = None,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    """Generate class ids one step at a time, feeding each prediction back as the next input.

    The prompt is fed one step per call to warm the state up; the prediction after its
    last step is the first generated id. From then on, each predicted id (the argmax of the
    model's output, or a draw from it with ``temperature``) is turned into the next input
    by ``encode``.

    Args:
        step_model: A one-step stateful model, as made by ``inference_copy``: input of
            shape ``(batch, 1, *features)``, output class scores of shape
            ``(batch, n_classes)`` or ``(batch, 1, n_classes)``.
        prompt: The inputs to start from, already encoded, of shape
            ``(batch, T, *features)`` with ``T >= 1``.
        n_steps: How many ids to generate.
        encode: Turns the ids just predicted, an int array of shape ``(batch,)``, into the
            next input: an array of shape ``(batch, *features)`` or
            ``(batch, 1, *features)``. May be left out when the model takes the ids
            themselves (input shape ``(batch, 1)``, e.g. an ``Embedding`` first).
        reset: Reset the state before the prompt. With ``False``, the prompt continues from
            the state left by earlier calls. Either way the state is left as it is after
            the last call: it has read the prompt and the inputs made from every generated
            id but the last (which was predicted, never fed). A later call with
            ``reset=False`` goes on from there, so pass that last id, encoded, first in
            its prompt to continue the same sequence.
        temperature: ``None`` picks the most likely id at each step. A positive number
            draws each id at random from ``softmax(scores / temperature)`` instead, the
            scores being logits: below 1 sharpens the distribution, above 1 flattens it.
        rng: Where the draws come from, with ``temperature``. ``None`` uses NumPy's global
            generator, which ``keras.utils.set_random_seed`` seeds.

    Returns:
        The generated ids, an int array of shape ``(batch, n_steps)``.

    Raises:
        TypeError: if ``step_model`` is not a Keras 3 model.
        ValueError: if ``step_model`` does not take one step of a fixed batch, has no
            stateful RNN layer, or does not output class scores; if ``prompt`` does not
            match its input; if ``n_steps`` is not a positive integer; if ``encode`` is
            needed but missing, or returns an array of the wrong shape; if
            ``temperature`` is not positive.
        StateNotCarriedError: on JAX, if ``step_model``'s stateful layers were not prepared
            with ``carry_states`` (``inference_copy`` prepares its copies).

    Examples:
        An untrained model picks arbitrary ids, but always ``n_steps`` of them, in range:

        >>> import keras, numpy as np
        >>> from lstmstate import generate, inference_copy
        >>> model = keras.Sequential([
        ...     keras.Input((None,), dtype="int32"), keras.layers.Embedding(5, 3),
        ...     keras.layers.LSTM(4), keras.layers.Dense(5),
        ... ])
        >>> ids = generate(inference_copy(model), np.array([[1, 2, 3]]), 4)
        >>> ids.shape, bool(((ids >= 0) & (ids < 5)).all())
        ((1, 4), True)

        With a trained alphabet model (``lstmstate.tutorial.alphabet``), a prompt "ABC"
        generates "DEFGH": see the manual-state chapter's listing.
    """
    require_model("step_model", step_model)
    step_shape = _step_shape(step_model)
    batch, features = step_shape[0], step_shape[2:]
    n_steps = positive_int("n_steps", n_steps)
    if not stateful_layers(step_model):
        raise ValueError(
            "step_model has no stateful RNN layer, so it would forget each step before the "
            "next: make it with inference_copy(model)"
        )
    _check_class_scores(step_model)
    require_carried_states(step_model, "predict_on_batch", training=False)
    pick = _class_ids if temperature is None else _sampler(temperature, rng)
    dtype = _single_input(step_model).dtype
    # One dtype for every call: predict_on_batch would retrace for a new one.
    steps = np.asarray(prompt, dtype=dtype)
    if steps.ndim != len(step_shape) or steps.shape[0] != batch or steps.shape[2:] != features:
        expected = ", ".join([str(batch), "T", *map(str, features)])
        raise ValueError(f"prompt has shape {steps.shape}; step_model needs ({expected})")
    if steps.shape[1] == 0:
        raise ValueError("prompt must hold at least one time step")
    if encode is None and features:
        raise ValueError(
            f"step_model takes inputs of shape {step_shape}, not class ids: pass encode=, a "
            f"function from ids of shape ({batch},) to the next input of shape "
            f"{(batch, *features)}"
        )

    def next_input(ids: np.ndarray) -> np.ndarray:
        if encode is None:
            return ids.reshape(batch, 1).astype(dtype)
        step = np.asarray(encode(ids), dtype=dtype)
        if step.shape == (batch, *features):
            step = step[:, np.newaxis]  # add the time axis of length 1
        if step.shape != step_shape:
            raise ValueError(
                f"encode returned an array of shape {step.shape}; expected "
                f"{(batch, *features)} or {step_shape}"
            )
        return step

    if reset:
        reset_states(step_model)
    for t in range(steps.shape[1]):
        scores = step_model.predict_on_batch(steps[:, t : t + 1])
    ids = pick(scores)
    generated = [ids]
    for _ in range(n_steps - 1):
        ids = pick(step_model.predict_on_batch(next_input(ids)))
        generated.append(ids)
    return np.stack(generated, axis=1).astype(np.int64)

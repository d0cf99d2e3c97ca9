"""Prove that a stateful copy, read a few steps per call, equals one call over the sequence.

Used by ``inference_copy`` before it returns a copy (private).
"""

from __future__ import annotations

import warnings
from typing import Any

import keras
import numpy as np

from lstmstate.layers import reset_states

TOLERANCE = 1e-4
"""Largest difference allowed, relative to the outputs' scale (at least 1)."""


def _probe(model: keras.Model, length: int, n_ids: int) -> np.ndarray:
    """A random input of ``length`` steps for ``model``, from a private generator."""
    spec = model.inputs[0]
    shape = (spec.shape[0], length, *spec.shape[2:])
    rng = np.random.default_rng(0)  # never the global generators a listing has seeded
    if "int" in str(spec.dtype):
        return rng.integers(0, n_ids, size=shape).astype(spec.dtype)
    return rng.normal(size=shape).astype(spec.dtype)


def _as_numpy(outputs: Any) -> list[np.ndarray]:
    return [np.asarray(keras.ops.convert_to_numpy(o)) for o in keras.tree.flatten(outputs)]


def _call(model: keras.Model, x: np.ndarray) -> list[np.ndarray]:
    """``model``'s outputs on ``x``, its state moved as by an eager call.

    On JAX an eager call runs the RNN's ``lax.scan`` op by op, about 0.1 s per call for one
    128-unit LSTM step on a 2-core CPU (measured, Keras 3.15.1, jax 0.10.2), so the probe uses
    the compiled ``predict_on_batch`` there: it moves the state of a model prepared with
    ``carry_states``, as ``inference_copy`` prepares its copies. TensorFlow and PyTorch call
    the model eagerly, which moves the state without compiling a function per shape.
    """
    if keras.backend.backend() == "jax":
        return _as_numpy(model.predict_on_batch(x))
    return _as_numpy(model(x))


def _any_length(model: keras.Model) -> None:
    """Let ``model`` take any number of time steps (a functional model checks its input's)."""
    spec = model.inputs[0]
    model.input_spec = keras.InputSpec(shape=(spec.shape[0], None, *spec.shape[2:]))


def _differences(model: keras.Model, x: np.ndarray, steps: int) -> list[float]:
    """For each output of ``model``: how far ``steps``-per-call reading is from one call."""
    length = x.shape[1]
    reset_states(model)
    whole = _call(model, x)
    reset_states(model)
    calls = [_call(model, x[:, t : t + steps]) for t in range(0, length, steps)]
    reset_states(model)
    result = []
    for index, reference in enumerate(whole):
        per_call = [outputs[index] for outputs in calls]
        last = per_call[-1]
        is_sequence = (
            reference.ndim >= 2
            and reference.shape[1] == length
            and last.ndim == reference.ndim
            and last.shape[1] == steps
        )
        stepped = np.concatenate(per_call, axis=1) if is_sequence else last
        if stepped.shape != reference.shape:
            result.append(float("inf"))
            continue
        scale = max(1.0, float(np.abs(reference).max(initial=0.0)))
        result.append(float(np.abs(stepped - reference).max(initial=0.0)) / scale)
    return result


def _first_differing_layer(
    copy: keras.Model, x: np.ndarray, steps: int
) -> keras.layers.Layer | None:
    """The first layer of ``copy`` whose own output differs, read ``steps`` per call."""
    layers = [layer for layer in copy.layers if not isinstance(layer, keras.layers.InputLayer)]
    try:
        outputs = [layer.output for layer in layers]
        inside = keras.Model(copy.inputs[0], outputs)
        _any_length(inside)
        differences = _differences(inside, x, steps)
    except Exception:  # noqa: BLE001 - a shared layer has no single output: say less
        return None
    for layer, difference in zip(layers, _group(outputs, differences)):
        if difference > TOLERANCE:
            return layer
    return None


def _group(outputs: list[Any], differences: list[float]) -> list[float]:
    """Per layer, the largest difference among its flattened outputs."""
    grouped, start = [], 0
    for output in outputs:
        n = len(keras.tree.flatten(output))
        grouped.append(max(differences[start : start + n], default=0.0))
        start += n
    return grouped


def check_steps_agree(copy: keras.Model, steps: int, length: int, n_ids: int) -> None:
    """Raise a ValueError, naming the layer, if ``copy`` read ``steps`` per call is wrong."""
    x = _probe(copy, length, n_ids)
    spec = copy.input_spec
    try:
        _any_length(copy)
        with warnings.catch_warnings():  # about the probe's calls, not the user's
            warnings.simplefilter("ignore")
            worst = max(_differences(copy, x, steps))
    except Exception as error:  # noqa: BLE001 - any failure means the copy cannot be proved
        raise ValueError(
            f"inference_copy cannot prove the copy: calling it on a probe sequence of {length} "
            f"steps failed ({type(error).__name__}: {error}); a layer needs the original "
            "sequence length (a Flatten or Reshape across time, say)"
        ) from error
    finally:
        copy.input_spec = spec
    # Every layer's own output is compared, not only the model's: a layer that mixes time
    # steps can move the final output by less than the tolerance (seen on JAX with an
    # untrained Conv1D before an LSTM) and still be wrong.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        layer = _first_differing_layer(copy, x, steps)
    reset_states(copy)
    if layer is None and worst <= TOLERANCE:
        return
    if layer is None:
        raise ValueError(
            f"the copy gives other outputs {steps} step(s) per call than over the whole "
            f"sequence (relative difference {worst:.3g} on a probe of {length} steps): a layer "
            "mixes time steps, so the copy would be silently wrong"
        )
    raise ValueError(
        f"layer {layer.name!r} ({type(layer).__name__}) gives other outputs {steps} step(s) "
        f"per call than over the whole sequence (relative difference up to {worst:.3g} at the "
        f"output, on a probe of {length} steps): it mixes time steps (a convolution or pooling "
        "over time, attention, ...), so a copy that reads a few steps per call would be "
        "silently wrong. Keep such layers out of the part of the model that inference_copy "
        "steps through, or run the model on whole sequences."
    )

"""Check, before ``fit``, ``evaluate`` or ``predict``, that the batches fit a stateful model.

A stateful model keeps one state per row, so every batch must have exactly the batch size
it was built with. Keras does not check this up front, and a mismatch shows up late and
obscurely: a ``while_loop`` shape-invariants error when the default ``batch_size=32``
meets a model built for another size, an ``InvalidArgumentError`` in the middle of an
epoch for a short last batch, and no error at all (a silently broadcast sample, and extra
rows out of ``predict``) when the last batch holds a single sample.
"""

from __future__ import annotations

import inspect
import math
import numbers
import sys
from typing import Any

import keras
import numpy as np

from lstmstate._util import describe, positive_int, require_layer
from lstmstate.backends import require_carried_states
from lstmstate.layers import state_variables, stateful_layers

__all__ = ["check_stateful_batches", "model_batch_size"]

KERAS_DEFAULT_BATCH_SIZE = 32
"""The batch size ``fit``, ``evaluate`` and ``predict`` use when none is given."""

_INFINITE, _UNKNOWN = -1, -2  # tf.data.INFINITE_CARDINALITY, tf.data.UNKNOWN_CARDINALITY


def model_batch_size(model: keras.layers.Layer) -> int:
    """The batch size the stateful RNN layers of ``model`` were built for.

    Args:
        model: A built Keras 3 model (or layer) with at least one stateful RNN layer.

    Returns:
        The number of rows of their state variables (the first dimension of every array
        ``get_states`` returns).

    Raises:
        TypeError: if ``model`` is not a Keras 3 layer or model.
        ValueError: if the model has no stateful RNN layer, if one is not built yet, or if
            they were built for different batch sizes (the message names the layers).

    Examples:
        >>> import keras, lstmstate
        >>> model = keras.Sequential([
        ...     keras.Input(batch_shape=(4, 3, 1)), keras.layers.LSTM(2, stateful=True)
        ... ])
        >>> lstmstate.model_batch_size(model)
        4
    """
    layers = stateful_layers(model)
    if not layers:
        raise ValueError(
            "the model has no stateful RNN layer (stateful=True), so it has no fixed batch size"
        )
    sizes = {layer.name: int(state_variables(layer)[0].shape[0]) for layer in layers}
    if len(set(sizes.values())) > 1:
        raise ValueError(f"the stateful layers were built for different batch sizes: {sizes}")
    return next(iter(sizes.values()))


def _keras_argument_names() -> frozenset[str]:
    """The keyword arguments of ``keras.Model.fit``, ``evaluate`` and ``predict``."""
    names: set[str] = set()
    for method in (keras.Model.fit, keras.Model.evaluate, keras.Model.predict):
        for parameter in inspect.signature(method).parameters.values():
            if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
                names.add(parameter.name)
    return frozenset(names - {"self"})


def _is_dataset(value: object) -> bool:
    """Whether ``value`` is a ``tf.data.Dataset`` (without importing TensorFlow)."""
    tf = sys.modules.get("tensorflow")
    return tf is not None and isinstance(value, tf.data.Dataset)


def _n_samples(name: str, data: Any) -> int:
    """How many samples ``data`` (a count, an array, or a nested structure of arrays) holds."""
    if isinstance(data, (numbers.Number, np.generic)):  # a count, not arrays
        return positive_int("n_samples", data)
    if isinstance(data, (str, bytes)):
        raise TypeError(
            f"{name} must be arrays, a number of samples or a tf.data.Dataset, got {describe(data)}"
        )
    counts: set[int] = set()
    for leaf in keras.tree.flatten(data):
        if leaf is None:
            continue
        shape = getattr(leaf, "shape", None)
        if shape is None or len(shape) == 0 or shape[0] is None:
            raise TypeError(
                f"{name} must be arrays with a first (sample) axis, a number of samples, or a "
                f"tf.data.Dataset; it holds {describe(leaf)}. Generators and "
                "keras.utils.PyDataset cannot be checked before they run."
            )
        counts.add(int(shape[0]))
    if not counts:
        raise ValueError(f"{name} holds no array")
    if len(counts) > 1:
        raise ValueError(
            f"the arrays of {name} hold different numbers of samples: {sorted(counts)}"
        )
    n = counts.pop()
    if n == 0:
        raise ValueError(f"{name} holds no sample")
    return n


def _check_dataset(name: str, dataset: Any, expected: int, steps_name: str, steps: object) -> None:
    """Refuse a dataset whose batches cannot all hold ``expected`` samples, or that never ends."""
    specs = keras.tree.flatten(dataset.element_spec)
    dims = set()
    for spec in specs:
        shape = getattr(spec, "shape", None)
        if shape is None or shape.rank is None or shape.rank == 0:
            raise ValueError(
                f"{name}: the dataset yields an element of unknown or scalar shape ({spec})"
            )
        dims.add(shape[0])
    if None in dims:
        raise ValueError(
            f"{name}: the dataset's batch dimension is not static (element_spec "
            f"{dataset.element_spec}), so a last partial batch cannot be ruled out and a stateful "
            f"model needs exactly {expected} samples in every batch. Batch it with "
            f".batch({expected}, drop_remainder=True)."
        )
    if dims != {expected}:
        found = ", ".join(str(d) for d in sorted(dims))
        raise ValueError(
            f"{name}: the dataset yields batches of {found} along the first axis, but the "
            f"model's stateful layers were built for batches of {expected}. Batch it with "
            f".batch({expected}, drop_remainder=True) (an unbatched dataset yields single "
            "samples, whose first axis is not the batch)."
        )
    cardinality = int(dataset.cardinality())
    if cardinality == 0:
        raise ValueError(f"{name}: the dataset yields no batch (cardinality 0)")
    if cardinality == _INFINITE and steps is None:
        raise ValueError(
            f"{name}: the dataset repeats forever (infinite cardinality), so an epoch never "
            f"ends: pass {steps_name}=<number of batches>"
        )


def _check_batch_size(argument: str, batch_size: object, expected: int) -> int:
    """The batch size Keras will use for ``argument``, if it is the model's; else a ValueError."""
    if batch_size is None:
        if expected != KERAS_DEFAULT_BATCH_SIZE:
            raise ValueError(
                f"{argument} is not given, so Keras would use its default of "
                f"{KERAS_DEFAULT_BATCH_SIZE}, but the model's stateful layers were built for "
                f"batches of {expected} (keras.Input(batch_shape=({expected}, ...))). "
                f"Pass {argument}={expected}."
            )
        return expected
    size = positive_int(argument, batch_size)
    if size != expected:
        raise ValueError(
            f"{argument}={size}, but the model's stateful layers were built for "
            f"batches of {expected}. Pass {argument}={expected}, or rebuild the model with "
            f"keras.Input(batch_shape=({size}, ...))."
        )
    return size


def _check_multiple(n_samples: int, batch_size: int, part: str, fix_slice: str) -> None:
    """Refuse ``n_samples`` that leave a partial last batch, with how to trim or pad."""
    leftover = n_samples % batch_size
    if not leftover:
        return
    trimmed = n_samples - leftover
    padded = trimmed + batch_size
    fix = (
        f"Trim to {trimmed} samples ({fix_slice}[:{trimmed}]) or pad to {padded}."
        if trimmed
        else f"Pad to {padded} samples: there is not one full batch to trim to."
    )
    raise ValueError(
        f"{part}n_samples={n_samples} is not a multiple of the batch size {batch_size}: the "
        f"last batch would hold {leftover} sample(s), and a stateful model needs exactly "
        f"{batch_size} in every batch. {fix}"
    )


def _check_split(n_samples: int, split: object, train_size: int, val_size: int) -> None:
    """Check ``validation_split`` as Keras applies it to ``n_samples`` arrays."""
    if isinstance(split, bool) or not isinstance(split, (int, float)) or not 0 < split < 1:
        raise ValueError(f"validation_split must be a number between 0 and 1, got {split!r}")
    # keras/src/trainers/data_adapters/array_slicing.py, train_validation_split (3.15.1):
    # the first floor(n * (1 - split)) samples train, the rest validate, in order.
    split_at = int(math.floor(n_samples * (1.0 - split)))
    if split_at in (0, n_samples):
        raise ValueError(
            f"validation_split={split} of {n_samples} samples leaves {split_at} for training "
            f"and {n_samples - split_at} for validation; Keras refuses an empty part"
        )
    bad = []
    if split_at % train_size:
        bad.append(f"the {split_at} training samples are not a multiple of batch_size={train_size}")
    if (n_samples - split_at) % val_size:
        bad.append(
            f"the {n_samples - split_at} validation samples are not a multiple of the "
            f"validation batch size {val_size}"
        )
    if bad:
        # A hand split that works: whole batches for both parts, validation at the end.
        n_val = max(val_size, (n_samples - split_at) // val_size * val_size)
        n_train = (n_samples - n_val) // train_size * train_size
        fix = (
            f"Split by hand instead: fit on x[:{n_train}] and pass "
            f"validation_data=(x[{n_train}:{n_train + n_val}], y[{n_train}:{n_train + n_val}])."
            if n_train > 0
            else "There are too few samples for a batch of each: use at least "
            f"{train_size + val_size}."
        )
        raise ValueError(
            f"validation_split={split} keeps the first floor({n_samples} * (1 - {split})) = "
            f"{split_at} samples for training and the last {n_samples - split_at} for "
            f"validation, and {' and '.join(bad)}: a stateful model needs full batches. {fix}"
        )


def _validation_x(validation_data: object) -> object:
    """The inputs of ``validation_data``: a dataset, or the first item of (x, y[, weights])."""
    if _is_dataset(validation_data):
        return validation_data
    if isinstance(validation_data, (tuple, list)) and 1 <= len(validation_data) <= 3:
        return validation_data[0]
    raise TypeError(
        "validation_data must be a tuple (x_val, y_val) or (x_val, y_val, sample_weight), or "
        f"a tf.data.Dataset, got {describe(validation_data)}"
    )


def check_stateful_batches(
    model: keras.layers.Layer,
    x: Any = None,
    y: Any = None,
    batch_size: int | None = None,
    *,
    validation_split: float = 0.0,
    validation_data: Any = None,
    validation_batch_size: int | None = None,
    steps_per_epoch: int | None = None,
    validation_steps: int | None = None,
    steps: int | None = None,
    **other_arguments: Any,
) -> int:
    """Check that the batches ``fit``, ``evaluate`` or ``predict`` will make suit a stateful model.

    Call it with the arguments you are about to give ``fit``, ``evaluate`` or ``predict``,
    in the same order or by the same names: ``check_stateful_batches(model, **kwargs)``
    then ``model.fit(**kwargs)``. It checks every batch those make:

    - arrays ``x``: every batch of ``batch_size`` (32 when not given) must be full;
    - ``validation_split``, as Keras 3.15 cuts it (``train_validation_split`` in
      ``keras/src/trainers/data_adapters/array_slicing.py``): the first
      ``floor(n * (1 - validation_split))`` samples train and the rest validate, each
      part in batches of its own batch size;
    - ``validation_data`` (arrays or a dataset), in batches of ``validation_batch_size``
      or else ``batch_size``, as ``fit`` does (it overrides ``validation_split``);
    - a ``tf.data.Dataset`` (as ``x`` or in ``validation_data``): its batch dimension
      must be static and equal to the model's batch size (``.batch(n, drop_remainder=True)``),
      it must not be empty, and an infinite one needs ``steps_per_epoch`` or ``steps``
      (``validation_steps`` for validation). Keras ignores ``batch_size`` for a dataset.

    Other arguments of ``fit``, ``evaluate`` and ``predict`` (``epochs``, ``shuffle``,
    ``callbacks``, ...) are accepted and do not change a batch's size. Remember
    ``shuffle=False`` for ``fit`` as well: shuffling breaks the continuity between row ``i``
    of one batch and row ``i`` of the next.

    Args:
        model: A built Keras 3 model with stateful RNN layers.
        x: The inputs: arrays (or a nested structure of arrays, one per model input), a
            ``tf.data.Dataset``, or just the number of samples (an int).
        y: The targets, as for ``fit`` (not used for their batches: Keras batches them with
            ``x``).
        batch_size: The ``batch_size`` that will be passed, or ``None`` if none will be
            (Keras then uses 32).
        validation_split: As for ``fit``.
        validation_data: As for ``fit``: ``(x_val, y_val)``, ``(x_val, y_val,
            sample_weight)`` or a dataset.
        validation_batch_size: As for ``fit``.
        steps_per_epoch: As for ``fit``.
        validation_steps: As for ``fit``.
        steps: As for ``evaluate`` and ``predict``.
        **other_arguments: Any other argument of ``fit``, ``evaluate`` or ``predict``.

    Returns:
        The batch size to pass (the model's).

    Raises:
        TypeError: if ``model`` is not a Keras 3 layer or model; if an argument is not one
            of ``fit``, ``evaluate`` or ``predict``; if ``x`` is missing or is something
            that cannot be checked before it runs (a generator, a ``PyDataset``); if ``y``
            is a number (a batch size passed in ``y``'s place).
        ValueError: naming the part that breaks and what to do instead: if ``batch_size``
            (or ``validation_batch_size``) is missing while the model was built for a batch
            size other than 32, or differs from the model's; if the samples (or those of
            either part of ``validation_split``, or of ``validation_data``) are not a
            multiple of the batch size; if a dataset's batch dimension is not static or not
            the model's, or the dataset is empty or never ends without a step count. Also
            as ``model_batch_size``.
        StateNotCarriedError: on JAX, if a stateful layer was not prepared with
            ``carry_states`` (fit, evaluate and predict would not carry its state at all).

    Examples:
        >>> import keras, numpy as np
        >>> from lstmstate import carry_states, check_stateful_batches
        >>> inputs = keras.Input(batch_shape=(4, 3, 1))
        >>> model = keras.Model(inputs, keras.layers.LSTM(2, stateful=True)(inputs))
        >>> model = carry_states(model)  # JAX, PyTorch: see lstmstate.backends
        >>> x, y = np.zeros((100, 3, 1)), np.zeros((100, 2))
        >>> check_stateful_batches(model, x, y, batch_size=4, validation_split=0.2)
        4
        >>> check_stateful_batches(model, x, y, batch_size=4, validation_split=0.1)
        Traceback (most recent call last):
        ...
        ValueError: validation_split=0.1 keeps the first floor(100 * (1 - 0.1)) = 90 samples ...
        ... Split by hand instead: fit on x[:92] and pass validation_data=(x[92:100], y[92:100]).
    """
    require_layer("model", model)
    unknown = sorted(set(other_arguments) - _keras_argument_names())
    if unknown:
        raise TypeError(
            f"check_stateful_batches got {unknown}, which fit, evaluate and predict do not take"
        )
    if x is None:
        raise TypeError("x is required: the arrays, dataset or number of samples to be fed")
    if isinstance(y, (numbers.Number, np.generic)):
        raise TypeError(
            f"y={y!r} is a number, not targets: the arguments follow fit's order (x, y, "
            f"batch_size), so pass the batch size by name, batch_size={y!r}"
        )
    expected = model_batch_size(model)
    require_carried_states(model, "fit, evaluate or predict", training=False)
    validation_x = None if validation_data is None else _validation_x(validation_data)

    if _is_dataset(x):
        if batch_size is not None and batch_size != expected:
            raise ValueError(
                f"batch_size={batch_size!r} is given with a tf.data.Dataset, which Keras ignores "
                "for datasets: the dataset's own batches are fed. Leave batch_size out and batch "
                f"the dataset with .batch({expected}, drop_remainder=True)."
            )
        if validation_split and validation_data is None:
            raise ValueError(
                f"validation_split={validation_split} cannot split a tf.data.Dataset (Keras "
                "splits arrays only): pass validation_data= instead"
            )
        _check_dataset(
            "x",
            x,
            expected,
            "steps_per_epoch (fit) or steps (evaluate, predict)",
            steps_per_epoch if steps_per_epoch is not None else steps,
        )
        train_size = expected
    else:
        n_samples = _n_samples("x", x)
        train_size = _check_batch_size("batch_size", batch_size, expected)
        if validation_split and validation_data is None:
            val_size = _check_batch_size(
                "validation_batch_size", validation_batch_size or train_size, expected
            )
            _check_split(n_samples, validation_split, train_size, val_size)
        else:
            _check_multiple(n_samples, train_size, "", "x")

    if validation_x is not None:
        if _is_dataset(validation_x):
            _check_dataset(
                "validation_data", validation_x, expected, "validation_steps", validation_steps
            )
        else:
            val_size = _check_batch_size(
                "validation_batch_size", validation_batch_size or batch_size, expected
            )
            _check_multiple(
                _n_samples("validation_data", validation_x), val_size, "validation_data: ", "x_val"
            )
    return train_size

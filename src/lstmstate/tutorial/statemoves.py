"""Where the state of a stateful LSTM moves, measured on the active Keras backend.

The backends chapter prints one line per way state is used (``probe_rows``) and builds its
table from those lines on each backend. Every row compares the layer's state, after the
operation, with the state eager calls leave, which move the state on every backend (Keras
3.15, ``keras/src/layers/rnn/rnn.py`` assigns it at the end of each call):

- ``carried``: the operation left the state eager calls over the same batches leave;
- ``zeros``: it left the state at zeros (the state was dropped);
- ``all zeros`` / ``not zeros``: whether ``reset_state()`` zeroed the state, as asked;
- ``stays``: it did not move the state (for reading-only rows);
- ``used`` / ``ignored``: whether a state written by hand is the next call's start;
- ``error: <type>``: Keras raised that exception (the message is printed under the table).

The learning rate is 0 wherever training is probed, so the weights stay put and the state
is the only thing that changes.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import keras
import numpy as np

BATCH, STEPS, UNITS = 2, 3, 4
ATOL = 1e-5


def _model(carry: Callable[[keras.Model], Any], steps_per_execution: int = 1) -> keras.Model:
    """A stateful LSTM (batch 2, 3 steps, 4 units) and a Dense head, learning rate 0."""
    keras.utils.set_random_seed(1)
    inputs = keras.Input(batch_shape=(BATCH, STEPS, 1))
    lstm = keras.layers.LSTM(UNITS, stateful=True, name="lstm")
    model = keras.Model(inputs, keras.layers.Dense(1)(lstm(inputs)))
    carry(model)
    model.compile(
        loss="mse",
        optimizer=keras.optimizers.SGD(learning_rate=0.0),
        steps_per_execution=steps_per_execution,
    )
    return model


def _state(model: keras.Model) -> list[np.ndarray]:
    return [keras.ops.convert_to_numpy(v) for v in model.get_layer("lstm").states]


def _reset(model: keras.Model) -> None:
    model.get_layer("lstm").reset_state()


def _eager(model: keras.Model, batches: list[np.ndarray]) -> list[np.ndarray]:
    """The state eager calls over ``batches`` leave, from zeros; the layer is reset after."""
    _reset(model)
    for batch in batches:
        model(batch)
    state = _state(model)
    _reset(model)
    return state


def _same(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return all(np.allclose(x, y, atol=ATOL) for x, y in zip(a, b))


def _verdict(model: keras.Model, carried: list[np.ndarray]) -> str:
    state = _state(model)
    if _same(state, carried):
        return "carried"
    if all(not np.any(s) for s in state):
        return "zeros"
    return "other"


def _data() -> tuple[np.ndarray, np.ndarray]:
    x = np.linspace(0.1, 0.9, 2 * BATCH * STEPS, dtype="float32").reshape(2 * BATCH, STEPS, 1)
    return x, np.ones((2 * BATCH, 1), dtype="float32")


def _first_line(error: Exception) -> str:
    """The first line that says what went wrong (Keras wraps layer errors in a preamble)."""
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in str(error).splitlines()]
    lines = [line for line in lines if line and not line.startswith("Exception encountered")]
    return (lines or [""])[0][:110]


def _guarded(row: Callable[[], str], errors: list[str]) -> str:
    try:
        return row()
    except Exception as error:  # noqa: BLE001 - the row reports whatever Keras raises
        errors.append(f"{type(error).__name__}: {_first_line(error)}")
        return f"error: {type(error).__name__}"


def probe_rows(carry: Callable[[keras.Model], Any] = lambda model: model) -> list[tuple[str, str]]:
    """(row, verdict) for each way state is used, on the active backend.

    Args:
        carry: Applied to each model once it is built: ``lstmstate.carry_states`` to probe
            with the library's remedy, or nothing (the default) to probe Keras alone.

    Returns:
        The rows in the chapter's order, then one ``("error", message)`` row per error met.
    """
    x, y = _data()
    first, second = x[:BATCH], x[BATCH:]
    errors: list[str] = []
    model = _model(carry)

    def eager() -> str:
        _reset(model)
        model(first)
        return "moves" if any(np.any(s) for s in _state(model)) else "stays"

    def fit_within_epoch() -> str:
        expected = _eager(model, [first, second])
        model.fit(x, y, batch_size=BATCH, shuffle=False, verbose=0)
        return _verdict(model, expected)

    def fit_across_epochs() -> str:
        expected = _eager(model, [first, first])
        model.fit(first, y[:BATCH], batch_size=BATCH, epochs=2, shuffle=False, verbose=0)
        return _verdict(model, expected)

    def validation() -> str:
        expected = _eager(model, [first, second])
        model.fit(
            first,
            y[:BATCH],
            batch_size=BATCH,
            shuffle=False,
            validation_data=(second, y[BATCH:]),
            verbose=0,
        )
        return _verdict(model, expected)

    def evaluate() -> str:
        expected = _eager(model, [first, second])
        model.evaluate(x, y, batch_size=BATCH, verbose=0)
        return _verdict(model, expected)

    def predict() -> str:
        expected = _eager(model, [first, second])
        model.predict(x, batch_size=BATCH, verbose=0)
        return _verdict(model, expected)

    def predict_on_batch() -> str:
        expected = _eager(model, [first, first])
        model.predict_on_batch(first)
        model.predict_on_batch(first)
        return _verdict(model, expected)

    def reset_state() -> str:
        model(first)
        _reset(model)
        return "all zeros" if all(not np.any(s) for s in _state(model)) else "not zeros"

    def assigned_state() -> str:
        _reset(model)
        model.predict_on_batch(first)  # compiled once, from the state then stored
        for variable in model.get_layer("lstm").states:
            variable.assign(np.full(variable.shape, 0.5, dtype="float32"))
        from_assigned = keras.ops.convert_to_numpy(model.predict_on_batch(first))
        for variable in model.get_layer("lstm").states:
            variable.assign(np.full(variable.shape, 0.5, dtype="float32"))
        eager_output = keras.ops.convert_to_numpy(model(first))
        return "used" if np.allclose(from_assigned, eager_output, atol=ATOL) else "ignored"

    def gradient_across_calls() -> str:
        """One update on the second batch, compared with a stateless twin that is given the
        stored state as a constant initial_state: equal weights mean the gradient stopped at
        the call boundary (truncated backpropagation through time)."""
        twin_inputs = [keras.Input(batch_shape=(BATCH, STEPS, 1))] + [
            keras.Input(batch_shape=(BATCH, UNITS)) for _ in range(2)
        ]
        lstm = keras.layers.LSTM(UNITS)
        twin_out = keras.layers.Dense(1)(lstm(twin_inputs[0], initial_state=twin_inputs[1:]))
        twin = keras.Model(twin_inputs, twin_out)
        stateful = _model(carry)
        for m in (stateful, twin):
            m.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=1.0))
        twin.set_weights(stateful.get_weights())
        _reset(stateful)
        stateful.predict_on_batch(first)
        stored = _state(stateful)
        stateful.train_on_batch(second, y[BATCH:])
        twin.train_on_batch([second, *stored], y[BATCH:])
        same = all(
            np.allclose(a, b, atol=ATOL) for a, b in zip(stateful.get_weights(), twin.get_weights())
        )
        return "stops at the call" if same else "crosses the call"

    def steps_per_execution() -> str:
        fast = _model(carry, steps_per_execution=2)
        expected = _eager(fast, [first, second])
        fast.fit(x, y, batch_size=BATCH, shuffle=False, verbose=0)
        return _verdict(fast, expected)

    def training() -> str:
        trained = _model(carry)
        trained.compile(loss="mse", optimizer=keras.optimizers.Adam(0.05))
        history = trained.fit(x, y, batch_size=BATCH, shuffle=False, epochs=5, verbose=0)
        losses = history.history["loss"]
        return "loss falls" if losses[-1] < losses[0] else "loss does not fall"

    def export() -> str:
        with tempfile.TemporaryDirectory() as folder:
            path = str(Path(folder) / "exported")
            model.export(path, format="tf_saved_model", verbose=False)
            reloaded = keras.layers.TFSMLayer(path, call_endpoint="serve")
            outputs = [keras.ops.convert_to_numpy(reloaded(first)) for _ in range(2)]
        first_call, second_call = outputs
        return "state stays" if np.allclose(first_call, second_call, atol=ATOL) else "carries state"

    rows = [
        ("eager call, model(x)", eager),
        ("fit, from batch to batch", fit_within_epoch),
        ("fit, from epoch to epoch", fit_across_epochs),
        ("fit, into validation", validation),
        ("evaluate", evaluate),
        ("predict", predict),
        ("predict_on_batch", predict_on_batch),
        ("reset_state()", reset_state),
        ("states assigned by hand", assigned_state),
        ("gradient across calls", gradient_across_calls),
        ("fit, steps_per_execution=2", steps_per_execution),
        ("training a stateful model", training),
        ("export, TF SavedModel", export),
    ]
    table = [(name, _guarded(row, errors)) for name, row in rows]
    return table + [("error", message) for message in dict.fromkeys(errors)]  # each once

"""carry_states makes stateful layers carry state on the active backend; the helpers refuse
to run where Keras would drop (JAX) or break (PyTorch) the state.

These tests run on whichever backend KERAS_BACKEND selects; `make test` runs the library's
tests once per backend.
"""

import keras
import numpy as np
import pytest

from lstmstate import (
    ResetStates,
    StateNotCarriedError,
    carry_states,
    check_stateful_batches,
    get_states,
    require_carried_states,
    reset_states,
)

BACKEND = keras.backend.backend()
BATCH = 2


def stateful_model(layer=None):
    keras.utils.set_random_seed(4)
    inputs = keras.Input(batch_shape=(BATCH, 3, 1))
    layer = layer or keras.layers.LSTM(3, stateful=True, name="lstm")
    model = keras.Model(inputs, keras.layers.Dense(1)(layer(inputs)))
    model.compile(loss="mse", optimizer=keras.optimizers.SGD(0.01))
    return model


X = np.linspace(0.1, 0.6, BATCH * 3 * 2, dtype="float32").reshape(2 * BATCH, 3, 1)
Y = np.ones((2 * BATCH, 1), dtype="float32")


def moved(model):
    return any(np.any(state != 0) for layer in get_states(model) for state in layer)


def eager_states_after(model, batches):
    """The states two eager calls leave (eager calls move the state on every backend)."""
    reset_states(model)
    for batch in batches:
        model(batch)
    states = get_states(model)
    reset_states(model)
    return states


OPERATIONS = {
    "predict": lambda m: m.predict(X, batch_size=BATCH, verbose=0),
    "predict_on_batch": lambda m: m.predict_on_batch(X[:BATCH]),
    "evaluate": lambda m: m.evaluate(X, Y, batch_size=BATCH, verbose=0),
    "fit": lambda m: m.fit(X, Y, batch_size=BATCH, shuffle=False, verbose=0),
}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_after_carry_states_every_operation_moves_the_state(operation):
    model = carry_states(stateful_model())
    OPERATIONS[operation](model)
    assert moved(model)


def test_predict_carries_the_state_from_batch_to_batch_like_eager_calls():
    model = carry_states(stateful_model())
    expected = eager_states_after(model, [X[:BATCH], X[BATCH:]])
    model.predict(X, batch_size=BATCH, verbose=0)
    for got, want in zip(get_states(model)[0], expected[0]):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_without_carry_states_keras_drops_the_state_on_jax_only():
    """What carry_states is for: on JAX, predict leaves the state at zeros, silently."""
    model = stateful_model()
    model.predict(X, batch_size=BATCH, verbose=0)
    assert moved(model) == (BACKEND != "jax")


def test_without_carry_states_training_breaks_on_torch_only():
    model = stateful_model()
    if BACKEND == "torch":
        with pytest.raises(RuntimeError, match="inplace operation"):
            OPERATIONS["fit"](model)
    else:
        OPERATIONS["fit"](model)


def test_carry_states_keeps_weights_and_saved_files_as_they_were(tmp_path):
    plain = stateful_model()
    count, shapes = len(plain.weights), [w.shape for w in plain.get_weights()]
    carried = carry_states(stateful_model())
    assert len(carried.weights) == count
    assert [w.shape for w in carried.get_weights()] == shapes
    carried.fit(X, Y, batch_size=BATCH, shuffle=False, verbose=0)
    path = tmp_path / "carried.weights.h5"
    carried.save_weights(path)
    fresh = stateful_model()  # not carried: the file holds weights only, as on TensorFlow
    fresh.load_weights(path)
    for a, b in zip(fresh.get_weights(), carried.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_carry_states_twice_changes_nothing_more():
    model = carry_states(stateful_model())
    variables = len(model.variables)
    assert carry_states(model) is model
    assert len(model.variables) == variables


def test_bidirectional_and_nested_models_carry_every_state():
    keras.utils.set_random_seed(4)
    inner = keras.Sequential(
        [keras.Input(batch_shape=(BATCH, 3, 1)), keras.layers.GRU(2, stateful=True)]
    )
    inputs = keras.Input(batch_shape=(BATCH, 3, 1))
    both = keras.layers.Bidirectional(keras.layers.LSTM(2, stateful=True))(inputs)
    model = keras.Model(inputs, keras.layers.Concatenate()([both, inner(inputs)]))
    carry_states(model)
    model.predict(X, batch_size=BATCH, verbose=0)
    states = get_states(model)
    assert len(states) == 3  # forward LSTM, backward LSTM, GRU
    assert all(np.any(state != 0) for layer in states for state in layer)


def test_a_stateful_model_trains_after_carry_states():
    model = carry_states(stateful_model())
    before = model.evaluate(X, Y, batch_size=BATCH, verbose=0)
    reset_states(model)
    history = model.fit(X, Y, batch_size=BATCH, shuffle=False, epochs=5, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    assert history.history["loss"][-1] < before


def test_carry_states_refuses_an_unbuilt_layer():
    unbuilt = keras.Sequential([keras.layers.LSTM(2, stateful=True, name="late")])
    with pytest.raises(ValueError, match=r"'late' has no state variables yet"):
        carry_states(unbuilt)


def test_carry_states_refuses_what_is_not_a_keras_layer():
    with pytest.raises(TypeError):
        carry_states("model")


def expected_refusal(training):
    return (BACKEND == "jax") or (BACKEND == "torch" and training)


@pytest.mark.parametrize("training", [False, True])
def test_require_carried_states_names_backend_version_layer_and_remedy(training):
    model = stateful_model()
    if not expected_refusal(training):
        require_carried_states(model, "fit", training=training)
        return
    with pytest.raises(StateNotCarriedError) as info:
        require_carried_states(model, "fit", training=training)
    message = str(info.value)
    name = {"jax": "JAX", "torch": "PyTorch"}[BACKEND]
    for part in (name, f"Keras {keras.__version__}", "'lstm'", "lstmstate.carry_states(model)"):
        assert part in message
    carry_states(model)
    require_carried_states(model, "fit", training=training)  # now it passes


def test_reset_states_callback_refuses_an_uncarried_model_where_fit_would_be_wrong():
    model = stateful_model()
    fit = lambda: model.fit(  # noqa: E731
        X, Y, batch_size=BATCH, shuffle=False, verbose=0, callbacks=[ResetStates()]
    )
    if expected_refusal(training=True):
        with pytest.raises(StateNotCarriedError, match="carry_states"):
            fit()
    else:
        fit()


def test_check_stateful_batches_refuses_an_uncarried_model_on_jax():
    model = stateful_model()
    if BACKEND == "jax":
        with pytest.raises(StateNotCarriedError, match="JAX"):
            check_stateful_batches(model, X, Y, batch_size=BATCH)
    else:
        assert check_stateful_batches(model, X, Y, batch_size=BATCH) == BATCH

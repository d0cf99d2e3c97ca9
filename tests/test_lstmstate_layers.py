"""Tests of lstmstate.layers: finding, resetting, reading and writing recurrent state."""

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lstmstate import carry_states, get_states, reset_states, set_states, stateful_layers

BATCH, STEPS, FEATURES = 3, 4, 2


@pytest.fixture(scope="module")
def model():
    """Two stateful layers (LSTM: [h, c], GRU: [h]) and a stateless head."""
    keras.utils.set_random_seed(1)
    return carry_states(
        keras.Sequential(
            [
                keras.Input(batch_shape=(BATCH, STEPS, FEATURES)),
                keras.layers.LSTM(5, stateful=True, return_sequences=True, name="lstm"),
                keras.layers.GRU(3, stateful=True, name="gru"),
                keras.layers.Dense(2, name="head"),
            ]
        )
    )


@pytest.fixture(scope="module")
def nested():
    """A stateful SimpleRNN in a nested model, a stateful Bidirectional, a stateless LSTM."""
    keras.utils.set_random_seed(2)
    inner = keras.Sequential(
        [
            keras.Input(batch_shape=(BATCH, STEPS, FEATURES)),
            keras.layers.SimpleRNN(2, stateful=True, return_sequences=True, name="inner_rnn"),
        ],
        name="inner",
    )
    inputs = keras.Input(batch_shape=(BATCH, STEPS, FEATURES))
    h = inner(inputs)
    h = keras.layers.Bidirectional(
        keras.layers.LSTM(2, stateful=True, return_sequences=True, name="bi")
    )(h)
    h = keras.layers.LSTM(3, name="plain")(h)
    return carry_states(keras.Model(inputs, keras.layers.Dense(1)(h)))


@pytest.fixture(scope="module")
def batch():
    return np.random.default_rng(0).uniform(0.5, 1.0, (BATCH, STEPS, FEATURES)).astype("float32")


def all_zero(states):
    return all(not np.any(array) for layer in states for array in layer)


def test_stateful_layers_lists_the_stateful_rnns_in_model_order(model):
    assert [layer.name for layer in stateful_layers(model)] == ["lstm", "gru"]


def test_stateful_layers_searches_nested_models_and_bidirectional(nested):
    names = [layer.name for layer in stateful_layers(nested)]
    assert names == ["inner_rnn", "forward_bi", "backward_bi"]  # "plain" is stateless


def test_stateful_layers_lists_a_shared_layer_once():
    lstm = keras.layers.LSTM(2, stateful=True, return_sequences=True)
    inputs = keras.Input(batch_shape=(2, 3, 1))
    outputs = keras.layers.Concatenate()([lstm(inputs), lstm(inputs)])
    assert stateful_layers(keras.Model(inputs, outputs)) == [lstm]


def test_stateful_layers_of_a_single_layer_and_of_a_stateless_model():
    lstm = keras.layers.LSTM(2, stateful=True)
    assert stateful_layers(lstm) == [lstm]
    assert stateful_layers(keras.layers.LSTM(2)) == []
    stateless = keras.Sequential([keras.Input((3, 1)), keras.layers.LSTM(2)])
    assert stateful_layers(stateless) == []


def test_reset_states_zeroes_every_stateful_layer(nested, batch):
    nested.predict_on_batch(batch)
    assert not all_zero(get_states(nested))
    assert reset_states(nested) == 3
    assert all_zero(get_states(nested))


def test_reset_states_of_a_model_without_state_returns_zero():
    assert reset_states(keras.Sequential([keras.Input((3, 1)), keras.layers.Dense(2)])) == 0


def test_get_states_shapes_and_copies(model, batch):
    reset_states(model)
    model.predict_on_batch(batch)
    states = get_states(model)
    assert [[a.shape for a in layer] for layer in states] == [[(3, 5), (3, 5)], [(3, 3)]]
    assert not all_zero(states)
    before = states[1][0].copy()
    states[1][0][:] = 42.0  # a copy: the model must not see this
    np.testing.assert_array_equal(get_states(model)[1][0], before)


def test_get_states_refuses_an_unbuilt_layer():
    unbuilt = keras.Sequential([keras.layers.LSTM(2, stateful=True, name="late")])
    with pytest.raises(ValueError, match=r"'late' has no state variables yet.*batch_shape"):
        get_states(unbuilt)
    with pytest.raises(ValueError, match=r"'late' has no state variables yet"):
        set_states(unbuilt, [[np.zeros((1, 2)), np.zeros((1, 2))]])


def test_set_states_restores_a_saved_state_so_outputs_repeat(model, batch):
    reset_states(model)
    model.predict_on_batch(batch)
    saved = get_states(model)
    first = model.predict_on_batch(batch)
    second = model.predict_on_batch(batch)  # continues from a different state
    assert not np.allclose(first, second)
    set_states(model, saved)
    np.testing.assert_allclose(model.predict_on_batch(batch), first, rtol=1e-6)


def test_set_states_casts_values_to_the_variable_dtype(model):
    values = [[np.full((3, 5), 0.25), np.full((3, 5), -1.0)], [np.ones((3, 3))]]  # float64
    set_states(model, values)
    states = get_states(model)
    assert states[0][1].dtype == np.float32
    np.testing.assert_array_equal(states[0][1], -1.0)


def test_set_states_refuses_a_wrong_number_of_layers(model):
    with pytest.raises(
        ValueError, match=r"1 layer\(s\).*2 stateful RNN layer\(s\): \['lstm', 'gru'\]"
    ):
        set_states(model, [[np.zeros((3, 5)), np.zeros((3, 5))]])


def test_set_states_refuses_a_wrong_number_of_arrays(model):
    with pytest.raises(ValueError, match=r"layer 'lstm' has 2 state variable\(s\), got 1 array"):
        set_states(model, [[np.zeros((3, 5))], [np.zeros((3, 3))]])


def test_set_states_refuses_a_wrong_shape_and_writes_nothing(model):
    good = [[np.ones((3, 5)), np.ones((3, 5))], [np.ones((3, 3))]]
    set_states(model, good)
    bad = [[np.zeros((3, 5)), np.zeros((3, 5))], [np.zeros((2, 3))]]
    with pytest.raises(
        ValueError, match=r"layer 'gru': state 0 has shape \(3, 3\), got .* \(2, 3\)"
    ):
        set_states(model, bad)
    # The valid first layer of the bad call was not written either.
    np.testing.assert_array_equal(get_states(model)[0][0], 1.0)


def state_values(shapes):
    floats = st.floats(-10, 10, width=32, allow_nan=False)
    return st.tuples(*(arrays("float32", shape, elements=floats) for shape in shapes))


@settings(max_examples=25, deadline=None)
@given(state_values([(3, 5), (3, 5), (3, 3)]))
def test_set_then_get_states_property_round_trip(model, values):
    lstm_h, lstm_c, gru_h = values
    set_states(model, [[lstm_h, lstm_c], [gru_h]])
    got = get_states(model)
    np.testing.assert_array_equal(got[0][0], lstm_h)
    np.testing.assert_array_equal(got[0][1], lstm_c)
    np.testing.assert_array_equal(got[1][0], gru_h)
    # And back: writing what was read changes nothing.
    set_states(model, got)
    for layer_before, layer_after in zip(got, get_states(model)):
        for before, after in zip(layer_before, layer_after):
            np.testing.assert_array_equal(before, after)

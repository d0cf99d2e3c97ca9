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


@pytest.fixture(scope="module")
def mixed():
    """The branching page's model: stateful Bidirectional(LSTM), GRU and a nested LSTM model."""
    keras.utils.set_random_seed(4)
    inner_inputs = keras.Input(batch_shape=(BATCH, STEPS, 4))
    inner = keras.Model(
        inner_inputs,
        keras.layers.LSTM(3, stateful=True, name="inner_lstm")(inner_inputs),
        name="inner",
    )
    inputs = keras.Input(batch_shape=(BATCH, STEPS, FEATURES))
    h = keras.layers.Bidirectional(
        keras.layers.LSTM(2, stateful=True, return_sequences=True, name="bi")
    )(inputs)
    h = keras.layers.GRU(4, stateful=True, return_sequences=True, name="gru")(h)
    return carry_states(keras.Model(inputs, keras.layers.Dense(2)(inner(h))))


def test_mixed_model_lists_both_directions_the_gru_and_the_nested_lstm(mixed):
    names = [layer.name for layer in stateful_layers(mixed)]
    assert names == ["forward_bi", "backward_bi", "gru", "inner_lstm"]
    shapes = [[a.shape for a in layer] for layer in get_states(mixed)]
    assert shapes == [[(3, 2), (3, 2)], [(3, 2), (3, 2)], [(3, 4)], [(3, 3), (3, 3)]]


def test_set_states_writes_each_direction_of_a_bidirectional_layer(mixed):
    values = [
        [np.full((3, 2), 1.0), np.full((3, 2), 2.0)],
        [np.full((3, 2), 3.0), np.full((3, 2), 4.0)],
        [np.full((3, 4), 5.0)],
        [np.full((3, 3), 6.0), np.full((3, 3), 7.0)],
    ]
    set_states(mixed, values)
    bidirectional = next(
        layer for layer in mixed.layers if isinstance(layer, keras.layers.Bidirectional)
    )
    # Keras' own view of the wrapper: forward [h, c] then backward [h, c].
    seen = [float(keras.ops.convert_to_numpy(v)[0, 0]) for v in bidirectional.states]
    assert seen == [1.0, 2.0, 3.0, 4.0]
    inner_lstm = mixed.get_layer("inner").get_layer("inner_lstm")
    assert float(keras.ops.convert_to_numpy(inner_lstm.states[1])[0, 0]) == 7.0


@pytest.mark.parametrize("call", ["eager", "predict_on_batch"])
def test_restoring_a_snapshot_of_a_mixed_model_repeats_a_branch_exactly(mixed, batch, call):
    def run(x):
        if call == "eager":
            return keras.ops.convert_to_numpy(mixed(x))
        return mixed.predict_on_batch(x)

    reset_states(mixed)
    run(batch)
    snapshot = get_states(mixed)
    branch_a = [run(batch), run(batch * 0.5)]
    moved = get_states(mixed)
    assert all(
        not np.array_equal(after, before)
        for layer_after, layer_before in zip(moved, snapshot)
        for after, before in zip(layer_after, layer_before)
    ), "every state of every layer (both directions, GRU, nested LSTM) moves"
    set_states(mixed, snapshot)
    branch_b = [run(batch[::-1].copy()), run(batch)]
    assert not np.allclose(branch_b[0], branch_a[0])
    set_states(mixed, snapshot)
    again = [run(batch), run(batch * 0.5)]
    for first, second in zip(branch_a, again):
        np.testing.assert_array_equal(first, second)


class OwnStateLayer(keras.layers.Layer):
    """Says stateful=True but keeps its state in a variable of its own, not in an RNN."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.stateful = True

    def build(self, input_shape):
        self.memory = self.add_weight(shape=(input_shape[0], 2), initializer="zeros")

    def call(self, x):
        return x


class WrapsAStatefulRNN(keras.layers.Layer):
    """Says stateful=True and keeps its state in the stateful LSTM it holds."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.stateful = True
        self.rnn = keras.layers.LSTM(2, stateful=True, name="wrapped")

    def build(self, input_shape):
        self.rnn.build(input_shape)

    def call(self, x):
        return self.rnn(x)


def test_a_non_rnn_layer_saying_stateful_is_refused_by_name():
    inputs = keras.Input(batch_shape=(2, 3, 1))
    hidden = keras.layers.LSTM(2, stateful=True, return_sequences=True)(inputs)
    model = keras.Model(inputs, OwnStateLayer(name="memo")(hidden))
    for function in (stateful_layers, get_states, reset_states, carry_states):
        with pytest.raises(TypeError, match=r"'memo' \(OwnStateLayer\) says stateful=True"):
            function(model)
    with pytest.raises(TypeError, match=r"'memo' \(OwnStateLayer\)"):
        set_states(model, [[np.zeros((2, 2)), np.zeros((2, 2))]])


def test_a_custom_wrapper_holding_a_stateful_rnn_is_accepted():
    inputs = keras.Input(batch_shape=(2, 3, 1))
    model = keras.Model(inputs, WrapsAStatefulRNN(name="wrapper")(inputs))
    assert [layer.name for layer in stateful_layers(model)] == ["wrapped"]

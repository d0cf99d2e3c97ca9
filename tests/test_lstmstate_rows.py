"""Tests of lstmstate.rows: resetting some rows of a stateful batch, keeping the others."""

import keras
import numpy as np
import pytest
from test_lstmstate_layers import WrapsAStatefulRNN

from lstmstate import carry_states, get_states, reset_rows, reset_states, set_states

BATCH, STEPS, FEATURES = 3, 4, 2


def chunks(seed, count=2):
    rng = np.random.default_rng(seed)
    return [
        rng.uniform(-1.0, 1.0, (BATCH, STEPS, FEATURES)).astype("float32") for _ in range(count)
    ]


def sequential(*layers, batch=BATCH, name=None):
    return keras.Sequential([keras.Input(batch_shape=(batch, STEPS, FEATURES)), *layers], name=name)


def lstm_gru_simple():
    return sequential(
        keras.layers.LSTM(4, stateful=True, return_sequences=True),
        keras.layers.GRU(3, stateful=True, return_sequences=True),
        keras.layers.SimpleRNN(2, stateful=True),
    )


def bidirectional():
    return sequential(
        keras.layers.Bidirectional(
            keras.layers.LSTM(3, stateful=True, return_sequences=True, name="bi")
        ),
        keras.layers.Bidirectional(keras.layers.GRU(2, stateful=True)),
    )


def nested():
    inner = sequential(keras.layers.GRU(3, stateful=True, return_sequences=True), name="inner")
    inputs = keras.Input(batch_shape=(BATCH, STEPS, FEATURES))
    outputs = keras.layers.LSTM(2, stateful=True)(inner(inputs))
    return keras.Model(inputs, outputs)


def stacked_cells():
    cells = keras.layers.StackedRNNCells([keras.layers.LSTMCell(4), keras.layers.GRUCell(3)])
    return sequential(keras.layers.RNN(cells, stateful=True))


BUILDERS = {
    "lstm-gru-simplernn": (lstm_gru_simple, 3),
    "bidirectional": (bidirectional, 4),
    "nested-model": (nested, 2),
    "stacked-cells": (stacked_cells, 1),
}


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_reset_rows_restarts_those_rows_and_keeps_the_others(kind):
    build, layer_count = BUILDERS[kind]
    keras.utils.set_random_seed(3)
    model = build()
    first, second = chunks(4)
    model(first)
    saved = get_states(model)

    assert reset_rows(model, [1]) == layer_count
    after = get_states(model)
    for layer_before, layer_after in zip(saved, after):
        for before, now in zip(layer_before, layer_after):
            assert not np.any(now[1])  # the reset row is all zeros
            np.testing.assert_array_equal(now[[0, 2]], before[[0, 2]])  # the others untouched
    with_reset = keras.ops.convert_to_numpy(model(second))

    set_states(model, saved)
    unreset = keras.ops.convert_to_numpy(model(second))
    reset_states(model)
    fresh = keras.ops.convert_to_numpy(model(second))

    np.testing.assert_allclose(with_reset[[0, 2]], unreset[[0, 2]], rtol=0, atol=1e-6)
    np.testing.assert_allclose(with_reset[1], fresh[1], rtol=0, atol=1e-6)
    assert not np.allclose(with_reset[1], unreset[1])  # the reset changed something


def test_reset_rows_resets_both_directions_of_a_bidirectional_layer_given_alone():
    keras.utils.set_random_seed(5)
    layer = keras.layers.Bidirectional(keras.layers.LSTM(3, stateful=True))
    layer(chunks(6)[0])
    assert reset_rows(layer, 0) == 2
    for direction in (layer.forward_layer, layer.backward_layer):
        for variable in direction.states:
            values = keras.ops.convert_to_numpy(variable.value)
            assert not np.any(values[0]) and np.all(np.any(values[1:], axis=-1))


def test_reset_rows_of_a_convlstm_layer():
    keras.utils.set_random_seed(6)
    layer = keras.layers.ConvLSTM1D(2, 3, stateful=True)
    layer(np.ones((BATCH, STEPS, 5, FEATURES), "float32"))
    reset_rows(layer, [0, 2])
    for variable in layer.states:
        values = keras.ops.convert_to_numpy(variable.value)
        assert values.shape == (BATCH, 3, 2)
        assert not np.any(values[[0, 2]]) and np.any(values[1])


def test_predict_continues_from_the_rows_reset_rows_wrote():
    """With carry_states, predict_on_batch starts from what reset_rows wrote (JAX, PyTorch)."""
    keras.utils.set_random_seed(7)
    model = carry_states(nested())
    first, second = chunks(8)
    model.predict_on_batch(first)
    saved = get_states(model)
    reset_rows(model, [2])
    predicted = model.predict_on_batch(second)
    set_states(model, saved)
    reset_rows(model, [2])
    eager = keras.ops.convert_to_numpy(model(second))
    np.testing.assert_allclose(predicted, eager, rtol=0, atol=1e-6)


class OnesCell(keras.layers.Layer):
    """A cell whose initial state is all ones, not zeros."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units))

    def call(self, inputs, states):
        h = keras.ops.matmul(inputs, self.kernel) + states[0]
        return h, [h]

    def get_initial_state(self, batch_size=None):
        return [keras.ops.ones((batch_size, self.units))]


def test_to_initial_uses_the_cells_initial_state_and_zeros_does_not():
    keras.utils.set_random_seed(9)
    layer = keras.layers.RNN(OnesCell(2), stateful=True)
    layer(chunks(10)[0])
    reset_rows(layer, [0], to="initial")
    reset_rows(layer, [1])
    h = keras.ops.convert_to_numpy(layer.states[0].value)
    assert h[0].tolist() == [1.0, 1.0]
    assert h[1].tolist() == [0.0, 0.0]
    assert h[2].tolist() not in ([1.0, 1.0], [0.0, 0.0])


@pytest.fixture
def model():
    keras.utils.set_random_seed(11)
    built = lstm_gru_simple()
    built(chunks(12)[0])
    return built


@pytest.mark.parametrize("rows", [3, [0, 3], -1, [-1]])
def test_a_row_outside_the_batch_names_the_layer_and_its_batch_size(model, rows):
    before = get_states(model)
    with pytest.raises(IndexError, match=r"layer 'lstm\w*', whose batch size is 3"):
        reset_rows(model, rows)
    assert all(
        np.array_equal(a, b) for x, y in zip(before, get_states(model)) for a, b in zip(x, y)
    )


@pytest.mark.parametrize("rows", [[], (), np.array([], dtype=int)])
def test_empty_rows_are_refused(model, rows):
    with pytest.raises(ValueError, match="rows is empty"):
        reset_rows(model, rows)


def test_a_repeated_row_is_refused(model):
    with pytest.raises(ValueError, match=r"row\(s\) \[1\] more than once"):
        reset_rows(model, [1, 0, 1])


@pytest.mark.parametrize(
    "rows", [1.0, "1", True, [0, 1.5], [True], np.array([[0], [1]]), None, {0: 1}]
)
def test_rows_that_are_not_integers_are_refused(model, rows):
    with pytest.raises(TypeError, match="rows must"):
        reset_rows(model, rows)


def test_numpy_integers_are_accepted(model):
    assert reset_rows(model, np.array([0, 2])) == 3
    assert reset_rows(model, np.int64(1)) == 3


def test_a_model_without_a_stateful_layer_is_refused():
    stateless = sequential(keras.layers.LSTM(2), name="stateless")
    with pytest.raises(ValueError, match="'stateless' has no stateful RNN layer"):
        reset_rows(stateless, [0])


def test_not_a_layer_is_refused():
    with pytest.raises(TypeError, match="model_or_layer must be a Keras 3 layer"):
        reset_rows("model", [0])


def test_an_unknown_to_is_refused(model):
    with pytest.raises(ValueError, match="to must be 'zeros' or 'initial'"):
        reset_rows(model, [0], to="ones")


def test_an_unbuilt_layer_is_refused():
    with pytest.raises(ValueError, match="'lonely' has no state variables yet"):
        reset_rows(keras.layers.LSTM(2, stateful=True, name="lonely"), [0])


class Counter(keras.layers.Layer):
    """A stateful layer that is no RNN: reset_rows cannot know its state."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.stateful = True

    def call(self, inputs):
        return inputs


def test_a_stateful_layer_of_an_unknown_kind_is_refused_not_skipped():
    model = sequential(
        keras.layers.LSTM(2, stateful=True, return_sequences=True), Counter(name="counter")
    )
    model(chunks(13)[0])
    with pytest.raises(TypeError, match=r"layer 'counter' \(Counter\) says stateful=True"):
        reset_rows(model, [0])


def test_a_wrapper_holding_a_stateful_rnn_has_the_rows_of_that_rnn_reset():
    model = sequential(WrapsAStatefulRNN(name="wrapper"))
    model(chunks(14)[0])
    assert reset_rows(model, [1]) == 1
    h, c = get_states(model)[0]
    assert not h[1].any() and not c[1].any()
    assert h[0].any() and h[2].any()


class TwoStatesCell(keras.layers.Layer):
    """A cell whose second state has one row whatever the batch: not batch-major."""

    state_size = [2, 3]
    output_size = 2

    def call(self, inputs, states):
        return states[0], states

    def get_initial_state(self, batch_size=None):
        return [keras.ops.zeros((batch_size, 2)), keras.ops.zeros((1, 3))]


def test_a_state_variable_without_the_batch_first_is_refused():
    layer = keras.layers.RNN(TwoStatesCell(), stateful=True, name="odd")
    layer.build((BATCH, STEPS, FEATURES))
    with pytest.raises(ValueError, match="'odd': state variable 1 has shape"):
        reset_rows(layer, [0])


def test_an_initial_state_that_does_not_match_the_variables_is_refused(monkeypatch):
    keras.utils.set_random_seed(14)
    layer = keras.layers.RNN(OnesCell(2), stateful=True, name="changed")
    layer(chunks(15)[0])
    monkeypatch.setattr(layer, "get_initial_state", lambda batch_size: [np.ones((batch_size, 5))])
    with pytest.raises(ValueError, match=r"'changed': get_initial_state\(3\) gives shapes"):
        reset_rows(layer, [0], to="initial")


class TwoBatches(keras.layers.Layer):
    """Holds two stateful layers built for different batch sizes (3 and 2)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.big = keras.layers.GRU(2, stateful=True, name="big")
        self.small = keras.layers.GRU(2, stateful=True, name="small")

    def call(self, inputs):
        return inputs


def test_nothing_is_written_when_a_later_layer_refuses_the_rows():
    keras.utils.set_random_seed(16)
    holder = TwoBatches()
    holder.big(chunks(17)[0])
    holder.small(chunks(18)[0][:2])
    before = keras.ops.convert_to_numpy(holder.big.states[0].value)
    with pytest.raises(IndexError, match="layer 'small', whose batch size is 2"):
        reset_rows(holder, [2])
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(holder.big.states[0].value), before)
    assert np.any(before[2])

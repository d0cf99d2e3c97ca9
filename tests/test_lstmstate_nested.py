"""Nested and non-(batch, units) states: StackedRNNCells, custom cells, ConvLSTM2D."""

import keras
import numpy as np
import pytest

import lstmstate


def stacked_model():
    """The issue's input: RNN(StackedRNNCells([LSTMCell(4), GRUCell(3)]), stateful=True)."""
    cell = keras.layers.StackedRNNCells([keras.layers.LSTMCell(4), keras.layers.GRUCell(3)])
    model = keras.Sequential(
        [keras.Input(batch_shape=(2, 3, 1)), keras.layers.RNN(cell, stateful=True, name="stack")]
    )
    model(np.ones((2, 3, 1), dtype="float32"))  # moves the state away from zeros
    return model


class TwoStateCell(keras.layers.Layer):
    """A custom cell with two states of different sizes."""

    state_size = [3, 5]
    output_size = 3

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 3), initializer="ones")

    def call(self, x, states):
        h = keras.ops.matmul(x, self.kernel) + states[0]
        return h, [h, states[1] + 1.0]


def test_get_states_of_stacked_cells_gives_every_state_flat():
    shapes = [a.shape for a in lstmstate.get_states(stacked_model())[0]]
    assert shapes == [(2, 4), (2, 4), (2, 3)]


def test_reset_states_of_stacked_cells_zeroes_every_state():
    model = stacked_model()
    assert any(np.any(a) for a in lstmstate.get_states(model)[0])
    assert lstmstate.reset_states(model) == 1
    assert not any(np.any(a) for a in lstmstate.get_states(model)[0])


def test_set_states_of_stacked_cells_round_trips():
    model = stacked_model()
    values = [np.full((2, 4), 1.0), np.full((2, 4), 2.0), np.full((2, 3), 3.0)]
    lstmstate.set_states(model, [values])
    for got, want in zip(lstmstate.get_states(model)[0], values, strict=True):
        np.testing.assert_array_equal(got, want)


def test_model_batch_size_of_stacked_cells():
    assert lstmstate.model_batch_size(stacked_model()) == 2


def test_a_custom_cell_with_two_states():
    model = keras.Sequential(
        [keras.Input(batch_shape=(2, 4, 1)), keras.layers.RNN(TwoStateCell(), stateful=True)]
    )
    model(np.ones((2, 4, 1), dtype="float32"))
    states = lstmstate.get_states(model)[0]
    assert [a.shape for a in states] == [(2, 3), (2, 5)]
    np.testing.assert_array_equal(states[1], np.full((2, 5), 4.0))
    lstmstate.reset_states(model)
    assert not any(np.any(a) for a in lstmstate.get_states(model)[0])


def test_conv_lstm2d_states_are_batch_rows_cols_filters():
    layer = keras.layers.ConvLSTM2D(6, 3, padding="same", stateful=True)
    model = keras.Sequential([keras.Input(batch_shape=(2, 3, 5, 7, 1)), layer])
    assert [a.shape for a in lstmstate.get_states(model)[0]] == [(2, 5, 7, 6), (2, 5, 7, 6)]
    assert lstmstate.model_batch_size(model) == 2


def test_get_states_documents_the_conv_lstm_shape():
    assert "(batch, rows, cols, filters)" in lstmstate.get_states.__doc__


@pytest.mark.parametrize("steps", [1, 2])
def test_inference_copy_of_stacked_cells_steps_like_the_whole_sequence(steps):
    cell = keras.layers.StackedRNNCells([keras.layers.LSTMCell(4), keras.layers.GRUCell(3)])
    model = keras.Sequential(
        [
            keras.Input((None, 2)),
            keras.layers.RNN(cell, return_sequences=True),
            keras.layers.Dense(2),
        ]
    )
    copy = lstmstate.inference_copy(model, batch_size=2, steps=steps)
    x = np.random.default_rng(1).normal(size=(2, 6, 2)).astype("float32")
    stepped = np.concatenate(
        [copy.predict_on_batch(x[:, t : t + steps]) for t in range(0, 6, steps)], axis=1
    )
    np.testing.assert_allclose(stepped, model.predict_on_batch(x), atol=1e-5)

"""Every public helper refuses, with a TypeError, an object that is not a Keras 3 layer or model."""

import keras
import numpy as np
import pytest

import lstmstate


class NotKeras3:
    """Stands for a tf_keras (Keras 2) model: it has layers, but is no keras.layers.Layer."""

    layers: list = []

    def reset_states(self):
        pass


CALLS = {
    "stateful_layers": lambda m: lstmstate.stateful_layers(m),
    "reset_states": lambda m: lstmstate.reset_states(m),
    "get_states": lambda m: lstmstate.get_states(m),
    "set_states": lambda m: lstmstate.set_states(m, []),
    "reset_rows": lambda m: lstmstate.reset_rows(m, [0]),
    "model_batch_size": lambda m: lstmstate.model_batch_size(m),
    "check_stateful_batches": lambda m: lstmstate.check_stateful_batches(m, 8, batch_size=4),
    "inference_copy": lambda m: lstmstate.inference_copy(m),
    "generate": lambda m: lstmstate.generate(m, np.zeros((1, 1, 1)), 1),
    "bits_by_position": lambda m: lstmstate.bits_by_position(m, np.arange(9), 4, carry_state=True),
}


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("bad", ["model", None, NotKeras3()], ids=["str", "None", "tf_keras-like"])
def test_a_non_keras3_object_is_a_type_error_saying_what_was_expected(name, bad):
    with pytest.raises(TypeError, match=r"must be a Keras 3 (layer or )?model") as info:
        CALLS[name](bad)
    assert type(bad).__name__ in str(info.value)  # says what was given


def test_reset_states_of_a_string_does_not_report_zero_layers_reset():
    # The input: it returned 0, as if a model without state had been reset.
    with pytest.raises(TypeError, match="got builtins.str"):
        lstmstate.reset_states("model")


def test_get_states_of_none_is_not_an_empty_list():
    with pytest.raises(TypeError, match="got builtins.NoneType"):
        lstmstate.get_states(None)


def test_reset_states_refuses_an_unbuilt_stateful_layer_instead_of_counting_it():
    unbuilt = keras.Sequential([keras.layers.LSTM(2, stateful=True, name="late")])
    with pytest.raises(ValueError, match="'late' has no state variables yet"):
        lstmstate.reset_states(unbuilt)


def test_set_states_refuses_states_that_are_not_lists_of_arrays():
    model = keras.Sequential(
        [keras.Input(batch_shape=(1, 2, 1)), keras.layers.GRU(2, stateful=True, name="g")]
    )
    with pytest.raises(TypeError, match="states must be a list"):
        lstmstate.set_states(model, "zeros")
    with pytest.raises(TypeError, match="states for layer 'g' must be a list of 1 array"):
        lstmstate.set_states(model, [5])


def test_a_stateful_rnn_inside_a_custom_layer_is_found_and_reset():
    class Holder(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.rnn = keras.layers.LSTM(2, stateful=True, name="held")

        def build(self, input_shape):
            self.rnn.build(input_shape)

        def call(self, x):
            return self.rnn(x)

    model = keras.Sequential([keras.Input(batch_shape=(1, 3, 1)), Holder()])
    model(np.ones((1, 3, 1)))
    assert [layer.name for layer in lstmstate.stateful_layers(model)] == ["held"]
    assert lstmstate.reset_states(model) == 1
    assert not np.any(lstmstate.get_states(model)[0][0])

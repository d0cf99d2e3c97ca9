"""Tests of lstmstate.checks: batch sizes and sample counts for stateful models."""

import keras
import numpy as np
import pytest

from lstmstate import check_stateful_batches, model_batch_size


def stateful_model(batch_size):
    return keras.Sequential(
        [keras.Input(batch_shape=(batch_size, 3, 1)), keras.layers.LSTM(2, stateful=True)]
    )


@pytest.fixture(scope="module")
def model():
    return stateful_model(4)


def test_returns_the_batch_size_to_pass(model):
    assert check_stateful_batches(model, 8, batch_size=4) == 4
    assert check_stateful_batches(model, np.int64(400), batch_size=np.int32(4)) == 4


def test_no_batch_size_is_fine_when_the_model_takes_keras_default_32():
    assert check_stateful_batches(stateful_model(32), 64) == 32


def test_no_batch_size_with_another_model_batch_says_what_to_pass(model):
    with pytest.raises(ValueError, match="default of 32") as info:
        check_stateful_batches(model, 8)
    assert "built for batches of 4" in str(info.value)
    assert "Pass batch_size=4." in str(info.value)


def test_a_batch_size_other_than_the_models_says_what_to_pass(model):
    with pytest.raises(ValueError, match=r"batch_size=8, but .* built for batches of 4") as info:
        check_stateful_batches(model, 16, batch_size=8)
    assert "Pass batch_size=4" in str(info.value)
    assert "batch_shape=(8, ...)" in str(info.value)


@pytest.mark.parametrize(
    ("n_samples", "leftover", "fix"),
    [
        (10, 2, r"Trim to 8 samples \(x\[:8\]\) or pad to 12\."),
        (9, 1, r"Trim to 8 samples \(x\[:8\]\) or pad to 12\."),
        (3, 3, r"Pad to 4 samples: there is not one full batch"),
    ],
)
def test_a_partial_last_batch_says_how_to_trim_or_pad(model, n_samples, leftover, fix):
    with pytest.raises(ValueError, match=fix) as info:
        check_stateful_batches(model, n_samples, batch_size=4)
    message = str(info.value)
    assert f"n_samples={n_samples} is not a multiple of the batch size 4" in message
    assert f"would hold {leftover} sample(s)" in message


@pytest.mark.parametrize("bad", [0, -4, 2.0, True])
def test_refuses_bad_sample_counts(model, bad):
    with pytest.raises(ValueError, match=f"n_samples must be a positive integer, got {bad}"):
        check_stateful_batches(model, bad, batch_size=4)


@pytest.mark.parametrize("bad", [0, -4, 4.0])
def test_refuses_bad_batch_sizes(model, bad):
    with pytest.raises(ValueError, match=f"batch_size must be a positive integer, got {bad}"):
        check_stateful_batches(model, 8, batch_size=bad)


def test_refuses_a_model_without_stateful_layers():
    stateless = keras.Sequential([keras.Input((3, 1)), keras.layers.LSTM(2)])
    with pytest.raises(ValueError, match="no stateful RNN layer"):
        check_stateful_batches(stateless, 8, batch_size=4)


def test_refuses_an_unbuilt_model():
    unbuilt = keras.Sequential([keras.layers.GRU(2, stateful=True, name="gru_late")])
    with pytest.raises(ValueError, match="'gru_late' has no state variables yet"):
        check_stateful_batches(unbuilt, 8, batch_size=4)


def test_model_batch_size_reads_the_state_rows(model):
    assert model_batch_size(model) == 4
    assert model_batch_size(stateful_model(1)) == 1


def test_model_batch_size_refuses_layers_built_for_different_sizes():
    small = keras.Input(batch_shape=(2, 3, 1))
    large = keras.Input(batch_shape=(3, 3, 1))
    two = keras.Model(
        [small, large],
        [keras.layers.LSTM(2, stateful=True, name="a")(small),
         keras.layers.LSTM(2, stateful=True, name="b")(large)],
    )
    with pytest.raises(ValueError, match=r"different batch sizes: \{'a': 2, 'b': 3\}"):
        model_batch_size(two)

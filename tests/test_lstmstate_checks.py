"""Tests of lstmstate.checks: batch sizes and sample counts for stateful models."""

import keras
import numpy as np
import pytest

from lstmstate import carry_states, check_stateful_batches, model_batch_size


def stateful_model(batch_size):
    return carry_states(
        keras.Sequential(
            [keras.Input(batch_shape=(batch_size, 3, 1)), keras.layers.LSTM(2, stateful=True)]
        )
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
        [
            keras.layers.LSTM(2, stateful=True, name="a")(small),
            keras.layers.LSTM(2, stateful=True, name="b")(large),
        ],
    )
    with pytest.raises(ValueError, match=r"different batch sizes: \{'a': 2, 'b': 3\}"):
        model_batch_size(two)


# --- everything fit, evaluate and predict do with the batch size ---

import tensorflow as tf  # noqa: E402 - only the dataset tests need it


@pytest.fixture
def data():
    return np.zeros((100, 3, 1), dtype="float32"), np.zeros((100, 1), dtype="float32")


def test_validation_split_that_leaves_partial_batches_is_refused(model, data):
    # The input: 100 samples pass alone, but fit's validation_split=0.1 cuts 90 + 10.
    x, y = data
    assert check_stateful_batches(model, 100, batch_size=4) == 4
    with pytest.raises(ValueError) as info:
        check_stateful_batches(model, x, y, batch_size=4, validation_split=0.1)
    message = str(info.value)
    assert "floor(100 * (1 - 0.1)) = 90 samples for training and the last 10" in message
    assert "fit on x[:92] and pass validation_data=(x[92:100], y[92:100])" in message


def test_the_suggested_split_and_a_good_split_really_fit(model, data):
    x, y = data
    assert check_stateful_batches(model, x, y, batch_size=4, validation_split=0.2) == 4
    assert (
        check_stateful_batches(
            model, x[:92], y[:92], batch_size=4, validation_data=(x[92:100], y[92:100])
        )
        == 4
    )


@pytest.mark.parametrize("split", [0.5, 0.12])
def test_validation_split_matches_keras_own_cut(model, data, split):
    # Keras' train_validation_split keeps floor(n * (1 - split)); 0.12 gives 88, not 88.0 rounded.
    x, y = data
    n_train = int(np.floor(100 * (1 - split)))
    ok = n_train % 4 == 0 and (100 - n_train) % 4 == 0
    if ok:
        assert check_stateful_batches(model, x, y, batch_size=4, validation_split=split) == 4
    else:
        with pytest.raises(ValueError, match="validation_split"):
            check_stateful_batches(model, x, y, batch_size=4, validation_split=split)


def test_validation_data_with_a_partial_batch_is_refused(model, data):
    x, y = data
    with pytest.raises(
        ValueError, match=r"validation_data: n_samples=10 is not a multiple .*x_val\[:8\]"
    ):
        check_stateful_batches(
            model, x[:80], y[:80], batch_size=4, validation_data=(x[:10], y[:10])
        )


def test_validation_batch_size_other_than_the_models_is_refused(model, data):
    x, y = data
    with pytest.raises(ValueError, match="validation_batch_size=8, but .* built for batches of 4"):
        check_stateful_batches(
            model, x, y, batch_size=4, validation_data=(x[:8], y[:8]), validation_batch_size=8
        )


def test_accepts_the_keyword_arguments_given_to_fit(model, data):
    x, y = data
    fit_kwargs = dict(
        x=x[:96],
        y=y[:96],
        batch_size=4,
        epochs=2,
        shuffle=False,
        verbose=0,
        callbacks=[],
        validation_split=0.25,
        validation_freq=1,
    )
    assert check_stateful_batches(model, **fit_kwargs) == 4


def test_refuses_an_argument_fit_does_not_take(model):
    with pytest.raises(TypeError, match=r"\['nb_epoch'\]"):
        check_stateful_batches(model, 8, batch_size=4, nb_epoch=3)


def test_a_batch_size_passed_in_ys_place_is_refused(model):
    # check_stateful_batches(model, 100, 4) read 4 as the batch size; in fit's order it is y.
    with pytest.raises(TypeError, match="pass the batch size by name, batch_size=4"):
        check_stateful_batches(model, 100, 4)


def test_missing_x_is_refused(model):
    with pytest.raises(TypeError, match="x is required"):
        check_stateful_batches(model, batch_size=4)


def test_a_generator_cannot_be_checked(model):
    with pytest.raises(TypeError, match="cannot be checked before they run"):
        check_stateful_batches(model, (i for i in range(3)), batch_size=4)


def dataset(n, batch, drop_remainder):
    x = np.zeros((n, 3, 1), dtype="float32")
    return tf.data.Dataset.from_tensor_slices((x, x[:, 0])).batch(
        batch, drop_remainder=drop_remainder
    )


def test_a_dataset_with_a_static_batch_of_the_models_size_passes(model):
    assert check_stateful_batches(model, dataset(10, 4, True)) == 4


def test_a_dataset_with_a_dynamic_batch_dimension_is_refused(model):
    with pytest.raises(
        ValueError,
        match=r"x: the dataset's batch dimension is not static.*\.batch\(4, drop_remainder=True\)",
    ):
        check_stateful_batches(model, dataset(10, 4, False))


def test_a_dataset_with_another_batch_size_is_refused(model):
    with pytest.raises(ValueError, match="x: the dataset yields batches of 2 along the first axis"):
        check_stateful_batches(model, dataset(10, 2, True))


def test_an_empty_or_endless_dataset_is_refused(model):
    with pytest.raises(ValueError, match="yields no batch"):
        check_stateful_batches(model, dataset(3, 4, True))
    endless = dataset(8, 4, True).repeat()
    with pytest.raises(ValueError, match="repeats forever.*steps_per_epoch"):
        check_stateful_batches(model, endless)
    assert check_stateful_batches(model, endless, steps_per_epoch=2) == 4


def test_a_dataset_as_validation_data_is_checked(model, data):
    x, y = data
    with pytest.raises(
        ValueError, match="validation_data: the dataset's batch dimension is not static"
    ):
        check_stateful_batches(model, x, y, batch_size=4, validation_data=dataset(8, 4, False))


def test_validation_split_of_a_dataset_is_refused(model):
    with pytest.raises(ValueError, match="cannot split a tf.data.Dataset"):
        check_stateful_batches(model, dataset(8, 4, True), validation_split=0.5)


def test_a_batch_size_given_with_a_dataset_that_keras_would_ignore_is_refused(model):
    with pytest.raises(ValueError, match="Keras ignores for datasets"):
        check_stateful_batches(model, dataset(8, 4, True), batch_size=2)

"""Tests of lstmstate.bits_by_position: a stream read in blank windows, or as one walk."""

import math

import keras
import numpy as np
import pytest

from lstmstate import bits_by_position

CLASSES = 7


@pytest.fixture(scope="module")
def model():
    keras.utils.set_random_seed(2)
    return keras.Sequential(
        [
            keras.Input(shape=(None,)),
            keras.layers.Embedding(CLASSES, 5),
            keras.layers.LSTM(8, return_sequences=True),
            keras.layers.Dense(CLASSES),
        ]
    )


@pytest.fixture(scope="module")
def stream():
    return np.random.default_rng(4).integers(0, CLASSES, size=53)


def cross_entropy_bits(logits, targets):
    """Bits of each target under softmax(logits), computed directly in NumPy."""
    logits = np.asarray(logits, dtype="float64")
    log_z = np.log(np.exp(logits - logits.max(-1, keepdims=True)).sum(-1)) + logits.max(-1)
    picked = np.take_along_axis(logits, targets[..., None], axis=-1)[..., 0]
    return (log_z - picked) / math.log(2)


def test_blank_windows_equal_reading_each_window_alone(model, stream):
    window = 5
    n = (len(stream) - 1) // window  # 10 whole windows; the tail of 2 ids is left out
    x = stream[: n * window].reshape(n, window)
    y = stream[1 : n * window + 1].reshape(n, window)
    expected = cross_entropy_bits(keras.ops.convert_to_numpy(model(x)), y).mean(axis=0)
    got = bits_by_position(model, stream, window, carry_state=False, from_logits=True)
    assert got.shape == (window,)
    np.testing.assert_allclose(got, expected, rtol=1e-4)


def test_the_walk_equals_reading_the_whole_stream_at_once(model, stream):
    window = 5
    n = (len(stream) - 1) // window
    whole = keras.ops.convert_to_numpy(model(stream[None, : n * window]))[
        0
    ]  # one call over all 50 ids: full context
    expected = cross_entropy_bits(whole, stream[1 : n * window + 1]).reshape(n, window)
    got = bits_by_position(model, stream, window, carry_state=True, from_logits=True)
    np.testing.assert_allclose(got, expected.mean(axis=0), rtol=1e-4)
    # Carrying the state changes every position but the very first window's: they differ.
    assert not np.allclose(
        got, bits_by_position(model, stream, window, carry_state=False, from_logits=True)
    )


def test_the_model_and_its_state_are_left_alone(model, stream):
    before = [w.copy() for w in model.get_weights()]
    bits_by_position(model, stream, 4, carry_state=True, from_logits=True)
    for w, b in zip(model.get_weights(), before, strict=True):
        np.testing.assert_array_equal(w, b)


def test_softmax_outputs_with_from_logits_false(stream):
    keras.utils.set_random_seed(2)
    probs = keras.Sequential(
        [
            keras.Input(shape=(None,)),
            keras.layers.Embedding(CLASSES, 5),
            keras.layers.LSTM(8, return_sequences=True),
            keras.layers.Dense(CLASSES, activation="softmax"),
        ]
    )
    window = 4
    n = (len(stream) - 1) // window
    x, y = stream[: n * window].reshape(n, window), stream[1 : n * window + 1].reshape(n, window)
    expected = (
        -np.log(np.take_along_axis(keras.ops.convert_to_numpy(probs(x)), y[..., None], -1))[..., 0]
        / math.log(2)
    ).mean(axis=0)
    got = bits_by_position(probs, stream, window, carry_state=False, from_logits=False)
    np.testing.assert_allclose(got, expected, rtol=1e-4)


@pytest.mark.parametrize(
    ("ids", "window", "message"),
    [
        (np.zeros((3, 4), dtype=int), 2, "1-D stream"),
        (np.arange(5) % CLASSES, 5, "a window of 5 needs 6"),
        (np.arange(9) % CLASSES, 0, "window must be a positive integer"),
    ],
)
def test_bad_streams_and_windows_are_refused(model, ids, window, message):
    with pytest.raises(ValueError, match=message):
        bits_by_position(model, ids, window, carry_state=True)


def test_from_logits_defaults_to_false_as_in_keras_losses():
    import inspect

    default = inspect.signature(bits_by_position).parameters["from_logits"].default
    keras_default = (
        inspect.signature(keras.losses.sparse_categorical_crossentropy)
        .parameters["from_logits"]
        .default
    )
    assert default is False and default == keras_default


def test_logits_read_as_probabilities_are_refused(model, stream):
    with pytest.raises(ValueError, match="not probabilities.*pass from_logits=True"):
        bits_by_position(model, stream, 5, carry_state=True)

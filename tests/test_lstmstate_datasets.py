"""Tests of the chapters' data sets: lstmstate.tutorial.firstbit and .shakespeare."""

import keras
import numpy as np
import pytest

from lstmstate.tutorial import firstbit, shakespeare


def test_first_bit_sequences_are_labelled_by_their_first_step():
    x_train, y_train, x_test, y_test = firstbit.sequences(
        n_train=30, n_test=10, steps=6, rng=np.random.default_rng(0)
    )
    assert x_train.shape == (30, 6, 1) and x_test.shape == (10, 6, 1)
    assert y_train.shape == (30, 1) and y_test.shape == (10, 1)
    assert x_train.dtype == np.float32
    np.testing.assert_array_equal(y_train, x_train[:, 0])
    np.testing.assert_array_equal(y_test, x_test[:, 0])
    assert set(np.unique(x_train)) == {0.0, 1.0}
    # as in the post: only the first step carries anything, and it is 1 in exactly half
    assert not x_train[:, 1:].any() and not x_test[:, 1:].any()
    assert y_train.sum() + y_test.sum() == 20


def test_first_bit_sequences_follow_the_keras_seed():
    keras.utils.set_random_seed(3)
    a = firstbit.sequences(n_train=5, n_test=5)
    keras.utils.set_random_seed(3)
    b = firstbit.sequences(n_train=5, n_test=5)
    for left, right in zip(a, b, strict=True):
        np.testing.assert_array_equal(left, right)
    keras.utils.set_random_seed(4)
    assert not np.array_equal(firstbit.sequences(n_train=5, n_test=5)[0], a[0])


@pytest.mark.parametrize("field", ["n_train", "n_test", "steps"])
def test_first_bit_sequences_refuse_bad_counts(field):
    with pytest.raises(ValueError, match=f"{field} must be a positive integer"):
        firstbit.sequences(**{field: 0})


def test_label_every_step_repeats_the_label():
    y = np.array([[0.0], [1.0]])
    steps = firstbit.label_every_step(y, 3)
    assert steps.shape == (2, 3, 1)
    np.testing.assert_array_equal(steps[:, :, 0], [[0, 0, 0], [1, 1, 1]])
    with pytest.raises(ValueError, match="shape"):
        firstbit.label_every_step(np.zeros(3), 2)


def test_accuracy_summary_names_all_first_and_last():
    summary = firstbit.accuracy_summary(np.array([1.0, 0.5, 0.25, 0.25]))
    assert summary.splitlines() == [
        "Test accuracy over all 4 steps: 0.500",
        "Test accuracy after the first step: 1.000",
        "Test accuracy after the last step: 0.250",
    ]


def test_shakespeare_splits_the_shipped_text_and_round_trips():
    train_ids, val_ids, chars = shakespeare.load(validation_fraction=0.1)
    text = shakespeare.text()
    assert len(train_ids) + len(val_ids) == len(text)
    assert len(train_ids) == len(text) * 9 // 10
    assert chars.decode(np.concatenate([train_ids, val_ids])) == text
    assert len(chars) == len(set(text)) and list(chars.chars) == sorted(set(text))
    assert train_ids.dtype == np.int32 and val_ids.max() < len(chars)


def test_shakespeare_characters_refuse_unknown_characters():
    chars = shakespeare.Characters.of("abc")
    np.testing.assert_array_equal(chars.encode("cab"), [2, 0, 1])
    with pytest.raises(ValueError, match=r"\['z'\]"):
        chars.encode("abz")


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.1])
def test_shakespeare_refuses_a_bad_validation_fraction(bad):
    with pytest.raises(ValueError, match="validation_fraction"):
        shakespeare.load(validation_fraction=bad)

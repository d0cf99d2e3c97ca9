"""Tests of lstmstate.batching: the stream layout for stateful RNNs, and its inverse."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lstmstate import batchify, batchify_pairs, unbatchify


def test_batchify_lays_out_the_documented_example():
    batches = batchify(np.arange(12), batch_size=2, steps=3)
    expected = np.array([[[0, 1, 2], [6, 7, 8]], [[3, 4, 5], [9, 10, 11]]])
    np.testing.assert_array_equal(batches, expected)


def test_batchify_keeps_the_item_shape_and_dtype():
    stream = np.arange(40, dtype="float32").reshape(20, 2)
    batches = batchify(stream, batch_size=2, steps=5)
    assert batches.shape == (2, 2, 5, 2)
    assert batches.dtype == np.float32
    # Row 1 of batch 0 starts at the middle of the stream (column 1).
    np.testing.assert_array_equal(batches[0, 1, 0], stream[10])


def test_batchify_accepts_lists_and_numpy_integers():
    batches = batchify(list(range(6)), np.int64(3), np.int32(2))
    np.testing.assert_array_equal(batches, [[[0, 1], [2, 3], [4, 5]]])


def test_batchify_drops_the_tail_that_does_not_fill_a_batch():
    batches = batchify(np.arange(17), batch_size=2, steps=4)
    assert batches.shape == (2, 2, 4)
    np.testing.assert_array_equal(unbatchify(batches), np.arange(16))


def test_batchify_result_does_not_share_memory_with_the_stream():
    stream = np.arange(8)
    batches = batchify(stream, 2, 2)
    batches[0, 0, 0] = 99
    assert stream[0] == 0


@pytest.mark.parametrize(("length", "batch_size", "steps"), [(5, 2, 3), (0, 1, 1), (11, 4, 3)])
def test_batchify_refuses_a_stream_shorter_than_one_batch(length, batch_size, steps):
    with pytest.raises(ValueError, match=rf"length {length} is too short") as info:
        batchify(np.zeros(length), batch_size, steps)
    assert f"= {batch_size * steps} items" in str(info.value)


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, "2", None])
def test_batchify_refuses_bad_batch_sizes_and_steps(bad):
    with pytest.raises(ValueError, match=r"batch_size must be a positive integer, got"):
        batchify(np.zeros(100), bad, 2)
    with pytest.raises(ValueError, match=r"steps must be a positive integer, got"):
        batchify(np.zeros(100), 2, bad)


def test_batchify_refuses_a_scalar_stream():
    with pytest.raises(ValueError, match="got a scalar"):
        batchify(np.float32(3), 1, 1)


@pytest.mark.parametrize("shape", [(), (4,), (2, 3)])
def test_unbatchify_refuses_fewer_than_three_dimensions(shape):
    with pytest.raises(ValueError, match=r"\(n_batches, batch_size, steps, \.\.\.\)") as info:
        unbatchify(np.zeros(shape))
    assert str(shape) in str(info.value)


def test_batchify_pairs_targets_are_the_next_items_across_batches():
    x, y = batchify_pairs(np.arange(25), batch_size=2, steps=3)
    assert x.shape == y.shape == (4, 2, 3)
    np.testing.assert_array_equal(y, x + 1)
    # The target of the last step of a row is the first input of that row in the next batch.
    np.testing.assert_array_equal(y[:-1, :, -1], x[1:, :, 0])


def test_batchify_pairs_needs_one_item_more_than_a_batch():
    x, y = batchify_pairs(np.arange(7), batch_size=2, steps=3)
    np.testing.assert_array_equal(x, [[[0, 1, 2], [3, 4, 5]]])
    np.testing.assert_array_equal(y, [[[1, 2, 3], [4, 5, 6]]])
    with pytest.raises(ValueError, match=r"needs batch_size \* steps \+ 1 = 7 items"):
        batchify_pairs(np.arange(6), batch_size=2, steps=3)


def test_batchify_pairs_checks_its_arguments():
    with pytest.raises(ValueError, match="steps must be a positive integer"):
        batchify_pairs(np.arange(10), 2, 0)
    with pytest.raises(ValueError, match="got a scalar"):
        batchify_pairs(5, 1, 1)


layouts = st.tuples(
    st.integers(1, 150),  # stream length
    st.integers(1, 6),  # batch size
    st.integers(1, 6),  # steps
    st.sampled_from([(), (2,), (1, 3)]),  # item shape
)


@settings(max_examples=200)
@given(layouts)
def test_batchify_property_round_trip_and_continuity(layout):
    length, batch_size, steps, item_shape = layout
    assume(length >= batch_size * steps)
    # Track where each item comes from: positions in the stream.
    pos = batchify(np.arange(length), batch_size, steps)
    n_batches = length // (batch_size * steps)
    assert pos.shape == (n_batches, batch_size, steps)
    # Within a row the steps follow each other ...
    np.testing.assert_array_equal(np.diff(pos, axis=2), 1)
    # ... and row i of batch k + 1 starts right after row i of batch k ended.
    np.testing.assert_array_equal(pos[1:, :, 0], pos[:-1, :, -1] + 1)
    # Rows are contiguous columns of equal length; every used item appears once.
    np.testing.assert_array_equal(pos[0, :, 0], np.arange(batch_size) * n_batches * steps)
    used = n_batches * batch_size * steps
    np.testing.assert_array_equal(np.sort(pos.ravel()), np.arange(used))
    # Items of any shape follow their positions, and unbatchify gives the used stream back.
    stream = np.random.default_rng(length).normal(size=(length, *item_shape))
    batches = batchify(stream, batch_size, steps)
    assert batches.shape == (n_batches, batch_size, steps, *item_shape)
    np.testing.assert_array_equal(batches, stream[pos])
    np.testing.assert_array_equal(unbatchify(batches), stream[:used])


@settings(max_examples=100)
@given(layouts)
def test_batchify_pairs_property_targets_follow_inputs(layout):
    length, batch_size, steps, _ = layout
    assume(length >= batch_size * steps + 1)
    x, y = batchify_pairs(np.arange(length), batch_size, steps)
    np.testing.assert_array_equal(y, x + 1)
    np.testing.assert_array_equal(x, batchify(np.arange(length - 1), batch_size, steps))

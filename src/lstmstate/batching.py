"""Lay out one long stream in batches for a stateful RNN, and back.

A stateful layer keeps one state per row of the batch: row ``i`` of batch ``k + 1``
continues where row ``i`` of batch ``k`` stopped. So a long stream is cut into
``batch_size`` contiguous columns, and each batch takes the next ``steps`` items of every
column (the layout of ``batchify`` in PyTorch's word_language_model example).

With a stream ``0 1 2 ... 11``, ``batch_size=2`` and ``steps=3``:

```text
column 0: 0 1 2 | 3  4  5        batch 0: [[0 1 2], [6 7  8]]
column 1: 6 7 8 | 9 10 11        batch 1: [[3 4 5], [9 10 11]]
```

Only whole batches are made: the tail of the stream that does not fill one more batch
(fewer than ``batch_size * steps`` items) is dropped, so that every batch has the same
static shape, which a stateful model needs.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lstmstate._util import positive_int

__all__ = ["batchify", "unbatchify", "batchify_pairs"]


def batchify(stream: ArrayLike, batch_size: int, steps: int) -> np.ndarray:
    """Cut ``stream`` into batches whose rows continue each other from batch to batch.

    Args:
        stream: An array of shape ``(T, ...)``: ``T`` time steps, each of any shape.
        batch_size: Rows per batch: the number of columns the stream is cut into (the
            batch size the stateful model was built with).
        steps: Time steps per row of a batch.

    Returns:
        An array of shape ``(n_batches, batch_size, steps, ...)`` with
        ``n_batches = T // (batch_size * steps)``, where ``result[k + 1, i, 0]`` is the
        item of the stream that follows ``result[k, i, -1]``. The last
        ``T % (batch_size * steps)`` items of the stream are dropped. To feed it to
        ``fit``, flatten the first two axes and keep the order:
        ``model.fit(x.reshape(-1, *x.shape[2:]), ..., batch_size=batch_size,
        shuffle=False)``.

    Raises:
        ValueError: if ``batch_size`` or ``steps`` is not a positive integer, if the
            stream is a scalar, or if it is shorter than one batch
            (``batch_size * steps`` items).

    Examples:
        >>> import numpy as np
        >>> from lstmstate import batchify
        >>> batchify(np.arange(12), batch_size=2, steps=3).tolist()
        [[[0, 1, 2], [6, 7, 8]], [[3, 4, 5], [9, 10, 11]]]
    """
    batch_size = positive_int("batch_size", batch_size)
    steps = positive_int("steps", steps)
    array = np.asarray(stream)
    if array.ndim == 0:
        raise ValueError("stream must be an array of shape (T, ...), got a scalar")
    per_batch = batch_size * steps
    n_batches = len(array) // per_batch
    if n_batches == 0:
        raise ValueError(
            f"stream of length {len(array)} is too short for one batch of batch_size={batch_size}"
            f" rows x steps={steps} steps = {per_batch} items"
        )
    item_shape = array.shape[1:]
    # Column i is the i-th contiguous slice of the used stream; batch k takes its k-th chunk.
    columns = array[: n_batches * per_batch].reshape(batch_size, n_batches, steps, *item_shape)
    return np.ascontiguousarray(columns.swapaxes(0, 1))


def unbatchify(batches: ArrayLike) -> np.ndarray:
    """Undo ``batchify``: put the columns back end to end.

    Args:
        batches: An array of shape ``(n_batches, batch_size, steps, ...)``.

    Returns:
        The stream of shape ``(n_batches * batch_size * steps, ...)``: the part of the
        original stream that ``batchify`` used (without the dropped tail).

    Raises:
        ValueError: if ``batches`` has fewer than 3 dimensions.

    Examples:
        >>> import numpy as np
        >>> from lstmstate import batchify, unbatchify
        >>> unbatchify(batchify(np.arange(13), 2, 3)).tolist()
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    """
    array = np.asarray(batches)
    if array.ndim < 3:
        raise ValueError(
            "batches must have shape (n_batches, batch_size, steps, ...), "
            f"got an array of shape {array.shape}"
        )
    n_batches, batch_size, steps, *item_shape = array.shape
    return array.swapaxes(0, 1).reshape(n_batches * batch_size * steps, *item_shape)


def batchify_pairs(stream: ArrayLike, batch_size: int, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Batch a stream as inputs and next-step targets, for language modelling.

    ``x`` is ``batchify(stream[:-1], ...)`` and ``y`` is ``batchify(stream[1:], ...)``, so
    ``y[k, i, t]`` is the item that follows ``x[k, i, t]`` in the stream, including across
    the end of a row (``y[k, i, -1] == x[k + 1, i, 0]``).

    Args:
        stream: An array of shape ``(T, ...)``.
        batch_size: Rows per batch.
        steps: Time steps per row.

    Returns:
        ``(x, y)``, both of shape ``(n_batches, batch_size, steps, ...)`` with
        ``n_batches = (T - 1) // (batch_size * steps)``.

    Raises:
        ValueError: as ``batchify``, and if the stream has fewer than
            ``batch_size * steps + 1`` items (one batch of inputs and their targets).

    Examples:
        >>> import numpy as np
        >>> from lstmstate import batchify_pairs
        >>> x, y = batchify_pairs(np.arange(13), 2, 3)
        >>> x[0].tolist(), y[0].tolist()
        ([[0, 1, 2], [6, 7, 8]], [[1, 2, 3], [7, 8, 9]])
    """
    array = np.asarray(stream)
    if array.ndim == 0:
        raise ValueError("stream must be an array of shape (T, ...), got a scalar")
    batch_size = positive_int("batch_size", batch_size)
    steps = positive_int("steps", steps)
    if len(array) < batch_size * steps + 1:
        raise ValueError(
            f"stream of length {len(array)} is too short for one batch of inputs and targets:"
            f" it needs batch_size * steps + 1 = {batch_size * steps + 1} items"
        )
    return batchify(array[:-1], batch_size, steps), batchify(array[1:], batch_size, steps)

"""Score a next-id model (a character model, say) on a held-out stream, with or without state.

The same trained weights can read a stream two ways: cut into windows that each start from
a blank state, or as one walk with the state carried from window to window. Comparing the
two shows what the carried state is worth.
"""

from __future__ import annotations

import math

import keras
import numpy as np
from numpy.typing import ArrayLike

from lstmstate._util import positive_int
from lstmstate.batching import batchify_pairs
from lstmstate.inference import inference_copy

__all__ = ["bits_by_position"]


def bits_by_position(
    model: keras.Model,
    ids: ArrayLike,
    window: int,
    *,
    carry_state: bool,
    from_logits: bool = True,
) -> np.ndarray:
    """The cost, in bits, of predicting each next id of ``ids``, by position in the window.

    ``ids`` is cut into consecutive windows of ``window`` ids; the target of each id is the
    one that follows it. The model reads the windows in one of two ways:

    - ``carry_state=False``: every window from a blank (zero) state, all in one call;
    - ``carry_state=True``: one window per call, in order, the state carried from each call
      to the next: one walk through the whole stream.

    Either way it reads a stateful copy of ``model`` (``inference_copy``), so ``model``
    itself and its state are left as they are.

    Args:
        model: A trained model from ids ``(batch, T)`` to scores ``(batch, T, n_ids)``,
            e.g. ``Embedding`` then an RNN with ``return_sequences=True`` then ``Dense``.
        ids: The stream, a 1-D sequence of ids, at least ``window + 1`` long. The tail
            that does not fill a whole window is left out.
        window: Ids per window (per call).
        carry_state: Carry the state across windows (one walk), or not (blank windows).
        from_logits: Whether the model's scores are logits (no softmax at its end).

    Returns:
        The mean cross-entropy in bits at each position of the window, shape ``(window,)``.
        Its mean is the bits per id over the whole stream.

    Raises:
        ValueError: if ``ids`` is not 1-D or is too short, or ``window`` is not a positive
            integer; ``inference_copy``'s errors if the model cannot be copied.
    """
    window = positive_int("window", window)
    stream = np.asarray(ids)
    if stream.ndim != 1:
        raise ValueError(f"ids must be a 1-D stream of ids, got shape {stream.shape}")
    n = (len(stream) - 1) // window
    if n < 1:
        raise ValueError(f"ids holds {len(stream)} ids; a window of {window} needs {window + 1}")
    # One column of n windows in stream order, and the id that follows each id.
    x, y = (pairs.reshape(n, window) for pairs in batchify_pairs(stream, 1, window))
    rows = 1 if carry_state else n
    # Stateful either way: with one row, predict() walks the windows in order and the state
    # flows on between them (predict never resets it); with n rows, each window is one row
    # of a single call from the copy's blank state.
    reader = inference_copy(model, batch_size=rows, steps=window)
    scores = reader.predict(x, batch_size=rows, verbose=0)
    nats = keras.losses.sparse_categorical_crossentropy(y, scores, from_logits=from_logits)
    return keras.ops.convert_to_numpy(nats).mean(axis=0) / math.log(2)

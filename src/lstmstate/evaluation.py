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

from lstmstate._util import positive_int, require_model
from lstmstate.batching import batchify_pairs
from lstmstate.inference import inference_copy

__all__ = ["bits_by_position"]


def _check_probabilities(scores: np.ndarray) -> None:
    """Refuse scores that are not probabilities, before they are read as such."""
    scores = np.asarray(scores, dtype="float64")
    sums = scores.sum(axis=-1)
    if scores.min() < 0 or scores.max() > 1 or not np.allclose(sums, 1.0, atol=1e-3):
        raise ValueError(
            "from_logits=False, but the model's scores are not probabilities (they range over "
            f"[{scores.min():.3g}, {scores.max():.3g}] and rows sum to {sums.min():.3g} to "
            f"{sums.max():.3g}): pass from_logits=True for a model without a softmax at its end"
        )


def bits_by_position(
    model: keras.Model,
    ids: ArrayLike,
    window: int,
    *,
    carry_state: bool,
    from_logits: bool = False,
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
            ``False`` by default, as in Keras' losses
            (``keras.losses.sparse_categorical_crossentropy``, Keras 3.15): the scores are
            then probabilities, and are checked to be (each row in [0, 1], summing to 1).

    Returns:
        The mean cross-entropy in bits at each position of the window, shape ``(window,)``.
        Its mean is the bits per id over the whole stream.

    Raises:
        TypeError: if ``model`` is not a Keras 3 model.
        ValueError: if ``ids`` is not 1-D or is too short, or ``window`` is not a positive
            integer; if ``from_logits=False`` and the scores are not probabilities (pass
            ``from_logits=True`` for a model without a softmax at its end);
            ``inference_copy``'s errors if the model cannot be copied.

    Examples:
        A model that knows nothing (all scores equal) pays log2(n_ids) bits per id:

        >>> import keras, numpy as np
        >>> from lstmstate import bits_by_position
        >>> model = keras.Sequential([
        ...     keras.Input((None,), dtype="int32"), keras.layers.Embedding(4, 2),
        ...     keras.layers.LSTM(3, return_sequences=True),
        ...     keras.layers.Dense(4, kernel_initializer="zeros"),
        ... ])
        >>> bits = bits_by_position(model, np.arange(41) % 4, 5, carry_state=True, from_logits=True)
        >>> bits.round(6).tolist()
        [2.0, 2.0, 2.0, 2.0, 2.0]
    """
    require_model("model", model)
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
    if not from_logits:
        _check_probabilities(scores)
    nats = keras.losses.sparse_categorical_crossentropy(y, scores, from_logits=from_logits)
    return keras.ops.convert_to_numpy(nats).mean(axis=0) / math.log(2)

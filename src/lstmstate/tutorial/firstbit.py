"""The data of the long-memory chapter: sequences labelled by the value of their first step.

The task comes from Philippe Rémy's post *Stateful LSTM in Keras* (2016, "Self-explanatory
Examples of Stateful LSTMs"): every step is 0 except the first, which is 1 in exactly half of
the sequences. To answer after the last step, a model must carry the first step's value
across every step in between. The four listings of the chapter share it, so it lives here.
"""

from __future__ import annotations

import numpy as np

from lstmstate._util import positive_int

__all__ = ["sequences", "label_every_step", "accuracy_summary"]


def sequences(
    n_train: int = 1000,
    n_test: int = 200,
    steps: int = 20,
    rng: np.random.Generator | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Sequences of zeros whose first step is 1.0 in half of them, labelled by that step.

    As in the post: ``n_train + n_test`` sequences are drawn together, exactly half of them
    (rounded down), chosen at random without replacement, start with 1.0; every other value
    is 0.0. The first ``n_train`` train and the rest test, so either split holds about half.

    Args:
        n_train: How many sequences to train on.
        n_test: How many held-out sequences: the last ``n_test`` of those drawn.
        steps: Time steps per sequence.
        rng: Which sequences start with 1.0. ``None`` draws from NumPy's global generator, which
            ``keras.utils.set_random_seed`` seeds: a listing that seeds Keras first gets the
            same sequences on every run.

    Returns:
        ``(x_train, y_train, x_test, y_test)``, float32: ``x`` of shape ``(n, steps, 1)`` and
        ``y`` of shape ``(n, 1)``, where ``y[i] == x[i, 0]``.

    Raises:
        ValueError: if a count is not a positive integer.
    """
    n_train = positive_int("n_train", n_train)
    n_test = positive_int("n_test", n_test)
    steps = positive_int("steps", steps)
    n = n_train + n_test
    choose = np.random.choice if rng is None else rng.choice
    x = np.zeros((n, steps, 1), dtype="float32")
    x[choose(n, size=n // 2, replace=False), 0] = 1.0
    y = x[:, 0].copy()
    return x[:n_train], y[:n_train], x[n_train:], y[n_train:]


def label_every_step(y: np.ndarray, steps: int) -> np.ndarray:
    """Repeat each sequence's label at every step: shape ``(n, 1)`` to ``(n, steps, 1)``.

    The targets of a model that answers after each step (``return_sequences=True``).
    """
    steps = positive_int("steps", steps)
    y = np.asarray(y)
    if y.ndim != 2:
        raise ValueError(f"y must have shape (n, features), got {y.shape}")
    return np.repeat(y[:, np.newaxis], steps, axis=1)


def accuracy_summary(by_step: np.ndarray) -> str:
    """Three lines that sum up a test accuracy measured after each step of the sequences.

    Over all steps, after the first step (where the input holds the label) and after the
    last (where only a memory of the first step can answer), to three decimals.
    """
    by_step = np.asarray(by_step, dtype="float64")
    if by_step.ndim != 1 or len(by_step) == 0:
        raise ValueError(f"by_step must hold one accuracy per step, got shape {by_step.shape}")
    return "\n".join(
        [
            f"Test accuracy over all {len(by_step)} steps: {by_step.mean():.3f}",
            f"Test accuracy after the first step: {by_step[0]:.3f}",
            f"Test accuracy after the last step: {by_step[-1]:.3f}",
        ]
    )

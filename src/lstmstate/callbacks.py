"""A callback that resets the state of stateful RNN layers during ``fit``.

Keras 3 never resets recurrent state on its own: without a reset, the state at the end of
one epoch flows into the first batch of the next, and the state left by training flows
into validation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import keras

from lstmstate._util import is_int, positive_int
from lstmstate.backends import require_carried_states
from lstmstate.layers import reset_states, stateful_layers

__all__ = ["ResetStates"]


class ResetStates(keras.callbacks.Callback):
    """Reset the model's stateful RNN layers at the start of each epoch or sequence.

    Three schedules, all counted in batches *of the current epoch* (Keras numbers the
    batches from 0 again in every epoch):

    - ``ResetStates()``: at the start of each epoch only.
    - ``ResetStates(every_batches=4)``: before batches 0, 4, 8, ... of each epoch; use it
      when each sequence is fed as 4 consecutive batches (truncated backpropagation).
    - ``ResetStates(boundaries={0, 3, 10})``: before each batch whose index is listed;
      use it when sequences of different lengths follow each other.

    With a batch schedule the state is also reset at the start of each epoch (the data
    starts again from its beginning) unless ``each_epoch=False``. By default the state is
    also reset before validation or ``evaluate``, so that it does not start from the state
    training left behind.

    Args:
        every_batches: Reset before every batch whose index in the epoch is a multiple of
            this (a positive integer).
        boundaries: Reset before the batches with these indices (non-negative integers).
        each_epoch: Also reset at the start of each epoch.
        before_test: Also reset at the start of validation and of ``evaluate``.

    Raises:
        ValueError: if both ``every_batches`` and ``boundaries`` are given, if either holds
            an invalid number, or if the schedule resets nothing at all. At the start of
            training: if the model has no stateful RNN layer, or if a batch schedule is
            asked while the model was compiled with ``steps_per_execution`` other than 1
            (Keras then calls batch callbacks only once every ``steps_per_execution``
            batches, so resets would be skipped).
        StateNotCarriedError: at the start of training, on JAX or PyTorch, if a stateful
            layer was not prepared with ``carry_states`` (Keras would drop its state on JAX
            and fail in the backward pass on PyTorch).

    Examples:
        Each sequence of 10 steps is fed as 5 batches of 2 steps, so reset every 5 batches:

        >>> import keras, numpy as np
        >>> from lstmstate import ResetStates, carry_states
        >>> model = keras.Sequential([
        ...     keras.Input(batch_shape=(4, 2, 1)), keras.layers.LSTM(3, stateful=True),
        ...     keras.layers.Dense(1),
        ... ])
        >>> model = carry_states(model)  # JAX, PyTorch: see lstmstate.backends
        >>> model.compile(optimizer="adam", loss="mse")
        >>> x, y = np.zeros((40, 2, 1)), np.zeros((40, 1))
        >>> history = model.fit(x, y, batch_size=4, shuffle=False, epochs=2, verbose=0,
        ...                     callbacks=[ResetStates(every_batches=5)])
        >>> len(history.history["loss"])
        2
    """

    def __init__(
        self,
        every_batches: int | None = None,
        boundaries: Iterable[int] | None = None,
        *,
        each_epoch: bool = True,
        before_test: bool = True,
    ) -> None:
        super().__init__()
        if every_batches is not None and boundaries is not None:
            raise ValueError("give every_batches or boundaries, not both")
        if every_batches is not None:
            every_batches = positive_int("every_batches", every_batches)
        boundary_set: frozenset[int] | None = None
        if boundaries is not None:
            if is_int(boundaries, minimum=0):
                raise ValueError(
                    f"boundaries must be a collection of batch indices, got {boundaries!r}; "
                    f"for a reset every {boundaries} batches use every_batches={boundaries}"
                )
            boundary_list = list(boundaries)
            if not boundary_list:
                raise ValueError("boundaries is empty; to reset once per epoch use ResetStates()")
            bad = [b for b in boundary_list if not is_int(b, minimum=0)]
            if bad:
                raise ValueError(f"boundaries must be batch indices (integers >= 0), got {bad!r}")
            boundary_set = frozenset(int(b) for b in boundary_list)
        if not each_epoch and every_batches is None and boundary_set is None:
            raise ValueError(
                "nothing to reset: each_epoch=False and no every_batches or boundaries"
            )
        self.every_batches = every_batches
        self.boundaries = boundary_set
        self.each_epoch = each_epoch
        self.before_test = before_test

    @property
    def _batch_schedule(self) -> bool:
        return self.every_batches is not None or self.boundaries is not None

    def _describe(self) -> str:
        if self.every_batches is not None:
            return f"ResetStates(every_batches={self.every_batches})"
        return f"ResetStates(boundaries={sorted(self.boundaries or ())})"

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        """Check, before the first batch, that the schedule can work with this model."""
        if not stateful_layers(self.model):
            raise ValueError(
                "ResetStates: the model has no stateful RNN layer, so there is no state to "
                "reset. Build the recurrent layers with stateful=True and the model with "
                "keras.Input(batch_shape=(batch_size, steps, features))."
            )
        require_carried_states(self.model, "fit", training=True)
        steps = getattr(self.model, "steps_per_execution", 1)
        # "auto" or any value other than 1 may skip batch hooks: refuse rather than guess.
        if self._batch_schedule and not (is_int(steps, minimum=1) and steps == 1):
            how_often = f"once every {steps} batches" if is_int(steps, 1) else "not on every batch"
            raise ValueError(
                f"{self._describe()} must run before every batch, but the model was compiled "
                f"with steps_per_execution={steps!r}, so Keras calls batch callbacks "
                f"{how_often} and some resets would be skipped. Compile with "
                "steps_per_execution=1, or reset once per epoch with ResetStates()."
            )

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        """Reset at the start of each epoch (unless ``each_epoch=False``)."""
        if self.each_epoch:
            reset_states(self.model)

    def on_train_batch_begin(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        """Reset before a batch that starts a new sequence under the batch schedule."""
        if self.every_batches is not None and batch % self.every_batches == 0:
            reset_states(self.model)
        elif self.boundaries is not None and batch in self.boundaries:
            reset_states(self.model)

    def on_test_begin(self, logs: dict[str, Any] | None = None) -> None:
        """Reset before validation or ``evaluate`` (unless ``before_test=False``)."""
        if self.before_test:
            reset_states(self.model)

"""The feeding chapter's probe: a model whose state shows which sample sat in each row of a batch.

One stateful ``SimpleRNN`` unit with kernel 1, recurrent kernel 0, no activation and no bias: its
state after a batch is each row's last input value. Give sample ``i`` the number ``i`` and the
state read after a batch lists the samples that batch held, row by row. It is compiled with
learning rate 0, so ``fit`` never changes it, and ``lstmstate.carry_states`` makes ``fit`` carry
its state on JAX and PyTorch as on TensorFlow (Keras 3.15.1; see ``lstmstate.backends``).
"""

from __future__ import annotations

import re
from typing import Any

import keras

from lstmstate.backends import carry_states

LAYER_NAME = "probe"
# The part of a wrong-batch-size error that stays the same from run to run: TensorFlow's
# "Incompatible shapes: [2,1] vs. [4,1]", JAX's and PyTorch's "Received batch size: 2".
_BATCH_SIZE_COMPLAINT = re.compile(r"Incompatible shapes: \S+ vs\. \S+|Received batch size: \d+")


def row_probe(batch_size: int, steps: int = 1) -> keras.Model:
    """The probe for batches of ``batch_size`` samples of ``steps`` time steps, one feature.

    Input ``(batch_size, steps, 1)``; output and state ``(batch_size, 1)``: each row's last input
    value. The state is read with ``rows_of``.
    """
    inputs = keras.Input(batch_shape=(batch_size, steps, 1))
    probe = keras.layers.SimpleRNN(
        1,
        stateful=True,
        activation=None,
        use_bias=False,
        kernel_initializer="ones",
        recurrent_initializer="zeros",
        name=LAYER_NAME,
    )
    model = keras.Model(inputs, probe(inputs))
    carry_states(model)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="mse")
    return model


def rows_of(model: keras.Model) -> list[int]:
    """The probe's state as the list of sample numbers, one per row of the last batch."""
    state = keras.ops.convert_to_numpy(model.get_layer(LAYER_NAME).states[0])
    return state[:, 0].astype(int).tolist()


class BatchRows(keras.callbacks.Callback):
    """Records the rows of each training batch (``train``), each validation batch (``validate``)
    and the state at the end of the last epoch (``at_epoch_end``), read through ``self.model``
    (on JAX that brings the carried state back into the layer first)."""

    def on_train_begin(self, logs: Any = None) -> None:
        self.train: list[list[int]] = []
        self.validate: list[list[int]] = []

    def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
        self.train.append(rows_of(self.model))

    def on_test_batch_end(self, batch: int, logs: Any = None) -> None:
        self.validate.append(rows_of(self.model))

    def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
        self.at_epoch_end = rows_of(self.model)


def batch_size_complaint(error: BaseException) -> str:
    """The stable part of a backend's error about a batch of the wrong size, for printing.

    Returns the shapes or the batch size the message names, or "no shape in message".
    """
    found = _BATCH_SIZE_COMPLAINT.search(str(error))
    return found.group(0) if found else "no shape in message"

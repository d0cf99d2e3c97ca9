"""Which samples fit(shuffle=...) puts in each batch, and in which row."""

import inspect

import keras
import numpy as np
from lstmstate import carry_states

keras.utils.set_random_seed(5)

# --8<-- [start:probe]
BATCH = 4
# A probe, not a model to train: one stateful unit whose state after a batch
# is that batch's input (kernel 1, recurrent kernel 0, no activation, no
# bias). Sample i holds the number i, so the state read after each batch
# lists the samples the batch held, row by row.
inputs = keras.Input(batch_shape=(BATCH, 1, 1))
probe = keras.layers.SimpleRNN(
    1,
    stateful=True,
    activation=None,
    use_bias=False,
    kernel_initializer="ones",
    recurrent_initializer="zeros",
)
model = keras.Model(inputs, probe(inputs))
# JAX and PyTorch: let fit carry the state as on TensorFlow, where this
# changes nothing
carry_states(model)
# learning rate 0: the weights never change
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="mse")


class Batches(keras.callbacks.Callback):
    """Records, after each training batch, which sample each row held."""

    def on_train_begin(self, logs=None):
        self.seen = []

    # Read through self.model: on JAX, that brings the carried state back
    # into the layer first.
    def on_train_batch_end(self, batch, logs=None):
        state = self.model.get_layer(probe.name).states[0].numpy()
        self.seen.append(state[:, 0].astype(int).tolist())


# --8<-- [end:probe]


# --8<-- [start:shuffle]
x = np.arange(12, dtype="float32").reshape(12, 1, 1)  # sample i holds i
y = x[:, 0]
# Laid out for a stateful model: row i of batch k+1 continues row i of
# batch k, so the batches must come exactly as cut: [0..3], [4..7], [8..11].
as_laid_out = np.arange(12).reshape(-1, BATCH).tolist()
default = inspect.signature(keras.Model.fit).parameters["shuffle"].default
print("fit's default: shuffle =", default)
for shuffle in (True, "batch", False):
    record = Batches()
    model.fit(
        x,
        y,
        batch_size=BATCH,
        shuffle=shuffle,
        epochs=1,
        verbose=0,
        callbacks=[record],
    )
    same_sets = [sorted(rows) for rows in record.seen] == as_laid_out
    print(f"shuffle={shuffle!r}: batches {record.seen}")
    print(f"  each batch holds its own 4 samples: {same_sets}")
    print(f"  every row continues its stream: {record.seen == as_laid_out}")
# --8<-- [end:shuffle]

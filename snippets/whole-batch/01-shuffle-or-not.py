"""The whole data set as one batch: does keeping it in order (shuffle=False) matter?

The book fed all 25 pairs as one batch with shuffle=False for 5000 epochs, reached 100%, and
explained it as the LSTM using the order of the samples inside the batch. Train the same
model (16 units, batch of 25) twice from the same starting weights: once in order, once
with the 25 pairs in a new random order at every update. Both reach 100%.
"""

import keras
import matplotlib
import numpy as np
import tensorflow as tf
from lstmstate.alphabet import ALPHABET, scale, windows

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - after choosing the file-only backend

keras.utils.set_random_seed(7)
tf.config.experimental.enable_op_determinism()

letters, next_letters = windows(1)  # A->B ... Y->Z: 25 pairs
x = scale(letters).reshape(25, 1, 1)
y = keras.utils.to_categorical(next_letters, num_classes=len(ALPHABET))

model = keras.Sequential([
    keras.Input(shape=(1, 1)),
    keras.layers.LSTM(16, unroll=True),  # one time step: no need for a loop
    keras.layers.Dense(len(ALPHABET), activation="softmax"),
])
start_weights = model.get_weights()

# --8<-- [start:train]
# 50 copies of the 25 pairs, cut into batches of 25: every batch is the whole data set,
# and one epoch is 50 updates, run in one call into TensorFlow. 12 epochs = 600 updates.
COPIES = 50
x_copies, y_copies = np.tile(x, (COPIES, 1, 1)), np.tile(y, (COPIES, 1))
curves = {}
# shuffle="batch" reorders the rows inside each batch: the whole alphabet in a new random
# order at every update, as shuffle=True did for the book's single batch of 25.
for shuffle in (False, "batch"):
    model.set_weights(start_weights)
    model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(0.02),
                  steps_per_execution=COPIES)
    history = model.fit(x_copies, y_copies, batch_size=25, epochs=12, shuffle=shuffle, verbose=0)
    accuracy = np.mean(model.predict_on_batch(x).argmax(axis=1) == next_letters)
    print(f"shuffle={shuffle!r}: Model accuracy: {accuracy:.2%}, "
          f"final loss {history.history['loss'][-1]:.4f}")
    curves[shuffle] = history.history["loss"]
# --8<-- [end:train]
# The loss is a mean over the batch, and a mean does not depend on the order of its terms.
gap = abs(curves[False][-1] - curves["batch"][-1])
print(f"Difference between the final losses: {gap:.4f}")

fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
for shuffle, losses in curves.items():
    ax.plot(np.arange(1, 13) * COPIES, losses, label=f"shuffle={shuffle!r}")
ax.set(xlabel="updates (batch = all 25 pairs)", ylabel="loss")
ax.legend()
fig.savefig("whole-batch-shuffle.png", bbox_inches="tight")

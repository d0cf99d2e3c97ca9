"""The whole data set as one batch, in order or shuffled."""

import keras
import matplotlib
import numpy as np
import tensorflow as tf
from lstmstate.tutorial.alphabet import ALPHABET, scale, windows

matplotlib.use("Agg")
# imported after choosing the file-only backend
import matplotlib.pyplot as plt  # noqa: E402

keras.utils.set_random_seed(7)
tf.config.experimental.enable_op_determinism()

letters, next_letters = windows(1)  # A->B ... Y->Z: 25 pairs
x = scale(letters).reshape(25, 1, 1)
y = keras.utils.to_categorical(next_letters, num_classes=len(ALPHABET))

model = keras.Sequential(
    [
        keras.Input(shape=(1, 1)),
        keras.layers.LSTM(
            16, unroll=True
        ),  # one time step: no need for a loop
        keras.layers.Dense(len(ALPHABET), activation="softmax"),
    ]
)
start_weights = model.get_weights()

# --8<-- [start:train]
# Two streams of batches, each batch the whole data set (25 pairs):
# in the same order every time (fit's shuffle=False), or in a new random order
# every time
# (what fit's shuffle=True did to the book's single batch of 25). The pipelines
# repeat
# without end; fit runs 12 epochs of 50 updates (600 updates), each epoch in
# one call.
streams = {
    "shuffle=False": tf.data.Dataset.from_tensors((x, y)).repeat(),
    "shuffle=True": tf.data.Dataset.from_tensor_slices((x, y))
    .shuffle(25)
    .batch(25)
    .repeat(),
}
curves = {}
for name, batches in streams.items():
    model.set_weights(start_weights)  # same starting point for both
    model.compile(
        loss="categorical_crossentropy",
        optimizer=keras.optimizers.Adam(0.02),
        steps_per_execution=50,
    )
    history = model.fit(batches, epochs=12, steps_per_epoch=50, verbose=0)
    accuracy = np.mean(
        model.predict_on_batch(x).argmax(axis=1) == next_letters
    )
    print(
        f"{name}: Model accuracy: {accuracy:.2%}, final loss "
        f"{history.history['loss'][-1]:.4f}"
    )
    curves[name] = history.history["loss"]
# --8<-- [end:train]
# The loss is a mean over the batch, and a mean does not depend on the order of
# its terms.
gap = abs(curves["shuffle=False"][-1] - curves["shuffle=True"][-1])
print(f"Difference between the final losses: {gap:.4f}")

fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
for (name, losses), style in zip(curves.items(), ("-", "--")):
    # dashed: on top of the solid one
    ax.plot(np.arange(1, 13) * 50, losses, style, label=name)
ax.set(xlabel="updates (batch = all 25 pairs)", ylabel="loss")
ax.legend()
fig.savefig("whole-batch-shuffle.png", bbox_inches="tight")

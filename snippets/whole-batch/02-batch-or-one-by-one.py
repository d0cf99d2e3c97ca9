"""Predicting a batch equals predicting one sample at a time."""

import keras
import matplotlib
import numpy as np
from lstmstate.tutorial.alphabet import ALPHABET, decode, scale, windows

matplotlib.use("Agg")
# imported after choosing the file-only backend
import matplotlib.pyplot as plt  # noqa: E402

keras.utils.set_random_seed(7)
# float64: in float32, a matrix product over 1 row or over 25 rows rounds
# differently (about
# 1e-6 here), which would blur the comparison. In float64 that rounding falls
# to about 1e-16.
keras.config.set_floatx("float64")

letters, next_letters = windows(1)
x = scale(letters).astype("float64")[:, np.newaxis, np.newaxis]  # (25, 1, 1)
y = keras.utils.to_categorical(next_letters, len(ALPHABET))

model = keras.Sequential(
    [
        keras.Input(shape=(1, 1)),
        keras.layers.LSTM(16, unroll=True),
        keras.layers.Dense(len(ALPHABET), activation="softmax"),
    ]
)
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.02),
    loss="categorical_crossentropy",
    # PyTorch: one update per call (Keras allows no more there)
    steps_per_execution=1 if keras.backend.backend() == "torch" else 100,
)
# The book's setting, in order: every update sees the whole alphabet as one
# batch (600 updates).
history = model.fit(
    np.concatenate([x] * 100),  # an epoch: the whole alphabet, 100 times
    np.concatenate([y] * 100),
    batch_size=len(x),
    epochs=6,
    shuffle=False,
    verbose=0,
)

# --8<-- [start:compare]
whole_batch = model.predict_on_batch(x)  # the 25 letters in one batch
one_by_one = np.concatenate(
    [model.predict_on_batch(x[i : i + 1]) for i in range(25)]
)
reverse = np.arange(24, -1, -1)
# Y first, then back in order
reversed_batch = model.predict_on_batch(x[reverse])[reverse]
print(
    "Model accuracy: "
    f"{np.mean(whole_batch.argmax(axis=1) == next_letters):.2%}"
)
print(
    "Max |whole batch - one at a time|: "
    f"{np.abs(whole_batch - one_by_one).max():.1e}"
)
print(
    "Max |whole batch - reversed batch|: "
    f"{np.abs(whole_batch - reversed_batch).max():.1e}"
)
# --8<-- [end:compare]
# Letters asked in any order, one per sample, still get their successor.
# T V M Q D, as in the book's random test
queries = np.array([19, 21, 12, 16, 3])
answers = model.predict_on_batch(x[queries]).argmax(axis=1)
print(
    " ".join(f"{decode([q])}->{decode([a])}" for q, a in zip(queries, answers))
)

fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
ax.plot(range(100, 601, 100), history.history["loss"], "o-")
ax.set_xlabel("updates on the ordered batch of 25")
ax.set_ylabel("loss")
fig.savefig("whole-batch-loss.png", bbox_inches="tight")

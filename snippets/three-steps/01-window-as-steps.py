"""Three letters as three time steps of one feature."""

import keras
import matplotlib
import numpy as np
from lstmstate.tutorial.alphabet import ALPHABET, decode, scale, windows

matplotlib.use("Agg")
# imported after choosing the file-only backend
import matplotlib.pyplot as plt  # noqa: E402

keras.utils.set_random_seed(7)

letters, next_letters = windows(3)
# --8<-- [start:reshape]
# (samples, time steps, features) = (23, 3, 1): the LSTM reads the window one
# letter at a time.
x = scale(letters)[:, :, np.newaxis]
# --8<-- [end:reshape]
y = keras.utils.to_categorical(next_letters, num_classes=len(ALPHABET))

# --8<-- [start:model]
model = keras.Sequential(
    [
        keras.Input(shape=(3, 1)),
        # unroll=True: three steps are cheaper as straight-line code than as a
        # loop.
        keras.layers.LSTM(32, unroll=True),
        keras.layers.Dense(len(ALPHABET), activation="softmax"),
    ]
)
# --8<-- [end:model]
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.02),
    loss="categorical_crossentropy",
    # PyTorch: one update per call (Keras allows no more there)
    steps_per_execution=1 if keras.backend.backend() == "torch" else 20,
)
# 25 epochs x 20 full-batch updates = 500 updates, as for the three-feature
# model.
history = model.fit(
    np.concatenate([x] * 20),  # an epoch: the full batch, 20 times
    np.concatenate([y] * 20),
    batch_size=len(x),
    epochs=25,
    shuffle=False,
    verbose=0,
)

probabilities = model.predict_on_batch(x)  # the 23 windows, as one batch
hits = probabilities.argmax(axis=1) == next_letters
print(f"Model accuracy: {hits.mean():.2%}")
print(f"Final training loss: {history.history['loss'][-1]:.4f}")
# One letter per window, ABC -> D first: should read D to Z.
print("Predicted next letters:", decode(probabilities.argmax(axis=1)))

fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
ax.semilogy(np.arange(1, 26) * 20, history.history["loss"], marker=".")
ax.set_xlabel("full-batch updates")
ax.set_ylabel("loss (log scale)")
fig.savefig("three-steps-loss.png", bbox_inches="tight")

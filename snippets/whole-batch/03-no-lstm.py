"""Letter to next letter with a small dense network, no LSTM."""

import keras
import numpy as np
import matplotlib
from lstmstate.tutorial.alphabet import ALPHABET, decode, scale, windows

matplotlib.use("Agg")
# imported after choosing the file-only backend
import matplotlib.pyplot as plt  # noqa: E402

keras.utils.set_random_seed(7)

letters, next_letters = windows(1)
x = scale(letters)  # shape (25, 1): one number per sample, no time axis at all
y = keras.utils.to_categorical(next_letters, len(ALPHABET))

# --8<-- [start:model]
mlp = keras.Sequential(
    [
        keras.Input(shape=(1,)),
        # 16 units, as many as the book's LSTM
        keras.layers.Dense(16, activation="tanh"),
        keras.layers.Dense(len(ALPHABET), activation="softmax"),
    ]
)
# --8<-- [end:model]
mlp.compile(
    keras.optimizers.Adam(0.02),
    "categorical_crossentropy",
    # PyTorch: one update per call (Keras allows no more there)
    steps_per_execution=1 if keras.backend.backend() == "torch" else 100,
)
# 600 full-batch updates: 6 epochs of 100 copies of the data set.
history = mlp.fit(
    np.concatenate([x] * 100),
    np.concatenate([y] * 100),
    batch_size=len(x),
    epochs=6,
    shuffle=False,
    verbose=0,
)
losses = history.history["loss"]

predicted = mlp.predict_on_batch(x).argmax(axis=1)
print(f"Model accuracy: {(predicted == next_letters).mean():.2%}")
print(f"Parameters: {mlp.count_params()}")
print("A..Y ->", decode(predicted))

fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
ax.plot([100 * (i + 1) for i in range(len(losses))], losses, "s-")
ax.set(
    xlabel="full-batch updates", ylabel="loss", title="Dense network, no LSTM"
)
fig.savefig("no-lstm-loss.png", bbox_inches="tight")

"""The whole data set as one batch, in order or shuffled."""

import keras
import matplotlib
import numpy as np
from lstmstate.tutorial.alphabet import ALPHABET, scale, windows

matplotlib.use("Agg")
# imported after choosing the file-only backend
import matplotlib.pyplot as plt  # noqa: E402

keras.utils.set_random_seed(7)

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
# Every update sees the whole data set (25 pairs) as one batch: in the same
# order every time (fit's shuffle=False), or in a random order (what fit's
# shuffle=True did to the book's single batch of 25). An epoch is 50 updates,
# run in one call; 12 epochs make 600 updates.
rng = np.random.default_rng(7)
orders = {
    "shuffle=False": np.tile(np.arange(25), 50),
    "shuffle=True": np.concatenate([rng.permutation(25) for _ in range(50)]),
}
curves = {}
for name, order in orders.items():
    model.set_weights(start_weights)  # same starting point for both
    model.compile(
        loss="categorical_crossentropy",
        optimizer=keras.optimizers.Adam(0.02),
        # PyTorch: one update per call (Keras allows no more there)
        steps_per_execution=1 if keras.backend.backend() == "torch" else 50,
    )
    history = model.fit(
        x[order], y[order], batch_size=25, epochs=12, shuffle=False, verbose=0
    )
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

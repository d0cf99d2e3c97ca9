"""Three letters as three features of one time step."""

import keras
import numpy as np
import matplotlib
from lstmstate.tutorial.alphabet import ALPHABET, decode, scale, windows

matplotlib.use("Agg")
# imported after choosing the file-only backend
import matplotlib.pyplot as plt  # noqa: E402

keras.utils.set_random_seed(7)

letters, next_letters = windows(3)  # 23 windows: ABC->D ... WXY->Z
# --8<-- [start:reshape]
# (samples, time steps, features) = (23, 1, 3): the window is read all at once,
# as 3 features.
x = scale(letters).reshape(len(letters), 1, 3)
# --8<-- [end:reshape]
y = keras.utils.to_categorical(next_letters, num_classes=len(ALPHABET))

model = keras.Sequential(
    [
        keras.Input(shape=(1, 3)),
        # one step: straight-line code, no loop to build
        keras.layers.LSTM(32, unroll=True),
        keras.layers.Dense(len(ALPHABET), activation="softmax"),
    ]
)

# --8<-- [start:train]
# Every update sees all 23 windows (full batch). An epoch is 20 copies of
# them, so fit runs 25 "epochs" of 20 updates, each epoch in one call.
model.compile(
    loss="categorical_crossentropy",
    optimizer=keras.optimizers.Adam(0.02),
    # PyTorch: one update per call (Keras allows no more there)
    steps_per_execution=1 if keras.backend.backend() == "torch" else 20,
)
history = model.fit(
    np.concatenate([x] * 20),
    np.concatenate([y] * 20),
    batch_size=len(x),
    epochs=25,
    shuffle=False,
    verbose=0,
)
# --8<-- [end:train]

# All 23 windows are one small batch: predict_on_batch skips predict's batching
# loop.
predicted = model.predict_on_batch(x).argmax(axis=1)
print(f"Model accuracy: {(predicted == next_letters).mean():.2%}")
print(f"Final training loss: {history.history['loss'][-1]:.4f}")
for window, letter in zip(letters, predicted):
    print(f"{decode(window)} -> {decode([letter])}")

fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
ax.plot(range(20, 501, 20), history.history["loss"])
ax.set(
    xlabel="update (full batch)",
    ylabel="training loss",
    title="Window as 3 features",
)
fig.savefig("three-features-loss.png", bbox_inches="tight")

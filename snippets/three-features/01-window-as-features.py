"""Three letters as three features of one time step."""

import keras
import matplotlib
import tensorflow as tf
from lstmstate.tutorial.alphabet import ALPHABET, decode, scale, windows

matplotlib.use("Agg")
# imported after choosing the file-only backend
import matplotlib.pyplot as plt  # noqa: E402

keras.utils.set_random_seed(7)
tf.config.experimental.enable_op_determinism()

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
# Every update sees all 23 windows (full batch); the dataset repeats them
# without end,
# and fit runs 25 "epochs" of 20 updates, each epoch in one call into
# TensorFlow.
full_batch = tf.data.Dataset.from_tensors((x, y)).repeat()
model.compile(
    loss="categorical_crossentropy",
    optimizer=keras.optimizers.Adam(0.02),
    steps_per_execution=20,
)
history = model.fit(full_batch, epochs=25, steps_per_epoch=20, verbose=0)
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

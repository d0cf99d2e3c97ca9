"""Cut each sequence into windows of 10 steps: a stateless LSTM can no longer find the label."""

import keras
import matplotlib
import numpy as np
import tensorflow as tf

matplotlib.use("Agg")
import matplotlib.pyplot as plt

keras.utils.set_random_seed(7)
tf.config.experimental.enable_op_determinism()

# --8<-- [start:data]
# 1200 sequences of 20 random bits; the label is the first bit. 1000 to train, 200 to test.
# (NumPy's global generator was seeded by set_random_seed above.)
x = np.random.randint(0, 2, size=(1200, 20, 1)).astype("float32")
y = x[:, 0]
x_train, y_train, x_test, y_test = x[:1000], y[:1000], x[1000:], y[1000:]
# --8<-- [end:data]

# --8<-- [start:windows]
window = 10
starts = range(20 - window + 1)  # 11 windows per sequence, starting at steps 0..10


def cut(x, y):
    """Every window of `window` steps of every sequence, each labelled with its sequence's label."""
    xs = np.stack([x[:, s : s + window] for s in starts], axis=1)  # (sequences, 11, 10, 1)
    ys = np.repeat(y[:, None], len(starts), axis=1)  # (sequences, 11, 1)
    return xs.reshape(-1, window, 1), ys.reshape(-1, 1)


xw_train, yw_train = cut(x_train, y_train)
xw_test, yw_test = cut(x_test, y_test)
# --8<-- [end:windows]
print("Training windows:", xw_train.shape, "test windows:", xw_test.shape)

# --8<-- [start:model]
model = keras.Sequential(
    [
        keras.Input(shape=(window, 1)),
        keras.layers.LSTM(10),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(
    loss="binary_crossentropy",
    optimizer=keras.optimizers.Adam(learning_rate=0.01),
    metrics=["accuracy"],
)
history = model.fit(
    xw_train, yw_train, batch_size=256, epochs=4, validation_data=(xw_test, yw_test), verbose=0
)
# --8<-- [end:model]

# --8<-- [start:score]
hit = (model.predict(xw_test, verbose=0) > 0.5) == yw_test
hit = hit.reshape(len(x_test), len(starts))  # one row per test sequence, one column per window
chance = max(y_test.mean(), 1 - y_test.mean())
print(f"Chance (always the majority label of the test set): {chance:.3f}")
print(f"Test accuracy, all windows: {hit.mean():.3f}")
print(f"  windows that start at step 0 (they hold the label): {hit[:, 0].mean():.3f}")
print(f"  windows that start at steps 1-10: {hit[:, 1:].mean():.3f}")
# --8<-- [end:score]

plt.figure(figsize=(5, 3))
epochs = range(1, len(history.history["accuracy"]) + 1)
plt.plot(epochs, history.history["accuracy"], marker="o", label="training windows")
plt.plot(epochs, history.history["val_accuracy"], marker="o", label="test windows")
plt.xticks(epochs)
plt.ylim(0.4, 1.05)
plt.xlabel("epoch")
plt.ylabel("accuracy")
plt.title("Stateless LSTM on 10-step windows")
plt.legend()
plt.tight_layout()
plt.savefig("windows-accuracy.png", dpi=80)

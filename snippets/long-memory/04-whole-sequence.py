"""A plain stateless LSTM that reads all 20 steps in one call learns the task in a few epochs."""

import math

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

# --8<-- [start:model]
# The same targets as the one-step listings, the label at every step, but a whole
# sequence per sample: the gradient flows back through all 20 steps.
y_train_steps = np.repeat(y_train[:, None], 20, axis=1)  # (1000, 20, 1)
y_test_steps = np.repeat(y_test[:, None], 20, axis=1)
model = keras.Sequential(
    [
        keras.Input(shape=(20, 1)),
        keras.layers.LSTM(10, return_sequences=True),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(
    loss="binary_crossentropy",
    optimizer=keras.optimizers.Adam(learning_rate=0.01),
    metrics=["accuracy"],  # here: over all 20 steps of every sequence
)
history = model.fit(
    x_train,
    y_train_steps,
    batch_size=32,
    epochs=6,
    validation_data=(x_test, y_test_steps),
    verbose=0,
)
# --8<-- [end:model]

p = model.predict(x_test, batch_size=200, verbose=0)  # (200, 20, 1): one answer per step
by_step = np.mean((p > 0.5) == y_test[:, None], axis=(0, 2))
print("Epochs: 6, batches per epoch:", math.ceil(len(x_train) / 32))
print(f"Test accuracy over all 20 steps: {by_step.mean():.3f}")
print(f"Test accuracy after the first step: {by_step[0]:.3f}")
print(f"Test accuracy after the last step: {by_step[-1]:.3f}")

plt.figure(figsize=(5, 3))
curve = history.history["val_accuracy"]
plt.plot(range(1, len(curve) + 1), curve, marker="o")
plt.xticks(range(1, len(curve) + 1))
plt.ylim(0.4, 1.05)
plt.xlabel("epoch")
plt.ylabel("test accuracy (all steps)")
plt.title("Stateless LSTM, whole sequence")
plt.tight_layout()
plt.savefig("whole-sequence-accuracy.png", dpi=80)

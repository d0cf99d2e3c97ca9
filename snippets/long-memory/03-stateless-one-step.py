"""The same one-step-per-batch training without carried state: the first step is out of reach."""

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
# Exactly as in the stateful listing (200 sequences side by side, one time step per batch),
# except stateful=False: every batch starts from a zero state, so each step is seen alone.
rows = 200
model = keras.Sequential(
    [
        keras.Input(batch_shape=(rows, 1, 1)),
        keras.layers.LSTM(10, stateful=False),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(loss="binary_crossentropy", optimizer=keras.optimizers.Adam(learning_rate=0.01))
# --8<-- [end:model]


# --8<-- [start:train]
def groups(x, y):
    """Yield the sequences `rows` at a time: arrays of shape (rows, 20, 1) and (rows, 1)."""
    for start in range(0, len(x), rows):
        yield x[start : start + rows], y[start : start + rows]


def test_accuracy_by_step():
    """Walk the test sequences step by step; return the accuracy after each of the 20 steps."""
    correct = np.zeros(20)
    for x_group, y_group in groups(x_test, y_test):
        for t in range(20):
            p = model.predict_on_batch(x_group[:, t : t + 1])
            correct[t] += np.sum((p > 0.5) == y_group)
    return correct / len(x_test)


curve = []
for epoch in range(12):
    for x_group, y_group in groups(x_train, y_train):
        for t in range(20):
            # One train step per time step, each with the label of the whole sequence.
            model.train_on_batch(x_group[:, t : t + 1], y_group)
    curve.append(test_accuracy_by_step().mean())
# --8<-- [end:train]

by_step = test_accuracy_by_step()
print(f"Batches per epoch: {len(x_train) // rows} groups x 20 steps = {len(x_train) // rows * 20}")
chance = max(y_test.mean(), 1 - y_test.mean())
print(f"Chance (always the majority label of the test set): {chance:.3f}")
print(f"Test accuracy over all 20 steps: {by_step.mean():.3f}")
print(f"Test accuracy after the first step: {by_step[0]:.3f}")
print(f"Test accuracy after the last step: {by_step[-1]:.3f}")

plt.figure(figsize=(5, 3))
plt.plot(range(1, len(curve) + 1), curve, marker="o")
plt.ylim(0.4, 1.05)
plt.xlabel("epoch")
plt.ylabel("test accuracy (all steps)")
plt.title("Stateless LSTM, one step per batch")
plt.tight_layout()
plt.savefig("stateless-one-step-accuracy.png", dpi=80)

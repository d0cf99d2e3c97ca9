"""A stateless LSTM that reads all 20 steps in one call."""

import math

import keras
import numpy as np
from lstmstate.tutorial import figures, firstbit

keras.utils.set_random_seed(7)

# 1200 sequences of 20 steps, all 0 except the first step, which is 1 in half
# of them; the label is that first step. 1000 to train, 200 to test.
# x of shape (sequences, 20, 1), y of shape (sequences, 1).
x_train, y_train, x_test, y_test = firstbit.sequences()

# --8<-- [start:model]
# The same targets as the one-step listings, the label at every step, but a
# whole
# sequence per sample: the gradient flows back through all 20 steps.
y_train_steps = firstbit.label_every_step(y_train, 20)  # (1000, 20, 1)
y_test_steps = firstbit.label_every_step(y_test, 20)
model = keras.Sequential(
    [
        keras.Input(shape=(20, 1)),
        keras.layers.LSTM(10, return_sequences=True),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(
    loss="binary_crossentropy",
    optimizer=keras.optimizers.Adam(learning_rate=0.02),
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

# (200, 20, 1): one answer per step
p = model.predict(x_test, batch_size=200, verbose=0)
by_step = np.mean((p > 0.5) == y_test[:, None], axis=(0, 2))
print("Epochs: 6, batches per epoch:", math.ceil(len(x_train) / 32))
print(firstbit.accuracy_summary(by_step))

figures.save_curves(
    "whole-sequence-accuracy.png",
    {
        "training": history.history["accuracy"],
        "test": history.history["val_accuracy"],
    },
    title="Stateless LSTM, whole sequence",
    ylabel="accuracy (all steps)",
    ylim=(0.4, 1.05),
)

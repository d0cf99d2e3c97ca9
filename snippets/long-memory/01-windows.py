"""Sequences cut into 10-step windows: the label is out of reach."""

import keras
import numpy as np
from lstmstate.tutorial import figures, firstbit

keras.utils.set_random_seed(7)

# 1200 sequences of 20 steps, all 0 except the first step, which is 1 in half
# of them; the label is that first step. 1000 to train, 200 to test.
# x of shape (sequences, 20, 1), y of shape (sequences, 1).
x_train, y_train, x_test, y_test = firstbit.sequences()

# --8<-- [start:windows]
window = 10
# 11 windows per sequence, starting at steps 0..10
starts = range(20 - window + 1)


def cut(x, y):
    """Every window of `window` steps of every sequence, each labelled with its
    sequence's label.
    """
    # (sequences, 11, 10, 1)
    xs = np.stack([x[:, s : s + window] for s in starts], axis=1)
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
    xw_train,
    yw_train,
    batch_size=256,
    epochs=4,
    validation_data=(xw_test, yw_test),
    verbose=0,
)
# --8<-- [end:model]

# --8<-- [start:score]
hit = (model.predict(xw_test, verbose=0) > 0.5) == yw_test
# one row per test sequence, one column per window
hit = hit.reshape(len(x_test), len(starts))
chance = max(y_test.mean(), 1 - y_test.mean())
print(f"Chance (always the majority label of the test set): {chance:.3f}")
print(f"Test accuracy, all windows: {hit.mean():.3f}")
print(
    "  windows that start at step 0 (they hold the label): "
    f"{hit[:, 0].mean():.3f}"
)
print(f"  windows that start at steps 1-10: {hit[:, 1:].mean():.3f}")
# --8<-- [end:score]

figures.save_curves(
    "windows-accuracy.png",
    {
        "training windows": history.history["accuracy"],
        "test windows": history.history["val_accuracy"],
    },
    title="Stateless LSTM on 10-step windows",
    ylabel="accuracy",
    ylim=(0.4, 1.05),
)

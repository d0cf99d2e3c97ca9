"""One step per batch, no state carried: the first step is lost."""

import keras
import numpy as np
from lstmstate.tutorial import figures, firstbit

keras.utils.set_random_seed(7)

# 1200 sequences of 20 steps, all 0 except the first step, which is 1 in half
# of them; the label is that first step. 1000 to train, 200 to test.
# x of shape (sequences, 20, 1), y of shape (sequences, 1).
x_train, y_train, x_test, y_test = firstbit.sequences()

# --8<-- [start:samples]
# Without carried state, a batch that holds one time step of 200 sequences is
# just 200
# unrelated one-step samples. So the stateful listing's loop (for each group of
# 200
# sequences, for each step t: train on step t) becomes one array of one-step
# samples, in
# that same order, each labelled with its sequence's label; fit() walks it
# batch by batch.
rows = 200


def one_step_samples(x, y):
    """(sequences, 20, 1) to (sequences * 20, 1, 1): group by group, step by
    step, row by row.
    """
    groups = len(x) // rows
    # (groups, 20, rows, 1)
    by_step = x.reshape(groups, rows, 20, 1).transpose(0, 2, 1, 3)
    labels = np.broadcast_to(y.reshape(groups, 1, rows, 1), by_step.shape)
    return by_step.reshape(-1, 1, 1), labels.reshape(-1, 1)


xs_train, ys_train = one_step_samples(x_train, y_train)
xs_test, ys_test = one_step_samples(x_test, y_test)
# --8<-- [end:samples]

# --8<-- [start:model]
# The stateful listing's model, except stateful=False: every batch starts from
# a zero state.
model = keras.Sequential(
    [
        keras.Input(shape=(1, 1)),  # one time step of one feature
        keras.layers.LSTM(10),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(
    loss="binary_crossentropy",
    optimizer=keras.optimizers.Adam(learning_rate=0.01),
    metrics=["accuracy"],  # here: over all 20 steps of every test sequence
)
history = model.fit(
    xs_train,
    ys_train,
    batch_size=rows,
    epochs=8,  # as many as the stateful listing
    shuffle=False,  # the same order of batches as the stateful listing
    validation_data=(xs_test, ys_test),
    verbose=0,
)
# --8<-- [end:model]

hit = (model.predict(xs_test, batch_size=rows, verbose=0) > 0.5) == ys_test
# accuracy after each of the 20 steps
by_step = hit.reshape(-1, 20, rows).mean(axis=(0, 2))
print(f"One-step samples: {len(xs_train)} to train, {len(xs_test)} to test")
print(f"Batches per epoch: {len(xs_train) // rows}")
chance = max(y_test.mean(), 1 - y_test.mean())
print(f"Chance (always the majority label of the test set): {chance:.3f}")
print(firstbit.accuracy_summary(by_step))

figures.save_curves(
    "stateless-one-step-accuracy.png",
    {"": history.history["val_accuracy"]},
    title="Stateless LSTM, one step per batch",
    ylabel="test accuracy (all steps)",
    ylim=(0.4, 1.05),
)

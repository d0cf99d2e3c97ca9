"""One step per batch, state carried: the first step is remembered."""

import keras
import lstmstate
import numpy as np
from lstmstate.tutorial import figures, firstbit

keras.utils.set_random_seed(7)

# 1200 sequences of 20 steps, all 0 except the first step, which is 1 in half
# of them; the label is that first step. 1000 to train, 200 to test.
# x of shape (sequences, 20, 1), y of shape (sequences, 1).
x_train, y_train, x_test, y_test = firstbit.sequences()

# --8<-- [start:model]
# 200 sequences side by side: row i of every batch belongs to sequence i of the
# group.
# Each batch is ONE time step (batch_shape = (rows, steps, features) = (200, 1,
# 1)).
rows = 200
model = keras.Sequential(
    [
        keras.Input(batch_shape=(rows, 1, 1)),
        # one time step per call: unrolling skips the loop machinery
        keras.layers.LSTM(10, stateful=True, unroll=True),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
# JAX and PyTorch: let fit, evaluate and predict carry the state as on
# TensorFlow, where this changes nothing
lstmstate.carry_states(model)
model.compile(
    loss="binary_crossentropy",
    optimizer=keras.optimizers.Adam(learning_rate=0.01),
)
# Create Adam's variables now: on TensorFlow, the first train_on_batch would
# otherwise trace its training step twice, once to create them and once to run.
model.optimizer.build(model.trainable_variables)
# --8<-- [end:model]


# --8<-- [start:train]
def groups(x, y):
    """Yield the sequences `rows` at a time: arrays of shape (rows, 20, 1) and
    (rows, 1).
    """
    for start in range(0, len(x), rows):
        yield x[start : start + rows], y[start : start + rows]


def test_accuracy_by_step():
    """Walk the test sequences step by step; return the accuracy after each of
    the 20 steps.
    """
    correct = np.zeros(20)
    for x_group, y_group in groups(x_test, y_test):
        # a new group of sequences starts from a blank memory
        lstmstate.reset_states(model)
        for t in range(20):
            p = model.predict_on_batch(x_group[:, t : t + 1])
            correct[t] += np.sum((p > 0.5) == y_group)
    return correct / len(x_test)


curve = []
for epoch in range(8):
    for x_group, y_group in groups(x_train, y_train):
        # Blank memory for a new group; from here the state is carried across
        # its 20 batches.
        # (Keras 3 has no model.reset_states(): this calls reset_state() on
        # each stateful layer.)
        lstmstate.reset_states(model)
        for t in range(20):
            # One train step per time step, each with the label of the whole
            # sequence.
            # Its gradient stops at the carried state (truncated
            # backpropagation, 1 step).
            model.train_on_batch(x_group[:, t : t + 1], y_group)
    curve.append(test_accuracy_by_step().mean())
# --8<-- [end:train]

by_step = test_accuracy_by_step()
print(
    f"Batches per epoch: {len(x_train) // rows} groups x 20 steps = "
    f"{len(x_train) // rows * 20}"
)
print(firstbit.accuracy_summary(by_step))

figures.save_curves(
    "stateful-one-step-accuracy.png",
    {"": curve},
    title="Stateful LSTM, one step per batch",
    ylabel="test accuracy (all steps)",
    ylim=(0.4, 1.05),
)

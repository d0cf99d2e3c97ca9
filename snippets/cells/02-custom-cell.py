"""A custom cell with two states, and the errors a wrong cell gives."""

import re

import keras
import numpy as np

keras.utils.set_random_seed(4)


def to_numpy(x):
    return keras.ops.convert_to_numpy(x)


def first_line(error):
    """The first line of an error message that says what went wrong."""
    for line in str(error).splitlines():
        line = re.sub(r"\x1b\[[0-9;]*m", "", line).strip()  # no colours
        if line and not line.startswith("Exception encountered"):
            return line[:72]
    return ""


# --8<-- [start:cell]
class RunningMean(keras.layers.Layer):
    """Outputs the mean of x @ w over the steps seen so far."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        # two states: the running total (units wide) and the step count
        self.state_size = [units, 1]

    def build(self, input_shape):  # input_shape: (batch, features)
        self.w = self.add_weight(shape=(input_shape[-1], self.units))

    def call(self, inputs, states):
        total, count = states
        total = total + keras.ops.matmul(inputs, self.w)
        count = count + 1.0
        return total / count, [total, count]  # (output, new_states)


# --8<-- [end:cell]

x = np.random.rand(2, 5, 3).astype("float32")

# --8<-- [start:wrap]
layer = keras.layers.RNN(
    RunningMean(4), return_sequences=True, return_state=True
)
outputs, total, count = layer(x)
# --8<-- [end:wrap]
print(
    "RNN(RunningMean(4), return_state=True):",
    "outputs",
    tuple(outputs.shape),
    "total",
    tuple(total.shape),
    "count",
    tuple(count.shape),
)
print("count after 5 steps:", to_numpy(count)[:, 0].tolist())

# --8<-- [start:stateful]
stateful = keras.layers.RNN(RunningMean(4), stateful=True)
stateful(x)
stateful(x)
# --8<-- [end:stateful]
print(
    "stateful: states",
    [tuple(v.shape) for v in stateful.states],
    "count after two calls of 5 steps:",
    to_numpy(stateful.states[1])[:, 0].tolist(),
)
stateful.reset_state()
print("after reset_state():", to_numpy(stateful.states[1])[:, 0].tolist())


# --8<-- [start:initial]
class CountFromOne(keras.layers.Layer):
    """Counts steps, starting from 1 instead of 0."""

    state_size = 1

    def get_initial_state(self, batch_size=None):
        return [keras.ops.ones((batch_size, 1))]

    def call(self, inputs, states):
        count = states[0] + 1.0
        return count, [count]


# --8<-- [end:initial]
count_layer = keras.layers.RNN(CountFromOne(), stateful=True)
after = count_layer(np.zeros((2, 3, 1), "float32"))
print("get_initial_state: 1, then 3 steps:", to_numpy(after)[:, 0].tolist())
count_layer.reset_state()
print(
    "reset_state() sets zeros, not get_initial_state:",
    to_numpy(count_layer.states[0])[:, 0].tolist(),
)


# Four ways to get a cell wrong.
class NoStateSize(keras.layers.Layer):
    def call(self, inputs, states):
        return inputs, states


class OneStateOfTwo(keras.layers.Layer):
    state_size = [4, 4]  # declares two states, returns one

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], 4))

    def call(self, inputs, states):
        h = keras.ops.matmul(inputs, self.w)
        return h, [h]


class WrongWidth(keras.layers.Layer):
    state_size = 4  # declares 4, returns 3 wide

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], 3))

    def call(self, inputs, states):
        h = keras.ops.matmul(inputs, self.w)
        return h, [h]


class NoStates(keras.layers.Layer):
    state_size = 4

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], 4))

    def call(self, inputs, states):
        return keras.ops.matmul(inputs, self.w)  # forgot the states


for cell, batch in [
    (NoStateSize, 2),
    (OneStateOfTwo, 2),
    (WrongWidth, 2),
    (NoStates, 3),
    (NoStates, 2),
]:
    sequences = np.random.rand(batch, 5, 3).astype("float32")
    try:
        output = keras.layers.RNN(cell())(sequences)
        print(
            f"{cell.__name__}, batch {batch}: no error, output",
            tuple(output.shape),
        )
    except Exception as e:
        print(f"{cell.__name__}, batch {batch}: {type(e).__name__}:")
        print("  ", first_line(e))

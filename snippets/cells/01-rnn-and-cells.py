"""RNN(cell) and StackedRNNCells: state sizes, returned states, variables."""

import keras
import numpy as np
from lstmstate import reset_states

keras.utils.set_random_seed(3)


def shapes(structure):
    """The shape of every tensor in a nested list, in the same nesting."""
    if hasattr(structure, "shape"):
        return tuple(structure.shape)
    return [shapes(item) for item in structure]


def to_numpy(x):
    return keras.ops.convert_to_numpy(x)


# 2 samples, 5 time steps, 3 features
x = np.random.rand(2, 5, 3).astype("float32")

# --8<-- [start:cells]
for cell in [
    keras.layers.LSTMCell(4),
    keras.layers.GRUCell(4),
    keras.layers.SimpleRNNCell(4),
]:
    layer = keras.layers.RNN(cell, return_state=True)
    output, *states = layer(x)
    stateful = keras.layers.RNN(type(cell)(4), stateful=True)
    last = stateful(x)  # builds the layer for a batch of 2, then runs
    # --8<-- [end:cells]
    name = type(cell).__name__
    print(f"{name}.state_size: {cell.state_size}")
    print(
        f"RNN({name}, return_state=True): {1 + len(states)} tensors,",
        "output",
        tuple(output.shape),
        "then states",
        shapes(states),
    )
    print(
        "  first state equals the output:",
        bool(np.array_equal(to_numpy(states[0]), to_numpy(output))),
    )
    print(
        f"  RNN({name}, stateful=True).states:",
        shapes(stateful.states),
        "in model weights:",
        any(v is w for v in stateful.states for w in stateful.weights),
    )
    print(
        "  after a call, states[0] holds its last output:",
        bool(np.array_equal(to_numpy(stateful.states[0]), to_numpy(last))),
    )

# --8<-- [start:same]
lstm = keras.layers.LSTM(4)
rnn = keras.layers.RNN(keras.layers.LSTMCell(4))
lstm.build(x.shape)
rnn.build(x.shape)
rnn.set_weights(lstm.get_weights())
difference = np.abs(to_numpy(lstm(x)) - to_numpy(rnn(x))).max()
# --8<-- [end:same]
for name, layer in [("LSTM", lstm), ("RNN(LSTMCell)", rnn)]:
    print(
        f"{name} weights:",
        [(w.path.split("/")[-1], tuple(w.shape)) for w in layer.weights],
    )
print("LSTM(4) == RNN(LSTMCell(4)) with copied weights:", difference < 1e-6)
print(f"  max abs difference, 6 decimals: {difference:.6f}")

# --8<-- [start:stacked]
stacked = keras.layers.StackedRNNCells(
    [keras.layers.LSTMCell(4), keras.layers.GRUCell(3)]
)
print("StackedRNNCells([LSTMCell(4), GRUCell(3)]).state_size:")
print("  ", stacked.state_size)
layer = keras.layers.RNN(stacked, return_state=True)
output, *states = layer(x)
# --8<-- [end:stacked]
print(f"RNN(stacked, return_state=True): {1 + len(states)} items")
print("  output", tuple(output.shape), "(the last cell's h)")
print("  then one list per cell:", shapes(states))
h2 = states[1][0]
print(
    "  output equals the last cell's h:",
    bool(np.array_equal(to_numpy(h2), to_numpy(output))),
)

# --8<-- [start:initial]
# initial_state has the same nesting: [[h1, c1], [h2]]
first, *after_3_steps = layer(x[:, :3])
rest, *_ = layer(x[:, 3:], initial_state=after_3_steps)
# --8<-- [end:initial]
print(
    "3 steps, then 2 steps from initial_state=[[h1, c1], [h2]] == 5 steps:",
    bool(np.allclose(to_numpy(rest), to_numpy(output), atol=1e-6)),
)
try:
    flat = [states[0][0], states[0][1], states[1][0]]
    layer(x, initial_state=flat)
    print("a flat initial_state [h1, c1, h2]: accepted")
except Exception as e:
    print("a flat initial_state [h1, c1, h2]:", type(e).__name__)

# --8<-- [start:stacked-stateful]
stateful = keras.layers.RNN(
    keras.layers.StackedRNNCells(
        [keras.layers.LSTMCell(4), keras.layers.LSTMCell(3)]
    ),
    stateful=True,
)
stateful(x)
# --8<-- [end:stacked-stateful]
print("stateful RNN(stacked [LSTMCell(4), LSTMCell(3)]).states:")
print("  ", shapes(stateful.states))
try:
    stateful.reset_state()
    print("layer.reset_state(): worked")
except AttributeError as e:
    print("layer.reset_state(): AttributeError:", str(e).split("object ")[-1])
print("lstmstate.reset_states(layer) reset", reset_states(stateful), "layer")
print(
    "  all four state variables zero:",
    all(not to_numpy(v).any() for v in keras.tree.flatten(stateful.states)),
)

"""get_initial_state, state_size and layer.states, layer by layer."""

import keras
import numpy as np
from keras.layers import GRU, LSTM, Bidirectional, SimpleRNN

keras.utils.set_random_seed(9)


def describe(tensors):
    """Shapes of a list of tensors, and whether they are all zeros."""
    arrays = [keras.ops.convert_to_numpy(t) for t in tensors]
    shapes = " ".join(str(a.shape) for a in arrays)
    zeros = all(not a.any() for a in arrays)
    # a list (TensorFlow wraps a layer's list in a ListWrapper) or a tuple
    kind = "tuple" if isinstance(tensors, tuple) else "list"
    return f"{kind} of {len(arrays)}: {shapes}, all zeros {zeros}"


# 3 samples, 5 time steps, 2 features; 4 units
x = np.random.rand(3, 5, 2).astype("float32")

# --8<-- [start:sizes]
for Layer in (LSTM, GRU, SimpleRNN):
    layer = Layer(4)
    name = Layer.__name__
    print(f"{name}: cell.state_size {layer.cell.state_size},", end=" ")
    print(f"layer.state_size {layer.state_size}")
    print(f"  get_initial_state(3): {describe(layer.get_initial_state(3))}")
    print(f"  stateless: layer.states is {layer.states}", end="")
    layer(x)
    print(f", still {layer.states} after a call")
    layer.reset_state()  # on a stateless layer: nothing to reset
    print(f"  reset_state(): no error, layer.states {layer.states}")
# --8<-- [end:sizes]

# --8<-- [start:stateful]
for Layer in (LSTM, GRU, SimpleRNN):
    layer = Layer(4, stateful=True)
    layer.build((3, 5, 2))  # a stateful layer needs the batch size: 3
    states = layer.states
    print(f"stateful {Layer.__name__}: layer.states {describe(states)}")
    print(
        "  Variables:",
        all(isinstance(v, keras.Variable) for v in states),
        " trainable:",
        any(v.trainable for v in states),
        " in layer.weights:",
        any(v is w for v in states for w in layer.weights),
    )
    layer(x)
    print(f"  after one call: {describe(states)}")
    layer.reset_state()
    print(f"  after reset_state(): {describe(layer.states)}")
# --8<-- [end:stateful]

# --8<-- [start:bidirectional]
bi = Bidirectional(LSTM(4, stateful=True))
bi.build((3, 5, 2))
print(f"stateful Bidirectional(LSTM): states {describe(bi.states)}")
print(
    "  forward h, c then backward h, c:",
    list(bi.states) == bi.forward_layer.states + bi.backward_layer.states,
)
print("  has get_initial_state:", hasattr(bi, "get_initial_state"))
print("  backward_layer.go_backwards:", bi.backward_layer.go_backwards)
stateless_bi = Bidirectional(LSTM(4))
stateless_bi(x)
print(f"stateless Bidirectional(LSTM): states {stateless_bi.states}")
try:
    stateless_bi.reset_state()
except AttributeError as e:
    print(f"  reset_state(): AttributeError: {e}")
# --8<-- [end:bidirectional]

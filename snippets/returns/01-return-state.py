"""What return_state and return_sequences return, layer by layer."""

import keras
import numpy as np
from keras.layers import GRU, LSTM, Bidirectional, SimpleRNN

keras.utils.set_random_seed(3)


def same(a, b):
    """Compare two tensors of the backend as NumPy arrays."""
    a, b = keras.ops.convert_to_numpy(a), keras.ops.convert_to_numpy(b)
    return bool(np.allclose(a, b, atol=1e-6))


def shapes(tensors):
    return " ".join(str(tuple(t.shape)) for t in tensors)


# 2 samples, 5 time steps, 3 features; every layer has 4 units
x = np.random.rand(2, 5, 3).astype("float32")

# --8<-- [start:one-way]
for Layer in (LSTM, GRU, SimpleRNN):
    name = Layer.__name__
    print(f"{name}: 1 tensor {tuple(Layer(4)(x).shape)}")
    layer = Layer(4, return_sequences=True)
    print(f"{name} return_sequences: 1 tensor {tuple(layer(x).shape)}")

    layer = Layer(4, return_state=True)
    # LSTM: output, h, c; GRU and SimpleRNN: output, h
    output, *states = layer(x)
    print(f"{name} return_state: {1 + len(states)} tensors", end=" ")
    print(shapes([output, *states]))
    print(f"  output equals h: {same(output, states[0])}")

    layer = Layer(4, return_sequences=True, return_state=True)
    outputs, *states = layer(x)
    print(f"{name} both: {1 + len(states)} tensors", end=" ")
    print(shapes([outputs, *states]))
    print(f"  last time step equals h: {same(outputs[:, -1], states[0])}")
# --8<-- [end:one-way]

# --8<-- [start:bidirectional]
for Layer in (LSTM, GRU):
    weights = None
    for merge_mode in ("concat", "sum", "ave", "mul", None):
        bi = Bidirectional(
            Layer(4, return_sequences=True, return_state=True),
            merge_mode=merge_mode,
        )
        bi.build(x.shape)
        if weights is None:
            weights = bi.get_weights()
            # the same input through each direction on its own
            _, *forward_states = bi.forward_layer(x)
            _, *backward_states = bi.backward_layer(x)
        else:  # the same weights in every merge_mode: the same directions
            bi.set_weights(weights)
        result = bi(x)
        print(f"Bidirectional({Layer.__name__}) {merge_mode}:", end=" ")
        print(f"{len(result)} tensors {shapes(result)}")
        n_outputs = 2 if merge_mode is None else 1
        outputs, states = result[:n_outputs], result[n_outputs:]
        both = forward_states + backward_states
        print("  states: forward's, then backward's, unmerged:", end=" ")
        print(all(same(a, b) for a, b in zip(states, both, strict=True)))
        if merge_mode in ("concat", None):
            # the forward half ends at the last time step; the backward
            # half, read from the end, ends at the first time step
            if merge_mode == "concat":  # forward units first, then backward
                halves = outputs[0][..., :4], outputs[0][..., 4:]
            else:
                halves = outputs
            forward_half, backward_half = halves
            print(
                "  forward h is the last step:",
                same(forward_half[:, -1], forward_states[0]),
                " backward h is the first step:",
                same(backward_half[:, 0], backward_states[0]),
            )

# without return_sequences, concat joins the two final outputs (the h's)
bi = Bidirectional(LSTM(4, return_state=True))
output, forward_h, forward_c, backward_h, backward_c = bi(x)
joined = keras.ops.concatenate([forward_h, backward_h], axis=-1)
print(f"Bidirectional(LSTM) return_state only: output {tuple(output.shape)}")
print(f"  output equals [forward h, backward h]: {same(output, joined)}")
# --8<-- [end:bidirectional]

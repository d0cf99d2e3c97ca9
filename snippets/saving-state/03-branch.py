"""Branch a generation from a snapshot of every state of a mixed model."""

import keras
import numpy as np
from lstmstate import carry_states, get_states, set_states, stateful_layers

keras.utils.set_random_seed(23)

# --8<-- [start:model]
# A nested model (a keras.Model used as a layer) with a stateful LSTM
inner_inputs = keras.Input(batch_shape=(1, 1, 4))
inner = keras.Model(
    inner_inputs,
    keras.layers.LSTM(3, stateful=True, name="inner_lstm")(inner_inputs),
    name="inner",
)
inputs = keras.Input(batch_shape=(1, 1, 2))
hidden = keras.layers.Bidirectional(
    keras.layers.LSTM(2, stateful=True, return_sequences=True, name="bi")
)(inputs)
hidden = keras.layers.GRU(4, stateful=True, return_sequences=True, name="gru")(
    hidden
)
outputs = keras.layers.Dense(2, activation="tanh")(inner(hidden))
model = carry_states(keras.Model(inputs, outputs))
print("stateful layers:", [layer.name for layer in stateful_layers(model)])
print("arrays per layer:", [len(layer) for layer in get_states(model)])
# --8<-- [end:model]


# --8<-- [start:branch]
def generate(first, steps=6):
    """Feed each output back in as the next input, one step per call."""
    x, out = np.asarray(first, dtype="float32").reshape(1, 1, 2), []
    for _ in range(steps):
        x = model.predict_on_batch(x).reshape(1, 1, 2)
        out.append(x)
    return np.concatenate(out).ravel()


generate([0.3, -0.2])  # some history, so the snapshot is not zeros
snapshot = get_states(model)
branch_a = generate([1.0, 0.0])
set_states(model, snapshot)
branch_b = generate([0.0, 1.0])
set_states(model, snapshot)
branch_a_again = generate([1.0, 0.0])
# --8<-- [end:branch]

moved = [
    not np.array_equal(now, then)
    for layer_now, layer_then in zip(get_states(model), snapshot)
    for now, then in zip(layer_now, layer_then)
]
print("every state array moved during a branch:", all(moved))
print(
    "branch A again equals branch A:", np.array_equal(branch_a, branch_a_again)
)
print("branch B equals branch A:", np.array_equal(branch_a, branch_b))
set_states(model, snapshot)
restored = get_states(model)
print(
    "restored states equal the snapshot:",
    all(
        np.array_equal(now, then)
        for layer_now, layer_then in zip(restored, snapshot)
        for now, then in zip(layer_now, layer_then)
    ),
)
# --8<-- [start:errors]
try:  # Bidirectional counts as two layers: forward, then backward
    set_states(model, snapshot[1:])
except ValueError as e:
    print("ValueError:", e)
# --8<-- [end:errors]

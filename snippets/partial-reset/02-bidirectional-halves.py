"""A stateful Bidirectional layer: its state; two halves against one call."""

import keras
import numpy as np
from lstmstate import carry_states

keras.utils.set_random_seed(15)

BATCH, STEPS, UNITS = 2, 6, 3
x = np.random.uniform(-1, 1, (BATCH, STEPS, 1)).astype("float32")

# --8<-- [start:state]
bi = keras.layers.Bidirectional(
    keras.layers.LSTM(UNITS, stateful=True, return_sequences=True)
)
whole = keras.ops.convert_to_numpy(bi(x))  # all 6 steps in one call
fw, bw = bi.forward_layer, bi.backward_layer
shapes = [tuple(v.shape) for v in bi.states]
print(f"bi.states: {len(bi.states)} variables, {shapes}")
print(
    f"forward_layer.states: {len(fw.states)} (h, c);"
    f" backward_layer.states: {len(bw.states)} (h, c)"
)
print(
    "bi.states is forward then backward:",
    all(a is b for a, b in zip(bi.states, [*fw.states, *bw.states])),
)
print("go_backwards: forward", fw.go_backwards, "backward", bw.go_backwards)
print(f"output features: {UNITS} forward, then {UNITS} backward:", whole.shape)
bi.reset_state()  # Bidirectional has it: resets both directions
print(
    "reset_state() zeroed all four:",
    all(not keras.ops.convert_to_numpy(v).any() for v in bi.states),
)
# --8<-- [end:state]

# --8<-- [start:halves]
first = keras.ops.convert_to_numpy(bi(x[:, :3]))  # steps 0-2
carried_h = keras.ops.convert_to_numpy(bw.states[0])
second = keras.ops.convert_to_numpy(bi(x[:, 3:]))  # steps 3-5
halves = np.concatenate([first, second], axis=1)
forward, backward = slice(0, UNITS), slice(UNITS, 2 * UNITS)
print(
    "forward direction, halves == one call:",
    np.allclose(halves[..., forward], whole[..., forward], atol=1e-6),
)
print(
    "backward direction, halves == one call:",
    np.allclose(halves[..., backward], whole[..., backward], atol=1e-6),
)
print(
    "backward h carried out of steps 0-2 == its output at step 0:",
    np.allclose(carried_h, first[:, 0, backward], atol=1e-6),
)
# --8<-- [end:halves]

# --8<-- [start:order]
# The backward layer read 2, 1, 0, then (carrying on) 5, 4, 3. A plain
# LSTM with its weights, fed the steps in that order, gives the same.
plain = keras.layers.LSTM(UNITS, return_sequences=True)
plain.build((BATCH, STEPS, 1))
plain.set_weights(bw.get_weights())
order = [2, 1, 0, 5, 4, 3]
read = keras.ops.convert_to_numpy(plain(x[:, order]))
# output at time t is the step where the backward layer read x[t]
expected = np.concatenate([read[:, 2::-1], read[:, :2:-1]], axis=1)
print(
    "backward halves == one pass over steps 2,1,0,5,4,3:",
    np.allclose(halves[..., backward], expected, atol=1e-6),
)
# --8<-- [end:order]

# --8<-- [start:alone]
bi.reset_state()
parts = []
for part in (x[:, :3], x[:, 3:]):
    bw.reset_state()  # the backward layer starts each chunk from zeros
    parts.append(keras.ops.convert_to_numpy(bi(part)))
alone = np.concatenate(parts, axis=1)
each = [
    keras.ops.convert_to_numpy(plain(x[:, s][:, ::-1]))
    for s in (slice(0, 3), slice(3, 6))
]
each = np.concatenate([e[:, ::-1] for e in each], axis=1)
print(
    "backward reset per chunk, forward still == one call:",
    np.allclose(alone[..., forward], whole[..., forward], atol=1e-6),
)
print(
    "backward reset per chunk == each chunk read alone:",
    np.allclose(alone[..., backward], each, atol=1e-6),
)
# --8<-- [end:alone]

# --8<-- [start:backends]
for carry in (False, True):
    model = keras.Sequential(
        [
            keras.Input(batch_shape=(BATCH, 3, 1)),
            keras.layers.Bidirectional(keras.layers.GRU(UNITS, stateful=True)),
        ]
    )
    if carry:
        carry_states(model)
    model.predict_on_batch(x[:, :3])
    moved = any(
        keras.ops.convert_to_numpy(v).any() for v in model.layers[0].states
    )
    print(f"predict_on_batch moved the state (carry_states: {carry}):", moved)
# --8<-- [end:backends]

stateless = keras.layers.Bidirectional(keras.layers.LSTM(UNITS))
stateless(x)
try:
    stateless.reset_state()
except AttributeError as e:
    print("reset_state() on a stateless Bidirectional -> AttributeError:", e)

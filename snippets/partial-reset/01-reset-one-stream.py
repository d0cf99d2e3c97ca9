"""Three streams in one stateful batch: one ends and restarts, two go on."""

import keras
import numpy as np
from lstmstate import (
    carry_states,
    get_states,
    reset_rows,
    reset_states,
    stateful_layers,
)

keras.utils.set_random_seed(14)

BATCH, STEPS, FEATURES = 3, 4, 2  # one row per stream, 4 steps a chunk

# --8<-- [start:model]
encoder = keras.Sequential(  # a nested model, used as a layer below
    [
        keras.Input(batch_shape=(BATCH, STEPS, FEATURES)),
        keras.layers.Bidirectional(
            keras.layers.LSTM(
                4, stateful=True, return_sequences=True, name="lstm"
            )
        ),
    ],
    name="encoder",
)
inputs = keras.Input(batch_shape=(BATCH, STEPS, FEATURES))
hidden = keras.layers.GRU(3, stateful=True, name="gru")(encoder(inputs))
model = keras.Model(inputs, keras.layers.Dense(1)(hidden))
carry_states(model)  # JAX and PyTorch: predict carries the state
# --8<-- [end:model]
print("stateful layers:", [layer.name for layer in stateful_layers(model)])

# Four chunks per row. Row 1 holds stream B for chunks 0-1; B then
# ends, and stream D starts in row 1 at chunk 2. Rows 0 and 2 hold
# streams A and C all along.
chunks = np.random.uniform(-1, 1, (4, BATCH, STEPS, FEATURES))
chunks = chunks.astype("float32")


# --8<-- [start:stream]
def run(reset_after=None):
    """Outputs of the four chunks, reset_rows(model, [1]) after one."""
    reset_states(model)
    outputs = []
    for k, chunk in enumerate(chunks):
        outputs.append(model.predict_on_batch(chunk))
        if k == reset_after:
            before = get_states(model)
            print("layers with row 1 reset:", reset_rows(model, [1]))
            after = get_states(model)
            pairs = [
                (b, a) for layer in zip(before, after) for b, a in zip(*layer)
            ]
            print(
                "row 1 now zero in every state variable:",
                all(not a[1].any() for _, a in pairs),
            )
            print(
                "rows 0 and 2 untouched:",
                all(np.array_equal(b[[0, 2]], a[[0, 2]]) for b, a in pairs),
            )
    return np.stack(outputs)


with_reset = run(reset_after=1)  # B ends after chunk 1: reset row 1
# --8<-- [end:stream]
without = run()  # the same chunks, never reset
reset_states(model)
fresh = np.stack([model.predict_on_batch(c) for c in chunks[2:]])


def compare(name, a, b):
    diff = float(np.abs(a - b).max())
    print(
        f"{name}: {np.allclose(a, b, rtol=0, atol=1e-6)},"
        f" max abs difference {diff:.6f}"
    )


compare(
    "rows 0 and 2 equal the run without a reset",
    with_reset[:, [0, 2]],
    without[:, [0, 2]],
)
compare(
    "row 1 (stream D) equals a fresh start", with_reset[2:, 1], fresh[:, 1]
)
compare(
    "row 1 without the reset equals a fresh start", without[2:, 1], fresh[:, 1]
)

# --8<-- [start:errors]
for rows in ([3], [1, 1], [], [0.5]):
    try:
        reset_rows(model, rows)
    except (IndexError, ValueError, TypeError) as e:
        print(
            f"reset_rows(model, {rows}) ->",
            type(e).__name__ + ":",
            str(e).splitlines()[0][:100],
        )
stateless = keras.Sequential(
    [keras.Input((STEPS, FEATURES)), keras.layers.LSTM(2)], name="stateless"
)
try:
    reset_rows(stateless, [0])
except ValueError as e:
    print("stateless model -> ValueError:", str(e)[:100])
# --8<-- [end:errors]

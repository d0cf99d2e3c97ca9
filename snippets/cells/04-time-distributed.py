"""TimeDistributed after a recurrent layer, and around one."""

import keras
import numpy as np

keras.utils.set_random_seed(6)


def to_numpy(x):
    return keras.ops.convert_to_numpy(x)


def equal(a, b):
    return bool(np.allclose(to_numpy(a), to_numpy(b), atol=1e-6))


# --8<-- [start:after]
x = np.random.rand(2, 5, 3).astype("float32")  # batch, time, features
sequence = keras.layers.LSTM(4, return_sequences=True)(x)  # (2, 5, 4)
per_step = keras.layers.TimeDistributed(keras.layers.Dense(2))
y = per_step(sequence)
dense = per_step.layer  # the one Dense, shared by every time step
# --8<-- [end:after]
print("LSTM(return_sequences=True):", tuple(sequence.shape))
print("TimeDistributed(Dense(2)):", tuple(y.shape))
print(
    "  weights:",
    [tuple(w.shape) for w in per_step.weights],
    "(one Dense, not one per step)",
)
print(
    "  step t of the output == Dense on step t alone, for every t:",
    all(equal(dense(sequence[:, t]), y[:, t]) for t in range(5)),
)
print(
    "  == the same Dense on the whole 3-D tensor:", equal(dense(sequence), y)
)

# --8<-- [start:around]
# batch 2, 3 chunks, 6 time steps per chunk, 1 feature
chunks = np.random.rand(2, 3, 6, 1).astype("float32")
lstm = keras.layers.LSTM(4, return_state=True)
wrapped = keras.layers.TimeDistributed(keras.layers.LSTM(4))
per_chunk = wrapped(chunks)  # (2, 3, 4): the last h of each chunk
lstm.build((2, 6, 1))
lstm.set_weights(wrapped.layer.get_weights())  # the same LSTM, unwrapped
# --8<-- [end:around]
print(
    "TimeDistributed(LSTM(4)) on",
    chunks.shape,
    "->",
    tuple(per_chunk.shape),
)
print(
    "  chunk k == the LSTM alone on chunk k, from zeros, for every k:",
    all(equal(lstm(chunks[:, k])[0], per_chunk[:, k]) for k in range(3)),
)
_, h, c = lstm(chunks[:, 0])
carried, *_ = lstm(chunks[:, 1], initial_state=[h, c])
print(
    "  chunk 1 == chunk 1 started from chunk 0's final state:",
    equal(carried, per_chunk[:, 1]),
)

# A stateful LSTM inside TimeDistributed: the state runs across chunks.
inner = keras.layers.LSTM(4, stateful=True)
stateful = keras.layers.TimeDistributed(inner)
carried_chunks = stateful(chunks)
lstm.set_weights(inner.get_weights())
_, h, c = lstm(chunks[:, 0])
carried, *_ = lstm(chunks[:, 1], initial_state=[h, c])
print(
    "TimeDistributed(LSTM(4, stateful=True)): states",
    [tuple(v.shape) for v in inner.states],
)
print(
    "  chunk 1 == chunk 1 started from chunk 0's final state:",
    equal(carried, carried_chunks[:, 1]),
)

# return_state inside TimeDistributed: the tuple is stacked into one tensor
odd = keras.layers.TimeDistributed(keras.layers.LSTM(4, return_state=True))
result = odd(chunks)
print("TimeDistributed(LSTM(4, return_state=True)):")
print(
    "  a tuple:",
    isinstance(result, (tuple, list)),
    " one tensor of shape",
    tuple(result.shape),
)

"""initial_state= on a stateless layer, a stateful layer and Bidirectional."""

import re

import keras
import numpy as np
from keras.layers import GRU, LSTM, Bidirectional

keras.utils.set_random_seed(5)


def same(a, b):
    """Compare two tensors of the backend as NumPy arrays."""
    a, b = keras.ops.convert_to_numpy(a), keras.ops.convert_to_numpy(b)
    return bool(np.allclose(a, b, atol=1e-6))


def error(call, like=None, like_what=""):
    """Run call; print the error's type, where it arose, and its reason.

    When there is no error, compare the output with like()'s output.
    """
    try:
        output = call()[0]
    except Exception as e:
        # Keras wraps the error: "Exception encountered when calling
        # LSTM.call().", a blank line, then the reason (in bold)
        lines = re.sub(r"\x1b\[[0-9;]*m", "", str(e)).splitlines()
        where = lines[0].split("calling ")[-1].rstrip(".")
        reason = re.sub(r"^\{\{.*?\}\} ", "", lines[2]).rstrip()
        print(f"  {type(e).__name__} in {where}")
        if len(reason) > 72:  # cut at a word, to fit the page
            reason = reason[:72].rsplit(" ", 1)[0] + " ..."
        print(f"    {reason}")
    else:
        print(f"  no error; same as {like_what}:", same(output, like()[0]))


# 2 samples, 6 time steps, 3 features; 4 units
x = np.random.rand(2, 6, 3).astype("float32")
h0 = np.random.rand(2, 4).astype("float32")  # (batch, units)
c0 = np.random.rand(2, 4).astype("float32")
zeros = np.zeros((2, 4), "float32")

# --8<-- [start:stateless]
lstm = LSTM(4, return_state=True)
output, h, c = lstm(x)  # no initial_state: starts from zeros
print(
    "LSTM initial_state=[zeros, zeros] equals none given:",
    same(lstm(x, initial_state=[zeros, zeros])[0], output),
)
print(
    "LSTM initial_state=[h0, c0] changes the output:",
    not same(lstm(x, initial_state=[h0, c0])[0], output),
)
# The list takes the states in the order return_state gives them: h, c.
_, h3, c3 = lstm(x[:, :3])  # the first 3 steps
print(
    "  steps 1-3, then 4-6 from [h, c], equal all 6 steps:",
    same(lstm(x[:, 3:], initial_state=[h3, c3])[1], h),
)
print(
    "  ... from [c, h] instead:",
    same(lstm(x[:, 3:], initial_state=[c3, h3])[1], h),
)
gru = GRU(4, return_state=True)
print(
    "GRU initial_state=[h0] (its one state, h) equals initial_state=h0:",
    same(gru(x, initial_state=[h0])[0], gru(x, initial_state=h0)[0]),
)
print("LSTM given one state instead of two:")
error(lambda: lstm(x, initial_state=[h0]))
print("LSTM given three states:")
error(
    lambda: lstm(x, initial_state=[h0, c0, c0]),
    lambda: lstm(x, initial_state=[h0, c0]),
    "[h0, c0]",
)
print("LSTM given states of 3 units instead of 4:")
error(lambda: lstm(x, initial_state=[h0[:, :3], c0[:, :3]]))
print("LSTM given states for 1 sample instead of 2:")
h0_twice, c0_twice = np.repeat(h0[:1], 2, 0), np.repeat(c0[:1], 2, 0)
error(
    lambda: lstm(x, initial_state=[h0[:1], c0[:1]]),
    lambda: lstm(x, initial_state=[h0_twice, c0_twice]),
    "sample 1's state given to both",
)
# --8<-- [end:stateless]

# --8<-- [start:stateful]
stateful = LSTM(4, stateful=True, return_state=True)
first, _, _ = stateful(x, initial_state=[h0, c0])
# layer.states now holds where the first call ended; passed again,
# initial_state wins over it
second, h2, c2 = stateful(x, initial_state=[h0, c0])
print(
    "stateful LSTM given the same initial_state twice, same output:",
    same(first, second),
)
print(
    "  layer.states still written: equals the h, c returned:",
    same(stateful.states[0], h2) and same(stateful.states[1], c2),
)
third, _, _ = stateful(x)  # no initial_state: starts from layer.states
print(
    "  a call without initial_state starts from layer.states:",
    same(third, stateful(x, initial_state=[h2, c2])[0]),
)
# --8<-- [end:stateful]

# --8<-- [start:bidirectional]
bi = Bidirectional(LSTM(4, return_state=True))
fh, fc, bh, bc = (np.random.rand(2, 4).astype("float32") for _ in range(4))
# 4 tensors: the first half goes forward, the second half backward
output, *states = bi(x, initial_state=[fh, fc, bh, bc])
_, *forward = bi.forward_layer(x, initial_state=[fh, fc])
_, *backward = bi.backward_layer(x, initial_state=[bh, bc])
print(
    "Bidirectional(LSTM) initial_state=[fh, fc, bh, bc]:\n"
    "  forward layer starts from [fh, fc], backward from [bh, bc]:",
    all(same(a, b) for a, b in zip(states, forward + backward)),
)
print("Bidirectional(LSTM) given 2 states (forward [fh], backward [fc]):")
error(lambda: bi(x, initial_state=[fh, fc]))
bi_gru = Bidirectional(GRU(4, return_state=True))
output, *states = bi_gru(x, initial_state=[fh, bh])
_, forward_h = bi_gru.forward_layer(x, initial_state=[fh])
_, backward_h = bi_gru.backward_layer(x, initial_state=[bh])
print(
    "Bidirectional(GRU) initial_state=[fh, bh]:\n"
    "  forward layer starts from [fh], backward from [bh]:",
    same(states[0], forward_h) and same(states[1], backward_h),
)
# --8<-- [end:bidirectional]
